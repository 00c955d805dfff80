"""Goods tables cut into sections, with two-level headers, column numbers and subtotals.

Vietnamese warehouse and transport notes number their columns under a header
of two levels ("Khối lượng (kg)" over "Tịnh | Cả bì"), group the goods under
headings ("I. Hàng nhập khẩu ...") with a "Cộng" under each and a "Tổng cộng"
at the end. Words are laid out by hand the way tesseract reports them.
"""

from __future__ import annotations

from decimal import Decimal

from table_pages import PITCH, Page, layout, read

from borderdesk.domain.manifest import CONFIDENT
from borderdesk.ocr.layout import OcrWord, Ruling, rows_from_words
from borderdesk.ocr.table_rows import is_column_index, is_section_heading

NOTE = layout([90, 640, 200, 130, 180, 180, 180, 180, 280, 220],
              ["centre", "left", "centre", "centre", "right", "right", "right", "right", "right",
               "centre"])
GOODS = (
    ("1", "Nồi cơm điện", "8516.60", "chiếc", "2.613", "", "8.463,5", "9.225,8",
     "1.294.218.900", "LÀO"),
    ("2", "Dầu gội đầu, chai 650 ml", "3305.10.00", "chai", "5", "", "3,3", "3,7", "355.600",
     "TRUNG QUỐC"),
    ("3", "Cao su thiên nhiên tờ xông khói", "4001.21", "tấn", "30", "", "30.516,3", "31.628,7",
     "1.257.300.000", "LÀO"),
)
TRANSIT = (
    ("4", "Bộ đổi nguồn điện", "8504.40", "chiếc", "2.258", "", "621,9", "688,0",
     "240.883.440", "MALAYSIA"),
    ("5", "Bún gạo khô", "1902.30", "thùng", "27", "", "266,7", "288,1", "9.944.100",
     "HÀN QUỐC"),
)


def _centred_over(page: Page, first: int, last: int, text: str) -> None:
    """A group label centred over columns ``first``..``last`` on the current line."""
    left = page.columns[first][0]
    right = page.columns[last][0] + page.columns[last][1]
    page.put((left + right) // 2 - 9 * len(text), text)


def warehouse_note(*, grand_total: str = "41.834,3", closed: bool = True
                   ) -> tuple[Page, Ruling]:
    p = Page(NOTE)
    top = p.y
    _centred_over(p, 4, 5, "Số lượng")
    _centred_over(p, 6, 7, "Khối lượng (kg)")
    p.row("Số", "Tên hàng", "Mã số", "Đ.v.t", "", "", "", "", "Thành tiền", "Nước SX")
    p.row("TT", "", "", "", "Thực xuất", "Thực nhập", "Tịnh", "Cả bì", "(đồng)", "")
    p.row("A", "B", "C", "D", "1", "2", "3", "4", "5", "E")
    p.put(NOTE[0][0] + 12, "I. Hàng nhập khẩu đã thông quan")
    p.y += PITCH
    for goods in GOODS:
        p.row(*goods)
    p.row("", "Cộng", "", "", "", "", "", "40.858,2", "2.551.874.500", "")
    p.put(NOTE[0][0] + 12, "II. Hàng chuyển cửa khẩu")
    p.y += PITCH
    for goods in TRANSIT:
        p.row(*goods)
    if closed:
        p.row("", "Cộng", "", "", "", "", "", "976,1", "250.827.540", "")
        p.row("", "Tổng cộng", "", "", "", "", "", grand_total, "2.802.702.040", "")
    bottom = p.y
    edges = sorted({left for left, _, _ in NOTE} | {NOTE[-1][0] + NOTE[-1][1]})
    return p, Ruling(0, [(x, top - 10, bottom) for x in edges], [])


def test_every_section_is_read_under_one_header_of_two_levels() -> None:
    page, ruling = warehouse_note()
    m = read(page, (ruling,))
    assert [line.description for line in m.lines] == [g[1] for g in GOODS + TRANSIT]
    assert [line.quantity for line in m.lines] == [2613, 5, 30, 2258, 27]
    # "Cả bì" (gross) under "Khối lượng (kg)", not the net weight beside it.
    assert [line.gross_weight_kg for line in m.lines] == [
        Decimal("9225.8"), Decimal("3.7"), Decimal("31628.7"), Decimal("688.0"),
        Decimal("288.1")]
    assert {line.currency for line in m.lines} == {"VND"}  # "Thành tiền (đồng)"
    assert [line.origin_country for line in m.lines] == ["LA", "CN", "LA", "MY", "KR"]
    assert [line.unit for line in m.lines] == ["PCE", "BTL", "TNE", "PCE", "CTN"]
    assert m.disagreements == ()
    # The grand total is the sum of the subtotals and of the lines: the weights are vouched for.
    assert all(line.confidence["gross_weight_kg"] >= CONFIDENT for line in m.lines)
    assert all(line.confidence["quantity"] >= CONFIDENT for line in m.lines)


def test_a_grand_total_that_is_not_the_sum_of_the_subtotals_vouches_for_nothing() -> None:
    page, ruling = warehouse_note()
    good = read(page, (ruling,))
    page, ruling = warehouse_note(grand_total="41.884,3")
    m = read(page, (ruling,))
    assert [line.gross_weight_kg for line in m.lines] == [
        line.gross_weight_kg for line in good.lines]
    # Subtotals that do not add up to the last total row: no row speaks for the whole table.
    assert all(line.confidence["gross_weight_kg"] < CONFIDENT for line in m.lines)


def _row(*texts: str) -> list[OcrWord]:
    return [OcrWord(text, 0.9, 100 + 200 * k, 100, 18 * len(text), 30)
            for k, text in enumerate(texts)]


def test_column_numbers_and_section_headings_are_told_by_their_shape() -> None:
    def row(*texts: str) -> bool:
        (made,) = rows_from_words(_row(*texts))
        return is_column_index(made)

    assert row("A", "B", "C", "D", "1", "2", "3", "4", "5", "E")
    assert row("(1)", "(2)", "(3)", "(4)")
    assert row("A", "B", "Cc", "1", "2", "a", "4")  # a "3" misread, "C" doubled
    assert not row("3", "2", "1")  # figures of a short goods row do not climb
    assert not row("1", "Rice", "20")

    def heading(*texts: str) -> bool:
        (made,) = rows_from_words(_row(*texts))
        return is_section_heading(made)

    assert heading("I.", "Hàng", "nhập", "khẩu")
    assert heading("II.", "Hàng", "chuyển", "cửa", "khẩu")
    assert heading("Phần", "2", "Hàng", "quá", "cảnh")
    assert not heading("1", "Nồi", "cơm", "điện", "2.613")
    assert not heading("I.", "Rice", "20", "bags")
    assert not heading("Long", "grain", "rice")


def test_specks_at_the_pages_edge_take_no_columns_place() -> None:
    # A photo's edge reads as a speck or two in a column of their own, left of the
    # line numbers; the header's labels of the first two columns were misread.
    columns = [(20, 70, "centre"), *NOTE]
    p = Page(columns)
    p.row("", "Sổ", "Tến, qny cách", "", "Đ.v.t", "Số lượng", "", "Tịnh", "Cả bì",
          "Thành tiền", "Nước SX")
    p.row("j", *GOODS[0])
    for goods in GOODS[1:]:
        p.row("", *goods)
    m = read(p)
    assert [line.description for line in m.lines] == [g[1] for g in GOODS]
    assert [line.quantity for line in m.lines] == [2613, 5, 30]


def test_a_table_whose_labels_are_all_unknown_is_found_by_its_figures() -> None:
    cols = layout([120, 600, 200, 240, 300], ["centre", "left", "right", "right", "right"])
    p = Page(cols)
    p.free(100, "VIENTIANE CARGO SERVICES CO., LTD")
    p.free(100, "201 Moo 2, Tambon Nai Mueang, Nong Khai 43000")
    p.free(100, "Tel. +66 42 115 7886 Fax +66 42 115 7887")
    p.y += 60
    p.row("Rank", "Article", "Count", "Mass", "Worth (USD)")
    p.row("1", "Stainless steel cooking pots", "51", "100.14", "15,208.20")
    p.row("2", "Electric rice cookers", "361", "1,900.86", "26,652.25")
    p.row("3", "Dyed polyester woven fabric", "61", "13.56", "2,923.42")
    p.row("", "(woven, dyed)")
    p.y += 600
    p.free(1800, "Page 1 of 1")
    m = read(p)
    assert [line.description for line in m.lines] == [
        "Stainless steel cooking pots", "Electric rice cookers",
        "Dyed polyester woven fabric (woven, dyed)"]
    assert [line.value for line in m.lines] == [
        Decimal("15208.20"), Decimal("26652.25"), Decimal("2923.42")]
    assert {line.currency for line in m.lines} == {"USD"}
    assert [line.quantity for line in m.lines] == [51, 361, 61]
    assert [line.gross_weight_kg for line in m.lines] == [
        Decimal("100.14"), Decimal("1900.86"), Decimal("13.56")]
    # Placed by their content alone: nothing of it is sure.
    assert all(line.confidence["quantity"] < CONFIDENT for line in m.lines)


def test_address_and_telephone_lines_are_no_goods_table() -> None:
    p = Page(NOTE)
    p.free(100, "Sender: Vientiane Cargo Services Co., Ltd")
    p.free(100, "201 Moo 2, Tambon Nai Mueang, Nong Khai 43000")
    p.free(100, "Tel. +66 42 115 7886 Fax +66 42 115 7887")
    p.free(100, "Warehouse 12, Lot 45 Savan-Seno Zone 13000")
    p.free(100, "Terms and conditions apply")
    p.free(100, "Goods remain our property")
    p.free(100, "Signed for the sender")
    m = read(p)
    assert m.lines == ()
    assert m.consignor == "Vientiane Cargo Services Co., Ltd"


def test_goods_after_a_subtotal_with_no_total_under_them_are_read_and_vouch_for_nothing() -> None:
    page, ruling = warehouse_note(closed=False)
    m = read(page, (ruling,))
    assert [line.description for line in m.lines] == [g[1] for g in GOODS + TRANSIT]
    # The one total row left is a section's: it is not held against the whole table.
    assert m.disagreements == ()


def test_a_header_naming_its_columns_only_over_two_lines() -> None:
    p = Page(NOTE)
    p.row("", "Tên hàng", "", "", "Số lượng", "", "", "", "", "")
    p.row("", "", "", "", "", "", "Tịnh", "Cả bì", "", "")
    p.row("A", "B", "C", "D", "1", "2", "3", "4", "5", "E")
    for goods in GOODS:
        p.row(*goods)
    m = read(p)
    assert [line.description for line in m.lines] == [g[1] for g in GOODS]
    assert [line.gross_weight_kg for line in m.lines] == [
        Decimal("9225.8"), Decimal("3.7"), Decimal("31628.7")]


def test_an_unlabelled_table_at_the_foot_of_the_page() -> None:
    cols = layout([120, 600, 200, 240], ["centre", "left", "right", "right"])
    p = Page(cols)
    p.row("Pos.", "Article", "Pieces", "Kilos")
    p.row("1", "Stainless steel cooking pots", "51", "100.14")
    p.row("2", "Electric rice cookers", "361", "1,900.86")
    p.row("3", "Dyed polyester woven fabric", "61", "13.56")
    assert [line.quantity for line in read(p).lines] == [51, 361, 61]
