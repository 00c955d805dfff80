"""``borderdesk report --date D --shift S --out FILE.pdf [--lang vi|en] [--csv FILE.csv]``.

Writes a supervisor's shift report as a PDF (and, with ``--csv``, the
shift's crossings and findings as CSV), acting as the officer of ``--as``.
Prints what was written; exit 2 on one line for a bad date, an unknown
shift or gate, a shift not started yet, an unwritable path or a refusal.
"""

from __future__ import annotations

import argparse
import os
from datetime import date
from pathlib import Path
from typing import Any

from borderdesk.errors import UserInputError
from borderdesk.i18n import LANGUAGES, _, language


def add_parser(sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    """Register the ``report`` subcommand."""
    parser = sub.add_parser("report", help=_("write a shift report (PDF, and CSV on request)"))
    parser.add_argument("--date", required=True, metavar="YYYY-MM-DD",
                        help=_("the local date of the gate the shift starts on"))
    parser.add_argument("--shift", required=True, metavar="NAME",
                        help=_("the shift: morning, afternoon, night, or a name of shifts.toml"))
    parser.add_argument("--out", required=True, metavar="FILE.pdf", help=_("the PDF to write"))
    parser.add_argument("--lang", choices=LANGUAGES, default=None,
                        help=_("language of the report (default: the active language)"))
    parser.add_argument("--gate", metavar="CODE",
                        help=_("another gate of a shared database (default: this workstation's)"))
    parser.add_argument("--csv", metavar="FILE.csv",
                        help=_("also write the shift's crossings and findings as CSV"))
    parser.add_argument("--db", metavar="URL",
                        help=_("database URL (default: BORDERDESK_DB_URL, else the settings, "
                               "else the embedded database)"))
    parser.add_argument(
        "--as", dest="acting", metavar="USERNAME", default=os.environ.get("BORDERDESK_USER"),
        help=_("the officer acting (default: BORDERDESK_USER); the password comes from "
               "BORDERDESK_PASSWORD or a prompt"))
    parser.set_defaults(run="report_command")


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise UserInputError(_("--date: '{value}' is not a date like 2026-01-15").format(
            value=value)) from None


def run(args: argparse.Namespace) -> int:
    """Write the report (and the CSV); print one line for each file written."""
    from borderdesk.cli.commands import _acting
    from borderdesk.reports.shifts import find_shift
    from borderdesk.services.shift_reports import (
        shift_definitions,
        write_shift_csv,
        write_shift_report,
    )

    # What can be wrong without the database is said before the password is asked.
    day = _day(args.date)
    find_shift(shift_definitions(), args.shift)
    out = Path(args.out)
    csv_out = Path(args.csv) if args.csv else None
    lang = args.lang or language()
    with _acting(args) as session:
        info = write_shift_report(session.db, session.actor, day=day, shift=args.shift,
                                  out=out, lang=lang, gate_code=args.gate)
        print(_("{path}: {pages} pages, {crossings} crossings").format(
            path=info.path, pages=info.pages, crossings=info.crossings))
        if csv_out is not None:
            rows = write_shift_csv(session.db, session.actor, day=day, shift=args.shift,
                                   out=csv_out, gate_code=args.gate)
            print(_("{path}: {rows} rows").format(path=csv_out, rows=rows))
    return 0
