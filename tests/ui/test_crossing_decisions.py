"""Releasing a hold and cancelling a crossing from its window: shown to whom may, with a reason."""

from __future__ import annotations

from decimal import Decimal

from lifecycle_kit import checked
from PySide6.QtCore import Qt

from borderdesk.domain.crossing import Channel, CrossingStatus
from borderdesk.domain.custody import SeizedLine, SeizureForm
from borderdesk.domain.officer import Role
from borderdesk.services import crossings, seizures
from borderdesk.ui.crossing.crossing_window import CrossingWindow
from tests.services.gate_kit import arrival


def _held(ui_gate):  # type: ignore[no-untyped-def]
    detail = crossings.register_arrival(ui_gate.db, ui_gate.actor_for(Role.BORDER_GUARD),
                                        arrival())
    customs = ui_gate.actor_for(Role.CUSTOMS_OFFICER)
    checked(ui_gate.db, customs, detail.crossing_id, Channel.RED)
    seizures.record_seizure(ui_gate.db, customs, SeizureForm(
        crossing_id=detail.crossing_id, reason="Hàng giả", storage_location="Kho 2",
        lines=(SeizedLine("Sữa bột giả", Decimal(40), "TIN"),)))
    return detail


def _window(qtbot, ui_gate, role: Role, crossing_id):  # type: ignore[no-untyped-def]
    window = CrossingWindow(ui_gate.session_for(role), crossing_id)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.overview.detail is not None, timeout=10000)
    return window


def test_only_the_supervisor_is_offered_the_release_of_a_held_crossing(qtbot, ui_gate) -> None:
    detail = _held(ui_gate)
    customs = _window(qtbot, ui_gate, Role.CUSTOMS_OFFICER, detail.crossing_id)
    supervisor = _window(qtbot, ui_gate, Role.SUPERVISOR, detail.crossing_id)
    qtbot.waitUntil(supervisor.decisions.release_button.isVisible, timeout=10000)
    assert not supervisor.decisions.cancel_button.isVisible(), "a held crossing is not cancelled"
    qtbot.wait(300)
    assert not customs.decisions.release_button.isVisible()
    assert not customs.decisions.cancel_button.isVisible()

    supervisor.decisions.release_button.click()
    dialog = supervisor.decisions.dialog
    assert dialog is not None and not dialog.ok_button.isEnabled(), "no release without a reason"
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert crossings.get_crossing(ui_gate.db, ui_gate.actor_for(Role.SUPERVISOR),
                                  detail.crossing_id).status is CrossingStatus.HELD
    dialog.reason.setPlainText("Hàng vi phạm đã giao công an; xe được đi")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: supervisor.overview.detail is not None
                    and supervisor.overview.detail.status is CrossingStatus.RELEASED,
                    timeout=10000)
    qtbot.waitUntil(lambda: not supervisor.decisions.release_button.isVisible(), timeout=10000)


def test_a_release_refused_because_another_workstation_acted_keeps_the_reason(
    qtbot, ui_gate,
) -> None:
    detail = _held(ui_gate)
    supervisor = _window(qtbot, ui_gate, Role.SUPERVISOR, detail.crossing_id)
    qtbot.waitUntil(supervisor.decisions.release_button.isVisible, timeout=10000)
    supervisor.decisions.release_button.click()
    dialog = supervisor.decisions.dialog
    # Meanwhile the police seize more goods from the same truck at another workstation.
    seizures.record_seizure(ui_gate.db, ui_gate.actor_for(Role.POLICE_OFFICER), SeizureForm(
        crossing_id=detail.crossing_id, reason="Thêm hàng cấm", storage_location="Kho 3",
        lines=(SeizedLine("Pháo", Decimal(5), "CTN"),)))
    dialog.reason.setPlainText("Đã giao hàng")
    dialog.ok_button.click()
    qtbot.waitUntil(dialog.error.isVisible, timeout=10000)
    police = ui_gate.actor_for(Role.POLICE_OFFICER).full_name
    assert f"{police} changed this crossing first" in dialog.error.text()
    assert dialog.isVisible() and dialog.reason_text() == "Đã giao hàng"
    assert crossings.get_crossing(ui_gate.db, ui_gate.actor_for(Role.SUPERVISOR),
                                  detail.crossing_id).status is CrossingStatus.HELD


def test_customs_cancels_an_arrival_registered_by_mistake(qtbot, ui_gate) -> None:
    detail = crossings.register_arrival(ui_gate.db, ui_gate.actor_for(Role.BORDER_GUARD),
                                        arrival())
    guard = _window(qtbot, ui_gate, Role.BORDER_GUARD, detail.crossing_id)
    customs = _window(qtbot, ui_gate, Role.CUSTOMS_OFFICER, detail.crossing_id)
    qtbot.waitUntil(customs.decisions.cancel_button.isVisible, timeout=10000)
    qtbot.wait(300)
    assert not guard.decisions.isVisible()
    customs.decisions.cancel_button.click()
    dialog = customs.decisions.dialog
    dialog.reason.setPlainText("Đăng ký trùng")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: customs.overview.detail is not None
                    and customs.overview.detail.status is CrossingStatus.CANCELLED,
                    timeout=10000)


def test_a_newer_check_is_shown_beside_the_override_that_stays_in_force(qtbot, ui_gate) -> None:
    from borderdesk.services.checks import run_check
    from borderdesk.services.overrides import override_channel
    from borderdesk.ui.crossing.check_panel import CheckPanel

    detail = crossings.register_arrival(ui_gate.db, ui_gate.actor_for(Role.BORDER_GUARD),
                                        arrival())
    customs = ui_gate.actor_for(Role.CUSTOMS_OFFICER)
    checked(ui_gate.db, customs, detail.crossing_id)
    override_channel(ui_gate.db, customs, detail.crossing_id, Channel.RED, "tin báo đường dây nóng")
    run_check(ui_gate.db, customs, detail.crossing_id)
    panel = CheckPanel(ui_gate.session_for(Role.CUSTOMS_OFFICER), detail.crossing_id)
    qtbot.addWidget(panel)
    panel.show()
    with qtbot.waitSignal(panel.sig_loaded, timeout=10000):
        panel.reload()
    assert panel.override_label.isVisible()
    assert panel.override_label.text() == (
        f"The override to red by {customs.full_name} stays in force (tin báo đường dây nóng); "
        "these newer checks chose green.")
