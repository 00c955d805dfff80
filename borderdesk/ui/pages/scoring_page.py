"""The supervisor's page of scoring settings: every key in force, a change with its reason,
and the history of versions (who changed what, when and why)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from borderdesk.i18n import N_, _
from borderdesk.rules.setting_keys import meaning
from borderdesk.services import scoring_settings
from borderdesk.services.scoring_settings import SettingsVersion, shown_value
from borderdesk.ui import errors
from borderdesk.ui.dialogs.setting_dialog import SettingDialog
from borderdesk.ui.kit.figures_table import figures_table, fill_rows
from borderdesk.ui.kit.gate_time import gate_zone
from borderdesk.ui.pages.page import Page
from borderdesk.ui.session import UiSession

SETTING_COLUMNS = (N_("Setting"), N_("Value"), N_("What it does"))
HISTORY_COLUMNS = (N_("Version"), N_("When"), N_("Setting"), N_("Value"), N_("Officer"),
                   N_("Reason"))


class ScoringPage(Page):
    """The settings in force and their history; "Change…" edits the selected key."""

    sig_loaded = Signal()
    """The page shows the settings as the database has them now."""

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.versions: list[SettingsVersion] = []
        self._zone = gate_zone(session.workstation.gate_timezone)
        self.title_label = QLabel()
        self.title_label.setObjectName("page_title")
        self.version_label = QLabel()
        self.version_label.setWordWrap(True)
        self.settings_table = figures_table(len(SETTING_COLUMNS))
        self.settings_table.itemSelectionChanged.connect(self._update_buttons)
        self.settings_table.itemDoubleClicked.connect(lambda _item: self.on_change())
        self.history_label = QLabel()
        self.history_table = figures_table(len(HISTORY_COLUMNS))
        self.change_button = QPushButton()
        self.change_button.clicked.connect(self.on_change)
        buttons = QHBoxLayout()
        buttons.addWidget(self.change_button)
        buttons.addStretch(1)
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addLayout(buttons)
        upper_layout.addWidget(self.settings_table)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.history_label)
        lower_layout.addWidget(self.history_table)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(upper)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.version_label)
        layout.addWidget(splitter, 1)
        self.dialog: SettingDialog | None = None
        self.retranslate_ui()
        self.refresh()

    # ---- Public API
    def retranslate_ui(self) -> None:
        """Set every text in the active language."""
        self.title_label.setText(_("Scoring settings"))
        self.history_label.setText(_("Versions, newest first"))
        self.settings_table.setHorizontalHeaderLabels([_(c) for c in SETTING_COLUMNS])
        self.history_table.setHorizontalHeaderLabels([_(c) for c in HISTORY_COLUMNS])
        self.change_button.setText(_("Change…"))
        self._show()

    def refresh(self) -> None:
        """Reload the settings and their versions off the GUI thread."""
        db, actor = self.session.db, self.session.actor
        self.session.tasks.run(lambda: scoring_settings.settings_history(db, actor),
                               self.on_loaded, self.on_failed)

    def selected_key(self) -> str | None:
        """The dotted key of the selected row."""
        rows = {index.row() for index in self.settings_table.selectedIndexes()}
        if len(rows) != 1 or not self.versions:
            return None
        return self.versions[0].values[rows.pop()][0]

    def select_key(self, key: str) -> None:
        """Select the row of ``key``."""
        if self.versions:
            for row, (name, _value) in enumerate(self.versions[0].values):
                if name == key:
                    self.settings_table.selectRow(row)

    # ---- Slots
    def on_loaded(self, versions: list[SettingsVersion]) -> None:
        """Show the versions; the selected key stays selected."""
        kept = self.selected_key()
        self.versions = list(versions)
        self._show()
        if kept:
            self.select_key(kept)
        self.sig_loaded.emit()

    def on_failed(self, error: BaseException) -> None:
        """Show why the settings could not be read."""
        errors.show_error(self, error)

    def on_change(self) -> None:
        """Ask for the selected key's new value and the reason."""
        key = self.selected_key()
        if key is None or not self.versions:
            return
        current = self.versions[0]
        dialog = SettingDialog(self.session, key, shown_value(current.value(key)), self,
                               expected_version=current.version)
        dialog.sig_changed.connect(lambda _version: self.refresh())
        dialog.open()
        self.dialog = dialog

    # ---- Helpers
    def _show(self) -> None:
        if not self.versions:
            self.version_label.setText("")
            fill_rows(self.settings_table, [])
            fill_rows(self.history_table, [])
            self._update_buttons()
            return
        current = self.versions[0]
        if current.changed_key:
            said = _("Version {version}, in force since {when}: {officer} set {key} "
                     "({reason}).").format(version=current.version, when=self._when(current),
                                           officer=current.officer, key=current.changed_key,
                                           reason=current.reason)
        else:
            said = _("Version {version}: the gate's starting settings, in force since "
                     "{when}.").format(version=current.version, when=self._when(current))
        self.version_label.setText(said)
        fill_rows(self.settings_table, [[key, shown_value(value), meaning(key)]
                                    for key, value in current.values])
        fill_rows(self.history_table, [
            [str(v.version), self._when(v), v.changed_key or _("(the gate's starting settings)"),
             shown_value(v.value(v.changed_key)) if v.changed_key else "", v.officer, v.reason]
            for v in self.versions])
        self._update_buttons()

    def _when(self, version: SettingsVersion) -> str:
        return version.at.astimezone(self._zone).strftime("%d/%m/%Y %H:%M")

    def _update_buttons(self) -> None:
        self.change_button.setEnabled(self.selected_key() is not None)
