"""Helpers of the crossing CLI tests: ``borderdesk`` in-process on a demo gate, a truck's files.

In-process (``cli.main.main`` with captured output) because a walk through the
workflow is a few dozen commands: as subprocesses that is a minute, here a few
seconds. Exit codes, stdout and stderr are the same; the subprocess path is
pinned by the other CLI tests.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from cli_kit import DEMO_DATE, DEMO_PASSWORD, Result

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


def gate_on(url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
            folder: Path) -> Gate:
    """The demo gate seeded into ``url``; every officer's password in the environment."""
    monkeypatch.setenv("BORDERDESK_LANG", "en")
    monkeypatch.setenv("BORDERDESK_PASSWORD", DEMO_PASSWORD)
    monkeypatch.delenv("BORDERDESK_USER", raising=False)
    gate = Gate(url, capsys, folder)
    seeded = gate.run("demo", "--date", DEMO_DATE)
    assert seeded.code == 0, seeded.stderr
    return gate


def gate_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """A fresh database of ``backend``: a SQLite file or a new PostgreSQL database."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'gate.sqlite3'}"
        return
    if not PG_URL:
        pytest.skip(PG_SKIP_REASON)
    url, name = make_pg_database()
    try:
        yield url
    finally:
        drop_pg_database(name)


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
