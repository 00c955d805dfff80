"""``borderdesk audit verify [--db URL] [--checkpoint TEXT ...] [--json]``.

Walks every workstation's audit chain: its links, its signatures, the
evidence it names, and the printed checkpoints given. Exit 0 when every chain
is intact (the heads are printed, ready to be written down as checkpoints);
1 with one line per broken chain naming its first broken event and how, and
one per officer, key or workstation whose row is not what the signed chains
record (a role raised with SQL, a chain deleted with its workstation); 2 for
bad input (a mistyped checkpoint) or an unreachable database.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from borderdesk.domain.custody import ChainProblem, ChainProblemKind, ChainReport
from borderdesk.i18n import N_, _

_KIND_LABELS = {
    ChainProblemKind.CHANGED: N_("changed"),
    ChainProblemKind.MISSING: N_("missing"),
    ChainProblemKind.INSERTED: N_("inserted"),
    ChainProblemKind.REORDERED: N_("reordered"),
    ChainProblemKind.BAD_SIGNATURE: N_("bad signature"),
    ChainProblemKind.UNTRUSTED_KEY: N_("untrusted key"),
    ChainProblemKind.CUT_OFF: N_("cut off"),
}


def add_parser(sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    """Register ``audit verify``."""
    audit = sub.add_parser("audit", help=_("the tamper-evident audit chain"))
    audit_sub = audit.add_subparsers(dest="audit_command", metavar=_("ACTION"), required=True,
                                     parser_class=parser_class)
    verify = audit_sub.add_parser(
        "verify", help=_("verify every workstation's chain; exit 1 naming the first broken "
                         "event of each broken chain"))
    verify.add_argument(
        "--db", metavar="URL",
        help=_("database URL (default: BORDERDESK_DB_URL, else the settings, else the "
               "embedded database)"))
    verify.add_argument(
        "--checkpoint", action="append", default=[], metavar="TEXT",
        help=_("a chain head printed on a report or receipt (WORKSTATION:SEQUENCE:HASH:CHECK); "
               "the chain must still reach it unchanged; repeat for several"))
    verify.add_argument("--json", action="store_true", help=_("print the report as JSON"))
    from borderdesk.cli.main import officer_option

    officer_option(verify)  # a supervisor or an administrator (VERIFY_AUDIT)
    verify.set_defaults(run="audit_command")


def problem_line(problem: ChainProblem) -> str:
    """One line naming a chain's first broken event and how it is broken."""
    return _("{workstation}: event {seq}: {kind}: {detail}").format(
        workstation=problem.workstation_name, seq=problem.seq,
        kind=_(_KIND_LABELS[problem.kind]), detail=problem.detail)


def _report_json(report: ChainReport) -> dict[str, object]:
    from borderdesk.custody.chain import format_checkpoint

    return {
        "intact": report.intact,
        "events": report.events,
        "heads": [{"workstation_id": str(head.workstation_id),
                   "workstation": head.workstation_name, "seq": head.seq, "hash": head.hash,
                   "checkpoint": format_checkpoint(head)} for head in report.heads],
        "problems": [{"workstation_id": str(p.workstation_id), "workstation": p.workstation_name,
                      "seq": p.seq, "kind": p.kind.value,
                      "event_id": str(p.event_id) if p.event_id else None,
                      "detail": p.detail} for p in report.problems],
        # Security rows the signed chains do not record as they are (custody.security_state).
        "findings": [{"subject": f.subject, "detail": f.detail} for f in report.findings],
    }


def _print_heads(report: ChainReport) -> None:
    from borderdesk.cli import output
    from borderdesk.custody.chain import format_checkpoint

    rows = [[head.workstation_name, str(head.seq), format_checkpoint(head)]
            for head in report.heads]
    if rows:
        output.say(output.table([_("Workstation"), _("Events"), _("Checkpoint")], rows))
    output.say(_("The audit chain is intact: {events} events in {chains} chains.").format(
        events=report.events, chains=len(report.heads)))


def run(args: argparse.Namespace) -> int:
    """Verify the chains; 0 intact, 1 broken."""
    from borderdesk.cli import commands, output
    from borderdesk.cli.main import PROG
    from borderdesk.custody.chain import parse_checkpoint
    from borderdesk.services.audit_verify import verify_for
    from borderdesk.services.headquarters import verify_every_gate

    checkpoints = [parse_checkpoint(text) for text in args.checkpoint]
    with commands.auditor(args) as who:
        verify = verify_every_gate if who.at_headquarters else verify_for
        report = verify(who.db, who.actor, checkpoints)
    if args.json:
        output.print_json(_report_json(report))
    elif report.intact:
        _print_heads(report)
    for problem in report.problems:
        print(f"{PROG}: {' '.join(problem_line(problem).split())}", file=sys.stderr)
    for finding in report.findings:
        print(f"{PROG}: {finding.subject}: {finding.detail}", file=sys.stderr)
    return 0 if report.intact else 1
