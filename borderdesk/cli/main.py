"""The ``borderdesk`` command line: arguments, language and exit codes.

Only light modules are imported here, so ``borderdesk --version`` answers at
once; each subcommand imports the database and the services when it runs.
Exit codes: 0 done, 1 a check failed, 2 bad input / refused / environment
(and argparse's usage errors), 130 interrupted.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from borderdesk.cli import gate_server
from borderdesk.errors import BorderDeskError, InvalidForm, excerpt
from borderdesk.i18n import _, language_from_environment, set_language
from borderdesk.limits import MESSAGE_CHARACTERS

VERSION = "0.1.0"
PROG = "borderdesk"
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141

STATUSES = ("arrived", "documents", "inspection", "released", "held", "cancelled")
CHANNELS = ("green", "yellow", "red")
DIRECTIONS = ("import", "export", "transit")
ROLES = ("border_guard", "customs_officer", "police_officer", "market_control_officer",
         "supervisor", "administrator")
SORTS = ("arrived_at", "plate", "status", "direction", "lane", "reference")

COMMAND_MODULES = ("audit_command", "keys_command", "handoff_command", "report_command",
                   "backup_command", "hq_command", "workstation_command", "crossing_command",
                   "evidence_command", "override_command", "stats_command", "scoring_command",
                   "identify_command")
"""Modules of ``borderdesk.cli`` with ``add_parser(sub, parser_class)`` and ``run(args)``.

Each sets ``run`` to its own module name; it imports what it needs when it runs.
"""


def _choose_language() -> None:
    """BORDERDESK_LANG, else the workstation's settings."""
    if os.environ.get("BORDERDESK_LANG"):
        set_language(language_from_environment())
        return
    from borderdesk.config import load_settings

    set_language(load_settings().language)


class _Parser(argparse.ArgumentParser):
    """argparse, with the one line of a usage error in the active language."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, _("{prog}: error: {message}").format(prog=self.prog, message=message) + "\n")


def _common(database: bool = True, acting: bool = False) -> _Parser:
    parent = _Parser(add_help=False)
    if database:
        parent.add_argument(
            "--db", metavar="URL",
            help=_("database URL (default: BORDERDESK_DB_URL, else the settings, "
                   "else the embedded database)"),
        )
    if acting:
        officer_option(parent)
    return parent


def officer_option(parser: argparse.ArgumentParser) -> None:
    """``--as USERNAME``: the officer a command acts for (password: BORDERDESK_PASSWORD or a
    prompt at the terminal)."""
    parser.add_argument(
        "--as", dest="acting", metavar="USERNAME", default=os.environ.get("BORDERDESK_USER"),
        help=_("the officer acting (default: BORDERDESK_USER); the password comes from "
               "BORDERDESK_PASSWORD or a prompt"),
    )


def build_parser() -> argparse.ArgumentParser:
    """The whole command line, with help texts in the active language."""
    parser_class = _Parser
    parser = parser_class(prog=PROG, description=_("Goods-inspection workstation of a land "
                                                   "border gate. Without arguments: the window."))
    parser.add_argument("--version", action="version", version=f"{PROG} {VERSION}",
                        help=_("print the version and exit"))
    sub = parser.add_subparsers(dest="command", metavar=_("COMMAND"), parser_class=parser_class)
    db_only, acting = _common(), _common(acting=True)

    init = sub.add_parser("init", parents=[db_only],
                          help=_("create or upgrade the database"))
    init.add_argument("--gate", metavar="CODE", help=_("also create this gate (e.g. LAOBAO)"))
    init.add_argument("--gate-name", metavar="NAME", help=_("the gate's full name"))
    init.add_argument("--lanes", default="1,2,3,4", metavar="L1,L2,...",
                      help=_("the gate's lanes, separated by commas (default: %(default)s)"))
    init.add_argument("--timezone", default="Asia/Ho_Chi_Minh", metavar="ZONE",
                      help=_("the gate's time zone (default: %(default)s)"))
    gate_server.add_init_options(init)
    init.set_defaults(run="init")

    demo = sub.add_parser("demo", parents=[db_only], help=_("seed the Lao Bao demo gate"))
    demo.add_argument("--date", metavar="YYYY-MM-DD",
                      help=_("the demo's today (default: today); the same date gives the "
                             "same content"))
    demo.set_defaults(run="demo")

    officer = sub.add_parser("officer", help=_("officer accounts"))
    officer_sub = officer.add_subparsers(dest="officer_command", metavar=_("ACTION"),
                                         required=True, parser_class=parser_class)
    add = officer_sub.add_parser(
        "add", parents=[acting],
        help=_("create an account (without --as only the first, an administrator); the new "
               "password comes from BORDERDESK_NEW_PASSWORD or a prompt"))
    add.add_argument("--username", required=True)
    add.add_argument("--full-name", required=True, metavar="NAME")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--badge", default="", metavar="NUMBER", help=_("badge number"))
    add.set_defaults(run="officer_add")
    listing = officer_sub.add_parser("list", parents=[acting], help=_("list the accounts"))
    listing.add_argument("--json", action="store_true", help=_("print JSON"))
    listing.set_defaults(run="officer_list")
    for name, run, text in (
        ("disable", "officer_disable", _("disable an account")),
        ("enable", "officer_enable", _("enable a disabled account")),
        ("reset-password", "officer_reset_password",
         _("set a new password (BORDERDESK_NEW_PASSWORD or a prompt); clears a lock")),
    ):
        action = officer_sub.add_parser(name, parents=[acting], help=text)
        action.add_argument("username", metavar="USERNAME")
        action.set_defaults(run=run)

    arrival = sub.add_parser("arrival", help=_("arriving vehicles"))
    arrival_sub = arrival.add_subparsers(dest="arrival_command", metavar=_("ACTION"),
                                         required=True, parser_class=parser_class)
    register = arrival_sub.add_parser("register", parents=[acting],
                                      help=_("register an arriving vehicle"))
    register.add_argument("--direction", required=True, choices=DIRECTIONS)
    register.add_argument("--lane", required=True)
    register.add_argument("--plate", required=True, help=_("tractor plate"))
    register.add_argument("--plate-country", default="VN", metavar="CC")
    register.add_argument("--trailer", default="", metavar="PLATE", help=_("trailer plate"))
    register.add_argument("--trailer-country", metavar="CC",
                          help=_("(default: the tractor's country)"))
    register.add_argument("--container", action="append", default=[], metavar="NO[:SEAL,SEAL]",
                          help=_("a container and its seals; repeat for each container"))
    register.add_argument("--driver", required=True, metavar="NAME")
    register.add_argument("--driver-id", required=True, metavar="ID",
                          help=_("ID card or passport number"))
    register.add_argument("--nationality", default="VN", metavar="CC")
    register.add_argument("--carrier", default="", metavar="NAME")
    register.add_argument("--note", default="")
    register.add_argument("--at", metavar="ISO8601",
                          help=_("arrival time (default: now; without a zone: the gate's time)"))
    register.add_argument("--again", action="store_true",
                          help=_("register the truck even though it has open crossings"))
    register.add_argument("--json", action="store_true", help=_("print JSON"))
    register.set_defaults(run="arrival_register")

    queue = sub.add_parser("queue", parents=[acting], help=_("the crossing queue"))
    queue.add_argument("--date", metavar="YYYY-MM-DD",
                       help=_("local date of the gate (default: today)"))
    queue.add_argument("--status", action="append", choices=STATUSES, default=[])
    queue.add_argument("--channel", action="append", choices=CHANNELS, default=[])
    queue.add_argument("--direction", action="append", choices=DIRECTIONS, default=[])
    queue.add_argument("--search", default="", metavar="TEXT",
                       help=_("plate, container or reference"))
    queue.add_argument("--sort", choices=SORTS, default="arrived_at")
    queue.add_argument("--ascending", action="store_true")
    queue.add_argument("--limit", type=int, default=100, metavar="N")
    queue.add_argument("--offset", type=int, default=0, metavar="N")
    queue.add_argument("--json", action="store_true", help=_("print JSON"))
    queue.set_defaults(run="queue")

    from borderdesk.cli import ocr_command

    ocr_command.add_parser(sub, parser_class)
    from borderdesk.cli import check_command

    check_command.add_parser(sub, parser_class)
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"borderdesk.cli.{name}")
        module.add_parser(sub, parser_class)
    return parser


def _say(message: str) -> None:
    # One line per message: a reason from a driver may carry newlines, and a hostile file's
    # value must not turn it into a page.
    print(f"{PROG}: {excerpt(message, MESSAGE_CHARACTERS)}", file=sys.stderr)


def main(argv: Sequence[str]) -> int:
    """Run one subcommand and return its exit code."""
    args_list = list(argv)
    if args_list == ["--version"]:
        print(f"{PROG} {VERSION}")
        return 0
    try:
        _choose_language()
        parser = build_parser()
        args = parser.parse_args(args_list)
        if getattr(args, "run", None) is None:
            parser.print_help(sys.stderr)
            return 2
        if args.run == "ocr":
            from borderdesk.cli import ocr_command

            return ocr_command.run(args)
        if args.run == "check":
            from borderdesk.cli import check_command

            return check_command.run(args)
        if args.run in COMMAND_MODULES:
            module = importlib.import_module(f"borderdesk.cli.{args.run}")
            return int(module.run(args))
        from borderdesk.cli import commands

        return commands.run(args)
    except SystemExit as leaving:
        return leaving.code if isinstance(leaving.code, int) else (0 if leaving.code is None else 2)
    except InvalidForm as error:
        for name, reason in error.fields.items():
            _say(f"{_option_of(name)}: {reason}")
        return error.exit_code
    except BorderDeskError as error:
        _say(str(error))
        return error.exit_code
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader (``| head``) left: say nothing more, and let the exit not fail flushing.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE


_OPTIONS = {
    "direction": "--direction", "lane": "--lane", "tractor_plate": "--plate",
    "tractor_country": "--plate-country", "trailer_plate": "--trailer",
    "trailer_country": "--trailer-country", "containers": "--container",
    "driver_name": "--driver", "driver_document_no": "--driver-id",
    "driver_nationality": "--nationality", "carrier_name": "--carrier", "arrived_at": "--at",
    "note": "--note", "username": "--username", "full_name": "--full-name", "role": "--role",
    "badge_no": "--badge", "password": "password",
}


def _option_of(field_name: str) -> str:
    """The option a form field came from, so the officer knows what to retype."""
    return _OPTIONS.get(field_name, field_name)
