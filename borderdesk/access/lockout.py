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

    Five failures within fifteen minutes of each other lock the account for
    fifteen minutes from the fifth. Refused attempts while locked are not
    failures, so they neither extend the lock nor count towards the next.

    Args:
        failures_since_last_success: times of failed logins after the last
            successful login or password reset, oldest first.
        now: the current time (aware).
    """
    window = MAX_FAILURES - 1
    until: datetime | None = None
    for i in range(window, len(failures_since_last_success)):
        if failures_since_last_success[i] - failures_since_last_success[i - window] < LOCK_DURATION:
            until = failures_since_last_success[i] + LOCK_DURATION
    return until if until is not None and until > now else None
