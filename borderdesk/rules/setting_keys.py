"""The scoring settings as dotted keys: listing them, changing one, storing them as JSON.

The settings are the tables of ``scoring.toml`` (``channel.red_from``,
``rule_factors.BRAND_WATCH``, ``selectivity.random_rate`` ...). A gate keeps
them in its database; a supervisor changes one key at a time, and
``settings_from_mapping`` judges the result, so a stored version is always
one that a check can run with.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from borderdesk.domain.findings import Rule
from borderdesk.errors import UserInputError, excerpt
from borderdesk.i18n import N_, _
from borderdesk.rules.settings import CheckSettings, settings_from_mapping

SettingValue = int | str | list[str]
"""What a key holds once stored: whole numbers as numbers, decimals as text, lists of names."""

MAX_KEY = 100


def stored_form(value: object) -> Any:
    """``value`` as the JSON a settings version keeps: decimals exact, as text."""
    if isinstance(value, Mapping):
        return {str(k): stored_form(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float | Decimal):
        return str(Decimal(str(value)).normalize())
    return value


def flatten(mapping: Mapping[str, Any], prefix: str = "") -> list[tuple[str, SettingValue]]:
    """Every key of the settings with its value, in the file's order."""
    keys: list[tuple[str, SettingValue]] = []
    for name, value in mapping.items():
        key = f"{prefix}{name}"
        if isinstance(value, Mapping):
            keys.extend(flatten(value, f"{key}."))
        else:
            keys.append((key, value))
    return keys


def _unknown(key: str) -> UserInputError:
    return UserInputError(_("There is no setting {key}: `borderdesk scoring show` lists them.")
                          .format(key=excerpt(key, MAX_KEY)))


def _parse(key: str, current: SettingValue | None, raw: str) -> SettingValue:
    text = raw.strip()
    if isinstance(current, list):
        return [name.strip() for name in text.replace(";", ",").split(",") if name.strip()]
    try:
        number = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise UserInputError(_("{key} takes a number, not {value}.").format(
            key=key, value=excerpt(raw, 40))) from None
    if not number.is_finite():
        return text
    # Whole numbers stay numbers (points, thresholds, days take nothing else); the
    # settings' own judgement then refuses a fraction where a whole number belongs.
    if number == number.to_integral_value() and abs(number) < 10 ** 9:
        return int(number)
    return str(number.normalize())


def with_value(mapping: Mapping[str, Any], key: str, raw: str) -> dict[str, Any]:
    """A copy of ``mapping`` with ``key`` set from the text ``raw``, judged whole.

    A rule without a factor yet may be given one (``rule_factors.HS_MISMATCH``);
    any other key must exist.

    Raises:
        UserInputError: an unknown key, a value of the wrong kind, or settings a
            check could not run with ("channel.red_from = 10 is not allowed").
    """
    parts = key.strip().split(".")
    if len(key) > MAX_KEY or not all(parts):
        raise _unknown(key)
    current = dict(flatten(mapping)).get(key.strip())
    if current is None and not (len(parts) == 2 and parts[0] == "rule_factors"
                                and parts[1] in Rule.__members__):
        raise _unknown(key)
    changed = copy.deepcopy(dict(mapping))
    table = changed
    for part in parts[:-1]:
        inner = table.setdefault(part, {})
        if not isinstance(inner, dict):
            raise _unknown(key)
        table = inner
    table[parts[-1]] = _parse(key, current, raw)
    settings_from_mapping(changed, _("the scoring settings"))
    return changed


def judged(mapping: Mapping[str, Any]) -> CheckSettings:
    """The check settings a stored version holds."""
    return settings_from_mapping(mapping, _("the scoring settings"))


_MEANINGS = {
    "channel.yellow_from": N_("score from which the channel is yellow"),
    "channel.red_from": N_("score from which the channel is red"),
    "channel.red_on_high": N_("rules whose high finding is red whatever the score"),
    "tolerances.weight_pct": N_("gross weight difference tolerated, percent of the declared"),
    "tolerances.value_pct": N_("value difference tolerated, percent of the declared"),
    "origin.max_co_age_days": N_("oldest certificate of origin accepted, days"),
    "selectivity.random_rate": N_("share of otherwise-green crossings picked at random for "
                                  "a document check"),
    "selectivity.red_share": N_("part of the random picks sent on to a physical inspection"),
    "history.window_days": N_("how far back a trader's and a vehicle's record counts, days"),
    "history.half_life_days": N_("days after which a confirmed violation counts half"),
    "history.violation_points": N_("points of a confirmed violation in the record"),
    "history.seizure_points": N_("points of a confirmed violation with goods seized"),
    "history.max_points": N_("most points a record adds"),
    "history.clean_after": N_("clean inspections before a clean record lowers the score"),
    "history.clean_points": N_("points a clean inspection takes off"),
    "history.max_clean_points": N_("most points a clean record takes off"),
    "history.vehicle_factor": N_("weight of a plate's record against a trader's"),
    "history.container_owner_factor": N_("weight of a container owner's record against a "
                                         "trader's"),
}
_TABLE_MEANINGS = {
    "severity_points": N_("points of a {name} finding"),
    "rule_factors": N_("weight of {name} findings (1 when not listed)"),
    "tolerances.quantity_pct": N_("quantity difference tolerated for {name} units, percent of the "
                                  "declared"),
}


def meaning(key: str) -> str:
    """What a setting does, in the active language ("" for a key without a description)."""
    if key in _MEANINGS:
        return _(_MEANINGS[key])
    table, _dot, name = key.rpartition(".")
    if table in _TABLE_MEANINGS:
        return _(_TABLE_MEANINGS[table]).format(name=name)
    return ""
