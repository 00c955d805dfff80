"""Ed25519 signatures of audit events and handoff bundles.

Keys are made and data signed with the ``cryptography`` package; signatures
are checked with libsodium (PyNaCl), which does it in half the time OpenSSL
takes, and checking signatures is most of what verifying a chain costs. Both
implement RFC 8032; a property test holds them to the same answers.

Keys travel as hex of their raw 32 bytes: short enough to read out over a
phone or print under a checkpoint, and the same text in the database, in a
bundle and on paper.
"""

from __future__ import annotations

import functools
import hashlib

from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from nacl.bindings import crypto_sign_open
from nacl.exceptions import CryptoError

PUBLIC_KEY_HEX_LENGTH = 64
PUBLIC_KEY_LENGTH = 32
SIGNATURE_LENGTH = 64


def new_private_key() -> Ed25519PrivateKey:
    """A fresh signing key."""
    return Ed25519PrivateKey.generate()


def public_key_hex(private_key: Ed25519PrivateKey) -> str:
    """The public half of ``private_key``, as hex of its raw bytes."""
    raw = private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return raw.hex()


def sign(private_key: Ed25519PrivateKey, data: bytes) -> str:
    """The signature of ``data``, hex."""
    return private_key.sign(data).hex()


def is_valid_public_key(text: str) -> bool:
    """Whether ``text`` is the hex of a raw Ed25519 public key."""
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(text))
    except ValueError:
        return False
    return len(text) == PUBLIC_KEY_HEX_LENGTH


def verify(public_hex: str, data: bytes, signature_hex: str) -> bool:
    """Whether ``signature_hex`` is the signature of ``data`` by the key ``public_hex``.

    A malformed key or signature is simply not a valid signature.
    """
    try:
        signature = bytes.fromhex(signature_hex)
        key = _public_key(public_hex)
    except ValueError:
        return False
    if len(signature) != SIGNATURE_LENGTH or len(key) != PUBLIC_KEY_LENGTH:
        return False
    try:
        crypto_sign_open(signature + data, key)
    except CryptoError:
        return False
    return True


@functools.lru_cache(maxsize=256)
def _public_key(public_hex: str) -> bytes:
    # A chain's walk checks every event with the same key: decode it once, not per event.
    return bytes.fromhex(public_hex)


def fingerprint(public_hex: str) -> str:
    """A short, readable name of a public key: the first 16 hex digits of its SHA-256, grouped.

    Printed on receipts and reports and compared by people, so it is grouped in fours.
    """
    digest = hashlib.sha256(bytes.fromhex(public_hex)).hexdigest()[:16].upper()
    return " ".join(digest[i:i + 4] for i in range(0, 16, 4))
