"""Reading a manifest from a crossing's document and saving corrections as new versions."""

from __future__ import annotations

import sys
import threading
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from gate_kit import GateSetup, arrival
from sqlalchemy import select

from borderdesk.domain.evidence import EvidenceKind
from borderdesk.domain.officer import Role
from borderdesk.errors import ConcurrentChange, PermissionDenied
from borderdesk.services.crossings import register_arrival
from borderdesk.services.evidence import attach_evidence
from borderdesk.services.manifests import (
    latest_manifest,
    read_manifest,
    save_correction,
    save_version,
)
from borderdesk.storage.models import Manifest as ManifestRow

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit" / "ocr"))
from test_pipeline import _small_manifest_png


def test_read_then_correct_keeps_both_versions(gate: GateSetup) -> None:
    officer = gate.actor(Role.CUSTOMS_OFFICER)
    crossing = register_arrival(gate.db, gate.actor(Role.BORDER_GUARD), arrival())
    item = attach_evidence(gate.db, officer, crossing.crossing_id, _small_manifest_png(),
                           EvidenceKind.DOCUMENT)
    steps: list[tuple[int, int]] = []
    record = read_manifest(gate.db, officer, crossing.crossing_id, item.sha256,
                           progress=lambda d, t: steps.append((d, t)))
    assert record.version == 1 and record.reading is not None
    assert [line.hs_code for line in record.manifest.lines] == ["190110", "090111"]
    assert steps[-1] == (3, 3)
    fixed_line = replace(record.manifest.lines[0], quantity=Decimal("1250"))
    fixed = replace(record.manifest, lines=(fixed_line, *record.manifest.lines[1:]))
    corrected = save_correction(gate.db, officer, record.manifest_id, fixed)
    assert corrected.version == 2
    latest = latest_manifest(gate.db, officer, crossing.crossing_id)
    assert latest is not None and latest.version == 2
    assert latest.manifest.lines[0].quantity == Decimal("1250")
    assert latest.manifest.lines[0].confidence == record.manifest.lines[0].confidence
    assert latest.manifest.source is not None
    assert latest.manifest.source.image_sha256 == item.sha256
    with pytest.raises(ConcurrentChange):
        save_correction(gate.db, officer, record.manifest_id, fixed)


def test_a_border_guard_may_not_read_manifests(gate: GateSetup) -> None:
    guard = gate.actor(Role.BORDER_GUARD)
    crossing = register_arrival(gate.db, guard, arrival())
    with pytest.raises(PermissionDenied):
        read_manifest(gate.db, guard, crossing.crossing_id, "0" * 64)


def test_two_workstations_saving_the_same_version_at_once_keep_one(gate: GateSetup) -> None:
    """Both see version 1 as the newest and save at once: one is refused, never both stored."""
    officer = gate.actor(Role.CUSTOMS_OFFICER)
    crossing = register_arrival(gate.db, gate.actor(Role.BORDER_GUARD), arrival())
    item = attach_evidence(gate.db, officer, crossing.crossing_id, _small_manifest_png(),
                           EvidenceKind.DOCUMENT)
    record = read_manifest(gate.db, officer, crossing.crossing_id, item.sha256)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def correct(document_no: str) -> None:
        start.wait()
        try:
            save_correction(gate.db, officer, record.manifest_id,
                            replace(record.manifest, document_no=document_no))
            outcomes.append("saved")
        except ConcurrentChange:
            outcomes.append("refused")

    workers = [threading.Thread(target=correct, args=(f"MNF-{k}",)) for k in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert sorted(outcomes) == ["refused", "saved"]
    if gate.db.backend == "postgresql":
        # SQLite's BEGIN IMMEDIATE makes the second save wait for the first; PostgreSQL lets
        # both check first: the second save lands between this session's check and its insert.
        with pytest.raises(ConcurrentChange), gate.db.session() as session:
            second = session.get(ManifestRow, (latest_manifest(gate.db, officer,
                                                               crossing.crossing_id)
                                               or record).manifest_id)
            assert second is not None
            assert save_correction(gate.db, officer, second.id, record.manifest).version == 3
            save_version(session, officer, crossing.crossing_id, record.manifest,
                         sha256=item.sha256, supersedes=second, action="manifest.corrected")
    with gate.db.session() as session:
        versions = sorted(session.scalars(
            select(ManifestRow.version).where(ManifestRow.crossing_id == crossing.crossing_id)))
    assert versions == list(range(1, len(versions) + 1))
    again = read_manifest(gate.db, officer, crossing.crossing_id, item.sha256)
    assert again.version == versions[-1] + 1  # a reading simply takes the next number
