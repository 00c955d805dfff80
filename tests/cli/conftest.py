"""Fixtures of the end-to-end CLI tests."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest
from cli_kit import DEMO_DATE, Cli, run_cli


@pytest.fixture
def cli(hermetic_home: Path) -> Cli:
    """Run the real ``borderdesk`` with this test's home; keyword arguments set variables."""
    return partial(run_cli, hermetic_home)


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """The CLI tests' database: a SQLite file.

    Every storage, service and concurrency test runs on both backends under
    tests/services; here each command is a process of its own, so the faces
    are driven on SQLite and PostgreSQL gets its own end-to-end run
    (test_cli_postgresql.py).
    """
    return f"sqlite:///{tmp_path / 'gate.sqlite3'}"


@pytest.fixture
def demo_url(cli: Cli, db_url: str) -> str:
    """A database holding the demo gate of ``DEMO_DATE``."""
    result = cli("demo", "--db", db_url, "--date", DEMO_DATE)
    assert result.code == 0, result.stderr
    return db_url
