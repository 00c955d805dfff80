"""Codes on a crossing's files and the driver's card, offered and never written."""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
from gate_kit import GateSetup, arrival
from PIL import Image
from sqlalchemy import func, select

from borderdesk.domain.evidence import EvidenceKind
from borderdesk.domain.officer import Role
from borderdesk.errors import PermissionDenied, UserInputError
from borderdesk.services.code_readings import (
    codes_in_file,
    declaration_number_offers,
    driver_documents_in_file,
    evidence_codes,
)
from borderdesk.services.crossings import register_arrival
from borderdesk.services.evidence import attach_evidence
from borderdesk.storage.models import AuditEvent, EvidenceAnnotation


def bench_codes() -> ModuleType:
    """bench/codes.py's printer of codes, as tests/unit/ocr/code_pictures.py loads it."""
    path = Path(__file__).resolve().parents[1] / "unit" / "ocr" / "code_pictures.py"
    spec = importlib.util.spec_from_file_location("code_pictures", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.bench_codes()  # type: ignore[no-any-return]

CCCD = ("038185012345|123456789|Nguyễn Thị Hoà|01011985|Nữ|"
        "Thôn 3, xã Quảng Thái, huyện Quảng Xương, Thanh Hóa|15082021")


def _encoded(image: np.ndarray, fmt: str) -> bytes:
    out = io.BytesIO()
    Image.fromarray(image).save(out, format=fmt)
    return out.getvalue()


def declaration_scan(number: str = "105123456789") -> bytes:
    """A two-page PDF: a cover page, then the declaration with its number's barcode and a QR."""
    codes = bench_codes()
    page = np.full((1754, 1240), 250, np.uint8)
    bar = codes.printed(number, "Code128", 3)
    page[200 : 200 + bar.shape[0], 100 : 100 + bar.shape[1]] = bar
    qr = codes.printed(f"TK:{number}|Công ty TNHH Thương mại Lạng Sơn", "QRCode", 4)
    page[1200 : 1200 + qr.shape[0], 700 : 700 + qr.shape[1]] = qr
    cover = Image.fromarray(np.full((1754, 1240), 250, np.uint8))
    out = io.BytesIO()
    cover.save(out, format="PDF", resolution=150, save_all=True,
               append_images=[Image.fromarray(page)])
    return out.getvalue()


def _writes(gate: GateSetup) -> tuple[int, int]:
    with gate.db.session() as session:
        return (int(session.scalar(select(func.count()).select_from(AuditEvent)) or 0),
                int(session.scalar(select(func.count()).select_from(EvidenceAnnotation)) or 0))


def test_a_declaration_number_in_a_scanned_declarations_codes_is_offered_nothing_written(
        gate: GateSetup) -> None:
    guard, customs = gate.actor(Role.BORDER_GUARD), gate.actor(Role.CUSTOMS_OFFICER)
    crossing = register_arrival(gate.db, guard, arrival())
    item = attach_evidence(gate.db, customs, crossing.crossing_id, declaration_scan(),
                           EvidenceKind.DOCUMENT)
    before = _writes(gate)
    found = evidence_codes(gate.db, customs, item.sha256)
    assert (found.pages_read, found.pages) == (2, 2)
    assert {(c.page, c.reading.format) for c in found.codes} == {(1, "Code128"), (1, "QRCode")}
    assert "TK:105123456789|Công ty TNHH Thương mại Lạng Sơn" in [c.reading.text
                                                                for c in found.codes]
    assert found.declaration_numbers == ("105123456789",)
    [offer] = declaration_number_offers(gate.db, customs, crossing.crossing_id)
    assert (offer.number, offer.sha256, offer.page) == ("105123456789", item.sha256, 1)
    assert _writes(gate) == before


def test_a_hostile_code_on_a_photo_is_returned_as_data_and_offers_no_number(
        gate: GateSetup) -> None:
    guard = gate.actor(Role.BORDER_GUARD)
    crossing = register_arrival(gate.db, guard, arrival())
    payload = bytes(i % 32 for i in range(2900))
    photo = _encoded(bench_codes().printed(payload, "QRCode", 2), "PNG")
    item = attach_evidence(gate.db, guard, crossing.crossing_id, photo, EvidenceKind.CARGO)
    before = _writes(gate)
    [code] = evidence_codes(gate.db, guard, item.sha256).codes
    assert code.reading.text == payload.decode("latin-1") and not code.reading.plain
    assert declaration_number_offers(gate.db, guard, crossing.crossing_id) == ()
    assert _writes(gate) == before


def test_the_drivers_card_photo_gives_his_reading_and_a_broken_file_says_why(
        gate: GateSetup) -> None:
    guard = gate.actor(Role.BORDER_GUARD)
    card = _encoded(bench_codes().printed(CCCD, "QRCode", 4), "JPEG")
    [reading] = driver_documents_in_file(guard, card, "card.jpg")
    assert reading.kind == "cccd" and reading.valid
    assert reading.fields["name"] == "Nguyễn Thị Hoà"
    with pytest.raises(UserInputError, match=r"card\.jpg"):
        driver_documents_in_file(guard, card[: len(card) // 2], "card.jpg")
    with pytest.raises(UserInputError):
        driver_documents_in_file(guard, b"%!PS-Adobe-3.0 not a picture", "scan.ps")
    with pytest.raises(PermissionDenied):
        driver_documents_in_file(gate.actor(Role.SUPERVISOR), card, "card.jpg")


def test_a_pdf_of_300_pages_is_refused_before_a_page_is_read() -> None:
    pages = [Image.new("L", (200, 280), 255) for _ in range(300)]
    out = io.BytesIO()
    pages[0].save(out, format="PDF", save_all=True, append_images=pages[1:])
    with pytest.raises(UserInputError, match="300"):
        codes_in_file(out.getvalue(), "manifest.pdf")
