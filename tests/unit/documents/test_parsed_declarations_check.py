"""Property: whatever declaration the parser accepts, the check runs to a result.

The numbers drawn include what a hostile file writes (``1e999999999``,
``1e-999999999``, 5,000 digits, huge ints, NaN); dates reach years 1 and
9999 at +-14:00. The parser must refuse with a UserInputError or hand the
rules something they can compute with; ``check()`` against a manifest made
from the declaration (one figure sometimes replaced as an OCR misread may
be, with no parser in between) must then return, and its result must
serialise as the CLI prints it.
"""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from borderdesk.documents.watchlist_files import shipped_watch_lists
from borderdesk.domain.declaration import Declaration
from borderdesk.domain.manifest import Manifest, ManifestLine
from borderdesk.errors import UserInputError
from borderdesk.rules.check import check, check_result_to_dict
from borderdesk.services.checks import (
    check_settings,
    parse_declaration_bytes,
    shipped_nomenclature,
)

GOODS = [
    ("190590", "Rice crackers, 200 g bags", "BAG"), ("09011190", "Coffee beans", "KGM"),
    ("930110", "Artillery weapons", "PCE"), ("360410", "Fireworks", "CTN"),
    ("851713", "Smartphones", "PCE"), ("080390", "Fresh bananas", "TNE"),
]
HOSTILE_TEXT = ["1e999999999", "1e-999999999", "0E-999999", "-0", "NaN", "Infinity", "sNaN",
                "1" * 5000, "9" * 13, "0.0001", "999999999999.999", "1E+12", "1_000",
                " 1 200 ", "", "١٢", "0x10"]


def _ordinary() -> st.SearchStrategy[Any]:
    return st.one_of(st.integers(0, 100_000), st.decimals(0, 10**6, places=2).map(str))


def _hostile() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.sampled_from(HOSTILE_TEXT),
        st.integers(-(10**60), 10**60),
        st.floats(allow_nan=False, allow_infinity=False),
        st.builds(lambda m, e: f"{m}e{e}", st.integers(-99, 99), st.integers(-10**9, 10**9)),
    )


def _moment(year: int, sign: str) -> str:
    return f"{year:04d}-01-01T00:00:00{sign}14:00"


HOSTILE_YEARS = st.sampled_from([1, 1999, 2000, 2100, 2101, 9999])
NUMBER_FIELDS = ["line_no", "quantity", "gross_weight_kg", "value", "cost.fob",
                 "cost.non_originating_materials", "cost.originating_materials"]


@st.composite
def declaration_texts(draw: st.DrawFn) -> bytes:
    """A valid declaration with, half the time, one field replaced by a hostile value."""
    picks = draw(st.lists(st.sampled_from(range(len(GOODS))), min_size=1, max_size=4,
                          unique=True))
    lines = []
    for n, pick in enumerate(picks, start=1):
        hs, text, unit = GOODS[pick]
        line: dict[str, Any] = {
            "line_no": n, "hs_code": hs, "description": text, "quantity": draw(_ordinary()),
            "unit": unit, "gross_weight_kg": draw(_ordinary()), "value": draw(_ordinary()),
            "currency": "USD", "origin_country": "TH",
            "preference": draw(st.sampled_from([None, "ATIGA"])),
        }
        if draw(st.booleans()):
            line["cost"] = {"fob": draw(_ordinary().filter(lambda x: float(x) > 0)),
                            draw(st.sampled_from(["non_originating_materials",
                                                  "originating_materials"])): draw(_ordinary())}
        lines.append(line)
    declaration = {
        "declaration_no": "105123456789", "type": "import",
        "declared_at": "2026-11-20T08:30:00+07:00",
        "trader": {"name": "Cong ty TNHH ABC", "tax_code": "0101234567"},
        "vehicle": {"plate": "74C-123.45", "container_no": "CSQU3054383", "seal_no": "A1"},
        "origin_certificate": {"form": "D", "number": "TH-1", "origin_country": "TH",
                               "issued_at": "2026-11-18"},
        "lines": lines,
    }
    mutation = draw(st.sampled_from(["none", "none", "number", "number", "date"]))
    if mutation == "date":
        moment = _moment(draw(HOSTILE_YEARS), draw(st.sampled_from("+-")))
        if draw(st.booleans()):
            declaration["declared_at"] = moment
        else:
            declaration["origin_certificate"]["issued_at"] = moment[:10]
    elif mutation == "number":
        line = lines[draw(st.integers(0, len(lines) - 1))]
        field = draw(st.sampled_from(NUMBER_FIELDS))
        if field.startswith("cost."):
            line.setdefault("cost", {"fob": 10})[field[5:]] = draw(_hostile())
        else:
            line[field] = draw(_hostile())
    return json.dumps(declaration).encode()


OCR_FIGURES = [None, Decimal("1E+999999999"), Decimal("1E-999999999"), Decimal("9" * 1000),
               Decimal("0.0000000001"), Decimal(-5), Decimal(10**15), Decimal(0)]


def _manifest(declaration: Declaration, figure: Decimal | None, field: str) -> Manifest:
    """The declaration's own lines as a manifest, one figure replaced as OCR may misread it
    (no parser stands between OCR and the rules)."""
    lines = [ManifestLine(line_no=line.line_no, description=line.description,
                          hs_code=line.hs_code, quantity=line.quantity, unit=line.unit,
                          gross_weight_kg=line.gross_weight_kg, value=line.value,
                          currency=line.currency, origin_country=line.origin_country)
             for line in declaration.lines]
    lines[-1] = replace(lines[-1], **{field: figure})
    return Manifest(document_no="INV-1", lines=tuple(lines))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(declaration_texts(), st.sampled_from(OCR_FIGURES),
       st.sampled_from(["quantity", "gross_weight_kg", "value"]))
def test_every_accepted_declaration_checks_to_a_result(
    text: bytes, figure: Decimal | None, field: str
) -> None:
    try:
        declaration = parse_declaration_bytes(text, "declaration.json")
    except UserInputError as refused:
        assert "\n" not in str(refused) and len(str(refused)) < 400
        return
    result = check(declaration, _manifest(declaration, figure, field), arrival=None,
                   watch_lists=shipped_watch_lists(), nomenclature=shipped_nomenclature(),
                   settings=check_settings())
    json.dumps(check_result_to_dict(result))
    # Whatever the figures, a declared weapons line is never lost on the way.
    if any(line.hs_code == "930110" for line in declaration.lines):
        assert "PROHIBITED_GOODS" in {str(f.rule) for f in result.findings}
