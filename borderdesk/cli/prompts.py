"""Asking the person at the terminal for a password, and never a scheduler that cannot answer."""

from __future__ import annotations

import getpass
import os
import sys

from borderdesk.errors import UserInputError
from borderdesk.i18n import _


def has_terminal() -> bool:
    """Whether a person can be asked: the process has a terminal to prompt at.

    getpass prompts at the controlling terminal even when stdin is redirected;
    without one it would read stdin, which a scheduler may leave open forever.
    """
    if sys.platform == "win32":
        return sys.stdin is not None and sys.stdin.isatty()
    try:
        os.close(os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY))
    except OSError:
        return False
    return True


def secret(prompt: str, variable: str) -> str:
    """A password typed at the terminal; with no terminal, a refusal naming ``variable``."""
    if not has_terminal():
        # A scheduled run (cron, CI) has nobody to ask: say so at once instead of waiting.
        raise UserInputError(
            _("No password was given: set {variable} (there is no terminal to ask at).")
            .format(variable=variable)
        )
    try:
        return getpass.getpass(prompt)
    except EOFError:
        print(file=sys.stderr)
        raise UserInputError(_("No password was given.")) from None
