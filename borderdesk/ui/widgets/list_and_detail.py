"""The layout of a work page: its bar and banner above a list, the chosen row's detail beside it."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLayout, QSplitter, QVBoxLayout, QWidget


def lay_out_page(page: QWidget, bar: QLayout, banner: QWidget, *, rows: QWidget,
                 empty: QWidget, detail: Sequence[tuple[QWidget | QLayout, int]],
                 sizes: tuple[int, int]) -> QSplitter:
    """Lay ``page`` out: ``bar``, ``banner``, then the list (or its empty text) and the detail.

    Args:
        detail: the right-hand side, top to bottom, each with its stretch.
        sizes: the list's and the detail's first widths.

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
    split = QSplitter(Qt.Orientation.Horizontal)
    split.addWidget(left)
    split.addWidget(right)
    split.setSizes(list(sizes))
    layout = QVBoxLayout(page)
    layout.addLayout(bar)
    layout.addWidget(banner)
    layout.addWidget(split, 1)
    return split
