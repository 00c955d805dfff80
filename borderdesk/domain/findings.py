"""Findings of the cross-checks and the channel they lead to (DESIGN.md's check result)."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field

from borderdesk.domain.crossing import Channel
from borderdesk.domain.phrase import Phrase, say
from borderdesk.i18n import N_, _


class Rule(enum.StrEnum):
    """The fixed vocabulary of rule ids; other tools rely on these names."""

    MISSING_LINE = "MISSING_LINE"
    UNDECLARED_LINE = "UNDECLARED_LINE"
    QUANTITY_MISMATCH = "QUANTITY_MISMATCH"
    WEIGHT_MISMATCH = "WEIGHT_MISMATCH"
    VALUE_MISMATCH = "VALUE_MISMATCH"
    HS_MISMATCH = "HS_MISMATCH"
    ORIGIN_MISMATCH = "ORIGIN_MISMATCH"
    ORIGIN_UNKNOWN = "ORIGIN_UNKNOWN"
    CO_MISSING = "CO_MISSING"
    CO_INVALID = "CO_INVALID"
    RVC_BELOW_THRESHOLD = "RVC_BELOW_THRESHOLD"
    FALSE_VN_ORIGIN = "FALSE_VN_ORIGIN"
    PROHIBITED_GOODS = "PROHIBITED_GOODS"
    LICENCE_REQUIRED = "LICENCE_REQUIRED"
    BRAND_WATCH = "BRAND_WATCH"
    FLAGGED_PARTY = "FLAGGED_PARTY"
    CONTAINER_CHECK_DIGIT = "CONTAINER_CHECK_DIGIT"
    PLATE_MISMATCH = "PLATE_MISMATCH"
    CONTAINER_MISMATCH = "CONTAINER_MISMATCH"
    RANDOM_SELECTION = "RANDOM_SELECTION"
    TRADER_HISTORY = "TRADER_HISTORY"
    VEHICLE_HISTORY = "VEHICLE_HISTORY"


_RULE_TITLES = {
    Rule.MISSING_LINE: N_("Line not in the manifest"),
    Rule.UNDECLARED_LINE: N_("Goods not declared"),
    Rule.QUANTITY_MISMATCH: N_("Quantity differs"),
    Rule.WEIGHT_MISMATCH: N_("Weight differs"),
    Rule.VALUE_MISMATCH: N_("Value differs"),
    Rule.HS_MISMATCH: N_("HS code differs"),
    Rule.ORIGIN_MISMATCH: N_("Origin differs"),
    Rule.ORIGIN_UNKNOWN: N_("Origin unknown"),
    Rule.CO_MISSING: N_("No certificate of origin"),
    Rule.CO_INVALID: N_("Certificate of origin invalid"),
    Rule.RVC_BELOW_THRESHOLD: N_("Regional value content too low"),
    Rule.FALSE_VN_ORIGIN: N_("False Vietnamese origin"),
    Rule.PROHIBITED_GOODS: N_("Prohibited goods"),
    Rule.LICENCE_REQUIRED: N_("Licence required"),
    Rule.BRAND_WATCH: N_("Watched brand"),
    Rule.FLAGGED_PARTY: N_("Flagged party"),
    Rule.CONTAINER_CHECK_DIGIT: N_("Container check digit wrong"),
    Rule.PLATE_MISMATCH: N_("Plate differs"),
    Rule.CONTAINER_MISMATCH: N_("Container differs"),
    Rule.RANDOM_SELECTION: N_("Random selection"),
    Rule.TRADER_HISTORY: N_("Trader's record"),
    Rule.VEHICLE_HISTORY: N_("Vehicle's record"),
}


def rule_title(rule: Rule | str) -> str:
    """What a rule checks, in the reader's language; the id itself is for tools and logs.

    An id this version does not know (from a newer gate's bundle) is shown as it is.
    """
    try:
        return _(_RULE_TITLES[Rule(rule)])
    except ValueError:
        return str(rule)


class Severity(enum.StrEnum):
    """How much a finding weighs on the channel."""

    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


@dataclass(frozen=True)
class Finding:
    """What one rule found: its message, the line it concerns, and its evidence.

    ``phrase`` is said in the language of whoever reads it (``message``); a
    plain text is a finding stored before phrases existed, shown as written.
    """

    rule: Rule
    severity: Severity
    phrase: Phrase | str
    line: int | None = None
    evidence: Mapping[str, object] = field(default_factory=dict)

    @property
    def message(self) -> str:
        """The message in the active language (a stored text as it was written)."""
        return say(self.phrase)


@dataclass(frozen=True)
class Contribution:
    """How much one finding added to the score, so every red can be explained."""

    finding_index: int
    points: int


@dataclass(frozen=True)
class CheckResult:
    """The channel, the score and the findings behind them."""

    channel: Channel
    score: int
    findings: tuple[Finding, ...]
    contributions: tuple[Contribution, ...] = ()
    watch_list_version: str = ""
