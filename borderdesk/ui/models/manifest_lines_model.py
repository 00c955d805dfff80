"""The goods lines of a manifest as an editable table, with OCR's doubts marked.

A cell read below ``CONFIDENT`` gets a warm background and a tooltip saying
what it was read at; a cell of a disagreement (the document contradicting
itself) a rose one, a border (``MARK_ROLE``, drawn by the review's delegate)
and the disagreement's message. A cell the officer edits loses its
confidence (a value typed by a person has none) and its marks, and is shown
in bold; one the officer confirms loses its mark. The marks live in the
model's ``ReviewState``, which the review screen shares.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from PySide6.QtCore import QModelIndex, QObject, Qt
from PySide6.QtGui import QBrush, QColor

from borderdesk.domain.manifest import Manifest, ManifestLine
from borderdesk.i18n import N_, _
from borderdesk.services.manifest_review import Cell
from borderdesk.ui.models.review_state import ReviewState
from borderdesk.ui.models.rows import Index, RowsModel, TableColumn, bold_font

DOUBT_COLOUR = QColor("#ffe3b3")
"""The background of a field read below ``CONFIDENT`` (warm amber)."""
DISAGREEMENT_COLOUR = QColor("#f6d3e1")
"""The background of a cell of a disagreement (rose), with a border of ``DISAGREEMENT_EDGE``."""
DISAGREEMENT_EDGE = QColor("#9c1458")
DOUBT_EDGE = QColor("#b45f00")
FIELD_ROLE = Qt.ItemDataRole.UserRole + 1
"""The manifest field name of a column (``"quantity"`` ...)."""
MARK_ROLE = Qt.ItemDataRole.UserRole + 2
"""The cell's open mark: a ``Marked`` value, or None."""


class Marked(StrEnum):
    """Why a cell is marked; a disagreement wins over a doubt."""

    DOUBT = "doubt"
    DISAGREEMENT = "disagreement"


def percent(confidence: float) -> int:
    """A confidence as a whole percentage, rounded down: 0.895 is 89 %, never "90 %" below 0.9."""
    return int(confidence * 100 + 1e-9)


def doubt_text(confidence: float, value: object) -> str:
    """Why a field is marked as doubtful, for its tooltip."""
    if confidence <= 0 and value in (None, ""):
        return _("Not read: OCR found nothing it could read here. Type it from the page.")
    return _("Read at {percent} %: check it against the page.").format(
        percent=percent(confidence))

COLUMNS: tuple[tuple[str, str], ...] = (
    ("line_no", N_("No.")),
    ("description", N_("Description")),
    ("hs_code", N_("HS code")),
    ("quantity", N_("Quantity")),
    ("unit", N_("Unit")),
    ("gross_weight_kg", N_("Gross weight (kg)")),
    ("value", N_("Value")),
    ("currency", N_("Currency")),
    ("origin_country", N_("Origin")),
)
_DECIMALS = {"quantity", "gross_weight_kg", "value"}
_UPPER = {"unit", "currency", "origin_country"}


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    return str(value)


def parse_decimal(text: str) -> Decimal | None:
    """A number as an officer types it: "1200.5", "1,200.50" or Vietnamese "1.200,50".

    Raises:
        ValueError: the text is not a number.
    """
    cleaned = text.strip().replace(" ", "")
    if not cleaned:
        return None
    if "," in cleaned and "." in cleaned:
        # Whichever separator comes last is the decimal point.
        if cleaned.rfind(",") > cleaned.rfind("."):
            cleaned = cleaned.replace(".", "").replace(",", ".")
        else:
            cleaned = cleaned.replace(",", "")
    elif "," in cleaned:
        head, _sep, tail = cleaned.rpartition(",")
        cleaned = cleaned.replace(",", "") if len(tail) == 3 and head else f"{head}.{tail}"
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(text) from None
    if not number.is_finite() or number < 0:
        raise ValueError(text)
    return number


def _typed(field: str, text: str) -> object:
    """The value of ``field`` as the officer typed it.

    Raises:
        ValueError: a number field holds something else.
    """
    text = text.strip()
    if field in _DECIMALS:
        return parse_decimal(text)
    if field in _UPPER:
        return text.upper() or (None if field == "origin_country" else "")
    if field == "hs_code":
        return "".join(c for c in text if c.isdigit())
    return text


def _column(field: str, title: str) -> TableColumn[ManifestLine]:
    def edit(line: ManifestLine, text: str) -> ManifestLine:
        new = _typed(field, text)
        if new == getattr(line, field):
            return line
        # A value typed by a person has no OCR confidence.
        confidence = {k: v for k, v in line.confidence.items() if k != field}
        changes: dict[str, object] = {field: new, "confidence": confidence}
        return replace(line, **changes)  # type: ignore[arg-type]

    return TableColumn(
        title, lambda line: _text(getattr(line, field)),
        align=(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
               if field in _DECIMALS | {"line_no"} else None),
        edit=None if field == "line_no" else edit)


class ManifestLinesModel(RowsModel[ManifestLine]):
    """Adapts a manifest's ``ManifestLine`` tuple to an editable table."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([_column(field, title) for field, title in COLUMNS], parent=parent)
        self._edited: set[tuple[int, str]] = set()
        self.state = ReviewState()
        """The marks, shared with the review screen."""

    # ---- Public API
    def set_manifest(self, manifest: Manifest) -> None:
        """Show ``manifest``'s lines, marked as read (forgetting earlier edits)."""
        self._edited.clear()
        self.state.reset(manifest)
        self.set_rows(manifest.lines)

    def set_lines(self, lines: Sequence[ManifestLine]) -> None:
        """Show ``lines`` (forgetting earlier edits)."""
        self.set_manifest(Manifest(lines=tuple(lines)))

    def cell(self, index: Index) -> Cell:
        """The (line number, field) of a table cell."""
        return (self.rows[index.row()].line_no, self.field(index.column()))

    def mark(self, index: Index) -> Marked | None:
        """The open mark of a cell, or None."""
        cell = self.cell(index)
        if self.state.disagreements_of(cell):
            return Marked.DISAGREEMENT
        return Marked.DOUBT if self.state.doubt(cell) is not None else None

    def marks_changed(self) -> None:
        """Redraw every cell: a confirmation or a correction may clear marks on other rows."""
        if self.rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self.rows) - 1, len(COLUMNS) - 1))

    def lines(self) -> tuple[ManifestLine, ...]:
        """The lines with the officer's corrections."""
        return tuple(self.rows)

    def edited(self) -> bool:
        """Whether the officer changed any cell."""
        return bool(self._edited)

    def field(self, column: int) -> str:
        """The manifest field name of ``column``."""
        return COLUMNS[column][0]

    def index_of(self, line_no: int, field: str) -> QModelIndex:
        """The cell of manifest line ``line_no``'s ``field`` (invalid when there is none)."""
        columns = [name for name, _title in COLUMNS]
        for row, line in enumerate(self.rows):
            if line.line_no == line_no and field in columns:
                return self.index(row, columns.index(field))
        return QModelIndex()

    def line_no(self, row: int) -> int:
        """The manifest line number shown in ``row``."""
        return self.rows[row].line_no

    def confidence(self, index: Index) -> float | None:
        """OCR's confidence in a cell, or None (typed by hand, or edited)."""
        line = self.rows[index.row()]
        value = line.confidence.get(self.field(index.column()))
        return None if value is None else float(value)

    # ---- Hooks
    def cell_data(self, row: int, column: int, role: int) -> object:
        field = self.field(column)
        if role == FIELD_ROLE:
            return field
        if role == MARK_ROLE:
            return self.mark(self.index(row, column))
        if role == Qt.ItemDataRole.BackgroundRole:
            mark = self.mark(self.index(row, column))
            if mark is None:
                return None
            return QBrush(DISAGREEMENT_COLOUR if mark is Marked.DISAGREEMENT else DOUBT_COLOUR)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(self.index(row, column)) or None
        if role == Qt.ItemDataRole.FontRole and (row, field) in self._edited:
            return bold_font()
        return None

    def cell_edited(self, row: int, column: int) -> None:
        field = self.field(column)
        self._edited.add((row, field))
        self.state.correct((self.rows[row].line_no, field))
        self.marks_changed()

    # ---- Internals
    def _tooltip(self, index: Index) -> str:
        field = self.field(index.column())
        edited = (index.row(), field) in self._edited
        value = getattr(self.rows[index.row()], field)
        return field_tooltip(self.state, self.cell(index), value, self.confidence(index), edited)


def field_tooltip(state: ReviewState, cell: Cell, value: object, read_at: float | None,
                  corrected: bool) -> str:
    """How a field stands, for its tooltip: corrected, doubtful, confirmed or read at what.

    The messages of the open disagreements it is part of follow, one a line.
    """
    if corrected:
        return _("Corrected by the officer")
    doubt = state.doubt(cell)
    if doubt is not None:
        first = doubt_text(doubt, value)
    elif cell in state.confirmed:
        first = _("Confirmed by the officer as read (read at {percent} %).").format(
            percent=percent(state.confidence(cell) or 0.0))
    else:
        first = "" if read_at is None else _("Read at {percent} %").format(
            percent=percent(read_at))
    messages = [state.manifest.disagreements[i].message for i in state.disagreements_of(cell)]
    return "\n".join(([first] if first else []) + messages)
