"""Manifest JSON in and out: a round trip keeps every field; a bad field is named."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from borderdesk.documents.manifest_json import manifest_from_dict, manifest_to_dict
from borderdesk.domain.manifest import Disagreement, Manifest, ManifestLine, ManifestSource
from borderdesk.errors import UserInputError

MANIFEST = Manifest(
    document_no="MNF-2026-00123",
    date=date(2026, 11, 20),
    consignor="Siam Agro Export Co., Ltd",
    consignee="Công ty TNHH Lao Bảo",
    vehicle_plate="74C-123.45",
    container_no="CSQU3054383",
    seal_no="A123456",
    lines=(
        ManifestLine(1, "Sữa bột, lon 800 g", "19011020", Decimal(1200), "TIN", Decimal("1100.5"),
                     Decimal(24000), "USD", "TH", {"hs_code": 0.91, "quantity": 0.5}),
        ManifestLine(2, "Gạo", "100630"),
    ),
    confidence={"seal_no": 0.8},
    source=ManifestSource("ab" * 32, "tesseract", "5.3.0", "vie+eng"),
    warnings=("Page upside down",),
)


def test_round_trip_through_json_text_keeps_every_field() -> None:
    text = json.dumps(manifest_to_dict(MANIFEST), ensure_ascii=False)
    assert manifest_from_dict(json.loads(text)) == MANIFEST


def test_numbers_are_json_numbers() -> None:
    line = manifest_to_dict(MANIFEST)["lines"][0]
    assert line["quantity"] == 1200 and isinstance(line["quantity"], int)
    assert line["gross_weight_kg"] == 1100.5 and line["value"] == 24000
    assert manifest_to_dict(MANIFEST)["source"]["version"] == "5.3.0"
    assert manifest_to_dict(Manifest())["source"] is None


def test_a_hand_typed_manifest_needs_no_confidence_source_or_line_numbers() -> None:
    m = manifest_from_dict({"container_no": "csqu3054383", "date": "",
                            "lines": [{"hs_code": "1901.10", "quantity": "12.5", "unit": "tin",
                                       "origin_country": "th", "currency": None}]})
    assert m.container_no == "CSQU3054383" and m.date is None and m.source is None
    (line,) = m.lines
    assert (line.line_no, line.hs_code, line.unit) == (1, "190110", "TIN")
    assert line.quantity == Decimal("12.5")
    assert line.origin_country == "TH" and line.currency == "" and line.confidence == {}


def good() -> dict[str, Any]:
    return manifest_to_dict(MANIFEST)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d["lines"][0].update(quantity=-1), "quantity"),
        (lambda d: d["lines"][0].update(quantity="lots"), "quantity"),
        (lambda d: d["lines"][0].update(quantity=True), "quantity"),
        (lambda d: d["lines"][0].update(value=[1]), "value"),
        (lambda d: d["lines"][0].update(gross_weight_kg="NaN"), "gross_weight_kg"),
        (lambda d: d["lines"][0].update(origin_country="Atlantis"), "origin_country"),
        (lambda d: d["lines"][0].update(origin_country=5), "origin_country"),
        (lambda d: d["lines"][0].update(hs_code="19O110"), "hs_code"),
        (lambda d: d["lines"][0].update(description=12), "description"),
        (lambda d: d["lines"][0].update(line_no=0), "line_no"),
        (lambda d: d["lines"][0].update(confidence={"hs_code": 1.5}), "confidence.hs_code"),
        (lambda d: d["lines"][0].update(confidence=[0.5]), "confidence"),
        (lambda d: d["lines"].append("not a line"), "lines"),
        (lambda d: d.update(lines={"a": 1}), "lines"),
        (lambda d: d.update(date="20/11/2026"), "date"),
        (lambda d: d.update(date=20261120), "date"),
        (lambda d: d.update(seal_no=123456), "seal_no"),
        (lambda d: d.update(warnings="oops"), "warnings"),
        (lambda d: d.update(source="tesseract"), "source"),
        (lambda d: d["source"].update(engine=5), "engine"),
    ],
)
def test_each_bad_field_is_named(change: Any, field: str) -> None:
    data = good()
    change(data)
    with pytest.raises(UserInputError, match=field.replace(".", r"\.")):
        manifest_from_dict(data, "truck.json")


def test_the_source_name_leads_the_message_and_a_non_object_is_refused() -> None:
    data = good()
    data["lines"][1]["quantity"] = -3
    with pytest.raises(UserInputError, match=r"^truck\.json: line 2: quantity -3"):
        manifest_from_dict(data, "truck.json")
    with pytest.raises(UserInputError, match="JSON object"):
        manifest_from_dict([1, 2])


def test_a_number_too_long_to_print_is_named_without_printing_it() -> None:
    # Python refuses to write an int of more than 4,300 digits: the message must not try.
    data = good()
    data["lines"][0]["description"] = 10**5000
    with pytest.raises(UserInputError, match=r"description …") as refused:
        manifest_from_dict(data, "truck.json")
    assert len(str(refused.value)) < 200


def test_more_confidence_fields_than_a_line_has_are_refused() -> None:
    data = good()
    data["lines"][0]["confidence"] = {f"field_{n}": 0.5 for n in range(1000)}
    with pytest.raises(UserInputError, match="'1000 fields': must hold at most 64 fields"):
        manifest_from_dict(data, "truck.json")


def test_disagreements_inside_the_document_survive_the_round_trip() -> None:
    read = Manifest(lines=(ManifestLine(line_no=1, gross_weight_kg=Decimal("5")),),
                    disagreements=(Disagreement("The weights add up to 5 kg; the total says 50 kg.",
                                                ((1, "gross_weight_kg"), (None, "total"))),))
    again = manifest_from_dict(json.loads(json.dumps(manifest_to_dict(read))))
    assert again.disagreements == read.disagreements


@pytest.mark.parametrize("bad", [
    {}, [1], [{"message": 3}], [{"message": "x", "cells": [{"line_no": 0, "field": "value"}]}],
    [{"message": "x", "cells": [{"line_no": True, "field": "value"}]}],
    [{"message": "x", "cells": [{"line_no": 1}]}], [{"message": "x", "cells": ["a"]}],
    [{"message": "x", "cells": 4}], [{"message": "x"}] * 101,
])
def test_malformed_disagreements_are_refused_by_name(bad: Any) -> None:
    with pytest.raises(UserInputError, match="disagreements"):
        manifest_from_dict({"disagreements": bad})
