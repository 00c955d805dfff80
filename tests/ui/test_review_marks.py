"""The review screen's marks and its one key, on readings built by hand (no OCR).

A field read below ``CONFIDENT`` is marked with why; a disagreement of the
document with itself is listed and marks its cells otherwise; Ctrl+Return
accepts a reading with nothing marked and, while something is, goes to the
next marked field instead. The acceptance is a new, audited manifest version.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select
from test_camera_preview import arrival

from borderdesk.domain.evidence import EvidenceKind
from borderdesk.domain.manifest import CONFIDENT, Disagreement, Manifest, ManifestLine
from borderdesk.errors import UserInputError
from borderdesk.ocr.pipeline import DocumentReading, PageReading, Word
from borderdesk.services import evidence, manifest_review, manifests
from borderdesk.storage.models import AuditEvent
from borderdesk.ui.crossing.manifest_review import ManifestReview
from borderdesk.ui.models.manifest_lines_model import (
    DISAGREEMENT_COLOUR,
    DOUBT_COLOUR,
    MARK_ROLE,
    Marked,
)

pytestmark = pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints|raise)\(\)"
)

WEIGHTS_DISAGREE = ("The weights add up to 1,204.50 kg; the total row says 1,240.50 kg.")
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

HEADER = {"document_no": ("PL-2026-0419", 0.97), "date": ("2026-11-20", 0.62),
          "consignor": ("Savan Trading Co., Ltd", 0.95),
          "consignee": ("Công ty TNHH Thương mại Lao Bảo", 0.93),
          "vehicle_plate": ("74C-123.45", 0.96), "container_no": ("CSQU3054383", 0.98),
          "seal_no": ("", 0.0)}
"""Header field -> (value, confidence): the date is doubtful and the seal was not read."""

LINES = (
    (1, "Sữa bột trẻ em, hộp 800 g", "190110", "1200", "TIN", "1100.5", "24000", "USD", "TH"),
    (2, "Cà phê rang xay, gói 500 g", "090121", "800", "BAG", "412", "6400", "USD", "LA"),
    (3, "Gạo tẻ hạt dài", "100630", "500", "BAG", "2500", "5250", "USD", "LA"),
    (4, "Tinh bột sắn", "110814", "300", "BAG", "152", "2010", "USD", "LA"),
)
FIELDS = ("line_no", "description", "hs_code", "quantity", "unit", "gross_weight_kg", "value",
          "currency", "origin_country")
NUMBERS = {"quantity", "gross_weight_kg", "value"}


@dataclass
class Reading:
    """A reading made by hand: what OCR would have given the review."""

    reading: DocumentReading
    png: bytes


def confident(**low: float) -> dict[str, float]:
    """Every line field at 0.97, but those named."""
    return {name: low.get(name, 0.97) for name in FIELDS}


def hand_reading(*, doubts: bool = True, disagreement: bool = True) -> Reading:
    """A one-page packing list: header, four lines and a total row, drawn and 'read'.

    With ``doubts``: the date at 62 %, the seal not read, line 2's quantity at
    89 % and line 4's origin not read. With ``disagreement``: the weights do not
    add up to the total row.
    """
    lines = []
    for number, *values in LINES:
        low = {"quantity": 0.89} if doubts and number == 2 else {}
        if doubts and number == 4:
            low["origin_country"] = 0.0
        fields = dict(zip(FIELDS[1:], values, strict=True))
        if doubts and number == 4:
            fields["origin_country"] = ""
        lines.append(ManifestLine(
            line_no=number, description=fields["description"], hs_code=fields["hs_code"],
            quantity=Decimal(fields["quantity"]), unit=fields["unit"],
            gross_weight_kg=Decimal(fields["gross_weight_kg"]), value=Decimal(fields["value"]),
            currency=fields["currency"], origin_country=fields["origin_country"] or None,
            confidence=confident(**low),
        ))
    header = {k: v for k, (v, _c) in HEADER.items()}
    header_confidence = {k: (c if doubts or c >= CONFIDENT else 0.95)
                         for k, (_v, c) in HEADER.items()}
    if not doubts:
        header["seal_no"] = "A123456"
    disagreements = (
        Disagreement(WEIGHTS_DISAGREE, (*((n, "gross_weight_kg") for n in range(1, 5)),
                                        (None, "total_gross_weight_kg"))),
    ) if disagreement else ()
    manifest = Manifest(
        document_no=header["document_no"], date=date.fromisoformat(header["date"]),
        consignor=header["consignor"], consignee=header["consignee"],
        vehicle_plate=header["vehicle_plate"], container_no=header["container_no"],
        seal_no=header["seal_no"], lines=tuple(lines), confidence=header_confidence,
        disagreements=disagreements,
    )
    return _drawn(manifest, header)


def _drawn(manifest: Manifest, header: dict[str, str]) -> Reading:
    """Draw the page and give each drawn word its box, field and confidence."""
    page = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(FONT, 22)
    words: list[Word] = []

    def put(x: int, y: int, text: str, line_no: int | None = None, field: str | None = None,
            confidence: float = 0.97) -> None:
        for piece in text.split():
            left, top, right, bottom = draw.textbbox((x, y), piece, font=font)
            draw.text((x, y), piece, font=font, fill=0)
            words.append(Word(piece, confidence, left, top, right - left, bottom - top,
                              line_no, field))
            x = right + 8

    put(420, 90, "PACKING LIST / PHIẾU ĐÓNG GÓI")
    labels = {"document_no": "No.:", "date": "Date:", "consignor": "Shipper:",
              "consignee": "Consignee:", "vehicle_plate": "Truck plate:",
              "container_no": "Container:", "seal_no": "Seal:"}
    for row, (name, label) in enumerate(labels.items()):
        put(90, 170 + 40 * row, label)
        if header[name]:
            put(300, 170 + 40 * row, header[name], None, name,
                manifest.confidence.get(name, 0.97))
    xs = (90, 140, 520, 640, 740, 820, 960, 1080, 1170)
    titles = ("No", "Description", "HS", "Qty", "Unit", "G.W.", "Amount", "Cur", "Org")
    for x, title in zip(xs, titles, strict=True):
        put(x, 500, title)
    for row, line in enumerate(manifest.lines):
        y = 560 + 50 * row
        for x, name in zip(xs, FIELDS, strict=True):
            value = getattr(line, name)
            text = "" if value is None else str(value)
            if text:
                put(x, y, text, line.line_no, name, line.confidence.get(name, 0.97))
    total_y = 560 + 50 * len(manifest.lines) + 20
    put(140, total_y, "Total / Tổng cộng")
    put(820, total_y, "1240.5", None, "total_gross_weight_kg")
    grey = np.asarray(page, dtype=np.uint8)
    out = io.BytesIO()
    page.save(out, format="PNG")
    reading = DocumentReading(manifest, (PageReading(grey, grey.shape[1], grey.shape[0],
                                                     tuple(words)),))
    return Reading(reading, out.getvalue())


def reviewed(qtbot, ui_gate, made: Reading, *, who: str = "customs1") -> ManifestReview:
    """The review screen showing ``made`` as version 1 of a new crossing's manifest."""
    detail = arrival(ui_gate)
    actor = ui_gate.actor_for(who)
    item = evidence.attach_evidence(ui_gate.db, actor, detail.crossing_id, made.png,
                                    EvidenceKind.DOCUMENT)
    with ui_gate.db.session() as session:
        # As read_manifest saves a reading, without running OCR.
        row = manifests.save_version(session, actor, detail.crossing_id, made.reading.manifest,
                              sha256=item.sha256, supersedes=None, action="manifest.read")
        record = manifests.ManifestRecord(row.id, row.version, made.reading.manifest,
                                          made.reading)
    review = ManifestReview(ui_gate.session_for(who), detail.crossing_id, item.sha256,
                            start=False)
    qtbot.addWidget(review)
    review.resize(1400, 860)
    review.show()
    qtbot.waitExposed(review)
    review.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is review)
    review.on_read(record)
    return review


def press_the_key(qtbot, review: ManifestReview, *, shift: bool = False) -> None:
    """Ctrl+Return (Ctrl+Shift+Return) where the focus is, as the officer presses it."""
    target = review.focusWidget() or review
    modifiers = Qt.KeyboardModifier.ControlModifier
    if shift:
        modifiers |= Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(target, Qt.Key.Key_Return, modifiers)


def cell(review: ManifestReview, line_no: int, field: str):
    return review.model.index_of(line_no, field)


def events(ui_gate, action: str) -> list[tuple[object, dict]]:
    """The (officer id, payload) of each audit event of ``action``."""
    with ui_gate.db.session() as session:
        rows = session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()
        return [(row.officer_id, json.loads(row.payload)) for row in rows]


# ---- Marks


def test_every_field_below_the_threshold_is_marked_with_why(qtbot, ui_gate):
    review = reviewed(qtbot, ui_gate, hand_reading(disagreement=False))
    model = review.model
    quantity = cell(review, 2, "quantity")  # read at 89 %: under 0.9, even if it rounds to 90
    assert model.data(quantity, MARK_ROLE) is Marked.DOUBT
    assert model.data(quantity, Qt.ItemDataRole.BackgroundRole).color() == DOUBT_COLOUR
    assert model.data(quantity, Qt.ItemDataRole.ToolTipRole) == (
        "Read at 89 %: check it against the page.")
    unread = cell(review, 4, "origin_country")  # not read at all: empty, confidence 0
    assert model.data(unread, MARK_ROLE) is Marked.DOUBT
    assert model.data(unread, Qt.ItemDataRole.ToolTipRole).startswith("Not read")
    sure = cell(review, 1, "quantity")
    assert model.data(sure, MARK_ROLE) is None
    assert model.data(sure, Qt.ItemDataRole.BackgroundRole) is None
    assert model.data(sure, Qt.ItemDataRole.ToolTipRole) == "Read at 97 %"

    date_edit, seal = review.header_edits["date"], review.header_edits["seal_no"]
    assert date_edit.property("mark") == "doubt"
    assert date_edit.toolTip() == "Read at 62 %: check it against the page."
    assert seal.property("mark") == "doubt" and seal.toolTip().startswith("Not read")
    assert review.header_edits["document_no"].property("mark") == ""
    # Four marks: the date, the seal, line 2's quantity, line 4's origin.
    assert review.accept_button.text() == "Next marked field (4 left)"
    assert "Ctrl+Return" in review.accept_button.toolTip()


def test_a_correction_clears_its_mark_and_a_confirmation_too(qtbot, ui_gate):
    review = reviewed(qtbot, ui_gate, hand_reading(disagreement=False))
    model = review.model
    quantity = cell(review, 2, "quantity")
    assert model.setData(quantity, "850")
    assert model.data(quantity, MARK_ROLE) is None
    assert model.data(quantity, Qt.ItemDataRole.ToolTipRole) == "Corrected by the officer"
    qtbot.keyClicks(review.header_edits["seal_no"], "A123456")
    assert review.header_edits["seal_no"].property("mark") == ""
    assert review.accept_button.text() == "Next marked field (2 left)"

    review.go_to(review.state.next_mark(None))  # the date
    assert review.focusWidget() is review.header_edits["date"]
    assert review.confirm_button.isEnabled()
    qtbot.mouseClick(review.confirm_button, Qt.MouseButton.LeftButton)
    assert review.header_edits["date"].property("mark") == ""
    assert review.header_edits["date"].toolTip() == (
        "Confirmed by the officer as read (read at 62 %).")
    # The confirmation went on to the next marked field: line 4's origin.
    assert review.table.currentIndex() == cell(review, 4, "origin_country")
    assert review.accept_button.text() == "Next marked field (1 left)"


# ---- Disagreements


def test_a_disagreement_is_listed_marks_its_cells_otherwise_and_selects_them(qtbot, ui_gate):
    review = reviewed(qtbot, ui_gate, hand_reading(doubts=False))
    listed = review.disagreements.list
    assert review.disagreements.isVisible()
    assert listed.count() == 1 and listed.item(0).text() == WEIGHTS_DISAGREE
    model = review.model
    weights = [cell(review, n, "gross_weight_kg") for n in range(1, 5)]
    for index in weights:
        assert model.data(index, MARK_ROLE) is Marked.DISAGREEMENT
        assert model.data(index, Qt.ItemDataRole.BackgroundRole).color() == DISAGREEMENT_COLOUR
        assert DISAGREEMENT_COLOUR != DOUBT_COLOUR
        assert model.data(index, Qt.ItemDataRole.ToolTipRole) == (
            "Read at 97 %\n" + WEIGHTS_DISAGREE)
    assert model.data(cell(review, 1, "value"), MARK_ROLE) is None
    # The border is drawn: a weight cell's pixels hold the border's dark rose, a value's do not.
    shot = review.table.viewport().grab().toImage()
    def has_edge(index) -> bool:
        rect = review.table.visualRect(index)
        return any(shot.pixelColor(rect.left() + 1, y).name() == "#9c1458"
                   for y in range(rect.top(), rect.bottom()))
    assert has_edge(weights[0]) and not has_edge(cell(review, 1, "value"))

    listed.setCurrentRow(0)
    assert review.selected_cells() == {(n, "gross_weight_kg") for n in range(1, 5)}
    boxes = review.viewer.highlighted()
    words = review.reading.pages[0].words
    assert {(words[i].line_no, words[i].field) for _p, i in boxes} == (
        {(n, "gross_weight_kg") for n in range(1, 5)} | {(None, "total_gross_weight_kg")})
    assert review.accept_button.text() == "Next marked field (1 left)"

    # Correcting one of its weights settles it: the marks go, the list says how.
    assert model.setData(weights[2], "2464")
    assert all(model.data(i, MARK_ROLE) is None for i in weights)
    assert listed.item(0).text() == f"✓ {WEIGHTS_DISAGREE} (a cell was corrected)"
    assert review.accept_button.text() == "Accept reading"


# ---- The one key


def test_the_key_accepts_a_reading_with_nothing_marked_and_records_the_officer(qtbot, ui_gate):
    review = reviewed(qtbot, ui_gate, hand_reading(doubts=False, disagreement=False))
    assert review.accept_button.text() == "Accept reading"
    assert review.accept_button.toolTip().endswith("(Ctrl+Return).")
    assert "Nothing is marked: Ctrl+Return accepts the reading." in review.status_label.text()
    review.table.setFocus()
    with qtbot.waitSignal(review.sig_accepted, timeout=20_000) as accepted:
        press_the_key(qtbot, review)
    record = accepted.args[0]
    assert record.version == 2
    assert review.saved_label.text() == "Accepted by Phạm Thị Hải as version 2."
    assert not review.accept_button.isEnabled()

    customs = ui_gate.actor_for("customs1")
    latest = manifests.latest_manifest(ui_gate.db, customs, review.crossing_id)
    assert latest.version == 2 and latest.manifest.lines == record.manifest.lines
    ((officer_id, payload),) = events(ui_gate, "manifest.accepted")
    assert officer_id == customs.officer_id
    assert payload["version"] == 2 and payload["confirmed"] == []


def test_with_marks_the_key_goes_to_each_and_accepts_only_once_all_are_settled(qtbot, ui_gate):
    review = reviewed(qtbot, ui_gate, hand_reading())
    # Five marks in screen order: date, seal (header), the disagreement, 2/quantity, 4/origin.
    assert review.accept_button.text() == "Next marked field (5 left)"
    review.table.setFocus()
    press_the_key(qtbot, review)
    assert review.focusWidget() is review.header_edits["date"]
    press_the_key(qtbot, review)
    assert review.focusWidget() is review.header_edits["seal_no"]
    press_the_key(qtbot, review)
    assert review.disagreements.list.currentRow() == 0
    assert review.selected_cells() == {(n, "gross_weight_kg") for n in range(1, 5)}
    press_the_key(qtbot, review)
    assert review.table.currentIndex() == cell(review, 2, "quantity")
    press_the_key(qtbot, review)
    assert review.table.currentIndex() == cell(review, 4, "origin_country")
    press_the_key(qtbot, review)  # round to the first again
    assert review.focusWidget() is review.header_edits["date"]
    qtbot.wait(50)
    assert events(ui_gate, "manifest.accepted") == []
    assert manifests.latest_manifest(
        ui_gate.db, ui_gate.actor_for("customs1"), review.crossing_id).version == 1

    # The officer confirms the date, types the seal, confirms that the page's total
    # disagrees, corrects the quantity and types the origin: then the key accepts.
    press_the_key(qtbot, review, shift=True)  # the date, as read
    assert review.focusWidget() is review.header_edits["seal_no"]
    qtbot.keyClicks(review.header_edits["seal_no"], "A123456")
    press_the_key(qtbot, review)
    assert review.disagreements.list.currentRow() == 0
    press_the_key(qtbot, review, shift=True)  # the total row does say 1,240.50 kg
    assert review.table.currentIndex() == cell(review, 2, "quantity")
    qtbot.keyClick(review.table, "8")  # typing over the cell opens its editor...
    qtbot.keyClicks(QApplication.focusWidget(), "50")  # ...left open when the key is pressed
    press_the_key(qtbot, review)
    assert review.model.lines()[1].quantity == Decimal(850)
    assert review.table.currentIndex() == cell(review, 4, "origin_country")
    assert review.model.setData(cell(review, 4, "origin_country"), "la")
    assert review.accept_button.text() == "Accept reading"
    with qtbot.waitSignal(review.sig_accepted, timeout=20_000) as accepted:
        press_the_key(qtbot, review)
    assert accepted.args[0].version == 2

    latest = manifests.latest_manifest(ui_gate.db, ui_gate.actor_for("customs1"),
                                       review.crossing_id).manifest
    assert latest.seal_no == "A123456" and latest.date == date(2026, 11, 20)
    assert latest.lines[1].quantity == Decimal(850) and latest.lines[3].origin_country == "LA"
    assert "date" not in latest.confidence  # vouched for by the officer
    assert manifest_review.doubtful_fields(latest) == ()
    ((_officer, payload),) = events(ui_gate, "manifest.accepted")
    assert payload["confirmed"] == [{"line": None, "field": "date", "confidence": 0.62}]
    assert payload["disagreements"] == [{"message": WEIGHTS_DISAGREE,
                                               "settled": "confirmed"}]


def test_the_service_refuses_an_acceptance_with_marks_left(ui_gate, qtbot):
    review = reviewed(qtbot, ui_gate, hand_reading())
    customs = ui_gate.actor_for("customs1")
    with pytest.raises(UserInputError, match=r"^5 marked fields are still to be corrected"):
        manifest_review.accept_reading(ui_gate.db, customs, review.record.manifest_id,
                                       review.record.manifest)
    assert manifests.latest_manifest(ui_gate.db, customs, review.crossing_id).version == 1
    assert events(ui_gate, "manifest.accepted") == []


# ---- A file that cannot be read


def test_a_reading_error_is_shown_in_a_dialog_and_what_was_saved_stays(qtbot, ui_gate):
    review = reviewed(qtbot, ui_gate, hand_reading())
    customs = ui_gate.actor_for("customs1")
    before = manifests.latest_manifest(ui_gate.db, customs, review.crossing_id)
    strip = Image.new("L", (20_000, 8), 255)  # attached as a picture; no page reader copes
    out = io.BytesIO()
    strip.save(out, format="PNG")
    item = evidence.attach_evidence(ui_gate.db, customs, review.crossing_id, out.getvalue(),
                                    EvidenceKind.DOCUMENT, source="strip.png")
    again = ManifestReview(ui_gate.session_for("customs1"), review.crossing_id, item.sha256)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitUntil(lambda: again.message_box is not None, timeout=60_000)
    box = again.message_box
    assert box.isVisible() and "\n" not in box.text()
    assert box.text() == again.status_label.text()
    assert "page 1 cannot be read" in box.text()
    assert again.record is None and not again.accept_button.isEnabled()
    after = manifests.latest_manifest(ui_gate.db, customs, review.crossing_id)
    assert (after.version, after.manifest) == (before.version, before.manifest)
    box.close()
