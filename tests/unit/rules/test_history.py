"""Trader and vehicle history in the score: confirmed violations raise it, a clean record
lowers it, each point with its reason, and prohibited goods or a flagged party stay red."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from check_kit import NOMENCLATURE, declaration, manifest_of, run
from hypothesis import given
from hypothesis import strategies as st

from borderdesk.domain.crossing import Channel
from borderdesk.domain.declaration import Trader
from borderdesk.domain.findings import Finding, Rule, Severity
from borderdesk.domain.watchlist import FlaggedParty, PartyKind, WatchLists
from borderdesk.errors import UserInputError
from borderdesk.rules.check import check
from borderdesk.rules.history import (
    HistoryFacts,
    Party,
    PartyRecord,
    Violation,
    history_findings,
    violation_share,
)
from borderdesk.rules.scoring import ChannelThresholds, ScoreWeights, score_findings
from borderdesk.rules.settings import CheckSettings, HistorySettings, settings_from_mapping

AT = datetime(2026, 11, 20, 1, 30, tzinfo=UTC)
SETTINGS = HistorySettings()


def days_ago(*ages: float, seized: bool = False) -> tuple[Violation, ...]:
    return tuple(Violation(AT - timedelta(days=age), seized) for age in ages)


def trader(violations: tuple[Violation, ...] = (), clean: int = 0, crossings: int = 0,
           key: str = "0101234567") -> PartyRecord:
    return PartyRecord(Party.TRADER, key, violations, clean, crossings)


def points_of(*records: PartyRecord, settings: HistorySettings = SETTINGS) -> int:
    findings = history_findings(HistoryFacts(AT, records), settings)
    return sum(int(f.evidence["points"]) for f in findings)  # type: ignore[call-overload]


def test_no_history_adds_nothing() -> None:
    assert history_findings(None, SETTINGS) == []
    assert history_findings(HistoryFacts(AT, (trader(),)), SETTINGS) == []
    assert history_findings(HistoryFacts(AT, (trader(clean=2, crossings=9),)), SETTINGS) == []


def test_two_recent_seizures_name_their_count_window_and_points() -> None:
    [finding] = history_findings(
        HistoryFacts(AT, (trader(days_ago(0, 0, seized=True)),)), SETTINGS)
    assert finding.rule is Rule.TRADER_HISTORY and finding.severity is Severity.MEDIUM
    assert finding.message == ("Trader 0101234567: 2 confirmed violations (2 with seizure) in "
                               "the last 180 days, the newest 0 days ago: +25.")
    assert finding.evidence["points"] == 25
    assert [v["seized"] for v in finding.evidence["violations"]] == [True, True]  # type: ignore[attr-defined]


def test_a_violation_counts_half_after_a_half_life_and_nothing_outside_the_window() -> None:
    assert points_of(trader(days_ago(60))) == 10
    assert "1 confirmed violation in the last 180 days, the newest 60 days ago: +10." in \
        history_findings(HistoryFacts(AT, (trader(days_ago(60)),)), SETTINGS)[0].message
    assert points_of(trader(days_ago(181))) == 0
    assert points_of(trader(days_ago(-1))) == 0
    assert points_of(trader(days_ago(400), clean=5)) == -15


def test_without_a_half_life_only_todays_violation_counts() -> None:
    sudden = replace(SETTINGS, half_life_days=0)
    assert violation_share(days_ago(0)[0], AT, sudden) == 20
    assert violation_share(days_ago(1)[0], AT, sudden) == 0


def test_a_clean_record_lowers_the_score_once_enough_inspections_were_clean() -> None:
    [finding] = history_findings(HistoryFacts(AT, (trader(clean=4, crossings=40),)), SETTINGS)
    assert finding.severity is Severity.INFO and finding.evidence["points"] == -12
    assert finding.message == ("Trader 0101234567: 4 clean inspections in 40 crossings over the "
                               "last 180 days, no confirmed violation: -12.")
    assert points_of(trader(clean=30)) == -15
    assert points_of(trader(clean=30), settings=replace(SETTINGS, clean_points=0)) == 0


def test_plates_and_owners_weigh_less_and_never_lower_the_score() -> None:
    plate = PartyRecord(Party.PLATE, "74C12345", days_ago(0), 0, 3)
    owner = PartyRecord(Party.CONTAINER_OWNER, "CSQU", days_ago(0))
    findings = history_findings(HistoryFacts(AT, (plate, owner)), SETTINGS)
    assert [(f.rule, f.evidence["points"]) for f in findings] == [
        (Rule.VEHICLE_HISTORY, 10), (Rule.VEHICLE_HISTORY, 5)]
    assert findings[0].message.startswith("Vehicle 74C12345: 1 confirmed violation")
    assert findings[1].message.startswith("Container owner CSQU: 1 confirmed violation")
    assert history_findings(HistoryFacts(AT, (replace(plate, violations=(), clean_inspections=9),)),
                            SETTINGS) == []
    ignored = replace(SETTINGS, container_owner_factor=Decimal(0))
    assert history_findings(HistoryFacts(AT, (owner,)), ignored) == []


@given(st.text(min_size=1, max_size=60))
def test_a_renamed_trader_with_the_same_tax_code_keeps_its_record(name: str) -> None:
    before = declaration(trader=Trader("Cong ty TNHH ABC", "0101234567"))
    renamed = declaration(trader=Trader(name, "0101234567"))
    facts = HistoryFacts(AT, (trader(days_ago(3, 10)),))
    first, second = (check(d, manifest_of(d), arrival=None, watch_lists=WatchLists(),
                           nomenclature=NOMENCLATURE, history=facts) for d in (before, renamed))
    assert first.score == second.score == 25
    assert first.channel is Channel.YELLOW
    assert [f.rule for f in second.findings] == [Rule.TRADER_HISTORY]


def test_a_clean_record_never_lowers_a_flagged_party_below_red() -> None:
    decl = declaration()
    lists = WatchLists(parties=(FlaggedParty(PartyKind.TRADER, "0101234567", "tip"),))
    result = check(decl, manifest_of(decl), arrival=None, watch_lists=lists,
                   nomenclature=NOMENCLATURE, history=HistoryFacts(AT, (trader(clean=20),)))
    assert result.channel is Channel.RED and result.score == 60
    assert [c.points for c in result.contributions] == [60, -15]


def test_a_clean_record_never_takes_the_score_below_zero() -> None:
    result = score_findings([_history(-15)], ScoreWeights(), ChannelThresholds())
    assert (result.channel, result.score, result.contributions[0].points) == (
        Channel.GREEN, 0, -15)
    odd = Finding(Rule.TRADER_HISTORY, Severity.INFO, "x", None, {"points": True})
    assert ScoreWeights().points(odd) == 0


def test_a_check_without_history_is_unchanged() -> None:
    decl = declaration()
    assert run(decl, manifest_of(decl)).findings == check(
        decl, manifest_of(decl), arrival=None, watch_lists=WatchLists(),
        nomenclature=NOMENCLATURE, history=HistoryFacts(AT)).findings


def test_history_settings_are_read_from_the_file_and_judged() -> None:
    settings = settings_from_mapping({"history": {"window_days": 90, "vehicle_factor": "0.3"}})
    assert settings.history.window_days == 90
    assert settings.history.vehicle_factor == Decimal("0.3")
    assert settings.history.max_points == 25
    assert CheckSettings().history == SETTINGS
    for bad in ({"window_days": -1}, {"max_points": 1.5}, {"nope": 1}, {"vehicle_factor": "x"}):
        with pytest.raises(UserInputError, match="history"):
            settings_from_mapping({"history": bad}, "scoring.toml")


def _history(points: int) -> Finding:
    return Finding(Rule.TRADER_HISTORY, Severity.INFO, "x", None, {"points": points})


AGES = st.lists(st.floats(0, 200, allow_nan=False), max_size=6)


@given(AGES, st.floats(0, 200, allow_nan=False), st.booleans())
def test_one_more_violation_never_lowers_the_points(
        ages: list[float], extra: float, seized: bool) -> None:
    base = trader(days_ago(*ages))
    more = replace(base, violations=(*base.violations, *days_ago(extra, seized=seized)))
    assert points_of(more) >= points_of(base)


@given(AGES, st.floats(0, 100, allow_nan=False))
def test_points_decay_as_the_violations_age(ages: list[float], later: float) -> None:
    record = trader(days_ago(*ages))
    older = HistoryFacts(AT + timedelta(days=later), (record,))
    now = points_of(record)
    assert sum(int(f.evidence["points"]) for f in history_findings(  # type: ignore[call-overload]
        older, SETTINGS)) <= max(now, 0)


@given(AGES, st.integers(0, 500), st.sampled_from([Rule.PROHIBITED_GOODS, Rule.FLAGGED_PARTY]),
       st.lists(st.sampled_from([Severity.LOW, Severity.MEDIUM, Severity.HIGH]), max_size=4))
def test_history_never_lowers_a_red_on_high_crossing(
        ages: list[float], clean: int, rule: Rule, others: list[Severity]) -> None:
    own = [Finding(rule, Severity.HIGH, "x"),
           *(Finding(Rule.WEIGHT_MISMATCH, s, "x") for s in others)]
    weights, thresholds = ScoreWeights(), ChannelThresholds()
    without = score_findings(own, weights, thresholds)
    with_history = score_findings(
        [*own, *history_findings(HistoryFacts(AT, (trader(days_ago(*ages), clean),)), SETTINGS)],
        weights, thresholds)
    assert with_history.channel is Channel.RED
    assert with_history.score >= weights.points(own[0])
    assert without.channel is Channel.RED
