"""Selectivity simulator: which trucks a gate inspects, and what the inspections find.

    python bench/selectivity.py [--days 60] [--seeds 1,2,3] [--capacity 0.1] [--traders 160]

A population of traders with hidden compliance propensities sends declarations
for ``--days`` days. Every crossing goes through the real pure checks
(``borderdesk.rules.check.check`` with the shipped HS nomenclature, the shipped
watch lists and the default settings). Each policy inspects the same number of
crossings a day, ``--capacity`` of that day's crossings: the top k by score
(ties broken by one draw per crossing that every policy shares), or k at random.
An inspection reveals the truth and is kept as an outcome the next days may use.
Policies: ``fixed`` (the rule weights alone), ``history`` (the same checks with
``history=``: the trader's, plate's and container owner's records built from that
policy's own earlier outcomes, rules/history.py with the default settings) and
``random``. The last line compares history with fixed weights:
``selectivity: history/fixed caught R1x, honest stopped R2x`` (means of the seeds).

The behaviours are the patterns customs risk-management literature describes
(the WCO's risk indicators, OLAF's origin-fraud cases, Vietnam's anti-smuggling
campaigns): under-declared quantity and value on both papers, a misdeclared HS
heading (complete goods declared as parts), fake Vietnamese origin on Chinese
goods re-exported, split consignments, one trader re-registering under a new
name with the same tax code, and honest traders turning dishonest mid-run. The
rates in ``PopulationShape`` are our assumptions; they were fixed, with the
fixed-weights baseline, before history entered the score, and are not tuned to it.
Honest documents disagree too: a carrier's weight beyond tolerance, a manifest
without origins, licensed goods.

The table gives, per seed and as the mean: violations (crossings whose truth
breaks the rules), inspected, caught (violating crossings inspected), honest
stopped (inspected crossings with nothing wrong), and the days from a trader
turning dishonest to its first caught violation (a trader never caught counts
the days left in the run, and is counted apart).
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from stdnum import iso6346

from borderdesk.documents.watchlist_files import shipped_watch_lists
from borderdesk.domain.declaration import (
    Declaration,
    DeclarationLine,
    DeclaredVehicle,
    OriginCertificate,
    Trader,
)
from borderdesk.domain.manifest import Manifest, ManifestLine
from borderdesk.domain.watchlist import WatchLists
from borderdesk.rules.check import ArrivalFacts, check
from borderdesk.rules.history import HistoryFacts, Party, PartyRecord, Violation
from borderdesk.rules.hs import Nomenclature
from borderdesk.rules.identifiers import normalize_plate
from borderdesk.rules.settings import CheckSettings
from borderdesk.services.checks import shipped_nomenclature

START = datetime(2026, 9, 1, 1, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Goods:
    """One kind of goods: HS code, words, unit, price and weight per unit."""

    hs: str
    words: str
    unit: str
    price: Decimal
    kg: Decimal


IMPORTS = (
    Goods("841510", "split air conditioners", "PCE", Decimal(180), Decimal(35)),
    Goods("640299", "rubber sandals", "PR", Decimal("2.2"), Decimal("0.6")),
    Goods("610910", "cotton t-shirts", "PCE", Decimal("2.5"), Decimal("0.2")),
    Goods("851713", "smartphones", "PCE", Decimal(95), Decimal("0.4")),
    Goods("870899", "truck spare parts", "KGM", Decimal(4), Decimal(1)),
    Goods("731815", "steel bolts", "KGM", Decimal("1.5"), Decimal(1)),
    Goods("401110", "car tyres", "PCE", Decimal(35), Decimal(9)),
    Goods("854449", "electric cables", "KGM", Decimal(3), Decimal(1)),
    Goods("950300", "plastic toys", "PCE", Decimal(3), Decimal("0.3")),
    Goods("690722", "ceramic floor tiles", "MTK", Decimal(4), Decimal(18)),
)
LICENSED = (
    Goods("300490", "medicaments in tablets", "KGM", Decimal(40), Decimal(1)),
    Goods("190110", "infant milk formula", "KGM", Decimal(12), Decimal(1)),
)
EXPORTS = (
    Goods("080450", "fresh mangoes", "KGM", Decimal("0.8"), Decimal(1)),
    Goods("081090", "fresh dragon fruit", "KGM", Decimal("0.6"), Decimal(1)),
    Goods("100630", "milled white rice", "KGM", Decimal("0.5"), Decimal(1)),
    Goods("071410", "fresh cassava roots", "KGM", Decimal("0.15"), Decimal(1)),
)
REEXPORTS = (
    Goods("841510", "split air conditioners", "PCE", Decimal(180), Decimal(35)),
    Goods("940360", "wooden dining chairs", "PCE", Decimal(25), Decimal(6)),
    Goods("401110", "car tyres", "PCE", Decimal(35), Decimal(9)),
)
AS_PARTS = {"841510": "841590", "640299": "640610", "610910": "630790",
            "851713": "852990", "870899": "731815"}
"""Misdeclared headings: complete goods declared as their parts or as cheaper goods."""
OWNERS = ("CSQU", "TCNU", "TOLU", "GYOU", "MSKU", "CMAU", "OOLU", "HLXU")

HONEST = "honest"
UNDER = "under-declares"
HEADING = "misdeclares HS"
ORIGIN = "fakes VN origin"
SPLIT = "splits consignments"
KINDS = (UNDER, HEADING, ORIGIN, SPLIT)


@dataclass(frozen=True)
class PopulationShape:
    """The assumed population; fixed before history entered the score."""

    dishonest_share: dict[str, float] = field(default_factory=lambda: {
        UNDER: 0.05, HEADING: 0.03, ORIGIN: 0.03, SPLIT: 0.02})
    licensed_share: float = 0.06
    exporter_share: float = 0.25
    turning_share: float = 0.03
    """Honest traders who turn dishonest (under-declaring) somewhere in the middle of the run."""
    propensity: tuple[float, float] = (0.4, 0.9)
    """A dishonest trader breaks the rules on this share of its crossings (uniform)."""
    leak: dict[str, float] = field(default_factory=lambda: {
        UNDER: 0.3, HEADING: 0.3, ORIGIN: 0.4, SPLIT: 0.0})
    """How often the papers betray a violation (the carrier's true weight, the supplier's
    true heading, "made in China" on the manifest); split consignments never show."""
    weight_noise: float = 0.03
    """An honest line whose manifest weight is off beyond tolerance (weighbridge, OCR)."""
    count_noise: float = 0.02
    no_origin_traders: float = 0.3
    """Traders whose carriers' manifests never state the origin."""
    preference_share: float = 0.4
    """Importers claiming ACFTA with a form E."""
    daily_rate: tuple[float, float] = (-1.2, 0.9)
    """Crossings a day per trader: lognormal (mu, sigma)."""


@dataclass
class TraderState:
    """One trader: what it shows and what it hides."""

    index: int
    name: str
    tax_code: str
    plates: list[str]
    owner: str
    goods: tuple[Goods, ...]
    trade: str
    kind: str
    propensity: float
    rate: float
    no_origin: bool
    preference: bool
    turns_on: int | None = None
    renames_on: int | None = None


@dataclass(frozen=True)
class Crossing:
    """One crossing: its papers and its truth."""

    trader: TraderState
    declaration: Declaration
    manifest: Manifest
    arrival: ArrivalFacts
    violation: str
    """The violation the truth holds ("" when the crossing is honest)."""
    tie: float


@dataclass(frozen=True)
class Outcome:
    """What an inspection found: the day, who, and whether it was a violation."""

    day: int
    at: datetime
    tax_code: str
    plate: str
    owner: str
    violation: bool


@dataclass
class PolicyTally:
    """What one policy did in one run."""

    violations: int = 0
    inspected: int = 0
    caught: int = 0
    honest_stopped: int = 0
    first_caught: dict[str, int] = field(default_factory=dict)
    outcomes: list[Outcome] = field(default_factory=list)


def _plate(rnd: random.Random) -> str:
    return f"{rnd.choice(('12', '14', '20', '29', '98'))}{rnd.choice('CH')}-" \
           f"{rnd.randrange(100, 999)}.{rnd.randrange(10, 99)}"


def _container(rnd: random.Random, owner: str) -> str:
    serial = f"{owner}{rnd.randrange(0, 1_000_000):06d}"
    return serial + iso6346.calc_check_digit(serial)


def population(
    rnd: random.Random, size: int, days: int, shape: PopulationShape
) -> list[TraderState]:
    """``size`` traders; kinds drawn by the shape's shares, volumes lognormal."""
    traders = []
    for index in range(size):
        goods: tuple[Goods, ...]
        draw = rnd.random()
        kind = HONEST
        edge = 0.0
        for name in KINDS:
            edge += shape.dishonest_share[name]
            if draw < edge:
                kind = name
                break
        if kind == ORIGIN:
            trade, goods = "export", REEXPORTS
        elif kind in (UNDER, HEADING, SPLIT):
            trade, goods = "import", IMPORTS
        elif rnd.random() < shape.licensed_share:
            trade, goods = "import", LICENSED
        elif rnd.random() < shape.exporter_share:
            trade, goods = "export", EXPORTS
        else:
            trade, goods = "import", IMPORTS
        if kind == HEADING:
            goods = tuple(g for g in IMPORTS if g.hs in AS_PARTS)
        traders.append(TraderState(
            index=index, name=f"Trader {index:03d} Co., Ltd.",
            tax_code=f"01{rnd.randrange(10**7, 10**8)}", plates=[_plate(rnd) for _ in range(
                rnd.randint(1, 3))], owner=rnd.choice(OWNERS),
            goods=tuple(rnd.sample(goods, min(len(goods), rnd.randint(1, 2)))), trade=trade,
            kind=kind, propensity=rnd.uniform(*shape.propensity) if kind != HONEST else 0.0,
            rate=rnd.lognormvariate(*shape.daily_rate),
            no_origin=rnd.random() < shape.no_origin_traders,
            preference=(trade == "import" and goods is IMPORTS
                        and rnd.random() < shape.preference_share),
        ))
    honest = [t for t in traders if t.kind == HONEST and t.goods[0] in IMPORTS and t.rate > 0.3]
    for trader in rnd.sample(honest, min(len(honest), max(1, round(size * shape.turning_share)))):
        trader.turns_on = rnd.randint(days // 4, days // 2)
        trader.propensity = rnd.uniform(*shape.propensity)
    renamers = [t for t in traders if t.kind == UNDER]
    if renamers:
        max(renamers, key=lambda t: t.rate).renames_on = days // 2
    return traders


def _kind_on(trader: TraderState, day: int) -> str:
    if trader.turns_on is not None and day >= trader.turns_on:
        return UNDER
    return trader.kind


def crossing(
    rnd: random.Random, trader: TraderState, day: int, number: int, shape: PopulationShape
) -> Crossing:
    """One crossing of ``trader`` on ``day``: the papers it files and what the truck holds."""
    kind = _kind_on(trader, day)
    violation = kind if kind != HONEST and rnd.random() < trader.propensity else ""
    leaks = bool(violation) and rnd.random() < shape.leak[violation]
    at = START + timedelta(days=day, minutes=rnd.randrange(0, 600))
    origin = "VN" if trader.trade == "export" else "CN"
    declared_lines, manifest_lines = [], []
    share = Decimal(rnd.uniform(0.5, 0.8)).quantize(Decimal("0.01"))
    for line_no, goods in enumerate(rnd.sample(trader.goods, len(trader.goods)), start=1):
        quantity = Decimal(rnd.randrange(50, 2000) if goods.unit != "KGM"
                           else rnd.randrange(500, 20000))
        if violation == SPLIT:
            quantity = (quantity / 3).to_integral_value() or Decimal(1)
        weight = (quantity * goods.kg * Decimal("1.04")).quantize(Decimal(1))
        value = (quantity * goods.price).quantize(Decimal(1))
        hs = goods.hs
        declared_quantity, declared_weight, declared_value = quantity, weight, value
        if violation == UNDER:
            declared_quantity = (quantity * share).to_integral_value() or Decimal(1)
            declared_weight = (weight * share).quantize(Decimal(1))
            declared_value = (value * share).quantize(Decimal(1))
        if violation == HEADING:
            hs = AS_PARTS.get(goods.hs, goods.hs)
        declared = DeclarationLine(
            line_no=line_no, hs_code=hs, description=goods.words, quantity=declared_quantity,
            unit=goods.unit, gross_weight_kg=declared_weight, value=declared_value,
            origin_country=origin, preference="ACFTA" if trader.preference else None)
        paper = ManifestLine(
            line_no=line_no, description=goods.words, hs_code=hs, quantity=declared_quantity,
            unit=goods.unit, gross_weight_kg=declared_weight, value=declared_value,
            currency="USD", origin_country=None if trader.no_origin else origin)
        if leaks and violation == UNDER:
            paper = replace(paper, gross_weight_kg=weight)
        if leaks and violation == HEADING:
            paper = replace(paper, hs_code=goods.hs)
        if leaks and violation == ORIGIN:
            paper = replace(paper, description=f"{goods.words} made in China")
        if rnd.random() < shape.weight_noise:
            off = Decimal(rnd.uniform(0.03, 0.15) * rnd.choice((-1, 1)))
            paper = replace(paper, gross_weight_kg=(declared_weight * (1 + off)).quantize(
                Decimal(1)))
        if rnd.random() < shape.count_noise and goods.unit != "KGM":
            paper = replace(paper, quantity=declared_quantity - rnd.randint(1, 5))
        declared_lines.append(declared)
        manifest_lines.append(paper)
    plate = rnd.choice(trader.plates)
    container = _container(rnd, trader.owner) if rnd.random() < 0.5 else ""
    certificate = OriginCertificate(
        "E", f"E26{trader.index:03d}{day:03d}{number}", (at - timedelta(
            days=rnd.randint(1, 30))).date(), "CN") if trader.preference else None
    declaration = Declaration(
        declaration_no=f"10{day:03d}{number:05d}", type=trader.trade, declared_at=at,
        trader=Trader(trader.name, trader.tax_code), vehicle=DeclaredVehicle(plate, container),
        origin_certificate=certificate, lines=tuple(declared_lines))
    manifest = Manifest(document_no=f"M{day:03d}{number:05d}", date=at.date(),
                        consignor="", consignee=trader.name, vehicle_plate=plate,
                        container_no=container, lines=tuple(manifest_lines))
    arrival = ArrivalFacts(plate, "", (container,) if container else ())
    return Crossing(trader, declaration, manifest, arrival, violation, rnd.random())


def day_of_crossings(
    rnd: random.Random, traders: Sequence[TraderState], day: int, shape: PopulationShape
) -> list[Crossing]:
    """Every crossing of one day, traders in random order."""
    crossings: list[Crossing] = []
    for trader in traders:
        if trader.renames_on == day:
            trader.name = f"New Horizon {trader.index:03d} Trading Co., Ltd."
            trader.plates = [_plate(rnd) for _ in trader.plates]
        for _ in range(_poisson(rnd, trader.rate)):
            crossings.append(crossing(rnd, trader, day, len(crossings), shape))
    rnd.shuffle(crossings)
    return crossings


def _poisson(rnd: random.Random, rate: float) -> int:
    limit, count, product = math.exp(-rate), 0, rnd.random()
    while product > limit:
        count += 1
        product *= rnd.random()
    return count


Scorer = Callable[[Crossing, int, Sequence[Outcome]], int]


@dataclass
class Context:
    """What every policy checks against."""

    watch_lists: WatchLists
    nomenclature: Nomenclature
    fixed_scores: dict[int, int] = field(default_factory=dict)
    crossings_seen: dict[tuple[Party, str], int] = field(default_factory=dict)
    """Crossings per party on the days before (the whole run stays inside the window)."""


def fixed_scorer(context: Context) -> Scorer:
    """The score of the real checks with the default weights (cached per crossing)."""
    def score(item: Crossing, _day: int, _outcomes: Sequence[Outcome]) -> int:
        key = id(item)
        if key not in context.fixed_scores:
            context.fixed_scores[key] = check(
                item.declaration, item.manifest, arrival=item.arrival,
                watch_lists=context.watch_lists, nomenclature=context.nomenclature).score
        return context.fixed_scores[key]
    return score


def _keys(item: Crossing) -> list[tuple[Party, str]]:
    keys = [(Party.TRADER, item.trader.tax_code),
            (Party.PLATE, normalize_plate(item.declaration.vehicle.plate))]
    if item.declaration.vehicle.container_no:
        keys.append((Party.CONTAINER_OWNER, item.declaration.vehicle.container_no[:4]))
    return keys


def history_scorer(context: Context) -> Scorer:
    """The real checks with history: the records built from this policy's own outcomes."""
    settings = CheckSettings()
    index: dict[tuple[Party, str], list[Outcome]] = {}
    seen = [0]

    def score(item: Crossing, _day: int, outcomes: Sequence[Outcome]) -> int:
        for outcome in outcomes[seen[0]:]:
            for key in ((Party.TRADER, outcome.tax_code),
                        (Party.PLATE, normalize_plate(outcome.plate)),
                        (Party.CONTAINER_OWNER, outcome.owner)):
                if key[1]:
                    index.setdefault(key, []).append(outcome)
        seen[0] = len(outcomes)
        at = item.declaration.declared_at
        since = at - timedelta(days=settings.history.window_days)
        records = []
        for party, key in _keys(item):
            mine = [o for o in index.get((party, key), ()) if since <= o.at < at]
            records.append(PartyRecord(
                party, key, tuple(Violation(o.at) for o in mine if o.violation),
                sum(1 for o in mine if not o.violation),
                context.crossings_seen.get((party, key), 0)))
        return check(item.declaration, item.manifest, arrival=item.arrival,
                     watch_lists=context.watch_lists, nomenclature=context.nomenclature,
                     settings=settings, history=HistoryFacts(at, tuple(records))).score
    return score


def select(
    crossings: Sequence[Crossing], capacity: float, scorer: Scorer | None, day: int,
    tally: PolicyTally, rnd: random.Random,
) -> list[Crossing]:
    """The crossings one policy inspects today: the top k by score, or k at random."""
    k = min(len(crossings), round(capacity * len(crossings)))
    if scorer is None:
        return rnd.sample(list(crossings), k)
    ranked = sorted(crossings, key=lambda c: (-scorer(c, day, tally.outcomes), c.tie))
    return ranked[:k]


def inspect(chosen: Sequence[Crossing], crossings: Sequence[Crossing], day: int,
            tally: PolicyTally) -> None:
    """Inspect ``chosen``: the truth comes out and is recorded."""
    tally.violations += sum(1 for c in crossings if c.violation)
    for item in chosen:
        tally.inspected += 1
        if item.violation:
            tally.caught += 1
            if item.trader.turns_on is not None and item.violation == UNDER:
                tally.first_caught.setdefault(item.trader.tax_code, day)
        else:
            tally.honest_stopped += 1
        owner = item.declaration.vehicle.container_no[:4]
        tally.outcomes.append(Outcome(day, item.declaration.declared_at,
                                      item.trader.tax_code, item.declaration.vehicle.plate,
                                      owner, bool(item.violation)))


@dataclass(frozen=True)
class Row:
    """One line of the table."""

    policy: str
    crossings: int
    violations: int
    inspected: int
    caught: int
    honest_stopped: int
    days_to_catch: float
    not_caught: int


def run(seed: int, days: int, capacity: float, size: int,
        policies: Sequence[tuple[str, Callable[[Context], Scorer] | None]]) -> list[Row]:
    """One seed: the same population and crossings for every policy."""
    rnd = random.Random(seed)
    shape = PopulationShape()
    traders = population(rnd, size, days, shape)
    context = Context(shipped_watch_lists(), shipped_nomenclature())
    scorers = [(name, make(context) if make else None) for name, make in policies]
    tallies = {name: PolicyTally() for name, _ in policies}
    picks = random.Random(seed * 7919)
    total = 0
    for day in range(days):
        crossings = day_of_crossings(rnd, traders, day, shape)
        total += len(crossings)
        for name, scorer in scorers:
            chosen = select(crossings, capacity, scorer, day, tallies[name], picks)
            inspect(chosen, crossings, day, tallies[name])
        context.fixed_scores.clear()
        for item in crossings:
            for key in _keys(item):
                context.crossings_seen[key] = context.crossings_seen.get(key, 0) + 1
    turned = [t for t in traders if t.turns_on is not None]
    rows = []
    for name, _ in policies:
        tally = tallies[name]
        waits = [tally.first_caught.get(t.tax_code, days) - t.turns_on for t in turned
                 if t.turns_on is not None]
        missed = sum(1 for t in turned if t.tax_code not in tally.first_caught)
        rows.append(Row(name, total, tally.violations, tally.inspected, tally.caught,
                        tally.honest_stopped, statistics.fmean(waits) if waits else 0.0, missed))
    return rows


POLICIES: list[tuple[str, Callable[[Context], Scorer] | None]] = [
    ("fixed", fixed_scorer),
    ("history", history_scorer),
    ("random", None),
]

HEADER = (f"{'seed':>5} {'policy':<8} {'crossings':>9} {'violations':>10} {'inspected':>9} "
          f"{'caught':>6} {'honest_stopped':>14} {'days_to_catch':>13} {'not_caught':>10}")


def _line(seed: str, row: Row) -> str:
    return (f"{seed:>5} {row.policy:<8} {row.crossings:>9} {row.violations:>10} "
            f"{row.inspected:>9} {row.caught:>6} {row.honest_stopped:>14} "
            f"{row.days_to_catch:>13.1f} {row.not_caught:>10}")


def mean_rows(runs: Sequence[Sequence[Row]]) -> list[Row]:
    """The mean of each policy's figures over the seeds (rounded to whole crossings)."""
    means = []
    for index, first in enumerate(runs[0]):
        rows = [run_rows[index] for run_rows in runs]
        means.append(Row(
            first.policy, round(statistics.fmean(r.crossings for r in rows)),
            round(statistics.fmean(r.violations for r in rows)),
            round(statistics.fmean(r.inspected for r in rows)),
            round(statistics.fmean(r.caught for r in rows)),
            round(statistics.fmean(r.honest_stopped for r in rows)),
            statistics.fmean(r.days_to_catch for r in rows),
            round(statistics.fmean(r.not_caught for r in rows)),
        ))
    return means


def main(argv: Sequence[str] | None = None) -> None:
    """Run the seeds and print the table."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--days", type=int, default=60)
    parser.add_argument("--seeds", default="1,2,3")
    parser.add_argument("--capacity", type=float, default=0.1,
                        help="share of each day's crossings inspected (every policy)")
    parser.add_argument("--traders", type=int, default=160)
    args = parser.parse_args(argv)
    if args.days < 1 or not 0 < args.capacity <= 1 or args.traders < 10:
        parser.error("--days >= 1, 0 < --capacity <= 1, --traders >= 10")
    seeds = [int(s) for s in args.seeds.split(",")]
    print(HEADER)
    runs = []
    for seed in seeds:
        rows = run(seed, args.days, args.capacity, args.traders, POLICIES)
        runs.append(rows)
        for row in rows:
            print(_line(str(seed), row))
    means = mean_rows(runs)
    for row in means:
        print(_line("mean", row))
    fixed = next(r for r in means if r.policy == "fixed")
    history = next(r for r in means if r.policy == "history")
    print(f"selectivity: history/fixed caught {_ratio(history.caught, fixed.caught)}x, "
          f"honest stopped {_ratio(history.honest_stopped, fixed.honest_stopped)}x")


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "inf"


if __name__ == "__main__":
    main()
