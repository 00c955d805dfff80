"""Word boxes into rows by vertical overlap, and column bands from the header."""

from __future__ import annotations

from borderdesk.ocr.layout import OcrWord, column_of, columns_from_header, rows_from_words


def word(
    text: str, left: int, top: int, width: int = 80, height: int = 30, page: int = 0
) -> OcrWord:
    return OcrWord(text, 0.9, left, top, width, height, page=page)


def test_words_on_one_line_form_one_row_sorted_left_to_right() -> None:
    words = [word("HS", 500, 102), word("Rice", 100, 100), word("25", 300, 98)]
    rows = rows_from_words(words)
    assert [row.text for row in rows] == ["Rice 25 HS"]
    assert [index for index, _ in rows[0].words] == [1, 2, 0]
    assert (rows[0].top, rows[0].bottom) == (98, 132)


def test_lines_apart_make_rows_top_to_bottom_and_blank_words_are_dropped() -> None:
    words = [word("second", 100, 200), word("first", 100, 100), word("  ", 300, 100)]
    assert [row.text for row in rows_from_words(words)] == ["first", "second"]


def test_a_slightly_tilted_line_stays_one_row_but_the_next_line_does_not() -> None:
    words = [word("a", 100, 100), word("b", 300, 108), word("c", 500, 116), word("d", 100, 145)]
    assert [row.text for row in rows_from_words(words)] == ["a b c", "d"]


def test_pages_are_kept_apart() -> None:
    words = [word("p2", 100, 100, page=1), word("p1", 100, 100, page=0)]
    assert [row.text for row in rows_from_words(words)] == ["p1", "p2"]


def test_zero_height_boxes_do_not_break_grouping() -> None:
    words = [word("a", 100, 100, height=0), word("b", 300, 100, height=0),
             word("c", 100, 300, height=0)]
    assert [row.text for row in rows_from_words(words)] == ["a b", "c"]


def test_no_words_no_rows() -> None:
    assert rows_from_words([]) == []


def test_column_bands_follow_the_gap_between_the_cells() -> None:
    # "Description" label is short and left; its cells run far right, up to x=900.
    labels = [("hs_code", 960, 1100), ("description", 100, 300), ("description", 100, 420)]
    body = [word("Long description text", 100, 200, width=800), word("190110", 960, 200, width=120)]
    columns = columns_from_header(labels, body)
    assert [c.field for c in columns] == ["description", "hs_code"]
    assert (columns[0].label_left, columns[0].label_right) == (100, 420)
    assert 900 <= columns[0].right <= 960
    assert column_of(columns, word("text", 820, 300, width=70)) == columns[0]
    assert column_of(columns, word("1901", 970, 300)) == columns[1]


def test_without_body_words_the_boundary_lies_between_the_labels() -> None:
    columns = columns_from_header([("a", 0, 100), ("b", 300, 400)])
    assert 100 <= columns[0].right <= 300
    assert columns[0].left == float("-inf") and columns[1].right == float("inf")


def test_overlapping_labels_still_give_ordered_columns() -> None:
    columns = columns_from_header([("a", 0, 400), ("b", 100, 200)])
    assert [c.field for c in columns] == ["b", "a"] or [c.field for c in columns] == ["a", "b"]
    assert column_of([], word("x", 0, 0)) is None


def test_word_properties() -> None:
    w = word("x", 10, 20, width=30, height=40)
    assert (w.right, w.bottom, w.centre_x) == (40, 60, 25.0)


def test_lines_of_a_tilted_page_stay_apart() -> None:
    # Each line climbs 40 pixels across the page; its right end is level with
    # the next line's left end.
    words = [OcrWord(f"w{line}{k}", 0.9, 100 + 300 * k, 100 + 45 * line - 8 * k, 200, 30)
             for line in range(3) for k in range(6)]
    rows = rows_from_words(words)
    assert [[w.text for _, w in row.words] for row in rows] == [
        [f"w{line}{k}" for k in range(6)] for line in range(3)]
