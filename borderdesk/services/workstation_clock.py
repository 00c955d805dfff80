"""Whether this workstation's clock agrees with the gate's server, told at login.

Audit events on a gate's server take the server's time (``services.audit``),
so a workstation set back an hour cannot write the past; its own clock is
kept beside each event. A clock that is off still misleads the officer (the
times on the screen, on photos, in typed-in arrival times), so it is said at
login, in the window and on the command line.
"""

from __future__ import annotations

from datetime import timedelta

from borderdesk.i18n import _, ngettext
from borderdesk.services.audit import server_clock
from borderdesk.storage.engine import Database
from borderdesk.storage.models.base import utc_now

CLOCK_TOLERANCE = timedelta(minutes=3)
"""How far a workstation's clock may be from the server's before the officer is told."""


def clock_offset(db: Database) -> timedelta | None:
    """This workstation's clock minus the server's; None on the embedded database."""
    with db.session() as session:
        before = utc_now()
        server = server_clock(session)
        after = utc_now()
    if server is None:
        return None
    # The server read its clock somewhere between our two readings: take the middle.
    return before + (after - before) / 2 - server


def clock_warning(db: Database) -> str:
    """The sentence to show at login when this workstation's clock is off, else ``""``."""
    offset = clock_offset(db)
    if offset is None or abs(offset) <= CLOCK_TOLERANCE:
        return ""
    minutes = round(abs(offset).total_seconds() / 60)
    text = ngettext("This computer's clock is {minutes} minute ahead of the gate's server.",
                    "This computer's clock is {minutes} minutes ahead of the gate's server.",
                    minutes) if offset > timedelta(0) else ngettext(
                    "This computer's clock is {minutes} minute behind the gate's server.",
                    "This computer's clock is {minutes} minutes behind the gate's server.",
                    minutes)
    return (text.format(minutes=minutes) + " " + _(
        "The audit chain records the server's time; times you type or read here may be "
        "wrong. Ask the administrator to set this computer's clock."))
