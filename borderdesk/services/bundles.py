"""Signed handoff bundles: export a handoff for another system, import one from another gate.

An export gathers the handoff, its items, its crossing, the evidence files
and the audit-chain slice that proves them, and signs the lot with this
workstation's key (``custody.bundle``). An import verifies the bundle whole
before anything is written (signature, the signer's trust, every file's hash,
the chain slice), then writes the crossing, the handoff, its items and the
evidence in one transaction, with a ``handoff.imported`` event: anything
wrong, nothing imported. Format and decisions: ``docs/bundles.md``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import cast
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.orm import Session

from borderdesk.access.permissions import Action, require, require_party
from borderdesk.custody import keystore
from borderdesk.custody.bundle import OpenedBundle, open_bundle, write_bundle
from borderdesk.custody.bundle_chain import event_json
from borderdesk.custody.bundle_signed import bundle_entries, signed_handoff
from borderdesk.custody.chain import stored_event_fields
from borderdesk.custody.signing import fingerprint, public_key_hex
from borderdesk.domain.bundle import BundleInfo
from borderdesk.domain.custody import Agency, HandoffRecord
from borderdesk.domain.officer import Actor
from borderdesk.errors import BundleRefused, EnvironmentProblem, UserInputError
from borderdesk.i18n import _
from borderdesk.reasons import reason_for
from borderdesk.services import keys
from borderdesk.services.audit import append_event
from borderdesk.services.bundle_import import write_import
from borderdesk.services.handoff_views import handoff_at_gate, record_of
from borderdesk.services.workstations import gate_of
from borderdesk.storage.engine import Database
from borderdesk.storage.models import AuditEvent, EvidenceBlob, Workstation
from borderdesk.storage.models.base import utc_now
from borderdesk.storage.offline.gate_database import require_server

Progress = Callable[[int, int], None]

__all__ = ["export_handoff", "import_bundle"]


# ---- Export


def _evidence_bytes(session: Session, shas: list[str]) -> dict[str, bytes]:
    """The bytes of the evidence files the handoff's sending recorded.

    Raises:
        UserInputError: a file missing from this database (blobs are never deleted).
    """
    contents = {}
    for sha256 in shas:
        blob = session.get(EvidenceBlob, sha256)
        if blob is None:
            raise UserInputError(_("The evidence file {sha256} of this handoff is missing from "
                                   "this database: nothing was exported.").format(sha256=sha256))
        contents[sha256] = bytes(blob.content)
    return contents


def _chain_slice(session: Session, handoff_id: UUID
                 ) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """The handoff's events and, per workstation, those between, from the one before the first."""
    ranges = session.execute(
        select(AuditEvent.workstation_id, AuditEvent.seq)
        .where(AuditEvent.entity == "handoff", AuditEvent.entity_id == str(handoff_id))
    ).all()
    spans: dict[UUID, tuple[int, int]] = {}
    for workstation_id, seq in ranges:
        low, high = spans.get(workstation_id, (seq, seq))
        spans[workstation_id] = (min(low, seq), max(high, seq))
    events: list[dict[str, object]] = []
    workstations: list[dict[str, object]] = []
    for workstation_id, (low, high) in sorted(spans.items(), key=lambda s: str(s[0])):
        workstation = session.get(Workstation, workstation_id)
        assert workstation is not None
        if not workstation.public_key:
            raise UserInputError(_("Workstation {name} has no registered key: its audit "
                                   "events cannot be verified elsewhere, so the handoff cannot "
                                   "be exported.").format(name=workstation.name))
        workstations.append({"id": str(workstation.id), "name": workstation.name,
                             "public_key": workstation.public_key})
        for row in session.scalars(
            select(AuditEvent).where(AuditEvent.workstation_id == workstation_id,
                                     AuditEvent.seq >= low - 1, AuditEvent.seq <= high)
            .order_by(AuditEvent.seq)
        ):
            fields = stored_event_fields(row)
            events.append(event_json(fields, row.prev_hash, row.hash, row.signature))
    return events, workstations


def export_handoff(db: Database, actor: Actor, handoff_id: UUID, out: Path,
                   progress: Progress | None = None) -> BundleInfo:
    """Write one handoff of the gate to ``out`` as a bundle signed with this workstation's key.

    The file appears whole or not at all (written beside ``out``, then renamed);
    the export is recorded in the audit chain with the bundle's SHA-256.

    Raises:
        PermissionDenied: the role may not export, or its agency neither sent
            nor received the handoff.
        UserInputError: no such handoff at this gate, or one that was itself
            imported (forward the original bundle instead).
        EnvironmentProblem: ``out`` cannot be written.
    """
    require_server(db)
    require(actor.role, Action.EXPORT_HANDOFF)
    key = keystore.ensure_workstation_key(actor.workstation_id)
    with db.session() as session:
        gate = gate_of(session, actor)
        handoff = handoff_at_gate(session, actor, handoff_id)
        require_party(actor.role, Action.EXPORT_HANDOFF,
                      (Agency(handoff.from_agency), Agency(handoff.to_agency)))
        if handoff.imported_from:
            raise UserInputError(_("This handoff was imported from another system: forward the "
                                   "bundle it came in instead of exporting it again."))
        events, workstations = _chain_slice(session, handoff.id)
        try:
            # The bundle says what the chain signed, not what the rows say now.
            entries = bundle_entries(signed_handoff(events, str(handoff.id)))
        except BundleRefused as refusal:
            raise UserInputError(_("This handoff's audit events cannot be exported: {reason}")
                                 .format(reason=refusal)) from None
        evidence = cast("list[dict[str, object]]", entries["evidence"])
        contents = _evidence_bytes(session, [str(e["sha256"]) for e in evidence])
        manifest = {
            "gate_code": gate.code, "gate_name": gate.name,
            "exported_at": utc_now().isoformat(), "exported_by": actor.full_name,
            **entries, "workstations": workstations, "chain": events,
        }
        items = cast("list[object]", entries["items"])
    # Written outside the transaction: a large bundle must not hold the database's write lock.
    try:
        sha256 = write_bundle(out, manifest, contents, key, progress)
    except OSError as error:
        raise EnvironmentProblem(_("The bundle {path} cannot be written: {reason}").format(
            path=out, reason=reason_for(error))) from None
    signer = public_key_hex(key)
    try:
        with db.session() as session:
            append_event(session, workstation_id=actor.workstation_id,
                         officer_id=actor.officer_id, action="handoff.exported",
                         entity="handoff", entity_id=str(handoff_id),
                         payload={"bundle_sha256": sha256, "signer": signer,
                                  "files": sorted(contents)})
    except BaseException:
        # No bundle goes out that the chain does not record.
        out.unlink(missing_ok=True)
        raise
    return BundleInfo(path=out, sha256=sha256, handoff_id=handoff_id, items=len(items),
                      evidence_files=len(contents), signer_fingerprint=fingerprint(signer))


# ---- Import


def _trusted(db: Database) -> Callable[[str], bool]:
    def trusted(public_hex: str) -> bool:
        with db.session() as session:
            return keys.is_trusted(session, public_hex)
    return trusted


def import_bundle(db: Database, actor: Actor, path: Path,
                  progress: Progress | None = None) -> HandoffRecord:
    """Verify a bundle whole, then import its handoff in one transaction.

    Verified first, with nothing written: the zip's structure and sizes, the
    signature, the signer's trust here, every file's SHA-256, and the chain
    slice (hashes, links, workstation signatures, and the items the sending
    recorded). Then the crossing (unless known here by its id), the handoff
    (pending for the receiving agency, as it stood in the bundle), its items,
    the evidence and a ``handoff.imported`` event are written together.

    Raises:
        PermissionDenied: the role may not receive handoffs.
        BundleRefused: the precise reason; nothing is imported. Also for a
            bundle imported before ("already imported on ...").
    """
    require(actor.role, Action.RECEIVE_HANDOFF)
    with open_bundle(path, _trusted(db), progress=progress) as bundle, db.session() as session:
        gate_of(session, actor)
        # Trust checked again inside the transaction: a key revoked meanwhile counts.
        if not keys.is_trusted(session, bundle.signer):
            raise BundleRefused(_("Bundle refused: its signer's key is no longer trusted "
                                  "here."))
        handoff = write_import(session, actor, bundle)
        append_event(session, workstation_id=actor.workstation_id,
                     officer_id=actor.officer_id, action="handoff.imported",
                     entity="handoff", entity_id=str(handoff.id),
                     payload=_imported_payload(bundle))
        session.flush()
        return record_of(session, handoff)


def _imported_payload(bundle: OpenedBundle) -> dict[str, object]:
    return {
        "bundle_sha256": bundle.sha256, "signer": bundle.signer,
        "signer_fingerprint": fingerprint(bundle.signer),
        "files": [f.sha256 for f in bundle.files],
        "chain": [{"workstation_id": str(run.workstation.workstation_id),
                   "workstation": run.workstation.name, "first_seq": run.first_seq,
                   "last_seq": run.last_seq} for run in bundle.chain],
    }
