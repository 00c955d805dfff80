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
def demo_url(cli: Cli, db_url: str) -> str:
    """A database (SQLite, then PostgreSQL) holding the demo gate of ``DEMO_DATE``."""
    result = cli("demo", "--db", db_url, "--date", DEMO_DATE)
    assert result.code == 0, result.stderr
    return db_url
