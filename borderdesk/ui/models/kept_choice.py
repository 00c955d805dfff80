"""One rule for every list of the window: a reload keeps the chosen record chosen, by its id.

Qt clears a view's selection without a word when its model is reset (every
reload of a list is a reset), and a page that put the selection back "by row"
chose another record when rows moved. ``keep_choice`` remembers the ids of the
chosen rows before the reset and chooses the rows of the same records after it;
when the record left the list, nothing stays chosen and the view's selection
model says so through its usual signals, so the detail beside the list never
goes on showing a record nobody chose.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView
from shiboken6 import isValid

RECORD_KEY_ROLE = Qt.ItemDataRole.UserRole + 40
"""Item data role carrying the identity of a row's record (hashable; None for no identity)."""

_CHOOSE = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows


class KeptChoice(QObject):
    """Keeps ``view``'s chosen rows on the same records when its model is reset.

    Install it with ``keep_choice(view)`` once the view has its model; a view
    that is given another model later needs it installed again. A list or table
    widget filled item by item (no reset) is refilled inside ``refilling()``.
    """

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self._view = view
        self._kept: list[Hashable] = []
        self._refilling = False
        model = view.model()
        model.modelAboutToBeReset.connect(self._remember)
        model.modelReset.connect(self._restore)

    # ---- Public API
    def chosen_keys(self) -> list[Hashable]:
        """The ids of the chosen rows' records, the current row's first."""
        selection = self._view.selectionModel()
        rows = sorted({i.row() for i in selection.selectedIndexes()})
        current = selection.currentIndex()
        if current.isValid() and current.row() in rows:
            rows.remove(current.row())
            rows.insert(0, current.row())
        model = self._view.model()
        keys = [model.index(row, 0).data(RECORD_KEY_ROLE) for row in rows]
        return [key for key in keys if key is not None]

    @contextmanager
    def refilling(self) -> Iterator[None]:
        """Around emptying and filling the view's rows again: the same records stay chosen."""
        self._remember()
        self._refilling = True
        try:
            yield
        finally:
            self._refilling = False
            self._restore()

    # ---- Slots
    def _remember(self) -> None:
        # A table widget empties its model while it is destroyed: nothing to keep then.
        if not self._refilling and isValid(self._view):
            self._kept = self.chosen_keys()

    def _restore(self) -> None:
        if self._refilling or not isValid(self._view):
            return
        kept, self._kept = self._kept, []
        if not kept:
            return
        model, selection = self._view.model(), self._view.selectionModel()
        found = {model.index(row, 0).data(RECORD_KEY_ROLE): row
                 for row in range(model.rowCount())}
        rows = [found[key] for key in kept if key in found]
        if not rows:
            # The reset already emptied the selection, silently: tell the page, which then
            # clears (or refreshes) its detail instead of showing the record that left.
            selection.selectionChanged.emit(QItemSelection(), QItemSelection())
            selection.currentRowChanged.emit(QModelIndex(), QModelIndex())
            selection.currentChanged.emit(QModelIndex(), QModelIndex())
            return
        selection.setCurrentIndex(model.index(rows[0], 0), _CHOOSE)
        for row in rows[1:]:
            selection.select(model.index(row, 0), QItemSelectionModel.SelectionFlag.Select
                             | QItemSelectionModel.SelectionFlag.Rows)
        self._view.scrollTo(model.index(rows[0], 0))


def keep_choice(view: QAbstractItemView) -> KeptChoice:
    """Keep ``view``'s chosen record chosen across reloads of its model (see the module)."""
    return KeptChoice(view)
