"""Certificates of origin, regional value content and fake Vietnamese origin."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from check_kit import certificate, d_line, declaration, m_line_of, manifest_of, rules_of, run

from borderdesk.domain.declaration import LineCost
from borderdesk.rules.origin import rvc, stated_origin


def test_a_preference_without_a_certificate_is_co_missing() -> None:
    decl = declaration(d_line(preference="ATIGA"))
    result = run(decl, manifest_of(decl))
    assert rules_of(result) == ["CO_MISSING"]
    assert "ATIGA" in result.findings[0].message
    assert rules_of(run(declaration(d_line()), None)) == []


@pytest.mark.parametrize(("agreement", "form"), [
    ("ATIGA", "D"), ("ACFTA", "Form E"), ("AKFTA", "AK"), ("AJCEP", "AJ"), ("VJEPA", "VJ"),
    ("EVFTA", "EUR.1"), ("EVFTA", "origin declaration"), ("CPTPP", "self-certification"),
])
def test_the_matching_form_is_valid(agreement: str, form: str) -> None:
    decl = declaration(d_line(preference=agreement), origin_certificate=certificate(form=form))
    assert rules_of(run(decl, manifest_of(decl))) == []


@pytest.mark.parametrize(("agreement", "form"), [("ATIGA", "E"), ("EVFTA", "D"),
                                                 ("CPTPP", "FORM")])
def test_a_form_of_another_agreement_is_co_invalid(agreement: str, form: str) -> None:
    decl = declaration(d_line(preference=agreement), origin_certificate=certificate(form=form))
    result = run(decl, manifest_of(decl))
    assert rules_of(result) == ["CO_INVALID"]
    assert agreement in result.findings[0].message


def test_unknown_agreement_other_country_and_dates() -> None:
    decl = declaration(d_line(preference="XYZFTA"), origin_certificate=certificate())
    assert "does not know" in run(decl).findings[0].message
    decl = declaration(d_line(preference="ATIGA"), origin_certificate=certificate(
        origin_country="MY"))
    result = run(decl)
    assert rules_of(result) == ["CO_INVALID"] and "MY" in result.findings[0].message
    late = declaration(d_line(preference="ATIGA"), origin_certificate=certificate(
        issued_at=date(2026, 11, 21)))
    assert "after the declaration" in run(late).findings[0].message
    # Declared at 08:30 in Hanoi on 20 November: a certificate of that day is fine.
    same_day = declaration(d_line(preference="ATIGA"), origin_certificate=certificate(
        issued_at=date(2026, 11, 20)))
    assert rules_of(run(same_day)) == []
    old = declaration(d_line(preference="ATIGA"), origin_certificate=certificate(
        issued_at=date(2025, 11, 19)))
    assert "365 days" in run(old).findings[0].message
    year = declaration(d_line(preference="ATIGA"), origin_certificate=certificate(
        issued_at=date(2025, 11, 20)))
    assert rules_of(run(year)) == []
    no_origin = declaration(d_line(preference="ATIGA", origin_country=None),
                            origin_certificate=certificate())
    assert rules_of(run(no_origin)) == []


def test_rvc_build_down_below_forty_percent() -> None:
    low = LineCost(fob=Decimal("4.40"), non_originating_materials=Decimal("3.00"))
    decl = declaration(d_line(preference="ATIGA", cost=low), origin_certificate=certificate())
    result = run(decl, manifest_of(decl))
    assert rules_of(result) == ["RVC_BELOW_THRESHOLD"]
    finding = result.findings[0]
    assert "31.82 %" in finding.message and "(4.4 − 3) / 4.4 × 100" in finding.message
    assert finding.evidence["threshold_pct"] == "40"
    ok = LineCost(fob=Decimal("4.40"), non_originating_materials=Decimal("1.20"))
    decl = declaration(d_line(preference="ATIGA", cost=ok), origin_certificate=certificate())
    assert rules_of(run(decl)) == []


def test_rvc_build_up_and_cases_not_computed() -> None:
    cost = LineCost(fob=Decimal(10), originating_materials=Decimal(2),
                    direct_labour=Decimal(1), profit=Decimal("0.5"))
    assert rvc(cost) == ("build-up", Decimal("35.00"), "(2 + 1 + 0.5) / 10 × 100")
    decl = declaration(d_line(preference="AIFTA", cost=cost),
                       origin_certificate=certificate(form="AI"))
    assert rules_of(run(decl)) == []
    decl = declaration(d_line(preference="ACFTA", cost=cost),
                       origin_certificate=certificate(form="E"))
    assert rules_of(run(decl)) == ["RVC_BELOW_THRESHOLD"]
    assert rvc(LineCost(fob=Decimal(0), non_originating_materials=Decimal(1))) is None
    assert rvc(LineCost(fob=Decimal(10))) is None
    decl = declaration(d_line(preference="ATIGA", cost=LineCost(fob=Decimal(10))),
                       origin_certificate=certificate())
    assert rules_of(run(decl)) == []
    decl = declaration(d_line(preference="EVFTA", cost=cost),
                       origin_certificate=certificate(form="EUR.1"))
    assert rules_of(run(decl)) == []


@pytest.mark.parametrize(("text", "country"), [
    ("Made in China", "CN"), ("Xuất xứ: Trung Quốc", "CN"), ("product of Thailand", "TH"),
    ("Sản xuất tại Việt Nam", "VN"), ("made in the moon", None), ("Coffee beans", None),
    ("Origin: Korea, Republic of", "KR"),
])
def test_stated_origin(text: str, country: str | None) -> None:
    assert stated_origin(text) == country


def test_false_vietnamese_origin_from_the_manifest_or_the_description() -> None:
    vn = d_line(origin_country="VN", description="Rubber sandals")
    decl = declaration(vn, type="export")
    result = run(decl, manifest_of(decl, lines=(m_line_of(vn, origin_country="CN"),)))
    assert rules_of(result) == ["ORIGIN_MISMATCH", "FALSE_VN_ORIGIN"]
    labelled = m_line_of(vn, description="Rubber sandals, Made in China")
    result = run(decl, manifest_of(decl, lines=(labelled,)))
    assert rules_of(result) == ["FALSE_VN_ORIGIN"]
    assert result.findings[0].evidence["sources"] == ["manifest_line:1"]
    own = declaration(d_line(origin_country="VN", description="Dép, xuất xứ Trung Quốc"))
    assert rules_of(run(own)) == ["FALSE_VN_ORIGIN"]
    honest = m_line_of(vn, description="Rubber sandals, made in Viet Nam")
    assert rules_of(run(decl, manifest_of(decl, lines=(honest,)))) == []
