"""Render the screenshots shown in the README (offscreen, no display needed).

Run from the project folder: ``.venv/bin/python docs/make_screenshots.py``.
Writes ``docs/screenshots/login-en.png`` and ``login-vi.png``; extend
``SHOTS`` for more windows.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
OUT = Path(__file__).resolve().parent / "screenshots"


def _login_dialog(language: str) -> object:
    from borderdesk.config import load_settings, with_changes
    from borderdesk.services.workstations import attach_workstation, create_gate
    from borderdesk.storage.engine import Database
    from borderdesk.storage.migrate import upgrade
    from borderdesk.ui.dialogs.login_dialog import LoginDialog
    from borderdesk.ui.tasks import TaskRunner
    from borderdesk.ui.translation import apply_language

    apply_language(language)
    settings = with_changes(load_settings(), workstation_name="LAOBAO-LANE-1", language=language)
    db = Database(f"sqlite:///{os.environ['BORDERDESK_HOME']}/shots.sqlite3")
    upgrade(db)
    create_gate(db, "LAOBAO", "Cửa khẩu Quốc tế Lao Bảo", lanes=("1", "2", "3", "4", "5", "6"))
    workstation = attach_workstation(db, settings)
    dialog = LoginDialog(db, settings, workstation, TaskRunner())
    dialog.username_edit.setText("guard1")
    return dialog


SHOTS: dict[str, Callable[[], object]] = {
    "login-en.png": lambda: _login_dialog("en"),
    "login-vi.png": lambda: _login_dialog("vi"),
}


def main() -> int:
    """Write every screenshot of ``SHOTS``."""
    os.environ["BORDERDESK_HOME"] = tempfile.mkdtemp(prefix="borderdesk-shots-")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from PySide6.QtWidgets import QApplication, QLineEdit

    app = QApplication.instance() or QApplication(sys.argv[:1])
    OUT.mkdir(parents=True, exist_ok=True)
    for name, make in SHOTS.items():
        widget = make()
        widget.show()  # type: ignore[attr-defined]
        app.processEvents()
        for edit in widget.findChildren(QLineEdit):  # type: ignore[attr-defined]
            edit.deselect()
        widget.grab().save(str(OUT / name))  # type: ignore[attr-defined]
        widget.close()  # type: ignore[attr-defined]
        print(OUT / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
