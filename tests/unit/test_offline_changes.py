"""A save as recorded for the queue: every value survives; only a broken line counts as lost."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import uuid4

import psycopg
import pytest
from psycopg import errors as pg_errors
from sqlalchemy.exc import OperationalError

from borderdesk.storage.offline.apply import Refusal, refusal_from_json, refusal_json
from borderdesk.storage.offline.changes import (
    ChangeSet,
    RowDelete,
    RowInsert,
    RowUpdate,
    decode,
    encode,
)
from borderdesk.storage.offline.gate_database import is_server_lost


def test_every_column_type_survives_the_queue_unchanged() -> None:
    values = {"id": uuid4(), "at": datetime(2026, 11, 25, 8, 30, tzinfo=UTC),
              "day": date(2026, 11, 25), "value": Decimal("1200.50"), "content": b"\x00\xffJPEG",
              "evidence": {"manifest_line": 3, "rules": ["A", "B"]}, "name": "Gạo tẻ",
              "count": 3, "ratio": 0.5, "ok": True, "none": None}
    change_set = ChangeSet([
        RowInsert("crossings", values),
        RowUpdate("handoffs", {"id": values["id"], "state": "pending"}, {"state": "accepted"}),
        RowDelete("evidence", {"id": values["id"]}),
    ])

    assert decode(encode(change_set)) == change_set


def test_the_marker_of_a_save_is_its_first_audit_event() -> None:
    event = RowInsert("audit_events", {"id": uuid4(), "seq": 7})
    change_set = ChangeSet([RowInsert("crossings", {"id": uuid4()}), event])
    assert change_set.marker() == event
    assert ChangeSet([RowInsert("crossings", {"id": 1})]).marker() == RowInsert(
        "crossings", {"id": 1})
    assert ChangeSet().marker() is None


def test_a_refusal_keeps_both_versions_through_the_queue() -> None:
    key = {"id": uuid4()}
    refusal = Refusal("handoffs", key, "changed on the server meanwhile",
                      {"state": "pending"}, {"state": "accepted"},
                      {"id": key["id"], "state": "accepted",
                       "created_at": datetime(2026, 11, 25, tzinfo=UTC)})
    assert refusal_from_json(refusal_json(refusal)) == refusal


def _wrapped(orig: Exception, invalidated: bool = False) -> OperationalError:
    return OperationalError("SELECT 1", {}, orig, connection_invalidated=invalidated)


@pytest.mark.parametrize(("error", "lost"), [
    (_wrapped(psycopg.OperationalError("connection refused")), True),
    (_wrapped(pg_errors.AdminShutdown("terminating connection")), True),
    (_wrapped(psycopg.OperationalError("x"), invalidated=True), True),
    (_wrapped(pg_errors.SerializationFailure("could not serialize")), False),
    (_wrapped(pg_errors.DeadlockDetected("deadlock detected")), False),
    (ValueError("not a database error"), False),
])
def test_only_a_broken_line_counts_as_the_server_lost(error: Exception, lost: bool) -> None:
    assert is_server_lost(error) is lost
