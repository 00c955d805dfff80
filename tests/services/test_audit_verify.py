"""Verifying the audit chains on SQLite and PostgreSQL: every change made behind the
application's back is found, and named for what it is."""

from __future__ import annotations

import io
import json
import multiprocessing
import os
from uuid import UUID

import pytest
from gate_kit import GateSetup, arrival, attach
from PIL import Image
from sqlalchemy import delete, insert, select, update
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

from borderdesk.access.passwords import hash_password
from borderdesk.config import Settings
from borderdesk.custody.chain import format_checkpoint, parse_checkpoint
from borderdesk.custody.signing import fingerprint, new_private_key, public_key_hex
from borderdesk.domain.custody import ChainHead, ChainProblem, ChainProblemKind, ChainReport
from borderdesk.domain.evidence import EvidenceKind
from borderdesk.domain.officer import Actor, Role
from borderdesk.errors import PermissionDenied, UserInputError
from borderdesk.services import crossings
from borderdesk.services.audit_verify import verify_chains, verify_for
from borderdesk.services.evidence import attach_evidence
from borderdesk.services.keys import (
    database_id,
    pinned_keys,
    pins_path,
    revoke_key,
    trust_key,
)
from borderdesk.services.workstations import attach_workstation, create_gate
from borderdesk.storage.engine import Database
from borderdesk.storage.models import (
    AuditEvent,
    EvidenceBlob,
    Gate,
    Officer,
    TrustedKey,
    Workstation,
)
from borderdesk.storage.models.base import new_id, utc_now

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


# ---- the security state, the workstations and the pins (issue 14)


def findings(report: ChainReport) -> list[str]:
    return [f"{finding.subject}: {finding.detail}" for finding in report.findings]


def test_a_role_raised_with_sql_is_named(gate: GateSetup, booth: UUID) -> None:
    with gate.db.engine.begin() as sql:
        sql.execute(update(Officer).where(Officer.username == "border_guard")
                    .values(role="administrator"))
    report = verify_chains(gate.db)
    assert not report.intact and report.problems == ()
    assert findings(report) == [
        "officer border_guard: role is administrator, the audit chain records border_guard"]


def test_a_password_hash_copied_with_sql_is_named(gate: GateSetup, booth: UUID) -> None:
    with gate.db.engine.begin() as sql:
        sql.execute(update(Officer).where(Officer.username == "supervisor")
                    .values(password_hash=hash_password("the guard's own password")))
    assert findings(verify_chains(gate.db)) == [
        "officer supervisor: password changed outside BorderDesk"]


def test_a_key_trusted_or_unrevoked_with_sql_is_named(gate: GateSetup, booth: UUID) -> None:
    admin = gate.actor(Role.ADMINISTRATOR)
    revoked = trust_key(gate.db, admin, "Cửa khẩu Cha Lo", "gate",
                        public_key_hex(new_private_key()))
    revoke_key(gate.db, admin, revoked.key_id)
    assert verify_chains(gate.db).intact
    smuggled = public_key_hex(new_private_key())
    with gate.db.engine.begin() as sql:
        sql.execute(insert(TrustedKey).values(
            id=new_id(), name="Bạn", kind="gate", public_key=smuggled, created_at=utc_now(),
            workstation_id=booth))
        sql.execute(update(TrustedKey).where(TrustedKey.id == revoked.key_id)
                    .values(revoked_at=None))
    assert sorted(findings(verify_chains(gate.db))) == sorted([
        f"trusted key {fingerprint(smuggled)}: not trusted by any audit event",
        f"trusted key {revoked.fingerprint}: revocation undone"])


def _second_booth_seen_by_the_first(gate: GateSetup) -> UUID:
    """BOOTH-2 attaches, then the first booth starts again and witnesses it."""
    second = attach(gate.db, "BOOTH-2")
    attach_workstation(gate.db, Settings(workstation_id=gate.workstation.workstation_id,
                                         workstation_name=gate.workstation.workstation_name,
                                         gate_code="LAOBAO"))
    assert verify_chains(gate.db).intact
    return second.workstation_id


def _delete_workstation(gate: GateSetup, workstation_id: UUID) -> None:
    """As the owner would: its events (triggers off), then its row."""
    with behind_the_back(gate.db) as sql:
        sql.execute(delete(AuditEvent).where(AuditEvent.workstation_id == workstation_id))
        sql.execute(delete(Workstation).where(Workstation.id == workstation_id))


def test_a_workstation_deleted_with_its_chain_is_named(gate: GateSetup, booth: UUID) -> None:
    second = _second_booth_seen_by_the_first(gate)
    (printed,) = [format_checkpoint(h) for h in verify_chains(gate.db).heads
                  if h.workstation_id == second]
    _delete_workstation(gate, second)
    report = verify_chains(gate.db)
    assert report.problems == () and len(report.heads) == 1  # the walk alone sees nothing
    assert findings(report) == [f"workstation BOOTH-2 ({second}): its chain is missing"]
    # A well-copied checkpoint of it is a missing chain too, not a typo.
    with_paper = verify_chains(gate.db, checkpoints=[parse_checkpoint(printed)])
    assert findings(with_paper)[1:] == [
        f"workstation BOOTH-2 ({second}): its chain is missing: the checkpoint {printed} "
        "names it"]


def test_a_pinned_workstation_deleted_before_anyone_witnessed_it_is_named(
    gate: GateSetup, booth: UUID
) -> None:
    second = attach(gate.db, "BOOTH-2").workstation_id  # it saw the booth; nobody saw it
    _delete_workstation(gate, second)
    (finding,) = findings(verify_chains(gate.db))
    assert finding.startswith(f"workstation ? ({second}): this computer pinned its key ")
    pins_path().unlink()  # a computer that never saw it: only paper can tell
    assert verify_chains(gate.db).intact


def test_a_checkpoint_of_a_workstation_no_trace_is_left_of_is_a_missing_chain(
    gate: GateSetup, booth: UUID
) -> None:
    vanished = ChainHead(UUID(int=0xdead), "gone", 3, "ab" * 32)
    report = verify_chains(gate.db, checkpoints=[parse_checkpoint(format_checkpoint(vanished))])
    assert findings(report) == [
        f"checkpoint {format_checkpoint(vanished)}: it names a workstation this database no "
        "longer has: its chain is missing"]


def test_a_workstation_moved_to_another_gate_is_named_and_stays_on_its_gates_page(
    gate: GateSetup, booth: UUID
) -> None:
    second = _second_booth_seen_by_the_first(gate)
    create_gate(gate.db, "CHALO", "Cửa khẩu Cha Lo")
    with gate.db.engine.begin() as sql:
        chalo = sql.scalar(select(Gate.id).where(Gate.code == "CHALO"))
        sql.execute(update(Workstation).where(Workstation.id == second).values(gate_id=chalo))
    moved = f"workstation BOOTH-2 ({second}): moved from gate LAOBAO to CHALO"
    assert findings(verify_chains(gate.db)) == [moved]
    supervisor = verify_for(gate.db, gate.actor(Role.SUPERVISOR))
    assert findings(supervisor) == [moved]
    assert second in {head.workstation_id for head in supervisor.heads}


def test_pins_of_another_database_and_of_the_old_file_are_ignored(gate: GateSetup,
                                                                   booth: UUID) -> None:
    stolen = public_key_hex(new_private_key())
    with gate.db.session() as session:
        this_database = database_id(session)
    assert this_database is not None and pinned_keys(this_database)[booth]
    data = json.loads(pins_path().read_text(encoding="utf-8"))
    data["databases"][str(new_id())] = {str(booth): stolen}
    pins_path().write_text(json.dumps(data), encoding="utf-8")
    assert verify_chains(gate.db).intact
    pins_path().write_text(json.dumps({str(booth): stolen}), encoding="utf-8")  # flat, old
    assert verify_chains(gate.db).intact  # an unknown database's pins: compared with none
    kept = json.loads(pins_path().read_text(encoding="utf-8"))
    assert kept["unknown_database"] == {str(booth): stolen}
    assert kept["databases"][str(this_database)] == {str(booth): pinned_keys(this_database)[booth]}
