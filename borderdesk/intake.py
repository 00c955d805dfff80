"""Taking in a file someone handed over: only a regular file, its size known before reading.

A path on the command line or from a file dialog may name a FIFO that never
ends, a device such as ``/dev/zero``, a symlink loop or a folder. Each is
refused on one line before a byte is read; a regular file is opened without
blocking, checked again through its open handle (it cannot be swapped for a
FIFO between the two looks), and read with a bound one byte past the limit,
so a file that grows while it is read is refused too.
"""

from __future__ import annotations

import os
import stat
from io import BufferedReader
from pathlib import Path

from borderdesk.errors import UserInputError, excerpt
from borderdesk.i18n import _
from borderdesk.reasons import reason_for


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".rstrip("0").rstrip(".")


def _kind(mode: int) -> str | None:
    """What a non-regular file is, in words, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return _("a folder")
    if stat.S_ISFIFO(mode):
        return _("a pipe (FIFO)")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _("a device")
    # Linux has no other kind a stat() that followed the links can return.
    return _("a socket") if stat.S_ISSOCK(mode) else _("not a regular file")


def refused(path: Path | str, problem: str) -> UserInputError:
    """The one-line error for a file that cannot be taken in: ``name: problem``."""
    name = Path(path).name or str(path)
    return UserInputError(_("{file}: {problem}").format(file=excerpt(name), problem=problem))


def _unreadable(path: Path, error: OSError) -> UserInputError:
    return refused(path, _("cannot be read: {reason}").format(reason=reason_for(error)))


def check_handed_file(path: Path, limit: int) -> int:
    """The size of ``path`` after checking, without reading, that it may be read.

    Raises:
        UserInputError: not a regular file, missing, unreadable or over ``limit`` bytes.
    """
    try:
        facts = os.stat(path)
    except OSError as error:
        raise _unreadable(path, error) from None
    except ValueError:  # a NUL byte in the path
        raise refused(path, _("cannot be read: {reason}").format(
            reason=_("the path is not valid"))) from None
    kind = _kind(facts.st_mode)
    if kind is not None:
        raise refused(path, _("is {kind}, not a file").format(kind=kind))
    if facts.st_size > limit:
        raise refused(path, _("the file is {size} MB; at most {limit} MB is read").format(
            size=_megabytes(facts.st_size), limit=_megabytes(limit)))
    return facts.st_size


def open_handed_file(path: Path, limit: int) -> BufferedReader:
    """The regular file ``path`` opened for reading, when it holds at most ``limit`` bytes.

    For a reader that streams the file (a bundle's zip) instead of reading it whole.

    Raises:
        UserInputError: as ``read_handed_file``.
    """
    check_handed_file(path, limit)
    try:
        # O_NONBLOCK: if the path became a FIFO since stat(), opening it must not wait for a
        # writer; fstat on the handle below then refuses it.
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise _unreadable(path, error) from None
    handle = os.fdopen(descriptor, "rb")
    kind = _kind(os.fstat(descriptor).st_mode)
    if kind is not None:
        handle.close()
        raise refused(path, _("is {kind}, not a file").format(kind=kind))
    return handle


def read_handed_file(path: Path, limit: int) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them.

    Raises:
        UserInputError: one line naming the file: not a regular file (folder,
            FIFO, device, socket), missing, unreadable, a symlink loop, a path
            through a file, or larger than ``limit``.
    """
    with open_handed_file(path, limit) as handle:
        try:
            data = handle.read(limit + 1)
        except OSError as error:
            raise _unreadable(path, error) from None
    if len(data) > limit:
        raise refused(path, _("the file grew past {limit} MB while it was read").format(
            limit=_megabytes(limit)))
    return data
