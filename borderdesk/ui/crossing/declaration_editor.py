"""A customs officer types, imports or corrects the declaration of a crossing.

Every save is a new version (``services.checks.save_declaration``). The form
is checked by the same code that reads declaration files
(``documents.declaration_json.declaration_from_dict``), so a wrong field is
marked here exactly as an import names it. Keyboard: Ctrl+O imports, Ctrl+S
saves, Ctrl+N adds a goods line, Ctrl+Shift+Del removes the current one.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path
from typing import Any
from uuid import UUID

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from borderdesk.documents.declaration_json import (
    COST_FIELDS,
    DeclarationFieldError,
    declaration_from_dict,
)
from borderdesk.domain.declaration import Declaration, LineCost
from borderdesk.errors import BorderDeskError, InvalidForm
from borderdesk.i18n import N_, _
from borderdesk.rules.units import canonical_unit
from borderdesk.services import checks, code_readings
from borderdesk.ui.errors import error_box, error_line
from borderdesk.ui.kit.banner import Banner
from borderdesk.ui.kit.countries import (
    combo_country,
    country_combo,
    retranslate_combo,
    set_combo_country,
)
from borderdesk.ui.kit.form_fields import FormFields
from borderdesk.ui.kit.gate_time import gate_now, gate_zone
from borderdesk.ui.session import UiSession

log = logging.getLogger("borderdesk.ui")

LINE_FIELDS = (
    "line_no", "hs_code", "description", "quantity", "unit", "gross_weight_kg",
    "value", "currency", "origin_country", "preference",
)
_LINE_HEADERS = (
    N_("No."), N_("HS code"), N_("Description"), N_("Quantity"), N_("Unit"),
    N_("Gross weight (kg)"), N_("Value"), N_("Currency"), N_("Origin"), N_("Preference"),
)
_TYPES = (("import", N_("Import")), ("export", N_("Export")), ("transit", N_("Transit")))
CERTIFICATE_FORMS = ("D", "E", "AK", "AJ", "VJ", "EUR.1", "origin declaration",
                     "self-certification")
INVALID_CELL = "#fdecea"


def _plain(value: object) -> str:
    return "" if value is None else str(value)


class DeclarationEditor(QWidget):
    """The declaration of one crossing: header, certificate of origin and goods lines."""

    sig_saved = Signal(int)
    """A declaration was saved; carries its version number."""
    sig_loaded = Signal(object)
    """The latest declaration was loaded (or a file read); carries it, None when there is none."""

    def __init__(self, session: UiSession, crossing_id: UUID,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._zone = gate_zone(session.workstation.gate_timezone)
        self.crossing_id = crossing_id
        self.fields = FormFields()
        self.version: int | None = None
        """The version last saved from this editor."""
        self._costs: dict[int, LineCost] = {}
        self._busy = False
        self._kept: dict[str, Any] | None = None
        """The form as last loaded or saved: what Esc compares with."""
        self._saving: dict[str, Any] | None = None
        self.message_box: QMessageBox | None = None
        """The last refusal of a file shown (kept so tests can read and close it)."""
        self._build()
        self.retranslate_ui()
        self.load_latest()

    # ---- Construction
    def _build(self) -> None:
        self.title = QLabel()
        self.title.setObjectName("declaration_title")
        self.declaration_no = QLineEdit()
        self.declaration_no.setMaxLength(32)
        self.type = QComboBox()
        for code, _text in _TYPES:
            self.type.addItem("", code)
        self.declared_at = QDateTimeEdit()
        self.declared_at.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.declared_at.setCalendarPopup(True)
        self.trader_name, self.trader_tax_code = QLineEdit(), QLineEdit()
        self.plate, self.container_no, self.seal_no = QLineEdit(), QLineEdit(), QLineEdit()
        self.container_no.setMaxLength(13)

        self.header_box = QGroupBox()
        grid = QGridLayout(self.header_box)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        self.fields.add(grid, 0, ("declaration_no", "type"), self.declaration_no, self.type)
        self.fields.add(grid, 2, "declared_at", self.declared_at)
        self.fields.add(grid, 4, ("trader.name", "trader.tax_code"),
                        self.trader_name, self.trader_tax_code)
        self.fields.add(grid, 6, ("vehicle.plate", "vehicle.container_no"),
                        self.plate, self.container_no)
        self.fields.add(grid, 8, "vehicle.seal_no", self.seal_no)
        grid.addWidget(self._code_offer_row(), 10, 1, 1, 2)

        self.certificate_box = QGroupBox()
        self.certificate_box.setCheckable(True)
        self.certificate_box.setChecked(False)
        self.co_form = QComboBox()
        self.co_form.setEditable(True)
        self.co_form.addItems(CERTIFICATE_FORMS)
        self.co_number = QLineEdit()
        self.co_issued_at = QDateEdit()
        self.co_issued_at.setDisplayFormat("dd/MM/yyyy")
        self.co_issued_at.setCalendarPopup(True)
        today = gate_now(self._zone)
        self.co_issued_at.setDate(QDate(today.year, today.month, today.day))
        self.co_country = country_combo()
        cgrid = QGridLayout(self.certificate_box)
        cgrid.setColumnStretch(1, 1)
        cgrid.setColumnStretch(2, 1)
        self.fields.add(cgrid, 0, ("origin_certificate.form", "origin_certificate.number"),
                        self.co_form, self.co_number)
        self.fields.add(cgrid, 2, ("origin_certificate.issued_at",
                                   "origin_certificate.origin_country"),
                        self.co_issued_at, self.co_country)

        self.lines_box = QGroupBox()
        self.lines = QTableWidget(0, len(LINE_FIELDS))
        self.lines.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.lines.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.lines.setTabKeyNavigation(True)
        self.lines.verticalHeader().hide()
        header = self.lines.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.lines.itemChanged.connect(self._on_cell_changed)
        self.add_line_button, self.remove_line_button = QPushButton(), QPushButton()
        self.add_line_button.clicked.connect(self.add_line)
        self.remove_line_button.clicked.connect(self.remove_line)
        lines_layout = QVBoxLayout(self.lines_box)
        lines_layout.addWidget(self.lines)
        line_buttons = QHBoxLayout()
        line_buttons.addWidget(self.add_line_button)
        line_buttons.addWidget(self.remove_line_button)
        line_buttons.addStretch(1)
        lines_layout.addLayout(line_buttons)

        self.banner = Banner()
        self.import_button, self.save_button = QPushButton(), QPushButton()
        for button in (self.import_button, self.save_button):
            button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.import_button.clicked.connect(self.on_import_clicked)
        self.save_button.clicked.connect(self.save)
        buttons = QHBoxLayout()
        buttons.addWidget(self.banner, 1)
        buttons.addStretch(0)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.save_button)

        top = QHBoxLayout()
        top.addWidget(self.header_box, 3)
        top.addWidget(self.certificate_box, 2)
        page = QVBoxLayout(self)
        page.addWidget(self.title)
        page.addLayout(top)
        page.addWidget(self.lines_box, 1)
        page.addLayout(buttons)

        for keys, slot in (("Ctrl+S", self.save), ("Ctrl+O", self.on_import_clicked),
                           ("Ctrl+N", self.add_line), ("Ctrl+Shift+Del", self.remove_line)):
            QShortcut(QKeySequence(keys), self, slot,
                      context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.setFocusProxy(self.declaration_no)

    def _code_offer_row(self) -> QWidget:
        """The declaration number read from a code on the crossing's papers, offered, not used."""
        self.code_offer_row = QWidget()
        self.code_offer_label = QLabel()
        self.code_offer_label.setProperty("readNote", True)
        self.code_offer_label.setWordWrap(True)
        self.use_code_button = QPushButton()
        self.use_code_button.clicked.connect(self.use_code_offer)
        row = QHBoxLayout(self.code_offer_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.code_offer_label, 1)
        row.addWidget(self.use_code_button)
        self.code_offer_row.hide()
        self.code_offer_number = ""
        return self.code_offer_row

    def retranslate_ui(self) -> None:
        """Every text of the editor in the active language."""
        self.title.setText(_("Declaration"))
        self.header_box.setTitle(_("Declaration"))
        self.certificate_box.setTitle(_("Certificate of origin"))
        self.lines_box.setTitle(_("Goods lines"))
        captions = {
            "declaration_no": _("Declaration &no. / type"),
            "declared_at": _("Declared &at"),
            "trader.name": _("&Trader / tax code"),
            "vehicle.plate": _("&Plate / container"),
            "vehicle.seal_no": _("S&eal"),
            "origin_certificate.form": _("Form / number"),
            "origin_certificate.issued_at": _("Issued / country"),
        }
        for key, text in captions.items():
            self.fields.by_key[key].caption.setText(text)
        for index, (_code, text) in enumerate(_TYPES):
            self.type.setItemText(index, _(text))
        self.lines.setHorizontalHeaderLabels([_(h) for h in _LINE_HEADERS])
        retranslate_combo(self.co_country)
        self.trader_name.setPlaceholderText(_("Trader name"))
        self.trader_tax_code.setPlaceholderText(_("Tax code"))
        self.plate.setPlaceholderText(_("e.g. 74C-123.45"))
        self.container_no.setPlaceholderText(_("e.g. CSQU3054383"))
        self.co_number.setPlaceholderText(_("Certificate number"))
        self.add_line_button.setText(_("Add line (Ctrl+N)"))
        self.remove_line_button.setText(_("Remove line (Ctrl+Shift+Del)"))
        self.import_button.setText(_("Import file… (Ctrl+O)"))
        self.save_button.setText(_("Save (Ctrl+S)"))
        self.use_code_button.setText(_("Use this number"))
        self._show_code_offer()

    # ---- Public API
    def load_latest(self) -> None:
        """Fill the editor with the crossing's latest declaration, when there is one."""
        db, actor, crossing_id = self._session.db, self._session.actor, self.crossing_id
        self._session.tasks.run(
            lambda: checks.latest_declaration(db, actor, crossing_id),
            self.on_latest_loaded, self.on_failed,
        )

    def import_file(self, path: Path) -> None:
        """Read a JSON, CSV or XML declaration file off the GUI thread into the editor.

        A file refused (a FIFO, a repeated element, a value too long) is named in a
        dialog; the form and the saved declaration stay as they were.
        """
        self._session.tasks.run(lambda: checks.read_declaration_file(path), self.on_imported,
                                self.on_import_failed)

    def set_declaration(self, declaration: Declaration) -> None:
        """Show ``declaration`` in the fields (nothing is saved)."""
        self.fields.unmark_all()
        self.declaration_no.setText(declaration.declaration_no)
        self.type.setCurrentIndex(max(0, self.type.findData(declaration.type)))
        local = declaration.declared_at.astimezone(self._zone)
        self.declared_at.setDateTime(QDateTime(QDate(local.year, local.month, local.day),
                                               QTime(local.hour, local.minute)))
        self.trader_name.setText(declaration.trader.name)
        self.trader_name.setCursorPosition(0)  # a long name shows its start, not its end
        self.trader_tax_code.setText(declaration.trader.tax_code)
        self.plate.setText(declaration.vehicle.plate)
        self.container_no.setText(declaration.vehicle.container_no)
        self.seal_no.setText(declaration.vehicle.seal_no)
        certificate = declaration.origin_certificate
        self.certificate_box.setChecked(certificate is not None)
        if certificate is not None:
            self.co_form.setCurrentText(certificate.form)
            self.co_number.setText(certificate.number)
            issued = certificate.issued_at
            self.co_issued_at.setDate(QDate(issued.year, issued.month, issued.day))
            set_combo_country(self.co_country, certificate.origin_country)
        self._costs = {line.line_no: line.cost for line in declaration.lines if line.cost}
        self.lines.blockSignals(True)
        self.lines.setRowCount(0)
        for line in declaration.lines:
            row = self.lines.rowCount()
            self.lines.insertRow(row)
            for column, name in enumerate(LINE_FIELDS):
                self.lines.setItem(row, column, QTableWidgetItem(_plain(getattr(line, name))))
        self.lines.blockSignals(False)
        self.lines.resizeColumnsToContents()
        self.lines.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)

    def declaration_data(self) -> dict[str, Any]:
        """The form in DESIGN.md's declaration JSON shape (text values, as typed)."""
        local = self.declared_at.dateTime()
        day, time = local.date(), local.time()
        declared = datetime(day.year(), day.month(), day.day(), time.hour(), time.minute(),
                            tzinfo=self._zone)
        certificate = None
        if self.certificate_box.isChecked():
            issued = self.co_issued_at.date()
            certificate = {
                "form": self.co_form.currentText().strip(),
                "number": self.co_number.text().strip(),
                "issued_at": f"{issued.year():04d}-{issued.month():02d}-{issued.day():02d}",
                "origin_country": combo_country(self.co_country)
                or self.co_country.currentText().strip(),
            }
        lines = []
        for row in range(self.lines.rowCount()):
            values = {name: self._cell(row, column) for column, name in enumerate(LINE_FIELDS)}
            if not any(values.values()):
                continue
            line: dict[str, Any] = {k: (v or None) for k, v in values.items()}
            line["hs_code"] = values["hs_code"]
            line["description"] = values["description"]
            line["currency"] = values["currency"].upper() or "USD"
            cost = self._costs.get(int(values["line_no"])) if values["line_no"].isdigit() else None
            if cost is not None:
                line["cost"] = {n: str(getattr(cost, n)) for n in COST_FIELDS
                                if getattr(cost, n) is not None}
            lines.append(line)
        return {
            "declaration_no": self.declaration_no.text().strip(),
            "type": self.type.currentData(),
            "declared_at": declared.isoformat(),
            "trader": {"name": self.trader_name.text().strip(),
                       "tax_code": self.trader_tax_code.text().strip()},
            "vehicle": {"plate": self.plate.text().strip(),
                        "container_no": self.container_no.text().strip().upper(),
                        "seal_no": self.seal_no.text().strip()},
            "origin_certificate": certificate,
            "lines": lines,
        }

    def save(self) -> None:
        """Check the form, then save it as the crossing's next declaration version."""
        if self._busy:
            return
        self.fields.unmark_all()
        self._unmark_cells()
        data = self.declaration_data()
        db, actor, crossing_id = self._session.db, self._session.actor, self.crossing_id

        def work() -> int:
            # Checked field by field first (HS nomenclature included), so that
            # a wrong field can be marked rather than only named.
            declaration = declaration_from_dict(data, hs_check=checks.hs_problem,
                                                unit_check=canonical_unit)
            return checks.save_declaration(db, actor, crossing_id, declaration)

        self._busy = True
        self._saving = data
        self.save_button.setEnabled(False)
        self._session.tasks.run(work, self.on_saved, self.on_failed, write=True)

    def add_line(self) -> None:
        """Add an empty goods line numbered after the last one, and start typing in it."""
        numbers = [int(t) for r in range(self.lines.rowCount())
                   if (t := self._cell(r, 0)).isdigit()]
        row = self.lines.rowCount()
        self.lines.blockSignals(True)
        self.lines.insertRow(row)
        first = {"line_no": str(max(numbers, default=0) + 1), "currency": "USD"}
        for column, name in enumerate(LINE_FIELDS):
            self.lines.setItem(row, column, QTableWidgetItem(first.get(name, "")))
        self.lines.blockSignals(False)
        self.lines.setCurrentCell(row, 1)
        self.lines.setFocus()

    def remove_line(self) -> None:
        """Remove the goods line with the current cell."""
        row = self.lines.currentRow()
        if row >= 0:
            self.lines.removeRow(row)

    def has_unsaved_edit(self) -> bool:
        """Whether the form differs from the declaration last loaded or saved (a file read
        and not saved yet counts)."""
        return self._kept is not None and self.declaration_data() != self._kept

    def field_error(self, key: str) -> str:
        """The reason shown for a header field, "" when it is not marked."""
        return self.fields.error_text(key)

    def cell_error(self, row: int, field: str) -> str:
        """The reason a goods-line cell is marked with, "" when it is not."""
        item = self.lines.item(row, LINE_FIELDS.index(field))
        return item.toolTip() if item is not None and item.data(Qt.ItemDataRole.UserRole) else ""

    # ---- Slots
    def on_import_clicked(self) -> None:
        """Ask for a declaration file and read it."""
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Import a declaration"), "",
            _("Declarations (*.json *.csv *.xml);;All files (*)"),
        )
        if path:
            self.import_file(Path(path))

    def on_latest_loaded(self, declaration: Declaration | None) -> None:
        """Pre-fill with the latest version, or start an empty declaration."""
        if declaration is not None:
            self.set_declaration(declaration)
        elif self.lines.rowCount() == 0:
            now = gate_now(self._zone)
            self.declared_at.setDateTime(QDateTime(QDate(now.year, now.month, now.day),
                                                   QTime(now.hour, now.minute)))
            self.add_line()
            self.declaration_no.setFocus()
        self._kept = self.declaration_data()
        self.sig_loaded.emit(declaration)
        if not self.declaration_no.text().strip():
            db, actor, crossing_id = self._session.db, self._session.actor, self.crossing_id
            self._session.tasks.run(
                lambda: code_readings.declaration_number_offers(db, actor, crossing_id),
                self.on_code_offers, lambda _error: None)  # an offer is a convenience

    def on_code_offers(self, offers: tuple[code_readings.DeclarationNumberOffer, ...]) -> None:
        """Offer the first declaration number read from a code while the field is empty."""
        if not offers or self.declaration_no.text().strip():
            return
        self.code_offer_number = offers[0].number
        self._show_code_offer()

    def use_code_offer(self) -> None:
        """The officer takes the number read from the code; it is written only when he saves."""
        number, self.code_offer_number = self.code_offer_number, ""
        self._show_code_offer()
        if not number:
            return
        self.declaration_no.setText(number)
        self.fields.unmark("declaration_no")
        self.banner.show_ok(_("Declaration number {number} taken from the code. Check the rest, "
                              "then save.").format(number=number))
        self.declaration_no.setFocus()

    def _show_code_offer(self) -> None:
        number = self.code_offer_number
        self.code_offer_label.setText(
            _("Read from a code on the crossing's papers: {number} — confirm").format(
                number=number) if number else "")
        self.code_offer_row.setVisible(bool(number))

    def on_imported(self, declaration: Declaration) -> None:
        """A file was read: show it for checking before it is saved."""
        self.set_declaration(declaration)
        self.banner.show_ok(_("Declaration {number} read with {count} goods lines. Check it, "
                            "then save.").format(number=declaration.declaration_no,
                                                 count=len(declaration.lines)))
        self.sig_loaded.emit(declaration)

    def on_saved(self, version: int) -> None:
        """Confirm the new version."""
        self._busy = False
        self.save_button.setEnabled(True)
        self.version = version
        self._kept = self._saving
        self.banner.show_ok(_("Declaration saved as version {version}.").format(version=version))
        self.sig_saved.emit(version)

    def on_failed(self, error: BaseException) -> None:
        """Say what is wrong (a file's message names the file, line and field)."""
        self._busy = False
        self.save_button.setEnabled(True)
        if isinstance(error, DeclarationFieldError):
            self._mark(error.field, error.problem, error.index)
            self.banner.show_problem(error_line(
                _("Please correct the marked field: {problem}").format(problem=error.problem)))
        elif isinstance(error, InvalidForm):
            for key, reason in error.fields.items():
                self._mark(key, reason, None)
            self.banner.show_problem(error_line(error))
        elif isinstance(error, BorderDeskError):
            self.banner.show_problem(error_line(error))
        else:
            self._session.tasks.report(error)

    def on_import_failed(self, error: BaseException) -> None:
        """A file was refused: the banner says why, and a dialog, so it is not missed."""
        self.on_failed(error)
        if isinstance(error, BorderDeskError):
            box = error_box(self, error)
            # open(), not exec(): the window goes on; the box is modal to it alone.
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
            self.message_box = box
            box.open()

    # ---- Internals
    def _cell(self, row: int, column: int) -> str:
        item = self.lines.item(row, column)
        return item.text().strip() if item is not None else ""

    def _mark(self, key: str, reason: str, index: int | None) -> None:
        """Mark a header field, or the goods-line cell ``lines.{i}.{field}`` names."""
        parts = key.replace("[", ".").replace("]", "").split(".")
        if parts[0] == "lines" and len(parts) >= 2 and parts[1].isdigit():
            index, parts = int(parts[1]), parts[2:]
            key = ".".join(parts)
        if index is not None:
            field = key.split(".")[0] if key else "line_no"
            row = self._row_of_index(index)
            column = LINE_FIELDS.index(field) if field in LINE_FIELDS else 0
            item = self.lines.item(row, column) if row >= 0 else None
            if item is not None:
                self.lines.blockSignals(True)
                item.setData(Qt.ItemDataRole.UserRole, True)
                item.setBackground(QBrush(QColor(INVALID_CELL)))
                item.setToolTip(reason)
                self.lines.blockSignals(False)
                self.lines.setCurrentCell(row, column)
            return
        if key == "origin_certificate":
            key = "origin_certificate.form"
        if not self.fields.mark(key, reason):
            log.info("no field for %s: %s", key, reason)

    def _row_of_index(self, index: int) -> int:
        """The table row of the ``index``-th non-empty goods line."""
        seen = -1
        for row in range(self.lines.rowCount()):
            if any(self._cell(row, c) for c in range(len(LINE_FIELDS))):
                seen += 1
                if seen == index:
                    return row
        return -1

    def _unmark_cells(self) -> None:
        self.lines.blockSignals(True)
        for row in range(self.lines.rowCount()):
            for column in range(len(LINE_FIELDS)):
                item = self.lines.item(row, column)
                if item is not None and item.data(Qt.ItemDataRole.UserRole):
                    item.setData(Qt.ItemDataRole.UserRole, None)
                    item.setBackground(QBrush())
                    item.setToolTip("")
        self.lines.blockSignals(False)

    def _on_cell_changed(self, item: QTableWidgetItem) -> None:
        if item.data(Qt.ItemDataRole.UserRole):
            self.lines.blockSignals(True)
            item.setData(Qt.ItemDataRole.UserRole, None)
            item.setBackground(QBrush())
            item.setToolTip("")
            self.lines.blockSignals(False)

