"""Declared lines against manifest lines: matching, and each mismatch with its near miss."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal

from check_kit import (
    ARRIVAL,
    NOMENCLATURE,
    d_line,
    declaration,
    m_line_of,
    manifest_of,
    rules_of,
    run,
)

from borderdesk.domain.findings import Rule, Severity
from borderdesk.rules.check import ArrivalFacts, check_result_to_dict
from borderdesk.rules.reconcile import describe, match_lines, reconcile
from borderdesk.rules.units import Tolerances

MILK = d_line(1)
SHOES = d_line(2, hs_code="640399", description="Leather shoes, men", quantity=Decimal(300),
               unit="PR", gross_weight_kg=Decimal(450), value=Decimal(9000), origin_country="CN")
BANANAS = d_line(3, hs_code="080390", description="Fresh bananas", quantity=Decimal("12.5"),
                 unit="TNE", gross_weight_kg=Decimal(13000), value=Decimal(5000),
                 origin_country="LA")
DECL = declaration(MILK, SHOES, BANANAS)


def check_lines(*manifest_lines: object) -> list[str]:
    manifest = manifest_of(DECL, lines=manifest_lines)
    return rules_of(run(DECL, manifest))


def test_a_manifest_in_another_order_with_other_numbers_matches() -> None:
    lines = (m_line_of(BANANAS, 1), m_line_of(MILK, 2), m_line_of(SHOES, 3))
    assert check_lines(*lines) == []


def test_descriptions_match_without_accents_or_word_order() -> None:
    assert describe("Sữa bột  trẻ em, Đức") == "sua bot tre em duc"
    lines = (m_line_of(MILK, description="800g tins infant formula milk", hs_code=""),
             m_line_of(SHOES), m_line_of(BANANAS))
    assert check_lines(*lines) == []


def test_missing_and_undeclared_lines() -> None:
    fireworks = replace(m_line_of(MILK, 9), hs_code="360410", description="Fireworks")
    result = run(DECL, manifest_of(DECL, lines=(m_line_of(MILK), m_line_of(SHOES), fireworks)))
    assert rules_of(result) == ["MISSING_LINE", "UNDECLARED_LINE"]
    missing, undeclared = result.findings
    assert missing.line == 3 and "Fresh bananas" in missing.message
    assert undeclared.line == 9 and undeclared.evidence["manifest_lines"] == [9]
    unreadable = replace(fireworks, quantity=None, description="")
    result = run(DECL, manifest_of(DECL, lines=(m_line_of(MILK), m_line_of(SHOES),
                                                 m_line_of(BANANAS), unreadable)))
    assert rules_of(result) == ["UNDECLARED_LINE"]
    assert result.findings[0].evidence["quantity"] is None


def test_a_line_split_over_two_manifest_lines_is_matched_as_a_whole() -> None:
    halves = (m_line_of(MILK, 1, quantity=Decimal(700), gross_weight_kg=Decimal("641.7"),
                        value=Decimal(14000)),
              m_line_of(MILK, 4, quantity=Decimal(500), gross_weight_kg=Decimal("458.3"),
                        value=Decimal(10000)))
    assert check_lines(*halves, m_line_of(SHOES), m_line_of(BANANAS)) == []
    matches, missing, undeclared = match_lines(DECL.lines, (*halves, m_line_of(SHOES)))
    assert [m.line_no for m in matches[0].manifest] == [1, 4]
    assert [d.line_no for d in missing] == [3] and undeclared == []


def test_an_extra_line_of_the_same_goods_beyond_the_declared_is_not_hidden() -> None:
    extra = m_line_of(MILK, 7, quantity=Decimal(100))
    assert check_lines(m_line_of(MILK), extra, m_line_of(SHOES), m_line_of(BANANAS)) == [
        "UNDECLARED_LINE"]


def test_countable_quantities_are_exact() -> None:
    result = run(DECL, manifest_of(DECL, lines=(m_line_of(MILK, quantity=Decimal(1199)),
                                                m_line_of(SHOES), m_line_of(BANANAS))))
    assert rules_of(result) == ["QUANTITY_MISMATCH"]
    finding = result.findings[0]
    assert finding.severity is Severity.MEDIUM
    assert "1200 TIN" in finding.message and "1199 TIN" in finding.message
    assert "±0 %" in finding.message
    result = run(DECL, manifest_of(DECL, lines=(m_line_of(MILK, quantity=Decimal(600)),
                                                m_line_of(SHOES), m_line_of(BANANAS))))
    assert result.findings[0].severity is Severity.HIGH


def test_converted_units_within_tolerance_pass() -> None:
    in_kg = m_line_of(BANANAS, quantity=Decimal(12700), unit="kg")
    assert check_lines(m_line_of(MILK), m_line_of(SHOES), in_kg) == []
    too_much = replace(in_kg, quantity=Decimal(12800))
    assert check_lines(m_line_of(MILK), m_line_of(SHOES), too_much) == ["QUANTITY_MISMATCH"]


def test_units_that_do_not_convert_are_named() -> None:
    in_cartons = m_line_of(MILK, unit="CTN", quantity=Decimal(100))
    result = run(DECL, manifest_of(DECL, lines=(in_cartons, m_line_of(SHOES),
                                                m_line_of(BANANAS))))
    assert rules_of(result) == ["QUANTITY_MISMATCH"]
    assert "cannot be compared" in result.findings[0].message
    unread = m_line_of(MILK, unit="CTN", quantity=None)
    assert check_lines(unread, m_line_of(SHOES), m_line_of(BANANAS)) == []


def test_weight_tolerance_two_percent() -> None:
    assert check_lines(m_line_of(MILK, gross_weight_kg=Decimal(1122)), m_line_of(SHOES),
                       m_line_of(BANANAS)) == []
    result = run(DECL, manifest_of(DECL, lines=(
        m_line_of(MILK, gross_weight_kg=Decimal(1123)), m_line_of(SHOES), m_line_of(BANANAS))))
    assert rules_of(result) == ["WEIGHT_MISMATCH"]
    assert "1100 kg" in result.findings[0].message and "±2 %" in result.findings[0].message
    assert check_lines(m_line_of(MILK, gross_weight_kg=Decimal(2000)), m_line_of(SHOES),
                       m_line_of(BANANAS)) == ["WEIGHT_MISMATCH"]
    assert check_lines(m_line_of(MILK, gross_weight_kg=None), m_line_of(SHOES),
                       m_line_of(BANANAS)) == []


def test_value_tolerance_and_currencies() -> None:
    assert check_lines(m_line_of(MILK, value=Decimal(25200)), m_line_of(SHOES),
                       m_line_of(BANANAS)) == []
    result = run(DECL, manifest_of(DECL, lines=(
        m_line_of(MILK, value=Decimal(30000)), m_line_of(SHOES), m_line_of(BANANAS))))
    assert result.findings[0].rule is Rule.VALUE_MISMATCH
    assert result.findings[0].severity is Severity.HIGH
    low = run(DECL, manifest_of(DECL, lines=(
        m_line_of(MILK, value=Decimal(20000)), m_line_of(SHOES), m_line_of(BANANAS))))
    assert low.findings[0].severity is Severity.MEDIUM and "±5 %" in low.findings[0].message
    mixed = run(DECL, manifest_of(DECL, lines=(
        m_line_of(MILK, currency="CNY"), m_line_of(SHOES), m_line_of(BANANAS))))
    assert rules_of(mixed) == ["VALUE_MISMATCH"]
    assert "CNY" in mixed.findings[0].message and "not converted" in mixed.findings[0].message
    assert check_lines(m_line_of(MILK, currency="", value=None), m_line_of(SHOES),
                       m_line_of(BANANAS)) == []


def test_hs_mismatch_is_judged_at_heading_level() -> None:
    assert check_lines(m_line_of(MILK, hs_code="190120"), m_line_of(SHOES),
                       m_line_of(BANANAS)) == []
    result = run(DECL, manifest_of(DECL, lines=(
        m_line_of(MILK, hs_code="2106.90"), m_line_of(SHOES), m_line_of(BANANAS))))
    assert rules_of(result) == ["HS_MISMATCH"]
    finding = result.findings[0]
    assert "190110" in finding.message and "210690" in finding.message
    assert finding.evidence["manifest_hs"] == ["210690"]
    unknown = run(DECL, manifest_of(DECL, lines=(
        m_line_of(MILK, hs_code="2199.90"), m_line_of(SHOES), m_line_of(BANANAS))))
    assert "?" in unknown.findings[0].message


def test_origin_mismatch_and_unknown() -> None:
    result = run(DECL, manifest_of(DECL, lines=(
        m_line_of(MILK, origin_country="cn"), m_line_of(SHOES), m_line_of(BANANAS))))
    assert rules_of(result) == ["ORIGIN_MISMATCH"]
    assert "TH" in result.findings[0].message and "CN" in result.findings[0].message
    result = run(DECL, manifest_of(DECL, lines=(
        m_line_of(MILK, origin_country=None), m_line_of(SHOES), m_line_of(BANANAS))))
    assert rules_of(result) == ["ORIGIN_UNKNOWN"]
    assert result.findings[0].severity is Severity.LOW
    no_origin = declaration(d_line(origin_country=None))
    assert rules_of(run(no_origin, manifest_of(no_origin, lines=(
        m_line_of(d_line(), origin_country="CN"),)))) == []


def test_goods_that_are_nothing_alike_are_not_paired() -> None:
    decl = declaration(MILK)
    other = m_line_of(MILK, hs_code="930320", description="Sporting shotguns")
    assert rules_of(run(decl, manifest_of(decl, lines=(other,)))) == [
        "MISSING_LINE", "UNDECLARED_LINE"]


def test_reconcile_with_an_empty_manifest_and_the_evidence_is_json() -> None:
    result = reconcile(DECL, manifest_of(DECL, lines=()), Tolerances(), NOMENCLATURE)
    assert [f.rule for f in result.findings] == [Rule.MISSING_LINE] * 3
    assert result.matches == ()
    full = run(DECL, manifest_of(DECL, lines=(m_line_of(MILK, value=Decimal(1)),)))
    json.dumps(check_result_to_dict(full))


def test_same_goods_declared_twice_pair_by_quantity() -> None:
    small = d_line(2, quantity=Decimal(100), gross_weight_kg=None, value=None)
    decl = declaration(MILK, small)
    manifest = manifest_of(decl, lines=(m_line_of(small, 1), m_line_of(MILK, 2)))
    assert rules_of(run(decl, manifest)) == []
    # An unknown unit on the declared side: nothing to add a leftover to.
    odd = declaration(d_line(unit="??"))
    leftover = (m_line_of(odd.lines[0]), m_line_of(odd.lines[0], 2))
    assert rules_of(run(odd, manifest_of(odd, lines=leftover))) == ["UNDECLARED_LINE"]
    cartons = (m_line_of(MILK), m_line_of(MILK, 2, unit="CTN", quantity=Decimal(1)))
    assert rules_of(run(declaration(MILK), manifest_of(declaration(MILK), lines=cartons))) == [
        "UNDECLARED_LINE"]


def test_fuzzy_matching_with_missing_figures() -> None:
    decl = declaration(d_line(gross_weight_kg=None), SHOES)
    lines = (m_line_of(decl.lines[0], quantity=None, description="infant milk formula tins",
                       gross_weight_kg=Decimal(1)),
             m_line_of(SHOES, hs_code="6403", description="shoes leather"))
    assert rules_of(run(decl, manifest_of(decl, lines=lines))) == []
    zero = declaration(d_line(quantity=Decimal(0), gross_weight_kg=Decimal(0)))
    lines = (m_line_of(zero.lines[0], description="milk formula", quantity=Decimal(0),
                       gross_weight_kg=Decimal(0)),)
    assert rules_of(run(zero, manifest_of(zero, lines=lines))) == []
    lines = (m_line_of(zero.lines[0], description="milk formula", quantity=Decimal(5)),)
    assert rules_of(run(zero, manifest_of(zero, lines=lines))) == ["QUANTITY_MISMATCH"]


def test_plates_containers_and_seals() -> None:
    decl = declaration(MILK)
    assert rules_of(run(decl, manifest_of(decl, vehicle_plate="74c12345"))) == []
    # The manifest names the trailer: both are on the truck.
    assert rules_of(run(decl, manifest_of(decl, vehicle_plate="74R-012.34"))) == []
    result = run(decl, manifest_of(decl, vehicle_plate="29A-999.99"))
    assert rules_of(result) == ["PLATE_MISMATCH", "PLATE_MISMATCH"]
    assert rules_of(run(decl, manifest_of(decl, vehicle_plate="29A-999.99"), arrival=None)) == [
        "PLATE_MISMATCH"]
    other_truck = ArrivalFacts("51F-678.90", "", (), ())
    assert rules_of(run(decl, manifest_of(decl), arrival=other_truck)) == ["PLATE_MISMATCH"]
    box = run(decl, manifest_of(decl, container_no="TCNU7200794"))
    assert rules_of(box) == ["CONTAINER_MISMATCH", "CONTAINER_MISMATCH"]
    seal = run(decl, manifest_of(decl), arrival=replace(ARRIVAL, seal_nos=("B999",)))
    assert rules_of(seal) == ["CONTAINER_MISMATCH"] and "B999" in seal.findings[0].message
    assert rules_of(run(decl, None, arrival=replace(ARRIVAL, seal_nos=()))) == []


def test_container_check_digits_on_either_document() -> None:
    decl = declaration(MILK, vehicle=replace(declaration().vehicle, container_no="CSQU3054384"))
    result = run(decl, manifest_of(decl), arrival=None)
    assert rules_of(result) == ["CONTAINER_CHECK_DIGIT", "CONTAINER_CHECK_DIGIT"]
    assert "should be 3" in result.findings[0].message
    fine = declaration(MILK, vehicle=replace(declaration().vehicle, container_no="CSQU 305438-3"))
    assert rules_of(run(fine, manifest_of(fine, container_no="garbled"), arrival=None)) == [
        "CONTAINER_MISMATCH"]
