"""The crossing queue: what a supervisor or a guard sees of the day's trucks."""

from __future__ import annotations

import dataclasses

import pytest
from lifecycle_kit import checked
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from borderdesk.domain.crossing import (
    ArrivalForm,
    Channel,
    ContainerEntry,
    CrossingStatus,
    Direction,
)
from borderdesk.domain.officer import Role
from borderdesk.services import crossings
from borderdesk.ui.models import queue_model
from borderdesk.ui.models.queue_model import Column, QueueModel
from borderdesk.ui.pages.queue_page import QueuePage
from tests.services.gate_kit import earlier_today

# Qt's offscreen platform cannot resize or raise windows, and says so: not ours.
pytestmark = pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints|raise)\(\)"
)


def register(gate, plate, *, direction=Direction.IMPORT, containers=(), minutes_ago=5,
             who="guard1", trailer="", driver="Nguyễn Văn Tài", carrier=""):
    """Register an arrival straight through the service, as another workstation would."""
    form = ArrivalForm(
        direction=direction, lane="2", tractor_plate=plate,
        arrived_at=earlier_today(minutes_ago, gate.workstation.gate_timezone),
        trailer_plate=trailer, driver_name=driver, driver_document_no="038012345678",
        carrier_name=carrier,
        containers=tuple(ContainerEntry(c, ("A123456",)) for c in containers),
    )
    return crossings.register_arrival(gate.db, gate.actor_for(who), form)


def make_page(qtbot, gate, who="guard1", **settings):
    session = gate.session_for(who)
    if settings:
        session.settings = dataclasses.replace(session.settings, **settings)
    page = QueuePage(session)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    wait_loaded(qtbot, page)
    return page


def wait_loaded(qtbot, page):
    failures = []
    page.model.sig_failed.connect(failures.append)
    qtbot.waitUntil(
        lambda: failures or (page.model.marker is not None and not page.model.loading)
    )
    page.model.sig_failed.disconnect(failures.append)
    assert not failures, failures[0]


def plates(page):
    return [page.model.row_at(r).tractor_plate for r in range(page.model.rowCount())]


@pytest.fixture
def day(ui_gate):
    """Four crossings of today: two imports, an export, a transit; one moved on by customs."""
    first = register(ui_gate, "74C-123.45", containers=("CSQU3054383",), minutes_ago=40)
    register(ui_gate, "29C-888.01", direction=Direction.EXPORT, containers=("TCNU7200794",),
             minutes_ago=30)
    register(ui_gate, "15C-456.78", minutes_ago=20)
    register(ui_gate, "74C-999.11", direction=Direction.TRANSIT, minutes_ago=10)
    checked(ui_gate.db, ui_gate.actor_for(Role.CUSTOMS_OFFICER), first.crossing_id,
            Channel.YELLOW)
    return ui_gate


def test_queue_model_passes_the_model_tester(qtbot, qtmodeltester, day):
    model = QueueModel(day.session_for("guard1"))
    with qtbot.waitSignal(model.sig_loaded):
        model.reload()
    assert model.rowCount() == 4
    qtmodeltester.check(model, force_py=True)
    with qtbot.waitSignal(model.sig_loaded):
        model.sort(Column.TRACTOR_PLATE, Qt.SortOrder.AscendingOrder)
    assert [model.row_at(r).tractor_plate for r in range(4)] == [
        "15C-456.78", "29C-888.01", "74C-123.45", "74C-999.11"
    ]


def test_queue_shows_the_crossings_of_the_day_with_counts(qtbot, day):
    page = make_page(qtbot, day)
    assert sorted(plates(page)) == ["15C-456.78", "29C-888.01", "74C-123.45", "74C-999.11"]
    counts = {status: n for status, n in page.status_counts.items() if n}
    assert counts == {CrossingStatus.ARRIVED: 3, CrossingStatus.DOCUMENTS: 1}
    assert page.chips[CrossingStatus.ARRIVED].text().endswith("3")
    assert page.chips[CrossingStatus.DOCUMENTS].text().endswith("1")
    row = page.model.row_of(next(
        page.model.row_at(r).crossing_id for r in range(4)
        if page.model.row_at(r).tractor_plate == "74C-123.45"
    ))
    channel = page.model.index(row, Column.CHANNEL)
    assert channel.data() == "Yellow"
    assert channel.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert page.model.index(row, Column.REGISTERED_BY).data() == "Lê Văn Biên"


def test_filtering_by_status_and_direction_reduces_rows(qtbot, day):
    page = make_page(qtbot, day)
    page.status_combo.setCurrentIndex(page.status_combo.findData(CrossingStatus.DOCUMENTS))
    wait_loaded(qtbot, page)
    assert plates(page) == ["74C-123.45"]

    page.status_combo.setCurrentIndex(0)
    page.direction_combo.setCurrentIndex(page.direction_combo.findData(Direction.IMPORT))
    wait_loaded(qtbot, page)
    assert sorted(plates(page)) == ["15C-456.78", "74C-123.45"]
    assert sum(page.status_counts.values()) == 2

    page.direction_combo.setCurrentIndex(page.direction_combo.findData(Direction.EXPORT))
    page.status_combo.setCurrentIndex(page.status_combo.findData(CrossingStatus.RELEASED))
    wait_loaded(qtbot, page)
    assert page.model.rowCount() == 0
    assert page.stack.currentWidget() is page.empty_label


def test_search_by_plate_prefix_and_by_container(qtbot, day):
    page = make_page(qtbot, day)
    qtbot.keyClicks(page.search_edit, "74C")
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Return)
    wait_loaded(qtbot, page)
    assert sorted(plates(page)) == ["74C-123.45", "74C-999.11"]

    page.search_edit.clear()
    qtbot.keyClicks(page.search_edit, "TCNU7200794")
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Return)
    wait_loaded(qtbot, page)
    assert plates(page) == ["29C-888.01"]


def test_clicking_the_plate_header_sorts_by_plate(qtbot, day):
    page = make_page(qtbot, day)
    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(Column.TRACTOR_PLATE) + 10
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    wait_loaded(qtbot, page)
    shown = plates(page)
    assert shown in (sorted(shown), sorted(shown, reverse=True))
    first = shown
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    wait_loaded(qtbot, page)
    assert plates(page) == list(reversed(first))


def test_a_column_the_service_cannot_sort_keeps_the_order(qtbot, day):
    page = make_page(qtbot, day)
    before = plates(page)
    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(Column.DRIVER) + 10
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert header.sortIndicatorSection() == Column.ARRIVED_AT
    assert plates(page) == before


def test_more_rows_are_fetched_page_by_page(qtbot, ui_gate, monkeypatch):
    monkeypatch.setattr(queue_model, "PAGE_SIZE", 3)
    offsets = []
    query = crossings.query_queue

    def spy(db, actor, queue_filter, offset=0, limit=100):
        offsets.append(offset)
        return query(db, actor, queue_filter, offset, limit)

    monkeypatch.setattr(crossings, "query_queue", spy)
    for n in range(7):
        register(ui_gate, f"74C-100.{n:02d}", minutes_ago=60 - n)
    page = make_page(qtbot, ui_gate)
    # The table asks for more rows while it has room to show them.
    qtbot.waitUntil(lambda: page.model.rowCount() == 7 and not page.model.loading)
    assert offsets == [0, 3, 6]
    assert len(set(plates(page))) == 7
    assert not page.model.canFetchMore()


def test_a_crossing_added_at_another_workstation_appears(qtbot, day):
    page = make_page(qtbot, day, queue_refresh_seconds=1)
    selected = page.model.row_at(0).crossing_id
    page.table.selectRow(0)
    register(day, "74C-777.77", who="guard1", minutes_ago=1)
    qtbot.waitUntil(lambda: "74C-777.77" in plates(page), timeout=5000)
    assert page.selected_crossing() == selected
    assert sum(page.status_counts.values()) == 5


def test_enter_on_a_row_opens_its_crossing(qtbot, day):
    page = make_page(qtbot, day)
    page.table.setFocus()
    page.table.selectRow(0)
    wanted = page.model.row_at(0).crossing_id
    with qtbot.waitSignal(page.sig_crossing_opened) as opened:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened.args == [wanted]
    view = page._views[wanted]
    qtbot.waitUntil(lambda: view.overview.detail is not None)
    assert view.isVisible()
    assert view.overview.detail.reference == page.model.row_at(0).reference
    view.close()
    QApplication.processEvents()


def test_an_empty_day_says_nothing_matches(qtbot, ui_gate):
    page = make_page(qtbot, ui_gate)
    assert page.stack.currentWidget() is page.empty_label
    assert "No crossing matches" in page.empty_label.text()
    with qtbot.waitSignal(page.model.headerDataChanged):
        page.retranslate_ui()
