"""``borderdesk init`` on a gate's PostgreSQL server: least-privilege roles, made idempotently.

Runs on the machine's test server (BORDERDESK_TEST_PG_URL) in a database of
its own, with role names of its own, and removes both afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cluster_kit import arrival_form, borderdesk
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

from borderdesk.config import Settings
from borderdesk.domain.officer import NewOfficer, Role
from borderdesk.errors import AdministratorLoginNeeded
from borderdesk.services import auth, keys, officers
from borderdesk.services.crossings import register_arrival
from borderdesk.services.workstations import attach_workstation, create_gate
from borderdesk.storage.admin_login import administrators_database
from borderdesk.storage.engine import Database
from borderdesk.storage.migrate import current_revision, head_revision, upgrade
from borderdesk.storage.models.base import new_id
from borderdesk.storage.roles import RoleRequest, ensure_gate_roles

pytestmark = pytest.mark.pg

PG_URL = os.environ.get("BORDERDESK_TEST_PG_URL", "")
PASSWORD = "laobao2026"


@dataclass(frozen=True)
class ServerDatabase:
    """A fresh database on the test server and the names of the roles init will make."""

    name: str
    app: str
    reader: str
    admin: str

    @property
    def roles(self) -> tuple[str, ...]:
        """init's options naming this test's roles."""
        return ("--app-role", self.app, "--reader-role", self.reader, "--admin-role", self.admin)

    def url(self, user: str = "") -> str:
        """The database's URL, as the test server's user or as ``user``."""
        url = make_url(PG_URL).set(database=self.name)
        return (url.set(username=user, password=None) if user else url).render_as_string(
            hide_password=False)


def _admin(statements: list[str]) -> None:
    engine = create_engine(make_url(PG_URL), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        for statement in statements:
            connection.execute(text(statement))
    engine.dispose()


@pytest.fixture
def server_db() -> Iterator[ServerDatabase]:
    """A database and role names of this test only; all dropped afterwards."""
    if not PG_URL:
        pytest.skip("BORDERDESK_TEST_PG_URL is not set: PostgreSQL tests skipped")
    tag = uuid.uuid4().hex[:10]
    made = ServerDatabase(f"bd_test_roles_{tag}", f"bd_app_{tag}", f"bd_read_{tag}",
                          f"bd_adm_{tag}")
    _admin([f'CREATE DATABASE "{made.name}"'])
    try:
        yield made
    finally:
        _admin([f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                f"WHERE datname = '{made.name}'",
                f'DROP DATABASE IF EXISTS "{made.name}"',
                f'DROP ROLE IF EXISTS "{made.app}"', f'DROP ROLE IF EXISTS "{made.reader}"',
                f'DROP ROLE IF EXISTS "{made.admin}"',
                f'DROP ROLE IF EXISTS "bd_owner_{tag}"'])


def _refused(url: str, statement: str) -> str:
    """The server's refusal of ``statement``, run as the user of ``url``."""
    engine = create_engine(url)
    try:
        with engine.begin() as connection, pytest.raises(ProgrammingError) as refusal:
            connection.execute(text(statement))
    finally:
        engine.dispose()
    return str(refusal.value.orig)


def _password_of(role: str) -> str | None:
    engine = create_engine(make_url(PG_URL))
    with engine.connect() as connection:
        value = connection.execute(text("SELECT rolpassword FROM pg_authid WHERE rolname = :r"),
                                   {"r": role}).scalar_one()
    engine.dispose()
    return None if value is None else str(value)


def test_the_app_role_registers_arrivals_but_cannot_touch_the_audit_or_the_schema(
    server_db: ServerDatabase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    roles = server_db.roles
    first = borderdesk(tmp_path / "owner", "init", "--db", server_db.url(), "--gate", "LAOBAO",
                       "--gate-name", "Lao Bảo", *roles, BORDERDESK_APP_PASSWORD="booth-pw")
    set_once = _password_of(server_db.app)
    again = borderdesk(tmp_path / "owner", "init", "--db", server_db.url(), *roles,
                       BORDERDESK_APP_PASSWORD="another-pw")
    assert (first.returncode, again.returncode) == (0, 0), first.stderr + again.stderr
    assert "up to date" in again.stdout and server_db.app in again.stdout
    # Roles are the whole server's: an existing one keeps its password without the flag.
    assert set_once is not None and _password_of(server_db.app) == set_once
    assert "--set-role-passwords" in again.stderr
    changed = borderdesk(tmp_path / "owner", "init", "--db", server_db.url(), *roles,
                         "--set-role-passwords", BORDERDESK_APP_PASSWORD="another-pw")
    assert changed.returncode == 0, changed.stderr
    assert _password_of(server_db.app) != set_once

    # The workstation's login may not register the workstation: the administrators' may.
    monkeypatch.setenv("BORDERDESK_ADMIN_ROLE", server_db.admin)
    app_url = server_db.url(server_db.app)
    app_db = Database(app_url)
    admin_db = administrators_database(app_db, "")
    settings = Settings(workstation_id=new_id(), workstation_name="LAOBAO-BOOTH-2",
                        gate_code="LAOBAO")
    try:
        with pytest.raises(AdministratorLoginNeeded, match="workstation register"):
            attach_workstation(app_db, settings)
        booth = attach_workstation(admin_db, settings)
        officers.create_first_administrator(admin_db, booth, NewOfficer(
            "admin", "Quản trị", Role.ADMINISTRATOR, PASSWORD))
        # A workstation logs in as the application role: logins, arrivals, audit events.
        admin = auth.log_in(app_db, attach_workstation(app_db, settings), "admin", PASSWORD)
        guard1 = NewOfficer("guard1", "Trần Bình", Role.BORDER_GUARD, PASSWORD)
        with pytest.raises(AdministratorLoginNeeded):
            officers.create_officer(app_db, admin, guard1)
        officers.create_officer(admin_db, admin, guard1)
        guard = auth.log_in(app_db, booth, "guard1", PASSWORD)
        crossing = register_arrival(app_db, guard, arrival_form("74C-123.45"))
        auth.log_out(app_db, guard)
    finally:
        app_db.dispose()
        admin_db.dispose()
    assert crossing.reference

    refusals = [_refused(app_url, sql) for sql in (
        "UPDATE audit_events SET payload = '{}'",
        "DELETE FROM audit_events",
        "TRUNCATE audit_events",
        "DELETE FROM crossings",
        "ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only",
        "CREATE TABLE scratch (id int)",
    )]
    assert all("permission denied" in r or "must be owner" in r for r in refusals), refusals

    reader_url = server_db.url(server_db.reader)
    engine = create_engine(reader_url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM crossings")).scalar_one() == 1
        assert connection.execute(text("SELECT count(*) FROM audit_events")).scalar_one() > 0
    engine.dispose()
    assert "permission denied" in _refused(reader_url, "UPDATE officers SET badge_no = 'x'")


def test_init_without_createrole_makes_the_schema_and_says_why_there_are_no_roles(
    server_db: ServerDatabase, tmp_path: Path,
) -> None:
    owner = server_db.app.replace("bd_app_", "bd_owner_")
    _admin([f'CREATE ROLE "{owner}" LOGIN',
            # The owner of a database may create tables in its public schema (PostgreSQL 15).
            f'ALTER DATABASE "{server_db.name}" OWNER TO "{owner}"'])

    done = borderdesk(tmp_path, "init", "--db", server_db.url(owner),
                      "--app-role", server_db.app, "--reader-role", server_db.reader)

    assert done.returncode == 2
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "may not create roles" in lines[0], done.stderr
    db = Database(server_db.url(owner))
    try:
        assert current_revision(db) == head_revision()
    finally:
        db.dispose()


def test_the_workstations_login_makes_nobody_an_administrator(
    server_db: ServerDatabase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The tester's attacks of issue 14, as the role every workstation stores the login of."""
    owner_db = Database(server_db.url())
    try:
        upgrade(owner_db)
        create_gate(owner_db, "LAOBAO", "Lao Bảo")
        ensure_gate_roles(owner_db, RoleRequest(
            app_role=server_db.app, reader_role=server_db.reader, admin_role=server_db.admin))
        booth = attach_workstation(owner_db, Settings(
            workstation_id=new_id(), workstation_name="LAOBAO-BOOTH-1", gate_code="LAOBAO"))
        officers.create_first_administrator(owner_db, booth, NewOfficer(
            "admin", "Quản trị", Role.ADMINISTRATOR, PASSWORD))
        admin = auth.log_in(owner_db, booth, "admin", PASSWORD)
        for username, role in (("guard1", Role.BORDER_GUARD), ("supervisor1", Role.SUPERVISOR)):
            officers.create_officer(owner_db, admin, NewOfficer(username, username, role, PASSWORD))
        key = keys.trust_key(owner_db, admin, "Cha Lo", "gate", "ab" * 32)
        keys.revoke_key(owner_db, admin, key.key_id)
    finally:
        owner_db.dispose()

    app_url = server_db.url(server_db.app)
    refusals = [_refused(app_url, sql) for sql in (
        "UPDATE officers SET role = 'administrator' WHERE username = 'guard1'",
        "UPDATE officers SET password_hash = (SELECT password_hash FROM officers "
        "WHERE username = 'guard1') WHERE username = 'supervisor1'",
        "INSERT INTO officers SELECT * FROM officers WHERE false",
        f"INSERT INTO trusted_keys (id, created_at, workstation_id, name, kind, public_key) "
        f"VALUES ('{new_id()}', now(), '{booth.workstation_id}', 'x', 'gate', '{'cd' * 32}')",
        "UPDATE trusted_keys SET revoked_at = NULL",
        "UPDATE workstations SET public_key = ''",
        "UPDATE workstations SET gate_id = gate_id",
        f"INSERT INTO workstations (id, name, gate_id, registered_at, public_key) "
        f"VALUES ('{new_id()}', 'ROGUE', '{booth.gate_id}', now(), '')",
        "UPDATE gates SET name = 'x'",
        "UPDATE database_identity SET id = id",
    )]
    assert all("permission denied" in r for r in refusals), refusals

    # Through the command line, the administrator's account alone is not enough on a server.
    home = tmp_path / "admin-desk"
    add = ("officer", "add", "--db", app_url, "--username", "supervisor2", "--full-name",
           "Giám sát 2", "--role", "supervisor", "--as", "admin")
    variables = {"BORDERDESK_PASSWORD": PASSWORD, "BORDERDESK_NEW_PASSWORD": PASSWORD,
                 "BORDERDESK_ADMIN_ROLE": server_db.admin}
    unregistered = borderdesk(home, *add, **variables)
    assert unregistered.returncode == 2
    assert "workstation register" in unregistered.stderr.strip()
    registered = borderdesk(home, "workstation", "register", "--db", app_url,
                            BORDERDESK_ADMIN_DB_PASSWORD="", **variables)
    assert registered.returncode == 0, registered.stderr
    without = borderdesk(home, *add, **variables)
    assert without.returncode == 2
    assert without.stderr.strip().splitlines() == [
        "borderdesk: This needs the administrators' database password: set "
        "BORDERDESK_ADMIN_DB_PASSWORD or run it at a terminal."]
    made = borderdesk(home, *add, BORDERDESK_ADMIN_DB_PASSWORD="", **variables)
    assert made.returncode == 0, made.stderr
    assert "supervisor2" in made.stdout
