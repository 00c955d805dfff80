"""The decisions that close or free a crossing: release a hold, cancel the crossing.

The buttons show what the lifecycle allows this officer now
(``crossing_lifecycle.actions_open``); each decision asks for its reason, and
the dialog stays open with the refusal when another workstation got there first.
"""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from borderdesk.domain.crossing import CrossingAction, CrossingDetail
from borderdesk.errors import BorderDeskError
from borderdesk.i18n import _
from borderdesk.services import crossing_lifecycle
from borderdesk.ui.dialogs.reason_dialog import CrossingDecisionDialog
from borderdesk.ui.session import UiSession


class CrossingDecisions(QWidget):
    """Release hold… and Cancel crossing…, shown when the officer may take them now."""

    sig_decided = Signal(object)
    """A decision was recorded; carries the new ``CrossingDetail``."""

    def __init__(self, session: UiSession, crossing_id: UUID,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.crossing_id = crossing_id
        self.detail: CrossingDetail | None = None
        self.dialog: CrossingDecisionDialog | None = None
        self.release_button, self.cancel_button = QPushButton(), QPushButton()
        self.release_button.clicked.connect(
            lambda: self.open_decision(CrossingAction.RELEASE_HOLD))
        self.cancel_button.clicked.connect(lambda: self.open_decision(CrossingAction.CANCEL))
        self.note = QLabel()
        self.note.setWordWrap(True)
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 4, 6, 0)
        row.addWidget(self.note, 1)
        row.addWidget(self.release_button)
        row.addWidget(self.cancel_button)
        self.show_actions(frozenset())
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        """Every text of the bar in the active language."""
        self.release_button.setText(_("Release hold…"))
        self.cancel_button.setText(_("Cancel crossing…"))
        if self.dialog is not None:
            self.dialog.retranslate_ui()

    def reload(self, detail: CrossingDetail) -> None:
        """Ask the lifecycle what this officer may do now to the crossing shown."""
        self.detail = detail
        db, actor, crossing_id = self._session.db, self._session.actor, self.crossing_id
        self._session.tasks.run(lambda: crossing_lifecycle.actions_open(db, actor, crossing_id),
                                self.show_actions, self._failed)

    def show_actions(self, actions: frozenset[CrossingAction]) -> None:
        """Show the decisions the officer may take."""
        self.release_button.setVisible(CrossingAction.RELEASE_HOLD in actions)
        self.cancel_button.setVisible(CrossingAction.CANCEL in actions)
        self.setVisible(bool(actions & {CrossingAction.RELEASE_HOLD, CrossingAction.CANCEL})
                        or bool(self.note.text()))

    def open_decision(self, action: CrossingAction) -> None:
        """Ask for the reason of the decision."""
        reference = self.detail.reference if self.detail else ""
        dialog = CrossingDecisionDialog(action, reference, self)
        dialog.sig_submitted.connect(lambda: self._decide(dialog))
        dialog.rejected.connect(lambda: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()

    def _decide(self, dialog: CrossingDecisionDialog) -> None:
        db, actor, crossing_id = self._session.db, self._session.actor, self.crossing_id
        reason = dialog.reason_text()
        version = self.detail.version if self.detail else None
        decide: Callable[..., CrossingDetail] = (
            crossing_lifecycle.release_hold if dialog.action == CrossingAction.RELEASE_HOLD
            else crossing_lifecycle.cancel_crossing)
        self._session.tasks.run(
            lambda: decide(db, actor, crossing_id, reason, expected_version=version),
            lambda detail: self._decided(dialog, detail),
            lambda error: self._refused(dialog, error), write=True)

    def _decided(self, dialog: CrossingDecisionDialog, detail: CrossingDetail) -> None:
        dialog.accept()
        self.dialog = None
        self.detail = detail
        self.sig_decided.emit(detail)

    def _refused(self, dialog: CrossingDecisionDialog, error: BaseException) -> None:
        if isinstance(error, BorderDeskError):
            dialog.show_error(str(error))
            return
        dialog.reject()
        self._session.tasks.report(error)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, BorderDeskError):
            self.note.setText(str(error))
            self.setVisible(True)
            return
        self._session.tasks.report(error)
