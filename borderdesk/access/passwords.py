"""Password hashing: argon2id through argon2-cffi, never anything home-made."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from borderdesk.errors import UserInputError
from borderdesk.i18n import _

MIN_LENGTH = 8
_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    """The argon2id hash to store for ``password``.

    Raises:
        UserInputError: when the password is too short to protect a shared booth.
    """
    if len(password) < MIN_LENGTH:
        raise UserInputError(
            _("A password needs at least {n} characters.").format(n=MIN_LENGTH)
        )
    return str(_hasher.hash(password))


def password_matches(stored_hash: str, password: str) -> bool:
    """Whether ``password`` matches ``stored_hash``; a malformed hash never matches."""
    try:
        return bool(_hasher.verify(stored_hash, password))
    except (VerificationError, InvalidHashError):
        return False
