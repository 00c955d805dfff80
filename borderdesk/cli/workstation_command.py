"""``borderdesk workstation register``: an administrator registers this computer with its gate.

On a gate's server only the administrators' database login may add a
workstation, rename it or move it to another gate, since its key then signs
the gate's record (``docs/security.md``). Run on the new workstation itself:
it makes the workstation's key pair here and registers its public half.
"""

from __future__ import annotations

import argparse
from typing import Any

from borderdesk.i18n import _


def add_parser(sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    """Register ``workstation register``."""
    workstation = sub.add_parser("workstation", help=_("this computer as a workstation of its "
                                                       "gate"))
    workstation_sub = workstation.add_subparsers(dest="workstation_command", metavar=_("ACTION"),
                                                 required=True, parser_class=parser_class)
    register = workstation_sub.add_parser(
        "register", help=_("register this computer (its name, gate and key) with the gate's "
                           "database; on a server it asks for the administrators' database "
                           "password (or BORDERDESK_ADMIN_DB_PASSWORD)"))
    register.add_argument(
        "--db", metavar="URL",
        help=_("database URL (default: BORDERDESK_DB_URL, else the settings, else the "
               "embedded database)"))
    register.set_defaults(run="workstation_command")


def run(args: argparse.Namespace) -> int:
    """Register this workstation and print what the gate now knows of it."""
    from borderdesk.cli import commands, output
    from borderdesk.cli.admin_login import administering
    from borderdesk.config import load_settings
    from borderdesk.custody.signing import fingerprint
    from borderdesk.services.keys import workstation_public_key
    from borderdesk.services.workstations import attach_workstation

    settings = load_settings()
    db = commands._ready(args, settings)
    try:
        identity = administering(db, lambda database: attach_workstation(database, settings))
    finally:
        db.dispose()
    output.say(_("Workstation {name} serves gate {code}; its key {fingerprint} signs its audit "
                 "chain.").format(name=identity.workstation_name, code=identity.gate_code,
                                  fingerprint=fingerprint(
                                      workstation_public_key(identity.workstation_id))))
    return 0
