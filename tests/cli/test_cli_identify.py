"""``borderdesk identify`` end to end through the real executable."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from cli_kit import Cli
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit" / "ocr"))
from test_identify import _gate_photo


@pytest.fixture(scope="module")
def gate_png(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("photos") / "gate.png"
    Image.fromarray(_gate_photo()[:, :, ::-1]).save(path)
    return path


def test_identify_prints_plates_and_containers_best_first_as_json(cli: Cli, gate_png: Path) -> None:
    result = cli("identify", str(gate_png), "--json")
    assert result.code == 0, result.stderr
    found = result.json()
    assert set(found) >= {"plates", "containers", "codes", "documents"}
    plate, box = found["plates"][0], found["containers"][0]
    assert (plate["text"], plate["country"], plate["valid"]) == ("SV 8332", "LA", True)
    assert (box["text"], box["valid"]) == ("CSQU3054383", True)
    assert len(plate["box"]) == 4 and all(isinstance(v, int) for v in plate["box"])
    assert 0 < plate["confidence"] <= 1
    assert "CSQU3054383" not in [p["text"] for p in found["plates"]]


def test_identify_prints_a_table_in_the_officers_language(cli: Cli, gate_png: Path) -> None:
    result = cli("identify", str(gate_png), BORDERDESK_LANG="vi")
    assert result.code == 0, result.stderr
    rows = result.stdout.splitlines()
    assert "SV 8332" in rows[1] and "LA" in rows[1]
    assert any("CSQU3054383" in row for row in rows)
    assert "Plate" not in result.stdout  # translated, not English


@pytest.mark.parametrize(("name", "content", "says"), [
    ("notes.jpg", b"not a picture at all", "is not a JPEG, PNG or TIFF image"),
    ("scan.pdf", b"%PDF-1.4\n%\xe2\xe3\n", "borderdesk ocr"),
])
def test_identify_refuses_what_is_not_a_photo_in_one_line(
    cli: Cli, tmp_path: Path, name: str, content: bytes, says: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = cli("identify", str(path), "--json")
    assert result.code == 2 and result.stdout == ""
    assert len(result.error_lines) == 1 and says in result.error_lines[0], result.stderr


def test_identify_refuses_a_truncated_photo_in_one_line(cli: Cli, tmp_path: Path) -> None:
    out = io.BytesIO()
    Image.new("RGB", (800, 600), (200, 120, 40)).save(out, format="JPEG")
    path = tmp_path / "cut.jpg"
    path.write_bytes(out.getvalue()[: len(out.getvalue()) // 3])
    result = cli("identify", str(path))
    assert result.code == 2
    assert len(result.error_lines) == 1 and "cut.jpg" in result.error_lines[0]


def test_identify_refuses_a_photo_of_too_many_pixels_before_decoding_it(
    cli: Cli, tmp_path: Path
) -> None:
    path = tmp_path / "huge.png"
    Image.new("1", (10_000, 9_000)).save(path)  # 90 megapixels in a few kilobytes
    result = cli("identify", str(path))
    assert result.code == 2
    assert len(result.error_lines) == 1 and "too many pixels" in result.error_lines[0]
