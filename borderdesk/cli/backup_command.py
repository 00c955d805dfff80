"""``borderdesk backup --out FILE [--db URL]`` and ``borderdesk restore FILE [--db URL]``.

A backup is one file, mode 0600: the database dump (SQLite's online copy,
or pg_dump) and a manifest of what it holds, signed with this workstation's
key. A restore goes into an empty database only and is checked against the
manifest: exit 0 when the signature, the rows, the evidence and every audit
chain match; 1 when the restored database does not (the reason is printed);
2 for an unusable file (altered, badly signed, or unsigned without
``--accept-unsigned``), a database that is not empty, or a missing pg_dump /
pg_restore. Both act for an officer (``--as``): a backup holds every record of
the gate, password hashes included, so a supervisor or an administrator makes
it (a scheduled one with ``BORDERDESK_PASSWORD``); a restore goes into an empty
database, so its administrator is checked against the accounts the backup holds.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from borderdesk.i18n import N_, _

_DB_HELP = N_("database URL (default: BORDERDESK_DB_URL, else the settings, else the embedded "
            "database)")


def add_parser(sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    """Register ``backup`` and ``restore``."""
    from borderdesk.cli.main import officer_option

    del parser_class  # neither command has subcommands of its own
    backup = sub.add_parser(
        "backup", help=_("write the whole database, evidence included, to one backup file"))
    backup.add_argument("--out", required=True, metavar="FILE",
                        help=_("the backup file to write (replaced once the new one is "
                               "complete)"))
    backup.add_argument("--db", metavar="URL", help=_(_DB_HELP))
    officer_option(backup)
    backup.set_defaults(run="backup_command", backup_action="backup")

    restore = sub.add_parser(
        "restore", help=_("restore a backup file into an empty database and check it"))
    restore.add_argument("file", metavar="FILE", help=_("the backup file"))
    restore.add_argument("--db", metavar="URL", help=_(_DB_HELP))
    officer_option(restore)
    restore.add_argument("--accept-unsigned", action="store_true",
                         help=_("restore a backup that is not signed (made by an older "
                                "BorderDesk, or on a computer without a workstation key)"))
    restore.set_defaults(run="backup_command", backup_action="restore")


def _backup(args: argparse.Namespace) -> int:
    from borderdesk.cli import commands, output
    from borderdesk.services.backups import backup_database

    with commands._acting(args) as session:
        db = session.db
        made = backup_database(db, Path(args.out), actor=session.actor)
    manifest = made.manifest
    output.say(_("Backed up {url} to {path}: {tables} tables, {rows} rows, {files} evidence "
                 "files ({size} bytes), {chains} audit chains, schema {revision}.").format(
        url=db.display_url, path=args.out, tables=len(manifest.tables), rows=manifest.rows,
        files=manifest.evidence_files, size=manifest.evidence_bytes,
        chains=len(manifest.chain_heads), revision=manifest.schema_revision))
    if manifest.signer is not None:
        output.say(_("Signed by workstation {name}, key {fingerprint}.").format(
            name=manifest.signer.workstation_name, fingerprint=manifest.signer.fingerprint))
    else:
        output.say(_("The backup is NOT signed: {reason}. Restoring it will need "
                     "--accept-unsigned.").format(reason=made.unsigned_because))
    return 0


def _restore(args: argparse.Namespace) -> int:
    from borderdesk.cli import commands, output
    from borderdesk.config import database_url, load_settings
    from borderdesk.domain.officer import Credentials
    from borderdesk.services.backups import restore_database
    from borderdesk.storage.engine import redact

    username = commands.require_officer_named(args)
    url = args.db or database_url(load_settings())
    restorer = Credentials(username, commands._password_of(username))
    report = restore_database(Path(args.file), url, restorer=restorer,
                              accept_unsigned=args.accept_unsigned)
    manifest = report.manifest
    if manifest.signer is None:
        output.say(_("This backup was NOT signed: nothing shows who made it or that it is "
                     "unchanged. It was restored because --accept-unsigned was given."))
    else:
        output.say(_("The backup's signature holds: made by workstation {name} of that "
                     "database, key {fingerprint}.").format(
            name=manifest.signer.workstation_name, fingerprint=manifest.signer.fingerprint))
    output.say(_("Restored the backup of {created} into {url}: {tables} tables, {rows} rows and "
                 "{files} evidence files, as the backup counted them.").format(
        created=manifest.created_at.isoformat(timespec="seconds"), url=redact(url),
        tables=len(manifest.tables), rows=manifest.rows, files=manifest.evidence_files))
    if report.upgraded_to:
        output.say(_("The schema was upgraded from {old} to {new}.").format(
            old=manifest.schema_revision, new=report.upgraded_to))
    output.say(_("The audit chain is intact: {events} events in {chains} chains.").format(
        events=report.chains.events, chains=len(report.chains.heads)))
    return 0


def run(args: argparse.Namespace) -> int:
    """Back up or restore; 0 done and checked, 1 a restore that failed its check."""
    if args.backup_action == "backup":
        return _backup(args)
    return _restore(args)
