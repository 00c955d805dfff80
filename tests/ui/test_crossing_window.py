"""A crossing's window: overview, evidence and documents tabs by role, and a manifest read."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from PIL import Image, ImageDraw, ImageFont

from borderdesk.domain.crossing import ArrivalForm, Direction
from borderdesk.domain.evidence import EvidenceKind
from borderdesk.domain.officer import Role
from borderdesk.services import crossings, evidence
from borderdesk.ui.crossing.crossing_window import CrossingWindow


def _arrival(ui_gate):
    form = ArrivalForm(direction=Direction.IMPORT, lane="1", tractor_plate="74C-123.45",
                       arrived_at=datetime.now(UTC), driver_name="Lê Văn Tài",
                       driver_document_no="045089001234")
    return crossings.register_arrival(ui_gate.db, ui_gate.actor_for(Role.BORDER_GUARD), form)


def _page_png() -> bytes:
    image = Image.new("L", (1240, 500), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype("DejaVuSans.ttf", 28)
    draw.text((60, 60), "Manifest No: MF-2026-0042", font=font, fill=0)
    draw.text((60, 120), "Container No: CSQU3054383", font=font, fill=0)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def tab_texts(window: CrossingWindow) -> list[str]:
    return [window.tabs.tabText(i) for i in range(window.tabs.count())]


def test_customs_officer_sees_documents_and_a_guard_does_not(qtbot, ui_gate) -> None:
    detail = _arrival(ui_gate)
    customs = CrossingWindow(ui_gate.session_for(Role.CUSTOMS_OFFICER), detail.crossing_id)
    qtbot.addWidget(customs)
    guard = CrossingWindow(ui_gate.session_for(Role.BORDER_GUARD), detail.crossing_id)
    qtbot.addWidget(guard)
    assert tab_texts(customs) == ["Overview", "Evidence", "Documents and checks", "Custody"]
    assert tab_texts(guard) == ["Overview", "Evidence", "Custody"]
    assert guard.camera is not None, "border guards photograph trucks"
    assert not guard.read_button.isVisibleTo(guard)
    qtbot.waitUntil(lambda: customs.overview.detail is not None, timeout=5000)
    assert customs.windowTitle() == f"Crossing {detail.reference}"


def test_reading_needs_a_document_selected(qtbot, ui_gate) -> None:
    detail = _arrival(ui_gate)
    session = ui_gate.session_for(Role.CUSTOMS_OFFICER)
    evidence.attach_evidence(ui_gate.db, session.actor, detail.crossing_id, _page_png(),
                             EvidenceKind.CARGO, source="cargo.png")
    window = CrossingWindow(session, detail.crossing_id)
    qtbot.addWidget(window)
    window.on_read_manifest()
    assert window.read_hint.text() == "Select a document in the gallery first."
    qtbot.waitUntil(lambda: window.gallery.model.rowCount() == 1, timeout=5000)
    window.gallery.list_view.setCurrentIndex(window.gallery.model.index(0, 0))
    window.on_read_manifest()
    assert "document" in window.read_hint.text()
    assert window.reviews == []


def test_a_container_door_photo_offers_its_number_marked_valid(qtbot, ui_gate) -> None:
    detail = _arrival(ui_gate)
    session = ui_gate.session_for(Role.BORDER_GUARD)
    image = Image.new("L", (900, 160), 255)
    font = ImageFont.truetype("DejaVuSansMono-Bold.ttf", 72)
    ImageDraw.Draw(image).text((40, 40), "CSQU 305438 3", font=font, fill=0)
    out = io.BytesIO()
    image.save(out, format="PNG")
    evidence.attach_evidence(ui_gate.db, session.actor, detail.crossing_id, out.getvalue(),
                             EvidenceKind.REAR, source="door.png")
    window = CrossingWindow(session, detail.crossing_id)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.gallery.model.rowCount() == 1, timeout=5000)
    window.gallery.list_view.setCurrentIndex(window.gallery.model.index(0, 0))
    window.identify_button.click()
    qtbot.waitUntil(lambda: "Container:" in window.read_hint.text(), timeout=30000)
    assert "CSQU3054383 (valid)" in window.read_hint.text()
