"""One gettext catalog for every layer: windows, CLI, findings and reports.

``_`` looks the message up in the language active *now*, so switching the
language applies without restarting. Strings defined at import time are
marked with ``N_`` and translated where they are shown.
"""

from __future__ import annotations

import gettext
import os
from functools import cache

from borderdesk.paths import resources_dir

DOMAIN = "borderdesk"
LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"

_active = DEFAULT_LANGUAGE


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
    """The active language code."""
    return _active


def language_from_environment(fallback: str = DEFAULT_LANGUAGE) -> str:
    """The language named by ``BORDERDESK_LANG``, else ``fallback``."""
    value = os.environ.get("BORDERDESK_LANG", "").strip().lower()[:2]
    return value if value in LANGUAGES else fallback


def _(message: str) -> str:
    """Translate ``message`` into the active language."""
    if _active == "en":
        return message
    return _catalog(_active).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message that depends on a count."""
    if _active == "en":
        return singular if n == 1 else plural
    return _catalog(_active).ngettext(singular, plural, n)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Mark ``message`` for extraction without translating it yet."""
    return message
