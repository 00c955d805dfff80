"""A handful of hostile images and PDFs through the real OCR: a reading or one line.

OCR costs about a second a page, so the suite runs few; ``bench/fuzz.py --images``
runs up to a thousand.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings

from tests.fuzz.draws import RandomDraw
from tests.fuzz.pages import PageCase, claimed_png, hand_pdf, page_case, run_page_case
from tests.fuzz.strategies import seeds

pytestmark = pytest.mark.skipif(shutil.which("tesseract") is None, reason="no tesseract")


def test_hostile_images_and_pdfs_are_read_or_refused_on_one_line() -> None:
    with tempfile.TemporaryDirectory() as scratch:

        @settings(max_examples=8, deadline=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
        @given(seeds)
        def read_one(seed: int) -> None:
            event(run_page_case(page_case(RandomDraw(seed)), Path(scratch)).stage)

        read_one()


@pytest.mark.parametrize("case", [
    PageCase(claimed_png(100_000, 100_000), "bomb.png", ["PNG claiming 100,000 x 100,000"]),
    # The 10.7 KB PDF: 51 pages of 200 x 200 inches (7.4 GB rendered, then a traceback).
    PageCase(hand_pdf(RandomDraw(62))[0], "scan.pdf", ["51 pages of 200 x 200 inches"]),
    PageCase(hand_pdf(RandomDraw(117))[0], "scan.pdf", ["one page of 200 x 200 inches"]),
], ids=["png-bomb", "pdf-51-pages-of-200-inches", "pdf-a-page-of-200-inches"])
def test_the_pages_no_gate_should_render_are_refused(case: PageCase, tmp_path: Path) -> None:
    assert run_page_case(case, tmp_path).stage == "refused"
