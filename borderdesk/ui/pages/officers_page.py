"""The administrator's page: the officers of the gate, new accounts, disable, new password."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from borderdesk.domain.officer import OfficerSummary, role_label
from borderdesk.i18n import N_, _
from borderdesk.services import officers
from borderdesk.ui import errors
from borderdesk.ui.administrators_login import run_administering
from borderdesk.ui.dialogs.officer_dialog import NewOfficerDialog, ResetPasswordDialog
from borderdesk.ui.models.kept_choice import RECORD_KEY_ROLE, keep_choice
from borderdesk.ui.pages.page import Page
from borderdesk.ui.session import UiSession

COLUMNS = (
    N_("Username"), N_("Full name"), N_("Role"), N_("Badge number"), N_("Active"),
    N_("Locked until"),
)


class OfficersPage(Page):
    """The table of officers with the administrator's actions on the selected one."""

    sig_loaded = Signal()
    """The table shows the officers as the database has them now."""

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.officers: list[OfficerSummary] = []
        try:
            self._zone = ZoneInfo(session.workstation.gate_timezone)
        except (KeyError, ValueError):
            self._zone = ZoneInfo("Asia/Ho_Chi_Minh")
        self.title_label = QLabel()
        self.title_label.setObjectName("page_title")
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self._kept = keep_choice(self.table)
        self.new_button = QPushButton()
        self.new_button.clicked.connect(self.on_new_officer)
        self.toggle_button = QPushButton()
        self.toggle_button.clicked.connect(self.on_toggle_active)
        self.reset_button = QPushButton()
        self.reset_button.clicked.connect(self.on_reset_password)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.toggle_button)
        buttons.addWidget(self.reset_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        self.retranslate_ui()
        self.refresh()

    # ---- Public API
    def retranslate_ui(self) -> None:
        """Set every text in the active language."""
        self.title_label.setText(_("Officers of the gate"))
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.new_button.setText(_("New officer…"))
        self.reset_button.setText(_("Reset password…"))
        self._fill()

    def refresh(self) -> None:
        """Reload the officers off the GUI thread."""
        db, actor = self.session.db, self.session.actor
        self.session.tasks.run(lambda: officers.list_officers(db, actor), self.on_loaded,
                               self.on_failed)

    def selected(self) -> OfficerSummary | None:
        """The officer of the selected row."""
        rows = {i.row() for i in self.table.selectedIndexes()}
        return self.officers[rows.pop()] if len(rows) == 1 else None

    def select_username(self, username: str) -> None:
        """Select the row of ``username``."""
        for row, officer in enumerate(self.officers):
            if officer.username == username:
                self.table.selectRow(row)

    # ---- Slots
    def on_loaded(self, summaries: list[OfficerSummary]) -> None:
        """Show the officers; the chosen officer stays chosen (``keep_choice``)."""
        self.officers = list(summaries)
        self._fill()
        self.sig_loaded.emit()

    def on_failed(self, error: BaseException) -> None:
        """Show why the list could not be loaded or changed."""
        errors.show_error(self, error)

    def on_new_officer(self) -> None:
        """Open the new-officer form; reload when an officer was created."""
        dialog = NewOfficerDialog(self.session, self)
        dialog.accepted.connect(self.refresh)
        dialog.open()
        self.new_officer_dialog = dialog

    def on_toggle_active(self) -> None:
        """Disable the selected officer, or enable them again."""
        officer = self.selected()
        if officer is None:
            return
        actor = self.session.actor
        run_administering(
            self.session, self,
            lambda database: officers.set_officer_active(database, actor, officer.officer_id,
                                                         not officer.active),
            lambda _summary: self.refresh(),
            self.on_failed,
        )

    def on_reset_password(self) -> None:
        """Open the new-password form for the selected officer."""
        officer = self.selected()
        if officer is None:
            return
        dialog = ResetPasswordDialog(self.session, officer, self)
        dialog.accepted.connect(self.refresh)
        dialog.open()
        self.reset_dialog = dialog

    # ---- Drawing
    def _fill(self) -> None:
        with self._kept.refilling():
            self.table.setRowCount(0)  # no row keeps another officer's selection
            self.table.setRowCount(len(self.officers))
            for row, officer in enumerate(self.officers):
                self._fill_row(row, officer)
        self._update_buttons()

    def _fill_row(self, row: int, officer: OfficerSummary) -> None:
        locked = (
            officer.locked_until.astimezone(self._zone).strftime("%d/%m/%Y %H:%M")
            if officer.locked_until else ""
        )
        cells = (
            officer.username, officer.full_name, role_label(officer.role),
            officer.badge_no, _("Yes") if officer.active else _("No"), locked,
        )
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if not officer.active:
                item.setForeground(Qt.GlobalColor.gray)
            if column == 0:
                item.setData(RECORD_KEY_ROLE, officer.officer_id)
            self.table.setItem(row, column, item)

    def _update_buttons(self) -> None:
        officer = self.selected()
        self.toggle_button.setEnabled(officer is not None)
        self.reset_button.setEnabled(officer is not None)
        if officer is not None and not officer.active:
            self.toggle_button.setText(_("Enable"))
        else:
            self.toggle_button.setText(_("Disable"))
