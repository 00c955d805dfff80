"""Changes of who is who from the window, with the administrators' database login when asked.

On a gate's server, officers, keys and workstations are written only with the
administrators' role (``storage.admin_login``). A change is tried with the
workstation's own login first; when the server wants the administrators'
login, a password box asks the administrator for it, and the change is made
again with it, on the write lane. The password is used for that change only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QInputDialog, QLabel, QLineEdit, QWidget

from borderdesk.errors import AdministratorLoginNeeded
from borderdesk.i18n import _
from borderdesk.storage.admin_login import administrators_role, as_administrators
from borderdesk.storage.engine import Database
from borderdesk.ui.session import UiSession

BOX_WIDTH = 460


class AdministratorsPasswordBox(QInputDialog):
    """Asks for the administrators' database password: shown as dots, kept for one change."""

    def __init__(self, reason: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Administrators' database login"))
        self.setLabelText(_("{reason}\n\nPassword of {role}:").format(
            reason=reason, role=administrators_role()))
        self.setTextEchoMode(QLineEdit.EchoMode.Password)
        self.setInputMode(QInputDialog.InputMode.TextInput)
        # The reason is a sentence or two: wrapped, it keeps the box a dialog's width.
        for label in self.findChildren(QLabel):
            label.setWordWrap(True)
        self.setFixedWidth(BOX_WIDTH)


def run_administering(
    session: UiSession,
    parent: QWidget,
    change: Callable[[Database], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
) -> None:
    """Make ``change`` on the write lane; ask for the administrators' login if the server wants it.

    Cancelling the password box reports the server's refusal to ``on_error``,
    so the officer reads why nothing changed.
    """
    db = session.db

    def refused(error: BaseException) -> None:
        if not isinstance(error, AdministratorLoginNeeded):
            on_error(error)
            return
        box = AdministratorsPasswordBox(str(error), parent)

        def typed(password: str) -> None:
            session.tasks.run(lambda: as_administrators(db, password, change),
                              on_done, on_error, write=True)

        box.textValueSelected.connect(typed)
        box.rejected.connect(lambda: on_error(error))
        box.finished.connect(box.deleteLater)
        box.open()

    session.tasks.run(lambda: change(db), on_done, refused, write=True)
