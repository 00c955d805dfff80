"""The layout of a work page: its bar and banner above a list, the chosen row's detail beside it
(or under it on a narrow screen)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLayout,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from borderdesk.ui.models.kept_choice import keep_choice


def rows_table(model: QAbstractItemModel, on_chosen: Callable[[], None]) -> QTableView:
    """The page's list: read-only rows of ``model``, one chosen at a time, ``on_chosen`` told.

    A reload keeps the chosen record chosen (by id, ``keep_choice``); when it left the
    list nothing is chosen and ``on_chosen`` is told so too.
    """
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    table.selectionModel().selectionChanged.connect(lambda *_a: on_chosen())
    keep_choice(table)
    return table


SIDE_BY_SIDE_WIDTH = 1100
"""Below this page width (a 1024x768 booth screen) the detail goes under the list, so the
list keeps the width its columns need instead of scrolling sideways."""


class ListAndDetailSplitter(QSplitter):
    """List beside its detail on a wide screen, above it on a narrow one."""

    def __init__(self, sizes: Sequence[int]) -> None:
        super().__init__(Qt.Orientation.Horizontal)
        self._sizes = list(sizes)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        """Turn when the page crosses ``SIDE_BY_SIDE_WIDTH``."""
        wanted = (Qt.Orientation.Horizontal if event.size().width() >= SIDE_BY_SIDE_WIDTH
                  else Qt.Orientation.Vertical)
        if wanted != self.orientation():
            self.setOrientation(wanted)
            # Stacked, the detail (items, history, answers) needs the taller part.
            self.setSizes(self._sizes if wanted == Qt.Orientation.Horizontal else [1, 2])
        super().resizeEvent(event)


def lay_out_page(page: QWidget, bar: QLayout, banner: QWidget, *, rows: QWidget,
                 empty: QWidget, detail: Sequence[tuple[QWidget | QLayout, int]],
                 sizes: tuple[int, int]) -> QSplitter:
    """Lay ``page`` out: ``bar``, ``banner``, then the list (or its empty text) and the detail.

    Args:
        detail: the right-hand side, top to bottom, each with its stretch.
        sizes: the list's and the detail's first widths (heights, one above the other).

    Returns:
        The splitter between list and detail.
    """
    right = QWidget()
    right_layout = QVBoxLayout(right)
    right_layout.setContentsMargins(6, 0, 0, 0)
    for item, stretch in detail:
        if isinstance(item, QLayout):
            right_layout.addLayout(item, stretch)
        else:
            right_layout.addWidget(item, stretch)
    left = QWidget()
    left_layout = QVBoxLayout(left)
    left_layout.setContentsMargins(0, 0, 0, 0)
    left_layout.addWidget(rows, 1)
    left_layout.addWidget(empty, 1)
    split = ListAndDetailSplitter(sizes)
    split.addWidget(left)
    split.addWidget(right)
    split.setSizes(list(sizes))
    layout = QVBoxLayout(page)
    layout.addLayout(bar)
    layout.addWidget(banner)
    layout.addWidget(split, 1)
    return split
