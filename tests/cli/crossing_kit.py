"""Helpers of the crossing CLI tests: ``borderdesk`` in-process on a demo gate, a truck's files.

In-process (``cli.main.main`` with captured output) because a walk through the
workflow is a few dozen commands: as subprocesses that is a minute, here a few
seconds. Exit codes, stdout and stderr are the same; the subprocess path is
pinned by the other CLI tests.
"""

from __future__ import annotations

import io
import json
import shutil
import sys
import uuid
from collections.abc import Iterator
from contextlib import redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from cli_kit import DEMO_DATE, DEMO_PASSWORD, Result
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from borderdesk.cli.main import main
from tests.conftest import PG_SKIP_REASON, PG_URL, drop_pg_database, make_pg_database

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit" / "ocr"))
import digital_files as files

PLATE = "74C-123.45"
CONTAINER = "CSQU3054383"


@dataclass
class Gate:
    """A demo gate's database and a way to run ``borderdesk`` on it as one of its officers."""

    url: str
    capsys: pytest.CaptureFixture[str]
    folder: Path
    runs: list[list[str]] = field(default_factory=list)
    _reader: tuple[Any, Any] | None = None

    def view(self, reference: str) -> dict[str, Any]:
        """What ``crossing show REF --json`` prints for customs1, from the very function it
        prints, with one login for the whole test: every login is an argon2 verification
        (0.3 s), and a refusal test reads the crossing after each of dozens of commands."""
        from borderdesk.cli.crossing_output import crossing_json
        from borderdesk.config import load_settings
        from borderdesk.services import auth
        from borderdesk.services.handoff_views import crossing_by_reference
        from borderdesk.services.workstations import attach_workstation
        from borderdesk.storage.engine import Database

        if self._reader is None:
            db = Database(self.url)
            workstation = attach_workstation(db, load_settings())
            self._reader = (db, auth.log_in(db, workstation, "customs1", DEMO_PASSWORD))
        db, actor = self._reader
        return crossing_json(db, actor, crossing_by_reference(db, actor, reference))

    def close(self) -> None:
        """Let go of the database ``view`` opened."""
        if self._reader is not None:
            self._reader[0].dispose()
            self._reader = None

    def run(self, *args: str, user: str | None = None) -> Result:
        """``borderdesk ARGS --db URL [--as USER]``, its exit code and output."""
        argv = [*args, "--db", self.url, *(["--as", user] if user else [])]
        self.runs.append(argv)
        self.capsys.readouterr()
        code = main(argv)
        out = self.capsys.readouterr()
        return Result(code, out.out, out.err)

    def crossing(self, action: str, reference: str, *args: str, user: str) -> Result:
        """``borderdesk crossing ACTION REF ARGS`` as ``user``."""
        return self.run("crossing", action, reference, *args, user=user)

    def show(self, reference: str, user: str = "customs1") -> dict[str, Any]:
        """``crossing show REF --json``, checked to succeed."""
        shown = self.crossing("show", reference, "--json", user=user)
        assert shown.code == 0, shown.stderr
        view: dict[str, Any] = shown.json()
        return view

    def register(self, plate: str = PLATE, *more: str) -> str:
        """A new arrival of the truck of the sample files; its reference."""
        made = self.run("arrival", "register", "--direction", "import", "--lane", "2",
                        "--plate", plate, "--container", f"{CONTAINER}:A123456",
                        "--driver", "Nguyễn Văn Tài", "--driver-id", "045099001122",
                        *more, "--json", user="guard1")
        assert made.code == 0, made.stderr
        reference: str = made.json()["reference"]
        return reference

    def file(self, name: str, data: bytes | str) -> str:
        """Write a file for a command to read; its path."""
        path = self.folder / name
        path.write_bytes(data.encode() if isinstance(data, str) else data)
        return str(path)


class DemoTemplates:
    """The demo gate seeded once per backend and test session, cloned for each test.

    Seeding takes 2 s on SQLite and 8 s on PostgreSQL; a copy of the file, or
    ``CREATE DATABASE ... TEMPLATE``, takes a fraction of that. The settings folder
    that seeded it (the workstation's key, the gate) is copied with it.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.seeded: dict[str, tuple[Path, str, str | None]] = {}

    def _seed(self, backend: str) -> tuple[Path, str, str | None]:
        if backend not in self.seeded:
            home = self.folder / backend / "home"
            if backend == "sqlite":
                url, name = f"sqlite:///{self.folder / backend / 'gate.sqlite3'}", None
            else:
                if not PG_URL:
                    pytest.skip(PG_SKIP_REASON)
                url, name = make_pg_database()
            with pytest.MonkeyPatch.context() as patch, redirect_stdout(io.StringIO()):
                patch.setenv("BORDERDESK_HOME", str(home))
                patch.setenv("BORDERDESK_LANG", "en")
                patch.delenv("BORDERDESK_DB_URL", raising=False)
                assert main(["demo", "--db", url, "--date", DEMO_DATE]) == 0
            self.seeded[backend] = (home, url, name)
        return self.seeded[backend]

    def clone(self, backend: str, tmp_path: Path, home: Path) -> Iterator[str]:
        """A copy of the seeded gate for one test, with its settings folder in ``home``."""
        seeded_home, url, template = self._seed(backend)
        shutil.copytree(seeded_home, home, dirs_exist_ok=True)
        if template is None:
            copy = tmp_path / "gate.sqlite3"
            shutil.copyfile(url.removeprefix("sqlite:///"), copy)
            yield f"sqlite:///{copy}"
            return
        name = f"bd_test_{uuid.uuid4().hex[:12]}"
        admin = create_engine(make_url(PG_URL), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
        admin.dispose()
        try:
            yield make_url(url).set(database=name).render_as_string(hide_password=False)
        finally:
            drop_pg_database(name)

    def drop(self) -> None:
        """Drop the PostgreSQL template at the end of the session."""
        for _home, _url, name in self.seeded.values():
            if name is not None:
                drop_pg_database(name)


@pytest.fixture(scope="session", name="demo_templates")
def demo_templates_fixture(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoTemplates]:
    """The demo gate seeded once per backend for the crossing CLI tests."""
    templates = DemoTemplates(tmp_path_factory.mktemp("demo-templates"))
    yield templates
    templates.drop()


@pytest.fixture(name="gate",
                params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def gate_fixture(request: pytest.FixtureRequest, tmp_path: Path, hermetic_home: Path,
         capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
         demo_templates: DemoTemplates) -> Iterator[Gate]:
    """A demo gate of its own for the test, on SQLite and then on PostgreSQL; every demo
    officer's password in the environment."""
    monkeypatch.setenv("BORDERDESK_LANG", "en")
    monkeypatch.setenv("BORDERDESK_PASSWORD", DEMO_PASSWORD)
    monkeypatch.delenv("BORDERDESK_USER", raising=False)
    for url in demo_templates.clone(request.param, tmp_path, hermetic_home):
        made = Gate(url, capsys, tmp_path)
        yield made
        made.close()


def declaration_json() -> str:
    """The declaration the sample manifest (``digital_files``) matches line for line."""
    return json.dumps({
        "declaration_no": "105123456789", "type": "import",
        "declared_at": "2026-11-20T08:30:00+07:00",
        "trader": {"name": files.HEADER["consignee"], "tax_code": "0101234567"},
        "vehicle": {"plate": PLATE, "container_no": CONTAINER, "seal_no": "A123456"},
        "origin_certificate": None,
        "lines": [{"line_no": n, "hs_code": hs, "description": text, "quantity": quantity,
                   "unit": unit, "gross_weight_kg": float(weight), "value": float(value),
                   "currency": currency, "origin_country": origin, "preference": None}
                  for n, hs, text, quantity, unit, weight, value, currency, origin
                  in files.LINES],
    }, ensure_ascii=False)


def manifest_csv() -> str:
    """The sample manifest as the CSV file a carrier sends."""
    return files.csv_text()


def photo() -> bytes:
    """A small JPEG photo of the truck."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (640, 480), (90, 120, 160)).save(out, "JPEG")
    return out.getvalue()
