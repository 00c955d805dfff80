"""Verifying a long chain on every core: cut in stretches walked by worker processes, it is
reported exactly as a walk from the start reports it, on SQLite and PostgreSQL."""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Iterator
from pathlib import Path
from uuid import UUID

import pytest
from gate_kit import PASSWORD, GateSetup
from long_chain_kit import corrupt_signature, grow_chain, relink
from sqlalchemy import select

from borderdesk.domain.custody import ChainProblem, ChainProblemKind, ChainReport
from borderdesk.errors import EnvironmentProblem
from borderdesk.services import parallel_verify
from borderdesk.services.audit_verify import verify_chains
from borderdesk.storage.engine import Database
from borderdesk.storage.models import AuditEvent
from tests.cli.cli_kit import run_cli

Kind = ChainProblemKind
LONG = 450
SEGMENT = 100
"""450 events of 100 per stretch: 5 stretches, cut before events 91, 181, 271 and 361."""


@pytest.fixture(autouse=True)
def nothing_left_running() -> Iterator[None]:
    """A verification leaves no worker process and no thread behind."""
    threads = set(threading.enumerate())
    yield
    assert multiprocessing.active_children() == []
    assert [t for t in set(threading.enumerate()) - threads if not t.daemon] == []


@pytest.fixture
def long_chain(gate: GateSetup) -> UUID:
    """The booth's chain grown to ``LONG`` signed events."""
    booth = gate.workstation.workstation_id
    grow_chain(gate.db, booth, LONG)
    return booth


@pytest.fixture
def in_stretches(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Chains are cut every ``SEGMENT`` events and walked in worker processes; the list
    counts the times workers were started."""
    started: list[int] = []
    start = parallel_verify._in_workers

    def counted(*args: object) -> None:
        started.append(len(args[1]))  # type: ignore[arg-type]
        start(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(parallel_verify, "_in_workers", counted)
    monkeypatch.setattr(parallel_verify, "cores", lambda: 2)  # two workers on any machine
    monkeypatch.setenv(parallel_verify.SEGMENT_VARIABLE, str(SEGMENT))
    return started


def the_problem(report: ChainReport) -> ChainProblem:
    assert not report.intact, "the tampering went unnoticed"
    (problem,) = report.problems
    return problem


def test_a_signature_corrupted_mid_chain_is_named_by_seq_and_kind(
        gate: GateSetup, long_chain: UUID, in_stretches: list[int]) -> None:
    seen: list[tuple[int, int]] = []
    intact = verify_chains(gate.db, progress=lambda done, total: seen.append((done, total)))
    assert intact.intact and intact.events == LONG
    assert [head.seq for head in intact.heads] == [LONG]
    assert len(seen) == 5 and seen[-1] == (LONG, LONG)  # one step per stretch, in order
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)

    corrupt_signature(gate.db, long_chain, 420)  # in the fifth stretch
    event_id = corrupt_signature(gate.db, long_chain, 275)  # in the third
    problem = the_problem(verify_chains(gate.db))
    assert (problem.kind, problem.seq, problem.event_id) == (Kind.BAD_SIGNATURE, 275, event_id)
    assert problem.workstation_name == "LAOBAO-BOOTH-1"
    assert in_stretches == [5, 5]


def test_a_link_broken_at_a_join_is_found_where_a_walk_from_the_start_finds_it(
        gate: GateSetup, long_chain: UUID, monkeypatch: pytest.MonkeyPatch) -> None:
    # Event 181 opens the third stretch: it now links to no event, though it is re-signed
    # with the workstation's own key. Only the join can tell: 180's hash is not its link.
    relink(gate.db, long_chain, 181)
    whole = the_problem(verify_chains(gate.db))
    monkeypatch.setattr(parallel_verify, "cores", lambda: 2)
    monkeypatch.setenv(parallel_verify.SEGMENT_VARIABLE, str(SEGMENT))
    split = the_problem(verify_chains(gate.db))
    assert split == whole
    assert (split.kind, split.seq) == (Kind.CHANGED, 180)
    assert "181" in split.detail


def test_audit_verify_exits_1_naming_the_event_whose_signature_was_corrupted(
        gate: GateSetup, long_chain: UUID, hermetic_home: Path) -> None:
    corrupt_signature(gate.db, long_chain, 275)
    done = run_cli(hermetic_home, "audit", "verify", "--db", gate.db.url.render_as_string(
        hide_password=False), "--as", "supervisor", BORDERDESK_PASSWORD=PASSWORD,
        **{parallel_verify.SEGMENT_VARIABLE: str(SEGMENT)})
    assert done.code == 1, done.stderr
    assert done.error_lines == [
        "borderdesk: LAOBAO-BOOTH-1: event 275: bad signature: its signature was not made "
        "with the workstation's key"]


def test_a_database_lost_under_a_worker_reaches_the_officer_as_the_one_line_it_was(
        gate: GateSetup, long_chain: UUID, in_stretches: list[int],
        monkeypatch: pytest.MonkeyPatch) -> None:
    def lost(db: object, stretch: object) -> None:
        raise EnvironmentProblem("The database cannot be reached: server closed the connection")

    # Forked workers run this process's code as it is now, the lost database included.
    monkeypatch.setattr(parallel_verify, "_walk", lost)
    monkeypatch.setattr(parallel_verify, "_start_method", lambda: "fork")
    with pytest.raises(EnvironmentProblem, match="cannot be reached"):
        verify_chains(gate.db)
    assert in_stretches == [5]


def test_pages_of_a_damaged_sqlite_file_are_an_environment_problem(tmp_path: Path) -> None:
    damaged = tmp_path / "gate.sqlite3"
    damaged.write_bytes(b"not a database" * 100)
    pages = parallel_verify._Pages(Database(f"sqlite:///{damaged}"))
    try:
        with pytest.raises(EnvironmentProblem,
                           match="cannot be reached: it is not a database file"):
            pages.rows(select(AuditEvent.seq))
    finally:
        pages.close()
