"""Refusals of ``borderdesk crossing`` and ``evidence add``: one line, exit 2, nothing changed."""

from __future__ import annotations

from crossing_kit import (  # the fixtures: pytest finds them in the module
    Gate,
    declaration_json,
    demo_templates_fixture,  # noqa: F401
    gate_fixture,  # noqa: F401
    manifest_csv,
    photo,
)

HUGE = "x" * 100_000
"""A reason of 100 KB: refused on one line, never stored, never a page of error."""


def _checked(gate: Gate) -> str:
    """A crossing declared and checked: documents check, yellow."""
    reference = gate.register()
    declared = gate.crossing("declare", reference, gate.file("d.json", declaration_json()),
                             user="customs1")
    assert declared.code == 0, declared.stderr
    assert gate.crossing("check", reference, user="customs1").code == 0
    assert (gate.show(reference)["status"], gate.show(reference)["channel"]) == (
        "documents", "yellow")
    return reference


def _held(gate: Gate) -> str:
    """A crossing whose goods the police seized at arrival."""
    reference = gate.register("74C-222.33", "--again")
    seized = gate.crossing("seize", reference, "--reason", "Stolen goods report",
                           "--item", "Xe máy:2 UNIT", "--storage", "Bãi tạm giữ", user="police1")
    assert seized.code == 0, seized.stderr
    assert gate.show(reference)["status"] == "held"
    return reference


def test_refusals_are_one_line_exit_2_and_change_nothing(gate: Gate) -> None:
    checked, held = _checked(gate), _held(gate)
    bad_declaration = gate.file("bad.csv", "declaration_no,type\n1,import\n")
    manifest_json = gate.file("m.json", '{"document_no": "X", "lines": [{"line_no": "one"}]}')
    cases: list[tuple[str, list[str], str]] = [
        ("customs1", ["show", "LA-000000-XXXXX"], "There is no crossing LA-000000-XXXXX"),
        ("customs1", ["check", "LA-000000-XXXXX"], "There is no crossing LA-000000-XXXXX"),
        ("guard1", ["check", checked], "Your role may not run the cross-checks"),
        ("police1", ["override", checked, "--channel", "red", "--reason", "x"],
         "Your role may not"),
        ("customs1", ["override", checked, "--channel", "yellow", "--reason", "Again"],
         "The Yellow channel is in force already"),
        ("customs1", ["override", checked, "--channel", "red", "--reason", HUGE], "4000"),
        ("customs1", ["override", checked, "--channel", "red", "--reason", "  "], "reason"),
        ("supervisor1", ["release", checked, "--reason", "Done"], "release the hold"),
        ("customs1", ["release", held, "--reason", "Done"], "Your role may not"),
        ("supervisor1", ["release", held, "--reason", HUGE], "4000"),
        ("customs1", ["cancel", held, "--reason", "Wrong truck"], "The crossing is held"),
        ("customs1", ["cancel", checked, "--reason", HUGE], "4000"),
        ("market1", ["cancel", checked, "--reason", "Wrong truck"], "Your role may not"),
        # What a second workstation's officer reads when the first one acted meanwhile.
        ("customs2", ["cancel", checked, "--reason", "Wrong truck", "--expected-version", "1"],
         "Hoàng Thị Thu Trang changed this crossing first, at "),
        ("customs1", ["seize", checked, "--reason", "r", "--item", "Rice 12 BAG",
                      "--storage", "K2"], "--item 'Rice 12 BAG': write DESCRIPTION:QTY UNIT"),
        ("customs1", ["seize", checked, "--reason", "r", "--item", "Rice: long grain:12 BAG",
                      "--storage", "K2"], "the description may not contain ':'"),
        ("customs1", ["seize", checked, "--reason", "r", "--item", "Rice:many BAG",
                      "--storage", "K2"], "'many' is not a quantity"),
        ("customs1", ["seize", checked, "--reason", "r", "--item", "Rice:12 BAG"],
         "add --storage"),
        ("customs1", ["seize", checked, "--reason", "r", "--storage", "K2"], "add --item"),
        ("customs1", ["inspect", checked, "--kind", "documents", "--result", "clear",
                      "--finding", "LICENCE_REQUIRED"], "Only a discrepancy confirms"),
        ("customs1", ["inspect", checked, "--kind", "physical", "--result", "discrepancy",
                      "--finding", "NO_SUCH_RULE"], "Unknown rule: NO_SUCH_RULE"),
        ("guard1", ["inspect", checked, "--kind", "physical", "--result", "clear"],
         "Your role may not"),
        ("customs1", ["declare", checked, bad_declaration], "bad.csv"),
        ("customs1", ["declare", checked, str(gate.folder / "missing.json")],
         "missing.json: cannot be read: there is no such file"),
        ("customs1", ["manifest", checked, manifest_json], "m.json"),
        ("guard1", ["manifest", checked, gate.file("list.csv", manifest_csv())],
         "Your role may not"),
        ("guard1", ["declare", checked, gate.file("d.json", declaration_json())],
         "Your role may not"),
    ]
    assert gate.view(checked) == gate.show(checked)
    before = {ref: gate.view(ref) for ref in (checked, held)}
    wrong = []
    for user, args, message in cases:
        refused = gate.crossing(args[0], *args[1:], user=user)
        lines = refused.error_lines
        if (refused.code, refused.stdout, len(lines)) != (2, "", 1) or not (
                lines[0].startswith("borderdesk: ") and message in lines[0]
                and len(lines[0]) < 500):
            wrong.append((user, args[:2], refused.code, refused.stderr[:300]))
        target = args[1]
        if target in before and gate.view(target) != before[target]:
            wrong.append((user, args[:2], "changed the crossing"))
            before[target] = gate.view(target)
    assert wrong == [], "\n".join(map(str, wrong))


def test_evidence_stops_at_a_bad_file_and_keeps_the_ones_before(gate: Gate) -> None:
    reference = gate.register()
    good = gate.file("plate.jpg", photo())
    broken = gate.file("broken.jpg", b"\xff\xd8\xff\xe0 this is no photo")
    after = gate.file("rear.jpg", photo()[:-1] + b"\xd9")

    added = gate.run("evidence", "add", reference, good, broken, after, "--kind", "vehicle",
                     user="guard1")

    assert added.code == 2 and added.stdout == ""
    (line,) = added.error_lines
    assert line.startswith("borderdesk: broken.jpg") and line.endswith(
        "(the file before it is attached)")
    assert [(e["source"], e["kind"]) for e in gate.show(reference)["evidence"]] == [
        ("plate.jpg", "front")]

    first = gate.run("evidence", "add", reference, broken, user="guard1")
    assert first.code == 2 and first.error_lines[0].startswith("borderdesk: broken.jpg")
    assert "attached" not in first.stderr
    unknown = gate.run("evidence", "add", "LA-000000-XXXXX", good, user="guard1")
    assert unknown.error_lines == ["borderdesk: There is no crossing LA-000000-XXXXX at this gate."]
    assert len(gate.show(reference)["evidence"]) == 1

    rest = gate.run("evidence", "add", reference, after, "--kind", "rear", "--json",
                    user="guard1")
    assert rest.code == 0, rest.stderr
    assert [(e["source"], e["kind"], e["media_type"]) for e in rest.json()] == [
        ("rear.jpg", "rear", "image/jpeg")]


def test_a_seizure_reason_of_100_kb_is_refused(gate: Gate) -> None:
    reference = gate.register()
    before = gate.show(reference)

    refused = gate.crossing("seize", reference, "--reason", HUGE, "--item", "Rice:12 BAG",
                            "--storage", "K2", user="customs1")

    assert gate.show(reference) == before
    assert refused.code == 2 and refused.error_lines == [
        "borderdesk: A reason holds at most 4000 characters; this one has 100000."]
