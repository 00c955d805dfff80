"""What an officer would see cut off on a small screen, found in a rendered window.

Three kinds of misfit, each read from the real widgets after layout:

- a label's or a button's text wider (or, wrapped, taller) than the widget shows,
  and not elided on purpose;
- two visible widgets of one layout drawn over each other (a layout squeezed
  below its minimum);
- a column the page names as essential out of its table's view without
  scrolling sideways.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QLabel,
    QLayout,
    QPushButton,
    QRadioButton,
    QStyle,
    QStyleOptionButton,
    QStyleOptionComboBox,
    QTabBar,
    QTableView,
    QToolButton,
    QWidget,
)

if TYPE_CHECKING:
    from uuid import UUID

    from borderdesk.domain.officer import Actor
    from borderdesk.storage.engine import Database

SLACK = 1
"""Pixels of rounding a text may exceed its room by without being cut visibly."""


@dataclass(frozen=True)
class Misfit:
    """One thing cut off or overlapping, said so a failing test names it."""

    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what}"


def describe(widget: QWidget) -> str:
    """A widget named by its object name or class, the window it is in, and its text."""
    name = widget.objectName() or type(widget).__name__
    text = ""
    if isinstance(widget, QLabel | QAbstractButton):
        text = f" {widget.text()[:60]!r}"
    elif isinstance(widget, QComboBox):
        text = f" {widget.currentText()[:60]!r}"
    return f"{type(widget.window()).__name__}/{name}{text}"


def _shown(widget: QWidget, top: QWidget) -> bool:
    return widget.isVisibleTo(top) and widget.width() > 0 and widget.height() > 0


def _clipped_by_scroll_area(widget: QWidget) -> bool:
    """Whether the widget sits inside a scroll area (its room is the scrolled content)."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea) and not isinstance(parent, QTableView):
            return True
        parent = parent.parentWidget()
    return False


def _mnemonic_free(text: str) -> str:
    # "&&" is a literal ampersand, a lone "&" marks the shortcut and is not drawn.
    return re.sub(r"&(.)", r"\1", text)


def _plain(label: QLabel) -> str:
    text = label.text()
    if label.buddy() is not None:
        text = _mnemonic_free(text)
    if label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(text)
    ):
        document = QTextDocument()
        document.setHtml(text)
        return document.toPlainText()
    return text


def label_misfit(label: QLabel) -> str | None:
    """Why the label's text does not fit it, or None (a label that elides is never cut)."""
    if label.property("elided"):
        return None
    text = _plain(label)
    if not text.strip() or (label.pixmap() is not None and not label.pixmap().isNull()):
        return None
    room = label.contentsRect()
    indent = max(label.indent(), 0) if label.indent() > 0 else 0
    width = room.width() - 2 * max(label.margin(), 0) - indent
    height = room.height() - 2 * max(label.margin(), 0)
    metrics = label.fontMetrics()
    if label.wordWrap():
        needed = metrics.boundingRect(QRect(0, 0, max(width, 1), 100_000),
                                      int(Qt.TextFlag.TextWordWrap), text)
        if needed.height() > height + SLACK:
            return f"wrapped text needs {needed.height()} px of height, has {height}"
        if needed.width() > width + SLACK:
            return f"an unbreakable word needs {needed.width()} px, has {width}"
        return None
    lines = text.split("\n")
    widest = max(metrics.horizontalAdvance(line) for line in lines)
    if widest > width + SLACK:
        return f"text needs {widest} px, has {width}"
    tall = metrics.lineSpacing() * (len(lines) - 1) + metrics.height()
    if tall > height + SLACK:
        return f"{len(lines)} lines need {tall} px of height, has {height}"
    return None


def button_misfit(button: QAbstractButton) -> str | None:
    """Why the button's text (and icon) does not fit it, or None."""
    text = _mnemonic_free(button.text())
    if not text.strip() or (isinstance(button, QToolButton) and button.toolButtonStyle() == (
        Qt.ToolButtonStyle.ToolButtonIconOnly
    )):
        return None
    option = QStyleOptionButton()
    option.initFrom(button)
    option.text = button.text()
    option.icon = button.icon()
    option.iconSize = button.iconSize()
    style = button.style()
    element = {
        QPushButton: QStyle.SubElement.SE_PushButtonContents,
        QCheckBox: QStyle.SubElement.SE_CheckBoxContents,
        QRadioButton: QStyle.SubElement.SE_RadioButtonContents,
    }
    room = button.contentsRect()
    for kind, sub in element.items():
        if isinstance(button, kind):
            room = style.subElementRect(sub, option, button)
            break
    width = room.width()
    if isinstance(button, QPushButton):
        width -= 2 * style.pixelMetric(QStyle.PixelMetric.PM_ButtonMargin, option, button) // 2
    needed = button.fontMetrics().horizontalAdvance(text)
    if not button.icon().isNull():
        needed += button.iconSize().width() + 4
    if needed > width + SLACK:
        return f"text needs {needed} px, has {width}"
    return None


def field_misfit(field: QWidget) -> str | None:
    """Why the value a combo or a date box shows is cut ("07/12/2"), or None."""
    if isinstance(field, QComboBox):
        text = field.currentText()
        option = QStyleOptionComboBox()
        field.initStyleOption(option)
        room = field.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                            QStyle.SubControl.SC_ComboBoxEditField, field)
        width = room.width() - (4 if field.isEditable() else 0)
    elif isinstance(field, QAbstractSpinBox):
        text = field.text()
        edit = field.lineEdit()
        width = edit.contentsRect().width() - 4 if edit is not None else field.width()
    else:
        return None
    needed = field.fontMetrics().horizontalAdvance(text)
    if text.strip() and needed > width + SLACK:
        return f"shows {text[:60]!r} in {width} px, needs {needed}"
    return None


def text_misfits(top: QWidget) -> Iterator[Misfit]:
    """Labels and buttons of ``top`` whose text is cut."""
    for widget in top.findChildren(QWidget):
        if not _shown(widget, top) or isinstance(widget, QTabBar):
            continue
        if isinstance(widget, QLabel):
            why = label_misfit(widget)
        elif isinstance(widget, QComboBox | QAbstractSpinBox):
            why = field_misfit(widget)
        elif isinstance(widget, QAbstractButton) and widget.parentWidget() is not None and not (
            isinstance(widget.parentWidget(), QTabBar)
        ):
            why = button_misfit(widget)
        else:
            continue
        if why and not (_clipped_by_scroll_area(widget) and "height" in why):
            yield Misfit(describe(widget), why)


def _layout_widgets(layout: QLayout) -> Iterator[QWidget]:
    for index in range(layout.count()):
        item = layout.itemAt(index)
        if item is None:
            continue
        widget, inner = item.widget(), item.layout()
        if widget is not None:
            yield widget
        elif inner is not None:
            yield from _layout_widgets(inner)


def overlaps(top: QWidget) -> Iterator[Misfit]:
    """Visible siblings laid out by one widget's layout that are drawn over each other."""
    for parent in [top, *top.findChildren(QWidget)]:
        layout = parent.layout()
        if layout is None or (not _shown(parent, top) and parent is not top):
            continue
        shown = [w for w in _layout_widgets(layout) if _shown(w, top)]
        for index, first in enumerate(shown):
            for second in shown[index + 1:]:
                common = first.geometry().intersected(second.geometry())
                if common.width() > SLACK and common.height() > SLACK:
                    yield Misfit(describe(parent),
                                 f"{describe(first)} and {describe(second)} overlap by "
                                 f"{common.width()}x{common.height()} px")


def hidden_columns(table: QTableView, essential: Iterable[int]) -> Iterator[Misfit]:
    """Essential columns of ``table`` that are not wholly in view with no sideways scroll."""
    header = table.horizontalHeader()
    room = table.viewport().width()
    model = table.model()
    for column in essential:
        name = model.headerData(column, Qt.Orientation.Horizontal) if model else column
        if header.isSectionHidden(column):
            yield Misfit(describe(table), f"essential column {name!r} is hidden")
            continue
        # Where the column starts with the table scrolled fully to the left.
        start = header.sectionPosition(column)
        if start + header.sectionSize(column) > room + SLACK:
            yield Misfit(describe(table),
                         f"essential column {name!r} ends at {start + header.sectionSize(column)}"
                         f" px, the table shows {room}")
        yield from _cut_cells(table, column, name)


CELL_PADDING = 8
"""What a table cell keeps around its text (the style's margins and the focus frame)."""


def _cut_cells(table: QTableView, column: int, name: object) -> Iterator[Misfit]:
    """Cells of an essential column whose text the table elides ("22 h 17 min — ov…")."""
    model, metrics = table.model(), table.fontMetrics()
    if table.wordWrap():
        return
    width = table.horizontalHeader().sectionSize(column)
    for row in range(model.rowCount()):
        text = str(model.data(model.index(row, column)) or "")
        needed = metrics.horizontalAdvance(text) + CELL_PADDING
        if needed > width + SLACK:
            yield Misfit(describe(table), f"column {name!r} row {row}: {text!r} needs "
                                          f"{needed} px, has {width}")
            return


def oversize(top: QWidget, width: int, height: int) -> Iterator[Misfit]:
    """The window asks for more room than the screen has (it would grow past its edge)."""
    needed = top.minimumSizeHint().expandedTo(top.minimumSize())
    if needed.width() > width or needed.height() > height:
        yield Misfit(describe(top), f"needs at least {needed.width()}x{needed.height()} px,"
                                    f" the screen has {width}x{height}")
    if top.width() > width or top.height() > height:
        yield Misfit(describe(top), f"is {top.width()}x{top.height()} px,"
                                    f" the screen has {width}x{height}")


def past_edges(top: QWidget) -> Iterator[Misfit]:
    """Visible widgets that reach past their parent's edge, where nothing draws them."""
    for widget in top.findChildren(QWidget):
        parent = widget.parentWidget()
        if (parent is None or widget.isWindow() or not _shown(widget, top)
                or isinstance(parent.parentWidget(), QAbstractScrollArea)
                or isinstance(parent, QAbstractScrollArea | QTabBar)):
            continue
        inside = parent.rect().intersected(widget.geometry())
        if (widget.geometry().width() - inside.width() > SLACK
                or widget.geometry().height() - inside.height() > SLACK):
            yield Misfit(describe(widget), f"reaches past the edge of {describe(parent)}")


def misfits(top: QWidget) -> list[Misfit]:
    """Every cut text, every overlap and every widget past its parent's edge in ``top``."""
    return [*text_misfits(top), *overlaps(top), *past_edges(top)]


PLATE, CONTAINER, SEAL = "74C-385.21", "CSQU3054383", "VN2611842"
GOODS = (
    ("190110", "Sữa bột trẻ em, hộp 800 g / Infant milk formula, 800 g tins", 1200, "TIN",
     1100, 24000),
    ("090111", "Cà phê nhân chưa rang, bao 60 kg / Green coffee beans", 300, "BAG", 18150, 61200),
    ("440729", "Gỗ xẻ, gỗ dầu, dày 5 cm / Sawn dipterocarp timber", 42, "MTQ", 30500, 25200),
    ("100630", "Gạo tẻ hạt dài đã xát / Long-grain milled rice", 800, "BAG", 40200, 19200),
    ("071410", "Sắn lát khô / Dried cassava chips", 500, "BAG", 25100, 9000),
    ("252329", "Xi măng Portland / Portland cement", 1000, "BAG", 50400, 6200),
)


def declared_crossing(db: Database, guard: Actor, customs: Actor) -> UUID:
    """A red crossing with a Lao certificate of origin, six goods lines and several findings.

    The manifest differs from the declaration as a real one does: a quantity, a weight, an
    HS code, and a line nobody declared. Returns the crossing id.
    """
    from dataclasses import replace
    from datetime import UTC, date, datetime
    from decimal import Decimal

    from borderdesk.domain.crossing import ArrivalForm, ContainerEntry, Direction
    from borderdesk.domain.declaration import (
        Declaration,
        DeclarationLine,
        DeclaredVehicle,
        OriginCertificate,
        Trader,
    )
    from borderdesk.domain.manifest import Manifest, ManifestLine
    from borderdesk.services import checks, crossings, manifests

    form = ArrivalForm(direction=Direction.IMPORT, lane="2", tractor_plate=PLATE,
                       arrived_at=datetime.now(UTC), driver_name="Hồ Văn Lực",
                       driver_document_no="045089001234",
                       containers=(ContainerEntry(CONTAINER, (SEAL,)),))
    crossing_id = crossings.register_arrival(db, guard, form).crossing_id
    lines = tuple(
        DeclarationLine(n, hs, text, Decimal(quantity), unit, Decimal(weight), Decimal(value),
                        "USD", "LA", "ATIGA")
        for n, (hs, text, quantity, unit, weight, value) in enumerate(GOODS, start=1))
    checks.save_declaration(db, customs, crossing_id, Declaration(
        "105123456789", "import", datetime.now(UTC),
        Trader("Công ty TNHH Xuất nhập khẩu Nông sản Quảng Trị", "3200123456"),
        DeclaredVehicle(PLATE, CONTAINER, SEAL),
        OriginCertificate("D", "LA-2026-000123", date(2026, 11, 18), "LA"), lines))
    changed: dict[int, dict[str, Any]] = {
        2: {"quantity": Decimal(360)}, 3: {"hs_code": "440399"},
        4: {"gross_weight_kg": Decimal(46800)}}
    shipped = [replace(ManifestLine(d.line_no, d.description, d.hs_code, d.quantity, d.unit,
                                    d.gross_weight_kg, d.value, d.currency, d.origin_country),
                       **changed.get(d.line_no, {})) for d in lines]
    shipped.append(ManifestLine(7, "Thuốc lá điếu / Cigarettes", "240220", Decimal(50), "CTN",
                                Decimal(600), Decimal(5000), "USD", "LA"))
    manifests.save_manifest(db, customs, crossing_id, Manifest(
        document_no="INV-2026-118", date=date(2026, 11, 19),
        consignor="Lao Agro Export Co., Ltd.",
        consignee="Công ty TNHH Xuất nhập khẩu Nông sản Quảng Trị",
        vehicle_plate=PLATE, container_no=CONTAINER, seal_no=SEAL, lines=tuple(shipped)))
    checks.run_check(db, customs, crossing_id)
    return crossing_id
