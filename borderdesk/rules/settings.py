"""Check settings: tolerances, score weights, channel thresholds, certificate age.

``settings_from_mapping`` turns the parsed settings file (TOML, read by
documents/rules_config.py) into ``CheckSettings``; any key left out keeps
its default, so a file that only changes ``red_from`` is valid.
docs/scoring.md documents every key; resources/rules/scoring.toml holds the
defaults, which equal ``CheckSettings()``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from borderdesk.domain.findings import Rule, Severity
from borderdesk.errors import UserInputError, excerpt
from borderdesk.i18n import _
from borderdesk.rules.scoring import ChannelThresholds, ScoreWeights
from borderdesk.rules.units import Tolerances, UnitFamily

_E = TypeVar("_E", Rule, Severity, UnitFamily)

LARGEST_SETTING = 100_000
"""No setting is this large: a million-percent tolerance is no tolerance, and a certificate
age of 100,000 days already reaches back to the 18th century (further, the date
arithmetic of the certificate check would leave the calendar)."""


@dataclass(frozen=True)
class SelectivitySettings:
    """Random selection: the share of otherwise-green crossings sent to a document check,
    and the part of those sent on to a physical inspection."""

    random_rate: Decimal = Decimal("0.05")
    red_share: Decimal = Decimal("0.1")


@dataclass(frozen=True)
class HistorySettings:
    """How a trader's and a vehicle's confirmed violations and clean inspections weigh
    (rules/history.py; docs/scoring.md's history section)."""

    window_days: int = 180
    half_life_days: int = 60
    violation_points: int = 20
    seizure_points: int = 25
    max_points: int = 25
    clean_after: int = 3
    clean_points: int = 3
    max_clean_points: int = 15
    vehicle_factor: Decimal = Decimal("0.5")
    container_owner_factor: Decimal = Decimal("0.25")


@dataclass(frozen=True)
class CheckSettings:
    """Tolerances, score weights, channel thresholds and the oldest acceptable certificate."""

    tolerances: Tolerances = field(default_factory=Tolerances)
    weights: ScoreWeights = field(default_factory=ScoreWeights)
    thresholds: ChannelThresholds = field(default_factory=ChannelThresholds)
    max_co_age_days: int = 365
    selectivity: SelectivitySettings = field(default_factory=SelectivitySettings)
    history: HistorySettings = field(default_factory=HistorySettings)


def _bad(source: str, key: str, value: object) -> UserInputError:
    return UserInputError(
        _("{file}: {key} = {value} is not allowed.").format(
            file=source, key=excerpt(key), value=excerpt(repr(value)))
    )


def _decimal(source: str, key: str, value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise _bad(source, key, value)
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise _bad(source, key, value) from None
    if not number.is_finite() or number < 0 or number >= LARGEST_SETTING:
        raise _bad(source, key, value)
    return number


def _int(source: str, key: str, value: object) -> int:
    if (isinstance(value, bool) or not isinstance(value, int) or value < 0
            or value >= LARGEST_SETTING):
        raise _bad(source, key, value)
    return value


def _fraction(source: str, key: str, value: object) -> Decimal:
    number = _decimal(source, key, value)
    if number > 1:
        raise _bad(source, key, value)
    return number


def _table(source: str, data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    table = data.get(key, {})
    if not isinstance(table, dict):
        raise _bad(source, key, table)
    return table


def _enum_key(kind: type[_E], source: str, key: str, name: str) -> _E:
    try:
        return kind(name)
    except ValueError:
        raise _bad(source, key, name) from None


def settings_from_mapping(data: Mapping[str, Any], source: str = "settings") -> CheckSettings:
    """Check settings from parsed TOML; missing keys keep their defaults."""
    defaults = CheckSettings()
    points = dict(defaults.weights.severity_points)
    for name, value in _table(source, data, "severity_points").items():
        key = f"severity_points.{name}"
        points[_enum_key(Severity, source, key, name)] = _int(source, key, value)
    factors = dict(defaults.weights.rule_factors)
    for name, value in _table(source, data, "rule_factors").items():
        key = f"rule_factors.{name}"
        factors[_enum_key(Rule, source, key, name)] = _decimal(source, key, value)
    channel = _table(source, data, "channel")
    yellow = _int(source, "channel.yellow_from",
                  channel.get("yellow_from", defaults.thresholds.yellow_from))
    red = _int(source, "channel.red_from", channel.get("red_from", defaults.thresholds.red_from))
    if red < yellow:
        raise _bad(source, "channel.red_from", red)
    red_rules = channel.get("red_on_high", sorted(defaults.thresholds.red_on_high))
    if not isinstance(red_rules, list):
        raise _bad(source, "channel.red_on_high", red_rules)
    red_on_high = frozenset(
        _enum_key(Rule, source, "channel.red_on_high", str(name)) for name in red_rules
    )
    tolerances = _table(source, data, "tolerances")
    quantity = dict(defaults.tolerances.quantity_pct)
    for name, value in _table(source, tolerances, "quantity_pct").items():
        key = f"tolerances.quantity_pct.{name}"
        quantity[_enum_key(UnitFamily, source, key, name)] = _decimal(source, key, value)
    origin = _table(source, data, "origin")
    selectivity = _table(source, data, "selectivity")
    return CheckSettings(
        tolerances=Tolerances(
            quantity_pct=quantity,
            weight_pct=_decimal(source, "tolerances.weight_pct",
                                tolerances.get("weight_pct", defaults.tolerances.weight_pct)),
            value_pct=_decimal(source, "tolerances.value_pct",
                               tolerances.get("value_pct", defaults.tolerances.value_pct)),
        ),
        weights=ScoreWeights(severity_points=points, rule_factors=factors),
        thresholds=ChannelThresholds(yellow_from=yellow, red_from=red, red_on_high=red_on_high),
        max_co_age_days=_int(source, "origin.max_co_age_days",
                             origin.get("max_co_age_days", defaults.max_co_age_days)),
        selectivity=SelectivitySettings(
            random_rate=_fraction(source, "selectivity.random_rate", selectivity.get(
                "random_rate", defaults.selectivity.random_rate)),
            red_share=_fraction(source, "selectivity.red_share", selectivity.get(
                "red_share", defaults.selectivity.red_share)),
        ),
        history=_history(source, _table(source, data, "history"), defaults.history),
    )


def _history(source: str, table: Mapping[str, Any], defaults: HistorySettings) -> HistorySettings:
    for name in table:
        if name not in HistorySettings.__dataclass_fields__:
            raise _bad(source, f"history.{name}", table[name])

    def whole(name: str) -> int:
        return _int(source, f"history.{name}", table.get(name, getattr(defaults, name)))

    def factor(name: str) -> Decimal:
        return _decimal(source, f"history.{name}", table.get(name, getattr(defaults, name)))

    return HistorySettings(
        window_days=whole("window_days"), half_life_days=whole("half_life_days"),
        violation_points=whole("violation_points"), seizure_points=whole("seizure_points"),
        max_points=whole("max_points"), clean_after=whole("clean_after"),
        clean_points=whole("clean_points"), max_clean_points=whole("max_clean_points"),
        vehicle_factor=factor("vehicle_factor"),
        container_owner_factor=factor("container_owner_factor"),
    )
