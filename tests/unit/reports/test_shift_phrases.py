"""A shift report built in one language prints its findings in the language of its pages."""

from __future__ import annotations

import subprocess
import unicodedata
from dataclasses import replace
from pathlib import Path

from report_kit import crossing, report

from borderdesk.domain.phrase import Phrase
from borderdesk.domain.shift_report import FindingLine, WatchHit
from borderdesk.i18n import in_language
from borderdesk.reports.shift_pdf import render_shift_report

PROHIBITED = Phrase("Lines {lines}: HS {prefix} ({description}) is prohibited ({source}).",
                    {"lines": "2", "prefix": "3604", "description": "Fireworks",
                     "source": "Decree 69/2018"})


def _text(pdf: Path) -> str:
    shown = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout
    return " ".join(unicodedata.normalize("NFKC", shown).split())


def test_findings_are_printed_in_the_report_s_language(tmp_path: Path) -> None:
    with in_language("en"):  # the report's data read by an officer working in English
        shift = replace(report((crossing(1, findings=(
            FindingLine("PROHIBITED_GOODS", "high", PROHIBITED),
            FindingLine("FLAGGED_PARTY", "high", "Text stored before phrases")),),)),
            watch_hits=(WatchHit("LA-260115-00001", "PROHIBITED_GOODS", "high", PROHIBITED),))
    pdf = tmp_path / "vi.pdf"
    with in_language("vi"):
        render_shift_report(shift, pdf)
    shown = _text(pdf)
    assert "mã HS 3604 (Fireworks) là hàng cấm (Decree 69/2018)" in shown
    assert "is prohibited" not in shown
