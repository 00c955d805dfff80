"""Hit rates, overrides and the integrity view over a period of the gate's local days.

``selectivity_stats`` reads a period (``first_day`` to ``last_day``, whole
local days of the gate, as the shift report counts them) in one transaction
and counts:

- per rule: crossings whose latest check flagged it, how many of those were
  inspected (a finished inspection or a seizure), and in how many the rule
  was confirmed; ``RANDOM_SELECTION`` is counted apart, as random picks;
- per channel in force, per officer, per trader (by tax code), every
  override with its state, and the random picks with what they found;
- integrity per officer and shift (overrides up and down, approvals, red
  crossings released without a physical inspection, handoffs answered late)
  and the officers who stand out (``rules.outliers``);
- a suggested factor per rule (``rules.weight_suggestions``), never applied.

Crossings count by the day they arrived; what officers did counts by when
they did it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from uuid import UUID
from zoneinfo import ZoneInfo

from borderdesk.access.permissions import Action, require
from borderdesk.config import load_settings
from borderdesk.domain.crossing import Channel, lowers
from borderdesk.domain.officer import Actor
from borderdesk.domain.selectivity_stats import (
    ChannelStats,
    IntegrityLine,
    OfficerStats,
    Outlier,
    OverrideLine,
    RandomStats,
    RuleStats,
    SelectivityStats,
    TraderStats,
)
from borderdesk.domain.shift_report import ShiftDefinition
from borderdesk.errors import UserInputError
from borderdesk.i18n import _
from borderdesk.reports.shifts import window
from borderdesk.rules.outliers import outliers
from borderdesk.rules.weight_suggestions import MIN_INSPECTIONS, suggestions
from borderdesk.services.scoring_settings import settings_in_force
from borderdesk.services.selectivity_facts import (
    CrossingFacts,
    OfficerEvent,
    OverrideFacts,
    WindowFacts,
    read_window,
)
from borderdesk.services.shift_reports import shift_definitions
from borderdesk.services.workstations import gate_of
from borderdesk.storage.engine import Database
from borderdesk.storage.offline.gate_database import require_server

MAX_DAYS = 366
"""The longest period one request reads."""
OUTLIER_MEASURES = ("overrides_down", "red_released_uninspected", "late_handoffs")


def _rules(crossings: Iterable[CrossingFacts]) -> tuple[RuleStats, ...]:
    flagged: Counter[str] = Counter()
    inspected: Counter[str] = Counter()
    confirmed: Counter[str] = Counter()
    for facts in crossings:
        flagged.update(facts.flagged)
        if facts.inspected:
            inspected.update(facts.flagged)
            confirmed.update(facts.flagged & facts.confirmed)
    return tuple(RuleStats(rule, flagged[rule], inspected[rule], confirmed[rule])
                 for rule in sorted(flagged, key=lambda rule: (-flagged[rule], rule)))


def _channels(crossings: Sequence[CrossingFacts]) -> tuple[ChannelStats, ...]:
    return tuple(
        ChannelStats(channel.value,
                     sum(1 for c in crossings if c.channel == channel.value),
                     sum(1 for c in crossings if c.channel == channel.value and c.inspected),
                     sum(1 for c in crossings if c.channel == channel.value and c.violation))
        for channel in Channel
    )


def _traders(crossings: Iterable[CrossingFacts]) -> tuple[TraderStats, ...]:
    groups: dict[str, list[CrossingFacts]] = defaultdict(list)
    for facts in crossings:
        if facts.trader or facts.tax_code:
            # A trader without a tax code is known only by its name.
            groups[facts.tax_code or facts.trader].append(facts)
    found = []
    for group in groups.values():
        latest = max(group, key=lambda c: c.declared_at.timestamp() if c.declared_at else 0.0)
        found.append(TraderStats(
            latest.tax_code, latest.trader, len(group), sum(1 for c in group if c.inspected),
            sum(1 for c in group if c.violation)))
    return tuple(sorted(found, key=lambda t: (-t.violations, -t.crossings, t.name)))


def _random(crossings: Sequence[CrossingFacts]) -> RandomStats:
    picks = [c for c in crossings if c.random_pick]
    return RandomStats(
        picks=len(picks), yellow=sum(1 for c in picks if c.random_pick == "yellow"),
        red=sum(1 for c in picks if c.random_pick == "red"),
        inspected=sum(1 for c in picks if c.inspected),
        violations=sum(1 for c in picks if c.violation))


def _override_events(overrides: Iterable[OverrideFacts]) -> list[OfficerEvent]:
    return [OfficerEvent(o.asked_by, o.at, "overrides_down"
                         if lowers(o.from_channel, o.to_channel) else "overrides_up")
            for o in overrides]


def shift_of(moment: datetime, zone: ZoneInfo,
             shifts: Sequence[ShiftDefinition]) -> tuple[date, str]:
    """The local day and the shift a moment falls in ('' outside every shift)."""
    local = moment.astimezone(zone)
    for day in (local.date(), local.date() - timedelta(days=1)):
        for shift in shifts:
            start, end = window(zone, day, shift)
            if start <= local < end:
                return day, shift.name
    return local.date(), ""


def _integrity(events: Iterable[OfficerEvent], names: dict[UUID, tuple[str, str]],
               zone: ZoneInfo) -> tuple[IntegrityLine, ...]:
    shifts = shift_definitions()
    measures = ("overrides_up", "overrides_down", "approvals", "red_released_uninspected",
                "late_handoffs")
    counts: dict[tuple[str, date, str], Counter[str]] = defaultdict(Counter)
    for event in events:
        if event.kind in measures and event.officer_id in names:
            day, shift = shift_of(event.at, zone, shifts)
            counts[(names[event.officer_id][0], day, shift)][event.kind] += 1
    by_username = dict(names.values())
    order = {shift.name: index for index, shift in enumerate(shifts)}
    return tuple(
        IntegrityLine(username, by_username[username], day, shift, *(count[m] for m in measures))
        for (username, day, shift), count in sorted(
            counts.items(), key=lambda item: (item[0][1], order.get(item[0][2], len(order)),
                                              by_username[item[0][0]]))
    )


def _officers(events: Iterable[OfficerEvent], names: dict[UUID, tuple[str, str]]
              ) -> tuple[OfficerStats, ...]:
    counts: dict[UUID, Counter[str]] = defaultdict(Counter)
    for event in events:
        if event.officer_id in names:
            counts[event.officer_id][event.kind] += 1
    return tuple(sorted((
        OfficerStats(names[officer][0], names[officer][1], c["checks"], c["overrides_up"],
                     c["overrides_down"], c["inspections"], c["inspections_found"],
                     c["approvals"], c["refusals"])
        for officer, c in counts.items()), key=lambda o: o.name))


def _outliers(officers: Sequence[OfficerStats],
              integrity: Sequence[IntegrityLine]) -> tuple[Outlier, ...]:
    active = [o.username for o in officers]
    names = {o.username: o.name for o in officers}
    found = []
    for measure in OUTLIER_MEASURES:
        totals: Counter[str] = Counter()
        for line in integrity:
            totals[line.username] += getattr(line, measure)
        found += [Outlier(username, names[username], measure, count, average)
                  for username, count, average in outliers(totals, active)]
    return tuple(found)


def count_stats(facts: WindowFacts, *, gate_code: str, zone: ZoneInfo, first_day: date,
                last_day: date, factors: dict[str, Decimal],
                min_inspections: int = MIN_INSPECTIONS) -> SelectivityStats:
    """Count what ``read_window`` read (no database here)."""
    crossings = list(facts.crossings.values())
    events = facts.events + _override_events(facts.overrides)
    officers = _officers(events, facts.officers)
    integrity = _integrity(events, facts.officers, zone)
    inspected = sum(1 for c in crossings if c.inspected)
    violations = sum(1 for c in crossings if c.violation)
    rules = _rules(crossings)

    def name(officer: UUID | None) -> str:
        return facts.officers[officer][1] if officer in facts.officers else ""

    overrides = tuple(
        OverrideLine(o.override_id, o.reference, o.at, o.from_channel, o.to_channel,
                     o.state, name(o.asked_by), name(o.decided_by), o.reason)
        for o in facts.overrides)
    return SelectivityStats(
        gate_code=gate_code, timezone=str(zone), first_day=first_day, last_day=last_day,
        crossings=len(crossings), inspected=inspected, violations=violations, rules=rules,
        channels=_channels(crossings), officers=officers, traders=_traders(crossings),
        overrides=overrides, random=_random(crossings), integrity=integrity,
        outliers=_outliers(officers, integrity),
        suggestions=suggestions(rules, violations / inspected if inspected else None, factors,
                                min_inspections=min_inspections),
        min_inspections=min_inspections,
    )


def period_window(zone: ZoneInfo, first_day: date, last_day: date) -> tuple[datetime, datetime]:
    """The start of ``first_day`` and the end of ``last_day`` in the gate's zone.

    Raises:
        UserInputError: ``first_day`` after ``last_day``, or a period over ``MAX_DAYS``.
    """
    if first_day > last_day:
        raise UserInputError(_("The period starts on {first} after it ends on {last}.").format(
            first=first_day.isoformat(), last=last_day.isoformat()))
    if (last_day - first_day).days >= MAX_DAYS:
        raise UserInputError(_("A period spans at most {n} days.").format(n=MAX_DAYS))
    return (datetime.combine(first_day, time(0), tzinfo=zone),
            datetime.combine(last_day + timedelta(days=1), time(0), tzinfo=zone))


def current_factors(db: Database, actor: Actor) -> dict[str, Decimal]:
    """The rule factors the gate's checks run with now, by rule id."""
    _version, settings = settings_in_force(db, actor)
    return {str(rule): factor for rule, factor in settings.weights.rule_factors.items()}


def selectivity_stats(db: Database, actor: Actor, first_day: date, last_day: date, *,
                      window_override: tuple[datetime, datetime] | None = None
                      ) -> SelectivityStats:
    """The gate's hit rates, overrides, random picks and integrity view over whole local days.

    Args:
        window_override: count exactly these times instead of the days (a shift's window).

    Raises:
        PermissionDenied: only supervisors see these figures.
        UserInputError: a period that ends before it starts or is too long.
    """
    require(actor.role, Action.VIEW_REPORTS)
    require_server(db)
    factors = current_factors(db, actor)
    overdue_after = timedelta(minutes=load_settings().handoff_overdue_minutes)
    with db.session() as session:
        gate = gate_of(session, actor)
        zone = ZoneInfo(gate.timezone)
        start, end = window_override or period_window(zone, first_day, last_day)
        facts = read_window(session, gate.id, start, end, overdue_after)
        code = gate.code
    return count_stats(facts, gate_code=code, zone=zone, first_day=first_day,
                       last_day=last_day, factors=factors)
