"""``crossing override`` says whether the new channel is in force or waits for a supervisor;
``override pending|approve|refuse`` is the supervisor's side, refusals one line with exit 2."""

from __future__ import annotations

from crossing_kit import (  # the fixtures: pytest finds them in the module
    Gate,
    declaration_json,
    demo_templates_fixture,  # noqa: F401
    gate_fixture,  # noqa: F401
)


def _yellow(gate: Gate) -> str:
    """A crossing declared and checked: documents check, yellow."""
    reference = gate.register()
    declared = gate.crossing("declare", reference, gate.file("d.json", declaration_json()),
                             user="customs1")
    assert declared.code == 0, declared.stderr
    assert gate.crossing("check", reference, user="customs1").code == 0
    assert gate.view(reference)["channel"] == "yellow"
    return reference


def test_a_lowered_channel_waits_for_a_supervisor_who_approves_it(gate: Gate) -> None:
    reference = _yellow(gate)
    asked = gate.crossing("override", reference, "--channel", "green", "--reason",
                          "Giấy tờ đầy đủ", "--json", user="customs1")
    assert asked.code == 0, asked.stderr
    answer = asked.json()
    assert answer["state"] == "pending" and answer["override_id"]
    assert (answer["status"], answer["channel"]) == ("documents", "yellow")
    request = answer["override_request"]
    assert (request["override_id"], request["from"], request["channel"], request["state"]) == (
        answer["override_id"], "yellow", "green", "pending")

    shown = gate.crossing("show", reference, user="customs1")
    assert "Lowering to green awaits a supervisor (asked by Hoàng Thị Thu Trang" in shown.stdout

    listed = gate.run("override", "pending", "--json", user="supervisor1")
    assert listed.code == 0, listed.stderr
    waiting = [item for item in listed.json() if item["reference"] == reference]
    assert [(w["override_id"], w["from"], w["channel"], w["reason"]) for w in waiting] == [
        (answer["override_id"], "yellow", "green", "Giấy tờ đầy đủ")]
    table = gate.run("override", "pending", user="supervisor1")
    assert reference in table.stdout and "Yellow → Green" in table.stdout

    approved = gate.run("override", "approve", answer["override_id"], "--reason", "Đã xem",
                        user="supervisor1")
    assert approved.code == 0, approved.stderr
    assert approved.stdout.strip() == (
        f"Approved: {reference} now goes through the green channel.")
    after = gate.view(reference)
    assert (after["channel"], after["override"]["state"], after["override"]["decided_by"]) == (
        "green", "in_force", "Trần Thị Minh Hằng")
    assert after["override_request"] is None


def test_raising_is_in_force_at_once(gate: Gate) -> None:
    reference = _yellow(gate)
    raised = gate.crossing("override", reference, "--channel", "red", "--reason",
                           "Tin báo đường dây nóng", "--json", user="customs1")
    assert raised.code == 0, raised.stderr
    answer = raised.json()
    assert (answer["state"], answer["channel"], answer["status"]) == (
        "in_force", "red", "inspection")
    assert answer["override_id"] == answer["override"]["override_id"]
    plain = gate.crossing("override", reference, "--channel", "yellow", "--reason",
                          "Niêm phong nguyên vẹn", user="customs1")
    assert plain.code == 0, plain.stderr
    assert plain.stdout.splitlines()[0].startswith(
        "Lowering to yellow waits for a supervisor's approval (request ")
    assert "Channel: Red." in plain.stdout


def test_refusals_of_a_decision_are_one_line_exit_2(gate: Gate) -> None:
    reference = _yellow(gate)
    asked = gate.crossing("override", reference, "--channel", "green", "--reason", "Ổn",
                          "--json", user="customs1")
    override_id = asked.json()["override_id"]
    cases = [
        ("customs1", ["approve", override_id], "Your role may not approve or refuse"),
        ("guard1", ["refuse", override_id, "--reason", "no"], "Your role may not"),
        ("supervisor1", ["approve", "not-an-id"], "is not an override id"),
        ("supervisor1", ["refuse", override_id], "Write why the lower channel is refused"),
        ("supervisor1", ["approve", "0190f0f0-0000-7000-8000-000000000000"],
         "no lowered channel"),
    ]
    for user, args, expected in cases:
        refused = gate.run("override", *args, user=user)
        assert refused.code == 2, (args, refused.stdout, refused.stderr)
        assert expected in refused.stderr and len(refused.stderr.strip().splitlines()) == 1, (
            args, refused.stderr)
        assert gate.view(reference)["channel"] == "yellow"
    refused = gate.run("override", "refuse", override_id, "--reason", "Chưa đủ căn cứ",
                       "--json", user="supervisor1")
    assert refused.code == 0, refused.stderr
    assert refused.json() == {"override_id": override_id, "state": "refused",
                              "reference": reference, "channel": "yellow"}
    again = gate.run("override", "approve", override_id, user="supervisor1")
    assert again.code == 2 and "refused this lower channel first" in again.stderr
    shown = gate.crossing("show", reference, user="customs1")
    assert "Lowering to green refused by Trần Thị Minh Hằng: Chưa đủ căn cứ" in shown.stdout
