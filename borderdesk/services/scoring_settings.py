"""The gate's scoring settings, versioned in its database and changed only by supervisors.

A new gate starts from the shipped ``resources/rules/scoring.toml`` (or the
``scoring.toml`` a supervisor put in a workstation's settings folder before
settings lived in the database): the first check or the first look stores it
as version 1. Every change is a new version with the key, the reason and the
supervisor, in the audit chain; every check run records the version it ran
with, so a channel can always be explained by the settings of its day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from borderdesk import paths
from borderdesk.access.permissions import Action, allowed, require
from borderdesk.documents.rules_config import default_settings_path, read_settings_table
from borderdesk.domain.officer import Actor
from borderdesk.errors import ConcurrentChange, UserInputError
from borderdesk.i18n import _
from borderdesk.rules.setting_keys import SettingValue, flatten, judged, stored_form, with_value
from borderdesk.rules.settings import CheckSettings, settings_from_mapping
from borderdesk.services.audit import append_event
from borderdesk.services.check_records import officer_name
from borderdesk.services.crossing_lifecycle import clean_reason
from borderdesk.services.workstations import gate_of
from borderdesk.storage.engine import Database
from borderdesk.storage.models import ScoringSettings
from borderdesk.storage.models.base import utc_now

GATE_SETTINGS_FILE = "scoring.toml"


@dataclass(frozen=True)
class SettingsVersion:
    """One stored version of the gate's scoring settings."""

    version: int
    values: tuple[tuple[str, SettingValue], ...]
    changed_key: str
    reason: str
    officer: str
    at: datetime

    def value(self, key: str) -> SettingValue | None:
        """The value of one dotted key, or None."""
        return dict(self.values).get(key)


@cache
def _shipped_table() -> dict[str, Any]:
    # Read once: every version shown is completed from it (``complete``). Never changed
    # in place: ``stored_form`` copies it into each mapping it gives out.
    return read_settings_table(default_settings_path())


def starting_mapping() -> dict[str, Any]:
    """What a gate starts from: the shipped ``scoring.toml`` with the keys of a workstation's
    own ``scoring.toml`` (when a supervisor put one in its settings folder) laid over it.

    Raises:
        UserInputError: that file is not valid (naming the file and the key).
    """
    table = _shipped_table()
    own = paths.config_dir() / GATE_SETTINGS_FILE
    if own.is_file():
        mine = read_settings_table(own)
        settings_from_mapping(mine, own.name)
        table = _laid_over(table, mine)
    return stored_form(table)  # type: ignore[no-any-return]


def _laid_over(base: dict[str, Any], top: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for name, value in top.items():
        below = merged.get(name)
        merged[name] = _laid_over(below, value) \
            if isinstance(value, dict) and isinstance(below, dict) else value
    return merged


def _latest(session: Session, gate_id: Any) -> ScoringSettings | None:
    return session.scalars(
        select(ScoringSettings).where(ScoringSettings.gate_id == gate_id)
        .order_by(ScoringSettings.version.desc()).limit(1)
    ).first()


def complete(stored: dict[str, Any]) -> dict[str, Any]:
    """A stored version with the keys it predates filled in from the shipped file.

    A gate stored before a release added keys (``[history]``, say) runs with their
    defaults anyway; shown and changed, they must be there too.
    """
    return _laid_over(stored_form(_shipped_table()), stored)


def _version(session: Session, row: ScoringSettings) -> SettingsVersion:
    return SettingsVersion(
        version=row.version, values=tuple(flatten(complete(row.settings))),
        changed_key=row.changed_key,
        reason=row.reason, officer=officer_name(session, row.created_by), at=row.created_at,
    )


def _store_first(db: Database, actor: Actor) -> None:
    mapping = starting_mapping()
    try:
        with db.session() as session:
            gate = gate_of(session, actor)
            if _latest(session, gate.id) is not None:
                return
            now = utc_now()
            row = ScoringSettings(gate_id=gate.id, version=1, settings=mapping, changed_key="",
                                  reason="", workstation_id=actor.workstation_id,
                                  created_by=actor.officer_id, created_at=now)
            session.add(row)
            session.flush()
            append_event(session, workstation_id=actor.workstation_id,
                         officer_id=actor.officer_id, action="scoring.started",
                         entity="gate", entity_id=str(gate.id),
                         payload={"version": 1, "settings": mapping}, at=now)
    except IntegrityError:
        pass  # another workstation stored version 1 first: the same defaults, read below


def settings_in_force(db: Database, actor: Actor) -> tuple[int, CheckSettings]:
    """The version and the settings the gate's checks run with now.

    The first call at a gate stores its starting settings as version 1.
    """
    with db.session() as session:
        gate = gate_of(session, actor)
        row = _latest(session, gate.id)
        if row is not None:
            return row.version, judged(row.settings)
    _store_first(db, actor)
    with db.session() as session:
        row = _latest(session, gate_of(session, actor).id)
        if row is None:  # pragma: no cover - stored just above
            raise UserInputError(_("The scoring settings could not be stored."))
        return row.version, judged(row.settings)


def _may_read(actor: Actor) -> None:
    if not (allowed(actor.role, Action.EDIT_SCORING) or allowed(actor.role, Action.RUN_CHECK)):
        require(actor.role, Action.EDIT_SCORING)


def current_settings(db: Database, actor: Actor) -> SettingsVersion:
    """The settings in force, with who set them and why (customs officers and supervisors).

    Raises:
        PermissionDenied: the role neither runs checks nor edits the settings.
    """
    _may_read(actor)
    settings_in_force(db, actor)
    with db.session() as session:
        row = _latest(session, gate_of(session, actor).id)
        assert row is not None
        return _version(session, row)


def settings_history(db: Database, actor: Actor) -> list[SettingsVersion]:
    """Every version of the gate's settings, newest first."""
    _may_read(actor)
    settings_in_force(db, actor)
    with db.session() as session:
        gate = gate_of(session, actor)
        rows = session.scalars(
            select(ScoringSettings).where(ScoringSettings.gate_id == gate.id)
            .order_by(ScoringSettings.version.desc())
        ).all()
        return [_version(session, row) for row in rows]


def set_setting(db: Database, actor: Actor, key: str, value: str, reason: str, *,
                expected_version: int | None = None) -> SettingsVersion:
    """Change one key of the gate's scoring settings as a new version, with a reason.

    Raises:
        PermissionDenied: only supervisors change the settings.
        UserInputError: no reason, an unknown key, a value of the wrong kind, the
            value the key has already, or settings a check could not run with.
        ConcurrentChange: another supervisor changed the settings first (since
            ``expected_version`` when given).
    """
    require(actor.role, Action.EDIT_SCORING)
    if not reason.strip():
        raise UserInputError(_("Write the reason for changing the scoring settings."))
    reason = clean_reason(reason)
    version, _settings = settings_in_force(db, actor)
    if expected_version is not None and expected_version != version:
        raise ConcurrentChange(_("Another supervisor changed the scoring settings first: "
                                 "look at them again."))
    key = key.strip()
    try:
        with db.session() as session:
            gate = gate_of(session, actor)
            latest = _latest(session, gate.id)
            assert latest is not None
            if latest.version != version:
                raise ConcurrentChange(_("Another supervisor changed the scoring settings "
                                         "first: look at them again."))
            stored = complete(latest.settings)
            before = dict(flatten(stored)).get(key)
            changed = with_value(stored, key, value)
            after = dict(flatten(changed)).get(key)
            if after == before:
                raise UserInputError(_("{key} is {value} already.").format(
                    key=key, value=_shown(after)))
            now = utc_now()
            row = ScoringSettings(gate_id=gate.id, version=latest.version + 1, settings=changed,
                                  changed_key=key, reason=reason,
                                  workstation_id=actor.workstation_id,
                                  created_by=actor.officer_id, created_at=now)
            session.add(row)
            session.flush()
            append_event(session, workstation_id=actor.workstation_id,
                         officer_id=actor.officer_id, action="scoring.changed",
                         entity="gate", entity_id=str(gate.id),
                         payload={"version": row.version, "key": key, "from": before,
                                  "to": after, "reason": reason}, at=now)
            return _version(session, row)
    except IntegrityError:
        raise ConcurrentChange(_("Another supervisor changed the scoring settings first: "
                                 "look at them again.")) from None


def _shown(value: SettingValue | None) -> str:
    if isinstance(value, list):
        return ", ".join(value)
    return "" if value is None else str(value)


def shown_value(value: SettingValue | None) -> str:
    """A setting's value as the officer reads and types it."""
    return _shown(value)

