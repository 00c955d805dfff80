"""The border guard's form for an arriving vehicle, fast enough for a queue of trucks.

Works by keyboard alone: focus starts on the tractor plate, Enter saves,
Esc clears. A known plate fills what the gate remembers of the truck (only
fields still empty), so a regular is registered in a few keystrokes.
"""

from __future__ import annotations

import itertools
import re
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QDate, QDateTime, QTime, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDateTimeEdit,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from borderdesk.domain.crossing import (
    ArrivalForm,
    ContainerEntry,
    CrossingDetail,
    Direction,
    QueueRow,
    VehicleRecall,
    label,
)
from borderdesk.errors import BorderDeskError, InvalidForm
from borderdesk.i18n import _, ngettext
from borderdesk.rules.identifiers import format_vn_plate, normalize_plate
from borderdesk.services import code_readings, crossings
from borderdesk.ui.kit.banner import Banner
from borderdesk.ui.kit.check_digit_offer import CheckDigitOffer
from borderdesk.ui.kit.countries import (
    combo_country,
    country_combo,
    retranslate_combo,
    set_combo_country,
)
from borderdesk.ui.kit.form_fields import FormFields, FormKeys
from borderdesk.ui.kit.gate_time import full_time_text, gate_now, gate_zone
from borderdesk.ui.kit.read_marks import ReadMarks
from borderdesk.ui.pages.page import Page
from borderdesk.ui.session import UiSession

CONTAINER_ROWS = 4
RECALL_DELAY_MS = 600
"""Pause in typing a plate after which the gate's memory of it is asked."""


class ArrivalPage(Page):
    """Registers an arriving vehicle through ``services.crossings.register_arrival``."""

    sig_arrival_registered = Signal(object)
    """An arrival was saved; carries the new crossing's id."""

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._zone = gate_zone(session.workstation.gate_timezone)
        self.fields = FormFields()
        self._recalled: dict[str, str] = {}
        self._touched: set[str] = set()
        self._container_rows: list[int] = []
        self._saving = False
        self._time_touched = False
        self.last_registered: CrossingDetail | None = None
        self.open_warning: QMessageBox | None = None
        """The question asked when the truck still has an open crossing, while it is open."""
        self._build()
        self._recall_timer = QTimer(self, singleShot=True, interval=RECALL_DELAY_MS)
        self._recall_timer.timeout.connect(self.on_recall_requested)
        self._clock = QTimer(self, interval=20_000)
        self._clock.timeout.connect(self._tick_clock)
        self._clock.start()
        self._wire()
        self.retranslate_ui()
        self.clear_form(keep_banner=False)

    # ---- Construction
    def _build(self) -> None:
        self.title = QLabel()
        self.title.setObjectName("arrival_title")
        self.direction = QComboBox()
        for direction in Direction:
            self.direction.addItem("", direction)
        self.lane = QComboBox()
        for lane in self._session.workstation.lanes:
            self.lane.addItem(lane, lane)
        self.tractor_plate = self._plate_edit()
        self.tractor_country = country_combo()
        self.trailer_plate = self._plate_edit()
        self.trailer_country = country_combo()
        self.hint = QLabel()
        self.hint.setObjectName("arrival_hint")
        self.containers: list[tuple[QLineEdit, QLineEdit]] = []
        for _row in range(CONTAINER_ROWS):
            number, seals = QLineEdit(), QLineEdit()
            number.setMaxLength(13)
            self.containers.append((number, seals))
        self.driver_name, self.driver_document_no = QLineEdit(), QLineEdit()
        self.driver_nationality = country_combo()
        self.carrier_name = QLineEdit()
        self.arrived_at = QDateTimeEdit()
        self.arrived_at.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.arrived_at.setCalendarPopup(True)
        self.note = QLineEdit()
        self.save_button, self.clear_button = QPushButton(), QPushButton()
        self.save_button.setDefault(True)
        self.banner = Banner()
        self.check_digits = CheckDigitOffer(self.fields, {
            f"containers.{row}.container_no": number
            for row, (number, _seals) in enumerate(self.containers)}, self)
        self.read_marks = ReadMarks(self.fields, self)
        self.readings_row = self._readings_row()

        vehicle = QGroupBox()
        self.vehicle_box = vehicle
        grid = QGridLayout(vehicle)
        grid.setColumnStretch(1, 1)
        self.direction.setMinimumWidth(160)
        self.lane.setMinimumWidth(80)
        self.fields.add(grid, 0, ("direction", "lane"), self.direction, self._lane_box())
        self.fields.point("lane", self.lane)
        self.fields.add(grid, 4, ("tractor_plate", "tractor_country"),
                  self.tractor_plate, self.tractor_country)
        grid.addWidget(self.hint, 6, 1, 1, 2)
        self.fields.add(grid, 7, ("trailer_plate", "trailer_country"),
                  self.trailer_plate, self.trailer_country)
        self.container_box = QGroupBox()
        cgrid = QGridLayout(self.container_box)
        self.container_header = (QLabel(), QLabel())
        cgrid.addWidget(self.container_header[0], 0, 1)
        cgrid.addWidget(self.container_header[1], 0, 2)
        cgrid.setColumnStretch(1, 1)
        cgrid.setColumnStretch(2, 1)
        for row, (number, seals) in enumerate(self.containers):
            keys = (f"containers.{row}.container_no", f"containers.{row}.seal_nos")
            self.fields.add(cgrid, 1 + 2 * row, keys, number, seals)
            self.fields.by_key[f"containers.{row}.container_no"].caption.setText(f"{row + 1}.")

        people = QGroupBox()
        self.people_box = people
        pgrid = QGridLayout(people)
        pgrid.setColumnStretch(1, 1)
        self.fields.add(pgrid, 0, "driver_name", self.driver_name)
        self.fields.add(pgrid, 2, "driver_document_no", self.driver_document_no)
        self.fields.add(pgrid, 4, "driver_nationality", self.driver_nationality)
        self.fields.add(pgrid, 6, "carrier_name", self.carrier_name)
        self.fields.add(pgrid, 8, "arrived_at", self.arrived_at)
        self.fields.add(pgrid, 10, "note", self.note)
        pgrid.setRowStretch(12, 1)

        left = QVBoxLayout()
        left.addWidget(vehicle)
        left.addWidget(self.container_box)
        columns = QHBoxLayout()
        columns.addLayout(left, 3)
        columns.addWidget(people, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.banner, 1)
        buttons.addWidget(self.check_digits.button)
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.save_button)
        page = QVBoxLayout(self)
        page.addWidget(self.title)
        page.addLayout(self.readings_row)
        page.addLayout(columns)
        page.addLayout(buttons)
        page.addStretch(1)

        order: list[QWidget] = [
            self.direction, self.lane, self.tractor_plate, self.tractor_country,
            self.trailer_plate, self.trailer_country,
            *[w for pair in self.containers for w in pair],
            self.driver_name, self.driver_document_no, self.driver_nationality,
            self.carrier_name, self.arrived_at, self.note, self.save_button, self.clear_button,
        ]
        for first, second in itertools.pairwise(order):
            self.setTabOrder(first, second)
        self.setFocusProxy(self.tractor_plate)

    def _lane_box(self) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(12, 0, 0, 0)
        self.lane_caption = QLabel()
        self.lane_caption.setBuddy(self.lane)
        row.addWidget(self.lane_caption)
        row.addWidget(self.lane, 1)
        return box

    def _readings_row(self) -> QHBoxLayout:
        """The booth camera and the buttons that fill the form from a reading."""
        self.camera_caption, self.camera_combo = QLabel(), QComboBox()
        for camera in self._session.settings.camera_sources:
            self.camera_combo.addItem(camera.name, camera.source)
        self.camera_caption.setBuddy(self.camera_combo)
        self.camera_read_button = QPushButton()
        self.camera_read_button.setShortcut("F6")
        self.camera_read_button.clicked.connect(self.read_from_camera)
        self.document_button = QPushButton()
        self.document_button.setShortcut("F7")
        self.document_menu = QMenu(self.document_button)
        self.document_file_action = self.document_menu.addAction("")
        self.document_file_action.triggered.connect(self.on_read_document_clicked)
        self.document_camera_action = self.document_menu.addAction("")
        self.document_camera_action.triggered.connect(self.read_document_from_camera)
        self.document_button.setMenu(self.document_menu)
        self.confirm_reads_button = QPushButton()
        self.confirm_reads_button.clicked.connect(self.read_marks.confirm_all)
        self.read_marks.sig_changed.connect(self._show_read_state)
        self._show_read_state()
        has_camera = self.camera_combo.count() > 0
        for widget in (self.camera_caption, self.camera_combo, self.camera_read_button):
            widget.setVisible(has_camera)
        self.document_camera_action.setEnabled(has_camera)
        row = QHBoxLayout()
        row.addWidget(self.camera_caption)
        row.addWidget(self.camera_combo)
        row.addWidget(self.camera_read_button)
        row.addWidget(self.document_button)
        row.addWidget(self.confirm_reads_button)
        row.addStretch(1)
        return row

    def _plate_edit(self) -> QLineEdit:
        edit = QLineEdit()
        edit.setMaxLength(20)
        return edit

    def _wire(self) -> None:
        self.keys = FormKeys(self)
        self.keys.watch(*self._inputs())
        self.keys.sig_enter.connect(self.save)
        self.keys.sig_escape.connect(self.on_clear_clicked)
        self.save_button.clicked.connect(self.save)
        self.clear_button.clicked.connect(self.on_clear_clicked)
        for widget in self._inputs():
            # The confirmation of the last truck stays until the officer starts on the next one.
            if isinstance(widget, QLineEdit):
                widget.textEdited.connect(self.on_form_edited)
            elif isinstance(widget, QComboBox):
                widget.activated.connect(self.on_form_edited)
                typed = widget.lineEdit()
                if typed is not None:
                    typed.textEdited.connect(self.on_form_edited)
        self.tractor_plate.textEdited.connect(self.on_plate_edited)
        self.tractor_plate.editingFinished.connect(self.on_recall_requested)
        self.arrived_at.dateTimeChanged.connect(self._on_time_edited)
        for key in ("direction", "lane"):
            combo = getattr(self, key)
            combo.activated.connect(lambda _i, k=key: self._touched.add(k))

    def _inputs(self) -> list[QWidget]:
        return [
            self.direction, self.lane, self.tractor_plate, self.tractor_country,
            self.trailer_plate, self.trailer_country,
            *[w for pair in self.containers for w in pair],
            self.driver_name, self.driver_document_no, self.driver_nationality,
            self.carrier_name, self.arrived_at, self.note,
        ]

    def retranslate_ui(self) -> None:
        """Every text of the form in the active language."""
        self.title.setText(_("Register an arriving vehicle"))
        self.vehicle_box.setTitle(_("Vehicle"))
        self.container_box.setTitle(_("Containers and seals"))
        self.people_box.setTitle(_("Driver, carrier and time"))
        self.container_header[0].setText(_("Container number"))
        self.container_header[1].setText(_("Seal numbers (space between seals)"))
        captions = {
            "direction": _("&Direction"),
            "tractor_plate": _("Tractor &plate"), "trailer_plate": _("T&railer plate"),
            "driver_name": _("Dri&ver"), "driver_document_no": _("&ID / passport no."),
            "driver_nationality": _("Nationalit&y"), "carrier_name": _("&Carrier"),
            "arrived_at": _("Arrival &time"), "note": _("N&ote"),
        }
        for key, text in captions.items():
            self.fields.by_key[key].caption.setText(text)
        self.lane_caption.setText(_("&Lane"))
        for index in range(self.direction.count()):
            self.direction.setItemText(index, label(Direction(self.direction.itemData(index))))
        for combo in (self.tractor_country, self.trailer_country, self.driver_nationality):
            retranslate_combo(combo)
        self.tractor_plate.setPlaceholderText(_("e.g. 74C-123.45"))
        self.trailer_plate.setPlaceholderText(_("e.g. 74R-012.34"))
        self.driver_document_no.setPlaceholderText(_("ID card or passport number"))
        for number, seals in self.containers:
            number.setPlaceholderText(_("e.g. CSQU3054383"))
            seals.setPlaceholderText(_("e.g. A123456 A123457"))
        self.save_button.setText(_("Save arrival (Enter)"))
        self.clear_button.setText(_("Clear (Esc)"))
        self.check_digits.retranslate_ui()
        self.camera_caption.setText(_("Ca&mera"))
        self.camera_read_button.setText(_("Read plate and containers (F6)"))
        self.camera_read_button.setToolTip(
            _("Take a picture with the chosen camera and fill the plate or the containers"))
        self.document_button.setText(_("Read driver's document (F7)"))
        self.document_file_action.setText(_("From a photo or scan…"))
        self.document_camera_action.setText(_("From the camera"))
        self.confirm_reads_button.setText(_("Confirm what was read"))
        self.confirm_reads_button.setToolTip(
            _("The fields marked in amber were filled from a reading: confirm them after "
              "checking them against the papers"))

    # ---- Public API
    def field_error(self, key: str) -> str:
        """The reason shown under a field, "" when the field is not marked."""
        return self.fields.error_text(key)

    def clear_form(self, *, keep_banner: bool = True) -> None:
        """Empty the form for the next truck, keeping direction and lane; focus on the plate."""
        for widget in self._inputs():
            if isinstance(widget, QLineEdit):
                widget.clear()
        for combo in (self.tractor_country, self.trailer_country, self.driver_nationality):
            set_combo_country(combo, "VN")
        self.read_marks.confirm_all()
        self.fields.unmark_all()
        self.check_digits.drop(None)
        self._recalled.clear()
        self._touched.clear()
        self.hint.clear()
        self._time_touched = False
        self._tick_clock()
        if not keep_banner:
            self.banner.hide()
        self.tractor_plate.setFocus()

    def save(self) -> None:
        """Register the arrival off the GUI thread (nothing happens while one is saving)."""
        if self._saving:
            return
        unconfirmed = self.read_marks.marked()
        if unconfirmed:
            # Nothing a machine read is written without the officer having looked at it.
            self.banner.show_problem(_("Check the fields marked in amber against the papers, "
                                       "then confirm them or correct them."))
            self.fields.by_key[unconfirmed[0]].widget.setFocus()
            return
        form = self._form()
        if form is None:
            return
        self._saving = True
        self.save_button.setEnabled(False)
        db, actor = self._session.db, self._session.actor
        # The same truck twice is usually a slip (a second officer at the booth, a
        # double click); sometimes a second trip. The officer decides, warned.
        self._session.tasks.run(
            lambda: crossings.open_crossings_of_truck(db, actor, form.tractor_plate),
            lambda rows: self.on_open_crossings(form, rows), self.on_save_failed,
        )

    def _register(self, form: ArrivalForm) -> None:
        db, actor = self._session.db, self._session.actor
        self._session.tasks.run(
            lambda: crossings.register_arrival(db, actor, form),
            self.on_saved, self.on_save_failed, write=True,
        )

    def on_open_crossings(self, form: ArrivalForm, rows: tuple[QueueRow, ...]) -> None:
        """Register at once, or first ask about the truck's crossings still open."""
        if not rows:
            self._register(form)
            return
        zone = gate_zone(self._session.workstation.gate_timezone)
        listed = "\n".join(
            _("{reference} — {status}, arrived {time}, lane {lane}").format(
                reference=row.reference, status=label(row.status),
                time=full_time_text(row.arrived_at, zone), lane=row.lane)
            for row in rows)
        box = QMessageBox(QMessageBox.Icon.Warning, _("Truck already at the gate"),
                          ngettext("{plate} already has an open crossing:",
                                   "{plate} already has {n} open crossings:", len(rows))
                          .format(plate=form.tractor_plate, n=len(rows)) + "\n\n" + listed
                          + "\n\n" + _("Register another crossing for this truck?"),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.button(QMessageBox.StandardButton.Yes).setText(_("Register another crossing"))
        box.button(QMessageBox.StandardButton.No).setText(_("Do not register"))
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.finished.connect(lambda _result: self._after_open_warning(form, box))
        self.open_warning = box
        box.open()

    def _after_open_warning(self, form: ArrivalForm, box: QMessageBox) -> None:
        self.open_warning = None
        if box.clickedButton() is box.button(QMessageBox.StandardButton.Yes):
            self._register(form)
            return
        self._saving = False
        self.save_button.setEnabled(True)
        self.banner.show_problem(_("Not registered: the truck's open crossing is in the queue."))

    # ---- Slots
    def on_clear_clicked(self) -> None:
        """The Clear button: an empty form, the confirmation gone too."""
        self.clear_form(keep_banner=False)

    def on_saved(self, detail: CrossingDetail) -> None:
        """The arrival is in the queue: confirm, clear, tell the window."""
        self._saving = False
        self.save_button.setEnabled(True)
        self.last_registered = detail
        self.banner.show_ok(
            _("Arrival registered as {reference} — {plate}, lane {lane}.").format(
                reference=detail.reference, plate=detail.tractor_plate, lane=detail.lane
            )
        )
        self.clear_form()
        self.sig_arrival_registered.emit(detail.crossing_id)

    def on_save_failed(self, error: BaseException) -> None:
        """Mark what is wrong; keep everything the officer typed."""
        self._saving = False
        self.save_button.setEnabled(True)
        if isinstance(error, InvalidForm):
            for key, reason in error.fields.items():
                self.fields.mark(self._field_key(key, reason), reason)
            self.banner.show_problem(str(error))
            self.check_digits.offer()
            self._focus_first_marked()
        elif isinstance(error, BorderDeskError):
            self.banner.show_problem(str(error))
        else:
            self._session.tasks.report(error)

    def on_form_edited(self) -> None:
        """The officer started on the next truck: the last one's confirmation goes."""
        if self.banner.is_ok():
            self.banner.hide()

    def on_plate_edited(self, _text: str) -> None:
        """The plate changed: what was recalled for the old plate no longer applies."""
        for key, value in self._recalled.items():
            widget = getattr(self, key)
            if isinstance(widget, QLineEdit) and widget.text() == value:
                widget.clear()
        self._recalled.clear()
        self.hint.clear()
        if self._plate_complete():
            self._recall_timer.start()

    def on_recall_requested(self) -> None:
        """Ask off thread what the gate remembers of the plate typed."""
        self._recall_timer.stop()
        plate = self.tractor_plate.text().strip()
        if len(normalize_plate(plate)) < 4 or self._recalled:
            return
        db, actor = self._session.db, self._session.actor
        self._session.tasks.run(
            lambda: crossings.recall_vehicle(db, actor, plate),
            lambda recall: self.on_recalled(plate, recall),
            lambda _error: None,  # remembering is a convenience: the form works without it
        )

    def on_recalled(self, plate: str, recall: VehicleRecall | None) -> None:
        """Fill the empty fields from the truck's last crossing and say how well it is known."""
        if normalize_plate(plate) != normalize_plate(self.tractor_plate.text()) or self._recalled:
            return
        if recall is None:
            self.hint.setText(_("New truck: no earlier crossing at this gate."))
            return
        for key, value in (
            ("trailer_plate", recall.trailer_plate), ("driver_name", recall.driver_name),
            ("driver_document_no", recall.driver_document_no),
            ("carrier_name", recall.carrier_name),
        ):
            edit: QLineEdit = getattr(self, key)
            if value and not edit.text().strip():
                edit.setText(value)
                self._recalled[key] = value
        if "trailer_plate" in self._recalled and recall.trailer_country:
            set_combo_country(self.trailer_country, recall.trailer_country)
        if "driver_name" in self._recalled and recall.driver_nationality:
            set_combo_country(self.driver_nationality, recall.driver_nationality)
        if "direction" not in self._touched:
            self.direction.setCurrentIndex(max(0, self.direction.findData(recall.last_direction)))
        if "lane" not in self._touched and self.lane.findData(recall.last_lane) >= 0:
            self.lane.setCurrentIndex(self.lane.findData(recall.last_lane))
        self.hint.setText(
            ngettext(
                "Known truck: {count} crossing, last on {date}.",
                "Known truck: {count} crossings, last on {date}.",
                recall.crossings,
            ).format(count=recall.crossings, date=full_time_text(recall.last_seen, self._zone))
        )

    # ---- Readings: the booth camera, the driver's document
    def read_from_camera(self) -> None:
        """Fill the plate or the containers from a snapshot of the chosen camera, off thread."""
        source = self.camera_combo.currentData()
        if not source:
            return
        name = self.camera_combo.currentText()
        actor, command = self._session.actor, self._session.settings.tesseract_cmd
        self.camera_read_button.setEnabled(False)
        self._session.tasks.run(
            lambda: code_readings.read_from_camera(actor, str(source), name, command),
            self.on_camera_read, self.on_reading_failed)

    def on_read_document_clicked(self) -> None:
        """Ask for the photo or scan of the driver's ID card or passport."""
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Driver's document"), "",
            _("Photos and scans (*.jpg *.jpeg *.png *.tif *.tiff *.pdf)"))
        if path:
            self.read_document_file(Path(path))

    def read_document_file(self, path: Path) -> None:
        """Fill the driver's fields from a photo or scan of his document, off thread."""
        actor, command = self._session.actor, self._session.settings.tesseract_cmd
        self.document_button.setEnabled(False)
        self._session.tasks.run(
            lambda: code_readings.driver_documents_in_path(actor, path, command),
            self.on_documents_read, self.on_reading_failed)

    def read_document_from_camera(self) -> None:
        """Fill the driver's fields from the document held up to the chosen camera, off thread."""
        source = self.camera_combo.currentData()
        if not source:
            return
        name = self.camera_combo.currentText()
        actor, command = self._session.actor, self._session.settings.tesseract_cmd
        self.document_button.setEnabled(False)
        self._session.tasks.run(
            lambda: code_readings.driver_documents_from_camera(actor, str(source), name,
                                                              command),
            self.on_documents_read, self.on_reading_failed)

    def on_camera_read(self, reading: code_readings.CameraReading) -> None:
        """Put what the camera read into the empty fields, each marked to confirm."""
        self.camera_read_button.setEnabled(True)
        note = _("Read from the camera — confirm")
        filled: list[str] = []
        plate_free = (not self.tractor_plate.text().strip()
                      or "tractor_plate" in self.read_marks.marked())
        if reading.plates and plate_free:
            plate = reading.plates[0]
            self.tractor_plate.setText(plate.plate)
            if plate.country:
                set_combo_country(self.tractor_country, plate.country)
            self.read_marks.mark("tractor_plate", note)
            self.on_plate_edited(plate.plate)  # a known plate fills the rest, as typed ones do
            filled.append(plate.plate)
        present = {normalize_plate(number.text()) for number, _seals in self.containers}
        empty = [row for row, (number, _seals) in enumerate(self.containers)
                 if not number.text().strip()]
        for number in reading.containers:
            if normalize_plate(number) in present or not empty:
                continue
            row = empty.pop(0)
            self.containers[row][0].setText(number)
            self.read_marks.mark(f"containers.{row}.container_no", note)
            filled.append(number)
        if filled:
            self.banner.show_ok(_("Read from the camera: {values}. Check them against the "
                                  "truck, then confirm.").format(values=", ".join(filled)))
        else:
            self.banner.show_problem(_("No plate or container number could be read on the "
                                       "camera's picture: type them."))

    def on_documents_read(self, readings: list[code_readings.DocumentReading]) -> None:
        """Fill the driver's name, number and nationality from the first valid reading."""
        self.document_button.setEnabled(True)
        valid = [r for r in readings if r.valid]
        if not readings:
            self.banner.show_problem(_("No citizen ID card code or passport zone was found on "
                                       "the picture: type the driver's details."))
            return
        if not valid:
            self.banner.show_problem(
                _("The document was read but does not check out, so nothing was filled: "
                  "{problems}").format(problems=" ".join(readings[0].problems)))
            return
        self._fill_driver(valid[0])

    def on_reading_failed(self, error: BaseException) -> None:
        """Say why nothing was read; the form is as the officer left it."""
        self.camera_read_button.setEnabled(True)
        self.document_button.setEnabled(True)
        if isinstance(error, BorderDeskError):
            self.banner.show_problem(str(error))
        else:
            self._session.tasks.report(error)

    def _fill_driver(self, reading: code_readings.DocumentReading) -> None:
        document = {"cccd": _("citizen ID card"), "passport": _("passport"),
                    "id_card": _("ID card")}.get(reading.kind, reading.kind)
        note = _("Read from the {document} — confirm").format(document=document)
        fields = reading.fields
        born = fields.get("birth_date", "")
        for key, value in (("driver_name", fields.get("name", "")),
                           ("driver_document_no", fields.get("number", ""))):
            if value:
                edit: QLineEdit = getattr(self, key)
                edit.setText(value)
                self.read_marks.mark(key, note)
        if fields.get("nationality"):
            set_combo_country(self.driver_nationality, fields["nationality"])
            self.read_marks.mark("driver_nationality", note)
        birth = (date.fromisoformat(born).strftime("%d/%m/%Y") if born else "")
        self.banner.show_ok(
            _("Read from the {document}: {name}, born {birth}. Check against the document, "
              "then confirm.").format(document=document, name=fields.get("name", ""),
                                      birth=birth or "?"))

    def _show_read_state(self) -> None:
        # Offered only while something read waits for the officer: an idle button would
        # look like a step every arrival needs.
        waiting = bool(self.read_marks.marked())
        self.confirm_reads_button.setEnabled(waiting)
        self.confirm_reads_button.setVisible(waiting)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        focused = QApplication.focusWidget()
        if focused is None or not self.isAncestorOf(focused):
            self.tractor_plate.setFocus()

    # ---- Internals
    def _form(self) -> ArrivalForm | None:
        countries = {
            "tractor_country": self.tractor_country, "trailer_country": self.trailer_country,
            "driver_nationality": self.driver_nationality,
        }
        codes: dict[str, str] = {}
        for key, combo in countries.items():
            code = combo_country(combo)
            if code is None:
                self.fields.mark(key, _("Choose a country from the list (type its code or name)."))
            else:
                codes[key] = code
        if len(codes) < len(countries):
            self.banner.show_problem(_("Please correct the marked fields."))
            return None
        self._container_rows = []
        containers = []
        for row, (number, seals) in enumerate(self.containers):
            if number.text().strip() or seals.text().strip():
                self._container_rows.append(row)
                containers.append(ContainerEntry(
                    number.text().strip().upper().replace(" ", ""),
                    tuple(s for s in re.split(r"[\s,;]+", seals.text().strip().upper()) if s),
                ))
        return ArrivalForm(
            direction=Direction(self.direction.currentData()),
            lane=self.lane.currentData() or "",
            tractor_plate=self.tractor_plate.text().strip(),
            tractor_country=codes["tractor_country"],
            trailer_plate=self.trailer_plate.text().strip(),
            trailer_country=codes["trailer_country"],
            containers=tuple(containers),
            driver_name=self.driver_name.text().strip(),
            driver_document_no=self.driver_document_no.text().strip(),
            driver_nationality=codes["driver_nationality"],
            carrier_name=self.carrier_name.text().strip(),
            note=self.note.text().strip(),
            arrived_at=self._arrival_time(),
        )

    def _plate_complete(self) -> bool:
        """Whether the plate typed so far is worth asking the gate's memory about."""
        plate = self.tractor_plate.text()
        if combo_country(self.tractor_country) == "VN":
            return format_vn_plate(plate) is not None
        return len(normalize_plate(plate)) >= 4

    def _field_key(self, key: str, reason: str) -> str:
        """The form field a service's field name points at.

        "containers" alone names no row: the row is the one whose container
        or seal number the reason quotes ("containers.1.seal_nos" names it).
        """
        if not key.startswith("container"):
            return key
        found = re.search(r"\d+", key)
        if found and int(found.group()) < len(self._container_rows):
            row = self._container_rows[int(found.group())]
            return f"containers.{row}.{'seal_nos' if 'seal' in key else 'container_no'}"
        quoted = reason.upper()
        for row, (number, seals) in enumerate(self.containers):
            compact = re.sub(r"[^A-Z0-9]", "", number.text().upper())
            if compact and compact in quoted:
                return f"containers.{row}.container_no"
            words = seals.text().upper().replace(",", " ").split()
            if any(re.search(rf"\b{re.escape(w)}\b", quoted) for w in words):
                return f"containers.{row}.seal_nos"
        row = self._container_rows[0] if self._container_rows else 0
        return f"containers.{row}.container_no"

    def _focus_first_marked(self) -> None:
        for widget in self._inputs():
            if widget.property("invalid"):
                widget.setFocus()
                if isinstance(widget, QLineEdit):
                    widget.selectAll()
                return


    def _arrival_time(self) -> datetime:
        if not self._time_touched:
            return gate_now(self._zone)
        value = self.arrived_at.dateTime()
        day, time = value.date(), value.time()
        return datetime(day.year(), day.month(), day.day(), time.hour(), time.minute(),
                        tzinfo=self._zone)

    def _tick_clock(self) -> None:
        if self._time_touched:
            return
        now = gate_now(self._zone)
        self.arrived_at.blockSignals(True)
        self.arrived_at.setDateTime(
            QDateTime(QDate(now.year, now.month, now.day), QTime(now.hour, now.minute))
        )
        self.arrived_at.blockSignals(False)

    def _on_time_edited(self) -> None:
        self._time_touched = True
        self.fields.unmark("arrived_at")
        self.on_form_edited()
