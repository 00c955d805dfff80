"""The administrators' database login: on a gate's server, the only one that writes who is who.

Every workstation stores the application role's login, so the officer at its
keyboard can read it; that login therefore only reads the security tables
(officers and their roles and password hashes, trusted keys, workstations and
their gates: ``storage.roles.SECURITY_TABLES``). Changing them needs the
administrators' role, whose password administrators type when they act and no
workstation keeps (``docs/security.md``). The embedded SQLite database has no
roles: whoever holds its file holds everything, and the audit chain's replay
of these tables (``audit verify``) is what catches a change made there.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import text
from sqlalchemy.orm import Session

from borderdesk.errors import AdministratorLoginNeeded, EnvironmentProblem, UserInputError
from borderdesk.i18n import _
from borderdesk.storage.engine import Database

T = TypeVar("T")

ADMIN_ROLE = "borderdesk_admin"
ADMIN_ROLE_ENV = "BORDERDESK_ADMIN_ROLE"
"""Names the administrators' role when a gate's init named it otherwise (``--admin-role``)."""
ADMIN_PASSWORD_ENV = "BORDERDESK_ADMIN_DB_PASSWORD"
"""The administrators' role's password, for scripts; people are asked for it."""


def administrators_role() -> str:
    """The name of the administrators' role on the gate's server."""
    return os.environ.get(ADMIN_ROLE_ENV, "").strip() or ADMIN_ROLE


def may_write_security(session: Session) -> bool:
    """Whether this session's database login may change officers, keys and workstations."""
    if session.get_bind().dialect.name != "postgresql":
        return True
    return bool(session.execute(
        text("SELECT has_table_privilege(current_user, 'officers', 'UPDATE')")).scalar_one())


def require_security_writes(session: Session) -> None:
    """Refuse, before anything is written, a change of who is who through the workstations' login.

    Raises:
        AdministratorLoginNeeded: on PostgreSQL, when the session's login may not
            write the security tables.
    """
    if not may_write_security(session):
        raise AdministratorLoginNeeded(_(
            "This changes officers, keys or workstations: it needs the administrators' "
            "database login ({role}), which an administrator types when acting.").format(
                role=administrators_role()))


def administrators_database(db: Database, password: str) -> Database:
    """``db``'s server and database, logged in as the administrators' role with ``password``.

    Raises:
        UserInputError: the server refused the login, or the role may not write
            the security tables (init was not run for it).
        EnvironmentProblem: the server cannot be reached.
    """
    role = administrators_role()
    admin = Database(db.url.set(username=role, password=password or None))
    try:
        with admin.session() as session:
            allowed = may_write_security(session)
    except EnvironmentProblem as problem:
        admin.dispose()
        # libpq tells a wrong password, an unknown role and an unreachable server apart
        # only in words: show them rather than guess.
        raise UserInputError(_("The administrators' database login ({role}) was refused: "
                               "{reason}").format(role=role, reason=problem)) from None
    if not allowed:
        admin.dispose()
        raise UserInputError(_(
            "The role {role} may not change officers, keys or workstations on {url}: run "
            "'borderdesk init' for this database as its owner.").format(
                role=role, url=db.display_url))
    return admin


def as_administrators(db: Database, password: str, change: Callable[[Database], T]) -> T:
    """Make ``change`` on ``db``'s database logged in as the administrators' role, once.

    Raises:
        UserInputError: the login was refused (``administrators_database``).
    """
    admin = administrators_database(db, password)
    try:
        return change(admin)
    finally:
        admin.dispose()
