"""The shipped watch lists: real entries, each with its legal source, loaded into WatchLists."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from borderdesk.documents.watchlist_files import FILES, load_watch_lists, shipped_folder
from borderdesk.domain.watchlist import PartyKind
from borderdesk.errors import UserInputError


def test_every_shipped_row_names_its_legal_source() -> None:
    for name in FILES.values():
        with (shipped_folder() / name).open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert rows, name
        assert all(row["legal_source"].strip() for row in rows), name


def test_shipped_lists_carry_the_decree_entries() -> None:
    lists = load_watch_lists(shipped_folder())
    prohibited = {p.hs_prefix: p for p in lists.prohibited}
    for prefix in ("93", "3601", "3602", "3603", "3604", "6309"):
        assert "69/2018/ND-CP" in prohibited[prefix].legal_source
    licensed = {entry.hs_prefix for entry in lists.licensed}
    assert {"30", "190110", "210690", "3808"} <= licensed
    assert any(b.brand == "Apple" and b.authorised_importers for b in lists.brands)
    tip = next(p for p in lists.parties if p.party_kind == PartyKind.VEHICLE
               and "hotline" in p.source)
    assert tip.value == "74C99999" and tip.reported_on is not None
    assert lists.version.startswith("files:")


def test_version_changes_with_the_files(tmp_path: Path) -> None:
    folder = tmp_path / "lists"
    shutil.copytree(shipped_folder(), folder)
    before = load_watch_lists(folder).version
    with (folder / "prohibited.csv").open("a") as handle:
        handle.write('8549,"E-waste","Decree 69/2018/ND-CP, Appendix I"\n')
    assert load_watch_lists(folder).version != before


def test_a_row_without_legal_source_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "lists"
    shutil.copytree(shipped_folder(), folder)
    with (folder / "licence.csv").open("a") as handle:
        handle.write('3002,"Vaccines",Ministry of Health,\n')
    with pytest.raises(UserInputError, match=r"licence.csv: line \d+: legal_source is missing"):
        load_watch_lists(folder)
