"""``borderdesk report`` end to end: the PDF read back, its pages rendered, the CSV opened."""

from __future__ import annotations

import csv
import re
import subprocess
import unicodedata
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from cli_kit import DEMO_DATE, DEMO_PASSWORD, Cli
from sqlalchemy import func, select, update

from borderdesk import i18n
from borderdesk.storage.engine import Database
from borderdesk.storage.models import Crossing, CrossingStatusChange, Declaration

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
DAY = date.fromisoformat(DEMO_DATE)
START, END = (datetime.combine(DAY, time(6), ZONE), datetime.combine(DAY, time(14), ZONE))
TRADER = "Công ty <b>Hàng & Hóa</b> <img src='http://x/y.png'/>"
FORMULA = "=HYPERLINK(\"http://x\",\"click\")"


def _text(pdf: Path) -> str:
    shown = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout
    return unicodedata.normalize("NFKC", shown)


def _prepare(url: str) -> None:
    """A trader with markup in its name and a carrier that is a spreadsheet formula."""
    db = Database(url)
    try:
        with db.session() as session:
            first = session.scalars(select(Crossing).where(
                Crossing.arrived_at >= START, Crossing.arrived_at < END
            ).order_by(Crossing.arrived_at)).first()
            assert first is not None
            session.add(Declaration(crossing_id=first.id, declaration_no="105000000001",
                                    type="import", declared_at=first.arrived_at,
                                    trader_name=TRADER, workstation_id=first.workstation_id,
                                    created_at=first.arrived_at))
            session.execute(update(Crossing).where(Crossing.id == first.id)
                            .values(carrier_name=FORMULA))
    finally:
        db.dispose()


def _channels_in_sql(url: str) -> dict[str, int]:
    """Morning crossings by the channel of their last change with one before 14:00."""
    db = Database(url)
    try:
        with db.session() as session:
            changes = session.execute(
                select(CrossingStatusChange.crossing_id, CrossingStatusChange.channel)
                .join(Crossing, Crossing.id == CrossingStatusChange.crossing_id)
                .where(Crossing.arrived_at >= START, Crossing.arrived_at < END,
                       CrossingStatusChange.channel.is_not(None),
                       CrossingStatusChange.created_at < END)
                .order_by(CrossingStatusChange.created_at)).all()
            total = session.scalar(select(func.count()).select_from(Crossing).where(
                Crossing.arrived_at >= START, Crossing.arrived_at < END)) or 0
    finally:
        db.dispose()
    last = {row[0]: row[1] for row in changes}  # the last change of each crossing wins
    counts = {name: list(last.values()).count(name) for name in ("green", "yellow", "red")}
    counts["none"] = total - len(last)
    return counts


def test_the_vietnamese_report_is_true_to_the_database(cli: Cli, demo_url: str,
                                                      tmp_path: Path) -> None:
    _prepare(demo_url)
    pdf, table = tmp_path / "ca-sang.pdf", tmp_path / "ca-sang.csv"
    result = cli("report", "--db", demo_url, "--date", DEMO_DATE, "--shift", "morning",
                 "--out", str(pdf), "--lang", "vi", "--csv", str(table), "--as", "supervisor1",
                 BORDERDESK_PASSWORD=DEMO_PASSWORD)
    assert result.code == 0, result.stderr
    assert result.stderr == ""
    shown = _text(pdf)
    assert "Cửa khẩu Quốc tế Lao Bảo" in shown
    i18n.set_language("vi")
    for heading in (i18n._("Shift report"), i18n._("Seized goods"), i18n._("Channel")):
        assert heading in shown
    assert "Luồng" in shown  # translated already: the report really is Vietnamese
    assert "Trần Thị Minh Hằng" in shown  # the supervisor
    # The markup of a trader's name prints as typed (the table may wrap it), and the <img>
    # is text, not a picture fetched from the network.
    for token in ("<b>Hàng", "&", "Hóa</b>", "<img"):
        assert token in shown, token

    # The channel counts of the summary table are the database's.
    counts = _channels_in_sql(demo_url)
    labels = {"green": i18n._("Green"), "yellow": i18n._("Yellow"), "red": i18n._("Red"),
              "none": i18n._("Not checked yet")}
    for code, name in labels.items():
        printed = re.search(rf"{re.escape(name)}\s+(\d+)", shown)
        assert printed is not None, name
        assert int(printed.group(1)) == counts[code], (name, counts)
    assert sum(counts.values()) > 20

    written = re.search(r": (\d+) pages, (\d+) crossings", result.stdout)
    assert written is not None, result.stdout
    pages = int(written.group(1))
    assert int(written.group(2)) == sum(counts.values())
    assert i18n._("Page {page} of {pages}").format(page=pages, pages=pages) in shown
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(pdf), str(tmp_path / "page")], check=True)
    assert len(list(tmp_path.glob("page-*.png"))) == pages

    raw = table.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert any(row["carrier"] == "'" + FORMULA for row in rows)
    assert not any(value.startswith(("=", "+", "@")) for row in rows for value in row.values())
    assert any(row["trader"] == TRADER for row in rows)


def test_bad_requests_get_one_line_and_exit_2(cli: Cli, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'gate.sqlite3'}"
    assert cli("demo", "--db", url, "--date", DEMO_DATE).code == 0
    base = ("report", "--db", url, "--as", "supervisor1", "--lang", "en")
    cases = {
        "bad date": (("--date", "2026-02-30", "--shift", "morning",
                      "--out", str(tmp_path / "r.pdf")), "is not a date"),
        "no such shift": (("--date", DEMO_DATE, "--shift", "evening",
                           "--out", str(tmp_path / "r.pdf")), "no shift 'evening'"),
        "unknown gate": (("--date", DEMO_DATE, "--shift", "night", "--gate", "MONGCAI",
                          "--out", str(tmp_path / "r.pdf")), "no gate with the code MONGCAI"),
        "unwritable": (("--date", DEMO_DATE, "--shift", "morning",
                        "--out", str(tmp_path / "no" / "such" / "r.pdf")),
                       "the folder does not exist"),
        "not yet": (("--date", "2099-01-01", "--shift", "morning",
                     "--out", str(tmp_path / "r.pdf")), "has not started yet"),
    }
    for name, (args, message) in cases.items():
        result = cli(*base, *args, BORDERDESK_PASSWORD=DEMO_PASSWORD)
        assert (result.code, len(result.error_lines)) == (2, 1), (name, result.stderr)
        assert message in result.stderr, (name, result.stderr)
    assert not (tmp_path / "r.pdf").exists()
    result = cli("report", "--db", url, "--as", "guard1", "--date", DEMO_DATE,
                 "--shift", "night", "--out", str(tmp_path / "r.pdf"),
                 BORDERDESK_PASSWORD=DEMO_PASSWORD)
    assert result.code == 2 and "may not print shift reports" in result.stderr
