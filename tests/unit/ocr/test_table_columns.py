"""The goods table's columns found on the page: by rules, by alignment, by content.

Pages are laid out by hand the way tesseract reports them (words with boxes),
with cells aligned left, right, centred or on the decimal mark.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st
from table_pages import CHAR, PACKING, PAD, PITCH, Page, layout, read

from borderdesk.domain.manifest import CONFIDENT
from borderdesk.ocr.column_types import assign_fields, profile
from borderdesk.ocr.columns import find_slots
from borderdesk.ocr.layout import LayoutRow, OcrWord, Ruling, rows_from_words

# ---- Headers the reader does not know (the issue's own case is in test_ocr_parse.py)


def test_the_abbreviated_bilingual_headers_of_real_packing_lists_are_known() -> None:
    p = Page(PACKING)
    p.row("STT", "Tên hàng", "Mã HS", "SL", "ĐVT", "T.lượng (kg)", "T.giá (USD)", "C/O")
    p.row("1", "Gạo tẻ hạt dài", "1006.30", "15", "bao", "194.17", "1,204.50", "LA")
    p.row("2", "Cà phê nhân", "0901.11", "8", "bao", "402.50", "3,310.00", "LA")
    first, second = read(p).lines
    assert (first.quantity, first.unit, first.gross_weight_kg) == (15, "BAG", Decimal("194.17"))
    assert first.confidence["quantity"] >= CONFIDENT
    assert first.confidence["gross_weight_kg"] >= CONFIDENT
    assert (second.value, second.currency, second.origin_country) == (
        Decimal("3310.00"), "USD", "LA")


def test_a_column_with_an_unreadable_header_is_placed_by_its_content_but_not_trusted() -> None:
    p = Page(PACKING)
    p.row("No.", "Description", "~#%", "Qty", "", "x;:z", "Amount", "@@")
    p.row("1", "Long grain rice", "1006.30", "15", "BAGS", "194.17", "1,204.50", "Laos")
    p.row("2", "Coffee beans", "0901.11", "8", "BAGS", "402.50", "3,310.00", "Thailand")
    p.row("3", "Raw cane sugar", "1701.14", "120", "BAGS", "6,036.00", "2,880.00", "VN")
    lines = read(p).lines
    assert [line.hs_code for line in lines] == ["100630", "090111", "170114"]
    assert [line.unit for line in lines] == ["BAG"] * 3
    assert [line.origin_country for line in lines] == ["LA", "TH", "VN"]
    assert [line.gross_weight_kg for line in lines] == [
        Decimal("194.17"), Decimal("402.50"), Decimal("6036.00")]
    # Placed by content alone: the officer looks.
    assert all(line.confidence["gross_weight_kg"] < CONFIDENT for line in lines)
    assert all(line.confidence["quantity"] >= CONFIDENT for line in lines)


def test_a_header_that_says_one_thing_over_content_of_another_is_doubted() -> None:
    p = Page(PACKING)
    p.row("STT", "Tên hàng", "Mã HS", "Số lượng", "ĐVT", "Trọng lượng", "Xuất xứ", "Trị giá")
    p.row("1", "Gạo", "1006.30", "15", "bao", "194.17", "Lào", "1,204.50")
    p.row("2", "Đường", "1701.14", "8", "bao", "402.50", "Lào", "3,310.00")
    lines = read(p).lines
    assert [line.quantity for line in lines] == [15, 8]
    # A unit column headed "Trọng lượng" ... here the weight sits under its own
    # label and the value under "Trị giá", so nothing is doubted.
    assert all(line.confidence["value"] >= CONFIDENT for line in lines)
    q = Page(PACKING)
    q.row("STT", "Tên hàng", "Mã HS", "Số lượng", "ĐVT", "Xuất xứ", "Trị giá", "Trọng lượng")
    q.row("1", "Gạo", "1006.30", "15", "bao", "194.17", "1,204.50", "Lào")
    q.row("2", "Đường", "1701.14", "8", "bao", "402.50", "3,310.00", "Lào")
    doubted = read(q).lines
    # "Xuất xứ" over figures and "Trọng lượng" over country names: not trusted.
    assert all(line.confidence.get("gross_weight_kg", 0.0) < CONFIDENT for line in doubted)


def test_net_and_gross_weights_both_in_kg_under_unreadable_labels_are_doubted() -> None:
    cols = layout([100, 400, 200, 130, 240, 240, 260, 260],
                  ["centre", "left", "right", "centre", "right", "right", "right", "right"])
    p = Page(cols)
    p.row("No.", "Description", "Qty", "Unit", "~~ (kg)", "~~ (kg)", "~~ (USD)", "~~ (USD)")
    p.row("1", "Rice", "15", "BAGS", "190.00", "194.17", "80.30", "1,204.50")
    p.row("2", "Coffee", "8", "BAGS", "400.00", "402.50", "413.75", "3,310.00")
    lines = read(p).lines
    # The bigger figures are taken (gross weight, amount), but never as sure.
    assert [line.gross_weight_kg for line in lines] == [Decimal("194.17"), Decimal("402.50")]
    assert [line.value for line in lines] == [Decimal("1204.50"), Decimal("3310.00")]
    for line in lines:
        assert line.confidence["gross_weight_kg"] < CONFIDENT
        assert line.confidence["value"] < CONFIDENT


def test_a_weight_in_kg_lighter_than_the_labelled_net_weight_is_doubted() -> None:
    cols = layout([100, 400, 200, 130, 240, 240],
                  ["centre", "left", "right", "centre", "right", "right"])
    p = Page(cols)
    p.row("No.", "Description", "Qty", "Unit", "N.W.", "~~ (kg)")
    p.row("1", "Rice", "15", "BAGS", "194.17", "190.00")
    p.row("2", "Coffee", "8", "BAGS", "402.50", "400.00")
    lines = read(p).lines
    assert all(line.confidence["gross_weight_kg"] < CONFIDENT for line in lines)


def test_two_weight_columns_with_unreadable_headers_are_both_doubted() -> None:
    cols = layout([100, 560, 200, 130, 240, 240],
                  ["centre", "left", "right", "centre", "right", "right"])
    p = Page(cols)
    p.row("No.", "Description", "Qty", "Unit", "~~~", "~~~")
    p.row("1", "Rice", "15", "BAGS", "190.00", "194.17")
    p.row("2", "Coffee", "8", "BAGS", "400.00", "402.50")
    lines = read(p).lines
    for line in lines:
        assert line.confidence.get("gross_weight_kg", 0.0) < CONFIDENT


# ---- Ruled tables and how cells line up


def test_a_ruled_table_takes_its_columns_from_the_rules() -> None:
    # Cells so tight that no whitespace runs between quantity and unit.
    cols = [(100, 100, "centre"), (200, 400, "left"), (600, 120, "right"), (720, 90, "left"),
            (810, 200, "right")]
    p = Page(cols)
    p.row("No", "Description", "Qty", "Unit", "Gross weight")
    p.row("1", "Rice", "15", "BAGS", "194.17")
    p.row("2", "Sugar", "1200", "BAGS", "6,036.00")
    # Without rules the quantity's right edge touches the unit's left edge.
    rules = Ruling(0, vertical=tuple((x, 80, 400) for x in (100, 200, 600, 716, 810, 1010)))
    lines = read(p, (rules,)).lines
    assert [(line.quantity, line.unit) for line in lines] == [(15, "BAG"), (1200, "BAG")]


def test_rules_of_another_page_or_too_short_are_not_column_borders() -> None:
    p = Page(PACKING)
    p.row("STT", "Tên hàng", "Mã HS", "Số lượng", "ĐVT", "Trọng lượng", "Trị giá", "Xuất xứ")
    p.row("1", "Gạo", "1006.30", "15", "bao", "194.17", "1,204.50", "LA")
    p.row("2", "Đường", "1701.14", "8", "bao", "402.50", "3,310.00", "LA")
    stub = Ruling(0, vertical=((700, 0, 20), (900, 0, 20), (1100, 0, 20)))
    other = Ruling(3, vertical=((700, 0, 900), (900, 0, 900)))
    for rulings in ((stub,), (other,)):
        assert [line.quantity for line in read(p, rulings).lines] == [15, 8]


def test_a_wrapped_description_does_not_split_its_column() -> None:
    p = Page(PACKING)
    p.row("STT", "Tên hàng", "Mã HS", "Số lượng", "ĐVT", "Trọng lượng", "Trị giá", "Xuất xứ")
    p.row("1", "Sữa bột công thức", "1901.10", "15", "lon", "194.17", "1,204.50", "TH")
    p.row("", "cho trẻ em, lon 800 g")
    p.row("2", "Đường", "1701.14", "8", "bao", "402.50", "3,310.00", "TH")
    first, second = read(p).lines
    assert first.description == "Sữa bột công thức cho trẻ em, lon 800 g"
    assert (first.unit, second.unit) == ("TIN", "BAG")


def test_a_description_running_into_the_next_column_on_one_row_stays_one_cell() -> None:
    p = Page(PACKING)
    p.row("STT", "Tên hàng", "Mã HS", "Số lượng", "ĐVT", "Trọng lượng", "Trị giá", "Xuất xứ")
    for k in range(1, 14):
        p.row(str(k), "Gạo", "1006.30", "15", "bao", "194.17", "1,204.50", "TH")
    # A long name spills past its column's edge on one row.
    p.put(PACKING[1][0] + PAD, "Sữa bột công thức cho trẻ em lon")
    p.row("14", "", "1901.10", "15", "lon", "194.17", "1,204.50", "TH")
    lines = read(p).lines
    assert len(lines) == 14
    assert lines[-1].description == "Sữa bột công thức cho trẻ em lon"
    assert lines[-1].hs_code == "190110"


# ---- Totals, line numbers, pages


def test_an_item_on_two_rows_with_its_hs_code_on_the_second_stays_one_line() -> None:
    p = Page(PACKING)
    p.row("STT", "Tên hàng", "Mã HS", "Số lượng", "ĐVT", "Trọng lượng", "Trị giá", "Xuất xứ")
    p.row("1", "Sữa bột công thức", "", "15", "lon", "194.17", "1,204.50", "TH")
    p.row("", "cho trẻ em", "1901.10")
    p.row("2", "Đường mía", "", "8", "bao", "402.50", "3,310.00", "TH")
    p.row("", "thô", "1701.14")
    # The second line's number was not read: its quantity still starts it.
    p.row("", "Muối", "2501.00", "2", "bao", "100.00", "10.00", "TH")
    lines = read(p).lines
    assert [(line.description, line.hs_code, line.quantity) for line in lines] == [
        ("Sữa bột công thức cho trẻ em", "190110", 15), ("Đường mía thô", "170114", 8),
        ("Muối", "250100", 2)]


def test_a_total_row_that_disagrees_marks_the_column_for_the_officer() -> None:
    p = Page(PACKING)
    p.row("STT", "Tên hàng", "Mã HS", "Số lượng", "ĐVT", "Trọng lượng", "Trị giá", "Xuất xứ")
    p.row("1", "Gạo", "1006.30", "15", "bao", "194.17", "1,204.50", "LA")
    p.row("2", "Đường", "1701.14", "8", "bao", "402.50", "3,310.00", "LA")
    p.row("3", "Muối", "2501.00", "2", "bao", "100.00", "10.00", "LA")
    p.row("", "Total", "", "", "", "1,596.67")
    m = read(p)
    assert m.disagreements
    assert all(line.confidence["gross_weight_kg"] < CONFIDENT for line in m.lines)


# ---- The column finder, property-based

_FIELDS = {
    "description": (["Description", "Tên hàng"], ["Rice", "Raw cane sugar", "Cà phê nhân"]),
    "hs_code": (["HS code", "Mã HS"], ["1006.30", "170114", "0901.11"]),
    "quantity": (["Qty", "Số lượng"], ["15", "1,200", "8"]),
    "unit": (["Unit", "ĐVT"], ["BAGS", "thùng", "PCS"]),
    "gross_weight_kg": (["G.W. (kg)", "T.lượng"], ["194.17", "6,036.00", "0.45"]),
    "value": (["Amount", "Trị giá"], ["1,204.50", "310,270.00", "9.99"]),
    "origin_country": (["Origin", "Xuất xứ"], ["Laos", "TH", "Trung Quốc"]),
}
_ALIGNS = ("left", "right", "centre", "decimal")


@st.composite
def tables(draw: st.DrawFn) -> tuple[Page, list[str], list[list[str]], bool]:
    names = draw(st.permutations(list(_FIELDS)))[: draw(st.integers(3, len(_FIELDS)))]
    columns = []
    x = 100
    for name in names:
        longest = max([*_FIELDS[name][1], *_FIELDS[name][0]], key=len)
        align = draw(st.sampled_from(_ALIGNS))
        # A decimal column keeps room for a fraction on figures written without one.
        width = CHAR * len(longest) + 2 * PAD + draw(st.integers(0, 120)) + (
            3 * CHAR if align == "decimal" else 0)
        columns.append((x, width, align))
        x += width + draw(st.integers(0, 60))
    page = Page(columns)
    unknown = draw(st.lists(st.booleans(), min_size=len(names), max_size=len(names)))
    page.row(*(("?" * 3) if hide else draw(st.sampled_from(_FIELDS[name][0]))
               for name, hide in zip(names, unknown, strict=True)))
    body = [[draw(st.sampled_from(_FIELDS[name][1])) for name in names]
            for _ in range(draw(st.integers(1, 8)))]
    for cells in body:
        page.row(*cells)
    return page, names, body, any(unknown)


@settings(max_examples=150, deadline=None)
@given(tables())
def test_every_cell_lands_in_its_column(
    table: tuple[Page, list[str], list[list[str]], bool],
) -> None:
    page, names, body, _unknown = table
    rows = rows_from_words(page.words)
    slots = find_slots(rows[:1], rows[1:], None)
    assert len(slots) == len(names)
    for k, slot in enumerate(slots):
        assert slot.cells == [cells[k] for cells in body]


@settings(max_examples=100, deadline=None)
@given(tables())
def test_known_headers_give_every_field_at_full_placement(
    table: tuple[Page, list[str], list[list[str]], bool],
) -> None:
    page, names, _body, unknown = table
    rows = rows_from_words(page.words)
    columns = assign_fields(find_slots(rows[:1], rows[1:], None))
    if not unknown:
        assert [column.field for column in columns] == names
        assert all(column.placement == 1.0 for column in columns)
    else:
        # Placed by content or not at all; never confidently in the wrong field.
        for column, name in zip(columns, names, strict=True):
            assert column.field == name or column.placement < CONFIDENT or \
                column.field.startswith("_")


def test_content_profiles() -> None:
    assert profile([]).kind == "empty"
    assert profile(["1", "2", "3"]).kind == "line_no"
    assert profile(["15", "8", "120"]).kind == "number"
    assert profile(["1006.30", "170114"]).kind == "hs"
    assert profile(["BAGS", "thùng"]).kind == "unit"
    assert profile(["USD", "THB"]).kind == "currency"
    assert profile(["Laos", "Thái Lan"]).kind == "country"
    assert profile(["Rice", "Sugar", "15"]).kind == "text"
    assert profile(["194.17 kg", "3.00 kg"]).kg


def test_no_body_gives_no_columns() -> None:
    header = LayoutRow(((0, OcrWord("Qty", 0.9, 0, 0, 54, 30)),), 0, 30)
    assert find_slots([header], [], None) == []


# ---- Odd tables


def test_a_wide_space_inside_a_description_does_not_make_a_column_of_its_own() -> None:
    p = Page(PACKING)
    p.row("STT", "Tên hàng", "Mã HS", "Số lượng", "ĐVT", "Trọng lượng", "Trị giá", "Xuất xứ")
    p.put(PACKING[1][0] + PAD, "Gạo")
    p.put(PACKING[1][0] + PAD + 7 * CHAR, "tẻ hạt dài")
    p.row("1", "", "1006.30", "15", "bao", "194.17", "1,204.50", "LA")
    (line,) = read(p).lines
    assert line.description == "Gạo tẻ hạt dài" and line.hs_code == "100630"


def test_figures_under_an_unknown_header_are_placed_by_brackets_and_kg_words() -> None:
    cols = layout([100, 400, 200, 130, 260, 260],
                  ["centre", "left", "right", "centre", "right", "right"])
    p = Page(cols)
    p.row("No.", "Description", "Qty", "Unit", "Masse", "Betrag (EUR)")
    p.row("1", "Rice", "15", "BAGS", "194.17 kg", "1,204.50")
    p.row("2", "Sugar", "8", "BAGS", "402.50 kg", "3,310.00")
    lines = read(p).lines
    assert [line.gross_weight_kg for line in lines] == [Decimal("194.17"), Decimal("402.50")]
    assert [(line.value, line.currency) for line in lines] == [
        (Decimal("1204.50"), "EUR"), (Decimal("3310.00"), "EUR")]
    assert all(line.confidence["value"] >= CONFIDENT for line in lines)  # "(EUR)" and cents
    assert all(line.confidence["gross_weight_kg"] < CONFIDENT for line in lines)


def test_whole_numbers_beside_the_unit_column_are_the_quantity() -> None:
    cols = layout([100, 400, 200, 130, 260],
                  ["centre", "left", "right", "centre", "right"])
    p = Page(cols)
    p.row("No.", "Description", "~~~", "Unit", "Value")
    p.row("1", "Rice", "15", "BAGS", "1,204.50")
    p.row("2", "Sugar", "1,200", "BAGS", "3,310.00")
    lines = read(p).lines
    assert [line.quantity for line in lines] == [15, 1200]
    assert all(line.confidence["quantity"] < CONFIDENT for line in lines)


def test_one_field_named_over_two_columns_is_doubted_in_both() -> None:
    cols = layout([100, 400, 200, 200, 130],
                  ["centre", "left", "right", "right", "centre"])
    p = Page(cols)
    p.row("No.", "Description", "Qty", "Quantity", "Origin")
    p.row("1", "Rice", "15", "16", "LA")
    p.row("2", "Sugar", "8", "9", "LA")
    lines = read(p).lines
    assert [line.quantity for line in lines] == [15, 8]
    assert all(line.confidence["quantity"] < CONFIDENT for line in lines)


def test_several_unlabelled_figure_columns_are_guessed_but_never_trusted() -> None:
    cols = layout([100, 400, 200, 260, 260, 150, 150],
                  ["centre", "left", "right", "right", "right", "centre", "centre"])
    p = Page(cols)
    p.row("No.", "Description", "~~~", "~~~", "~~~", "Origin", "Unit")
    p.row("1", "Rice", "15", "194", "91,204.50", "LA", "BAGS")
    p.row("2", "Sugar", "8", "402", "93,310.00", "LA", "BAGS")
    lines = read(p).lines
    assert [line.value for line in lines] == [Decimal("91204.50"), Decimal("93310.00")]
    assert [line.quantity for line in lines] == [15, 8]
    assert [line.gross_weight_kg for line in lines] == [None, None]  # no second whole field
    for line in lines:
        assert all(line.confidence.get(name, 0.0) < CONFIDENT
                   for name in ("quantity", "gross_weight_kg", "value"))


def test_a_cell_across_every_rule_and_words_with_no_width_leave_no_column() -> None:
    from borderdesk.ocr.columns import cuts_from_alignment

    flat = LayoutRow(((0, OcrWord("15", 0.9, 100, 0, 0, 30)),), 0, 30)
    assert cuts_from_alignment([flat]) == []
    across = LayoutRow(((0, OcrWord("1,573.925,697", 0.9, 100, 100, 360, 30)),), 100, 130)
    header = LayoutRow(((1, OcrWord("Qty", 0.9, 300, 0, 54, 30)),), 0, 30)
    rules = Ruling(0, vertical=((50, 0, 200), (300, 0, 200), (600, 0, 200)))
    slots = find_slots([header], [across], rules)
    # The label goes over the band it stands in: no cell says where its column is.
    assert [(slot.fields, slot.cells) for slot in slots] == [
        ([], ["1,573.925,697"]), (["quantity"], [""])]


def test_a_description_whose_label_was_not_read_is_the_column_with_the_most_text() -> None:
    cols = layout([100, 400, 200, 200, 130],
                  ["centre", "left", "centre", "right", "centre"])
    p = Page(cols)
    p.row("No.", "~~~~", "HS code", "Qty", "Unit")
    p.row("1", "Long grain rice", "1006.30", "15", "BAGS")
    p.row("2", "Coffee beans", "0901.11", "8", "BAGS")
    assert [line.description for line in read(p).lines] == ["Long grain rice", "Coffee beans"]


def test_a_label_printed_on_two_lines_names_its_column() -> None:
    cols = layout([100, 500, 220, 170, 130],
                  ["centre", "left", "centre", "right", "centre"])
    p = Page(cols)
    p.row("Item", "Goods description", "Commodity", "Q'ty", "UOM")
    p.row("", "", "code")
    p.row("1", "Jasmine rice", "1006.30", "15", "BAGS")
    p.row("2", "Durians", "0810.60", "8", "CTNS")
    lines = read(p).lines
    assert [(line.description, line.hs_code) for line in lines] == [
        ("Jasmine rice", "100630"), ("Durians", "081060")]


def test_the_issues_ruled_english_invoice_is_read_with_its_rules() -> None:
    cols = layout([220, 560, 150, 150, 110, 220, 260],
                  ["centre", "left", "centre", "right", "centre", "right", "right"])
    p = Page(cols)
    p.row("HS Code", "Description of goods", "Origin", "Qty", "Unit", "G.W. (kg)",
          "Amount (USD)")
    p.row("1006.30", "Jasmine rice", "TH", "400", "BAGS", "10,080.00", "8,400.00")
    p.row("0810.60", "Fresh durians", "TH", "1,049", "CTNS", "19,406.50", "65,038.00")
    p.row("", "Total", "", "1,449", "", "29,486.50", "73,438.00")
    edges = [x for x, _, _ in cols] + [cols[-1][0] + cols[-1][1]]
    rules = Ruling(0, vertical=tuple((x, 90, p.y) for x in edges),
                   horizontal=tuple((y, edges[0], edges[-1]) for y in range(90, p.y, PITCH)))
    m = read(p, (rules,))
    assert [(line.hs_code, line.origin_country, line.quantity, line.unit) for line in m.lines] == [
        ("100630", "TH", 400, "BAG"), ("081060", "TH", 1049, "CTN")]
    assert [(line.gross_weight_kg, line.value, line.currency) for line in m.lines] == [
        (Decimal("10080.00"), Decimal("8400.00"), "USD"),
        (Decimal("19406.50"), Decimal("65038.00"), "USD")]
    assert m.disagreements == ()
    assert all(level >= CONFIDENT for line in m.lines for level in line.confidence.values())


def test_a_table_ruled_only_around_its_edge_still_has_its_columns() -> None:
    p = Page(PACKING)
    p.row("STT", "Tên hàng", "Mã HS", "Số lượng", "ĐVT", "Trọng lượng", "Trị giá", "Xuất xứ")
    p.row("1", "Gạo", "1006.30", "15", "bao", "194.17", "1,204.50", "LA")
    p.row("2", "Đường", "1701.14", "8", "bao", "402.50", "3,310.00", "LA")
    right = PACKING[-1][0] + PACKING[-1][1]
    frame = Ruling(0, vertical=((PACKING[0][0], 90, p.y), (right, 90, p.y)))
    lines = read(p, (frame,)).lines
    assert [(line.quantity, line.unit, line.gross_weight_kg) for line in lines] == [
        (15, "BAG", Decimal("194.17")), (8, "BAG", Decimal("402.50"))]


def test_two_labels_that_disagree_over_one_column_are_settled_but_doubted() -> None:
    cols = layout([100, 400, 220, 200, 130, 240],
                  ["centre", "left", "centre", "right", "centre", "right"])
    p = Page(cols)
    # The Vietnamese label over the quantities was misread as the weight's.
    p.row("STT", "Tên hàng", "Mã HS", "Trọng lượng", "ĐVT", "Trọng lượng")
    p.row("No.", "Goods", "HS", "Quantity", "Unit", "Weight")
    p.row("1", "Gạo", "1006.30", "15", "bao", "194.17")
    p.row("2", "Đường", "1701.14", "8", "bao", "402.50")
    lines = read(p).lines
    assert [(line.quantity, line.gross_weight_kg) for line in lines] == [
        (15, Decimal("194.17")), (8, Decimal("402.50"))]
    assert all(line.confidence["quantity"] < CONFIDENT for line in lines)


def test_units_and_countries_under_a_label_naming_another_field_go_by_their_content() -> None:
    # "Loại kiện" (kind of package) is one letter from "Loại tiền" (currency), and a photo
    # reads "Nước" as "Neto": the cells say which field the column is.
    p = Page(PACKING)
    p.row("STT", "Tên hàng", "Mã HS", "Số kiện", "Loại tiền", "K.lượng (kg)", "Trị giá (CNY)",
          "Neto")
    p.row("1", "Tấm pin năng lượng", "8541.43", "54", "cái", "1.306,24", "33.739,20", "Nhật Bản")
    p.row("2", "Phân bón NPK", "3105.20", "41", "bao", "2.104,17", "6.113,10", "Trung Quốc")
    p.row("3", "Thép thanh vằn", "7214.20", "22", "cuộn", "2.185,82", "9.528,20", "Hàn Quốc")
    lines = read(p).lines
    assert [line.unit for line in lines] == ["PCE", "BAG", "ROL"]
    assert [line.quantity for line in lines] == [54, 41, 22]
    assert [line.origin_country for line in lines] == ["JP", "CN", "KR"]
    assert {line.currency for line in lines} == {"CNY"}
    # Placed against their label: the officer looks at the units and countries.
    assert all(line.confidence["unit"] < CONFIDENT for line in lines)
    assert all(line.confidence["origin_country"] < CONFIDENT for line in lines)


def test_the_column_labels_of_release_orders_and_broker_lists_are_known() -> None:
    p = Page(PACKING)
    p.row("Pos.", "Cargo", "Tariff line", "Pcs", "Pack", "Kilos", "Declared value", "Cntry")
    p.row("01", "Refined palm olein", "151190", "25", "CTN", "465", "675.00", "TH")
    p.row("02", "Fresh dragon fruit", "08109010", "133", "CTN", "1,548", "1,862.00", "CN")
    first, second = read(p).lines
    assert (first.description, first.hs_code, first.quantity, first.unit) == (
        "Refined palm olein", "151190", 25, "CTN")
    assert (second.gross_weight_kg, second.value, second.origin_country) == (
        Decimal("1548"), Decimal("1862.00"), "CN")
    assert second.confidence["gross_weight_kg"] >= CONFIDENT


def test_a_header_naming_three_columns_runs_on_over_lines_that_name_more() -> None:
    # A tall header cell a photo cut into lines: each line under the first names columns.
    p = Page(PACKING)
    p.row("No.", "Description of goods", "HS code", "Qty", "", "", "")
    p.row("", "", "", "", "UOM", "", "")
    p.row("", "", "", "", "", "G.W. (kg)", "")
    p.row("", "", "", "", "", "", "Amount (USD)")
    p.row("1", "Cassava chips", "071410", "120", "BAG", "6,000.00", "1,440.00")
    p.row("2", "Coffee beans", "090111", "80", "BAG", "4,800.00", "12,480.00")
    lines = read(p).lines
    assert [line.description for line in lines] == ["Cassava chips", "Coffee beans"]
    assert [(line.quantity, line.unit) for line in lines] == [(120, "BAG"), (80, "BAG")]
    assert [(line.gross_weight_kg, line.value) for line in lines] == [
        (Decimal("6000.00"), Decimal("1440.00")), (Decimal("4800.00"), Decimal("12480.00"))]
