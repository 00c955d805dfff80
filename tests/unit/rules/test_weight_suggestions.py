"""Suggested rule factors and integrity outliers: what a supervisor is shown, by hand."""

from __future__ import annotations

from decimal import Decimal

from borderdesk.domain.selectivity_stats import RuleStats
from borderdesk.rules.outliers import outliers
from borderdesk.rules.weight_suggestions import suggest_factor, suggestions


def test_a_rule_confirmed_twice_as_often_as_the_gate_average_is_suggested_double() -> None:
    rules = [RuleStats("VALUE_MISMATCH", flagged=30, inspected=20, confirmed=12),
             RuleStats("HS_MISMATCH", flagged=25, inspected=20, confirmed=3),
             RuleStats("BRAND_WATCH", flagged=9, inspected=9, confirmed=9),
             RuleStats("ORIGIN_UNKNOWN", flagged=4, inspected=0, confirmed=0)]
    found = suggestions(rules, 0.3, {"HS_MISMATCH": Decimal("1.5")})
    by_rule = {s.rule: s for s in found}
    # 0.6 / 0.3 x 1 (not named: factor 1)
    assert by_rule["VALUE_MISMATCH"].suggested == Decimal("2.0")
    assert by_rule["VALUE_MISMATCH"].current == Decimal(1)
    # 0.15 / 0.3 x 1.5 = 0.75, rounded half up to a tenth
    assert by_rule["HS_MISMATCH"].suggested == Decimal("0.8")
    # nine inspections are below the minimum of ten: nothing suggested, the rate still shown
    assert by_rule["BRAND_WATCH"].suggested is None and by_rule["BRAND_WATCH"].hit_rate == 1.0
    assert by_rule["ORIGIN_UNKNOWN"].hit_rate is None
    assert by_rule["ORIGIN_UNKNOWN"].suggested is None
    assert [s.rule for s in found] == [r.rule for r in rules]


def test_no_violation_at_the_gate_suggests_nothing() -> None:
    rules = [RuleStats("VALUE_MISMATCH", 12, 12, 0)]
    assert suggestions(rules, 0.0, {})[0].suggested is None
    assert suggestions(rules, None, {})[0].suggested is None
    assert suggestions(rules, 0.5, {}, min_inspections=13)[0].suggested is None
    assert suggestions(rules, 0.5, {}, min_inspections=12)[0].suggested == Decimal("0.2")


def test_a_suggested_factor_stays_within_its_bounds() -> None:
    assert suggest_factor(Decimal(2), 1.0, 0.1) == Decimal(3)
    assert suggest_factor(Decimal(1), 0.01, 0.5) == Decimal("0.2")
    assert suggest_factor(Decimal(1), 0.45, 0.3) == Decimal("1.5")


def test_an_officer_far_above_the_others_stands_out() -> None:
    officers = ["an", "binh", "chi"]
    # an lowers 5; the others 1 and 0: their average 0.5, five is more than twice that
    assert outliers({"an": 5, "binh": 1}, officers) == [("an", 5, 0.5)]
    # at least three, so two lowerings are never an outlier however few the others did
    assert outliers({"an": 2}, officers) == []
    # three against the others' 1.5 on average: not more than twice
    assert outliers({"an": 3, "binh": 2, "chi": 1}, officers) == []


def test_an_officer_alone_has_nobody_to_stand_out_from() -> None:
    assert outliers({"an": 9}, ["an"]) == []
    assert outliers({}, []) == []
