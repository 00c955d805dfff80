"""Findings and status notes are read in the reader's language, whoever ran the check; rows
written before phrases show the text they hold, and the audit chain still verifies."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from uuid import UUID

from alembic import command
from alembic.config import Config
from gate_kit import GateSetup, arrival, make_gate
from sqlalchemy import select

from borderdesk import paths
from borderdesk.domain.crossing import Channel
from borderdesk.domain.findings import Rule
from borderdesk.domain.officer import Role
from borderdesk.i18n import in_language
from borderdesk.services.audit_verify import verify_chains
from borderdesk.services.check_records import CheckRecord
from borderdesk.services.checks import latest_check, run_check, save_declaration
from borderdesk.services.crossings import get_crossing, register_arrival
from borderdesk.services.overrides import override_channel
from borderdesk.storage.engine import Database
from borderdesk.storage.migrate import current_revision, upgrade
from borderdesk.storage.models import AuditEvent
from borderdesk.storage.models import Finding as FindingRow
from tests.services.test_checks_service import _declaration, _store_manifest

TIP = "Tip from the hotline about this truck"


def _checked_in_english(gate: GateSetup) -> tuple[UUID, UUID]:
    """A red crossing (fireworks are prohibited) and a green one overridden to red, both
    handled by an officer working in English."""
    customs = gate.actor(Role.CUSTOMS_OFFICER)
    guard = gate.actor(Role.BORDER_GUARD)
    declaration = _declaration()
    fireworks = replace(declaration, lines=(
        declaration.lines[0],
        replace(declaration.lines[1], hs_code="360410", description="Fireworks, cakes",
                unit="CTN", quantity=Decimal(200), preference=None),
    ))
    made = []
    with in_language("en"):
        for declared, plate in ((fireworks, "74C-123.45"), (declaration, "74C-678.90")):
            crossing_id = register_arrival(gate.db, guard, arrival(plate)).crossing_id
            save_declaration(gate.db, customs, crossing_id, declared)
            _store_manifest(gate, crossing_id, declared)
            run_check(gate.db, customs, crossing_id)
            made.append(crossing_id)
        override_channel(gate.db, customs, made[1], Channel.RED, TIP)
    return made[0], made[1]


def _prohibited(record: CheckRecord | None) -> str:
    """The prohibited-goods finding of ``record`` as the active language says it."""
    assert record is not None
    (found,) = [f for f in record.result.findings if f.rule is Rule.PROHIBITED_GOODS]
    return found.message


def _notes(gate: GateSetup, crossing_id: UUID) -> list[str]:
    detail = get_crossing(gate.db, gate.actor(Role.SUPERVISOR), crossing_id)
    return [entry.what for entry in detail.entries]


def test_a_check_run_in_english_is_read_in_vietnamese(gate: GateSetup) -> None:
    red, overridden = _checked_in_english(gate)
    customs = gate.actor(Role.CUSTOMS_OFFICER)

    with in_language("vi"):
        vietnamese = _prohibited(latest_check(gate.db, customs, red))
        red_notes, overridden_notes = _notes(gate, red), _notes(gate, overridden)
    with in_language("en"):
        english = _prohibited(latest_check(gate.db, customs, red))

    assert "là hàng cấm" in vietnamese and "prohibited" not in vietnamese
    assert "is prohibited" in english
    assert any("Ghi chú: Đối chiếu: điểm rủi ro" in note for note in red_notes), red_notes
    assert any(f"Ghi chú: Đã điều chỉnh luồng: {TIP}" in note for note in overridden_notes)
    assert not any("Checks: score" in note for note in red_notes + overridden_notes)
    # What the writer read stays in the row and in the signed audit event.
    with gate.db.session() as session:
        stored = session.scalars(select(FindingRow.message).where(
            FindingRow.rule == Rule.PROHIBITED_GOODS.value)).one()
        notes = [event.payload for event in session.scalars(select(AuditEvent).where(
            AuditEvent.action == "crossing.advanced"))]
    assert stored == english
    assert any("Checks: score" in payload for payload in notes)


def _migrate_down_to_0010(db: Database) -> None:
    config = Config()
    config.set_main_option("script_location", str(paths.migrations_dir()))
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0010")


def test_rows_from_before_phrases_show_their_text_and_the_chain_verifies(db_url: str) -> None:
    db = Database(db_url)
    try:
        upgrade(db)
        gate = make_gate(db)
        red, overridden = _checked_in_english(gate)
        # The database as BorderDesk wrote it before phrases: findings and notes as text.
        _migrate_down_to_0010(db)
        assert current_revision(db) == "0010"
        upgrade(db)

        assert verify_chains(db).intact
        customs = gate.actor(Role.CUSTOMS_OFFICER)
        with in_language("vi"):
            shown = _prohibited(latest_check(db, customs, red))
            red_notes, overridden_notes = _notes(gate, red), _notes(gate, overridden)
        assert "is prohibited" in shown
        assert any("Ghi chú: Checks: score" in note for note in red_notes), red_notes
        assert any(f"Ghi chú: Channel overridden: {TIP}" in note for note in overridden_notes)

        # A check after the upgrade is said in the reader's language again.
        with in_language("en"):
            run_check(db, customs, red)
        with in_language("vi"):
            assert "là hàng cấm" in _prohibited(latest_check(db, customs, red))
        assert verify_chains(db).intact
    finally:
        db.dispose()
