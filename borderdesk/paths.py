"""Where BorderDesk keeps its files.

Everything goes under the platformdirs folders of the user, unless
``BORDERDESK_HOME`` names one folder to hold them all (tests, portable
installs, several demo gates on one machine). Each of BorderDesk's folders
is readable by this user only (mode 0700, ``borderdesk.private_files``).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

from borderdesk.private_files import private_folder, tighten

APP_NAME = "borderdesk"

_XDG = {"data": ("XDG_DATA_HOME", ".local/share"), "config": ("XDG_CONFIG_HOME", ".config"),
        "log": ("XDG_STATE_HOME", ".local/state"), "cache": ("XDG_CACHE_HOME", ".cache")}
"""Per kind of folder: the XDG variable naming its base, and the base under the home folder."""


def _home() -> Path | None:
    value = os.environ.get("BORDERDESK_HOME")
    return Path(value) if value else None


def _user_folder(kind: str) -> Path:
    """The user's platformdirs folder of ``kind``.

    On Linux by platformdirs' XDG rules, without importing it: the login window,
    the first thing a start shows, reads its settings from here and would wait for it.
    """
    variable, default = _XDG[kind]
    home = os.environ.get("HOME", "")
    if sys.platform == "linux" and os.path.isabs(home):
        base = os.environ.get(variable, "")
        folder = Path(base if os.path.isabs(base) else os.path.join(home, default), APP_NAME)
        return folder / "log" if kind == "log" else folder
    import platformdirs

    finders: dict[str, Callable[[str], Path]] = {
        "data": platformdirs.user_data_path, "config": platformdirs.user_config_path,
        "log": platformdirs.user_log_path, "cache": platformdirs.user_cache_path}
    return finders[kind](APP_NAME)


def _ensure(path: Path) -> Path:
    # BorderDesk's own folders hold the database, keys, logs and thumbnails of photos: they are
    # this user's only, created 0700, and one an older version left open is closed (and logged).
    private_folder(path)
    tighten(path, "folder")
    return path


def data_dir() -> Path:
    """Folder of the embedded database and evidence."""
    home = _home()
    return _ensure(home / "data" if home else _user_folder("data"))


def config_dir() -> Path:
    """Folder of the settings file."""
    home = _home()
    return _ensure(home / "config" if home else _user_folder("config"))


def log_dir() -> Path:
    """Folder of the rotating log files."""
    home = _home()
    return _ensure(home / "log" if home else _user_folder("log"))


def cache_dir() -> Path:
    """Folder of derived files (thumbnails) that can be rebuilt from the evidence."""
    home = _home()
    return _ensure(home / "cache" if home else _user_folder("cache"))


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
