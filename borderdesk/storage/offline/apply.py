"""Writing a recorded change set into a database: strictly to the server, leniently to the copy."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, LargeBinary, and_, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite

from borderdesk.storage.offline.changes import (
    Change,
    ChangeSet,
    RowDelete,
    RowInsert,
    RowUpdate,
    decode_value,
    encode_value,
    primary_key,
    primary_key_names,
    table_of,
)


@dataclass(frozen=True)
class Refusal:
    """Why the server would not take a change, with both versions of the row."""

    table: str
    row_key: dict[str, Any]
    reason: str
    seen: dict[str, Any] = field(default_factory=dict)
    """The values this workstation made its change against."""
    wrote: dict[str, Any] = field(default_factory=dict)
    """The values this workstation wrote."""
    theirs: dict[str, Any] | None = None
    """The row as the server holds it now; None when it has no such row."""


_REFUSAL_VALUES = ("row_key", "seen", "wrote", "theirs")


def refusal_json(refusal: Refusal) -> str:
    """A refusal as JSON text, for the queue's ``detail``."""
    body: dict[str, Any] = {"table": refusal.table, "reason": refusal.reason}
    for name in _REFUSAL_VALUES:
        values = getattr(refusal, name)
        body[name] = None if values is None else {k: encode_value(v) for k, v in values.items()}
    return json.dumps(body, ensure_ascii=False)


def refusal_from_json(text: str) -> Refusal:
    """The refusal ``refusal_json`` wrote (values decoded)."""
    body = json.loads(text)
    values: dict[str, Any] = {name: None if body[name] is None
                              else {k: decode_value(v) for k, v in body[name].items()}
                              for name in _REFUSAL_VALUES}
    return Refusal(table=body["table"], reason=body["reason"], **values)


class ChangeRefused(Exception):
    """The server holds something the change was not made against."""

    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal.reason)
        self.refusal = refusal


def _insert(connection: Connection, change: RowInsert) -> int:
    table = table_of(change.table)
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = (dialect.insert(table).values(change.values)
                 .on_conflict_do_nothing(index_elements=primary_key_names(table)))
    return connection.execute(statement).rowcount


def _where(change: RowUpdate | RowDelete) -> Any:
    table = table_of(change.table)
    return and_(*(table.c[name] == value for name, value in change.match.items()))


def is_present(connection: Connection, change: RowInsert) -> bool:
    """Whether the row ``change`` inserts is already there (by its key)."""
    table = table_of(change.table)
    key = primary_key(table, change.values)
    found = connection.execute(
        select(*table.primary_key.columns).where(
            and_(*(table.c[name] == value for name, value in key.items())))
    ).first()
    return found is not None


def current_row(connection: Connection, table_name: str,
                key: dict[str, Any]) -> dict[str, Any] | None:
    """The row with ``key`` as the database holds it now (without large binary columns)."""
    table = table_of(table_name)
    columns = [c for c in table.columns if not isinstance(c.type, LargeBinary)]
    row = connection.execute(
        select(*columns).where(and_(*(table.c[name] == value for name, value in key.items())))
    ).mappings().first()
    return dict(row) if row is not None else None


def apply_strictly(connection: Connection, change_set: ChangeSet) -> None:
    """Write every change or raise ``ChangeRefused``: the caller rolls the transaction back.

    An insert whose key is already there is skipped (a replay repeated);
    an update or delete must find exactly its row still as it was seen.
    """
    for change in change_set.changes:
        _strictly(connection, change)


def _strictly(connection: Connection, change: Change) -> None:
    table = table_of(change.table)
    if isinstance(change, RowInsert):
        _insert(connection, change)
        return
    key = {name: change.match[name] for name in primary_key_names(table)}
    if isinstance(change, RowUpdate):
        done = connection.execute(update(table).where(_where(change)).values(change.values))
        wrote = dict(change.values)
    else:
        done = connection.execute(delete(table).where(_where(change)))
        wrote = {}
    if done.rowcount != 1:
        theirs = current_row(connection, change.table, key)
        reason = ("changed on the server meanwhile" if theirs is not None
                  else "not on the server")
        seen = {k: v for k, v in change.match.items() if k not in key}
        raise ChangeRefused(Refusal(change.table, key, reason, seen, wrote, theirs))


def apply_leniently(connection: Connection, change_set: ChangeSet) -> None:
    """Bring a copy up to date with a change set the server took: by key, whatever was there."""
    for change in change_set.changes:
        table = table_of(change.table)
        if isinstance(change, RowInsert):
            _insert(connection, change)
            continue
        key = {name: change.match[name] for name in primary_key_names(table)}
        where = and_(*(table.c[name] == value for name, value in key.items()))
        if isinstance(change, RowUpdate):
            connection.execute(update(table).where(where).values(change.values))
        else:
            connection.execute(delete(table).where(where))
