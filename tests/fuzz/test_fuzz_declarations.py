"""The short fuzz run of ``check``: mutated declarations and manifests, one line or a result.

Derandomized (tests/conftest.py's profile): the same cases on every run and
machine. At least 30 % of them must get past parsing into the rules, or the
fuzzing no longer reaches the arithmetic it is for.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings

from tests.fuzz.harness import run_check_case
from tests.fuzz.strategies import check_case_of, seeds

EXAMPLES = 400
REACHING_THE_RULES = 0.30


def test_mutated_declarations_and_manifests_check_or_are_refused_on_one_line() -> None:
    stages: Counter[str] = Counter()
    with tempfile.TemporaryDirectory() as scratch:

        @settings(max_examples=EXAMPLES, deadline=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
        @given(seeds)
        def check_one(seed: int) -> None:
            # The seed is what a failure prints: check_case_of(seed) rebuilds the case.
            case = check_case_of(seed)
            outcome = run_check_case(case, Path(scratch))
            event(f"{case.form}: {outcome.stage}")
            stages[outcome.stage] += 1

        check_one()
    # Counted over the examples Hypothesis generated (a failure would have raised above).
    share = stages["checked"] / sum(stages.values())
    assert share >= REACHING_THE_RULES, stages
