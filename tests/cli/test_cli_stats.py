"""``borderdesk stats`` end to end on the demo gate: the JSON contract, the tables, refusals."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from cli_kit import DEMO_DATE, DEMO_PASSWORD, Cli
from crossing_kit import (  # the fixtures: pytest finds them in the module
    Gate,
    declaration_json,
    demo_templates_fixture,  # noqa: F401
    gate_fixture,  # noqa: F401
    manifest_csv,
)


def test_stats_json_keeps_the_contract_on_the_demo_day(cli: Cli, demo_url: str) -> None:
    result = cli("stats", "--db", demo_url, "--from", DEMO_DATE, "--to", DEMO_DATE, "--json",
                 "--as", "supervisor1", BORDERDESK_PASSWORD=DEMO_PASSWORD)
    assert result.code == 0, result.stderr
    document = result.json()
    assert {"rules", "officers", "traders", "overrides", "random", "integrity",
            "suggestions"} <= set(document)
    assert document["crossings"] > 0
    for rule in document["rules"]:
        assert set(rule) == {"rule", "flagged", "inspected", "confirmed", "hit_rate"}
        assert 0 <= rule["confirmed"] <= rule["inspected"] <= rule["flagged"]
        expected = rule["confirmed"] / rule["inspected"] if rule["inspected"] else None
        assert rule["hit_rate"] == (None if expected is None else round(expected, 4))
    # The demo's overrides predate four eyes (no channel recorded before them): their
    # channel before is read from the run they override.
    for override in document["overrides"]:
        assert override["from"] in {"green", "yellow", "red"}
        assert override["state"] in {"in_force", "pending", "refused", "replaced", "lapsed",
                                     "superseded"}
    assert set(document["random"]) >= {"picks", "inspected", "violations", "violation_rate"}
    # A day with nothing in it is all zeros, not an error.
    empty = cli("stats", "--db", demo_url, "--from", "2020-01-01", "--to", "2020-01-02",
                "--json", "--as", "supervisor1", BORDERDESK_PASSWORD=DEMO_PASSWORD)
    assert empty.code == 0, empty.stderr
    assert empty.json()["crossings"] == 0 and empty.json()["rules"] == []


def test_stats_prints_tables_for_people(cli: Cli, demo_url: str) -> None:
    result = cli("stats", "--db", demo_url, "--from", DEMO_DATE, "--to", DEMO_DATE,
                 "--as", "supervisor1", BORDERDESK_PASSWORD=DEMO_PASSWORD)
    assert result.code == 0, result.stderr
    assert "Hit rate" in result.stdout and "Random picks:" in result.stdout
    assert "Red released without physical inspection" in result.stdout


def test_stats_refuses_bad_dates_and_officers_in_one_line(cli: Cli, demo_url: str) -> None:
    cases = [
        (("--from", "2026-13-01", "--to", DEMO_DATE), "is not a date"),
        (("--from", DEMO_DATE, "--to", "2026-01-14"), "is after --to"),
    ]
    for dates, message in cases:
        result = cli("stats", "--db", demo_url, *dates, "--as", "supervisor1",
                     BORDERDESK_PASSWORD=DEMO_PASSWORD)
        assert result.code == 2 and len(result.error_lines) == 1, result.stderr
        assert message in result.stderr
    refused = cli("stats", "--db", demo_url, "--from", DEMO_DATE, "--to", DEMO_DATE,
                  "--as", "customs1", BORDERDESK_PASSWORD=DEMO_PASSWORD)
    assert refused.code == 2 and len(refused.error_lines) == 1, refused.stderr


def test_a_confirmed_finding_shows_in_the_hit_rate_of_its_rule(gate: Gate) -> None:
    reference = gate.register()
    for action, name, data in (("declare", "declaration.json", declaration_json()),
                               ("manifest", "manifest.csv", manifest_csv())):
        done = gate.crossing(action, reference, gate.file(name, data), user="customs1")
        assert done.code == 0, done.stderr
    assert gate.crossing("check", reference, user="customs1").code == 0
    # The licence the checks asked for is missing: the documents check confirms it.
    inspected = gate.crossing("inspect", reference, "--kind", "documents", "--result",
                              "discrepancy", "--finding", "LICENCE_REQUIRED", user="customs1")
    assert inspected.code == 0, inspected.stderr
    today = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date().isoformat()
    shown = gate.run("stats", "--from", today, "--to", today, "--json", user="supervisor1")
    assert shown.code == 0, shown.stderr
    document = shown.json()
    assert document["rules"] == [{"rule": "LICENCE_REQUIRED", "flagged": 1, "inspected": 1,
                                  "confirmed": 1, "hit_rate": 1.0}]
    assert (document["crossings"], document["inspected"], document["violations"]) == (1, 1, 1)
    assert document["traders"][0]["tax_code"] == "0101234567"
    customs = next(o for o in document["officers"] if o["username"] == "customs1")
    assert (customs["checks"], customs["inspections"], customs["inspections_found"]) == (1, 1, 1)
