"""What ``borderdesk handoff`` prints: the inbox, one handoff in full, a one-line result."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from borderdesk.cli import output
from borderdesk.config import load_settings
from borderdesk.domain.custody import HandoffItemRecord, HandoffRecord, custody_label
from borderdesk.i18n import _


def _print_json(value: Any) -> None:
    # Quantities are Decimals, which cli.output leaves to json: written as exact strings.
    print(json.dumps(output._plain(value), ensure_ascii=False, indent=2,
                     default=lambda d: f"{d.normalize():f}" if isinstance(d, Decimal) else d))


def _local(at: datetime, zone: ZoneInfo) -> str:
    return at.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def print_inbox(session: Any, as_json: bool) -> int:
    """Print the pending handoffs of the officer's agency, oldest first; overdue marked."""
    from borderdesk.services import handoffs

    overdue = timedelta(minutes=load_settings().handoff_overdue_minutes)
    rows = handoffs.inbox(session.db, session.actor, overdue_after=overdue)
    if as_json:
        _print_json(rows)
        return 0
    if not rows:
        output.say(_("No handoff is waiting."))
        return 0
    output.say(output.table(
        [_("Handoff"), _("Sent"), _("Reference"), _("From"), _("To"), _("Items"), _("Overdue")],
        [[str(r.handoff_id), _local(r.sent_at, session.zone), r.reference,
          f"{custody_label(r.from_agency)} ({r.from_officer})", custody_label(r.to_agency)
          + (f" ({r.to_officer})" if r.to_officer else ""), str(r.items),
          _("overdue") if r.overdue else ""] for r in rows]))
    return 0


def _quantity(item: HandoffItemRecord) -> str:
    if item.quantity is None:
        return ""
    return f"{Decimal(item.quantity).normalize():f} {item.unit}"


def _check(item: HandoffItemRecord) -> str:
    check = item.confirmation
    if check is None:
        return ""
    if not check.discrepancy:
        return _("confirmed") + (f": {check.remark}" if check.remark else "")
    what = [text for ok, text in ((check.count_ok, _("count differs")),
                                  (check.seal_intact, _("seal not intact"))) if not ok]
    return ", ".join(what) + (f": {check.remark}" if check.remark else "")


def print_record(session: Any, record: HandoffRecord, as_json: bool) -> int:
    """Print a handoff: header, items with the receiver's checks, and its history."""
    if as_json:
        _print_json(record)
        return 0
    zone, summary = session.zone, record.summary
    output.say(_("Handoff {handoff} ({reference}): {sender} -> {receiver}, {state}").format(
        handoff=summary.handoff_id, reference=summary.reference,
        sender=custody_label(summary.from_agency), receiver=custody_label(summary.to_agency),
        state=custody_label(summary.state).lower()))
    if summary.note:
        output.say(_("Note: {note}").format(note=summary.note))
    output.say(output.table(
        [_("Item"), _("Kind"), _("Description"), _("Reference"), _("Quantity"), _("Seal"),
         _("Receiver's check")],
        [[str(i.item_id), custody_label(i.kind), i.description, i.reference, _quantity(i),
          i.seal_no, _check(i)] for i in record.items]))
    for event in record.history:
        output.say(_("{time}  {state}  {officer} ({agency}){reason}").format(
            time=_local(event.at, zone), state=custody_label(event.state),
            officer=event.officer or "?",
            agency=custody_label(event.agency) if event.agency else "",
            reason=f": {event.reason}" if event.reason else ""))
    return 0


def print_done(record: HandoffRecord, zone: ZoneInfo, as_json: bool) -> None:
    """The one line after a send, accept, dispute or return (or the record as JSON)."""
    if as_json:
        _print_json(record)
        return
    summary = record.summary
    issues = sum(1 for i in record.items if i.confirmation and i.confirmation.discrepancy)
    output.say(_("Handoff {handoff} ({reference}) to {receiver}: {state}, {items} items, "
                 "{issues} with a discrepancy, at {time}.").format(
        handoff=summary.handoff_id, reference=summary.reference,
        receiver=custody_label(summary.to_agency), state=custody_label(summary.state).lower(),
        items=summary.items, issues=issues,
        time=_local(record.history[-1].at if record.history else summary.sent_at, zone)))
