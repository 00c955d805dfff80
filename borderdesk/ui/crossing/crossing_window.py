"""A crossing in its own window: the stage overview, its evidence, its documents and checks.

Each tab is shown only to the roles whose work it is; the services refuse
the rest anyway.
"""

from __future__ import annotations

from typing import Protocol
from uuid import UUID

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from borderdesk.access.permissions import Action
from borderdesk.domain.crossing import CrossingDetail
from borderdesk.domain.evidence import EvidenceKind, kind_label
from borderdesk.errors import BorderDeskError
from borderdesk.i18n import _
from borderdesk.services.identifier_readings import IdentifierReading, read_identifiers
from borderdesk.ui.crossing.check_panel import CheckPanel
from borderdesk.ui.crossing.crossing_decisions import CrossingDecisions
from borderdesk.ui.crossing.crossing_view import CrossingView
from borderdesk.ui.crossing.custody_tab import CustodyTab
from borderdesk.ui.crossing.declaration_editor import DeclarationEditor
from borderdesk.ui.crossing.evidence_gallery import EvidenceGallery
from borderdesk.ui.crossing.manifest_review import ManifestReview
from borderdesk.ui.kit.camera_preview import CameraPreview
from borderdesk.ui.kit.closing import Answer, ask_before_closing, on_escape
from borderdesk.ui.kit.screen_fit import fit_to_screen
from borderdesk.ui.session import UiSession


class _Translated(Protocol):
    def retranslate_ui(self) -> None: ...


class _DocumentsSplit(QSplitter):
    """The declaration above the checks: whole when the screen is tall enough, else scrolled
    in its part, so that the checks keep room for three findings and three goods lines.

    Placed again at each resize until the officer drags the handle.
    """

    CHECKS_ROOM = 440
    """Pixels the check panel needs for its badge, three findings and three goods lines."""

    def __init__(self) -> None:
        super().__init__(Qt.Orientation.Vertical)
        self._dragged = False
        self.splitterMoved.connect(self._on_dragged)

    def _on_dragged(self, _position: int, _index: int) -> None:
        self._dragged = True

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        """Give the declaration what it asks, short of the checks' room."""
        super().resizeEvent(event)
        area = self.widget(0)
        editor_widget = area.widget() if isinstance(area, QScrollArea) else None
        if self._dragged or editor_widget is None:
            return
        total = event.size().height() - self.handleWidth()
        wanted = editor_widget.sizeHint().height()
        editor = max(min(wanted, total - self.CHECKS_ROOM), total * 35 // 100)
        self.setSizes([editor, total - editor])


class CrossingWindow(QWidget):
    """Overview, evidence and documents of one crossing, as tabs."""

    sig_changed = Signal(object)
    """Something of the crossing changed (a check, an override); carries the crossing id."""

    def __init__(
        self, session: UiSession, crossing_id: UUID, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._session = session
        self.crossing_id = crossing_id
        self.reviews: list[ManifestReview] = []
        self.tabs = QTabWidget()
        self.decisions = CrossingDecisions(session, crossing_id)
        self.decisions.sig_decided.connect(self.on_crossing_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.decisions)
        layout.addWidget(self.tabs)

        self.overview = CrossingView(session, crossing_id)
        self.overview.sig_loaded.connect(self.on_overview_loaded)
        self.tabs.addTab(self.overview, "")
        self.evidence_tab = self._evidence_tab()
        self.tabs.addTab(self.evidence_tab, "")
        self.documents_tab: QWidget | None = None
        if session.may(Action.RUN_CHECK):
            self.documents_tab = self._documents_tab()
            self.tabs.addTab(self.documents_tab, "")
        self.custody_tab = CustodyTab(session, crossing_id)
        self.custody_tab.sig_changed.connect(self.on_crossing_changed)
        self.tabs.addTab(self.custody_tab, "")
        self.close_question: QMessageBox | None = None
        """The question Esc asks when something is not saved (kept for tests)."""
        on_escape(self, self.on_escape)
        self.retranslate_ui()

    # ---- Construction
    def _evidence_tab(self) -> QWidget:
        tab = QWidget()
        row = QHBoxLayout(tab)
        self.gallery = EvidenceGallery(self._session, self.crossing_id)
        self.camera: CameraPreview | None = None
        gallery_column = QVBoxLayout()
        gallery_column.addWidget(self.gallery, 1)
        self.read_button = QPushButton()
        self.read_button.clicked.connect(self.on_read_manifest)
        self.identify_button = QPushButton()
        self.identify_button.clicked.connect(self.on_read_identifiers)
        self.read_hint = QLabel()
        self.read_hint.setWordWrap(True)
        self.read_hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QHBoxLayout()
        if self._session.may(Action.READ_MANIFEST):
            buttons.addWidget(self.read_button)
        else:
            self.read_button.hide()
        if self._session.may(Action.ATTACH_EVIDENCE):
            buttons.addWidget(self.identify_button)
        else:
            self.identify_button.hide()
        buttons.addWidget(self.read_hint, 1)
        gallery_column.addLayout(buttons)
        if self._session.may(Action.ATTACH_EVIDENCE):
            self.camera = CameraPreview(self._session, self.crossing_id)
            self.camera.sig_evidence_attached.connect(lambda _item: self.gallery.refresh())
            split = QSplitter(Qt.Orientation.Horizontal)
            split.addWidget(self.camera)
            holder = QWidget()
            holder.setLayout(gallery_column)
            split.addWidget(holder)
            split.setSizes([520, 560])
            row.addWidget(split)
        else:
            row.addLayout(gallery_column)
        return tab

    def _documents_tab(self) -> QWidget:
        split = _DocumentsSplit()
        self.editor = DeclarationEditor(self._session, self.crossing_id)
        self.checks = CheckPanel(self._session, self.crossing_id)
        self.editor.sig_saved.connect(lambda _version: self.checks.reload())
        self.checks.sig_checked.connect(self.on_checks_changed)
        self.checks.sig_overridden.connect(self.on_checks_changed)
        # On a 768-pixel screen the declaration scrolls in its part rather than squeezing
        # the findings and the goods lines the officer decides on to a line and a half.
        editor_area = QScrollArea()
        editor_area.setWidgetResizable(True)
        editor_area.setFrameShape(QFrame.Shape.NoFrame)
        editor_area.setWidget(self.editor)
        split.addWidget(editor_area)
        split.addWidget(self.checks)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        return split

    # ---- Public API
    def retranslate_ui(self) -> None:
        """Every text of the window in the active language."""
        detail = self.overview.detail
        self.setWindowTitle(
            _("Crossing {reference}").format(reference=detail.reference) if detail
            else _("Crossing")
        )
        self.tabs.setTabText(0, _("Overview"))
        self.tabs.setTabText(1, _("Evidence"))
        if self.documents_tab is not None:
            self.tabs.setTabText(2, _("Documents and checks"))
        self.tabs.setTabText(self.tabs.indexOf(self.custody_tab), _("Custody"))
        self.read_button.setText(_("Read manifest from the selected document"))
        self.identify_button.setText(_("Read plate and container number"))

    def retranslate_all(self) -> None:
        """This window and every part of it in the active language (after a switch)."""
        for part in self._parts():
            part.retranslate_ui()
        self.retranslate_ui()

    def has_unsaved_work(self) -> bool:
        """Whether closing would lose a declaration edit or a review's corrections."""
        edited = self.documents_tab is not None and self.editor.has_unsaved_edit()
        return edited or any(r.has_unsaved_corrections() for r in self.reviews)

    def _parts(self) -> list[_Translated]:
        parts: list[_Translated] = [self.decisions, self.overview, self.gallery, self.custody_tab]
        if self.camera is not None:
            parts.append(self.camera)
        if self.documents_tab is not None:
            parts += [self.editor, self.checks]
        return parts

    # ---- Slots
    def on_escape(self) -> None:
        """Esc closes the crossing; with something unsaved, only when the officer says so."""
        if not self.has_unsaved_work():
            self.close()
            return
        self.close_question = ask_before_closing(
            self, _("Close without saving?"),
            _("The declaration or a manifest review of this crossing has changes that are "
              "not saved. Close without saving?"),
            Answer.Discard | Answer.Cancel, self._on_close_answered)

    def _on_close_answered(self, answer: Answer) -> None:
        self.close_question = None
        if answer == Answer.Discard:
            self.close()

    def on_overview_loaded(self, detail: CrossingDetail) -> None:
        """The crossing was (re)loaded: titles, and the decisions open to this officer now."""
        self.retranslate_ui()
        self.decisions.reload(detail)

    def on_read_manifest(self) -> None:
        """Read the selected photo or scan as a manifest, in a review window."""
        item = self.gallery.selected_item()
        if item is None:
            self.read_hint.setText(_("Select a document in the gallery first."))
            return
        if item.kind != EvidenceKind.DOCUMENT:
            self.read_hint.setText(_("Only evidence of the kind '{kind}' is read as a manifest.")
                                   .format(kind=kind_label(EvidenceKind.DOCUMENT)))
            return
        self.read_hint.setText("")
        review = ManifestReview(self._session, self.crossing_id, item.sha256, self)
        review.setWindowFlag(Qt.WindowType.Window, True)
        review.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        fit_to_screen(review, 1280, 820)
        review.sig_saved.connect(lambda _record: self._after_manifest())
        review.sig_read.connect(lambda _record: self._after_manifest())
        review.sig_accepted.connect(lambda _record: self._after_manifest())
        self.reviews.append(review)
        review.destroyed.connect(lambda _obj=None, r=review: self.reviews.remove(r))
        review.show()

    def on_read_identifiers(self) -> None:
        """Offer the plate and container readings of the selected photo (never trusted)."""
        item = self.gallery.selected_item()
        if item is None:
            self.read_hint.setText(_("Select a photo in the gallery first."))
            return
        self.read_hint.setText(_("Reading the photo…"))
        db, actor = self._session.db, self._session.actor
        command = self._session.settings.tesseract_cmd
        self._session.tasks.run(
            lambda: read_identifiers(db, actor, item.sha256, command),
            self.on_identifiers_read, self.on_reading_failed,
        )

    def on_identifiers_read(self, reading: IdentifierReading) -> None:
        """Show the candidates, each marked valid or to be checked by eye."""
        def mark(text: str, valid: bool) -> str:
            return (_("{text} (valid)") if valid else _("{text} (check by eye)")).format(text=text)

        plates = ", ".join(mark(c.label, c.valid) for c in reading.plates) or "—"
        containers = ", ".join(mark(c.number, c.valid) for c in reading.containers) or "—"
        self.read_hint.setText(_("Plate: {plates}\nContainer: {containers}").format(
            plates=plates, containers=containers))

    def on_reading_failed(self, error: BaseException) -> None:
        """Say why the photo could not be read."""
        if isinstance(error, BorderDeskError):
            self.read_hint.setText(str(error))
            return
        self._session.tasks.report(error)

    def on_checks_changed(self, _what: object = None) -> None:
        """A check or an override moved the crossing (the check panel shows it already)."""
        self.overview.reload()
        self.custody_tab.reload()
        self.sig_changed.emit(self.crossing_id)

    def on_crossing_changed(self, _what: object = None) -> None:
        """An inspection, a seizure or a decision moved the crossing: show its new status
        everywhere it shows."""
        self.overview.reload()
        if self.documents_tab is not None:
            self.checks.reload()
        self.sig_changed.emit(self.crossing_id)

    def _after_manifest(self) -> None:
        if self.documents_tab is not None:
            self.checks.reload()
