"""Signed bundles between two gates: Lao Bao exports a seizure handoff, Cầu Treo imports it.

Cầu Treo's database is the ``db`` fixture (SQLite, then PostgreSQL); Lao
Bao's is a second SQLite file. Every refusal leaves Cầu Treo's tables as
they were, counted row by row.
"""

from __future__ import annotations

import hashlib
import json
import stat
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, cast

import pytest
from bundle_kit import resigned
from custody_kit import all_ok, photo, seized, vehicle_handoff
from gate_kit import GateSetup, make_gate
from sqlalchemy import func, select

from borderdesk.custody import keystore
from borderdesk.domain.custody import (
    Agency,
    HandoffForm,
    HandoffItemForm,
    HandoffRecord,
    HandoffState,
    ItemKind,
)
from borderdesk.domain.officer import Role
from borderdesk.errors import BundleRefused, PermissionDenied, UserInputError
from borderdesk.i18n import in_language
from borderdesk.services import handoffs, keys
from borderdesk.services.audit_verify import verify_chains
from borderdesk.services.bundles import export_handoff, import_bundle
from borderdesk.services.crossings import get_crossing
from borderdesk.services.evidence import evidence_bytes
from borderdesk.services.handoffs import accept_handoff, custody_timeline, inbox, send_handoff
from borderdesk.services.seizures import seizure_items
from borderdesk.storage.engine import Database
from borderdesk.storage.migrate import upgrade
from borderdesk.storage.models import (
    AuditEvent,
    Crossing,
    Evidence,
    EvidenceBlob,
    Handoff,
    HandoffItem,
    HandoffStateChange,
)

TABLES = (Crossing, Handoff, HandoffItem, HandoffStateChange, Evidence, EvidenceBlob, AuditEvent)


@pytest.fixture
def laobao(tmp_path: Path) -> Iterator[GateSetup]:
    """The exporting gate, on its own SQLite database."""
    database = Database(f"sqlite:///{tmp_path / 'laobao.sqlite3'}")
    upgrade(database)
    yield make_gate(database)
    database.dispose()


@pytest.fixture
def cautreo(db: Database) -> GateSetup:
    """The importing gate, on each backend."""
    return make_gate(db, code="CAUTREO")


def _sent(laobao: GateSetup) -> tuple[HandoffRecord, str]:
    """Customs of Lao Bao hands seized goods and the cargo photo to the police."""
    made = seized(laobao)
    record = send_handoff(laobao.db, laobao.actor(Role.CUSTOMS_OFFICER), HandoffForm(
        to_agency=Agency.POLICE, seizure_id=made.seizure.seizure_id,
        note="Tang vật chuyển công an", items=(
            *seizure_items(made.seizure),
            HandoffItemForm(ItemKind.EVIDENCE, "Ảnh hàng hóa", reference=made.sha256))))
    return record, made.sha256


def _trust(laobao: GateSetup, cautreo: GateSetup) -> None:
    public = keys.own_public_key(laobao.db, laobao.actor(Role.CUSTOMS_OFFICER))
    keys.trust_key(cautreo.db, cautreo.actor(Role.ADMINISTRATOR), "Lao Bao customs", "gate",
                   public)


def _counts(gate: GateSetup) -> dict[str, int]:
    with gate.db.session() as session:
        return {table.__tablename__: session.scalar(select(func.count()).select_from(table)) or 0
                for table in TABLES}


@pytest.fixture
def bundle(laobao: GateSetup, tmp_path: Path) -> tuple[Path, HandoffRecord, str]:
    record, sha = _sent(laobao)
    out = tmp_path / "out" / "handoff.zip"
    export_handoff(laobao.db, laobao.actor(Role.CUSTOMS_OFFICER), record.summary.handoff_id, out)
    return out, record, sha


def test_a_handoff_goes_from_one_gate_to_another_whole_and_verified(
        laobao: GateSetup, cautreo: GateSetup, tmp_path: Path) -> None:
    record, sha = _sent(laobao)
    out = tmp_path / "out" / "handoff.zip"
    steps: list[tuple[int, int]] = []
    info = export_handoff(laobao.db, laobao.actor(Role.CUSTOMS_OFFICER),
                          record.summary.handoff_id, out, lambda d, t: steps.append((d, t)))
    assert info.sha256 == hashlib.sha256(out.read_bytes()).hexdigest()
    assert (info.items, info.evidence_files) == (3, 1) and steps[-1] == (2, 2)
    assert [p.name for p in out.parent.iterdir()] == ["handoff.zip"]
    _trust(laobao, cautreo)
    police = cautreo.actor(Role.POLICE_OFFICER)

    imported = import_bundle(cautreo.db, police, out)

    assert imported.imported_from == info.sha256
    assert imported.summary.handoff_id == record.summary.handoff_id
    assert (imported.summary.from_agency, imported.summary.to_agency,
            imported.summary.state) == (Agency.CUSTOMS, Agency.POLICE, HandoffState.PENDING)
    assert imported.summary.reference == record.summary.reference
    assert [(i.item_id, i.kind, i.description, i.quantity, i.unit, i.seal_no)
            for i in imported.items] == [(i.item_id, i.kind, i.description, i.quantity,
                                          i.unit, i.seal_no) for i in record.items]
    assert [s.handoff_id for s in inbox(cautreo.db, police)] == [record.summary.handoff_id]
    assert evidence_bytes(cautreo.db, police, sha) == evidence_bytes(
        laobao.db, laobao.actor(Role.CUSTOMS_OFFICER), sha)
    with cautreo.db.session() as session:
        payload = json.loads(session.scalars(select(AuditEvent.payload).where(
            AuditEvent.action == "handoff.imported")).one())
    assert payload["bundle_sha256"] == info.sha256
    assert payload["signer_fingerprint"] == info.signer_fingerprint
    assert payload["chain"][0]["workstation"] == "LAOBAO-BOOTH-1"
    assert verify_chains(cautreo.db).intact and verify_chains(laobao.db).intact
    # The police of Cầu Treo work with it as with any handoff of their gate.
    accepted = accept_handoff(cautreo.db, police, imported.summary.handoff_id, all_ok(imported))
    assert accepted.summary.state is HandoffState.ACCEPTED
    assert any(span.handoff_id == imported.summary.handoff_id
               for span in custody_timeline(cautreo.db, police, imported.crossing_id))


def test_a_bundle_signed_by_an_untrusted_key_imports_nothing(
        bundle: tuple[Path, HandoffRecord, str], cautreo: GateSetup) -> None:
    before = _counts(cautreo)
    with pytest.raises(BundleRefused, match="does not trust") as refused:
        import_bundle(cautreo.db, cautreo.actor(Role.POLICE_OFFICER), bundle[0])
    assert "\n" not in str(refused.value)
    assert _counts(cautreo) == before


def test_a_revoked_key_is_no_longer_trusted(
        bundle: tuple[Path, HandoffRecord, str], laobao: GateSetup, cautreo: GateSetup) -> None:
    _trust(laobao, cautreo)
    admin = cautreo.actor(Role.ADMINISTRATOR)
    keys.revoke_key(cautreo.db, admin, keys.trusted_keys(cautreo.db, admin)[0].key_id)
    before = _counts(cautreo)
    with pytest.raises(BundleRefused, match="does not trust"):
        import_bundle(cautreo.db, cautreo.actor(Role.POLICE_OFFICER), bundle[0])
    assert _counts(cautreo) == before


def test_a_photo_swapped_after_signing_imports_nothing(
        bundle: tuple[Path, HandoffRecord, str], laobao: GateSetup, cautreo: GateSetup) -> None:
    path, _record, sha = bundle
    swapped = path.with_name("swapped.zip")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(swapped, "w") as target:
        for info in source.infolist():
            data = photo((200, 0, 0)) if info.filename == f"evidence/{sha}" \
                else source.read(info)
            target.writestr(info, data)
    _trust(laobao, cautreo)
    before = _counts(cautreo)
    with pytest.raises(BundleRefused, match=f"'evidence/{sha}' differs from the file that was "
                                            "signed"):
        import_bundle(cautreo.db, cautreo.actor(Role.POLICE_OFFICER), swapped)
    assert _counts(cautreo) == before


def test_the_same_bundle_twice_is_refused_and_nothing_doubles(
        bundle: tuple[Path, HandoffRecord, str], laobao: GateSetup, cautreo: GateSetup) -> None:
    _trust(laobao, cautreo)
    police = cautreo.actor(Role.POLICE_OFFICER)
    import_bundle(cautreo.db, police, bundle[0])
    after_first = _counts(cautreo)
    with pytest.raises(BundleRefused, match=r"already imported on \d{4}-\d\d-\d\d \d\d:\d\d"):
        import_bundle(cautreo.db, police, bundle[0])
    assert _counts(cautreo) == after_first
    # A second export of the same handoff is another file, but the same handoff: refused too.
    again = bundle[0].with_name("again.zip")
    export_handoff(laobao.db, laobao.actor(Role.CUSTOMS_OFFICER),
                   bundle[1].summary.handoff_id, again)
    with pytest.raises(BundleRefused, match=r"already imported on .* from another bundle"):
        import_bundle(cautreo.db, police, again)
    assert _counts(cautreo) == after_first


def test_a_bundle_back_into_its_own_database_is_refused(
        bundle: tuple[Path, HandoffRecord, str], laobao: GateSetup) -> None:
    with pytest.raises(BundleRefused, match="made in this database"):
        import_bundle(laobao.db, laobao.actor(Role.POLICE_OFFICER), bundle[0])


def test_exporting_needs_a_role_that_hands_over_and_a_handoff_of_the_gate(
        laobao: GateSetup, tmp_path: Path) -> None:
    record, _sha = _sent(laobao)
    out = tmp_path / "x.zip"
    with pytest.raises(PermissionDenied):
        export_handoff(laobao.db, laobao.actor(Role.ADMINISTRATOR),
                       record.summary.handoff_id, out)
    with pytest.raises(UserInputError, match="no such handoff"):
        export_handoff(laobao.db, laobao.actor(Role.CUSTOMS_OFFICER),
                       record.seizure_id, out)
    assert not out.exists()


# ---- A bundle says exactly what its chain signed (issue 14): an insider holding the sender's
# key edits bundle.json and signs it again; the chain slice is left as it was.


def _goods(manifest: dict[str, Any]) -> dict[str, Any]:
    return cast("dict[str, Any]", manifest["items"][0])


def _fewer_goods(manifest: dict[str, Any]) -> None:
    _goods(manifest).update(quantity="1", unit="KGM", seal_no="FAKE-SEAL")


def _other_agencies(manifest: dict[str, Any]) -> None:
    manifest["handoff"].update(from_agency="border_guard", to_agency="market_control")


def _other_officer(manifest: dict[str, Any]) -> None:
    manifest["handoff"]["sent_by"] = "Trần Văn Giả"
    manifest["handoff"]["history"][0]["officer"] = "Trần Văn Giả"


def _html_evidence(manifest: dict[str, Any]) -> None:
    manifest["evidence"][0]["media_type"] = "text/html"


def _accepted_already(manifest: dict[str, Any]) -> None:
    manifest["handoff"]["state"] = "accepted"
    manifest["handoff"]["history"].append({
        "state": "accepted", "at": manifest["handoff"]["sent_at"], "officer": "Công an",
        "agency": "police", "reason": "", "item_ids": []})


@pytest.mark.parametrize(("change", "reason"), [
    (_fewer_goods, "its item 1 says quantity 1 KGM where the audit chain recorded 120 TIN."),
    (_other_agencies, "its handoff says from_agency border_guard where the audit chain "
                      "recorded customs."),
    (_other_officer, "its handoff says sent_by Trần Văn Giả where the audit chain recorded "),
    (_html_evidence, "says media_type text/html where the audit chain recorded image/jpeg."),
    (_accepted_already, "its handoff says state accepted where the audit chain recorded "
                        "pending."),
], ids=["quantity-unit-seal", "agencies", "officer", "media-type", "state-change"])
def test_a_bundle_saying_other_than_its_signed_chain_imports_nothing(
        bundle: tuple[Path, HandoffRecord, str], laobao: GateSetup, cautreo: GateSetup,
        change: Callable[[dict[str, Any]], None], reason: str) -> None:
    sender = keystore.workstation_key(laobao.actor(Role.CUSTOMS_OFFICER).workstation_id)
    assert sender is not None
    forged = resigned(bundle[0], change, sender)
    _trust(laobao, cautreo)
    before = _counts(cautreo)
    with pytest.raises(BundleRefused) as refused:
        import_bundle(cautreo.db, cautreo.actor(Role.POLICE_OFFICER), forged)
    assert reason in str(refused.value) and "\n" not in str(refused.value)
    assert _counts(cautreo) == before


def test_the_seal_and_the_history_are_checked_one_field_at_a_time(
        bundle: tuple[Path, HandoffRecord, str], laobao: GateSetup, cautreo: GateSetup) -> None:
    sender = keystore.workstation_key(laobao.actor(Role.CUSTOMS_OFFICER).workstation_id)
    assert sender is not None
    _trust(laobao, cautreo)
    police = cautreo.actor(Role.POLICE_OFFICER)
    for change, reason in (
        (lambda m: _goods(m).update(seal_no="FAKE-SEAL"),
         "its item 1 says seal_no FAKE-SEAL where the audit chain recorded HQ-B001."),
        (lambda m: m["handoff"]["history"].append(dict(m["handoff"]["history"][0])),
         "its handoff's history holds 2 state changes where the audit chain recorded 1."),
        (lambda m: m["crossing"].update(tractor_plate="29A-999.99"),
         "its crossing says tractor_plate 29A-999.99 where the audit chain recorded "
         "74C-123.45."),
        (lambda m: m.update(trader="Cong ty X"),
         "bundle.json carries 'trader', which BorderDesk does not import."),
    ):
        with pytest.raises(BundleRefused) as refused:
            import_bundle(cautreo.db, police, resigned(bundle[0], change, sender))
        assert reason in str(refused.value)


def test_a_handoff_sent_before_its_facts_were_signed_travels_without_them(
        laobao: GateSetup, cautreo: GateSetup, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    # As a handoff.sent event written by an earlier BorderDesk: no names, crossing or file facts.
    with monkeypatch.context() as patch:
        patch.setattr(handoffs, "sending_facts", lambda *_args: {})
        record, sha = _sent(laobao)
    out = tmp_path / "old.zip"
    customs = laobao.actor(Role.CUSTOMS_OFFICER)
    export_handoff(laobao.db, customs, record.summary.handoff_id, out)
    with zipfile.ZipFile(out) as archive:
        manifest = json.loads(archive.read("bundle.json"))
    assert (manifest["crossing"], manifest["handoff"]["sent_by"]) == (None, "")
    assert manifest["evidence"][0]["media_type"] == ""
    _trust(laobao, cautreo)
    sender = keystore.workstation_key(customs.workstation_id)
    assert sender is not None
    named = resigned(out, lambda m: m["handoff"].update(sent_by="Trần Văn Giả"), sender)
    with pytest.raises(BundleRefused, match=r"its handoff says sent_by Trần Văn Giả, which its "
                                            r"audit chain did not sign\."):
        import_bundle(cautreo.db, cautreo.actor(Role.POLICE_OFFICER), named)
    imported = import_bundle(cautreo.db, cautreo.actor(Role.POLICE_OFFICER), out)
    assert [i.item_id for i in imported.items] == [i.item_id for i in record.items]
    with cautreo.db.session() as session:
        # The media type is read from the file's bytes when its sending did not sign it.
        assert session.get(EvidenceBlob, sha).media_type == "image/jpeg"  # type: ignore[union-attr]


def test_an_accepted_handoff_carries_its_signed_acceptance(
        laobao: GateSetup, cautreo: GateSetup, tmp_path: Path) -> None:
    record, _sha = _sent(laobao)
    police = laobao.actor(Role.POLICE_OFFICER)
    accept_handoff(laobao.db, police, record.summary.handoff_id, all_ok(record), note="Đủ")
    out = tmp_path / "accepted.zip"
    export_handoff(laobao.db, police, record.summary.handoff_id, out)
    _trust(laobao, cautreo)
    imported = import_bundle(cautreo.db, cautreo.actor(Role.POLICE_OFFICER), out)
    assert imported.summary.state is HandoffState.ACCEPTED
    assert [e.reason for e in imported.history] == ["Tang vật chuyển công an", "Đủ"]
    assert all(i.confirmation is not None and not i.confirmation.discrepancy
               for i in imported.items)


def test_an_exported_bundle_is_readable_by_its_owner_only(
        bundle: tuple[Path, HandoffRecord, str]) -> None:
    assert stat.S_IMODE(bundle[0].stat().st_mode) == 0o600
    assert stat.S_IMODE(bundle[0].parent.stat().st_mode) == 0o700
    with zipfile.ZipFile(bundle[0]) as archive:
        assert {info.external_attr >> 16 & 0o777 for info in archive.infolist()} == {0o600}


def test_only_the_agencies_of_a_handoff_or_a_supervisor_export_it(
        laobao: GateSetup, tmp_path: Path) -> None:
    crossing = seized(laobao).crossing
    record = vehicle_handoff(laobao, crossing)  # border guard -> customs
    out = tmp_path / "guard-customs.zip"
    for outsider in (Role.POLICE_OFFICER, Role.MARKET_CONTROL_OFFICER):
        with pytest.raises(PermissionDenied, match="Only the agencies that sent or received"):
            export_handoff(laobao.db, laobao.actor(outsider), record.summary.handoff_id, out)
        assert not out.exists()
    for party in (Role.BORDER_GUARD, Role.CUSTOMS_OFFICER, Role.SUPERVISOR):
        export_handoff(laobao.db, laobao.actor(party), record.summary.handoff_id, out)
        assert out.exists()
        out.unlink()


def _with_body(path: Path, body: bytes, key: Any) -> Path:
    """``path`` with ``body`` as its bundle.json, signed again with ``key``."""
    from borderdesk.custody.signing import public_key_hex, sign

    out = path.with_name("hostile.zip")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "bundle.json":
                data = body
            elif info.filename == "signature.json":
                digest = hashlib.sha256(body).digest()
                data = json.dumps({"public_key": public_key_hex(key),
                                   "signature": sign(key, digest)}).encode()
            target.writestr(info, data)
    return out


def test_hostile_json_or_a_fifo_imports_nothing_on_one_line(
        bundle: tuple[Path, HandoffRecord, str], laobao: GateSetup, cautreo: GateSetup,
        tmp_path: Path) -> None:
    import os

    _trust(laobao, cautreo)
    sender = keystore.workstation_key(laobao.actor(Role.CUSTOMS_OFFICER).workstation_id)
    with zipfile.ZipFile(bundle[0]) as archive:
        body = archive.read("bundle.json")
    # The second "items" (or "handoff") would silently win over the first.
    twice = body.replace(b'{\n "chain"', b'{\n "items": [],\n "chain"', 1)
    assert twice != body
    fifo = tmp_path / "fifo.zip"
    os.mkfifo(fifo)
    police = cautreo.actor(Role.POLICE_OFFICER)
    before = _counts(cautreo)
    for path, said in (
            (_with_body(bundle[0], twice, sender),
             'Bundle refused: bundle.json: the key "items" appears twice in one object.'),
            (fifo, "Bundle refused: fifo.zip: is a pipe (FIFO), not a file")):
        with pytest.raises(BundleRefused) as refused:
            import_bundle(cautreo.db, police, path)
        assert str(refused.value) == said
        assert _counts(cautreo) == before


def test_a_crossing_imported_from_a_bundle_says_where_from_in_the_reader_s_language(
    cautreo: GateSetup, bundle: tuple[Path, HandoffRecord, str], laobao: GateSetup
) -> None:
    _trust(laobao, cautreo)
    police = cautreo.actor(Role.POLICE_OFFICER)
    with in_language("en"):
        imported = import_bundle(cautreo.db, police, bundle[0])

    with in_language("vi"):
        note = get_crossing(cautreo.db, police, imported.crossing_id).note
    with in_language("en"):
        english = get_crossing(cautreo.db, police, imported.crossing_id).note

    assert "Nhập từ cửa khẩu LAOBAO" in note and "Imported" not in note
    assert "Imported from gate LAOBAO" in english
    with cautreo.db.session() as session:
        row = session.get(Crossing, imported.crossing_id)
        assert row is not None and row.note == english  # the text as the importer read it
