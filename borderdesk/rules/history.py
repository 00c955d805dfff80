"""A trader's and a vehicle's record in the score: what earlier inspections confirmed.

``history_findings`` turns ``HistoryFacts`` (read from the gate's database by
services/trader_history.py) into ``TRADER_HISTORY`` and ``VEHICLE_HISTORY``
findings. Each confirmed violation of the trader (by tax code, so a new name
keeps the record), the tractor plate or the container owner earns
``violation_points`` (``seizure_points`` when goods were seized), halved every
``half_life_days`` of age, within ``window_days``; the sum is capped at
``max_points``. A record without a violation in the window and with at least
``clean_after`` clean inspections lowers the score by ``clean_points`` per clean
inspection, at most ``max_clean_points``: only the trader's record does, a plate
or an owner code only ever raises it. Plates and owners weigh
``vehicle_factor`` and ``container_owner_factor`` of the trader's points (an owner
code is shared by many traders). The finding carries its points in its evidence
(``points``) with every violation's age and share, so each point has a reason;
rules/scoring.py keeps the score from falling below what the declaration's own
prohibited-goods and flagged-party findings earn, and their red stays red.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from borderdesk.domain.findings import Finding, Rule, Severity
from borderdesk.domain.phrase import Phrase
from borderdesk.i18n import N_
from borderdesk.rules.settings import HistorySettings

SECONDS_A_DAY = 86_400


class Party(enum.StrEnum):
    """Whose record it is."""

    TRADER = "trader"
    """By tax code."""
    PLATE = "plate"
    """By normalised tractor plate."""
    CONTAINER_OWNER = "container_owner"
    """By the owner code of the container number (its first four letters)."""


@dataclass(frozen=True)
class Violation:
    """One confirmed violation of an earlier crossing: when, and whether goods were seized."""

    at: datetime
    seized: bool = False


@dataclass(frozen=True)
class PartyRecord:
    """One party's record over the window: confirmed violations, clean inspections, crossings."""

    party: Party
    key: str
    violations: tuple[Violation, ...] = ()
    clean_inspections: int = 0
    crossings: int = 0


@dataclass(frozen=True)
class HistoryFacts:
    """The records a check weighs, as of ``at`` (the check's time)."""

    at: datetime
    records: tuple[PartyRecord, ...] = ()


def _label(record: PartyRecord) -> Phrase:
    if record.party is Party.TRADER:
        return Phrase(N_("Trader {tax_code}"), {"tax_code": record.key})
    if record.party is Party.PLATE:
        return Phrase(N_("Vehicle {plate}"), {"plate": record.key})
    return Phrase(N_("Container owner {owner}"), {"owner": record.key})


def _factor(record: PartyRecord, settings: HistorySettings) -> Decimal:
    if record.party is Party.TRADER:
        return Decimal(1)
    if record.party is Party.PLATE:
        return settings.vehicle_factor
    return settings.container_owner_factor


def _whole(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _age_days(at: datetime, then: datetime) -> Decimal:
    seconds = Decimal(str((at - then).total_seconds()))
    return seconds / SECONDS_A_DAY


def violation_share(
    violation: Violation, at: datetime, settings: HistorySettings
) -> Decimal:
    """What one violation is worth at ``at``: its points halved every half-life; 0 outside
    the window (or in the future)."""
    age = _age_days(at, violation.at)
    if age < 0 or age > settings.window_days:
        return Decimal(0)
    base = Decimal(settings.seizure_points if violation.seized else settings.violation_points)
    if settings.half_life_days == 0:
        return base if age == 0 else Decimal(0)
    decay = Decimal(2) ** (-(age / settings.half_life_days))
    return base * decay


def history_findings(
    facts: HistoryFacts | None, settings: HistorySettings
) -> list[Finding]:
    """The ``TRADER_HISTORY`` and ``VEHICLE_HISTORY`` findings of ``facts`` (none for None)."""
    if facts is None:
        return []
    findings = []
    for record in facts.records:
        finding = _record_finding(record, facts.at, settings)
        if finding is not None:
            findings.append(finding)
    return findings


def _record_finding(
    record: PartyRecord, at: datetime, settings: HistorySettings
) -> Finding | None:
    rule = Rule.TRADER_HISTORY if record.party is Party.TRADER else Rule.VEHICLE_HISTORY
    factor = _factor(record, settings)
    counted = sorted(
        (v for v in record.violations if violation_share(v, at, settings) > 0),
        key=lambda v: v.at, reverse=True,
    )
    evidence: dict[str, object] = {
        "party": str(record.party), "key": record.key, "window_days": settings.window_days,
        "clean_inspections": record.clean_inspections, "crossings": record.crossings,
    }
    if counted:
        shares = [violation_share(v, at, settings) * factor for v in counted]
        points = min(_whole(sum(shares, Decimal(0))), settings.max_points)
        if points <= 0:
            return None
        newest = int(_age_days(at, counted[0].at))
        seizures = sum(1 for v in counted if v.seized)
        evidence.update(points=points, violations=[
            {"at": v.at.isoformat(), "seized": v.seized,
             "age_days": str(_age_days(at, v.at).quantize(Decimal("0.1"))),
             "points": str(share.quantize(Decimal("0.1")))}
            for v, share in zip(counted, shares, strict=True)
        ])
        return Finding(rule, Severity.MEDIUM, _violations_message(
            record, len(counted), seizures, newest, points, settings=settings), None, evidence)
    if record.party is not Party.TRADER or record.clean_inspections < settings.clean_after:
        return None
    points = -min(settings.clean_points * record.clean_inspections, settings.max_clean_points)
    if points == 0:
        return None
    evidence.update(points=points, violations=[])
    values: dict[str, Phrase | str | int] = {
        "party": _label(record), "count": record.clean_inspections,
        "crossings": max(record.crossings, record.clean_inspections),
        "days": settings.window_days, "points": f"{points:+d}"}
    return Finding(rule, Severity.INFO, Phrase.ngettext(
        "{party}: {count} clean inspection in {crossings} crossings over the last {days} "
        "days, no confirmed violation: {points}.",
        "{party}: {count} clean inspections in {crossings} crossings over the last {days} "
        "days, no confirmed violation: {points}.", "count", values), None, evidence)


def _violations_message(
    record: PartyRecord, count: int, seizures: int, newest: int, points: int, *,
    settings: HistorySettings,
) -> Phrase:
    values: dict[str, Phrase | str | int] = {
        "party": _label(record), "count": count, "seizures": seizures,
        "days": settings.window_days, "newest": newest, "points": f"{points:+d}"}
    if seizures:
        return Phrase.ngettext(
            "{party}: {count} confirmed violation ({seizures} with seizure) in the last {days} "
            "days, the newest {newest} days ago: {points}.",
            "{party}: {count} confirmed violations ({seizures} with seizure) in the last {days} "
            "days, the newest {newest} days ago: {points}.", "count", values)
    return Phrase.ngettext(
        "{party}: {count} confirmed violation in the last {days} days, the newest {newest} "
        "days ago: {points}.",
        "{party}: {count} confirmed violations in the last {days} days, the newest {newest} "
        "days ago: {points}.", "count", values)
