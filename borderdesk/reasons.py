"""Why something failed, in BorderDesk's own words.

A library's message (an ``OSError``'s strerror, the JSON parser's, a database
driver's, a tool's stderr) is English written for programmers: put inside a
translated sentence it gives the officer "JSON không hợp lệ: Expecting value".
``reason_for`` picks our own phrase by the error's class, errno or database
error code, and writes the library's text to the log, where the supervisor
finds it when the phrase is not enough.
"""

from __future__ import annotations

import errno
import json
import logging
import sqlite3
import subprocess
import tomllib
import zipfile

from borderdesk.errors import BorderDeskError
from borderdesk.i18n import N_, _

log = logging.getLogger("borderdesk.reasons")

_BY_ERRNO: dict[int, str] = {
    errno.ENOENT: N_("there is no such file"),
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("permission denied"),
    errno.ENOSPC: N_("the disk is full"),
    errno.EDQUOT: N_("the disk is full"),
    errno.EROFS: N_("the disk is read-only"),
    errno.EISDIR: N_("it is a folder, not a file"),
    errno.ENOTDIR: N_("a part of the path is a file, not a folder"),
    errno.ELOOP: N_("the path loops through symbolic links"),
    errno.ENAMETOOLONG: N_("the path is too long"),
    errno.EEXIST: N_("it already exists"),
    errno.EBUSY: N_("another program is using it"),
    errno.ETXTBSY: N_("another program is using it"),
    errno.EIO: N_("the disk reported a read or write error"),
    errno.EMFILE: N_("too many files are open"),
    errno.ENFILE: N_("too many files are open"),
    errno.ECONNREFUSED: N_("the server refused the connection"),
    errno.ECONNRESET: N_("the connection to the server was lost"),
    errno.ETIMEDOUT: N_("the server did not answer in time"),
    errno.EHOSTUNREACH: N_("the network cannot reach the server"),
    errno.ENETUNREACH: N_("the network cannot reach the server"),
}

# SQLite's result codes (sqlite3.Error.sqlite_errorname), extended codes cut to their family.
_BY_SQLITE_CODE: dict[str, str] = {
    "SQLITE_BUSY": N_("another program is writing to the database (it is locked)"),
    "SQLITE_LOCKED": N_("another program is writing to the database (it is locked)"),
    "SQLITE_CANTOPEN": N_("the database file cannot be opened"),
    "SQLITE_NOTADB": N_("it is not a database file"),
    "SQLITE_CORRUPT": N_("the database file is damaged"),
    "SQLITE_FULL": N_("the disk is full"),
    "SQLITE_READONLY": N_("the database may only be read here"),
    "SQLITE_PERM": N_("permission denied"),
    "SQLITE_AUTH": N_("permission denied"),
    "SQLITE_IOERR": N_("the disk reported a read or write error"),
}

# PostgreSQL's SQLSTATE codes: exact codes first, then their two-character class.
_BY_SQLSTATE: dict[str, str] = {
    "28P01": N_("the server refused the login"),
    "28000": N_("the server refused the login"),
    "3D000": N_("the server has no such database"),
    "42501": N_("the database login lacks the right to do this"),
    "53300": N_("the server has too many connections open"),
    "57P01": N_("the server is shutting down"),
    "57P02": N_("the server is shutting down"),
    "57P03": N_("the server is starting up and not ready yet"),
    "53": N_("the server ran out of resources (disk or memory)"),
    "08": N_("the connection to the server was lost"),
    "40": N_("another workstation changed the same records at the same time"),
    "23": N_("it conflicts with what the database already holds"),
}


def reason_for(error: BaseException) -> str:
    """A short phrase, in the active language, saying why ``error`` happened.

    The phrase fits after a colon in a sentence ("… cannot be read: {reason}").
    The error's own text is logged (INFO: an officer's or the machine's problem,
    not a bug). A ``BorderDeskError`` is already in our words and is returned as is.
    """
    if isinstance(error, BorderDeskError):
        return str(error)
    log.info("told the officer in our words; the library said %s: %s", type(error).__name__, error)
    return _phrase(error)


def _phrase(error: BaseException) -> str:
    # DBAPIError (SQLAlchemy) wraps the driver's error: judge the driver's.
    orig = getattr(error, "orig", None)
    if isinstance(orig, BaseException) and orig is not error:
        return _phrase(orig)
    if isinstance(error, json.JSONDecodeError):
        return _("not valid JSON at line {line}, column {column}").format(
            line=error.lineno, column=error.colno)
    if isinstance(error, tomllib.TOMLDecodeError):
        return _("not valid TOML")
    if isinstance(error, UnicodeError):
        return _("the text is not in UTF-8")
    if isinstance(error, subprocess.TimeoutExpired):
        return _("it did not finish within {seconds} seconds").format(
            seconds=f"{error.timeout:g}")
    if isinstance(error, zipfile.BadZipFile):
        return _("it is not a ZIP file, or it is damaged")
    if isinstance(error, sqlite3.Error):
        return _sqlite_phrase(error)
    sqlstate = getattr(error, "sqlstate", None)
    if isinstance(sqlstate, str) and sqlstate:
        phrase = _BY_SQLSTATE.get(sqlstate) or _BY_SQLSTATE.get(sqlstate[:2])
        if phrase:
            return _(phrase)
        return _("the database server refused it (code {code})").format(code=sqlstate)
    if type(error).__module__.startswith("psycopg") and type(error).__name__ in (
            "OperationalError", "InterfaceError"):
        # No SQLSTATE: refused at connection (a wrong password, an unknown login or
        # database) or never reached; libpq tells them apart only in its English.
        return _("the database server cannot be reached or refused the connection")
    if isinstance(error, OSError):
        return _os_phrase(error)
    if isinstance(error, (ValueError, TypeError, KeyError, AttributeError)):
        return _("it holds a value BorderDesk does not expect")
    return _("an unexpected problem (the details are in the log)")


def _os_phrase(error: OSError) -> str:
    """An ``OSError`` in words chosen by its errno (not logged: ``reason_for`` logs)."""
    if error.errno in _BY_ERRNO:
        return _(_BY_ERRNO[error.errno])
    if error.errno:
        return _("the system refused it (error {number})").format(number=error.errno)
    return _("an unexpected problem (the details are in the log)")


def _sqlite_phrase(error: sqlite3.Error) -> str:
    name = getattr(error, "sqlite_errorname", None)
    if isinstance(name, str):
        family = "_".join(name.split("_")[:2])  # SQLITE_IOERR_WRITE -> SQLITE_IOERR
        phrase = _BY_SQLITE_CODE.get(name) or _BY_SQLITE_CODE.get(family)
        if phrase:
            return _(phrase)
    return _("the database refused it (the details are in the log)")


def tool_failed(tool: str, code: int, stderr: str) -> str:
    """Why an outside program (pg_dump, pg_restore) failed: its exit status; stderr to the log."""
    log.info("%s exited with status %s: %s", tool, code, stderr.strip())
    return _("{tool} stopped with exit status {code} (its message is in the log)").format(
        tool=tool, code=code)
