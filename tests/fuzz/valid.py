"""Valid declarations and manifests over realistic values, as DESIGN.md's JSON shapes.

The mutators start from these: HS codes from the shipped nomenclature (with
the watch lists' prefixes over-represented so the rules have something to
find), the units of ``rules/units.py``, ISO countries and currencies, plates
and container numbers that pass their checks, Vietnamese text.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from stdnum import iso6346

from borderdesk.documents.nomenclature import shipped_hs_rows
from borderdesk.rules.units import UNITS
from tests.fuzz.draws import Draw

WATCHED_HS = ("930110", "930320", "360100", "190110", "210690", "300490", "851713",
              "640399", "380891")
"""Prohibited, licensed, brand-watched and one obsolete (851712) code: the rules' hot spots."""
COUNTRIES = ("TH", "LA", "CN", "VN", "KH", "KR", "JP", "US", "DE", "MY", "SG", "IN")
CURRENCIES = ("USD", "VND", "CNY", "THB", "LAK", "EUR")
PREFERENCES = (None, "ATIGA", "ACFTA", "EVFTA", "AKFTA", "RCEP")
FORMS = ("D", "E", "EUR.1", "AK", "RCEP", "AJ")
OFFSETS = ("+07:00", "Z", "+00:00", "+14:00", "-12:00", "+05:45")
TRADERS = (("Cong ty TNHH ABC", "0101234567"),
           ("Công ty TNHH Thương mại Lào Cai", "5300123456"),
           ("Doanh nghiệp tư nhân Đức Phát", "0109999991"),
           ("Thai Snack Co., Ltd.", "0209999992"),
           ("شركة الشحن", "0300000031"))
PLATES = ("74C-123.45", "29A-123.45", "51F-678.90", "74C-12345", "74C-999.99", "29H-888.88",
          "LAO 12-3456", "桂A12345")
OWNERS = ("CSQ", "MSK", "TGH", "HLX", "OOL")
WORDS = ("Infant milk formula, 800 g tins", "Rice crackers, 200 g bags",
         "Coffee beans, not roasted", "Smartphones Apple iPhone 15", "Nike running shoes",
         "Sữa bột trẻ em", "Bánh quy gạo", "Cà phê hạt chưa rang", "Giày thể thao Adidas",
         "Hunting rifles", "Dried mango slices", "Frozen shrimp", "Thuốc trừ sâu",
         "Fireworks", "Steel bolts M8", "Cotton shirts", "Samsung Galaxy phones")


@cache
def hs_codes() -> tuple[str, ...]:
    """The 6-digit subheadings of HS 2022 shipped with BorderDesk."""
    rows, _ = shipped_hs_rows()
    return tuple(code for code, _, level in rows if level == "6")


def container_no(draw: Draw) -> str:
    """An ISO 6346 number whose check digit is right (or, rarely, wrong)."""
    body = draw.choice(OWNERS) + "U" + "".join(str(draw.integer(0, 9)) for _ in range(6))
    digit = iso6346.calc_check_digit(body)
    if draw.chance(0.1):
        digit = str((int(digit) + 1) % 10)
    return body + digit


def number(draw: Draw, low: int, high: int, decimals: int = 2) -> Any:
    """An int, or a float with a few decimals, as a writer would put it in a file."""
    whole = draw.integer(low, high)
    if decimals and draw.chance(0.4):
        return round(whole + draw.integer(0, 10**decimals - 1) / 10**decimals, decimals)
    return whole


def hs_code(draw: Draw) -> str:
    code = draw.choice(WATCHED_HS) if draw.chance(0.3) else draw.choice(hs_codes())
    shape = draw.integer(0, 5)
    if shape == 1:
        return code[:4] + "." + code[4:]
    if shape == 2:
        return code + f"{draw.integer(0, 99):02d}"
    return code


def _cost(draw: Draw) -> dict[str, Any]:
    fob = number(draw, 1, 500)
    if draw.chance(0.5):
        return {"fob": fob, "non_originating_materials": number(draw, 0, 500)}
    return {"fob": fob, "originating_materials": number(draw, 0, 200),
            "direct_labour": number(draw, 0, 50), "direct_overhead": number(draw, 0, 50),
            "profit": number(draw, 0, 50), "other": number(draw, 0, 20)}


def goods_line(draw: Draw, line_no: int, currency: str) -> dict[str, Any]:
    unit = draw.choice(UNITS)
    line: dict[str, Any] = {
        "line_no": line_no, "hs_code": hs_code(draw), "description": draw.choice(WORDS),
        "quantity": number(draw, 1, 20_000, 3),
        "unit": draw.choice([a for a in (unit.code, *unit.aliases) if len(a) <= 8])
        if draw.chance(0.3) else unit.code,
        "gross_weight_kg": number(draw, 1, 30_000, 1), "value": number(draw, 1, 500_000),
        "currency": currency, "origin_country": draw.choice(COUNTRIES),
        "preference": draw.choice(PREFERENCES),
    }
    if draw.chance(0.25):
        line["cost"] = _cost(draw)
    return line


def declaration(draw: Draw) -> dict[str, Any]:
    """A declaration DESIGN.md's JSON shape accepts, of one to six goods lines."""
    trader = draw.choice(TRADERS)
    currency = draw.choice(CURRENCIES)
    container = container_no(draw)
    certificate = None if draw.chance(0.4) else {
        "form": draw.choice(FORMS), "number": f"{draw.choice(COUNTRIES)}-2026-"
                                              f"{draw.integer(0, 999_999):06d}",
        "issued_at": f"2026-{draw.integer(1, 12):02d}-{draw.integer(1, 28):02d}",
        "origin_country": draw.choice(COUNTRIES)}
    return {
        "declaration_no": str(draw.integer(10**11, 10**12 - 1)),
        "type": draw.choice(("import", "export", "transit")),
        "declared_at": f"{draw.integer(2020, 2030)}-{draw.integer(1, 12):02d}-"
                       f"{draw.integer(1, 28):02d}T{draw.integer(0, 23):02d}:"
                       f"{draw.integer(0, 59):02d}:00{draw.choice(OFFSETS)}",
        "trader": {"name": trader[0], "tax_code": trader[1]},
        "vehicle": {"plate": draw.choice(PLATES), "container_no": container,
                    "seal_no": f"A{draw.integer(0, 999_999):06d}"},
        "origin_certificate": certificate,
        "lines": [goods_line(draw, n, currency) for n in range(1, draw.integer(1, 6) + 1)],
    }


def manifest_of(draw: Draw, declared: dict[str, Any]) -> dict[str, Any]:
    """The carrier's manifest for ``declared``: mostly the same goods, some differences."""
    lines = []
    for line in declared["lines"]:
        if draw.chance(0.08):
            continue  # a declared line missing from the manifest
        kept = {k: v for k, v in line.items() if k not in ("preference", "cost")}
        kept["hs_code"] = str(kept["hs_code"]).replace(".", "")
        if draw.chance(0.15):
            kept["quantity"] = number(draw, 1, 20_000, 3)
        if draw.chance(0.1):
            kept["origin_country"] = draw.choice(COUNTRIES)
        if draw.chance(0.2):
            kept["confidence"] = {"quantity": draw.integer(0, 100) / 100}
        lines.append(kept)
    if draw.chance(0.2):
        lines.append(goods_line(draw, 90 + draw.integer(0, 9), declared["lines"][0]["currency"]))
        lines[-1].pop("cost", None)
        lines[-1].pop("preference", None)
    vehicle = declared["vehicle"]
    return {
        "document_no": f"INV-2026-{draw.integer(0, 9999):04d}",
        "date": f"2026-{draw.integer(1, 12):02d}-{draw.integer(1, 28):02d}",
        "consignor": "Thai Snack Co., Ltd.", "consignee": declared["trader"]["name"],
        "vehicle_plate": vehicle["plate"] if draw.chance(0.9) else draw.choice(PLATES),
        "container_no": vehicle["container_no"], "seal_no": vehicle["seal_no"],
        "lines": lines,
    }
