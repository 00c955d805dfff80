"""The findings of a check as a Qt table: rule, severity, line, message and points.

A finding's evidence names the declared and manifest lines behind it; the
check panel reads them through ``evidence_lines`` to select those lines.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from borderdesk.domain.findings import CheckResult, Finding, Rule, Severity
from borderdesk.i18n import N_, _
from borderdesk.ui.models.kept_choice import RECORD_KEY_ROLE

_Index = QModelIndex | QPersistentModelIndex


class Column(enum.IntEnum):
    """The findings table's columns, in display order."""

    RULE = 0
    SEVERITY = 1
    LINE = 2
    POINTS = 3
    MESSAGE = 4


_HEADERS = {
    Column.RULE: N_("Rule"),
    Column.SEVERITY: N_("Severity"),
    Column.LINE: N_("Line"),
    Column.POINTS: N_("Points"),
    Column.MESSAGE: N_("Finding"),
}

SEVERITY_LABELS = {
    Severity.INFO: N_("Info"),
    Severity.LOW: N_("Low"),
    Severity.MEDIUM: N_("Medium"),
    Severity.HIGH: N_("High"),
}

SEVERITY_COLOURS = {
    Severity.INFO: ("#eef2f6", "#37474f"),
    Severity.LOW: ("#e3f2fd", "#0d47a1"),
    Severity.MEDIUM: ("#fff1b8", "#6d4c00"),
    Severity.HIGH: ("#ffcdd2", "#8e1b1b"),
}
"""Severity -> (background, text) colours."""

RULE_FIELDS: dict[Rule, tuple[str, ...]] = {
    Rule.QUANTITY_MISMATCH: ("quantity", "unit"),
    Rule.WEIGHT_MISMATCH: ("gross_weight_kg",),
    Rule.VALUE_MISMATCH: ("value", "currency"),
    Rule.HS_MISMATCH: ("hs_code",),
    Rule.ORIGIN_MISMATCH: ("origin_country",),
    Rule.ORIGIN_UNKNOWN: ("origin_country",),
    Rule.FALSE_VN_ORIGIN: ("origin_country",),
    Rule.RVC_BELOW_THRESHOLD: ("preference",),
    Rule.CO_MISSING: ("preference",),
    Rule.CO_INVALID: ("preference",),
    Rule.PROHIBITED_GOODS: ("hs_code", "description"),
    Rule.LICENCE_REQUIRED: ("hs_code",),
    Rule.BRAND_WATCH: ("description",),
}
"""Which line fields a rule's finding is about: the cells marked in the lines table."""

_DECLARED_KEYS = ("declaration_line", "declared_line", "declaration_lines", "declared_lines")
_MANIFEST_KEYS = ("manifest_line", "manifest_lines")


def _numbers(value: object) -> set[int]:
    if isinstance(value, bool):
        return set()
    if isinstance(value, int):
        return {value}
    if isinstance(value, str) and value.strip().isdigit():
        return {int(value)}
    if isinstance(value, Iterable) and not isinstance(value, str | bytes):
        found: set[int] = set()
        for item in value:
            found |= _numbers(item)
        return found
    return set()


def evidence_lines(finding: Finding) -> tuple[frozenset[int], frozenset[int]]:
    """The declared and manifest line numbers a finding points at.

    A finding of the manifest alone (UNDECLARED_LINE) names a manifest line in
    ``line`` when its evidence says nothing else; any other finding's ``line``
    is a declared line.
    """
    declared: set[int] = set()
    manifest: set[int] = set()
    for key in _DECLARED_KEYS:
        declared |= _numbers(finding.evidence.get(key))
    for key in _MANIFEST_KEYS:
        manifest |= _numbers(finding.evidence.get(key))
    if finding.line is not None and not declared:
        if finding.rule == Rule.UNDECLARED_LINE:
            if not manifest:
                manifest.add(finding.line)
        else:
            declared.add(finding.line)
    return frozenset(declared), frozenset(manifest)


def finding_fields(finding: Finding) -> tuple[str, ...]:
    """The line fields a finding is about (its evidence may name one itself)."""
    named = finding.evidence.get("field")
    if isinstance(named, str) and named:
        return (named,)
    return RULE_FIELDS.get(finding.rule, ())


def severity_label(severity: Severity) -> str:
    """The officer-facing name of a severity."""
    return _(SEVERITY_LABELS[severity])


class FindingsModel(QAbstractTableModel):
    """The findings of one ``CheckResult``, each with its share of the score."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._findings: tuple[Finding, ...] = ()
        self._points: dict[int, int] = {}

    # ---- Public API
    def set_result(self, result: CheckResult | None) -> None:
        """Show the findings of ``result`` (none for None)."""
        self.beginResetModel()
        self._findings = result.findings if result is not None else ()
        self._points = (
            {c.finding_index: c.points for c in result.contributions} if result else {}
        )
        self.endResetModel()

    def finding_at(self, row: int) -> Finding:
        """The finding shown at ``row``."""
        return self._findings[row]

    def points_at(self, row: int) -> int:
        """How many points the finding at ``row`` added to the score."""
        return self._points.get(row, 0)

    def retranslate(self) -> None:
        """Headers and labels in the active language."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(Column) - 1)
        if self._findings:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._findings) - 1, len(Column) - 1)
            )

    # ---- Qt model API
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._findings)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(Column)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _(_HEADERS[Column(section)])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._findings):
            return None
        finding = self._findings[index.row()]
        column = Column(index.column())
        if role == RECORD_KEY_ROLE:
            return (finding.rule, finding.line, finding.message)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(index.row(), finding, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return finding.message
        background, foreground = SEVERITY_COLOURS[finding.severity]
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(background))
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(foreground))
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (Column.LINE, Column.POINTS):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _text(self, row: int, finding: Finding, column: Column) -> str:
        match column:
            case Column.RULE:
                return finding.rule.value
            case Column.SEVERITY:
                return severity_label(finding.severity)
            case Column.LINE:
                return str(finding.line) if finding.line is not None else "—"
            case Column.POINTS:
                return _("+{points}").format(points=self.points_at(row))
            case Column.MESSAGE:
                return finding.message
