"""``borderdesk ocr FILE [--json] [--lang vie+eng]``: read a manifest from any file.

A photo, a scan or a PDF (with a text layer, read exactly, or scanned, read
by OCR), an XLSX workbook or a CSV file. No database is needed: the file is
read, printed and forgotten.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from borderdesk.i18n import _


def add_parser(sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    """Add the ``ocr`` subcommand to the subparsers ``sub``."""
    ocr = sub.add_parser("ocr", help=_("read a manifest"))
    ocr.add_argument("file", metavar="FILE", help=_(
        "a photo or scan (JPEG, PNG, TIFF), a PDF with or without a text layer, an XLSX "
        "workbook or a CSV file"))
    ocr.add_argument("--json", action="store_true", help=_("print the manifest JSON"))
    ocr.add_argument("--lang", metavar="LANGS",
                     help=_("tesseract languages (default: the settings, vie+eng)"))
    ocr.set_defaults(run="ocr")


def _summary(manifest: Any) -> str:
    header = [
        (_("Document"), manifest.document_no), (_("Date"), manifest.date or ""),
        (_("Consignor"), manifest.consignor), (_("Consignee"), manifest.consignee),
        (_("Vehicle plate"), manifest.vehicle_plate),
        (_("Container"), manifest.container_no), (_("Seal"), manifest.seal_no),
    ]
    out = [f"{label}: {value}" for label, value in header if value]
    for line in manifest.lines:
        out.append(
            _("Line {n}: {hs} {description} | {quantity} {unit} | {weight} kg | {value} "
              "{currency} | {origin}").format(
                n=line.line_no, hs=line.hs_code, description=line.description,
                quantity=line.quantity if line.quantity is not None else "?", unit=line.unit,
                weight=line.gross_weight_kg if line.gross_weight_kg is not None else "?",
                value=line.value if line.value is not None else "?", currency=line.currency,
                origin=line.origin_country or "?")
        )
    out.extend(_("Warning: {text}").format(text=text) for text in manifest.warnings)
    if not manifest.lines:
        out.append(_("No goods lines were read."))
    return "\n".join(out)


def run(args: argparse.Namespace) -> int:
    """Read the file and print the manifest."""
    from borderdesk.config import load_settings
    from borderdesk.documents.manifest_json import manifest_to_dict
    from borderdesk.intake import read_handed_file
    from borderdesk.limits import DOCUMENT_FILE_BYTES
    from borderdesk.ocr.manifest_file import read_manifest_file

    path = Path(args.file)
    # A FIFO, /dev/zero or a folder is refused before a byte is read: none can block or fill
    # the memory.
    data = read_handed_file(path, DOCUMENT_FILE_BYTES)
    settings = load_settings()
    reading = read_manifest_file(
        data, path.name, languages=args.lang or settings.tesseract_languages,
        tesseract_cmd=settings.tesseract_cmd,
    )
    if args.json:
        json.dump(manifest_to_dict(reading.manifest), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print(_summary(reading.manifest))
    return 0
