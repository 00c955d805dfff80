"""From findings to a score and a channel, so that every red is explained.

Each finding earns ``severity_points[severity] × rule_factors[rule]``
points (rounded half up; a rule without a factor counts 1). The score is the
sum, capped at 100. Below ``yellow_from`` the channel is green, from
``red_from`` red, yellow between; a high-severity finding of a rule in
``red_on_high`` (a prohibited good, a flagged party) is red whatever the sum.
A ``TRADER_HISTORY`` or ``VEHICLE_HISTORY`` finding carries its own points
(rules/history.py), negative for a clean record; the score never falls below
zero nor below what the ``red_on_high`` findings earn.
docs/scoring.md explains the defaults, which resources/rules/scoring.toml
holds in an editable form.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType

from borderdesk.domain.crossing import Channel
from borderdesk.domain.findings import Contribution, Finding, Rule, Severity

MAX_SCORE = 100
HISTORY_RULES = frozenset({Rule.TRADER_HISTORY, Rule.VEHICLE_HISTORY})
"""Their points come from rules/history.py (in the finding's evidence), and may be negative."""


def _default_severity_points() -> Mapping[Severity, int]:
    return MappingProxyType({
        Severity.INFO: 0, Severity.LOW: 5, Severity.MEDIUM: 15, Severity.HIGH: 40,
    })


def _default_rule_factors() -> Mapping[Rule, Decimal]:
    return MappingProxyType({
        Rule.PROHIBITED_GOODS: Decimal("2.5"),
        Rule.FLAGGED_PARTY: Decimal("1.5"),
        Rule.FALSE_VN_ORIGIN: Decimal("1.5"),
        Rule.UNDECLARED_LINE: Decimal("1.5"),
        Rule.BRAND_WATCH: Decimal("1.5"),
        Rule.LICENCE_REQUIRED: Decimal("1.5"),
        Rule.ORIGIN_UNKNOWN: Decimal("0.5"),
        Rule.CONTAINER_CHECK_DIGIT: Decimal("0.5"),
    })


@dataclass(frozen=True)
class ScoreWeights:
    """Points per severity, and a factor per rule that weighs some rules more."""

    severity_points: Mapping[Severity, int] = field(default_factory=_default_severity_points)
    rule_factors: Mapping[Rule, Decimal] = field(default_factory=_default_rule_factors)

    def points(self, finding: Finding) -> int:
        """What one finding adds to the score; a history finding carries its own points."""
        if finding.rule in HISTORY_RULES:
            points = finding.evidence.get("points")
            return points if isinstance(points, int) and not isinstance(points, bool) else 0
        base = Decimal(self.severity_points.get(finding.severity, 0))
        factor = self.rule_factors.get(finding.rule, Decimal(1))
        return int((base * factor).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _default_red_on_high() -> frozenset[Rule]:
    return frozenset({Rule.PROHIBITED_GOODS, Rule.FLAGGED_PARTY})


@dataclass(frozen=True)
class ChannelThresholds:
    """Where yellow and red begin, and which high findings are red on their own."""

    yellow_from: int = 20
    red_from: int = 60
    red_on_high: frozenset[Rule] = field(default_factory=_default_red_on_high)


@dataclass(frozen=True)
class Score:
    """The outcome of scoring: channel, score and each finding's share."""

    channel: Channel
    score: int
    contributions: tuple[Contribution, ...]


def score_findings(
    findings: Sequence[Finding], weights: ScoreWeights, thresholds: ChannelThresholds
) -> Score:
    """Score ``findings`` and choose the channel; deterministic for the same input."""
    contributions = tuple(
        Contribution(index, weights.points(finding)) for index, finding in enumerate(findings)
    )
    protected = [
        f.severity is Severity.HIGH and f.rule in thresholds.red_on_high for f in findings
    ]
    # A clean record lowers the score, never below what prohibited goods and flagged
    # parties earn on their own (and never below zero).
    floor = min(MAX_SCORE, sum(c.points for c, kept in zip(contributions, protected,
                                                           strict=True) if kept))
    score = max(floor, min(MAX_SCORE, sum(c.points for c in contributions)))
    forced_red = any(protected)
    if forced_red or score >= thresholds.red_from:
        channel = Channel.RED
    elif score >= thresholds.yellow_from:
        channel = Channel.YELLOW
    else:
        channel = Channel.GREEN
    return Score(channel, score, contributions)
