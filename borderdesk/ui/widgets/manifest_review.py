"""Reading a document and reviewing what OCR made of it, side by side.

The page is read off the GUI thread (``services.manifests.read_manifest``)
with a progress bar that appears only when the reading takes longer than
``PROGRESS_DELAY_MS`` and a Cancel button. Then the page is shown on the left
with the word boxes drawn over it, the header and the goods lines on the
right; a cell and its boxes point at each other. The officer's corrections
are saved as a new manifest version; the OCR version is kept.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date
from uuid import UUID

import numpy as np
from PySide6.QtCore import QModelIndex, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from borderdesk.domain.manifest import Manifest
from borderdesk.errors import BorderDeskError
from borderdesk.i18n import N_, _
from borderdesk.ocr.pipeline import OperationCancelled, PageReading
from borderdesk.services import manifests
from borderdesk.ui.models.manifest_lines_model import (
    LOW_CONFIDENCE,
    LOW_CONFIDENCE_COLOUR,
    ManifestLinesModel,
)
from borderdesk.ui.session import UiSession
from borderdesk.ui.widgets.image_viewer import ImageViewer

PROGRESS_DELAY_MS = 600
MAX_COLUMN_WIDTH = 280
HEADER_FIELDS: tuple[tuple[str, str], ...] = (
    ("document_no", N_("Document no.")),
    ("date", N_("Date")),
    ("consignor", N_("Consignor")),
    ("consignee", N_("Consignee")),
    ("vehicle_plate", N_("Vehicle plate")),
    ("container_no", N_("Container no.")),
    ("seal_no", N_("Seal no.")),
)

_STYLE = """
QLabel#review_status { color: #5b6573; }
QLabel#review_status[problem="true"] { color: #8e1b1b; }
QLabel#review_saved { color: #1d6b34; font-weight: 600; }
QLabel[warning="true"] { color: #9a3b00; }
"""


class ManifestReview(QWidget):
    """A document image read by OCR, its word boxes, and the manifest to correct."""

    sig_read = Signal(object)
    """OCR finished and version 1 was saved; carries the ``ManifestRecord``."""
    sig_saved = Signal(object)
    """The officer's corrections were saved; carries the new ``ManifestRecord``."""
    sig_cancelled = Signal()
    """The reading was cancelled; nothing was saved."""
    _sig_progress = Signal(int, int)

    def __init__(
        self,
        session: UiSession,
        crossing_id: UUID,
        sha256: str,
        parent: QWidget | None = None,
        *,
        start: bool = True,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self.crossing_id = crossing_id
        self.sha256 = sha256
        self.record = None
        self.reading = None
        self.reading_active = False
        self._cancel = threading.Event()
        self._header_confidence: dict[str, float] = {}
        self._header_shown: dict[str, str] = {}
        self.setStyleSheet(_STYLE)
        self._build()
        self._progress_timer = QTimer(self, singleShot=True, interval=PROGRESS_DELAY_MS)
        self._progress_timer.timeout.connect(self._show_progress)
        self._sig_progress.connect(self.on_progress, Qt.ConnectionType.QueuedConnection)
        self.retranslate_ui()
        if start:
            self.read()

    # ---- Construction
    def _build(self) -> None:
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 0)
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.cancel)
        self.status_label = QLabel()
        self.status_label.setObjectName("review_status")
        self.status_label.setWordWrap(True)
        self.status_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.progress_row = QWidget()
        progress = QHBoxLayout(self.progress_row)
        progress.setContentsMargins(0, 0, 0, 0)
        progress.addWidget(self.progress_bar, 1)
        progress.addWidget(self.cancel_button)
        self.progress_row.hide()

        self.viewer = ImageViewer()
        self.viewer.sig_box_clicked.connect(self.on_box_clicked)
        self.page_label, self.page_combo = QLabel(), QComboBox()
        self.page_label.setBuddy(self.page_combo)
        self.page_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.page_combo.setMinimumContentsLength(14)
        self.page_combo.currentIndexChanged.connect(self.show_page)
        self.zoom_in_button, self.zoom_out_button, self.fit_button = (
            QPushButton(), QPushButton(), QPushButton()
        )
        self.zoom_in_button.clicked.connect(self.viewer.zoom_in)
        self.zoom_out_button.clicked.connect(self.viewer.zoom_out)
        self.fit_button.clicked.connect(self.viewer.fit)
        page_bar = QHBoxLayout()
        page_bar.addWidget(self.page_label)
        page_bar.addWidget(self.page_combo)
        page_bar.addStretch(1)
        for button in (self.zoom_out_button, self.zoom_in_button, self.fit_button):
            page_bar.addWidget(button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(page_bar)
        left_layout.addWidget(self.viewer, 1)

        self.header_form = QFormLayout()
        self.header_captions: dict[str, QLabel] = {}
        self.header_edits: dict[str, QLineEdit] = {}
        for name, _title in HEADER_FIELDS:
            caption, edit = QLabel(), QLineEdit()
            edit.setObjectName(f"header_{name}")
            edit.textEdited.connect(lambda _text, n=name: self._header_edited(n))
            self.header_captions[name] = caption
            self.header_edits[name] = edit
            self.header_form.addRow(caption, edit)
        self.model = ManifestLinesModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().currentChanged.connect(self.on_cell_changed)
        self.warnings_label = QLabel()
        self.warnings_label.setProperty("warning", True)
        self.warnings_label.setWordWrap(True)
        self.warnings_label.hide()
        self.save_button = QPushButton()
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save)
        self.saved_label = QLabel()
        self.saved_label.setObjectName("review_saved")
        self.saved_label.setWordWrap(True)
        save_bar = QHBoxLayout()
        save_bar.addWidget(self.saved_label, 1)
        save_bar.addWidget(self.save_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(self.header_form)
        right_layout.addWidget(self.warnings_label)
        right_layout.addWidget(self.table, 1)
        right_layout.addLayout(save_bar)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setSpacing(6)
        layout.addWidget(self.progress_row)
        layout.addWidget(self.status_label)
        layout.addWidget(self.splitter, 1)

    # ---- Public API
    def retranslate_ui(self) -> None:
        """Every text in the active language."""
        self.setWindowTitle(_("Manifest review"))
        self.cancel_button.setText(_("Cancel"))
        self.page_label.setText(_("&Page"))
        for i in range(self.page_combo.count()):
            self.page_combo.setItemText(i, _("Page {n} of {total}").format(
                n=i + 1, total=self.page_combo.count()))
        self.zoom_in_button.setText(_("Zoom in"))
        self.zoom_out_button.setText(_("Zoom out"))
        self.fit_button.setText(_("Fit"))
        for name, title in HEADER_FIELDS:
            self.header_captions[name].setText(_(title))
        self.save_button.setText(_("Save corrections"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0,
                                          self.model.columnCount() - 1)

    def read(self) -> None:
        """Read the document off the GUI thread; the progress shows after a moment."""
        if self.reading_active:
            return
        self._cancel.clear()
        self.reading_active = True
        self.save_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress_bar.setRange(0, 0)
        self._say(_("Reading the document…"))
        db, actor, settings = self._session.db, self._session.actor, self._session.settings
        crossing_id, sha256, cancel = self.crossing_id, self.sha256, self._cancel

        def work():
            return manifests.read_manifest(
                db, actor, crossing_id, sha256,
                progress=self._sig_progress.emit, cancelled=cancel.is_set,
                languages=settings.tesseract_languages, tesseract_cmd=settings.tesseract_cmd,
            )

        self._progress_timer.start()
        # The read lane, not the single write lane: OCR takes seconds and must not hold up
        # snapshots; the service writes version 1 in a short transaction at the end.
        self._session.tasks.run(work, self.on_read, self.on_failed)

    def cancel(self) -> None:
        """Stop the reading at its next step; nothing is saved."""
        if self.reading_active:
            self._cancel.set()
            self.cancel_button.setEnabled(False)
            self._say(_("Cancelling…"))

    def show_page(self, index: int) -> None:
        """Show page ``index`` of the document with its word boxes."""
        if self.reading is None or not 0 <= index < len(self.reading.pages):
            return
        page = self.reading.pages[index]
        self.viewer.set_image(_picture(page))
        boxes = [((index, i), QRectF(w.left, w.top, w.width, w.height))
                 for i, w in enumerate(page.words) if w.text.strip()]
        weak = [(index, i) for i, w in enumerate(page.words) if w.confidence < LOW_CONFIDENCE]
        self.viewer.set_boxes(boxes, weak)
        self.on_cell_changed(self.table.currentIndex())

    def corrected_manifest(self) -> Manifest:
        """The manifest as the officer corrected it.

        Raises:
            BorderDeskError: the date is not a date.
        """
        assert self.record is not None
        values: dict[str, object] = {n: e.text().strip() for n, e in self.header_edits.items()}
        text = str(values["date"])
        try:
            values["date"] = date.fromisoformat(text) if text else None
        except ValueError:
            raise BorderDeskError(
                _("The date {date} is not a date like 2026-11-20.").format(date=text)
            ) from None
        confidence = {k: v for k, v in self._header_confidence.items()
                      if self.header_edits[k].text().strip() == self._header_shown.get(k)}
        return replace(self.record.manifest, **values, lines=self.model.lines(),
                       confidence=confidence)

    def save(self) -> None:
        """Save the corrections as a new version, off the GUI thread."""
        if self.record is None:
            return
        try:
            manifest = self.corrected_manifest()
        except BorderDeskError as error:
            self._say(str(error), problem=True)
            return
        db, actor, manifest_id = self._session.db, self._session.actor, self.record.manifest_id
        self.save_button.setEnabled(False)
        self._session.tasks.run(
            lambda: manifests.save_correction(db, actor, manifest_id, manifest),
            self.on_saved, self.on_failed, write=True,
        )

    def words_of(self, index: QModelIndex) -> list[tuple[int, int]]:
        """The word boxes (page, word) of a table cell."""
        if self.reading is None or not index.isValid():
            return []
        line_no, field = self.model.line_no(index.row()), self.model.field(index.column())
        return [(p, i) for p, page in enumerate(self.reading.pages)
                for i, w in enumerate(page.words) if w.line_no == line_no and w.field == field]

    # ---- Slots
    def on_progress(self, done: int, total: int) -> None:
        """Move the bar (from the reading's thread, through a queued signal)."""
        if self.reading_active and total > 0:
            self.progress_bar.setRange(0, total)
            self.progress_bar.setValue(done)

    def on_read(self, record) -> None:
        """Show the page, the boxes and the manifest."""
        self._end_reading()
        self.record, self.reading = record, record.reading
        manifest: Manifest = record.manifest
        self._header_confidence = dict(manifest.confidence)
        self._header_shown = {}
        for name, edit in self.header_edits.items():
            value = getattr(manifest, name)
            text = value.isoformat() if isinstance(value, date) else (value or "")
            edit.setText(text)
            self._header_shown[name] = text
            self._mark_header(name)
        self.model.set_lines(manifest.lines)
        self.table.resizeColumnsToContents()
        for column in range(self.model.columnCount()):
            if self.table.columnWidth(column) > MAX_COLUMN_WIDTH:
                self.table.setColumnWidth(column, MAX_COLUMN_WIDTH)
        self.warnings_label.setText("\n".join(manifest.warnings))
        self.warnings_label.setVisible(bool(manifest.warnings))
        pages = len(self.reading.pages) if self.reading is not None else 0
        self.page_combo.blockSignals(True)
        self.page_combo.clear()
        for n in range(pages):
            self.page_combo.addItem(_("Page {n} of {total}").format(n=n + 1, total=pages))
        self.page_combo.blockSignals(False)
        self.page_combo.setEnabled(pages > 1)
        self.show_page(0)
        self.save_button.setEnabled(True)
        self._say(_("Read as version {version}: {n} line(s). Check the marked cells.").format(
            version=record.version, n=len(manifest.lines)))
        self.sig_read.emit(record)

    def on_saved(self, record) -> None:
        """Say which version the corrections became."""
        self.record = record
        self.save_button.setEnabled(True)
        self.saved_label.setText(
            _("Saved as version {version}; the OCR version is kept.").format(
                version=record.version)
        )
        self.sig_saved.emit(record)

    def on_failed(self, error: BaseException) -> None:
        """Say why reading or saving stopped; a bug takes the crash path."""
        was_reading = self.reading_active
        self._end_reading()
        self.save_button.setEnabled(self.record is not None)
        if isinstance(error, OperationCancelled):
            self._say(_("The reading was cancelled; nothing was saved."))
            self.sig_cancelled.emit()
            return
        if isinstance(error, BorderDeskError):
            self._say(str(error), problem=True)
            return
        self._say(_("The document could not be read.") if was_reading
                  else _("The corrections were not saved."), problem=True)
        self._session.tasks.report(error)

    def on_cell_changed(self, current: QModelIndex, _previous: QModelIndex | None = None) -> None:
        """Highlight the boxes the selected cell was read from."""
        keys = self.words_of(current)
        page = self.page_combo.currentIndex()
        if keys and all(p != page for p, _i in keys):
            self.page_combo.setCurrentIndex(keys[0][0])  # show_page highlights again
            return
        self.viewer.highlight([k for k in keys if k[0] == page])

    def on_box_clicked(self, key) -> None:
        """Select the cell (or header field) a clicked word was read into."""
        if self.reading is None:
            return
        page, i = key
        word = self.reading.pages[page].words[i]
        if word.line_no is not None and word.field:
            index = self.model.index_of(word.line_no, word.field)
            if index.isValid():
                self.table.setCurrentIndex(index)
                self.table.scrollTo(index)
                return
        if word.field in self.header_edits:
            self.header_edits[word.field].setFocus()
            self.header_edits[word.field].selectAll()
        self.viewer.highlight([key], reveal=False)

    # ---- Internals
    def _show_progress(self) -> None:
        if self.reading_active:
            self.progress_row.show()

    def _end_reading(self) -> None:
        self.reading_active = False
        self._progress_timer.stop()
        self.progress_row.hide()

    def _header_edited(self, name: str) -> None:
        self._mark_header(name)

    def _mark_header(self, name: str) -> None:
        edit = self.header_edits[name]
        confidence = self._header_confidence.get(name)
        unchanged = edit.text().strip() == self._header_shown.get(name)
        if confidence is not None and confidence < LOW_CONFIDENCE and unchanged:
            edit.setStyleSheet(f"background: {LOW_CONFIDENCE_COLOUR.name()};")
            edit.setToolTip(_("OCR confidence {percent} % — please check").format(
                percent=round(confidence * 100)))
        else:
            edit.setStyleSheet("")
            edit.setToolTip("")

    def _say(self, text: str, *, problem: bool = False) -> None:
        self.status_label.setText(text)
        self.status_label.setProperty("problem", problem)
        self.status_label.style().unpolish(self.status_label)
        self.status_label.style().polish(self.status_label)


def _picture(page: PageReading) -> QImage:
    """The page's greyscale image as a QImage, copied: no PNG to encode and decode again."""
    gray = np.ascontiguousarray(page.image)
    height, width = gray.shape[:2]
    return QImage(gray.data, width, height, gray.strides[0],
                  QImage.Format.Format_Grayscale8).copy()
