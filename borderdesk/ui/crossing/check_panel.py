"""The cross-check of one crossing: run it, see the channel, and see why.

A big channel badge with the score, the findings (each with the points it
added), and the declared and manifest lines side by side with the cells the
findings are about marked. Clicking a finding selects the lines behind it.
An officer may override the channel, only with a written reason; a lower
channel waits for a supervisor's approval, and the panel says so meanwhile.
"""

from __future__ import annotations

import logging
from uuid import UUID

from PySide6.QtCore import (
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from borderdesk.access.permissions import Action
from borderdesk.domain.crossing import Channel, label
from borderdesk.errors import BorderDeskError
from borderdesk.i18n import _, ngettext
from borderdesk.services import checks, overrides
from borderdesk.services.check_records import CheckRecord
from borderdesk.services.overrides import OverrideResult
from borderdesk.ui.dialogs.override_dialog import OverrideDialog
from borderdesk.ui.kit.form_fields import repolish
from borderdesk.ui.kit.gate_time import full_time_text, gate_zone
from borderdesk.ui.models.findings_model import Column as FindingColumn
from borderdesk.ui.models.findings_model import FindingsModel
from borderdesk.ui.models.kept_choice import keep_choice
from borderdesk.ui.models.lines_compare_model import SIDE_WIDTH, Column, LinesCompareModel
from borderdesk.ui.models.queue_model import CHANNEL_COLOURS
from borderdesk.ui.session import UiSession

log = logging.getLogger("borderdesk.ui")


class _OutlinedSelection(QStyledItemDelegate):
    """Draws a selected row outlined, so that its marked cells keep their colour."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        plain = QStyleOptionViewItem(option)
        plain.state &= ~QStyle.StateFlag.State_Selected
        super().paint(painter, plain, index)
        if selected:
            painter.save()
            painter.setPen(QPen(QColor("#1f5f8b"), 3))
            rect = option.rect.adjusted(0, 1, 0, -2)
            painter.drawLine(rect.topLeft(), rect.topRight())
            painter.drawLine(rect.bottomLeft(), rect.bottomRight())
            painter.restore()


class CheckPanel(QWidget):
    """Runs ``services.checks.run_check`` and shows its latest result."""

    sig_checked = Signal(object)
    """A check ran (or the latest was loaded); carries the ``CheckRecord``."""
    sig_loaded = Signal(object)
    """The latest check was loaded; carries the ``CheckRecord``, None when none ran yet."""
    sig_overridden = Signal(object)
    """The channel was overridden (or a lower one asked for); carries the ``Channel`` in
    force."""

    def __init__(self, session: UiSession, crossing_id: UUID,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._zone = gate_zone(session.workstation.gate_timezone)
        self.crossing_id = crossing_id
        self.record: CheckRecord | None = None
        """The ``CheckRecord`` shown, None before the first check."""
        self.override_text = ""
        self.request_text = ""
        """The lower channel asked for and not in force: waiting, refused or passed by."""
        self.overridden: Channel | None = None
        """The channel an officer overrode the result to, None when not overridden."""
        self.override_dialog: OverrideDialog | None = None
        self._running = False
        self.findings_model = FindingsModel(self)
        self.lines_model = LinesCompareModel(self)
        self._build()
        self.retranslate_ui()
        self.reload()

    # ---- Construction
    def _build(self) -> None:
        self.badge = QLabel()
        self.badge.setObjectName("channel_badge")
        self.summary = QLabel()
        self.summary.setObjectName("check_summary")
        self.summary.setWordWrap(True)
        self.override_label = QLabel()
        self.override_label.setObjectName("check_override")
        self.override_label.setWordWrap(True)
        self.override_label.hide()
        self.request_label = QLabel()
        self.request_label.setObjectName("check_request")
        self.request_label.setWordWrap(True)
        self.request_label.hide()
        self.message = QLabel()
        self.message.setObjectName("check_error")
        self.message.setWordWrap(True)
        self.message.hide()
        self.run_button, self.override_button = QPushButton(), QPushButton()
        self.run_button.clicked.connect(self.run_check)
        self.override_button.clicked.connect(self.open_override)
        may_check = self._session.may(Action.RUN_CHECK)
        self.run_button.setVisible(may_check)
        self.override_button.setVisible(may_check)
        self.override_button.setEnabled(False)

        texts = QVBoxLayout()
        texts.addWidget(self.summary)
        texts.addWidget(self.override_label)
        texts.addWidget(self.request_label)
        texts.addWidget(self.message)
        texts.addStretch(1)
        buttons = QVBoxLayout()
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.override_button)
        buttons.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(texts, 1)
        top.addLayout(buttons)

        self.findings_view = QTableView()
        self.findings_view.setModel(self.findings_model)
        self.findings_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.findings_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.findings_view.setWordWrap(True)
        self.findings_view.verticalHeader().hide()
        header = self.findings_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(FindingColumn.MESSAGE, QHeaderView.ResizeMode.Stretch)
        self.findings_view.selectionModel().currentRowChanged.connect(self.on_finding_chosen)
        keep_choice(self.findings_view)
        self.findings_view.clicked.connect(self.on_finding_chosen)

        self.lines_view = QTableView()
        self.lines_view.setModel(self.lines_model)
        self.lines_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.lines_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.lines_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.lines_view.verticalHeader().hide()
        # One line a row, descriptions elided: three lines compared in a short window.
        self.lines_view.setWordWrap(False)
        self.lines_view.verticalHeader().setDefaultSectionSize(
            self.lines_view.fontMetrics().height() + 8)
        self.lines_view.setItemDelegate(_OutlinedSelection(self.lines_view))
        lines_header = self.lines_view.horizontalHeader()
        lines_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in (Column.D_DESCRIPTION, Column.M_DESCRIPTION):
            lines_header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)

        self.findings_title, self.lines_title = QLabel(), QLabel()
        for title in (self.findings_title, self.lines_title):
            title.setProperty("tableTitle", True)
        findings_box, lines_box = QWidget(), QWidget()
        fl = QVBoxLayout(findings_box)
        fl.setContentsMargins(0, 0, 0, 0)
        fl.addWidget(self.findings_title)
        fl.addWidget(self.findings_view)
        ll = QVBoxLayout(lines_box)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.lines_title)
        ll.addWidget(self.lines_view)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(findings_box)
        self.splitter.addWidget(lines_box)
        # Findings wrap to two lines, goods lines keep to one: three of each at 768 pixels.
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([300, 200])

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)

    def retranslate_ui(self) -> None:
        """Every text of the panel in the active language."""
        self.run_button.setText(_("Run checks"))
        self.override_button.setText(_("Override channel…"))
        self.findings_title.setText(_("Findings"))
        self.lines_title.setText(_("Declared lines (left) and manifest lines (right)"))
        self.findings_model.retranslate()
        self.lines_model.retranslate()
        if self.record is not None:
            self.override_text = self._override_of(self.record)
            self.request_text = self._request_of(self.record)
        self._show_record()

    # ---- Public API
    def reload(self) -> None:
        """Load the crossing's latest check off the GUI thread."""
        db, actor, crossing_id = self._session.db, self._session.actor, self.crossing_id
        self._session.tasks.run(lambda: checks.latest_check(db, actor, crossing_id),
                                self.on_loaded, self.on_failed)

    def run_check(self) -> None:
        """Run the cross-checks off the GUI thread (one at a time)."""
        if self._running:
            return
        self._running = True
        self.run_button.setEnabled(False)
        self.message.hide()
        db, actor, crossing_id = self._session.db, self._session.actor, self.crossing_id
        self._session.tasks.run(lambda: checks.run_check(db, actor, crossing_id),
                                self.on_checked, self.on_failed, write=True)

    def open_override(self) -> None:
        """Ask for the new channel and the reason (the dialog is kept for tests)."""
        # The channel in force is an earlier override when there is one, not the check's.
        in_force = self.overridden or (self.record.result.channel if self.record else None)
        dialog = OverrideDialog(in_force, self)
        dialog.accepted.connect(lambda: self._override_chosen(dialog))
        self.override_dialog = dialog
        dialog.open()

    def _override_chosen(self, dialog: OverrideDialog) -> None:
        channel = dialog.chosen_channel()
        if channel is not None:  # OK is disabled until one is chosen
            self.override(channel, dialog.reason_text())

    def override(self, channel: Channel, reason: str) -> None:
        """Override the channel through ``services.overrides.override_channel``."""
        db, actor, crossing_id = self._session.db, self._session.actor, self.crossing_id
        self._session.tasks.run(
            lambda: overrides.override_channel(db, actor, crossing_id, channel, reason),
            self.on_overridden, self.on_failed, write=True,
        )

    def badge_channel(self) -> Channel | None:
        """The channel the badge shows."""
        value = self.badge.property("channel")
        return Channel(value) if value and value != "none" else None

    # ---- Slots
    def on_checked(self, record: CheckRecord | None) -> None:
        """Show a check's result."""
        self._take(record)
        if record is not None:
            self.sig_checked.emit(record)

    def _take(self, record: CheckRecord | None) -> None:
        self._running = False
        self.run_button.setEnabled(True)
        self.record = record
        if record is not None:
            self.override_text = self._override_of(record)
            self.request_text = self._request_of(record)
            self.overridden = self._overridden_channel(record)
            result = record.result
            self.findings_model.set_result(result)
            declared = record.declaration.lines if record.declaration is not None else ()
            manifest = record.manifest.lines if record.manifest is not None else ()
            self.lines_model.set_lines(declared, manifest, result.findings)
            self.findings_view.resizeRowsToContents()
        self.override_button.setEnabled(record is not None)
        self._show_record()

    def on_loaded(self, record: CheckRecord | None) -> None:
        """The latest check arrived from the database (None: never checked)."""
        self.on_checked(record)
        self.sig_loaded.emit(record)

    def on_overridden(self, result: OverrideResult) -> None:
        """Show the override: in force, or (lowering) waiting for a supervisor."""
        self._take(result)
        self.sig_overridden.emit(result.channel)

    def on_finding_chosen(self, index: QModelIndex, _previous: QModelIndex | None = None) -> None:
        """Select the declared and manifest lines behind the finding."""
        if not index.isValid():
            return
        finding = self.findings_model.finding_at(index.row())
        rows = self.lines_model.rows_for(finding)
        selection = QItemSelection()
        last = self.lines_model.columnCount() - 1
        for row in rows:
            selection.select(self.lines_model.index(row, 0), self.lines_model.index(row, last))
        self.lines_view.selectionModel().select(
            selection, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        if rows:
            column = SIDE_WIDTH if finding.rule == "UNDECLARED_LINE" else 0
            self.lines_view.scrollTo(self.lines_model.index(rows[0], column))

    def selected_line_rows(self) -> list[int]:
        """The rows selected in the lines table."""
        return sorted(i.row() for i in self.lines_view.selectionModel().selectedRows())

    def on_failed(self, error: BaseException) -> None:
        """Say why the check could not run (no declaration yet, a refusal ...)."""
        self._running = False
        self.run_button.setEnabled(True)
        if isinstance(error, BorderDeskError):
            self.message.setText(str(error))
            self.message.show()
            return
        self._session.tasks.report(error)

    # ---- Internals
    def _override_of(self, record: CheckRecord) -> str:
        """The override in force that a ``CheckRecord`` carries, in the officer's words."""
        override = record.override
        if override is None:
            return ""
        if override.overrides_run_id not in (None, record.check_run_id):
            # A newer run does not undo an officer's decision: say both.
            text = _("The override to {channel} by {officer} stays in force ({reason}); these "
                     "newer checks chose {checked}.").format(
                channel=label(Channel(override.channel)).lower(), officer=override.officer_name,
                reason=override.reason, checked=label(record.result.channel).lower())
        else:
            text = _("Overridden to {channel} by {officer}: {reason}").format(
                channel=label(Channel(override.channel)).lower(), officer=override.officer_name,
                reason=override.reason)
        if override.decided_by:
            text += " · " + _("approved by {supervisor}").format(supervisor=override.decided_by)
        return text

    def _request_of(self, record: CheckRecord) -> str:
        """The lower channel asked for and not in force, in the officer's words."""
        request = record.request
        if request is None:
            return ""
        values = {"channel": label(Channel(request.channel)).lower(),
                  "officer": request.officer_name, "reason": request.reason,
                  "supervisor": request.decided_by, "why": request.decision_reason}
        if request.state == "pending":
            return _("Lowering to {channel} awaits a supervisor (asked by {officer}: "
                     "{reason}).").format(**values)
        if request.state == "refused":
            return _("Lowering to {channel} refused by {supervisor}: {why} (asked by "
                     "{officer}: {reason}).").format(**values)
        return _("Lowering to {channel}, asked by {officer}, was not decided before the "
                 "crossing moved on.").format(**values)

    def _show_record(self) -> None:
        record = self.record
        if record is None:
            self.badge.setText(_("Not checked"))
            self.badge.setProperty("channel", "none")
            self.badge.setStyleSheet("")
            self.summary.setText(_("No check has run for this crossing yet."))
        else:
            result = record.result
            channel = self.overridden or result.channel
            background, foreground = CHANNEL_COLOURS[channel]
            self.badge.setProperty("channel", channel.value)
            self.badge.setStyleSheet(f"background: {background}; color: {foreground};")
            self.badge.setText(_("{channel}\nscore {score}").format(
                channel=label(channel).upper(), score=result.score))
            self.summary.setText(ngettext(
                "{count} finding · checked {time} by {officer}",
                "{count} findings · checked {time} by {officer}", len(result.findings),
            ).format(count=len(result.findings), time=full_time_text(record.at, self._zone),
                     officer=record.officer_name) if result.findings else _(
                "No findings: the documents agree · checked {time} by {officer}"
            ).format(time=full_time_text(record.at, self._zone), officer=record.officer_name))
            # Offline, the checks run on this workstation's copy of the lists: say which.
            self.summary.setText(self.summary.text() + "\n" + _("Watch lists: {version}").format(
                version=result.watch_list_version or _("not recorded")))
        repolish(self.badge)
        self.override_label.setText(self.override_text)
        self.override_label.setVisible(bool(self.override_text))
        self.request_label.setText(self.request_text)
        self.request_label.setVisible(bool(self.request_text))

    def _overridden_channel(self, record: CheckRecord) -> Channel | None:
        return record.override.channel if record.override is not None else None
