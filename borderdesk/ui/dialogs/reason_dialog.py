"""The one dialog that asks why before a decision is recorded, and its family.

``ReasonDialog`` is the frame; each decision that needs a reason is a small
subclass here: withdrawing a watch-list entry, settling an offline conflict,
a supervisor's answer to a lowered channel, releasing a hold or cancelling a
crossing.

A slip of the Enter key must never record a decision without its reason: OK,
the default button, stays disabled until a reason is written (and until
``ready`` says the rest of the decision is there), and the reason is a
multi-line field in which Enter starts a new line.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from borderdesk.domain.crossing import CrossingAction, label
from borderdesk.domain.offline import QueuedSaveView
from borderdesk.i18n import _
from borderdesk.services.overrides import PendingOverride
from borderdesk.ui.dialogs.form_parts import error_line, ok_cancel
from borderdesk.ui.models.offline_models import record_text


class ReasonDialog(QDialog):
    """A heading, the subclass's own fields, the reason, a line for refusals, OK / Cancel.

    Subclasses add their fields to ``fields``, set the texts in ``retranslate_ui``
    with ``set_texts`` and widen ``ready`` / ``missing`` for what else OK needs.
    With ``keep_open`` OK emits ``sig_submitted`` and the dialog stays open until the
    page closes it, so that a refusal is shown in it and nothing typed is lost;
    otherwise OK accepts.
    """

    sig_submitted = Signal()
    """OK with everything there (``keep_open`` dialogs): the page records the decision."""

    def __init__(self, parent: QWidget | None = None, *, keep_open: bool = False) -> None:
        super().__init__(parent)
        self._keep_open = keep_open
        self._missing_reason = ""
        self._telling_missing = False
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.hide()
        self.fields = QVBoxLayout()
        self.caption = QLabel()
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setMinimumHeight(72)
        self.caption.setBuddy(self.reason)
        self.error = error_line()
        self.buttons = ok_cancel(self, self.on_ok)
        self.reason.textChanged.connect(self.update_ok)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(self.fields)
        layout.addWidget(self.caption)
        layout.addWidget(self.reason, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)
        self.reason.setFocus()

    # ---- Public API
    @property
    def ok_button(self) -> QPushButton:
        """The button that records the decision."""
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def set_texts(self, *, title: str, caption: str, ok: str, missing_reason: str,
                  heading: str = "") -> None:
        """The dialog's texts, already translated (subclasses call it from ``retranslate_ui``)."""
        self.setWindowTitle(title)
        self.heading.setText(heading)
        self.heading.setVisible(bool(heading))
        self.caption.setText(caption)
        self.ok_button.setText(ok)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self._missing_reason = missing_reason
        self.update_ok()

    def reason_text(self) -> str:
        """The reason written, trimmed."""
        return self.reason.toPlainText().strip()

    def ready(self) -> bool:
        """Whether OK may record the decision."""
        return bool(self.reason_text())

    def missing(self) -> str:
        """What OK still waits for ("" when nothing)."""
        return "" if self.reason_text() else self._missing_reason

    def show_error(self, text: str) -> None:
        """Say why the decision was refused; the dialog stays open for another try."""
        self.error.setText(text)
        self.error.show()
        self._telling_missing = False
        self.buttons.setEnabled(True)
        self.update_ok()

    # ---- Slots
    def update_ok(self) -> None:
        """OK only when ``ready``; the error line goes once what it asked for is there."""
        ready = self.ready()
        self.ok_button.setEnabled(ready)
        if ready and self._telling_missing:
            self.error.hide()

    def on_ok(self) -> None:
        """Record only what is complete (OK is disabled otherwise; this is the last guard)."""
        missing = self.missing()
        if missing or not self.ready():
            self.error.setText(missing or self._missing_reason)
            self.error.show()
            self._telling_missing = True
            self.reason.setFocus()
            return
        self.error.hide()
        if self._keep_open:
            self.buttons.setEnabled(False)  # until the page answers
            self.sig_submitted.emit()
            return
        self.accept()


class WithdrawDialog(ReasonDialog):
    """Asks the reason for withdrawing an entry; OK waits for it."""

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.what = what
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        """Every text of the dialog in the active language."""
        self.set_texts(title=_("Withdraw the entry"),
                       caption=_("Why is {entry} withdrawn? (required)").format(entry=self.what),
                       ok=_("Withdraw"), missing_reason=_("Write why the entry is withdrawn."))


class SettleDialog(ReasonDialog):
    """Write what was done about a conflict; OK waits for the note.

    The dialog stays open until the page says the conflict is settled, so a
    refusal is shown in it and the note is not lost.
    """

    def __init__(self, save: QueuedSaveView, parent: QWidget | None = None) -> None:
        super().__init__(parent, keep_open=True)
        self.save = save
        self.note = self.reason
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        """Every text of the dialog in the active language."""
        self.set_texts(
            title=_("Settle conflict"),
            heading=_("{what} ({record}) was refused by the server.").format(
                what=self.save.what, record=record_text(self.save.entity, self.save.entity_id)),
            caption=_("&What was done about it (required; kept in the audit trail)"),
            ok=_("Settle"), missing_reason=_("Write what was done about the conflict."))

    def note_text(self) -> str:
        """The note written, trimmed."""
        return self.reason_text()


class OverrideDecisionDialog(ReasonDialog):
    """Approve (a reason optional) or refuse (a reason needed) one lowered channel."""

    def __init__(self, item: PendingOverride, approve: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, keep_open=True)
        self.item, self.approve = item, approve
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        """Texts in the active language."""
        item = self.item
        heading = _("{reference} ({plate}): from {old} to {new}, asked by {officer}: "
                    "{reason}").format(reference=item.reference, plate=item.plate,
                                       old=label(item.from_channel).lower(),
                                       new=label(item.channel).lower(),
                                       officer=item.asked_by, reason=item.reason)
        if self.approve:
            self.set_texts(title=_("Approve the lower channel"),
                           caption=_("Note (optional, kept in the audit trail):"),
                           ok=_("Approve"), missing_reason="", heading=heading)
        else:
            self.set_texts(title=_("Refuse the lower channel"),
                           caption=_("Why is it refused? (kept in the audit trail)"),
                           ok=_("Refuse"),
                           missing_reason=_("Write why the lower channel is refused."),
                           heading=heading)

    def ready(self) -> bool:
        """Approving needs no reason; refusing does."""
        return self.approve or super().ready()

    def missing(self) -> str:
        """What OK still waits for."""
        return "" if self.approve else super().missing()


class CrossingDecisionDialog(ReasonDialog):
    """Why the hold is released, or why the crossing is cancelled."""

    def __init__(self, action: CrossingAction, reference: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, keep_open=True)
        self.action, self.reference = action, reference
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        """Every text of the dialog in the active language."""
        if self.action == CrossingAction.RELEASE_HOLD:
            self.set_texts(
                title=_("Release hold — {reference}").format(reference=self.reference),
                heading=_("The truck may leave the gate. Seized goods stay seized."),
                caption=_("&Why the hold is released (required; kept in the audit trail)"),
                ok=_("Release"), missing_reason=_("Write why the hold is released."))
        else:
            self.set_texts(
                title=_("Cancel crossing — {reference}").format(reference=self.reference),
                heading=_("A cancelled crossing is closed for good."),
                caption=_("&Why the crossing is cancelled (required; kept in the audit trail)"),
                ok=_("Cancel crossing"), missing_reason=_("Write why the crossing is cancelled."))
