"""Test kit: throwaway PostgreSQL clusters on spare loopback ports, and a small gate in one.

The machine's own server is left alone: each cluster is ``initdb``'d into a
temporary folder (as the ``postgres`` OS user when the tests run as root,
since initdb refuses root), started with ``wal_level = logical`` and kept
small, and stopped and removed by the fixture that made it.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

from sqlalchemy import create_engine, text

from borderdesk.access.passwords import hash_password
from borderdesk.config import Settings
from borderdesk.custody.security_state import password_sha256
from borderdesk.domain.crossing import ArrivalForm, ContainerEntry, Direction
from borderdesk.domain.custody import (
    Agency,
    HandoffForm,
    HandoffItemForm,
    ItemConfirmation,
    ItemKind,
)
from borderdesk.domain.evidence import EvidenceKind
from borderdesk.domain.officer import Actor, Role
from borderdesk.services.audit import append_event
from borderdesk.services.crossings import register_arrival
from borderdesk.services.evidence import attach_evidence
from borderdesk.services.handoffs import accept_handoff, send_handoff
from borderdesk.services.workstations import attach_workstation, create_gate
from borderdesk.storage.engine import Database
from borderdesk.storage.models import Officer
from borderdesk.storage.models.base import new_id

PASSWORD = "laobao2026"
SETTINGS = (
    "listen_addresses = '127.0.0.1'",
    "wal_level = logical",
    "shared_buffers = 16MB",
    "fsync = off",
    "synchronous_commit = off",
    "full_page_writes = off",
    "max_connections = 30",
    "max_wal_senders = 8",
    "max_replication_slots = 8",
    "max_logical_replication_workers = 6",
    "max_sync_workers_per_subscription = 2",
    "wal_retrieve_retry_interval = 500ms",
)


def initdb_path() -> Path | None:
    """The newest PostgreSQL's initdb on this machine, or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    return Path(found[-1]) if found else None


def _spare_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _as_postgres(command: Sequence[str]) -> list[str]:
    # initdb and postgres refuse to run as root.
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else list(command)


@dataclass
class Cluster:
    """One running throwaway cluster."""

    folder: Path
    port: int
    bin_dir: Path

    def url(self, database: str = "borderdesk") -> str:
        """A BorderDesk URL of a database in this cluster, as the superuser."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def conninfo(self, user: str, database: str = "borderdesk") -> str:
        """How another cluster's subscription reaches this one."""
        return f"host=127.0.0.1 port={self.port} dbname={database} user={user}"

    def create_database(self, name: str = "borderdesk") -> str:
        """Create an empty database; returns its URL."""
        engine = create_engine(self.url("postgres"), isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        return self.url(name)

    def stop(self) -> None:
        """Stop the server at once and remove its folder."""
        subprocess.run(_as_postgres([str(self.bin_dir / "pg_ctl"), "-D", str(self.folder / "data"),
                                     "-m", "immediate", "stop"]),
                       capture_output=True, check=False, timeout=60)
        shutil.rmtree(self.folder, ignore_errors=True)


def start_cluster(initdb: Path) -> Cluster:
    """initdb a small cluster with logical replication on a spare port, and start it."""
    folder = Path(tempfile.mkdtemp(prefix="bd-cluster-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    data, bin_dir, port = folder / "data", initdb.parent, _spare_port()
    cluster = Cluster(folder, port, bin_dir)
    try:
        subprocess.run(_as_postgres([str(initdb), "-D", str(data), "-U", "postgres", "-A", "trust",
                                     "-E", "UTF8", "--no-locale", "--no-sync"]),
                       capture_output=True, check=True, timeout=120)
        with (data / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write("\n".join((*SETTINGS, f"port = {port}",
                                  f"unix_socket_directories = '{folder}'")) + "\n")
        subprocess.run(_as_postgres([str(bin_dir / "pg_ctl"), "-D", str(data), "-l",
                                     str(folder / "server.log"), "-w", "-t", "60", "start"]),
                       capture_output=True, check=True, timeout=90)
    except BaseException:
        cluster.stop()
        raise
    return cluster


def borderdesk(home: Path, *args: str, **variables: str) -> subprocess.CompletedProcess[str]:
    """Run the real ``borderdesk ARGS`` with ``home`` as BORDERDESK_HOME, in English."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("BORDERDESK_") or k == "BORDERDESK_TEST_PG_URL"}
    env.update(BORDERDESK_HOME=str(home), BORDERDESK_LANG="en", **variables)
    script = Path(sys.executable).with_name("borderdesk")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "borderdesk"]
    return subprocess.run([*command, *args], env=env, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=240, check=False)


# ---- A small gate, written through the services


@cache
def _password_hash() -> str:
    return hash_password(PASSWORD)


@dataclass(frozen=True)
class SmallGate:
    """A gate with one workstation, a border guard and a customs officer (and ``admin``)."""

    db: Database
    code: str
    guard: Actor
    customs: Actor


def make_small_gate(db: Database, code: str, name: str) -> SmallGate:
    """Create the gate, attach a workstation (its key in BORDERDESK_HOME) and three officers
    (``guard1``, ``customs1`` and ``admin``, password ``PASSWORD``).

    Both gates of a test get the same usernames, as real gates do.
    """
    create_gate(db, code, name, lanes=("1", "2"))
    workstation = attach_workstation(db, Settings(
        workstation_id=new_id(), workstation_name=f"{code}-BOOTH-1", gate_code=code))
    actors = {}
    with db.session() as session:
        for role, username in ((Role.BORDER_GUARD, "guard1"), (Role.CUSTOMS_OFFICER, "customs1"),
                               (Role.ADMINISTRATOR, "admin")):
            officer = Officer(gate_id=workstation.gate_id, username=username,
                              full_name=f"{username} {code}", role=role.value,
                              password_hash=_password_hash(),
                              workstation_id=workstation.workstation_id)
            session.add(officer)
            session.flush()
            # As services.officers records an account: `audit verify` replays officers from it.
            append_event(session, workstation_id=workstation.workstation_id, officer_id=None,
                         action="officer.created", entity="officer", entity_id=str(officer.id),
                         payload={"username": username, "role": role.value, "gate": code,
                                  "password_sha256": password_sha256(officer.password_hash)})
            actors[role] = Actor(officer_id=officer.id, username=username,
                                 full_name=officer.full_name, role=role,
                                 gate_id=workstation.gate_id,
                                 workstation_id=workstation.workstation_id)
    return SmallGate(db, code, actors[Role.BORDER_GUARD], actors[Role.CUSTOMS_OFFICER])


def arrival_form(plate: str) -> ArrivalForm:
    """A Vietnamese truck with one sealed container, arrived a minute ago at lane 1."""
    return ArrivalForm(
        direction=Direction.IMPORT, lane="1", tractor_plate=plate,
        arrived_at=datetime.now(UTC) - timedelta(minutes=1), trailer_plate="74R-004.21",
        containers=(ContainerEntry("CSQU3054383", ("A123456",)),),
        driver_name="Nguyễn Văn An", driver_document_no="045123456789",
        driver_nationality="VN", carrier_name="Công ty TNHH Vận tải Quảng Trị")


def truck_arrives(gate: SmallGate, plate: str, photo: bytes) -> None:
    """A truck arrives, is photographed and handed to customs, who accept it."""
    crossing = register_arrival(gate.db, gate.guard, arrival_form(plate))
    attach_evidence(gate.db, gate.guard, crossing.crossing_id, photo, EvidenceKind.FRONT)
    handoff = send_handoff(gate.db, gate.guard, HandoffForm(
        to_agency=Agency.CUSTOMS, crossing_id=crossing.crossing_id,
        items=(HandoffItemForm(ItemKind.VEHICLE, "Đầu kéo", reference=plate),)))
    accept_handoff(gate.db, gate.customs, handoff.summary.handoff_id,
                   [ItemConfirmation(item.item_id) for item in handoff.items])

