"""A gate's PostgreSQL roles and publication, made by ``borderdesk init``, idempotently.

Four things a gate's server needs besides the tables (``docs/deploy.md``):

- the **application role** the workstations log in as: it reads and writes
  the records but cannot change the schema, never deletes (BorderDesk
  corrects by new rows, nothing is deleted in place), only appends to
  the tables that are never changed — ``audit_events``, ``evidence_blobs``
  and ``login_events`` (the grants ``docs/audit.md`` explains) — and only
  reads the security tables: officers, roles and password hashes, trusted
  keys, workstations and their gates. Every workstation stores this login,
  so the officer at its keyboard can read it: it must make nobody an
  administrator (``docs/security.md``);
- the **administrators' role**: the application role's rights and writing
  the security tables; its password is known to administrators only and
  typed when an administrator acts, never stored on a workstation;
- a **read-only role** for headquarters and reporting tools, with the
  ``REPLICATION`` attribute when the user running init may give it, so that
  headquarters can subscribe with it;
- the **publication** ``borderdesk_gate`` of every BorderDesk table (never
  ``alembic_version``: headquarters keeps its own), refreshed on every run so
  that tables a migration adds are published too.

Every statement can run again: roles are created when missing, grants are
first revoked and then given exactly, and the publication's table list is set.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import LiteralString

from psycopg import sql
from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from borderdesk.errors import EnvironmentProblem, UserInputError
from borderdesk.i18n import _
from borderdesk.reasons import reason_for
from borderdesk.storage.admin_login import ADMIN_ROLE
from borderdesk.storage.engine import Database
from borderdesk.storage.models import Base

APP_ROLE = "borderdesk_app"
READER_ROLE = "borderdesk_reader"
PUBLICATION = "borderdesk_gate"
APPEND_ONLY_TABLES = frozenset({
    "audit_events", "evidence_blobs", "login_events",
    # What a check ran with, who approved a lowered channel, and the random draws:
    # rewriting any of them would bend a channel after the fact.
    "scoring_settings", "override_decisions", "selection_keys", "selection_draws",
})
"""Rows never changed once written: the application role may only add to them."""
SECURITY_TABLES = frozenset({"gates", "workstations", "officers", "trusted_keys"})
"""Who may do what, and whose signatures count: only the administrators' role writes them."""
UNPUBLISHED_TABLES = frozenset({"database_identity"})
"""Each database's own: headquarters keeps its own id, as it keeps its own ``alembic_version``."""
VERSION_TABLE = "alembic_version"

_ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


@dataclass(frozen=True)
class RoleRequest:
    """The roles init should make, and their passwords (None: leave the password as it is).

    Roles belong to the whole server, shared by every database on it: a password
    given here is set on a role that exists already only with ``set_passwords``.
    """

    app_role: str = APP_ROLE
    app_password: str | None = None
    reader_role: str = READER_ROLE
    reader_password: str | None = None
    admin_role: str = ADMIN_ROLE
    admin_password: str | None = None
    set_passwords: bool = False


@dataclass(frozen=True)
class RolesOutcome:
    """What ``ensure_gate_roles`` found and did."""

    created: tuple[str, ...]
    """Roles created by this run (none when they were all there)."""
    without_password: tuple[str, ...]
    """Roles that have no password yet (they log in by certificate or not at all)."""
    passwords_kept: tuple[str, ...]
    """Roles that existed, were given a password and kept theirs (no ``set_passwords``)."""
    reader_replicates: bool
    """Whether the read-only role has REPLICATION, so headquarters can subscribe with it."""
    wal_level: str
    """The server's ``wal_level``; publishing needs ``logical``."""
    published_tables: int


def borderdesk_tables() -> tuple[str, ...]:
    """Every table of BorderDesk's schema, by name (``alembic_version`` is not one)."""
    return tuple(sorted(Base.metadata.tables))


def _check_name(name: str) -> str:
    if not _ROLE_NAME.fullmatch(name):
        raise UserInputError(_("'{name}' cannot be a role name: use lower-case letters, digits "
                               "and _ (at most 63).").format(name=name))
    return name


def _quoted(*names: str) -> str:
    return ", ".join(f'"{name}"' for name in names)


def _role_flags(connection: Connection, name: str) -> tuple[bool, bool] | None:
    """(superuser, replication) of a role, or None when there is no such role."""
    row = connection.execute(
        text("SELECT rolsuper, rolreplication FROM pg_roles WHERE rolname = :n"), {"n": name}
    ).first()
    return (bool(row[0]), bool(row[1])) if row else None


def _create_role(connection: Connection, name: str) -> bool:
    """Create a login role unless it exists; True when it was created now."""
    if _role_flags(connection, name) is not None:
        return False
    # Two inits on one server at once: the loser finds the role there, not an error.
    connection.exec_driver_sql(
        "DO $$ BEGIN "
        f'CREATE ROLE "{name}" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT; '
        "EXCEPTION WHEN duplicate_object THEN NULL; END $$"
    )
    return True


def run_on_driver(connection: Connection, statement: sql.Composable | LiteralString) -> None:
    """Run a statement without parameters straight on psycopg, in the connection's transaction.

    For utility statements (ALTER ROLE, CREATE SUBSCRIPTION), which take no
    parameters: ``psycopg.sql`` quotes their literals, and a ``%`` in a
    function body is not taken for a placeholder.
    """
    driver = connection.connection.driver_connection
    assert driver is not None, "a pooled connection has its driver connection"
    with driver.cursor() as cursor:
        cursor.execute(statement)


def _set_password(connection: Connection, name: str, password: str) -> None:
    run_on_driver(connection, sql.SQL("ALTER ROLE {} PASSWORD {}").format(
        sql.Identifier(name), sql.Literal(password)))


def _has_password(connection: Connection, name: str) -> bool | None:
    """Whether a role has a password; None when this user may not read pg_authid."""
    try:
        with connection.begin_nested():
            row = connection.execute(
                text("SELECT rolpassword IS NOT NULL FROM pg_authid WHERE rolname = :n"),
                {"n": name},
            ).first()
    except DBAPIError:
        return None
    return bool(row[0]) if row else False


def _listed(schema: str, names: Iterable[str]) -> str:
    return ", ".join(f'"{schema}"."{name}"' for name in sorted(names))


def _grant(connection: Connection, app: str, admin: str, reader: str, schema: str) -> None:
    database = connection.execute(text("SELECT current_database()")).scalar_one()
    roles = _quoted(app, admin, reader)
    writers = _quoted(app, admin)
    ours = set(borderdesk_tables())
    tables = _listed(schema, ours | {VERSION_TABLE})
    changing = ours - APPEND_ONLY_TABLES - SECURITY_TABLES - UNPUBLISHED_TABLES
    for statement in (
        f'GRANT CONNECT ON DATABASE "{database}" TO {roles}',
        f'GRANT USAGE ON SCHEMA "{schema}" TO {roles}',
        # Exactly these rights, whatever was granted before (by hand, by docs/audit.md's SQL).
        f"REVOKE ALL ON {tables} FROM {roles}",
        f'GRANT SELECT ON {tables} TO {roles}',
        f'GRANT INSERT, UPDATE ON {_listed(schema, changing)} TO {writers}',
        f'GRANT INSERT ON {_listed(schema, APPEND_ONLY_TABLES)} TO {writers}',
        # The one difference between the two: who may say who is who.
        f'GRANT INSERT, UPDATE ON {_listed(schema, SECURITY_TABLES)} TO "{admin}"',
        f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "{schema}" TO {writers}',
    ):
        connection.exec_driver_sql(statement)
    for role in (app, admin, reader):
        creates = connection.execute(text("SELECT has_schema_privilege(:r, :s, 'CREATE')"),
                                     {"r": role, "s": schema}).scalar_one()
        if creates:
            # PostgreSQL before 15 let everyone create tables in public; nobody but the owner may.
            connection.exec_driver_sql(f'REVOKE CREATE ON SCHEMA "{schema}" FROM PUBLIC, {roles}')


def _publish(connection: Connection, schema: str) -> int:
    published = [name for name in borderdesk_tables() if name not in UNPUBLISHED_TABLES]
    tables = _listed(schema, published)
    exists = connection.execute(
        text("SELECT 1 FROM pg_publication WHERE pubname = :p"), {"p": PUBLICATION}
    ).first()
    verb = f'ALTER PUBLICATION "{PUBLICATION}" SET TABLE' if exists \
        else f'CREATE PUBLICATION "{PUBLICATION}" FOR TABLE'
    connection.exec_driver_sql(f"{verb} {tables}")
    return len(published)


def ensure_gate_roles(db: Database, request: RoleRequest) -> RolesOutcome:
    """Create or bring up to date the roles, grants and publication of a gate's database.

    Run after the schema is at head, by the user that owns the tables.

    Raises:
        UserInputError: a bad role name, or one that is this user or a superuser.
        EnvironmentProblem: this user may not create roles, or the server refused.
    """
    app, reader = _check_name(request.app_role), _check_name(request.reader_role)
    admin = _check_name(request.admin_role)
    if len({app, reader, admin}) < 3:
        raise UserInputError(_("The application role, the administrators' role and the "
                               "read-only role must differ."))
    try:
        with db.engine.begin() as connection:
            me, superuser, createrole = connection.execute(text(
                "SELECT rolname, rolsuper, rolcreaterole FROM pg_roles "
                "WHERE rolname = current_user")).one()
            if not (superuser or createrole):
                raise EnvironmentProblem(_(
                    "The tables are ready, but {user} may not create roles: run 'borderdesk "
                    "init' again as a user with CREATEROLE, or add --no-roles.").format(user=me))
            for name in (app, admin, reader):
                flags = _role_flags(connection, name)
                if name == me or (flags is not None and flags[0]):
                    raise UserInputError(_(
                        "The role {role} is the owner of the tables or a superuser: the "
                        "workstations and headquarters need roles of their own.").format(role=name))
            created = tuple(name for name in (app, admin, reader)
                            if _create_role(connection, name))
            kept: list[str] = []
            for name, password in ((app, request.app_password),
                                   (admin, request.admin_password),
                                   (reader, request.reader_password)):
                if password and (name in created or request.set_passwords):
                    _set_password(connection, name, password)
                elif password:
                    kept.append(name)
            replicates = bool((_role_flags(connection, reader) or (False, False))[1])
            if superuser and not replicates:
                connection.exec_driver_sql(f'ALTER ROLE "{reader}" REPLICATION')
                replicates = True
            schema = connection.execute(text("SELECT current_schema()")).scalar_one()
            _grant(connection, app, admin, reader, schema)
            published = _publish(connection, schema)
            wal_level = connection.execute(text("SHOW wal_level")).scalar_one()
            without = tuple(name for name in (app, admin, reader)
                            if _has_password(connection, name) is False)
    except DBAPIError as error:
        raise EnvironmentProblem(_(
            "The tables are ready, but making the roles failed: {reason}").format(
                reason=reason_for(error))) from error
    return RolesOutcome(created=created, without_password=without, passwords_kept=tuple(kept),
                        reader_replicates=replicates, wal_level=str(wal_level),
                        published_tables=published)
