"""What every reader of a handed-in file relies on: intake, bounded JSON, bounded numbers.

A user may name any path and a file may hold anything; each refusal is one
line that says what the thing is, and nothing blocks or fills the memory.
"""

from __future__ import annotations

import errno
import os
import socket
from decimal import Decimal
from pathlib import Path

import pytest

from borderdesk import intake
from borderdesk.documents.numbers import NumberRefused, read_amount
from borderdesk.errors import UserInputError
from borderdesk.intake import read_handed_file
from borderdesk.json_input import JsonRefused, load_json
from borderdesk.limits import NESTING_DEPTH


def _refusal(path: Path | str, limit: int = 1000) -> str:
    with pytest.raises(UserInputError) as refused:
        read_handed_file(Path(path), limit)
    message = str(refused.value)
    assert "\n" not in message
    return message


def test_a_regular_file_within_its_limit_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "declaration.json"
    path.write_bytes(b"{}" * 500)
    assert read_handed_file(path, 1000) == b"{}" * 500


def test_what_is_not_a_file_is_named_for_what_it_is(tmp_path: Path) -> None:
    fifo = tmp_path / "manifest.pdf"
    os.mkfifo(fifo)
    assert _refusal(fifo) == "manifest.pdf: is a pipe (FIFO), not a file"
    assert _refusal("/dev/zero") == "zero: is a device, not a file"
    assert _refusal(tmp_path) == f"{tmp_path.name}: is a folder, not a file"
    with socket.socket(socket.AF_UNIX) as listening:
        listening.bind(str(tmp_path / "s.sock"))
        assert _refusal(tmp_path / "s.sock") == "s.sock: is a socket, not a file"


def test_a_path_that_cannot_lead_to_a_file_says_why(tmp_path: Path) -> None:
    loop = tmp_path / "loop.json"
    loop.symlink_to(loop)
    assert "loops through symbolic links" in _refusal(loop)
    through = tmp_path / "file.txt"
    through.write_text("x")
    assert "a part of the path is a file, not a folder" in _refusal(through / "d.json")
    assert "there is no such file" in _refusal(tmp_path / "missing.json")
    assert "the path is too long" in _refusal(tmp_path / ("x" * 5000))
    assert "the path is not valid" in _refusal(tmp_path / "nul\0.json")


def test_a_file_that_refuses_to_be_read_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    # /proc/self/mem is a regular file whose first page cannot be read (EIO).
    assert "cannot be read" in _refusal("/proc/self/mem")

    def denied(path: object) -> os.stat_result:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(intake.os, "stat", denied)
    assert "permission denied" in _refusal("/etc/hostname")


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_bytes(b"x" * 3 * 1024 * 1024)
    assert _refusal(path, 1024 * 1024) == "big.csv: the file is 3 MB; at most 1 MB is read"


def test_a_file_swapped_or_grown_after_its_look_is_still_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Between the look (stat) and the open, the path may become a FIFO or the file grow:
    # the open never waits, and the handle and the bounded read are checked again.
    monkeypatch.setattr(intake, "check_handed_file", lambda path, limit: 0)
    fifo = tmp_path / "swapped.json"
    os.mkfifo(fifo)
    assert _refusal(fifo) == "swapped.json: is a pipe (FIFO), not a file"
    assert "there is no such file" in _refusal(tmp_path / "gone.json")
    grown = tmp_path / "grown.json"
    grown.write_bytes(b"x" * 2 * 1024 * 1024)
    assert "grew past 1 MB while it was read" in _refusal(grown, 1024 * 1024)


@pytest.mark.parametrize(("text", "problem"), [
    ('{"lines": [], "lines": []}', 'the key "lines" appears twice in one object'),
    ("[" * 100_000 + "]" * 100_000, f"nested more than {NESTING_DEPTH} levels deep"),
    ("[" * 40 + "]" * 40, f"nested more than {NESTING_DEPTH} levels deep"),
    ('{"a": ' * 40 + "1" + "}" * 40, f"nested more than {NESTING_DEPTH} levels deep"),
    ("1" * 5000, "a number of 5000 characters (111111111111…) is longer than 40"),
    ('{"q": NaN}', "NaN is not a number JSON allows"),
    ('{"q": -Infinity}', "-Infinity is not a number JSON allows"),
])
def test_json_beyond_what_a_document_holds_is_refused(text: str, problem: str) -> None:
    with pytest.raises(JsonRefused) as refused:
        load_json(text)
    assert refused.value.problem == problem


def test_json_within_bounds_reads_exactly_or_as_floats() -> None:
    assert load_json('{"q": 1.10, "n": [1, 2]}') == {"q": Decimal("1.10"), "n": [1, 2]}
    assert load_json('{"q": 1.5}', exact=False) == {"q": 1.5}
    with pytest.raises(JsonRefused) as refused:
        load_json('{"q": 1,\n "r": }')
    assert (refused.value.line, refused.value.column) == (2, 7)


@pytest.mark.parametrize(("value", "problem"), [
    (10**100, "quantity a number of more than 70 digits is too large"),
    (10**13, "quantity 10000000000000 is too large"),
    ("0." + "0" * 50 + "1", "quantity '0.0000000000"),
    ("1.0001", "quantity 1.0001 has more than 3 digits after the point"),
    ("-2", "quantity -2 is negative"),
    (True, "quantity must be a number"),
])
def test_a_figure_past_the_bounds_is_refused_never_rounded(value: object, problem: str) -> None:
    with pytest.raises(NumberRefused) as refused:
        read_amount(value, "quantity")
    assert refused.value.problem.startswith(problem)


@pytest.mark.parametrize(("value", "read"), [
    ("1.50000000", "1.500"), ("1.2E+05", "120000"), ("0E-999999", "0"), (" 1 200 ", "1200"),
    (Decimal("999999999999.999"), "999999999999.999"), (0.5, "0.5"),
])
def test_a_figure_within_the_bounds_is_read_exactly(value: object, read: str) -> None:
    assert str(read_amount(value, "quantity")) == read
