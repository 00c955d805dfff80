"""Signature checks by libsodium give exactly the answers of cryptography's Ed25519.

Events are signed with ``cryptography`` and checked with libsodium (it is twice
as fast, and checking signatures is most of ``audit verify``): a signature one
of them accepts and the other refuses would make a chain verify on one computer
and not on another.
"""

from __future__ import annotations

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from hypothesis import given, settings
from hypothesis import strategies as st

from borderdesk.custody.signing import public_key_hex, sign, verify

KEYS = [Ed25519PrivateKey.from_private_bytes(bytes([n]) * 32) for n in range(1, 5)]


def _openssl_verdict(public_hex: str, data: bytes, signature_hex: str) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_hex)).verify(
            bytes.fromhex(signature_hex), data)
    except (ValueError, InvalidSignature):
        return False
    return True


@settings(max_examples=300, deadline=None)
@given(signer=st.sampled_from(KEYS), checker=st.sampled_from(KEYS), data=st.binary(max_size=80),
       flip=st.one_of(st.none(), st.integers(min_value=0, max_value=511)))
def test_libsodium_and_openssl_agree_on_every_signature(
    signer: Ed25519PrivateKey, checker: Ed25519PrivateKey, data: bytes, flip: int | None,
) -> None:
    signature = bytearray(bytes.fromhex(sign(signer, data)))
    if flip is not None:  # one bit of the signature changed
        signature[flip // 8] ^= 1 << (flip % 8)
    public = public_key_hex(checker)
    expected = _openssl_verdict(public, data, signature.hex())
    assert verify(public, data, signature.hex()) is expected
    assert expected is (signer is checker and flip is None)


@given(public=st.binary(max_size=40), signature=st.binary(max_size=70), data=st.binary(max_size=8))
def test_a_malformed_key_or_signature_is_no_signature(
    public: bytes, signature: bytes, data: bytes,
) -> None:
    assert verify(public.hex(), data, signature.hex()) is _openssl_verdict(
        public.hex(), data, signature.hex())


def test_text_that_is_not_hex_is_no_signature() -> None:
    key = KEYS[0]
    good = sign(key, b"x")
    assert verify(public_key_hex(key), b"x", good)
    assert not verify(public_key_hex(key), b"x", good[:-1] + "z")
    assert not verify("zz" * 32, b"x", good)
