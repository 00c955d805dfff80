"""The photos, scans and documents of one crossing: thumbnails, the viewer, import and drop.

Documents are PDFs and spreadsheets (XLSX, CSV) as well as scans; a
spreadsheet's thumbnail is the top of its sheet, drawn as it would print.

Thumbnails come from ``services.evidence.thumbnail_png`` (derived and cached
by the service, never the evidence itself). Files imported or dropped are
attached one by one: a bad file is named in the message and the rest are
still attached.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

from PySide6.QtCore import QModelIndex, QSize, Qt, QUrl, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QIcon,
    QImage,
    QPixmap,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from borderdesk.domain.evidence import EvidenceItem, EvidenceKind
from borderdesk.errors import BorderDeskError
from borderdesk.i18n import _
from borderdesk.intake import read_handed_file
from borderdesk.limits import DOCUMENT_FILE_BYTES
from borderdesk.reasons import reason_for
from borderdesk.services import code_readings, evidence
from borderdesk.ui.kit.camera_preview import kind_text
from borderdesk.ui.kit.gate_time import full_time_text, gate_zone
from borderdesk.ui.kit.image_viewer import ImageViewerWindow
from borderdesk.ui.kit.screen_fit import fit_to_screen
from borderdesk.ui.session import UiSession

THUMBNAIL_SIZE = 160
VIEWER_SIZE = 2000
"""Pixels of the longest side when a document (a PDF page) is shown in the viewer."""
IMPORT_SUFFIXES = (".jpg", ".jpeg", ".png", ".tif", ".tiff", ".pdf", ".xlsx", ".xlsm", ".csv")
DOCUMENT_SUFFIXES = (".pdf", ".xlsx", ".xlsm", ".csv")
"""Files imported without a chosen kind are documents when they end so, cargo photos else."""
ITEM_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class ImportOutcome:
    """What an import did: the evidence attached and ``(file name, reason)`` for each refused."""

    attached: tuple[object, ...]
    refused: tuple[tuple[str, str], ...]


CODES_SHOWN = 5
"""Codes listed for one file; a carton photo may show dozens of the same label."""
PAYLOAD_SHOWN = 300
"""Characters of one payload shown under the gallery; the whole payload stays in the file."""
CODE_FORMATS = {"QRCode": "QR code", "Code128": "Code 128", "PDF417": "PDF417",
                "DataMatrix": "Data Matrix", "EAN13": "EAN-13"}


def default_kind(path: Path) -> EvidenceKind:
    """The kind of a file imported without a choice: PDFs and spreadsheets are documents,
    photos cargo."""
    return (EvidenceKind.DOCUMENT if path.suffix.lower() in DOCUMENT_SUFFIXES
            else EvidenceKind.CARGO)


class EvidenceGallery(QWidget):
    """Thumbnails of a crossing's evidence with kind, officer and time."""

    sig_loaded = Signal(int)
    """The thumbnails were (re)loaded; carries how many there are."""
    sig_imported = Signal(object)
    """Files were imported; carries the ``ImportOutcome``."""
    sig_document_chosen = Signal(str)
    """The officer asked to read a document; carries its SHA-256 (for the review screen)."""

    def __init__(
        self, session: UiSession, crossing_id: UUID, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._zone = gate_zone(session.workstation.gate_timezone)
        self.crossing_id = crossing_id
        self.items: list[tuple[EvidenceItem, bytes]] = []
        self.viewer_window: ImageViewerWindow | None = None
        self.setAcceptDrops(True)
        self._build()
        self.retranslate_ui()
        self.refresh()

    # ---- Construction
    def _build(self) -> None:
        self.model = QStandardItemModel(self)
        self.list_view = QListView()
        self.list_view.setObjectName("gallery_list")
        self.list_view.setViewMode(QListView.ViewMode.IconMode)
        self.list_view.setMovement(QListView.Movement.Static)
        self.list_view.setResizeMode(QListView.ResizeMode.Adjust)
        self.list_view.setIconSize(QSize(THUMBNAIL_SIZE, THUMBNAIL_SIZE))
        self.list_view.setGridSize(QSize(THUMBNAIL_SIZE + 40, THUMBNAIL_SIZE + 84))
        self.list_view.setWordWrap(True)
        self.list_view.setSpacing(6)
        self.list_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Drops land on the gallery itself, not on the list's own drag and drop.
        self.list_view.setDragDropMode(QAbstractItemView.DragDropMode.NoDragDrop)
        self.list_view.setAcceptDrops(False)
        self.list_view.viewport().setAcceptDrops(False)
        self.list_view.setModel(self.model)
        self.list_view.doubleClicked.connect(self.on_double_clicked)
        self.list_view.setMinimumHeight(THUMBNAIL_SIZE + 100)

        self.import_button = QPushButton()
        self.import_button.clicked.connect(self.on_import_clicked)
        self.kind_label, self.kind_combo = QLabel(), QComboBox()
        self.kind_label.setBuddy(self.kind_combo)
        self.kind_combo.addItem("", None)
        for kind in EvidenceKind:
            self.kind_combo.addItem("", kind)
        self.message_label = QLabel()
        self.message_label.setObjectName("gallery_message")
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        # A code's payload is whatever its printer put there: plain text only, never markup.
        self.codes_label = QLabel()
        self.codes_label.setObjectName("gallery_codes")
        self.codes_label.setTextFormat(Qt.TextFormat.PlainText)
        self.codes_label.setWordWrap(True)
        self.codes_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.codes_label.hide()
        self._codes_asked = 0
        self.list_view.selectionModel().currentChanged.connect(self.on_current_changed)

        bar = QHBoxLayout()
        bar.addWidget(self.import_button)
        bar.addSpacing(8)
        bar.addWidget(self.kind_label)
        bar.addWidget(self.kind_combo)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.list_view, 1)
        layout.addWidget(self.message_label)
        layout.addWidget(self.codes_label)

    # ---- Public API
    def retranslate_ui(self) -> None:
        """Every text in the active language."""
        self.import_button.setText(_("Import files…"))
        self.import_button.setToolTip(
            _("Attach photos (JPEG, PNG, TIFF), scanned or digital documents (PDF) or "
              "spreadsheets (XLSX, CSV); you can also drop files here")
        )
        self.kind_label.setText(_("Imported as"))
        self.kind_combo.setItemText(0, _("Automatic (PDF, XLSX, CSV: document; photo: cargo)"))
        for i in range(1, self.kind_combo.count()):
            self.kind_combo.setItemText(i, kind_text(self.kind_combo.itemData(i)))
        self._fill()

    def refresh(self) -> None:
        """Load the evidence and its thumbnails again, off the GUI thread."""
        db, actor, crossing_id = self._session.db, self._session.actor, self.crossing_id

        def load() -> list[tuple[EvidenceItem, bytes]]:
            items = evidence.list_evidence(db, actor, crossing_id)
            return [(item, evidence.thumbnail_png(db, actor, item.sha256, THUMBNAIL_SIZE))
                    for item in items]

        self._session.tasks.run(load, self.on_loaded, self.on_failed)

    def selected_item(self) -> EvidenceItem | None:
        """The evidence item selected in the gallery, or None."""
        index = self.list_view.currentIndex()
        item: EvidenceItem | None = index.data(ITEM_ROLE) if index.isValid() else None
        return item

    def import_files(self, paths: Iterable[Path], kind: EvidenceKind | None = None) -> None:
        """Attach files to the crossing, off the GUI thread; ``kind`` None uses the combo."""
        files = [Path(p) for p in paths]
        if not files:
            return
        chosen = kind if kind is not None else self.kind_combo.currentData()
        db, actor, crossing_id = self._session.db, self._session.actor, self.crossing_id

        def attach() -> ImportOutcome:
            attached: list[object] = []
            refused: list[tuple[str, str]] = []
            for path in files:
                try:
                    # A FIFO or a device dropped on the gallery is refused, never read forever.
                    data = read_handed_file(path, DOCUMENT_FILE_BYTES)
                    attached.append(evidence.attach_evidence(
                        db, actor, crossing_id, data, chosen or default_kind(path),
                        source=path.name,
                    ))
                except BorderDeskError as error:
                    refused.append((path.name, str(error)))
                except OSError as error:
                    refused.append((path.name, reason_for(error)))
            return ImportOutcome(tuple(attached), tuple(refused))

        self._say(_("Attaching {n} file(s)…").format(n=len(files)))
        self._session.tasks.run(attach, self.on_imported, self.on_failed, write=True)

    def open_viewer(self, row: int) -> None:
        """Show evidence ``row`` full size in its own window."""
        item = self.items[row][0]
        db, actor = self._session.db, self._session.actor

        def load() -> QImage:
            image = QImage.fromData(evidence.evidence_bytes(db, actor, item.sha256))
            if image.isNull():  # a PDF, or a TIFF Qt cannot read: the derived picture
                image = QImage.fromData(
                    evidence.thumbnail_png(db, actor, item.sha256, VIEWER_SIZE)
                )
            return image

        window = ImageViewerWindow(self)
        window.setWindowTitle(self._caption(item).replace("\n", " · "))
        viewer = window.viewer
        fit_to_screen(window, 1000, 760)
        if self.viewer_window is not None:
            self.viewer_window.close()
        self.viewer_window = window
        window.show()

        def show(image: QImage) -> None:
            viewer.set_image(image)

        self._session.tasks.run(load, show, self.on_failed)

    # ---- Slots
    def on_loaded(self, rows: Sequence[tuple[EvidenceItem, bytes]]) -> None:
        """The evidence and thumbnails arrived."""
        self.items = list(rows)
        self._fill()
        self.sig_loaded.emit(len(self.items))

    def on_imported(self, outcome: ImportOutcome) -> None:
        """Say what was attached and name each file that was not."""
        lines = []
        if outcome.attached:
            lines.append(_("{n} file(s) attached.").format(n=len(outcome.attached)))
        for name, reason in outcome.refused:
            # Most refusals already begin with the file's name: say it once.
            lines.append(_("{file} was not attached: {reason}").format(
                file=name, reason=reason.removeprefix(f"{name}: ")))
        self._say("\n".join(lines), problem=bool(outcome.refused))
        self.sig_imported.emit(outcome)
        self.refresh()
        attached = [item for item in outcome.attached if isinstance(item, EvidenceItem)]
        if attached:
            self.read_codes(attached)

    def read_codes(self, items: Sequence[EvidenceItem]) -> None:
        """Decode the barcodes and QR codes on ``items`` off the GUI thread and show them."""
        db, actor = self._session.db, self._session.actor
        self._codes_asked += 1
        asked = self._codes_asked

        def read() -> list[code_readings.EvidenceCodes]:
            found = []
            for item in items:
                try:
                    found.append(code_readings.evidence_codes(db, actor, item.sha256))
                except BorderDeskError:
                    continue  # a file that cannot be decoded has no codes to show
            return found

        self._session.tasks.run(read, lambda found: self.on_codes(asked, found),
                                self.on_failed)

    def on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """Show the codes on the file the officer selected."""
        item = current.data(ITEM_ROLE) if current.isValid() else None
        if isinstance(item, EvidenceItem):
            self.read_codes([item])

    def on_codes(self, asked: int, found: Sequence[code_readings.EvidenceCodes]) -> None:
        """The payloads, escaped, under the gallery (an older answer than the last asked is
        dropped)."""
        if asked != self._codes_asked:
            return
        lines = []
        for one in found:
            for code in one.codes[:CODES_SHOWN]:
                reading = code.reading
                lines.append(_("{format}, page {page}: {payload}").format(
                    format=CODE_FORMATS.get(reading.format, reading.format),
                    page=code.page + 1,
                    payload=code_readings.shown_payload(reading.text, PAYLOAD_SHOWN)))
                if not reading.plain:
                    lines.append(_("(this code holds control characters: shown escaped, "
                                   "not used)"))
            if one.pages_read < one.pages:
                lines.append(_("Codes were looked for on the first {read} of {pages} pages.")
                             .format(read=one.pages_read, pages=one.pages))
        self.codes_label.setText("\n".join(lines))
        self.codes_label.setVisible(bool(lines))

    def on_failed(self, error: BaseException) -> None:
        """Say what went wrong; a bug takes the crash path."""
        if isinstance(error, BorderDeskError):
            self._say(str(error), problem=True)
            return
        self._session.tasks.report(error)

    def on_import_clicked(self) -> None:
        """Ask which files to attach."""
        names, _filter = QFileDialog.getOpenFileNames(
            self, _("Attach files to the crossing"), "",
            _("Photos, scans and documents ({patterns})").format(
                patterns=" ".join(f"*{suffix}" for suffix in IMPORT_SUFFIXES)),
        )
        self.import_files(Path(n) for n in names)

    def on_double_clicked(self, index: QModelIndex) -> None:
        """Open the picture full size."""
        self.open_viewer(index.row())

    # ---- Drag and drop
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        """Files may be dropped; anything else may not."""
        if _local_files(event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 - Qt's name
        """Keep accepting while files hover over the gallery."""
        event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        """Attach the dropped files."""
        files = _local_files(event.mimeData().urls())
        if not files:
            event.ignore()
            return
        event.acceptProposedAction()
        self.import_files(files)

    # ---- Internals
    def _caption(self, item: EvidenceItem) -> str:
        return _("{kind}\n{officer}\n{time}").format(
            kind=kind_text(item.kind), officer=item.officer_name,
            time=full_time_text(item.captured_at, self._zone),
        )

    def _fill(self) -> None:
        self.model.clear()
        for item, png in self.items:
            thumbnail = QPixmap()
            thumbnail.loadFromData(png)
            row = QStandardItem(QIcon(thumbnail), self._caption(item))
            row.setData(item, ITEM_ROLE)
            row.setToolTip(_("{source} · {size} KB").format(
                source=item.source or item.sha256[:12], size=max(1, item.size // 1024)
            ))
            self.model.appendRow(row)
        empty_hint = _("No photos or documents yet. Take a snapshot, import files or drop "
                       "them here.")
        if not self.items and not self.message_label.text():
            self._say(empty_hint)
        elif self.items and self.message_label.text() == empty_hint:
            self._say("")

    def _say(self, text: str, *, problem: bool = False) -> None:
        self.message_label.setText(text)
        self.message_label.setProperty("problem", problem)
        self.message_label.style().unpolish(self.message_label)
        self.message_label.style().polish(self.message_label)


def _local_files(urls: Sequence[QUrl]) -> list[Path]:
    return [Path(url.toLocalFile()) for url in urls if url.isLocalFile()]
