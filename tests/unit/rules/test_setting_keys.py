"""The scoring settings as dotted keys: listed, changed one at a time, judged whole."""

from __future__ import annotations

from decimal import Decimal

import pytest

from borderdesk.documents.rules_config import read_settings_table
from borderdesk.errors import UserInputError
from borderdesk.i18n import set_language
from borderdesk.rules.setting_keys import flatten, judged, meaning, stored_form, with_value

SHIPPED = stored_form(read_settings_table())


def test_stored_form_keeps_decimals_exact_and_whole_numbers_as_numbers() -> None:
    assert stored_form({"a": 2.5, "b": 3, "c": Decimal("0.050"), "d": ("X", "Y"), "e": True,
                        "f": "text"}) == {"a": "2.5", "b": 3, "c": "0.05", "d": ["X", "Y"],
                                          "e": True, "f": "text"}


def test_every_shipped_key_is_listed_in_the_files_order_and_says_what_it_does() -> None:
    keys = [key for key, _value in flatten(SHIPPED)]
    assert keys[:4] == ["severity_points.info", "severity_points.low",
                        "severity_points.medium", "severity_points.high"]
    assert "selectivity.random_rate" in keys and "tolerances.quantity_pct.count" in keys
    assert all(meaning(key) for key in keys), [key for key in keys if not meaning(key)]
    assert meaning("rule_factors.BRAND_WATCH") == "weight of BRAND_WATCH findings (1 when not " \
                                                 "listed)"
    assert meaning("no.such") == ""


def test_meanings_follow_the_language() -> None:
    set_language("vi")
    try:
        assert meaning("channel.red_from") == "điểm từ đó vào luồng đỏ"
    finally:
        set_language("en")


@pytest.mark.parametrize(("key", "raw", "stored"), [
    ("channel.red_from", " 70 ", 70),
    ("tolerances.weight_pct", "2,5", "2.5"),           # a decimal comma, as typed in Vietnam
    ("rule_factors.HS_MISMATCH", "1.25", "1.25"),      # a rule not listed yet
    ("channel.red_on_high", "PROHIBITED_GOODS; FLAGGED_PARTY,", ["PROHIBITED_GOODS",
                                                                 "FLAGGED_PARTY"]),
])
def test_one_key_changes_and_nothing_else(key: str, raw: str, stored: object) -> None:
    changed = with_value(SHIPPED, key, raw)
    before, after = dict(flatten(SHIPPED)), dict(flatten(changed))
    assert after[key] == stored
    assert {k: v for k, v in after.items() if k != key} == \
        {k: v for k, v in before.items() if k != key}
    judged(changed)


@pytest.mark.parametrize(("mapping", "key", "raw", "says"), [
    (SHIPPED, "channel.red_from", "lots", "takes a number"),
    (SHIPPED, "channel.red_from", "NaN", "not allowed"),
    (SHIPPED, "tolerances.weight_pct", "Infinity", "not allowed"),
    (SHIPPED, "channel.red_from", "1e12", "not allowed"),
    (SHIPPED, "rule_factors.NOT_A_RULE", "1", "no setting"),
    (SHIPPED, "channel..red_from", "1", "no setting"),
    (SHIPPED, "a" * 101, "1", "no setting"),
    ({"rule_factors": 5}, "rule_factors.HS_MISMATCH", "1", "no setting"),
])
def test_a_change_a_check_could_not_run_with_is_refused(
        mapping: dict[str, object], key: str, raw: str, says: str) -> None:
    with pytest.raises(UserInputError, match=says):
        with_value(mapping, key, raw)
