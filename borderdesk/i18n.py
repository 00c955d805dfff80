"""One gettext catalog for every layer: windows, CLI, findings and reports.

``_`` looks the message up in the language active *now*, so switching the
language applies without restarting. Strings defined at import time are
marked with ``N_`` and translated where they are shown.
"""

from __future__ import annotations

import gettext
import os
import struct
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Protocol

from borderdesk.paths import resources_dir

DOMAIN = "borderdesk"
LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"

_active = DEFAULT_LANGUAGE
# A report rendered in a worker thread speaks its own language without
# changing the window's: the thread's language wins over the process's.
_thread = threading.local()


class _Messages:
    """A compiled catalog's messages, each decoded the first time it is asked for.

    The keys are gettext's: a message, or (singular, plural form) for a message
    with plural forms.
    """

    def __init__(self, buf: bytes, found: dict[bytes, tuple[int, int]], charset: str) -> None:
        self._buf = buf
        self._found = found
        """Original, or singular of a plural entry, as bytes -> its translation's place."""
        self._charset = charset
        self._decoded: dict[str | tuple[str, int], str] = {}

    def _lookup(self, key: str | tuple[str, int]) -> str | None:
        message, form = (key, -1) if isinstance(key, str) else key
        place = self._found.get(message.encode(self._charset) + (b"\x00" if form >= 0 else b""))
        if place is None:
            return None
        length, offset = place
        translation = self._buf[offset:offset + length]
        if form >= 0:
            forms = translation.split(b"\x00")
            if form >= len(forms):
                return None
            translation = forms[form]
        return str(translation, self._charset)

    def get(self, key: str | tuple[str, int], default: object = None) -> object:
        """The translation of ``key``, or ``default``."""
        try:
            return self[key]
        except KeyError:
            return default

    def __getitem__(self, key: str | tuple[str, int]) -> str:
        text = self._decoded.get(key)
        if text is None:
            text = self._lookup(key)
            if text is None:
                raise KeyError(key)
            self._decoded[key] = text
        return text


class _Readable(Protocol):
    def read(self) -> bytes: ...


class _CatalogReadOnDemand(gettext.GNUTranslations):
    """gettext's reader of a compiled catalog, decoding a message when it is first used.

    gettext decodes all of the catalog's messages when it opens it, 10-15 ms on a gate's
    computer, and the login screen, the first window, needs a dozen of them.
    """

    def _parse(self, fp: _Readable) -> None:
        buf = fp.read()
        magic = struct.unpack("<I", buf[:4])[0]
        order = {self.LE_MAGIC: "<", self.BE_MAGIC: ">"}.get(magic)
        if order is None:
            raise OSError(0, "Bad magic number", getattr(fp, "name", ""))
        version, count, originals, translations = struct.unpack(order + "4I", buf[4:20])
        if version >> 16 not in self.VERSIONS:
            raise OSError(0, f"Bad version number {version >> 16}", getattr(fp, "name", ""))
        table = f"{order}{2 * count}I"
        original = struct.unpack_from(table, buf, originals)
        translated = struct.unpack_from(table, buf, translations)
        ends = [size + at for size, at in zip(original[0::2], original[1::2], strict=True)]
        places = list(zip(translated[0::2], translated[1::2], strict=True))
        if count and max(*ends, *(length + offset for length, offset in places)) >= len(buf):
            raise OSError(0, "File is corrupt", getattr(fp, "name", ""))
        messages = [buf[start:end] for start, end in zip(original[1::2], ends, strict=True)]
        found = dict(zip(messages, places, strict=True))
        for message, place in zip(messages, places, strict=True):
            # A plural entry is "singular\0plural"; it is found by its singular and a \0.
            cut = message.find(b"\x00")
            if cut >= 0:
                found[message[:cut + 1]] = place
        self.plural = lambda n: int(n != 1)
        header = found.get(b"")
        if header is not None:
            self._read_header(buf[header[1]:header[1] + header[0]])
        self._catalog = _Messages(buf, found, self._charset or "ascii")

    def _read_header(self, header: bytes) -> None:
        # As gettext reads the catalog's description (its empty message).
        info, last = self.info(), None
        for line in header.decode().split("\n"):
            item = line.strip()
            if not item or (item.startswith("#-#-#-#-#") and item.endswith("#-#-#-#-#")):
                continue
            if ":" not in item:
                if last:
                    info[last] += "\n" + item
                continue
            key, value = (part.strip() for part in item.split(":", 1))
            key = key.lower()
            info[key] = value
            last = key
            if key == "content-type":
                self._charset = value.split("charset=")[1]
            elif key == "plural-forms":
                self.plural = gettext.c2py(value.split(";")[1].split("plural=")[1])


@cache
def _catalog(language: str) -> gettext.NullTranslations:
    # Opened by its path: gettext's search for it imports ``locale`` (3 ms) to try
    # "vi_VN.VISCII" and its kin first, which BorderDesk never ships.
    path = resources_dir() / "locale" / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
    try:
        with path.open("rb") as handle:
            return _CatalogReadOnDemand(handle)
    except FileNotFoundError:
        return gettext.NullTranslations()


def set_language(language: str) -> None:
    """Make ``language`` ("vi" or "en") the language of every later message."""
    global _active  # noqa: PLW0603 - one process, one language at a time
    if language not in LANGUAGES:
        raise ValueError(language)
    _active = language


def language() -> str:
    """The active language code (this thread's own, when ``in_language`` set one)."""
    return getattr(_thread, "language", None) or _active


@contextmanager
def in_language(language_code: str) -> Iterator[None]:
    """Speak ``language_code`` in this thread only, for the duration of the block.

    Raises:
        ValueError: an unknown language code.
    """
    if language_code not in LANGUAGES:
        raise ValueError(language_code)
    previous = getattr(_thread, "language", None)
    _thread.language = language_code
    try:
        yield
    finally:
        _thread.language = previous


def language_from_environment(fallback: str = DEFAULT_LANGUAGE) -> str:
    """The language named by ``BORDERDESK_LANG``, else ``fallback``."""
    value = os.environ.get("BORDERDESK_LANG", "").strip().lower()[:2]
    return value if value in LANGUAGES else fallback


def _(message: str) -> str:
    """Translate ``message`` into the active language."""
    active = language()
    if active == "en":
        return message
    return _catalog(active).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message that depends on a count."""
    active = language()
    if active == "en":
        return singular if n == 1 else plural
    return _catalog(active).ngettext(singular, plural, n)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Mark ``message`` for extraction without translating it yet."""
    return message
