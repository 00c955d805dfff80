"""``borderdesk check`` fed hostile declarations and manifests (issue 15), end to end.

What the officer or the script sees: exit 2, one line on stderr naming the
file, no traceback, nothing on stdout; and fast — the runs that hung before
(a FIFO, a ``line_no`` of ``1e999999999``) are run with a timeout so the old
code fails instead of holding the suite.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from cli_kit import Cli, Result, run_cli_scheduled

DATA = Path(__file__).resolve().parents[1] / "data" / "checks"
MANIFEST = DATA / "manifest.json"
DECLARATION = DATA / "declaration.json"


def _one_line(result: Result, *, starts: str, has: str = "") -> str:
    assert result.code == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.error_lines) == 1, result.stderr
    line = result.error_lines[0]
    assert line.startswith(f"borderdesk: {starts}"), line
    assert has in line, line
    assert result.stdout == ""
    return line


def test_a_second_lines_block_hiding_a_weapons_line_is_refused(cli: Cli, tmp_path: Path) -> None:
    # Before: "No findings. Channel: Green" — the second block was never read.
    weapons = ("<line><line_no>3</line_no><hs_code>930110</hs_code><description>Artillery "
               "weapons</description><quantity>10</quantity><unit>PCE</unit></line>")
    path = tmp_path / "declaration.xml"
    path.write_text((DATA / "declaration.xml").read_text().replace(
        "</lines>", f"</lines><lines>{weapons}</lines>"))
    result = cli("check", "--declaration", str(path), "--manifest", str(MANIFEST))
    _one_line(result, starts="declaration.xml: ", has="<lines> appears twice in <declaration>")


def test_a_line_no_of_1e999999999_is_refused_within_seconds(
    hermetic_home: Path, tmp_path: Path
) -> None:
    # Before: `check` spun for over 12 minutes; run_cli_scheduled kills it after 60 s.
    data = json.loads(DECLARATION.read_text())
    data["lines"][0]["line_no"] = "1e999999999"
    path = tmp_path / "declaration.json"
    path.write_text(json.dumps(data))
    result = run_cli_scheduled(hermetic_home, "check", "--declaration", str(path),
                               "--manifest", str(MANIFEST), seconds=60)
    _one_line(result, starts="declaration.json: ", has="line_no '1e999999999' is not a whole")


def test_a_manifest_nested_100000_deep_and_a_100_kb_value_are_one_short_line(
    cli: Cli, tmp_path: Path
) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text('{"lines": ' + "[" * 100_000 + "]" * 100_000 + "}")
    result = cli("check", "--declaration", str(DECLARATION), "--manifest", str(deep))
    _one_line(result, starts="deep.json: ", has="nested more than 32 levels deep")
    data = json.loads(MANIFEST.read_text())
    data["lines"][0]["quantity"] = "7" * 100_000
    wide = tmp_path / "wide.json"
    wide.write_text(json.dumps(data))
    result = cli("check", "--declaration", str(DECLARATION), "--manifest", str(wide))
    line = _one_line(result, starts="wide.json: line 1: quantity '777", has="…'")
    assert len(line) < 200


@pytest.mark.parametrize(("kind", "option"), [
    ("fifo", "--declaration"), ("fifo", "--manifest"), ("device", "--manifest"),
    ("loop", "--declaration"), ("through a file", "--manifest"), ("folder", "--declaration"),
])
def test_a_path_that_is_not_a_regular_file_is_refused_at_once(
    hermetic_home: Path, tmp_path: Path, kind: str, option: str
) -> None:
    # Before: a FIFO blocked forever and /dev/zero as --manifest read until memory ran out.
    if kind == "fifo":
        path = tmp_path / "pipe.json"
        os.mkfifo(path)
        expected = "pipe.json: is a pipe (FIFO), not a file"
    elif kind == "device":
        path, expected = Path("/dev/zero"), "zero: is a device, not a file"
    elif kind == "loop":
        path = tmp_path / "loop.json"
        path.symlink_to(path)
        expected = "loop.json: cannot be read: the path loops through symbolic links"
    elif kind == "through a file":
        (tmp_path / "file.json").write_text("{}")
        path = tmp_path / "file.json" / "manifest.json"
        expected = "manifest.json: cannot be read: a part of the path is a file, not a folder"
    else:
        path, expected = tmp_path, f"{tmp_path.name}: is a folder, not a file"
    files = {"--declaration": str(DECLARATION), "--manifest": str(MANIFEST), option: str(path)}
    result = run_cli_scheduled(hermetic_home, "check", *(x for kv in files.items() for x in kv),
                               seconds=60)
    assert _one_line(result, starts=expected) == f"borderdesk: {expected}"
