"""The fuzzers as Hypothesis strategies.

A case is made from one integer seed (``draws.RandomDraw``), the way
``bench/fuzz.py`` makes it: a failing example is then printed as its seed, and
``declaration_case(RandomDraw(seed))`` (or ``bundle_case``, ``page_case``)
rebuilds it anywhere. Drawing each choice through Hypothesis instead
(``draws.HypothesisDraw``) shrinks better but cost ten times the check itself.
"""

from __future__ import annotations

from hypothesis import strategies as st

from tests.fuzz.cases import Case, declaration_case
from tests.fuzz.draws import HypothesisDraw, RandomDraw

seeds = st.integers(min_value=0, max_value=2**32 - 1)
"""The seed of one case."""


def check_case_of(seed: int) -> Case:
    """The declaration/manifest case of ``seed``."""
    return declaration_case(RandomDraw(seed))


check_cases = seeds.map(check_case_of)
"""A declaration (JSON, CSV or XML) and a manifest, mutated."""


@st.composite
def shrinking_check_cases(draw: st.DrawFn) -> Case:
    """The same cases with every choice drawn through Hypothesis: slower, shrinks further."""
    return declaration_case(HypothesisDraw(draw(st.data())))
