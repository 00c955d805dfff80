"""The manifest JSON of DESIGN.md, to and from ``domain.manifest.Manifest``.

What OCR produces and what a reviewing officer (or a carrier's export)
hands back: header fields, goods lines with the declaration line fields,
optional per-field ``confidence`` objects, ``source``, ``warnings`` and the
``disagreements`` found inside the document (totals that do not add up ...).
Numbers are JSON numbers outside and ``Decimal`` inside, bounded like a
declaration's (``documents.numbers``); text fields, lines and dates are
bounded too, since a manifest may come from a carrier's file as well as from
OCR. A bad value is a ``UserInputError`` that names the field and quotes at
most ``limits.SHOWN_VALUE_CHARACTERS`` of the value.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

import pycountry

from borderdesk.documents.numbers import NumberRefused, read_amount, read_line_no
from borderdesk.domain.manifest import Disagreement, Manifest, ManifestLine, ManifestSource
from borderdesk.errors import UserInputError, excerpt
from borderdesk.i18n import _
from borderdesk.limits import (
    DECLARATION_LINES,
    FIRST_YEAR,
    FRACTION_DIGITS,
    LAST_YEAR,
    LINE_NUMBER,
    MONEY_FRACTION_DIGITS,
)

HEADER_FIELDS = (
    "document_no", "consignor", "consignee", "vehicle_plate", "container_no", "seal_no",
)
LINE_TEXT_FIELDS = ("description", "unit", "currency")
LINE_NUMBER_FIELDS = ("quantity", "gross_weight_kg", "value")
TEXT_LENGTHS: dict[str, int] = {
    # The declaration's lengths for the same fields; longer is no manifest's text.
    "document_no": 64, "consignor": 300, "consignee": 300, "vehicle_plate": 32,
    "container_no": 32, "seal_no": 64, "description": 2000, "unit": 16, "currency": 16,
    "hs_code": 20, "image_sha256": 64, "engine": 64, "version": 64, "languages": 64,
}
MAX_WARNINGS = 100
"""Remarks OCR leaves for the officer: a few per page."""
MAX_CONFIDENCES = 64
"""Per-field confidences of one line or header: one per field, with room to spare."""


def _number(value: Decimal | None) -> int | float | None:
    """A JSON number for a Decimal: an int when whole, else a float."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def _confidence(values: Mapping[str, float]) -> dict[str, float]:
    return {name: float(level) for name, level in values.items()}


def manifest_to_dict(manifest: Manifest) -> dict[str, Any]:
    """The manifest as a JSON-ready dict (DESIGN.md's manifest JSON)."""
    source = manifest.source
    return {
        "document_no": manifest.document_no,
        "date": manifest.date.isoformat() if manifest.date else None,
        "consignor": manifest.consignor,
        "consignee": manifest.consignee,
        "vehicle_plate": manifest.vehicle_plate,
        "container_no": manifest.container_no,
        "seal_no": manifest.seal_no,
        "confidence": _confidence(manifest.confidence),
        "lines": [
            {
                "line_no": line.line_no,
                "description": line.description,
                "hs_code": line.hs_code,
                "quantity": _number(line.quantity),
                "unit": line.unit,
                "gross_weight_kg": _number(line.gross_weight_kg),
                "value": _number(line.value),
                "currency": line.currency,
                "origin_country": line.origin_country,
                "confidence": _confidence(line.confidence),
            }
            for line in manifest.lines
        ],
        "source": None if source is None else {
            "image_sha256": source.image_sha256,
            "engine": source.engine,
            "version": source.engine_version,
            "languages": source.languages,
        },
        "warnings": list(manifest.warnings),
        "disagreements": [
            {"message": d.message,
             "cells": [{"line_no": line_no, "field": name} for line_no, name in d.cells]}
            for d in manifest.disagreements
        ],
    }


# ---- Reading


def _shown(value: object) -> str:
    try:
        return excerpt(repr(value))
    except ValueError:  # an int of more digits than Python will print
        return "…"


def _bad(where: str, name: str, value: object, reason: str) -> UserInputError:
    return UserInputError(
        _("{where}: {field} {value}: {reason}").format(
            where=where, field=excerpt(name), value=_shown(value), reason=reason
        )
    )


def _text(data: Mapping[str, Any], name: str, where: str) -> str:
    value = data.get(name, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _bad(where, name, value, _("must be text"))
    text = value.strip()
    limit = TEXT_LENGTHS.get(name, 300)
    if len(text) > limit:
        raise _bad(where, name, value, _("is longer than {n} characters").format(n=limit))
    return text


def _decimal(data: Mapping[str, Any], name: str, where: str) -> Decimal | None:
    value = data.get(name)
    if value is None:
        return None
    try:
        return read_amount(value, name, fraction_digits=MONEY_FRACTION_DIGITS
                           if name == "value" else FRACTION_DIGITS)
    except NumberRefused as refused:
        raise UserInputError(_("{where}: {problem}").format(
            where=where, problem=refused.problem)) from None


def _confidences(data: Mapping[str, Any], where: str) -> dict[str, float]:
    value = data.get("confidence")
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise _bad(where, "confidence", value, _("must be an object of field: number"))
    if len(value) > MAX_CONFIDENCES:
        raise _bad(where, "confidence", _("{n} fields").format(n=len(value)),
                   _("must hold at most {limit} fields").format(limit=MAX_CONFIDENCES))
    levels: dict[str, float] = {}
    for name, level in value.items():
        if (isinstance(level, bool) or not isinstance(level, int | float | Decimal)
                or not 0 <= level <= 1):
            raise _bad(where, f"confidence.{name}", level, _("must be a number from 0 to 1"))
        levels[str(name)] = float(level)
    return levels


def _country(data: Mapping[str, Any], where: str) -> str | None:
    value = data.get("origin_country")
    if value is None or value == "":
        return None
    if not isinstance(value, str) or pycountry.countries.get(alpha_2=value.strip().upper()) is None:
        raise _bad(where, "origin_country", value, _("is not an ISO 3166 alpha-2 country code"))
    return value.strip().upper()


def _hs_code(data: Mapping[str, Any], where: str) -> str:
    raw = _text(data, "hs_code", where)
    digits = raw.replace(".", "").replace(" ", "")
    if digits and not digits.isdigit():
        raise _bad(where, "hs_code", raw, _("must be digits"))
    return digits


def _line(data: object, index: int, where: str) -> ManifestLine:
    here = _("{where}: line {n}").format(where=where, n=index + 1)
    if not isinstance(data, Mapping):
        raise _bad(where, "lines", data, _("each line must be an object"))
    try:
        line_no = read_line_no(data.get("line_no", index + 1))
    except NumberRefused as refused:
        raise UserInputError(_("{where}: {problem}").format(
            where=here, problem=refused.problem)) from None
    numbers = {name: _decimal(data, name, here) for name in LINE_NUMBER_FIELDS}
    texts = {name: _text(data, name, here) for name in LINE_TEXT_FIELDS}
    return ManifestLine(
        line_no=line_no,
        description=texts["description"],
        hs_code=_hs_code(data, here),
        quantity=numbers["quantity"],
        unit=texts["unit"].upper(),
        gross_weight_kg=numbers["gross_weight_kg"],
        value=numbers["value"],
        currency=texts["currency"].upper(),
        origin_country=_country(data, here),
        confidence=_confidences(data, here),
    )


def _source(data: Mapping[str, Any], where: str) -> ManifestSource | None:
    value = data.get("source")
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise _bad(where, "source", value, _("must be an object"))
    here = _("{where}: source").format(where=where)
    return ManifestSource(
        image_sha256=_text(value, "image_sha256", here),
        engine=_text(value, "engine", here),
        engine_version=_text(value, "version", here),
        languages=_text(value, "languages", here),
    )


def _disagreements(data: Mapping[str, Any], where: str) -> tuple[Disagreement, ...]:
    value = data.get("disagreements", [])
    refused = _bad(where, "disagreements", value, _(
        "must be a list of at most {limit} objects with a message and the cells involved"
    ).format(limit=MAX_WARNINGS))
    if not isinstance(value, list) or len(value) > MAX_WARNINGS:
        raise refused
    found: list[Disagreement] = []
    for item in value:
        if not isinstance(item, Mapping):
            raise refused
        message, cells = item.get("message"), item.get("cells", [])
        if not isinstance(message, str) or len(message) > 2000 or not isinstance(cells, list) \
                or len(cells) > DECLARATION_LINES:
            raise refused
        places: list[tuple[int | None, str]] = []
        for cell in cells:
            line_no = cell.get("line_no") if isinstance(cell, Mapping) else None
            name = cell.get("field") if isinstance(cell, Mapping) else None
            if not isinstance(name, str) or len(name) > 64 or not (
                    line_no is None or (type(line_no) is int and 0 < line_no <= LINE_NUMBER)):
                raise refused
            places.append((line_no, name))
        found.append(Disagreement(message, tuple(places)))
    return tuple(found)


def manifest_from_dict(data: object, source_name: str = "") -> Manifest:
    """A Manifest from manifest JSON (parsed), checking every field.

    Args:
        data: the parsed JSON document.
        source_name: a file name to put in front of error messages.

    Raises:
        UserInputError: naming the field and what is wrong with it.
    """
    where = excerpt(source_name) if source_name else _("manifest")
    if not isinstance(data, Mapping):
        raise UserInputError(_("{where}: a manifest must be a JSON object").format(where=where))
    when_raw = data.get("date")
    when: date | None = None
    if when_raw not in (None, ""):
        try:
            when = date.fromisoformat(str(when_raw)) if isinstance(when_raw, str) else None
        except ValueError:
            when = None
        if when is None:
            raise _bad(where, "date", when_raw, _("must be a date like 2026-11-20"))
        if not FIRST_YEAR <= when.year <= LAST_YEAR:
            raise _bad(where, "date", when_raw, _("is not between the years {first} and "
                                                  "{last}").format(first=FIRST_YEAR,
                                                                   last=LAST_YEAR))
    lines_raw = data.get("lines", [])
    if not isinstance(lines_raw, list):
        raise _bad(where, "lines", lines_raw, _("must be a list"))
    if len(lines_raw) > DECLARATION_LINES:
        raise _bad(where, "lines", _("{n} lines").format(n=len(lines_raw)),
                   _("a manifest may have at most {limit} lines").format(
                       limit=DECLARATION_LINES))
    warnings_raw = data.get("warnings", [])
    if (not isinstance(warnings_raw, list) or len(warnings_raw) > MAX_WARNINGS
            or not all(isinstance(w, str) and len(w) <= 2000 for w in warnings_raw)):
        raise _bad(where, "warnings", warnings_raw, _(
            "must be a list of at most {limit} remarks, each of at most 2000 characters"
        ).format(limit=MAX_WARNINGS))
    texts = {name: _text(data, name, where) for name in HEADER_FIELDS}
    return Manifest(
        document_no=texts["document_no"],
        date=when,
        consignor=texts["consignor"],
        consignee=texts["consignee"],
        vehicle_plate=texts["vehicle_plate"],
        container_no=texts["container_no"].upper(),
        seal_no=texts["seal_no"],
        lines=tuple(_line(line, k, where) for k, line in enumerate(lines_raw)),
        confidence=_confidences(data, where),
        source=_source(data, where),
        warnings=tuple(warnings_raw),
        disagreements=_disagreements(data, where),
    )
