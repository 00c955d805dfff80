"""Checking an arrival form before anything is saved: every wrong field, with its reason."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import TypeVar

from borderdesk.domain.crossing import ArrivalForm, ContainerEntry, Direction
from borderdesk.errors import UserInputError
from borderdesk.i18n import _
from borderdesk.rules.identifiers import (
    check_container,
    check_country,
    check_document_no,
    check_plate,
    check_seal,
)

MAX_CONTAINERS = 4
MAX_FUTURE = timedelta(minutes=10)
MAX_PAST = timedelta(days=7)
DRIVER_NAME_MIN, DRIVER_NAME_MAX = 2, 100
CARRIER_NAME_MAX = 200

_T = TypeVar("_T")


class _Errors(dict[str, str]):
    """Field name -> reason; the first reason found for a field is the one shown."""

    def run(self, field: str, check: Callable[[], _T], fallback: _T) -> _T:
        try:
            return check()
        except UserInputError as error:
            self.setdefault(field, str(error))
            return fallback


def _containers(entries: tuple[ContainerEntry, ...], errors: _Errors) -> tuple[ContainerEntry, ...]:
    # Blank rows of the form are not containers.
    entries = tuple(
        e for e in entries if e.container_no.strip() or any(s.strip() for s in e.seal_nos)
    )
    if len(entries) > MAX_CONTAINERS:
        errors.setdefault(
            "containers",
            _("A truck carries at most {n} containers.").format(n=MAX_CONTAINERS),
        )
    result: list[ContainerEntry] = []
    seen: set[str] = set()
    for entry in entries:
        if not entry.container_no.strip():
            errors.setdefault("containers", _("A container with seals needs its number."))
            continue
        number = errors.run("containers", partial(check_container, entry.container_no), "")
        if not number:
            continue
        if number in seen:
            errors.setdefault(
                "containers", _("Container {number} is listed twice.").format(number=number)
            )
        seen.add(number)
        seals = tuple(
            errors.run("containers", partial(check_seal, seal), seal)
            for seal in entry.seal_nos
            if seal.strip()
        )
        result.append(ContainerEntry(number, seals))
    return tuple(result)


def _arrived_at(value: datetime, now: datetime, errors: _Errors) -> datetime:
    if value.tzinfo is None:
        errors["arrived_at"] = _("The arrival time needs a time zone.")
        return value
    if value > now + MAX_FUTURE:
        errors["arrived_at"] = _("The arrival time is more than {n} minutes ahead.").format(
            n=int(MAX_FUTURE.total_seconds() // 60)
        )
    elif value < now - MAX_PAST:
        errors["arrived_at"] = _("The arrival time is more than {n} days ago.").format(
            n=MAX_PAST.days
        )
    return value.astimezone(UTC)


def _driver_name(text: str, errors: _Errors) -> str:
    name = " ".join(text.split())
    if not name:
        errors["driver_name"] = _("The driver's name is required.")
    elif not DRIVER_NAME_MIN <= len(name) <= DRIVER_NAME_MAX:
        errors["driver_name"] = _("A name has {low} to {high} characters.").format(
            low=DRIVER_NAME_MIN, high=DRIVER_NAME_MAX
        )
    return name


def _direction(value: Direction | str, errors: _Errors) -> Direction:
    try:
        return Direction(value)
    except ValueError:
        errors["direction"] = _("Choose import, export or transit.")
        return Direction.IMPORT


def check_arrival(
    form: ArrivalForm, lanes: tuple[str, ...], now: datetime
) -> tuple[ArrivalForm, dict[str, str]]:
    """Normalise an arrival form and find every wrong field.

    Args:
        form: the form as the officer filled it.
        lanes: the lanes of the gate.
        now: the current time (aware).

    Returns:
        The normalised form (canonical plates, uppercase containers and seals,
        alpha-2 country codes, UTC arrival time) and a mapping of
        ``ArrivalForm`` field name -> translated reason, empty when the form
        is valid.
    """
    errors = _Errors()
    direction = _direction(form.direction, errors)
    lane = form.lane.strip()
    if lane not in lanes:
        errors["lane"] = _("Lane {lane} is not a lane of this gate ({lanes}).").format(
            lane=lane or "-", lanes=", ".join(lanes)
        )
    tractor_country = errors.run("tractor_country", lambda: check_country(form.tractor_country), "")
    tractor_plate = form.tractor_plate.strip()
    if not tractor_plate:
        errors["tractor_plate"] = _("The tractor plate is required.")
    elif tractor_country:
        tractor_plate = errors.run(
            "tractor_plate", lambda: check_plate(form.tractor_plate, tractor_country), tractor_plate
        )
    trailer_plate = form.trailer_plate.strip()
    trailer_country = ""
    if trailer_plate:
        trailer_country = errors.run(
            "trailer_country", lambda: check_country(form.trailer_country), ""
        )
        if trailer_country:
            trailer_plate = errors.run(
                "trailer_plate",
                lambda: check_plate(form.trailer_plate, trailer_country),
                trailer_plate,
            )
    containers = _containers(form.containers, errors)
    driver_name = _driver_name(form.driver_name, errors)
    document_no = errors.run(
        "driver_document_no", lambda: check_document_no(form.driver_document_no), ""
    )
    nationality = errors.run(
        "driver_nationality", lambda: check_country(form.driver_nationality), ""
    )
    carrier_name = " ".join(form.carrier_name.split())
    if len(carrier_name) > CARRIER_NAME_MAX:
        errors["carrier_name"] = _("A name has at most {n} characters.").format(
            n=CARRIER_NAME_MAX
        )
    arrived_at = _arrived_at(form.arrived_at, now, errors)
    normalised = replace(
        form,
        direction=direction,
        lane=lane,
        tractor_plate=tractor_plate,
        tractor_country=tractor_country or form.tractor_country,
        trailer_plate=trailer_plate,
        trailer_country=trailer_country,
        containers=containers,
        driver_name=driver_name,
        driver_document_no=document_no or form.driver_document_no,
        driver_nationality=nationality or form.driver_nationality,
        carrier_name=carrier_name,
        note=form.note.strip(),
        arrived_at=arrived_at,
    )
    return normalised, dict(errors)
