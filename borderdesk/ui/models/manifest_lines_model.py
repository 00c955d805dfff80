"""The goods lines of a manifest as an editable table, with OCR's doubts marked.

A cell OCR read with a confidence under ``LOW_CONFIDENCE`` gets a warm
background and a tooltip with the confidence. A cell the officer edits loses
its confidence (a value typed by a person has none) and is shown in bold.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from borderdesk.domain.manifest import ManifestLine
from borderdesk.i18n import N_, _

LOW_CONFIDENCE = 0.8
LOW_CONFIDENCE_COLOUR = QColor("#ffe3b3")
FIELD_ROLE = Qt.ItemDataRole.UserRole + 1
"""The manifest field name of a column (``"quantity"`` ...)."""

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

    # ---- Public API
    def set_lines(self, lines: Sequence[ManifestLine]) -> None:
        """Show ``lines`` (forgetting earlier edits)."""
        self.beginResetModel()
        self._lines = list(lines)
        self._edited.clear()
        self.endResetModel()

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
        confidence = self.confidence(index)
        low = confidence is not None and confidence < LOW_CONFIDENCE
        if role == Qt.ItemDataRole.BackgroundRole and low:
            return QBrush(LOW_CONFIDENCE_COLOUR)
        if role == Qt.ItemDataRole.ToolTipRole:
            if (index.row(), field) in self._edited:
                return _("Corrected by the officer")
            if confidence is not None:
                text = _("OCR confidence {percent} %").format(percent=round(confidence * 100))
                return _("{confidence} — please check").format(confidence=text) if low else text
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
        self.dataChanged.emit(index, index)
        return True
