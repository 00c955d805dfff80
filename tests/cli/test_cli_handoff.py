"""``borderdesk handoff`` run for real: send, inbox, show, accept, dispute, return."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from cli_kit import DEMO_DATE, DEMO_PASSWORD, Cli


def _as(cli: Cli, url: str, user: str, *args: str):  # type: ignore[no-untyped-def]
    return cli("handoff", *args, "--db", url, "--as", user, BORDERDESK_PASSWORD=DEMO_PASSWORD)


def _released_references(cli: Cli, url: str, count: int) -> list[str]:
    result = cli("queue", "--db", url, "--as", "guard1", "--date", DEMO_DATE, "--json",
                 "--status", "arrived", BORDERDESK_PASSWORD=DEMO_PASSWORD)
    assert result.code == 0, result.stderr
    return [row["reference"] for row in result.json()["rows"][:count]]


def test_a_handoff_goes_from_the_border_guard_to_customs_and_back(cli: Cli,
                                                                  demo_url: str) -> None:
    first, second, third = _released_references(cli, demo_url, 3)
    sent = _as(cli, demo_url, "guard1", "send", "--crossing", first, "--to", "customs",
               "--to-officer", "customs1", "--item", "vehicle:Đầu kéo:74C-123.45",
               "--item", "goods:Gạo tẻ:LOT-7:1200 bag", "--note", "Xe vào bãi", "--json")
    assert sent.code == 0, sent.stderr
    record = sent.json()
    handoff_id = record["summary"]["handoff_id"]
    assert record["summary"]["state"] == "pending" and record["summary"]["to_officer"]
    assert [i["unit"] for i in record["items"]] == ["", "BAG"]

    inbox = _as(cli, demo_url, "customs1", "inbox", "--json")
    assert inbox.code == 0, inbox.stderr
    assert handoff_id in [row["handoff_id"] for row in inbox.json()]
    table = _as(cli, demo_url, "customs1", "inbox")
    assert handoff_id in table.stdout and "Border guard" in table.stdout

    goods = record["items"][1]["item_id"]
    accepted = _as(cli, demo_url, "customs1", "accept", handoff_id,
                   "--discrepancy", f"{goods}:Thiếu 3 bao")
    assert accepted.code == 0, accepted.stderr
    assert "accepted, 2 items, 1 with a discrepancy" in accepted.stdout
    shown = _as(cli, demo_url, "police1", "show", handoff_id)
    assert "count differs: Thiếu 3 bao" in shown.stdout and "Accepted" in shown.stdout

    again = _as(cli, demo_url, "customs2", "accept", handoff_id)
    assert again.code == 2
    assert again.error_lines == [
        next(line for line in again.error_lines if "already accepted by" in line)]

    for reference, action in ((second, "dispute"), (third, "return")):
        made = _as(cli, demo_url, "guard2", "send", "--crossing", reference, "--to", "customs",
                   "--item", "document:Tờ khai giấy", "--json")
        assert made.code == 0, made.stderr
        made_id = made.json()["summary"]["handoff_id"]
        item = made.json()["items"][0]["item_id"]
        extra = ["--item", item] if action == "dispute" else []
        done = _as(cli, demo_url, "customs2", action, made_id, "--reason", "Thiếu bản gốc", *extra)
        assert done.code == 0, done.stderr
        assert ("disputed" if action == "dispute" else "returned") in done.stdout


def test_refusals_are_one_line_with_exit_code_2(cli: Cli, demo_url: str) -> None:
    (reference,) = _released_references(cli, demo_url, 1)
    cases = [
        ("guard1", ["send", "--crossing", reference, "--to", "customs", "--item", "car:Xe"],
         "write KIND:DESCRIPTION"),
        ("guard1", ["send", "--crossing", reference, "--to", "border_guard",
                    "--item", "vehicle:Xe"], "another agency"),
        ("guard1", ["send", "--crossing", "LA-000000-XXXXX", "--to", "customs",
                    "--item", "vehicle:Xe"], "no crossing LA-000000-XXXXX"),
        ("guard1", ["send", "--crossing", reference, "--to", "customs"], "at least one item"),
        ("supervisor1", ["send", "--crossing", reference, "--to", "customs",
                         "--item", "vehicle:Xe"], "may not hand over"),
        ("customs1", ["accept", "not-an-id"], "is not a handoff id"),
    ]
    for user, args, message in cases:
        result = _as(cli, demo_url, user, *args)
        assert result.code == 2, (args, result.stdout)
        assert len(result.error_lines) == 1 and message in result.stderr, result.stderr
        assert "Traceback" not in result.stderr


def test_a_receipt_is_written_in_the_asked_language_with_its_checkpoints(
        cli: Cli, demo_url: str, tmp_path: Path) -> None:
    inbox = _as(cli, demo_url, "customs1", "inbox", "--json")
    assert inbox.code == 0, inbox.stderr
    handoff_id = inbox.json()[0]["handoff_id"]
    out = tmp_path / "bien-ban.pdf"
    written = _as(cli, demo_url, "customs1", "receipt", handoff_id, "--out", str(out),
                  "--lang", "en")
    assert written.code == 0, written.stderr
    assert f"{out}: 1 page" in written.stdout
    shown = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True,
                           text=True, check=True).stdout
    assert "Handoff receipt" in shown and "Audit checkpoints" in shown
    assert re.search(r"\b[0-9a-f]{8}:\d+:[0-9a-f]{16}\b", shown), shown
    refused = _as(cli, demo_url, "customs1", "receipt", handoff_id,
                  "--out", str(tmp_path / "missing" / "r.pdf"))
    assert refused.code == 2 and len(refused.error_lines) == 1, refused.stderr
    assert "Traceback" not in refused.stderr
