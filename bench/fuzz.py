"""The long fuzz run: mutated declarations, manifests, bundles, images and PDFs.

    python bench/fuzz.py [--cases 100000] [--images 1000] [--workers 2] [--seed 0]
                         [--held-out] [--timeout 10] [--out bench/out/fuzz]

Cases come from the mutators of ``tests/fuzz`` (docs/fuzzing.md), each made
from one integer seed, and run in ``--workers`` subprocesses. A case still
running after ``--timeout`` seconds is a hang: the worker is killed, the case
written out, a new worker started. A case that ends in anything but a result
or a one-line ``BorderDeskError`` is a traceback, counted by exception type
and the first frame in ``borderdesk/`` (innermost), its files and traceback
written under ``--out``. Seeds: the tuning range starts at ``--seed``; the
held-out range (``--held-out``, the headline) starts at 10**9 and is not to be
looked at while tuning the mutators. One check case in ten is a bundle.
"""

from __future__ import annotations

import argparse
import json
import os
import selectors
import subprocess
import sys
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# Appended, not inserted: PYTHONPATH may name another checkout's borderdesk to fuzz.
sys.path.append(str(ROOT))
HELD_OUT_SEED = 10**9
"""Where the held-out seeds start: far from any tuning range."""
BUNDLE_EVERY = 10
"""One case in ten is a bundle, the others a declaration/manifest pair."""


# ---- The worker: runs the cases it is sent, one JSON line back per case


def _kind_of(seed: int, kind: str) -> str:
    if kind == "page":
        return "page"
    return "bundle" if seed % BUNDLE_EVERY == BUNDLE_EVERY - 1 else "check"


def _build(kind: str, seed: int, folder: Path) -> Any:
    from tests.fuzz.bundles import bundle_case
    from tests.fuzz.cases import declaration_case
    from tests.fuzz.draws import RandomDraw
    from tests.fuzz.pages import page_case

    draw = RandomDraw(seed)
    if kind == "bundle":
        return bundle_case(draw, folder)
    if kind == "page":
        return page_case(draw)
    return declaration_case(draw)


def write_case(kind: str, case: Any, where: Path) -> None:
    """The files of a case, to open by hand or feed to ``borderdesk``."""
    where.mkdir(parents=True, exist_ok=True)
    if kind == "check":
        (where / case.declaration_name).write_bytes(case.declaration)
        (where / case.manifest_name).write_bytes(case.manifest)
    elif kind == "bundle":
        (where / "handoff.zip").write_bytes(case.data)
    else:
        (where / case.name).write_bytes(case.data)
    (where / "mutations.txt").write_text("\n".join(case.mutations) + "\n", encoding="utf-8")


def _first_frame(error: BaseException) -> str:
    # The harness's own failures (BadMessage, HiddenLine) are raised while handling the
    # refusal: its raise site in borderdesk/ names the cause, not the harness's line.
    for cause in (error, error.__context__):
        frames = traceback.extract_tb(cause.__traceback__) if cause is not None else []
        for frame in reversed(frames):
            if f"{os.sep}borderdesk{os.sep}" in frame.filename:
                inner = frame.filename.split(os.sep + "borderdesk" + os.sep)[-1]
                return f"{inner}:{frame.lineno}"
    frames = traceback.extract_tb(error.__traceback__)
    return f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"


def _warm_up() -> None:
    """Load what every check reads once (nomenclature, watch lists): not a case's time."""
    from borderdesk.documents.watchlist_files import shipped_watch_lists
    from borderdesk.services.checks import check_settings, shipped_nomenclature

    shipped_nomenclature()
    shipped_watch_lists()
    check_settings()


def worker(out: Path) -> None:
    """Read ``kind seed`` lines on stdin, answer one JSON line each on the original stdout."""
    import resource
    import tempfile

    from borderdesk import i18n
    from tests.fuzz.bundles import run_bundle_case
    from tests.fuzz.harness import run_check_case
    from tests.fuzz.pages import run_page_case

    i18n.set_language("en")
    answers = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)  # whatever the code under test prints goes to the worker's log
    runners = {"check": run_check_case, "bundle": run_bundle_case, "page": run_page_case}
    _warm_up()
    answers.write(json.dumps({"ready": True}) + "\n")
    with tempfile.TemporaryDirectory(prefix="fuzz-") as scratch:
        folder = Path(scratch)
        for line in sys.stdin:
            kind, seed_text = line.split()
            seed = int(seed_text)
            started = time.perf_counter()
            answer: dict[str, Any] = {"seed": seed, "kind": kind}
            try:
                case = _build(kind, seed, folder)
                stage = runners[kind](case, folder).stage
                answer["stage"] = f"refused-{kind}" if stage == "refused" else stage
            except Exception as error:
                answer.update(stage="traceback", cause=type(error).__name__,
                              where=_first_frame(error), message=str(error)[:300])
                where = out / "tracebacks" / f"{kind}-{seed}"
                write_case(kind, _build(kind, seed, folder), where)
                (where / "traceback.txt").write_text("".join(traceback.format_exception(error)),
                                                     encoding="utf-8")
            answer["seconds"] = time.perf_counter() - started
            answer["rss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            answers.write(json.dumps(answer) + "\n")


# ---- The parent: hands out cases, watches the clock, keeps the score


@dataclass
class Score:
    """The figures of one seed range."""

    cases: int = 0
    stages: Counter[str] = field(default_factory=Counter)
    tracebacks: Counter[str] = field(default_factory=Counter)
    hangs: int = 0
    crashes: int = 0
    peak_rss_kb: int = 0
    seconds: float = 0.0
    slowest: float = 0.0


@dataclass
class Worker:
    process: subprocess.Popen[str]
    case: tuple[str, int] | None = None
    started: float = 0.0


def _start_worker(out: Path, index: int) -> Worker:
    log = (out / f"worker-{index}.log").open("a", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, __file__, "--worker", "--out", str(out)], stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, stderr=log, text=True, bufsize=1, cwd=ROOT,
        env={**os.environ, "OMP_THREAD_LIMIT": "1", "QT_QPA_PLATFORM": "offscreen",
             "PYTHONPATH": os.pathsep.join(
                 p for p in (os.environ.get("PYTHONPATH", ""), str(ROOT)) if p)})
    log.close()
    assert process.stdout is not None
    # Start-up (imports, the nomenclature) is not a case: wait for the worker to say so.
    ready = process.stdout.readline()
    if not ready:
        raise SystemExit(f"a fuzz worker did not start: see {out / f'worker-{index}.log'}")
    return Worker(process)


def _stop(worker: Worker) -> None:
    worker.process.kill()
    worker.process.wait()


def run_range(jobs: list[tuple[str, int]], workers: int, timeout: float, out: Path,
              progress: bool) -> Score:
    """Run ``jobs`` on ``workers`` subprocesses; a case past ``timeout`` seconds is a hang."""
    score = Score()
    pending = list(reversed(jobs))
    pool = [_start_worker(out, k) for k in range(workers)]
    selector = selectors.DefaultSelector()
    started = time.perf_counter()

    def hand_out(k: int) -> None:
        worker = pool[k]
        if not pending:
            worker.case = None
            return
        worker.case = pending.pop()
        worker.started = time.perf_counter()
        assert worker.process.stdin is not None
        worker.process.stdin.write(f"{worker.case[0]} {worker.case[1]}\n")
        worker.process.stdin.flush()

    def replace(k: int, why: str) -> None:
        worker = pool[k]
        selector.unregister(worker.process.stdout)  # type: ignore[arg-type]
        _stop(worker)
        if worker.case is not None:
            kind, seed = worker.case
            where = out / why / f"{kind}-{seed}"
            write_case(kind, _build(kind, seed, out), where)
        pool[k] = _start_worker(out, k)
        selector.register(pool[k].process.stdout, selectors.EVENT_READ, k)  # type: ignore[arg-type]
        hand_out(k)

    for k, worker in enumerate(pool):
        selector.register(worker.process.stdout, selectors.EVENT_READ, k)  # type: ignore[arg-type]
        hand_out(k)
    last_report = started
    while any(w.case is not None for w in pool):
        for key, _ in selector.select(timeout=0.2):
            k = key.data
            line = pool[k].process.stdout.readline()  # type: ignore[union-attr]
            if not line:
                score.crashes += 1
                score.cases += 1
                replace(k, "crashes")
                continue
            answer = json.loads(line)
            score.cases += 1
            score.stages[answer["stage"]] += 1
            score.peak_rss_kb = max(score.peak_rss_kb, answer["rss_kb"])
            score.slowest = max(score.slowest, answer["seconds"])
            if answer["stage"] == "traceback":
                score.tracebacks[f"{answer['cause']} at {answer['where']}"] += 1
            hand_out(k)
        now = time.perf_counter()
        for k, worker in enumerate(pool):
            if worker.case is not None and now - worker.started > timeout:
                score.hangs += 1
                score.cases += 1
                replace(k, "hangs")
        if progress and now - last_report > 30:
            last_report = now
            print(f"  ... {score.cases}/{len(jobs)} cases, {len(score.tracebacks)} causes, "
                  f"{score.hangs} hangs", file=sys.stderr, flush=True)
    for worker in pool:
        assert worker.process.stdin is not None
        worker.process.stdin.close()
        worker.process.wait(timeout=30)
    score.seconds = time.perf_counter() - started
    return score


def jobs_for(first_seed: int, cases: int, images: int) -> list[tuple[str, int]]:
    """The check and bundle cases, then the pages, of one seed range."""
    jobs = [(_kind_of(seed, "check"), seed) for seed in range(first_seed, first_seed + cases)]
    return jobs + [("page", seed) for seed in range(first_seed, first_seed + images)]


def table(rows: list[tuple[str, Score]]) -> str:
    """The figures: one row per seed range, then the causes of the tracebacks."""
    lines = [f"{'range':<10}{'cases':>9}{'checked':>9}{'reached':>9}{'opened':>8}{'read':>6}"
             f"{'tracebacks':>12}{'hangs':>7}{'crashes':>9}{'peak MB':>9}{'slowest s':>11}"
             f"{'cases/s':>9}"]
    for name, score in rows:
        checks = score.stages["checked"] + score.stages["refused-check"]
        reached = score.stages["checked"] / max(1, checks)
        lines.append(
            f"{name:<10}{score.cases:>9}{score.stages['checked']:>9}{reached:>9.1%}"
            f"{score.stages['opened']:>8}{score.stages['read']:>6}"
            f"{sum(score.tracebacks.values()):>12}{score.hangs:>7}{score.crashes:>9}"
            f"{score.peak_rss_kb / 1024:>9.0f}{score.slowest:>11.1f}"
            f"{score.cases / max(score.seconds, 1e-9):>9.0f}")
    for name, score in rows:
        for cause, count in score.tracebacks.most_common():
            lines.append(f"{name}: {count} x {cause}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=100_000,
                        help="declaration/manifest and bundle cases per seed range")
    parser.add_argument("--images", type=int, default=200,
                        help="images and PDFs through OCR per seed range (at most 1,000)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0, help="first seed of the tuning range")
    parser.add_argument("--held-out", action="store_true",
                        help="also run the held-out range (the headline)")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds before a hang")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "fuzz")
    parser.add_argument("--quiet", action="store_true")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.worker:
        worker(args.out)
        return 0
    if args.images > 1000:
        parser.error("--images: at most 1,000 images and PDFs go through OCR")
    ranges = [("tuning", args.seed)] + ([("held-out", HELD_OUT_SEED)] if args.held_out else [])
    rows = []
    for name, first in ranges:
        score = run_range(jobs_for(first, args.cases, args.images), args.workers, args.timeout,
                          args.out, not args.quiet)
        rows.append((name, score))
    print(table(rows))
    print(f"reproducers under {args.out} (tracebacks/, hangs/, crashes/)")
    worst = [s for _, s in rows if s.tracebacks or s.hangs or s.crashes]
    return 1 if worst else 0


if __name__ == "__main__":
    sys.exit(main())
