"""The pages of a report one under the other, with zoom and "page x of y"."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from borderdesk.i18n import _

ZOOM_STEPS = (0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1.0, 1.25, 1.5, 2.0)
PAGE_GAP = 14
FIT_LIMIT = 1.0


class _Pages(QScrollArea):
    """The scrolled column of pages; Ctrl+wheel zooms like in any viewer."""

    sig_zoom_wheel = Signal(int)
    """Ctrl+wheel: +1 to zoom in, -1 to zoom out."""

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt override
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.sig_zoom_wheel.emit(1 if event.angleDelta().y() > 0 else -1)
            event.accept()
            return
        super().wheelEvent(event)


class PagePreview(QWidget):
    """Shows rendered pages at a zoom; tells which page is in view."""

    sig_page_changed = Signal(int, int)
    """The page in view changed: its number (from 1) and the number of pages."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.images: list[QImage] = []
        self.page_labels: list[QLabel] = []
        self.zoom = 1.0
        self._fit_width = True
        self.zoom_out_button = QToolButton()
        self.zoom_out_button.setText("−")
        self.zoom_out_button.clicked.connect(self.zoom_out)
        self.zoom_in_button = QToolButton()
        self.zoom_in_button.setText("+")
        self.zoom_in_button.clicked.connect(self.zoom_in)
        self.fit_button = QToolButton()
        self.fit_button.clicked.connect(self.fit_width)
        self.zoom_label = QLabel()
        self.zoom_label.setMinimumWidth(44)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.page_label = QLabel()
        self.empty_label = QLabel()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setObjectName("previewEmpty")

        self.column = QWidget()
        self.column.setObjectName("previewPages")
        self.column_layout = QVBoxLayout(self.column)
        self.column_layout.setSpacing(PAGE_GAP)
        self.column_layout.setContentsMargins(PAGE_GAP, PAGE_GAP, PAGE_GAP, PAGE_GAP)
        self.scroll_area = _Pages()
        self.scroll_area.setWidget(self.column)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.scroll_area.sig_zoom_wheel.connect(self.on_zoom_wheel)
        self.scroll_area.verticalScrollBar().valueChanged.connect(self._update_page)

        bar = QHBoxLayout()
        bar.addWidget(self.page_label)
        bar.addStretch(1)
        bar.addWidget(self.zoom_out_button)
        bar.addWidget(self.zoom_label)
        bar.addWidget(self.zoom_in_button)
        bar.addWidget(self.fit_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        # Not inside the scrolled column: a word-wrapped label there would make the
        # column's height follow its width and squeeze the pages together.
        self.views = QStackedWidget()
        self.views.addWidget(self.empty_label)
        self.views.addWidget(self.scroll_area)
        layout.addWidget(self.views, 1)
        self._current = 0
        self.retranslate_ui()
        self._update_controls()

    # ---- Public API
    def retranslate_ui(self) -> None:
        """Set every text in the active language."""
        self.zoom_out_button.setToolTip(_("Zoom out"))
        self.zoom_in_button.setToolTip(_("Zoom in"))
        self.fit_button.setText(_("Fit width"))
        self._update_page_label()

    def set_empty_text(self, text: str) -> None:
        """What the preview says while it shows no pages."""
        self.empty_label.setText(text)

    def set_pages(self, images: list[QImage] | tuple[QImage, ...]) -> None:
        """Show these pages from the first, fitted to the width."""
        self.clear()
        self.images = list(images)
        self.views.setCurrentWidget(self.scroll_area)
        for _image in self.images:
            label = QLabel()
            label.setProperty("page", True)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.page_labels.append(label)
            self.column_layout.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
            label.show()  # the layout would show it only at the next event loop pass
        self._fit_width = True
        self._apply_zoom()
        self.scroll_area.verticalScrollBar().setValue(0)
        self._update_page()

    def clear(self) -> None:
        """Show no pages (the empty text instead)."""
        for label in self.page_labels:
            self.column_layout.removeWidget(label)
            label.deleteLater()
        self.page_labels = []
        self.images = []
        self.views.setCurrentWidget(self.empty_label)
        self._current = 0
        self._update_controls()

    def page_count(self) -> int:
        """How many pages are shown."""
        return len(self.images)

    def current_page(self) -> int:
        """The number (from 1) of the page in the middle of the view; 0 with no pages."""
        return self._current

    def show_page(self, number: int) -> None:
        """Scroll so that page ``number`` (from 1) starts at the top of the view."""
        if 1 <= number <= len(self.page_labels):
            top = self.page_labels[number - 1].geometry().top() - PAGE_GAP // 2
            self.scroll_area.verticalScrollBar().setValue(top)
            self._update_page()

    def set_zoom(self, zoom: float) -> None:
        """Show the pages at ``zoom`` (1.0: as rendered), keeping the page in view."""
        self._fit_width = False
        page = self._current
        self.zoom = min(max(zoom, ZOOM_STEPS[0]), ZOOM_STEPS[-1])
        self._apply_zoom()
        self.show_page(page)

    def zoom_in(self) -> None:
        """The next larger zoom step."""
        self.set_zoom(next((z for z in ZOOM_STEPS if z > self.zoom + 0.001), ZOOM_STEPS[-1]))

    def zoom_out(self) -> None:
        """The next smaller zoom step."""
        smaller = [z for z in ZOOM_STEPS if z < self.zoom - 0.001]
        self.set_zoom(smaller[-1] if smaller else ZOOM_STEPS[0])

    def fit_width(self) -> None:
        """Fit the pages to the width of the view, and keep them fitted when it changes."""
        page = self._current
        self._fit_width = True
        self._apply_zoom()
        self.show_page(page)

    # ---- Slots
    def on_zoom_wheel(self, step: int) -> None:
        """Ctrl+wheel zooms in or out one step."""
        if step > 0:
            self.zoom_in()
        else:
            self.zoom_out()

    # ---- Qt events
    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if self._fit_width and self.images:
            self._apply_zoom()

    # ---- Internals
    def _fitting_zoom(self) -> float:
        widest = max(image.width() for image in self.images)
        room = self.scroll_area.viewport().width() - 2 * PAGE_GAP - 4
        bar = self.scroll_area.verticalScrollBar()
        if not bar.isVisible():
            room -= bar.sizeHint().width()  # it appears once the pages are in: leave it room
        # Not past the rendered size: a bigger page would only be a blurrier one.
        return min(max(room / widest, ZOOM_STEPS[0]), FIT_LIMIT)

    def _apply_zoom(self) -> None:
        if not self.images:
            return
        if self._fit_width:
            self.zoom = self._fitting_zoom()
        for image, label in zip(self.images, self.page_labels, strict=True):
            size = image.size() * self.zoom
            label.setPixmap(QPixmap.fromImage(image.scaled(
                size, Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )))
            label.setFixedSize(size.width() + 2, size.height() + 2)
        # The column would grow only at the next layout pass: size it now, so the
        # scroll bar has its new range before anyone scrolls.
        self.column_layout.activate()
        self.scroll_area.setWidgetResizable(True)
        self._update_controls()

    def _update_page(self) -> None:
        if not self.page_labels:
            self._current = 0
        else:
            view = self.scroll_area
            middle = view.verticalScrollBar().value() + view.viewport().height() / 2
            self._current = next(
                (n for n, label in enumerate(self.page_labels, 1)
                 if label.geometry().bottom() + PAGE_GAP >= middle),
                len(self.page_labels),
            )
        self._update_page_label()
        self.sig_page_changed.emit(self._current, len(self.page_labels))

    def _update_page_label(self) -> None:
        if self.page_labels:
            self.page_label.setText(_("Page {page} of {pages}").format(
                page=self._current, pages=len(self.page_labels)))
        else:
            self.page_label.setText("")

    def _update_controls(self) -> None:
        shown = bool(self.images)
        for widget in (self.zoom_in_button, self.zoom_out_button, self.fit_button):
            widget.setEnabled(shown)
        self.zoom_label.setText(f"{round(self.zoom * 100)} %" if shown else "")
