"""A trader's, a plate's and a container owner's record read from the gate's database, on
both backends: confirmed violations, clean inspections and crossings over the window."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from uuid import UUID, uuid4

from gate_kit import GateSetup, arrival
from lifecycle_kit import checked
from selectivity_kit import ABC, QUANTITY, VALUE, XYZ, declared, inspected, seized

from borderdesk.domain.crossing import Channel
from borderdesk.domain.custody import InspectionKind, InspectionResult
from borderdesk.domain.declaration import Declaration, DeclaredVehicle, Trader
from borderdesk.domain.findings import Rule
from borderdesk.domain.officer import Role
from borderdesk.rules.check import check
from borderdesk.rules.history import Party, PartyRecord
from borderdesk.rules.settings import HistorySettings
from borderdesk.rules.vehicle import ArrivalFacts
from borderdesk.services.check_records import stored_declaration
from borderdesk.services.checks import run_check, shipped_nomenclature
from borderdesk.services.crossings import register_arrival
from borderdesk.services.trader_history import history_facts
from borderdesk.services.watchlists import load_gate_watch_lists
from borderdesk.storage.models import Declaration as DeclarationRow
from borderdesk.storage.models.base import utc_now

SETTINGS = HistorySettings()


def a_record(gate: GateSetup) -> list[UUID]:
    """ABC: a confirmed discrepancy, a seizure, a clear inspection and a crossing nobody
    inspected; XYZ, on the same truck: a clear inspection and a discrepancy that confirmed
    nothing. Returns the crossings in that order."""
    crossings = [declared(gate, 1, ABC, (QUANTITY,)), declared(gate, 2, ABC, (QUANTITY, VALUE)),
                 declared(gate, 3, ABC, (QUANTITY,)), declared(gate, 4, ABC),
                 declared(gate, 5, XYZ, (VALUE,)), declared(gate, 6, XYZ, (QUANTITY,))]
    inspected(gate, crossings[0], InspectionKind.DOCUMENTS, InspectionResult.DISCREPANCY,
              (QUANTITY,))
    seized(gate, crossings[1], (QUANTITY, VALUE))
    inspected(gate, crossings[2], InspectionKind.DOCUMENTS, InspectionResult.CLEAR)
    inspected(gate, crossings[4], InspectionKind.DOCUMENTS, InspectionResult.CLEAR)
    inspected(gate, crossings[5], InspectionKind.DOCUMENTS, InspectionResult.DISCREPANCY)
    return crossings


def declaration_of(gate: GateSetup, crossing_id: UUID) -> Declaration:
    with gate.db.session() as session:
        row = session.query(DeclarationRow).filter_by(crossing_id=crossing_id).one()
        return stored_declaration(row)


def test_the_record_counts_what_inspections_confirmed_per_trader_plate_and_owner(
        gate: GateSetup) -> None:
    crossings = a_record(gate)
    # The trader re-registered under a new name: the tax code keeps its record.
    renamed = replace(declaration_of(gate, crossings[3]), trader=Trader("Cong ty Moi", ABC[1]))
    actor = gate.actor(Role.CUSTOMS_OFFICER)
    with gate.db.session() as session:
        facts = history_facts(session, actor.gate_id, renamed,
                              ArrivalFacts("74C-123.45", "", ("CSQU3054383",)),
                              at=utc_now(), settings=SETTINGS)
    trader, plate, owner = facts.records
    assert (trader.party, trader.key) == (Party.TRADER, ABC[1])
    assert [v.seized for v in trader.violations] == [False, True]
    assert (trader.clean_inspections, trader.crossings) == (1, 4)
    assert (plate.party, plate.key) == (Party.PLATE, "74C12345")
    assert [v.seized for v in plate.violations] == [False, True]
    assert (plate.clean_inspections, plate.crossings) == (2, 6)
    assert (owner.party, owner.key, len(owner.violations), owner.crossings) == (
        Party.CONTAINER_OWNER, "CSQU", 2, 6)
    result = check(renamed, None, arrival=None, watch_lists=load_gate_watch_lists(gate.db),
                   nomenclature=shipped_nomenclature(), history=facts)
    messages = [f.message for f in result.findings if f.rule.value.endswith("_HISTORY")]
    assert messages[0].startswith("Trader 0101234567: 2 confirmed violations (1 with seizure) "
                                  "in the last 180 days, the newest 0 days ago: +")
    assert messages[1].startswith("Container owner CSQU: 2 confirmed violations")
    assert messages[2].startswith("Vehicle 74C12345: 2 confirmed violations (1 with seizure)")


def test_the_window_the_crossing_itself_and_unknown_parties_are_left_out(
        gate: GateSetup) -> None:
    crossings = a_record(gate)
    declaration = declaration_of(gate, crossings[0])
    gate_id = gate.actor(Role.CUSTOMS_OFFICER).gate_id
    with gate.db.session() as session:
        later = history_facts(session, gate_id, declaration, None,
                              at=utc_now() + timedelta(days=181), settings=SETTINGS)
        assert [(r.key, r.crossings, r.violations) for r in later.records] == [
            (ABC[1], 0, ()), ("74C12345", 0, ()), ("CSQU", 0, ())]
        before = history_facts(session, gate_id, declaration, None,
                               at=utc_now() - timedelta(days=1), settings=SETTINGS)
        assert all(r.crossings == 0 for r in before.records)
        itself_out = history_facts(session, gate_id, declaration, None, at=utc_now(),
                                   settings=SETTINGS, exclude_crossing=crossings[0])
        assert [len(r.violations) for r in itself_out.records] == [1, 1, 1]
        nobody = replace(declaration, trader=Trader("X", ""), vehicle=DeclaredVehicle())
        assert history_facts(session, gate_id, nobody, None, at=utc_now(),
                             settings=SETTINGS).records == ()
        other = replace(declaration, trader=Trader("New", "0100000001"),
                        vehicle=DeclaredVehicle("29H-111.11"))
        assert history_facts(session, gate_id, other, ArrivalFacts(), at=utc_now(),
                             settings=SETTINGS).records == (
            PartyRecord(Party.TRADER, "0100000001"), PartyRecord(Party.PLATE, "29H11111"))


def test_another_gates_crossings_do_not_count(gate: GateSetup) -> None:
    crossings = a_record(gate)
    declaration = declaration_of(gate, crossings[0])
    gate_id = gate.actor(Role.CUSTOMS_OFFICER).gate_id
    with gate.db.session() as session:
        facts = history_facts(session, gate_id, declaration, arrival_facts(), at=utc_now(),
                              settings=SETTINGS)
        assert facts.records[0].crossings == 4
        elsewhere = history_facts(session, uuid4(), declaration, arrival_facts(),
                                  at=utc_now(), settings=SETTINGS)
        assert all(r.crossings == 0 for r in elsewhere.records)


def arrival_facts() -> ArrivalFacts:
    form = arrival()
    return ArrivalFacts(form.tractor_plate, form.trailer_plate,
                        tuple(c.container_no for c in form.containers))


def test_a_check_weighs_the_traders_record_and_stores_each_points_reason(
        gate: GateSetup) -> None:
    earlier = declared(gate, 1, ABC, (QUANTITY,))
    inspected(gate, earlier, InspectionKind.DOCUMENTS, InspectionResult.DISCREPANCY, (QUANTITY,))
    customs = gate.actor(Role.CUSTOMS_OFFICER)
    crossing = register_arrival(gate.db, gate.actor(Role.BORDER_GUARD), arrival())
    record = checked(gate.db, customs, crossing.crossing_id)
    points = sorted((record.result.findings[c.finding_index].rule, c.points)
                    for c in record.result.contributions)
    # The same trader, plate and container: +20, +10 and +5, a document check.
    assert points == [(Rule.TRADER_HISTORY, 20), (Rule.VEHICLE_HISTORY, 5),
                      (Rule.VEHICLE_HISTORY, 10)]
    assert record.result.score == 35 and record.result.channel is Channel.YELLOW
    assert sorted(f.message for f in record.result.findings) == [
        "Container owner CSQU: 1 confirmed violation in the last 180 days, the newest 0 days "
        "ago: +5.",
        "Trader 0101234567: 1 confirmed violation in the last 180 days, the newest 0 days "
        "ago: +20.",
        "Vehicle 74C12345: 1 confirmed violation in the last 180 days, the newest 0 days "
        "ago: +10."]
    # The re-run of the earlier crossing does not count its own inspection.
    rerun = run_check(gate.db, customs, earlier)
    assert {f.rule for f in rerun.result.findings} == {Rule.QUANTITY_MISMATCH}
