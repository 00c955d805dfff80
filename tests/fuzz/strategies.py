"""The fuzzers as Hypothesis strategies: each draws its choices through ``st.data()``.

``bench/fuzz.py`` builds the same cases from integer seeds (``draws.RandomDraw``).
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import strategies as st

from tests.fuzz.bundles import BundleCase, bundle_case
from tests.fuzz.cases import Case, declaration_case
from tests.fuzz.draws import HypothesisDraw
from tests.fuzz.pages import PageCase, page_case


@st.composite
def check_cases(draw: st.DrawFn) -> Case:
    """A declaration (JSON, CSV or XML) and a manifest, mutated."""
    return declaration_case(HypothesisDraw(draw(st.data())))


@st.composite
def bundle_cases(draw: st.DrawFn, folder: Path) -> BundleCase:
    """A signed handoff bundle, mutated; ``folder`` keeps the good one."""
    return bundle_case(HypothesisDraw(draw(st.data())), folder)


@st.composite
def page_cases(draw: st.DrawFn) -> PageCase:
    """A hostile image or PDF."""
    return page_case(HypothesisDraw(draw(st.data())))
