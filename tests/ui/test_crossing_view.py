"""One crossing, stage by stage: who did what and when."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from PySide6.QtWidgets import QLabel

from borderdesk.domain.crossing import (
    ArrivalForm,
    Channel,
    ContainerEntry,
    Direction,
    Stage,
    label,
)
from borderdesk.domain.custody import (
    Agency,
    InspectionForm,
    InspectionKind,
    InspectionResult,
    ItemConfirmation,
    SeizedLine,
    SeizureForm,
)
from borderdesk.services import checks, crossings, handoffs, inspections, seizures
from borderdesk.ui.crossing.crossing_view import CrossingView
from tests.lifecycle_kit import checked
from tests.ui.handoff_kit import arrival, photo, send

# Qt's offscreen platform cannot resize or raise windows, and says so: not ours.
pytestmark = pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints|raise)\(\)"
)


def labels(view, prop):
    return [w.text() for w in view.findChildren(QLabel) if w.property(prop)]


def test_crossing_view_has_a_section_per_stage_and_the_arrival(qtbot, ui_gate):
    form = ArrivalForm(
        direction=Direction.IMPORT, lane="3", tractor_plate="74C-123.45",
        arrived_at=datetime.now(UTC), trailer_plate="74R-012.34", trailer_country="LA",
        driver_name="Nguyễn Văn Tài", driver_document_no="038012345678",
        carrier_name="Vận tải Lao Bảo",
        containers=(ContainerEntry("CSQU3054383", ("A123456",)),),
    )
    detail = crossings.register_arrival(ui_gate.db, ui_gate.actor_for("guard1"), form)
    view = CrossingView(ui_gate.session_for("supervisor1"), detail.crossing_id)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.sig_loaded):
        view.show()

    assert labels(view, "sectionTitle") == [label(stage) for stage in Stage]
    arrival = view.findChild(QLabel, "crossing_reference")
    assert arrival.text() == detail.reference
    entries = labels(view, "entry")
    assert entries and "Lê Văn Biên" in entries[0]
    texts = [w.text() for w in view.findChildren(QLabel)]
    assert any("CSQU3054383" in t and "A123456" in t for t in texts)
    assert any(t.startswith("74R-012.34 (LA") for t in texts)
    assert any("Lê Văn Biên at BD-TEST-1" in t for t in texts)
    # Nothing happened after arrival yet: each later stage says so.
    assert labels(view, "muted").count("Nothing recorded yet") == 4


def a_crossing_with_everything(gate):
    """3 photos, a declaration and manifest, a red check, an inspection, a seizure and two
    handoffs: what the overview must not call "nothing"."""
    crossing = arrival(gate)
    for shade in (40, 90, 140):
        photo(gate, crossing.crossing_id, shade)
    customs = gate.actor_for("customs1")
    checked(gate.db, customs, crossing.crossing_id, Channel.RED)
    inspection = inspections.record_inspection(gate.db, customs, InspectionForm(
        crossing.crossing_id, InspectionKind.PHYSICAL, InspectionResult.SEIZURE,
        "40 cartons behind the declared goods"))
    seizures.record_seizure(gate.db, customs, SeizureForm(
        crossing_id=crossing.crossing_id, reason="Undeclared milk powder",
        lines=(SeizedLine("Milk powder, 800 g tins", Decimal(480), "TIN", hs_code="190110"),),
        storage_location="Store 2", inspection_id=inspection.inspection_id))
    first = send(gate, crossing)
    handoffs.accept_handoff(gate.db, customs, first.summary.handoff_id,
                            [ItemConfirmation(i.item_id) for i in first.items])
    send(gate, crossing, to=Agency.POLICE, actor=customs, note="Lorry to the police")
    return crossing


def test_the_overview_says_what_was_recorded_in_each_section(qtbot, ui_gate):
    crossing = a_crossing_with_everything(ui_gate)
    view = CrossingView(ui_gate.session_for("supervisor1"), crossing.crossing_id)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.sig_loaded, timeout=10_000):
        view.show()

    assert "Nothing recorded yet" not in labels(view, "muted")
    evidence = view.fact_texts(Stage.EVIDENCE)
    assert evidence[0] == "3 files (3 cargo)"
    assert "Lê Văn Biên" in evidence[1] and "cargo.png" in evidence[1]
    documents = "\n".join(view.fact_texts(Stage.DOCUMENTS))
    declaration = checks.latest_declaration(ui_gate.db, ui_gate.actor_for("customs1"),
                                            crossing.crossing_id)
    assert f"Declaration {declaration.declaration_no}, version 1" in documents
    assert "Manifest " in documents and "version 1" in documents
    assert "Latest check:" in documents and "Phạm Thị Hải" in documents
    inspection = view.fact_texts(Stage.INSPECTION)
    assert inspection[0].startswith("1 inspection; latest: Physical")
    custody = view.fact_texts(Stage.CUSTODY)
    assert custody[0].startswith("1 seizure; latest: 1 line kept at Store 2")
    assert custody[1].startswith("2 handoffs (1 waiting for an answer); latest: Customs → "
                                 "Police, pending")
    facts = labels(view, "fact")
    assert all(text in facts for text in evidence + custody + inspection)
