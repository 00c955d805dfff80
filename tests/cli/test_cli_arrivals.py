"""Registering arrivals and reading the queue from the command line."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from cli_kit import DEMO_DATE, DEMO_PASSWORD, Cli, Result

GUARD = {"BORDERDESK_USER": "guard1", "BORDERDESK_PASSWORD": DEMO_PASSWORD}


def _register(cli: Cli, url: str, *extra: str, **variables: str) -> Result:
    return cli(
        "arrival", "register", "--db", url, "--direction", "import", "--lane", "2",
        "--plate", "74c 246.80", "--trailer", "74R-135.79",
        "--container", "CSQU3054383:HQ123456,ML765432", "--driver", "Nguyễn Văn Tài",
        "--driver-id", "045099001122", "--carrier", "Công ty CP Logistics Lao Bảo",
        *extra, **(variables or GUARD),
    )


def _today_queue(cli: Cli, url: str, *extra: str) -> list[dict[str, object]]:
    result = cli("queue", "--db", url, "--json", *extra, **GUARD)
    assert result.code == 0, result.stderr
    rows: list[dict[str, object]] = result.json()["rows"]
    return rows


def test_a_registered_arrival_is_in_the_queue_at_once(cli: Cli, demo_url: str) -> None:
    registered = _register(cli, demo_url)

    assert registered.code == 0, registered.stderr
    assert "74C-246.80" in registered.stdout
    rows = _today_queue(cli, demo_url)
    assert [(r["tractor_plate"], r["trailer_plate"], r["containers"], r["status"], r["lane"])
            for r in rows] == [("74C-246.80", "74R-135.79", ["CSQU3054383"], "arrived", "2")]
    assert rows[0]["registered_by"] == "Nguyễn Văn Hùng"
    by_search = _today_queue(cli, demo_url, "--search", "74C246")
    assert [r["reference"] for r in by_search] == [rows[0]["reference"]]


def test_an_arrival_time_without_zone_is_the_gates_time(cli: Cli, demo_url: str) -> None:
    local = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")) - timedelta(minutes=30)
    registered = _register(cli, demo_url, "--at", local.strftime("%Y-%m-%dT%H:%M"), "--json")

    assert registered.code == 0, registered.stderr
    arrived = datetime.fromisoformat(registered.json()["arrived_at"])
    assert arrived == local.replace(second=0, microsecond=0)


def test_invalid_fields_are_each_named_and_nothing_is_saved(cli: Cli, demo_url: str) -> None:
    result = cli(
        "arrival", "register", "--db", demo_url, "--direction", "import", "--lane", "9",
        "--plate", "74C-12", "--container", "CSQU3054384", "--driver", "Nguyễn Văn Tài",
        "--driver-id", "045099001122", **GUARD,
    )

    assert result.code == 2
    assert "Traceback" not in result.stderr
    lines = result.error_lines
    assert len(lines) == 3, lines
    assert any(line.startswith("borderdesk: --lane:") for line in lines)
    assert any(line.startswith("borderdesk: --plate:") for line in lines)
    assert "borderdesk: --container: Container CSQU3054384: the check digit should be 3." in lines
    assert _today_queue(cli, demo_url) == []


def test_a_customs_officer_may_not_register_arrivals(cli: Cli, demo_url: str) -> None:
    result = _register(cli, demo_url, BORDERDESK_USER="customs1",
                       BORDERDESK_PASSWORD=DEMO_PASSWORD)

    assert result.code == 2
    assert result.error_lines == ["borderdesk: Your role may not register an arrival."]
    assert _today_queue(cli, demo_url) == []


def test_queue_filters_by_status_and_prints_a_table(cli: Cli, demo_url: str) -> None:
    held = cli("queue", "--db", demo_url, "--date", DEMO_DATE, "--status", "held",
               "--status", "cancelled", "--json", **GUARD)
    table = cli("queue", "--db", demo_url, "--date", DEMO_DATE, "--limit", "5", **GUARD)

    assert held.code == 0 and table.code == 0, held.stderr + table.stderr
    statuses = {r["status"] for r in held.json()["rows"]}
    assert statuses <= {"held", "cancelled"} and "cancelled" in statuses
    lines = table.stdout.splitlines()
    assert lines[0].split()[:3] == ["Reference", "Arrived", "Direction"]
    assert len([line for line in lines if line.startswith("LA-")]) == 5
    assert "More crossings match" in table.stdout


def test_vietnamese_language_still_works(cli: Cli, demo_url: str) -> None:
    help_text = cli("--help", BORDERDESK_LANG="vi")
    queue = cli("queue", "--db", demo_url, "--date", DEMO_DATE, "--json",
                BORDERDESK_LANG="vi", **GUARD)
    refused = _register(cli, demo_url, BORDERDESK_LANG="vi", BORDERDESK_USER="customs1",
                        BORDERDESK_PASSWORD=DEMO_PASSWORD)

    assert help_text.code == 0 and "arrival" in help_text.stdout
    assert queue.code == 0 and len(queue.json()["rows"]) > 50
    assert refused.code == 2 and len(refused.error_lines) == 1
    assert "Traceback" not in help_text.stderr + queue.stderr + refused.stderr


def test_a_truck_with_an_open_crossing_is_registered_again_only_with_again(
    cli: Cli, demo_url: str
) -> None:
    first = _register(cli, demo_url, "--json")
    assert first.code == 0, first.stderr
    reference = first.json()["reference"]

    twice = _register(cli, demo_url)
    assert twice.code == 2 and twice.stdout == ""
    assert twice.error_lines == [
        f"borderdesk: 74C-246.80 has an open crossing: {reference} (Arrived). Add --again to "
        "register it anyway."]
    assert [r["reference"] for r in _today_queue(cli, demo_url)] == [reference]

    again = _register(cli, demo_url, "--again", "--json")
    assert again.code == 0, again.stderr
    assert {r["reference"] for r in _today_queue(cli, demo_url)} == {
        reference, again.json()["reference"]}
