"""Kill a handoff writer with SIGKILL at random moments; check nothing committed is lost.

    python bench/custody_crash.py [--kills 200] [--seed 7] [--keep DIR]

A writer process sends handoffs of three items (the truck, its container and
a photo) on a SQLite file and accepts each, printing ``sent ID`` and
``accepted ID`` on stdout only after the transaction committed. The harness
kills it at a random moment (a random wait after the writer said it was
ready), then opens the database as the next start would and checks that:

- every handoff the writer reported is there, with its three items, in the
  state it reported (lost otherwise);
- no handoff in the database is half-written: three items, a ``pending``
  state change, a state that matches its last state change, and one audit
  event per state change;
- the audit chain verifies (``services.audit_verify.verify_chains``).

Prints a table every tenth of the run and a last line
``kills N, committed N, lost N, half-written N, chains verified N/N``;
exits 1 on any loss, half-written handoff or broken chain.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from uuid import UUID

ITEMS = 3
GATE = "CRASH"


def _settings(workstation_id: UUID) -> object:
    from borderdesk.config import Settings

    return Settings(workstation_id=workstation_id, workstation_name="CRASH-WRITER", gate_code=GATE)


def _actors(url: str, workstation_id: UUID) -> tuple[object, object, UUID, str]:
    """The guard and the customs officer, the crossing and the photo's SHA-256."""
    from sqlalchemy import select

    from borderdesk.domain.officer import Actor, Role
    from borderdesk.services.workstations import attach_workstation
    from borderdesk.storage.engine import Database
    from borderdesk.storage.models import Crossing, Evidence, Officer

    db = Database(url)
    identity = attach_workstation(db, _settings(workstation_id))  # type: ignore[arg-type]
    with db.session() as session:
        officers = {o.username: o for o in session.scalars(select(Officer))}
        crossing_id = session.scalars(select(Crossing.id)).one()
        sha = session.scalars(select(Evidence.blob_sha256)).one()
    db.dispose()
    actors = [Actor(o.id, o.username, o.full_name, Role(o.role), identity.gate_id,
                    identity.workstation_id) for o in (officers["guard"], officers["customs"])]
    return actors[0], actors[1], crossing_id, sha


def prepare(url: str, workstation_id: UUID) -> None:
    """A migrated database with a gate, two officers and a crossing with one photo."""
    import io

    from PIL import Image

    from borderdesk.access.passwords import hash_password
    from borderdesk.custody.security_state import password_sha256
    from borderdesk.domain.crossing import ArrivalForm, ContainerEntry, Direction
    from borderdesk.domain.evidence import EvidenceKind
    from borderdesk.domain.officer import Actor, Role
    from borderdesk.services.audit import append_event
    from borderdesk.services.crossings import register_arrival
    from borderdesk.services.evidence import attach_evidence
    from borderdesk.services.workstations import attach_workstation, create_gate
    from borderdesk.storage.engine import Database
    from borderdesk.storage.migrate import upgrade
    from borderdesk.storage.models import Officer
    from borderdesk.storage.models.base import utc_now

    db = Database(url)
    upgrade(db)
    create_gate(db, GATE, "Crash test gate")
    identity = attach_workstation(db, _settings(workstation_id))  # type: ignore[arg-type]
    actors = {}
    with db.session() as session:
        for username, role in (("guard", Role.BORDER_GUARD), ("customs", Role.CUSTOMS_OFFICER)):
            officer = Officer(gate_id=identity.gate_id, username=username, full_name=username,
                              role=role.value, password_hash=hash_password("crash-test"),
                              workstation_id=identity.workstation_id)
            session.add(officer)
            session.flush()
            # As services.officers records an account: `audit verify` replays officers from it.
            append_event(session, workstation_id=identity.workstation_id, officer_id=None,
                         action="officer.created", entity="officer", entity_id=str(officer.id),
                         payload={"username": username, "role": role.value, "gate": GATE,
                                  "password_sha256": password_sha256(officer.password_hash)})
            actors[role] = Actor(officer.id, username, username, role, identity.gate_id,
                                 identity.workstation_id)
    crossing = register_arrival(db, actors[Role.BORDER_GUARD], ArrivalForm(
        direction=Direction.IMPORT, lane="1", tractor_plate="74C-123.45", arrived_at=utc_now(),
        containers=(ContainerEntry("CSQU3054383", ("A123456",)),), driver_name="Nguyễn Văn An",
        driver_document_no="045123456789", driver_nationality="VN"))
    picture = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(picture, format="PNG")
    attach_evidence(db, actors[Role.BORDER_GUARD], crossing.crossing_id, picture.getvalue(),
                    EvidenceKind.SEAL)
    db.dispose()


def writer(url: str, workstation_id: UUID) -> None:
    """Send and accept handoffs until killed; report each only after it committed."""
    from borderdesk.domain.custody import Agency, HandoffForm, HandoffItemForm, ItemConfirmation
    from borderdesk.domain.custody import ItemKind as K
    from borderdesk.services.handoffs import accept_handoff, send_handoff
    from borderdesk.storage.engine import Database

    guard, customs, crossing_id, sha = _actors(url, workstation_id)
    db = Database(url)
    items = (HandoffItemForm(K.VEHICLE, "Đầu kéo", "74C-123.45"),
             HandoffItemForm(K.CONTAINER, "Container", "CSQU3054383", seal_no="A123456"),
             HandoffItemForm(K.EVIDENCE, "Ảnh seal", sha))
    print("ready", flush=True)
    while True:
        record = send_handoff(db, guard, HandoffForm(  # type: ignore[arg-type]
            to_agency=Agency.CUSTOMS, crossing_id=crossing_id, items=items))
        print(f"sent {record.summary.handoff_id}", flush=True)
        accept_handoff(db, customs, record.summary.handoff_id,  # type: ignore[arg-type]
                       [ItemConfirmation(i.item_id) for i in record.items])
        print(f"accepted {record.summary.handoff_id}", flush=True)


def check(url: str) -> tuple[dict[str, str], int, bool, int]:
    """The handoffs found (id -> state), how many are half-written, chain intact, events."""
    from sqlalchemy import func, select

    from borderdesk.services.audit_verify import verify_chains
    from borderdesk.storage.engine import Database
    from borderdesk.storage.models import AuditEvent, Handoff, HandoffItem, HandoffStateChange

    db = Database(url)
    try:
        with db.session() as session:
            handoffs = dict(session.execute(select(Handoff.id, Handoff.state)).all())
            items = dict(session.execute(select(HandoffItem.handoff_id, func.count())
                                         .group_by(HandoffItem.handoff_id)).all())
            changes: dict[UUID, list[str]] = {}
            for handoff_id, state in session.execute(
                    select(HandoffStateChange.handoff_id, HandoffStateChange.state)
                    .order_by(HandoffStateChange.created_at, HandoffStateChange.id)):
                changes.setdefault(handoff_id, []).append(state)
            events = dict(session.execute(
                select(AuditEvent.entity_id, func.count()).where(AuditEvent.entity == "handoff")
                .group_by(AuditEvent.entity_id)).all())
        half = sum(
            1 for handoff_id, state in handoffs.items()
            if items.get(handoff_id) != ITEMS or changes.get(handoff_id, [""])[0] != "pending"
            or changes[handoff_id][-1] != state
            or events.get(str(handoff_id)) != len(changes[handoff_id]))
        report = verify_chains(db)
        return ({str(k): v for k, v in handoffs.items()}, half, report.intact, report.events)
    finally:
        db.dispose()


def _round(url: str, workstation_id: UUID, rng: random.Random, env: dict[str, str]
           ) -> dict[str, str]:
    """Run the writer, kill it at a random moment; what it reported: id -> state."""
    process = subprocess.Popen(
        [sys.executable, __file__, "--writer", url, "--workstation", str(workstation_id)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    assert process.stdout is not None
    ready = process.stdout.readline()
    if ready.strip() != "ready":
        process.kill()
        raise SystemExit(f"the writer did not start: {ready}{process.communicate()[1]}")
    time.sleep(rng.uniform(0.0, 0.8))
    os.kill(process.pid, signal.SIGKILL)
    out, _err = process.communicate()
    reported: dict[str, str] = {}
    for line in out.splitlines():
        word, _sep, handoff_id = line.partition(" ")
        reported[handoff_id] = "pending" if word == "sent" else "accepted"
    return reported


def main() -> int:
    """Run the kills and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", metavar="DIR", help="work in DIR and keep the database")
    parser.add_argument("--writer", metavar="URL", help=argparse.SUPPRESS)
    parser.add_argument("--workstation", type=UUID, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.writer:
        writer(args.writer, args.workstation)
        return 0
    with tempfile.TemporaryDirectory(prefix="custody-crash-") as scratch:
        folder = Path(args.keep or scratch)
        folder.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "BORDERDESK_HOME": str(folder / "home"), "OMP_THREAD_LIMIT": "1"}
        os.environ["BORDERDESK_HOME"] = env["BORDERDESK_HOME"]
        from borderdesk.storage.models.base import new_id

        url, workstation_id = f"sqlite:///{folder / 'crash.sqlite3'}", new_id()
        prepare(url, workstation_id)
        return _run(args, url, workstation_id, env)


def _run(args: argparse.Namespace, url: str, workstation_id: UUID, env: dict[str, str]) -> int:
    rng = random.Random(args.seed)
    committed: dict[str, str] = {}
    lost = half = verified = 0
    started = time.perf_counter()
    print(f"{'kills':>6} {'committed':>10} {'accepted':>9} {'lost':>5} {'half':>5} "
          f"{'verified':>9} {'events':>7} {'s':>6}")
    step = max(1, args.kills // 10)
    for kill in range(1, args.kills + 1):
        committed.update(_round(url, workstation_id, rng, env))
        found, half_now, intact, events = check(url)
        lost_now = sum(1 for handoff_id, state in committed.items()
                       if found.get(handoff_id) not in (state, "accepted"))
        lost, half, verified = max(lost, lost_now), max(half, half_now), verified + intact
        if kill % step == 0 or kill == args.kills:
            accepted = sum(1 for state in committed.values() if state == "accepted")
            print(f"{kill:>6} {len(committed):>10} {accepted:>9} {lost_now:>5} {half_now:>5} "
                  f"{verified:>9} {events:>7} {time.perf_counter() - started:>6.1f}", flush=True)
    print(f"kills {args.kills}, committed {len(committed)}, lost {lost}, half-written {half}, "
          f"chains verified {verified}/{args.kills}")
    return 0 if lost == half == 0 and verified == args.kills else 1


if __name__ == "__main__":
    sys.exit(main())
