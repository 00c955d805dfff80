"""Opening a gate's database at start: reached, at this BorderDesk's schema, with its gate.

The window (``ui/app.py``) and the command line (``cli/commands.py``) start
from here, so they agree on when a database is upgraded, when the demo gate
is seeded and what an officer is told when a database cannot be used:

- A database that cannot be reached is an ``EnvironmentProblem`` naming it.
- A database behind this BorderDesk's schema is upgraded only when it is the
  workstation's own SQLite file (``upgrades_when_behind``); a shared server is
  upgraded once, by ``borderdesk init --db URL``.
- The window's first start on the embedded database seeds the demo gate, so a
  new installation opens on something to look at.
- The gate's server is opened with this workstation's local copy behind it:
  a server that cannot be reached at start is worked around on the copy.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from hashlib import sha256
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from borderdesk import config, paths
from borderdesk.config import Settings
from borderdesk.domain.gate import WorkstationIdentity
from borderdesk.domain.offline import Connectivity
from borderdesk.errors import EnvironmentProblem
from borderdesk.i18n import _
from borderdesk.reasons import reason_for
from borderdesk.services.workstations import attach_workstation, known_workstation
from borderdesk.storage import migrate
from borderdesk.storage.engine import Database, embedded_url, parse_url, redact
from borderdesk.storage.models.gate import Gate
from borderdesk.storage.offline.gate_database import GateDatabase

log = logging.getLogger("borderdesk.services")


@dataclass(frozen=True)
class Prepared:
    """An open database with this workstation attached to its gate."""

    db: Database
    workstation: WorkstationIdentity
    seeded: bool
    """The demo gate was seeded by this start (the first start on the embedded database)."""


@dataclass(frozen=True)
class Opened:
    """A database reached and at this BorderDesk's schema."""

    db: Database
    copy_before_upgrade: str | None = None
    """The copy kept before upgrading an existing SQLite file, when it was upgraded."""


# ---- Decisions


def upgrades_when_behind(url: str, *, named_for_this_command: bool = False) -> bool:
    """Whether opening the database of ``url`` may upgrade its schema by itself.

    The window upgrades any SQLite file (it is this workstation's own). A
    command upgrades only the embedded database it found by itself: a file
    named with ``--db`` is upgraded by ``borderdesk init --db URL``, as a
    server always is, since several workstations share a server.
    """
    return not named_for_this_command and parse_url(url).get_backend_name() == "sqlite"


def schema_is_current(db: Database) -> bool:
    """Whether the database is at the newest migration this BorderDesk ships."""
    return migrate.current_revision(db) == migrate.head_revision()


def gate_present(db: Database, code: str) -> bool:
    """Whether the database holds the gate ``code`` (any case)."""
    with db.session() as session:
        found = session.scalars(select(Gate.id).where(Gate.code == code.strip().upper()))
        return found.first() is not None


def seeds_demo_on_first_start(url: str) -> bool:
    """Whether a first start on ``url`` without its gate seeds the demo gate: only the
    embedded database, so no real gate's database ever receives demo officers."""
    return url == embedded_url()


# ---- Opening


def open_database(url: str) -> Database:
    """The database of ``url``, reached once.

    Raises:
        EnvironmentProblem: it cannot be reached or is locked.
        UserInputError: ``url`` is no database URL.
    """
    db = Database(url)
    try:
        db.ping()
    except BaseException:
        db.dispose()
        raise
    return db


def open_at_schema(url: str, *, upgrade: bool) -> Opened:
    """The database of ``url``, reached and at this BorderDesk's schema.

    Args:
        url: the database.
        upgrade: bring a database that is behind up to date; otherwise refuse it
            (see ``upgrades_when_behind``).

    Raises:
        EnvironmentProblem: unreachable, behind and not to be upgraded here, or
            the upgrade failed (the SQLite file is left as it was).
    """
    db = open_database(url)
    try:
        if schema_is_current(db):
            return Opened(db)
        if not upgrade:
            raise _behind(db)
        return Opened(db, migrate.upgrade(db))
    except BaseException:
        db.dispose()
        raise


def _behind(db: Database) -> EnvironmentProblem:
    return EnvironmentProblem(
        _("The database {url} is not ready for this version of BorderDesk: "
          "run 'borderdesk init --db URL' for it first.").format(url=db.display_url)
    )


def offline_copy_path(url: str, settings: Settings) -> Path:
    """This workstation's local copy of the gate's server ``url``, in the per-user data folder.

    One file per server and workstation: pointing the workstation at another
    server never mixes that server's copy and queue with this one's.
    """
    key = f"{redact(url)}|{settings.workstation_id}".encode()
    return paths.data_dir() / f"offline-{sha256(key).hexdigest()[:12]}.sqlite3"


def prepare_workstation(settings: Settings) -> Prepared:
    """Open the window's database, bring it up to date and attach this workstation.

    The embedded or another SQLite database is migrated, and the embedded one
    receives the demo gate on its first start. A server database is not
    migrated here, and is opened with this workstation's local copy behind it,
    so the officers keep working through an outage; a server that cannot be
    reached at start is worked around on the copy taken before, when there is one.

    Raises:
        EnvironmentProblem: unreachable or locked database (and no copy of it),
            failed migration, no gate.
        AdministratorLoginNeeded: the gate's server does not know this workstation.
        UserInputError: the configured URL is not a database URL.
    """
    url = config.database_url(settings)
    log.info("opening database %s", redact(url))
    # The embedded database is on this disk: it has no outage, and no copy.
    db = Database(url) if parse_url(url).get_backend_name() == "sqlite" else GateDatabase(
        url, offline_copy_path(url, settings), workstation_id=settings.workstation_id)
    seeded = False
    try:
        if isinstance(db, GateDatabase):
            workstation = _prepare_server(db, settings)
        else:
            migrate.upgrade(db)
            if seeds_demo_on_first_start(url) and not gate_present(db, settings.gate_code):
                from borderdesk.services.demo import seed_demo

                log.info("first start: seeding the demo gate into %s", db.display_url)
                seed_demo(db, settings)
                seeded = True
            workstation = attach_workstation(db, settings)
    except SQLAlchemyError as error:
        db.dispose()
        raise EnvironmentProblem(
            _("The database {url} cannot be used: {reason}").format(
                url=db.display_url, reason=reason_for(error))
        ) from error
    except BaseException:
        db.dispose()
        raise
    log.info("database %s ready; workstation %s at gate %s", db.display_url,
             workstation.workstation_name, workstation.gate_code)
    return Prepared(db, workstation, seeded)


def _prepare_server(db: GateDatabase, settings: Settings) -> WorkstationIdentity:
    """Attach to the server; work from the local copy when it cannot be reached.

    With saves still waiting from an earlier session the database is offline
    until the window's connectivity watch has replayed them: attaching (a
    write) would only add to the queue, so the copy names the workstation.
    """
    # Imported here: the copy's machinery (a second of imports) serves only a server.
    from borderdesk.services import offline

    try:
        db.ping()
    except EnvironmentProblem as problem:
        taken = db.local.taken_at()
        if taken is None:
            raise
        db.go_offline()
        log.warning("the gate's server %s cannot be reached (%s): starting OFFLINE on this "
                    "workstation's copy taken %s", db.display_url, problem,
                    taken.isoformat(timespec="seconds"))
        return known_workstation(db, settings)
    if not schema_is_current(db):
        raise _behind(db)
    if db.connectivity is not Connectivity.ONLINE:
        log.warning("%d saves made offline wait for the server; they are sent once the "
                    "window is open", db.waiting_count())
        return known_workstation(db, settings)
    workstation = attach_workstation(db, settings)
    try:
        offline.refresh_copy(db)  # the store logs the rows copied and where
    except Exception:
        # Starting matters more than the copy: the connectivity watch refreshes it later.
        log.exception("could not refresh this workstation's copy of the gate")
    return workstation


def register_workstation(settings: Settings, password: str) -> WorkstationIdentity:
    """Attach this workstation to its gate with the administrators' database login."""
    from borderdesk.storage.admin_login import as_administrators

    db = Database(config.database_url(settings))
    try:
        return as_administrators(db, password, lambda admin: attach_workstation(admin, settings))
    finally:
        db.dispose()
