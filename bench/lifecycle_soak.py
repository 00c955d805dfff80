"""Soak the crossing lifecycle: tens of thousands of random actions, every invariant after each.

    python bench/lifecycle_soak.py [--steps 20000] [--backend sqlite|postgresql|both] [--seed 1]
                                   [--pg-url URL] [--verify-every 200]

Drives ``tests/lifecycle_machine.LifecycleWorld`` (the model and checks the
stateful test uses) with actions drawn from ``random.Random(seed)``: every
action by an officer of any role (most often one the model says may take it)
on the latest three crossings, seizures and handoffs, with stale
``expected_version`` now and then. On PostgreSQL it works in a throwaway
database (``bd_lifecycle_<random>``) on the server of ``--pg-url`` (default
BORDERDESK_TEST_PG_URL), dropped at the end; on SQLite in a temporary file.

Prints, per backend, one row per action (tried, succeeded, refused) and a last
row with the steps, invariant violations, tracebacks and wall time; exits 1 on
any violation or traceback, printing each with the steps that led to it.
SIGINT or SIGTERM stops it after the step under way, with the table so far
(and exit 1: the run is not complete).
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
for folder in (ROOT / "tests", ROOT / "tests" / "services", ROOT / "bench"):
    sys.path.insert(0, str(folder))


def _step(world: Any, rng: random.Random) -> None:
    from lifecycle_model import (
        FINDING_RULES,
        KINDS,
        REASONS,
        ROLE_CHOICES,
        ROLES_MAY,
        VERSIONS,
    )

    from borderdesk.domain.crossing import Channel
    from borderdesk.domain.custody import (
        Agency,
        HandoffState,
        InspectionKind,
        InspectionResult,
    )

    open_now = sum(1 for c in world.crossings[-world.window:]
                   if c.status.value not in ("released", "cancelled"))
    weights = [4 if open_now < world.window else 1, 3, 3, 4, 3, 3, 4, 3, 3, 2, 2, 3, 4]
    kind = rng.choices(KINDS, weights)[0]
    allowed = sorted(ROLES_MAY[kind])
    role = rng.choice(allowed) if rng.random() < 0.75 else rng.choice(ROLE_CHOICES)
    pick = rng.randrange(6)
    reason = rng.choice(REASONS) if rng.random() < 0.3 else rng.choice(REASONS[2:4])
    version = rng.choice(VERSIONS)
    if kind == "register":
        world.register(role, rng.randrange(3))
    elif kind in ("declare", "manifest"):
        getattr(world, kind)(role, pick, rng.randrange(3))
    elif kind == "check":
        world.check(role, pick)
    elif kind == "override":
        world.override(role, pick, rng.choice(list(Channel)), reason, version)
    elif kind == "decide_override":
        world.decide(role, pick, rng.random() < 0.6,
                     "" if rng.random() < 0.3 else reason)
    elif kind == "inspect":
        world.inspect(role, pick, rng.choice(list(InspectionKind)),
                      rng.choice(list(InspectionResult)),
                      rng.choice(FINDING_RULES) if rng.random() < 0.3 else ())
    elif kind == "seize":
        world.seize(role, pick, rng.choice((0, 1, 1, 2, 2)), reason)
    elif kind in ("release_hold", "cancel"):
        world.close(kind, role, pick, reason, version)
    elif kind == "evidence":
        world.evidence(role, pick, rng.randrange(4))
    elif kind == "send_handoff":
        world.send_handoff(role, pick, rng.choice(list(Agency)))
    else:
        world.settle_handoff(role, pick, rng.choice((HandoffState.ACCEPTED,
                                                    HandoffState.DISPUTED,
                                                    HandoffState.RETURNED)),
                             reason, rng.choice(("all", "all", "first", "none")))


STOP: list[int] = []
"""The signal that asked the run to stop early (SIGINT, SIGTERM): it stops after the step
under way, verifies the chain and prints what it did so far."""


def _stop(signum: int, _frame: object) -> None:
    STOP.append(signum)


def soak(url: str, steps: int, seed: int, verify_every: int) -> tuple[Any, int, int, float]:
    """Run ``steps`` random actions on the database at ``url``; (world, violations,
    tracebacks, seconds)."""
    from gate_kit import make_gate
    from lifecycle_machine import InvariantBroken, LifecycleWorld

    from borderdesk import i18n
    from borderdesk.storage.engine import Database
    from borderdesk.storage.migrate import upgrade

    i18n.set_language("en")
    db = Database(url)
    upgrade(db)
    gate = make_gate(db)
    world = LifecycleWorld(gate, verify_every=verify_every)
    rng = random.Random(seed)
    violations = tracebacks = 0
    started = time.perf_counter()
    try:
        while world.steps < steps and not STOP:
            try:
                _step(world, rng)
            except InvariantBroken as broken:
                violations += 1
                print(f"VIOLATION at step {world.steps}: {broken}", file=sys.stderr)
                _start_afresh(world)
            except Exception:  # a traceback is a finding: counted, shown, and the run goes on
                tracebacks += 1
                print(f"TRACEBACK at step {world.steps}:\n{traceback.format_exc()}"
                      "last steps:\n  " + "\n  ".join(list(world.trace)[-40:]), file=sys.stderr)
                _start_afresh(world)
        try:
            world.verify()
        except InvariantBroken as broken:
            violations += 1
            print(f"VIOLATION at the end: {broken}", file=sys.stderr)
    finally:
        db.dispose()
    return world, violations, tracebacks, time.perf_counter() - started


def _start_afresh(world: Any) -> None:
    # After a finding the model no longer knows these crossings: go on with new ones.
    world.crossings.clear()
    world.seizures.clear()
    world.handoffs.clear()


def _print(backend: str, world: Any, violations: int, tracebacks: int, seconds: float) -> None:
    print(f"{'backend':<11}{'action':<16}{'tried':>7}{'succeeded':>11}{'refused':>9}")
    for kind in sorted(world.tried):
        print(f"{backend:<11}{kind:<16}{world.tried[kind]:>7}{world.succeeded[kind]:>11}"
              f"{world.refused[kind]:>9}")
    print(f"{backend:<11}{'all':<16}{world.steps:>7}{sum(world.succeeded.values()):>11}"
          f"{sum(world.refused.values()):>9}")
    print(f"{backend}: steps {world.steps}, invariant violations {violations}, "
          f"tracebacks {tracebacks}, wall {seconds:.1f} s" + (" (stopped early)" if STOP else ""))
    sys.stdout.flush()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", type=int, default=20000)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pg-url", default=os.environ.get("BORDERDESK_TEST_PG_URL", ""))
    parser.add_argument("--verify-every", type=int, default=200,
                        help="verify the audit chain every this many steps (and at the end)")
    args = parser.parse_args()
    backends = ("sqlite", "postgresql") if args.backend == "both" else (args.backend,)
    if "postgresql" in backends and not args.pg_url:
        parser.error("PostgreSQL needs --pg-url or BORDERDESK_TEST_PG_URL")
    failed = False
    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    with tempfile.TemporaryDirectory(prefix="bd-lifecycle-") as home:
        # Keys, pinned keys and settings of this run stay in a folder of its own.
        os.environ["BORDERDESK_HOME"] = home
        os.environ.setdefault("BORDERDESK_LANG", "en")
        from scratch_database import create_database, drop_database

        for backend in backends:
            if backend == "sqlite":
                world, violations, tracebacks, seconds = soak(
                    f"sqlite:///{Path(home) / 'gate.sqlite3'}", args.steps, args.seed,
                    args.verify_every)
            else:
                url, name = create_database(args.pg_url, "bd_lifecycle")
                try:
                    world, violations, tracebacks, seconds = soak(
                        url, args.steps, args.seed, args.verify_every)
                finally:
                    drop_database(args.pg_url, name)
            _print(backend, world, violations, tracebacks, seconds)
            failed = failed or bool(violations or tracebacks or STOP)
            if STOP:
                break
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
