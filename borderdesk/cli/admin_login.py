"""The administrators' database login on the command line: asked for when a change needs it.

Officers, keys and workstations are written only with the administrators'
role on a gate's server (``storage.admin_login``). A command that changes them
tries with the workstation's own login first (enough on the embedded database,
or for the database's owner); when the server needs the administrators' login,
its password comes from ``BORDERDESK_ADMIN_DB_PASSWORD`` (scripts) or a prompt,
and the change is made again with it. The password is used once, never kept.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TypeVar

from borderdesk.cli.prompts import has_terminal, secret
from borderdesk.errors import AdministratorLoginNeeded, UserInputError
from borderdesk.i18n import _
from borderdesk.storage.admin_login import (
    ADMIN_PASSWORD_ENV,
    administrators_role,
    as_administrators,
)
from borderdesk.storage.engine import Database

T = TypeVar("T")


def administrators_password() -> str:
    """The administrators' database password: the variable, else typed at the terminal.

    Raises:
        UserInputError: neither was given (a script without the variable gets
            this line instead of waiting for a prompt nobody answers).
    """
    password = os.environ.get(ADMIN_PASSWORD_ENV)
    if password is not None:
        return password
    if not has_terminal():
        raise UserInputError(_("This needs the administrators' database password: set {variable} "
                               "or run it at a terminal.").format(variable=ADMIN_PASSWORD_ENV))
    return secret(_("Password of the administrators' database login {role}: ")
                  .format(role=administrators_role()), ADMIN_PASSWORD_ENV)


def administering(db: Database, change: Callable[[Database], T]) -> T:
    """Make ``change`` with ``db``; if the server wants the administrators' login, with that."""
    try:
        return change(db)
    except AdministratorLoginNeeded:
        pass
    return as_administrators(db, administrators_password(), change)
