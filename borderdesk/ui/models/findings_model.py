"""The findings of a check as a Qt table: rule, severity, line, message and points.

A finding's evidence names the declared and manifest lines behind it; the
check panel reads them through ``evidence_lines`` to select those lines.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt

from borderdesk.domain.findings import CheckResult, Finding, Rule, Severity, rule_title
from borderdesk.i18n import N_, _
from borderdesk.ui.models.rows import RowsModel, TableColumn


class Column(enum.IntEnum):
    """The findings table's columns, in display order."""

    RULE = 0
    SEVERITY = 1
    LINE = 2
    POINTS = 3
    MESSAGE = 4


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


@dataclass(frozen=True)
class ScoredFinding:
    """A finding and the points it added to the score."""

    finding: Finding
    points: int


def _background(row: ScoredFinding) -> str:
    return SEVERITY_COLOURS[row.finding.severity][0]


def _foreground(row: ScoredFinding) -> str:
    return SEVERITY_COLOURS[row.finding.severity][1]


def _message(row: ScoredFinding) -> str:
    return row.finding.message


def _column(title: str, text: Callable[[ScoredFinding], str],
            align: Qt.AlignmentFlag | None = None) -> TableColumn[ScoredFinding]:
    return TableColumn(title, text, tooltip=_message, align=align, background=_background,
                       foreground=_foreground)


_COLUMNS = (
    TableColumn(N_("Rule"), lambda r: rule_title(r.finding.rule),
                tooltip=lambda r: f"{r.finding.rule.value}: {_message(r)}",
                background=_background, foreground=_foreground),
    _column(N_("Severity"), lambda r: severity_label(r.finding.severity)),
    _column(N_("Line"), lambda r: str(r.finding.line) if r.finding.line is not None else "—",
            Qt.AlignmentFlag.AlignCenter),
    _column(N_("Points"), lambda r: _("+{points}").format(points=r.points),
            Qt.AlignmentFlag.AlignCenter),
    _column(N_("Finding"), _message),
)


class FindingsModel(RowsModel[ScoredFinding]):
    """The findings of one ``CheckResult``, each with its share of the score."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(_COLUMNS, key=lambda r: (r.finding.rule, r.finding.line,
                                                  r.finding.message), parent=parent)

    # ---- Public API
    def set_result(self, result: CheckResult | None) -> None:
        """Show the findings of ``result`` (none for None)."""
        if result is None:
            self.set_rows(())
            return
        points = {c.finding_index: c.points for c in result.contributions}
        self.set_rows([ScoredFinding(finding, points.get(n, 0))
                       for n, finding in enumerate(result.findings)])

    def finding_at(self, row: int) -> Finding:
        """The finding shown at ``row``."""
        return self.rows[row].finding

    def points_at(self, row: int) -> int:
        """How many points the finding at ``row`` added to the score."""
        return self.rows[row].points if 0 <= row < len(self.rows) else 0
