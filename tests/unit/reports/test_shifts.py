"""Shifts: the defaults, shifts.toml, a shift's window and the clearance percentiles."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from borderdesk import paths
from borderdesk.errors import UserInputError
from borderdesk.reports.shifts import DEFAULT_SHIFTS, hour_starts, percentile, window
from borderdesk.services.shift_reports import shift_definitions, shift_window

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
DAY = date(2026, 1, 15)


def test_the_default_shifts_cover_the_day_once() -> None:
    assert [s.name for s in shift_definitions()] == ["morning", "afternoon", "night"]
    spans = [window(ZONE, DAY, shift) for shift in DEFAULT_SHIFTS]
    assert spans[0][0] == datetime(2026, 1, 15, 6, tzinfo=ZONE)
    assert [end for _start, end in spans[:-1]] == [start for start, _end in spans[1:]]
    assert spans[-1][1] - spans[0][0] == timedelta(hours=24)


def test_the_night_belongs_to_the_day_it_starts_on() -> None:
    start, end = shift_window("Asia/Ho_Chi_Minh", DAY, "night")
    assert (start, end) == (datetime(2026, 1, 15, 22, tzinfo=ZONE),
                            datetime(2026, 1, 16, 6, tzinfo=ZONE))
    assert [h.hour for h in hour_starts(start, end)] == [22, 23, 0, 1, 2, 3, 4, 5]


def _write(text: str) -> Path:
    path = paths.config_dir() / "shifts.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_gate_sets_its_own_shifts_in_shifts_toml() -> None:
    _write('[[shift]]\nname = "day"\nstarts = "07:30"\nends = "19:30"\n'
           '[[shift]]\nname = "night"\nstarts = "19:30"\nends = "07:30"\n')
    assert [(s.name, s.starts, s.crosses_midnight) for s in shift_definitions()] == [
        ("day", time(7, 30), False), ("night", time(19, 30), True)]
    assert shift_window("Asia/Ho_Chi_Minh", DAY, "night")[1] == datetime(2026, 1, 16, 7, 30,
                                                                         tzinfo=ZONE)
    with pytest.raises(UserInputError, match="no shift 'morning'; the shifts are: day, night"):
        shift_window("Asia/Ho_Chi_Minh", DAY, "morning")


@pytest.mark.parametrize(("text", "message"), [
    ('[[shift]]\nname = "x"\nstarts = "6:00"\nends = "14:00"\n', "shift 1: starts must be a time"),
    ('[[shift]]\nname = "Ca Sáng"\nstarts = "06:00"\nends = "14:00"\n', "shift 1: name must be"),
    ('[[shift]]\nname = "a"\nstarts = "06:00"\nends = "06:00"\n', "starts and ends are the same"),
    ('[[shift]]\nname = "a"\nstarts = "06:00"\nends = "14:00"\n'
     '[[shift]]\nname = "a"\nstarts = "14:00"\nends = "06:00"\n', "the name a is used twice"),
    ('shifts = 3\n', "no \\[\\[shift\\]\\] tables"),
    ('[[shift]\n', "shifts.toml: cannot be read"),
])
def test_a_wrong_shifts_toml_is_named_with_its_mistake(text: str, message: str) -> None:
    _write(text)
    with pytest.raises(UserInputError, match=message):
        shift_definitions()


def test_percentiles_of_clearance_times() -> None:
    minutes = [timedelta(minutes=m) for m in range(1, 11)]
    assert percentile([], 0.5) is None
    assert percentile(minutes[:1], 0.9) == timedelta(minutes=1)
    assert percentile(minutes, 0.5) == timedelta(minutes=5.5)
    assert percentile(minutes, 0.9) == timedelta(minutes=9.1)
