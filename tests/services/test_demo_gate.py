"""The demo gate seeds on any workstation, whatever its name."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from borderdesk.config import default_settings, with_changes
from borderdesk.services import auth, demo, workstations
from borderdesk.storage.engine import Database
from borderdesk.storage.models import Crossing, Workstation


def test_a_workstation_named_like_a_demo_booth_still_gets_the_demo(db: Database) -> None:
    settings = with_changes(default_settings(), workstation_name=demo.BOOTH)
    summary = demo.seed_demo(db, settings, date(2026, 11, 25))
    assert summary.created
    assert summary.workstations == 3
    here = workstations.attach_workstation(db, settings)
    assert here.workstation_id == settings.workstation_id
    with db.session() as session:
        names = session.scalars(select(Workstation.name)).all()
        crossings = session.scalar(select(func.count()).select_from(Crossing))
    assert sorted(names) == sorted([demo.BOOTH, demo.BOOTH, demo.CUSTOMS])
    assert 150 <= (crossings or 0) <= 250
    assert auth.log_in(db, here, "guard1", demo.DEMO_PASSWORD).username == "guard1"


def test_seeding_twice_adds_nothing(db: Database) -> None:
    settings = default_settings()
    demo.seed_demo(db, settings, date(2026, 11, 25))
    again = demo.seed_demo(db, settings, date(2026, 11, 25))
    assert not again.created
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Workstation)) == 3
