"""Typed, versioned settings of a workstation, stored as JSON under the config folder.

Qt's QSettings keeps only what Qt owns (window geometry). A settings file of
an older ``schema_version`` is migrated step by step when read.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any
from uuid import UUID

from borderdesk import paths
from borderdesk.errors import UserInputError
from borderdesk.i18n import DEFAULT_LANGUAGE, LANGUAGES, _

log = logging.getLogger("borderdesk.config")

SCHEMA_VERSION = 2
SETTINGS_FILE = "settings.json"


@dataclass(frozen=True)
class CameraSource:
    """A capture source: a device index, an RTSP/HTTP URL or a video file."""

    name: str
    source: str


@dataclass(frozen=True)
class Settings:
    """Everything a workstation remembers between starts."""

    workstation_id: UUID
    workstation_name: str
    language: str = DEFAULT_LANGUAGE
    database_url: str = ""
    """Empty means the embedded SQLite database."""
    gate_code: str = "LAOBAO"
    tesseract_cmd: str = "tesseract"
    tesseract_languages: str = "vie+eng"
    camera_sources: tuple[CameraSource, ...] = ()
    idle_lock_minutes: int = 5
    queue_refresh_seconds: int = 3
    handoff_overdue_minutes: int = 60
    """A handoff pending longer than this is marked overdue in the inbox."""
    schema_version: int = SCHEMA_VERSION

    def validated(self) -> Settings:
        """This settings object, after checking each field.

        Raises:
            UserInputError: naming the first field that is wrong.
        """
        if self.language not in LANGUAGES:
            raise UserInputError(_("Unknown language '{value}'.").format(value=self.language))
        if not self.workstation_name.strip():
            raise UserInputError(_("The workstation needs a name."))
        if not 1 <= self.idle_lock_minutes <= 240:
            raise UserInputError(_("The idle lock must be between 1 and 240 minutes."))
        if not 1 <= self.queue_refresh_seconds <= 60:
            raise UserInputError(_("The queue refresh must be between 1 and 60 seconds."))
        if not 5 <= self.handoff_overdue_minutes <= 10080:
            raise UserInputError(
                _("A handoff becomes overdue after 5 minutes to 7 days (10080 minutes)."))
        if self.database_url:
            from borderdesk.storage.engine import parse_url

            parse_url(self.database_url)
        return self


def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    # Version 1 kept one camera as a plain string.
    camera = data.pop("camera", None)
    data["camera_sources"] = [{"name": "Camera 1", "source": str(camera)}] if camera else []
    return data


_MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _v1_to_v2}


def default_settings() -> Settings:
    """Settings of a workstation that starts for the first time, with a new identity."""
    # A UUIDv7 as storage's new_id makes, without importing storage (and SQLAlchemy) before
    # the first login screen shows; sockets only for the computer's name, on a first start.
    import socket

    import uuid6

    return Settings(workstation_id=UUID(str(uuid6.uuid7())),
                    workstation_name=socket.gethostname() or "BD-1")


def settings_path() -> Path:
    """The settings file of this user."""
    return paths.config_dir() / SETTINGS_FILE


def _from_dict(data: dict[str, Any]) -> Settings:
    version = int(data.get("schema_version", 1))
    while version < SCHEMA_VERSION:
        data = _MIGRATIONS[version](data)
        version += 1
    data["schema_version"] = SCHEMA_VERSION
    data["workstation_id"] = UUID(str(data["workstation_id"]))
    data["camera_sources"] = tuple(CameraSource(**c) for c in data.get("camera_sources", []))
    known = Settings.__dataclass_fields__
    return Settings(**{k: v for k, v in data.items() if k in known})


def load_settings(path: Path | None = None) -> Settings:
    """Read the settings, creating them (and the workstation identity) on first start.

    A damaged file is kept aside as ``settings.json.damaged`` and replaced by
    defaults, keeping the workstation identity when it can be read.
    """
    path = path or settings_path()
    if not path.exists():
        settings = default_settings()
        save_settings(settings, path)
        return settings
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return _from_dict(data)
    except (ValueError, KeyError, TypeError) as error:
        log.warning("settings file %s is damaged (%s); starting from defaults", path, error)
        path.replace(path.with_suffix(".json.damaged"))
        settings = default_settings()
        save_settings(settings, path)
        return settings


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write the settings atomically; readable by this user only (it may hold a password)."""
    path = path or settings_path()
    data = asdict(settings)
    data["workstation_id"] = str(settings.workstation_id)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, indent=2)
    tmp.replace(path)


def database_url(settings: Settings) -> str:
    """The database to use: ``BORDERDESK_DB_URL``, else the settings, else the embedded one."""
    from borderdesk.storage.engine import embedded_url

    return os.environ.get("BORDERDESK_DB_URL") or settings.database_url or embedded_url()


def with_changes(settings: Settings, **changes: Any) -> Settings:
    """A copy of ``settings`` with ``changes`` applied and validated."""
    return replace(settings, **changes).validated()


__all__ = [
    "CameraSource",
    "Settings",
    "database_url",
    "default_settings",
    "load_settings",
    "save_settings",
    "settings_path",
    "with_changes",
]

