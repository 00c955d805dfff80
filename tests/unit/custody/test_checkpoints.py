"""A chain head printed on paper reads back, however a person retypes it."""

from __future__ import annotations

from uuid import UUID

import pytest

from borderdesk.custody.chain import Checkpoint, format_checkpoint, parse_checkpoint
from borderdesk.domain.custody import ChainHead
from borderdesk.errors import UserInputError

WS = UUID("01936b2e-41f0-7c87-b19b-a0785ee02f6b")
HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
HEAD = ChainHead(workstation_id=WS, workstation_name="LB-BOOTH-1", seq=1520, hash=HASH)


def test_the_printed_line_is_short_and_reads_back() -> None:
    line = format_checkpoint(HEAD)
    assert line == "5ee02f6b:1520:9f86d081884c7d65"
    checkpoint = parse_checkpoint(line)
    assert checkpoint == Checkpoint("5ee02f6b", 1520, "9f86d081884c7d65")
    assert checkpoint.names(WS) and checkpoint.matches(HASH)


def test_the_whole_id_and_hash_in_capitals_with_spaces_are_accepted() -> None:
    checkpoint = parse_checkpoint(f"  {str(WS).upper()} : 1520 : {HASH[:32].upper()} {HASH[32:]} ")
    assert checkpoint == Checkpoint(WS.hex, 1520, HASH)
    assert checkpoint.names(WS)
    assert parse_checkpoint("5EE0 2F6B:7:9F86 D081 884C 7D65").hash_prefix == HASH[:16]


def test_another_workstation_or_hash_does_not_match() -> None:
    checkpoint = parse_checkpoint(format_checkpoint(HEAD))
    assert not checkpoint.names(UUID("01936b2e-41f0-7c87-b19b-a0785ee02f6c"))
    assert not checkpoint.matches("0" * 64)


@pytest.mark.parametrize("text", [
    "", "garbage", "5ee02f6b:1520", "5ee02f6b:1520:9f86d081884c7d65:x",
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
def test_garbage_is_refused_with_the_expected_form(text: str) -> None:
    with pytest.raises(UserInputError, match="WORKSTATION:SEQUENCE:HASH"):
        parse_checkpoint(text)
