"""One gettext catalog for every layer: windows, CLI, findings and reports.

``_`` looks the message up in the language active *now*, so switching the
language applies without restarting. Strings defined at import time are
marked with ``N_`` and translated where they are shown.
"""

from __future__ import annotations

import gettext
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

from borderdesk.paths import resources_dir

DOMAIN = "borderdesk"
LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"

_active = DEFAULT_LANGUAGE
# A report rendered in a worker thread speaks its own language without
# changing the window's: the thread's language wins over the process's.
_thread = threading.local()


@cache
def _catalog(language: str) -> gettext.NullTranslations:
    return gettext.translation(
        DOMAIN, localedir=resources_dir() / "locale", languages=[language], fallback=True
    )


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
