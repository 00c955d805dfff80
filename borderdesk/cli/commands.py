"""One function per subcommand; each returns the exit code.

Every write goes through the services, as the window's do, so a permission
or a validation enforced there holds here too. Commands that act for an
officer log in through ``services.auth`` (lockout included) and log out at
the end.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from borderdesk.cli import gate_server, output
from borderdesk.cli.admin_login import administering
from borderdesk.cli.prompts import secret
from borderdesk.config import Settings, database_url, load_settings, save_settings
from borderdesk.domain.crossing import (
    ArrivalForm,
    Channel,
    ContainerEntry,
    CrossingStatus,
    Direction,
    QueueFilter,
    QueueSort,
    label,
)
from borderdesk.domain.gate import WorkstationIdentity
from borderdesk.domain.officer import Actor, NewOfficer, OfficerSummary, Role, role_label
from borderdesk.errors import UserInputError
from borderdesk.i18n import _, ngettext
from borderdesk.log import configure_logging
from borderdesk.services import auth, crossings, officers, startup
from borderdesk.services.demo import DEMO_PASSWORD, seed_demo
from borderdesk.services.workstation_clock import clock_warning
from borderdesk.services.workstations import attach_workstation, create_gate
from borderdesk.storage.engine import Database
from borderdesk.storage.migrate import current_revision, head_revision, upgrade

MAX_LIMIT = 1000


@dataclass(frozen=True)
class _Session:
    db: Database
    workstation: WorkstationIdentity
    actor: Actor

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.workstation.gate_timezone)


# ---- Opening the database and logging in


def _open(args: argparse.Namespace, settings: Settings) -> Database:
    """The database of ``--db``, BORDERDESK_DB_URL, the settings or the embedded one, reached."""
    return startup.open_database(args.db or database_url(settings))


def _upgrade(db: Database) -> None:
    copy = upgrade(db)
    if copy:
        output.say(_("Kept a copy of the database before upgrading it: {path}").format(path=copy))


def _ready(args: argparse.Namespace, settings: Settings) -> Database:
    """The database, at the schema of this BorderDesk (a SQLite file not named with ``--db``
    is upgraded; see ``services.startup.upgrades_when_behind``)."""
    url = args.db or database_url(settings)
    opened = startup.open_at_schema(
        url, upgrade=startup.upgrades_when_behind(url, named_for_this_command=bool(args.db)))
    if opened.copy_before_upgrade:
        output.say(_("Kept a copy of the database before upgrading it: {path}").format(
            path=opened.copy_before_upgrade))
    return opened.db


def _password_of(username: str) -> str:
    password = os.environ.get("BORDERDESK_PASSWORD")
    if password is not None:
        return password
    return secret(_("Password of {username}: ").format(username=username), "BORDERDESK_PASSWORD")


def _new_password(username: str, bootstrap: bool) -> str:
    """The new password: BORDERDESK_NEW_PASSWORD (or, for the first officer,
    BORDERDESK_PASSWORD), else typed twice."""
    password = os.environ.get("BORDERDESK_NEW_PASSWORD")
    if password is None and bootstrap:
        password = os.environ.get("BORDERDESK_PASSWORD")
    if password is not None:
        return password
    first = secret(_("New password of {username}: ").format(username=username),
                    "BORDERDESK_NEW_PASSWORD")
    if secret(_("The same password again: "), "BORDERDESK_NEW_PASSWORD") != first:
        raise UserInputError(_("The two passwords differ."))
    return first


def command_name(args: argparse.Namespace) -> str:
    """The subcommand as typed, e.g. ``audit verify``, to name it in a message."""
    words = [args.command]
    action = getattr(args, f"{args.command}_command", None)
    if isinstance(action, str):
        words.append(action)
    return " ".join(words)


def require_officer_named(args: argparse.Namespace) -> str:
    """The username of ``--as`` (or BORDERDESK_USER).

    Raises:
        UserInputError: none was given; the message names the command.
    """
    if not args.acting:
        raise UserInputError(_("{command} needs an officer: add --as USER").format(
            command=command_name(args)))
    return str(args.acting)


@contextmanager
def _acting(args: argparse.Namespace) -> Iterator[_Session]:
    """The database, this workstation and the officer of ``--as``, logged in until the end."""
    username = require_officer_named(args)
    settings = load_settings()
    db = _ready(args, settings)
    try:
        workstation = attach_workstation(db, settings)
        actor = auth.log_in(db, workstation, username, _password_of(username))
        warning = clock_warning(db)
        if warning:
            output.warn(warning)
        try:
            yield _Session(db, workstation, actor)
        finally:
            auth.log_out(db, actor)
    finally:
        db.dispose()


def headquarters_officer(args: argparse.Namespace, db: Database) -> Actor:
    """The officer of ``--as`` at headquarters, whose database is read only.

    The credentials are checked against the gates' replicated officers and
    nothing is written (``auth.confirm_officer``).

    Raises:
        UserInputError: no ``--as``; LoginRefused: the credentials do not open
            an account.
    """
    username = require_officer_named(args)
    settings = load_settings()
    return auth.confirm_officer(db, username, _password_of(username), settings.workstation_id)


@dataclass(frozen=True)
class Auditor:
    """Who verifies the audit chains, and over which database."""

    db: Database
    actor: Actor
    at_headquarters: bool
    """Headquarters: every gate's chains, and nothing written; else the actor's gate."""


@contextmanager
def auditor(args: argparse.Namespace) -> Iterator[Auditor]:
    """The officer of ``--as`` on the database of ``--db``: at a gate logged in as every
    acting command is (lockout, login record); at headquarters checked without a write."""
    from borderdesk.services.headquarters import is_headquarters

    require_officer_named(args)
    settings = load_settings()
    db = _ready(args, settings)
    try:
        at_headquarters = is_headquarters(db)
    finally:
        db.dispose()
    if not at_headquarters:
        with _acting(args) as session:
            yield Auditor(session.db, session.actor, at_headquarters=False)
        return
    db = _ready(args, settings)
    try:
        yield Auditor(db, headquarters_officer(args, db), at_headquarters=True)
    finally:
        db.dispose()


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserInputError(
            _("'{value}' is not a date: use YYYY-MM-DD.").format(value=text)
        ) from None


# ---- Subcommands


def init(args: argparse.Namespace) -> int:
    """Create or upgrade the schema; perhaps create a gate and register this workstation."""
    if bool(args.gate) != bool(args.gate_name):
        raise UserInputError(_("--gate and --gate-name go together."))
    settings = load_settings()
    db = _open(args, settings)
    try:
        before = current_revision(db)
        _upgrade(db)
        head = head_revision()
        if before is None:
            output.say(_("Created the BorderDesk tables in {url}.").format(url=db.display_url))
        elif before == head:
            output.say(_("The database {url} is up to date.").format(url=db.display_url))
        else:
            output.say(_("Upgraded the database {url} from {old} to {new}.").format(
                url=db.display_url, old=before, new=head))
        if args.gate:
            lanes = tuple(lane.strip() for lane in args.lanes.split(","))
            create_gate(db, args.gate, args.gate_name, args.timezone, lanes)
            code = args.gate.strip().upper()
            if settings.gate_code != code:
                settings = replace(settings, gate_code=code)
                save_settings(settings)
            identity = attach_workstation(db, settings)
            output.say(_("Gate {code} ({name}), lanes {lanes}; this workstation ({workstation}) "
                         "serves it.").format(code=identity.gate_code, name=identity.gate_name,
                                              lanes=", ".join(identity.lanes),
                                              workstation=identity.workstation_name))
        gate_server.make_roles(args, db)
    finally:
        db.dispose()
    return 0


def demo(args: argparse.Namespace) -> int:
    """Seed the demo gate unless it is there already."""
    day = _day(args.date) if args.date else None
    settings = load_settings()
    db = _open(args, settings)
    try:
        _upgrade(db)
        summary = seed_demo(db, settings, day)
    finally:
        db.dispose()
    if not summary.created:
        output.say(_("The demo gate {code} is already in {url}: nothing was added.").format(
            code=summary.gate_code, url=db.display_url))
        return 0
    output.say(_("Seeded {name} ({code}) for {day}: {crossings} crossings, {officers} officers, "
                 "{entries} watch-list entries. Every demo officer's password is {password}.")
               .format(name=summary.gate_name, code=summary.gate_code, day=summary.day,
                       crossings=summary.crossings, officers=summary.officers,
                       entries=summary.watch_list_entries, password=DEMO_PASSWORD))
    return 0


def officer_add(args: argparse.Namespace) -> int:
    """Create an account; without ``--as``, the first administrator of an empty gate."""
    role = Role(args.role)
    if args.acting:
        with _acting(args) as session:
            new = NewOfficer(args.username, args.full_name, role,
                             _new_password(args.username, bootstrap=False), args.badge)
            actor = session.actor
            created = administering(session.db, lambda db: officers.create_officer(db, actor, new))
    else:
        settings = load_settings()
        db = _ready(args, settings)
        try:
            new = NewOfficer(args.username, args.full_name, role,
                             _new_password(args.username, bootstrap=True), args.badge)

            def first_administrator(database: Database) -> OfficerSummary:
                workstation = attach_workstation(database, settings)
                return officers.create_first_administrator(database, workstation, new)

            created = administering(db, first_administrator)
        finally:
            db.dispose()
    output.say(_("Created the account {username}: {full_name}, {role}.").format(
        username=created.username, full_name=created.full_name, role=role_label(created.role)))
    return 0


def officer_list(args: argparse.Namespace) -> int:
    """Print the gate's accounts."""
    with _acting(args) as session:
        found = officers.list_officers(session.db, session.actor)
        if args.json:
            output.print_json(found)
        else:
            output.say(output.officers_table(found, session.zone))
    return 0


def _officer_named(session: _Session, username: str) -> OfficerSummary:
    name = auth.normalize_username(username)
    for officer in officers.list_officers(session.db, session.actor):
        if officer.username == name:
            return officer
    raise UserInputError(_("There is no officer {username} at this gate.").format(username=name))


def _set_active(args: argparse.Namespace, active: bool) -> int:
    with _acting(args) as session:
        officer = _officer_named(session, args.username)
        actor = session.actor
        administering(session.db, lambda db: officers.set_officer_active(
            db, actor, officer.officer_id, active))
    text = (_("The account {username} is enabled.") if active
            else _("The account {username} is disabled."))
    output.say(text.format(username=officer.username))
    return 0


def officer_disable(args: argparse.Namespace) -> int:
    """Disable an account."""
    return _set_active(args, active=False)


def officer_enable(args: argparse.Namespace) -> int:
    """Enable a disabled account."""
    return _set_active(args, active=True)


def officer_reset_password(args: argparse.Namespace) -> int:
    """Give an account a new password; this also lifts a failed-login lock."""
    with _acting(args) as session:
        officer = _officer_named(session, args.username)
        password = _new_password(officer.username, bootstrap=False)
        actor = session.actor
        administering(session.db, lambda db: officers.reset_password(
            db, actor, officer.officer_id, password))
    output.say(_("The password of {username} is changed.").format(username=officer.username))
    return 0


def _container(text: str) -> ContainerEntry:
    number, _sep, seals = text.partition(":")
    return ContainerEntry(number.strip(), tuple(s.strip() for s in seals.split(",") if s.strip()))


def _arrived_at(text: str | None, zone: ZoneInfo) -> datetime:
    if not text:
        return datetime.now(UTC)
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise UserInputError(
            _("'{value}' is not a time: use ISO 8601, e.g. 2026-11-25T08:30.").format(value=text)
        ) from None
    return value if value.tzinfo else value.replace(tzinfo=zone)


def _refuse_open_crossings(session: _Session, plate: str) -> None:
    """A truck registered twice by mistake would wait in the queue twice: name its open
    crossings and let the guard decide (``--again``), as the window warns."""
    found = crossings.open_crossings_of_truck(session.db, session.actor, plate)
    if found:
        listed = ", ".join(f"{row.reference} ({label(row.status)})" for row in found[:5])
        if len(found) > 5:
            listed += ", …"
        raise UserInputError(ngettext(
            "{plate} has an open crossing: {crossings}. Add --again to register it anyway.",
            "{plate} has {n} open crossings: {crossings}. Add --again to register it anyway.",
            len(found)).format(plate=found[0].tractor_plate, n=len(found), crossings=listed))


def arrival_register(args: argparse.Namespace) -> int:
    """Register an arriving vehicle; it is in the queue when this returns."""
    with _acting(args) as session:
        form = ArrivalForm(
            direction=Direction(args.direction),
            lane=args.lane,
            tractor_plate=args.plate,
            tractor_country=args.plate_country,
            trailer_plate=args.trailer,
            trailer_country=args.trailer_country or args.plate_country,
            containers=tuple(_container(c) for c in args.container),
            driver_name=args.driver,
            driver_document_no=args.driver_id,
            driver_nationality=args.nationality,
            carrier_name=args.carrier,
            note=args.note,
            arrived_at=_arrived_at(args.at, session.zone),
        )
        if not args.again:
            _refuse_open_crossings(session, args.plate)
        detail = crossings.register_arrival(session.db, session.actor, form)
    if args.json:
        output.print_json(detail)
    else:
        output.say(_("Registered {reference}: {plate}, lane {lane}, arrived {time}.").format(
            reference=detail.reference, plate=detail.tractor_plate, lane=detail.lane,
            time=detail.arrived_at.astimezone(session.zone).strftime("%Y-%m-%d %H:%M")))
    return 0


def queue(args: argparse.Namespace) -> int:
    """Print a page of the crossing queue."""
    if not 1 <= args.limit <= MAX_LIMIT or args.offset < 0:
        raise UserInputError(
            _("--limit takes 1 to {n} rows and --offset no negative number.").format(n=MAX_LIMIT)
        )
    with _acting(args) as session:
        day = _day(args.date) if args.date else datetime.now(session.zone).date()
        queue_filter = QueueFilter(
            statuses=frozenset(CrossingStatus(s) for s in args.status),
            channels=frozenset(Channel(c) for c in args.channel),
            directions=frozenset(Direction(d) for d in args.direction),
            date_from=day,
            date_to=day,
            search=args.search,
            sort=QueueSort(args.sort),
            descending=not args.ascending,
        )
        page = crossings.query_queue(
            session.db, session.actor, queue_filter, offset=args.offset, limit=args.limit
        )
    if args.json:
        output.print_json(page)
    else:
        output.say(output.queue_table(page, session.zone))
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "init": init,
    "demo": demo,
    "officer_add": officer_add,
    "officer_list": officer_list,
    "officer_disable": officer_disable,
    "officer_enable": officer_enable,
    "officer_reset_password": officer_reset_password,
    "arrival_register": arrival_register,
    "queue": queue,
}


def run(args: argparse.Namespace) -> int:
    """Run the subcommand ``args`` names."""
    configure_logging()
    return COMMANDS[args.run](args)
