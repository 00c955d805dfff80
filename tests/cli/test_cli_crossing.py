"""A truck driven through its whole crossing with ``borderdesk crossing`` and ``evidence add``."""

from __future__ import annotations

from pathlib import Path

from cli_kit import DEMO_DATE, DEMO_PASSWORD, Cli
from crossing_kit import (  # the fixtures: pytest finds them in the module
    Gate,
    declaration_json,
    demo_templates_fixture,  # noqa: F401
    gate_fixture,  # noqa: F401
    manifest_csv,
    photo,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "checks"


def _state(view: dict[str, object]) -> tuple[object, object]:
    return view["status"], view["channel"]


def test_a_truck_goes_from_arrival_to_release_on_the_command_line(gate: Gate) -> None:
    reference = gate.register()
    assert _state(gate.show(reference)) == ("arrived", None)

    attached = gate.run("evidence", "add", reference, gate.file("front.jpg", photo()),
                        gate.file("packing-list.csv", manifest_csv()), user="guard1")
    assert attached.code == 0, attached.stderr
    assert "front.jpg: attached as cargo" in attached.stdout
    assert "packing-list.csv: attached as document" in attached.stdout
    view = gate.show(reference)
    assert [(e["source"], e["kind"]) for e in view["evidence"]] == [
        ("front.jpg", "cargo"), ("packing-list.csv", "document")]

    declared = gate.crossing("declare", reference, gate.file("declaration.json",
                                                              declaration_json()),
                             user="customs1")
    assert declared.code == 0, declared.stderr
    assert "Declaration 105123456789 saved as version 1." in declared.stdout
    read = gate.crossing("manifest", reference, gate.file("manifest.csv", manifest_csv()),
                         user="customs1")
    assert read.code == 0, read.stderr
    assert "Manifest saved as version 1: 3 lines." in read.stdout
    view = gate.show(reference)
    assert _state(view) == ("arrived", None)
    assert view["declaration"]["lines"] == 3 and view["manifest"]["version"] == 1

    checked = gate.crossing("check", reference, user="customs1")
    assert checked.code == 0, checked.stderr
    # Infant formula needs a licence: a document check, whatever else the files say.
    view = gate.show(reference)
    assert f"Checks: Yellow (score {view['check']['score']})." in checked.stdout
    assert "LICENCE_REQUIRED" in checked.stdout
    assert checked.stdout.splitlines()[-1] == "Status: Documents check. Channel: Yellow."
    assert _state(view) == ("documents", "yellow") and view["override"] is None
    assert [f["rule"] for f in view["check"]["findings"]] == ["LICENCE_REQUIRED"]
    assert view["check"]["officer"] == "Hoàng Thị Thu Trang"

    overridden = gate.crossing("override", reference, "--channel", "red", "--reason",
                               "Tip-off from the Lao side", "--json", user="customs1")
    assert overridden.code == 0, overridden.stderr
    view = overridden.json()
    assert _state(view) == ("inspection", "red") and view["check"]["channel"] == "yellow"
    override = view["override"]
    assert {k: override[k] for k in ("channel", "reason", "officer", "state")} == {
        "channel": "red", "reason": "Tip-off from the Lao side",
        "officer": "Hoàng Thị Thu Trang", "state": "in_force"}
    assert override["override_id"] and override["at"]

    inspected = gate.crossing("inspect", reference, "--kind", "physical", "--result",
                              "discrepancy", "--finding", "UNDECLARED_LINE", "--note",
                              "12 cartons of cigarettes behind the rice", "--unpredicted",
                              "Seal VN977917 re-glued", user="customs1")
    assert inspected.code == 0, inspected.stderr
    view = gate.show(reference)
    assert _state(view) == ("inspection", "red")
    assert [(i["kind"], i["result"], i["finding_rules"], i["unpredicted"])
            for i in view["inspections"]] == [
        ("physical", "discrepancy", ["UNDECLARED_LINE"], "Seal VN977917 re-glued")]

    seized = gate.crossing("seize", reference, "--reason", "Undeclared cigarettes",
                           "--item", "Thuốc lá Marlboro:12 CTN:2402", "--item",
                           "Rượu ngoại:24 BOTTLE::HQ-778899", "--storage", "Kho tang vật số 2",
                           "--finding", "UNDECLARED_LINE", user="customs1")
    assert seized.code == 0, seized.stderr
    view = gate.show(reference)
    assert _state(view) == ("held", "red")
    assert "release_hold" in gate.show(reference, user="supervisor1")["actions_open"]
    assert {"release_hold", "cancel"}.isdisjoint(view["actions_open"])
    assert {"check", "attach_evidence"} <= set(view["actions_open"])
    assert [(line["description"], line["quantity"], line["hs_code"], line["bag_seal_no"])
            for line in view["seizures"][0]["lines"]] == [
        ("Thuốc lá Marlboro", "12", "2402", ""), ("Rượu ngoại", "24", "", "HQ-778899")]

    # Re-running the checks on a held crossing is a new run: the hold and the override stay.
    again = gate.crossing("check", reference, "--json", user="customs2")
    assert again.code == 0, again.stderr
    view = again.json()
    assert _state(view) == ("held", "red")
    assert view["check"]["officer"] == "Võ Minh Quân" and view["check"]["channel"] == "yellow"
    assert view["override"]["override_id"] == override["override_id"]
    assert view["override"]["state"] == "in_force"

    released = gate.crossing("release", reference, "--reason", "Goods handed to market control",
                             user="supervisor1")
    assert released.code == 0, released.stderr
    assert "Hold released." in released.stdout
    assert _state(gate.show(reference)) == ("released", "red")


def test_show_without_json_is_a_short_summary(gate: Gate) -> None:
    reference = gate.register()
    gate.crossing("declare", reference, gate.file("d.json", declaration_json()), user="customs1")
    assert gate.crossing("check", reference, user="customs1").code == 0
    assert gate.crossing("override", reference, "--channel", "red", "--reason",
                         "Seal\nlooks new", user="customs1").code == 0

    shown = gate.crossing("show", reference, user="police1")

    assert shown.code == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[0].startswith(f"{reference}: Import, lane 2, 74C-123.45, arrived ")
    assert lines[1] == "Status: Physical inspection. Channel: Red."
    assert lines[2].startswith("Check: Yellow, score ")
    assert "(Hoàng Thị Thu Trang, " in lines[2]
    assert lines[3].startswith("Override: Red, by Hoàng Thị Thu Trang (")
    assert lines[3].endswith("): Seal looks new")
    assert lines[4:] == ["Evidence: 0. Inspections: 0. Seizures: 0.",
                         "You may now: attach photos and documents, seize goods."]


def test_a_crossing_is_cancelled_and_then_closed_to_declarations(gate: Gate) -> None:
    reference = gate.register()

    cancelled = gate.crossing("cancel", reference, "--reason", "Registered on the wrong lane",
                              "--expected-version", str(gate.show(reference)["version"]),
                              user="customs1")

    assert cancelled.code == 0, cancelled.stderr
    assert _state(gate.show(reference)) == ("cancelled", None)
    before = gate.show(reference)
    refused = gate.crossing("declare", reference, gate.file("d.json", declaration_json()),
                            user="customs1")
    assert refused.code == 2 and len(refused.error_lines) == 1, refused.stderr
    assert "The crossing is closed (Cancelled)" in refused.stderr
    # Reading a manifest is refused before its document is attached: nothing changes.
    document = gate.crossing("manifest", reference, gate.file("list.csv", manifest_csv()),
                             user="customs1")
    assert document.code == 2 and len(document.error_lines) == 1, document.stderr
    assert "The crossing is closed (Cancelled)" in document.stderr
    assert gate.show(reference) == before
    # Photos may still come: they only add to the record.
    late = gate.run("evidence", "add", reference, gate.file("late.jpg", photo()), user="guard1")
    assert late.code == 0, late.stderr
    assert [e["source"] for e in gate.show(reference)["evidence"]] == ["late.jpg"]


def test_a_manifest_is_read_from_a_document_or_taken_as_json(gate: Gate) -> None:
    reference = gate.register()
    staff = gate.crossing("manifest", reference, gate.file("staff.csv", "Name;Phone\r\nA;1\r\n"),
                          user="customs1")
    assert staff.code == 2 and len(staff.error_lines) == 1
    assert staff.error_lines[0].startswith("borderdesk: staff.csv: no goods table")
    assert staff.error_lines[0].endswith("(the file stays attached as evidence)")
    view = gate.show(reference)
    assert view["manifest"] is None
    assert [e["source"] for e in view["evidence"]] == ["staff.csv"]

    read = gate.crossing("manifest", reference, gate.file("list.csv", manifest_csv()),
                         user="customs1")
    assert read.code == 0, read.stderr
    assert "Manifest saved as version 1: 3 lines." in read.stdout
    typed = gate.crossing("manifest", reference, str(DATA / "manifest.json"), "--json",
                          user="customs1")
    assert typed.code == 0, typed.stderr
    view = typed.json()
    assert (view["manifest"]["version"], view["manifest"]["lines"]) == (2, 2)
    assert [e["source"] for e in view["evidence"]] == ["staff.csv", "list.csv"]


def test_the_real_executable_shows_a_crossing_and_refuses_an_unknown_one(
    cli: Cli, demo_url: str
) -> None:
    officer = {"BORDERDESK_USER": "customs1", "BORDERDESK_PASSWORD": DEMO_PASSWORD}
    queue = cli("queue", "--db", demo_url, "--date", DEMO_DATE, "--status", "held", "--json",
                **officer)
    reference = queue.json()["rows"][0]["reference"]

    shown = cli("crossing", "show", reference, "--db", demo_url, "--json", **officer)
    unknown = cli("crossing", "release", "LA-000000-XXXXX", "--reason", "x", "--db", demo_url,
                  **officer)

    assert shown.code == 0, shown.stderr
    assert (shown.json()["reference"], shown.json()["status"]) == (reference, "held")
    assert unknown.code == 2 and unknown.stdout == ""
    assert unknown.error_lines == [
        "borderdesk: There is no crossing LA-000000-XXXXX at this gate."]
