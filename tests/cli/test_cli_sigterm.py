"""SIGTERM ends a long command at once, workers included, and leaves the database whole.

A scheduler or an administrator stops ``borderdesk handoff import`` of a large bundle
or ``borderdesk audit verify`` of a long chain on every core with SIGTERM. The command
is killed by the signal (nothing catches it and carries on), no worker process outlives
it, and the database holds what it held before: an import is one transaction.

The signal is sent at a moment read from the process itself (the bundle open, the
workers started), not after a sleep; the time to the end is printed, not asserted.
"""

from __future__ import annotations

import io
import os
import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from cli_kit import DEMO_PASSWORD, Cli, _command, _environment, run_cli, session_members
from sqlalchemy import select
from test_cli_bundle import CAUTREO_PASSWORD, _cautreo

from borderdesk.custody.keystore import ensure_workstation_key
from borderdesk.storage.engine import Database
from borderdesk.storage.models import Workstation
from tests.services.long_chain_kit import grow_chain

pytestmark = pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="reads /proc")

SUPERVISOR = {"BORDERDESK_USER": "supervisor1", "BORDERDESK_PASSWORD": DEMO_PASSWORD}
WAIT = 120.0
"""How long the test waits for a moment or an end before it fails (a hang, not a time)."""
LEFT_BEHIND = 10.0
"""How long a worker may take to notice its parent is gone (it looks ten times a second)."""


def _wait_for(what: str, ready: Callable[[], bool], process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + WAIT
    while not ready():
        if process.poll() is not None:
            out, err = process.communicate()
            pytest.fail(f"the command ended before {what}: {process.returncode} {err}{out}")
        if time.monotonic() > deadline:
            pytest.fail(f"never saw {what}")
        time.sleep(0.002)


@contextmanager
def _started(home: Path, *args: str, **variables: str) -> Iterator[subprocess.Popen[str]]:
    """``borderdesk ARGS`` as cli_kit runs it, in a session of its own; killed at the end."""
    process = subprocess.Popen(
        [*_command(), *args], env=_environment(home, variables), stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        yield process
    finally:
        for pid in session_members(process.pid):
            os.kill(pid, signal.SIGKILL)
        process.communicate()


def _terminate(process: subprocess.Popen[str]) -> tuple[float, set[int]]:
    """SIGTERM the command; the seconds it took to end and the processes it left behind."""
    sent = time.monotonic()
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=WAIT)
    ended = time.monotonic() - sent
    left = session_members(process.pid)
    deadline = time.monotonic() + LEFT_BEHIND
    while left and time.monotonic() < deadline:  # a worker may take a moment to notice
        time.sleep(0.01)
        left = session_members(process.pid)
    return ended, left


def _opened(pid: int, path: Path) -> bool:
    try:
        return any(os.readlink(fd) == str(path) for fd in Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return False


def _counts(url: str) -> dict[str, int]:
    with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
        return {table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("handoffs", "handoff_items", "evidence_blobs", "crossings",
                              "audit_events")}


def _noise_png(path: Path) -> None:
    """A 3000 x 2400 photo of noise, stored uncompressed: about 21 MB that hash slowly."""
    from PIL import Image

    image = Image.frombytes("RGB", (3000, 2400), os.urandom(3000 * 2400 * 3))
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=0)
    path.write_bytes(out.getvalue())


def _large_bundle(url: str, out: Path) -> None:
    """A handoff of the demo gate carrying a 21 MB cargo photo, exported to ``out``."""
    from borderdesk.config import load_settings
    from borderdesk.domain.custody import Agency, HandoffForm, HandoffItemForm, ItemKind
    from borderdesk.domain.evidence import EvidenceKind
    from borderdesk.services import auth, bundles, evidence, handoffs, workstations
    from borderdesk.storage.models import Crossing

    photo = out.with_name("cargo.png")
    _noise_png(photo)
    db = Database(url)
    try:
        guard = auth.log_in(db, workstations.attach_workstation(db, load_settings()),
                            "guard1", DEMO_PASSWORD)
        with db.session() as session:
            crossing = session.scalars(select(Crossing).limit(1)).one()
            crossing_id, plate = crossing.id, crossing.tractor_plate
        item = evidence.attach_evidence(db, guard, crossing_id, photo.read_bytes(),
                                        EvidenceKind.CARGO, source="cargo.png")
        sent = handoffs.send_handoff(db, guard, HandoffForm(
            to_agency=Agency.CUSTOMS, crossing_id=crossing_id, note="Lorry and its cargo",
            items=(HandoffItemForm(ItemKind.VEHICLE, f"Tractor {plate}", reference=plate),
                   HandoffItemForm(ItemKind.EVIDENCE, "Cargo photo", reference=item.sha256))))
        bundles.export_handoff(db, guard, sent.summary.handoff_id, out)
    finally:
        db.dispose()


def test_sigterm_ends_handoff_import_of_a_large_bundle_and_nothing_is_imported(
        cli: Cli, demo_url: str, tmp_path: Path, hermetic_home: Path) -> None:
    bundle = tmp_path / "large.zip"
    _large_bundle(demo_url, bundle)
    assert bundle.stat().st_size > 20_000_000

    home_b, url_b = tmp_path / "cautreo-home", f"sqlite:///{tmp_path / 'cautreo.sqlite3'}"
    _cautreo(home_b, url_b)
    key = cli("keys", "show", "--json").json()["public_key"]
    trusted = run_cli(home_b, "keys", "trust", "--db", url_b, "--as", "admin", "--name",
                      "Lao Bao", "--kind", "gate", key, BORDERDESK_PASSWORD=CAUTREO_PASSWORD)
    assert trusted.code == 0, trusted.stderr
    before = _counts(url_b)

    args = ("handoff", "import", str(bundle), "--db", url_b, "--as", "customs_b")
    with _started(home_b, *args, BORDERDESK_PASSWORD=CAUTREO_PASSWORD) as process:
        _wait_for("the bundle opened", lambda: _opened(process.pid, bundle), process)
        ended, left = _terminate(process)
    print(f"handoff import ended {ended:.3f} s after SIGTERM")
    assert process.returncode == -signal.SIGTERM
    assert left == set()
    # Only the officer's login was recorded: no handoff, item, photo or crossing.
    after = _counts(url_b)
    assert after.pop("audit_events") > before["audit_events"]
    assert after == {k: v for k, v in before.items() if k != "audit_events"}
    # Nothing half-written stands in the way: the same bundle imports whole afterwards.
    again = run_cli(home_b, *args, BORDERDESK_PASSWORD=CAUTREO_PASSWORD)
    assert again.code == 0, again.stderr
    assert _counts(url_b)["handoffs"] == before["handoffs"] + 1


def test_sigterm_ends_audit_verify_on_every_core_and_its_workers_with_it(
        cli: Cli, demo_url: str, hermetic_home: Path) -> None:
    db = Database(demo_url)
    try:
        with db.session() as session:
            booth = session.scalars(select(Workstation.id)
                                    .where(Workstation.name == "LB-BOOTH-1")).one()
        ensure_workstation_key(booth)  # in this home: the events grown are signed with it
        grow_chain(db, booth, 20_000)
    finally:
        db.dispose()
    before = _counts(demo_url)
    # Stretches of 1,000 events: the chain is walked by worker processes, 20 stretches.
    with _started(hermetic_home, "audit", "verify", "--db", demo_url,
                  BORDERDESK_VERIFY_SEGMENT="1000", **SUPERVISOR) as process:
        _wait_for("the workers started", lambda: len(session_members(process.pid)) > 1,
                  process)
        workers = session_members(process.pid) - {process.pid}
        ended, left = _terminate(process)
    print(f"audit verify ended {ended:.3f} s after SIGTERM; workers {sorted(workers)}")
    assert process.returncode == -signal.SIGTERM
    assert left == set(), "worker processes outlived the command"
    # Only the supervisor's login was recorded; the chains still verify whole.
    after = _counts(demo_url)
    assert after.pop("audit_events") > before.pop("audit_events") and after == before
    finished = cli("audit", "verify", "--db", demo_url, **SUPERVISOR)
    assert finished.code == 0, finished.stderr
