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

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from borderdesk.domain.manifest import Manifest, ManifestLine
from borderdesk.i18n import N_, _
from borderdesk.services.manifest_review import Cell
from borderdesk.ui.models.review_state import ReviewState

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

_Index = QModelIndex | QPersistentModelIndex


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


class ManifestLinesModel(QAbstractTableModel):
    """Adapts a manifest's ``ManifestLine`` tuple to an editable table."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lines: list[ManifestLine] = []
        self._edited: set[tuple[int, str]] = set()
        self.state = ReviewState()
        """The marks, shared with the review screen."""

    # ---- Public API
    def set_manifest(self, manifest: Manifest) -> None:
        """Show ``manifest``'s lines, marked as read (forgetting earlier edits)."""
        self.beginResetModel()
        self._lines = list(manifest.lines)
        self._edited.clear()
        self.state.reset(manifest)
        self.endResetModel()

    def set_lines(self, lines: Sequence[ManifestLine]) -> None:
        """Show ``lines`` (forgetting earlier edits)."""
        self.set_manifest(Manifest(lines=tuple(lines)))

    def cell(self, index: _Index) -> Cell:
        """The (line number, field) of a table cell."""
        return (self._lines[index.row()].line_no, self.field(index.column()))

    def mark(self, index: _Index) -> Marked | None:
        """The open mark of a cell, or None."""
        cell = self.cell(index)
        if self.state.disagreements_of(cell):
            return Marked.DISAGREEMENT
        return Marked.DOUBT if self.state.doubt(cell) is not None else None

    def marks_changed(self) -> None:
        """Redraw every cell: a confirmation or a correction may clear marks on other rows."""
        if self._lines:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._lines) - 1, len(COLUMNS) - 1))

    def lines(self) -> tuple[ManifestLine, ...]:
        """The lines with the officer's corrections."""
        return tuple(self._lines)

    def edited(self) -> bool:
        """Whether the officer changed any cell."""
        return bool(self._edited)

    def field(self, column: int) -> str:
        """The manifest field name of ``column``."""
        return COLUMNS[column][0]

    def index_of(self, line_no: int, field: str) -> QModelIndex:
        """The cell of manifest line ``line_no``'s ``field`` (invalid when there is none)."""
        columns = [name for name, _title in COLUMNS]
        for row, line in enumerate(self._lines):
            if line.line_no == line_no and field in columns:
                return self.index(row, columns.index(field))
        return QModelIndex()

    def line_no(self, row: int) -> int:
        """The manifest line number shown in ``row``."""
        return self._lines[row].line_no

    def confidence(self, index: _Index) -> float | None:
        """OCR's confidence in a cell, or None (typed by hand, or edited)."""
        line = self._lines[index.row()]
        value = line.confidence.get(self.field(index.column()))
        return None if value is None else float(value)

    # ---- Qt model
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(  # noqa: N802 - Qt's name
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return _(COLUMNS[section][1]) if 0 <= section < len(COLUMNS) else None
        return section + 1

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.field(index.column()) != "line_no":
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._lines):
            return None
        field = self.field(index.column())
        value = getattr(self._lines[index.row()], field)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return _text(value)
        if role == FIELD_ROLE:
            return field
        if role == Qt.ItemDataRole.TextAlignmentRole and field in _DECIMALS | {"line_no"}:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == MARK_ROLE:
            return self.mark(index)
        if role == Qt.ItemDataRole.BackgroundRole:
            mark = self.mark(index)
            if mark is None:
                return None
            return QBrush(DISAGREEMENT_COLOUR if mark is Marked.DISAGREEMENT else DOUBT_COLOUR)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(index, value) or None
        if role == Qt.ItemDataRole.FontRole and (index.row(), field) in self._edited:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def setData(  # noqa: N802 - Qt's name
        self, index: _Index, value: object, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        field = self.field(index.column())
        if field == "line_no":
            return False
        text = str(value if value is not None else "").strip()
        new: object
        if field in _DECIMALS:
            try:
                new = parse_decimal(text)
            except ValueError:
                return False
        elif field in _UPPER:
            new = text.upper() or (None if field == "origin_country" else "")
        elif field == "hs_code":
            new = "".join(c for c in text if c.isdigit())
        else:
            new = text
        line = self._lines[index.row()]
        if new == getattr(line, field):
            return True
        confidence = {k: v for k, v in line.confidence.items() if k != field}
        changes: dict[str, object] = {field: new, "confidence": confidence}
        self._lines[index.row()] = replace(line, **changes)  # type: ignore[arg-type]
        self._edited.add((index.row(), field))
        self.state.correct((line.line_no, field))
        self.marks_changed()
        return True

    # ---- Internals
    def _tooltip(self, index: _Index, value: object) -> str:
        edited = (index.row(), self.field(index.column())) in self._edited
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
