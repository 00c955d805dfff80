"""Verifying the audit chains on SQLite and PostgreSQL: every change made behind the
application's back is found, and named for what it is."""

from __future__ import annotations

import io
import multiprocessing
import os
from uuid import UUID

import pytest
from gate_kit import GateSetup, arrival, attach
from PIL import Image
from sqlalchemy import update
from sqlalchemy.exc import DBAPIError
from tamper_kit import (
    behind_the_back,
    edit,
    insert_forged,
    make_room,
    remove,
    rewrite,
    row_at,
    set_seq,
)

from borderdesk.custody.chain import format_checkpoint, parse_checkpoint
from borderdesk.custody.signing import new_private_key, public_key_hex
from borderdesk.domain.custody import ChainProblem, ChainProblemKind, ChainReport
from borderdesk.domain.evidence import EvidenceKind
from borderdesk.domain.officer import Actor, Role
from borderdesk.errors import PermissionDenied, UserInputError
from borderdesk.services import crossings
from borderdesk.services.audit_verify import verify_chains, verify_for
from borderdesk.services.evidence import attach_evidence
from borderdesk.services.keys import pins_path
from borderdesk.storage.engine import Database
from borderdesk.storage.models import EvidenceBlob, Workstation
from borderdesk.storage.models.base import new_id

Kind = ChainProblemKind
ARRIVALS = 5
SETUP = 2 + len(Role)
"""Attached, key registered, an officer of every role created: the booth's chain before its
arrivals; its first arrival is event SETUP + 1."""
FIRST = SETUP + 1


@pytest.fixture
def booth(gate: GateSetup) -> UUID:
    """The gate's workstation, with a few crossings registered on it."""
    guard = gate.actor(Role.BORDER_GUARD)
    for i in range(ARRIVALS):
        crossings.register_arrival(gate.db, guard, arrival(f"74C-{i:05d}"))
    return gate.workstation.workstation_id


def the_problem(report: ChainReport) -> ChainProblem:
    assert not report.intact, "the tampering went unnoticed"
    (problem,) = report.problems
    return problem


def test_an_untouched_gate_verifies_with_a_head_per_workstation(gate: GateSetup,
                                                                booth: UUID) -> None:
    second = attach(gate.db, "BOOTH-2")
    report = verify_chains(gate.db)
    assert report.intact and report.events == ARRIVALS + SETUP + 3
    heads = {head.workstation_id: head.seq for head in report.heads}
    assert heads == {booth: ARRIVALS + SETUP, second.workstation_id: 3}  # + witnessed
    assert verify_chains(gate.db, gate_id=new_id()).events == 0


def test_an_edited_event_is_changed(gate: GateSetup, booth: UUID) -> None:
    with behind_the_back(gate.db) as sql:
        edit(sql, booth, FIRST + 1, payload='{"plate":"29A-000.01"}')
    problem = the_problem(verify_chains(gate.db))
    assert (problem.kind, problem.seq, problem.workstation_name) == \
        (Kind.CHANGED, FIRST + 1, "LAOBAO-BOOTH-1")


def test_a_deleted_event_is_missing(gate: GateSetup, booth: UUID) -> None:
    with behind_the_back(gate.db) as sql:
        remove(sql, booth, FIRST + 1)
    problem = the_problem(verify_chains(gate.db))
    assert (problem.kind, problem.seq) == (Kind.MISSING, FIRST + 1)


def test_an_inserted_event_is_inserted(gate: GateSetup, booth: UUID) -> None:
    with behind_the_back(gate.db) as sql:
        before = row_at(sql, booth, FIRST)
        make_room(sql, booth, FIRST + 1)
        insert_forged(sql, booth, FIRST + 1, before.hash, new_id(), before)
    problem = the_problem(verify_chains(gate.db))
    assert (problem.kind, problem.seq) == (Kind.INSERTED, FIRST + 1)


def test_swapped_events_are_reordered(gate: GateSetup, booth: UUID) -> None:
    with behind_the_back(gate.db) as sql:
        set_seq(sql, booth, FIRST + 1, -1)
        set_seq(sql, booth, FIRST + 2, FIRST + 1)
        set_seq(sql, booth, -1, FIRST + 2)
    problem = the_problem(verify_chains(gate.db))
    assert (problem.kind, problem.seq) == (Kind.REORDERED, FIRST + 1)


def test_a_swapped_evidence_file_breaks_the_chain(gate: GateSetup) -> None:
    guard = gate.actor(Role.BORDER_GUARD)
    crossing = crossings.register_arrival(gate.db, guard, arrival())

    def photo(colour: tuple[int, int, int]) -> bytes:
        out = io.BytesIO()
        Image.new("RGB", (64, 48), colour).save(out, format="JPEG")
        return out.getvalue()

    item = attach_evidence(gate.db, guard, crossing.crossing_id, photo((200, 0, 0)),
                           EvidenceKind.CARGO)
    assert verify_chains(gate.db).intact
    with gate.db.engine.begin() as sql:  # the blob table has no trigger: anyone may write it
        sql.execute(update(EvidenceBlob).where(EvidenceBlob.sha256 == item.sha256)
                    .values(content=photo((0, 200, 0))))
    problem = the_problem(verify_chains(gate.db))
    assert problem.kind == Kind.CHANGED and item.sha256[:16] in problem.detail
    assert problem.seq == FIRST + 1  # the setup, the arrival, the evidence


def test_a_change_rehashed_without_the_key_has_a_bad_signature(gate: GateSetup,
                                                                booth: UUID) -> None:
    with behind_the_back(gate.db) as sql:
        rewrite(sql, booth, None, lambda row: {"payload": '{"plate":"29A-000.01"}'}
                if row.seq == FIRST + 2 else {}, start=FIRST + 2)
    problem = the_problem(verify_chains(gate.db))
    assert (problem.kind, problem.seq) == (Kind.BAD_SIGNATURE, FIRST + 2)


def test_a_key_replaced_and_the_chain_resigned_is_caught_by_the_pinned_key(
    gate: GateSetup, booth: UUID
) -> None:
    assert pins_path().exists()  # attaching the workstation pinned its key here
    thief = new_private_key()
    stolen = public_key_hex(thief)
    with behind_the_back(gate.db) as sql:
        sql.execute(update(Workstation).where(Workstation.id == booth)
                    .values(public_key=stolen))
        rewrite(sql, booth, thief, lambda row: {"payload": f'{{"public_key":"{stolen}"}}'}
                if row.action == "workstation.key_registered" else {})
    problem = the_problem(verify_chains(gate.db))
    assert (problem.kind, problem.seq) == (Kind.UNTRUSTED_KEY, 1)
    # A computer that never saw the workstation has nothing to compare with: why pins exist.
    pins_path().unlink()
    assert verify_chains(gate.db).intact


def test_a_checkpoint_catches_a_truncated_chain(gate: GateSetup, booth: UUID) -> None:
    (head,) = verify_chains(gate.db).heads
    printed = parse_checkpoint(format_checkpoint(head))
    assert verify_chains(gate.db, checkpoints=[printed]).intact
    with behind_the_back(gate.db) as sql:
        remove(sql, booth, head.seq, head.seq - 1)
    assert verify_chains(gate.db).intact  # without paper, the lost tail leaves no trace
    problem = the_problem(verify_chains(gate.db, checkpoints=[printed]))
    assert (problem.kind, problem.seq) == (Kind.CUT_OFF, head.seq)


def test_a_checkpoint_of_no_workstation_here_is_refused(gate: GateSetup, booth: UUID) -> None:
    with pytest.raises(UserInputError, match="names no workstation"):
        verify_chains(gate.db, checkpoints=[parse_checkpoint("00000000:3:" + "0" * 16)])


@pytest.mark.parametrize("statement", [
    "UPDATE audit_events SET payload = '{}'",
    "DELETE FROM audit_events",
])
def test_the_database_itself_refuses_to_change_audit_rows(gate: GateSetup, booth: UUID,
                                                          statement: str) -> None:
    with pytest.raises(DBAPIError, match="append-only"), gate.db.engine.begin() as sql:
        sql.exec_driver_sql(statement)
    assert verify_chains(gate.db).intact


def test_verifying_is_for_supervisors_and_administrators(gate: GateSetup, booth: UUID) -> None:
    with pytest.raises(PermissionDenied):
        verify_for(gate.db, gate.actor(Role.BORDER_GUARD))
    assert verify_for(gate.db, gate.actor(Role.SUPERVISOR)).intact
    assert verify_for(gate.db, gate.actor(Role.ADMINISTRATOR)).events == ARRIVALS + SETUP


# ---- several processes writing at once

PROCESSES = 3
WRITES = 30


def _register_many(url: str, actor: Actor, first: int) -> None:
    db = Database(url)
    try:
        for i in range(WRITES):
            crossings.register_arrival(db, actor, arrival(f"74C-{first + i:05d}"))
    finally:
        db.dispose()


@pytest.mark.slow
def test_processes_writing_at_once_leave_every_chain_intact(gate: GateSetup) -> None:
    second = attach(gate.db, "BOOTH-2")
    # Two processes share the booth's chain; the third writes its own.
    actors = [gate.actor(Role.BORDER_GUARD), gate.actor(Role.BORDER_GUARD),
              gate.at_workstation(second, Role.BORDER_GUARD)]
    url = gate.db.url.render_as_string(hide_password=False)
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_register_many, args=(url, actor, 10_000 * (n + 1)))
               for n, actor in enumerate(actors)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=240)
        assert worker.exitcode == 0
    report = verify_chains(gate.db)
    assert report.intact, report.problems
    assert report.events == SETUP + 3 + PROCESSES * WRITES
    assert os.environ["BORDERDESK_HOME"]  # the workers signed with this test's keys
