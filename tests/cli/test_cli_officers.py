"""Officer accounts from the command line: bootstrap, administration, lockout."""

from __future__ import annotations

from pathlib import Path

from cli_kit import DEMO_PASSWORD, Cli, run_cli_scheduled


def _gate(cli: Cli, url: str) -> None:
    result = cli("init", "--db", url, "--gate", "LAOBAO", "--gate-name", "Lao Bảo")
    assert result.code == 0, result.stderr


def test_first_administrator_needs_no_login_but_only_once(cli: Cli, db_url: str) -> None:
    _gate(cli, db_url)
    first = cli("officer", "add", "--db", db_url, "--username", "boss", "--full-name",
                "Trần Văn Chủ", "--role", "administrator", BORDERDESK_PASSWORD="boss-password")
    second = cli("officer", "add", "--db", db_url, "--username", "intruder", "--full-name",
                 "Kẻ Lạ", "--role", "administrator", BORDERDESK_PASSWORD="intruder-pass")
    added = cli("officer", "add", "--db", db_url, "--as", "boss", "--username", "guard7",
                "--full-name", "Lê Văn Gác", "--role", "border_guard", "--badge", "BP-7",
                BORDERDESK_PASSWORD="boss-password", BORDERDESK_NEW_PASSWORD="guard-password")
    listing = cli("officer", "list", "--db", db_url, "--as", "boss", "--json",
                  BORDERDESK_PASSWORD="boss-password")

    assert first.code == 0, first.stderr
    assert second.code == 2 and len(second.error_lines) == 1
    assert "Traceback" not in second.stderr
    assert added.code == 0, added.stderr
    assert listing.code == 0, listing.stderr
    assert [(o["username"], o["role"], o["badge_no"]) for o in listing.json()] == [
        ("boss", "administrator", ""), ("guard7", "border_guard", "BP-7"),
    ]


def test_the_first_officer_must_be_an_administrator(cli: Cli, db_url: str) -> None:
    _gate(cli, db_url)
    result = cli("officer", "add", "--db", db_url, "--username", "guard7", "--full-name",
                 "Lê Văn Gác", "--role", "border_guard", BORDERDESK_PASSWORD="guard-password")
    assert result.code == 2 and "administrator" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_short_password_is_refused_with_its_reason(cli: Cli, db_url: str) -> None:
    _gate(cli, db_url)
    result = cli("officer", "add", "--db", db_url, "--username", "boss", "--full-name",
                 "Trần Văn Chủ", "--role", "administrator", BORDERDESK_PASSWORD="short")
    assert result.code == 2
    assert result.error_lines == ["borderdesk: password: A password needs at least 8 characters."]


def test_five_wrong_passwords_lock_the_account_unseen(cli: Cli, demo_url: str) -> None:
    attempts = [
        cli("queue", "--db", demo_url, "--as", "guard2", BORDERDESK_PASSWORD="wrong-password")
        for _ in range(5)
    ]
    right = cli("queue", "--db", demo_url, "--as", "guard2", BORDERDESK_PASSWORD=DEMO_PASSWORD)
    unknown = cli("queue", "--db", demo_url, "--as", "nobody_here",
                  BORDERDESK_PASSWORD=DEMO_PASSWORD)

    assert all(a.code == 2 and len(a.error_lines) == 1 for a in attempts)
    assert attempts[0].error_lines == [
        "borderdesk: Wrong username or password. 5 failed logins lock an account for 15 minutes."]
    # Locked with the right password, or no such officer: byte for byte the same refusal.
    assert right.code == unknown.code == 2
    assert right.stderr.encode() == unknown.stderr.encode() == attempts[-1].stderr.encode()
    assert "Traceback" not in "".join(a.stderr for a in [*attempts, right])


def test_only_administrators_manage_officers(cli: Cli, demo_url: str) -> None:
    result = cli("officer", "list", "--db", demo_url, "--as", "supervisor1",
                 BORDERDESK_PASSWORD=DEMO_PASSWORD)
    assert result.code == 2
    assert result.error_lines == ["borderdesk: Your role may not manage officers."]


def test_no_password_and_no_terminal_is_a_clear_refusal_not_a_wait(
    hermetic_home: Path, demo_url: str
) -> None:
    result = run_cli_scheduled(hermetic_home, "audit", "verify", "--db", demo_url,
                               "--as", "supervisor1")
    assert result.code == 2
    assert result.error_lines == ["borderdesk: No password was given: set BORDERDESK_PASSWORD "
                                  "(there is no terminal to ask at)."]
