"""Handoffs between agencies: sending, accepting, disputing, returning, the inbox and custody."""

from __future__ import annotations

import json
import multiprocessing
import re
import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from accept_race import accept_each
from custody_kit import Seized, all_ok, photo, seized, vehicle_handoff
from gate_kit import GateSetup, arrival, attach
from sqlalchemy import func, select

from borderdesk.domain.custody import (
    Agency,
    HandoffForm,
    HandoffItemForm,
    HandoffRecord,
    HandoffState,
    ItemConfirmation,
    ItemKind,
)
from borderdesk.domain.evidence import EvidenceKind
from borderdesk.domain.officer import Actor, Role
from borderdesk.errors import ConcurrentChange, PermissionDenied, UserInputError
from borderdesk.services.crossings import register_arrival
from borderdesk.services.evidence import attach_evidence
from borderdesk.services.handoff_views import custody_words
from borderdesk.services.handoffs import (
    accept_handoff,
    custody_timeline,
    dispute_handoff,
    get_handoff,
    handoff_marker,
    handoffs_of_crossing,
    inbox,
    pending_count,
    return_handoff,
    send_handoff,
)
from borderdesk.services.seizures import seizure_items
from borderdesk.storage.models import AuditEvent, Handoff, HandoffItem, Officer


def _events(gate: GateSetup, action: str) -> list[dict[str, object]]:
    with gate.db.session() as session:
        rows = session.scalars(select(AuditEvent.payload).where(AuditEvent.action == action)
                               .order_by(AuditEvent.at)).all()
    return [json.loads(row) for row in rows]


def test_a_handoff_is_sent_to_the_other_agency_and_waits_in_its_inbox(gate: GateSetup) -> None:
    crossing = register_arrival(gate.db, gate.actor(Role.BORDER_GUARD), arrival())
    record = vehicle_handoff(gate, crossing, note="Xe vào bãi kiểm hóa")
    summary = record.summary
    assert (summary.from_agency, summary.to_agency, summary.state) == (
        Agency.BORDER_GUARD, Agency.CUSTOMS, HandoffState.PENDING)
    assert summary.reference == crossing.reference and summary.items == 2
    assert summary.from_officer == gate.actor(Role.BORDER_GUARD).full_name
    assert [e.state for e in record.history] == [HandoffState.PENDING]
    customs = gate.actor(Role.CUSTOMS_OFFICER)
    assert [s.handoff_id for s in inbox(gate.db, customs)] == [summary.handoff_id]
    assert pending_count(gate.db, customs) == 1
    assert inbox(gate.db, gate.actor(Role.POLICE_OFFICER)) == []
    assert pending_count(gate.db, gate.actor(Role.POLICE_OFFICER)) == 0
    # The supervisor watches every agency; the administrator sees no goods.
    assert len(inbox(gate.db, gate.actor(Role.SUPERVISOR))) == 1
    assert pending_count(gate.db, gate.actor(Role.ADMINISTRATOR)) == 0
    sent = _events(gate, "handoff.sent")
    assert [item["reference"] for item in sent[0]["items"]] == ["74C-123.45", "CSQU3054383"]


def test_the_inbox_is_oldest_first_and_marks_the_overdue(gate: GateSetup) -> None:
    guard, customs = gate.actor(Role.BORDER_GUARD), gate.actor(Role.CUSTOMS_OFFICER)
    first = vehicle_handoff(gate, register_arrival(gate.db, guard, arrival()))
    second = vehicle_handoff(gate, register_arrival(gate.db, guard, arrival("74C-222.22")))
    with gate.db.session() as session:
        row = session.get(Handoff, first.summary.handoff_id)
        assert row is not None
        row.created_at -= timedelta(hours=2)
    rows = inbox(gate.db, customs, overdue_after=timedelta(minutes=60))
    assert [(r.handoff_id, r.overdue) for r in rows] == [
        (first.summary.handoff_id, True), (second.summary.handoff_id, False)]
    with pytest.raises(PermissionDenied):
        inbox(gate.db, customs, agency=Agency.POLICE)


def test_accepting_needs_every_item_confirmed_and_moves_custody(gate: GateSetup) -> None:
    guard, customs = gate.actor(Role.BORDER_GUARD), gate.actor(Role.CUSTOMS_OFFICER)
    crossing = register_arrival(gate.db, guard, arrival())
    record = vehicle_handoff(gate, crossing)
    first_only = [ItemConfirmation(record.items[0].item_id)]
    with pytest.raises(UserInputError, match="not confirmed: Container 40'"):
        accept_handoff(gate.db, customs, record.summary.handoff_id, first_only)
    with pytest.raises(PermissionDenied, match="Only Customs"):
        accept_handoff(gate.db, gate.actor(Role.POLICE_OFFICER), record.summary.handoff_id,
                       all_ok(record))
    done = accept_handoff(gate.db, customs, record.summary.handoff_id, all_ok(record),
                          note="Đã nhận đủ")
    assert done.summary.state is HandoffState.ACCEPTED
    assert [e.state for e in done.history] == [HandoffState.PENDING, HandoffState.ACCEPTED]
    assert done.history[1].officer == customs.full_name and done.history[1].reason == "Đã nhận đủ"
    assert pending_count(gate.db, customs) == 0
    timeline = custody_timeline(gate.db, customs, crossing.crossing_id)
    assert [(s.agency, s.state) for s in timeline] == [
        (Agency.BORDER_GUARD, None), (Agency.CUSTOMS, HandoffState.ACCEPTED)]
    assert timeline[0].until == timeline[1].since == done.history[1].at
    assert timeline[0].officer == guard.full_name and timeline[1].until is None
    with pytest.raises(ConcurrentChange, match="already accepted by Officer Customs Officer"):
        return_handoff(gate.db, customs, record.summary.handoff_id, "too late")


def test_a_discrepancy_is_kept_against_its_item(gate: GateSetup) -> None:
    made = seized(gate)
    customs, police = gate.actor(Role.CUSTOMS_OFFICER), gate.actor(Role.POLICE_OFFICER)
    items = (*seizure_items(made.seizure),
             HandoffItemForm(ItemKind.EVIDENCE, "Ảnh hàng", reference=made.sha256.upper()))
    record = send_handoff(gate.db, customs, HandoffForm(
        to_agency=Agency.POLICE, items=items, seizure_id=made.seizure.seizure_id,
        note="Chuyển tang vật"))
    assert record.crossing_id == made.crossing.crossing_id
    assert record.items[2].reference == made.sha256
    goods = record.items[0]
    checks = [ItemConfirmation(goods.item_id, seal_intact=False, remark="Seal bao bị rách"),
              *(ItemConfirmation(item.item_id) for item in record.items[1:])]
    done = accept_handoff(gate.db, police, record.summary.handoff_id, checks)
    shown = {item.item_id: item.confirmation for item in done.items}
    assert shown[goods.item_id] == checks[0] and shown[goods.item_id].discrepancy
    assert not any(c.discrepancy for i, c in shown.items() if i != goods.item_id and c)
    assert done.history[-1].item_ids == (goods.item_id,)
    accepted = _events(gate, "handoff.accepted")[0]
    assert accepted["discrepancies"] == 1
    assert [i.get("sha256") for i in accepted["items"]] == [None, None, made.sha256]  # type: ignore[union-attr]
    timeline = custody_timeline(gate.db, police, made.crossing.crossing_id)
    goods_spans = [s for s in timeline if s.what.startswith("Seized goods") or s.handoff_id]
    assert [(s.agency, s.state) for s in goods_spans] == [
        (Agency.CUSTOMS, None), (Agency.POLICE, HandoffState.ACCEPTED)]
    assert goods_spans[1].evidence_sha256 == (made.sha256,)
    # The vehicle stays with the border guard: only the goods moved.
    assert timeline[0].agency is Agency.BORDER_GUARD and timeline[0].until is None


def test_a_dispute_names_the_reason_and_the_items_in_question(gate: GateSetup) -> None:
    crossing = register_arrival(gate.db, gate.actor(Role.BORDER_GUARD), arrival())
    record = vehicle_handoff(gate, crossing)
    customs = gate.actor(Role.CUSTOMS_OFFICER)
    handoff_id = record.summary.handoff_id
    with pytest.raises(UserInputError, match="Name the items"):
        dispute_handoff(gate.db, customs, handoff_id, "Seal khác", [])
    with pytest.raises(UserInputError, match="Give the reason"):
        dispute_handoff(gate.db, customs, handoff_id, " ", all_ok(record)[:1])
    container = record.items[1].item_id
    done = dispute_handoff(gate.db, customs, handoff_id, "Số seal khác tờ khai",
                           [ItemConfirmation(container, seal_intact=False, remark="seal A999")])
    assert done.summary.state is HandoffState.DISPUTED
    assert done.history[-1].item_ids == (container,)
    assert done.history[-1].reason == "Số seal khác tờ khai"
    timeline = custody_timeline(gate.db, customs, crossing.crossing_id)
    # Disputed: the guard keeps the truck, and the timeline says why.
    assert [(s.agency, s.state) for s in timeline] == [
        (Agency.BORDER_GUARD, None), (Agency.BORDER_GUARD, HandoffState.DISPUTED)]


def test_a_returned_handoff_goes_back_to_the_sender(gate: GateSetup) -> None:
    crossing = register_arrival(gate.db, gate.actor(Role.BORDER_GUARD), arrival())
    record = vehicle_handoff(gate, crossing)
    customs = gate.actor(Role.CUSTOMS_OFFICER)
    done = return_handoff(gate.db, customs, record.summary.handoff_id, "Sai làn")
    assert done.summary.state is HandoffState.RETURNED
    assert _events(gate, "handoff.returned")[0]["holder"] == "border_guard"
    spans = custody_timeline(gate.db, customs, crossing.crossing_id)
    assert spans[-1].agency is Agency.BORDER_GUARD and spans[-1].state is HandoffState.RETURNED
    assert handoffs_of_crossing(gate.db, customs, crossing.crossing_id) == [done]


def test_a_pending_handoff_shows_in_the_timeline_as_pending(gate: GateSetup) -> None:
    crossing = register_arrival(gate.db, gate.actor(Role.BORDER_GUARD), arrival())
    record = vehicle_handoff(gate, crossing)
    spans = custody_timeline(gate.db, gate.actor(Role.SUPERVISOR), crossing.crossing_id)
    assert [(s.agency, s.state, s.until) for s in spans] == [
        (Agency.BORDER_GUARD, None, None), (Agency.CUSTOMS, HandoffState.PENDING, None)]
    assert spans[1].handoff_id == record.summary.handoff_id


def test_the_timeline_says_offered_until_accepted_then_held_naming_the_officer(
        gate: GateSetup) -> None:
    guard, customs = gate.actor(Role.BORDER_GUARD), gate.actor(Role.CUSTOMS_OFFICER)
    crossing = register_arrival(gate.db, guard, arrival())
    record = vehicle_handoff(gate, crossing)
    spans = custody_timeline(gate.db, customs, crossing.crossing_id)
    # Pending: the guard still holds the lorry; customs is only offered it, by the guard.
    assert [custody_words(s) for s in spans] == [
        f"Held by Border guard ({guard.full_name})",
        f"Offered to Customs by {guard.full_name}, not yet accepted"]
    assert not any(custody_words(s).startswith("Held by Customs") for s in spans)

    accept_handoff(gate.db, customs, record.summary.handoff_id, all_ok(record))
    spans = custody_timeline(gate.db, customs, crossing.crossing_id)
    assert [custody_words(s) for s in spans] == [
        f"Held by Border guard ({guard.full_name})",
        f"Held by Customs ({customs.full_name})"]


@pytest.mark.parametrize(("role", "form_change", "error", "message"), [
    (Role.SUPERVISOR, {}, PermissionDenied, "may not hand over"),
    (Role.ADMINISTRATOR, {}, PermissionDenied, "may not hand over"),
    (Role.BORDER_GUARD, {"to_agency": Agency.BORDER_GUARD}, UserInputError, "another agency"),
    (Role.BORDER_GUARD, {"items": ()}, UserInputError, "at least one item"),
    (Role.BORDER_GUARD, {"crossing_id": None}, UserInputError, "Say which crossing"),
    (Role.BORDER_GUARD, {"to_officer_username": "police_officer"}, UserInputError,
     "no active officer of Customs"),
    (Role.BORDER_GUARD, {"items": (HandoffItemForm(ItemKind.EVIDENCE, "Ảnh", "abc"),)},
     UserInputError, "referenced by its SHA-256"),
    (Role.BORDER_GUARD, {"items": (HandoffItemForm(ItemKind.EVIDENCE, "Ảnh", "a" * 64),)},
     UserInputError, "not evidence of this crossing"),
    (Role.BORDER_GUARD, {"items": (HandoffItemForm(ItemKind.GOODS, "Gạo", quantity=Decimal(0),
                                                   unit="KGM"),)}, UserInputError, "above zero"),
    (Role.BORDER_GUARD, {"items": (HandoffItemForm(ItemKind.GOODS, " "),)}, UserInputError,
     "describe what"),
])
def test_a_bad_handoff_is_refused_and_nothing_is_written(
    gate: GateSetup, role: Role, form_change: dict[str, object], error: type[Exception],
    message: str,
) -> None:
    crossing = register_arrival(gate.db, gate.actor(Role.BORDER_GUARD), arrival())
    form = HandoffForm(to_agency=Agency.CUSTOMS, crossing_id=crossing.crossing_id,
                       items=(HandoffItemForm(ItemKind.VEHICLE, "Xe", "74C-123.45"),))
    changed = HandoffForm(**{**form.__dict__, **form_change})  # type: ignore[arg-type]
    with pytest.raises(error, match=message):
        send_handoff(gate.db, gate.actor(role), changed)
    with gate.db.session() as session:
        assert session.scalar(select(func.count()).select_from(Handoff)) == 0
        assert session.scalar(select(func.count()).select_from(HandoffItem)) == 0


def test_goods_of_a_seizure_must_be_its_lines(gate: GateSetup) -> None:
    made = seized(gate)
    with pytest.raises(UserInputError, match="reference one of its line ids"):
        send_handoff(gate.db, gate.actor(Role.CUSTOMS_OFFICER), HandoffForm(
            to_agency=Agency.POLICE, seizure_id=made.seizure.seizure_id,
            items=(HandoffItemForm(ItemKind.GOODS, "Gạo", reference="not-a-line"),)))


def test_a_named_receiver_and_an_evidence_photo_are_kept(gate: GateSetup) -> None:
    guard = gate.actor(Role.BORDER_GUARD)
    crossing = register_arrival(gate.db, guard, arrival())
    sha = attach_evidence(gate.db, guard, crossing.crossing_id, photo((9, 9, 9)),
                          EvidenceKind.SEAL).sha256
    record = send_handoff(gate.db, guard, HandoffForm(
        to_agency=Agency.CUSTOMS, crossing_id=crossing.crossing_id,
        to_officer_username="Customs_Officer",
        items=(HandoffItemForm(ItemKind.EVIDENCE, "Ảnh seal", sha),)))
    assert record.summary.to_officer == gate.actor(Role.CUSTOMS_OFFICER).full_name
    assert _events(gate, "handoff.sent")[0]["items"][0]["sha256"] == sha  # type: ignore[index]
    assert get_handoff(gate.db, gate.actor(Role.POLICE_OFFICER),
                       record.summary.handoff_id) == record


def test_the_marker_changes_with_every_handoff_step(gate: GateSetup) -> None:
    customs = gate.actor(Role.CUSTOMS_OFFICER)
    before = handoff_marker(gate.db, customs)
    record = vehicle_handoff(gate, register_arrival(gate.db, gate.actor(Role.BORDER_GUARD),
                                                    arrival()))
    sent = handoff_marker(gate.db, customs)
    accept_handoff(gate.db, customs, record.summary.handoff_id, all_ok(record))
    assert len({before, sent, handoff_marker(gate.db, customs)}) == 3
    assert handoff_marker(gate.db, customs) == handoff_marker(gate.db, customs)


def _second_customs_officer(gate: GateSetup) -> Actor:
    workstation = attach(gate.db, "LAOBAO-CUSTOMS-2")
    first = gate.actor(Role.CUSTOMS_OFFICER)
    with gate.db.session() as session:
        officer = Officer(gate_id=first.gate_id, username="customs_b", full_name="Võ Minh Quân",
                          role=Role.CUSTOMS_OFFICER.value, password_hash="-",
                          workstation_id=workstation.workstation_id)
        session.add(officer)
        session.flush()
        officer_id = officer.id
    return Actor(officer_id, "customs_b", "Võ Minh Quân", Role.CUSTOMS_OFFICER, first.gate_id,
                 workstation.workstation_id)


@pytest.mark.slow
def test_two_workstations_accepting_at_once_exactly_one_wins(gate: GateSetup,
                                                             db_url: str) -> None:
    """Two processes, released together by a barrier, accept the same handoff, round after round."""
    rounds = []
    for n in range(4):
        crossing = register_arrival(gate.db, gate.actor(Role.BORDER_GUARD),
                                    arrival(f"74C-{n:03d}.11"))
        record = vehicle_handoff(gate, crossing)
        rounds.append((record.summary.handoff_id, [i.item_id for i in record.items]))
    actors = [gate.actor(Role.CUSTOMS_OFFICER), _second_customs_officer(gate)]
    context = multiprocessing.get_context("spawn")
    start, results = context.Barrier(2), context.Queue()
    workers = [context.Process(target=accept_each, args=(db_url, actor, rounds, start, results))
               for actor in actors]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=120) for _n in range(2 * len(rounds))]
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    names = {actor.username: actor.full_name for actor in actors}
    for handoff_id, _items in rounds:
        mine = [o for o in outcomes if o[0] == str(handoff_id)]
        assert sorted(o[2] for o in mine) == ["lost", "won"]
        winner = next(o for o in mine if o[2] == "won")
        loser = next(o for o in mine if o[2] == "lost")
        assert re.fullmatch(r"This handoff was already accepted by (.+) at "
                            r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.", loser[3]), loser[3]
        assert names[winner[1]] in loser[3]
        record = get_handoff(gate.db, actors[0], handoff_id)
        assert [e.state for e in record.history] == [HandoffState.PENDING,
                                                     HandoffState.ACCEPTED]
    assert len(_events(gate, "handoff.accepted")) == len(rounds)


def _hand_seized_goods(gate: GateSetup, made: Seized, actor: Actor, to: Agency) -> HandoffRecord:
    return send_handoff(gate.db, actor, HandoffForm(
        to_agency=to, items=seizure_items(made.seizure), seizure_id=made.seizure.seizure_id))


def test_seized_goods_are_handed_over_by_their_holder_one_handoff_at_a_time(
        gate: GateSetup) -> None:
    made = seized(gate)
    guard, customs = gate.actor(Role.BORDER_GUARD), gate.actor(Role.CUSTOMS_OFFICER)
    police, market = gate.actor(Role.POLICE_OFFICER), gate.actor(Role.MARKET_CONTROL_OFFICER)
    with pytest.raises(UserInputError, match="Customs holds these goods now"):
        _hand_seized_goods(gate, made, guard, Agency.POLICE)
    first = _hand_seized_goods(gate, made, customs, Agency.POLICE)
    with pytest.raises(UserInputError, match="already being handed over"):
        _hand_seized_goods(gate, made, customs, Agency.MARKET_CONTROL)
    assert len(_events(gate, "handoff.sent")) == 1
    # Returned: the goods are still customs', who may send them elsewhere.
    return_handoff(gate.db, police, first.summary.handoff_id, "Không thuộc thẩm quyền")
    second = _hand_seized_goods(gate, made, customs, Agency.MARKET_CONTROL)
    accept_handoff(gate.db, market, second.summary.handoff_id, all_ok(second))
    with pytest.raises(UserInputError, match="Market control holds these goods now"):
        _hand_seized_goods(gate, made, customs, Agency.POLICE)
    third = _hand_seized_goods(gate, made, market, Agency.POLICE)
    assert third.summary.state is HandoffState.PENDING
    # Nor do the goods leave through the crossing, without naming their seizure.
    with pytest.raises(UserInputError, match="seized goods are handed over with their seizure"):
        send_handoff(gate.db, customs, HandoffForm(
            to_agency=Agency.POLICE, crossing_id=made.crossing.crossing_id,
            items=seizure_items(made.seizure)))
    assert len(_events(gate, "handoff.sent")) == 3


def test_two_workstations_handing_the_same_goods_at_once_one_is_refused(
        gate: GateSetup) -> None:
    """Two officers of the holding agency send the same seized goods at the same moment."""
    made = seized(gate)
    officers = [gate.actor(Role.CUSTOMS_OFFICER), _second_customs_officer(gate)]
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def send(actor: Actor, to: Agency) -> None:
        start.wait(timeout=30)
        try:
            _hand_seized_goods(gate, made, actor, to)
            outcomes.append("sent")
        except UserInputError as error:
            outcomes.append(str(error))

    threads = [threading.Thread(target=send, args=pair)
               for pair in zip(officers, (Agency.POLICE, Agency.MARKET_CONTROL), strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(outcomes) == 2 and outcomes.count("sent") == 1, outcomes
    assert "already being handed over" in next(o for o in outcomes if o != "sent")
    with gate.db.session() as session:
        assert session.scalar(select(func.count()).select_from(Handoff).where(
            Handoff.seizure_id == made.seizure.seizure_id)) == 1
