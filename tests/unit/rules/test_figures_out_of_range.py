"""The rules on their own against figures no parser lets through (defence in depth).

Declarations and manifest JSON are bounded by documents.numbers; a manifest
read by OCR, or a LineCost built in code, may still hold ``1E+999999999``, a
1,000-digit misread or ``1E-999999999``. The check must then end with a
finding an officer understands, never with decimal.Overflow.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from check_kit import d_line, declaration, m_line_of, manifest_of, run

from borderdesk.domain.crossing import Channel
from borderdesk.domain.declaration import LineCost
from borderdesk.domain.findings import Rule, Severity
from borderdesk.errors import UserInputError
from borderdesk.rules.line_compare import number
from borderdesk.rules.origin import rvc
from borderdesk.rules.settings import settings_from_mapping
from borderdesk.rules.units import convert, within

HUGE = Decimal("1E+999999999")
TINY = Decimal("1E-999999999")
LONG = Decimal("1" + "0" * 1000)


@pytest.mark.parametrize("figure", [HUGE, TINY, LONG, Decimal(10) ** 15])
@pytest.mark.parametrize(("field", "rule"), [
    ("quantity", Rule.QUANTITY_MISMATCH),
    ("gross_weight_kg", Rule.WEIGHT_MISMATCH),
    ("value", Rule.VALUE_MISMATCH),
])
def test_a_manifest_figure_out_of_range_is_a_finding_not_an_overflow(
    figure: Decimal, field: str, rule: Rule
) -> None:
    decl = declaration(d_line(1), d_line(2, hs_code="210690", description="Vitamin C tablets",
                                         unit="KGM", quantity=Decimal(50)))
    manifest = manifest_of(decl)
    lines = list(manifest.lines)
    lines[1] = replace(lines[1], **{field: figure})
    result = run(decl, replace(manifest, lines=tuple(lines)))
    found = [f for f in result.findings if f.rule is rule]
    assert len(found) == 1 and found[0].severity is Severity.HIGH and found[0].line == 2
    assert "beyond what can be compared" in found[0].message
    # Compared by hand: a document check (yellow), never released green on a figure unread.
    assert result.channel is Channel.YELLOW
    assert len(found[0].message) < 300  # the 1,000 digits are cut, not written out


def test_a_group_whose_total_passes_the_limit_differs_without_overflow() -> None:
    decl = declaration(d_line(1, unit="KGM", quantity=Decimal("999999999999")))
    half = Decimal("600000000000")
    manifest = manifest_of(decl, lines=tuple(
        m_line_of(decl.lines[0], k, quantity=half) for k in (1, 2)))
    found = [f for f in run(decl, manifest).findings if f.rule is Rule.QUANTITY_MISMATCH]
    assert len(found) == 1 and found[0].evidence["manifest_lines"] == [1, 2]
    assert found[0].severity is Severity.HIGH


def test_conversions_and_tolerances_refuse_what_they_cannot_compute() -> None:
    from borderdesk.rules.units import computable

    assert not computable(HUGE) and not computable(TINY) and not computable(Decimal("NaN"))
    assert computable(Decimal(0)) and computable(Decimal("999999999999.999"))
    assert convert(HUGE, "TNE", "GRM") is None
    assert convert(Decimal(2), "TNE", "KGM") == Decimal(2000)
    assert not within(Decimal(5), HUGE, Decimal(2))
    assert number(HUGE) == "1E+999999999"
    assert len(number(LONG)) <= 60


@pytest.mark.parametrize("cost", [
    LineCost(fob=TINY, non_originating_materials=Decimal(1)),
    LineCost(fob=HUGE, non_originating_materials=TINY),
    LineCost(fob=Decimal(0), non_originating_materials=Decimal(1)),
    LineCost(fob=Decimal(5), originating_materials=HUGE),
])
def test_rvc_is_not_computed_from_figures_out_of_range(cost: LineCost) -> None:
    assert rvc(cost) is None


def test_rvc_at_the_bounds_is_computed() -> None:
    largest = Decimal("999999999999.999")
    smallest_fob = LineCost(fob=Decimal("0.001"), originating_materials=largest,
                            direct_labour=largest, direct_overhead=largest, profit=largest,
                            other=largest)
    found = rvc(smallest_fob)
    assert found is not None and found[1] > 0


@pytest.mark.parametrize(("key", "value"), [
    ("rule_factors", {"PROHIBITED_GOODS": "1e999999"}),
    ("severity_points", {"high": 10**18}),
    ("origin", {"max_co_age_days": 10**9}),
    ("selectivity", {"random_rate": "1.5"}),   # a share is at most the whole
    ("selectivity", {"red_share": 2}),
])
def test_settings_beyond_any_sensible_size_are_refused(key: str, value: object) -> None:
    with pytest.raises(UserInputError, match="is not allowed"):
        settings_from_mapping({key: value}, "scoring.toml")
