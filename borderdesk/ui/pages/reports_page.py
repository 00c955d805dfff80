"""The supervisor's Reports page: pick a shift, preview its PDF report, print, save, export CSV."""

from __future__ import annotations

import shutil
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, QDir, Signal
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from borderdesk import paths
from borderdesk.domain.shift_report import ShiftDefinition, shift_label
from borderdesk.errors import UserInputError
from borderdesk.i18n import _, language
from borderdesk.reasons import reason_for
from borderdesk.services import shift_reports
from borderdesk.services.shift_reports import ShiftReportInfo
from borderdesk.ui import errors
from borderdesk.ui.dialogs.login_dialog import LANGUAGE_CHOICES
from borderdesk.ui.kit.gate_time import gate_now, gate_zone
from borderdesk.ui.kit.page_preview import PagePreview
from borderdesk.ui.kit.pdf_pages import RenderedPdf, prepare_printer, print_pdf, render_preview
from borderdesk.ui.pages.page import Page
from borderdesk.ui.session import UiSession

DATE_FORMAT = "dd/MM/yyyy"
REPORTS_CACHE = "reports"
KEEP_GENERATED_S = 24 * 3600


def shift_title(shift: ShiftDefinition) -> str:
    """"Night 22:00–06:00": the shift's name and hours in the gate's time."""
    return f"{shift_label(shift.name)} {shift.starts:%H:%M}–{shift.ends:%H:%M}"


def current_shift(shifts: tuple[ShiftDefinition, ...], now: datetime) -> tuple[date, str]:
    """The shift running at ``now`` (gate time) and the date it started on.

    A night shift belongs to the date it starts on: at 03:00 it is the night
    of yesterday.
    """
    moment = now.time()
    for shift in shifts:
        if not shift.crosses_midnight and shift.starts <= moment < shift.ends:
            return now.date(), shift.name
        if shift.crosses_midnight and moment >= shift.starts:
            return now.date(), shift.name
        if shift.crosses_midnight and moment < shift.ends:
            return now.date() - timedelta(days=1), shift.name
    return now.date(), shifts[0].name if shifts else ""


def _new_report_path() -> Path:
    """A fresh file in the cache for a generated report; leftovers older than a day go."""
    folder = paths.cache_dir() / REPORTS_CACHE
    folder.mkdir(parents=True, exist_ok=True)
    limit = time.time() - KEEP_GENERATED_S
    for old in folder.glob("*.pdf"):
        try:
            if old.stat().st_mtime < limit:
                old.unlink()
        except OSError:
            pass  # another workstation's session may be reading it: next time
    return folder / f"shift-{uuid.uuid4().hex}.pdf"


def _copy_report(source: Path, target: Path) -> Path:
    try:
        shutil.copyfile(source, target)
    except OSError as error:
        raise UserInputError(_("The report cannot be saved as {path}: {reason}.").format(
            path=target, reason=reason_for(error))) from None
    return target


class ReportsPage(Page):
    """Shift picker, generated report's preview and what can be done with it."""

    sig_generated = Signal(object)
    """A report was generated and its preview shown; carries the ``ShiftReportInfo``."""
    sig_saved = Signal(object)
    """The report was saved; carries the ``Path``."""
    sig_exported = Signal(object, int)
    """The CSV was written; carries the ``Path`` and the number of rows."""
    sig_printed = Signal(int)
    """The report went to the printer; carries the number of pages printed."""

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.shifts = shift_reports.shift_definitions()
        self.report: RenderedPdf | None = None
        self.info: ShiftReportInfo | None = None
        self.save_dialog: QFileDialog | None = None
        self.csv_dialog: QFileDialog | None = None
        self.print_dialog: QPrintDialog | None = None
        self._printer: QPrinter | None = None
        self._busy = 0
        self._zone = gate_zone(session.workstation.gate_timezone)
        self._build()
        self.retranslate_ui()
        self._update_buttons()

    # ---- Building
    def _build(self) -> None:
        self.title_label = QLabel()
        self.title_label.setObjectName("page_title")
        now = gate_now(self._zone)
        day, shift = current_shift(self.shifts, now)
        self.date_label, self.shift_label, self.language_label = QLabel(), QLabel(), QLabel()
        self.date_edit = QDateEdit(QDate(day.year, day.month, day.day))
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat(DATE_FORMAT)
        self.date_edit.setMaximumDate(QDate(now.year, now.month, now.day))
        self.shift_combo = QComboBox()
        self.shift_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for definition in self.shifts:
            self.shift_combo.addItem("", definition.name)
        self.shift_combo.setCurrentIndex(max(self.shift_combo.findData(shift), 0))
        self.language_combo = QComboBox()
        for code, name in LANGUAGE_CHOICES:
            self.language_combo.addItem(name, code)
        self.language_combo.setCurrentIndex(max(self.language_combo.findData(language()), 0))
        for caption, field in ((self.date_label, self.date_edit),
                               (self.shift_label, self.shift_combo),
                               (self.language_label, self.language_combo)):
            caption.setBuddy(field)
        self.generate_button = QPushButton()
        self.generate_button.setDefault(True)
        self.generate_button.clicked.connect(self.generate)
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(140)
        self.busy_bar.setMaximumHeight(14)
        self.busy_bar.hide()
        self.status_label = QLabel()
        self.status_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

        picker = QHBoxLayout()
        for caption, field in ((self.date_label, self.date_edit),
                               (self.shift_label, self.shift_combo),
                               (self.language_label, self.language_combo)):
            picker.addWidget(caption)
            picker.addWidget(field)
            picker.addSpacing(10)
        picker.addStretch(1)

        self.print_button = QPushButton()
        self.print_button.clicked.connect(self.on_print)
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.on_save_as)
        self.csv_button = QPushButton()
        self.csv_button.clicked.connect(self.on_export_csv)
        # Generate opens the row of what is done with a report: the page stays narrow
        # enough for a 1,024-pixel screen with the navigation beside it.
        actions = QHBoxLayout()
        actions.addWidget(self.generate_button)
        actions.addSpacing(12)
        actions.addWidget(self.print_button)
        actions.addWidget(self.save_button)
        actions.addWidget(self.csv_button)
        actions.addSpacing(12)
        actions.addWidget(self.busy_bar)
        actions.addWidget(self.status_label, 1)

        self.preview = PagePreview()
        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addLayout(picker)
        layout.addLayout(actions)
        layout.addWidget(self.preview, 1)

    # ---- Public API
    def retranslate_ui(self) -> None:
        """Set every text in the active language."""
        self.title_label.setText(_("Shift reports of {gate}").format(
            gate=self.session.workstation.gate_name))
        self.date_label.setText(_("&Date:"))
        self.shift_label.setText(_("&Shift:"))
        self.language_label.setText(_("&Language of the report:"))
        for index, definition in enumerate(self.shifts):
            self.shift_combo.setItemText(index, shift_title(definition))
        self.generate_button.setText(_("&Generate"))
        self.print_button.setText(_("&Print…"))
        self.save_button.setText(_("Save &as…"))
        self.csv_button.setText(_("Export &CSV…"))
        self.preview.retranslate_ui()
        self.preview.set_empty_text(
            _("Choose a date and a shift, then Generate to see the report here."))

    def chosen_day(self) -> date:
        """The date in the picker."""
        value = self.date_edit.date()
        return date(value.year(), value.month(), value.day())

    def chosen_shift(self) -> str:
        """The name of the shift in the picker."""
        return str(self.shift_combo.currentData())

    def chosen_language(self) -> str:
        """The language code the report is written in."""
        return str(self.language_combo.currentData())

    def generate(self) -> None:
        """Write the chosen shift's report and render its pages, off the GUI thread."""
        db, actor = self.session.db, self.session.actor
        day, shift, lang = self.chosen_day(), self.chosen_shift(), self.chosen_language()
        out = _new_report_path()

        def work() -> tuple[ShiftReportInfo, RenderedPdf]:
            try:
                info = shift_reports.write_shift_report(db, actor, day=day, shift=shift,
                                                        out=out, lang=lang)
                return info, render_preview(info.path)
            except BaseException:
                out.unlink(missing_ok=True)
                raise

        self._start(_("Writing the shift report: {shift}, {day}…").format(
            shift=self.shift_combo.currentText(), day=day.strftime("%d/%m/%Y")))
        self.session.tasks.run(work, self.on_generated, self.on_failed)

    def save_as(self, target: Path) -> None:
        """Copy the generated report to ``target`` (off the GUI thread)."""
        if self.report is None:
            return
        source = self.report.path
        self._start(_("Saving {path}…").format(path=target))
        self.session.tasks.run(lambda: _copy_report(source, target), self.on_saved,
                               self.on_failed)

    def export_csv(self, target: Path) -> None:
        """Write the chosen shift's crossings and findings as CSV to ``target``."""
        db, actor = self.session.db, self.session.actor
        day, shift = self.chosen_day(), self.chosen_shift()
        self._start(_("Writing {path}…").format(path=target))
        self.session.tasks.run(
            lambda: (target, shift_reports.write_shift_csv(db, actor, day=day, shift=shift,
                                                           out=target)),
            self.on_exported, self.on_failed,
        )

    def print_to(self, printer: QPrinter) -> None:
        """Print the generated report on ``printer``, rendering its pages off the GUI thread."""
        if self.report is None:
            return
        source = self.report.path
        self._printer = printer  # the worker paints on it: keep it alive until done
        self._start(_("Printing…"))
        self.session.tasks.run(lambda: print_pdf(source, printer), self.on_printed,
                               self.on_failed)

    # ---- Slots
    def on_generated(self, result: tuple[ShiftReportInfo, RenderedPdf]) -> None:
        """Show the new report's pages; the previous generated file goes."""
        info, rendered = result
        self._stop()
        if self.report is not None and self.report.path != rendered.path:
            self.report.path.unlink(missing_ok=True)
        self.info, self.report = info, rendered
        self.preview.set_pages(rendered.images)
        crossings = info.crossings
        pages = len(rendered.images)
        if crossings:
            self.status_label.setText(_(
                "{shift}, {day}: {crossings} crossings on {pages} pages."
            ).format(shift=self.shift_combo.currentText(),
                     day=self.chosen_day().strftime("%d/%m/%Y"),
                     crossings=crossings, pages=pages))
        else:
            self.status_label.setText(_(
                "{shift}, {day}: no crossings in this shift ({pages} pages)."
            ).format(shift=self.shift_combo.currentText(),
                     day=self.chosen_day().strftime("%d/%m/%Y"), pages=pages))
        self._update_buttons()
        self.sig_generated.emit(info)

    def on_save_as(self) -> None:
        """Ask where to save the generated report."""
        if self.report is None:
            return
        name = f"{self._file_stem()}.pdf"
        dialog = QFileDialog(self, _("Save the shift report"), str(Path(QDir.homePath()) / name),
                             _("PDF files (*.pdf)"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("pdf")
        dialog.fileSelected.connect(lambda path: self.save_as(Path(path)))
        self.save_dialog = dialog
        dialog.open()

    def on_export_csv(self) -> None:
        """Ask where to write the CSV of the chosen shift."""
        name = f"{self._file_stem()}.csv"
        dialog = QFileDialog(self, _("Export the shift's crossings"),
                             str(Path(QDir.homePath()) / name), _("CSV files (*.csv)"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("csv")
        dialog.fileSelected.connect(lambda path: self.export_csv(Path(path)))
        self.csv_dialog = dialog
        dialog.open()

    def on_print(self) -> None:
        """Open the system print dialog for the generated report."""
        if self.report is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        prepare_printer(printer, self.report.page_size_pt)
        printer.setDocName(self._file_stem())
        pages = len(self.report.images)
        printer.setFromTo(1, pages)
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, pages)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
        dialog.accepted.connect(lambda: self.print_to(printer))
        self.print_dialog = dialog
        self._printer = printer
        QDialog.open(dialog)  # PySide6 hides the plain open() behind QPrintDialog's overload

    def on_saved(self, path: Path) -> None:
        """Say where the report was saved."""
        self._stop()
        self.status_label.setText(_("Saved as {path}.").format(path=path))
        self.sig_saved.emit(path)

    def on_exported(self, result: tuple[Path, int]) -> None:
        """Say how many rows went into the CSV."""
        path, rows = result
        self._stop()
        self.status_label.setText(_("{rows} rows written to {path}.").format(rows=rows,
                                                                             path=path))
        self.sig_exported.emit(path, rows)

    def on_printed(self, pages: int) -> None:
        """Say how many pages went to the printer."""
        self._stop()
        printer = self._printer
        where = (printer.printerName() or printer.outputFileName()) if printer else ""
        self.status_label.setText(_("{pages} pages sent to {printer}.").format(
            pages=pages, printer=where))
        self._printer = None
        self.sig_printed.emit(pages)

    def on_failed(self, error: BaseException) -> None:
        """Explain what went wrong: a dialog for the officer, the crash path for a bug."""
        self._stop()
        self._printer = None
        self.status_label.setText("")
        errors.show_error(self, error)

    # ---- Internals
    def _file_stem(self) -> str:
        day = self.chosen_day().isoformat()
        return f"shift-report-{self.session.workstation.gate_code}-{day}-{self.chosen_shift()}"

    def _start(self, text: str) -> None:
        self._busy += 1
        self.status_label.setText(text)
        self.busy_bar.show()
        self._update_buttons()

    def _stop(self) -> None:
        self._busy = max(self._busy - 1, 0)
        self.busy_bar.setVisible(self._busy > 0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        idle, ready = self._busy == 0, self.report is not None
        self.generate_button.setEnabled(idle)
        self.print_button.setEnabled(idle and ready)
        self.save_button.setEnabled(idle and ready)
        self.csv_button.setEnabled(idle)
