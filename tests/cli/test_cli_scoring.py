"""``borderdesk scoring``: the gate's settings shown, changed by a supervisor with a reason,
their history, and a crossing's random draw redone."""

from __future__ import annotations

from crossing_kit import (  # the fixtures: pytest finds them in the module
    Gate,
    declaration_json,
    demo_templates_fixture,  # noqa: F401
    gate_fixture,  # noqa: F401
    manifest_csv,
)


def test_a_supervisor_changes_a_setting_and_the_next_check_uses_it(gate: Gate) -> None:
    shown = gate.run("scoring", "show", "--json", user="customs1")
    assert shown.code == 0, shown.stderr
    before = shown.json()
    assert before["settings"]["channel.red_from"] == 60
    assert before["settings"]["channel.red_on_high"] == ["PROHIBITED_GOODS", "FLAGGED_PARTY"]

    refused = gate.run("scoring", "set", "selectivity.random_rate", "1", "--reason", "mine",
                       user="customs1")
    assert refused.code == 2 and len(refused.stderr.strip().splitlines()) == 1
    assert "may not change the scoring settings" in refused.stderr
    for key, value, says in (("channel.red_from", "5", "not allowed"),
                             ("no.such.key", "1", "no setting"),
                             ("selectivity.random_rate", "lots", "takes a number")):
        bad = gate.run("scoring", "set", key, value, "--reason", "x", user="supervisor1")
        assert bad.code == 2 and says in bad.stderr, bad.stderr
        assert len(bad.stderr.strip().splitlines()) == 1

    changed = gate.run("scoring", "set", "selectivity.random_rate", "1", "--reason",
                       "pilot week: every green truck gets a document check",
                       user="supervisor1")
    assert changed.code == 0, changed.stderr
    assert f"version {before['version'] + 1} is in force" in changed.stdout
    # The sample's licence finding is yellow by the weights; these thresholds make it green,
    # so the random pick is what sends it to a document check.
    for key, value in (("channel.red_from", "100"), ("channel.yellow_from", "100"),
                       ("selectivity.red_share", "0")):
        done = gate.run("scoring", "set", key, value, "--reason", "no red picks",
                        user="supervisor1")
        assert done.code == 0, done.stderr

    reference = gate.register()
    for action, name, data in (("declare", "declaration.json", declaration_json()),
                               ("manifest", "manifest.csv", manifest_csv())):
        done = gate.crossing(action, reference, gate.file(name, data), user="customs1")
        assert done.code == 0, done.stderr
    assert gate.crossing("check", reference, user="customs1").code == 0
    view = gate.show(reference)
    assert view["channel"] == "yellow"
    assert "RANDOM_SELECTION" in [f["rule"] for f in view["check"]["findings"]]

    verified = gate.run("scoring", "verify", reference, "--json", user="supervisor1")
    assert verified.code == 0, verified.stderr
    assert [(d["purpose"], d["recorded"], d["holds"]) for d in verified.json()] == [
        ("channel", "yellow", True)]
    table = gate.run("scoring", "verify", reference, user="supervisor1")
    assert "holds" in table.stdout
    assert gate.run("scoring", "verify", reference, user="customs1").code == 2

    history = gate.run("scoring", "history", "--json", user="supervisor1")
    assert history.code == 0, history.stderr
    latest = history.json()[0]
    assert latest["changed_key"] == "selectivity.red_share" and latest["reason"] == "no red picks"
    assert history.json()[3]["reason"] == "pilot week: every green truck gets a document check"
    plain = gate.run("scoring", "history", user="supervisor1")
    assert "selectivity.random_rate" in plain.stdout and "pilot week" in plain.stdout
