"""The shift report's Selectivity section: hit rates, random picks and integrity, read back
from the PDF."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from gate_kit import GateSetup
from test_selectivity_stats import a_day_of_work

from borderdesk.domain.officer import Role
from borderdesk.services.selectivity_stats import shift_of
from borderdesk.services.shift_reports import shift_definitions, write_shift_report


def _text(pdf: Path) -> str:
    shown = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout
    return re.sub(r"[ \t]+", " ", unicodedata.normalize("NFKC", shown))


def test_the_shift_report_shows_hit_rates_random_picks_and_integrity(
        gate: GateSetup, tmp_path: Path) -> None:
    a_day_of_work(gate)
    zone = ZoneInfo("Asia/Ho_Chi_Minh")
    day, shift = shift_of(datetime.now(zone), zone, shift_definitions())
    pdf = tmp_path / "shift.pdf"
    write_shift_report(gate.db, gate.actor(Role.SUPERVISOR), day=day, shift=shift, out=pdf,
                       lang="en")
    shown = _text(pdf)
    section = shown[shown.index("Selectivity"):]
    assert "4 of 8 crossings inspected; 2 found at fault (50 %)" in section
    # A rule by its name, with the id supervisors set factors by.
    assert "Quantity differs (QUANTITY_MISMATCH) 5 4 2 50 %" in section
    assert "Value differs (VALUE_MISMATCH) 5 2 1 50 %" in section
    assert "Random picks: 0 (0 yellow, 0 red); 0 inspected, 0 found at fault (–)" in section
    customs = gate.actor(Role.CUSTOMS_OFFICER).full_name
    supervisor = gate.actor(Role.SUPERVISOR).full_name
    # raised, lowered, approvals, red released without a physical inspection, late handoffs
    assert f"{customs} 1 3 0 1 0" in section
    assert f"{supervisor} 0 0 2 0 0" in section
    assert f"Stands out: {customs}, channels lowered: 3" in section
    assert "Refused" in section and "In force" in section
    page = subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "3", str(pdf),
                           str(tmp_path / "page")], capture_output=True, check=False)
    assert page.returncode == 0
