"""Units: canonical codes, aliases, conversions and tolerances."""

from __future__ import annotations

from decimal import Decimal

import pytest

from borderdesk.rules.units import Tolerances, UnitFamily, canonical_unit, convert, unit_of, within


@pytest.mark.parametrize(("typed", "code"), [
    ("kg", "KGM"), ("KGS", "KGM"), ("Tấn", "TNE"), ("g", "GRM"), ("lít", "LTR"), ("ml", "MLT"),
    ("pcs", "PCE"), ("cái", "PCE"), ("Thùng", "CTN"), ("đôi", "PR"), ("TIN", "TIN"),
    ("kg.", "KGM"),
])
def test_common_names_map_to_canonical_codes(typed: str, code: str) -> None:
    assert canonical_unit(typed) == code


def test_an_unknown_unit_has_no_code() -> None:
    assert canonical_unit("barrels of fun") is None
    assert unit_of("") is None


def test_mass_and_volume_convert_packages_do_not() -> None:
    assert convert(Decimal("1.1"), "TNE", "KGM") == Decimal("1100.0")
    assert convert(Decimal(500), "g", "kg") == Decimal("0.5")
    assert convert(Decimal(250), "MLT", "LTR") == Decimal("0.25")
    assert convert(Decimal(2), "DZN", "PCE") == Decimal(24)
    assert convert(Decimal(1), "CTN", "PCE") is None
    assert convert(Decimal(1), "KGM", "LTR") is None
    assert convert(Decimal(1), "???", "KGM") is None


def test_tolerances_per_family() -> None:
    tolerances = Tolerances()
    assert tolerances.for_unit("kg") == Decimal(2)
    assert tolerances.for_unit("PCE") == Decimal(0)
    assert tolerances.for_unit("unknown") == Decimal(0)
    assert Tolerances(quantity_pct={UnitFamily.COUNT: Decimal(1)}).for_unit("LTR") == 0
    assert within(Decimal(100), Decimal(102), Decimal(2))
    assert not within(Decimal(100), Decimal("102.1"), Decimal(2))
