"""``borderdesk identify IMAGE [--json]``: plates, container numbers, codes and documents.

A photo (JPEG, PNG, TIFF) only: a PDF's pages go through ``borderdesk ocr``.
No database is needed: the photo is read, printed and forgotten; every
reading is a candidate for the officer to confirm, best first.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from borderdesk.i18n import _


def add_parser(sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    """Add the ``identify`` subcommand to the subparsers ``sub``."""
    identify = sub.add_parser(
        "identify", help=_("read plates, container numbers, codes and driver documents"))
    identify.add_argument("image", metavar="IMAGE", help=_("a photo (JPEG, PNG or TIFF)"))
    identify.add_argument("--json", action="store_true", help=_("print JSON"))
    identify.set_defaults(run="identify_command")


def _box(box: tuple[int, int, int, int]) -> list[int]:
    return [int(value) for value in box]


def as_json(reading: Any) -> dict[str, Any]:
    """The reading in the shape DESIGN.md fixes for ``identify --json``."""
    return {
        "plates": [
            {"text": p.text, "country": p.country, "valid": p.valid,
             "confidence": round(p.confidence, 3), "box": _box(p.box),
             "script_text": p.script_text}
            for p in reading.plates
        ],
        "containers": [
            {"text": c.text, "valid": c.valid, "confidence": round(c.confidence, 3),
             "box": _box(c.box)}
            for c in reading.containers
        ],
        "codes": [{"format": c.format, "text": c.text, "box": _box(c.box)}
                  for c in reading.codes],
        "documents": [{"kind": d.kind, "fields": dict(d.fields), "valid": d.valid}
                      for d in reading.documents],
    }


def _table(reading: Any) -> str:
    yes, no = _("valid"), _("check by eye")
    rows: list[tuple[str, str, str, str]] = []
    for plate in reading.plates:
        text = f"{plate.text}  {plate.script_text}" if plate.script_text else plate.text
        rows.append((_("Plate"), text, plate.country, yes if plate.valid else no))
    for box in reading.containers:
        rows.append((_("Container"), box.text, "", yes if box.valid else no))
    for code in reading.codes:
        rows.append((_("Code"), code.shown, code.format, ""))
    for document in reading.documents:
        fields = ", ".join(f"{k}={v}" for k, v in document.fields.items())
        rows.append((_("Document"), fields, document.kind, yes if document.valid else no))
    if not rows:
        return _("Nothing was read: no plate, container number, code or document.")
    header = (_("Found"), _("Reading"), _("Country or kind"), _("Check"))
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(4)]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
             .rstrip() for row in [header, *rows]]
    # What each country's plate carries that is not read, said once per country.
    said: dict[str, str] = {}
    for plate in reading.plates:
        if plate.unreadable and plate.unreadable not in said:
            said[plate.unreadable] = plate.country
    lines += [f"{country}: {_(note)}" for note, country in said.items()]
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Read the photo and print what was found, best first."""
    from borderdesk.config import load_settings
    from borderdesk.intake import read_handed_file
    from borderdesk.limits import DOCUMENT_FILE_BYTES
    from borderdesk.services.identifier_readings import read_photo

    path = Path(args.image)
    data = read_handed_file(path, DOCUMENT_FILE_BYTES)
    reading = read_photo(data, path.name, load_settings().tesseract_cmd)
    if args.json:
        json.dump(as_json(reading), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print(_table(reading))
    return 0
