"""A picture at full size: zoom (wheel, +/-, fit), pan by dragging, and boxes drawn over it."""

from __future__ import annotations

from collections.abc import Hashable, Iterable

from PySide6.QtCore import QPoint, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QImage,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPen,
    QPixmap,
    QResizeEvent,
    QShortcut,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsPixmapItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsView,
    QVBoxLayout,
    QWidget,
)

from borderdesk.ui.kit.closing import on_escape

ZOOM_STEP = 1.25
MIN_SCALE = 0.05
MAX_SCALE = 16.0

_BOX_PEN = QColor(30, 110, 200, 150)
_BOX_FILL = QColor(30, 110, 200, 18)
_LOW_PEN = QColor(210, 120, 0, 200)
_HIGHLIGHT_PEN = QColor(220, 30, 30, 255)
_HIGHLIGHT_FILL = QColor(255, 220, 0, 90)
_KEY = 0


class ImageViewer(QGraphicsView):
    """Shows one image; boxes (word boxes of a read page) can be drawn, highlighted and clicked."""

    sig_box_clicked = Signal(object)
    """A box was clicked; carries the key it was drawn with."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setBackgroundBrush(QBrush(QColor("#5a6270")))
        self._pixmap_item: QGraphicsPixmapItem | None = None
        self._boxes: dict[Hashable, QGraphicsRectItem] = {}
        self._weak: set[Hashable] = set()
        self._highlighted: set[Hashable] = set()
        self._fitted = True
        for keys, slot in (
            ((QKeySequence.StandardKey.ZoomIn, "+", "="), self.zoom_in),
            ((QKeySequence.StandardKey.ZoomOut, "-"), self.zoom_out),
            (("0", "F"), self.fit),
        ):
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), self)
                shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                shortcut.activated.connect(slot)

    # ---- Public API
    def set_image(self, image: QImage | bytes) -> bool:
        """Show ``image`` (a QImage, or PNG/JPEG bytes) fitted to the view; False if unreadable."""
        if isinstance(image, bytes | bytearray):
            loaded = QImage()
            if not loaded.loadFromData(bytes(image)):
                return False
            image = loaded
        self.clear_boxes()
        self.scene().clear()
        self._boxes.clear()
        self._pixmap_item = self.scene().addPixmap(QPixmap.fromImage(image))
        self.scene().setSceneRect(QRectF(image.rect()))
        self.fit()
        return True

    def image_size(self) -> tuple[int, int]:
        """Width and height of the image shown (0, 0 when none)."""
        if self._pixmap_item is None:
            return (0, 0)
        size = self._pixmap_item.pixmap().size()
        return (size.width(), size.height())

    def set_boxes(
        self, boxes: Iterable[tuple[Hashable, QRectF]], weak: Iterable[Hashable] = ()
    ) -> None:
        """Draw ``(key, rectangle)`` boxes in image pixels; ``weak`` keys are drawn in amber."""
        self.clear_boxes()
        self._weak = set(weak)
        for key, rect in boxes:
            item = QGraphicsRectItem(rect)
            item.setData(_KEY, key)
            item.setZValue(1)
            self.scene().addItem(item)
            self._boxes[key] = item
            self._style(key)

    def clear_boxes(self) -> None:
        """Remove every box."""
        for item in self._boxes.values():
            self.scene().removeItem(item)
        self._boxes.clear()
        self._highlighted.clear()

    def box_keys(self) -> list[Hashable]:
        """The keys of the boxes drawn."""
        return list(self._boxes)

    def highlight(self, keys: Iterable[Hashable], *, reveal: bool = True) -> None:
        """Highlight the boxes of ``keys`` (and only them); scroll the first into view."""
        previous, self._highlighted = self._highlighted, {k for k in keys if k in self._boxes}
        for key in previous | self._highlighted:
            self._style(key)
        if reveal and self._highlighted:
            united = QRectF()
            for key in self._highlighted:
                united = united.united(self._boxes[key].rect())
            self.ensureVisible(united, 40, 40)

    def highlighted(self) -> set[Hashable]:
        """The keys of the highlighted boxes."""
        return set(self._highlighted)

    def box_centre_in_view(self, key: Hashable) -> QPoint:
        """Where box ``key``'s centre is on the viewport (for tests and tours)."""
        return self.mapFromScene(self._boxes[key].rect().center())

    def scale_factor(self) -> float:
        """The current zoom (1.0 = one image pixel per screen pixel)."""
        return self.transform().m11()

    def zoom_in(self) -> None:
        """Zoom in one step."""
        self._zoom(ZOOM_STEP)

    def zoom_out(self) -> None:
        """Zoom out one step."""
        self._zoom(1 / ZOOM_STEP)

    def fit(self) -> None:
        """Show the whole image."""
        self._fitted = True
        if self._pixmap_item is not None:
            self.fitInView(self._pixmap_item, Qt.AspectRatioMode.KeepAspectRatio)

    # ---- Qt events
    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt's name
        """The wheel zooms around the mouse."""
        steps = event.angleDelta().y() / 120
        if steps:
            self._zoom(ZOOM_STEP**steps)
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        """A click on a box says which; a drag anywhere pans."""
        if event.button() == Qt.MouseButton.LeftButton:
            for item in self.items(event.position().toPoint()):
                if isinstance(item, QGraphicsRectItem) and item.data(_KEY) is not None:
                    self.sig_box_clicked.emit(item.data(_KEY))
                    break
        super().mousePressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        """A fitted image stays fitted when the view changes size."""
        super().resizeEvent(event)
        if self._fitted:
            self.fit()

    # ---- Internals
    def _zoom(self, factor: float) -> None:
        target = max(MIN_SCALE, min(MAX_SCALE, self.scale_factor() * factor))
        factor = target / self.scale_factor() if self.scale_factor() else 1.0
        self._fitted = False
        self.scale(factor, factor)

    def _style(self, key: Hashable) -> None:
        item = self._boxes.get(key)
        if item is None:
            return
        if key in self._highlighted:
            pen, fill, width = _HIGHLIGHT_PEN, _HIGHLIGHT_FILL, 3
        else:
            pen, fill, width = (_LOW_PEN if key in self._weak else _BOX_PEN), _BOX_FILL, 1
        outline = QPen(pen, width)
        outline.setCosmetic(True)  # the same thickness at every zoom
        item.setPen(outline)
        item.setBrush(QBrush(fill))


class ImageViewerWindow(QWidget):
    """A picture full size in a window of its own; Esc closes it (it holds nothing to save)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.viewer = ImageViewer(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.viewer)
        on_escape(self, self.close)
