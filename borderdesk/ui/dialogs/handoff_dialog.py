"""Hand over to another agency: to whom, what (picked from the crossing), concerning what.

The items offered are the crossing's: the tractor, trailer and containers,
the evidence photos and the goods lines of its seizures. Choosing a seizure
under "Concerning" ticks its goods. The page sends the form and shows a
refusal back here.
"""

from __future__ import annotations

from uuid import UUID
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from borderdesk.domain.custody import (
    Agency,
    HandoffForm,
    HandoffItemForm,
    ItemKind,
    agency_of,
    custody_label,
)
from borderdesk.domain.officer import Role
from borderdesk.i18n import N_, _
from borderdesk.ui.dialogs.form_parts import error_line, ok_cancel
from borderdesk.ui.kit.gate_time import full_time_text
from borderdesk.ui.models.custody_choices import CustodyChoices
from borderdesk.ui.models.handoff_models import quantity_text

ITEM_ROLE = Qt.ItemDataRole.UserRole + 1
SEIZURE_ROLE = Qt.ItemDataRole.UserRole + 2

_GROUPS = (
    ("vehicle", N_("Vehicle and containers")),
    ("photos", N_("Evidence photos")),
    ("goods", N_("Seized goods")),
)



def _concerning(data: str) -> tuple[str, UUID | None]:
    """("seizure", its id) from the combo's "seizure:<id>"; ("crossing", None)."""
    what, _sep, record_id = data.partition(":")
    return what, UUID(record_id) if record_id else None


class HandoffDialog(QDialog):
    """The handoff form; ``sig_submitted`` carries the ``HandoffForm`` to send."""

    sig_submitted = Signal(object)
    """OK pressed with at least one item ticked; carries the ``HandoffForm``."""

    def __init__(self, choices: CustodyChoices, role: Role, zone: ZoneInfo, *,
                 seizure_id: UUID | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choices = choices
        self._zone = zone
        self.own_agency = agency_of(role)
        self.agency_combo = QComboBox()
        for agency in Agency:
            if agency != self.own_agency:
                self.agency_combo.addItem("", agency.value)
        self.officer = QLineEdit()
        self.concerning = QComboBox()
        self.concerning.addItem("", "crossing:")
        for inspection in choices.inspections:
            self.concerning.addItem("", f"inspection:{inspection.inspection_id}")
        for seizure in choices.seizures:
            self.concerning.addItem("", f"seizure:{seizure.seizure_id}")
        self.items_list = QListWidget()
        self.items_list.setMinimumHeight(220)
        self.note = QPlainTextEdit()
        self.note.setMaximumHeight(80)
        self.captions = {key: QLabel() for key in ("agency", "officer", "concerning", "items",
                                                   "note")}
        form = QFormLayout()
        for key, widget in (("agency", self.agency_combo), ("officer", self.officer),
                            ("concerning", self.concerning)):
            self.captions[key].setBuddy(widget)
            form.addRow(self.captions[key], widget)
        self.error = error_line()
        self.buttons = ok_cancel(self, self.on_ok)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.captions["items"])
        layout.addWidget(self.items_list, 1)
        layout.addWidget(self.captions["note"])
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumSize(620, 560)
        self._fill_items()
        self.concerning.currentIndexChanged.connect(self.on_concerning_changed)
        if seizure_id is not None:
            self.concerning.setCurrentIndex(
                max(0, self.concerning.findData(f"seizure:{seizure_id}")))
            police = self.agency_combo.findData(Agency.POLICE.value)
            self.agency_combo.setCurrentIndex(max(0, police))
        self.retranslate_ui()

    # ---- Construction
    def _fill_items(self) -> None:
        groups: dict[str, list[tuple[HandoffItemForm, UUID | None]]] = {
            "vehicle": [(i, None) for i in self.choices.vehicle_items()],
            "photos": [(i, None) for i in self.choices.photo_items(self._zone)],
            "goods": [(i, s.seizure_id) for s in self.choices.seizures
                      for i in self.choices.seizure_items(s)],
        }
        self.group_headers: dict[str, QListWidgetItem] = {}
        bold = QFont()
        bold.setBold(True)
        for key, _title in _GROUPS:
            if not groups[key]:
                continue
            header = QListWidgetItem()
            header.setFlags(Qt.ItemFlag.NoItemFlags)
            header.setFont(bold)
            self.group_headers[key] = header
            self.items_list.addItem(header)
            for item, seizure_id in groups[key]:
                row = QListWidgetItem(self._item_text(item))
                row.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                row.setCheckState(Qt.CheckState.Unchecked)
                row.setData(ITEM_ROLE, item)
                row.setData(SEIZURE_ROLE, seizure_id)
                row.setToolTip(item.reference)
                self.items_list.addItem(row)

    @staticmethod
    def _item_text(item: HandoffItemForm) -> str:
        parts = [item.description]
        if item.kind == ItemKind.EVIDENCE:
            parts.append(f"SHA-256 {item.reference[:12]}…")
        quantity = quantity_text(item.quantity, item.unit)
        if quantity:
            parts.append(quantity)
        if item.seal_no:
            parts.append(_("seal {seal}").format(seal=item.seal_no))
        return " — ".join(parts)

    def retranslate_ui(self) -> None:
        """Every text of the dialog in the active language."""
        self.setWindowTitle(_("Hand over {reference}").format(
            reference=self.choices.crossing.reference))
        for index in range(self.agency_combo.count()):
            self.agency_combo.setItemText(
                index, custody_label(Agency(self.agency_combo.itemData(index))))
        self.officer.setPlaceholderText(_("Username, if handed to a named officer"))
        for index in range(self.concerning.count()):
            self.concerning.setItemText(index, self._concerning_text(index))
        for key, title in _GROUPS:
            if key in self.group_headers:
                self.group_headers[key].setText(_(title))
        texts = {"agency": _("&To agency"), "officer": _("To &officer (optional)"),
                 "concerning": _("&Concerning"), "items": _("&Items handed over"),
                 "note": _("&Note")}
        for key, text in texts.items():
            self.captions[key].setText(text)
        self.captions["items"].setBuddy(self.items_list)
        self.captions["note"].setBuddy(self.note)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Hand over"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))

    def _concerning_text(self, index: int) -> str:
        what, record_id = _concerning(self.concerning.itemData(index))
        if what == "crossing":
            return _("The crossing {reference}").format(reference=self.choices.crossing.reference)
        if what == "inspection":
            inspection = next(i for i in self.choices.inspections
                              if i.inspection_id == record_id)
            return _("Inspection of {at} ({officer})").format(
                at=full_time_text(inspection.started_at, self._zone), officer=inspection.officer)
        seizure = next(s for s in self.choices.seizures if s.seizure_id == record_id)
        return _("Seizure of {at}: {reason}").format(
            at=full_time_text(seizure.at, self._zone), reason=seizure.reason[:60])

    # ---- Public API
    def item_rows(self) -> list[QListWidgetItem]:
        """The rows that can be ticked, in order."""
        rows = (self.items_list.item(i) for i in range(self.items_list.count()))
        return [r for r in rows if r.data(ITEM_ROLE) is not None]

    def tick(self, *kinds: ItemKind) -> None:
        """Tick every item of these kinds (a test's or a shortcut's convenience)."""
        for row in self.item_rows():
            if row.data(ITEM_ROLE).kind in kinds:
                row.setCheckState(Qt.CheckState.Checked)

    def form(self) -> HandoffForm:
        """The handoff as filled in."""
        what, record_id = _concerning(self.concerning.currentData())
        items = tuple(r.data(ITEM_ROLE) for r in self.item_rows()
                      if r.checkState() == Qt.CheckState.Checked)
        return HandoffForm(
            to_agency=Agency(self.agency_combo.currentData()),
            items=items,
            crossing_id=self.choices.crossing.crossing_id,
            inspection_id=record_id if what == "inspection" else None,
            seizure_id=record_id if what == "seizure" else None,
            to_officer_username=self.officer.text().strip(),
            note=self.note.toPlainText().strip(),
        )

    def show_error(self, text: str) -> None:
        """Say why the handoff was refused; the dialog stays open."""
        self.error.setText(text)
        self.error.show()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(True)

    # ---- Slots
    def on_concerning_changed(self) -> None:
        """A seizure chosen: tick its goods, untick other seizures' goods."""
        what, record_id = _concerning(self.concerning.currentData())
        for row in self.item_rows():
            seizure_id = row.data(SEIZURE_ROLE)
            if seizure_id is None:
                continue
            chosen = what == "seizure" and seizure_id == record_id
            row.setCheckState(Qt.CheckState.Checked if chosen else Qt.CheckState.Unchecked)

    def on_ok(self) -> None:
        """Submit when something is ticked."""
        if not self.form().items:
            self.show_error(_("Tick at least one item to hand over."))
            return
        self.error.hide()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        self.sig_submitted.emit(self.form())
