"""The shipped HS files: both editions read, the 2017 file's byte-order mark dropped."""

from __future__ import annotations

from borderdesk.documents.nomenclature import shipped_hs_rows


def test_both_editions_are_read_with_their_subheadings() -> None:
    rows_2022, rows_2017 = shipped_hs_rows()
    six_2022 = {code for code, _d, level in rows_2022 if level == "6"}
    six_2017 = {code for code, _d, level in rows_2017 if level == "6"}
    assert len(six_2022) == 5613
    assert len(six_2017) == 5388
    assert "851712" in six_2017 and "851712" not in six_2022
    assert rows_2017[0][0] == "01"  # the BOM did not end up in the first column
