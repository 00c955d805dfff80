"""Declared and manifest lines side by side, the cells the findings are about marked.

A declared line and the manifest line(s) it was matched with share a row; a
declared line split over several manifest lines takes one row per manifest
line (the declared side shown on the first). A missing or undeclared line
has its other side empty. Pairs come from the findings' evidence first, then
from the lines themselves (same HS subheading, then same line number).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor

from borderdesk.domain.declaration import DeclarationLine
from borderdesk.domain.findings import Finding, Rule
from borderdesk.domain.manifest import ManifestLine
from borderdesk.i18n import N_, _
from borderdesk.ui.models.findings_model import SEVERITY_COLOURS, evidence_lines, finding_fields
from borderdesk.ui.models.rows import RowsModel, TableColumn, bold_font


class Column(enum.IntEnum):
    """Declared side first, then the manifest side, the same seven columns each."""

    D_LINE = 0
    D_HS = 1
    D_DESCRIPTION = 2
    D_QUANTITY = 3
    D_WEIGHT = 4
    D_VALUE = 5
    D_ORIGIN = 6
    M_LINE = 7
    M_HS = 8
    M_DESCRIPTION = 9
    M_QUANTITY = 10
    M_WEIGHT = 11
    M_VALUE = 12
    M_ORIGIN = 13


SIDE_WIDTH = 7
FIRST_MANIFEST_COLUMN = Column.M_LINE

_HEADERS = (
    N_("No."), N_("HS code"), N_("Description"), N_("Quantity"), N_("Weight (kg)"),
    N_("Value"), N_("Origin"),
)

_FIELD_OFFSETS = {
    "line_no": 0, "hs_code": 1, "description": 2, "quantity": 3, "unit": 3,
    "gross_weight_kg": 4, "value": 5, "currency": 5, "origin_country": 6, "preference": 6,
}
"""Line field -> column offset within a side."""

_WHOLE_LINE = (Rule.MISSING_LINE, Rule.UNDECLARED_LINE)

DECLARED_SIDE = "#ffffff"
MANIFEST_SIDE = "#eaf1f8"
"""The manifest side's background, so the two sides read apart."""


@dataclass(frozen=True)
class CompareRow:
    """A declared line and a manifest line; ``declared_shown`` is False on a split's later rows."""

    declared: DeclarationLine | None
    manifest: ManifestLine | None
    declared_shown: bool = True


def _number(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
    return text


def pair_lines(
    declared: Sequence[DeclarationLine],
    manifest: Sequence[ManifestLine],
    findings: Sequence[Finding],
) -> list[CompareRow]:
    """Rows pairing declared and manifest lines (see the module docstring)."""
    by_declared = {d.line_no: d for d in declared}
    by_manifest = {m.line_no: m for m in manifest}
    matched: dict[int, list[int]] = {}
    alone_declared: set[int] = set()
    alone_manifest: set[int] = set()
    for finding in findings:
        d_lines, m_lines = evidence_lines(finding)
        if finding.rule == Rule.MISSING_LINE:
            alone_declared |= d_lines
        elif finding.rule == Rule.UNDECLARED_LINE:
            alone_manifest |= m_lines
        elif len(d_lines) == 1 and m_lines:
            (d_no,) = d_lines
            for m_no in sorted(m_lines):
                if d_no in by_declared and m_no in by_manifest:
                    taken = any(m_no in ms for ms in matched.values())
                    if not taken:
                        matched.setdefault(d_no, []).append(m_no)
    used = {m for ms in matched.values() for m in ms} | alone_manifest
    free_manifest = [m for m in manifest if m.line_no not in used]
    for line in declared:
        if line.line_no in matched or line.line_no in alone_declared:
            continue
        # The reconciliation found no fault with this line: its partner is the
        # manifest line with the same goods, else the one with the same number.
        partner = next((m for m in free_manifest if m.hs_code[:6] == line.hs_code[:6]
                        and m.hs_code), None)
        if partner is None:
            partner = next((m for m in free_manifest if m.line_no == line.line_no), None)
        if partner is not None:
            free_manifest.remove(partner)
            matched[line.line_no] = [partner.line_no]
    rows: list[CompareRow] = []
    for line in declared:
        partners = matched.get(line.line_no, [])
        if not partners:
            rows.append(CompareRow(line, None))
        for i, m_no in enumerate(partners):
            rows.append(CompareRow(line, by_manifest[m_no], declared_shown=i == 0))
    paired = {m for ms in matched.values() for m in ms}
    rows.extend(CompareRow(None, m) for m in manifest if m.line_no not in paired)
    return rows


def _declared_values(row: CompareRow) -> tuple[str, ...]:
    if row.declared is None or not row.declared_shown:
        # A split's later rows point back at the declared line shown above.
        return ("" if row.declared is None else "↳",) + ("",) * (SIDE_WIDTH - 1)
    d = row.declared
    return (
        str(d.line_no), d.hs_code, d.description,
        _("{quantity} {unit}").format(quantity=_number(d.quantity), unit=d.unit),
        _number(d.gross_weight_kg),
        _("{value} {currency}").format(value=_number(d.value), currency=d.currency)
        if d.value is not None else "",
        d.origin_country or "",
    )


def _manifest_values(row: CompareRow) -> tuple[str, ...]:
    m = row.manifest
    if m is None:
        return ("",) * SIDE_WIDTH
    return (
        str(m.line_no), m.hs_code, m.description,
        _("{quantity} {unit}").format(quantity=_number(m.quantity), unit=m.unit).strip()
        if m.quantity is not None else m.unit,
        _number(m.gross_weight_kg),
        _("{value} {currency}").format(value=_number(m.value), currency=m.currency).strip()
        if m.value is not None else "",
        m.origin_country or "",
    )


def _column(column: Column) -> TableColumn[CompareRow]:
    offset = column % SIDE_WIDTH
    declared = column < SIDE_WIDTH
    values = _declared_values if declared else _manifest_values
    title = _HEADERS[offset]
    if column == Column.D_LINE:
        title = N_("Declared")
    elif column == Column.M_LINE:
        title = N_("Manifest")

    def header_tooltip() -> str:
        side = _("Declared") if declared else _("Manifest")
        return _("{side}: {column}").format(side=side, column=_(_HEADERS[offset]))

    return TableColumn(
        title, lambda row: values(row)[offset],
        align=(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
               if offset in (0, 3, 4, 5) else None),
        background=lambda _row: DECLARED_SIDE if declared else MANIFEST_SIDE,
        header_tooltip=header_tooltip)


class LinesCompareModel(RowsModel[CompareRow]):
    """The compare rows of one check, with the findings behind each marked cell."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([_column(column) for column in Column], parent=parent)
        self._marks: dict[tuple[int, int], list[Finding]] = {}

    # ---- Public API
    def set_lines(
        self,
        declared: Sequence[DeclarationLine],
        manifest: Sequence[ManifestLine],
        findings: Sequence[Finding],
    ) -> None:
        """Show ``declared`` beside ``manifest`` and mark what ``findings`` are about."""
        rows = pair_lines(declared, manifest, findings)
        marks: dict[tuple[int, int], list[Finding]] = {}
        for finding in findings:
            _mark(rows, finding, marks)
        self._marks = marks
        self.set_rows(rows)

    def rows_for(self, finding: Finding) -> list[int]:
        """The rows holding the declared or manifest lines a finding points at."""
        d_lines, m_lines = evidence_lines(finding)
        return [
            i for i, row in enumerate(self.rows)
            if (row.declared is not None and row.declared.line_no in d_lines)
            or (row.manifest is not None and row.manifest.line_no in m_lines)
        ]

    def marked_cells(self) -> list[tuple[int, int]]:
        """Every marked (row, column), in order."""
        return sorted(self._marks)

    def findings_at(self, row: int, column: int) -> list[Finding]:
        """The findings that mark a cell."""
        return list(self._marks.get((row, column), []))

    def cell_data(self, row: int, column: int, role: int) -> object:
        # A marked cell speaks of its findings: their colour, bold, their messages.
        marks = self._marks.get((row, column))
        if not marks:
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(f.message for f in marks)
        if role == Qt.ItemDataRole.BackgroundRole:
            worst = max(marks, key=lambda f: list(SEVERITY_COLOURS).index(f.severity))
            return QBrush(QColor(SEVERITY_COLOURS[worst.severity][0]))
        if role == Qt.ItemDataRole.FontRole:
            return bold_font()
        return None


def _mark(rows: Sequence[CompareRow], finding: Finding,
          marks: dict[tuple[int, int], list[Finding]]) -> None:
    d_lines, m_lines = evidence_lines(finding)
    if finding.rule in _WHOLE_LINE:
        offsets = list(range(SIDE_WIDTH))
    else:
        offsets = sorted({_FIELD_OFFSETS[f] for f in finding_fields(finding)
                          if f in _FIELD_OFFSETS})
    if not offsets:
        return
    manifest_side = "preference" not in finding_fields(finding)
    for i, row in enumerate(rows):
        if row.declared is not None and row.declared_shown and row.declared.line_no in d_lines:
            for offset in offsets:
                marks.setdefault((i, offset), []).append(finding)
        # Preferences and cost data are declared only: the manifest side has none.
        if manifest_side and row.manifest is not None and row.manifest.line_no in m_lines:
            for offset in offsets:
                marks.setdefault((i, SIDE_WIDTH + offset), []).append(finding)
