"""Reading the queue's search box, and crossing references officers can read out."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from borderdesk.rules.identifiers import looks_like_container, normalize_plate

_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# Crockford's base 32: no I, L, O or U, so a reference read over the radio is not misheard.
_REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
REFERENCE_TAIL = 5


def prefix_upper_bound(prefix: str) -> str | None:
    """The smallest text above every text starting with ``prefix`` (letters A-Z, digits).

    ``col >= prefix AND col < bound`` is a prefix match an ordinary index can
    answer, unlike ``LIKE 'prefix%'``. The bound stays inside the alphabet
    (after "9" comes "A"), so it holds under any collation that orders digits
    before letters. None means no upper bound ("ZZZ").
    """
    chars = list(prefix)
    while chars:
        last = chars.pop()
        position = _ALPHABET.find(last)
        if position < 0:
            raise ValueError(f"{prefix!r} is not normalised")
        if position + 1 < len(_ALPHABET):
            return "".join(chars) + _ALPHABET[position + 1]
    return None


def search_terms(text: str) -> tuple[str, str]:
    """What a search text looks for: ("container" | "plate" | "", normalised prefix)."""
    prefix = normalize_plate(text)
    if not prefix:
        return "", ""
    return ("container" if looks_like_container(prefix) else "plate"), prefix


def crossing_reference(gate_code: str, local_day: date, crossing_id: UUID) -> str:
    """A short reference such as "LB-261125-7F3K2".

    Two letters of the gate, the local date and five characters from the
    random tail of the crossing's UUIDv7.
    """
    bits = crossing_id.int
    tail = ""
    for _ in range(REFERENCE_TAIL):
        tail = _REFERENCE_ALPHABET[bits & 31] + tail
        bits >>= 5
    return f"{gate_code[:2].upper()}-{local_day:%y%m%d}-{tail}"
