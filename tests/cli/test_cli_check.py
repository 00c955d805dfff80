"""``borderdesk check`` end to end through the real executable, on the sample files."""

from __future__ import annotations

import json
from pathlib import Path

from cli_kit import DEMO_PASSWORD, Cli

DATA = Path(__file__).resolve().parents[1] / "data" / "checks"


def _check(cli: Cli, declaration: Path, *more: str, **variables: str) -> object:
    return cli("check", "--declaration", str(declaration), "--manifest",
               str(DATA / "manifest.json"), *more, **variables)


def test_matching_files_are_green_in_every_format(cli: Cli) -> None:
    for ext in ("json", "csv", "xml"):
        result = _check(cli, DATA / f"declaration.{ext}", "--json")
        assert result.code == 0, result.stderr  # type: ignore[attr-defined]
        found = result.json()  # type: ignore[attr-defined]
        assert found["channel"] == "green" and found["findings"] == []


def test_prohibited_goods_are_red_and_still_exit_0(cli: Cli, tmp_path: Path) -> None:
    data = json.loads((DATA / "declaration.json").read_text())
    data["lines"][1].update(hs_code="360410", description="Fireworks, cakes")
    path = tmp_path / "fireworks.json"
    path.write_text(json.dumps(data))
    result = _check(cli, path)
    assert result.code == 0, result.stderr  # type: ignore[attr-defined]
    out = result.stdout  # type: ignore[attr-defined]
    assert "PROHIBITED_GOODS" in out and "Channel: Red" in out


def test_bad_input_is_one_line_naming_file_line_and_field(cli: Cli, tmp_path: Path) -> None:
    lines = (DATA / "declaration.csv").read_text().splitlines()
    lines[2] = lines[2].replace(",09011190,", ",19011,")
    path = tmp_path / "declaration.csv"
    path.write_text("\n".join(lines) + "\n")
    result = _check(cli, path)
    assert result.code == 2  # type: ignore[attr-defined]
    assert result.error_lines == [  # type: ignore[attr-defined]
        "borderdesk: declaration.csv: line 3: hs_code '19011' is not 4, 6, 8 or 10 digits"]
    assert result.stdout == ""  # type: ignore[attr-defined]


def test_db_uses_the_gates_current_lists_for_an_officer_who_runs_checks(
    cli: Cli, demo_url: str
) -> None:
    # No terminal, the password in the environment: how a scheduled run gives it.
    result = _check(cli, DATA / "declaration.json", "--json", "--db", demo_url,
                    "--as", "customs1", BORDERDESK_PASSWORD=DEMO_PASSWORD)
    assert result.code == 0, result.stderr  # type: ignore[attr-defined]
    assert result.json()["watch_list_version"].startswith("db:")  # type: ignore[attr-defined]
