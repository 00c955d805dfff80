"""A manifest's figures against each other: what the officer is told when the paper disagrees
with itself, and which figures stop being trusted."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from borderdesk.domain.manifest import CONFIDENT, ManifestLine
from borderdesk.i18n import in_language
from borderdesk.ocr.cross_checks import (
    DOUBTED,
    PrintedTotals,
    cross_check,
    figure_text,
    one_slip_away,
)

D = Decimal
READ = 0.96  # what recognition said of every figure below
FIGURES = ("quantity", "gross_weight_kg", "value")


def line(no: int, quantity: str | None, unit: str, weight: str | None, value: str | None,
         currency: str = "USD", description: str = "Goods") -> ManifestLine:
    confidence = {"description": READ, "unit": READ}
    confidence.update({name: READ for name, figure in zip(FIGURES, (quantity, weight, value),
                                                           strict=True) if figure is not None})
    return ManifestLine(
        no, description, "", None if quantity is None else D(quantity), unit,
        None if weight is None else D(weight), None if value is None else D(value), currency,
        "TH", confidence)


def packing_list() -> list[ManifestLine]:
    """Three lines of a Thai rice and milk consignment: 4,851.00 kg, 39,500.00 USD."""
    return [
        line(1, "100", "BAG", "2500.50", "12000.00", description="Jasmine rice, 25 kg bags"),
        line(2, "1200", "TIN", "1100.50", "24000.00", description="Infant milk formula, 800 g"),
        line(3, "50", "BAG", "1250.00", "3500.00", description="Cane sugar, 25 kg bags"),
    ]


def totals(quantity: str | None = "1350", weight: str | None = "4851.00",
           value: str | None = "39500.00", confidence: float = READ) -> PrintedTotals:
    values = {name: D(figure) for name, figure in zip(FIGURES, (quantity, weight, value),
                                                      strict=True) if figure is not None}
    return PrintedTotals(values, dict.fromkeys(values, confidence))


def replaced(lines: list[ManifestLine], index: int, **changes: object) -> list[ManifestLine]:
    out = list(lines)
    out[index] = dataclasses.replace(out[index], **changes)  # type: ignore[arg-type]
    return out


def doubted(lines: tuple[ManifestLine, ...]) -> set[tuple[int, str]]:
    return {(ln.line_no, name) for ln in lines for name, level in ln.confidence.items()
            if level < CONFIDENT}


# ---- Column sums against the total row


def test_a_document_that_adds_up_keeps_every_confidence() -> None:
    lines = packing_list()
    checked, found = cross_check(lines, totals(), [1, 2, 3])
    assert found == ()
    assert checked == tuple(lines)


def test_lines_rounded_to_cents_may_miss_a_whole_total_by_rounding() -> None:
    lines = replaced(packing_list(), 0, gross_weight_kg=D("2500.33"))  # sums to 4,850.83
    assert cross_check(lines, totals(weight="4851"))[1] == ()


def test_tonnes_converted_to_kilograms_keep_the_rounding_of_the_tonnes() -> None:
    """"(tấn)" columns printed to a tenth of a tonne: 12.4 t + 7.3 t against "19.6" t."""
    lines = [line(1, "500", "BAG", "12.4E+3", None), line(2, "300", "BAG", "7.3E+3", None)]
    assert cross_check(lines, totals(None, "19.6E+3", None))[1] == ()
    assert len(cross_check(lines, totals(None, "20.0E+3", None))[1]) == 1


def test_counted_quantities_must_add_up_exactly() -> None:
    lines = replaced(packing_list(), 1, unit="BAG")
    checked, found = cross_check(lines, totals(quantity="1351"))
    assert [d.message for d in found] == [
        "The lines' quantity figures add up to 1,350 BAG; the total row says 1,351 BAG."]
    assert found[0].cells == ((1, "quantity"), (2, "quantity"), (3, "quantity"),
                              (None, "total_quantity"))
    assert doubted(checked) == {(1, "quantity"), (2, "quantity"), (3, "quantity")}
    assert {ln.confidence["quantity"] for ln in checked} == {DOUBTED}


@pytest.mark.parametrize(("misread", "slip"), [
    ("1700.50", "a digit read wrong"),
    ("110.50", "a digit dropped"),
    ("11000.50", "a digit added"),
    ("110050", "the decimal mark lost"),
    ("110.050", "the decimal mark moved"),
])
def test_a_sum_off_by_one_misread_character_names_that_line_only(misread: str, slip: str) -> None:
    lines = replaced(packing_list(), 1, gross_weight_kg=D(misread))
    checked, found = cross_check(lines, totals())
    assert len(found) == 1, slip
    assert found[0].cells == ((2, "gross_weight_kg"),)
    assert "Line 2: the gross weight reads" in found[0].message
    assert "but 1,100.50 kg would make the lines add up to the total row's 4,851.00 kg" in \
        found[0].message
    assert doubted(checked) == {(2, "gross_weight_kg")}, "the other lines stay corroborated"


def test_a_leading_digit_read_as_zero_is_not_blamed_on_another_line() -> None:
    """ "100" read "000" is 0: line 2's 10 for 110 would explain the sum just as well."""
    lines = [line(1, "0", "BAG", "2500.50", None), line(2, "10", "BAG", "250.00", None)]
    checked, found = cross_check(lines, totals("110", "2750.50", None))
    assert len(found) == 1
    assert doubted(checked) == {(1, "quantity"), (2, "quantity")}


def test_a_total_read_unsure_does_not_clear_the_rest_of_the_column() -> None:
    lines = replaced(packing_list(), 1, gross_weight_kg=D("1700.50"))
    checked, found = cross_check(lines, totals(confidence=0.6))
    assert [d.message for d in found] == [
        "The lines' gross weight figures add up to 5,451.00 kg; "
        "the total row says 4,851.00 kg."]
    assert doubted(checked) == {(1, "gross_weight_kg"), (2, "gross_weight_kg"),
                                (3, "gross_weight_kg")}


def test_a_difference_several_lines_could_explain_doubts_the_whole_column() -> None:
    # 100 more: line 1's 2,500.50 could be 2,400.50, line 3's 1,250.00 could be 1,150.00.
    checked, found = cross_check(packing_list(), totals(weight="4751.00"))
    assert len(found) == 1
    assert "add up to 4,851.00 kg; the total row says 4,751.00 kg" in found[0].message
    assert (None, "total_gross_weight_kg") in found[0].cells
    assert doubted(checked) == {(n, "gross_weight_kg") for n in (1, 2, 3)}


def test_values_in_two_currencies_are_not_summed() -> None:
    lines = replaced(packing_list(), 2, currency="THB")
    assert cross_check(lines, totals(value="99999.00"))[1] == ()


def test_quantities_in_different_units_are_not_summed() -> None:
    lines = replaced(packing_list(), 1, unit="CTN")  # 100 BAG + 1,200 CTN + 50 BAG
    assert cross_check(lines, totals(quantity="4"))[1] == ()


def test_the_value_total_names_its_currency() -> None:
    found = cross_check(packing_list(), totals(value="39600.00", confidence=0.5))[1]
    assert [d.message for d in found] == [
        "The lines' value figures add up to 39,500.00 USD; the total row says 39,600.00 USD."]


def test_numbers_are_written_as_the_officer_reads_them() -> None:
    assert figure_text(D("1204.50")) == "1,204.50"
    assert figure_text(D("1.2E+3")) == "1,200"
    assert figure_text(D("1E+999999999")) == "1E+999999999"  # a smudge, quoted as read
    with in_language("vi"):
        assert figure_text(D("1204.50")) == "1.204,50"
        found = cross_check(packing_list(), totals(weight="4751.00"))[1]
    assert "4.851,00" in found[0].message


# ---- A figure missing where the other lines have one


def test_a_total_in_whole_kilograms_still_implies_the_missing_weight_to_the_gram() -> None:
    lines = [line(1, "20", "CTN", "250.40", "1800.00"), line(2, "15", "CTN", None, "1350.00")]
    _checked, found = cross_check(lines, totals("35", "445", "3150.00"), [1, 2])
    assert found[0].message == ("Line 2 has no gross weight where the other lines have one; "
                                "the total row implies 194.60 kg.")


def test_a_weight_merged_into_the_quantity_is_named_with_the_figure_the_total_implies() -> None:
    """The issue's case: "15" and "194.17" read as one quantity 15194.17, weight empty."""
    lines = [
        line(1, "20", "CTN", "250.40", "1800.00"),
        line(2, "15194.17", "CTN", None, "1350.00"),
        line(3, "10", "CTN", "120.00", "900.00"),
    ]
    checked, found = cross_check(lines, totals("45", "564.57", "4050.00"), [1, 2, 3])
    assert [d.message for d in found] == [
        "Line 2 has no gross weight where the other lines have one; "
        "the total row implies 194.17 kg.",
        "Line 2: the quantity reads 15,194.17 CTN; the total row implies 15 CTN.",
    ]
    assert (2, "gross_weight_kg") in found[0].cells
    assert found[1].cells == ((2, "quantity"),)
    assert doubted(checked) == {(2, "quantity"), (2, "value")}


def test_a_doubted_line_is_not_blamed_when_another_line_could_explain_the_sum() -> None:
    lines = [
        line(1, "20", "CTN", "250.40", "1800.00"),
        line(2, "15", "CTN", None, "1350.00"),
        line(3, "70", "CTN", "120.00", "900.00"),  # 10 printed, 70 read
    ]
    checked, found = cross_check(lines, totals("45", "564.57", "4050.00"))
    assert "The lines' quantity figures add up to 105 CTN; the total row says 45 CTN." in \
        [d.message for d in found]
    assert {(1, "quantity"), (2, "quantity"), (3, "quantity")} <= doubted(checked)


def test_several_lines_without_a_figure_make_one_message() -> None:
    lines = [*packing_list(), line(4, "10", "BAG", "250.00", "700.00")]
    lines = replaced(replaced(lines, 1, value=None), 3, value=None)
    found = cross_check(lines, None)[1]
    assert [d.message for d in found] == [
        "Lines 2, 4 have no value where the other lines have one; look at the paper."]


def test_a_single_missing_figure_without_a_total_asks_for_a_look() -> None:
    lines = replaced(packing_list(), 2, gross_weight_kg=None)
    assert [d.message for d in cross_check(lines, None)[1]] == [
        "Line 3 has no gross weight where the other lines have one; look at the paper."]


def test_a_column_most_lines_lack_is_not_a_missing_figure() -> None:
    lines = replaced(replaced(packing_list(), 0, value=None), 1, value=None)
    assert cross_check(lines, None)[1] == ()


# ---- Printed line numbers


def test_a_gap_in_the_line_numbers_names_the_lines_around_it() -> None:
    checked, found = cross_check(packing_list(), totals(), [1, 2, 4])
    assert [d.message for d in found] == [
        "The printed line numbers go from 2 to 4 (lines 2 to 3 as read): "
        "a line may have been missed or read twice."]
    assert found[0].cells == ((2, "line_no"), (3, "line_no"))
    assert (1, "quantity") not in doubted(checked)
    assert {(2, "quantity"), (3, "value"), (3, "description")} <= doubted(checked)


def test_a_line_read_twice_is_named() -> None:
    lines = [*packing_list(), line(4, "10", "BAG", "250.00", "700.00")]
    found = cross_check(lines, None, [1, 2, 2, 3])[1]
    assert [d.message for d in found] == [
        "The printed line numbers go from 2 to 2 (lines 2 to 3 as read): "
        "a line may have been missed or read twice."]


def test_one_number_out_of_step_is_a_misread_number() -> None:
    lines = [*packing_list(), line(4, "10", "BAG", "250.00", "700.00"),
             line(5, "10", "BAG", "250.00", "700.00")]
    checked, found = cross_check(lines, None, [1, 2, 8, 4, 5])
    assert [d.message for d in found] == [
        "Line 3 is numbered 8 where 3 was expected: its row may have been misread."]
    assert {n for n, _ in doubted(checked)} == {3}


@pytest.mark.parametrize("printed", [
    [16, 17, 18],        # a page that continues the list
    [1, None, 3],        # a number left unread
    [None, None, None],  # no number column read
    [],                  # no number column at all
    [1, 2],              # fewer numbers than lines
])
def test_numbers_in_step_are_not_questioned(printed: list[int | None]) -> None:
    assert cross_check(packing_list(), totals(), printed)[1] == ()


def test_an_unnumbered_row_between_consecutive_numbers_is_named() -> None:
    lines = [*packing_list(), line(4, "10", "BAG", "250.00", "700.00")]
    found = cross_check(lines, None, [1, 2, None, 3])[1]
    assert [d.cells for d in found] == [((2, "line_no"), (3, "line_no"), (4, "line_no"))]


# ---- One line's figures against each other


@pytest.mark.parametrize(("quantity", "unit", "weight"), [
    ("1000", "KGM", "1020.00"),
    ("1000", "kg", "1000"),
    ("20", "TNE", "20400.00"),
    ("500", "LTR", "540.00"),
    ("100", "BAG", "2500.50"),
    ("40", "CTN", "380.00"),
    ("3", "PCE", "4200.00"),       # three machines
    ("1", "KGM", "1"),
    ("10", "WAGON", "99999.00"),  # a unit without bounds
])
def test_plausible_weights_per_unit_pass(quantity: str, unit: str, weight: str) -> None:
    assert cross_check([line(1, quantity, unit, weight, "100.00")], None)[1] == ()


@pytest.mark.parametrize(("quantity", "unit", "weight", "per_unit"), [
    ("1000", "KGM", "10200.00", "10.20"),   # the decimal mark lost
    ("20", "TNE", "2040.00", "102"),        # a digit dropped
    ("500", "LTR", "5400.00", "10.80"),
    ("40", "CTN", "48000.00", "1,200"),
    ("5000", "BAG", "2.50", "0.000500"),
])
def test_an_implausible_weight_per_unit_doubts_quantity_and_weight(
        quantity: str, unit: str, weight: str, per_unit: str) -> None:
    checked, found = cross_check([line(7, quantity, unit, weight, "100.00")], None)
    assert len(found) == 1
    assert found[0].message.startswith("Line 7: ")
    assert f"is {per_unit} kg each, outside" in found[0].message
    assert found[0].cells == ((7, "quantity"), (7, "gross_weight_kg"))
    assert doubted(checked) == {(7, "quantity"), (7, "gross_weight_kg")}


def test_the_unit_weight_message_reads_naturally() -> None:
    found = cross_check([line(2, "1000", "KGM", "10200.00", "1.00")], None)[1]
    assert found[0].message == (
        "Line 2: 10,200.00 kg for 1,000 KGM is 10.20 kg each, outside 0.95–1.6 kg for KGM; "
        "the quantity or the weight may be misread.")


def test_gross_weight_below_net_weight_is_named() -> None:
    lines = packing_list()
    nets = [D("2450.00"), D("1400.00"), D("1200.00")]
    checked, found = cross_check(lines, totals(), net_weights_kg=nets)
    assert [d.message for d in found] == [
        "Line 2: the gross weight 1,100.50 kg is less than the net weight 1,400.00 kg."]
    assert doubted(checked) == {(2, "gross_weight_kg")}


def test_net_weights_are_held_to_their_total() -> None:
    nets = [D("2450.25"), D("1050.00"), D("1200.00")]
    good = PrintedTotals({"net_weight_kg": D("4700.25")}, {"net_weight_kg": READ})
    assert cross_check(packing_list(), good, net_weights_kg=nets)[1] == ()
    nets[0] = D("2450.75")
    found = cross_check(packing_list(), good, net_weights_kg=nets)[1]
    assert [d.cells for d in found] == [((1, "net_weight_kg"),)]
    assert "reads 2,450.75 kg, but 2,450.25 kg would make" in found[0].message


def test_quantity_times_unit_price_must_make_the_value() -> None:
    prices = [D("120.00"), D("2.00"), D("70.00")]  # line 2: 1,200 x 2.00 = 2,400.00
    checked, found = cross_check(packing_list(), totals(), unit_prices=prices)
    assert [d.message for d in found] == [
        "Line 2: 1,200 × 2.00 USD makes 2,400.00 USD, but the value reads 24,000.00 USD."]
    assert doubted(checked) == {(2, "quantity"), (2, "value")}


def test_a_price_per_kilogram_is_recognised() -> None:
    prices = [D("4.799"), D("20.00"), D("2.80")]  # line 1 priced per kg: 2,500.50 x 4.799
    assert cross_check(packing_list(), totals(), unit_prices=prices)[1] == ()


# ---- Properties


def _figure(places: int, low: str, high: str) -> st.SearchStrategy[Decimal]:
    return st.decimals(D(low), D(high), places=places, allow_nan=False, allow_infinity=False)


@st.composite
def consistent_table(draw: st.DrawFn) -> tuple[list[ManifestLine], PrintedTotals]:
    count = draw(st.integers(1, 12))
    lines = []
    for no in range(1, count + 1):
        quantity = draw(_figure(0, "1", "5000"))
        per_bag = draw(_figure(2, "1", "60"))
        weight = (quantity * per_bag).quantize(D("0.01"))
        value = draw(_figure(2, "0.01", "900000"))
        levels = {name: draw(st.floats(0.0, 1.0)) for name in FIGURES}
        lines.append(ManifestLine(no, "Goods", "", quantity, "BAG", weight, value, "USD",
                                  None, levels))
    sums = {name: sum((getattr(ln, name) for ln in lines), D(0)) for name in FIGURES}
    return lines, PrintedTotals(sums, dict.fromkeys(sums, draw(st.floats(0.0, 1.0))))


@settings(max_examples=150, deadline=None)
@given(consistent_table())
def test_property_figures_that_add_up_raise_no_doubt(
        table: tuple[list[ManifestLine], PrintedTotals]) -> None:
    lines, printed = table
    checked, found = cross_check(lines, printed, list(range(1, len(lines) + 1)))
    assert found == ()
    assert checked == tuple(lines)


@settings(max_examples=200, deadline=None)
@given(consistent_table(), st.data())
def test_property_one_digit_changed_is_found_and_not_trusted(
        table: tuple[list[ManifestLine], PrintedTotals], data: st.DataObject) -> None:
    lines, printed = table
    printed = PrintedTotals(printed.values, dict.fromkeys(printed.values, READ))
    index = data.draw(st.integers(0, len(lines) - 1))
    name = data.draw(st.sampled_from(FIGURES))
    true = getattr(lines[index], name)
    text = format(true, "f")
    position = data.draw(st.sampled_from([k for k, c in enumerate(text) if c.isdigit()]))
    digit = data.draw(st.sampled_from([d for d in "0123456789" if d != text[position]]))
    misread = D(text[:position] + digit + text[position + 1:])
    # A change no larger than the rounding the sum allows (a cent on each line printed
    # to cents) cannot be told from rounding: that is the check's stated tolerance.
    allowance = D("0.005") * (len(lines) + 1) if name != "quantity" else D(0)
    assume(abs(misread - true) > allowance)
    lines[index] = dataclasses.replace(
        lines[index], **{name: misread},  # type: ignore[arg-type]
        confidence={**lines[index].confidence, name: 0.99})
    checked, found = cross_check(lines, printed)
    named = {cell for d in found for cell in d.cells}
    assert (index + 1, name) in named
    assert checked[index].confidence[name] < CONFIDENT


_ODD_FIGURES = st.one_of(
    st.none(),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.sampled_from([D("1E+999999999"), D("-1E-999999999"), D("0"), D("-0.00"),
                     D("999999999999999.999"), D("1E-20")]),
)


@st.composite
def odd_lines(draw: st.DrawFn) -> list[ManifestLine]:
    count = draw(st.integers(0, 6))
    return [
        ManifestLine(
            draw(st.integers(-3, 10**6)), "", "", draw(_ODD_FIGURES),
            draw(st.sampled_from(["", "KGM", "kg", "TNE", "pcs", "CTN", "LTR", "??", "BAG"])),
            draw(_ODD_FIGURES), draw(_ODD_FIGURES), draw(st.sampled_from(["", "USD", "THB"])),
            None,
            draw(st.dictionaries(st.sampled_from([*FIGURES, "unit", "x"]),
                                 st.floats(-1.0, 2.0), max_size=4)))
        for _ in range(count)
    ]


@settings(max_examples=200, deadline=None)
@given(
    odd_lines(),
    st.one_of(st.none(), st.builds(
        PrintedTotals,
        st.dictionaries(st.sampled_from([*FIGURES, "net_weight_kg", "pallets"]),
                        st.decimals(allow_nan=True, allow_infinity=True)),
        st.dictionaries(st.sampled_from([*FIGURES, "net_weight_kg"]), st.floats(-1.0, 2.0)))),
    st.lists(st.one_of(st.none(), st.integers(-10**9, 10**9)), max_size=9),
    st.lists(_ODD_FIGURES, max_size=8),
    st.lists(_ODD_FIGURES, max_size=8),
)
def test_property_odd_input_never_raises_and_never_raises_a_confidence(
        lines: list[ManifestLine], printed: PrintedTotals | None, numbers: list[int | None],
        nets: list[Decimal | None], prices: list[Decimal | None]) -> None:
    checked, found = cross_check(lines, printed, numbers, net_weights_kg=nets,
                                 unit_prices=prices)
    assert len(checked) == len(lines)
    for before, after in zip(lines, checked, strict=True):
        assert all(getattr(after, f.name) is getattr(before, f.name)
                   for f in dataclasses.fields(before) if f.name != "confidence")
        for name, level in after.confidence.items():
            assert level <= before.confidence.get(name, 1.0)
    assert all(d.message and "\n" not in d.message for d in found)


def test_one_slip_away_covers_each_kind_of_misreading() -> None:
    near = set(one_slip_away(D("194.17")))
    assert {D("794.17"), D("94.17"), D("1944.17"), D("19417"), D("1941.7")} <= near
    assert D("194.17") not in near
    assert all(v >= 0 for v in near)
    assert set(one_slip_away(D("-3"))) == set()
