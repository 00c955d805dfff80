"""Prohibited and licensed goods, watched brands and flagged parties, with near misses."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from check_kit import ARRIVAL, CONTAINER, d_line, declaration, m_line_of, manifest_of, rules_of, run

from borderdesk.domain.crossing import Channel
from borderdesk.domain.watchlist import (
    FlaggedParty,
    LicensedGoods,
    PartyKind,
    ProhibitedGoods,
    WatchedBrand,
    WatchListKind,
    WatchLists,
    kind_of,
)

DECREE_69 = "Decree 69/2018/ND-CP, Appendix I"
LISTS = WatchLists(
    prohibited=(ProhibitedGoods("9303", "Firearms", DECREE_69),
                ProhibitedGoods("3604", "Fireworks of all kinds", DECREE_69)),
    licensed=(LicensedGoods("190110", "Infant formula", "Ministry of Health", "Decree 15/2018"),),
    brands=(WatchedBrand("Nike", "Nike Inc.", ("0309999999",), ("64",), "IP Law 2005"),
            WatchedBrand("Dior", "Christian Dior", ())),
    parties=(FlaggedParty(PartyKind.TRADER, "0105555555", "undervaluation", "PCA",
                          date(2026, 3, 1)),
             FlaggedParty(PartyKind.VEHICLE, "29H-111.11", "smuggling tip", "hotline tip"),
             FlaggedParty(PartyKind.CONTAINER, "TCNU 720079-4", "seal tampering")),
    version="v7",
)
SHOES = d_line(1, hs_code="640399", description="NIKE Air sports shoes", unit="PR",
               origin_country="VN")


def test_kinds_of_entries() -> None:
    assert [kind_of(e) for e in (LISTS.prohibited[0], LISTS.licensed[0], LISTS.brands[0],
                                 LISTS.parties[0])] == list(WatchListKind)


def test_prohibited_goods_by_hs_prefix_go_red() -> None:
    gun = d_line(2, hs_code="93032000", description="Sporting shotguns", unit="PCE")
    decl = declaration(gun)
    result = run(decl, manifest_of(decl), watch_lists=LISTS)
    assert rules_of(result) == ["PROHIBITED_GOODS"]
    assert result.channel is Channel.RED and DECREE_69 in result.findings[0].message
    near = declaration(d_line(2, hs_code="930420", description="Air guns", unit="PCE"))
    assert rules_of(run(near, manifest_of(near), watch_lists=LISTS)) == []


def test_prohibited_goods_only_on_the_manifest_are_found() -> None:
    decl = declaration(d_line(hs_code="210690"))
    fireworks = m_line_of(decl.lines[0], 2, hs_code="360410", description="Fireworks")
    result = run(decl, manifest_of(decl, lines=(*manifest_of(decl).lines, fireworks)),
                 watch_lists=LISTS)
    assert "PROHIBITED_GOODS" in rules_of(result)
    hit = next(f for f in result.findings if f.rule == "PROHIBITED_GOODS")
    assert hit.line is None and hit.evidence["manifest_lines"] == [2]
    assert "M2" in hit.message


def test_licence_required() -> None:
    result = run(declaration(d_line()), watch_lists=LISTS)
    assert rules_of(result) == ["LICENCE_REQUIRED"]
    assert "Ministry of Health" in result.findings[0].message
    assert result.channel is Channel.YELLOW
    assert rules_of(run(declaration(d_line(hs_code="190120")), watch_lists=LISTS)) == []


def test_a_watched_brand_from_an_unauthorised_importer() -> None:
    result = run(declaration(SHOES), watch_lists=LISTS)
    assert rules_of(result) == ["BRAND_WATCH"]
    assert "Nike Inc." in result.findings[0].message
    authorised = declaration(SHOES, trader=replace(declaration().trader,
                                                   tax_code="0309-999-999"))
    assert rules_of(run(authorised, watch_lists=LISTS)) == []
    # Other goods, or the word only inside another word, are not the brand.
    assert rules_of(run(declaration(replace(SHOES, hs_code="420212")), watch_lists=LISTS)) == []
    assert rules_of(run(declaration(replace(SHOES, description="Nikegirl shoes")),
                        watch_lists=LISTS)) == []
    dior = declaration(d_line(hs_code="330300", description="Perfume DIOR Sauvage"))
    assert rules_of(run(dior, watch_lists=LISTS)) == ["BRAND_WATCH"]
    blank = WatchLists(brands=(WatchedBrand(" ", "nobody"),))
    assert rules_of(run(dior, watch_lists=blank)) == []


def test_flagged_trader_vehicle_and_container() -> None:
    trader = declaration(d_line(), trader=replace(declaration().trader, tax_code="0105555555"))
    result = run(trader, watch_lists=LISTS, arrival=None)
    assert rules_of(result) == ["FLAGGED_PARTY", "LICENCE_REQUIRED"]
    assert result.channel is Channel.RED and "PCA, 2026-03-01" in result.findings[0].message
    decl = declaration(d_line(hs_code="210690"))
    truck = replace(ARRIVAL, trailer_plate="29H11111")
    result = run(decl, manifest_of(decl), arrival=truck, watch_lists=LISTS)
    assert rules_of(result) == ["FLAGGED_PARTY"] and "hotline tip" in result.findings[0].message
    box = run(decl, manifest_of(decl, container_no="TCNU7200794"), watch_lists=LISTS,
              arrival=replace(ARRIVAL, container_nos=(CONTAINER, "TCNU7200794")))
    assert "FLAGGED_PARTY" in rules_of(box)
    assert rules_of(run(decl, manifest_of(decl), watch_lists=LISTS)) == []
    empty = WatchLists(parties=(FlaggedParty(PartyKind.TRADER, " ", "blank"),))
    assert rules_of(run(declaration(d_line(hs_code="210690"),
                                    trader=replace(declaration().trader, tax_code="")),
                        watch_lists=empty)) == []
