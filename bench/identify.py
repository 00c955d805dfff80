"""How well the truck reader reads plates and container numbers, beside today's tesseract readers.

    python bench/identify.py [--crops 90] [--scenes 40] [--baseline-scenes 10]
                             [--family held-out|tuning|both]

Generated photos with their truth (bench/identify_images.py): plate and door
crops, and 1920 x 1080 scenes. The held-out family (other fonts, other
scenes, other seeds) was never looked at while the reader was adjusted: its
rows come first and are the headline.

Columns: ``exact`` the first candidate is the truth (for the new reader,
with the right country); ``wrong valid`` the first candidate is marked valid
and is not the truth; milliseconds per photo on one thread (first-call
model loading excluded), wall clock (median, p95) and this process's CPU
time (median: what a photo costs whatever else the machine is doing).
``tesseract`` is ``ocr/plates.py`` and ``ocr/containers.py`` as they were
before the new reader, run on the same photos. Targets (issue 19): crops
>= 97 percent, scenes >= 92 percent, wrong valid <= 0.5 percent, median
<= 300 ms and p95 <= 700 ms per scene.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

import identify_images

from borderdesk.domain.plate_formats import compact_plate
from borderdesk.ocr.containers import read_container
from borderdesk.ocr.engine import default_engine
from borderdesk.ocr.identify import identify
from borderdesk.ocr.plates import read_plate


@dataclass
class Tally:
    """Outcomes of one reader on one set."""

    targets: int = 0
    exact: int = 0
    wrong_valid: int = 0
    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    def add(self, truth: str, first: str | None, valid: bool) -> None:
        """One target: the truth, and the reader's first candidate (None if it offered none)."""
        self.targets += 1
        if first is not None and first == truth:
            self.exact += 1
        elif first is not None and valid:
            self.wrong_valid += 1

    def row(self, name: str) -> str:
        """One line of the table."""
        def share(n: int) -> str:
            return f"{100 * n / self.targets:6.1f}" if self.targets else "     -"
        times = sorted(self.times)
        median = f"{1000 * statistics.median(times):7.0f}" if times else "      -"
        p95 = f"{1000 * times[int(0.95 * (len(times) - 1))]:6.0f}" if times else "     -"
        cpu = f"{1000 * statistics.median(self.cpu):7.0f}" if self.cpu else "      -"
        return (f"{name:<40} {self.targets:5d} {share(self.exact)} {share(self.wrong_valid)}"
                f" {median} {p95} {cpu}")


def _new_reader(sample: identify_images.Sample, tally_plate: Tally, tally_box: Tally,
                tesseract: object) -> None:
    started, used = time.perf_counter(), time.process_time()
    found = identify(sample.image, tesseract)  # type: ignore[arg-type]
    if sample.kind == "scene":
        tally_plate.times.append(time.perf_counter() - started)
        tally_plate.cpu.append(time.process_time() - used)
    if sample.plate:
        first = found.plates[0] if found.plates else None
        text = (f"{compact_plate(first.text)}/{first.country}" if first else None)
        tally_plate.add(f"{compact_plate(sample.plate)}/{sample.country}", text,
                        bool(first and first.valid))
    if sample.container:
        box = found.containers[0] if found.containers else None
        tally_box.add(sample.container, box.text if box else None, bool(box and box.valid))


def _old_reader(sample: identify_images.Sample, tally_plate: Tally, tally_box: Tally,
                tesseract: object) -> None:
    started = time.perf_counter()
    plates = read_plate(sample.image, tesseract)  # type: ignore[arg-type]
    boxes = read_container(sample.image, tesseract)  # type: ignore[arg-type]
    if sample.kind == "scene":
        tally_plate.times.append(time.perf_counter() - started)
    if sample.plate:
        first = plates[0] if plates else None
        tally_plate.add(compact_plate(sample.plate), compact_plate(first.plate) if first else None,
                        bool(first and first.valid))
    if sample.container:
        box = boxes[0] if boxes else None
        tally_box.add(sample.container, box.number if box else None, bool(box and box.valid))


def run(families: list[str], crops: int, scenes: int, baseline_scenes: int) -> list[str]:
    """The table's lines, held-out family first."""
    tesseract = default_engine()
    identify(identify_images.samples("tuning", 1, 0)[0].image)  # models load outside the timing
    lines = [f"{'set':<40} {'n':>5} {'exact':>6} {'wrong valid':>6} {'median ms':>7} "
             f"{'p95 ms':>6} {'cpu ms':>7}"]
    for family in families:
        photos = identify_images.samples(family, crops, scenes)
        headline = " (headline)" if family == "held-out" else ""
        for reader, read in (("new", _new_reader), ("tesseract", _old_reader)):
            tallies = {key: Tally() for key in ("crop plates", "crop containers",
                                                "scene plates", "scene containers")}
            scenes_read = 0
            for sample in photos:
                if sample.kind == "scene":
                    if reader == "tesseract" and scenes_read >= baseline_scenes:
                        continue
                    scenes_read += 1
                read(sample, tallies[f"{sample.kind} plates"],
                     tallies[f"{sample.kind} containers"], tesseract)
            crops_all, scenes_all = Tally(), Tally()
            for key, tally in tallies.items():
                whole = crops_all if key.startswith("crop") else scenes_all
                whole.targets += tally.targets
                whole.exact += tally.exact
                whole.wrong_valid += tally.wrong_valid
                whole.times += tally.times
                whole.cpu += tally.cpu
            lines.append(crops_all.row(f"{family} crops {reader}{headline}"))
            lines.append(scenes_all.row(f"{family} scenes {reader}{headline}"))
            lines.extend(tally.row(f"  {family} {key} {reader}") for key, tally in tallies.items())
    return lines


def main() -> None:
    """Parse the options, run, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--crops", type=int, default=90)
    parser.add_argument("--scenes", type=int, default=40)
    parser.add_argument("--baseline-scenes", type=int, default=10)
    parser.add_argument("--family", choices=("held-out", "tuning", "both"), default="both")
    args = parser.parse_args()
    families = ["held-out", "tuning"] if args.family == "both" else [args.family]
    for line in run(families, args.crops, args.scenes, args.baseline_scenes):
        print(line, flush=True)


if __name__ == "__main__":
    main()
