"""One workstation of the outage bench: saves through the cutting proxy, replays, reports.

Runs in its own process (``multiprocessing``, spawn). Every save it reports
is written to its results file (one JSON line, flushed and synced) only
after the service call returned, on the server or on the local copy. Its
phase (idle, saving, replaying) sits in shared memory, so the harness knows
what each cut interrupted. A workstation with a customs officer also
accepts handoffs from the gate's inbox, racing the others for them; before
exiting it writes its queue as ``queued_saves`` shows it (conflicts
included) to ``queue-<index>.json``.
"""

from __future__ import annotations

import io
import json
import logging
import os
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from uuid import UUID

STARTING, IDLE, SAVING, SAVING_LOCAL, REPLAYING, REFRESHING, DONE, FAILED = range(8)
PHASES = {STARTING: "starting", IDLE: "between saves", SAVING: "in a save on the server",
          SAVING_LOCAL: "in a save on the copy", REPLAYING: "in a replay",
          REFRESHING: "refreshing its copy after a replay", DONE: "done", FAILED: "failed"}
TOKEN_PREFIX = "OUTAGE"


class SharedInt(Protocol):
    """A ``multiprocessing.Value('i')``."""

    value: int


class Flag(Protocol):
    """A ``multiprocessing.Event``."""

    def is_set(self) -> bool: ...


@dataclass(frozen=True)
class Desk:
    """What one workstation process needs to know (picklable)."""

    index: int
    url: str
    """The gate's server, through the proxy."""
    local_path: str
    folder: str
    workstation_id: str
    gate_id: str
    officer_id: str
    username: str
    seed: int
    finish_seconds: float
    customs_id: str = ""
    """A customs officer on this workstation, who accepts handoffs; none when empty."""
    customs_username: str = ""

    @property
    def results(self) -> Path:
        return Path(self.folder) / f"saved-{self.index}.jsonl"

    @property
    def queue(self) -> Path:
        return Path(self.folder) / f"queue-{self.index}.json"


class _LossCounter(logging.Handler):
    """Counts the calls ``through_outage`` ran again on the copy after losing the server."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.reruns = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage().startswith("server lost inside a call"):
            self.reruns += 1


def _png(token: str) -> bytes:
    from PIL import Image

    seed = sum(token.encode()) * 7919
    picture = io.BytesIO()
    image = Image.new("RGB", (64, 48), (seed % 256, seed // 256 % 256, 90))
    # Every photo differs, so each is a blob of its own on the server.
    for n, char in enumerate(token.encode()):
        image.putpixel((n % 64, n // 64), (char, 255 - char, n))
    image.save(picture, format="PNG")
    return picture.getvalue()


class _Work:
    """The saves one workstation makes: arrivals mostly, photos and handoffs on its trucks.

    With a customs officer, also acceptances of handoffs in the gate's inbox.
    """

    def __init__(self, desk: Desk, actor: Any, customs: Any, rnd: random.Random) -> None:
        self.desk = desk
        self.actor = actor
        self.customs = customs
        self.rnd = rnd
        self.count = 0
        self.trucks: list[tuple[UUID, str]] = []

    def next_save(self, db: Any) -> tuple[str, str, Callable[[], Any]]:
        """(kind, token, call) of the next save."""
        self.count += 1
        token = f"{TOKEN_PREFIX} W{self.desk.index}-{self.count:06d}"
        roll = self.rnd.random()
        if self.trucks and roll < 0.15:
            crossing_id, _plate = self.rnd.choice(self.trucks[-20:])
            return "evidence", token, lambda: self._photo(db, crossing_id, token)
        if self.trucks and roll < 0.30:
            crossing_id, plate = self.rnd.choice(self.trucks[-20:])
            return "handoff", token, lambda: self._handoff(db, crossing_id, plate, token)
        if self.customs is not None and roll < 0.48:
            handoff_id = self._pick(db)
            if handoff_id is not None:
                return "acceptance", token, lambda: self._accept(db, handoff_id, token)
        return "arrival", token, lambda: self._arrival(db, token)

    def _pick(self, db: Any) -> UUID | None:
        """One of the oldest pending handoffs, as this workstation sees them now.

        The oldest ones, so that the workstations go for the same handoffs.
        """
        from borderdesk.errors import EnvironmentProblem
        from borderdesk.services.handoff_views import inbox
        from borderdesk.storage.offline.gate_database import through_outage

        try:
            pending = through_outage(lambda: inbox(db, self.customs))
        except EnvironmentProblem:
            return None
        if not pending:
            return None
        return UUID(str(self.rnd.choice(pending[:3]).handoff_id))

    def _accept(self, db: Any, handoff_id: UUID, token: str) -> Any:
        from borderdesk.domain.custody import ItemConfirmation
        from borderdesk.services.handoffs import accept_handoff, get_handoff

        # The token goes in the acceptance's note: the harness finds it on the server by it.
        record = get_handoff(db, self.customs, handoff_id)
        accept_handoff(db, self.customs, handoff_id,
                       tuple(ItemConfirmation(item.item_id) for item in record.items),
                       note=token)
        return handoff_id

    def _arrival(self, db: Any, token: str) -> Any:
        from datetime import UTC, datetime

        from borderdesk.domain.crossing import ArrivalForm, ContainerEntry, Direction
        from borderdesk.services.crossings import register_arrival

        plate = f"74C-{self.desk.index}{self.count % 100:02d}.{self.rnd.randrange(100):02d}"
        crossing = register_arrival(db, self.actor, ArrivalForm(
            direction=Direction.IMPORT, lane=str(self.desk.index % 6 + 1), tractor_plate=plate,
            arrived_at=datetime.now(UTC),
            containers=(ContainerEntry("CSQU3054383", ("A123456",)),),
            driver_name="Nguyễn Văn An", driver_document_no=f"0451{self.count:08d}",
            driver_nationality="VN", note=token))
        self.trucks.append((crossing.crossing_id, plate))
        return crossing.crossing_id

    def _photo(self, db: Any, crossing_id: UUID, token: str) -> Any:
        from borderdesk.domain.evidence import EvidenceKind
        from borderdesk.services.evidence import attach_evidence

        item = attach_evidence(db, self.actor, crossing_id, _png(token), EvidenceKind.SEAL,
                               source=token)
        return item.evidence_id

    def _handoff(self, db: Any, crossing_id: UUID, plate: str, token: str) -> Any:
        from borderdesk.domain.custody import Agency, HandoffForm, HandoffItemForm, ItemKind
        from borderdesk.services.handoffs import send_handoff

        record = send_handoff(db, self.actor, HandoffForm(
            to_agency=Agency.CUSTOMS, crossing_id=crossing_id, note=token,
            items=(HandoffItemForm(ItemKind.VEHICLE, "Đầu kéo", reference=plate),)))
        return record.summary.handoff_id


def _actor(desk: Desk) -> Any:
    from borderdesk.domain.officer import Actor, Role

    return Actor(UUID(desk.officer_id), desk.username, desk.username, Role.BORDER_GUARD,
                 UUID(desk.gate_id), UUID(desk.workstation_id))


def _customs(desk: Desk) -> Any:
    from borderdesk.domain.officer import Actor, Role

    if not desk.customs_id:
        return None
    return Actor(UUID(desk.customs_id), desk.customs_username, desk.customs_username,
                 Role.CUSTOMS_OFFICER, UUID(desk.gate_id), UUID(desk.workstation_id))


def _dump_queue(desk: Desk, db: Any) -> None:
    """The queue as the officer's list shows it: the harness looks for refused acceptances."""
    from borderdesk.services.offline import queued_saves

    views = [{"seq": view.seq, "action": view.action, "entity": view.entity,
              "entity_id": view.entity_id, "state": view.state.value,
              "uncertain": view.uncertain,
              "reason": view.conflict.reason if view.conflict else ""}
             for view in queued_saves(db)]
    desk.queue.write_text(json.dumps({"workstation_id": desk.workstation_id, "saves": views},
                                     ensure_ascii=False), encoding="utf-8")


def _logging(desk: Desk) -> _LossCounter:
    counter = _LossCounter()
    logger = logging.getLogger("borderdesk")
    logger.setLevel(logging.INFO)
    logger.propagate = False
    to_file = logging.FileHandler(Path(desk.folder) / f"worker-{desk.index}.log",
                                  encoding="utf-8")
    to_file.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    logger.addHandler(to_file)
    logger.addHandler(counter)
    return counter


class _Replayer:
    """Replays the queue when the server answers, and keeps the figures."""

    def __init__(self, db: Any, phase: SharedInt, tally: Counter[str]) -> None:
        self.db = db
        self.phase = phase
        self.tally = tally
        db.on_change(self._online_again)

    def _online_again(self) -> None:
        from borderdesk.domain.offline import Connectivity

        # The replay emptied the queue and went online: what follows is the refresh.
        if self.phase.value == REPLAYING and self.db.connectivity is Connectivity.ONLINE:
            self.phase.value = REFRESHING

    def __call__(self) -> None:
        from borderdesk.domain.offline import Connectivity
        from borderdesk.services.offline import replay_queue

        self.phase.value = REPLAYING
        try:
            report = replay_queue(self.db)
        except Exception as error:
            self.tally["replay errors"] += 1
            self.tally[f"replay error: {type(error).__name__}: {_first_line(error)}"] += 1
            logging.getLogger("borderdesk").exception("replay failed")
            return
        finally:
            self.phase.value = IDLE
        if report is None:
            return
        self.tally["replays"] += 1
        self.tally["replays finished"] += report.finished
        self.tally["replayed sent"] += report.sent
        self.tally["replayed already there"] += report.already_there
        self.tally["conflicts"] += report.conflicts
        if report.finished and self.db.connectivity is not Connectivity.ONLINE:
            self.tally["refreshes cut"] += 1


def _refusal(kind: str, error: Exception) -> str | None:
    """How a save was refused cleanly ("" when the environment refused it); None: a failure."""
    from borderdesk.errors import ConcurrentChange, EnvironmentProblem, UserInputError

    if isinstance(error, EnvironmentProblem):
        return ""
    if kind == "acceptance" and isinstance(error, ConcurrentChange):
        # Another workstation accepted it first, as this one could see: nothing saved.
        return "taken first"
    if kind == "acceptance" and isinstance(error, UserInputError):
        # Picked from the server's inbox, then accepted on a copy not holding it yet.
        return "not on the copy"
    return None


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0][:160] if text else ""


def run(desk: Desk, phase: SharedInt, stop: Flag) -> None:
    """Save until ``stop``; then replay until the queue is empty and the server is back."""
    from borderdesk.domain.offline import Connectivity
    from borderdesk.i18n import set_language
    from borderdesk.storage.offline.gate_database import GateDatabase, through_outage

    set_language("en")
    counter = _logging(desk)
    rnd = random.Random(desk.seed * 1000 + desk.index)
    db = GateDatabase(desk.url, Path(desk.local_path), workstation_id=UUID(desk.workstation_id))
    db.refresh_copy()
    work = _Work(desk, _actor(desk), _customs(desk), rnd)
    tally: Counter[str] = Counter()
    replay = _Replayer(db, phase, tally)
    phase.value = IDLE
    with desk.results.open("a", encoding="utf-8") as results:
        def note(line: dict[str, Any]) -> None:
            results.write(json.dumps(line, ensure_ascii=False) + "\n")
            results.flush()
            os.fsync(results.fileno())

        while not stop.is_set():
            if db.connectivity is not Connectivity.ONLINE:
                replay()
            kind, token, call = work.next_save(db)
            phase.value = SAVING if db.connectivity is Connectivity.ONLINE else SAVING_LOCAL
            try:
                saved_id = through_outage(call)
            except Exception as error:
                refusal = _refusal(kind, error)
                if refusal is not None:
                    tally[f"refused {kind}"] += 1
                    if refusal:
                        tally[f"refused {kind}: {refusal}"] += 1
                    note({"refused": kind, "token": token, "why": _first_line(error)})
                else:
                    # Not what an officer should ever see: reported as an error of the mechanism.
                    tally["errors"] += 1
                    tally[f"error: {type(error).__name__}: {_first_line(error)}"] += 1
                    logging.getLogger("borderdesk").exception("a save failed")
                    note({"error": kind, "token": token, "why": _first_line(error)})
            else:
                tally[f"saved {kind}"] += 1
                note({"saved": kind, "token": token, "id": str(saved_id),
                      "workstation": desk.workstation_id})
            finally:
                phase.value = IDLE
            time.sleep(rnd.uniform(0.0, 0.03))
        deadline = time.monotonic() + desk.finish_seconds
        while db.connectivity is not Connectivity.ONLINE or db.waiting_count():
            if time.monotonic() > deadline:
                tally["unfinished queue"] += db.waiting_count()
                break
            replay()
            time.sleep(0.05)
        saves = db.local.all_saves()
        tally["queued"] = len(saves)
        tally["queued uncertain"] = sum(1 for s in saves if s.uncertain)
        # From the queue itself: a replay whose refresh failed returned no report.
        tally |= Counter(f"queue {s.state}" for s in saves)
        tally["reruns on the copy"] = counter.reruns
        _dump_queue(desk, db)
        note({"tally": dict(tally), "connectivity": db.connectivity.value,
              "waiting": db.waiting_count()})
    db.dispose()
    phase.value = DONE


def main(desk: Desk, phase: SharedInt, stop: Flag) -> None:
    """The process's entry point: a crash is written down, and shows as FAILED."""
    try:
        run(desk, phase, stop)
    except BaseException:
        logging.getLogger("borderdesk").exception("the workstation process failed")
        phase.value = FAILED
        raise
