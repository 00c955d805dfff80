"""Walking the audit chains on every core: chains side by side, long chains cut in stretches.

Checking an event's Ed25519 signature is most of what verifying costs, and one
process checks on one core. Chains are independent, and a long chain can be
cut at stored ``seq`` numbers: each stretch checks its own hashes, links and
signatures, and its first event's link to the event before the cut (the
join). ``custody.verify.walk_segment`` walks a stretch exactly as the whole
walk passes through it, so the earliest stretch that finds a problem names the
event a walk from the start would name, classified the same way.

Each worker process opens its own connection (it is given the URL, not an
engine) and reads its own stretch by ``seq`` range, ``PAGE`` events per
transaction: the parent only hands out stretches and joins their outcomes, and
memory stays flat however long the chains. A database with fewer events than
``PARALLEL_FROM`` is walked in this process: starting workers would cost more
than it saves.

Workers are forked from a single-threaded process without Qt (the CLI); from
the window, where Qt and its threads live, they are spawned: a fork copies
only the calling thread, and with it locks other threads may hold.
"""

from __future__ import annotations

import hashlib
import json
import math
import multiprocessing
import multiprocessing.util
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy import Executable, create_engine, func, select
from sqlalchemy.exc import DBAPIError

from borderdesk import i18n
from borderdesk.custody.chain import Checkpoint, event_fields
from borderdesk.custody.verify import (
    KEY_REGISTERED,
    ChainEvent,
    ChainOutcome,
    SegmentOutcome,
    join_segments,
    walk_segment,
)
from borderdesk.errors import EnvironmentProblem
from borderdesk.i18n import _
from borderdesk.reasons import reason_for
from borderdesk.storage.engine import SQLITE_BUSY_TIMEOUT_MS, Database
from borderdesk.storage.models import AuditEvent, Evidence, EvidenceBlob

PARALLEL_FROM = {"fork": 10_000, "spawn": 30_000}
"""Events from which a verification starts worker processes, by how they start: a forked
worker is ready in a tenth of a second, a spawned one imports BorderDesk first (over a
second here), which one core would have spent walking some 10,000 events."""
SEGMENT_EVENTS = 50_000
"""The most events of one stretch; stretches are made smaller so that every core gets
several, and a core that finishes early takes the next."""
SEGMENT_FLOOR = 2_000
"""The fewest events of a stretch cut for balance alone."""
STRETCHES_PER_CORE = 8
"""Stretches per core a database is cut in (within the bounds above): a core that ends its
last stretch early waits for at most one more."""
_READ = (
    AuditEvent.id, AuditEvent.seq, AuditEvent.at, AuditEvent.officer_id, AuditEvent.action,
    AuditEvent.entity, AuditEvent.entity_id, AuditEvent.payload, AuditEvent.prev_hash,
    AuditEvent.hash, AuditEvent.signature, AuditEvent.workstation_at,
)
"""What the walk reads of an event: every stored column but the workstation, which the
query fixes."""
SEGMENT_VARIABLE = "BORDERDESK_VERIFY_SEGMENT"
"""Events per stretch, set in the environment: chains longer than that are cut and walked in
parallel whatever their size (for tests and for tuning a gate's server)."""

PAGE = 5000
"""Events read per transaction."""

EVIDENCE_ATTACHED = "evidence.attached"

Progress = Callable[[int, int], None]
"""``progress(events_walked, events_in_all)``."""


@dataclass(frozen=True)
class ChainToWalk:
    """One workstation's chain, and what this computer holds it to."""

    workstation_id: UUID
    workstation_name: str
    public_key: str
    pinned_key: str | None = None
    checkpoints: tuple[Checkpoint, ...] = ()


@dataclass(frozen=True)
class _Stretch:
    """Stored events ``first <= seq < end`` of one chain (None: from the start, to the end)."""

    chain: ChainToWalk
    chain_index: int
    first: int | None
    end: int | None
    registered: bool
    """Whether an event before the stretch registered the workstation's key."""
    events: int
    """About how many events the stretch holds (for ordering and progress)."""


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _configured_size() -> int | None:
    """The stretch size ``BORDERDESK_VERIFY_SEGMENT`` sets, if it holds a positive number."""
    configured = os.environ.get(SEGMENT_VARIABLE, "").strip()
    return int(configured) if configured.isdigit() and int(configured) > 0 else None


def _stretch_size(total: int, workers: int, segment_events: int | None) -> int:
    if segment_events is not None:
        return max(1, segment_events)
    configured = _configured_size()
    if configured is not None:
        return configured
    balanced = math.ceil(total / (workers * STRETCHES_PER_CORE))
    return max(SEGMENT_FLOOR, min(SEGMENT_EVENTS, balanced))


def _first_registration(db: Database, workstation_id: UUID) -> int | None:
    with db.session() as session:
        return session.scalar(
            select(AuditEvent.seq).where(AuditEvent.workstation_id == workstation_id,
                                         AuditEvent.action == KEY_REGISTERED)
            .order_by(AuditEvent.seq).limit(1))


def _stored(db: Database, chains: Sequence[ChainToWalk]) -> dict[UUID, tuple[int, int, int]]:
    """Each chain's stored events: how many, the lowest and the highest ``seq``."""
    ids = [chain.workstation_id for chain in chains]
    with db.session() as session:
        return {row[0]: (row[1], row[2], row[3]) for row in session.execute(
            select(AuditEvent.workstation_id, func.count(), func.min(AuditEvent.seq),
                   func.max(AuditEvent.seq))
            .where(AuditEvent.workstation_id.in_(ids)).group_by(AuditEvent.workstation_id))}


def _plan(db: Database, chains: Sequence[ChainToWalk], stored: dict[UUID, tuple[int, int, int]],
          size: int) -> list[_Stretch]:
    """Every chain as stretches of at most about ``size`` events, cut at ``seq`` numbers."""
    stretches: list[_Stretch] = []
    for index, chain in enumerate(chains):
        count, low, high = stored.get(chain.workstation_id, (0, 0, 0))
        pieces = math.ceil(count / size)
        if pieces <= 1:
            stretches.append(_Stretch(chain, index, None, None, False, count))
            continue
        step = math.ceil((high - low + 1) / pieces)
        cuts = [low + step * i for i in range(1, pieces)]
        registration = (_first_registration(db, chain.workstation_id)
                        if chain.public_key else None)
        for first, end in zip([None, *cuts], [*cuts, None], strict=True):
            registered = (first is not None and registration is not None
                          and registration < first)
            stretches.append(_Stretch(chain, index, first, end, registered, count // pieces))
    return stretches


class _Pages:
    """Reads pages of events without taking SQLite's write lock.

    ``Database.session`` begins every transaction ``IMMEDIATE`` on SQLite, which
    takes the write lock: stretches read side by side would queue for it, and the
    gate's workstations with them. A plain ``SELECT`` on an engine of its own
    reads a consistent snapshot of the WAL with no lock held. PostgreSQL (where
    reads never block) and an in-memory database are read through ``db.session``.
    """

    def __init__(self, db: Database) -> None:
        self.db = db
        self.engine = (create_engine(db.url, connect_args={
            "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}) if _a_file_of_its_own(db) else None)

    def rows(self, query: Executable) -> Sequence[Any]:
        """The rows of ``query``, in a short transaction of their own.

        Raises:
            EnvironmentProblem: the database cannot be read.
        """
        if self.engine is None:
            with self.db.session() as session:
                return session.execute(query).all()
        try:
            with self.engine.connect() as connection:
                return connection.execute(query).all()
        except DBAPIError as error:
            raise EnvironmentProblem(_("The database {url} cannot be reached: {reason}").format(
                url=self.db.display_url, reason=reason_for(error))) from error

    def close(self) -> None:
        """Close the engine of its own, if there is one."""
        if self.engine is not None:
            self.engine.dispose()


def _a_file_of_its_own(db: Database) -> bool:
    """Whether ``db`` is a SQLite file that another connection (or process) opens as well;
    an in-memory database is only ever seen through its own engine."""
    name = db.url.database or ""
    return (db.backend == "sqlite" and name not in {"", ":memory:"}
            and not name.startswith("file:"))


def _shareable(db: Database) -> bool:
    """Whether worker processes can open ``db`` by its URL."""
    return db.backend != "sqlite" or _a_file_of_its_own(db)


def _chain_events(workstation_id: UUID, rows: Sequence[Any]) -> Iterator[ChainEvent]:
    """The events of rows of ``_READ``, their hashed fields as ``custody.chain`` defines them.

    Unpacked as tuples: attribute access on rows took as long as hashing the event.
    """
    for (event_id, seq, at, officer_id, action, entity, entity_id, payload, prev_hash,
         digest, signature, workstation_at) in rows:
        fields = event_fields(event_id=event_id, workstation_id=workstation_id, seq=seq,
                              at=at, officer_id=officer_id, action=action, entity=entity,
                              entity_id=entity_id, payload=payload,
                              workstation_at=workstation_at)
        yield ChainEvent(event_id, seq, prev_hash, digest, signature, fields)


class _Lookups:
    """What the pure walk asks the database: an event by hash, the evidence of an event."""

    def __init__(self, db: Database, workstation_id: UUID) -> None:
        self.db = db
        self.workstation_id = workstation_id

    def find(self, event_hash: str) -> ChainEvent | None:
        with self.db.session() as session:
            rows = session.execute(
                select(*_READ).where(AuditEvent.workstation_id == self.workstation_id,
                                     AuditEvent.hash == event_hash).limit(1)
            ).all()
        return next(_chain_events(self.workstation_id, rows), None)

    def evidence(self, event: ChainEvent) -> str:
        """Why the evidence an ``evidence.attached`` event recorded is not what it recorded."""
        if event.action != EVIDENCE_ATTACHED:
            return ""
        try:
            payload = json.loads(event.payload)
        except ValueError:
            payload = None
        if not isinstance(payload, dict):
            # Only an unsigned chain re-hashed by hand gets here: the event itself was forged.
            return _("its payload is not one BorderDesk writes")
        sha256 = str(payload.get("sha256", ""))
        with self.db.session() as session:
            try:
                evidence = session.get(Evidence, UUID(str(event.fields["entity_id"])))
            except ValueError:
                evidence = None
            if evidence is None:
                return _("the evidence it records is gone")
            if evidence.blob_sha256 != sha256:
                return _("its evidence now points to another file than {sha256}").format(
                    sha256=sha256[:16])
            content = session.scalar(
                select(EvidenceBlob.content).where(EvidenceBlob.sha256 == sha256))
        if content is None:
            return _("the evidence file {sha256} is gone").format(sha256=sha256[:16])
        if hashlib.sha256(content).hexdigest() != sha256:
            return _("the evidence file {sha256} was replaced: its content has another "
                     "SHA-256").format(sha256=sha256[:16])
        return ""


def _one(pages: _Pages, workstation_id: UUID, *, below: int | None = None,
         from_: int | None = None) -> ChainEvent | None:
    """The stored event just below ``below``, or the first from ``from_`` on."""
    query = select(*_READ).where(AuditEvent.workstation_id == workstation_id)
    if below is not None:
        query = query.where(AuditEvent.seq < below).order_by(AuditEvent.seq.desc())
    else:
        query = query.where(AuditEvent.seq >= from_).order_by(AuditEvent.seq)
    return next(_chain_events(workstation_id, pages.rows(query.limit(1))), None)


def _events(pages: _Pages, workstation_id: UUID, first: int | None,
            end: int | None) -> Iterator[ChainEvent]:
    """The stretch's events in ``seq`` order, ``PAGE`` per transaction."""
    query = select(*_READ).where(AuditEvent.workstation_id == workstation_id)
    if first is not None:
        query = query.where(AuditEvent.seq >= first)
    if end is not None:
        query = query.where(AuditEvent.seq < end)
    query = query.order_by(AuditEvent.seq).limit(PAGE)
    after: int | None = None
    while True:
        rows = pages.rows(query if after is None else query.where(AuditEvent.seq > after))
        yield from _chain_events(workstation_id, rows)
        if len(rows) < PAGE:
            return
        after = rows[-1][1]


def _walk(db: Database, stretch: _Stretch) -> SegmentOutcome:
    chain = stretch.chain
    ws = chain.workstation_id
    lookups = _Lookups(db, ws)
    pages = _Pages(db)
    try:
        return walk_segment(
            _events(pages, ws, stretch.first, stretch.end), workstation_id=ws,
            workstation_name=chain.workstation_name, public_key=chain.public_key,
            before=None if stretch.first is None else _one(pages, ws, below=stretch.first),
            beyond=None if stretch.end is None else _one(pages, ws, from_=stretch.end),
            registered=stretch.registered,
            pinned_key=chain.pinned_key if stretch.first is None else None,
            find=lookups.find, evidence=lookups.evidence, checkpoints=chain.checkpoints)
    finally:
        pages.close()


# ---- In a worker process


_worker_database: list[Database] = []
"""This worker process's connection to the database, opened once for all its stretches."""


PARENT_WATCH_SECONDS = 0.1
"""How often a worker looks whether the process that started it is still there."""


def _end_with_parent(parent: int) -> None:
    """End this worker as soon as ``parent`` is gone.

    A SIGTERM or a kill ends the parent without shutting the pool down: its workers
    would walk on, then wait on their queue for ever, holding database connections.
    """
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_WATCH_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="borderdesk-parent-watch", daemon=True).start()


def _start_worker(language: str, url: str, parent: int) -> None:
    """Worker set-up: ended with its parent, the parent's language, one OpenMP thread
    (PITFALLS), a connection."""
    _end_with_parent(parent)
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    i18n.set_language(language)
    db = Database(url)
    _worker_database.append(db)
    # Closed when the pool lets the worker go, not dropped with the process.
    multiprocessing.util.Finalize(db, db.dispose, exitpriority=10)


def _walk_in_worker(stretch: _Stretch) -> SegmentOutcome:
    """Walk one stretch on this worker's own connection."""
    return _walk(_worker_database[0], stretch)


# ---- In the calling process


def _start_method() -> str:
    """``fork`` from a single-threaded process without Qt, else ``spawn``."""
    try:
        threads = len(os.listdir("/proc/self/task"))
    except OSError:  # pragma: no cover - no /proc
        threads = threading.active_count()
    if threads > 1 or "PySide6" in sys.modules:
        return "spawn"
    return "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"


def _in_workers(db: Database, stretches: Sequence[_Stretch], workers: int,
                done: Callable[[_Stretch, SegmentOutcome], None]) -> None:
    url = db.url.render_as_string(hide_password=False)
    context = multiprocessing.get_context(_start_method())
    pool = ProcessPoolExecutor(max_workers=min(workers, len(stretches)), mp_context=context,
                               initializer=_start_worker,
                               initargs=(i18n.language(), url, os.getpid()))
    try:
        pending: dict[Future[SegmentOutcome], _Stretch] = {
            pool.submit(_walk_in_worker, stretch): stretch for stretch in stretches}
        while pending:
            finished, _running = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                done(pending.pop(future), future.result())
    finally:
        # On an error (the database lost), the stretches not yet started are dropped.
        pool.shutdown(wait=True, cancel_futures=True)


def walk_chains(db: Database, chains: Sequence[ChainToWalk], *,
                progress: Progress | None = None, segment_events: int | None = None,
                workers: int | None = None) -> list[ChainOutcome]:
    """Walk every chain, on every core when there is enough to walk; outcomes in order.

    Args:
        segment_events: events per stretch (default: ``BORDERDESK_VERIFY_SEGMENT``, else
            sized so that every core gets several); a chain longer than this is cut, and
            cut chains are walked in worker processes whatever the database's size.
        workers: processes to walk in (default: the cores this process may use).
        progress: told the events walked so far and the events in all, after each stretch.

    Raises:
        EnvironmentProblem: the database cannot be read.
    """
    workers = workers or cores()
    stored = _stored(db, chains)
    total = sum(count for count, _low, _high in stored.values())
    size = _stretch_size(total, workers, segment_events)
    forced = segment_events is not None or _configured_size() is not None
    parallel = (workers > 1 and _shareable(db)
                and (forced or total >= PARALLEL_FROM[_start_method()]))
    stretches = (_plan(db, chains, stored, size) if parallel else
                 [_Stretch(chain, index, None, None, False, 0)
                  for index, chain in enumerate(chains)])
    found: dict[tuple[int, int | None], SegmentOutcome] = {}
    walked = 0

    def done(stretch: _Stretch, outcome: SegmentOutcome) -> None:
        nonlocal walked
        found[stretch.chain_index, stretch.first] = outcome
        walked += outcome.events
        if progress is not None:
            progress(walked, max(walked, total))  # events appended meanwhile are walked too

    if len(stretches) > len(chains) or (parallel and len(chains) > 1):
        ordered = sorted(stretches, key=lambda stretch: -stretch.events)
        _in_workers(db, ordered, workers, done)
    else:
        for stretch in stretches:
            done(stretch, _walk(db, stretch))
    outcomes: list[ChainOutcome] = []
    for index, chain in enumerate(chains):
        segments = [found[index, stretch.first] for stretch in stretches
                    if stretch.chain_index == index]
        outcomes.append(join_segments(segments, workstation_id=chain.workstation_id,
                                      workstation_name=chain.workstation_name,
                                      checkpoints=chain.checkpoints))
    return outcomes
