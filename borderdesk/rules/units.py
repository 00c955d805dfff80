"""Units of quantity a declaration may use, with conversions where they exist.

Codes follow UN/ECE Recommendation 20 where it has one (KGM, TNE, GRM, LTR,
MLT, MTQ, MTR, MTK, PCE, DZN, PR, SET) and the packaging codes customs
brokers use for the rest (TIN, CTN, BAG, BOX, BTL, ROL, PAL). Mass converts
to kilograms, volume to litres, a dozen to pieces; packages never convert
(a carton of what?), so CTN and PCE are not comparable.
"""

from __future__ import annotations

import enum
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType

from borderdesk.limits import LARGEST_AMOUNT


class UnitFamily(enum.StrEnum):
    """What a unit measures; each family has its own tolerance."""

    MASS = "mass"
    VOLUME = "volume"
    LENGTH = "length"
    AREA = "area"
    COUNT = "count"


@dataclass(frozen=True)
class Unit:
    """A unit: its code, what it measures, and how many ``base`` units it is."""

    code: str
    family: UnitFamily
    base: str
    factor: Decimal
    aliases: tuple[str, ...] = ()


def _unit(code: str, family: UnitFamily, base: str, factor: str, *aliases: str) -> Unit:
    return Unit(code, family, base, Decimal(factor), aliases)


M, V, L, A, C = (UnitFamily.MASS, UnitFamily.VOLUME, UnitFamily.LENGTH, UnitFamily.AREA,
                 UnitFamily.COUNT)
UNITS: tuple[Unit, ...] = (
    _unit("KGM", M, "KGM", "1", "KG", "KGS", "KILOGRAM", "KILOGRAMS"),
    _unit("TNE", M, "KGM", "1000", "T", "TON", "TONNE", "TONNES", "TAN", "MT"),
    _unit("GRM", M, "KGM", "0.001", "G", "GR", "GRAM", "GRAMS"),
    _unit("LTR", V, "LTR", "1", "L", "LIT", "LITRE", "LITRES", "LITER", "LITERS"),
    _unit("MLT", V, "LTR", "0.001", "ML", "MILLILITRE", "MILLILITER"),
    _unit("MTQ", V, "LTR", "1000", "M3", "CBM", "KHOI"),
    _unit("MTR", L, "MTR", "1", "M", "METRE", "METER", "MET"),
    _unit("MTK", A, "MTK", "1", "M2", "SQM"),
    _unit("PCE", C, "PCE", "1", "PC", "PCS", "PIECE", "PIECES", "CAI", "CHIEC", "UNIT", "UNITS"),
    _unit("DZN", C, "PCE", "12", "DOZ", "DOZEN", "TA"),
    _unit("PR", C, "PR", "1", "PAIR", "PAIRS", "DOI"),
    _unit("SET", C, "SET", "1", "SETS", "BO"),
    _unit("TIN", C, "TIN", "1", "TINS", "CAN", "CANS", "LON", "HOP SAT"),
    _unit("CTN", C, "CTN", "1", "CARTON", "CARTONS", "CT", "THUNG"),
    _unit("BAG", C, "BAG", "1", "BAGS", "BAO", "TUI"),
    _unit("BOX", C, "BOX", "1", "BOXES", "HOP"),
    _unit("BTL", C, "BTL", "1", "BOTTLE", "BOTTLES", "CHAI"),
    _unit("ROL", C, "ROL", "1", "ROLL", "ROLLS", "CUON"),
    _unit("PAL", C, "PAL", "1", "PALLET", "PALLETS"),
)
_BY_NAME: dict[str, Unit] = {
    name: unit for unit in UNITS for name in (unit.code, *unit.aliases)
}


def _plain(text: str) -> str:
    upper = text.strip().upper().replace("Đ", "D").rstrip(".")
    return "".join(c for c in unicodedata.normalize("NFKD", upper) if not unicodedata.combining(c))


def unit_of(text: str) -> Unit | None:
    """The unit a code or common name stands for ("kg", "Tấn", "pcs"), or None."""
    return _BY_NAME.get(_plain(text))


def canonical_unit(text: str) -> str | None:
    """The canonical code of a unit ("kgs" -> "KGM"), or None for an unknown unit."""
    unit = unit_of(text)
    return unit.code if unit else None


SMALLEST_FIGURE = Decimal("1e-15")
"""A non-zero figure smaller than this is noise, not a weight or an amount: the rules do not
compute with it. Far finer than a file may write (``limits.FRACTION_DIGITS``), so the shares
of a line split across a manifest still compare; far coarser than where Decimal's division
overflows (exponents near a million)."""


def computable(value: Decimal | None) -> bool:
    """Whether the rules may do arithmetic on ``value`` without overflow or a division blowing up.

    Finite, below ``limits.LARGEST_AMOUNT``, and zero or at least
    ``SMALLEST_FIGURE``. Every number a declaration or manifest file
    gives is (documents.numbers); OCR may still read a 40-digit smudge, and a
    figure that is not computable is reported as one that cannot be compared,
    never used. Reads the exponent only: ``1E+999999999`` is answered, not raised on.
    """
    if value is None or not value.is_finite():
        return False
    size = value.copy_abs()  # copy_abs, unlike abs(), never rounds, so never overflows
    return size < LARGEST_AMOUNT and (size.is_zero() or size >= SMALLEST_FIGURE)


def convert(quantity: Decimal, from_unit: str, to_unit: str) -> Decimal | None:
    """``quantity`` in ``from_unit`` expressed in ``to_unit``; None if they do not convert
    or ``quantity`` is not :func:`computable`."""
    source, target = unit_of(from_unit), unit_of(to_unit)
    if source is None or target is None or source.base != target.base:
        return None
    if not computable(quantity):
        return None
    # Below 10^15 times a factor of at most 10^3 over one of at least 10^-3: 10^21, exact.
    return quantity * source.factor / target.factor


def _default_quantity_tolerances() -> Mapping[UnitFamily, Decimal]:
    return MappingProxyType({
        UnitFamily.MASS: Decimal(2), UnitFamily.VOLUME: Decimal(2),
        UnitFamily.LENGTH: Decimal(2), UnitFamily.AREA: Decimal(2),
        UnitFamily.COUNT: Decimal(0),
    })


@dataclass(frozen=True)
class Tolerances:
    """How far manifest figures may stray from declared ones, in percent of the declared.

    Countable units are exact by default: 1,200 tins declared and 1,199 on
    the manifest is a finding.
    """

    quantity_pct: Mapping[UnitFamily, Decimal] = field(
        default_factory=_default_quantity_tolerances
    )
    weight_pct: Decimal = Decimal(2)
    value_pct: Decimal = Decimal(5)

    def for_unit(self, unit: str) -> Decimal:
        """The quantity tolerance of the family ``unit`` belongs to (0 if unknown)."""
        found = unit_of(unit)
        return self.quantity_pct.get(found.family, Decimal(0)) if found else Decimal(0)


def within(declared: Decimal, found: Decimal, tolerance_pct: Decimal) -> bool:
    """Whether ``found`` is within ``tolerance_pct`` percent of ``declared``.

    A figure that is not :func:`computable` (a total of thousands of lines
    near the limit, a misread) is never within: the figures then differ.
    """
    if not (computable(declared) and computable(found)):
        return False
    return abs(found - declared) * 100 <= abs(declared) * tolerance_pct
