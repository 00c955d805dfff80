"""The officer's override of a crossing's channel: another channel and a written reason."""

from __future__ import annotations

from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QRadioButton, QWidget

from borderdesk.domain.crossing import Channel, label
from borderdesk.i18n import _
from borderdesk.ui.dialogs.reason_dialog import ReasonDialog


class OverrideDialog(ReasonDialog):
    """Choose another channel and write why.

    No channel is chosen when it opens (one slip must not turn a red lorry green),
    the channel in force is not offered, and OK waits for a channel and a reason.
    """

    def __init__(self, current: Channel | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.current = current
        self.channel_caption = QLabel()
        self.channel_group = QButtonGroup(self)
        self.channel_buttons: dict[Channel, QRadioButton] = {}
        row = QHBoxLayout()
        for channel in Channel:
            if channel == current:
                continue
            button = QRadioButton()
            self.channel_group.addButton(button)
            self.channel_buttons[channel] = button
            row.addWidget(button)
        row.addStretch(1)
        self.channel_group.buttonToggled.connect(lambda *_a: self.update_ok())
        self.fields.addWidget(self.channel_caption)
        self.fields.addLayout(row)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        """Every text of the dialog in the active language."""
        heading = (_("The channel in force is {channel}. A higher channel is in force at "
                     "once; a lower one waits for a supervisor's approval.").format(
                         channel=label(self.current))
                   if self.current is not None else "")
        self.set_texts(title=_("Override channel"),
                       heading=heading,
                       caption=_("&Reason (required; kept in the audit trail)"),
                       ok=_("Override"),
                       missing_reason=_("Write why the channel is overridden."))
        self.channel_caption.setText(_("New channel"))
        for channel, button in self.channel_buttons.items():
            button.setText(label(channel))

    def chosen_channel(self) -> Channel | None:
        """The channel chosen, None before the officer chose one."""
        return next((c for c, b in self.channel_buttons.items() if b.isChecked()), None)

    def ready(self) -> bool:
        return self.chosen_channel() is not None and super().ready()

    def missing(self) -> str:
        if self.chosen_channel() is None:
            return _("Choose the new channel.")
        return super().missing()
