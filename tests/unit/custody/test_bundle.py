"""Signed handoff bundles: a good one opens; every hostile one is refused, for its reason, unread.

Hostile bundles are built by hand with ``zipfile`` (and a few bytes patched
where ``zipfile`` will not lie): each refusal names its reason, and nothing
is written anywhere while a bundle is read.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import struct
import zipfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from borderdesk.custody.bundle import open_bundle, write_bundle
from borderdesk.custody.bundle_chain import event_json, signed_bytes
from borderdesk.custody.bundle_signed import bundle_entries, signed_handoff
from borderdesk.custody.bundle_zip import Limits
from borderdesk.custody.chain import GENESIS, canonical_json, event_fields, event_hash
from borderdesk.custody.signing import new_private_key, public_key_hex, sign
from borderdesk.errors import BundleRefused

WORKSTATION = UUID("01936b2e-0000-7000-8000-0000000000a1")
HANDOFF = UUID("01936b2e-0000-7000-8000-0000000000b1")
ITEM = UUID("01936b2e-0000-7000-8000-0000000000c1")
PHOTO = b"\xff\xd8\xff\xe0 photo of the seal A123456 " + bytes(range(256)) * 40
PHOTO_SHA = hashlib.sha256(PHOTO).hexdigest()
SIGNER = new_private_key()
STATION = new_private_key()


def _event(seq: int, prev: str, action: str, entity_id: str, payload: dict[str, object] | str,
           key: Ed25519PrivateKey = STATION) -> dict[str, object]:
    fields = event_fields(
        event_id=UUID(int=seq), workstation_id=WORKSTATION, seq=seq,
        at=datetime(2026, 11, 20, 8, seq, tzinfo=UTC), officer_id=None, action=action,
        entity="handoff" if action.startswith("handoff") else "crossing", entity_id=entity_id,
        payload=payload if isinstance(payload, str) else canonical_json(payload))
    digest = event_hash(prev, fields)
    return event_json(fields, prev, digest, sign(key, signed_bytes(digest)))


def _chain() -> list[dict[str, object]]:
    items = [{"item_id": str(ITEM), "kind": "evidence", "description": "Seal photo",
              "reference": PHOTO_SHA}]
    first = _event(1, GENESIS, "crossing.registered", "x", {"plate": "74C-123.45"})
    second = _event(2, str(first["hash"]), "handoff.sent", str(HANDOFF),
                    {"items": items, "note": "Seal photo"})
    return [first, second]


def _manifest(chain: list[dict[str, object]] | None = None) -> dict[str, object]:
    # The handoff's entries say what the good chain signed; a test then changes one thing.
    return {
        "gate_code": "LAOBAO", **bundle_entries(signed_handoff(_chain(), str(HANDOFF))),
        "workstations": [{"id": str(WORKSTATION), "name": "LAOBAO-BOOTH-1",
                          "public_key": public_key_hex(STATION)}],
        "chain": _chain() if chain is None else chain,
    }


def _trusted(key: str) -> bool:
    return key == public_key_hex(SIGNER)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Where the bundles are made; a reading that wrote anything anywhere fails the test."""
    work = tmp_path / "bundles"
    work.mkdir()
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    yield work
    assert list(elsewhere.iterdir()) == []


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def refused(path: Path, limits: Limits | None = None,
            trusted: Callable[[str], bool] = _trusted) -> str:
    """Open a bundle that must be refused; the reason, with no file written or changed."""
    before = _tree(path.parent.parent)
    with pytest.raises(BundleRefused) as caught:
        open_bundle(path, trusted, limits)
    assert _tree(path.parent.parent) == before
    return str(caught.value)


def good(folder: Path, manifest: dict[str, object] | None = None,
         evidence: dict[str, bytes] | None = None) -> Path:
    out = folder / "handoff.zip"
    write_bundle(out, manifest or _manifest(), {PHOTO_SHA: PHOTO} if evidence is None
                 else evidence, SIGNER)
    return out


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def rezip(path: Path, members: dict[str, bytes], extra: list[tuple[zipfile.ZipInfo, bytes]]
          = ()) -> Path:  # type: ignore[assignment]
    """Write ``members`` (and hand-made ``extra`` entries) as a new zip beside ``path``."""
    out = path.with_name("hostile.zip")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        for info, data in extra:
            archive.writestr(info, data)
    return out


def _signed(body: bytes, key: Ed25519PrivateKey = SIGNER) -> bytes:
    digest = hashlib.sha256(body).digest()
    return json.dumps({"public_key": public_key_hex(key),
                       "signature": sign(key, digest)}).encode()


# ---- A good bundle


def test_a_good_bundle_opens_with_its_files_chain_and_signer(folder: Path) -> None:
    path = good(folder)
    progress: list[tuple[int, int]] = []
    with open_bundle(path, _trusted, progress=lambda d, t: progress.append((d, t))) as bundle:
        assert bundle.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
        assert bundle.signer == public_key_hex(SIGNER)
        assert [f.sha256 for f in bundle.files] == [PHOTO_SHA]
        assert bundle.read_file(bundle.files[0]) == PHOTO
        assert bundle.manifest["handoff"]["id"] == str(HANDOFF)
        (run,) = bundle.chain
        assert (run.workstation.name, run.first_seq, run.last_seq) == ("LAOBAO-BOOTH-1", 1, 2)
    assert progress == [(1, 1)]
    assert sorted(_members(path)) == ["bundle.json", f"evidence/{PHOTO_SHA}", "signature.json"]


def test_writing_leaves_no_partial_file_and_refuses_a_changed_evidence_blob(
        folder: Path) -> None:
    with pytest.raises(BundleRefused, match="does not match its SHA-256"):
        write_bundle(folder / "x.zip", _manifest(), {PHOTO_SHA: PHOTO + b"!"}, SIGNER)
    assert list(folder.iterdir()) == []
    good(folder)
    assert [p.name for p in folder.iterdir()] == ["handoff.zip"]


# ---- Structure: refused before a byte of any member is read


def test_not_a_zip_is_refused(folder: Path) -> None:
    path = folder / "handoff.zip"
    path.write_bytes(b"%PDF-1.7 not a bundle")
    assert "is not a zip file" in refused(path)


def test_a_bundle_cut_at_its_start_is_damaged_not_a_crash(folder: Path) -> None:
    # Without its first bytes the zip's directory points before the start of the file.
    path = good(folder)
    path.write_bytes(path.read_bytes()[100:])
    assert "damaged" in refused(path)


def test_a_member_whose_deflated_bytes_are_garbage_is_damaged_not_a_crash(
        folder: Path) -> None:
    path = good(folder)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = next(i for i in archive.infolist() if i.compress_type == zipfile.ZIP_DEFLATED)
    name_length, extra_length = struct.unpack("<HH", data[info.header_offset + 26:
                                                           info.header_offset + 30])
    start = info.header_offset + 30 + name_length + extra_length
    # 0xFF opens a deflate block of the reserved type 3: zlib stops with "invalid block type".
    data[start:start + 8] = b"\xff" * 8
    path.write_bytes(bytes(data))
    assert "damaged" in refused(path)


@pytest.mark.parametrize("name", [
    "../evil.sh", "evidence/../../etc/cron.d/x", "/etc/passwd", "..\\..\\evil.bat",
    "C:/Windows/evil.dll", "evidence\\abc",
])
def test_unsafe_names_are_refused(folder: Path, name: str) -> None:
    path = rezip(good(folder), {**_members(good(folder)), name: b"x"})
    assert f"the file name '{name}' is unsafe" in refused(path)


def test_a_symbolic_link_is_refused(folder: Path) -> None:
    link = zipfile.ZipInfo(f"evidence/{'0' * 64}")
    link.create_system = 3
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    path = rezip(good(folder), _members(good(folder)), [(link, b"/etc/shadow")])
    assert "is a symbolic link" in refused(path)


def test_a_duplicate_name_is_refused(folder: Path) -> None:
    source = good(folder)
    members = _members(source)
    twin = zipfile.ZipInfo(f"evidence/{PHOTO_SHA}")
    with pytest.warns(UserWarning, match="Duplicate name"):
        path = rezip(source, members, [(twin, b"another photo")])
    assert f"'evidence/{PHOTO_SHA}' appears twice" in refused(path)


@pytest.mark.parametrize("name", ["notes.txt", f"evidence/{'ab' * 32}"])
def test_a_file_not_listed_in_bundle_json_is_refused(folder: Path, name: str) -> None:
    path = rezip(good(folder), {**_members(good(folder)), name: b"smuggled"})
    assert f"'{name}' is not listed in bundle.json" in refused(path)


def test_a_zip_bomb_is_refused_from_its_declared_sizes(folder: Path) -> None:
    bomb = bytes(20 * 1024 * 1024)
    sha = hashlib.sha256(bomb).hexdigest()
    path = rezip(good(folder), {**_members(good(folder)), f"evidence/{sha}": bomb})
    assert "expands more than 100 times: a zip bomb" in refused(path)


def test_too_many_bytes_in_all_are_refused(folder: Path) -> None:
    # The file itself is within the limit; its members unpacked are not (JSON compresses).
    path = good(folder)
    limits = Limits(max_total_bytes=path.stat().st_size)
    assert "add up to" in refused(path, limits)


def _patch_declared_size(path: Path, name: str, size: int) -> None:
    """Make the zip claim ``size`` for ``name`` in its local header and central directory."""
    data = bytearray(path.read_bytes())
    encoded = name.encode()
    for magic, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        start = 0
        while (start := data.find(magic, start)) != -1:
            if data[start + name_at:start + name_at + len(encoded)] == encoded:
                struct.pack_into("<L", data, start + size_at, size)
            start += 4
    path.write_bytes(bytes(data))


def test_a_member_far_larger_than_declared_is_caught_while_reading(folder: Path) -> None:
    big = os.urandom(3 * 1024 * 1024)
    sha = hashlib.sha256(big).hexdigest()
    path = good(folder, evidence={sha: big}, manifest={
        **_manifest(), "items": [{"id": str(ITEM), "kind": "evidence",
                                  "description": "Seal photo", "reference": PHOTO_SHA}]})
    _patch_declared_size(path, f"evidence/{sha}", 1000)
    assert f"'evidence/{sha}' holds more bytes than declared" in refused(path)


# ---- Signature and trust


def test_a_bundle_json_changed_after_signing_is_refused(folder: Path) -> None:
    members = _members(good(folder))
    members["bundle.json"] = members["bundle.json"].replace(b"Seal photo", b"Seal phot0")
    assert "its signature does not match bundle.json" in refused(rezip(good(folder), members))


def test_a_bundle_without_signature_is_refused(folder: Path) -> None:
    members = _members(good(folder))
    del members["signature.json"]
    assert "it has no signature.json" in refused(rezip(good(folder), members))


def test_a_valid_signature_from_an_untrusted_key_is_refused(folder: Path) -> None:
    reason = refused(good(folder), trusted=lambda _key: False)
    assert "signed by a key this database does not trust" in reason
    assert "fingerprint" in reason


def test_a_file_swapped_after_signing_is_refused(folder: Path) -> None:
    members = _members(good(folder))
    members[f"evidence/{PHOTO_SHA}"] = PHOTO.replace(b"A123456", b"B999999")
    reason = refused(rezip(good(folder), members))
    assert f"'evidence/{PHOTO_SHA}' differs from the file that was signed" in reason


def test_a_listed_file_that_is_missing_is_refused(folder: Path) -> None:
    members = _members(good(folder))
    del members[f"evidence/{PHOTO_SHA}"]
    assert "is listed in bundle.json but missing" in refused(rezip(good(folder), members))


def test_a_file_list_naming_a_path_is_refused_even_when_signed(folder: Path) -> None:
    members = _members(good(folder))
    document = json.loads(members["bundle.json"])
    document["files"][0]["name"] = "../../evil"
    members["bundle.json"] = json.dumps(document).encode()
    members["signature.json"] = _signed(members["bundle.json"])
    assert "bundle.json lists a file wrongly" in refused(rezip(good(folder), members))


# ---- The audit-chain slice


def _with_chain(folder: Path, change: Callable[[list[dict[str, Any]]], None]) -> Path:
    chain = _chain()
    change(chain)
    return good(folder, _manifest(chain))


def test_a_slice_that_does_not_link_is_refused(folder: Path) -> None:
    def unlink(chain: list[dict[str, Any]]) -> None:
        chain[1]["prev_hash"] = "f" * 64

    reason = refused(_with_chain(folder, unlink))
    assert "slice of workstation LAOBAO-BOOTH-1 does not link at event 2" in reason


def test_a_slice_with_an_event_missing_is_refused(folder: Path) -> None:
    def gap(chain: list[dict[str, Any]]) -> None:
        third = _event(3, str(chain[1]["hash"]), "crossing.moved", "x", {})
        fourth = _event(4, str(third["hash"]), "crossing.moved", "x", {})
        chain.append(fourth)

    assert "event 4 follows event 2" in refused(_with_chain(folder, gap))


def test_an_event_changed_after_recording_is_refused(folder: Path) -> None:
    def edit(chain: list[dict[str, Any]]) -> None:
        chain[0]["payload"] = '{"plate":"29A-999.99"}'

    assert "event 1 of workstation LAOBAO-BOOTH-1 was changed" in refused(
        _with_chain(folder, edit))


def test_an_event_signed_by_another_key_is_refused(folder: Path) -> None:
    def forge(chain: list[dict[str, Any]]) -> None:
        chain[1] = _event(2, str(chain[0]["hash"]), "handoff.sent", str(HANDOFF),
                          json.loads(chain[1]["payload"]), key=new_private_key())

    reason = refused(_with_chain(folder, forge))
    assert "event 2 of workstation LAOBAO-BOOTH-1 is not signed by that workstation's key" \
        in reason


def test_items_other_than_the_chain_recorded_are_refused(folder: Path) -> None:
    manifest = _manifest()
    manifest["items"][0]["description"] = "Two seals"  # type: ignore[index]
    reason = refused(good(folder, manifest))
    assert "its item 1 says description Two seals where the audit chain recorded Seal photo" \
        in reason


def test_a_slice_without_the_sending_is_refused(folder: Path) -> None:
    chain = _chain()[:1]
    assert "does not hold the sending of handoff" in refused(good(folder, _manifest(chain)))


# ---- Hostile JSON and hostile paths: one "Bundle refused" line, never a traceback or a wait


def _resigned_body(folder: Path, body: bytes, signature: bytes | None = None) -> Path:
    """The good bundle with ``body`` as its bundle.json, signed by the trusted key."""
    members = _members(good(folder))
    members["bundle.json"] = body
    members["signature.json"] = _signed(body) if signature is None else signature
    return rezip(good(folder), members)


def test_a_deeply_nested_signature_json_is_refused_on_one_line(folder: Path) -> None:
    nested = b"[" * 100_000 + b"]" * 100_000
    members = _members(good(folder))
    members["signature.json"] = nested
    reason = refused(rezip(good(folder), members))
    assert reason == "Bundle refused: signature.json: nested more than 32 levels deep."


def test_a_key_twice_in_bundle_json_is_refused_even_when_signed(folder: Path) -> None:
    body = _members(good(folder))["bundle.json"]
    # The second "gate_code" would silently win over the first: a signed text that reads
    # two ways is refused, naming the key.
    twice = body.replace(b'{\n "chain"', b'{\n "gate_code": "SMUGGLED",\n "chain"', 1)
    assert twice != body
    reason = refused(_resigned_body(folder, twice))
    assert reason == ('Bundle refused: bundle.json: the key "gate_code" appears twice in one '
                      'object.')


def test_a_five_thousand_digit_number_in_bundle_json_is_refused(folder: Path) -> None:
    body = _members(good(folder))["bundle.json"]
    huge = body.replace(b'"version": 1', b'"version": ' + b"9" * 5000, 1)
    assert huge != body
    reason = refused(_resigned_body(folder, huge))
    assert reason.startswith("Bundle refused: bundle.json: a number of 5000 characters (")
    assert len(reason) < 200


@pytest.mark.parametrize("constant", [b"NaN", b"Infinity", b"-Infinity"])
def test_nan_or_infinity_in_bundle_json_is_refused(folder: Path, constant: bytes) -> None:
    body = _members(good(folder))["bundle.json"]
    odd = body.replace(b'"version": 1', b'"version": ' + constant, 1)
    reason = refused(_resigned_body(folder, odd))
    assert reason == (f"Bundle refused: bundle.json: {constant.decode()} is not a number "
                      "JSON allows.")


def test_a_deeply_nested_event_payload_is_refused_on_one_line(folder: Path) -> None:
    def nest(chain: list[dict[str, Any]]) -> None:
        # Hashed and signed by the workstation: only its depth is wrong.
        chain[1] = _event(2, str(chain[0]["hash"]), "handoff.sent", str(HANDOFF),
                          "[" * 100_000 + "]" * 100_000)

    reason = refused(_with_chain(folder, nest))
    assert reason == f"Bundle refused: the audit event handoff.sent of handoff {HANDOFF} is " \
        "malformed."


def _opened_in_time(path: Path) -> BaseException | None:
    """What ``open_bundle(path)`` raised, run in a thread that may not wait on the path."""
    import threading

    outcome: list[BaseException | None] = []

    def run() -> None:
        try:
            open_bundle(path, _trusted).close()
            outcome.append(None)
        except BaseException as error:  # the test reads it
            outcome.append(error)

    reader = threading.Thread(target=run, daemon=True)
    reader.start()
    reader.join(timeout=30)
    if reader.is_alive() and stat.S_ISFIFO(os.stat(path).st_mode):
        # Free the blocked reader (a writer that closes at once), then fail.
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
        reader.join(timeout=30)
        pytest.fail(f"open_bundle({path.name}) waited on a FIFO")
    return outcome[0]


def test_a_fifo_is_refused_without_waiting_for_a_writer(folder: Path) -> None:
    fifo = folder / "handoff.zip"
    os.mkfifo(fifo)
    error = _opened_in_time(fifo)
    assert isinstance(error, BundleRefused)
    assert str(error) == "Bundle refused: handoff.zip: is a pipe (FIFO), not a file"


@pytest.mark.parametrize(("name", "said"), [
    ("folder", "handoff.zip: is a folder, not a file"),
    ("device", "zero: is a device, not a file"),
    ("loop", "loop.zip: cannot be read: the path loops through symbolic links"),
    ("through", "handoff.zip: cannot be read: a part of the path is a file, not a folder"),
])
def test_a_path_that_is_no_regular_file_is_refused_on_one_line(folder: Path, name: str,
                                                                said: str) -> None:
    if name == "folder":
        path = folder / "handoff.zip"
        path.mkdir()
    elif name == "device":
        path = Path("/dev/zero")
    elif name == "loop":
        path = folder / "loop.zip"
        path.symlink_to(folder / "loop.zip")
    else:
        path = good(folder) / "handoff.zip"
    error = _opened_in_time(path)
    assert isinstance(error, BundleRefused)
    assert str(error) == f"Bundle refused: {said}"


def test_a_bundle_larger_than_the_table_allows_is_refused_before_reading(folder: Path) -> None:
    path = good(folder)
    reason = refused(path, Limits(max_total_bytes=1024))
    assert reason.startswith("Bundle refused: handoff.zip: the file is ")


def test_a_long_file_name_is_quoted_cut_in_the_refusal(folder: Path) -> None:
    name = "../" + "x" * 10_000
    path = rezip(good(folder), {**_members(good(folder)), name: b"x"})
    reason = refused(path)
    assert reason.startswith("Bundle refused: the file name '../xxx") and "…' is unsafe" in reason
    assert len(reason) < 200
