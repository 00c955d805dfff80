"""Reading a manifest from any file a trader hands in: photo, scan, PDF, XLSX or CSV.

The file's bytes decide how it is read, never its name alone:

- a PDF whose every page carries real, visible text: its words and rules
  are read from the file (``text_layer``), exactly;
- a scanned PDF, or one whose text is an invisible OCR layer or junk, and
  any photo or scan: OCR (``pipeline.read_document``), unchanged;
- an XLSX workbook or a CSV file: its cells (``documents.spreadsheet``),
  placed like a printed page (``sheet_words``).

Every way ends in the same parser, ``parse.parse_manifest``, so a column is
understood the same whether it was printed, photographed or exported.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from borderdesk.capture.images import PDF, check_size, sniff_media_type
from borderdesk.capture.pdf import plan_pdf
from borderdesk.documents.spreadsheet import (
    OLE_MAGIC,
    XLSX,
    SheetGrid,
    read_spreadsheet,
    spreadsheet_kind,
)
from borderdesk.domain.manifest import ManifestSource
from borderdesk.errors import UserInputError, excerpt
from borderdesk.i18n import N_, _
from borderdesk.ocr.engine import OcrEngine
from borderdesk.ocr.layout import OcrWord, Ruling, rows_from_words
from borderdesk.ocr.parse import ParsedManifest, parse_manifest
from borderdesk.ocr.pipeline import (
    DocumentReading,
    PageReading,
    Word,
    read_document,
    reading_steps,
)
from borderdesk.ocr.sheet_words import lay_out, picture_pages
from borderdesk.ocr.text_layer import DPI, PICTURE_DPI, TextPage, pictures, read_text_layer

TEXT_LAYER = "pdf text layer"
SPREADSHEET_ENGINES = {XLSX: "xlsx"}
CSV_ENGINE = "csv"

NOT_A_MANIFEST_FILE = N_("{name} is not a JPEG, PNG, TIFF, PDF, XLSX or CSV file.")
NO_GOODS_TABLE = N_("{name}: no goods table was found in it: no sheet has a header row naming "
                    "the goods' description, quantity, weight or value columns.")
READ_FROM_SHEET = N_("Read from the sheet {sheet}.")

Progress = Callable[[int, int], None]


def refuse_unless_spreadsheet(data: bytes, name: str) -> None:
    """For a file that is no picture or PDF: refuse it unless it looks like a spreadsheet.

    An old binary workbook (OLE) passes, to be refused by the spreadsheet reader
    with its own advice ("save it as XLSX").

    Raises:
        UserInputError: the file is of no kind BorderDesk reads.
    """
    if spreadsheet_kind(data, name) is None and not data.startswith(OLE_MAGIC):
        raise UserInputError(_(NOT_A_MANIFEST_FILE).format(
            name=excerpt(name) if name else _("The file")))


def read_manifest_file(
    data: bytes,
    name: str = "",
    *,
    languages: str = "vie+eng",
    tesseract_cmd: str = "tesseract",
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    engine: OcrEngine | None = None,
) -> DocumentReading:
    """Read a manifest from the bytes of a photo, scan, PDF, XLSX or CSV file.

    Args:
        data: the file (left untouched).
        name: its name, for messages (and to let a one-column text named .csv be a CSV).
        languages, tesseract_cmd, engine: for OCR, when the file needs it.
        progress: called with (steps done, steps in all).
        cancelled: asked between steps; True stops the reading.

    Raises:
        UserInputError: one line: a file of no kind read here, an encrypted,
            damaged or too long PDF, a spreadsheet beyond the limits or with no
            goods table ...
        EnvironmentProblem: OCR was needed and tesseract is missing.
        OperationCancelled: ``cancelled`` said so.
    """
    step = reading_steps(progress, cancelled)
    check_size(data, name)
    media_type = sniff_media_type(data)
    if media_type == PDF:
        plan = plan_pdf(data, name)  # encrypted, damaged, 500 pages: refused before any work
        step(0, plan.pages + 1)
        pages = read_text_layer(data, name, plan.pages)
        if pages is not None:
            return _from_text_layer(data, pages, pictures(data, name, plan), step)
    if media_type is not None:
        return read_document(data, languages=languages, tesseract_cmd=tesseract_cmd,
                             progress=progress, cancelled=cancelled, engine=engine, name=name)
    refuse_unless_spreadsheet(data, name)
    step(0, 3)
    sheet = read_spreadsheet(data, name)
    step(1, 3)
    engine_name = SPREADSHEET_ENGINES.get(sheet.media_type, CSV_ENGINE)
    reading = _from_sheets(data, name, sheet.sheets, engine_name, step)
    manifest = reading.manifest
    return replace(reading, manifest=replace(
        manifest, warnings=tuple(sheet.warnings) + tuple(manifest.warnings)))


def _source(data: bytes, engine: str) -> ManifestSource:
    if engine == TEXT_LAYER:
        import pdfplumber

        version = str(pdfplumber.__version__)
    elif engine == CSV_ENGINE:
        version = str(csv.__version__)
    else:
        import openpyxl

        version = str(openpyxl.__version__)
    return ManifestSource(image_sha256=hashlib.sha256(data).hexdigest(), engine=engine,
                          engine_version=version, languages="")


def _page_reading(image: np.ndarray[Any, Any], words: Sequence[tuple[int, OcrWord]],
                  parsed: ParsedManifest, scale: float, shift: int, *,
                  step_name: str) -> PageReading:
    """A page of the review: its picture and its words' boxes in the picture's pixels."""
    placed = []
    for index, word in words:
        line_no, field = parsed.word_fields.get(index, (None, None))
        placed.append(Word(word.text, word.confidence, round(word.left * scale),
                           round((word.top - shift) * scale), max(1, round(word.width * scale)),
                           max(1, round(word.height * scale)), line_no, field))
    return PageReading(image, int(image.shape[1]), int(image.shape[0]), tuple(placed),
                       (step_name,))


def _from_text_layer(data: bytes, pages: list[TextPage], drawn: Any,
                     step: Progress) -> DocumentReading:
    words = [word for page in pages for word in page.words]
    rulings: list[Ruling] = [page.ruling for page in pages
                             if page.ruling.vertical or page.ruling.horizontal]
    parsed = parse_manifest(rows_from_words(words), rulings)
    readings = []
    first = 0
    for index, page in enumerate(pages):
        step(index, len(pages) + 1)
        image = next(drawn)
        indexed = list(enumerate(page.words, start=first))
        first += len(page.words)
        readings.append(_page_reading(image, indexed, parsed, PICTURE_DPI / DPI, 0,
                                      step_name=TEXT_LAYER))
    drawn.close()
    step(len(pages) + 1, len(pages) + 1)
    manifest = replace(parsed.manifest, source=_source(data, TEXT_LAYER))
    return DocumentReading(manifest, tuple(readings))


def _from_sheets(data: bytes, name: str, sheets: Sequence[SheetGrid], engine: str,
                 step: Progress) -> DocumentReading:
    """The first visible sheet that holds a goods table, read as a printed page."""
    for sheet in sheets:
        layout = lay_out(sheet.cells)
        parsed = parse_manifest(rows_from_words(layout.words), [layout.ruling])
        if not parsed.manifest.lines:
            continue
        step(2, 3)
        indexed = list(enumerate(layout.words))
        readings = [
            _page_reading(page.image, indexed[page.first:page.first + page.count], parsed,
                          page.scale, page.top, step_name=engine)
            for page in picture_pages(layout)
        ]
        warnings = list(sheet.warnings)
        if len(sheets) > 1:
            warnings.append(_(READ_FROM_SHEET).format(sheet=excerpt(sheet.name, 40)))
        manifest = replace(parsed.manifest, source=_source(data, engine),
                           warnings=tuple(warnings) + tuple(parsed.manifest.warnings))
        step(3, 3)
        return DocumentReading(manifest, tuple(readings))
    raise UserInputError(_(NO_GOODS_TABLE).format(
        name=excerpt(name) if name else _("The spreadsheet")))
