"""Five failed logins lock an account for fifteen minutes from the fifth."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from borderdesk.access.lockout import LOCK_DURATION, locked_until

T0 = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
MIN = timedelta(minutes=1)


def test_four_failures_do_not_lock() -> None:
    assert locked_until([T0 + i * MIN for i in range(4)], T0 + 5 * MIN) is None


def test_lock_runs_fifteen_minutes_from_the_fifth_failure_even_when_spread_out() -> None:
    failures = [T0 + i * 3 * MIN for i in range(5)]  # the fifth at 08:12
    fifth = failures[-1]
    assert locked_until(failures, fifth) == fifth + LOCK_DURATION
    # 08:26 is after the first failure + 15 min but still within the lock.
    assert locked_until(failures, T0 + 26 * MIN) == fifth + LOCK_DURATION
    assert locked_until(failures, fifth + LOCK_DURATION + MIN) is None


def test_failures_too_far_apart_do_not_lock() -> None:
    failures = [T0 + i * 4 * MIN for i in range(5)]  # 16 minutes from first to fifth
    assert locked_until(failures, failures[-1]) is None


def test_a_new_failure_after_the_lock_expired_does_not_lock_again_alone() -> None:
    failures = [T0 + i * MIN for i in range(5)]
    later = failures[-1] + LOCK_DURATION + 2 * MIN
    assert locked_until([*failures, later], later) is None
