"""``borderdesk check --declaration FILE --manifest FILE [--json] [--db URL]``.

Cross-checks a declaration file against a manifest (manifest JSON, or a
photo, scan, PDF, XLSX or CSV file read first) and prints the findings and the channel.
Uses the shipped watch lists, or the gate's current lists with ``--db``:
without ``--db`` it is a pure file tool and needs no officer; with it, an
officer whose role runs the cross-checks (``--as``), as the queue's checks do.
Exit 0 whatever the channel (a red channel is a result, not an error); 2 for
bad input, on one line naming the file, line and field.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from borderdesk.errors import EnvironmentProblem, UserInputError, excerpt
from borderdesk.i18n import _


def add_parser(sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    """Register the ``check`` subcommand."""
    parser = sub.add_parser(
        "check", help=_("cross-check a declaration against a manifest; print the findings "
                        "and the channel"))
    parser.add_argument("--declaration", required=True, metavar="FILE",
                        help=_("the declaration: JSON, CSV or XML"))
    parser.add_argument("--manifest", required=True, metavar="FILE",
                        help=_("the manifest: manifest JSON, or a photo, scan, PDF, XLSX or CSV "
                               "file to read"))
    parser.add_argument("--json", action="store_true", help=_("print the check result JSON"))
    parser.add_argument(
        "--db", metavar="URL",
        help=_("check against this gate database's current watch lists (default: the "
               "lists shipped with BorderDesk); needs --as"))
    from borderdesk.cli.main import officer_option

    officer_option(parser)
    parser.set_defaults(run="check")


def _read_bytes(path: Path) -> bytes:
    # It may be a scan or a PDF: the document bound, the JSON one checked once it is known.
    from borderdesk.intake import read_handed_file
    from borderdesk.limits import DOCUMENT_FILE_BYTES

    return read_handed_file(path, DOCUMENT_FILE_BYTES)


def manifest_json(path: Path, data: bytes) -> Any:
    """The ``Manifest`` a manifest JSON file holds.

    Raises:
        UserInputError: too large, not UTF-8, not JSON or not a manifest (naming the place).
    """
    from borderdesk.documents.declaration_json import located
    from borderdesk.documents.manifest_json import manifest_from_dict
    from borderdesk.json_input import JsonRefused, load_json
    from borderdesk.limits import STRUCTURED_FILE_BYTES

    name = excerpt(path.name)
    if len(data) > STRUCTURED_FILE_BYTES:
        raise UserInputError(_("{file}: a manifest JSON may be at most {limit} MB").format(
            file=name, limit=STRUCTURED_FILE_BYTES // 1024 // 1024))
    try:
        parsed = load_json(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise UserInputError(_("{file}: not UTF-8 text").format(file=name)) from None
    except JsonRefused as error:
        raise located(path.name, error.where(), error.problem) from None
    return manifest_from_dict(parsed, source_name=path.name)


def is_manifest_json(path: Path, data: bytes) -> bool:
    """Whether a file handed in as a manifest is manifest JSON (else a page to read)."""
    if path.suffix.lower() == ".json":
        return True
    return data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{"


def read_manifest_file(path: Path) -> Any:
    """The manifest of ``path``: manifest JSON, or read from a photo, scan, PDF, XLSX or CSV.

    Raises:
        UserInputError: one line naming the file: not a regular file (FIFO, device,
            folder, symlink loop), too large, not JSON we accept, or a bad field.
    """
    data = _read_bytes(path)
    if is_manifest_json(path, data):
        return manifest_json(path, data)
    try:
        from borderdesk.ocr.manifest_file import read_manifest_file as read_file
    except ImportError:
        raise EnvironmentProblem(_(
            "{file}: OCR is not available in this BorderDesk; give the manifest as JSON"
        ).format(file=path.name)) from None
    from borderdesk.config import load_settings

    settings = load_settings()
    reading = read_file(data, path.name, languages=settings.tesseract_languages,
                        tesseract_cmd=settings.tesseract_cmd)
    return reading.manifest


def run(args: argparse.Namespace) -> int:
    """Run the check and print it; 0 for any channel."""
    from borderdesk.cli import output
    from borderdesk.rules.check import check, check_result_to_dict
    from borderdesk.services.checks import (
        check_settings,
        read_declaration_file,
        shipped_nomenclature,
    )

    if args.db and not args.acting:
        # Asked before the files are read: the officer is missing whatever they hold.
        raise UserInputError(_("{command} needs an officer: add --as USER").format(
            command="check --db"))
    declaration = read_declaration_file(Path(args.declaration))
    manifest = read_manifest_file(Path(args.manifest))
    if args.db:
        from borderdesk.cli import commands
        from borderdesk.services.watchlists import watch_lists_for_check

        with commands._acting(args) as session:
            watch_lists = watch_lists_for_check(session.db, session.actor)
    else:
        from borderdesk.documents.watchlist_files import shipped_watch_lists

        watch_lists = shipped_watch_lists()
    result = check(declaration, manifest, arrival=None, watch_lists=watch_lists,
                   nomenclature=shipped_nomenclature(), settings=check_settings())
    if args.json:
        output.print_json(check_result_to_dict(result))
        return 0
    points = {c.finding_index: c.points for c in result.contributions}
    rows = [
        [str(f.line) if f.line is not None else "", str(f.rule), str(f.severity),
         str(points.get(index, 0)), " ".join(f.message.split())]
        for index, f in enumerate(result.findings)
    ]
    if rows:
        print(output.table([_("Line"), _("Rule"), _("Severity"), _("Points"), _("Finding")],
                           rows))
    else:
        print(_("No findings."))
    from borderdesk.domain.crossing import label

    print(_("Channel: {channel} (score {score})").format(
        channel=label(result.channel), score=result.score))
    sys.stdout.flush()
    return 0
