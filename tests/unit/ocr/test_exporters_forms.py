"""What exporters' and forwarders' forms print that the first readers missed.

One label over the container and its seal, the origin stated once for the
whole list, the invoice's own words for the parties and the truck
("Messrs.", "Beneficiary", "Carrier Reg."), figures grouped with apostrophes,
"Tariff No." for the HS code, and a monospaced font whose "O" reads as "0".
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from table_pages import PACKING, Page, layout, read

from borderdesk.ocr.normalize import read_number
from borderdesk.ocr.vocabulary import parse_unit, zeros_as_letters

PACKING_LIST = layout([180, 620, 140, 160, 140, 220, 220, 220],
                      ["centre", "left", "right", "right", "centre", "right", "right", "right"])


def test_a_packing_list_in_a_monospaced_font_with_its_origin_stated_once() -> None:
    p = Page(PACKING_LIST)
    p.free(100, "EXPORTER: Kunming Yunhai Supply Chain Co., Ltd")
    p.free(100, "T0: Công ty TNHH Kinh doanh Tổng hợp Móng Cái")
    p.free(100, "P/L N0.: DXHD-823938-25")
    p.free(100, "VEHICLE N0.: 11C-985.39")
    p.free(100, "CNTR/SEAL N0.: HCRU0476470 / TH942104")
    p.y += 60
    p.row("C/NO.", "DESCRIPTION", "CTNS", "QTY", "UNIT", "N.W./CTN", "TTL N.W.", "TTL G.W.")
    p.row("", "OF GOODS", "", "", "", "(KGS)", "(KGS)", "(KGS)")
    p.row("1-90", "PLASTIC TOYS", "90", "360", "BOXES", "9.05", "814.61", "851.90")
    p.row("91-158", "RUBBER FLIP-FLOPS", "68", "408", "PRS", "12.92", "878.45", "973.40")
    p.row("159-236", "EXERCISE BOOKS", "78", "1,104", "D0Z", "21.35", "1,665.51", "1,785.96")
    p.row("TOTAL:", "", "236", "", "", "", "3,358.57", "3,611.26")
    p.y += 60
    p.free(100, "COUNTRY OF ORIGIN: CHINA")
    m = read(p)
    assert (m.consignor, m.consignee) == ("Kunming Yunhai Supply Chain Co., Ltd",
                                          "Công ty TNHH Kinh doanh Tổng hợp Móng Cái")
    assert (m.document_no, m.vehicle_plate) == ("DXHD-823938-25", "11C-985.39")
    assert (m.container_no, m.seal_no) == ("HCRU0476470", "TH942104")
    assert [line.description for line in m.lines] == [
        "PLASTIC TOYS", "RUBBER FLIP-FLOPS", "EXERCISE BOOKS"]  # carton numbers apart
    assert [line.unit for line in m.lines] == ["BOX", "PR", "DZN"]
    assert [line.gross_weight_kg for line in m.lines] == [
        Decimal("851.90"), Decimal("973.40"), Decimal("1785.96")]
    # A packing list states no value: no column of weights per carton is taken for one.
    assert [line.value for line in m.lines] == [None, None, None]
    assert [line.origin_country for line in m.lines] == ["CN", "CN", "CN"]


INVOICE = layout([160, 560, 140, 220, 160, 150, 340, 200, 260],
                 ["centre", "left", "centre", "centre", "right", "left", "right", "right",
                  "right"])


def test_an_exporters_invoice_with_figures_grouped_by_apostrophes() -> None:
    p = Page(INVOICE)
    p.free(100, "Beneficiary: Vientiane Lao-Thai Commodities Sole Co., Ltd")
    p.free(100, "Messrs.: Ha Tinh Border Commerce Co., Ltd")
    p.put(100, "Bill No.: EX460/26")
    p.free(1300, "Billing date: 28th February 2026")
    p.put(100, "Carrier Reg.: 24R-566.57")
    p.free(1300, "Equipment: RHSU6516145")
    p.free(100, "Bolt Seal: TH9320040")
    p.y += 60
    p.row("Marks & Nos.", "Particulars", "Made in", "Tariff No.", "Quantity", "Packing",
          "Unit Price (Baht)", "Gross Kgs", "Total (Baht)")
    p.row("N/M", "Stainless steel cooking pots", "CHN", "7323.93.00", "51", "pieces", "298.20",
          "100.14", "15'208.20")
    p.row("", "Electric rice cookers", "THA", "8516.60.00", "3'361", "pieces", "692.25",
          "11'900.86", "2'326'652.25")
    p.row("", "Dyed polyester woven fabric", "KHM", "540752", "61", "metres", "47.92", "13.56",
          "2'923.42")
    p.row("", "TOTAL AMOUNT", "", "", "", "", "", "12'014.56", "2'344'783.87")
    m = read(p)
    assert m.consignor == "Vientiane Lao-Thai Commodities Sole Co., Ltd"
    assert m.consignee == "Ha Tinh Border Commerce Co., Ltd"
    assert (m.document_no, m.date) == ("EX460/26", date(2026, 2, 28))
    assert (m.vehicle_plate, m.container_no, m.seal_no) == ("24R-566.57", "RHSU6516145",
                                                            "TH9320040")
    assert [line.hs_code for line in m.lines] == ["73239300", "85166000", "540752"]
    assert [line.quantity for line in m.lines] == [51, 3361, 61]
    assert [line.unit for line in m.lines] == ["PCE", "PCE", "MTR"]
    assert [line.value for line in m.lines] == [
        Decimal("15208.20"), Decimal("2326652.25"), Decimal("2923.42")]
    assert {line.currency for line in m.lines} == {"THB"}
    assert [line.origin_country for line in m.lines] == ["CN", "TH", "KH"]
    assert m.disagreements == ()


def test_apostrophes_group_thousands_and_zeros_read_for_letters_are_mended() -> None:
    assert read_number("2'326'652.25").value == Decimal("2326652.25")
    assert read_number("3’361").value == Decimal(3361)
    assert read_number("12'5").value is None  # not a group of three
    assert (zeros_as_letters("N0."), zeros_as_letters("D0Z"), zeros_as_letters("t0")) == (
        "NO.", "DOZ", "to")
    assert (zeros_as_letters("20ft"), zeros_as_letters("0.5")) == ("20ft", "0.5")
    assert (parse_unit("PRS"), parse_unit("metres"), parse_unit("D0Z")) == ("PR", "MTR", "DZN")


def test_a_speck_beside_a_country_leaves_the_country() -> None:
    p = Page(PACKING)
    p.row("STT", "Tên hàng", "Mã HS", "Số lượng", "ĐVT", "Trọng lượng", "Trị giá", "Xuất xứ")
    p.row("1", "Đồ chơi bằng nhựa", "9503.00", "21", "hộp", "49,25", "136,50", "ID FE")
    p.row("2", "Nồi nấu bằng thép", "7323.93", "40", "cái", "80,10", "336,00", "NEW ZEALAND")
    p.row("3", "Nồi nấu bằng thép", "7323.93", "40", "cái", "80,10", "336,00", "Lost land")
    assert [line.origin_country for line in read(p).lines] == ["ID", "NZ", None]


def test_a_seal_glued_to_its_slash_and_a_container_still_to_come() -> None:
    p = Page(PACKING)
    p.free(100, "CNTR/SEAL NO.: HCRU0476470 /TH942104")
    p.row("STT", "Tên hàng", "Mã HS", "Số lượng", "ĐVT", "Trọng lượng", "Trị giá", "Xuất xứ")
    p.row("1", "Gạo", "1006.30", "15", "bao", "194,17", "1.204,50", "LA")
    m = read(p)
    assert (m.container_no, m.seal_no) == ("HCRU0476470", "TH942104")
    q = Page(PACKING)
    q.free(100, "CNTR/SEAL NO.: pending")
    q.row("STT", "Tên hàng", "Mã HS", "Số lượng", "ĐVT", "Trọng lượng", "Trị giá", "Xuất xứ")
    q.row("1", "Gạo", "1006.30", "15", "bao", "194,17", "1.204,50", "LA")
    m = read(q)
    assert (m.container_no, m.seal_no) == ("", "")
