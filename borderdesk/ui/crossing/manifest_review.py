"""Reading a document and reviewing what OCR made of it, side by side.

The page is read off the GUI thread (``services.manifests.read_manifest``)
with a progress bar that appears only when the reading takes longer than
``PROGRESS_DELAY_MS`` and a Cancel button. Then the page is shown on the left
with the word boxes drawn over it, the header and the goods lines on the
right; a cell and its boxes point at each other. The officer's corrections
are saved as a new manifest version; the OCR version is kept.

Every field read below ``CONFIDENT`` is marked, and every cell of a
disagreement (the document contradicting itself, listed above the lines).
Ctrl+Return accepts the reading when nothing is marked; otherwise it goes to
the next marked field, which the officer corrects or confirms as read
(Ctrl+Shift+Return). The acceptance is an audited version
(``services.manifest_review.accept_reading``).
"""

from __future__ import annotations

import threading
from collections.abc import Collection
from dataclasses import replace
from datetime import date
from uuid import UUID

from PySide6.QtCore import (
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from borderdesk.domain.manifest import Manifest, ManifestLine
from borderdesk.errors import BorderDeskError, ConcurrentChange
from borderdesk.i18n import _
from borderdesk.ocr.pipeline import DocumentReading, OperationCancelled
from borderdesk.services import manifest_review, manifests
from borderdesk.services.manifest_review import Cell
from borderdesk.services.manifests import ManifestRecord
from borderdesk.ui.crossing.review_header import ReviewHeader
from borderdesk.ui.crossing.review_marks import (
    ACCEPT_KEYS,
    CONFIRM_KEYS,
    DisagreementList,
    MarkDelegate,
    ReviewButtons,
    key_text,
)
from borderdesk.ui.crossing.review_page import ReviewPages
from borderdesk.ui.errors import error_box
from borderdesk.ui.kit.closing import Answer, ask_before_closing, on_escape
from borderdesk.ui.models.manifest_lines_model import (
    ManifestLinesModel,
)
from borderdesk.ui.models.review_state import Mark
from borderdesk.ui.session import UiSession

PROGRESS_DELAY_MS = 600
MAX_COLUMN_WIDTH = 280

_Shown = tuple[dict[str, str], tuple[ManifestLine, ...]]
"""The header fields' texts and the goods lines, as the review shows them."""


class ManifestReview(QWidget):
    """A document image read by OCR, its word boxes, and the manifest to correct."""

    sig_read = Signal(object)
    """OCR finished and version 1 was saved; carries the ``ManifestRecord``."""
    sig_saved = Signal(object)
    """The officer's corrections were saved; carries the new ``ManifestRecord``."""
    sig_cancelled = Signal()
    """The reading was cancelled; nothing was saved."""
    sig_accepted = Signal(object)
    """The officer accepted the reading; carries the new ``ManifestRecord``."""
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
        self.record: ManifestRecord | None = None
        self.reading: DocumentReading | None = None
        self.reading_active = False
        self.accepted = False
        """The reading was accepted and nothing changed since."""
        self.message_box: QMessageBox | None = None
        """The dialog of the last reading error or refused save, kept for tests."""
        self._writing = False
        self._kept: _Shown | None = None
        """The header and lines as last read or saved: what Esc compares with."""
        self._saving: _Shown | None = None
        self._close_after_save = False
        self.close_question: QMessageBox | None = None
        """The question Esc asks when corrections are not saved (kept for tests)."""
        self._counting = False
        """The status line counts the marks left: a correction or confirmation updates it."""
        self._current: Mark | None = None
        self._shown_cells: set[Cell] = set()
        self._cancel = threading.Event()
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

        self.pages = ReviewPages()
        self.viewer = self.pages.viewer
        self.viewer.sig_box_clicked.connect(self.on_box_clicked)
        self.pages.sig_page_shown.connect(lambda _page: self._show_cells(self._shown_cells))

        self.model = ManifestLinesModel(self)
        self.state = self.model.state
        self.header = ReviewHeader(self.state)
        self.header_edits = self.header.edits
        self.header.sig_edited.connect(self._header_edited)
        self.header.sig_focused.connect(self.on_header_focused)
        self.model.dataChanged.connect(self._after_change)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setItemDelegate(MarkDelegate(self.table))
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
        self.disagreements = DisagreementList()
        self.disagreements.list.currentRowChanged.connect(self.on_disagreement_selected)
        self.buttons = ReviewButtons()
        self.saved_label, self.save_button = self.buttons.saved_label, self.buttons.save_button
        self.confirm_button = self.buttons.confirm_button
        self.accept_button = self.buttons.accept_button
        self.save_button.clicked.connect(self.save)
        self.confirm_button.clicked.connect(self.confirm_current)
        self.accept_button.clicked.connect(self.accept_or_next)
        for keys, slot in ((ACCEPT_KEYS, self.accept_or_next),
                           (CONFIRM_KEYS, self.confirm_current)):
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), self)
                shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                shortcut.activated.connect(slot)
        on_escape(self, self.on_escape)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.header)
        right_layout.addWidget(self.warnings_label)
        right_layout.addWidget(self.disagreements)
        right_layout.addWidget(self.table, 1)
        right_layout.addWidget(self.buttons)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.pages)
        self.splitter.addWidget(right)
        # The lines need the room: nine columns and the buttons' words (longer in Vietnamese).
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([400, 600])
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
        self.pages.retranslate_ui()
        self.header.retranslate_ui()
        self.buttons.retranslate_ui()
        self._refresh_marks()
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0,
                                          self.model.columnCount() - 1)
        if self.record is None:  # no lines yet: the headers whole, not cut to 100 pixels
            self.table.resizeColumnsToContents()

    def read(self) -> None:
        """Read the document off the GUI thread; the progress shows after a moment."""
        if self.reading_active:
            return
        self._cancel.clear()
        self.reading_active = True
        self.save_button.setEnabled(False)
        self.accept_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress_bar.setRange(0, 0)
        self._say(_("Reading the document…"))
        db, actor, settings = self._session.db, self._session.actor, self._session.settings
        crossing_id, sha256, cancel = self.crossing_id, self.sha256, self._cancel

        def work() -> ManifestRecord:
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

    def corrected_manifest(self) -> Manifest:
        """The manifest as the officer corrected it.

        Raises:
            BorderDeskError: the date is not a date.
        """
        assert self.record is not None
        values = self.header.values()
        text = values["date"]
        try:
            day = date.fromisoformat(text) if text else None
        except ValueError:
            raise BorderDeskError(
                _("The date {date} is not a date like 2026-11-20.").format(date=text)
            ) from None
        return replace(
            self.record.manifest, document_no=values["document_no"], date=day,
            consignor=values["consignor"], consignee=values["consignee"],
            vehicle_plate=values["vehicle_plate"], container_no=values["container_no"],
            seal_no=values["seal_no"], lines=self.model.lines(),
            confidence=self.header.kept_confidence())

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
        self._writing = True
        self._saving = self._shown()
        self._refresh_marks()
        self._session.tasks.run(
            lambda: manifests.save_correction(db, actor, manifest_id, manifest),
            self.on_saved, self.on_failed, write=True,
        )

    def accept_or_next(self) -> None:
        """The one key: accept the reading when nothing is marked, else go to the next mark.

        The acceptance saves the manifest as the officer leaves it (corrections
        included) as a new version, off the GUI thread, in the officer's name.
        """
        if self.record is None or self.reading_active or self._writing:
            return
        self._commit_edit()
        if self.state.open_marks():
            self.go_to(self.state.next_mark(self._current))
            self._say_marks_left()
            return
        if self.accepted:
            self._say(_("The reading is accepted as version {version}.").format(
                version=self.record.version))
            return
        try:
            manifest = replace(self.corrected_manifest(),
                               disagreements=self.state.manifest.disagreements)
        except BorderDeskError as error:
            self._say(str(error), problem=True)
            return
        db, actor, manifest_id = self._session.db, self._session.actor, self.record.manifest_id
        confirmed, settled = set(self.state.confirmed), self.state.settlements()
        self._writing = True
        self._saving = self._shown()
        self._refresh_marks()
        self._session.tasks.run(
            lambda: manifest_review.accept_reading(db, actor, manifest_id, manifest,
                                                   confirmed=confirmed, settled=settled),
            self.on_accepted, self.on_failed, write=True,
        )

    def confirm_current(self) -> None:
        """Confirm the selected marked field as read (or the selected disagreement); go on."""
        target = self._target()
        if target is None:
            self._say(_("Select a marked field first: {key} goes to the next one.").format(
                key=key_text(ACCEPT_KEYS[0])))
            return
        self.state.confirm(target)
        self.model.marks_changed()
        self._refresh_marks()
        following = self.state.next_mark(target)
        if following is not None:
            self.go_to(following)
        self._say_marks_left()

    def go_to(self, mark: Mark | None) -> None:
        """Select a marked field or disagreement, scroll to it and to its boxes on the page."""
        if mark is None:
            return
        if mark.disagreement is not None:
            self.disagreements.list.setCurrentRow(mark.disagreement)
            self.on_disagreement_selected(mark.disagreement)
            self.disagreements.list.setFocus()
        elif mark.cell is not None and mark.cell[0] is None:
            edit = self.header_edits[mark.cell[1]]
            edit.setFocus()
            edit.selectAll()
            self._show_cells({mark.cell})
        elif mark.cell is not None:
            index = self.model.index_of(mark.cell[0] or 0, mark.cell[1])
            self.table.setCurrentIndex(index)
            self.table.scrollTo(index)
            self.table.setFocus()
        self._current = mark
        self._refresh_buttons()

    def words_of(self, index: QModelIndex) -> list[tuple[int, int]]:
        """The word boxes (page, word) of a table cell."""
        return self.pages.words_of({self.model.cell(index)}) if index.isValid() else []

    # ---- Slots
    def has_unsaved_corrections(self) -> bool:
        """Whether the header or lines shown differ from the version last read or saved."""
        return self._kept is not None and self._shown() != self._kept

    def on_progress(self, done: int, total: int) -> None:
        """Move the bar (from the reading's thread, through a queued signal)."""
        if self.reading_active and total > 0:
            self.progress_bar.setRange(0, total)
            self.progress_bar.setValue(done)

    def on_read(self, record: ManifestRecord) -> None:
        """Show the page, the boxes and the manifest."""
        self._end_reading()
        self.record, self.reading = record, record.reading
        manifest: Manifest = record.manifest
        self._current = None
        self.accepted = False
        self.model.set_manifest(manifest)
        self.header.set_manifest(manifest)
        self.table.resizeColumnsToContents()
        for column in range(self.model.columnCount()):
            if self.table.columnWidth(column) > MAX_COLUMN_WIDTH:
                self.table.setColumnWidth(column, MAX_COLUMN_WIDTH)
        self.warnings_label.setText("\n".join(manifest.warnings))
        self.warnings_label.setVisible(bool(manifest.warnings))
        self._shown_cells = set()
        self._kept = self._shown()
        self.pages.set_reading(self.reading)
        self._refresh_marks()
        marked = len(self.state.open_marks())
        if marked:
            self._say(_("Read as version {version}: {n} line(s). Check the marked cells.").format(
                version=record.version, n=len(manifest.lines)) + " " + _(
                "{n} marked: {key} goes to the next one.").format(
                n=marked, key=key_text(ACCEPT_KEYS[0])))
            self._counting = True
        else:
            self._say(_("Read as version {version}: {n} line(s). Nothing is marked: {key} "
                        "accepts the reading.").format(version=record.version,
                                                       n=len(manifest.lines),
                                                       key=key_text(ACCEPT_KEYS[0])))
        self.sig_read.emit(record)

    def on_saved(self, record: ManifestRecord) -> None:
        """Say which version the corrections became."""
        self.record = record
        self._writing = False
        self._kept = self._saving
        self._refresh_marks()
        self.saved_label.setText(
            _("Saved as version {version}; the OCR version is kept.").format(
                version=record.version)
        )
        self.sig_saved.emit(record)
        if self._close_after_save:
            self.close()

    def on_accepted(self, record: ManifestRecord) -> None:
        """Say that the reading is accepted, by whom, as which version."""
        self.record = record
        self._writing = False
        self._kept = self._saving
        self.accepted = True
        self._refresh_marks()
        text = _("Accepted by {officer} as version {version}.").format(
            officer=self._session.actor.full_name, version=record.version)
        self.saved_label.setText(text)
        self._say(text)
        self.sig_accepted.emit(record)

    def on_failed(self, error: BaseException) -> None:
        """Say why reading or saving stopped; a bug takes the crash path.

        A reading that fails saved nothing: its one line is shown in a dialog
        too, so it is not missed, and what was saved before stays as it was.
        """
        was_reading = self.reading_active
        self._end_reading()
        self._writing = False
        self._close_after_save = False
        self._refresh_marks()
        if isinstance(error, OperationCancelled):
            self._say(_("The reading was cancelled; nothing was saved."))
            self.sig_cancelled.emit()
            return
        if isinstance(error, BorderDeskError):
            self._say(str(error), problem=True)
            # A save or an acceptance refused (a newer version was saved meanwhile) is
            # shown where the officer looks too: the status line is far from the key.
            if was_reading or isinstance(error, ConcurrentChange):
                box = error_box(self, error)
                # open(), not exec(): modal to this window alone; the rest goes on.
                box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
                self.message_box = box
                box.open()
            return
        self._say(_("The document could not be read.") if was_reading
                  else _("The corrections were not saved."), problem=True)
        self._session.tasks.report(error)

    def on_escape(self) -> None:
        """Esc stops a reading; else it closes the window, asking first about unsaved
        corrections (Save, Discard or Cancel)."""
        if self.reading_active:
            self.cancel()
            return
        if self._writing:
            return
        if not self.has_unsaved_corrections():
            self.close()
            return
        self.close_question = ask_before_closing(
            self, _("Unsaved corrections"),
            _("The corrections to this manifest are not saved. Save them before closing?"),
            Answer.Save | Answer.Discard | Answer.Cancel, self._on_close_answered)

    def _on_close_answered(self, answer: Answer) -> None:
        self.close_question = None
        if answer == Answer.Discard:
            self.close()
        elif answer == Answer.Save:
            self.save()
            # A date that is not a date stops the save: the window stays, saying why.
            self._close_after_save = self._writing

    def on_cell_changed(self, current: QModelIndex, _previous: QModelIndex | None = None) -> None:
        """Highlight the boxes the selected cell was read from."""
        if current.isValid():
            self._current = self._mark_of(self.model.cell(current))
            self._unselect_disagreement()
            self._refresh_buttons()
        self._show_cells({self.model.cell(current)} if current.isValid() else set())

    def on_disagreement_selected(self, row: int) -> None:
        """Select a disagreement's cells in the table and their boxes on the page."""
        if row < 0 or row >= len(self.state.manifest.disagreements):
            return
        cells = self.state.cells_of(row)
        selection = QItemSelection()
        first = QModelIndex()
        for line_no, field in sorted(cells, key=lambda c: (c[0] is None, c[0] or 0, c[1])):
            if line_no is None:
                continue
            index = self.model.index_of(line_no, field)
            if index.isValid():
                selection.select(index, index)
                first = first if first.isValid() else index
        self.table.selectionModel().select(
            selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        if first.isValid():
            self.table.scrollTo(first)
        self._show_cells(cells)
        self._current = Mark(disagreement=row)
        self._refresh_buttons()

    def on_header_focused(self, name: str) -> None:
        """A header field took the focus: ``Confirm as read`` applies to it."""
        self._current = self._mark_of((None, name))
        self._unselect_disagreement()
        self._show_cells({(None, name)})
        self._refresh_buttons()

    def selected_cells(self) -> set[Cell]:
        """The (line, field) cells selected in the table."""
        return {self.model.cell(i) for i in self.table.selectionModel().selectedIndexes()}

    def on_box_clicked(self, key: tuple[int, int]) -> None:
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
    def _shown(self) -> _Shown:
        return self.header.values(), self.model.lines()

    def _show_progress(self) -> None:
        if self.reading_active:
            self.progress_row.show()

    def _end_reading(self) -> None:
        self.reading_active = False
        self._progress_timer.stop()
        self.progress_row.hide()

    def _header_edited(self, _name: str) -> None:
        self.model.marks_changed()  # a disagreement settled here unmarks its cells below
        self._after_change()

    def _after_change(self) -> None:
        # A correction (or confirmation): the reading as accepted is no longer as shown.
        if not self._writing:
            self.accepted = False
            self._refresh_marks()
            if self._counting:
                self._say_marks_left()

    def _refresh_marks(self) -> None:
        self.header.show_marks()
        self.disagreements.show_state(self.state)
        self._refresh_buttons()

    def _refresh_buttons(self) -> None:
        self.buttons.show_state(
            left=len(self.state.open_marks()), accepted=self.accepted,
            ready=self.record is not None and not self.reading_active and not self._writing,
            can_confirm=self._target() is not None)

    def _mark_of(self, cell: Cell) -> Mark | None:
        """The open mark a selected field stands for: its doubt, else its first disagreement."""
        if self.state.doubt(cell) is not None:
            return Mark(cell=cell)
        disagreements = self.state.disagreements_of(cell)
        return Mark(disagreement=disagreements[0]) if disagreements else None

    def _target(self) -> Mark | None:
        current = self._current
        return current if current is not None and self.state.is_open(current) else None

    def _commit_edit(self) -> None:
        """Finish a cell being typed in, so the key counts its correction."""
        editor = QApplication.focusWidget()
        if (self.table.state() == QAbstractItemView.State.EditingState and editor is not None
                and self.table.isAncestorOf(editor)):
            self.table.commitData(editor)
            self.table.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def _unselect_disagreement(self) -> None:
        """Another field was chosen: no disagreement looks selected (choosing it again works)."""
        listed = self.disagreements.list
        listed.blockSignals(True)
        listed.setCurrentRow(-1)
        listed.blockSignals(False)

    def _show_cells(self, cells: Collection[Cell]) -> None:
        """Highlight the boxes the cells were read from (again when the page turns)."""
        self._shown_cells = set(cells)
        self.pages.show_words(self.pages.words_of(self._shown_cells))

    def _say_marks_left(self) -> None:
        """Say how many marks are left and what the keys do; follow the count from now on."""
        left = len(self.state.open_marks())
        if left:
            self._say(_("{n} marked: correct the field, or confirm it as read ({key}).").format(
                n=left, key=key_text(CONFIRM_KEYS[0])))
        else:
            self._say(_("Nothing is marked any more: {key} accepts the reading.").format(
                key=key_text(ACCEPT_KEYS[0])))
        self._counting = True

    def _say(self, text: str, *, problem: bool = False) -> None:
        self._counting = False
        self.status_label.setText(text)
        self.status_label.setProperty("problem", problem)
        self.status_label.style().unpolish(self.status_label)
        self.status_label.style().polish(self.status_label)
