"""When repeated failed logins lock an account: a pure policy over the login record."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

MAX_FAILURES = 5
LOCK_DURATION = timedelta(minutes=15)


def locked_until(
    failures_since_last_success: Sequence[datetime], now: datetime
) -> datetime | None:
    """The moment the account unlocks, or None when it is not locked.

    Args:
        failures_since_last_success: times of failed logins after the last
            successful login or password reset, oldest first.
        now: the current time (aware).
    """
    recent = [t for t in failures_since_last_success if now - t < LOCK_DURATION]
    if len(recent) < MAX_FAILURES:
        return None
    until = recent[-1] + LOCK_DURATION
    return until if until > now else None
