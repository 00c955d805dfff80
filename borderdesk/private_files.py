"""Files only the workstation's user can read: databases, backups and the folders that hold them.

A gate's database holds officers' password hashes, drivers' identity numbers
and photos, and a backup holds all of it. Whatever BorderDesk creates of
that kind is created mode 0600 in a folder created 0700, before anything is
written into it: never readable by another account, not even for a moment.
SQLite gives its ``-wal`` and ``-shm`` files the mode of the database file,
so a database file created 0600 here keeps them private too.
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
from pathlib import Path
from typing import BinaryIO

log = logging.getLogger("borderdesk.files")

FILE_MODE = 0o600
FOLDER_MODE = 0o700
_OTHERS = stat.S_IRWXG | stat.S_IRWXO
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")
"""The files SQLite keeps beside a database, named by the database's name and these endings."""


def private_folder(path: Path) -> Path:
    """Make sure the folder ``path`` exists; when it has to be created, it is created 0700.

    Missing parents are created as the system creates folders (they may be
    shared ones such as ``~/.local/share``); only ``path`` itself holds the
    private files.

    Returns:
        ``path``.
    """
    if path.is_dir():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    # Another process may have made it a moment ago.
    with contextlib.suppress(FileExistsError):
        path.mkdir(mode=FOLDER_MODE)
    return path


def tighten(path: Path, what: str) -> bool:
    """Take group and world rights away from ``path``, logging it; False when it had none.

    ``what`` names the file in the log line ("database", "folder" ...).
    """
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return False
    if not mode & _OTHERS:
        return False
    private = FOLDER_MODE if stat.S_ISDIR(mode) else FILE_MODE
    try:
        path.chmod(private)
    except PermissionError:
        # Another account's file (a shared demo folder): say so, and work on.
        log.warning("The %s %s is readable by other accounts (mode %o) and belongs to "
                    "another account: it cannot be made private.", what, path,
                    stat.S_IMODE(mode))
        return False
    log.warning("The %s %s was readable by other accounts (mode %o); it is now %o.",
                what, path, stat.S_IMODE(mode), private)
    return True


def private_database(path: Path) -> None:
    """Make sure the SQLite file ``path`` and its companions are this user's only.

    A missing file is created empty, mode 0600, in a folder created 0700, so
    that SQLite (which opens it next) and its ``-wal``/``-shm`` files inherit
    that mode. An existing file readable by other accounts is tightened to
    0600 and the change logged: the database is the workstation user's file.
    """
    private_folder(path.parent)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    except FileExistsError:
        tighten(path, "database")
    for ending in SQLITE_COMPANIONS:
        tighten(path.with_name(path.name + ending), "database file")


def open_private(path: Path) -> BinaryIO:
    """Open ``path`` for writing, created (or truncated and made) 0600.

    The caller writes into a temporary name and renames it into place, so
    that nobody sees a half-written file.
    """
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        # A file that existed before keeps its mode through O_CREAT: set it.
        os.fchmod(fd, FILE_MODE)
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "wb")
