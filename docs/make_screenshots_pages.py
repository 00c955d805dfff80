"""Render the queue, the arrival form and a crossing of the demo gate to docs/screenshots/.

Run from the project folder: ``.venv/bin/python docs/make_screenshots_pages.py``.
Everything happens offscreen on a throw-away demo database; nothing of the
user's own data is read or written.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HOME = tempfile.mkdtemp(prefix="borderdesk-shots-")
os.environ["BORDERDESK_HOME"] = HOME
os.environ.pop("BORDERDESK_DB_URL", None)

from PySide6.QtCore import QSize  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from borderdesk import i18n  # noqa: E402
from borderdesk.config import default_settings, with_changes  # noqa: E402
from borderdesk.domain.crossing import Channel, CrossingStatus  # noqa: E402
from borderdesk.services import auth, demo, workstations  # noqa: E402
from borderdesk.storage.engine import Database  # noqa: E402
from borderdesk.storage.migrate import upgrade  # noqa: E402
from borderdesk.ui.session import UiSession  # noqa: E402
from borderdesk.ui.tasks import TaskRunner  # noqa: E402
from borderdesk.ui.widgets.arrival_page import ArrivalPage  # noqa: E402
from borderdesk.ui.widgets.crossing_view import CrossingView  # noqa: E402
from borderdesk.ui.widgets.queue_page import QueuePage  # noqa: E402

OUT = Path(__file__).resolve().parent / "screenshots"
SIZE = QSize(1280, 800)


def settle(app: QApplication, tasks: TaskRunner, done: Callable[[], bool]) -> None:
    """Let background queries finish and the widgets update until ``done()``."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        tasks.wait_for_done()
        app.processEvents()
        if done():
            app.processEvents()
            return
    raise SystemExit("the page did not finish loading")


def shoot(widget: QWidget, name: str) -> None:
    """Save what the widget shows as ``docs/screenshots/<name>.png``."""
    OUT.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(OUT / f"{name}.png"))
    print(OUT / f"{name}.png")


def main() -> int:
    """Seed a demo gate, render every page, write the PNGs."""
    app = QApplication(sys.argv[:1])
    i18n.set_language("en")
    db = Database(f"sqlite:///{Path(HOME) / 'demo.sqlite3'}")
    upgrade(db)
    settings = with_changes(default_settings(), workstation_name="BD-BOOTH-1", language="en")
    demo.seed_demo(db, settings)
    workstation = workstations.attach_workstation(db, settings)
    tasks = TaskRunner()

    def session_of(username: str) -> UiSession:
        actor = auth.log_in(db, workstation, username, "laobao2026")
        return UiSession(db=db, settings=settings, workstation=workstation, actor=actor,
                         tasks=tasks)

    guard = session_of("guard1")
    queue = QueuePage(guard)
    queue.resize(SIZE)
    queue.show()
    settle(app, tasks, lambda: queue.model.marker is not None and not queue.model.loading)
    queue.table.selectRow(2)
    shoot(queue, "queue-en")
    i18n.set_language("vi")
    queue.retranslate_ui()
    queue.refresh()
    settle(app, tasks, lambda: not queue.model.loading)
    shoot(queue, "queue-vi")
    i18n.set_language("en")

    arrival = ArrivalPage(guard)
    arrival.resize(SIZE)
    arrival.show()
    arrival.tractor_plate.setText("74C-385.21")
    arrival.trailer_plate.setText("74R-011.96")
    arrival.containers[0][0].setText("CSQU3054384")  # the check digit should be 3
    arrival.containers[0][1].setText("VN2611842")
    arrival.driver_name.setText("Hồ Văn Lực")
    arrival.driver_document_no.setText("045089001234")
    arrival.carrier_name.setText("Công ty TNHH Vận tải Quảng Trị")
    arrival.save()
    settle(app, tasks, arrival.banner.isVisible)
    shoot(arrival, "arrival-en")

    richest = max(
        (queue.model.row_at(r) for r in range(queue.model.rowCount())),
        key=lambda row: (row.channel == Channel.RED, row.status == CrossingStatus.RELEASED),
    )
    view = CrossingView(session_of("customs1"), richest.crossing_id)
    view.resize(QSize(960, 800))
    view.show()
    settle(app, tasks, lambda: view.detail is not None)
    shoot(view, "crossing-en")
    tasks.wait_for_done()
    db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
