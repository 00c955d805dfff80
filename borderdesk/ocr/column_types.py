"""Giving each column found on the page its field, by its header and by its content.

Every column is typed by what its cells hold: HS codes, unit words, country
names or codes, currencies, line numbers, numbers (whole or with decimals),
text. A column whose header names a field keeps it; when the content does not
fit that field, the column's placement confidence drops. A column whose header
is unknown or unreadable is placed by its content: HS codes, units, countries
and currencies by their vocabulary; a number column by its header's brackets
("(kg)", "(USD)"), its "kg" words, and its neighbours (whole numbers beside
the unit column are the quantity). Such a guess is never confident, and two
columns that could be the same field make both doubtful. Text columns with no
label are the description's overflow, merged into it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from statistics import median

from borderdesk.ocr.column_labels import NUMERIC_FIELDS, bracket_units
from borderdesk.ocr.columns import Slot
from borderdesk.ocr.layout import Column
from borderdesk.ocr.normalize import read_currency, read_hs_code, read_number
from borderdesk.ocr.vocabulary import fold, parse_country, unit_candidates

AGREED = 1.0
"""Placement when header and content agree."""
DISAGREED = 0.6
"""Placement when the header names a field the content does not fit."""
BY_CONTENT = 0.8
"""Placement of a column with no known header, placed by its content alone."""
BY_BRACKETS = 0.95
"""Placement of a number column by its header's unit or currency ("(kg)", "(USD)") and content."""
CONTESTED = 0.5
"""Placement of each of two columns that could be the same field."""
MAJORITY = 0.6
"""The share of a column's cells that must be of one kind for the column to be of it."""
SPARSE = 0.5
"""An unlabelled column filled in fewer than this share of the rows is a neighbour's overflow."""

_WHOLE = re.compile(r"[-+]?\d{1,3}(?:[., '’]\d{3})*|[-+]?\d+")
_KINDS_OF = {
    "line_no": {"line_no", "number"},
    "hs_code": {"hs"},
    "quantity": {"number", "line_no"},
    "gross_weight_kg": {"number"},
    "value": {"number"},
    "unit": {"unit"},
    "currency": {"currency"},
    "origin_country": {"country"},
    "_net_weight": {"number"},
    "_unit_price": {"number"},
    "_packages": {"number", "line_no"},
    "_other_quantity": {"number", "line_no"},
    "_unit_weight": {"number"},
    "_measurement": {"number"},
}


_DEFINITE = {"hs": "hs_code", "unit": "unit", "currency": "currency",
             "country": "origin_country"}
"""Content kinds only one field can hold, and that field."""


@dataclass(frozen=True)
class Profile:
    """What a column's cells hold.

    Attributes:
        kind: "hs", "line_no", "number", "unit", "currency", "country",
            "text" or "empty": what most of its cells are.
        kinds: every kind most of its cells can be read as ("1006.30" is an
            HS code and a number).
        whole: the share of its numbers written without decimals.
        size: the median of its numbers (0 when none).
        kg: whether its cells carry "kg".
    """

    kind: str
    kinds: frozenset[str] = frozenset()
    whole: float = 0.0
    size: Decimal = Decimal(0)
    kg: bool = False


def _is_hs(text: str) -> bool:
    if "," in text:
        return False  # a grouped figure ("6,036.00"), never a code
    digits = read_hs_code(text).value
    return digits is not None and (len(digits) >= 6 or bool(re.fullmatch(r"\d{4}\.\d{2}.*", text)))


def profile(cells: Sequence[str]) -> Profile:
    """The kind of a column from its cells' texts (empty cells left out)."""
    texts = [t.strip() for t in cells if t.strip()]
    if not texts:
        return Profile("empty")
    numbers = [(t, read_number(t).value) for t in texts]
    figures = [(t, v) for t, v in numbers if v is not None]
    shares = {
        "hs": sum(map(_is_hs, texts)),
        "number": len(figures),
        "unit": sum(1 for t in texts if any(c.isalpha() for c in t) and unit_candidates(t)),
        "currency": sum(1 for t in texts if read_currency(t).value is not None),
        "country": sum(1 for t in texts if parse_country(t) is not None),
    }
    kind, most = max(shares.items(), key=lambda item: item[1])
    if most < MAJORITY * len(texts):
        return Profile("text", frozenset({"text"}))
    kinds = {name for name, count in shares.items() if count >= MAJORITY * len(texts)}
    if kind != "number" and "number" not in kinds:
        return Profile(kind, frozenset(kinds))
    values = [v for _, v in figures]
    whole = sum(1 for t, _ in figures if _WHOLE.fullmatch(t.split()[0])) / len(figures)
    kg = any("kg" in fold(t) for t in texts)
    ints = [int(v) for v in values if v == v.to_integral_value()]
    if len(ints) == len(values) and ints == list(range(ints[0], ints[0] + len(ints))):
        kinds.add("line_no")
        kind = "line_no" if kind == "number" else kind
    return Profile(kind, frozenset(kinds), whole, Decimal(median(values)), kg)


def _merge_text(slots: list[Slot], fields: list[str], placement: list[float]) -> None:
    """Merge each unlabelled text column into its neighbouring description (in place)."""
    k = 0
    while k < len(slots):
        if fields[k] != "_text":
            k += 1
            continue
        for other in (k - 1, k + 1):
            if 0 <= other < len(slots) and fields[other] in ("description", "_text"):
                low, high = min(k, other), max(k, other)
                slots[low] = Slot(slots[low].left, slots[high].right, slots[low].fields,
                                  slots[low].header + slots[high].header,
                                  [f"{a} {b}".strip() for a, b in
                                   zip(slots[low].cells, slots[high].cells, strict=True)])
                fields[low], placement[low] = fields[other], placement[other]
                del slots[high], fields[high], placement[high]
                k = 0
                break
        else:
            k += 1


def _by_brackets(
    name: str, spare: str, candidates: Sequence[int], *, fields: list[str],
    placement: list[float], profiles: Sequence[Profile], sure: bool,
) -> None:
    """Give ``name`` to the biggest-figured candidate column; the others become ``spare``.

    One candidate whose header names the unit or currency is placed at
    ``BY_BRACKETS`` (``sure``), else ``BY_CONTENT``; of several (net and gross
    weights both "(kg)", unit price and amount both "(USD)") the biggest
    figures are the gross weight or the amount, and none of them is sure.
    """
    order = sorted(candidates, key=lambda k: profiles[k].size)
    level = (BY_BRACKETS if sure else BY_CONTENT) if len(order) == 1 else CONTESTED
    fields[order[-1]], placement[order[-1]] = name, level
    for k in order[:-1]:
        fields[k], placement[k] = spare, CONTESTED


def _numbers_by_content(
    slots: Sequence[Slot], fields: list[str], placement: list[float], profiles: list[Profile]
) -> None:
    """Place the number columns that have no known header (in place)."""
    free = [name for name in NUMERIC_FIELDS if name not in fields]
    open_ = [k for k, name in enumerate(fields) if name == "_number"]
    units = [bracket_units(slot.header) for slot in slots]
    weighed = [k for k in open_ if units[k][0] is not None or profiles[k].kg]
    priced = [k for k in open_ if units[k][1] and k not in weighed]
    if weighed and "gross_weight_kg" in free:
        net = [profiles[k].size for k, name in enumerate(fields) if name == "_net_weight"]
        sure = all(units[k][0] is not None for k in weighed) and all(
            profiles[k].size >= size for k in weighed for size in net)
        _by_brackets("gross_weight_kg", "_net_weight", weighed, fields=fields,
                     placement=placement, profiles=profiles, sure=sure)
        free.remove("gross_weight_kg")
    if priced and "value" in free:
        _by_brackets("value", "_unit_price", priced, fields=fields, placement=placement,
                     profiles=profiles, sure=True)
        free.remove("value")
    for k in open_:
        beside_unit = "unit" in (fields[k - 1] if k else "", fields[k + 1] if k + 1 < len(fields)
                                 else "")
        if fields[k] == "_number" and beside_unit and profiles[k].whole == 1.0 \
                and "quantity" in free:
            fields[k], placement[k] = "quantity", BY_CONTENT
            free.remove("quantity")
    rest = [k for k in open_ if fields[k] == "_number"]
    if len(rest) == 1 and len(free) == 1:
        fields[rest[0]], placement[rest[0]] = free[0], BY_CONTENT
    elif rest and free:
        # Several columns and several fields: the biggest figures are the value,
        # whole numbers the quantity, the rest the weight; none of it confident.
        order = sorted(rest, key=lambda k: profiles[k].size)
        if "value" in free:
            fields[order[-1]], placement[order[-1]] = "value", CONTESTED
            order.pop()
        for k in order:
            name = "quantity" if profiles[k].whole == 1.0 else "gross_weight_kg"
            if name in free:
                fields[k], placement[k] = name, CONTESTED
                free.remove(name)


def assign_fields(slots: Sequence[Slot]) -> list[Column]:
    """The table's columns, each with its field, placement confidence, scale and currency."""
    slots = list(slots)
    profiles = [profile(slot.cells) for slot in slots]
    fields: list[str] = []
    placement: list[float] = []
    claimed = Counter(name for slot in slots for name in set(slot.fields))
    for slot, kind in zip(slots, profiles, strict=True):
        # Of two labels that disagree over one column ("Số lượng" misread, "Quantity"
        # read), the one said more often, then the one no other column has, wins;
        # the column is doubted.
        votes = Counter(slot.fields)
        named = max(votes, key=lambda name: (votes[name], -claimed[name]), default="")
        fits = kind.kind == "empty" or named in ("description", "_marks") or bool(
            kind.kinds & _KINDS_OF.get(named, {"text"}))
        if named and not fits and kind.kind in _DEFINITE and len(kind.kinds) == 1:
            # Content only one field can hold (HS codes, units, countries, currencies)
            # under a label naming another: the label was misread or is no known word for
            # it ("Neto" read for "Nước", "Loại kiện" one letter from "Loại tiền").
            fields.append(_DEFINITE[kind.kind])
            placement.append(BY_CONTENT)
            continue
        fields.append(named)
        placement.append(AGREED if fits and len(votes) < 2 else DISAGREED)
    for k, (slot, kind) in enumerate(zip(slots, profiles, strict=True)):
        if fields[k]:
            continue
        filled = sum(1 for cell in slot.cells if cell.strip())
        content = {"hs": "hs_code", "unit": "unit", "currency": "currency",
                   "country": "origin_country", "line_no": "_number",
                   "number": "_number"}.get(kind.kind, "_text")
        if filled < SPARSE * len(slot.cells):
            content = "_text"  # a few long cells running over from their column
        elif content in fields and content != "_text":
            content = "_number" if content == "_number" else "_other"
        fields[k], placement[k] = content, BY_CONTENT
    # A field named over two columns: the first keeps it, both in doubt.
    for k, name in enumerate(fields):
        if not name.startswith("_") and name in fields[:k]:
            first = fields.index(name)
            placement[first] = min(placement[first], CONTESTED)
            fields[k] = "_text" if name == "description" else (
                "_number" if profiles[k].kind in ("number", "line_no") else "_other")
    # The first column with cells (specks at the page's edge make a column of nothing)
    # holding 1, 2, 3 ... numbers the lines.
    numbered = next((k for k, slot in enumerate(slots)
                     if sum(1 for cell in slot.cells if cell.strip()) >= SPARSE * len(slot.cells)),
                    None)
    if numbered is not None and fields[numbered] == "_number" \
            and profiles[numbered].kind == "line_no" and "line_no" not in fields:
        fields[numbered] = "line_no"
    if "quantity" not in fields and "_packages" in fields and "unit" in fields:
        # A forwarder's list counts packages of a type ("664 CTN"): that is its quantity.
        k = fields.index("_packages")
        fields[k], placement[k] = "quantity", min(placement[k], BY_CONTENT)
    _numbers_by_content(slots, fields, placement, profiles)
    _merge_text(slots, fields, placement)
    texts = [k for k, name in enumerate(fields) if name == "_text"]
    if texts and "description" not in fields:
        # No description label read: the column with the most text is the description.
        k = max(texts, key=lambda k: sum(len(cell) for cell in slots[k].cells))
        fields[k] = "description"
    columns = []
    for slot, name, level in zip(slots, fields, placement, strict=True):
        scale, currency = bracket_units(slot.header)
        weighs = name in ("gross_weight_kg", "_net_weight")
        columns.append(Column(name, 0, 0, slot.left, slot.right, placement=level,
                              scale=scale if scale is not None and weighs else Decimal(1),
                              currency=currency if name == "value" else ""))
    return columns

