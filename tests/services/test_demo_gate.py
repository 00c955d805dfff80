"""The demo gate seeds on any workstation, whatever its name."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from borderdesk.config import default_settings, with_changes
from borderdesk.services import auth, demo, workstations
from borderdesk.storage.engine import Database
from borderdesk.storage.migrate import upgrade
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


def _custody_story(db: Database) -> list[tuple[object, ...]]:
    """The demo's custody, without the ids and salts that differ between runs."""
    from borderdesk.storage.models import Handoff, HandoffItem, Seizure, SeizureLine

    with db.session() as session:
        handoffs = session.execute(
            select(Handoff.from_agency, Handoff.to_agency, Handoff.state, Handoff.created_at,
                   Handoff.note, func.count(HandoffItem.id))
            .join(HandoffItem, HandoffItem.handoff_id == Handoff.id)
            .group_by(Handoff.id).order_by(Handoff.created_at, Handoff.to_agency)).all()
        seized = session.execute(
            select(Seizure.reason, Seizure.created_at, SeizureLine.description,
                   SeizureLine.quantity, SeizureLine.unit)
            .join(SeizureLine, SeizureLine.seizure_id == Seizure.id)
            .order_by(Seizure.created_at, SeizureLine.description)).all()
    return [tuple(row) for row in [*handoffs, *seized]]


def test_the_demo_tells_a_custody_story_in_every_state(db: Database) -> None:
    from borderdesk.domain.custody import Agency, HandoffState
    from borderdesk.domain.officer import Role
    from borderdesk.services import handoffs, inspections, seizures
    from borderdesk.services.audit_verify import verify_chains
    from borderdesk.storage.models import Handoff, Seizure

    settings = default_settings()
    demo.seed_demo(db, settings, date(2026, 11, 25))
    here = workstations.attach_workstation(db, settings)
    police = auth.log_in(db, here, "police1", demo.DEMO_PASSWORD)
    customs = auth.log_in(db, here, "customs1", demo.DEMO_PASSWORD)
    with db.session() as session:
        states = dict(session.execute(
            select(Handoff.state, func.count()).group_by(Handoff.state)).all())  # type: ignore[arg-type]
        # The showcase: seized goods the police accepted (with a torn bag seal).
        shown = session.scalars(select(Seizure.crossing_id).join(
            Handoff, Handoff.seizure_id == Seizure.id).where(
            Handoff.to_agency == "police", Handoff.state == "accepted")).one()
    assert set(states) == {s.value for s in HandoffState}
    assert states["pending"] >= 2
    # A past demo day: the police's pending handoff has waited for hours.
    waiting = handoffs.inbox(db, police)
    assert waiting and all(row.overdue for row in waiting)
    assert [s.result.value for s in inspections.inspections_of_crossing(db, customs, shown)] \
        == ["seizure"]
    seizure = seizures.seizures_of_crossing(db, customs, shown)[0]
    assert len(seizure.lines) >= 2 and seizure.evidence_sha256 and seizure.finding_rules
    timeline = handoffs.custody_timeline(db, customs, shown)
    assert [span.agency for span in timeline] == [
        Agency.BORDER_GUARD, Agency.CUSTOMS, Agency.CUSTOMS, Agency.POLICE]
    assert timeline[-1].evidence_sha256 == seizure.evidence_sha256
    accepted = handoffs.get_handoff(db, police, timeline[-1].handoff_id)  # type: ignore[arg-type]
    assert sum(1 for i in accepted.items if i.confirmation and i.confirmation.discrepancy) == 1
    assert police.role is Role.POLICE_OFFICER
    assert verify_chains(db).intact


def test_the_same_date_gives_the_same_custody_story(tmp_path: Path) -> None:
    stories = []
    for name in ("a", "b"):
        db = Database(f"sqlite:///{tmp_path / name}.sqlite3")
        upgrade(db)
        demo.seed_demo(db, default_settings(), date(2026, 11, 20))
        stories.append(_custody_story(db))
        db.dispose()
    assert stories[0] == stories[1] and len(stories[0]) > 10
