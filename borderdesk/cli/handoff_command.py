"""``borderdesk handoff``: send, inbox, show, receipt, accept, dispute, return, export, import.

Handoffs between agencies from the command line, through the same services
as the window. ``export`` and ``import`` (signed bundles) live in
``bundle_command``; this module adds them to its actions and hands them over.
Exit 0 when done; 2 with one line naming the reason when refused.
"""

from __future__ import annotations

import argparse
from decimal import Decimal, InvalidOperation
from typing import Any
from uuid import UUID

from borderdesk.errors import UserInputError
from borderdesk.i18n import LANGUAGES, _, language, ngettext

AGENCIES = ("border_guard", "customs", "police", "market_control")
KINDS = ("vehicle", "container", "goods", "evidence", "document")
BUNDLE_ACTIONS = frozenset({"export", "import"})


def add_parser(sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    """Register ``handoff`` and its actions."""
    from borderdesk.cli import bundle_command
    from borderdesk.cli.main import _common

    acting = _common(acting=True)
    handoff = sub.add_parser("handoff", help=_("hand vehicles, goods and evidence to another "
                                               "agency; the agency's inbox"))
    actions = handoff.add_subparsers(dest="handoff_command", metavar=_("ACTION"), required=True,
                                     parser_class=parser_class)
    send = actions.add_parser("send", parents=[acting], help=_("hand over to another agency"))
    send.add_argument("--crossing", metavar="REF",
                      help=_("the crossing's reference (not needed with --seizure)"))
    send.add_argument("--to", required=True, choices=AGENCIES, help=_("the receiving agency"))
    send.add_argument("--to-officer", default="", metavar="USERNAME",
                      help=_("a named officer of the receiving agency"))
    send.add_argument(
        "--item", action="append", default=[], metavar="KIND:DESCRIPTION[:REFERENCE[:QTY UNIT]]",
        help=_("an item ({kinds}); repeat for each item. The reference of a photo is its "
               "SHA-256, of seized goods the seizure line id").format(kinds=", ".join(KINDS)))
    send.add_argument("--seizure", metavar="ID",
                      help=_("hand over a seizure (its goods lines when no --item is given)"))
    send.add_argument("--note", default="")
    send.add_argument("--json", action="store_true", help=_("print JSON"))
    inbox = actions.add_parser("inbox", parents=[acting],
                               help=_("the handoffs waiting for your agency, oldest first"))
    inbox.add_argument("--json", action="store_true", help=_("print JSON"))
    show = actions.add_parser("show", parents=[acting], help=_("one handoff in full"))
    show.add_argument("handoff_id", metavar="ID")
    show.add_argument("--json", action="store_true", help=_("print JSON"))
    receipt = actions.add_parser(
        "receipt", parents=[acting],
        help=_("write the handoff receipt to sign, with its audit checkpoints, as a PDF"))
    receipt.add_argument("handoff_id", metavar="ID")
    receipt.add_argument("--out", required=True, metavar="FILE.pdf", help=_("the PDF to write"))
    receipt.add_argument("--lang", choices=LANGUAGES, default=None,
                         help=_("language of the receipt (default: the active language)"))
    accept = actions.add_parser(
        "accept", parents=[acting],
        help=_("accept a handoff: every item is confirmed unless a discrepancy is named"))
    accept.add_argument("handoff_id", metavar="ID")
    accept.add_argument("--discrepancy", action="append", default=[], metavar="ITEM_ID:REMARK",
                        help=_("an item whose count differs; repeat for each"))
    accept.add_argument("--seal-broken", action="append", default=[],
                        metavar="ITEM_ID[:REMARK]", help=_("an item whose seal is not intact"))
    accept.add_argument("--note", default="")
    dispute = actions.add_parser("dispute", parents=[acting],
                                 help=_("refuse to sign off a handoff, naming the items"))
    dispute.add_argument("handoff_id", metavar="ID")
    dispute.add_argument("--reason", required=True)
    dispute.add_argument("--item", action="append", default=[], metavar="ITEM_ID",
                         help=_("an item in question; repeat for each"))
    returned = actions.add_parser("return", parents=[acting],
                                  help=_("send a handoff back to the sending agency"))
    returned.add_argument("handoff_id", metavar="ID")
    returned.add_argument("--reason", required=True)
    for action in (send, inbox, show, receipt, accept, dispute, returned):
        action.set_defaults(run="handoff_command")
    bundle_command.add_parsers(actions, parser_class)


def _uuid(text: str, what: str) -> UUID:
    try:
        return UUID(text.strip())
    except ValueError:
        raise UserInputError(_("'{value}' is not {what} id.").format(value=text, what=what)
                             ) from None


def parse_item(text: str) -> Any:
    """A ``HandoffItemForm`` from ``KIND:DESCRIPTION[:REFERENCE[:QTY UNIT]]``.

    Raises:
        UserInputError: an unknown kind, no description, or a quantity that is no number.
    """
    from borderdesk.domain.custody import HandoffItemForm, ItemKind

    parts = text.split(":", 3)
    if len(parts) < 2 or parts[0].strip().lower() not in KINDS or not parts[1].strip():
        raise UserInputError(_("--item '{value}': write KIND:DESCRIPTION[:REFERENCE[:QTY UNIT]] "
                               "with KIND one of {kinds}.").format(value=text,
                                                                   kinds=", ".join(KINDS)))
    quantity, unit = None, ""
    if len(parts) == 4 and parts[3].strip():
        amount, _sep, unit = parts[3].strip().partition(" ")
        try:
            quantity = Decimal(amount.replace(",", "."))
        except InvalidOperation:
            raise UserInputError(_("--item '{value}': '{amount}' is not a quantity.")
                                 .format(value=text, amount=amount)) from None
    return HandoffItemForm(kind=ItemKind(parts[0].strip().lower()), description=parts[1].strip(),
                           reference=parts[2].strip() if len(parts) > 2 else "",
                           quantity=quantity, unit=unit.strip())


def run(args: argparse.Namespace) -> int:
    """Run the handoff action ``args`` names."""
    if args.handoff_command in BUNDLE_ACTIONS:
        from borderdesk.cli import bundle_command

        return int(bundle_command.run(args))
    from borderdesk.cli import commands, handoff_output

    # The shared login of every acting command (``--as``, lockout, logout at the end).
    with commands._acting(args) as session:
        action = args.handoff_command
        if action == "send":
            record = _send(session, args)
        elif action == "inbox":
            return handoff_output.print_inbox(session, bool(args.json))
        elif action == "show":
            return handoff_output.print_record(
                session, _show(session, args), bool(args.json))
        elif action == "receipt":
            return _receipt(session, args)
        else:
            record = _settle(session, args)
    handoff_output.print_done(record, session.zone, bool(getattr(args, "json", False)))
    return 0


def _send(session: Any, args: argparse.Namespace) -> Any:
    from borderdesk.domain.custody import Agency, HandoffForm
    from borderdesk.services import handoffs, seizures

    items = tuple(parse_item(text) for text in args.item)
    seizure_id = _uuid(args.seizure, _("a seizure")) if args.seizure else None
    if seizure_id is not None and not items:
        items = seizures.seizure_items(seizures.get_seizure(session.db, session.actor, seizure_id))
    crossing_id = (handoffs.crossing_by_reference(session.db, session.actor, args.crossing)
                   if args.crossing else None)
    return handoffs.send_handoff(session.db, session.actor, HandoffForm(
        to_agency=Agency(args.to), items=items, crossing_id=crossing_id, seizure_id=seizure_id,
        to_officer_username=args.to_officer, note=args.note))


def _show(session: Any, args: argparse.Namespace) -> Any:
    from borderdesk.services import handoffs

    return handoffs.get_handoff(session.db, session.actor, _uuid(args.handoff_id, _("a handoff")))


def _receipt(session: Any, args: argparse.Namespace) -> int:
    from pathlib import Path

    from borderdesk.services.handoff_receipts import write_handoff_receipt

    out = Path(args.out)
    pages = write_handoff_receipt(session.db, session.actor,
                                  _uuid(args.handoff_id, _("a handoff")), out=out,
                                  lang=args.lang or language())
    print(ngettext("{path}: {pages} page", "{path}: {pages} pages", pages).format(
        path=out, pages=pages))
    return 0


def _item_remarks(texts: list[str], record: Any, remark_needed: bool) -> dict[UUID, str]:
    known = {item.item_id for item in record.items}
    found: dict[UUID, str] = {}
    for text in texts:
        item, _sep, remark = text.partition(":")
        item_id = _uuid(item, _("an item"))
        if item_id not in known:
            raise UserInputError(_("{item} is not an item of this handoff.").format(item=item))
        if remark_needed and not remark.strip():
            raise UserInputError(_("Say what differs: ITEM_ID:REMARK."))
        found[item_id] = remark.strip()
    return found


def _settle(session: Any, args: argparse.Namespace) -> Any:
    from borderdesk.domain.custody import ItemConfirmation
    from borderdesk.services import handoffs

    handoff_id = _uuid(args.handoff_id, _("a handoff"))
    db, actor = session.db, session.actor
    if args.handoff_command == "return":
        return handoffs.return_handoff(db, actor, handoff_id, args.reason)
    record = handoffs.get_handoff(db, actor, handoff_id)
    if args.handoff_command == "dispute":
        named = _item_remarks(args.item, record, remark_needed=False)
        return handoffs.dispute_handoff(db, actor, handoff_id, args.reason, [
            ItemConfirmation(item_id, count_ok=False, remark=args.reason) for item_id in named])
    counts = _item_remarks(args.discrepancy, record, remark_needed=True)
    seals = _item_remarks(args.seal_broken, record, remark_needed=False)
    return handoffs.accept_handoff(db, actor, handoff_id, [
        ItemConfirmation(item.item_id, count_ok=item.item_id not in counts,
                         seal_intact=item.item_id not in seals,
                         remark="; ".join(r for r in (counts.get(item.item_id),
                                                      seals.get(item.item_id)) if r))
        for item in record.items], note=args.note)
