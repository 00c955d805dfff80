"""RowsModel, the one table model under every table: what a column says is what the officer sees,
a reload keeps the chosen record chosen, headers follow the language, an edit that is not a
value is refused."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from decimal import Decimal
from uuid import uuid4
from zoneinfo import ZoneInfo

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QTableView

from borderdesk import i18n
from borderdesk.domain.crossing import Channel
from borderdesk.domain.custody import Agency, ChainProblem, ChainProblemKind, CustodySpan
from borderdesk.domain.offline import ConflictColumn, QueuedSaveView, QueuedState
from borderdesk.i18n import N_
from borderdesk.services.overrides import PendingOverride
from borderdesk.ui.models.approvals_model import ApprovalsModel
from borderdesk.ui.models.audit_models import ProblemsModel
from borderdesk.ui.models.handoff_models import TimelineModel
from borderdesk.ui.models.kept_choice import RECORD_KEY_ROLE, keep_choice
from borderdesk.ui.models.manifest_lines_model import parse_decimal
from borderdesk.ui.models.offline_models import ConflictModel, QueuedSavesModel
from borderdesk.ui.models.rows import RowsModel, TableColumn, bold_font

PLATE_ROLE = Qt.ItemDataRole.UserRole + 7


@dataclass(frozen=True)
class Truck:
    crossing: str
    plate: str
    quantity: Decimal
    trader: str = ""


def _quantity(truck: Truck, text: str) -> Truck:
    quantity = parse_decimal(text)
    if quantity is None:
        raise ValueError(text)
    return replace(truck, quantity=quantity)


class TrucksModel(RowsModel[Truck]):
    """A table as a page builds one: columns, a record key, a role of its own."""

    def __init__(self) -> None:
        super().__init__((
            TableColumn(N_("Reference"), lambda t: t.crossing, sort_key=lambda t: t.crossing),
            TableColumn(N_("Trader"), lambda t: t.trader, tooltip=lambda t: t.trader or None,
                        foreground=lambda t: "#8e1b1b" if not t.trader else None),
            TableColumn(N_("Quantity"), lambda t: str(t.quantity), edit=_quantity,
                        align=Qt.AlignmentFlag.AlignRight,
                        font=lambda t: bold_font() if t.quantity > 100 else None),
        ), key=lambda t: t.crossing)

    def cell_data(self, row: int, column: int, role: int) -> object:
        return self.rows[row].plate if role == PLATE_ROLE else None


TRUCKS = [
    Truck("LB-0001", "74C-111.11", Decimal(10), "Công ty ABC"),
    Truck("LB-0002", "74C-222.22", Decimal(200)),
    Truck("LB-0003", "74C-333.33", Decimal(30), "Công ty XYZ"),
]


def table(qtbot, model: TrucksModel) -> QTableView:
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    keep_choice(view)
    return view


def chosen(view: QTableView) -> list[str]:
    return [view.model().index(i.row(), 0).data() for i in view.selectionModel().selectedRows()]


def texts(model: TrucksModel, column: int) -> list[str]:
    return [model.index(row, column).data() for row in range(model.rowCount())]


def test_the_columns_say_what_each_cell_shows(qtbot, qtmodeltester):
    model = TrucksModel()
    model.set_rows(TRUCKS)

    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)] == [
        "Reference", "Trader", "Quantity"]
    assert texts(model, 0) == ["LB-0001", "LB-0002", "LB-0003"]
    assert model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole) == "Công ty ABC"
    assert model.index(1, 1).data(Qt.ItemDataRole.ToolTipRole) is None
    assert model.index(1, 1).data(Qt.ItemDataRole.ForegroundRole).color().name() == "#8e1b1b"
    assert model.index(0, 1).data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.index(0, 2).data(Qt.ItemDataRole.TextAlignmentRole) == int(
        Qt.AlignmentFlag.AlignRight)
    assert model.index(1, 2).data(Qt.ItemDataRole.FontRole).bold()
    assert model.index(0, 2).data(Qt.ItemDataRole.FontRole) is None
    assert model.index(2, 0).data(RECORD_KEY_ROLE) == "LB-0003"
    assert model.index(2, 1).data(PLATE_ROLE) == "74C-333.33"
    assert model.row_at(1).plate == "74C-222.22"
    assert model.row_of("LB-0003") == 2
    assert model.row_of("LB-9999") == -1
    qtmodeltester.check(model)


def test_rows_replaced_keep_the_chosen_record_chosen_by_its_key(qtbot):
    model = TrucksModel()
    view = table(qtbot, model)
    model.set_rows(TRUCKS)
    view.selectRow(1)
    assert chosen(view) == ["LB-0002"]

    # A reload: a new crossing at the top, the chosen one now on the third row.
    model.set_rows([Truck("LB-0004", "29A-444.44", Decimal(1)), *TRUCKS])
    assert chosen(view) == ["LB-0002"]
    assert view.selectionModel().currentIndex().row() == 2

    # The chosen crossing left the list: nothing stays chosen (no other record instead).
    model.set_rows([t for t in TRUCKS if t.crossing != "LB-0002"])
    assert chosen(view) == []


def test_rows_appended_below_keep_the_choice_and_sorting_follows_the_column(qtbot):
    model = TrucksModel()
    view = table(qtbot, model)
    model.set_rows(TRUCKS)
    view.selectRow(0)

    with qtbot.waitSignal(model.rowsInserted):
        model.append_rows([Truck("LB-0000", "51F-000.00", Decimal(5))])
    assert texts(model, 0) == ["LB-0001", "LB-0002", "LB-0003", "LB-0000"]
    assert chosen(view) == ["LB-0001"]

    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert texts(model, 0) == ["LB-0003", "LB-0002", "LB-0001", "LB-0000"]
    assert chosen(view) == ["LB-0001"]  # it moved with its record
    model.sort(1)  # no sort key: the trader column does not reorder anything
    assert texts(model, 0) == ["LB-0003", "LB-0002", "LB-0001", "LB-0000"]


def test_headers_and_texts_follow_a_language_switch(qtbot):
    model = TrucksModel()
    model.set_rows(TRUCKS)
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Reference"

    headers: list[tuple[Qt.Orientation, int, int]] = []
    model.headerDataChanged.connect(lambda *args: headers.append(args))
    i18n.set_language("vi")
    with qtbot.waitSignal(model.dataChanged):  # the views redraw the texts too
        model.retranslate()
    assert headers == [(Qt.Orientation.Horizontal, 0, 2)]  # every header, once
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)] == [
        "Mã lượt", "Doanh nghiệp", "Số lượng"]


def test_the_editable_hook_takes_a_number_and_refuses_what_is_not_one(qtbot):
    model = TrucksModel()
    model.set_rows(TRUCKS)
    quantity, reference = model.index(0, 2), model.index(0, 0)
    assert model.flags(quantity) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(reference) & Qt.ItemFlag.ItemIsEditable
    assert model.data(quantity, Qt.ItemDataRole.EditRole) == "10"

    changes: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda first, last: changes.append((first.row(), first.column())))
    assert not model.setData(quantity, "twelve")
    assert not model.setData(quantity, "")
    assert not model.setData(reference, "LB-9999")  # the reference is not the officer's to type
    assert not model.setData(QModelIndex(), "1")
    assert changes == []
    assert model.row_at(0) == TRUCKS[0]

    assert model.setData(quantity, "1.200,50")  # as a Vietnamese officer types it
    assert model.row_at(0).quantity == Decimal("1200.50")
    assert quantity.data() == "1200.50"
    assert changes == [(0, 2)]
    assert model.setData(quantity, "1200.50")  # the same value again: nothing to redraw
    assert changes == [(0, 2)]


def test_the_tables_no_page_test_checks_pass_the_model_tester(qtbot, qtmodeltester):
    at = datetime(2026, 12, 7, 8, 30, tzinfo=UTC)
    zone = ZoneInfo("Asia/Ho_Chi_Minh")
    approvals = ApprovalsModel(zone)
    approvals.set_rows([PendingOverride(
        uuid4(), uuid4(), "LB-0001", "74C-111.11", "Công ty ABC", Channel.RED, Channel.GREEN,
        "Nguyễn Văn An", "Hàng  đã\nkiểm tra", at, own=False)])
    assert approvals.index(0, 3).data() == "Red → Green"
    assert approvals.index(0, 5).data() == "Hàng đã kiểm tra"  # one line in the table
    saves = QueuedSavesModel(zone)
    saves.set_rows([QueuedSaveView(7, at, "crossing.registered", "Arrival registered",
                                   "crossing", "3f2a9c1e-0000", QueuedState.CONFLICT,
                                   uncertain=False, settled_at=None, conflict=None)])
    assert saves.index(0, 2).data() == "Crossing 3f2a9c1e"
    assert saves.index(0, 0).data(Qt.ItemDataRole.FontRole).bold()  # an open conflict
    conflict = ConflictModel()
    conflict.set_rows([ConflictColumn("plate", "74C-111.11", "74C-111.12", "74C-111.13")])
    assert conflict.index(0, 3).data(Qt.ItemDataRole.BackgroundRole) is not None
    timeline = TimelineModel(zone)
    timeline.set_rows([CustodySpan(Agency.CUSTOMS, "Trần Thị Bình", at, None, "goods", None)])
    assert timeline.index(0, 2).data() == "still holds it"
    problems = ProblemsModel()
    problems.set_rows([ChainProblem(uuid4(), "Booth 1", 12, ChainProblemKind.MISSING, None, "")])
    assert problems.index(0, 2).data() == "missing (deleted)"
    for model in (approvals, saves, conflict, timeline, problems):
        qtmodeltester.check(model)
