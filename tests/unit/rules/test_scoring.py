"""Score and channel: weights, thresholds, forced red, and the settings file."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from borderdesk.documents.rules_config import default_settings_path, read_settings_table
from borderdesk.domain.crossing import Channel
from borderdesk.domain.findings import Finding, Rule, Severity
from borderdesk.errors import UserInputError
from borderdesk.rules.check import CheckSettings
from borderdesk.rules.scoring import ChannelThresholds, ScoreWeights, score_findings
from borderdesk.rules.settings import settings_from_mapping
from borderdesk.rules.units import UnitFamily


def finding(rule: Rule, severity: Severity) -> Finding:
    return Finding(rule, severity, "x")


def score(*findings: Finding) -> tuple[Channel, int, list[int]]:
    result = score_findings(findings, ScoreWeights(), ChannelThresholds())
    return result.channel, result.score, [c.points for c in result.contributions]


def test_no_findings_is_green_zero() -> None:
    assert score() == (Channel.GREEN, 0, [])


def test_points_per_severity_and_rule_factor() -> None:
    assert score(finding(Rule.ORIGIN_UNKNOWN, Severity.LOW)) == (Channel.GREEN, 3, [3])
    assert score(finding(Rule.WEIGHT_MISMATCH, Severity.MEDIUM),
                 finding(Rule.VALUE_MISMATCH, Severity.LOW)) == (Channel.YELLOW, 20, [15, 5])
    assert score(finding(Rule.MISSING_LINE, Severity.HIGH),
                 finding(Rule.HS_MISMATCH, Severity.MEDIUM),
                 finding(Rule.QUANTITY_MISMATCH, Severity.MEDIUM)) == (
        Channel.RED, 70, [40, 15, 15])
    assert score(*[finding(Rule.MISSING_LINE, Severity.HIGH)] * 4)[1] == 100


def test_a_high_prohibited_or_flagged_hit_is_red_on_its_own() -> None:
    weights = ScoreWeights(rule_factors={})
    result = score_findings([finding(Rule.FLAGGED_PARTY, Severity.HIGH)], weights,
                            ChannelThresholds())
    assert (result.channel, result.score) == (Channel.RED, 40)
    assert score(finding(Rule.FLAGGED_PARTY, Severity.LOW))[0] is Channel.GREEN


def test_the_shipped_file_equals_the_built_in_defaults() -> None:
    assert settings_from_mapping(read_settings_table()) == CheckSettings()
    assert default_settings_path().name == "scoring.toml"


def test_a_partial_file_keeps_the_other_defaults(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text('[channel]\nred_from = 50\n[rule_factors]\nHS_MISMATCH = 2\n'
                    '[tolerances.quantity_pct]\ncount = 1\n[severity_points]\nhigh = 50\n',
                    encoding="utf-8")
    settings = settings_from_mapping(read_settings_table(path), path.name)
    assert settings.thresholds.red_from == 50 and settings.thresholds.yellow_from == 20
    assert settings.weights.rule_factors[Rule.HS_MISMATCH] == Decimal(2)
    assert settings.weights.severity_points[Severity.HIGH] == 50
    assert settings.tolerances.quantity_pct[UnitFamily.COUNT] == Decimal(1)
    assert settings.tolerances.weight_pct == Decimal(2)


@pytest.mark.parametrize(("text", "key"), [
    ("[channel]\nred_from = 10\n", "channel.red_from"),
    ("[channel]\nred_on_high = \"PROHIBITED_GOODS\"\n", "channel.red_on_high"),
    ("[channel]\nred_on_high = [\"NOPE\"]\n", "channel.red_on_high"),
    ("[rule_factors]\nNOPE = 1\n", "rule_factors.NOPE"),
    ("[rule_factors]\nHS_MISMATCH = -1\n", "rule_factors.HS_MISMATCH"),
    ("[rule_factors]\nHS_MISMATCH = true\n", "rule_factors.HS_MISMATCH"),
    ("[rule_factors]\nHS_MISMATCH = \"lots\"\n", "rule_factors.HS_MISMATCH"),
    ("[rule_factors]\nHS_MISMATCH = nan\n", "rule_factors.HS_MISMATCH"),
    ("[severity_points]\nhigh = 1.5\n", "severity_points.high"),
    ("channel = 3\n", "channel"),
    ("[origin]\nmax_co_age_days = -1\n", "origin.max_co_age_days"),
    ("[tolerances]\nweight_pct = [1]\n", "tolerances.weight_pct"),
])
def test_a_wrong_value_names_the_file_and_key(tmp_path: Path, text: str, key: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UserInputError, match=re.escape(f"bad.toml: {key}")):
        settings_from_mapping(read_settings_table(path), path.name)


def test_unreadable_and_invalid_files(tmp_path: Path) -> None:
    with pytest.raises(UserInputError, match="cannot read"):
        read_settings_table(tmp_path / "absent.toml")
    broken = tmp_path / "broken.toml"
    broken.write_text("[channel\n", encoding="utf-8")
    with pytest.raises(UserInputError, match=r"broken\.toml: not valid TOML"):
        read_settings_table(broken)
