"""``borderdesk evidence add REF FILE... [--kind KIND]``: photos and documents for a crossing.

Each file goes through the evidence service on its own, as the window's
import does: checked whole (real type, no bomb) and stored by its SHA-256.
A file that is refused stops the command with one line naming it; the files
before it stay attached, and the line says how many.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from borderdesk.errors import UserInputError, excerpt
from borderdesk.i18n import _, ngettext

KINDS = ("vehicle", "plate", "front", "rear", "cargo", "seal", "document")
VEHICLE = "front"
"""``vehicle`` (the contract's word) is a photo of the truck from the front."""


def add_parser(sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    """Register ``evidence`` and its action."""
    from borderdesk.cli.main import _common

    evidence = sub.add_parser("evidence", help=_("photos and documents of a crossing"))
    actions = evidence.add_subparsers(dest="evidence_command", metavar=_("ACTION"),
                                      required=True, parser_class=parser_class)
    add = actions.add_parser("add", parents=[_common(acting=True)],
                             help=_("attach photos, scans, PDFs and spreadsheets to a crossing"))
    add.add_argument("reference", metavar="REF", help=_("the crossing's reference"))
    add.add_argument("files", nargs="+", metavar="FILE")
    add.add_argument("--kind", choices=KINDS, help=_(
        "what the files show (default: PDF, XLSX and CSV files are documents, photos cargo; "
        "vehicle is a photo of the truck)"))
    add.add_argument("--json", action="store_true", help=_("print what was attached as JSON"))
    add.set_defaults(run="evidence_command")


def _kind(chosen: str | None, data: bytes) -> Any:
    from borderdesk.capture.images import PDF, sniff_media_type
    from borderdesk.domain.evidence import EvidenceKind

    if chosen:
        return EvidenceKind(VEHICLE if chosen == "vehicle" else chosen)
    # As the window's import: what is no photo (PDF, spreadsheet) is a document.
    media_type = sniff_media_type(data)
    return EvidenceKind.DOCUMENT if media_type in {PDF, None} else EvidenceKind.CARGO


def run(args: argparse.Namespace) -> int:
    """Attach each file in turn; stop at the first one refused."""
    from borderdesk.cli import commands, output
    from borderdesk.intake import read_handed_file
    from borderdesk.limits import DOCUMENT_FILE_BYTES
    from borderdesk.services import evidence
    from borderdesk.services.handoff_views import crossing_by_reference

    attached: list[Any] = []
    with commands._acting(args) as session:
        crossing_id = crossing_by_reference(session.db, session.actor, args.reference)
        for name in args.files:
            path = Path(name)
            try:
                data = read_handed_file(path, DOCUMENT_FILE_BYTES)
                attached.append(evidence.attach_evidence(
                    session.db, session.actor, crossing_id, data, _kind(args.kind, data),
                    source=path.name))
            except UserInputError as error:
                if not attached:
                    raise
                raise UserInputError(ngettext(
                    "{problem} (the file before it is attached)",
                    "{problem} (the {n} files before it are attached)", len(attached),
                ).format(problem=excerpt(error, 300), n=len(attached))) from None
    if args.json:
        output.print_json(attached)
        return 0
    from borderdesk.domain.evidence import kind_label

    for item in attached:
        output.say(_("{source}: attached as {kind}, SHA-256 {sha}").format(
            source=item.source, kind=kind_label(item.kind), sha=item.sha256))
    return 0
