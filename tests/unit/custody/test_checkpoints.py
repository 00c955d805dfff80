"""A chain head printed on paper reads back, however a person retypes it; a mistyped one is
refused as not a valid checkpoint, so that only a well-copied one can accuse the chain."""

from __future__ import annotations

import string
from uuid import UUID

import pytest

from borderdesk.custody.chain import (
    Checkpoint,
    check_digits,
    format_checkpoint,
    parse_checkpoint,
)
from borderdesk.domain.custody import ChainHead
from borderdesk.errors import UserInputError

WS = UUID("01936b2e-41f0-7c87-b19b-a0785ee02f6b")
HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
HEAD = ChainHead(workstation_id=WS, workstation_name="LB-BOOTH-1", seq=1520, hash=HASH)
PRINTED = "5ee02f6b:1520:9f86d081884c7d65:90"


def test_the_printed_line_is_short_carries_check_digits_and_reads_back() -> None:
    line = format_checkpoint(HEAD)
    assert line == PRINTED
    checkpoint = parse_checkpoint(line)
    assert checkpoint == Checkpoint("5ee02f6b", 1520, "9f86d081884c7d65", checked=True)
    assert checkpoint.names(WS) and checkpoint.matches(HASH)
    assert checkpoint.text() == line


def test_a_checkpoint_printed_before_check_digits_is_still_read_but_marked_unchecked() -> None:
    old = parse_checkpoint("5ee02f6b:1520:9f86d081884c7d65")
    assert old == Checkpoint("5ee02f6b", 1520, "9f86d081884c7d65", checked=False)
    assert old.text() == PRINTED


def test_the_whole_id_and_hash_in_capitals_with_spaces_are_accepted() -> None:
    checkpoint = parse_checkpoint(f"  {str(WS).upper()} : 1520 : {HASH[:32].upper()} {HASH[32:]} ")
    assert checkpoint == Checkpoint(WS.hex, 1520, HASH, checked=False)
    assert checkpoint.names(WS)
    assert parse_checkpoint("5EE0 2F6B:1520:9F86 D081 884C 7D65: 9 0") == parse_checkpoint(PRINTED)


def test_another_workstation_or_hash_does_not_match() -> None:
    checkpoint = parse_checkpoint(format_checkpoint(HEAD))
    assert not checkpoint.names(UUID("01936b2e-41f0-7c87-b19b-a0785ee02f6c"))
    assert not checkpoint.matches("0" * 64)


def _typos(line: str) -> set[str]:
    """Every line a person could make of ``line`` by one wrong character or one swap."""
    typed = set()
    for i, char in enumerate(line):
        if char == ":":
            continue
        alphabet = string.digits if i > line.rindex(":") or line[:i].count(":") == 1 \
            else string.hexdigits.lower()
        typed.update(line[:i] + other + line[i + 1:] for other in alphabet if other != char)
        if i + 1 < len(line) and line[i + 1] != char:
            typed.add(line[:i] + line[i + 1] + char + line[i + 2:])
    typed.discard(line)
    return typed


@pytest.mark.parametrize("head", [
    HEAD,
    ChainHead(WS, "B", 7, "0" * 64),
    ChainHead(UUID(int=2**128 - 1), "C", 999_999, "f" * 64),
    ChainHead(UUID("01936b2e-41f0-7c87-b19b-a0785ee0afaf"), "D", 41, "a0" * 32),
])
def test_every_single_typo_and_every_swap_of_neighbours_is_refused(head: ChainHead) -> None:
    line = format_checkpoint(head)
    typos = _typos(line)
    assert len(typos) > 300
    for typo in typos:
        with pytest.raises(UserInputError, match="not a valid checkpoint"):
            parse_checkpoint(typo)


def test_the_check_digits_are_two_decimal_digits() -> None:
    assert check_digits("5ee02f6b:1520:9f86d081884c7d65") == "90"
    with pytest.raises(UserInputError, match="check digits do not match"):
        parse_checkpoint("5ee02f6b:1520:9f86d081884c7d65:09")


@pytest.mark.parametrize("text", [
    "", "garbage", "5ee02f6b:1520", "5ee02f6b:1520:9f86d081884c7d65:x",
    "5ee02f6b:1520:9f86d081884c7d65:90:1",
    "5ee02f6:1520:9f86d081884c7d65",            # too few workstation digits
    "5ee02f6g:1520:9f86d081884c7d65",           # not hex
    "5ee02f6b:0:9f86d081884c7d65",              # events count from 1
    "5ee02f6b:-3:9f86d081884c7d65",
    "5ee02f6b:١٥٢٠:9f86d081884c7d65",           # digits, but not ones a database stores
    "5ee02f6b:1520:9f86d081884c7d6",            # too few hash digits
    "5ee02f6b:1520:9f86d081884c7d6z",
    f"{WS.hex}0:1520:{HASH}",                   # longer than an id
    f"5ee02f6b:1520:{HASH}0",                   # longer than a hash
])
def test_garbage_is_refused_as_not_a_valid_checkpoint(text: str) -> None:
    with pytest.raises(UserInputError, match="not a valid checkpoint"):
        parse_checkpoint(text)


def test_a_malformed_line_is_shown_the_expected_form() -> None:
    with pytest.raises(UserInputError, match="WORKSTATION:SEQUENCE:HASH:CHECK"):
        parse_checkpoint("5ee02f6b:15")
