"""Handoff receipts through the service, on SQLite and PostgreSQL: the paper pins the record."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from custody_kit import vehicle_handoff
from gate_kit import GateSetup, arrival

from borderdesk import i18n
from borderdesk.custody.chain import parse_checkpoint
from borderdesk.domain.custody import ItemConfirmation
from borderdesk.domain.officer import Role
from borderdesk.errors import PermissionDenied, UserInputError
from borderdesk.services.audit_verify import verify_chains
from borderdesk.services.crossings import register_arrival
from borderdesk.services.handoff_receipts import write_handoff_receipt
from borderdesk.services.handoffs import accept_handoff

CHECKPOINT = re.compile(r"\b[0-9a-f]{8}:\d+:[0-9a-f]{16}:\d\d\b")


def _shown(pdf: Path) -> str:
    # Reading order, one space between words: a table cell may wrap anywhere.
    shown = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout
    return " ".join(shown.split())


def _accepted_with_a_discrepancy(gate: GateSetup, note: str = "Xe vào bãi kiểm hóa"):  # type: ignore[no-untyped-def]
    crossing = register_arrival(gate.db, gate.actor(Role.BORDER_GUARD), arrival())
    record = vehicle_handoff(gate, crossing, note=note)
    truck, container = record.items
    return accept_handoff(gate.db, gate.actor(Role.CUSTOMS_OFFICER), record.summary.handoff_id, [
        ItemConfirmation(truck.item_id),
        ItemConfirmation(container.item_id, seal_intact=False, remark="Niêm phong bị rách"),
    ])


def test_the_receipt_shows_items_checks_history_and_a_checkpoint_that_verifies(
        gate: GateSetup, tmp_path: Path) -> None:
    record = _accepted_with_a_discrepancy(gate)
    out = tmp_path / "receipt.pdf"
    pages = write_handoff_receipt(gate.db, gate.actor(Role.POLICE_OFFICER),
                                  record.summary.handoff_id, out=out, lang="en")
    assert pages in (1, 2)
    shown = _shown(out)
    assert "Handoff receipt" in shown and "Page 1 of" in shown
    for expected in ("CSQU3054383", "A123456", "Đầu kéo", "seal not intact: Niêm phong bị rách",
                     "confirmed", "Xe vào bãi kiểm hóa", record.summary.reference,
                     gate.actor(Role.BORDER_GUARD).full_name, "Received by"):
        assert expected in shown, expected
    lines = CHECKPOINT.findall(shown)
    assert lines, shown
    checkpoints = [parse_checkpoint(line) for line in lines]
    assert verify_chains(gate.db, checkpoints=checkpoints).intact


def test_a_vietnamese_receipt_prints_markup_literally(gate: GateSetup, tmp_path: Path) -> None:
    record = _accepted_with_a_discrepancy(gate, note="Công ty <b>Lừa</b> & Con")
    out = tmp_path / "bien-ban.pdf"
    i18n.set_language("en")
    write_handoff_receipt(gate.db, gate.actor(Role.SUPERVISOR), record.summary.handoff_id,
                          out=out, lang="vi")
    assert i18n.language() == "en"  # the receipt's language did not leak
    shown = _shown(out)
    assert "Biên bản bàn giao" in shown
    assert "Công ty <b>Lừa</b> & Con" in shown


def test_refusals_speak_the_officers_language(gate: GateSetup, tmp_path: Path) -> None:
    record = _accepted_with_a_discrepancy(gate)
    handoff_id = record.summary.handoff_id
    folder = tmp_path / "receipts"
    folder.mkdir()
    i18n.set_language("en")
    with pytest.raises(UserInputError, match="folder does not exist"):
        write_handoff_receipt(gate.db, gate.actor(Role.SUPERVISOR), handoff_id,
                              out=folder / "missing" / "r.pdf", lang="vi")
    with pytest.raises(UserInputError, match="Unknown language 'fr'"):
        write_handoff_receipt(gate.db, gate.actor(Role.SUPERVISOR), handoff_id,
                              out=folder / "r.pdf", lang="fr")
    with pytest.raises(PermissionDenied):
        write_handoff_receipt(gate.db, gate.actor(Role.ADMINISTRATOR), handoff_id,
                              out=folder / "r.pdf", lang="en")
    assert list(folder.iterdir()) == []  # no receipt, no temporary file left behind
