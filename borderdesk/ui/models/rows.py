"""The one table model under every table of the window: rows of records, columns showing them.

A table is a list of records (dataclasses from the domain or the services) and
a tuple of ``TableColumn``: each column names its header (a msgid, translated
when shown) and how it shows a record — text, tooltip, alignment, colours,
font, how it sorts and, for the few editable tables, how a typed value changes
the record. ``RowsModel`` answers Qt from those; a model only adds what is its
own (an id role, a shared state), so the Qt plumbing exists once.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from borderdesk.i18n import _
from borderdesk.ui.models.kept_choice import RECORD_KEY_ROLE

Row = TypeVar("Row")
Index = QModelIndex | QPersistentModelIndex
Colour = QColor | str
"""A colour as Qt takes it, or as "#rrggbb"."""

_ROLE = Qt.ItemDataRole


@dataclass(frozen=True)
class TableColumn(Generic[Row]):
    """One column of a table: its header and what it shows of a row."""

    title: str
    """The header's msgid (marked with ``N_``), translated each time it is shown."""
    text: Callable[[Row], str]
    tooltip: Callable[[Row], str | None] | None = None
    align: Qt.AlignmentFlag | None = None
    background: Callable[[Row], Colour | None] | None = None
    foreground: Callable[[Row], Colour | None] | None = None
    font: Callable[[Row], QFont | None] | None = None
    header_tooltip: Callable[[], str | None] | None = None
    """The header's tooltip in the active language."""
    sort_key: Callable[[Row], Any] | None = None
    """What the rows are ordered by when the officer sorts by this column; None: not sortable."""
    edit: Callable[[Row, str], Row] | None = None
    """The row with this cell set to what the officer typed; raises ValueError to refuse it.
    None: the cell cannot be edited."""


def bold_font(bold: bool = True, *, italic: bool = False) -> QFont:
    """The table's font, bold (and italic) as asked."""
    font = QFont()
    font.setBold(bold)
    font.setItalic(italic)
    return font


class RowsModel(QAbstractTableModel, Generic[Row]):
    """Rows of records shown through ``TableColumn``; the rows' records keep their choice.

    ``key`` gives the identity of a row's record (``RECORD_KEY_ROLE``): a view
    with ``keep_choice`` keeps the same records chosen when ``set_rows``
    replaces the rows. A subclass answers roles of its own in ``cell_data`` and
    reacts to an accepted edit in ``cell_edited``.
    """

    def __init__(self, columns: Sequence[TableColumn[Row]] = (), *,
                 key: Callable[[Row], Hashable] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns: tuple[TableColumn[Row], ...] = tuple(columns)
        self.rows: list[Row] = []
        self._key = key

    # ---- Public API
    def set_rows(self, rows: Sequence[Row]) -> None:
        """Show ``rows`` instead of what was shown (a reset: ``keep_choice`` keeps the choice)."""
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def append_rows(self, rows: Sequence[Row]) -> None:
        """Show ``rows`` below the rows shown (the choice and the scroll stay)."""
        if not rows:
            return
        first = len(self.rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self.rows.extend(rows)
        self.endInsertRows()

    def row_at(self, row: int) -> Row:
        """The record shown at ``row``."""
        return self.rows[row]

    def row_key(self, row: Row) -> Hashable:
        """The identity of ``row``'s record; None when it has none."""
        return None if self._key is None else self._key(row)

    def row_of(self, key: Hashable) -> int:
        """The row of the record whose identity is ``key``, or -1."""
        return next((n for n, row in enumerate(self.rows) if self.row_key(row) == key), -1)

    def retranslate(self) -> None:
        """Headers and texts again, in the active language."""
        if self.columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
        if self.rows and self.columns:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self.rows) - 1, len(self.columns) - 1))

    # ---- Hooks
    def cell_data(self, row: int, column: int, role: int) -> object:
        """What the model itself answers for a cell, before its column does: roles of its own,
        marks that depend on the cell. None: the column answers."""
        return None

    def cell_edited(self, row: int, column: int) -> None:
        """The officer's value was stored in ``rows[row]``: say which cells changed."""
        index = self.index(row, column)
        self.dataChanged.emit(index, index)

    # ---- Qt model API
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's API
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = _ROLE.DisplayRole) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        column = self.columns[section]
        if role == _ROLE.DisplayRole:
            return _(column.title)
        if role == _ROLE.ToolTipRole and column.header_tooltip is not None:
            return column.header_tooltip()
        return None

    def data(self, index: Index, role: int = _ROLE.DisplayRole) -> object:
        if (not index.isValid() or not 0 <= index.row() < len(self.rows)
                or not 0 <= index.column() < len(self.columns)):
            return None
        row = self.rows[index.row()]
        if role == RECORD_KEY_ROLE:
            return self.row_key(row)
        own = self.cell_data(index.row(), index.column(), role)
        return own if own is not None else self._shown(self.columns[index.column()], row, role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and self.columns[index.column()].edit is not None:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: object,  # noqa: N802 - Qt's API
                role: int = _ROLE.EditRole) -> bool:
        if role != _ROLE.EditRole or not index.isValid() or index.row() >= len(self.rows):
            return False
        edit = self.columns[index.column()].edit
        if edit is None:
            return False
        row = self.rows[index.row()]
        try:
            changed = edit(row, "" if value is None else str(value))
        except ValueError:
            return False
        if changed != row:
            self.rows[index.row()] = changed
            self.cell_edited(index.row(), index.column())
        return True

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        sort_key = self.columns[column].sort_key
        if sort_key is None:
            return
        # A reset: a view with keep_choice keeps its record chosen, wherever it went.
        self.set_rows(sorted(self.rows, key=sort_key,
                             reverse=order == Qt.SortOrder.DescendingOrder))

    # ---- Internals
    @staticmethod
    def _shown(column: TableColumn[Row], row: Row, role: int) -> object:
        if role == _ROLE.DisplayRole:
            return column.text(row)
        if role == _ROLE.EditRole and column.edit is not None:
            return column.text(row)
        if role == _ROLE.ToolTipRole:
            return column.tooltip(row) if column.tooltip is not None else None
        if role == _ROLE.TextAlignmentRole:
            return int(column.align) if column.align is not None else None
        if role == _ROLE.FontRole:
            return column.font(row) if column.font is not None else None
        colour = (column.background if role == _ROLE.BackgroundRole
                  else column.foreground if role == _ROLE.ForegroundRole else None)
        if colour is None:
            return None
        chosen = colour(row)
        return QBrush(QColor(chosen)) if chosen is not None else None
