"""Headquarters: one PostgreSQL database that subscribes to every gate's publication.

PostgreSQL's own logical replication carries the rows (no home-made sync):
each gate publishes ``borderdesk_gate`` (``storage/roles.py``), headquarters
has the same schema (``borderdesk init``) and one subscription per gate.

What collides when several gates write into one database, and what
headquarters does about it (``docs/deploy.md``):

- ids are client-made UUIDv7, so records of different gates never share one;
  audit chains are per workstation (``workstation_id, seq``), so they never mix;
- a signed handoff bundle carries a crossing, a handoff, its items and its
  photos to another gate **with their ids** (``services/bundle_import.py``),
  and a photo is stored by its SHA-256 at every gate that has it: both gates
  publish these rows. Headquarters keeps the first copy that arrives (an
  ``ENABLE ALWAYS`` trigger skips an insert whose key is there already) and
  later changes from either gate update it, instead of stopping replication
  on a duplicate key;
- ``officers.username`` and ``trusted_keys.public_key`` are unique within a
  gate, not across gates (every gate has its ``admin``; two gates trust the
  same agency's key): headquarters replaces these two unique constraints by
  plain indexes. ``gates.code`` stays unique: two gates of one code is a
  mistake to fix at the gate.

The append-only trigger on ``audit_events`` does not stand in the way: the
apply worker runs with ``session_replication_role = replica``, where ordinary
triggers do not fire, and a gate only ever inserts audit events anyway.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from psycopg import sql
from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from borderdesk.errors import EnvironmentProblem, UserInputError
from borderdesk.i18n import _
from borderdesk.reasons import reason_for
from borderdesk.storage.engine import Database
from borderdesk.storage.roles import PUBLICATION, run_on_driver

SUBSCRIPTION_PREFIX = "borderdesk_"
SHARED_ROWS = {"evidence_blobs": "sha256", "crossings": "id", "handoffs": "id",
               "handoff_items": "id"}
"""Tables whose rows a bundle import repeats at another gate, by their key column."""
GATE_SCOPED_UNIQUES = {"uq_officers_username": ("officers", "username"),
                       "uq_trusted_keys_public_key": ("trusted_keys", "public_key")}

_GATE_NAME = re.compile(r"^[A-Za-z0-9_]{1,40}$")

_KEEP_FIRST = """
CREATE OR REPLACE FUNCTION borderdesk_hq_keep_first() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    known boolean;
BEGIN
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I.%I WHERE %I = ($1).%I)',
                   TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_ARGV[0], TG_ARGV[0])
        INTO known USING NEW;
    IF known THEN
        RETURN NULL;  -- the same record, published by another gate too: keep the first
    END IF;
    RETURN NEW;
END
$$
"""


@dataclass(frozen=True)
class GateSubscription:
    """One gate's subscription as headquarters sees it."""

    name: str
    gate: str
    enabled: bool
    receiving: bool
    """Whether an apply worker is connected to the gate now."""
    tables: int
    tables_ready: int
    """Tables whose first copy is done; the others are still being copied."""
    last_heard: datetime | None
    """When the gate last sent anything (changes or a keepalive)."""
    lag_seconds: float | None
    """Seconds since then: how far behind headquarters may be."""
    errors: int
    """Apply and copy errors since the subscription began (a refused row retries forever)."""


def subscription_name(gate: str) -> str:
    """The subscription of a gate code: ``borderdesk_<code>``, lower case.

    Raises:
        UserInputError: the code is not letters, digits and _.
    """
    if not _GATE_NAME.fullmatch(gate):
        raise UserInputError(_("'{name}' cannot name a gate's subscription: use letters, digits "
                               "and _ (at most 40).").format(name=gate))
    return SUBSCRIPTION_PREFIX + gate.lower()


def _reason(error: DBAPIError) -> str:
    return reason_for(error)


def _require_superuser(connection: Connection) -> None:
    user, superuser = connection.execute(
        text("SELECT rolname, rolsuper FROM pg_roles WHERE rolname = current_user")).one()
    if not superuser:
        raise EnvironmentProblem(_("Only a superuser may create subscriptions: connect to "
                                   "headquarters as one (not {user}).").format(user=user))


def prepare_headquarters(db: Database) -> None:
    """Make the headquarters schema take several gates (idempotent; see the module's doc)."""
    with db.engine.begin() as connection:
        for constraint, (table, column) in GATE_SCOPED_UNIQUES.items():
            connection.exec_driver_sql(
                f'ALTER TABLE "{table}" DROP CONSTRAINT IF EXISTS "{constraint}"')
            connection.exec_driver_sql(
                f'CREATE INDEX IF NOT EXISTS "ix_hq_{table}_{column}" ON "{table}" ("{column}")')
        run_on_driver(connection, _KEEP_FIRST)  # its format() placeholders are no parameters
        for table, key in SHARED_ROWS.items():
            connection.exec_driver_sql(f'DROP TRIGGER IF EXISTS hq_keep_first ON "{table}"')
            connection.exec_driver_sql(
                f'CREATE TRIGGER hq_keep_first BEFORE INSERT ON "{table}" FOR EACH ROW '
                f"EXECUTE FUNCTION borderdesk_hq_keep_first('{key}')")
            # Fires for the replication apply worker too (it runs as a replica).
            connection.exec_driver_sql(f'ALTER TABLE "{table}" ENABLE ALWAYS TRIGGER hq_keep_first')


def subscribe(db: Database, gate: str, conninfo: str, copy_data: bool = True) -> bool:
    """Subscribe headquarters to a gate's publication, or refresh the subscription.

    A new subscription copies the gate's tables first (``copy_data``), then
    follows its changes. An existing one takes the new connection string and
    picks up tables the gate published since (after a gate's upgrade).

    Returns:
        True when the subscription was created now.

    Raises:
        UserInputError: a bad gate name.
        EnvironmentProblem: not a superuser, the gate cannot be reached, or
            the server refused.
    """
    name = subscription_name(gate)
    if db.backend != "postgresql":
        raise UserInputError(_("Headquarters needs a PostgreSQL database."))
    try:
        with db.engine.connect() as probe:
            _require_superuser(probe)
        prepare_headquarters(db)
        # CREATE SUBSCRIPTION may not run inside a transaction block.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            exists = connection.execute(
                text("SELECT 1 FROM pg_subscription WHERE subname = :n"), {"n": name}).first()
            ident, info = sql.Identifier(name), sql.Literal(conninfo)
            if exists:
                run_on_driver(connection, sql.SQL("ALTER SUBSCRIPTION {} CONNECTION {}").format(
                    ident, info))
                run_on_driver(connection, sql.SQL(
                    "ALTER SUBSCRIPTION {} REFRESH PUBLICATION WITH (copy_data = {})").format(
                    ident, sql.Literal(copy_data)))
                return False
            run_on_driver(connection, sql.SQL(
                "CREATE SUBSCRIPTION {} CONNECTION {} PUBLICATION {} "
                "WITH (copy_data = {})").format(ident, info, sql.Identifier(PUBLICATION),
                                                 sql.Literal(copy_data)))
            return True
    except DBAPIError as error:
        raise EnvironmentProblem(_("Subscribing to gate {gate} failed: {reason}").format(
            gate=gate, reason=_reason(error))) from error


_STATUS = """
SELECT s.subname, s.subenabled,
       w.pid IS NOT NULL AS receiving,
       w.last_msg_receipt_time,
       EXTRACT(EPOCH FROM now() - w.last_msg_receipt_time) AS lag,
       (SELECT count(*) FROM pg_subscription_rel r WHERE r.srsubid = s.oid) AS tables,
       (SELECT count(*) FROM pg_subscription_rel r
         WHERE r.srsubid = s.oid AND r.srsubstate = 'r') AS ready,
       COALESCE(e.apply_error_count + e.sync_error_count, 0) AS errors
FROM pg_subscription s
JOIN pg_database d ON d.oid = s.subdbid AND d.datname = current_database()
LEFT JOIN pg_stat_subscription w ON w.subid = s.oid AND w.relid IS NULL
LEFT JOIN pg_stat_subscription_stats e ON e.subid = s.oid
WHERE s.subname LIKE 'borderdesk\\_%'
ORDER BY s.subname
"""


def subscriptions(db: Database) -> list[GateSubscription]:
    """Every gate's subscription in this headquarters database, by name.

    Raises:
        EnvironmentProblem: the server refused (e.g. no PostgreSQL 15 statistics).
    """
    if db.backend != "postgresql":
        return []
    try:
        with db.engine.connect() as connection:
            rows = connection.execute(text(_STATUS)).all()
    except DBAPIError as error:
        raise EnvironmentProblem(_("Reading the subscriptions failed: {reason}").format(
            reason=_reason(error))) from error
    return [GateSubscription(
        name=row.subname, gate=row.subname.removeprefix(SUBSCRIPTION_PREFIX).upper(),
        enabled=bool(row.subenabled), receiving=bool(row.receiving), tables=int(row.tables),
        tables_ready=int(row.ready), last_heard=row.last_msg_receipt_time,
        lag_seconds=float(row.lag) if row.lag is not None else None, errors=int(row.errors),
    ) for row in rows]
