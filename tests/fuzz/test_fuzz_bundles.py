"""The short fuzz run of ``open_bundle``: a mutated bundle opens or is refused on one line."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings

from tests.fuzz.bundles import bundle_case, run_bundle_case
from tests.fuzz.draws import RandomDraw
from tests.fuzz.strategies import seeds


def test_mutated_bundles_open_or_are_refused_on_one_line() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)

        @settings(max_examples=150, deadline=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
        @given(seeds)
        def open_one(seed: int) -> None:
            case = bundle_case(RandomDraw(seed), folder)
            event(run_bundle_case(case, folder).stage)

        open_one()
