"""Declaration JSON (DESIGN.md) <-> Declaration, and the checks all three formats share.

The CSV and XML readers build the same nested dictionary as the JSON form
and hand it to :func:`declaration_from_dict`, so the three formats are
validated by one piece of code. A problem is raised as
:class:`DeclarationFieldError` with the goods line (index) and field it
concerns; each reader turns that into a message naming the file and the
place in its own terms (a CSV row, an XML element, a JSON array index).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pycountry

from borderdesk.documents.numbers import NumberRefused, read_amount, read_line_no
from borderdesk.domain.declaration import (
    Declaration,
    DeclarationLine,
    DeclaredVehicle,
    LineCost,
    OriginCertificate,
    Trader,
)
from borderdesk.errors import UserInputError, excerpt
from borderdesk.i18n import _
from borderdesk.json_input import JsonRefused, load_json
from borderdesk.limits import (
    DECLARATION_LINES,
    FIRST_YEAR,
    FRACTION_DIGITS,
    LAST_YEAR,
    MONEY_FRACTION_DIGITS,
)

DECLARATION_TYPES = ("import", "export", "transit")
HS_LENGTHS = (4, 6, 8, 10)
COST_FIELDS = (
    "fob", "non_originating_materials", "originating_materials", "direct_labour",
    "direct_overhead", "profit", "other",
)
HEADER_FIELDS = ("declaration_no", "type", "declared_at", "trader", "vehicle",
                 "origin_certificate", "lines")
NESTED_FIELDS = {
    "trader": ("name", "tax_code"),
    "vehicle": ("plate", "container_no", "seal_no"),
    "origin_certificate": ("form", "number", "issued_at", "origin_country"),
}
LINE_FIELDS = ("line_no", "hs_code", "description", "quantity", "unit", "gross_weight_kg",
               "value", "currency", "origin_country", "preference", "cost")

HsCheck = Callable[[str], str | None]
"""Given digits of an HS code, a translated problem ("unknown subheading ...") or None."""
UnitCheck = Callable[[str], str | None]
"""Given a unit code, the canonical unit, or None when it is not a known unit."""


class DeclarationFieldError(Exception):
    """A field of a declaration is wrong.

    Attributes:
        index: position of the goods line in ``lines`` (0-based), None for the header.
        line_no: the goods line's ``line_no`` when it could be read.
        field: the field name, dotted for nested ones (``trader.tax_code``).
        problem: translated text, starting with the field name.
    """

    def __init__(self, index: int | None, field: str, problem: str, line_no: int | None = None):
        super().__init__(problem)
        self.index = index
        self.field = field
        self.problem = problem
        self.line_no = line_no


class _Reader:
    """Reads one level of the dictionary, raising errors that name the field."""

    def __init__(self, data: Mapping[str, Any], index: int | None, prefix: str = "") -> None:
        self.data = data
        self.index = index
        self.prefix = prefix
        self.line_no: int | None = None

    def fail(self, field: str, problem: str) -> DeclarationFieldError:
        return DeclarationFieldError(self.index, self.prefix + field, problem, self.line_no)

    def raw(self, field: str) -> Any:
        value = self.data.get(field)
        if isinstance(value, str):
            value = value.strip()
            return value or None
        return value

    def text(self, field: str, *, required: bool = False, max_len: int = 300) -> str:
        value = self.raw(field)
        if value is None:
            if required:
                raise self.fail(field, _("{field} is missing").format(field=self.prefix + field))
            return ""
        if not isinstance(value, str | int) or isinstance(value, bool):
            raise self.fail(field, _("{field} must be text").format(field=self.prefix + field))
        text = str(value)
        if len(text) > max_len:
            raise self.fail(field, _("{field} is longer than {n} characters").format(
                field=self.prefix + field, n=max_len))
        return text

    def number(self, field: str, *, required: bool = False, money: bool = False
               ) -> Decimal | None:
        value = self.raw(field)
        name = self.prefix + field
        if value is None:
            if required:
                raise self.fail(field, _("{field} is missing").format(field=name))
            return None
        try:
            return read_amount(value, name, fraction_digits=MONEY_FRACTION_DIGITS if money
                               else FRACTION_DIGITS)
        except NumberRefused as refused:
            raise self.fail(field, refused.problem) from None

    def line_number(self) -> int:
        try:
            return read_line_no(self.raw("line_no"), self.prefix + "line_no")
        except NumberRefused as refused:
            raise self.fail("line_no", refused.problem) from None

    def country(self, field: str, *, required: bool = False) -> str | None:
        code = self.text(field, required=required, max_len=3).upper()
        if not code:
            return None
        if len(code) != 2 or pycountry.countries.get(alpha_2=code) is None:
            raise self.fail(field, _(
                "{field} '{value}' is not an ISO 3166 two-letter country code"
            ).format(field=self.prefix + field, value=code))
        return code

    def timestamp(self, field: str) -> datetime:
        text = self.text(field, required=True, max_len=40)
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is None:
            raise self.fail(field, _(
                "{field} '{value}' is not a date and time with a UTC offset "
                "(2026-11-20T08:30:00+07:00)"
            ).format(field=self.prefix + field, value=text))
        self._in_years(field, moment.year, text)
        return moment

    def _in_years(self, field: str, year: int, text: str) -> None:
        # Year 1 at +14:00 is a valid ISO text, but converting it to the gate's time
        # overflows; no shipment is dated outside these years anyway.
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise self.fail(field, _(
                "{field} '{value}' is not between the years {first} and {last}"
            ).format(field=self.prefix + field, value=text, first=FIRST_YEAR, last=LAST_YEAR))

    def day(self, field: str) -> date:
        text = self.text(field, required=True, max_len=40)
        try:
            day = date.fromisoformat(text)
        except ValueError:
            raise self.fail(field, _("{field} '{value}' is not a date (2026-11-18)").format(
                field=self.prefix + field, value=text)) from None
        self._in_years(field, day.year, text)
        return day

    def only(self, known: tuple[str, ...]) -> None:
        """Refuse a field not in ``known``: an ignored "Lines" block would hide its goods."""
        unknown = sorted(str(key) for key in self.data if key not in known)
        if unknown:
            raise self.fail(excerpt(unknown[0]), _("{field} is not a declaration field").format(
                field=excerpt(self.prefix + unknown[0])))

    def nested(self, field: str) -> _Reader | None:
        value = self.data.get(field)
        if value is None or value == "":
            return None
        if not isinstance(value, Mapping):
            raise self.fail(field, _("{field} must be an object").format(
                field=self.prefix + field))
        nested = _Reader(value, self.index, f"{self.prefix}{field}.")
        nested.line_no = self.line_no
        return nested


def _hs_code(reader: _Reader, hs_check: HsCheck | None) -> str:
    raw = reader.text("hs_code", required=True, max_len=20)
    digits = raw.replace(".", "").replace(" ", "")
    if not digits.isdigit() or len(digits) not in HS_LENGTHS:
        raise reader.fail("hs_code", _("hs_code '{value}' is not 4, 6, 8 or 10 digits").format(
            value=raw))
    if hs_check is not None:
        problem = hs_check(digits)
        if problem:
            raise reader.fail("hs_code", problem)
    return digits


def _currency(reader: _Reader) -> str:
    code = reader.text("currency", max_len=3).upper() or "USD"
    if len(code) != 3 or pycountry.currencies.get(alpha_3=code) is None:
        raise reader.fail("currency", _("currency '{value}' is not an ISO 4217 code").format(
            value=code))
    return code


def _cost(reader: _Reader) -> LineCost | None:
    cost = reader.nested("cost")
    if cost is None:
        return None
    unknown = sorted(set(cost.data) - set(COST_FIELDS))
    if unknown:
        raise cost.fail(excerpt(unknown[0]), _("{field} is not a cost field").format(
            field=excerpt(cost.prefix + unknown[0])))
    fob = cost.number("fob", required=True, money=True)
    assert fob is not None  # required
    if fob == 0:
        # Regional value content is a share of the FOB value: from a zero FOB it cannot
        # be computed, and a cost block that cannot be checked is refused, not skipped.
        raise cost.fail("fob", _(
            "{field} must be more than 0: the regional value content is a share of it"
        ).format(field=cost.prefix + "fob"))
    values = {name: cost.number(name, money=True) for name in COST_FIELDS[1:]}
    return LineCost(fob=fob, **values)


def _line(
    data: Any, index: int, hs_check: HsCheck | None, unit_check: UnitCheck | None
) -> DeclarationLine:
    if not isinstance(data, Mapping):
        raise DeclarationFieldError(index, "lines", _("a goods line must be an object"))
    reader = _Reader(data, index)
    reader.line_no = reader.line_number()
    reader.only(LINE_FIELDS)
    unit = reader.text("unit", required=True, max_len=8).upper()
    if unit_check is not None:
        known = unit_check(unit)
        if known is None:
            raise reader.fail("unit", _("unit '{value}' is not a known unit").format(value=unit))
        unit = known
    quantity = reader.number("quantity", required=True)
    assert quantity is not None  # required
    return DeclarationLine(
        line_no=reader.line_no,
        hs_code=_hs_code(reader, hs_check),
        description=reader.text("description", required=True, max_len=2000),
        quantity=quantity,
        unit=unit,
        gross_weight_kg=reader.number("gross_weight_kg"),
        value=reader.number("value", money=True),
        currency=_currency(reader),
        origin_country=reader.country("origin_country"),
        preference=reader.text("preference", max_len=16).upper() or None,
        cost=_cost(reader),
    )


def declaration_from_dict(
    data: Any, *, hs_check: HsCheck | None = None, unit_check: UnitCheck | None = None
) -> Declaration:
    """Validate a declaration in DESIGN.md's JSON shape and build the domain object.

    Args:
        data: the parsed JSON (or the same shape built from CSV or XML); numbers
            may be numbers or text.
        hs_check: judges an HS code against the nomenclature.
        unit_check: maps a unit code to its canonical form, None when unknown.

    Raises:
        DeclarationFieldError: naming the goods line and field of the first problem.
    """
    if not isinstance(data, Mapping):
        raise DeclarationFieldError(None, "", _("the declaration must be an object"))
    head = _Reader(data, None)
    kind = head.text("type", required=True, max_len=16).lower()
    if kind not in DECLARATION_TYPES:
        raise head.fail("type", _("type '{value}' is not import, export or transit").format(
            value=kind))
    head.only(HEADER_FIELDS)
    trader = head.nested("trader")
    if trader is None:
        raise head.fail("trader", _("{field} is missing").format(field="trader"))
    vehicle = head.nested("vehicle") or _Reader({}, None, "vehicle.")
    certificate = head.nested("origin_certificate")
    trader.only(NESTED_FIELDS["trader"])
    vehicle.only(NESTED_FIELDS["vehicle"])
    if certificate is not None:
        certificate.only(NESTED_FIELDS["origin_certificate"])
    lines_data = data.get("lines")
    if not isinstance(lines_data, list) or not lines_data:
        raise head.fail("lines", _("lines must be a list of at least one goods line"))
    if len(lines_data) > DECLARATION_LINES:
        raise head.fail("lines", _(
            "{n} goods lines; a declaration may have at most {limit}").format(
            n=len(lines_data), limit=DECLARATION_LINES))
    declaration = Declaration(
        declaration_no=head.text("declaration_no", required=True, max_len=32),
        type=kind,
        declared_at=head.timestamp("declared_at"),
        trader=Trader(name=trader.text("name", required=True),
                      tax_code=trader.text("tax_code", max_len=32)),
        vehicle=DeclaredVehicle(
            plate=vehicle.text("plate", max_len=32),
            container_no=vehicle.text("container_no", max_len=11).upper().replace(" ", ""),
            seal_no=vehicle.text("seal_no", max_len=64),
        ),
        origin_certificate=None if certificate is None else OriginCertificate(
            form=certificate.text("form", required=True, max_len=16),
            number=certificate.text("number", required=True, max_len=64),
            issued_at=certificate.day("issued_at"),
            origin_country=certificate.country("origin_country", required=True) or "",
        ),
        lines=tuple(
            _line(item, index, hs_check, unit_check) for index, item in enumerate(lines_data)
        ),
    )
    _check_lines(declaration)
    return declaration


def _check_lines(declaration: Declaration) -> None:
    seen: dict[int, int] = {}
    for index, line in enumerate(declaration.lines):
        if line.line_no in seen:
            raise DeclarationFieldError(index, "line_no", _(
                "line_no {n} appears twice (goods lines {first} and {second})"
            ).format(n=line.line_no, first=seen[line.line_no] + 1, second=index + 1),
                line.line_no)
        seen[line.line_no] = index
    first = declaration.lines[0].currency
    for index, line in enumerate(declaration.lines):
        if line.currency != first:
            raise DeclarationFieldError(index, "currency", _(
                "currency {value} differs from {first} of the first line: one declaration "
                "is declared in one currency"
            ).format(value=line.currency, first=first), line.line_no)


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def declaration_to_dict(declaration: Declaration) -> dict[str, object]:
    """The declaration in DESIGN.md's JSON shape (numbers as JSON numbers)."""
    certificate = declaration.origin_certificate
    return {
        "declaration_no": declaration.declaration_no,
        "type": declaration.type,
        "declared_at": declaration.declared_at.isoformat(),
        "trader": {"name": declaration.trader.name, "tax_code": declaration.trader.tax_code},
        "vehicle": {"plate": declaration.vehicle.plate,
                    "container_no": declaration.vehicle.container_no,
                    "seal_no": declaration.vehicle.seal_no},
        "origin_certificate": None if certificate is None else {
            "form": certificate.form, "number": certificate.number,
            "issued_at": certificate.issued_at.isoformat(),
            "origin_country": certificate.origin_country,
        },
        "lines": [
            {
                "line_no": line.line_no, "hs_code": line.hs_code,
                "description": line.description, "quantity": _number(line.quantity),
                "unit": line.unit, "gross_weight_kg": _number(line.gross_weight_kg),
                "value": _number(line.value), "currency": line.currency,
                "origin_country": line.origin_country, "preference": line.preference,
                **({"cost": {name: _number(getattr(line.cost, name)) for name in COST_FIELDS
                             if getattr(line.cost, name) is not None}}
                   if line.cost is not None else {}),
            }
            for line in declaration.lines
        ],
    }


def parse_json_text(text: str) -> Any:
    """Parse JSON keeping every number exact (Decimal), within json_input's bounds.

    Raises:
        JsonRefused: a syntax error (with line and column), a duplicate key (a second
            "lines" would hide the first block of goods), a number too long, NaN, or
            nesting too deep.
    """
    return load_json(text, exact=True)


def located(source_name: str, where: str, problem: str) -> UserInputError:
    """The one-line error every reader raises: ``file: where: problem``.

    A value quoted in ``problem`` may hold a newline (a quoted CSV cell, XML text):
    the line is folded here, once for every reader, so it stays one line.
    """
    problem = " ".join(problem.split())
    if not where:
        return UserInputError(_("{file}: {problem}").format(
            file=excerpt(source_name), problem=problem))
    return UserInputError(_("{file}: {where}: {problem}").format(
        file=excerpt(source_name), where=where, problem=problem))


def read_declaration_json(
    text: str, source_name: str, *, hs_check: HsCheck | None = None,
    unit_check: UnitCheck | None = None,
) -> Declaration:
    """Read DESIGN.md's declaration JSON.

    Raises:
        UserInputError: "declaration.json: goods line 7: hs_code '19011' is not ...";
            a syntax error names the line and column of the file.
    """
    try:
        data = parse_json_text(text)
    except JsonRefused as error:
        raise located(source_name, error.where(), error.problem) from None
    try:
        return declaration_from_dict(data, hs_check=hs_check, unit_check=unit_check)
    except DeclarationFieldError as error:
        if error.index is None:
            where = ""
        elif error.line_no is not None:
            where = _("goods line {n}").format(n=error.line_no)
        else:
            where = _("lines[{i}]").format(i=error.index)
        raise located(source_name, where, error.problem) from None
