"""Cross-checks inside one document: the manifest's own figures held against each other.

Pure: goods lines as read, the figures of the table's total row and the line
numbers printed on the page in; the same lines with their confidences
lowered where the document contradicts itself, and one ``Disagreement`` per
problem, out. No image, no engine, no I/O; it never raises on odd input.

What is checked:

- **Column sums** against the total row ("Total / Tổng cộng"), field by field.
  Agreement keeps the column's confidences (the document vouches for its
  figures); a disagreement caps them at ``DOUBTED``. When one character
  misread in a single line (a digit wrong, dropped or added, the decimal
  mark moved) would make the sum right, only that line's cell is capped and
  the corrected figure is suggested. A total read below ``CONFIDENT`` vouches
  for nothing, so it never exonerates the rest of a column.
- **Printed line numbers** in sequence: a gap, a repeat or a jump names the
  lines around it; a single number out of step between two that agree is
  a misread number.
- **Weight per unit** within ``KG_PER_UNIT`` for the line's unit, gross weight
  not below net weight, and quantity × unit price ≈ value where a price is known.
- **A missing figure** on a line when the other lines have one: the officer
  must look, and the line's other figures are doubted too (the missing figure
  may have been merged into a neighbouring cell).
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation, localcontext
from types import MappingProxyType

from babel.numbers import format_decimal

from borderdesk.domain.manifest import CONFIDENT, Disagreement, ManifestLine
from borderdesk.errors import excerpt
from borderdesk.i18n import N_, _, language
from borderdesk.limits import INTEGER_DIGITS
from borderdesk.rules.units import computable, unit_of

DOUBTED = 0.5
"""The confidence a figure is capped at once the document contradicts it: well below
``CONFIDENT``, so the review screen marks it whatever recognition said."""

SLIP_SEARCH_LINES = 300
"""Beyond this many lines a wrong sum is not traced to one line (each line is tried with
every one-character misreading, a few hundred figures each): the whole column is doubted."""

NUMERIC_FIELDS = ("quantity", "gross_weight_kg", "value", "net_weight_kg")
"""The line fields a total row may give, in the order their checks are reported."""

_FIELD_NAMES: Mapping[str, str] = MappingProxyType({
    "quantity": N_("quantity"),
    "gross_weight_kg": N_("gross weight"),
    "value": N_("value"),
    "net_weight_kg": N_("net weight"),
})

SUM_DISAGREES = N_("The lines' {field} figures add up to {sum}; the total row says {total}.")
SUM_ONE_LINE = N_(
    "Line {line}: the {field} reads {read}, but {corrected} would make the lines add up to "
    "the total row's {total}; one character may have been misread.")
SUM_IMPLIED = N_("Line {line}: the {field} reads {read}; the total row implies {implied}.")
MISSING_ONE = N_("Line {lines} has no {field} where the other lines have one; look at the paper.")
MISSING_MANY = N_(
    "Lines {lines} have no {field} where the other lines have one; look at the paper.")
MISSING_IMPLIED = N_(
    "Line {line} has no {field} where the other lines have one; the total row implies {implied}.")
NUMBERS_BREAK = N_(
    "The printed line numbers go from {before} to {after} (lines {first} to {last} as read): "
    "a line may have been missed or read twice.")
NUMBER_MISREAD = N_(
    "Line {line} is numbered {printed} where {expected} was expected: its row may have been "
    "misread.")
UNIT_WEIGHT = N_(
    "Line {line}: {weight} kg for {quantity} {unit} is {per_unit} kg each, outside "
    "{low}–{high} kg for {unit}; the quantity or the weight may be misread.")
GROSS_BELOW_NET = N_("Line {line}: the gross weight {gross} kg is less than the net weight "
                     "{net} kg.")
PRICE_DISAGREES = N_(
    "Line {line}: {quantity} × {price} makes {product}, but the value reads {value}.")


# ---- Where the bounds come from

def _bounds(low: str, high: str) -> tuple[Decimal, Decimal]:
    return Decimal(low), Decimal(high)


_TRUCK = "50000"  # a loaded tractor and semi-trailer: about 48 t (Circular 46/2015/TT-BGTVT)
KG_PER_UNIT: Mapping[str, tuple[Decimal, Decimal]] = MappingProxyType({
    # Mass: the gross weight is the goods plus packaging. From a little under the
    # net mass (scales differ, produce dries on the road) to packaging weighing 60 %
    # of the goods (glass jars, wooden crates).
    "KGM": _bounds("0.95", "1.6"),
    "TNE": _bounds("950", "1600"),
    "GRM": _bounds("0.00095", "0.0016"),
    # Volume: liquids run from 0.7 kg/l (petrol) to 1.8 kg/l (sulphuric acid);
    # small glass bottles add up to as much again.
    "LTR": _bounds("0.5", "2"),
    "MLT": _bounds("0.0005", "0.002"),
    # Bulk volume: from expanded polystyrene (15-30 kg/m3) to steel (7,850 kg/m3).
    "MTQ": _bounds("5", "8000"),
    # Length and area: from fine wire or thin film to rail and thick steel plate.
    "MTR": _bounds("0.0001", "1000"),
    "MTK": _bounds("0.001", "1000"),
    # Counted goods: from a 10 mg electronic part to a single load filling the truck.
    "PCE": _bounds("0.00001", _TRUCK),
    "SET": _bounds("0.00001", _TRUCK),
    "PR": _bounds("0.00001", _TRUCK),
    "DZN": _bounds("0.00012", _TRUCK),
    "ROL": _bounds("0.01", _TRUCK),  # a roll of tape to a steel coil of 25-30 t
    # Packages: a pouch to a bulk bag (FIBC, rated up to 2,000 kg, ISO 21898).
    "BAG": _bounds("0.01", "2000"),
    # A carton or box of small parts to a triple-wall bulk box.
    "CTN": _bounds("0.01", "1000"),
    "BOX": _bounds("0.01", "1000"),
    # A 10 g tin of balm to a 20-litre tin; a 5 ml vial to a gas cylinder.
    "TIN": _bounds("0.01", "30"),
    "BTL": _bounds("0.005", "100"),
    # An ISO 6780 pallet alone weighs 5-25 kg; loaded, at most about 4 t.
    "PAL": _bounds("5", "5000"),
})
"""Plausible gross kilograms per unit of quantity, by canonical unit code
(``rules.units``). Wide on purpose: they catch a misplaced decimal mark or a
dropped digit, not an unusual cargo; the totals catch small slips."""

PRICE_MARGIN = Decimal("0.001")
"""Quantity × unit price may differ from the value by this share, beyond the rounding of
the printed figures (a price printed to cents but computed with more)."""


@dataclass(frozen=True)
class PrintedTotals:
    """The figures of the table's total row ("Total / Tổng cộng"), by line field."""

    values: Mapping[str, Decimal]
    """Line field ("quantity", "gross_weight_kg", "value", "net_weight_kg") -> figure printed.

    In the lines' units (kilograms, after any tonnes were converted); keep the
    decimals as printed, which tell how far the figure may have been rounded."""
    confidence: Mapping[str, float]
    """Recognition confidence of each figure; a figure without one vouches for nothing."""


# ---- The public API


def cross_check(
    lines: Sequence[ManifestLine],
    totals: PrintedTotals | None,
    printed_line_numbers: Sequence[int | None] = (),
    *,
    net_weights_kg: Sequence[Decimal | None] = (),
    unit_prices: Sequence[Decimal | None] = (),
) -> tuple[tuple[ManifestLine, ...], tuple[Disagreement, ...]]:
    """Hold a manifest's figures against each other.

    Args:
        lines: the goods lines as read, in reading order.
        totals: the total row's figures, or None when the page has no total row.
        printed_line_numbers: the number printed at the start of each line
            (None where there is none or it could not be read), in step with
            ``lines``; empty when the table has no number column.
        net_weights_kg: each line's net weight, when the table has that column
            (the manifest keeps no net weight; it is checked against the total
            row and the gross weight).
        unit_prices: each line's unit price, when the table has that column.

    Returns:
        The lines with their confidences capped at ``DOUBTED`` where the document
        contradicts them, and the disagreements found (translated messages).
    """
    work = _Work(lines, net_weights_kg)
    for name in NUMERIC_FIELDS:
        _check_missing(work, name, totals)
    for name in NUMERIC_FIELDS:
        _check_sum(work, name, totals)
    _check_numbering(work, printed_line_numbers)
    for i in range(len(lines)):
        _check_unit_weight(work, i)
        _check_price(work, i, unit_prices[i] if i < len(unit_prices) else None)
    return work.result()


# ---- Bookkeeping


class _Work:
    """The lines under check, the caps decided so far and the disagreements found."""

    def __init__(self, lines: Sequence[ManifestLine], net: Sequence[Decimal | None]) -> None:
        self.lines = tuple(lines)
        self.net = tuple(net[i] if i < len(net) else None for i in range(len(self.lines)))
        self.caps: dict[int, set[str]] = {}
        self.found: list[Disagreement] = []

    def figure(self, i: int, name: str) -> Decimal | None:
        value = self.net[i] if name == "net_weight_kg" else getattr(self.lines[i], name, None)
        return value if isinstance(value, Decimal) else None

    def cell(self, i: int, name: str) -> tuple[int | None, str]:
        return (self.lines[i].line_no, name)

    def add(self, message: str, cells: Sequence[tuple[int | None, str]],
            doubt: Sequence[tuple[int, str]]) -> None:
        self.found.append(Disagreement(message, tuple(dict.fromkeys(cells))))
        for i, name in doubt:
            self.caps.setdefault(i, set()).add(name)

    def result(self) -> tuple[tuple[ManifestLine, ...], tuple[Disagreement, ...]]:
        out = list(self.lines)
        for i, names in self.caps.items():
            line = out[i]
            confidence = dict(line.confidence)
            for name in names:
                if name != "net_weight_kg":
                    confidence[name] = min(confidence.get(name, 1.0), DOUBTED)
            out[i] = dataclasses.replace(line, confidence=confidence)
        return tuple(out), tuple(self.found)


# ---- Numbers as the officer reads them


def figure_text(value: Decimal) -> str:
    """``value`` with the active language's grouping and as many decimals as were printed.

    ``Decimal("1204.50")`` is "1,204.50" in English and "1.204,50" in Vietnamese;
    a figure beyond arithmetic is quoted as held.
    """
    if not computable(value):
        return excerpt(value)
    places = min(max(-int(value.as_tuple().exponent), 0), 15)
    pattern = "#,##0" + ("." + "0" * places if places else "")
    return format_decimal(value, format=pattern, locale=language())


def _with_unit(value: Decimal, unit: str) -> str:
    return f"{figure_text(value)} {unit}" if unit else figure_text(value)


def _half_unit(value: Decimal) -> Decimal:
    """Half a unit of the last digit printed: how far rounding may have moved ``value``.

    A whole figure as printed ("1200", exponent 0) has none: counts are exact. A
    figure converted with its precision kept (1.5 t as ``Decimal("1.5E+3")`` kg)
    has half a unit of its last digit, 50 kg.
    """
    exponent = value.as_tuple().exponent
    return Decimal(5).scaleb(exponent - 1) if isinstance(exponent, int) and exponent else \
        Decimal(0)


def _rounding(figure: Decimal, total: Decimal) -> Decimal:
    """How far a line's printed figure may be from the one its total row was summed from.

    A figure printed with decimals may have been rounded to them (a value computed
    as quantity × price); a whole figure is exact, unless the total shows decimals
    the lines do not. The total itself may be rounded to its last digit, a whole
    total by up to 0.5.
    """
    if _half_unit(figure) or not _half_unit(total):
        return _half_unit(figure)
    return Decimal("0.5")


def _about(value: Decimal) -> Decimal:
    """A ratio to show: whole above 100, cents above 1, else three significant digits."""
    if value >= 100:
        return value.quantize(Decimal(1))
    if value >= 1:
        return value.quantize(Decimal("0.01"))
    return value.quantize(Decimal(1).scaleb(value.adjusted() - 2)) if value else value


def _like(value: Decimal, model: Decimal) -> Decimal:
    """``value`` with ``model``'s decimals when that loses nothing ("15.00" like "45" is "15")."""
    places, own = model.as_tuple().exponent, value.as_tuple().exponent
    if isinstance(places, int) and isinstance(own, int) and places > own:
        shortened = value.quantize(Decimal(1).scaleb(places))
        if shortened == value:
            return shortened
    return value


def _line_list(numbers: Sequence[int]) -> str:
    return ", ".join(str(n) for n in numbers)


# ---- Column sums and missing figures


def _common(work: _Work, indices: Sequence[int], name: str) -> str | None:
    """The one unit (or currency) of a column's lines, "" when none is read, None when mixed.

    A total over cartons and pieces, or over dollars and baht, is no sum the
    lines can be held to.
    """
    if name == "quantity":
        seen = {(unit.code if (unit := unit_of(work.lines[i].unit)) else
                 work.lines[i].unit.strip().upper()) for i in indices}
    elif name == "value":
        seen = {work.lines[i].currency.strip().upper() for i in indices}
    else:
        return "kg"
    seen.discard("")
    return None if len(seen) > 1 else next(iter(seen), "")


def _column(work: _Work, name: str, totals: PrintedTotals | None) -> tuple[
        list[int], list[int], Decimal | None, str | None]:
    """A column's lines with a figure, lines without, the total row's figure and unit.

    The total is None when there is none, it is beyond arithmetic, a line's
    figure is, or the lines' units (currencies) differ.
    """
    having = [i for i in range(len(work.lines)) if work.figure(i, name) is not None]
    missing = [i for i in range(len(work.lines)) if work.figure(i, name) is None]
    unit = _common(work, having, name)
    total = totals.values.get(name) if totals is not None else None
    if not (isinstance(total, Decimal) and computable(total) and unit is not None
            and all(computable(work.figure(i, name)) for i in having)):
        total = None
    return having, missing, total, unit


def _check_missing(work: _Work, name: str, totals: PrintedTotals | None) -> None:
    having, missing, total, unit = _column(work, name, totals)
    if having and missing and len(having) >= len(missing):
        _report_missing(work, name, having, missing, total=total, unit=unit or "")


def _check_sum(work: _Work, name: str, totals: PrintedTotals | None) -> None:
    having, missing, total, unit = _column(work, name, totals)
    if not having or missing or total is None or totals is None or unit is None:
        return
    trusted = totals.confidence.get(name, 0.0) >= CONFIDENT
    _hold_to_total(work, name, having, total, trusted=trusted, unit=unit)


def _report_missing(work: _Work, name: str, having: Sequence[int], missing: Sequence[int], *,
                    total: Decimal | None, unit: str) -> None:
    """One message for a column's missing figures; the lines' other figures are doubted."""
    field = _(_FIELD_NAMES[name])
    numbers = [work.lines[i].line_no for i in missing]
    doubt = [(i, other) for i in missing for other in NUMERIC_FIELDS
             if work.figure(i, other) is not None]
    cells = [work.cell(i, name) for i in missing] + [work.cell(i, f) for i, f in doubt]
    implied = None
    if total is not None and len(missing) == 1:
        with localcontext() as context:
            context.prec = 40
            implied = _like(total - sum((work.figure(i, name) or Decimal(0) for i in having),
                                        Decimal(0)), total)
    if implied is not None and implied >= 0:
        message = _(MISSING_IMPLIED).format(line=numbers[0], field=field,
                                            implied=_with_unit(implied, unit))
    elif len(missing) == 1:
        message = _(MISSING_ONE).format(lines=numbers[0], field=field)
    else:
        message = _(MISSING_MANY).format(lines=_line_list(numbers), field=field)
    work.add(message, cells, doubt)


def _hold_to_total(work: _Work, name: str, having: Sequence[int], total: Decimal, *,
                   trusted: bool, unit: str) -> None:
    """Compare a column's sum with its total; name the one line to blame where possible.

    A line already doubted for this figure (its neighbour's figure is missing,
    perhaps merged into it) is the first suspect; else a line one misread
    character away from closing the gap. Only a total read with confidence
    points at a single line: the others then stay corroborated.
    """
    figures = [work.figure(i, name) or Decimal(0) for i in having]
    with localcontext() as context:
        context.prec = 40
        read_sum = sum(figures, Decimal(0))
        slack = (_half_unit(total) or Decimal("0.5")) + sum(
            (_rounding(f, total) for f in figures), Decimal(0))
        if abs(read_sum - total) <= slack:
            return
        field = _(_FIELD_NAMES[name])
        gap = total - read_sum
        merged = [k for k, i in enumerate(having) if name in work.caps.get(i, ())]
        suspects: dict[int, Decimal] = {}
        if trusted and len(having) <= SLIP_SEARCH_LINES:
            for k, read in enumerate(figures):
                fix = _slip_fix(read, gap, slack) if k not in merged else None
                if fix is not None:
                    suspects[k] = fix
        if trusted and len(merged) == 1 and not suspects and figures[merged[0]] + gap >= 0:
            k = merged[0]
            work.add(_(SUM_IMPLIED).format(
                line=work.lines[having[k]].line_no, field=field,
                read=_with_unit(figures[k], unit),
                implied=_with_unit(_like(figures[k] + gap, total), unit)),
                [work.cell(having[k], name)], [(having[k], name)])
            return
        if len(suspects) == 1 and not merged:
            (k, fix), = suspects.items()
            work.add(_(SUM_ONE_LINE).format(
                line=work.lines[having[k]].line_no, field=field,
                read=_with_unit(figures[k], unit), corrected=_with_unit(fix, unit),
                total=_with_unit(total, unit)),
                [work.cell(having[k], name)], [(having[k], name)])
            return
        work.add(_(SUM_DISAGREES).format(field=field, sum=_with_unit(read_sum, unit),
                                         total=_with_unit(total, unit)),
                 [*(work.cell(i, name) for i in having), (None, f"total_{name}")],
                 [(i, name) for i in having])


def _slip_fix(read: Decimal, short: Decimal, slack: Decimal) -> Decimal | None:
    """The figure one misread character away from ``read`` that closes the gap ``short``.

    The closest such figure when several fall within ``slack``; None when none does.
    """
    best: tuple[Decimal, Decimal] | None = None
    for candidate in one_slip_away(read):
        miss = abs(read + short - candidate)
        if miss <= slack and (best is None or miss < best[0]):
            best = (miss, candidate)
    return None if best is None else best[1]


def one_slip_away(read: Decimal) -> Iterator[Decimal]:
    """Every non-negative figure that one misread character would have printed as ``read``.

    A digit read wrong, a digit dropped or added, the decimal mark misplaced,
    dropped or added. The figures keep the decimals printed.
    """
    if not computable(read) or read < 0:
        return
    text = format(read, "f")
    digits = text.replace(".", "")
    point = text.find(".")
    texts: set[str] = set()
    for k, char in enumerate(text):
        if char == ".":
            continue
        texts.update(text[:k] + d + text[k + 1:] for d in "0123456789" if d != char)
        texts.add(text[:k] + text[k + 1:])
    for k in range(len(text) + 1):
        texts.update(text[:k] + d + text[k:] for d in "0123456789")
    texts.update(digits[:k] + "." + digits[k:] for k in range(1, len(digits)) if k != point)
    texts.add(digits)
    # A leading digit read as 0 takes the zeros after it along: "1000.50" read "0000.50".
    whole = len(text) if point < 0 else point
    texts.update(format(read + d * Decimal(10) ** k, "f")
                 for k in range(whole, INTEGER_DIGITS) for d in range(1, 10))
    seen: set[Decimal] = {read}
    for candidate_text in sorted(texts):
        if not candidate_text.strip(".") or candidate_text.count(".") > 1:
            continue
        try:
            value = Decimal(candidate_text)
        except InvalidOperation:  # pragma: no cover - only digits and one point are built
            continue
        if value not in seen:
            seen.add(value)
            yield value


# ---- Printed line numbers


def _check_numbering(work: _Work, printed: Sequence[int | None]) -> None:
    numbered = [(i, n) for i, n in enumerate(printed[: len(work.lines)]) if isinstance(n, int)]
    misread: set[int] = set()
    for (h, x), (i, a), (j, b) in zip(numbered, numbered[1:], numbered[2:], strict=False):
        if b - x == j - h and a - x != i - h:
            misread.add(i)
            work.add(_(NUMBER_MISREAD).format(line=work.lines[i].line_no, printed=a,
                                              expected=x + i - h),
                     [work.cell(i, "line_no")], _all_fields(work, [i]))
    kept = [(i, n) for i, n in numbered if i not in misread]
    for (i, a), (j, b) in itertools.pairwise(kept):
        if b - a == j - i:
            continue
        span = list(range(i, j + 1))
        work.add(_(NUMBERS_BREAK).format(before=a, after=b, first=work.lines[i].line_no,
                                         last=work.lines[j].line_no),
                 [work.cell(k, "line_no") for k in span], _all_fields(work, span))


def _all_fields(work: _Work, indices: Sequence[int]) -> list[tuple[int, str]]:
    """Every field read on these lines: a row that may be missed or doubled doubts them all."""
    out: list[tuple[int, str]] = []
    for i in indices:
        line = work.lines[i]
        names = set(line.confidence) | {n for n in NUMERIC_FIELDS if work.figure(i, n) is not None}
        out.extend((i, name) for name in sorted(names))
    return out


# ---- One line's figures against each other


def _check_unit_weight(work: _Work, i: int) -> None:
    line = work.lines[i]
    if work.caps.get(i, set()) & {"quantity", "gross_weight_kg", "net_weight_kg"}:
        return  # already named: one message per problem
    quantity, gross, net = (work.figure(i, "quantity"), work.figure(i, "gross_weight_kg"),
                            work.figure(i, "net_weight_kg"))
    if computable(gross) and computable(net) and gross is not None and net is not None and \
            gross + _half_unit(gross) + _half_unit(net) < net:
        work.add(_(GROSS_BELOW_NET).format(line=line.line_no, gross=figure_text(gross),
                                           net=figure_text(net)),
                 [work.cell(i, "gross_weight_kg"), work.cell(i, "net_weight_kg")],
                 [(i, "gross_weight_kg"), (i, "net_weight_kg")])
    unit = unit_of(line.unit)
    bounds = KG_PER_UNIT.get(unit.code) if unit is not None else None
    if bounds is None or quantity is None or gross is None or not (
            computable(quantity) and computable(gross) and quantity > 0 and gross > 0):
        return
    low, high = bounds
    with localcontext() as context:
        context.prec = 40
        # Rounding of the printed figures moves the ratio too: a 0.4 kg parcel printed "0".
        lightest = (gross - _half_unit(gross)) / (quantity + _half_unit(quantity))
        heaviest = (gross + _half_unit(gross)) / max(quantity - _half_unit(quantity),
                                                     quantity / 2)
        per_unit = _about(gross / quantity)
    if heaviest >= low and lightest <= high:
        return
    work.add(_(UNIT_WEIGHT).format(line=line.line_no, weight=figure_text(gross),
                                   quantity=figure_text(quantity), unit=line.unit.strip(),
                                   per_unit=figure_text(per_unit),
                                   low=figure_text(low), high=figure_text(high)),
             [work.cell(i, "quantity"), work.cell(i, "gross_weight_kg")],
             [(i, "quantity"), (i, "gross_weight_kg")])


def _check_price(work: _Work, i: int, price: Decimal | None) -> None:
    line = work.lines[i]
    if work.caps.get(i, set()) & {"quantity", "value"}:
        return
    quantity, value = work.figure(i, "quantity"), work.figure(i, "value")
    if not (isinstance(price, Decimal) and computable(price) and computable(quantity)
            and computable(value)) or quantity is None or value is None:
        return
    with localcontext() as context:
        context.prec = 40
        slack = _half_unit(value) + value.copy_abs() * PRICE_MARGIN
        for basis in (quantity, work.figure(i, "net_weight_kg"),
                      work.figure(i, "gross_weight_kg")):
            if basis is not None and computable(basis) and abs(basis * price - value) <= \
                    slack + basis.copy_abs() * _half_unit(price):
                return
        product = quantity * price
    currency = line.currency.strip()
    work.add(_(PRICE_DISAGREES).format(line=line.line_no, quantity=figure_text(quantity),
                                       price=_with_unit(price, currency),
                                       product=_with_unit(product, currency),
                                       value=_with_unit(value, currency)),
             [work.cell(i, "quantity"), work.cell(i, "value")],
             [(i, "quantity"), (i, "value")])
