"""``borderdesk init``'s part on a gate's PostgreSQL server: the roles and the publication.

The options live here so that ``cli/main.py`` and ``cli/commands.py`` each
need one line; ``storage/roles.py`` does the work (``docs/deploy.md``). Building
the parser imports nothing heavy: the database code comes when init runs.
"""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING

from borderdesk.i18n import _

if TYPE_CHECKING:
    from borderdesk.storage.engine import Database

APP_PASSWORD_ENV = "BORDERDESK_APP_PASSWORD"
ADMIN_PASSWORD_ENV = "BORDERDESK_ADMIN_PASSWORD"
READER_PASSWORD_ENV = "BORDERDESK_READER_PASSWORD"


def add_init_options(init: argparse.ArgumentParser) -> None:
    """Add the role options to ``borderdesk init``."""
    # No default here: storage.roles names them, and is not imported to build the parser.
    init.add_argument("--app-role", metavar="NAME",
                      help=_("PostgreSQL: the workstations' role (default: borderdesk_app)"))
    init.add_argument("--app-password-env", default=APP_PASSWORD_ENV, metavar="VARIABLE",
                      help=_("PostgreSQL: the environment variable holding the workstations' "
                             "role's password (default: %(default)s; unset: unchanged)"))
    init.add_argument("--admin-role", metavar="NAME",
                      help=_("PostgreSQL: the administrators' role, the only one that writes "
                             "officers, keys and workstations (default: borderdesk_admin)"))
    init.add_argument("--admin-password-env", default=ADMIN_PASSWORD_ENV, metavar="VARIABLE",
                      help=_("PostgreSQL: the environment variable holding the administrators' "
                             "role's password (default: %(default)s)"))
    init.add_argument("--set-role-passwords", action="store_true",
                      help=_("PostgreSQL: also change the password of roles that exist already "
                             "(roles are shared by every database on the server)"))
    init.add_argument("--reader-role", metavar="NAME",
                      help=_("PostgreSQL: the read-only role of headquarters and reports "
                             "(default: borderdesk_reader)"))
    init.add_argument("--reader-password-env", default=READER_PASSWORD_ENV, metavar="VARIABLE",
                      help=_("PostgreSQL: the environment variable holding the read-only "
                             "role's password (default: %(default)s; unset: unchanged)"))
    init.add_argument("--no-roles", action="store_true",
                      help=_("PostgreSQL: create no roles, grants or publication"))


def make_roles(args: argparse.Namespace, db: Database) -> None:
    """Create the roles, grants and publication of a PostgreSQL database and say what was done.

    Raises:
        EnvironmentProblem: the user of ``--db`` may not create roles.
    """
    if db.backend != "postgresql" or args.no_roles:
        return
    from borderdesk.cli import output
    from borderdesk.storage.roles import PUBLICATION, RoleRequest, ensure_gate_roles

    app = args.app_role or RoleRequest.app_role
    admin = args.admin_role or RoleRequest.admin_role
    reader = args.reader_role or RoleRequest.reader_role
    variables = {app: args.app_password_env, admin: args.admin_password_env,
                 reader: args.reader_password_env}
    outcome = ensure_gate_roles(db, RoleRequest(
        app_role=app, app_password=os.environ.get(args.app_password_env) or None,
        admin_role=admin, admin_password=os.environ.get(args.admin_password_env) or None,
        reader_role=reader, reader_password=os.environ.get(args.reader_password_env) or None,
        set_passwords=args.set_role_passwords))
    output.say(_("Roles: {app} for the workstations (no DDL, never deletes, only appends to "
                 "the audit events, only reads officers, keys and workstations), {admin} for "
                 "administrators, {reader} read-only; publication {publication} of "
                 "{tables} tables.").format(app=app, admin=admin, reader=reader,
                                            publication=PUBLICATION,
                                            tables=outcome.published_tables))
    for role in outcome.without_password:
        output.warn(_("The role {role} has no password: set {variable} and run init again, or "
                     "let it log in by certificate.").format(role=role,
                                                             variable=variables[role]))
    for role in outcome.passwords_kept:
        output.warn(_("The role {role} exists already and keeps its password (every database "
                      "on this server shares it): add --set-role-passwords to change it.")
                    .format(role=role))
    if not outcome.reader_replicates:
        output.warn(_("Headquarters cannot subscribe with {role} yet: a superuser must run "
                      "ALTER ROLE {role} REPLICATION.").format(role=reader))
    if outcome.wal_level != "logical":
        output.warn(_("The server's wal_level is {level}: set wal_level = logical and restart "
                      "it before headquarters subscribes.").format(level=outcome.wal_level))
