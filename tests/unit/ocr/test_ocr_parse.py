"""The manifest parser on synthetic word lists: what an officer sees come out of a page."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st
from table_pages import PACKING, Page, layout, read, read_words

from borderdesk.domain.manifest import CONFIDENT
from borderdesk.ocr.columns import find_slots
from borderdesk.ocr.layout import OcrWord, Ruling, rows_from_words
from borderdesk.ocr.parse import parse_manifest

CHAR = 18  # pixels per character
PITCH = 60  # pixels per printed line


class Sheet:
    """Lays out words the way tesseract would report a printed page."""

    def __init__(self) -> None:
        self.words: list[OcrWord] = []
        self.y = 100

    def put(self, x: int, text: str, confidence: float = 0.95) -> None:
        for part in text.split():
            self.words.append(OcrWord(part, confidence, x, self.y, CHAR * len(part), 30))
            x += CHAR * (len(part) + 1)

    def line(self, *pieces: tuple[int, str]) -> None:
        for x, text in pieces:
            self.put(x, text)
        self.y += PITCH

    def gap(self, lines: int) -> None:
        self.y += lines * PITCH


COLS = (100, 200, 800, 1050, 1280, 1420, 1700, 1980, 2150)


def table_row(*cells: str, xs: tuple[int, ...] = COLS) -> tuple[tuple[int, str], ...]:
    return tuple((x, text) for x, text in zip(xs, cells, strict=False) if text)


def english_page() -> Sheet:
    s = Sheet()
    s.line((900, "CARGO MANIFEST"))
    s.line((100, "Manifest No: MNF-2026-00123"), (1300, "Date: 20 Nov 2026"))
    s.line((100, "Consignor: Siam Agro Export Co., Ltd"))
    s.line((100, "Consignee: Công ty TNHH Lao Bảo"))
    s.line((100, "Vehicle plate: 74C-123.45"), (1300, "Container No: CSQU 305438 3"))
    s.line((100, "Seal No: A123456"))
    s.gap(1)
    s.line(*table_row("No.", "Description of goods", "HS code", "Quantity", "Unit",
                      "Gross weight", "Value", "Currency", "Origin"))
    s.line((1700, "(kg)"))
    s.line(*table_row("1", "Infant milk formula, 800 g", "1901.10", "1,200", "TINS",
                      "1,100.50", "24,000.00", "USD", "Thailand"))
    s.line(*table_row("", "tins"))
    s.line(*table_row("2", "Jasmine rice", "100630", "400", "BAGS", "10,080.00", "8,400.00",
                      "USD", "TH"))
    s.line(*table_row("", "Total", "", "", "", "11,180.50"))
    s.gap(2)
    s.line((1600, "Prepared by"))
    return s


def test_an_english_manifest_is_read_field_by_field() -> None:
    sheet = english_page()
    parsed = parse_manifest(rows_from_words(sheet.words))
    m = parsed.manifest
    assert m.document_no == "MNF-2026-00123"
    assert m.date == date(2026, 11, 20)
    assert m.consignor == "Siam Agro Export Co., Ltd"
    assert m.consignee == "Công ty TNHH Lao Bảo"
    assert m.vehicle_plate == "74C-123.45"
    assert m.container_no == "CSQU3054383"
    assert m.seal_no == "A123456"
    assert m.warnings == ()
    assert len(m.lines) == 2  # the total row is not a goods line
    first, second = m.lines
    assert first.description == "Infant milk formula, 800 g tins"
    assert (first.hs_code, first.quantity, first.unit) == ("190110", Decimal(1200), "TIN")
    assert (first.gross_weight_kg, first.value) == (Decimal("1100.50"), Decimal("24000.00"))
    assert (first.currency, first.origin_country) == ("USD", "TH")
    assert second.line_no == 2 and second.unit == "BAG" and second.quantity == 400
    assert first.confidence["hs_code"] == 0.95
    words = {sheet.words[i].text: where for i, where in parsed.word_fields.items()}
    assert words["1901.10"] == (1, "hs_code")
    assert words["tins"] == (1, "description")
    assert words["A123456"] == (None, "seal_no")


def test_word_order_does_not_matter() -> None:
    sheet = english_page()
    expected = parse_manifest(rows_from_words(sheet.words)).manifest
    shuffled = list(sheet.words)
    random.Random(7).shuffle(shuffled)
    assert parse_manifest(rows_from_words(shuffled)).manifest == expected


def test_a_vietnamese_manifest_with_vietnamese_numbers() -> None:
    s = Sheet()
    s.line((100, "Số chứng từ: BK-2026/0456"), (1300, "Ngày: ngày 20 tháng 11 năm 2026"))
    s.line((100, "Người gửi hàng: Công ty Savan"))
    s.line((100, "Người nhận hàng: Công ty TNHH Hà Nội"))
    s.line((100, "Biển số xe: 29C-678.90"), (1300, "Số container: TCNU7200794"))
    s.line((100, "Số niêm phong: H5378493"))
    s.line(*table_row("STT", "Tên hàng", "Mã HS", "Số lượng", "Đơn vị", "Trọng lượng",
                      "Trị giá", "Tiền tệ", "Xuất xứ"))
    s.line(*table_row("1", "Sầu riêng tươi", "0810.60", "1.049", "thùng", "19.406,50",
                      "65.038,00", "USD", "Thái Lan"))
    s.line(*table_row("2", "Gạo", "1006.30", "1.200", "bao", "30.240,00", "25.200,00",
                      "USD", "Campuchia"))
    s.line(*table_row("", "Tổng cộng", "", "", "", "49.646,50"))
    m = parse_manifest(rows_from_words(s.words)).manifest
    assert (m.document_no, m.date, m.seal_no) == ("BK-2026/0456", date(2026, 11, 20), "H5378493")
    assert m.vehicle_plate == "29C-678.90" and m.container_no == "TCNU7200794"
    assert [line.quantity for line in m.lines] == [Decimal(1049), Decimal(1200)]
    assert m.lines[0].gross_weight_kg == Decimal("19406.50")
    assert [line.origin_country for line in m.lines] == ["TH", "KH"]
    assert [line.unit for line in m.lines] == ["CTN", "BAG"]


def test_a_bilingual_header_on_two_lines_and_bilingual_labels() -> None:
    s = Sheet()
    s.line((100, "Số chứng từ / Manifest No: INV-2026-49560"), (1300, "Ngày / Date: 01/02/2026"))
    s.line((100, "Biển số xe / Vehicle plate: 37D-352.59"))
    s.line(*table_row("STT", "Mô tả hàng hóa", "Mã HS", "Số lượng", "Đơn vị", "Trọng lượng",
                      "Trị giá", "Tiền tệ", "Xuất xứ"))
    s.line(*table_row("No.", "Description", "HS code", "Quantity", "Unit", "Gross weight",
                      "Value", "Currency", "Origin"))
    s.line(*table_row("1", "Cà phê nhân", "0901.11", "46", "bao", "2.849,02", "310.270,00",
                      "THB", "KH"))
    m = parse_manifest(rows_from_words(s.words)).manifest
    assert (m.document_no, m.date, m.vehicle_plate) == ("INV-2026-49560", date(2026, 2, 1),
                                                        "37D-352.59")
    assert len(m.lines) == 1
    assert m.lines[0].value == Decimal("310270.00") and m.lines[0].currency == "THB"


def test_missing_cells_and_unreadable_values_stay_empty_with_no_confidence() -> None:
    s = Sheet()
    s.line(*table_row("No", "Description", "HS code", "Quantity", "Unit", "Weight", "Value",
                      "Currency", "Origin"))
    s.line(*table_row("1", "Rice", "1O06.30", "12O", "furlongs", "", "abc", "XQZ", "Atlantis"))
    s.line(*table_row("2", "Sugar", "17", "", "", "", "", "", ""))
    line1, line2 = parse_manifest(rows_from_words(s.words)).manifest.lines
    assert line1.hs_code == "100630" and line1.confidence["hs_code"] < 0.95
    assert line1.quantity == Decimal(120) and line1.confidence["quantity"] < 0.95
    assert line1.unit == "FURLONGS" and line1.confidence["unit"] < 0.95
    assert line1.gross_weight_kg is None and "gross_weight_kg" not in line1.confidence
    assert line1.value is None and line1.confidence["value"] == 0.0
    assert line1.currency == "" and line1.origin_country is None
    assert line1.confidence["origin_country"] == 0.0
    assert line2.hs_code == "" and line2.confidence["hs_code"] == 0.0


def test_a_packing_list_without_unit_and_currency_columns_takes_them_from_the_cells() -> None:
    s = Sheet()
    xs = (100, 200, 800, 1050, 1400, 1700, 2000)
    s.line((100, "Packing list No: PL-1"), (1300, "Truck No: 74C-12345"))
    s.line(*table_row("No.", "Description", "HS code", "Quantity", "N.W. (kg)", "Amount",
                      "Origin", xs=xs))
    s.line(*table_row("1", "Laptops", "847130", "44 PCS", "110,00", "USD 18,480.00", "CN", xs=xs))
    m = parse_manifest(rows_from_words(s.words)).manifest
    (line,) = m.lines
    assert (line.quantity, line.unit) == (Decimal(44), "PCE")
    assert (line.value, line.currency) == (Decimal("18480.00"), "USD")
    assert line.gross_weight_kg is None  # net weight is not the gross weight
    assert m.vehicle_plate == "74C-12345"


def test_a_table_that_ends_at_a_label_or_a_wide_gap_leaves_the_rest_to_the_header() -> None:
    s = Sheet()
    s.line(*table_row("No", "Description", "HS code", "Quantity"))
    s.line(*table_row("1", "Rice", "100630", "5"))
    s.line((100, "Seal No: K777"))
    s.line(*table_row("No", "Description", "HS code", "Quantity"))
    s.line(*table_row("1", "Sugar", "170114", "6"))
    s.gap(6)
    s.line((100, "Container: CSQU3054383"), (1300, "Date: 2026-13-45"))
    s.line((100, "Container No: TOLU4734787"))
    m = parse_manifest(rows_from_words(s.words)).manifest
    assert [line.description for line in m.lines] == ["Rice", "Sugar"]
    assert [line.line_no for line in m.lines] == [1, 2]
    assert m.seal_no == "K777" and m.container_no == "CSQU3054383" and m.date is None


def test_a_table_continued_on_the_next_page_starts_again_at_its_header() -> None:
    s = Sheet()
    s.line(*table_row("No", "Description", "HS code", "Quantity"))
    s.line(*table_row("1", "Rice", "100630", "5"))
    words = list(s.words)
    words.append(OcrWord("Sugar", 0.9, 200, 100, 90, 30, page=1))
    m = parse_manifest(rows_from_words(words)).manifest
    assert [line.description for line in m.lines] == ["Rice"]


def test_no_text_gives_an_empty_manifest_with_a_warning() -> None:
    m = parse_manifest([]).manifest
    assert m.lines == () and m.warnings == ("No text was found on the page.",)


def test_text_without_a_table_says_so() -> None:
    s = Sheet()
    s.line((100, "Consignee: Someone"), (600, "value without label"))
    s.line((100, "Total 5"))
    m = parse_manifest(rows_from_words(s.words)).manifest
    assert m.consignee == "Someone value without label"
    assert m.warnings == ("No goods table was found on the page.",)


def test_a_header_line_with_nothing_under_it() -> None:
    s = Sheet()
    s.line((100, "Seal No:"), (600, "Consignor: A"), (1200, "Consignor: B"))
    s.line(*table_row("No", "Description", "HS code", "Quantity"))
    s.line(*table_row("", "Total"))
    s.line(*table_row("", "more words, no number"))
    m = parse_manifest(rows_from_words(s.words)).manifest
    assert m.seal_no == "" and m.consignor == "A" and m.lines == ()


def test_a_total_row_after_a_stray_mark_still_ends_the_table() -> None:
    s = Sheet()
    s.line(*table_row("No", "Description", "HS code", "Quantity"))
    s.line(*table_row("1", "Rice", "100630", "5"))
    s.line((100, "|"), (200, "Total"), (1050, "5"))
    assert len(parse_manifest(rows_from_words(s.words)).manifest.lines) == 1


_text = st.text(alphabet=st.sampled_from(list("0123456789.,:/ -OlIabcNoHSTtáạĐ|")), max_size=12)
_keyword = st.sampled_from(
    ["Description", "HS", "code", "Quantity", "Unit", "Value", "Origin", "No:", "Seal", "Total",
     "Tổng", "Mã", "Số", "lượng", "/", ":", "Date:", "Ngày", "1,200.50", "1.200,50", "TH"]
)
_words = st.lists(
    st.builds(
        OcrWord,
        text=st.one_of(_text, _keyword),
        confidence=st.floats(-1, 2, allow_nan=False),
        left=st.integers(-50, 3000),
        top=st.integers(-50, 3000),
        width=st.integers(-5, 900),
        height=st.integers(-5, 200),
        page=st.integers(0, 2),
    ),
    max_size=80,
)


@settings(max_examples=300, deadline=None)
@given(_words)
def test_the_parser_never_raises_on_any_words(words: list[OcrWord]) -> None:
    parsed = parse_manifest(rows_from_words(words))
    for index, (line_no, field) in parsed.word_fields.items():
        assert 0 <= index < len(words) and field
        assert line_no is None or 1 <= line_no <= len(parsed.manifest.lines)
    for line in parsed.manifest.lines:
        assert all(0.0 <= level <= 1.0 for level in line.confidence.values())


def test_rows_without_line_numbers_start_lines_by_hs_code_and_odd_rows_are_skipped() -> None:
    s = Sheet()
    s.line(*table_row("No", "Description", "HS code", "Quantity", "Unit"))
    s.line((100, "printed"))
    s.line((100, "in"))
    s.line((100, "kg"))
    s.line(*table_row("", "Page 1 of 2"))
    s.line(*table_row("", "Rice", "100630", "", "kg"))
    s.line(*table_row("", "", "", "7", ""))
    s.line(*table_row("3", "", "", "", ""))
    lines = parse_manifest(rows_from_words(s.words)).manifest.lines
    # The quantity on the row under the HS code, with no number of its own, is
    # the same item's (an item printed on two rows).
    assert [(line.description, line.hs_code, line.quantity) for line in lines] == [
        ("Rice", "100630", Decimal(7)), ("", "", None)
    ]


def test_a_label_with_a_separate_colon_in_the_middle_of_a_row() -> None:
    s = Sheet()
    s.line((100, "Truck 74C-12345"), (900, "Seal No : K1"))
    assert parse_manifest(rows_from_words(s.words)).manifest.seal_no == "K1"


def test_column_labels_whose_space_tesseract_dropped_are_still_found() -> None:
    s = Sheet()
    s.line(*table_row("STT", "Tên hàng", "Mã HS", "Sốlượng", "Đơnvị", "Trọnglượng",
                      "Trị giá", "Tiền tệ", "Xuất xứ"))
    s.line(*table_row("1", "Lốp xe tải", "4011.20", "30", "chiếc", "1.645,99",
                      "4.200,00", "USD", "Thái Lan"))
    line = parse_manifest(rows_from_words(s.words)).manifest.lines[0]
    assert (line.quantity, line.unit, line.gross_weight_kg) == (
        Decimal(30), "PCE", Decimal("1645.99"))


def test_column_labels_misread_by_one_letter_still_name_their_columns() -> None:
    s = Sheet()
    s.line(*table_row("STT", "Tên hàng", "Mã HS", "Sô tượng", "Đơn vị", "Trọng tượng",
                      "Trị giá", "Tiêh tệ", "Xuat xứ"))
    s.line(*table_row("1", "Lốp xe tải", "4011.20", "30", "chiếc", "1.645,99",
                      "4.200,00", "USD", "Thái Lan"))
    line = parse_manifest(rows_from_words(s.words)).manifest.lines[0]
    assert (line.quantity, line.gross_weight_kg, line.currency, line.origin_country) == (
        Decimal(30), Decimal("1645.99"), "USD", "TH")



def test_a_label_word_inside_a_value_is_part_of_the_value() -> None:
    s = Sheet()
    s.line((100, "Consignee: Delivery date agreed later"))
    m = parse_manifest(rows_from_words(s.words)).manifest
    assert m.consignee == "Delivery date agreed later"
    assert m.date is None


def test_photo_misreads_of_units_countries_totals_and_merged_cells_are_recovered() -> None:
    s = Sheet()
    s.line(*table_row("STT", "Tên hàng", "Mã HS", "Số lượng", "Đơn vị", "Trọng", "Trị giá",
                      "Tiền tệ", "Xuất xứ"))
    # The "(kg)" of the second header line landed inside "Trọng lượng" on a tilted photo.
    s.line((1700, "(kg)"))
    s.words[-1] = OcrWord("(kg)", 0.9, 1515, s.words[-2].top, 72, 30)
    s.put(1900, "lượng")
    s.words[-1] = OcrWord("lượng", 0.9, 1595, s.words[-3].top, 90, 30)
    s.line(*table_row("1", "Dâù nhớt bôi trơn", "2710.19", "12", "CHIÊÉ", "2.410, 34",
                      "1.573,92", "USD", "Trung Quôé"))
    s.line(*table_row("2", "Lốp xe tải", "4011.20", "3", "chiếc", "5,10", "20,00", "USD", "VN Ỉ"))
    s.line(*table_row("", "Tôäg cộng", "", "", "", "7,20"))
    lines = parse_manifest(rows_from_words(s.words)).manifest.lines
    assert len(lines) == 2
    first = lines[0]
    assert first.description == "Dầu nhớt bôi trơn"
    assert (first.unit, first.origin_country) == ("PCE", "CN")
    assert first.confidence["unit"] < 0.95 and first.confidence["gross_weight_kg"] < 0.95
    assert first.gross_weight_kg == Decimal("2410.34")
    assert lines[1].origin_country == "VN"


def test_a_word_run_across_two_number_columns_is_cut_where_both_parts_read() -> None:
    s = Sheet()
    s.line(*table_row("No", "Description", "HS code", "Quantity", "Unit", "Gross weight",
                      "Value", "Currency"))
    s.line(*table_row("1", "Rice", "100630", "40", "BAGS", "", "", "USD"))
    # "1,573.92" and "5,697,385.00" read as one word straddling the weight/value rule.
    s.words.append(OcrWord("1,573.925,697,385.00", 0.9, 1524, s.words[-1].top, 20 * CHAR, 30))
    s.line(*table_row("2", "Sugar", "170114", "532:-SETS", "", "1.00", "2.00", "USD"))
    s.line(*table_row("3", "Salt", "250100", "5", "", "1.00", "2.00", "USD"))
    s.words.append(OcrWord("9.99|x", 0.9, 2500, s.words[-1].top, 6 * CHAR, 30))
    # The table is ruled: its columns are the cells between the rules.
    rules = Ruling(0, vertical=tuple((x - 10, 0, 2000) for x in (*COLS, 2400)))
    lines = parse_manifest(rows_from_words(s.words), (rules,)).manifest.lines
    assert (lines[0].gross_weight_kg, lines[0].value) == (Decimal("1573.92"), Decimal("5697385.00"))
    assert lines[1].quantity is None  # "532:-SETS" sits in one column: nothing to cut


def test_unit_ties_are_settled_by_the_units_the_table_already_uses() -> None:
    s = Sheet()
    s.line(*table_row("No", "Description", "HS code", "Quantity", "Unit"))
    s.line(*table_row("1", "Durians", "081060", "4", "CTNS"))
    s.line(*table_row("2", "Mango", "080450", "5", "CINS"))
    s.line(*table_row("3", "Beer", "220300", "6", "CTNS"))
    lines = parse_manifest(rows_from_words(s.words)).manifest.lines
    assert [line.unit for line in lines] == ["CTN", "CTN", "CTN"]
    s2 = Sheet()
    s2.line(*table_row("No", "Description", "HS code", "Quantity", "Unit"))
    s2.line(*table_row("1", "Mango", "080450", "5", "CINS"))
    assert parse_manifest(rows_from_words(s2.words)).manifest.lines[0].unit == "CINS"


def test_line_numbers_in_the_description_when_the_number_label_was_misread() -> None:
    s = Sheet()
    s.line(*table_row("bã", "Tên hàng", "Mã HS", "Số lượng", "Đơn vị"))
    s.line(*table_row("1", "Máy tính xách tay", "847130", "20", "chiếc"))
    s.line(*table_row("2", "24 Beers", "220300", "6", "CTNS"))
    s.line(*table_row("", "7 Up", "220210", "6", "CTNS"))
    lines = parse_manifest(rows_from_words(s.words)).manifest.lines
    assert [line.description for line in lines] == ["Máy tính xách tay", "24 Beers", "7 Up"]


def test_a_misread_total_word_ends_the_table_only_on_a_row_with_a_number() -> None:
    s = Sheet()
    s.line(*table_row("No", "Description", "HS code", "Quantity", "Unit"))
    s.line(*table_row("", "Long grain rice", "1006.30", "5", "BAGS"))
    s.line(*table_row("", "Long grain", "", "", ""))
    s.line((100, "|"), (200, "‘"), (1050, "_"))
    s.line(*table_row("", "Totai", "", "12", ""))
    s.line(*table_row("", "‘", "", "", ""))
    s.line(*table_row("", "Tea", "0902.10", "5", "BAGS"))
    lines = parse_manifest(rows_from_words(s.words)).manifest.lines
    assert [line.description for line in lines] == ["Long grain rice Long grain"]


def test_consignee_tone_marks_are_put_back_on_the_marked_vowel() -> None:
    s = Sheet()
    s.line((100, "Consignee: Công ty TNHH Xuất nhập khâủ Lao Bảo"))
    assert parse_manifest(rows_from_words(s.words)).manifest.consignee == (
        "Công ty TNHH Xuất nhập khẩu Lao Bảo")


def test_a_word_across_a_rule_is_cut_only_where_each_part_fits_its_column() -> None:
    from borderdesk.ocr.layout import Column
    from borderdesk.ocr.table import _split_across

    def cut(text: str, left: str, right: str, at: float) -> tuple[str, ...] | None:
        word = OcrWord(text, 0.9, 0, 0, 10 * len(text), 30)
        pair = _split_across(word, Column(left, 0, 0, right=10 * at), Column(right, 0, 0))
        return None if pair is None else (pair[0].text, pair[1].text)

    assert cut("100630 40", "hs_code", "quantity", 6.5) == ("100630", "40")
    assert cut("40PAIRS", "quantity", "unit", 2) == ("40", "PAIRS")
    assert cut("8.40USD", "value", "currency", 4) == ("8.40", "USD")
    assert cut("RiceBags", "description", "_packages", 4) == ("Rice", "Bags")
    assert cut("40XQZW", "quantity", "unit", 2) is None  # no unit on the right
    assert cut("40PAIRS", "quantity", "unit", 0.5) is None  # hardly across the rule


# ---- Columns found on the page (more in test_table_columns.py)


def test_an_unknown_weight_header_no_longer_merges_quantity_and_weight() -> None:
    """Issue 16: "T.lượng (kg)" unknown made quantity 15 and weight 194.17 into 15194.17 at 0.94."""
    p = Page(PACKING)
    p.row("STT", "Mô tả", "HS", "Số lượng", "ĐVT", "Wgt. brutto (kg)", "Trị giá (USD)",
          "Xuất xứ")
    p.row("1", "Gạo tẻ hạt dài", "1006.30", "15", "bao", "194.17", "1,204.50", "Lào")
    p.row("2", "Cà phê nhân", "0901.11", "8", "bao", "402.50", "3,310.00", "Lào")
    p.row("3", "Đường mía", "1701.14", "120", "bao", "6,036.00", "2,880.00", "Thái Lan")
    m = read(p)
    assert [line.quantity for line in m.lines] == [15, 8, 120]
    assert [line.gross_weight_kg for line in m.lines] == [
        Decimal("194.17"), Decimal("402.50"), Decimal("6036.00")]
    assert [line.value for line in m.lines] == [
        Decimal("1204.50"), Decimal("3310.00"), Decimal("2880.00")]
    assert {line.currency for line in m.lines} == {"USD"}  # from "Trị giá (USD)"
    assert [line.origin_country for line in m.lines] == ["LA", "LA", "TH"]


def test_weights_in_tonnes_or_grams_are_read_as_kilograms() -> None:
    for unit, figure, kg in (("(tấn)", "1.25", "1250.00"), ("(MT)", "2", "2000"),
                             ("(g)", "500", "0.500")):
        p = Page(PACKING)
        p.row("STT", "Tên hàng", "Mã HS", "Số lượng", "ĐVT", f"Trọng lượng {unit}", "Trị giá",
              "Xuất xứ")
        p.row("1", "Gạo", "1006.30", "15", "bao", figure, "1,204.50", "LA")
        (line,) = read(p).lines
        assert line.gross_weight_kg == Decimal(kg), unit


def test_figures_that_add_up_to_the_total_row_are_trusted_even_when_read_unsurely() -> None:
    p = Page(PACKING, confidence=0.8)
    p.row("STT", "Tên hàng", "Mã HS", "Số lượng", "ĐVT", "Trọng lượng", "Trị giá", "Xuất xứ")
    p.row("1", "Gạo", "1006.30", "15", "bao", "194.17", "1,204.50", "LA")
    p.row("2", "Đường", "1701.14", "8", "bao", "402.50", "3,310.00", "LA")
    p.row("", "Tổng cộng", "", "23", "", "596.67", "4,514.50")
    m = read(p)
    assert m.disagreements == ()
    for line in m.lines:
        assert all(line.confidence[name] >= CONFIDENT
                   for name in ("quantity", "gross_weight_kg", "value"))
        assert line.confidence["hs_code"] < CONFIDENT  # a total proves nothing about it


def test_a_table_continued_on_the_next_page_without_its_header() -> None:
    first = Page(PACKING)
    first.row("STT", "Tên hàng", "Mã HS", "Số lượng", "ĐVT", "Trọng lượng", "Trị giá", "Xuất xứ")
    first.row("1", "Gạo", "1006.30", "15", "bao", "194.17", "1,204.50", "LA")
    first.row("2", "Đường", "1701.14", "8", "bao", "402.50", "3,310.00", "LA")
    second = Page(PACKING, page=1)
    second.free(900, "Trang 2/2")
    second.row("3", "Muối", "2501.00", "2", "bao", "100.00", "10.00", "LA")
    second.row("", "Tổng cộng", "", "25", "", "696.67", "4,524.50")
    second.free(100, "Seal No: K777")
    m = read_words(first.words + second.words)
    assert [line.description for line in m.lines] == ["Gạo", "Đường", "Muối"]
    assert [line.line_no for line in m.lines] == [1, 2, 3]
    assert m.disagreements == () and m.seal_no == "K777"
    assert m.lines[2].confidence["gross_weight_kg"] >= CONFIDENT


def test_a_next_page_that_does_not_go_on_with_the_table_is_left_to_the_header() -> None:
    first = Page(PACKING)
    first.row("STT", "Tên hàng", "Mã HS", "Số lượng", "ĐVT", "Trọng lượng", "Trị giá", "Xuất xứ")
    first.row("1", "Gạo", "1006.30", "15", "bao", "194.17", "1,204.50", "LA")
    second = Page(PACKING, page=1)
    second.free(100, "Consignee: Công ty Lao Bảo")
    third = Page(PACKING, page=2)
    third.row("2", "Đường", "1701.14", "8", "bao", "402.50", "3,310.00", "LA")
    m = read_words(first.words + second.words + third.words)
    assert [line.description for line in m.lines] == ["Gạo"]
    assert m.consignee == "Công ty Lao Bảo"


def test_a_repeated_header_on_the_next_page_starts_the_table_again() -> None:
    first = Page(PACKING)
    first.row("STT", "Tên hàng", "Mã HS", "Số lượng", "ĐVT", "Trọng lượng", "Trị giá", "Xuất xứ")
    first.row("1", "Gạo", "1006.30", "15", "bao", "194.17", "1,204.50", "LA")
    second = Page(PACKING, page=1)
    second.row("2", "Đường", "1701.14", "8", "bao", "402.50", "3,310.00", "LA")
    second.row("STT", "Tên hàng", "Mã HS", "Số lượng", "ĐVT", "Trọng lượng", "Trị giá",
               "Xuất xứ")
    m = read_words(first.words + second.words)
    # The row before the repeated header is not taken as a continuation.
    assert [line.description for line in m.lines] == ["Gạo"]


def test_line_numbers_written_against_the_description_are_taken_off_it() -> None:
    p = Page(PACKING)
    p.row("", "Tên hàng", "Mã HS", "Số lượng", "ĐVT", "Trọng lượng", "Trị giá", "Xuất xứ")
    p.row("", "1 Máy tính", "8471.30", "20", "chiếc", "52.00", "8,400.00", "CN")
    p.row("", "2 Bia lon", "2203.00", "6", "thùng", "50.40", "85.20", "TH")
    p.row("", "7 Up", "2202.10", "6", "thùng", "50.40", "85.20", "TH")
    assert [line.description for line in read(p).lines] == ["Máy tính", "Bia lon", "7 Up"]


def test_hs_code_and_origin_written_under_the_description_with_their_labels() -> None:
    cols = layout([100, 760, 190, 140, 280], ["centre", "left", "right", "centre", "right"])
    p = Page(cols)
    p.row("STT", "Tên hàng", "SL", "ĐVT", "Khối lượng (kg)")
    p.row("No.", "Goods", "Q'ty", "UOM", "Weight")
    p.row("1", "Cà phê nhân", "15", "bao", "194.17")
    p.row("", "HS: 0901.11 - Xuất xứ / Origin: Lào")
    p.row("2", "Gạo tẻ", "8", "bao", "402.50")
    p.row("", "Mã HS 1006.30 - Made in Thái Lan")
    p.row("3", "Muối hạt, Origin unknown, HS pending", "2", "bao", "10.00")
    p.row("", "Xuất xứ:")
    p.row("4", "HS 2501.00", "1", "bao", "1.00")
    p.row("", "TTL", "26", "", "607.67")
    lines = read(p).lines
    assert [(line.description, line.hs_code, line.origin_country) for line in lines] == [
        ("Cà phê nhân", "090111", "LA"), ("Gạo tẻ", "100630", "TH"),
        ("Muối hạt, Origin unknown, HS pending Xuất xứ:", "", None), ("", "250100", None)]
    # A table with its own HS column keeps such words in the description.
    q = Page(PACKING)
    q.row("STT", "Tên hàng", "Mã HS", "Số lượng", "ĐVT", "Trọng lượng", "Trị giá", "Xuất xứ")
    q.row("1", "Gạo, HS 1006.30", "1006.30", "15", "bao", "194.17", "1,204.50", "LA")
    (line,) = read(q).lines
    assert (line.description, line.hs_code) == ("Gạo, HS 1006.30", "100630")


def test_two_columns_with_no_gap_between_them_are_cut_between_their_labels() -> None:
    words = [OcrWord("Qty", 0.9, 600, 0, 54, 30), OcrWord("Unit", 0.9, 700, 0, 72, 30),
             OcrWord("Goods", 0.9, 100, 0, 90, 30), OcrWord("Origin", 0.9, 1000, 0, 108, 30)]
    for k, (qty, unit) in enumerate((("15", "BAGS"), ("1,200", "PCS"), ("8", "CTNS"))):
        y = 100 + 60 * k
        right = 690  # quantities right-aligned, units left-aligned: 8 pixels apart
        words += [OcrWord("Rice", 0.9, 100, y, 72, 30),
                  OcrWord(qty, 0.9, right - 18 * len(qty), y, 18 * len(qty), 30),
                  OcrWord(unit, 0.9, right + 8, y, 18 * len(unit), 30),
                  OcrWord("LA", 0.9, 1000, y, 36, 30)]
    # Two words of one row overlapping (a smudge read twice) count once.
    words.append(OcrWord("LA", 0.5, 1010, 100, 36, 30))
    rows = rows_from_words(words)
    slots = find_slots(rows[:1], rows[1:], None)
    assert [slot.fields for slot in slots] == [
        ["description"], ["quantity"], ["unit"], ["origin_country"]]
    assert slots[1].cells == ["15", "1,200", "8"]
    assert slots[2].cells == ["BAGS", "PCS", "CTNS"]


def test_lines_are_numbered_as_printed_when_a_line_is_lost_or_its_number_misread() -> None:
    p = Page(PACKING)
    p.free(100, "Seal No: K1")
    p.row("STT", "Tên hàng", "Mã HS", "Số lượng", "ĐVT", "Trọng lượng", "Trị giá", "Xuất xứ")
    for number, name in (("1", "Gạo"), ("2", "Đường"), ("3", "Muối"), ("5", "Chè"), ("2", "Bia"),
                         ("7", "Cà phê")):
        p.row(number, name, "1006.30", "15", "bao", "194.17", "1,204.50", "LA")
    parsed = parse_manifest(rows_from_words(p.words))
    lines = parsed.manifest.lines
    # Line 4 was lost; "2" under 5 is a misread 6.
    assert [(line.line_no, line.description) for line in lines] == [
        (1, "Gạo"), (2, "Đường"), (3, "Muối"), (5, "Chè"), (6, "Bia"), (7, "Cà phê")]
    words = {p.words[i].text: where for i, where in parsed.word_fields.items()}
    assert words["Chè"] == (5, "description") and words["K1"] == (None, "seal_no")
    assert any("missed or read twice" in d.message for d in parsed.manifest.disagreements)


def test_printed_numbers_too_few_or_below_one_leave_the_lines_numbered_in_order() -> None:
    for numbers in (("", "", "3"), ("", "1", "2"), ("3", "2", "1")):
        p = Page(PACKING)
        p.row("STT", "Tên hàng", "Mã HS", "Số lượng", "ĐVT", "Trọng lượng", "Trị giá", "Xuất xứ")
        for number in numbers:
            p.row(number, "Gạo", "1006.30", "15", "bao", "194.17", "1,204.50", "LA")
        assert [line.line_no for line in read(p).lines] == [1, 2, 3], numbers


def test_a_photographed_next_page_lying_elsewhere_goes_on_with_the_table() -> None:
    first = Page(PACKING)
    first.row("STT", "Tên hàng", "Mã HS", "Số lượng", "ĐVT", "Trọng lượng", "Trị giá", "Xuất xứ")
    first.row("1", "Gạo", "1006.30", "15", "bao", "194.17", "1,204.50", "LA")
    first.row("2", "Đường", "1701.14", "8", "bao", "402.50", "3,310.00", "LA")
    first.y += 6 * 60
    first.free(1000, "Page 1")
    # The second page's photo lies 150 pixels to the right of the first's.
    second = Page([(left + 150, width, align) for left, width, align in PACKING], page=1)
    second.row("3", "Muối", "2501.00", "2", "bao", "100.00", "10.00", "LA")
    second.row("4", "Chè", "0902.10", "3", "bao", "30.00", "90.00", "LA")
    m = read_words(first.words + second.words)
    assert [(line.line_no, line.quantity, line.unit) for line in m.lines] == [
        (1, 15, "BAG"), (2, 8, "BAG"), (3, 2, "BAG"), (4, 3, "BAG")]
    # A next page with fewer columns is read with the first page's header.
    third = Page(PACKING, page=1)
    third.row("3", "Muối", "2501.00", "2", "bao", "100.00", "10.00")
    m = read_words(first.words + third.words)
    assert [line.quantity for line in m.lines] == [15, 8, 2]


def test_a_figure_without_decimals_in_a_column_printed_with_them_is_doubted() -> None:
    p = Page(PACKING)
    p.row("STT", "Tên hàng", "Mã HS", "Số lượng", "ĐVT", "Trọng lượng", "Trị giá", "Xuất xứ")
    for number, value, quantity in (("1", "1,204.50", "15"), ("2", "7600", "8"),
                                    ("3", "3,310.00", "3.67"), ("4", "12.25", "2"),
                                    ("5", "61.995", "1,200"), ("6", "9.99", "5"),
                                    ("7", "5.00", "6"), ("8", "6.50", "7"), ("9", "7.25", "9"),
                                    ("10", "8.75", "4")):
        p.row(number, "Gạo", "1006.30", quantity, "bao", "194.17", value, "LA")
    lines = read(p).lines
    # "76.00" read as "7600", "61.95" as "61.995", "3675" as "3.67": marks or digits lost or
    # gained.
    assert [line.confidence["value"] >= CONFIDENT for line in lines] == [
        True, False, True, True, False, True, True, True, True, True]
    assert [line.confidence["quantity"] >= CONFIDENT for line in lines] == [
        True, True, False, True, True, True, True, True, True, True]


def test_an_hs_code_kept_as_a_number_gets_its_leading_zero_back_but_is_doubted() -> None:
    p = Page(PACKING)
    p.row("STT", "Tên hàng", "Mã HS", "Số lượng", "ĐVT", "Trọng lượng", "Trị giá", "Xuất xứ")
    p.row("1", "Sầu riêng", "81060", "15", "thùng", "194.17", "1,204.50", "TH")
    p.row("2", "Gạo", "1006.30", "8", "bao", "402.50", "3,310.00", "TH")
    p.row("3", "Chè", "0902.10", "3", "bao", "30.00", "90.00", "TH")
    first, second, _third = read(p).lines
    assert (first.hs_code, second.hs_code) == ("081060", "100630")
    assert first.confidence["hs_code"] < CONFIDENT <= second.confidence["hs_code"]


def test_a_speck_read_as_a_figure_on_a_row_of_its_own_starts_no_goods_line() -> None:
    s = Sheet()
    s.line(*table_row("No", "Description", "HS code", "Quantity", "Unit"))
    s.line(*table_row("", "", "", "1", ""))
    s.line(*table_row("", "Dried mango slices", "200899", "3", "CTN"))
    s.line(*table_row("2", "Chilli sauce", "21039020", "15", "CTN"))
    s.line(*table_row("3", "Refined palm olein", "151190", "57", "CTN"))
    lines = parse_manifest(rows_from_words(s.words)).manifest.lines
    assert [(line.line_no, line.description, line.quantity) for line in lines] == [
        (1, "Dried mango slices", 3), (2, "Chilli sauce", 15), (3, "Refined palm olein", 57)]
