"""The supervisor's Reports page: generate a shift's report, preview, print, save, export CSV."""

from __future__ import annotations

import csv
import shutil
import subprocess
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QDate
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QMessageBox

from borderdesk.config import Settings, default_settings, save_settings, with_changes
from borderdesk.domain.gate import WorkstationIdentity
from borderdesk.domain.officer import Actor
from borderdesk.services import auth, demo, shift_reports, workstations
from borderdesk.storage.engine import Database
from borderdesk.storage.migrate import upgrade
from borderdesk.ui import errors
from borderdesk.ui.kit.pdf_pages import prepare_printer
from borderdesk.ui.pages.reports_page import ReportsPage, current_shift
from borderdesk.ui.session import UiSession
from borderdesk.ui.tasks import TaskRunner

pytestmark = pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints|raise)\(\)"
)

DEMO_DAY = date(2026, 11, 20)
"""A past day of the demo gate: its morning shift is a full one."""
WAIT_MS = 30_000


def pdf_pages(path: Path) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path)
    try:
        return len(document)
    finally:
        document.close()


def pdf_text(path: Path) -> str:
    # pdftotext writes ligatures: NFKC before comparing.
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    return unicodedata.normalize("NFKC", text)


@dataclass(frozen=True)
class DemoTemplate:
    """A seeded demo database and who works on it."""

    folder: Path
    settings: Settings
    workstation: WorkstationIdentity
    actor: Actor


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> DemoTemplate:
    """The demo gate seeded once for the module (seeding takes seconds), with its supervisor."""
    folder = tmp_path_factory.mktemp("demo-gate")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BORDERDESK_HOME", str(folder / "home"))
        patch.delenv("BORDERDESK_DB_URL", raising=False)
        settings = with_changes(default_settings(), workstation_name="LB-SUPERVISOR",
                                language="en")
        db = Database(f"sqlite:///{folder / 'demo.sqlite3'}")
        upgrade(db)
        demo.seed_demo(db, settings, DEMO_DAY)
        workstation = workstations.attach_workstation(db, settings)
        actor = auth.log_in(db, workstation, "supervisor1", demo.DEMO_PASSWORD)
        db.dispose()
    return DemoTemplate(folder, settings, workstation, actor)


@pytest.fixture
def supervisor(qapp: object, tmp_path: Path,
               demo_template: DemoTemplate) -> Iterator[UiSession]:
    """The demo gate's supervisor on a copy of the seeded database (reports only read)."""
    template = demo_template
    folder = template.folder
    for name in ("demo.sqlite3", "demo.sqlite3-wal", "demo.sqlite3-shm"):
        if (folder / name).exists():
            shutil.copyfile(folder / name, tmp_path / name)
    save_settings(template.settings)
    db = Database(f"sqlite:///{tmp_path / 'demo.sqlite3'}")
    runner = TaskRunner()
    yield UiSession(db=db, settings=template.settings, workstation=template.workstation,
                    actor=template.actor, tasks=runner)
    runner.wait_for_done()
    db.dispose()


def open_page(qtbot, session: UiSession, day: date = DEMO_DAY, shift: str = "morning",
              lang: str = "en") -> ReportsPage:
    page = ReportsPage(session)
    qtbot.addWidget(page)
    page.resize(1100, 800)
    page.show()
    page.date_edit.setDate(QDate(day.year, day.month, day.day))
    page.shift_combo.setCurrentIndex(page.shift_combo.findData(shift))
    page.language_combo.setCurrentIndex(page.language_combo.findData(lang))
    return page


def generate(qtbot, page: ReportsPage):
    with qtbot.waitSignal(page.sig_generated, timeout=WAIT_MS) as blocker:
        page.generate_button.click()
        assert not page.generate_button.isEnabled(), "one report at a time"
        assert page.busy_bar.isVisible()
    return blocker.args[0]


def test_generating_a_shift_previews_every_page_of_its_report(qtbot, supervisor) -> None:
    page = open_page(qtbot, supervisor)
    assert not page.print_button.isEnabled() and not page.save_button.isEnabled()
    info = generate(qtbot, page)
    pages = pdf_pages(info.path)
    assert pages >= 2
    assert page.preview.page_count() == pages == info.pages
    assert page.preview.page_label.text() == f"Page 1 of {pages}"
    assert f"{info.crossings} crossings on {pages} pages" in page.status_label.text()
    assert info.crossings > 0
    assert not page.busy_bar.isVisible()
    assert page.print_button.isEnabled() and page.save_button.isEnabled()

    page.preview.show_page(pages)
    assert page.preview.current_page() == pages
    assert page.preview.page_label.text() == f"Page {pages} of {pages}"
    fitted = page.preview.zoom
    page.preview.zoom_in()
    assert page.preview.zoom > fitted
    assert page.preview.page_labels[0].width() > page.preview.scroll_area.viewport().width()
    assert page.preview.current_page() == pages, "zooming keeps the page in view"


def test_save_as_writes_the_report_naming_the_gate(qtbot, supervisor, tmp_path) -> None:
    page = open_page(qtbot, supervisor, lang="vi")
    info = generate(qtbot, page)
    page.save_button.click()
    dialog = page.save_dialog
    assert dialog is not None and dialog.isVisible()
    target = tmp_path / "bao-cao-ca-sang.pdf"
    dialog.selectFile(str(target))
    with qtbot.waitSignal(page.sig_saved, timeout=WAIT_MS):
        dialog.accept()
    assert target.read_bytes() == info.path.read_bytes()
    assert "Cửa khẩu Quốc tế Lao Bảo" in pdf_text(target)
    assert str(target) in page.status_label.text()


def test_csv_export_writes_the_shifts_crossings(qtbot, supervisor, tmp_path) -> None:
    page = open_page(qtbot, supervisor)
    page.csv_button.click()
    dialog = page.csv_dialog
    assert dialog is not None
    target = tmp_path / "ca-sang.csv"
    dialog.selectFile(str(target))
    with qtbot.waitSignal(page.sig_exported, timeout=WAIT_MS) as blocker:
        dialog.accept()
    path, rows = blocker.args
    assert path == target and rows > 0
    with target.open(encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.reader(handle))
    assert len(lines) >= rows + 1, "a header, then a row per crossing or finding"
    assert f"{rows} rows written to" in page.status_label.text()


def test_an_empty_shift_gives_a_report_not_an_error(qtbot, supervisor, monkeypatch) -> None:
    monkeypatch.setattr(errors, "MODAL_ERRORS", True)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: pytest.fail(box.text()))
    page = open_page(qtbot, supervisor, day=date(2026, 10, 1), shift="night")
    info = generate(qtbot, page)
    assert info.crossings == 0
    assert page.preview.page_count() == pdf_pages(info.path) >= 1
    assert "no crossings" in page.status_label.text()


def test_an_unwritable_path_is_explained_in_a_dialog(qtbot, supervisor, tmp_path,
                                                    monkeypatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(errors, "MODAL_ERRORS", True)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    page = open_page(qtbot, supervisor)
    generate(qtbot, page)
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("a file, not a folder", encoding="utf-8")

    page.save_as(not_a_folder / "report.pdf")
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=WAIT_MS)
    assert "report.pdf" in shown[0]
    assert page.save_button.isEnabled(), "the officer can try another place"

    page.export_csv(not_a_folder / "crossings.csv")
    qtbot.waitUntil(lambda: len(shown) == 2, timeout=WAIT_MS)
    assert shown[1], "one clear line"
    assert page.csv_button.isEnabled()


def test_printing_puts_every_page_on_the_printer(qtbot, supervisor, tmp_path) -> None:
    page = open_page(qtbot, supervisor)
    info = generate(qtbot, page)
    page.print_button.click()
    assert isinstance(page.print_dialog, QPrintDialog) and page.print_dialog.isVisible()
    page.print_dialog.reject()

    # A PDF printer stands in for the gate's: same QPainter path, pages on disk to count.
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    printer.setResolution(96)  # the page path is the same; 1,200 dpi only makes the test slow
    prepare_printer(printer, page.report.page_size_pt)
    with qtbot.waitSignal(page.sig_printed, timeout=WAIT_MS) as blocker:
        page.print_to(printer)
    assert blocker.args == [info.pages]
    assert pdf_pages(printed) == info.pages
    assert f"{info.pages} pages sent to" in page.status_label.text()


def test_the_picker_offers_the_shifts_with_their_hours_and_the_running_one(qtbot,
                                                                       supervisor) -> None:
    page = ReportsPage(supervisor)
    qtbot.addWidget(page)
    titles = [page.shift_combo.itemText(i) for i in range(page.shift_combo.count())]
    assert titles == ["Morning 06:00–14:00", "Afternoon 14:00–22:00", "Night 22:00–06:00"]
    zone = ZoneInfo("Asia/Ho_Chi_Minh")
    shifts = shift_reports.shift_definitions()
    assert current_shift(shifts, datetime.combine(DEMO_DAY, time(3, 10), zone)) == (
        date(2026, 11, 19), "night"), "a night shift belongs to the date it starts on"
    assert current_shift(shifts, datetime.combine(DEMO_DAY, time(23, 0), zone)) == (
        DEMO_DAY, "night")
    assert current_shift(shifts, datetime.combine(DEMO_DAY, time(14, 0), zone)) == (
        DEMO_DAY, "afternoon")
