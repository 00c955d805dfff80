"""The supervisors' inbox of lowered channels, and the check panel while one waits."""

from __future__ import annotations

from dataclasses import replace

import pytest
from lifecycle_kit import checked

from borderdesk.domain.crossing import Channel, CrossingStatus
from borderdesk.domain.officer import Role
from borderdesk.services import crossings, overrides
from borderdesk.ui.crossing.check_panel import CheckPanel
from borderdesk.ui.dialogs.reason_dialog import OverrideDecisionDialog
from borderdesk.ui.pages.approvals_page import ApprovalsPage
from borderdesk.ui.session import UiSession
from borderdesk.ui.tasks import TaskRunner
from tests.services.gate_kit import arrival

pytestmark = pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints|raise)\(\)"
)


def _asked(ui_gate, plate="74C-123.45", start=Channel.RED, to=Channel.GREEN,
           reason="Niêm phong nguyên vẹn, giấy tờ khớp"):
    detail = crossings.register_arrival(ui_gate.db, ui_gate.actor_for(Role.BORDER_GUARD),
                                        arrival(plate))
    customs = ui_gate.actor_for(Role.CUSTOMS_OFFICER)
    checked(ui_gate.db, customs, detail.crossing_id, start)
    asked = overrides.override_channel(ui_gate.db, customs, detail.crossing_id, to, reason)
    assert asked.state == "pending"
    return detail, asked.override_id


def _page(qtbot, session, size=(1200, 700)):
    page = ApprovalsPage(session)
    qtbot.addWidget(page)
    page.resize(*size)
    with qtbot.waitSignal(page.sig_loaded, timeout=10_000):
        page.show()
    return page


def _cells(page, row=0):
    model = page.model
    return [model.index(row, c).data() for c in range(model.columnCount())]


def _shown(ui_gate, crossing_id):
    shown = crossings.get_crossing(ui_gate.db, ui_gate.actor_for("supervisor1"), crossing_id)
    return shown.status, shown.channel


def test_a_supervisor_approves_a_lowered_channel_from_the_inbox(qtbot, ui_gate):
    detail, _override_id = _asked(ui_gate)
    page = _page(qtbot, ui_gate.session_for("supervisor1"))
    cells = _cells(page)
    assert cells[:2] == [detail.reference, "74C-123.45"]
    assert cells[2:6] == ["Cong ty TNHH ABC", "Red → Green", "Phạm Thị Hải",
                          "Niêm phong nguyên vẹn, giấy tờ khớp"]
    assert page.approve_button.isEnabled() and not page.own.isVisible()
    assert "Phạm Thị Hải" in page.detail.text()

    page.approve_button.click()
    dialog = page.dialog
    assert isinstance(dialog, OverrideDecisionDialog) and dialog.ok_button.isEnabled(), \
        "approving needs no reason"
    with qtbot.waitSignal(page.sig_decided, timeout=10_000):
        dialog.ok_button.click()
    assert page.banner.text() == (
        f"Approved: {detail.reference} now goes through the green channel.")
    qtbot.waitUntil(lambda: page.model.rowCount() == 0 and page.empty.isVisible())
    assert page.empty.text() == "No lowered channel waits for a supervisor."
    assert _shown(ui_gate, detail.crossing_id) == (CrossingStatus.INSPECTION, Channel.GREEN)


def test_a_refusal_needs_a_reason_and_keeps_the_channel(qtbot, ui_gate):
    detail, _override_id = _asked(ui_gate, start=Channel.YELLOW)
    page = _page(qtbot, ui_gate.session_for("supervisor1"))
    page.refuse_button.click()
    dialog = page.dialog
    assert not dialog.ok_button.isEnabled()
    dialog.on_ok()
    assert dialog.isVisible() and dialog.error.text() == (
        "Write why the lower channel is refused.")
    dialog.reason.setPlainText("Chưa kiểm tra niêm phong")
    with qtbot.waitSignal(page.sig_decided, timeout=10_000):
        dialog.ok_button.click()
    assert page.banner.text() == f"Refused: {detail.reference} stays in the yellow channel."
    assert _shown(ui_gate, detail.crossing_id) == (CrossingStatus.DOCUMENTS, Channel.YELLOW)


def test_a_decision_another_supervisor_made_first_is_refused_in_the_dialog(qtbot, ui_gate):
    detail, override_id = _asked(ui_gate)
    page = _page(qtbot, ui_gate.session_for("supervisor1"))
    page.approve_button.click()
    dialog = page.dialog
    # Meanwhile the crossing moves on: the checks run again.
    from borderdesk.services.checks import run_check

    run_check(ui_gate.db, ui_gate.actor_for("customs1"), detail.crossing_id)
    with qtbot.waitSignal(page.sig_loaded, timeout=10_000):
        dialog.ok_button.click()
    assert dialog.isVisible() and "moved on" in dialog.error.text()
    assert page.model.rowCount() == 0, "the request it can no longer approve left the list"
    assert _shown(ui_gate, detail.crossing_id)[1] is Channel.RED
    assert override_id is not None


def test_the_officer_who_asked_is_not_offered_the_decision(qtbot, ui_gate):
    _asked(ui_gate)
    runner = TaskRunner()
    ui_gate.runners.append(runner)
    himself = replace(ui_gate.actor_for("customs1"), role=Role.SUPERVISOR)
    page = _page(qtbot, UiSession(ui_gate.db, ui_gate.settings, ui_gate.workstation,
                                  himself, runner))
    assert page.model.rowCount() == 1
    assert not page.approve_button.isEnabled() and not page.refuse_button.isEnabled()
    assert page.own.isVisible()


def test_the_check_panel_says_a_lower_channel_waits(qtbot, ui_gate):
    detail, _override_id = _asked(ui_gate)
    panel = CheckPanel(ui_gate.session_for("customs1"), detail.crossing_id)
    qtbot.addWidget(panel)
    panel.resize(1024, 700)
    with qtbot.waitSignal(panel.sig_loaded, timeout=10_000):
        panel.show()
    assert panel.badge_channel() is Channel.RED
    assert panel.request_label.isVisible()
    assert panel.request_label.text() == (
        "Lowering to green awaits a supervisor (asked by Phạm Thị Hải: Niêm phong nguyên vẹn, "
        "giấy tờ khớp).")
    # Asking for yellow instead replaces the request; the badge stays red.
    with qtbot.waitSignal(panel.sig_overridden, timeout=10_000):
        panel.override(Channel.YELLOW, "Chỉ kiểm tra hồ sơ")
    assert panel.badge_channel() is Channel.RED
    assert "Lowering to yellow awaits a supervisor" in panel.request_label.text()


@pytest.mark.parametrize("size", [(1024, 768), (1920, 1080)])
def test_the_inbox_renders_at_booth_and_office_sizes(qtbot, ui_gate, size, tmp_path):
    for n, (plate, start, to) in enumerate((("74C-123.45", Channel.RED, Channel.GREEN),
                                            ("29H-555.01", Channel.YELLOW, Channel.GREEN),
                                            ("51D-777.88", Channel.RED, Channel.YELLOW))):
        _asked(ui_gate, plate, start, to, reason=f"Lý do {n + 1}: hồ sơ đầy đủ, niêm phong tốt "
                                                 "và hàng hoá khớp với tờ khai")
    page = _page(qtbot, ui_gate.session_for("supervisor1"), size)
    assert page.model.rowCount() == 3
    qtbot.wait(50)  # the layout settles once the rows are in
    shot = page.grab()
    assert shot.save(str(tmp_path / f"approvals-{size[0]}x{size[1]}.png"))
    assert (shot.width(), shot.height()) == size
    # Every button fits: nothing is cut off the right edge at the booth's screen.
    for button in (page.approve_button, page.refuse_button, page.refresh_button):
        right = button.mapTo(page, button.rect().topRight()).x()
        assert button.isVisible() and right <= page.width(), (button.text(), right)
