"""The rows one transaction wrote, recorded so that they can be written again elsewhere.

A save made while the gate's server is away is replayed later as exactly the
rows it wrote: client-made ids keep a second replay from doubling anything,
and an update carries the values it was made against, so a row somebody
else changed meanwhile is refused instead of overwritten.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import Column, Table, event, inspect
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction
from sqlalchemy.sql import operators
from sqlalchemy.sql.dml import Insert, Update
from sqlalchemy.sql.elements import BinaryExpression, BindParameter, BooleanClauseList

from borderdesk.storage.models.base import Base


@dataclass(frozen=True)
class RowInsert:
    """A new row: every column's value."""

    table: str
    values: dict[str, Any]


@dataclass(frozen=True)
class RowUpdate:
    """A changed row: it applies only where ``match`` still holds (its key and what was seen)."""

    table: str
    match: dict[str, Any]
    values: dict[str, Any]


@dataclass(frozen=True)
class RowDelete:
    """A removed row: BorderDesk deletes nothing in place, but a delete must never pass unseen."""

    table: str
    match: dict[str, Any]


Change = RowInsert | RowUpdate | RowDelete


@dataclass
class ChangeSet:
    """What one transaction wrote, in the order it was written."""

    changes: list[Change] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.changes)

    def audit_events(self) -> list[RowInsert]:
        """The audit events the transaction appended."""
        return [c for c in self.changes if isinstance(c, RowInsert) and c.table == "audit_events"]

    def marker(self) -> RowInsert | None:
        """A row whose presence on the server proves the whole transaction is there.

        The first audit event when there is one (every service write appends
        one), else the first new row.
        """
        events = self.audit_events()
        if events:
            return events[0]
        return next((c for c in self.changes if isinstance(c, RowInsert)), None)


def table_of(name: str) -> Table:
    """The table called ``name`` in BorderDesk's schema."""
    return Base.metadata.tables[name]


def primary_key(table: Table, values: dict[str, Any]) -> dict[str, Any]:
    """The key columns' values of a row."""
    return {column.name: values[column.name] for column in table.primary_key.columns}


def _table_rank() -> dict[str, int]:
    return {table.name: rank for rank, table in enumerate(Base.metadata.sorted_tables)}


class ChangeRecorder:
    """Listens to one session and records every row its flushes and DML statements write."""

    def __init__(self, session: Session, *, ignore: frozenset[str] = frozenset()) -> None:
        self.change_set = ChangeSet()
        self._ignore = ignore
        self._rank = _table_rank()
        self._inserts: list[object] = []
        self._updates: list[tuple[object, dict[str, Any]]] = []
        event.listen(session, "before_flush", self._before_flush)
        event.listen(session, "after_flush", self._after_flush)
        event.listen(session, "do_orm_execute", self._on_statement)

    # ---- ORM flushes
    def _before_flush(self, session: Session, _context: UOWTransaction, _objects: Any) -> None:
        self._inserts = list(session.new)
        self._updates = []
        for obj in session.dirty:
            if not session.is_modified(obj, include_collections=False):
                continue
            state = inspect(obj)
            mapper = state.mapper
            seen: dict[str, Any] = {}
            for attr in mapper.column_attrs:
                history = state.attrs[attr.key].history
                if history.deleted:
                    seen[attr.columns[0].name] = history.deleted[0]
            version = mapper.version_id_col
            if version is not None:
                seen[version.name] = getattr(obj, mapper.get_property_by_column(version).key)
            self._updates.append((obj, seen))
        for obj in session.deleted:
            table = inspect(obj).mapper.local_table
            assert isinstance(table, Table)
            self._record(RowDelete(table.name, primary_key(table, _row(obj))))

    def _after_flush(self, _session: Session, _context: UOWTransaction) -> None:
        def rank(obj: object) -> int:
            return self._rank.get(inspect(obj).mapper.local_table.name, 0)

        for obj in sorted(self._inserts, key=rank):
            table = inspect(obj).mapper.local_table
            assert isinstance(table, Table)
            self._record(RowInsert(table.name, _row(obj)))
        for obj, seen in self._updates:
            table = inspect(obj).mapper.local_table
            assert isinstance(table, Table)
            row = _row(obj)
            match = primary_key(table, row) | seen
            self._record(RowUpdate(table.name, match, {k: row[k] for k in seen}))
        self._inserts, self._updates = [], []

    # ---- Statements the services execute themselves
    def _on_statement(self, state: ORMExecuteState) -> None:
        statement = state.statement
        if isinstance(statement, Insert):
            into = statement.table
            assert isinstance(into, Table)
            self._record(RowInsert(into.name, _statement_values(statement)))
        elif isinstance(statement, Update):
            table = statement.table
            assert isinstance(table, Table)
            match: dict[str, Any] = {}
            for criterion in statement._where_criteria:
                match |= _equalities(criterion)
            if not set(primary_key_names(table)) <= set(match):
                raise NotImplementedError(f"an UPDATE of {table.name} not by its key")
            self._record(RowUpdate(table.name, match, _statement_values(statement)))

    def _record(self, change: Change) -> None:
        if change.table not in self._ignore:
            self.change_set.changes.append(change)


def primary_key_names(table: Table) -> list[str]:
    """The names of the key columns."""
    return [column.name for column in table.primary_key.columns]


def _row(obj: object) -> dict[str, Any]:
    state = inspect(obj)
    values = {}
    for attr in state.mapper.column_attrs:
        column = attr.columns[0]
        # Deferred or server-made columns are not read again just to be recorded.
        if attr.key not in state.dict:
            continue
        values[column.name] = state.dict.get(attr.key)
    return values


def _statement_values(statement: Insert | Update) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, value in (statement._values or {}).items():
        name = key.name if isinstance(key, Column) else str(key)
        if not isinstance(value, BindParameter):
            raise NotImplementedError(f"a SQL expression as the value of {name}")
        values[name] = value.value
    return values


def _equalities(criterion: Any) -> dict[str, Any]:
    if isinstance(criterion, BooleanClauseList) and criterion.operator is operators.and_:
        found: dict[str, Any] = {}
        for clause in criterion.clauses:
            found |= _equalities(clause)
        return found
    if (isinstance(criterion, BinaryExpression) and criterion.operator is operators.eq
            and isinstance(criterion.left, Column) and isinstance(criterion.right, BindParameter)):
        return {criterion.left.name: criterion.right.value}
    raise NotImplementedError(f"an UPDATE condition other than column = value: {criterion}")


# ---- Text form, for the local queue ----------------------------------------------------------


def encode_value(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, UUID):
        return {"$uuid": str(value)}
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, bytes | bytearray | memoryview):
        return {"$bytes": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, dict | list):
        return {"$json": value}
    raise TypeError(f"cannot queue a value of type {type(value).__name__}")


def decode_value(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    ((tag, text),) = value.items()
    decoders: dict[str, Any] = {
        "$uuid": UUID, "$datetime": datetime.fromisoformat, "$date": date.fromisoformat,
        "$decimal": Decimal, "$bytes": base64.b64decode, "$json": lambda v: v,
    }
    return decoders[tag](text)


def encode(change_set: ChangeSet) -> str:
    """The change set as JSON text."""
    def one(change: Change) -> dict[str, Any]:
        kind = type(change).__name__
        body: dict[str, Any] = {"kind": kind, "table": change.table}
        if isinstance(change, RowInsert):
            body["values"] = {k: encode_value(v) for k, v in change.values.items()}
        else:
            body["match"] = {k: encode_value(v) for k, v in change.match.items()}
        if isinstance(change, RowUpdate):
            body["values"] = {k: encode_value(v) for k, v in change.values.items()}
        return body

    return json.dumps([one(c) for c in change_set.changes], ensure_ascii=False,
                      separators=(",", ":"))


def decode(text: str) -> ChangeSet:
    """The change set ``encode`` wrote."""
    changes: list[Change] = []
    for body in json.loads(text):
        def decoded(key: str, body: dict[str, Any] = body) -> dict[str, Any]:
            return {k: decode_value(v) for k, v in body[key].items()}

        if body["kind"] == "RowInsert":
            changes.append(RowInsert(body["table"], decoded("values")))
        elif body["kind"] == "RowUpdate":
            changes.append(RowUpdate(body["table"], decoded("match"), decoded("values")))
        else:
            changes.append(RowDelete(body["table"], decoded("match")))
    return ChangeSet(changes)
