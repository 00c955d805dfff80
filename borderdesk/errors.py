"""Errors typed by who is to blame.

The CLI maps them to exit codes and the GUI to dialogs; anything that is not
a ``BorderDeskError`` is a bug and takes the crash path.
"""

from __future__ import annotations

from collections.abc import Mapping


class BorderDeskError(Exception):
    """An error the officer should read: ``str(error)`` is already translated."""

    exit_code = 2


class UserInputError(BorderDeskError):
    """The input was wrong: a bad file, a bad value, an unknown record."""


class InvalidForm(UserInputError):
    """Several fields of a form are invalid.

    Attributes:
        fields: field name -> translated reason, for marking the form.
    """

    def __init__(self, message: str, fields: Mapping[str, str]) -> None:
        super().__init__(message)
        self.fields = dict(fields)


class PermissionDenied(BorderDeskError):
    """The officer's role may not do this, whatever face asked for it."""


class LoginRefused(UserInputError):
    """Wrong credentials, a locked or a disabled account."""


class CheckFailed(BorderDeskError):
    """A verification ran and found a problem (exit 1)."""

    exit_code = 1


class EnvironmentProblem(BorderDeskError):
    """Something outside BorderDesk is missing: database unreachable, tesseract absent."""


class ConcurrentChange(UserInputError):
    """Another workstation changed the record first."""


class BundleRefused(UserInputError):
    """A signed handoff bundle was refused: unsafe, altered, untrusted or malformed.

    Raised before anything is extracted or imported; the message names the reason.
    """


class AdministratorLoginNeeded(PermissionDenied):
    """The change writes who is who (officers, keys, workstations): on the gate's server it
    needs the administrators' database login, typed by an administrator when used."""


def excerpt(value: object, limit: int | None = None) -> str:
    """``value`` as text fit to quote in a one-line error: newlines folded, cut with "…".

    A hostile file's 100 KB field must not become a 100 KB error line.
    """
    from borderdesk.limits import SHOWN_VALUE_CHARACTERS

    limit = limit or SHOWN_VALUE_CHARACTERS
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
