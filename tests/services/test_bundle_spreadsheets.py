"""A spreadsheet attached to a crossing travels in a signed bundle like a photo does."""

from __future__ import annotations

import sys
from pathlib import Path

import custody_kit
import pytest
from gate_kit import GateSetup
from sqlalchemy import select
from test_bundles import _sent, _trust, cautreo, laobao  # noqa: F401 - fixtures

from borderdesk.documents.spreadsheet import XLSX
from borderdesk.domain.officer import Role
from borderdesk.services.bundles import export_handoff, import_bundle
from borderdesk.services.evidence import evidence_bytes
from borderdesk.storage.models import EvidenceBlob

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit" / "ocr"))
import digital_files as files


def test_a_packing_list_spreadsheet_goes_from_one_gate_to_another(
    laobao: GateSetup, cautreo: GateSetup, tmp_path: Path,  # noqa: F811 - fixtures
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sheet = files.xlsx()
    monkeypatch.setattr(custody_kit, "photo", lambda *args, **kwargs: sheet)
    record, sha = _sent(laobao)
    out = tmp_path / "handoff.zip"
    export_handoff(laobao.db, laobao.actor(Role.CUSTOMS_OFFICER), record.summary.handoff_id, out)
    _trust(laobao, cautreo)
    police = cautreo.actor(Role.POLICE_OFFICER)
    import_bundle(cautreo.db, police, out)
    assert evidence_bytes(cautreo.db, police, sha) == sheet
    with cautreo.db.session() as session:
        assert session.scalar(select(EvidenceBlob.media_type).where(
            EvidenceBlob.sha256 == sha)) == XLSX
