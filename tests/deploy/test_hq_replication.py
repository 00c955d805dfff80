"""Headquarters collects two gates by PostgreSQL logical replication, and verifies their chains.

Three throwaway clusters (two gates and headquarters) on spare loopback
ports; the machine's own server is not touched.
"""

from __future__ import annotations

import io
import json
import os
import pwd
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from cluster_kit import (
    PASSWORD,
    Cluster,
    SmallGate,
    borderdesk,
    initdb_path,
    make_small_gate,
    start_cluster,
)
from cluster_kit import truck_arrives as _truck_arrives
from PIL import Image
from sqlalchemy import text

from borderdesk.storage.engine import Database
from borderdesk.storage.migrate import upgrade
from borderdesk.storage.replication import subscribe
from borderdesk.storage.roles import RoleRequest, ensure_gate_roles

pytestmark = pytest.mark.slow

TABLES = ("gates", "workstations", "officers", "crossings", "evidence", "evidence_blobs",
          "handoffs", "handoff_items", "handoff_state_changes", "audit_events")
WAIT_SECONDS = 60


def _photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 120, 10)).save(out, format="JPEG")
    return out.getvalue()


@pytest.fixture(scope="module")
def clusters() -> Iterator[list[Cluster]]:
    """Two gates' clusters and headquarters', stopped and removed at the end."""
    initdb = initdb_path()
    if initdb is None:
        pytest.skip("PostgreSQL's initdb is not installed (/usr/lib/postgresql/*/bin/initdb)")
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root without a postgres OS user to run initdb as")
    started: list[Cluster] = []
    try:
        for _ in range(3):
            started.append(start_cluster(initdb))
        yield started
    finally:
        for cluster in started:
            cluster.stop()


def _counts(db: Database) -> dict[str, int]:
    with db.engine.connect() as connection:
        return {table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
                for table in TABLES}


def _expected(gates: list[SmallGate]) -> dict[str, int]:
    counts = [_counts(gate.db) for gate in gates]
    total = {table: sum(c[table] for c in counts) for table in TABLES}
    # The same photo at both gates is one content-addressed row at headquarters.
    total["evidence_blobs"] = 1
    return total


def test_headquarters_collects_both_gates_and_every_chain_verifies(
    clusters: list[Cluster], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    photo = _photo()
    gates: list[SmallGate] = []

    def truck_arrives(gate: SmallGate, plate: str) -> None:
        # The gate's workstation signs with its key, kept in that gate's settings folder.
        monkeypatch.setenv("BORDERDESK_HOME", str(tmp_path / gate.code))
        _truck_arrives(gate, plate, photo)

    hq_db = None
    try:
        for cluster, code, name in ((clusters[0], "LAOBAO", "Lao Bảo"),
                                    (clusters[1], "CHALO", "Cha Lo")):
            # What `borderdesk init --db URL` does (test_gate_roles runs the command itself).
            gate_db = Database(cluster.create_database())
            upgrade(gate_db)
            ensure_gate_roles(gate_db, RoleRequest())
            monkeypatch.setenv("BORDERDESK_HOME", str(tmp_path / code))
            gates.append(make_small_gate(gate_db, code, name))
            truck_arrives(gates[-1], "74C-123.45")  # before subscribing: the first copy

        hq_url = clusters[2].create_database()
        hq_home, hq_db = tmp_path / "hq", Database(hq_url)
        upgrade(hq_db)
        # Headquarters holds no officer before its first gate: its database owner subscribes.
        first = borderdesk(hq_home, "hq", "subscribe", "--db", hq_url, "--name", gates[0].code,
                           "--gate-conninfo", clusters[0].conninfo("borderdesk_reader"))
        assert first.returncode == 0, first.stderr
        assert "Subscribed" in first.stdout
        deadline = time.monotonic() + WAIT_SECONDS
        while not _counts(hq_db)["officers"] and time.monotonic() < deadline:
            time.sleep(0.5)
        # From then on a gate's administrator acts, checked without a write at headquarters.
        second = ("hq", "subscribe", "--db", hq_url, "--name", gates[1].code,
                  "--gate-conninfo", clusters[1].conninfo("borderdesk_reader"))
        nobody = borderdesk(hq_home, *second)
        assert nobody.returncode == 2
        assert nobody.stderr.splitlines() == [
            "borderdesk: hq subscribe needs an officer: add --as USER"]
        done = borderdesk(hq_home, *second, "--as", "admin", BORDERDESK_PASSWORD=PASSWORD)
        assert done.returncode == 0, done.stderr
        assert "Subscribed" in done.stdout
        # Again (after a gate's upgrade): the same subscription, refreshed.
        assert not subscribe(hq_db, "LAOBAO", clusters[0].conninfo("borderdesk_reader"))

        for gate in gates:  # after subscribing: streamed changes
            truck_arrives(gate, "29C-456.78")
        expected = _expected(gates)
        assert expected["crossings"] == 4 and expected["handoffs"] == 4

        deadline = time.monotonic() + WAIT_SECONDS
        while (arrived := _counts(hq_db)) != expected and time.monotonic() < deadline:
            time.sleep(0.5)
        assert arrived == expected

        with hq_db.engine.connect() as connection:
            accepted = connection.execute(text(
                "SELECT count(*) FROM handoffs WHERE state = 'accepted'")).scalar_one()
        assert accepted == 4  # updates replicate too, not only inserts

        status = borderdesk(hq_home, "hq", "status", "--db", hq_url, "--json", "--as", "admin",
                            BORDERDESK_PASSWORD=PASSWORD)
        assert status.returncode == 0, status.stderr
        subscriptions = {s["gate"]: s for s in json.loads(status.stdout)}
        assert set(subscriptions) == {"LAOBAO", "CHALO"}
        assert all(s["receiving"] and s["errors"] == 0 and s["tables_ready"] == s["tables"]
                   for s in subscriptions.values()), subscriptions

        # A computer that has never seen these workstations pins their keys on first sight.
        verify = borderdesk(tmp_path / "hq-verifier", "audit", "verify", "--db", hq_url, "--json",
                            "--as", "admin", BORDERDESK_PASSWORD=PASSWORD)
        assert verify.returncode == 0, verify.stderr
        report = json.loads(verify.stdout)
        assert report["intact"] and report["events"] == expected["audit_events"]
        assert {head["workstation"] for head in report["heads"]} == {
            "LAOBAO-BOOTH-1", "CHALO-BOOTH-1"}
        refused = borderdesk(tmp_path / "hq-verifier", "audit", "verify", "--db", hq_url,
                             "--as", "guard1", BORDERDESK_PASSWORD=PASSWORD)
        assert refused.returncode == 2
        assert refused.stderr.splitlines() == [
            "borderdesk: Your role may not verify the audit chain."]
        # The officers acted without a row written at headquarters.
        assert _counts(hq_db) == expected
    finally:
        for gate in gates:
            gate.db.dispose()
        if hq_db is not None:
            hq_db.dispose()
