"""Cells whose text does not stay where the grid says: overflowing, wrapped, centred.

A figure too wide for its cell runs into the next cell's text and comes out
of a PDF's text layer as one word; a grid that centres its cells vertically
prints a wrapped description above and below its line's figures; a long
company name in a spreadsheet cell is one value however long it is.
"""

from __future__ import annotations

import io
from decimal import Decimal

from table_pages import HEIGHT, PITCH, Page, layout, read

from borderdesk.ocr.layout import OcrWord, Ruling
from borderdesk.ocr.manifest_file import read_manifest_file

NOTE = layout([100, 560, 200, 160, 220, 240, 300, 220],
              ["centre", "left", "centre", "right", "centre", "right", "right", "centre"])
LABELS = ("STT", "Tên hàng", "Mã HS", "Số lượng", "ĐVT", "Cả bì (kg)", "Trị giá (VND)",
          "Xuất xứ")


def test_a_figure_running_into_the_next_two_cells_is_cut_at_each_border() -> None:
    p = Page(NOTE)
    p.row(*LABELS)
    p.row("1", "Nồi cơm điện", "8516.60", "2.613", "chiếc", "9.225,8", "1.294.218.900", "LÀO")
    # Gross weight, value and origin printed too tight: the text layer gives one word.
    text = "16.527,42.300.668.500,00CAMPUCHIA"
    left = NOTE[5][0] + NOTE[5][1] - 18 * len("16.527,4")  # each text about as wide as its cell
    p.words.append(OcrWord(text, 1.0, left, p.y, 18 * len(text), HEIGHT))
    p.row("2", "Nồi cơm điện", "8516.60", "4.645", "chiếc")
    m = read(p)
    second = m.lines[1]
    assert (second.gross_weight_kg, second.value, second.origin_country) == (
        Decimal("16527.4"), Decimal(2300668500), "KH")


def test_a_description_wrapped_around_a_vertically_centred_line_stays_on_it() -> None:
    p = Page(NOTE)
    p.row(*LABELS)
    rules = [p.y - 15]
    p.row("1", "Dầu gội đầu, chai 650 ml", "3305.10", "5", "chai", "3,7", "355.600", "CN")
    rules.append(p.y - 15)
    # One grid cell of three printed lines: the figures centred between the description's two.
    p.put(NOTE[1][0] + 12, "Cao su thiên nhiên tờ xông")
    p.y += PITCH // 2
    p.row("2", "", "4001.21", "30", "tấn", "31.628,7", "1.257.300.000", "LA")
    p.y -= PITCH // 2
    p.put(NOTE[1][0] + 12, "khói")
    p.y += PITCH
    rules.append(p.y - 15)
    p.row("3", "Bún gạo khô", "1902.30", "27", "thùng", "288,1", "9.944.100", "KR")
    rules.append(p.y - 15)
    right = NOTE[-1][0] + NOTE[-1][1]
    ruling = Ruling(0, tuple((left, rules[0] - 80, rules[-1]) for left, _, _ in NOTE),
                    tuple((y, NOTE[0][0], right) for y in rules))
    m = read(p, (ruling,))
    assert [line.description for line in m.lines] == [
        "Dầu gội đầu, chai 650 ml", "Cao su thiên nhiên tờ xông khói", "Bún gạo khô"]
    # Without the rules there is no telling which line the first part belongs to.
    unruled = read(p)
    assert unruled.lines[0].description != "Dầu gội đầu, chai 650 ml"


def test_a_long_name_in_a_spreadsheet_cell_is_read_whole() -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    name = "Công ty TNHH Thương mại Xuất nhập khẩu Tân Thanh Lạng Sơn"  # 56 characters
    sheet.append(["Consignor:", name])
    sheet.append([])
    sheet.append(["No", "Description", "HS Code", "Quantity", "Unit", "Gross weight", "Value",
                  "Currency"])
    sheet.append([1, "Gạo tẻ hạt dài", "100630", 15, "TNE", 15194.17, 8250.75, "USD"])
    out = io.BytesIO()
    book.save(out)
    m = read_manifest_file(out.getvalue(), "list.xlsx").manifest
    assert m.consignor == name
    assert m.lines[0].gross_weight_kg == Decimal("15194.17")
