"""``borderdesk hq subscribe|status``: a headquarters database that collects several gates.

``hq subscribe --db HQ_URL --gate-conninfo "host=... dbname=... user=..." --name CODE``
subscribes headquarters to the gate's ``borderdesk_gate`` publication
(PostgreSQL logical replication; run ``borderdesk init`` on headquarters
first); run again, it takes a new connection string and the tables a gate's
upgrade added. ``hq status`` lists the subscriptions, their first copy and how
long since each gate was last heard. Both need PostgreSQL; ``docs/deploy.md``.

Both act for an administrator of one of the gates (``--as``), checked
against headquarters' replicated officers without writing anything there.
The first ``subscribe`` of a headquarters that holds no officer yet is its
database owner's bootstrap, as ``init`` is.
"""

from __future__ import annotations

import argparse
from typing import Any

from borderdesk.i18n import _


def add_parser(sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    """Register ``hq subscribe`` and ``hq status``."""
    from borderdesk.cli.main import officer_option

    hq = sub.add_parser("hq", help=_("headquarters: collect several gates by replication"))
    hq_sub = hq.add_subparsers(dest="hq_command", metavar=_("ACTION"), required=True,
                               parser_class=parser_class)
    database_help = _("the headquarters database URL (default: BORDERDESK_DB_URL, else the "
                      "settings)")
    subscribe = hq_sub.add_parser(
        "subscribe", help=_("subscribe headquarters to a gate's publication (as a superuser)"))
    subscribe.add_argument("--db", metavar="URL", help=database_help)
    officer_option(subscribe)
    subscribe.add_argument(
        "--gate-conninfo", required=True, metavar="CONNINFO",
        help=_("how headquarters' server reaches the gate's: libpq key=value pairs, e.g. "
               "\"host=gate.example port=5432 dbname=borderdesk user=borderdesk_reader "
               "sslmode=verify-full\""))
    subscribe.add_argument("--name", required=True, metavar="GATE",
                           help=_("the gate's code, naming its subscription"))
    subscribe.add_argument("--no-copy", action="store_true",
                           help=_("do not copy what the gate has already; follow new changes only"))
    subscribe.set_defaults(run="hq_command", hq_action="subscribe")
    status = hq_sub.add_parser("status", help=_("the gates' subscriptions and their lag"))
    status.add_argument("--db", metavar="URL", help=database_help)
    officer_option(status)
    status.add_argument("--json", action="store_true", help=_("print JSON"))
    status.set_defaults(run="hq_command", hq_action="status")


def _subscribe(args: argparse.Namespace) -> int:
    from borderdesk.cli import commands, output
    from borderdesk.config import load_settings
    from borderdesk.services import headquarters
    from borderdesk.storage.replication import subscription_name

    name = subscription_name(args.name)
    db = commands._ready(args, load_settings())
    try:
        # Before its first gate headquarters has nobody to log in as: its owner subscribes.
        actor = (commands.headquarters_officer(args, db)
                 if args.acting or headquarters.holds_officers(db) else None)
        created = headquarters.subscribe_gate(db, actor, args.name, args.gate_conninfo,
                                              copy_data=not args.no_copy)
    finally:
        db.dispose()
    text = (_("Subscribed {url} to gate {gate} ({name}); its rows are being copied.")
            if created else
            _("The subscription {name} to gate {gate} is up to date in {url}."))
    output.say(text.format(url=db.display_url, gate=args.name.upper(), name=name))
    return 0


def _age(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    return _("{seconds} s").format(seconds=f"{max(seconds, 0.0):.0f}")


def _status(args: argparse.Namespace) -> int:
    from borderdesk.cli import commands, output
    from borderdesk.config import load_settings
    from borderdesk.errors import UserInputError
    from borderdesk.services import headquarters

    commands.require_officer_named(args)
    db = commands._open(args, load_settings())
    try:
        if db.backend != "postgresql":
            raise UserInputError(_("Headquarters needs a PostgreSQL database."))
        actor = commands.headquarters_officer(args, db)
        found = headquarters.gate_subscriptions(db, actor)
    finally:
        db.dispose()
    if args.json:
        output.print_json(found)
        return 0
    if not found:
        output.say(_("No gate is subscribed in {url}.").format(url=db.display_url))
        return 0
    rows = [[sub.gate, sub.name,
             _("receiving") if sub.receiving else (_("stopped") if sub.enabled else _("disabled")),
             f"{sub.tables_ready}/{sub.tables}", _age(sub.lag_seconds), str(sub.errors)]
            for sub in found]
    output.say(output.table([_("Gate"), _("Subscription"), _("State"), _("Tables copied"),
                             _("Last heard"), _("Errors")], rows))
    return 0


def run(args: argparse.Namespace) -> int:
    """Run ``hq subscribe`` or ``hq status``."""
    return _subscribe(args) if args.hq_action == "subscribe" else _status(args)
