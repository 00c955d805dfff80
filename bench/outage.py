"""Cut the gate's server away at random moments under several workstations; check nothing is lost.

    python bench/outage.py [--cuts 200] [--workstations 3] [--seed 1] [--seconds 1800]
                           [--pg-url URL] [--keep DIR]

Creates a throwaway database ``bd_outage_<random>`` on the server of
``--pg-url`` (default: BORDERDESK_TEST_PG_URL, else the local test server),
with a gate and, per workstation, a workstation attached to it (its own
signing key) and a guard. A TCP proxy in this process stands between the
workstations and the server (``outage_proxy``); the server itself is never
stopped or reconfigured.

Each workstation is a process (``outage_worker``) with its own local copy
(``GateDatabase`` through the proxy): it refreshes its copy, then saves
without pause through ``through_outage`` - arrivals mostly, photos and
handoffs to customs on its own trucks - each carrying a unique token, and
replays its queue whenever it is not online. With two workstations or more,
each also has a customs officer, who accepts one of the oldest handoffs of
the gate's inbox (the token in the acceptance's note): the workstations
race for the same handoffs, online (the loser is refused at once) and on
stale copies (the replay refuses the later acceptance as a conflict). A
save is reported (token and id, synced to a file) only once the service
returned; a save refused with an ``EnvironmentProblem``, or an acceptance
refused because the handoff was taken, is counted apart.

Meanwhile the harness cuts the line ``--cuts`` times: it resets every
proxied connection and refuses new ones for 0.1-1.5 s, at random moments,
and notes what each workstation was doing (in a save on the server, between
saves, in a replay, refreshing its copy after one). Then the workstations
replay until their queues are empty and they are online again, and the
harness looks on the server itself
(not through the proxy): every reported token must be there exactly once,
with the reported id, one audit event and its rows complete (lost
otherwise); no token may be there twice or without having been reported
(duplicated); and every workstation's audit chain must verify. A reported
acceptance must be on the server as that workstation's, or in that
workstation's final ``queued_saves`` as a conflict on that handoff, with its
audit event written either way (lost otherwise); no handoff may be accepted
twice (duplicated), and each handoff's state must agree with its history.

Prints the figures and as last line
``saves N, cuts N, lost N, duplicated N, chains verified N/N``; exits 1 on
any loss, duplicate, broken chain or failed workstation. The database is
dropped at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scratch_database import create_database, drop_database

GATE = "OUTAGE"
KINDS = ("arrival", "evidence", "handoff", "acceptance")
ACCEPTED = "handoff.accepted"
DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
FINISH_SECONDS = 120.0
"""How long a workstation may take to replay its queue once the cuts are over."""


# ---- The throwaway database


def _officer(session: Any, identity: Any, index: int, role: str, password_hash: str) -> Any:
    """Workstation ``index``'s officer of ``role`` ("guard0", "customs0")."""
    from borderdesk.custody.security_state import password_sha256
    from borderdesk.services.audit import append_event
    from borderdesk.storage.models import Officer

    name = "Guard" if role == "border_guard" else "Customs"
    officer = Officer(gate_id=identity.gate_id, username=f"{name.lower()}{index}",
                      full_name=f"{name} {index}", role=role, password_hash=password_hash,
                      workstation_id=identity.workstation_id)
    session.add(officer)
    session.flush()
    # As services.officers records an account: audit verify replays it.
    append_event(session, workstation_id=identity.workstation_id, officer_id=None,
                 action="officer.created", entity="officer", entity_id=str(officer.id),
                 payload={"username": officer.username, "role": role,
                          "gate": identity.gate_code,
                          "password_sha256": password_sha256(password_hash)})
    return officer


def prepare(url: str, workstations: int) -> list[dict[str, str]]:
    """Schema, the gate, a workstation and a guard per process (and a customs officer); ids."""
    from borderdesk.access.passwords import hash_password
    from borderdesk.config import Settings
    from borderdesk.services.workstations import attach_workstation, create_gate
    from borderdesk.storage.engine import Database
    from borderdesk.storage.migrate import upgrade
    from borderdesk.storage.models.base import new_id

    db = Database(url)
    upgrade(db)
    create_gate(db, GATE, "Cửa khẩu thử mất mạng", lanes=("1", "2", "3", "4", "5", "6"))
    password_hash = hash_password("outage-2026-gate")
    desks = []
    for index in range(workstations):
        identity = attach_workstation(db, Settings(
            workstation_id=new_id(), workstation_name=f"OUTAGE-{index}", gate_code=GATE))
        with db.session() as session:
            guard = _officer(session, identity, index, "border_guard", password_hash)
            desk = {"workstation_id": str(identity.workstation_id),
                    "gate_id": str(identity.gate_id), "officer_id": str(guard.id),
                    "username": guard.username}
            # Alone, a workstation would only ever race itself for a handoff.
            if workstations >= 2:
                customs = _officer(session, identity, index, "customs_officer",
                                   password_hash)
                desk |= {"customs_id": str(customs.id), "customs_username": customs.username}
            desks.append(desk)
    db.dispose()
    return desks


# ---- The cuts


@dataclass
class Cuts:
    """What the cuts found each workstation doing, and how long the line was down."""

    done: int = 0
    lines_reset: int = 0
    down_seconds: float = 0.0
    by_phase: Counter[str] = field(default_factory=Counter)
    """Per workstation and cut: the phase it was in."""
    hit: Counter[str] = field(default_factory=Counter)
    """Per cut: the most telling phase any workstation was in."""


def _cut_loop(args: argparse.Namespace, proxy: Any, phases: list[Any], processes: list[Any],
              deadline: float) -> Cuts:
    from outage_worker import PHASES, REFRESHING, REPLAYING, SAVING

    rnd = random.Random(args.seed)
    cuts = Cuts()
    while cuts.done < args.cuts:
        time.sleep(rnd.uniform(0.05, args.max_gap))
        if time.monotonic() > deadline or not all(p.is_alive() for p in processes):
            break
        seen = [phase.value for phase in phases]
        cuts.lines_reset += proxy.cut()
        cuts.done += 1
        for value in seen:
            cuts.by_phase[PHASES[value]] += 1
        cuts.hit["a save on the server" if SAVING in seen else
                 "a replay" if REPLAYING in seen else
                 "a refresh of a copy" if REFRESHING in seen else
                 "no save on the server, no replay, no refresh"] += 1
        outage = rnd.uniform(args.min_outage, args.max_outage)
        time.sleep(outage)
        cuts.down_seconds += outage
        proxy.resume()
    return cuts


# ---- What the server holds


@dataclass
class Findings:
    """What the server holds against what the workstations reported."""

    saved: Counter[str] = field(default_factory=Counter)
    lost: list[str] = field(default_factory=list)
    duplicated: list[str] = field(default_factory=list)
    inconsistent: list[str] = field(default_factory=list)
    """Handoffs whose state does not agree with their history."""
    conflicts: Counter[str] = field(default_factory=Counter)
    """Conflicts left in the workstations' queues, by audit action."""
    acceptances: Counter[str] = field(default_factory=Counter)
    """Reported acceptances: on the server, or refused by the replay."""
    chains: int = 0
    chains_verified: int = 0
    events: int = 0
    problems: list[str] = field(default_factory=list)


def _rows_by_token(session: Any) -> dict[str, dict[str, list[str]]]:
    """kind -> token -> ids of the rows carrying it."""
    from sqlalchemy import select

    from borderdesk.storage.models import Crossing, Evidence, Handoff

    from_token: dict[str, tuple[Any, Any]] = {
        "arrival": (Crossing, Crossing.note), "evidence": (Evidence, Evidence.source),
        "handoff": (Handoff, Handoff.note)}
    found: dict[str, dict[str, list[str]]] = {}
    for kind, (model, column) in from_token.items():
        rows = session.execute(select(column, model.id).where(column.like("OUTAGE %"))).all()
        by_token: dict[str, list[str]] = {}
        for token, row_id in rows:
            by_token.setdefault(token, []).append(str(row_id))
        found[kind] = by_token
    return found


def _incomplete(session: Any) -> dict[str, int]:
    """Entity id -> how many audit events name it; crossings and handoffs missing their rows.

    Acceptances are left out: they are counted apart, by ``_check_acceptances``.
    """
    from sqlalchemy import func, select, true

    from borderdesk.domain.custody import HandoffState
    from borderdesk.storage.models import (
        AuditEvent,
        CrossingContainer,
        CrossingStatusChange,
        HandoffItem,
        HandoffStateChange,
    )

    events = dict(session.execute(select(AuditEvent.entity_id, func.count())
                                  .where(AuditEvent.action != ACCEPTED)
                                  .group_by(AuditEvent.entity_id)).all())
    parts: dict[str, int] = {}
    every = true()
    sent = HandoffStateChange.state == HandoffState.PENDING.value
    for column, where in ((CrossingContainer.crossing_id, every),
                          (CrossingStatusChange.crossing_id, every),
                          (HandoffItem.handoff_id, every), (HandoffStateChange.handoff_id, sent)):
        for owner, count in session.execute(select(column, func.count()).where(where)
                                            .group_by(column)):
            parts[f"{column.class_.__tablename__}:{owner}"] = count
    return {"events:" + str(k): v for k, v in events.items()} | parts


def check(url: str, reported: list[dict[str, Any]],
          queues: list[dict[str, Any]]) -> Findings:
    """Look every reported save up on the server; verify every chain.

    ``queues``: each workstation's final ``queued_saves``, as it dumped them.
    """
    from borderdesk.services.audit_verify import verify_chains
    from borderdesk.storage.engine import Database

    findings = Findings()
    db = Database(url)
    try:
        with db.session() as session:
            found = _rows_by_token(session)
            counts = _incomplete(session)
            _check_acceptances(session, [line for line in reported
                                         if line.get("saved") == "acceptance"], queues, findings)
        saved = {(line["saved"], line["token"]): line["id"] for line in reported
                 if "saved" in line and line["saved"] != "acceptance"}
        for (kind, token), saved_id in saved.items():
            findings.saved[kind] += 1
            ids = found[kind].get(token, [])
            if saved_id not in ids:
                findings.lost.append(f"{kind} {token} ({saved_id}): not on the server")
            elif counts.get(f"events:{saved_id}", 0) != 1:
                findings.lost.append(f"{kind} {token}: {counts.get(f'events:{saved_id}', 0)} "
                                     "audit events instead of 1")
            elif not _whole(kind, saved_id, counts):
                findings.lost.append(f"{kind} {token}: saved without all of its rows")
        for kind, by_token in found.items():
            for token, ids in by_token.items():
                extra = len(ids) - (1 if (kind, token) in saved else 0)
                if extra > 0:
                    findings.duplicated.extend(
                        [f"{kind} {token}: {len(ids)} rows, {len(ids) - extra} reported"] * extra)
        report = verify_chains(db)
    finally:
        db.dispose()
    findings.chains = len(report.heads)
    findings.chains_verified = findings.chains - len({p.workstation_id for p in report.problems})
    findings.events = report.events
    findings.problems = [f"{p.workstation_name}: event {p.seq}: {p.kind}: {p.detail}"
                         for p in report.problems]
    return findings


def _check_acceptances(session: Any, reported: list[dict[str, Any]],
                       queues: list[dict[str, Any]], findings: Findings) -> None:
    """Each reported acceptance on the server or refused by the replay; one per handoff."""
    from sqlalchemy import func, select

    from borderdesk.domain.custody import HandoffState
    from borderdesk.domain.offline import QueuedState
    from borderdesk.storage.models import AuditEvent, Handoff, HandoffStateChange

    accepted = HandoffState.ACCEPTED.value
    rows = session.execute(select(HandoffStateChange.reason, HandoffStateChange.handoff_id,
                                  HandoffStateChange.workstation_id)
                           .where(HandoffStateChange.state == accepted)).all()
    states = {str(k): v for k, v in session.execute(
        select(Handoff.id, Handoff.state).where(Handoff.note.like("OUTAGE %"))).all()}
    events = Counter({(str(ws), entity): n for ws, entity, n in session.execute(
        select(AuditEvent.workstation_id, AuditEvent.entity_id, func.count())
        .where(AuditEvent.action == ACCEPTED)
        .group_by(AuditEvent.workstation_id, AuditEvent.entity_id)).all()})
    on_server: dict[str, list[tuple[str, str]]] = {}
    per_handoff: Counter[str] = Counter()
    for token, handoff_id, workstation_id in rows:
        on_server.setdefault(token, []).append((str(handoff_id), str(workstation_id)))
        per_handoff[str(handoff_id)] += 1
    refused: set[tuple[str, str]] = set()
    for queue in queues:
        for save in queue["saves"]:
            if save["state"] == QueuedState.CONFLICT.value:
                findings.conflicts[save["action"]] += 1
                if save["action"] == ACCEPTED:
                    refused.add((save["entity_id"], queue["workstation_id"]))
    for line in reported:
        token, mine = line["token"], (line["id"], line["workstation"])
        findings.saved["acceptance"] += 1
        if mine in on_server.get(token, []):
            where = "on the server"
            findings.acceptances["on the server"] += 1
        elif mine in refused:
            where = "refused by the replay"
            findings.acceptances["refused by the replay"] += 1
        else:
            findings.lost.append(f"acceptance {token} of {line['id']}: neither on the server "
                                 "nor a conflict in its workstation's queue")
            continue
        # A refused acceptance's audit event is written all the same.
        if events[(line["workstation"], line["id"])] != 1:
            findings.lost.append(f"acceptance {token} ({where}): "
                                 f"{events[(line['workstation'], line['id'])]} audit events "
                                 "instead of 1")
    reported_tokens = {line["token"] for line in reported}
    for token, places in on_server.items():
        extra = len(places) - (1 if token in reported_tokens else 0)
        findings.duplicated.extend([f"acceptance {token}: {len(places)} rows, "
                                    f"{len(places) - extra} reported"] * max(extra, 0))
    for handoff_id, count in per_handoff.items():
        if count > 1:
            findings.duplicated.extend([f"handoff {handoff_id}: accepted {count} times"]
                                       * (count - 1))
    for handoff_id, state in states.items():
        if (state == accepted) != (per_handoff[handoff_id] == 1) or \
                state not in (accepted, HandoffState.PENDING.value):
            findings.inconsistent.append(f"handoff {handoff_id}: {state}, with "
                                         f"{per_handoff[handoff_id]} acceptances")


def _whole(kind: str, saved_id: str, counts: dict[str, int]) -> bool:
    if kind == "arrival":
        return (counts.get(f"crossing_containers:{saved_id}") == 1
                and counts.get(f"crossing_status_changes:{saved_id}") == 1)
    if kind == "handoff":
        return (counts.get(f"handoff_items:{saved_id}") == 1
                and counts.get(f"handoff_state_changes:{saved_id}") == 1)
    return True


# ---- The harness


def _start_workers(args: argparse.Namespace, proxy_url: str, folder: Path,
                   desks: list[dict[str, str]]) -> tuple[list[Any], list[Any], Any]:
    import multiprocessing

    from outage_worker import STARTING, Desk, main

    # Spawn: the proxy's threads already run in this process, and a fork would copy their locks.
    context = multiprocessing.get_context("spawn")
    stop = context.Event()
    phases, processes = [], []
    for index, ids in enumerate(desks):
        desk = Desk(index=index, url=proxy_url, local_path=str(folder / f"copy-{index}.sqlite3"),
                    folder=str(folder), seed=args.seed, finish_seconds=FINISH_SECONDS, **ids)
        phase = context.Value("i", STARTING, lock=False)
        process = context.Process(target=main, args=(desk, phase, stop),
                                  name=f"workstation-{index}")
        process.start()
        phases.append(phase)
        processes.append(process)
    return phases, processes, stop


def _wait_ready(phases: list[Any], processes: list[Any], until: float) -> bool:
    from outage_worker import STARTING

    while any(phase.value == STARTING for phase in phases):
        if time.monotonic() > until or not all(p.is_alive() for p in processes):
            return False
        time.sleep(0.05)
    return True


def run(args: argparse.Namespace) -> int:
    """Create the database, start the proxy and the workstations, cut, check, print."""
    from outage_proxy import CuttingProxy
    from sqlalchemy.engine import make_url

    admin_url = args.pg_url or os.environ.get("BORDERDESK_TEST_PG_URL") or DEFAULT_PG_URL
    began = time.monotonic()
    deadline = began + args.seconds
    with tempfile.TemporaryDirectory(prefix="bd-outage-") as scratch:
        folder = Path(args.keep or scratch)
        folder.mkdir(parents=True, exist_ok=True)
        # Every workstation's key and the pinned keys live in one throwaway home.
        os.environ["BORDERDESK_HOME"] = str(folder / "home")
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")
        url, name = create_database(admin_url, "bd_outage")
        parsed = make_url(url)
        proxy = CuttingProxy((parsed.host or "127.0.0.1", parsed.port or 5432))
        processes: list[Any] = []
        try:
            desks = prepare(url, args.workstations)
            proxy.start()
            proxy_url = parsed.set(host="127.0.0.1", port=proxy.port).render_as_string(
                hide_password=False)
            phases, processes, stop = _start_workers(args, proxy_url, folder, desks)
            if not _wait_ready(phases, processes, time.monotonic() + 120):
                print("outage: a workstation failed to start", file=sys.stderr)
                return 1
            started = time.monotonic()
            cuts = _cut_loop(args, proxy, phases, processes, deadline)
            cutting = time.monotonic() - started
            stop.set()
            finishing = time.monotonic()
            # Each workstation gives up replaying after FINISH_SECONDS; one still alive hangs.
            until = time.monotonic() + FINISH_SECONDS + 60
            for process in processes:
                process.join(timeout=max(0.1, until - time.monotonic()))
            finished = time.monotonic() - finishing
            hung = [p.name for p in processes if p.is_alive()]
            reported = [json.loads(line) for index in range(args.workstations)
                        for line in (folder / f"saved-{index}.jsonl").read_text(
                            encoding="utf-8").splitlines()]
            # A workstation that failed wrote no queue: its failure is reported already.
            queues = [json.loads(path.read_text(encoding="utf-8"))
                      for index in range(args.workstations)
                      if (path := folder / f"queue-{index}.json").exists()]
            findings = check(url, reported, queues)
            return _print(args, cuts, findings, reported, processes, hung,
                          (cutting, finished, time.monotonic() - began))
        finally:
            proxy.stop()
            for process in processes:
                if process.is_alive():
                    process.kill()
                    process.join()
            drop_database(admin_url, name)


def _print(args: argparse.Namespace, cuts: Cuts, findings: Findings,
           reported: list[dict[str, Any]], processes: list[Any], hung: list[str],
           seconds: tuple[float, float, float]) -> int:
    tallies = [line["tally"] for line in reported if "tally" in line]
    ends = [line for line in reported if "tally" in line]
    print(f"{'workstation':<12} {'saved':>6} {'arrival':>8} {'photo':>6} {'handoff':>8} "
          f"{'accept':>7} {'refused':>8} {'errors':>7} {'queued':>7} {'uncert':>7} "
          f"{'reruns':>7} {'replays':>8} {'sent':>6} {'already':>8} {'conflict':>9}")
    for index, tally in enumerate(tallies):
        saved = [tally.get(f"saved {kind}", 0) for kind in KINDS]
        refused = sum(v for k, v in tally.items()
                      if k.startswith("refused ") and ": " not in k)
        print(f"{'OUTAGE-' + str(index):<12} {sum(saved):>6} {saved[0]:>8} {saved[1]:>6} "
              f"{saved[2]:>8} {saved[3]:>7} {refused:>8} {tally.get('errors', 0):>7} "
              f"{tally.get('queued', 0):>7} {tally.get('queued uncertain', 0):>7} "
              f"{tally.get('reruns on the copy', 0):>7} {tally.get('replays', 0):>8} "
              f"{tally.get('queue sent', 0):>6} {tally.get('queue already', 0):>8} "
              f"{tally.get('queue conflict', 0):>9}")
    print(f"cuts {cuts.done}: {cuts.lines_reset} connections reset, line down "
          f"{cuts.down_seconds:.1f} s in all")
    for what, count in sorted(cuts.hit.items()):
        print(f"  cuts that hit {what}: {count}")
    for what, count in sorted(cuts.by_phase.items()):
        print(f"  workstation {what} at a cut: {count}")
    every = Counter[str]()
    for tally in tallies:
        every.update(tally)
    print(f"  saves the server lost before COMMIT, made again on the copy: "
          f"{every['reruns on the copy']}")
    print(f"  saves cut during COMMIT, queued as uncertain: {every['queued uncertain']}")
    print(f"  replayed saves the server already held: {every['queue already']}; "
          f"refreshes of the copy cut after a replay: {every['refreshes cut']}")
    for tally in tallies:
        for key, count in sorted(tally.items()):
            if key.startswith(("error: ", "replay error: ", "unfinished")):
                print(f"  {key} (x{count})")
    for end in ends:
        if end["connectivity"] != "online" or end["waiting"]:
            print(f"  a workstation ended {end['connectivity']} with {end['waiting']} waiting")
    failed = [p.name for p in processes if p.exitcode not in (0, None)] + hung
    for name in failed:
        print(f"  {name} {'hung' if name in hung else 'failed'}")
    print(f"  acceptances refused at once, the handoff taken first: "
          f"{every['refused acceptance: taken first']}; refused, the handoff not yet on "
          f"the copy: {every['refused acceptance: not on the copy']}")
    print(f"conflicts {sum(findings.conflicts.values())}: "
          f"{findings.conflicts[ACCEPTED]} acceptances refused by the replay; reported "
          f"acceptances on the server {findings.acceptances['on the server']}, refused by "
          f"the replay {findings.acceptances['refused by the replay']}")
    for action, count in sorted(findings.conflicts.items()):
        if action != ACCEPTED:
            print(f"  conflicts on {action}: {count}")
    for line in (findings.lost + findings.duplicated + findings.inconsistent)[:20]:
        print(f"  {line}")
    for problem in findings.problems:
        print(f"  chain: {problem}")
    cutting, finishing, total = seconds
    print(f"time: {cutting:.1f} s cutting, {finishing:.1f} s replaying the rest, "
          f"{total:.1f} s in all; {findings.events} audit events in {findings.chains} chains")
    saves = sum(findings.saved.values())
    print(f"saves {saves}, cuts {cuts.done}, lost {len(findings.lost)}, "
          f"duplicated {len(findings.duplicated)}, "
          f"chains verified {findings.chains_verified}/{findings.chains}")
    ok = (not findings.lost and not findings.duplicated and not findings.inconsistent
          and not failed and len(tallies) ==
          args.workstations and findings.chains_verified == findings.chains == args.workstations
          and cuts.done == args.cuts)
    return 0 if ok else 1


def main() -> int:
    """Parse the options and run the harness."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cuts", type=int, default=200)
    parser.add_argument("--workstations", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=1800.0,
                        help="give up cutting after this long (default: %(default)s)")
    parser.add_argument("--min-outage", type=float, default=0.1)
    parser.add_argument("--max-outage", type=float, default=1.5)
    parser.add_argument("--max-gap", type=float, default=1.0,
                        help="longest wait between the line coming back and the next cut")
    parser.add_argument("--pg-url", help="the PostgreSQL server to create the database on")
    parser.add_argument("--keep", metavar="DIR", help="work in DIR and keep its files")
    args = parser.parse_args()
    if args.workstations < 1 or args.cuts < 0:
        parser.error("at least one workstation, and no negative number of cuts")
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
