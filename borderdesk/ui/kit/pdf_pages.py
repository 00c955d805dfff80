"""A generated PDF's pages as images: for the preview, and painted on a printer.

PySide6-Essentials has no QtPdf, so pdfium (pypdfium2) rasterises the pages.
Everything here may run on a worker thread: QImage and a QPainter on a
QPrinter are thread-safe in Qt, QPixmap and widgets are not. pdfium itself is
not thread-safe, so every call into it holds the one lock capture/pdf.py keeps
for the whole application.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, QSizeF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter

from borderdesk.capture.pdf import PDFIUM
from borderdesk.errors import EnvironmentProblem, UserInputError
from borderdesk.i18n import _
from borderdesk.reasons import reason_for

log = logging.getLogger("borderdesk.ui")

PREVIEW_DPI = 110
"""Sharp at 100 % zoom on an ordinary screen; about 3.5 MB per A4 page."""
PRINT_DPI_LIMIT = 300
"""Printers announce up to 1,200 dpi: an A4 page at that is 400 MB, at 300 dpi 26 MB."""
POINTS_PER_INCH = 72

if TYPE_CHECKING:
    import pypdfium2 as pdfium

_pdfium = PDFIUM


@dataclass(frozen=True)
class RenderedPdf:
    """The pages of a PDF rendered for the preview."""

    path: Path
    images: tuple[QImage, ...]
    page_size_pt: tuple[float, float]
    """The first page's width and height in points, to set up the printer."""


def _open(path: Path) -> pdfium.PdfDocument:
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(path)
    except OSError as error:
        raise UserInputError(_("{file}: cannot be read: {reason}").format(
            file=path.name, reason=reason_for(error))) from None
    except pdfium.PdfiumError as error:
        # pdfium's English ("Data format error") is for the log, not inside our sentence.
        log.info("%s: pdfium refused to open it: %s", path.name, error)
        raise UserInputError(
            _("{name} is not a readable PDF: it is damaged or not a PDF.").format(name=path.name)
        ) from None


def _to_qimage(page: pdfium.PdfPage, dpi: float) -> QImage:
    # 3-byte RGB straight from pdfium; copy() detaches the image from pdfium's buffer.
    bitmap = page.render(scale=dpi / POINTS_PER_INCH, rev_byteorder=True)
    try:
        array = bitmap.to_numpy()
        height, width = array.shape[:2]
        image = QImage(array.data, width, height, bitmap.stride, QImage.Format.Format_RGB888)
        return image.copy()
    finally:
        bitmap.close()


def page_images(
    path: Path, dpi: float, first: int = 1, last: int | None = None
) -> Iterator[QImage]:
    """The pages ``first``..``last`` (1-based, inclusive) of a PDF, one image at a time.

    Raises:
        UserInputError: the file is not a readable PDF.
    """
    with _pdfium:
        document = _open(path)
        try:
            end = len(document) if last is None else min(last, len(document))
            indexes = range(max(first, 1) - 1, end)
        except BaseException:
            document.close()
            raise
    try:
        for index in indexes:
            with _pdfium:
                page = document[index]
                try:
                    image = _to_qimage(page, dpi)
                finally:
                    page.close()
            yield image
    finally:
        with _pdfium:
            document.close()


def render_preview(path: Path, dpi: float = PREVIEW_DPI) -> RenderedPdf:
    """Every page of the PDF at ``dpi``, with the first page's size (worker thread)."""
    with _pdfium:
        document = _open(path)
        try:
            size = document.get_page_size(0) if len(document) else (595.0, 842.0)
        finally:
            document.close()
    return RenderedPdf(path, tuple(page_images(path, dpi)), (float(size[0]), float(size[1])))


def prepare_printer(printer: QPrinter, page_size_pt: tuple[float, float]) -> None:
    """Offer the report's own paper size and orientation in the print dialog.

    The printer paints on the whole sheet (full page): the report's own
    margins already keep the text off the edge.
    """
    width, height = page_size_pt
    portrait = height >= width
    size = QPageSize(QSizeF(min(width, height), max(width, height)), QPageSize.Unit.Point)
    printer.setPageSize(size)
    printer.setPageOrientation(
        QPageLayout.Orientation.Portrait if portrait else QPageLayout.Orientation.Landscape
    )
    printer.setFullPage(True)


def print_pdf(path: Path, printer: QPrinter) -> int:
    """Paint the pages of the PDF on ``printer`` (worker thread allowed); the pages printed.

    Honours the page range chosen in the print dialog. Each page is rendered
    at the printer's resolution (at most ``PRINT_DPI_LIMIT``) and scaled to
    fill the sheet, keeping its proportions.

    Raises:
        EnvironmentProblem: the printer cannot be opened.
        UserInputError: the file is not a readable PDF.
    """
    dpi = min(printer.resolution(), PRINT_DPI_LIMIT)
    first, last = 1, None
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first, last = printer.fromPage(), printer.toPage() or None
    painter = QPainter()
    printed = 0
    try:
        for image in page_images(path, dpi, first, last):
            if printed == 0:
                if not painter.begin(printer):
                    name = printer.printerName() or printer.outputFileName()
                    raise EnvironmentProblem(_(
                        "The printer {name} cannot be used: check that it is on and connected."
                    ).format(name=name))
            elif not printer.newPage():
                raise EnvironmentProblem(_("The printer stopped after {pages} pages.").format(
                    pages=printed))
            _paint_page(painter, image)
            printed += 1
    finally:
        if painter.isActive():
            painter.end()
    return printed


def _paint_page(painter: QPainter, image: QImage) -> None:
    sheet = QRectF(painter.viewport())
    scale = min(sheet.width() / image.width(), sheet.height() / image.height())
    width, height = image.width() * scale, image.height() * scale
    target = QRectF(sheet.x() + (sheet.width() - width) / 2,
                    sheet.y() + (sheet.height() - height) / 2, width, height)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    painter.drawImage(target, image)
