"""Declarations, check runs, channels and overrides through the services, on both backends."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from uuid import UUID

import pytest
from gate_kit import GateSetup, arrival
from sqlalchemy import func, select

from borderdesk.domain.crossing import Channel, CrossingStatus
from borderdesk.domain.custody import SeizedLine, SeizureForm
from borderdesk.domain.declaration import Declaration
from borderdesk.domain.findings import Rule
from borderdesk.domain.officer import Role
from borderdesk.errors import PermissionDenied, UserInputError
from borderdesk.services.checks import (
    latest_check,
    latest_declaration,
    read_declaration_file,
    run_check,
    save_declaration,
)
from borderdesk.services.crossings import get_crossing, register_arrival
from borderdesk.services.overrides import override_channel
from borderdesk.services.seizures import record_seizure
from borderdesk.storage.models import AuditEvent, CheckRun
from borderdesk.storage.models import Declaration as DeclarationRow
from borderdesk.storage.models import Manifest as ManifestRow
from borderdesk.storage.models import ManifestLine as ManifestLineRow

DATA = Path(__file__).resolve().parents[1] / "data" / "checks"


def _declaration() -> Declaration:
    return read_declaration_file(DATA / "declaration.json")


def _crossing(gate: GateSetup) -> UUID:
    return register_arrival(gate.db, gate.actor(Role.BORDER_GUARD), arrival()).crossing_id


def _store_manifest(gate: GateSetup, crossing_id: UUID, declaration: Declaration) -> None:
    """A manifest matching the declaration, as the manifests service would have stored it."""
    workstation_id = gate.workstation.workstation_id
    with gate.db.session() as session:
        row = ManifestRow(crossing_id=crossing_id, version=1, document_no="INV-1",
                          vehicle_plate="74C-123.45", container_no="CSQU3054383",
                          seal_no="A123456", workstation_id=workstation_id)
        session.add(row)
        session.flush()
        for line in reversed(declaration.lines):  # order must not matter
            session.add(ManifestLineRow(
                manifest_id=row.id, line_no=len(declaration.lines) - line.line_no + 1,
                hs_code=line.hs_code[:6], description=line.description,
                quantity=line.quantity, unit=line.unit, gross_weight_kg=line.gross_weight_kg,
                value=line.value, currency=line.currency, origin_country=line.origin_country,
                workstation_id=workstation_id,
            ))


def _count(gate: GateSetup, model: type) -> int:
    with gate.db.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_declarations_are_saved_as_versions(gate: GateSetup) -> None:
    customs = gate.actor(Role.CUSTOMS_OFFICER)
    crossing_id = _crossing(gate)
    declaration = _declaration()
    assert save_declaration(gate.db, customs, crossing_id, declaration) == 1
    corrected = replace(declaration, lines=(replace(declaration.lines[0],
                                                    quantity=Decimal(1100)),
                                            declaration.lines[1]))
    assert save_declaration(gate.db, customs, crossing_id, corrected, "csv") == 2
    assert latest_declaration(gate.db, customs, crossing_id) == corrected


def test_every_figure_a_file_may_carry_is_saved_and_read_back_exactly(gate: GateSetup) -> None:
    # The parser's bounds are the columns' bounds: what it accepts, the database keeps to the
    # last digit (on SQLite too, whose numeric columns are binary floating point).
    from borderdesk.services.checks import parse_declaration_bytes

    customs = gate.actor(Role.CUSTOMS_OFFICER)
    crossing_id = _crossing(gate)
    text = (DATA / "declaration.json").read_text()
    text = text.replace('"quantity": 1200', '"quantity": 999999999999.999', 1)
    text = text.replace('"gross_weight_kg": 300.5', '"gross_weight_kg": 0.001', 1)
    text = text.replace('"value": 2400.0', '"value": 999999999999.99', 1)
    declaration = parse_declaration_bytes(text.encode(), "edge.json")
    first = declaration.lines[0]
    assert (first.quantity, first.gross_weight_kg, first.value) == (
        Decimal("999999999999.999"), Decimal("0.001"), Decimal("999999999999.99"))
    save_declaration(gate.db, customs, crossing_id, declaration)
    saved = latest_declaration(gate.db, customs, crossing_id)
    assert saved is not None
    assert (saved.lines[0].quantity, saved.lines[0].gross_weight_kg, saved.lines[0].value) == (
        first.quantity, first.gross_weight_kg, first.value)


def test_an_invalid_declaration_is_not_saved(gate: GateSetup) -> None:
    customs = gate.actor(Role.CUSTOMS_OFFICER)
    crossing_id = _crossing(gate)
    declaration = _declaration()
    bad = replace(declaration, lines=(replace(declaration.lines[0], hs_code="851712"),))
    with pytest.raises(UserInputError, match="851712 is obsolete since HS 2022"):
        save_declaration(gate.db, customs, crossing_id, bad)
    assert _count(gate, DeclarationRow) == 0


def test_a_matching_manifest_is_green_and_moves_the_crossing(gate: GateSetup) -> None:
    customs = gate.actor(Role.CUSTOMS_OFFICER)
    crossing_id = _crossing(gate)
    declaration = _declaration()
    save_declaration(gate.db, customs, crossing_id, declaration)
    _store_manifest(gate, crossing_id, declaration)
    record = run_check(gate.db, customs, crossing_id)
    assert record.result.channel == Channel.GREEN, record.result.findings
    assert record.manifest is not None and len(record.manifest.lines) == 2
    detail = get_crossing(gate.db, customs, crossing_id)
    assert (detail.status, detail.channel) == (CrossingStatus.DOCUMENTS, Channel.GREEN)
    stored = latest_check(gate.db, customs, crossing_id)
    assert stored is not None and stored.check_run_id == record.check_run_id
    assert stored.channel == Channel.GREEN and stored.officer_name == customs.full_name


def test_prohibited_goods_go_red_to_inspection_with_findings_stored(gate: GateSetup) -> None:
    customs = gate.actor(Role.CUSTOMS_OFFICER)
    crossing_id = _crossing(gate)
    declaration = _declaration()
    fireworks = replace(declaration, lines=(
        declaration.lines[0],
        replace(declaration.lines[1], hs_code="360410", description="Fireworks, cakes",
                unit="CTN", quantity=Decimal(200), preference=None),
    ))
    save_declaration(gate.db, customs, crossing_id, fireworks)
    _store_manifest(gate, crossing_id, fireworks)
    record = run_check(gate.db, customs, crossing_id)
    assert record.result.channel == Channel.RED
    assert Rule.PROHIBITED_GOODS in {f.rule for f in record.result.findings}
    detail = get_crossing(gate.db, customs, crossing_id)
    assert (detail.status, detail.channel) == (CrossingStatus.INSPECTION, Channel.RED)
    stored = latest_check(gate.db, customs, crossing_id)
    assert stored is not None
    assert [f.rule for f in stored.result.findings] == [f.rule for f in record.result.findings]
    assert sum(c.points for c in stored.result.contributions) == record.result.score


def test_override_needs_a_reason_and_is_audited(gate: GateSetup) -> None:
    customs = gate.actor(Role.CUSTOMS_OFFICER)
    crossing_id = _crossing(gate)
    declaration = _declaration()
    save_declaration(gate.db, customs, crossing_id, declaration)
    _store_manifest(gate, crossing_id, declaration)
    run_check(gate.db, customs, crossing_id)
    with pytest.raises(UserInputError, match="reason"):
        override_channel(gate.db, customs, crossing_id, Channel.RED, "  ")
    assert _count(gate, CheckRun) == 1
    record = override_channel(gate.db, customs, crossing_id, Channel.RED,
                              "Tip from the hotline about this truck")
    assert record.override is not None and record.channel == Channel.RED
    assert record.result.channel == Channel.GREEN
    assert record.override.reason == "Tip from the hotline about this truck"
    detail = get_crossing(gate.db, customs, crossing_id)
    assert (detail.status, detail.channel) == (CrossingStatus.INSPECTION, Channel.RED)
    with gate.db.session() as session:
        event = session.scalars(select(AuditEvent).where(
            AuditEvent.action == "check.channel_overridden")).one()
        assert "Tip from the hotline" in event.payload


def test_refusals_write_nothing(gate: GateSetup) -> None:
    crossing_id = _crossing(gate)
    declaration = _declaration()
    with pytest.raises(PermissionDenied):
        save_declaration(gate.db, gate.actor(Role.BORDER_GUARD), crossing_id, declaration)
    save_declaration(gate.db, gate.actor(Role.CUSTOMS_OFFICER), crossing_id, declaration)
    events = _count(gate, AuditEvent)
    with pytest.raises(PermissionDenied):
        run_check(gate.db, gate.actor(Role.SUPERVISOR), crossing_id)
    with pytest.raises(PermissionDenied):
        override_channel(gate.db, gate.actor(Role.POLICE_OFFICER), crossing_id, Channel.GREEN,
                         "no")
    assert _count(gate, CheckRun) == 0
    assert _count(gate, AuditEvent) == events


def test_no_declaration_no_check(gate: GateSetup) -> None:
    with pytest.raises(UserInputError, match="Record the declaration"):
        run_check(gate.db, gate.actor(Role.CUSTOMS_OFFICER), _crossing(gate))


def test_a_crossing_changed_during_the_check_records_nothing(
    gate: GateSetup, monkeypatch: pytest.MonkeyPatch
) -> None:
    from borderdesk.errors import ConcurrentChange
    from borderdesk.services import checks

    customs = gate.actor(Role.CUSTOMS_OFFICER)
    crossing_id = _crossing(gate)
    declaration = _declaration()
    save_declaration(gate.db, customs, crossing_id, declaration)
    _store_manifest(gate, crossing_id, declaration)
    real_check = checks.check

    police = gate.actor(Role.POLICE_OFFICER)

    def check_while_another_officer_moves_it(*args, **kwargs):  # type: ignore[no-untyped-def]
        record_seizure(gate.db, police, SeizureForm(
            crossing_id=crossing_id, reason="hàng cấm", storage_location="Kho 1",
            lines=(SeizedLine("Pháo hoa", Decimal(10), "CTN"),)))
        return real_check(*args, **kwargs)

    monkeypatch.setattr(checks, "check", check_while_another_officer_moves_it)
    with pytest.raises(ConcurrentChange, match=f"{police.full_name} changed this crossing first"):
        run_check(gate.db, customs, crossing_id)
    assert _count(gate, CheckRun) == 0, "no check run without its move of the crossing"
    detail = get_crossing(gate.db, customs, crossing_id)
    assert detail.status == CrossingStatus.HELD


def test_a_gate_starts_from_its_own_scoring_file_and_a_supervisors_change_applies_next(
        gate: GateSetup) -> None:
    from borderdesk import paths
    from borderdesk.services.scoring_settings import (
        GATE_SETTINGS_FILE,
        current_settings,
        set_setting,
    )

    customs = gate.actor(Role.CUSTOMS_OFFICER)
    supervisor = gate.actor(Role.SUPERVISOR)
    declaration = _declaration()
    heavier = replace(declaration, lines=(
        replace(declaration.lines[0],
                gross_weight_kg=(declaration.lines[0].gross_weight_kg or Decimal(100)) * 3),
        *declaration.lines[1:],
    ))
    own = paths.config_dir() / GATE_SETTINGS_FILE
    own.write_text("[tolerances]\nweight_pct = 'a lot'\n", encoding="utf-8")
    strict = _crossing(gate)
    save_declaration(gate.db, customs, strict, heavier)
    _store_manifest(gate, strict, declaration)
    with pytest.raises(UserInputError, match=GATE_SETTINGS_FILE):
        run_check(gate.db, customs, strict)

    own.write_text("[tolerances]\nweight_pct = 150\n", encoding="utf-8")
    findings = run_check(gate.db, customs, strict).result.findings
    assert Rule.WEIGHT_MISMATCH not in {f.rule for f in findings}, "the file the gate started from"
    assert current_settings(gate.db, customs).value("tolerances.weight_pct") == 150

    own.write_text("[tolerances]\nweight_pct = 1000\n", encoding="utf-8")
    set_setting(gate.db, supervisor, "tolerances.weight_pct", "2", "back to the national default")
    stricter = _crossing(gate)
    save_declaration(gate.db, customs, stricter, heavier)
    _store_manifest(gate, stricter, declaration)
    record = run_check(gate.db, customs, stricter)
    assert Rule.WEIGHT_MISMATCH in {f.rule for f in record.result.findings}, \
        "once stored, the gate's settings change only by a supervisor, not by a file"
    with gate.db.session() as session:
        versions = session.scalars(select(CheckRun.settings_version)
                                   .order_by(CheckRun.created_at)).all()
    assert versions == [1, 2], "every check run records the settings version it ran with"
