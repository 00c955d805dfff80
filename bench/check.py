"""How long check() takes as declarations grow: median of N runs per size.

    python bench/check.py [--sizes 10,100,500,2000] [--runs 7]

Each manifest carries the declared lines shuffled, with one line in fifty
split in two, one in forty short by one unit, one in sixty of another origin,
and one undeclared line: the matching does real work. Target: 500 lines
under 100 ms median.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

from borderdesk.domain.declaration import Declaration, DeclarationLine, DeclaredVehicle, Trader
from borderdesk.domain.manifest import Manifest, ManifestLine
from borderdesk.domain.watchlist import WatchLists
from borderdesk.rules.check import ArrivalFacts, check
from borderdesk.rules.hs import Nomenclature

WORDS = ("cotton", "steel", "rubber", "plastic", "wooden", "frozen", "dried", "fresh", "shirts",
         "bolts", "sandals", "toys", "chairs", "shrimp", "mango", "pipes", "cables", "lamps")


def build(size: int, rnd: random.Random) -> tuple[Declaration, Manifest]:
    """A declaration of ``size`` lines and a manifest with some mismatches."""
    lines = []
    for n in range(1, size + 1):
        words = " ".join(rnd.sample(WORDS, 3))
        lines.append(DeclarationLine(
            line_no=n, hs_code=f"{rnd.randrange(1, 98):02d}{rnd.randrange(1, 99):02d}{n % 90 + 10}",
            description=f"{words} lot {n}", quantity=Decimal(rnd.randrange(1, 5000)),
            unit=rnd.choice(["PCE", "KGM", "CTN"]), gross_weight_kg=Decimal(rnd.randrange(5, 9000)),
            value=Decimal(rnd.randrange(100, 100000)), currency="USD", origin_country="CN",
        ))
    declaration = Declaration("B1", "import", datetime(2026, 11, 20, tzinfo=UTC),
                              Trader("ABC", "0101234567"),
                              DeclaredVehicle("74C-123.45", "CSQU3054383", "A1"), None,
                              tuple(lines))
    manifest_lines: list[ManifestLine] = []
    for d in lines:
        m = ManifestLine(d.line_no, d.description, d.hs_code, d.quantity, d.unit,
                         d.gross_weight_kg, d.value, d.currency, d.origin_country)
        if d.line_no % 40 == 0:
            m = replace(m, quantity=d.quantity + 1)
        if d.line_no % 60 == 0:
            m = replace(m, origin_country="TH")
        if d.line_no % 50 == 0 and d.quantity > 1:
            half = (d.quantity / 2).to_integral_value()
            manifest_lines.append(replace(m, line_no=size + d.line_no, quantity=half,
                                          gross_weight_kg=None, value=None))
            m = replace(m, quantity=d.quantity - half, gross_weight_kg=None, value=None)
        manifest_lines.append(m)
    manifest_lines.append(ManifestLine(10 * size, "undeclared electronics", "851713",
                                       Decimal(5), "PCE"))
    rnd.shuffle(manifest_lines)
    return declaration, Manifest(vehicle_plate="74C12345", container_no="CSQU3054383",
                                 lines=tuple(manifest_lines))


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100,500,2000")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    nomenclature = Nomenclature.from_rows([])
    arrival = ArrivalFacts("74C-123.45", "", ("CSQU3054383",), ("A1",))
    print(f"{'lines':>6} {'median ms':>10} {'min ms':>8} {'findings':>9} {'channel':>8}")
    for size in (int(s) for s in args.sizes.split(",")):
        declaration, manifest = build(size, random.Random(size))
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            result = check(declaration, manifest, arrival=arrival, watch_lists=WatchLists(),
                           nomenclature=nomenclature)
            times.append((time.perf_counter() - start) * 1000)
        print(f"{size:>6} {statistics.median(times):>10.1f} {min(times):>8.1f} "
              f"{len(result.findings):>9} {result.channel:>8}")


if __name__ == "__main__":
    main()
