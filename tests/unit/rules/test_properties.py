"""Properties: an equal manifest is green; order and splitting lines change nothing."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from check_kit import d_line, declaration, manifest_of, run
from hypothesis import given, settings
from hypothesis import strategies as st

from borderdesk.domain.crossing import Channel
from borderdesk.domain.declaration import Declaration

GOODS = [
    ("190110", "Infant milk formula tins", "TIN"), ("640399", "Leather shoes men", "PR"),
    ("080390", "Fresh bananas", "KGM"), ("851713", "Smartphones", "PCE"),
    ("210690", "Vitamin gummies", "BOX"), ("190120", "Cake mixes", "BAG"),
    ("620342", "Cotton trousers", "PCE"), ("940360", "Wooden furniture", "SET"),
]
COUNTRIES = ["TH", "CN", "LA", "KH", "KR", "JP"]


@st.composite
def declarations(draw: st.DrawFn) -> Declaration:
    picks = draw(st.lists(st.sampled_from(range(len(GOODS))), min_size=1, max_size=8,
                          unique=True))
    lines = []
    for n, pick in enumerate(picks, start=1):
        hs, text, unit = GOODS[pick]
        lines.append(d_line(
            n, hs_code=hs, description=text, unit=unit,
            quantity=Decimal(draw(st.integers(2, 100_000))),
            gross_weight_kg=Decimal(draw(st.integers(1, 30_000))),
            value=Decimal(draw(st.integers(1, 10**6))) / 100,
            origin_country=draw(st.sampled_from(COUNTRIES)),
        ))
    return declaration(*lines)


@settings(max_examples=60, deadline=None)
@given(declarations())
def test_an_equal_manifest_yields_no_findings_and_green(decl: Declaration) -> None:
    result = run(decl, manifest_of(decl))
    assert (result.channel, result.score, result.findings) == (Channel.GREEN, 0, ())


@settings(max_examples=60, deadline=None)
@given(declarations(), st.randoms(use_true_random=False), st.integers(0, 7),
       st.sampled_from(["quantity", "origin", "hs", "drop"]))
def test_shuffling_manifest_lines_changes_nothing(
    decl: Declaration, rnd: object, index: int, change: str
) -> None:
    lines = list(manifest_of(decl).lines)
    target = index % len(lines)
    if change == "quantity":
        lines[target] = replace(lines[target], quantity=lines[target].quantity + 1)
    elif change == "origin":
        lines[target] = replace(lines[target], origin_country="US")
    elif change == "hs":
        lines[target] = replace(lines[target], hs_code="999999")
    else:
        del lines[target]
    before = run(decl, manifest_of(decl, lines=tuple(lines)))
    rnd.shuffle(lines)  # type: ignore[attr-defined]
    after = run(decl, manifest_of(decl, lines=tuple(lines)))
    assert after == before


@settings(max_examples=60, deadline=None)
@given(declarations(), st.integers(0, 7), st.integers(1, 99))
def test_splitting_a_line_into_two_with_the_same_goods_changes_nothing(
    decl: Declaration, index: int, percent: int
) -> None:
    lines = list(manifest_of(decl).lines)
    target = lines[index % len(lines)]
    assert target.quantity is not None
    first_qty = (target.quantity * percent / 100).to_integral_value()
    if first_qty in (0, target.quantity):
        first_qty = Decimal(1)
    share = first_qty / target.quantity
    first = replace(target, quantity=first_qty,
                    gross_weight_kg=(target.gross_weight_kg or 0) * share,
                    value=(target.value or 0) * share)
    second = replace(target, line_no=len(lines) + 1, quantity=target.quantity - first_qty,
                     gross_weight_kg=(target.gross_weight_kg or 0) - first.gross_weight_kg,
                     value=(target.value or 0) - first.value)
    lines[index % len(lines)] = first
    split = run(decl, manifest_of(decl, lines=(*lines, second)))
    assert (split.channel, split.score, split.findings) == (Channel.GREEN, 0, ())
