"""The command line end to end on PostgreSQL: a gate's server, as the workstations use it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from cli_kit import DEMO_DATE, DEMO_PASSWORD, Cli

from tests.conftest import PG_SKIP_REASON, PG_URL, drop_pg_database, make_pg_database

GUARD = {"BORDERDESK_USER": "guard1", "BORDERDESK_PASSWORD": DEMO_PASSWORD}
SUPERVISOR = {"BORDERDESK_USER": "supervisor1", "BORDERDESK_PASSWORD": DEMO_PASSWORD}


@pytest.fixture
def pg_url() -> Iterator[str]:
    if not PG_URL:
        pytest.skip(PG_SKIP_REASON)
    url, name = make_pg_database()
    try:
        yield url
    finally:
        drop_pg_database(name)


def test_a_gate_server_takes_the_demo_an_arrival_and_verifies(
    cli: Cli, pg_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert (made := cli("init", "--db", pg_url, "--no-roles")).code == 0, made.stderr
    assert (demo := cli("demo", "--db", pg_url, "--date", DEMO_DATE)).code == 0, demo.stderr

    registered = cli(
        "arrival", "register", "--db", pg_url, "--direction", "import", "--lane", "2",
        "--plate", "74C-246.80", "--driver", "Nguyễn Văn Tài", "--driver-id", "045099001122",
        "--container", "CSQU3054383", "--json", **GUARD,
    )
    assert registered.code == 0, registered.stderr
    queue = cli("queue", "--db", pg_url, "--search", "74C246", "--json", **GUARD)
    assert queue.code == 0, queue.stderr
    assert [row["reference"] for row in queue.json()["rows"]] == [registered.json()["reference"]]

    inbox = cli("handoff", "inbox", "--db", pg_url, "--json",
                BORDERDESK_USER="customs1", BORDERDESK_PASSWORD=DEMO_PASSWORD)
    assert inbox.code == 0, inbox.stderr

    verified = cli("audit", "verify", "--db", pg_url, **SUPERVISOR)
    assert verified.code == 0, verified.stderr + verified.stdout

    # hq status needs an administrator (MANAGE_REPLICATION); a gate's server has no subscription.
    status = cli("hq", "status", "--db", pg_url, "--as", "admin", BORDERDESK_PASSWORD=DEMO_PASSWORD)
    assert status.code == 0, status.stderr
    assert "No gate is subscribed" in status.stdout
    # The refusals in-process (test_cli_audit.py says why).
    from borderdesk.cli.main import main

    monkeypatch.setenv("BORDERDESK_LANG", "en")
    monkeypatch.setenv("BORDERDESK_PASSWORD", DEMO_PASSWORD)
    capsys.readouterr()
    assert main(["hq", "status", "--db", pg_url]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "borderdesk: hq status needs an officer: add --as USER"]
    assert main(["hq", "status", "--db", pg_url, "--as", "supervisor1"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "borderdesk: Your role may not manage headquarters' replication."]

    wrong = cli("queue", "--db", pg_url, "--status", "lost", **GUARD)
    assert wrong.code == 2 and len(wrong.error_lines) >= 1
