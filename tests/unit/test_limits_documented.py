"""docs/limits.md holds every row of ``borderdesk.limits.TABLE`` with its value: it cannot drift.

The page writes a value with thousands separators (a year without), the unit as the table
names it; a byte size may say its MiB after.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from borderdesk.limits import TABLE, Limit

PAGE = Path(__file__).resolve().parents[2] / "docs" / "limits.md"


def written(limit: Limit) -> str:
    """A value as docs/limits.md writes it."""
    return str(limit.value) if limit.unit == "year" else f"{limit.value:,}"


def _rows() -> dict[str, list[str]]:
    """The page's table: limit name -> its cells after the name."""
    rows: dict[str, list[str]] = {}
    for line in PAGE.read_text(encoding="utf-8").splitlines():
        if line.startswith("| `"):
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            rows[cells[0].strip("`")] = cells[1:]
    return rows


@pytest.mark.parametrize("limit", TABLE, ids=[limit.name for limit in TABLE])
def test_every_limit_is_on_the_page_with_its_value_and_unit(limit: Limit) -> None:
    row = _rows().get(limit.name)
    assert row is not None, f"docs/limits.md has no row for {limit.name}"
    value, unit, what, why = row
    assert value == written(limit) or value.startswith(written(limit) + " ("), (value, limit)
    assert unit == limit.unit
    assert what and why


def test_the_page_names_no_limit_the_table_does_not_hold() -> None:
    assert sorted(_rows()) == sorted(limit.name for limit in TABLE)


def test_a_byte_size_is_also_written_in_mib_when_the_page_says_so() -> None:
    for limit in TABLE:
        value = _rows()[limit.name][0]
        if limit.unit == "bytes" and "MiB" in value:
            assert value.endswith(f" ({limit.value / 1024 / 1024:,.0f} MiB)"), value
