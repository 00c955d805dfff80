"""The PDF and the CSV of a hand-built shift report: text printed literally, pages numbered."""

from __future__ import annotations

import csv
import subprocess
import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest
from report_kit import crossing, empty, report

from borderdesk import i18n
from borderdesk.domain.shift_report import FindingLine, WatchHit
from borderdesk.errors import EnvironmentProblem
from borderdesk.reports import styles
from borderdesk.reports.shift_csv import COLUMNS, neutralise, write_crossings_csv
from borderdesk.reports.shift_pdf import render_shift_report

MARKUP = "Công ty <b>Lừa</b> & Con <font size=40>to</font>"


def _text(pdf: Path) -> str:
    shown = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout
    return unicodedata.normalize("NFKC", shown)


def test_trader_markup_prints_literally_and_pages_are_numbered(tmp_path: Path) -> None:
    lines = tuple(crossing(n) for n in range(1, 120))
    lines += (crossing(120, trader=MARKUP,
                       findings=(FindingLine("FLAGGED_PARTY", "high", "Bên <i>bị</i> gắn cờ & "
                                             "theo dõi"),)),)
    pdf = tmp_path / "shift.pdf"
    pages = render_shift_report(replace(report(lines), watch_hits=(
        WatchHit("LA-260115-00120", "FLAGGED_PARTY", "high", "Bên <i>bị</i> gắn cờ & theo dõi"),
    )), pdf)
    shown = _text(pdf)
    assert pages >= 3
    for page in range(1, pages + 1):
        assert f"Page {page} of {pages}" in shown
    joined = " ".join(shown.split())
    assert "Bên <i>bị</i> gắn cờ & theo dõi" in joined
    for token in ("<b>Lừa</b>", "&", "size=40>to</font>", "Hàng hóa bị tạm giữ <script>"):
        assert token in joined, token
    # The detail table's header is repeated on every page it runs over.
    assert shown.count("Trader / carrier") >= 2
    assert "Outgoing supervisor" in shown and "Incoming supervisor" in shown
    assert "ab" * 32 in joined.replace(" ", "")
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                           check=True).stdout
    assert "DejaVuSans" in fonts and "Helvetica" not in fonts


def test_an_empty_report_says_so_in_vietnamese_fonts(tmp_path: Path) -> None:
    i18n.set_language("vi")
    pdf = tmp_path / "empty.pdf"
    assert render_shift_report(empty(), pdf) >= 1
    shown = _text(pdf)
    assert "Cửa khẩu Quốc tế Lao Bảo" in shown
    assert i18n._("No crossings, seizures or handoffs were recorded during this shift.") in shown
    assert "Trần Thị Minh Hằng" in shown


def test_a_missing_font_is_an_environment_problem(monkeypatch: pytest.MonkeyPatch,
                                                  tmp_path: Path) -> None:
    styles.register_fonts.cache_clear()
    monkeypatch.setattr(styles, "resources_dir", lambda: tmp_path)
    try:
        with pytest.raises(EnvironmentProblem, match=r"DejaVuSans\.ttf"):
            styles.register_fonts()
    finally:
        monkeypatch.undo()
        styles.register_fonts.cache_clear()
        styles.register_fonts()


@pytest.mark.parametrize(("cell", "safe"), [
    ("=1+1", "'=1+1"), ("+84 912", "'+84 912"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("Công ty ABC", "Công ty ABC"), ("", ""),
])
def test_formula_cells_are_neutralised(cell: str, safe: str) -> None:
    assert neutralise(cell) == safe


def test_the_csv_has_a_row_per_finding_and_a_bom(tmp_path: Path) -> None:
    findings = (FindingLine("VALUE_MISMATCH", "medium", "=cmd|' /C calc'!A0"),
                FindingLine("HS_MISMATCH", "low", "Mã HS khác"))
    lines = (crossing(1), crossing(2, trader="=HYPERLINK(\"x\")", findings=findings))
    out = tmp_path / "shift.csv"
    assert write_crossings_csv(report(lines), out) == 3
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert tuple(rows[0]) == COLUMNS
    assert [row[COLUMNS.index("rule")] for row in rows[1:]] == ["", "VALUE_MISMATCH",
                                                                "HS_MISMATCH"]
    assert rows[2][COLUMNS.index("trader")] == "'=HYPERLINK(\"x\")"
    assert rows[2][COLUMNS.index("message")] == "'=cmd|' /C calc'!A0"
    assert rows[1][COLUMNS.index("clearance_minutes")] == "25"
    assert rows[1][COLUMNS.index("arrived_at")] == "2026-01-15T06:07:00+07:00"
