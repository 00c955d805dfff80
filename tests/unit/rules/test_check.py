"""The whole check: a clean crossing is green, a bad one red, and the JSON of DESIGN.md."""

from __future__ import annotations

import json
from decimal import Decimal

from check_kit import d_line, declaration, m_line_of, manifest_of, run

from borderdesk.domain.crossing import Channel
from borderdesk.domain.watchlist import WatchLists
from borderdesk.rules.check import check_result_to_dict


def test_a_matching_manifest_with_valid_origin_is_green_zero() -> None:
    decl = declaration(d_line(), d_line(2, hs_code="210690", description="Vitamin gummies"))
    result = run(decl, manifest_of(decl), watch_lists=WatchLists(version="2026-11-20"))
    assert (result.channel, result.score, result.findings) == (Channel.GREEN, 0, ())
    assert check_result_to_dict(result) == {
        "channel": "green", "score": 0, "findings": [], "contributions": [],
        "watch_list_version": "2026-11-20",
    }


def test_an_undeclared_line_and_a_short_quantity_go_red_and_explain_themselves() -> None:
    decl = declaration(d_line())
    extra = m_line_of(d_line(), 3, hs_code="851713", description="Smartphones")
    manifest = manifest_of(decl, lines=(m_line_of(decl.lines[0], quantity=Decimal(1000)), extra))
    result = run(decl, manifest)
    data = json.loads(json.dumps(check_result_to_dict(result)))
    assert data["channel"] == "red" and data["score"] == 100
    assert [(f["rule"], f["severity"], f["line"]) for f in data["findings"]] == [
        ("QUANTITY_MISMATCH", "high", 1), ("UNDECLARED_LINE", "high", 3)]
    assert data["findings"][1]["evidence"]["manifest_lines"] == [3]
    assert [(c["rule"], c["points"]) for c in data["contributions"]] == [
        ("QUANTITY_MISMATCH", 40), ("UNDECLARED_LINE", 60)]
    assert "1000 TIN" in data["findings"][0]["message"]


def test_without_a_manifest_only_the_declaration_is_checked() -> None:
    result = run(declaration(d_line()), None, arrival=None)
    assert result.channel is Channel.GREEN and result.findings == ()
