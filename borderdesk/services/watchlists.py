"""The gate's watch lists: read by every check, edited by supervisors, never edited in place.

Every edit is a new row superseding the old one (``supersedes_id``) and
sharing its ``entry_key``; a withdrawal is a new, inactive row. So the
history of an entry — who changed what, when and why — is always there, and
each change is in the audit chain.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from uuid import UUID

from sqlalchemy import exists, select
from sqlalchemy.orm import Session, aliased

from borderdesk.access.permissions import Action, require
from borderdesk.documents.watchlist_files import (
    load_watch_lists,
    party_legal_sources,
    party_value,
    shipped_folder,
)
from borderdesk.domain.gate import WorkstationIdentity
from borderdesk.domain.officer import Actor
from borderdesk.domain.watchlist import (
    FlaggedParty,
    LicensedGoods,
    PartyKind,
    ProhibitedGoods,
    WatchedBrand,
    WatchListEntry,
    WatchListKind,
    WatchLists,
    kind_of,
)
from borderdesk.errors import ConcurrentChange, UserInputError
from borderdesk.i18n import _
from borderdesk.services.audit import append_event
from borderdesk.services.workstations import gate_of
from borderdesk.storage.engine import Database
from borderdesk.storage.models import Officer
from borderdesk.storage.models import WatchListEntry as EntryRow
from borderdesk.storage.models.base import new_id, utc_now


@dataclass(frozen=True)
class WatchListItem:
    """One version of a watch-list entry, as the supervisors' table shows it.

    To edit, pass back the item with a changed ``entry`` (its ``entry_id`` is
    the version being replaced); a new entry has ``entry_id`` None.
    """

    entry: WatchListEntry
    legal_source: str = ""
    entry_id: UUID | None = None
    entry_key: UUID | None = None
    active: bool = True
    changed_at: datetime | None = None
    changed_by: str = ""
    change_reason: str = ""

    @property
    def kind(self) -> WatchListKind:
        """The list the entry belongs to."""
        return kind_of(self.entry)


def _fields(entry: WatchListEntry) -> dict[str, object]:
    if isinstance(entry, ProhibitedGoods):
        return {"pattern": "", "hs_prefix": entry.hs_prefix, "reason": entry.description,
                "details": {}}
    if isinstance(entry, LicensedGoods):
        return {"pattern": "", "hs_prefix": entry.hs_prefix, "reason": entry.description,
                "details": {"authority": entry.authority}}
    if isinstance(entry, WatchedBrand):
        return {"pattern": entry.brand, "hs_prefix": "", "reason": "",
                "details": {"rights_holder": entry.rights_holder,
                            "authorised_importers": list(entry.authorised_importers),
                            "hs_prefixes": list(entry.hs_prefixes)}}
    return {"pattern": entry.value, "hs_prefix": "", "reason": entry.reason,
            "source": entry.source, "reported_on": entry.reported_on,
            "details": {"party_kind": entry.party_kind.value}}


def _strings(value: object) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def _entry(row: EntryRow) -> WatchListEntry:
    details = row.details or {}
    kind = WatchListKind(row.list_kind)
    if kind == WatchListKind.PROHIBITED:
        return ProhibitedGoods(row.hs_prefix, row.reason, row.legal_source)
    if kind == WatchListKind.LICENCE:
        return LicensedGoods(row.hs_prefix, row.reason, str(details.get("authority", "")),
                             row.legal_source)
    if kind == WatchListKind.BRAND:
        return WatchedBrand(
            brand=row.pattern, rights_holder=str(details.get("rights_holder", "")),
            authorised_importers=_strings(details.get("authorised_importers")),
            hs_prefixes=_strings(details.get("hs_prefixes")), legal_source=row.legal_source,
        )
    return FlaggedParty(
        party_kind=PartyKind(str(details.get("party_kind", "trader"))), value=row.pattern,
        reason=row.reason, source=row.source, reported_on=row.reported_on,
    )


def _item(row: EntryRow, officer_name: str | None) -> WatchListItem:
    return WatchListItem(
        entry=_entry(row), legal_source=row.legal_source, entry_id=row.id,
        entry_key=row.entry_key, active=row.active, changed_at=row.created_at,
        changed_by=officer_name or "", change_reason=row.change_reason,
    )


def _current_rows(session: Session, kind: WatchListKind | None = None) -> list[EntryRow]:
    newer = aliased(EntryRow)
    query = select(EntryRow).where(
        ~exists(select(newer.id).where(newer.supersedes_id == EntryRow.id))
    )
    if kind is not None:
        query = query.where(EntryRow.list_kind == kind.value)
    return list(session.scalars(query.order_by(EntryRow.list_kind, EntryRow.created_at,
                                               EntryRow.id)))


def _validated(item: WatchListItem) -> WatchListItem:
    entry = item.entry
    problem = ""
    if isinstance(entry, ProhibitedGoods | LicensedGoods):
        digits = entry.hs_prefix.replace(".", "").strip()
        if not digits.isdigit() or not 2 <= len(digits) <= 10:
            problem = _("HS prefix '{value}' is not 2 to 10 digits.").format(
                value=entry.hs_prefix)
        entry = replace(entry, hs_prefix=digits)
    elif isinstance(entry, WatchedBrand) and not entry.brand.strip():
        problem = _("The brand is missing.")
    elif isinstance(entry, FlaggedParty):
        entry = replace(entry, value=party_value(entry.party_kind, entry.value))
        if not entry.value:
            problem = _("The tax code, plate or container number is missing.")
        elif not entry.source.strip():
            problem = _("Say who reported the party (the source).")
    if not problem and not isinstance(entry, FlaggedParty) and not item.legal_source.strip():
        problem = _("Name the legal source of the entry.")
    if problem:
        raise UserInputError(problem)
    return replace(item, entry=entry, legal_source=item.legal_source.strip())


def _audit(session: Session, actor: Actor, action: str, row: EntryRow) -> None:
    append_event(
        session, workstation_id=actor.workstation_id, officer_id=actor.officer_id,
        action=action, entity="watch_list_entry", entity_id=str(row.id),
        payload={"kind": row.list_kind, "pattern": row.pattern, "hs_prefix": row.hs_prefix,
                 "active": row.active, "supersedes": str(row.supersedes_id or ""),
                 "entry_key": str(row.entry_key), "reason": row.change_reason},
        at=row.created_at,
    )


def _officer_names(session: Session, rows: list[EntryRow]) -> dict[UUID, str]:
    ids = {row.created_by for row in rows if row.created_by}
    if not ids:
        return {}
    found = session.execute(select(Officer.id, Officer.full_name).where(Officer.id.in_(ids)))
    return {row[0]: row[1] for row in found}


def list_entries(
    db: Database, actor: Actor, kind: WatchListKind | None = None, *,
    include_withdrawn: bool = False,
) -> list[WatchListItem]:
    """The current version of every entry (of one list, or all)."""
    require(actor.role, Action.VIEW_CROSSING)
    with db.session() as session:
        gate_of(session, actor)
        rows = [r for r in _current_rows(session, kind) if r.active or include_withdrawn]
        names = _officer_names(session, rows)
        return [_item(row, names.get(row.created_by) if row.created_by else None)
                for row in rows]


def _current_version(session: Session, entry_id: UUID) -> EntryRow:
    row = session.get(EntryRow, entry_id)
    if row is None:
        raise UserInputError(_("There is no such watch-list entry."))
    newer = session.scalar(select(EntryRow.id).where(EntryRow.supersedes_id == entry_id))
    if newer is not None:
        raise ConcurrentChange(
            _("Another officer changed this entry first. Reload the list and try again.")
        )
    return row


def save_entry(db: Database, actor: Actor, item: WatchListItem, reason: str = "") -> WatchListItem:
    """Add an entry (``entry_id`` None) or edit one: the edit is a new row superseding it.

    Raises:
        PermissionDenied: only supervisors edit watch lists.
        UserInputError: a missing HS prefix, brand, party, source or legal source.
        ConcurrentChange: the entry was changed by someone else since it was read.
    """
    require(actor.role, Action.EDIT_WATCH_LISTS)
    item = _validated(item)
    with db.session() as session:
        gate_of(session, actor)
        previous = None
        if item.entry_id is not None:
            previous = _current_version(session, item.entry_id)
            if previous.list_kind != item.kind.value:
                raise UserInputError(_("An entry cannot move to another list."))
        row_id = new_id()
        row = EntryRow(
            id=row_id, list_kind=item.kind.value, severity="medium", active=True,
            supersedes_id=previous.id if previous else None,
            entry_key=previous.entry_key if previous else row_id,
            legal_source=item.legal_source, change_reason=reason.strip(),
            workstation_id=actor.workstation_id, created_by=actor.officer_id,
            created_at=utc_now(), **_fields(item.entry),
        )
        session.add(row)
        session.flush()
        _audit(session, actor, "watch_list.edited" if previous else "watch_list.added", row)
        return _item(row, actor.full_name)


def withdraw_entry(db: Database, actor: Actor, entry_id: UUID, reason: str) -> WatchListItem:
    """Withdraw an entry: a new inactive version, with the supervisor's reason.

    Raises:
        PermissionDenied: only supervisors edit watch lists.
        UserInputError: no reason given, or no such entry.
    """
    require(actor.role, Action.EDIT_WATCH_LISTS)
    if not reason.strip():
        raise UserInputError(_("Give the reason for withdrawing the entry."))
    with db.session() as session:
        gate_of(session, actor)
        previous = _current_version(session, entry_id)
        if not previous.active:
            raise UserInputError(_("The entry is already withdrawn."))
        row = EntryRow(
            list_kind=previous.list_kind, pattern=previous.pattern,
            hs_prefix=previous.hs_prefix, reason=previous.reason, severity=previous.severity,
            active=False, supersedes_id=previous.id, entry_key=previous.entry_key,
            legal_source=previous.legal_source, source=previous.source,
            reported_on=previous.reported_on, details=dict(previous.details or {}),
            change_reason=reason.strip(), workstation_id=actor.workstation_id,
            created_by=actor.officer_id, created_at=utc_now(),
        )
        session.add(row)
        session.flush()
        _audit(session, actor, "watch_list.withdrawn", row)
        return _item(row, actor.full_name)


def entry_history(db: Database, actor: Actor, entry_id: UUID) -> list[WatchListItem]:
    """Every version of the entry ``entry_id`` belongs to, oldest first."""
    require(actor.role, Action.VIEW_CROSSING)
    with db.session() as session:
        gate_of(session, actor)
        row = session.get(EntryRow, entry_id)
        if row is None:
            raise UserInputError(_("There is no such watch-list entry."))
        rows = list(session.scalars(
            select(EntryRow).where(EntryRow.entry_key == row.entry_key)
            .order_by(EntryRow.created_at, EntryRow.id)
        ))
        names = _officer_names(session, rows)
        return [_item(r, names.get(r.created_by) if r.created_by else None) for r in rows]


def load_gate_watch_lists(db: Database) -> WatchLists:
    """The lists a check of this gate runs against: the active current entries.

    A database that never held a watch list (before ``import_shipped_watch_lists``)
    checks against the shipped lists. The version is a hash of the active rows.
    """
    with db.session() as session:
        if session.scalar(select(EntryRow.id).limit(1)) is None:
            return load_watch_lists(shipped_folder())
        rows = [r for r in _current_rows(session) if r.active]
    digest = hashlib.sha256("\n".join(sorted(str(r.id) for r in rows)).encode())
    entries = [_entry(r) for r in rows]
    return WatchLists(
        prohibited=tuple(e for e in entries if isinstance(e, ProhibitedGoods)),
        licensed=tuple(e for e in entries if isinstance(e, LicensedGoods)),
        brands=tuple(e for e in entries if isinstance(e, WatchedBrand)),
        parties=tuple(e for e in entries if isinstance(e, FlaggedParty)),
        version="db:" + digest.hexdigest()[:16],
    )


def watch_lists_for_check(db: Database, actor: Actor) -> WatchLists:
    """The gate's lists in force, for an officer who runs the cross-checks.

    Raises:
        PermissionDenied: the role may not run the cross-checks.
    """
    require(actor.role, Action.RUN_CHECK)
    return load_gate_watch_lists(db)


def _shipped_items(folder: Path) -> list[tuple[WatchListEntry, str]]:
    lists = load_watch_lists(folder)
    party_sources = party_legal_sources(folder)
    items: list[tuple[WatchListEntry, str]] = []
    items += [(e, e.legal_source) for e in lists.prohibited]
    items += [(e, e.legal_source) for e in lists.licensed]
    items += [(e, e.legal_source) for e in lists.brands]
    items += [(e, party_sources.get(e.value, "")) for e in lists.parties]
    return items


def import_shipped_watch_lists(
    db: Database, workstation: WorkstationIdentity, folder: Path | None = None
) -> int:
    """Seed the gate's watch lists from the shipped CSV files; returns how many entries.

    Does nothing (returns 0) when the database already holds watch-list
    entries, so running it twice or after supervisors' edits changes nothing.
    """
    items = _shipped_items(folder or shipped_folder())
    with db.session() as session:
        if session.scalar(select(EntryRow.id).limit(1)) is not None:
            return 0
        now = utc_now()
        for entry, legal_source in items:
            row_id = new_id()
            session.add(EntryRow(
                id=row_id, list_kind=kind_of(entry).value, severity="medium", active=True,
                entry_key=row_id, legal_source=legal_source,
                change_reason=_("Imported from the lists shipped with BorderDesk."),
                workstation_id=workstation.workstation_id, created_by=None, created_at=now,
                **_fields(entry),
            ))
        session.flush()
        append_event(
            session, workstation_id=workstation.workstation_id, officer_id=None,
            action="watch_list.imported", entity="watch_list", entity_id="shipped",
            payload={"entries": len(items)}, at=now,
        )
    return len(items)


__all__ = ["WatchListItem", "entry_history", "import_shipped_watch_lists",
           "list_entries", "load_gate_watch_lists", "save_entry", "withdraw_entry"]
