"""The supervisor's selectivity page: hit rates and suggested factors per rule, officers and
their integrity figures, traders, overrides and random picks over a period.

The figures come from ``services.selectivity_stats``; applying a suggested
factor is a scoring-settings change with a reason, as on the scoring page.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from borderdesk.domain.crossing import Channel, label
from borderdesk.domain.findings import rule_title
from borderdesk.domain.selectivity_stats import (
    FactorSuggestion,
    SelectivityStats,
    outlier_measure_label,
    override_state_label,
)
from borderdesk.i18n import N_, _
from borderdesk.services.selectivity_stats import selectivity_stats
from borderdesk.ui import errors
from borderdesk.ui.dialogs.setting_dialog import SettingDialog
from borderdesk.ui.kit.figures_table import figures_table, fill_rows
from borderdesk.ui.kit.gate_time import gate_now, gate_zone
from borderdesk.ui.pages.page import Page
from borderdesk.ui.session import UiSession

DATE_FORMAT = "dd/MM/yyyy"
DAYS_SHOWN = 30
"""The period the page opens on: the last 30 days, today included."""
RULE_COLUMNS = (N_("Rule"), N_("Flagged"), N_("Inspected"), N_("Confirmed"), N_("Hit rate"),
                N_("Factor"), N_("Suggested"))
OFFICER_COLUMNS = (N_("Officer"), N_("Checks"), N_("Raised"), N_("Lowered"),
                   N_("Inspections"), N_("Found"), N_("Approvals"), N_("Refusals"))
INTEGRITY_COLUMNS = (N_("Officer"), N_("Day"), N_("Shift"), N_("Raised"), N_("Lowered"),
                     N_("Approvals"), N_("Red released without physical inspection"),
                     N_("Late handoffs"))
TRADER_COLUMNS = (N_("Trader"), N_("Tax code"), N_("Crossings"), N_("Inspected"),
                  N_("Violations"))
OVERRIDE_COLUMNS = (N_("Crossing"), N_("From"), N_("To"), N_("State"), N_("Asked by"),
                    N_("Decided by"), N_("Reason"))
CHANNEL_COLUMNS = (N_("Channel"), N_("Crossings"), N_("Inspected"), N_("Violations"))


def percent(value: float | None) -> str:
    """A share as a whole percentage; "—" when there is none."""
    return "—" if value is None else f"{value * 100:.0f} %"


def _channel(code: str) -> str:
    channels = {channel.value: channel for channel in Channel}
    return label(channels[code]) if code in channels else (code or "—")


class SelectivityPage(Page):
    """A period picker over tabs of figures; "Apply suggested factor…" on the rules tab."""

    sig_loaded = Signal()
    """The tables show the figures of the chosen period."""

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.stats: SelectivityStats | None = None
        self.dialog: SettingDialog | None = None
        self._zone = gate_zone(session.workstation.gate_timezone)
        self._build()
        self.retranslate_ui()
        self.refresh()

    def _build(self) -> None:
        self.title_label = QLabel()
        self.title_label.setObjectName("page_title")
        today = gate_now(self._zone).date()
        first = today - timedelta(days=DAYS_SHOWN - 1)
        self.from_label, self.to_label = QLabel(), QLabel()
        self.from_edit = QDateEdit(QDate(first.year, first.month, first.day))
        self.to_edit = QDateEdit(QDate(today.year, today.month, today.day))
        for caption, edit in ((self.from_label, self.from_edit), (self.to_label, self.to_edit)):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(DATE_FORMAT)
            caption.setBuddy(edit)
        self.show_button = QPushButton()
        self.show_button.setDefault(True)
        self.show_button.clicked.connect(self.refresh)
        picker = QHBoxLayout()
        for widget in (self.from_label, self.from_edit, self.to_label, self.to_edit,
                       self.show_button):
            picker.addWidget(widget)
        picker.addStretch(1)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)

        self.rules_table = figures_table(len(RULE_COLUMNS))
        self.rules_table.itemSelectionChanged.connect(self._update_buttons)
        self.apply_button = QPushButton()
        self.apply_button.clicked.connect(self.on_apply_factor)
        self.rules_note = QLabel()
        self.rules_note.setWordWrap(True)
        self.channels_table = figures_table(len(CHANNEL_COLUMNS))
        self.channels_table.setMaximumHeight(130)
        rules_tab = QWidget()
        rules_layout = QVBoxLayout(rules_tab)
        apply_row = QHBoxLayout()
        apply_row.addWidget(self.apply_button)
        apply_row.addWidget(self.rules_note, 1)
        rules_layout.addLayout(apply_row)
        rules_layout.addWidget(self.rules_table, 1)
        rules_layout.addWidget(self.channels_table)

        self.officers_table = figures_table(len(OFFICER_COLUMNS))
        self.integrity_label = QLabel()
        self.outliers_label = QLabel()
        self.outliers_label.setWordWrap(True)
        self.outliers_label.setObjectName("selectivity_outliers")
        self.integrity_table = figures_table(len(INTEGRITY_COLUMNS))
        officers_tab = QWidget()
        officers_layout = QVBoxLayout(officers_tab)
        officers_layout.addWidget(self.officers_table, 1)
        officers_layout.addWidget(self.integrity_label)
        officers_layout.addWidget(self.outliers_label)
        officers_layout.addWidget(self.integrity_table, 1)

        self.traders_table = figures_table(len(TRADER_COLUMNS))
        self.overrides_table = figures_table(len(OVERRIDE_COLUMNS))
        self.random_label = QLabel()
        self.random_label.setWordWrap(True)
        random_tab = QWidget()
        random_layout = QVBoxLayout(random_tab)
        random_layout.addWidget(self.random_label)
        random_layout.addStretch(1)

        self.tabs = QTabWidget()
        for tab in (rules_tab, officers_tab, self.traders_table, self.overrides_table,
                    random_tab):
            self.tabs.addTab(tab, "")
        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addLayout(picker)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.tabs, 1)

    # ---- Public API
    def retranslate_ui(self) -> None:
        """Set every text in the active language."""
        self.title_label.setText(_("Selectivity and integrity"))
        self.from_label.setText(_("&From:"))
        self.to_label.setText(_("&To:"))
        self.show_button.setText(_("&Show"))
        self.apply_button.setText(_("Apply suggested factor…"))
        self.integrity_label.setText(_("Integrity per officer and shift"))
        for index, title in enumerate((_("Rules"), _("Officers"), _("Traders"),
                                       _("Overrides"), _("Random picks"))):
            self.tabs.setTabText(index, title)
        for table, columns in ((self.rules_table, RULE_COLUMNS),
                               (self.channels_table, CHANNEL_COLUMNS),
                               (self.officers_table, OFFICER_COLUMNS),
                               (self.integrity_table, INTEGRITY_COLUMNS),
                               (self.traders_table, TRADER_COLUMNS),
                               (self.overrides_table, OVERRIDE_COLUMNS)):
            table.setHorizontalHeaderLabels([_(c) for c in columns])
        self._show()

    def period(self) -> tuple[date, date]:
        """The first and last day chosen."""
        first, last = self.from_edit.date(), self.to_edit.date()
        return (date(first.year(), first.month(), first.day()),
                date(last.year(), last.month(), last.day()))

    def refresh(self) -> None:
        """Count the chosen period off the GUI thread."""
        db, actor = self.session.db, self.session.actor
        first, last = self.period()
        self.show_button.setEnabled(False)
        self.session.tasks.run(lambda: selectivity_stats(db, actor, first, last),
                               self.on_loaded, self.on_failed)

    def selected_suggestion(self) -> FactorSuggestion | None:
        """The suggestion of the selected rule, when there is one to apply."""
        rows = {index.row() for index in self.rules_table.selectedIndexes()}
        if self.stats is None or len(rows) != 1:
            return None
        suggestion = self.stats.suggestions[rows.pop()]
        if suggestion.suggested is None or suggestion.suggested == suggestion.current:
            return None
        return suggestion

    def select_rule(self, rule: str) -> None:
        """Select the row of ``rule``."""
        if self.stats is not None:
            for row, stats in enumerate(self.stats.rules):
                if stats.rule == rule:
                    self.rules_table.selectRow(row)

    # ---- Slots
    def on_loaded(self, stats: SelectivityStats) -> None:
        """Show the figures of the period."""
        self.stats = stats
        self.show_button.setEnabled(True)
        self._show()
        self.sig_loaded.emit()

    def on_failed(self, error: BaseException) -> None:
        """Say why the figures could not be counted."""
        self.show_button.setEnabled(True)
        errors.show_error(self, error)

    def on_apply_factor(self) -> None:
        """Ask for the reason to set the selected rule's factor to the suggested one."""
        suggestion = self.selected_suggestion()
        if suggestion is None:
            return
        key = f"rule_factors.{suggestion.rule}"
        dialog = SettingDialog(self.session, key, str(suggestion.current), self)
        dialog.value.setText(str(suggestion.suggested))
        dialog.sig_changed.connect(lambda _version: self.refresh())
        dialog.open()
        self.dialog = dialog

    # ---- Helpers
    def _show(self) -> None:
        stats = self.stats
        if stats is None:
            self.summary_label.setText(_("Counting…"))
            self._update_buttons()
            return
        self.summary_label.setText(_(
            "{first} to {last}: {crossings} crossings, {inspected} inspected, {violations} "
            "found at fault ({rate}). A rule's hit rate is confirmed over inspected."
        ).format(first=stats.first_day.strftime("%d/%m/%Y"),
                 last=stats.last_day.strftime("%d/%m/%Y"), crossings=stats.crossings,
                 inspected=stats.inspected, violations=stats.violations,
                 rate=percent(stats.gate_rate)))
        by_rule = {s.rule: s for s in stats.suggestions}
        fill_rows(self.rules_table, [
            [f"{rule_title(r.rule)} ({r.rule})", str(r.flagged), str(r.inspected),
             str(r.confirmed), percent(r.hit_rate),
             str(by_rule[r.rule].current), str(by_rule[r.rule].suggested or "—")]
            for r in stats.rules])
        self.rules_note.setText(_(
            "Suggested: the factor times the rule's hit rate over the gate's ({rate}), once a "
            "rule has {n} inspections. Nothing changes until a supervisor applies it."
        ).format(rate=percent(stats.gate_rate), n=stats.min_inspections))
        fill_rows(self.channels_table, [[_channel(c.channel), str(c.crossings), str(c.inspected),
                                     str(c.violations)] for c in stats.channels])
        fill_rows(self.officers_table, [
            [o.name, str(o.checks), str(o.overrides_up), str(o.overrides_down),
             str(o.inspections), str(o.inspections_found), str(o.approvals), str(o.refusals)]
            for o in stats.officers])
        fill_rows(self.integrity_table, [
            [i.name, i.day.strftime("%d/%m/%Y"), i.shift, str(i.overrides_up),
             str(i.overrides_down), str(i.approvals), str(i.red_released_uninspected),
             str(i.late_handoffs)] for i in stats.integrity])
        self.outliers_label.setText("\n".join(
            _("Stands out: {name}, {measure}: {count} (the other officers: {average} on "
              "average)").format(name=o.name, measure=outlier_measure_label(o.measure),
                                 count=o.count, average=f"{o.others_average:.1f}")
            for o in stats.outliers))
        self.outliers_label.setVisible(bool(stats.outliers))
        fill_rows(self.traders_table, [[t.name, t.tax_code, str(t.crossings), str(t.inspected),
                                    str(t.violations)] for t in stats.traders])
        fill_rows(self.overrides_table, [
            [o.reference, _channel(o.from_channel), _channel(o.to_channel),
             override_state_label(o.state), o.asked_by, o.decided_by, o.reason]
            for o in stats.overrides])
        random = stats.random
        self.random_label.setText(_(
            "Random picks: {picks} ({yellow} yellow, {red} red); {inspected} inspected, "
            "{violations} found at fault ({rate}).\n\nThe rules did not send these crossings: "
            "what their inspections find estimates the violations the rules do not see."
        ).format(picks=random.picks, yellow=random.yellow, red=random.red,
                 inspected=random.inspected, violations=random.violations,
                 rate=percent(random.violation_rate)))
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.apply_button.setEnabled(self.selected_suggestion() is not None)
