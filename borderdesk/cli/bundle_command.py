"""``borderdesk handoff export ID --out FILE`` and ``borderdesk handoff import FILE``.

Signed bundles carry a handoff to a gate or an agency on another system
(``docs/bundles.md``). ``handoff_command`` adds these two actions to its own
and hands them here. Exit 0 when written or imported; 2 with one line naming
the reason when refused (nothing is imported then).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any
from uuid import UUID

from borderdesk.errors import UserInputError
from borderdesk.i18n import _

ACTIONS = ("export", "import")


def add_parsers(handoff_sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    """Add ``export`` and ``import`` to the actions of ``borderdesk handoff``.

    Both set ``run="handoff_command"`` and ``bundle_action``, by which
    ``handoff_command.run`` passes them to ``run`` here.
    """
    from borderdesk.cli.main import _common

    acting = _common(acting=True)
    export = handoff_sub.add_parser(
        "export", parents=[acting],
        help=_("write a handoff to a signed bundle for another gate or agency"))
    export.add_argument("handoff_id", metavar="ID", help=_("the handoff's id"))
    export.add_argument("--out", required=True, metavar="FILE",
                        help=_("the bundle file to write (a zip)"))
    export.set_defaults(run="handoff_command", bundle_action="export")
    imported = handoff_sub.add_parser(
        "import", parents=[acting], help=_("verify a signed bundle and import its handoff"))
    imported.add_argument("bundle", metavar="FILE", help=_("the bundle file"))
    imported.set_defaults(run="handoff_command", bundle_action="import")


def _handoff_id(text: str) -> UUID:
    try:
        return UUID(text.strip())
    except ValueError:
        raise UserInputError(_("'{value}' is not a handoff id.").format(value=text)) from None


def run(args: argparse.Namespace) -> int:
    """Export or import, as ``args.bundle_action`` says."""
    from borderdesk.cli import commands, output
    from borderdesk.domain.custody import custody_label
    from borderdesk.services import bundles

    if args.bundle_action == "export":
        handoff_id = _handoff_id(args.handoff_id)
        # The shared login of every acting command (``--as``, lockout, logout at the end).
        with commands._acting(args) as session:
            info = bundles.export_handoff(session.db, session.actor, handoff_id,
                                          Path(args.out))
        output.say(_("Wrote {path}: handoff {handoff}; items: {items}, evidence files: "
                     "{files}; signed by key {fingerprint}; SHA-256 {sha256}.").format(
            path=info.path, handoff=info.handoff_id, items=info.items,
            files=info.evidence_files, fingerprint=info.signer_fingerprint, sha256=info.sha256))
        return 0
    with commands._acting(args) as session:
        record = bundles.import_bundle(session.db, session.actor, Path(args.bundle))
    summary = record.summary
    output.say(_("Imported handoff {handoff} ({reference}) from {sender} to {receiver}; "
                 "items: {items}; {state}.").format(
        handoff=summary.handoff_id, reference=summary.reference,
        sender=custody_label(summary.from_agency), receiver=custody_label(summary.to_agency),
        items=summary.items, state=custody_label(summary.state).lower()))
    return 0
