"""``borderdesk scoring show|set|history|verify``: the gate's scoring settings and random draws.

``show`` lists every key with its value and the version in force; ``set KEY
VALUE --reason TEXT`` makes a new version (supervisors); ``history`` lists the
versions with who changed what and why; ``verify REF`` redoes a crossing's
random draws with the gate's key (supervisors). Exit 0 when done; 2 with one
line when refused.
"""

from __future__ import annotations

import argparse
from typing import Any

from borderdesk.i18n import _


def add_parser(sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    """Register ``scoring`` and its actions."""
    from borderdesk.cli.main import _common

    acting = _common(acting=True)
    scoring = sub.add_parser("scoring", help=_(
        "the gate's scoring settings: weights, thresholds, tolerances, random selection"))
    actions = scoring.add_subparsers(dest="scoring_command", metavar=_("ACTION"),
                                     required=True, parser_class=parser_class)
    show = actions.add_parser("show", parents=[acting], help=_("the settings in force"))
    show.add_argument("--json", action="store_true", help=_("print JSON"))
    change = actions.add_parser("set", parents=[acting], help=_(
        "change one setting as a new version (supervisors), e.g. "
        "selectivity.random_rate 0.05"))
    change.add_argument("key", metavar="KEY")
    change.add_argument("value", metavar="VALUE",
                        help=_("a number, or rule ids separated by commas"))
    change.add_argument("--reason", required=True, help=_("why (kept in the audit trail)"))
    change.add_argument("--json", action="store_true", help=_("print JSON"))
    history = actions.add_parser("history", parents=[acting],
                                 help=_("every version: who changed what, when and why"))
    history.add_argument("--json", action="store_true", help=_("print JSON"))
    verify = actions.add_parser("verify", parents=[acting], help=_(
        "redo a crossing's random draws with the gate's key (supervisors)"))
    verify.add_argument("reference", metavar="REF", help=_("the crossing's reference"))
    verify.add_argument("--json", action="store_true", help=_("print JSON"))
    for parser in (show, change, history, verify):
        parser.set_defaults(run="scoring_command")


def _version_json(version: Any) -> dict[str, Any]:
    return {"version": version.version, "changed_key": version.changed_key or None,
            "reason": version.reason, "officer": version.officer,
            "at": version.at.isoformat(),
            "settings": dict(version.values)}


def run(args: argparse.Namespace) -> int:
    """Do the action; 0 when done."""
    from borderdesk.cli import commands, output
    from borderdesk.rules.setting_keys import meaning
    from borderdesk.services import scoring_settings

    with commands._acting(args) as session:
        db, actor = session.db, session.actor
        action = args.scoring_command
        if action == "show":
            current = scoring_settings.current_settings(db, actor)
            if args.json:
                output.print_json(_version_json(current))
                return 0
            print(_("Scoring settings, version {version}").format(version=current.version))
            print(output.table([_("Setting"), _("Value"), _("What it does")], [
                [key, scoring_settings.shown_value(value), meaning(key)]
                for key, value in current.values]))
            return 0
        if action == "set":
            changed = scoring_settings.set_setting(db, actor, args.key, args.value, args.reason)
            if args.json:
                output.print_json(_version_json(changed))
                return 0
            output.say(_("{key} = {value}: version {version} is in force for the next "
                         "checks.").format(key=changed.changed_key, version=changed.version,
                                           value=scoring_settings.shown_value(
                                               changed.value(changed.changed_key))))
            return 0
        if action == "history":
            versions = scoring_settings.settings_history(db, actor)
            if args.json:
                output.print_json([_version_json(v) for v in versions])
                return 0
            print(output.table(
                [_("Version"), _("Setting"), _("Value"), _("Officer"), _("Reason")],
                [[str(v.version), v.changed_key or _("(the gate's starting settings)"),
                  scoring_settings.shown_value(v.value(v.changed_key)) if v.changed_key else "",
                  v.officer, v.reason] for v in versions]))
            return 0
        return _verify(session, args)


def _verify(session: Any, args: argparse.Namespace) -> int:
    from borderdesk.cli import output
    from borderdesk.services.handoff_views import crossing_by_reference
    from borderdesk.services.selection import verify_draws

    crossing_id = crossing_by_reference(session.db, session.actor, args.reference)
    checks = verify_draws(session.db, session.actor, crossing_id)
    if args.json:
        output.print_json([{"purpose": c.purpose, "recorded": c.recorded, "redone": c.redone,
                            "key_matches": c.key_matches, "holds": c.holds,
                            "drawn_by": c.officer, "at": c.at} for c in checks])
        return 0
    if not checks:
        output.say(_("No random draw was made for this crossing yet."))
        return 0
    print(output.table([_("Draw"), _("Recorded"), _("Redone"), _("Verdict")], [
        [_purpose(c.purpose), c.recorded, c.redone or "", _verdict(c)] for c in checks]))
    return 0


def _purpose(purpose: str) -> str:
    return _("channel") if purpose == "channel" else _("inspector")


def _verdict(check: Any) -> str:
    if check.holds:
        return _("holds")
    if not check.key_matches:
        return _("the gate's key is not the one the draw was made with")
    return _("DIFFERS")
