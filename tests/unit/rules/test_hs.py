"""HS codes against the nomenclature: current, obsolete, unknown, malformed."""

from __future__ import annotations

import pytest
from check_kit import NOMENCLATURE

from borderdesk.rules.hs import HsStatus, Nomenclature, clean_hs_code


@pytest.mark.parametrize("code", ["190110", "1901.10", "19011000", "1901100010", "1901"])
def test_current_codes_and_national_extensions_are_accepted(code: str) -> None:
    verdict = NOMENCLATURE.validate(code)
    assert verdict.ok
    assert verdict.explain() == ""


def test_a_dropped_subheading_is_obsolete_with_the_hs2022_candidates() -> None:
    verdict = NOMENCLATURE.validate("85171200")
    assert verdict.status is HsStatus.OBSOLETE
    assert [c.code for c in verdict.candidates] == ["851713", "851714"]
    assert "851713, 851714" in verdict.explain()


def test_an_unknown_subheading_and_a_malformed_code_are_named() -> None:
    assert NOMENCLATURE.validate("190199").status is HsStatus.UNKNOWN
    assert "190199" in NOMENCLATURE.validate("190199").explain()
    for bad in ("19011", "19A110", "1901101"):
        verdict = NOMENCLATURE.validate(bad)
        assert verdict.status is HsStatus.MALFORMED
        assert "4, 6, 8 or 10" in verdict.explain()


def test_an_unknown_national_extension_is_unknown_at_its_root() -> None:
    assert NOMENCLATURE.validate("99999999").status is HsStatus.UNKNOWN


def test_descriptions_and_rows_of_other_levels() -> None:
    nomenclature = Nomenclature.from_rows([("01", "Animals", "2"), ("0101", "Horses", "4"),
                                           ("010121", "Pure-bred", "6"), ("01x1", "x", 4)])
    assert nomenclature.description("01012100") == "Pure-bred"
    assert nomenclature.description("0101") == "Horses"
    assert nomenclature.description("9999") == ""
    assert nomenclature.validate("01").status is HsStatus.MALFORMED
    assert nomenclature.subheadings("0101")[0].code == "010121"
    assert clean_hs_code(" 0101. 21 ") == "010121"
