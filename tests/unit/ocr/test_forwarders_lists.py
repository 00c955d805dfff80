"""A forwarder's manifest and a numbered customs form: groups, counted packages, numbered fields.

A forwarder lists the goods of several invoices, each under a line naming
the invoice and closed by a subtotal whose first figure is the packages
count; the packages of a type ("664 CTN") are the quantity. A Vietnamese
form numbers its header fields and prints each label's translation in
brackets, the value on the line below; an exporter's invoice puts two
columns of label-over-value blocks side by side.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import numpy as np
from table_pages import Page, layout, read

from borderdesk.domain.manifest import CONFIDENT
from borderdesk.ocr.preprocess import dark_bands, invert_dark_bands

MANIFEST = layout([90, 190, 110, 100, 520, 220, 110, 200, 200, 190],
                  ["centre", "left", "right", "centre", "left", "centre", "centre", "right",
                   "right", "right"])


def test_a_forwarders_manifest_of_two_invoices_with_subtotals() -> None:
    p = Page(MANIFEST)
    p.row("LINE", "MARKS", "PKGS", "TYPE", "DESCRIPTION OF CARGO", "TARIFF", "ORIG.",
          "GROSS KG", "VALUE", "CUR.")
    p.free(290, "Invoice UDT-INV-26-7350 of 27 APR 2026")
    p.row("1", "MLF/0401", "664", "CTN", "PLASTIC KITCHENWARE", "3924.10.10", "TH",
          "4,365.620", "7,304.00", "USD")
    p.row("2", "MLF/0402", "273", "CTN", "DRIED LONGAN FLESH", "0813.40", "TH", "2,785.760",
          "13,104.00", "USD")
    p.row("", "", "937", "", "SUB-TOTAL", "", "", "7,151.380", "20,408.00", "")
    p.free(290, "Invoice UDT-INV-26-0324 of 27 APR 2026")
    p.row("3", "MLF/0404", "32", "BAG", "REFINED WHITE SUGAR", "1701.99", "MY", "1,686.230",
          "928.00", "USD")
    p.row("4", "MLF/0405", "17", "BAG", "YELLOW MAIZE", "1005.90", "IN", "861.480", "238.00",
          "USD")
    p.row("", "", "49", "", "SUB-TOTAL", "", "", "2,547.710", "1,166.00", "")
    p.row("", "", "986", "", "GRAND TOTAL", "", "", "9,699.090", "21,574.00", "USD")
    m = read(p)
    assert [line.description for line in m.lines] == [
        "PLASTIC KITCHENWARE", "DRIED LONGAN FLESH", "REFINED WHITE SUGAR", "YELLOW MAIZE"]
    assert [(line.quantity, line.unit) for line in m.lines] == [
        (664, "CTN"), (273, "CTN"), (32, "BAG"), (17, "BAG")]
    assert [line.hs_code for line in m.lines] == ["39241010", "081340", "170199", "100590"]
    assert [line.origin_country for line in m.lines] == ["TH", "TH", "MY", "IN"]
    assert m.disagreements == ()
    # The grand total is the sum of the subtotals: the weights are vouched for.
    assert all(line.confidence["gross_weight_kg"] >= CONFIDENT for line in m.lines)


FORM = layout([100, 620, 200, 200, 200, 220], ["centre", "left", "centre", "right", "right",
                                                "right"])


def test_numbered_fields_with_translations_and_values_below() -> None:
    p = Page(FORM)
    p.put(100, "1. Người xuất khẩu (Exporter)")
    p.free(1250, "2. Người nhập khẩu (Importer)")
    p.put(130, "Savannakhet Mekong Commodities Sole Co., Ltd")
    p.free(1280, "Công ty Cổ phần Thương mại Quốc tế Kinh Bắc")
    p.put(100, "3. Số tham chiếu (Reference No.)")
    p.free(1250, "4. Ngày lập (Date of issue)")
    p.put(130, "144/2026/DSHH")
    p.free(1280, "22-Oct-26")
    p.put(100, "5. Phương tiện vận tải (Means of conveyance)")
    p.free(1250, "6. Số công-ten-nơ (Container No.)")
    p.put(130, "By truck 62C-882.57")
    p.free(1280, "NNDU6406200")
    p.y += 60
    p.row("TT", "Mô tả hàng hóa", "Mã số HS", "Số lượng", "Trọng lượng", "Trị giá")
    p.row("1", "Bếp ga đôi", "7321.11", "42", "1.240,5", "$3.990,00")
    p.row("2", "Bột gạo", "1102.30", "16", "416,4", "$1.817,60")
    m = read(p)
    assert (m.consignor, m.consignee) == ("Savannakhet Mekong Commodities Sole Co., Ltd",
                                          "Công ty Cổ phần Thương mại Quốc tế Kinh Bắc")
    assert (m.document_no, m.date) == ("144/2026/DSHH", date(2026, 10, 22))
    assert (m.vehicle_plate, m.container_no) == ("62C-882.57", "NNDU6406200")
    assert [(line.value, line.currency) for line in m.lines] == [
        (Decimal("3990.00"), "USD"), (Decimal("1817.60"), "USD")]


def test_a_header_printed_white_on_a_dark_band_is_turned_back() -> None:
    page = np.full((1200, 1000), 250, np.uint8)
    page[300:360, 100:900] = 20  # the band
    page[320:340, 150:200] = 250  # a white letter inside it
    page[600:640, 100:160] = 20  # a bold word: no band
    (band,) = dark_bands(page)
    assert band[:, 0].min() <= 110 and band[:, 0].max() >= 890
    turned, count = invert_dark_bands(page)
    assert count == 1
    assert turned[310, 500] > 200 and turned[330, 170] < 50  # paper light, the letter dark
    assert turned[620, 130] == 20  # the bold word untouched


def test_two_columns_of_labels_over_values() -> None:
    p = Page(FORM)
    p.put(100, "Sold by")
    p.free(1300, "Invoice No.")
    p.put(100, "Luang Namtha Green Valley Co., Ltd")
    p.free(1300, "VTE-EXP-559/26")
    p.put(100, "Sold to")
    p.free(1300, "By truck 15LD-228.26")  # under "Invoice No.", beside "Sold to"
    p.free(100, "Hue Central Food Distribution JSC")
    p.y += 60
    p.row("TT", "Mô tả hàng hóa", "Mã số HS", "Số lượng", "Trọng lượng", "Trị giá")
    p.row("1", "Bếp ga đôi", "7321.11", "42", "1.240,5", "3.990,00")
    m = read(p)
    assert (m.consignor, m.consignee) == ("Luang Namtha Green Valley Co., Ltd",
                                          "Hue Central Food Distribution JSC")
    assert m.document_no == "VTE-EXP-559/26"


def test_a_label_in_brackets_names_its_column_as_a_unit_in_brackets_does_not() -> None:
    p = Page(FORM)
    p.row("TT", "Mô tả hàng hóa", "Mã HS", "Lượng", "Trọng lượng", "Trị giá")
    p.row("(No.)", "(Description)", "(HS code)", "(Quantity)", "(kg)", "(CNY)")
    p.row("1", "Bếp ga đôi", "7321.11", "42", "1.240,5", "3.990,00")
    p.row("2", "Bột gạo", "1102.30", "16", "416,4", "1.817,60")
    p.row("3", "Pin kiềm", "8506.10", "6", "12,0", "96,00")
    m = read(p)
    assert [line.quantity for line in m.lines] == [42, 16, 6]
    # Named by its bracketed label, the quantity column is placed for sure.
    assert all(line.confidence["quantity"] >= CONFIDENT for line in m.lines)
    assert {line.currency for line in m.lines} == {"CNY"}
