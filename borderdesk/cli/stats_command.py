"""``borderdesk stats --from D --to D [--json]``: hit rates, overrides and integrity figures.

Counts over whole local days of the gate (``services.selectivity_stats``),
for supervisors. Without ``--json`` it prints tables; with it, the document
of the issue's contract (``rules``, ``officers``, ``traders``, ``overrides``,
``random``, ``integrity``, ``suggestions``). A bad date, a period that ends
before it starts or a refusal: one line, exit 2.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from borderdesk.errors import UserInputError
from borderdesk.i18n import _


def add_parser(sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    """Register ``stats``."""
    from borderdesk.cli.main import _common

    parser = sub.add_parser("stats", parents=[_common(acting=True)], help=_(
        "hit rates per rule, officer and trader; random picks; overrides"))
    parser.add_argument("--from", dest="first_day", required=True, metavar="YYYY-MM-DD",
                        help=_("the first local day of the gate counted"))
    parser.add_argument("--to", dest="last_day", required=True, metavar="YYYY-MM-DD",
                        help=_("the last local day of the gate counted"))
    parser.add_argument("--json", action="store_true", help=_("print the figures as JSON"))
    parser.set_defaults(run="stats_command")


def _day(option: str, value: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise UserInputError(_("{option}: '{value}' is not a date like 2026-01-15").format(
            option=option, value=value)) from None


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f} %"


def tables(stats: Any) -> str:
    """The figures as plain-text tables, one after the other."""
    from borderdesk.cli.output import table
    from borderdesk.domain.selectivity_stats import outlier_measure_label, override_state_label

    by_rule = {s.rule: s for s in stats.suggestions}
    parts = [
        _("{gate}, {first} to {last}: {crossings} crossings, {inspected} inspected, "
          "{violations} found at fault ({rate})").format(
            gate=stats.gate_code, first=stats.first_day.isoformat(),
            last=stats.last_day.isoformat(), crossings=stats.crossings,
            inspected=stats.inspected, violations=stats.violations,
            rate=_percent(stats.gate_rate)),
        table([_("Rule"), _("Flagged"), _("Inspected"), _("Confirmed"), _("Hit rate"),
               _("Factor"), _("Suggested")],
              [[r.rule, str(r.flagged), str(r.inspected), str(r.confirmed),
                _percent(r.hit_rate), str(by_rule[r.rule].current),
                str(by_rule[r.rule].suggested or "—")] for r in stats.rules]),
        table([_("Officer"), _("Checks"), _("Raised"), _("Lowered"), _("Inspections"),
               _("Found"), _("Approvals"), _("Refusals")],
              [[o.name, str(o.checks), str(o.overrides_up), str(o.overrides_down),
                str(o.inspections), str(o.inspections_found), str(o.approvals),
                str(o.refusals)] for o in stats.officers]),
        table([_("Trader"), _("Tax code"), _("Crossings"), _("Inspected"), _("Violations")],
              [[t.name, t.tax_code, str(t.crossings), str(t.inspected), str(t.violations)]
               for t in stats.traders]),
        table([_("Crossing"), _("From"), _("To"), _("State"), _("Asked by"), _("Decided by")],
              [[o.reference, o.from_channel or "?", o.to_channel, override_state_label(o.state),
                o.asked_by, o.decided_by] for o in stats.overrides]),
        _("Random picks: {picks} ({yellow} yellow, {red} red); {inspected} inspected, "
          "{violations} found at fault ({rate})").format(
            picks=stats.random.picks, yellow=stats.random.yellow, red=stats.random.red,
            inspected=stats.random.inspected, violations=stats.random.violations,
            rate=_percent(stats.random.violation_rate)),
        table([_("Officer"), _("Day"), _("Shift"), _("Raised"), _("Lowered"), _("Approvals"),
               _("Red released without physical inspection"), _("Late handoffs")],
              [[i.name, i.day.isoformat(), i.shift, str(i.overrides_up), str(i.overrides_down),
                str(i.approvals), str(i.red_released_uninspected), str(i.late_handoffs)]
               for i in stats.integrity]),
    ]
    parts += [_("Stands out: {name}, {measure}: {count} (the other officers: {average} on "
                "average)").format(name=o.name, measure=outlier_measure_label(o.measure),
                                   count=o.count, average=f"{o.others_average:.1f}")
              for o in stats.outliers]
    return "\n\n".join(parts)


def run(args: argparse.Namespace) -> int:
    """Count the period and print it."""
    from borderdesk.cli import commands, output
    from borderdesk.domain.selectivity_stats import stats_json
    from borderdesk.services.selectivity_stats import selectivity_stats

    # What can be wrong without the database is said before the password is asked.
    first_day, last_day = _day("--from", args.first_day), _day("--to", args.last_day)
    if first_day > last_day:
        raise UserInputError(_("--from {first} is after --to {last}.").format(
            first=first_day.isoformat(), last=last_day.isoformat()))
    with commands._acting(args) as session:
        stats = selectivity_stats(session.db, session.actor, first_day, last_day)
    if args.json:
        output.print_json(stats_json(stats))
    else:
        print(tables(stats))
    return 0
