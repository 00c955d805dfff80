"""One crossing, stage by stage: who did what and when."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtWidgets import QLabel

from borderdesk.domain.crossing import ArrivalForm, ContainerEntry, Direction, Stage, label
from borderdesk.services import crossings
from borderdesk.ui.widgets.crossing_view import CrossingView

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
