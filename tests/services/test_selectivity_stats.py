"""Hit rates, overrides and integrity figures, counted by hand over crossings made through
the services, on both backends."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from custody_kit import all_ok, vehicle_handoff
from gate_kit import GateSetup, arrival
from selectivity_kit import ABC, QUANTITY, VALUE, XYZ, declared, inspected, overridden, seized
from sqlalchemy import update

from borderdesk import paths
from borderdesk.domain.crossing import Channel
from borderdesk.domain.custody import InspectionKind, InspectionResult
from borderdesk.domain.officer import Role
from borderdesk.domain.selectivity_stats import stats_json
from borderdesk.errors import PermissionDenied, UserInputError
from borderdesk.services.crossings import register_arrival
from borderdesk.services.handoffs import accept_handoff
from borderdesk.services.overrides import approve_override, refuse_override
from borderdesk.services.selectivity_stats import selectivity_stats
from borderdesk.storage.models import Handoff


def today() -> datetime:
    return datetime.now(ZoneInfo("Asia/Ho_Chi_Minh"))


def a_day_of_work(gate: GateSetup) -> None:
    """Eight crossings; what each one counts for is written beside it."""
    supervisor = gate.actor(Role.SUPERVISOR)
    c1 = declared(gate, 1, ABC, (QUANTITY,))                  # yellow
    c2 = declared(gate, 2, ABC, (QUANTITY,))                  # yellow
    c3 = declared(gate, 3, XYZ, (QUANTITY, VALUE))            # red
    declared(gate, 4, XYZ, (VALUE,))                          # yellow, never inspected
    c5 = declared(gate, 5, XYZ)                               # green
    c6 = declared(gate, 6, ABC, (QUANTITY, VALUE))            # red
    c7 = declared(gate, 7, ABC, (VALUE,))                     # yellow
    # The same tax code under a new name: still one trader, shown by its latest name.
    c8 = declared(gate, 8, ("Cong ty TNHH ABC Viet Nam", ABC[1]), (QUANTITY, VALUE))  # red
    # c1: the documents show the quantity was wrong; c2: clear.
    inspected(gate, c1, InspectionKind.DOCUMENTS, InspectionResult.DISCREPANCY, (QUANTITY,))
    inspected(gate, c2, InspectionKind.DOCUMENTS, InspectionResult.CLEAR)
    # c3: opened and seized, both rules confirmed.
    seized(gate, c3, (QUANTITY, VALUE))
    # c5 raised to red (no approval needed); c6 lowered to green, refused; c7 lowered to
    # green, approved; c8 lowered from red to yellow, approved, then released on a clear
    # documents check: a red crossing released without a physical inspection.
    overridden(gate, c5, Channel.RED)
    refuse_override(gate.db, supervisor, overridden(gate, c6, Channel.GREEN), "Open it")
    approve_override(gate.db, supervisor, overridden(gate, c7, Channel.GREEN), "Known trader")
    approve_override(gate.db, supervisor, overridden(gate, c8, Channel.YELLOW), "Papers ok")
    inspected(gate, c8, InspectionKind.DOCUMENTS, InspectionResult.CLEAR)


def test_hit_rates_per_rule_channel_and_trader_are_counted_by_hand(gate: GateSetup) -> None:
    a_day_of_work(gate)
    day = today().date()
    stats = selectivity_stats(gate.db, gate.actor(Role.SUPERVISOR), day, day)
    assert (stats.crossings, stats.inspected, stats.violations) == (8, 4, 2)
    assert stats.gate_rate == 0.5
    rules = {r.rule: (r.flagged, r.inspected, r.confirmed, r.hit_rate) for r in stats.rules}
    # quantity: flagged on c1 c2 c3 c6 c8, inspected c1 c2 c3 c8, confirmed c1 c3
    # value: flagged on c3 c4 c6 c7 c8, inspected c3 c8, confirmed c3
    assert rules == {QUANTITY: (5, 4, 2, 0.5), VALUE: (5, 2, 1, 0.5)}
    channels = {c.channel: (c.crossings, c.inspected, c.violations) for c in stats.channels}
    assert channels == {"green": (1, 0, 0), "yellow": (4, 3, 1), "red": (3, 1, 1)}
    traders = {t.tax_code: (t.name, t.crossings, t.inspected, t.violations)
               for t in stats.traders}
    assert traders == {ABC[1]: ("Cong ty TNHH ABC Viet Nam", 5, 3, 1),
                       XYZ[1]: (XYZ[0], 3, 1, 1)}
    # Four inspections of a rule are below the minimum: no factor is suggested yet.
    assert all(s.suggested is None and s.current == Decimal(1) for s in stats.suggestions)
    assert stats.random.picks == 0 and stats.random.violation_rate is None


def test_overrides_officers_and_integrity_are_counted_by_hand(gate: GateSetup) -> None:
    a_day_of_work(gate)
    day = today().date()
    stats = selectivity_stats(gate.db, gate.actor(Role.SUPERVISOR), day, day)
    customs = gate.actor(Role.CUSTOMS_OFFICER).full_name
    supervisor = gate.actor(Role.SUPERVISOR).full_name
    assert [(o.from_channel, o.to_channel, o.state, o.asked_by, o.decided_by)
            for o in stats.overrides] == [
        ("green", "red", "in_force", customs, ""),
        ("red", "green", "refused", customs, supervisor),
        ("yellow", "green", "in_force", customs, supervisor),
        ("red", "yellow", "in_force", customs, supervisor),
    ]
    officers = {o.name: (o.checks, o.overrides_up, o.overrides_down, o.inspections,
                         o.inspections_found, o.approvals, o.refusals) for o in stats.officers}
    # inspections of c1 c2 c3 c8; c1's discrepancy and c3's seizure found something
    assert officers == {customs: (8, 1, 3, 4, 2, 0, 0), supervisor: (0, 0, 0, 0, 0, 2, 1)}
    totals: dict[str, list[int]] = {}
    for line in stats.integrity:
        assert line.day in {day, day - timedelta(days=1)} and line.shift
        sums = totals.setdefault(line.name, [0, 0, 0, 0, 0])
        for index, value in enumerate((line.overrides_up, line.overrides_down, line.approvals,
                                       line.red_released_uninspected, line.late_handoffs)):
            sums[index] += value
    assert totals == {customs: [1, 3, 0, 1, 0], supervisor: [0, 0, 2, 0, 0]}
    # Three lowerings against the other officer's none: the customs officer stands out.
    assert [(o.name, o.measure, o.count) for o in stats.outliers] == [
        (customs, "overrides_down", 3)]
    document = stats_json(stats)
    assert document["rules"][0] == {"rule": QUANTITY, "flagged": 5, "inspected": 4,
                                    "confirmed": 2, "hit_rate": 0.5}
    assert {"officers", "traders", "overrides", "random", "integrity",
            "suggestions"} <= set(document)


def test_random_picks_count_apart_and_measure_what_the_rules_miss(gate: GateSetup) -> None:
    # Every otherwise-green crossing is picked, none goes on to red.
    (paths.config_dir() / "scoring.toml").write_text(
        "[selectivity]\nrandom_rate = 1\nred_share = 0\n", encoding="utf-8")
    picked = declared(gate, 1, ABC, ("RANDOM_SELECTION",))
    declared(gate, 2, XYZ, ("RANDOM_SELECTION",))
    seized(gate, picked, ())
    day = today().date()
    stats = selectivity_stats(gate.db, gate.actor(Role.SUPERVISOR), day, day)
    random = stats.random
    assert (random.picks, random.yellow, random.red, random.inspected, random.violations) == \
        (2, 2, 0, 1, 1)
    assert random.violation_rate == 1.0
    assert stats.rules == ()


def test_a_period_counts_the_gates_local_days_only(gate: GateSetup) -> None:
    declared(gate, 1, ABC, (QUANTITY,))
    day = today().date()
    supervisor = gate.actor(Role.SUPERVISOR)
    before = selectivity_stats(gate.db, supervisor, day - timedelta(days=3),
                               day - timedelta(days=1))
    assert (before.crossings, before.rules, before.officers) == (0, (), ())
    assert selectivity_stats(gate.db, supervisor, day - timedelta(days=1), day).crossings == 1


def test_a_period_ending_before_it_starts_or_an_officer_asking_is_refused(
        gate: GateSetup) -> None:
    day = today().date()
    with pytest.raises(UserInputError, match="after it ends"):
        selectivity_stats(gate.db, gate.actor(Role.SUPERVISOR), day, day - timedelta(days=1))
    with pytest.raises(UserInputError, match="at most 366 days"):
        selectivity_stats(gate.db, gate.actor(Role.SUPERVISOR), day - timedelta(days=400), day)
    with pytest.raises(PermissionDenied):
        selectivity_stats(gate.db, gate.actor(Role.CUSTOMS_OFFICER), day, day)


def test_a_handoff_answered_after_the_overdue_time_counts_against_who_answered_it(
        gate: GateSetup) -> None:
    customs = gate.actor(Role.CUSTOMS_OFFICER)
    crossing = register_arrival(gate.db, gate.actor(Role.BORDER_GUARD), arrival())
    late, prompt = vehicle_handoff(gate, crossing), vehicle_handoff(gate, crossing)
    # The first one waited two hours (the overdue time is one hour by default).
    with gate.db.session() as session:
        sent = session.get(Handoff, late.summary.handoff_id)
        assert sent is not None
        session.execute(update(Handoff).where(Handoff.id == sent.id)
                        .values(created_at=sent.created_at - timedelta(hours=2)))
    for record in (late, prompt):
        accept_handoff(gate.db, customs, record.summary.handoff_id, all_ok(record))
    day = today().date()
    stats = selectivity_stats(gate.db, gate.actor(Role.SUPERVISOR), day - timedelta(days=1),
                              day)
    assert [(line.name, line.late_handoffs) for line in stats.integrity] == [
        (customs.full_name, 1)]
