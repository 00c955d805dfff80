"""``borderdesk handoff export`` / ``import`` through the real executable, between two gates.

Lao Bao is the demo gate with its own home (its workstation and key); Cầu
Treo is a new gate run from another home, as another computer would be.
SQLite only: every run of the executable logs in, so this story is long;
the services' tests cover both backends.
"""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from bundle_kit import resigned
from cli_kit import DEMO_DATE, DEMO_PASSWORD, Cli, run_cli, run_cli_scheduled
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import load_pem_private_key

CAUTREO_PASSWORD = "caotreo-2026"


@pytest.fixture
def demo_url(cli: Cli, tmp_path: Path) -> str:
    """The Lao Bao demo gate on a SQLite file."""
    url = f"sqlite:///{tmp_path / 'laobao.sqlite3'}"
    result = cli("demo", "--db", url, "--date", DEMO_DATE)
    assert result.code == 0, result.stderr
    return url


def _cautreo(home: Path, url: str) -> None:
    """A new gate with an administrator and a customs officer."""
    for args, variables in (
        (("init", "--db", url, "--gate", "CAUTREO", "--gate-name", "Cửa khẩu Cầu Treo"), {}),
        (("officer", "add", "--db", url, "--username", "admin", "--full-name", "Quản trị",
          "--role", "administrator"), {"BORDERDESK_PASSWORD": CAUTREO_PASSWORD}),
        (("officer", "add", "--db", url, "--as", "admin", "--username", "customs_b",
          "--full-name", "Hải quan Cầu Treo", "--role", "customs_officer"),
         {"BORDERDESK_PASSWORD": CAUTREO_PASSWORD, "BORDERDESK_NEW_PASSWORD": CAUTREO_PASSWORD}),
    ):
        result = run_cli(home, *args, **variables)
        assert result.code == 0, result.stderr


def _sent_handoff(cli: Cli, url: str) -> str:
    queue = cli("queue", "--db", url, "--as", "guard1", "--date", DEMO_DATE, "--json",
                "--limit", "1", BORDERDESK_PASSWORD=DEMO_PASSWORD).json()["rows"][0]
    sent = cli("handoff", "send", "--db", url, "--as", "guard1", "--crossing",
               queue["reference"], "--to", "customs", "--item",
               f"vehicle:Đầu kéo:{queue['tractor_plate']}", "--json",
               BORDERDESK_PASSWORD=DEMO_PASSWORD)
    assert sent.code == 0, sent.stderr
    return str(sent.json()["summary"]["handoff_id"])


def test_a_handoff_is_exported_trusted_and_imported_once(
        cli: Cli, demo_url: str, tmp_path: Path, hermetic_home: Path) -> None:
    out = tmp_path / "out" / "handoff.zip"
    wrong = cli("handoff", "export", "not-an-id", "--out", str(out), "--db", demo_url,
                "--as", "guard1", BORDERDESK_PASSWORD=DEMO_PASSWORD)
    assert (wrong.code, wrong.error_lines) == (2, ["borderdesk: 'not-an-id' is not a handoff id."])
    handoff_id = _sent_handoff(cli, demo_url)
    exported = cli("handoff", "export", handoff_id, "--out", str(out), "--db", demo_url,
                   "--as", "guard1", BORDERDESK_PASSWORD=DEMO_PASSWORD)
    assert exported.code == 0, exported.stderr
    assert exported.stdout.startswith(f"Wrote {out}: handoff {handoff_id}; items: 1")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    home_b, url_b = tmp_path / "cautreo-home", f"sqlite:///{tmp_path / 'cautreo.sqlite3'}"
    _cautreo(home_b, url_b)

    def import_(path: Path) -> tuple[int, list[str], str]:
        result = run_cli(home_b, "handoff", "import", str(path), "--db", url_b,
                         "--as", "customs_b", BORDERDESK_PASSWORD=CAUTREO_PASSWORD)
        return result.code, result.error_lines, result.stdout

    code, errors, _out = import_(out)
    assert code == 2 and len(errors) == 1
    assert "signed by a key this database does not trust" in errors[0]

    key = json.loads(cli("keys", "show", "--json").stdout)["public_key"]
    trusted = run_cli(home_b, "keys", "trust", "--db", url_b, "--as", "admin", "--name",
                      "Lao Bao", "--kind", "gate", key, BORDERDESK_PASSWORD=CAUTREO_PASSWORD)
    assert trusted.code == 0, trusted.stderr

    # An insider holding Lao Bao's key changes the vehicle's plate and signs the bundle again.
    signer = load_pem_private_key(
        next((hermetic_home / "config" / "keys").glob("workstation-*.pem")).read_bytes(), None)
    assert isinstance(signer, Ed25519PrivateKey)
    forged = resigned(out, lambda m: m["items"][0].update(reference="29A-999.99"), signer)
    code, errors, _out = import_(forged)
    assert code == 2 and len(errors) == 1
    assert errors[0].startswith("borderdesk: Bundle refused: its item 1 says reference "
                                "29A-999.99 where the audit chain recorded ")

    code, errors, printed = import_(out)
    assert (code, errors) == (0, [])
    assert printed.startswith(f"Imported handoff {handoff_id} (")
    assert "from Border guard to Customs; items: 1; pending." in printed

    code, errors, _out = import_(out)
    assert code == 2 and len(errors) == 1 and "already imported on" in errors[0]


    bogus = tmp_path / "bogus.zip"
    bogus.write_text("not a zip")
    assert import_(bogus)[:2] == (2, ["borderdesk: Bundle refused: bogus.zip is not a zip file."])


# ---- Hostile bundles: one line, exit 2, never a wait or a traceback, nothing imported


def _handoffs(url: str) -> tuple[int, int]:
    """Handoffs and audit events in the SQLite database at ``url``."""
    import sqlite3

    with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
        return (connection.execute("SELECT count(*) FROM handoffs").fetchone()[0],
                connection.execute("SELECT count(*) FROM audit_events").fetchone()[0])


def _hostile_zip(path: Path, bundle_json: bytes, signature_json: bytes) -> Path:
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bundle.json", bundle_json)
        archive.writestr("signature.json", signature_json)
    return path


def test_hostile_bundles_are_refused_on_one_line_and_nothing_is_imported(
        tmp_path: Path) -> None:
    import hashlib
    import os

    from borderdesk.custody.signing import public_key_hex, sign

    home, url = tmp_path / "cautreo-home", f"sqlite:///{tmp_path / 'cautreo.sqlite3'}"
    _cautreo(home, url)
    # A key the gate trusts, held by whoever made the hostile bundle.
    smuggler = Ed25519PrivateKey.generate()
    trusted = run_cli(home, "keys", "trust", "--db", url, "--as", "admin", "--name", "Lao Bao",
                      "--kind", "gate", public_key_hex(smuggler),
                      BORDERDESK_PASSWORD=CAUTREO_PASSWORD)
    assert trusted.code == 0, trusted.stderr

    def signed(body: bytes) -> bytes:
        digest = hashlib.sha256(body).digest()
        return json.dumps({"public_key": public_key_hex(smuggler),
                           "signature": sign(smuggler, digest)}).encode()

    fifo = tmp_path / "fifo.zip"
    os.mkfifo(fifo)
    folder = tmp_path / "folder.zip"
    folder.mkdir()
    body = b'{"format": "borderdesk-handoff-bundle", "format": "x", "version": 1}'
    cases = {
        fifo: "Bundle refused: fifo.zip: is a pipe (FIFO), not a file",
        Path("/dev/zero"): "Bundle refused: zero: is a device, not a file",
        folder: "Bundle refused: folder.zip: is a folder, not a file",
        _hostile_zip(tmp_path / "nested.zip", b"{}", b"[" * 100_000 + b"]" * 100_000):
            "Bundle refused: signature.json: nested more than 32 levels deep.",
        _hostile_zip(tmp_path / "twice.zip", body, signed(body)):
            'Bundle refused: bundle.json: the key "format" appears twice in one object.',
    }
    before = _handoffs(url)
    for path, said in cases.items():
        result = run_cli_scheduled(home, "handoff", "import", str(path), "--db", url,
                                   "--as", "customs_b", BORDERDESK_PASSWORD=CAUTREO_PASSWORD)
        assert (result.code, result.error_lines) == (2, [f"borderdesk: {said}"]), path
        assert "Traceback" not in result.stderr
    assert _handoffs(url)[0] == before[0] == 0
