"""``borderdesk crossing ACTION REF``: a crossing's workflow, one service action per command.

Actions: show, declare, manifest, check, override, inspect, seize, release,
cancel. The crossing is found by its reference; each action is the
service call the window makes, so the window's permissions and the
lifecycle's rules hold here too. Exit 0 when done; 2 with one line when refused (role,
state, a bad file or value). With ``--json`` every action prints the crossing
as ``crossing show --json`` does, after the action.
"""

from __future__ import annotations

import argparse
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any
from uuid import UUID

from borderdesk.errors import EnvironmentProblem, UserInputError, excerpt
from borderdesk.i18n import _, ngettext

if TYPE_CHECKING:
    from borderdesk.cli.commands import _Session
    from borderdesk.domain.crossing import CrossingAction
    from borderdesk.domain.custody import SeizedLine

CHANNELS = ("green", "yellow", "red")
INSPECTION_KINDS = ("documents", "physical")
INSPECTION_RESULTS = ("clear", "discrepancy")
ITEM_FORMAT = "DESCRIPTION:QTY UNIT[:HS[:SEAL]]"


def add_parser(sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    """Register ``crossing`` and its actions."""
    from borderdesk.cli.main import _common

    acting = _common(acting=True)
    crossing = sub.add_parser("crossing", help=_("a crossing's workflow: show it, record its "
                                                 "documents, checks, inspections and decisions"))
    actions = crossing.add_subparsers(dest="crossing_command", metavar=_("ACTION"),
                                      required=True, parser_class=parser_class)

    def action(name: str, text: str, *, as_json: str | None = None) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = actions.add_parser(name, parents=[acting], help=text)
        parser.add_argument("reference", metavar="REF",
                            help=_("the crossing's reference, e.g. LA-261125-7F3K2"))
        parser.add_argument("--json", action="store_true", help=as_json or _(
            "print the crossing as 'crossing show --json' does, after the action"))
        parser.set_defaults(run="crossing_command")
        return parser

    action("show", _("the crossing: status, channel, latest check, override in force"),
           as_json=_("print JSON"))
    declare = action("declare", _("record the declaration (JSON, CSV or XML) as its next version"))
    declare.add_argument("file", metavar="FILE")
    manifest = action("manifest", _(
        "record the manifest as its next version: manifest JSON as it is; a photo, scan, PDF, "
        "XLSX or CSV file is attached as a document and read"))
    manifest.add_argument("file", metavar="FILE")
    action("check", _("run the cross-checks (each run is a new one); print the findings"))
    override = action("override", _("send the crossing through another channel, with a reason"))
    override.add_argument("--channel", required=True, choices=CHANNELS)
    override.add_argument("--reason", required=True, help=_("why (kept in the audit trail)"))
    inspect = action("inspect", _("record an inspection and what it found"))
    inspect.add_argument("--kind", required=True, choices=INSPECTION_KINDS)
    inspect.add_argument("--result", required=True, choices=INSPECTION_RESULTS)
    inspect.add_argument("--finding", action="append", default=[], metavar="RULE",
                         help=_("a rule the inspection confirmed (with discrepancy); repeat "
                                "for each"))
    inspect.add_argument("--unpredicted", default="", metavar="TEXT", help=_(
        "a violation found that no finding predicted (with discrepancy), in your words"))
    inspect.add_argument("--note", default="")
    seize = action("seize", _("seize goods: the crossing is held"))
    seize.add_argument("--reason", required=True, help=_("why (kept in the audit trail)"))
    seize.add_argument("--item", action="append", default=[], metavar=ITEM_FORMAT,
                       help=_("a line of seized goods, e.g. \"Rượu ngoại:24 BOTTLE:2208\"; "
                              "repeat for each (the description has no ':')"))
    seize.add_argument("--storage", default="", metavar="TEXT",
                       help=_("where the seized goods are kept"))
    seize.add_argument("--seal", action="append", default=[], metavar="SEAL",
                       help=_("a seal put on the seized goods; repeat for each"))
    seize.add_argument("--finding", action="append", default=[], metavar="RULE",
                       help=_("a rule whose finding justifies the seizure; repeat for each"))
    for name, text in (("release", _("release a held crossing (supervisor), with a reason")),
                       ("cancel", _("cancel a crossing that is not held, with a reason"))):
        closing = action(name, text)
        closing.add_argument("--reason", required=True, help=_("why (kept in the audit trail)"))
        closing.add_argument("--expected-version", type=int, metavar="N",
                             help=_("refuse if the crossing changed since 'show' gave this "
                                    "version"))


def parse_item(text: str) -> SeizedLine:
    """A seized line from ``DESCRIPTION:QTY UNIT[:HS[:SEAL]]``.

    Raises:
        UserInputError: one line naming the item and what to write.
    """
    from borderdesk.domain.custody import SeizedLine

    parts = [part.strip() for part in text.split(":")]
    amount, _sep, unit = parts[1].partition(" ") if len(parts) > 1 else ("", "", "")
    malformed = UserInputError(_("--item '{value}': write {format}; the description may not "
                                 "contain ':'.").format(value=excerpt(text), format=ITEM_FORMAT))
    if not 2 <= len(parts) <= 4 or not parts[0] or not amount or not unit.strip():
        raise malformed
    try:
        quantity = Decimal(amount.replace(",", "."))
    except InvalidOperation:
        if len(parts) > 2:
            # "Rice: long grain:12 BAG": the ':' in the description is the likelier slip.
            raise malformed from None
        raise UserInputError(_("--item '{value}': '{amount}' is not a quantity.").format(
            value=excerpt(text), amount=excerpt(amount))) from None
    return SeizedLine(description=parts[0], quantity=quantity, unit=unit.strip(),
                      hs_code=parts[2] if len(parts) > 2 else "",
                      bag_seal_no=parts[3] if len(parts) > 3 else "")


def _checked_arguments(args: argparse.Namespace) -> tuple[SeizedLine, ...]:
    """What can be judged before logging in: a typo needs no password."""
    if args.crossing_command == "seize":
        if not args.item:
            raise UserInputError(_("Name the seized goods: add --item {format}.").format(
                format=ITEM_FORMAT))
        if not args.storage.strip():
            raise UserInputError(_("Say where the seized goods are kept: add --storage TEXT."))
        return tuple(parse_item(text) for text in args.item)
    return ()


def run(args: argparse.Namespace) -> int:
    """Run the crossing action ``args`` names and print the outcome."""
    from borderdesk.cli import commands, crossing_output, output
    from borderdesk.services.handoff_views import crossing_by_reference

    items = _checked_arguments(args)
    with commands._acting(args) as session:
        crossing_id = crossing_by_reference(session.db, session.actor, args.reference)
        state = ""
        if args.crossing_command == "override":
            done, state = _override(session, crossing_id, args)
        else:
            done = _act(session, crossing_id, args, items)
        view = crossing_output.crossing_json(session.db, session.actor, crossing_id)
    if args.json and state:
        # The override's own id and state first: pending while a lower channel waits.
        override = view["override_request" if state == "pending" else "override"]
        output.print_json({"override_id": override["override_id"], "state": state, **view})
    elif args.json:
        output.print_json(view)
    elif args.crossing_command == "show":
        print(crossing_output.summary(view, session.zone))
    elif args.crossing_command == "check":
        print(crossing_output.findings_table(view))
        print(crossing_output.summary(view, session.zone).splitlines()[1])
    else:
        print(done)
        print(crossing_output.summary(view, session.zone).splitlines()[1])
    return 0


def _act(session: _Session, crossing_id: UUID, args: argparse.Namespace,
         items: tuple[SeizedLine, ...]) -> str:
    """Do the action; return the line that says what was done."""
    from borderdesk.services import checks, crossing_lifecycle, inspections, seizures

    db, actor, action = session.db, session.actor, args.crossing_command
    if action == "show":
        return ""
    if action == "declare":
        return _declare(session, crossing_id, Path(args.file))
    if action == "manifest":
        return _manifest(session, crossing_id, Path(args.file))
    if action == "check":
        checks.run_check(db, actor, crossing_id)
        return ""
    if action == "inspect":
        from borderdesk.domain.custody import InspectionForm, InspectionKind, InspectionResult

        inspections.record_inspection(db, actor, InspectionForm(
            crossing_id=crossing_id, kind=InspectionKind(args.kind),
            result=InspectionResult(args.result), notes=args.note,
            finding_rules=tuple(args.finding), unpredicted=args.unpredicted))
        return _("Inspection recorded.")
    if action == "seize":
        from borderdesk.domain.custody import SeizureForm

        record = seizures.record_seizure(db, actor, SeizureForm(
            crossing_id=crossing_id, lines=items, reason=args.reason,
            storage_location=args.storage, seal_nos=tuple(args.seal),
            finding_rules=tuple(args.finding)))
        return _("Seizure {id} recorded.").format(id=record.seizure_id)
    if action == "release":
        crossing_lifecycle.release_hold(db, actor, crossing_id, args.reason,
                                        expected_version=args.expected_version)
        return _("Hold released.")
    crossing_lifecycle.cancel_crossing(db, actor, crossing_id, args.reason,
                                       expected_version=args.expected_version)
    return _("Crossing cancelled.")


def _override(session: _Session, crossing_id: UUID,
              args: argparse.Namespace) -> tuple[str, str]:
    """Override the channel; the line that says whether it is in force, and its state."""
    from borderdesk.domain.crossing import Channel, label
    from borderdesk.services import overrides

    result = overrides.override_channel(session.db, session.actor, crossing_id,
                                        Channel(args.channel), args.reason)
    if result.state == "pending":
        return _("Lowering to {channel} waits for a supervisor's approval (request {id}); the "
                 "{current} channel stays in force until then.").format(
            channel=label(Channel(args.channel)).lower(), id=result.override_id,
            current=label(result.channel).lower()), result.state.value
    return _("Channel overridden: in force now."), result.state.value


def _declare(session: _Session, crossing_id: UUID, path: Path) -> str:
    from borderdesk.documents.declarations import declaration_format
    from borderdesk.intake import read_handed_file
    from borderdesk.limits import STRUCTURED_FILE_BYTES
    from borderdesk.services import checks

    data = read_handed_file(path, STRUCTURED_FILE_BYTES)
    declaration = checks.parse_declaration_bytes(data, path.name)
    version = checks.save_declaration(session.db, session.actor, crossing_id, declaration,
                                      source_format=declaration_format(path.name, data))
    return _("Declaration {number} saved as version {version}.").format(
        number=declaration.declaration_no, version=version)


def _manifest(session: _Session, crossing_id: UUID, path: Path) -> str:
    """A manifest JSON (typed, or exported by a carrier) is saved as it is; any other file
    is attached as a document and read from there, as the window's **Read manifest** does."""
    from borderdesk.cli import check_command
    from borderdesk.config import load_settings
    from borderdesk.domain.crossing import CrossingAction
    from borderdesk.domain.evidence import EvidenceKind
    from borderdesk.intake import read_handed_file
    from borderdesk.limits import DOCUMENT_FILE_BYTES
    from borderdesk.services import evidence, manifests

    db, actor = session.db, session.actor
    data = read_handed_file(path, DOCUMENT_FILE_BYTES)
    if check_command.is_manifest_json(path, data):
        record = manifests.save_manifest(db, actor, crossing_id,
                                         check_command.manifest_json(path, data))
    else:
        # Attaching is allowed on any crossing: ask first, so a refused reading leaves no file.
        _refuse_unless_open(session, crossing_id, CrossingAction.READ_MANIFEST)
        settings = load_settings()
        item = evidence.attach_evidence(db, actor, crossing_id, data, EvidenceKind.DOCUMENT,
                                        source=path.name)
        try:
            record = manifests.read_manifest(db, actor, crossing_id, item.sha256,
                                             languages=settings.tesseract_languages,
                                             tesseract_cmd=settings.tesseract_cmd)
        except (UserInputError, EnvironmentProblem) as error:
            # Tesseract missing or a page with no goods table: the document is kept all the same.
            kept = _("{problem} (the file stays attached as evidence)").format(
                problem=excerpt(error, 300))
            raise (EnvironmentProblem(kept) if isinstance(error, EnvironmentProblem)
                   else UserInputError(kept)) from None
    lines = len(record.manifest.lines)
    return ngettext("Manifest saved as version {version}: {lines} line.",
                    "Manifest saved as version {version}: {lines} lines.", lines).format(
        version=record.version, lines=lines)


def _refuse_unless_open(session: _Session, crossing_id: UUID, action: CrossingAction) -> None:
    """Refuse ``action`` before anything is written, in the lifecycle's own words; the
    service asks again when it acts."""
    from borderdesk.access.permissions import require
    from borderdesk.domain.crossing import label
    from borderdesk.services import crossing_lifecycle, crossings

    db, actor = session.db, session.actor
    if action in crossing_lifecycle.actions_open(db, actor, crossing_id):
        return
    require(actor.role, crossing_lifecycle.LIFECYCLE[action].permission)
    status = crossings.get_crossing(db, actor, crossing_id).status
    raise UserInputError(crossing_lifecycle.refusal(action, status) or _(
        "The crossing does not allow you to {action} now.").format(action=label(action)))
