"""``borderdesk keys show | list | trust | revoke``: this workstation's key and the trusted keys.

``keys show`` prints this workstation's public key and fingerprint, to read
out to another gate's administrator; it needs no login, as it opens no
database (only the public half of this computer's own key file). ``list``,
``trust`` and ``revoke`` act as an administrator (``--as``) on the gate's
database.
"""

from __future__ import annotations

import argparse
from typing import Any
from uuid import UUID

from borderdesk.domain.keys import KeyKind, TrustedKeyInfo, key_kind_label
from borderdesk.errors import UserInputError
from borderdesk.i18n import _


def _logged_in(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", metavar="URL",
        help=_("database URL (default: BORDERDESK_DB_URL, else the settings, else the "
               "embedded database)"))
    from borderdesk.cli.main import officer_option

    officer_option(parser)


def add_parser(sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    """Register ``keys show``, ``keys list``, ``keys trust`` and ``keys revoke``."""
    keys = sub.add_parser("keys", help=_("signing keys: this workstation's and the trusted ones"))
    keys_sub = keys.add_subparsers(dest="keys_command", metavar=_("ACTION"), required=True,
                                   parser_class=parser_class)
    show = keys_sub.add_parser("show", help=_("print this workstation's public key and its "
                                              "fingerprint"))
    show.add_argument("--json", action="store_true", help=_("print JSON"))
    listing = keys_sub.add_parser("list", help=_("list the keys this gate trusts"))
    _logged_in(listing)
    listing.add_argument("--json", action="store_true", help=_("print JSON"))
    trust = keys_sub.add_parser("trust", help=_("trust the public key of another gate, an "
                                                "agency or a workstation"))
    _logged_in(trust)
    trust.add_argument("--name", required=True, help=_("whose key it is"))
    trust.add_argument("--kind", required=True, choices=[kind.value for kind in KeyKind])
    trust.add_argument("public_key", metavar="PUBLIC_KEY", help=_("64 hexadecimal digits"))
    revoke = keys_sub.add_parser("revoke", help=_("stop trusting a key"))
    _logged_in(revoke)
    revoke.add_argument("key_id", metavar="ID", help=_("the key's id, as 'keys list' prints it"))
    for parser in (show, listing, trust, revoke):
        parser.set_defaults(run="keys_command")


def _key_id(text: str) -> UUID:
    try:
        return UUID(text.strip())
    except ValueError:
        raise UserInputError(_("'{text}' is not a key id: copy it from 'borderdesk keys list'.")
                             .format(text=text)) from None


def _table(keys: list[TrustedKeyInfo]) -> str:
    from borderdesk.cli import output

    if not keys:
        return _("No key is trusted yet.")
    rows = [[str(key.key_id), key.name, key_kind_label(key.kind), key.fingerprint,
             key.added_at.strftime("%Y-%m-%d"),
             _("revoked {date}").format(date=key.revoked_at.strftime("%Y-%m-%d"))
             if key.revoked_at else _("trusted")] for key in keys]
    return output.table([_("Id"), _("Name"), _("Kind"), _("Fingerprint"), _("Added"),
                         _("State")], rows)


def _show(args: argparse.Namespace) -> int:
    from borderdesk.cli import output
    from borderdesk.config import load_settings
    from borderdesk.custody.signing import fingerprint
    from borderdesk.services.keys import workstation_public_key

    settings = load_settings()
    public = workstation_public_key(settings.workstation_id)
    if args.json:
        output.print_json({"workstation_id": str(settings.workstation_id),
                           "workstation": settings.workstation_name, "public_key": public,
                           "fingerprint": fingerprint(public)})
        return 0
    output.say(_("Workstation: {name} ({id})").format(name=settings.workstation_name,
                                                     id=settings.workstation_id))
    output.say(_("Public key: {key}").format(key=public))
    output.say(_("Fingerprint: {fingerprint}").format(fingerprint=fingerprint(public)))
    return 0


def run(args: argparse.Namespace) -> int:
    """Run one ``keys`` action."""
    if args.keys_command == "show":
        return _show(args)
    from borderdesk.cli import commands, output
    from borderdesk.cli.admin_login import administering
    from borderdesk.services import keys

    with commands._acting(args) as session:
        actor = session.actor
        if args.keys_command == "list":
            found = keys.trusted_keys(session.db, session.actor)
            if args.json:
                output.print_json(found)
            else:
                output.say(_table(found))
        elif args.keys_command == "trust":
            added = administering(session.db, lambda db: keys.trust_key(
                db, actor, args.name, args.kind, args.public_key))
            output.say(_("Trusted the key of {name} ({kind}): fingerprint {fingerprint}, "
                         "id {id}.").format(name=added.name, kind=key_kind_label(added.kind),
                                            fingerprint=added.fingerprint, id=added.key_id))
        else:
            key_id = _key_id(args.key_id)
            administering(session.db, lambda db: keys.revoke_key(db, actor, key_id))
            output.say(_("Revoked the key {id}: bundles it signs are refused from now on.")
                       .format(id=key_id))
    return 0
