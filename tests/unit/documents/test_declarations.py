"""Declaration files in JSON, CSV and XML: the same declaration, and every bad input named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from borderdesk.documents.declarations import declaration_to_dict
from borderdesk.errors import UserInputError
from borderdesk.limits import STRUCTURED_FILE_BYTES
from borderdesk.services.checks import read_declaration_file

DATA = Path(__file__).resolve().parents[2] / "data" / "checks"


def _json(tmp_path: Path, change: object = None, name: str = "declaration.json") -> Path:
    data = json.loads((DATA / "declaration.json").read_text())
    if callable(change):
        change(data)
    path = tmp_path / name
    path.write_text(json.dumps(data))
    return path


def _refused(path: Path) -> str:
    with pytest.raises(UserInputError) as error:
        read_declaration_file(path)
    return str(error.value)


def test_json_csv_and_xml_give_the_same_declaration() -> None:
    read = [read_declaration_file(DATA / f"declaration.{ext}") for ext in ("json", "csv", "xml")]
    assert read[0] == read[1] == read[2]
    assert read[0].lines[0].hs_code == "190590"
    assert read[0].lines[1].hs_code == "09011190"  # national 8-digit extension of 090111


def test_round_trip_through_declaration_json(tmp_path: Path) -> None:
    declaration = read_declaration_file(DATA / "declaration.json")
    path = tmp_path / "again.json"
    path.write_text(json.dumps(declaration_to_dict(declaration)))
    assert read_declaration_file(path) == declaration


def test_csv_names_the_file_line_and_field(tmp_path: Path) -> None:
    lines = (DATA / "declaration.csv").read_text().splitlines()
    lines[2] = lines[2].replace(",09011190,", ",19011,")
    path = tmp_path / "declaration.csv"
    path.write_text("\n".join(lines) + "\n")
    assert _refused(path) == "declaration.csv: line 3: hs_code '19011' is not 4, 6, 8 or 10 digits"


def test_obsolete_hs_code_offers_hs_2022_candidates(tmp_path: Path) -> None:
    path = _json(tmp_path, lambda d: d["lines"][0].update(hs_code="8517.12"))
    message = _refused(path)
    assert "goods line 1" in message and "851712 is obsolete since HS 2022" in message
    assert "851713" in message and "851714" in message


def test_unknown_hs_subheading_is_refused(tmp_path: Path) -> None:
    path = _json(tmp_path, lambda d: d["lines"][1].update(hs_code="010150"))
    assert "goods line 2: hs_code 010150 is not in the HS 2022 nomenclature" in _refused(path)


def test_eight_digit_extension_needs_an_existing_root(tmp_path: Path) -> None:
    path = _json(tmp_path, lambda d: d["lines"][1].update(hs_code="01015001"))
    assert "01015001 is not in the HS 2022" in _refused(path)


@pytest.mark.parametrize(("field", "value", "expected"), [
    ("quantity", -5, "quantity -5 is negative"),
    ("unit", "BARREL", "unit 'BARREL' is not a known unit"),
    ("origin_country", "XX", "origin_country 'XX' is not an ISO 3166"),
    ("currency", "USX", "currency 'USX' is not an ISO 4217 code"),
])
def test_bad_line_values_are_named(tmp_path: Path, field: str, value: object,
                                   expected: str) -> None:
    message = _refused(_json(tmp_path, lambda d: d["lines"][1].update({field: value})))
    assert message.startswith("declaration.json: goods line 2: ")
    assert expected in message


def test_duplicate_line_numbers_are_refused(tmp_path: Path) -> None:
    message = _refused(_json(tmp_path, lambda d: d["lines"][1].update(line_no=1)))
    assert "line_no 1 appears twice" in message


def test_mixed_currencies_are_refused(tmp_path: Path) -> None:
    message = _refused(_json(tmp_path, lambda d: d["lines"][1].update(currency="EUR")))
    assert "goods line 2: currency EUR differs from USD" in message


def test_units_are_canonical(tmp_path: Path) -> None:
    path = _json(tmp_path, lambda d: d["lines"][1].update(unit="kg"))
    assert read_declaration_file(path).lines[1].unit == "KGM"


def test_malformed_json_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{\n  "declaration_no": "1",\n  "type": \n}')
    assert _refused(path).startswith("broken.json: line 4, column 1: not valid JSON")


def test_malformed_csv_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken.csv"
    path.write_text((DATA / "declaration.csv").read_text() + '105,import,"unterminated\n')
    assert _refused(path).startswith("broken.csv: line ")


def test_csv_header_values_must_repeat(tmp_path: Path) -> None:
    lines = (DATA / "declaration.csv").read_text().splitlines()
    lines[2] = lines[2].replace("Cong ty TNHH ABC", "Cong ty khac")
    path = tmp_path / "declaration.csv"
    path.write_text("\n".join(lines) + "\n")
    assert "line 3: trader_name 'Cong ty khac' differs" in _refused(path)


def test_malformed_xml_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.xml"
    path.write_text("<declaration>\n<type>import</type>\n<lines>\n</declaration>")
    assert _refused(path).startswith("broken.xml: line 4, column ")


def test_xml_external_entity_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "xxe.xml"
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                    "\n<declaration><type>&x;</type></declaration>")
    assert _refused(path) == "xxe.xml: XML with an external entity (x) is refused"


def test_xml_billion_laughs_is_refused(tmp_path: Path) -> None:
    entities = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    path = tmp_path / "laughs.xml"
    path.write_text(f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY l0 "lol">{entities}]>'
                    "<declaration><type>&l9;</type></declaration>")
    assert "entity expansion" in _refused(path)


def test_xml_names_the_element_of_a_bad_field(tmp_path: Path) -> None:
    target = tmp_path / "d.xml"
    target.write_text((DATA / "declaration.xml").read_text().replace(
        "<quantity>5000</quantity>", "<quantity>-1</quantity>"))
    assert _refused(target) == "d.xml: <line> 2 (line_no 2): quantity -1 is negative"


def test_a_200_mb_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: nothing is written
    assert path.stat().st_size > STRUCTURED_FILE_BYTES
    assert _refused(path) == "huge.json: the file is 200 MB; at most 20 MB is read"
