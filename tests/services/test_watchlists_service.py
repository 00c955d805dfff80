"""The gate's watch lists: seeded from the shipped files, edited by supervisors with history."""

from __future__ import annotations

from dataclasses import replace

import pytest
from gate_kit import GateSetup
from sqlalchemy import func, select

from borderdesk.documents.watchlist_files import shipped_watch_lists
from borderdesk.domain.officer import Role
from borderdesk.domain.watchlist import ProhibitedGoods, WatchListKind
from borderdesk.errors import ConcurrentChange, PermissionDenied, UserInputError
from borderdesk.services.watchlists import (
    WatchListItem,
    entry_history,
    import_shipped_watch_lists,
    list_entries,
    load_gate_watch_lists,
    save_entry,
    withdraw_entry,
)
from borderdesk.storage.models import AuditEvent, WatchListEntry


def _count(gate: GateSetup, model: type) -> int:
    with gate.db.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_shipped_lists_are_imported_once(gate: GateSetup) -> None:
    shipped = shipped_watch_lists()
    total = (len(shipped.prohibited) + len(shipped.licensed) + len(shipped.brands)
             + len(shipped.parties))
    assert import_shipped_watch_lists(gate.db, gate.workstation) == total
    assert import_shipped_watch_lists(gate.db, gate.workstation) == 0
    loaded = load_gate_watch_lists(gate.db)
    assert set(loaded.prohibited) == set(shipped.prohibited)
    assert set(loaded.brands) == set(shipped.brands)
    assert set(loaded.parties) == set(shipped.parties)
    assert loaded.version.startswith("db:")
    items = list_entries(gate.db, gate.actor(Role.CUSTOMS_OFFICER), WatchListKind.PROHIBITED)
    assert all(item.legal_source for item in items)


def test_supervisor_edits_keep_history(gate: GateSetup) -> None:
    supervisor = gate.actor(Role.SUPERVISOR)
    import_shipped_watch_lists(gate.db, gate.workstation)
    before = load_gate_watch_lists(gate.db).version
    fireworks = next(i for i in list_entries(gate.db, supervisor, WatchListKind.PROHIBITED)
                     if isinstance(i.entry, ProhibitedGoods) and i.entry.hs_prefix == "3604")
    edited = save_entry(gate.db, supervisor, replace(
        fireworks, entry=replace(fireworks.entry, description="Fireworks and sky lanterns")),
        reason="clearer wording")
    assert edited.entry_key == fireworks.entry_key and edited.changed_by == supervisor.full_name
    after = load_gate_watch_lists(gate.db)
    assert after.version != before
    assert "Fireworks and sky lanterns" in {p.description for p in after.prohibited}
    withdraw_entry(gate.db, supervisor, edited.entry_id, "moved to the licence list")  # type: ignore[arg-type]
    assert "3604" not in {p.hs_prefix for p in load_gate_watch_lists(gate.db).prohibited}
    history = entry_history(gate.db, supervisor, fireworks.entry_id)  # type: ignore[arg-type]
    assert [h.active for h in history] == [True, True, False]
    assert [h.change_reason for h in history][1:] == ["clearer wording",
                                                      "moved to the licence list"]
    with pytest.raises(ConcurrentChange):
        save_entry(gate.db, supervisor, fireworks)
    with gate.db.session() as session:
        actions = set(session.scalars(select(AuditEvent.action)))
    assert {"watch_list.imported", "watch_list.edited", "watch_list.withdrawn"} <= actions


def test_new_entry_needs_a_legal_source(gate: GateSetup) -> None:
    supervisor = gate.actor(Role.SUPERVISOR)
    entry = ProhibitedGoods("8549", "E-waste", "")
    with pytest.raises(UserInputError, match="legal source"):
        save_entry(gate.db, supervisor, WatchListItem(entry))
    saved = save_entry(gate.db, supervisor, WatchListItem(entry, legal_source="Decree 69/2018"))
    assert saved.entry_id == saved.entry_key


def test_only_supervisors_edit_and_refusals_write_nothing(gate: GateSetup) -> None:
    item = WatchListItem(ProhibitedGoods("93", "Weapons", "x"), legal_source="x")
    events = _count(gate, AuditEvent)
    for role in (Role.CUSTOMS_OFFICER, Role.BORDER_GUARD, Role.ADMINISTRATOR):
        with pytest.raises(PermissionDenied):
            save_entry(gate.db, gate.actor(role), item)
    assert _count(gate, WatchListEntry) == 0
    assert _count(gate, AuditEvent) == events


def test_an_empty_database_checks_against_the_shipped_lists(gate: GateSetup) -> None:
    assert load_gate_watch_lists(gate.db) == shipped_watch_lists()
