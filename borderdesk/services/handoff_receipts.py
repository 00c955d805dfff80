"""Handoff receipts: the signed paper of one handoff, with the audit checkpoints that pin it.

The record and the chain heads are read in one transaction, so the printed
checkpoints cover every step the receipt shows. The heads are those of the
workstations whose events record this handoff (sent, settled or imported):
short enough to copy by hand, and each pins that handoff's events.
"""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

from sqlalchemy import select

from borderdesk.access.permissions import Action, require
from borderdesk.custody.chain import format_checkpoint
from borderdesk.domain.officer import Actor
from borderdesk.errors import UserInputError
from borderdesk.i18n import LANGUAGES, _, in_language
from borderdesk.reports.handoff_receipt import HandoffReceipt, ReceiptHead
from borderdesk.reports.output_file import write_atomically
from borderdesk.services.audit import chain_heads
from borderdesk.services.handoff_views import handoff_at_gate, record_of
from borderdesk.services.workstations import gate_of
from borderdesk.storage.engine import Database
from borderdesk.storage.models import AuditEvent
from borderdesk.storage.models.base import utc_now
from borderdesk.storage.offline.gate_database import require_server


def handoff_receipt(db: Database, actor: Actor, handoff_id: UUID) -> HandoffReceipt:
    """What the receipt of one handoff prints, read in one transaction.

    Raises:
        PermissionDenied: the actor may not view crossings (as ``get_handoff``).
        UserInputError: no such handoff at this gate.
    """
    require(actor.role, Action.VIEW_CROSSING)
    require_server(db)
    with db.session() as session:
        gate = gate_of(session, actor)
        record = record_of(session, handoff_at_gate(session, actor, handoff_id))
        recording = set(session.scalars(
            select(AuditEvent.workstation_id).distinct()
            .where(AuditEvent.entity == "handoff", AuditEvent.entity_id == str(handoff_id))))
        heads = tuple(ReceiptHead(head.workstation_name, format_checkpoint(head))
                      for head in chain_heads(session, gate.id)
                      if head.workstation_id in recording)
        return HandoffReceipt(record=record, gate_code=gate.code, gate_name=gate.name,
                              timezone=gate.timezone, heads=heads, printed_by=actor.full_name,
                              printed_at=utc_now())


def write_handoff_receipt(db: Database, actor: Actor, handoff_id: UUID, *, out: Path,
                          lang: str) -> int:
    """Write the receipt of a handoff as a PDF in ``lang`` ("vi" or "en"); returns its pages.

    Raises:
        PermissionDenied, UserInputError: as ``handoff_receipt``; also an unknown
            language or an unwritable output path (in the officer's language).
    """
    from borderdesk.reports.handoff_receipt import render_handoff_receipt

    # Only the pages speak the receipt's language; refusals speak the officer's.
    if lang not in LANGUAGES:
        raise UserInputError(_("Unknown language '{lang}': use vi or en.").format(lang=lang))
    receipt = handoff_receipt(db, actor, handoff_id)
    pages: list[int] = []

    def render(path: Path) -> None:
        with in_language(lang):
            pages.append(render_handoff_receipt(receipt, path))

    write_atomically(out, render)
    return pages[0]
