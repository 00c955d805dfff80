"""Arrivals and the crossing queue."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from borderdesk.access.permissions import Action, require
from borderdesk.domain.crossing import (
    ArrivalForm,
    Channel,
    ContainerEntry,
    CrossingDetail,
    CrossingStatus,
    Direction,
    QueueFilter,
    QueuePage,
    QueueRow,
    QueueSort,
    Stage,
    StageEntry,
    VehicleRecall,
    label,
)
from borderdesk.domain.officer import Actor
from borderdesk.domain.phrase import say, stored
from borderdesk.errors import InvalidForm, UserInputError
from borderdesk.i18n import _, ngettext
from borderdesk.rules.arrival import check_arrival
from borderdesk.rules.identifiers import normalize_plate
from borderdesk.rules.search import crossing_reference, prefix_upper_bound, search_terms
from borderdesk.services.audit import append_event
from borderdesk.services.workstations import gate_lanes, gate_of, workstation_name
from borderdesk.storage.engine import Database
from borderdesk.storage.models import (
    Crossing,
    CrossingContainer,
    CrossingStatusChange,
    Gate,
    Officer,
)
from borderdesk.storage.models.base import new_id, utc_now

_SORT_COLUMNS = {
    QueueSort.ARRIVED_AT: Crossing.arrived_at,
    QueueSort.PLATE: Crossing.tractor_plate_norm,
    QueueSort.STATUS: Crossing.status,
    QueueSort.DIRECTION: Crossing.direction,
    QueueSort.LANE: Crossing.lane,
    QueueSort.REFERENCE: Crossing.reference,
}


def _new_reference(session: Session, gate: Gate, arrived_at: datetime) -> tuple[UUID, str]:
    local_day = arrived_at.astimezone(ZoneInfo(gate.timezone)).date()
    while True:
        crossing_id = new_id()
        reference = crossing_reference(gate.code, local_day, crossing_id)
        # 25 random bits a day rarely collide; when they do, draw again.
        taken = session.scalar(select(Crossing.id).where(Crossing.reference == reference))
        if taken is None:
            return crossing_id, reference


def register_arrival(db: Database, actor: Actor, form: ArrivalForm) -> CrossingDetail:
    """Validate and save an arriving vehicle; it is in the queue when this returns.

    Raises:
        PermissionDenied: the actor's role may not register arrivals.
        InvalidForm: with ``fields`` naming each wrong field and why (a wrong
            container check digit names the digit it should be).
    """
    require(actor.role, Action.REGISTER_ARRIVAL)
    with db.session() as session:
        gate = gate_of(session, actor)
        now = utc_now()
        checked, errors = check_arrival(form, gate_lanes(gate), now)
        if errors:
            raise InvalidForm(
                ngettext(
                    "The arrival was not saved: {n} field needs correcting.",
                    "The arrival was not saved: {n} fields need correcting.",
                    len(errors),
                ).format(n=len(errors)),
                errors,
            )
        crossing_id, reference = _new_reference(session, gate, checked.arrived_at)
        stamp = {"workstation_id": actor.workstation_id, "created_by": actor.officer_id,
                 "created_at": now}
        crossing = Crossing(
            id=crossing_id, gate_id=gate.id, reference=reference,
            direction=checked.direction.value, lane=checked.lane, arrived_at=checked.arrived_at,
            status=CrossingStatus.ARRIVED.value, channel=None,
            tractor_plate=checked.tractor_plate,
            tractor_plate_norm=normalize_plate(checked.tractor_plate),
            tractor_country=checked.tractor_country,
            trailer_plate=checked.trailer_plate,
            trailer_plate_norm=normalize_plate(checked.trailer_plate),
            trailer_country=checked.trailer_country,
            driver_name=checked.driver_name, driver_document_no=checked.driver_document_no,
            driver_nationality=checked.driver_nationality, carrier_name=checked.carrier_name,
            note=checked.note, **stamp,
        )
        crossing.containers = [
            CrossingContainer(position=position, container_no=entry.container_no,
                              seal_nos=" ".join(entry.seal_nos), **stamp)
            for position, entry in enumerate(checked.containers)
        ]
        session.add(crossing)
        session.add(CrossingStatusChange(
            crossing_id=crossing_id, status=CrossingStatus.ARRIVED.value, channel=None,
            stage=Stage.ARRIVAL.value, note="", **stamp,
        ))
        session.flush()
        append_event(
            session, workstation_id=actor.workstation_id, officer_id=actor.officer_id,
            action="crossing.registered", entity="crossing", entity_id=str(crossing_id),
            payload={
                "reference": reference, "direction": crossing.direction, "lane": crossing.lane,
                "arrived_at": crossing.arrived_at, "tractor_plate": crossing.tractor_plate,
                "trailer_plate": crossing.trailer_plate,
                "containers": [c.container_no for c in crossing.containers],
                "driver_document_no": crossing.driver_document_no,
            },
            at=now,
        )
        return _detail(session, gate, crossing)


def recall_vehicle(db: Database, actor: Actor, plate: str) -> VehicleRecall | None:
    """What the gate remembers of the truck with this tractor plate, or None."""
    require(actor.role, Action.REGISTER_ARRIVAL)
    norm = normalize_plate(plate)
    if not norm:
        return None
    with db.session() as session:
        gate_of(session, actor)
        same_truck = (
            Crossing.tractor_plate_norm == norm,
            Crossing.gate_id == actor.gate_id,
            Crossing.status != CrossingStatus.CANCELLED.value,
        )
        last = session.scalars(
            select(Crossing).where(*same_truck).order_by(Crossing.arrived_at.desc()).limit(1)
        ).first()
        if last is None:
            return None
        count = session.scalar(select(func.count()).select_from(Crossing).where(*same_truck))
        return VehicleRecall(
            tractor_plate=last.tractor_plate, tractor_country=last.tractor_country,
            trailer_plate=last.trailer_plate, trailer_country=last.trailer_country,
            driver_name=last.driver_name, driver_document_no=last.driver_document_no,
            driver_nationality=last.driver_nationality, carrier_name=last.carrier_name,
            last_direction=Direction(last.direction), last_lane=last.lane,
            crossings=int(count or 0), last_seen=last.arrived_at,
        )


def local_day_start(day: date, zone: ZoneInfo) -> datetime:
    """The UTC moment a local calendar day of the gate begins."""
    return datetime.combine(day, time(), tzinfo=zone)


def _prefix(column: InstrumentedAttribute[str], prefix: str) -> ColumnElement[bool]:
    # A range, not LIKE 'x%': an ordinary index answers it on both backends.
    upper = prefix_upper_bound(prefix)
    return and_(column >= prefix, column < upper) if upper else column >= prefix


def _filter_conditions(gate: Gate, queue_filter: QueueFilter) -> list[ColumnElement[bool]]:
    zone = ZoneInfo(gate.timezone)
    conditions: list[ColumnElement[bool]] = [Crossing.gate_id == gate.id]
    if queue_filter.date_from is not None:
        conditions.append(Crossing.arrived_at >= local_day_start(queue_filter.date_from, zone))
    if queue_filter.date_to is not None:
        end = local_day_start(queue_filter.date_to + timedelta(days=1), zone)
        conditions.append(Crossing.arrived_at < end)
    if queue_filter.channels:
        conditions.append(Crossing.channel.in_(sorted(c.value for c in queue_filter.channels)))
    if queue_filter.directions:
        conditions.append(
            Crossing.direction.in_(sorted(d.value for d in queue_filter.directions))
        )
    kind, prefix = search_terms(queue_filter.search)
    if kind == "container":
        conditions.append(Crossing.id.in_(
            select(CrossingContainer.crossing_id).where(
                _prefix(CrossingContainer.container_no, prefix)
            )
        ))
    elif kind == "plate":
        conditions.append(or_(
            _prefix(Crossing.tractor_plate_norm, prefix),
            _prefix(Crossing.trailer_plate_norm, prefix),
        ))
    return conditions


def _queue_row(crossing: Crossing, registered_by: str | None) -> QueueRow:
    return QueueRow(
        crossing_id=crossing.id, reference=crossing.reference, arrived_at=crossing.arrived_at,
        direction=Direction(crossing.direction), lane=crossing.lane,
        tractor_plate=crossing.tractor_plate, trailer_plate=crossing.trailer_plate,
        containers=tuple(c.container_no for c in crossing.containers),
        driver_name=crossing.driver_name, carrier_name=crossing.carrier_name,
        status=CrossingStatus(crossing.status),
        channel=Channel(crossing.channel) if crossing.channel else None,
        registered_by=registered_by or "",
    )


def query_queue(
    db: Database, actor: Actor, queue_filter: QueueFilter, offset: int = 0, limit: int = 100
) -> QueuePage:
    """A page of the gate's crossings matching the filter, sorted, with counts per status.

    The counts ignore the status filter, so the officer sees how many
    crossings of every status the rest of the filter matches.
    """
    require(actor.role, Action.VIEW_QUEUE)
    offset, limit = max(offset, 0), max(limit, 1)
    with db.session() as session:
        gate = gate_of(session, actor)
        conditions = _filter_conditions(gate, queue_filter)
        shown = list(conditions)
        if queue_filter.statuses:
            shown.append(Crossing.status.in_(sorted(s.value for s in queue_filter.statuses)))
        column = _SORT_COLUMNS[queue_filter.sort]
        order = (
            (column.desc(), Crossing.id.desc()) if queue_filter.descending
            else (column.asc(), Crossing.id.asc())
        )
        found = session.execute(
            select(Crossing, Officer.full_name)
            .outerjoin(Officer, Officer.id == Crossing.created_by)
            .where(*shown)
            .order_by(*order)
            .offset(offset)
            .limit(limit + 1)
        ).all()
        counts: dict[str, int] = {
            row[0]: row[1] for row in session.execute(
                select(Crossing.status, func.count()).where(*conditions).group_by(Crossing.status)
            )
        }
        rows = tuple(_queue_row(crossing, name) for crossing, name in found[:limit])
    return QueuePage(
        rows=rows,
        has_more=len(found) > limit,
        status_counts={s: int(counts.get(s.value, 0)) for s in CrossingStatus},
    )


def _entry_text(change: CrossingStatusChange, crossing: Crossing) -> str:
    if change.stage == Stage.ARRIVAL and change.status == CrossingStatus.ARRIVED:
        what = _("Registered the arrival in lane {lane}.").format(lane=crossing.lane)
    elif change.channel:
        what = _("Moved to {status}, {channel} channel.").format(
            status=label(CrossingStatus(change.status)), channel=label(Channel(change.channel))
        )
    else:
        what = _("Moved to {status}.").format(status=label(CrossingStatus(change.status)))
    if change.note:
        what = _("{what} Note: {note}").format(
            what=what, note=say(stored(change.note_phrase, change.note)))
    return what


def _detail(session: Session, gate: Gate, crossing: Crossing) -> CrossingDetail:
    changes = session.execute(
        select(CrossingStatusChange, Officer.full_name)
        .outerjoin(Officer, Officer.id == CrossingStatusChange.created_by)
        .where(CrossingStatusChange.crossing_id == crossing.id)
        .order_by(CrossingStatusChange.created_at, CrossingStatusChange.id)
    ).all()
    registered_by = session.get(Officer, crossing.created_by) if crossing.created_by else None
    return CrossingDetail(
        crossing_id=crossing.id, reference=crossing.reference, gate_name=gate.name,
        direction=Direction(crossing.direction), lane=crossing.lane,
        status=CrossingStatus(crossing.status),
        channel=Channel(crossing.channel) if crossing.channel else None,
        arrived_at=crossing.arrived_at,
        tractor_plate=crossing.tractor_plate, tractor_country=crossing.tractor_country,
        trailer_plate=crossing.trailer_plate, trailer_country=crossing.trailer_country,
        containers=tuple(
            ContainerEntry(c.container_no, tuple(c.seal_nos.split())) for c in crossing.containers
        ),
        driver_name=crossing.driver_name, driver_document_no=crossing.driver_document_no,
        driver_nationality=crossing.driver_nationality, carrier_name=crossing.carrier_name,
        note=say(stored(crossing.note_phrase, crossing.note)),
        registered_by=registered_by.full_name if registered_by else "",
        workstation_name=workstation_name(session, crossing.workstation_id),
        version=crossing.version,
        entries=tuple(
            StageEntry(stage=Stage(change.stage), at=change.created_at, officer=name or "",
                       what=_entry_text(change, crossing))
            for change, name in changes
        ),
    )


def _crossing_of_gate(session: Session, actor: Actor, crossing_id: UUID) -> Crossing:
    crossing = session.get(Crossing, crossing_id)
    if crossing is None or crossing.gate_id != actor.gate_id:
        raise UserInputError(_("There is no such crossing at this gate."))
    return crossing


def get_crossing(db: Database, actor: Actor, crossing_id: UUID) -> CrossingDetail:
    """One crossing with what happened at each stage. Raises UserInputError when unknown."""
    require(actor.role, Action.VIEW_CROSSING)
    with db.session() as session:
        gate = gate_of(session, actor)
        return _detail(session, gate, _crossing_of_gate(session, actor, crossing_id))


def detail_in_session(session: Session, crossing: Crossing) -> CrossingDetail:
    """The crossing view of a crossing an action just changed, in the action's transaction."""
    gate = session.get(Gate, crossing.gate_id)
    assert gate is not None  # the crossing's foreign key guarantees it
    session.flush()
    return _detail(session, gate, crossing)


def open_crossings_of_truck(db: Database, actor: Actor, plate: str) -> tuple[QueueRow, ...]:
    """The gate's crossings of this tractor plate that are neither released nor cancelled.

    Newest first. Registering a truck that still has one open is usually a
    mistake (the officer is told), sometimes a second trip the same day.
    """
    require(actor.role, Action.VIEW_QUEUE)
    norm = normalize_plate(plate)
    if not norm:
        return ()
    closed = (CrossingStatus.RELEASED.value, CrossingStatus.CANCELLED.value)
    with db.session() as session:
        gate_of(session, actor)
        found = session.execute(
            select(Crossing, Officer.full_name)
            .outerjoin(Officer, Officer.id == Crossing.created_by)
            .where(Crossing.gate_id == actor.gate_id, Crossing.tractor_plate_norm == norm,
                   Crossing.status.not_in(closed))
            .order_by(Crossing.arrived_at.desc(), Crossing.id.desc())
        ).all()
        return tuple(_queue_row(crossing, name) for crossing, name in found)


def queue_marker(db: Database, actor: Actor) -> str:
    """A cheap token that changes whenever a crossing of the gate is added or changes state.

    The queue polls it and reloads only when it changed. It counts the status
    changes made since the start of yesterday (local time) from the index on
    their creation time alone, so its cost does not grow with the database. A
    database shared by several gates also counts the other gates' changes:
    that costs a needless reload, never a missed one.
    """
    require(actor.role, Action.VIEW_QUEUE)
    with db.session() as session:
        gate = gate_of(session, actor)
        zone = ZoneInfo(gate.timezone)
        since = local_day_start(utc_now().astimezone(zone).date() - timedelta(days=1), zone)
        count, latest = session.execute(
            select(func.count(), func.max(CrossingStatusChange.created_at))
            .where(CrossingStatusChange.created_at >= since)
        ).one()
    return f"{since:%Y%m%d}:{count}:{latest.isoformat() if latest else '-'}"
