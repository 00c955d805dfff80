"""``borderdesk override approve|refuse ID`` and ``override pending``: four eyes on a lowered
channel.

A customs officer's lowered channel (``crossing override`` to a lower one) waits
for a supervisor other than the officer who asked. ``pending`` lists what waits
at the gate; ``approve`` puts one in force, ``refuse`` keeps the channel. The
service decides who may: a refusal is one line, exit 2.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any
from uuid import UUID

from borderdesk.errors import UserInputError, excerpt
from borderdesk.i18n import _

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from borderdesk.services.overrides import OverrideResult, PendingOverride


def add_parser(sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    """Register ``override`` and its actions."""
    from borderdesk.cli.main import _common

    acting = _common(acting=True)
    override = sub.add_parser("override", help=_(
        "a supervisor's decision on a lowered channel: approve, refuse, or list those waiting"))
    actions = override.add_subparsers(dest="override_command", metavar=_("ACTION"),
                                      required=True, parser_class=parser_class)
    for name, text in (("approve", _("put a lowered channel in force")),
                       ("refuse", _("refuse a lowered channel: the channel in force stays"))):
        action = actions.add_parser(name, parents=[acting], help=text)
        action.add_argument("override_id", metavar="ID",
                            help=_("the request's id, as 'override pending' lists it"))
        action.add_argument("--reason", default="", help=_(
            "why (kept in the audit trail; needed to refuse)"))
        action.add_argument("--json", action="store_true", help=_("print JSON"))
        action.set_defaults(run="override_command")
    pending = actions.add_parser("pending", parents=[acting],
                                 help=_("the lowered channels waiting for a supervisor"))
    pending.add_argument("--json", action="store_true", help=_("print JSON"))
    pending.set_defaults(run="override_command")


def override_id(text: str) -> UUID:
    """The request's id from the command line.

    Raises:
        UserInputError: not an id.
    """
    try:
        return UUID(text.strip())
    except ValueError:
        raise UserInputError(_("'{value}' is not an override id: copy it from 'borderdesk "
                               "override pending'.").format(value=excerpt(text))) from None


def run(args: argparse.Namespace) -> int:
    """Decide on a lowered channel, or list those waiting; print the outcome."""
    from borderdesk.cli import commands, output
    from borderdesk.services import crossings, overrides

    wanted = None if args.override_command == "pending" else override_id(args.override_id)
    with commands._acting(args) as session:
        db, actor = session.db, session.actor
        if wanted is None:
            waiting = overrides.pending_overrides(db, actor)
            if args.json:
                output.print_json([pending_json(p) for p in waiting])
            else:
                print(pending_table(waiting, session.zone))
            return 0
        if args.override_command == "approve":
            result = overrides.approve_override(db, actor, wanted, args.reason)
        else:
            result = overrides.refuse_override(db, actor, wanted, args.reason)
        assert result.crossing_id is not None
        reference = crossings.get_crossing(db, actor, result.crossing_id).reference
    if args.json:
        output.print_json(decision_json(result, reference))
    else:
        print(decision_line(result, reference))
    return 0


def decision_json(result: OverrideResult, reference: str) -> dict[str, Any]:
    """The decision as scripts read it: the request, its state, the channel in force."""
    return {"override_id": str(result.override_id), "state": result.state.value,
            "reference": reference, "channel": result.channel.value}


def decision_line(result: OverrideResult, reference: str) -> str:
    """The decision in one line."""
    from borderdesk.domain.crossing import label

    channel = label(result.channel).lower()
    if result.state == "in_force":
        return _("Approved: {reference} now goes through the {channel} channel.").format(
            reference=reference, channel=channel)
    return _("Refused: {reference} stays in the {channel} channel.").format(
        reference=reference, channel=channel)


def pending_json(item: PendingOverride) -> dict[str, Any]:
    """One request waiting, as ``override pending --json`` prints it."""
    return {"override_id": str(item.override_id), "reference": item.reference,
            "plate": item.plate, "trader": item.trader, "from": item.from_channel.value,
            "channel": item.channel.value, "asked_by": item.asked_by, "reason": item.reason,
            "at": item.at.isoformat(), "own": item.own}


def pending_table(waiting: list[PendingOverride], zone: ZoneInfo) -> str:
    """The requests waiting, as a table (or a line saying there are none)."""
    from borderdesk.cli import output
    from borderdesk.domain.crossing import label

    if not waiting:
        return _("No lowered channel waits for a supervisor.")
    rows = [[str(p.override_id), p.reference, p.plate, excerpt(p.trader, 40),
             f"{label(p.from_channel)} → {label(p.channel)}", p.asked_by,
             excerpt(p.reason, 60), p.at.astimezone(zone).strftime("%Y-%m-%d %H:%M")]
            for p in waiting]
    return output.table([_("ID"), _("Reference"), _("Plate"), _("Trader"), _("Channel"),
                         _("Asked by"), _("Reason"), _("When")], rows)
