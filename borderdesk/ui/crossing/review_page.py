"""The left half of the manifest review: the pages with a box drawn round every word read."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from borderdesk.domain.manifest import CONFIDENT
from borderdesk.i18n import _
from borderdesk.ocr.pipeline import DocumentReading, PageReading
from borderdesk.ui.kit.image_viewer import ImageViewer

WordKey = tuple[int, int]
"""A word box: (page index, word index on the page)."""


class ReviewPages(QWidget):
    """A reading's pages, one at a time, with a box round every word read."""

    sig_page_shown = Signal(int)
    """A page was put up (its index): the review highlights the selected cell's boxes on it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reading: DocumentReading | None = None
        self.viewer = ImageViewer()
        self.page_label, self.page_combo = QLabel(), QComboBox()
        self.page_label.setBuddy(self.page_combo)
        self.page_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.page_combo.setMinimumContentsLength(14)
        self.page_combo.currentIndexChanged.connect(self.show_page)
        self.zoom_in_button, self.zoom_out_button, self.fit_button = (
            QPushButton(), QPushButton(), QPushButton()
        )
        self.zoom_in_button.clicked.connect(self.viewer.zoom_in)
        self.zoom_out_button.clicked.connect(self.viewer.zoom_out)
        self.fit_button.clicked.connect(self.viewer.fit)
        page_bar = QHBoxLayout()
        page_bar.addWidget(self.page_label)
        page_bar.addWidget(self.page_combo)
        page_bar.addStretch(1)
        for button in (self.zoom_out_button, self.zoom_in_button, self.fit_button):
            page_bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(page_bar)
        layout.addWidget(self.viewer, 1)

    # ---- Public API
    def retranslate_ui(self) -> None:
        """Every text in the active language."""
        self.page_label.setText(_("&Page"))
        for i in range(self.page_combo.count()):
            self.page_combo.setItemText(i, _("Page {n} of {total}").format(
                n=i + 1, total=self.page_combo.count()))
        self.zoom_in_button.setText(_("Zoom in"))
        self.zoom_out_button.setText(_("Zoom out"))
        self.fit_button.setText(_("Fit"))

    def set_reading(self, reading: DocumentReading | None) -> None:
        """Show ``reading``'s first page (nothing for a reading without pages)."""
        self.reading = reading
        pages = len(reading.pages) if reading is not None else 0
        self.page_combo.blockSignals(True)
        self.page_combo.clear()
        for n in range(pages):
            self.page_combo.addItem(_("Page {n} of {total}").format(n=n + 1, total=pages))
        self.page_combo.blockSignals(False)
        self.page_combo.setEnabled(pages > 1)
        self.show_page(0)

    def show_page(self, index: int) -> None:
        """Show page ``index`` with its word boxes; those read below ``CONFIDENT`` in amber."""
        if self.reading is None or not 0 <= index < len(self.reading.pages):
            return
        page = self.reading.pages[index]
        self.viewer.set_image(_picture(page))
        boxes = [((index, i), QRectF(w.left, w.top, w.width, w.height))
                 for i, w in enumerate(page.words) if w.text.strip()]
        weak = [(index, i) for i, w in enumerate(page.words) if w.confidence < CONFIDENT]
        self.viewer.set_boxes(boxes, weak)
        self.sig_page_shown.emit(index)

    def words_of(self, cells: set[tuple[int | None, str]]) -> list[WordKey]:
        """The boxes of the words read into any of ``cells`` ((line number, field))."""
        if self.reading is None:
            return []
        return [(p, i) for p, page in enumerate(self.reading.pages)
                for i, w in enumerate(page.words)
                if w.field is not None and (w.line_no, w.field) in cells]

    def show_words(self, keys: list[WordKey]) -> None:
        """Highlight ``keys``, turning to their page first when none is on this one."""
        page = self.page_combo.currentIndex()
        if keys and all(p != page for p, _i in keys):
            self.page_combo.setCurrentIndex(keys[0][0])  # the review highlights again
            return
        self.viewer.highlight([k for k in keys if k[0] == page])


def _picture(page: PageReading) -> QImage:
    """The page's greyscale image as a QImage, copied: no PNG to encode and decode again."""
    gray = np.ascontiguousarray(page.image)
    height, width = gray.shape[:2]
    return QImage(gray.data, width, height, gray.strides[0],
                  QImage.Format.Format_Grayscale8).copy()
