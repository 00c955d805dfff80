"""The header fields of a manifest under review: one edit each, marked as the table's cells are."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget

from borderdesk.domain.manifest import Manifest
from borderdesk.i18n import N_, _
from borderdesk.ui.crossing.review_marks import mark_edit
from borderdesk.ui.models.manifest_lines_model import Marked, field_tooltip
from borderdesk.ui.models.review_state import ReviewState

HEADER_FIELDS: tuple[tuple[str, str], ...] = (
    ("document_no", N_("Document no.")),
    ("date", N_("Date")),
    ("consignor", N_("Consignor")),
    ("consignee", N_("Consignee")),
    ("vehicle_plate", N_("Vehicle plate")),
    ("container_no", N_("Container no.")),
    ("seal_no", N_("Seal no.")),
)


class ReviewHeader(QWidget):
    """Document number, date, parties, vehicle, container and seal, as read and as corrected."""

    sig_edited = Signal(str)
    """The officer typed in a field; carries its name."""
    sig_focused = Signal(str)
    """A field took the keyboard focus; carries its name."""

    def __init__(self, state: ReviewState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.confidence: dict[str, float] = {}
        """OCR's confidence in each field as read."""
        self.shown: dict[str, str] = {}
        """Each field's text as read."""
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.captions: dict[str, QLabel] = {}
        self.edits: dict[str, QLineEdit] = {}
        for name, _title in HEADER_FIELDS:
            caption, edit = QLabel(), QLineEdit()
            edit.setObjectName(f"header_{name}")
            edit.textEdited.connect(lambda _text, n=name: self._edited(n))
            edit.installEventFilter(self)
            caption.setBuddy(edit)
            self.captions[name], self.edits[name] = caption, edit
            form.addRow(caption, edit)

    # ---- Public API
    def retranslate_ui(self) -> None:
        """Every caption in the active language."""
        for name, title in HEADER_FIELDS:
            self.captions[name].setText(_(title))

    def set_manifest(self, manifest: Manifest) -> None:
        """Show the header of ``manifest`` as read."""
        self.confidence = dict(manifest.confidence)
        for name, edit in self.edits.items():
            value = getattr(manifest, name)
            text = value.isoformat() if isinstance(value, date) else (value or "")
            edit.setText(text)
            self.shown[name] = text

    def values(self) -> dict[str, str]:
        """Each field's text as it stands."""
        return {name: edit.text().strip() for name, edit in self.edits.items()}

    def kept_confidence(self) -> dict[str, float]:
        """OCR's confidence in the fields the officer left as read (a typed field has none)."""
        return {k: v for k, v in self.confidence.items()
                if self.edits[k].text().strip() == self.shown.get(k)}

    def show_marks(self) -> None:
        """Mark each field as the review state says: doubtful, in a disagreement, or not."""
        for name, edit in self.edits.items():
            cell = (None, name)
            tooltip = field_tooltip(self.state, cell, edit.text().strip(),
                                    self.confidence.get(name), cell in self.state.corrected)
            mark = (Marked.DISAGREEMENT if self.state.disagreements_of(cell)
                    else Marked.DOUBT if self.state.doubt(cell) is not None else None)
            mark_edit(edit, mark, tooltip)

    # ---- Qt events
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Say which field took the focus: ``Confirm as read`` applies to it."""
        if event.type() == QEvent.Type.FocusIn:
            for name, edit in self.edits.items():
                if watched is edit:
                    self.sig_focused.emit(name)
        return super().eventFilter(watched, event)

    # ---- Internals
    def _edited(self, name: str) -> None:
        changed = self.edits[name].text().strip() != self.shown.get(name)
        self.state.correct((None, name), changed)
        self.sig_edited.emit(name)
