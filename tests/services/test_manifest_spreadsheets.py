"""Spreadsheets and digital PDFs as a crossing's evidence: stored like any other, read exactly."""

from __future__ import annotations

import io
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from gate_kit import GateSetup, arrival
from PIL import Image
from sqlalchemy import func, select

from borderdesk.documents.spreadsheet import CSV, XLSX
from borderdesk.domain.evidence import EvidenceKind
from borderdesk.domain.officer import Role
from borderdesk.errors import UserInputError
from borderdesk.services.crossings import register_arrival
from borderdesk.services.evidence import attach_evidence, list_evidence, thumbnail_png
from borderdesk.services.manifests import engine_and_version, latest_manifest, read_manifest
from borderdesk.storage.models import AuditEvent, EvidenceBlob

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit" / "ocr"))
import digital_files as files


def _count(gate: GateSetup, model: type) -> int:
    with gate.db.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


@pytest.mark.parametrize(("name", "media_type", "engine"), [
    ("list.xlsx", XLSX, "xlsx"), ("list.csv", CSV, "csv"), ("list.pdf", "application/pdf",
                                                             "pdf text layer")])
def test_a_digital_manifest_is_attached_read_and_saved_exactly(
    gate: GateSetup, name: str, media_type: str, engine: str,
) -> None:
    officer = gate.actor(Role.CUSTOMS_OFFICER)
    crossing = register_arrival(gate.db, gate.actor(Role.BORDER_GUARD), arrival())
    data = {"list.xlsx": files.xlsx, "list.csv": lambda: files.csv_text().encode(),
            "list.pdf": files.text_pdf}[name]()
    item = attach_evidence(gate.db, officer, crossing.crossing_id, data, EvidenceKind.DOCUMENT,
                           source=name)
    assert item.media_type == media_type
    assert [e.sha256 for e in list_evidence(gate.db, officer, crossing.crossing_id)] == [
        item.sha256]
    preview = Image.open(io.BytesIO(thumbnail_png(gate.db, officer, item.sha256, 160)))
    assert max(preview.size) <= 160
    record = read_manifest(gate.db, officer, crossing.crossing_id, item.sha256)
    assert record.reading is not None and record.reading.pages
    saved = latest_manifest(gate.db, officer, crossing.crossing_id)
    assert saved is not None and saved.manifest.lines == record.manifest.lines
    assert [line.gross_weight_kg for line in saved.manifest.lines] == [
        Decimal("1100.5"), Decimal("18015.25"), Decimal("15194.17")]
    assert saved.manifest.source is not None
    assert saved.manifest.source.engine == engine
    assert saved.manifest.source.image_sha256 == item.sha256


def test_a_bad_spreadsheet_is_refused_and_nothing_is_stored(gate: GateSetup) -> None:
    officer = gate.actor(Role.CUSTOMS_OFFICER)
    crossing = register_arrival(gate.db, gate.actor(Role.BORDER_GUARD), arrival())
    events = _count(gate, AuditEvent)
    bad = [files.zip_of({"a.txt": "x"}), "品名,数量\r\n米、長粒,15\r\n".encode("shift_jis"),
           b"a,b\r\n" * 20_000]
    for data in bad:
        with pytest.raises(UserInputError):
            attach_evidence(gate.db, officer, crossing.crossing_id, data,
                            EvidenceKind.DOCUMENT, source="list.csv")
    assert _count(gate, EvidenceBlob) == 0 and _count(gate, AuditEvent) == events


def test_a_spreadsheet_with_no_goods_table_is_attached_but_its_reading_saves_nothing(
    gate: GateSetup,
) -> None:
    officer = gate.actor(Role.CUSTOMS_OFFICER)
    crossing = register_arrival(gate.db, gate.actor(Role.BORDER_GUARD), arrival())
    item = attach_evidence(gate.db, officer, crossing.crossing_id, b"Name;Phone\r\nA;1\r\n",
                           EvidenceKind.DOCUMENT, source="staff.csv")
    with pytest.raises(UserInputError, match=r"staff\.csv: no goods table was found"):
        read_manifest(gate.db, officer, crossing.crossing_id, item.sha256)
    assert latest_manifest(gate.db, officer, crossing.crossing_id) is None


@pytest.mark.parametrize(("stored", "split"), [
    ("tesseract 5.3.0", ("tesseract", "5.3.0")), ("tesserocr tesseract 5.5.4",
                                                   ("tesserocr", "tesseract 5.5.4")),
    ("pdf text layer 0.11.11", ("pdf text layer", "0.11.11")),
    ("pdf text layer", ("pdf text layer", "")), ("xlsx 3.1.5", ("xlsx", "3.1.5")), ("", ("", "")),
])
def test_the_reader_name_and_version_come_back_as_they_were_saved(
    stored: str, split: tuple[str, str],
) -> None:
    assert engine_and_version(stored) == split
