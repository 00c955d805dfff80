"""Where BorderDesk keeps its files.

Everything goes under the platformdirs folders of the user, unless
``BORDERDESK_HOME`` names one folder to hold them all (tests, portable
installs, several demo gates on one machine). Each of BorderDesk's folders
is readable by this user only (mode 0700, ``borderdesk.private_files``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

from borderdesk.private_files import private_folder, tighten

APP_NAME = "borderdesk"


def _home() -> Path | None:
    value = os.environ.get("BORDERDESK_HOME")
    return Path(value) if value else None


def _ensure(path: Path) -> Path:
    # BorderDesk's own folders hold the database, keys, logs and thumbnails of photos: they are
    # this user's only, created 0700, and one an older version left open is closed (and logged).
    private_folder(path)
    tighten(path, "folder")
    return path


def data_dir() -> Path:
    """Folder of the embedded database and evidence."""
    home = _home()
    return _ensure(home / "data" if home else platformdirs.user_data_path(APP_NAME))


def config_dir() -> Path:
    """Folder of the settings file."""
    home = _home()
    return _ensure(home / "config" if home else platformdirs.user_config_path(APP_NAME))


def log_dir() -> Path:
    """Folder of the rotating log files."""
    home = _home()
    return _ensure(home / "log" if home else platformdirs.user_log_path(APP_NAME))


def cache_dir() -> Path:
    """Folder of derived files (thumbnails) that can be rebuilt from the evidence."""
    home = _home()
    return _ensure(home / "cache" if home else platformdirs.user_cache_path(APP_NAME))


def embedded_database() -> Path:
    """The embedded SQLite database file."""
    return data_dir() / "borderdesk.sqlite3"


def resources_dir() -> Path:
    """The shipped resources (locale, fonts, reference data)."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def migrations_dir() -> Path:
    """The Alembic migration environment."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "db"
    return Path(__file__).resolve().parent.parent / "db"
