"""Seizures: goods taken at an inspection, the findings behind it, where they are kept.

A seizure is handed to police or market control through a handoff whose
goods items reference the seizure's line ids (``seizure_items``).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.orm import Session

from borderdesk.access.permissions import Action, require
from borderdesk.domain.crossing import CrossingAction, CrossingStatus
from borderdesk.domain.custody import (
    HandoffItemForm,
    ItemKind,
    SeizedLine,
    SeizureForm,
    SeizureRecord,
)
from borderdesk.domain.findings import Rule
from borderdesk.domain.officer import Actor
from borderdesk.errors import UserInputError
from borderdesk.i18n import _
from borderdesk.rules.units import canonical_unit
from borderdesk.services.audit import append_event
from borderdesk.services.crossing_lifecycle import claim, clean_reason, move
from borderdesk.services.evidence import crossing_at_gate
from borderdesk.services.inspections import inspection_of_crossing
from borderdesk.storage.engine import Database
from borderdesk.storage.models import (
    Crossing,
    Evidence,
    Officer,
    Seizure,
    SeizureEvidence,
    SeizureLine,
)
from borderdesk.storage.models.base import new_id, utc_now

_HS = re.compile(r"\d{4,10}")
_SEAL = re.compile(r"[A-Za-z0-9./-]{1,32}")
MAX_QUANTITY = Decimal("1e15")


def clean_hs(text: str, where: str) -> str:
    """An HS code as stored (digits only), or empty.

    Raises:
        UserInputError: not 4 to 10 digits, naming ``where``.
    """
    digits = text.replace(".", "").replace(" ", "")
    if digits and not _HS.fullmatch(digits):
        raise UserInputError(_("{where}: HS code '{code}' is not 4 to 10 digits.")
                             .format(where=where, code=text))
    return digits


def clean_quantity(quantity: Decimal, unit: str, where: str) -> tuple[Decimal, str]:
    """A positive quantity and its canonical unit code.

    Raises:
        UserInputError: a quantity not above zero or an unknown unit, naming ``where``.
    """
    try:
        value = Decimal(quantity)
    except (InvalidOperation, TypeError, ValueError):
        raise UserInputError(_("{where}: the quantity is not a number.")
                             .format(where=where)) from None
    if not value.is_finite() or value <= 0 or value >= MAX_QUANTITY:
        raise UserInputError(_("{where}: the quantity must be above zero.").format(where=where))
    code = canonical_unit(unit)
    if code is None:
        raise UserInputError(_("{where}: unknown unit '{unit}' (e.g. KGM, PCE, CTN, BAG).")
                             .format(where=where, unit=unit))
    return value, code


def _clean_line(number: int, line: SeizedLine) -> SeizedLine:
    where = _("seized line {n}").format(n=number)
    if not line.description.strip():
        raise UserInputError(_("{where}: describe the goods.").format(where=where))
    quantity, unit = clean_quantity(line.quantity, line.unit, where)
    value = line.declared_value
    currency = line.currency.strip().upper()
    if value is not None and (value < 0 or not re.fullmatch(r"[A-Z]{3}", currency)):
        raise UserInputError(_("{where}: a value needs a currency code and cannot be negative.")
                             .format(where=where))
    return SeizedLine(description=line.description.strip(), quantity=quantity, unit=unit,
                      hs_code=clean_hs(line.hs_code, where), declared_value=value,
                      currency=currency if value is not None else "",
                      bag_seal_no=line.bag_seal_no.strip())


def _clean_form(form: SeizureForm) -> tuple[tuple[SeizedLine, ...], tuple[str, ...],
                                             tuple[str, ...]]:
    if not form.lines:
        raise UserInputError(_("A seizure needs at least one line of goods."))
    if not form.reason.strip():
        raise UserInputError(_("Say why the goods are seized."))
    clean_reason(form.reason)  # the same length limit as every other reason
    if not form.storage_location.strip():
        raise UserInputError(_("Say where the seized goods are kept."))
    lines = tuple(_clean_line(n, line) for n, line in enumerate(form.lines, start=1))
    seals = tuple(seal.strip() for seal in form.seal_nos if seal.strip())
    for seal in seals:
        if not _SEAL.fullmatch(seal):
            raise UserInputError(_("'{seal}' is not a seal number.").format(seal=seal))
    rules = tuple(dict.fromkeys(rule.strip().upper() for rule in form.finding_rules))
    valid = {rule.value for rule in Rule}
    for rule in rules:
        if rule not in valid:
            raise UserInputError(_("'{rule}' is not a rule id (e.g. UNDECLARED_LINE).")
                                 .format(rule=rule))
    return lines, seals, rules


def evidence_of_crossing(session: Session, crossing_id: UUID, shas: tuple[str, ...]
                         ) -> tuple[str, ...]:
    """The SHA-256s, lower case and each once, after checking each is evidence of the crossing.

    Raises:
        UserInputError: naming the first SHA-256 that is not attached to the crossing.
    """
    wanted = tuple(dict.fromkeys(sha.strip().lower() for sha in shas))
    attached = set(session.scalars(
        select(Evidence.blob_sha256).where(Evidence.crossing_id == crossing_id,
                                           Evidence.blob_sha256.in_(wanted))
    )) if wanted else set()
    for sha in wanted:
        if sha not in attached:
            raise UserInputError(_("The photo {sha} is not evidence of this crossing.")
                                 .format(sha=sha[:12]))
    return wanted


def seizure_payload(seizure: Seizure, lines: list[SeizureLine], shas: tuple[str, ...]
                    ) -> dict[str, object]:
    """What the audit event of a seizure says (the demo writes the same)."""
    return {
        "seizure_id": str(seizure.id), "crossing_id": str(seizure.crossing_id),
        "inspection_id": str(seizure.inspection_id) if seizure.inspection_id else None,
        "reason": seizure.reason, "storage_location": seizure.storage_location,
        "seal_nos": seizure.seal_nos.split(), "finding_rules": seizure.finding_rules.split(),
        "evidence_sha256": list(shas),
        "lines": [{"line_id": str(line.id), "description": line.description,
                   "hs_code": line.hs_code, "quantity": Decimal(line.quantity),
                   "unit": line.unit, "bag_seal_no": line.bag_seal_no} for line in lines],
    }


def record_seizure(db: Database, actor: Actor, form: SeizureForm) -> SeizureRecord:
    """Record goods seized from a crossing (perhaps at one of its inspections); the crossing
    is held. A released or cancelled crossing refuses: its goods are gone.

    Raises:
        PermissionDenied: the role may not seize goods.
        UserInputError: no lines, a quantity not above zero, an unknown unit,
            rule id or crossing, a photo not attached to the crossing, no reason
            or no storage location; nothing is written.
    """
    require(actor.role, Action.SEIZE_GOODS)
    lines, seals, rules = _clean_form(form)
    now = utc_now()
    stamp = {"workstation_id": actor.workstation_id, "created_by": actor.officer_id,
             "created_at": now}
    with db.session() as session:
        crossing = claim(session, actor, form.crossing_id, CrossingAction.SEIZE)
        if form.inspection_id is not None:
            inspection_of_crossing(session, crossing.id, form.inspection_id)
        shas = evidence_of_crossing(session, crossing.id, form.evidence_sha256)
        seizure = Seizure(
            id=new_id(), crossing_id=crossing.id, inspection_id=form.inspection_id,
            storage_location=form.storage_location.strip()[:200], seal_nos=" ".join(seals),
            reason=form.reason.strip(), finding_rules=" ".join(rules), **stamp,
        )
        session.add(seizure)
        session.flush()
        rows = [SeizureLine(id=new_id(), seizure_id=seizure.id, description=line.description,
                            hs_code=line.hs_code, quantity=line.quantity, unit=line.unit,
                            declared_value=line.declared_value, currency=line.currency,
                            bag_seal_no=line.bag_seal_no, **stamp) for line in lines]
        session.add_all(rows)
        session.add_all(SeizureEvidence(id=new_id(), seizure_id=seizure.id, blob_sha256=sha,
                                        **stamp) for sha in shas)
        session.flush()
        append_event(
            session, workstation_id=actor.workstation_id, officer_id=actor.officer_id,
            action="seizure.recorded", entity="seizure", entity_id=str(seizure.id),
            payload=seizure_payload(seizure, rows, shas), at=now,
        )
        # Goods seized from a truck stop it: the crossing is held until a supervisor
        # releases it.
        move(session, actor, crossing, CrossingStatus.HELD, note=seizure.reason)
        return _record(session, seizure)


def _line(row: SeizureLine) -> SeizedLine:
    return SeizedLine(
        description=row.description, quantity=Decimal(row.quantity), unit=row.unit,
        hs_code=row.hs_code,
        declared_value=Decimal(row.declared_value) if row.declared_value is not None else None,
        currency=row.currency, bag_seal_no=row.bag_seal_no,
    )


def _record(session: Session, seizure: Seizure) -> SeizureRecord:
    lines = session.scalars(select(SeizureLine).where(SeizureLine.seizure_id == seizure.id)
                            .order_by(SeizureLine.id)).all()
    shas = session.scalars(select(SeizureEvidence.blob_sha256)
                           .where(SeizureEvidence.seizure_id == seizure.id)
                           .order_by(SeizureEvidence.id)).all()
    reference = session.scalar(select(Crossing.reference)
                               .where(Crossing.id == seizure.crossing_id)) or ""
    officer = session.scalar(select(Officer.full_name)
                             .where(Officer.id == seizure.created_by)) or ""
    return SeizureRecord(
        seizure_id=seizure.id, crossing_id=seizure.crossing_id, crossing_reference=reference,
        inspection_id=seizure.inspection_id,
        lines=tuple((row.id, _line(row)) for row in lines), reason=seizure.reason,
        storage_location=seizure.storage_location, seal_nos=tuple(seizure.seal_nos.split()),
        finding_rules=tuple(seizure.finding_rules.split()), evidence_sha256=tuple(shas),
        officer=officer, at=seizure.created_at,
    )


def seizure_at_gate(session: Session, actor: Actor, seizure_id: UUID) -> Seizure:
    """The seizure, if it was made at a crossing of the actor's gate.

    Raises:
        UserInputError: no such seizure at this gate.
    """
    seizure = session.get(Seizure, seizure_id)
    crossing = session.get(Crossing, seizure.crossing_id) if seizure else None
    if seizure is None or crossing is None or crossing.gate_id != actor.gate_id:
        raise UserInputError(_("There is no such seizure at this gate."))
    return seizure


def get_seizure(db: Database, actor: Actor, seizure_id: UUID) -> SeizureRecord:
    """One seizure with its lines, seals, findings and photos.

    Raises:
        UserInputError: no such seizure at this gate.
    """
    require(actor.role, Action.VIEW_CROSSING)
    with db.session() as session:
        return _record(session, seizure_at_gate(session, actor, seizure_id))


def seizures_of_crossing(db: Database, actor: Actor, crossing_id: UUID) -> list[SeizureRecord]:
    """The seizures of a crossing, oldest first."""
    require(actor.role, Action.VIEW_CROSSING)
    with db.session() as session:
        crossing_at_gate(session, actor, crossing_id)
        rows = session.scalars(select(Seizure).where(Seizure.crossing_id == crossing_id)
                               .order_by(Seizure.created_at, Seizure.id)).all()
        return [_record(session, row) for row in rows]


def seizure_items(record: SeizureRecord) -> tuple[HandoffItemForm, ...]:
    """The seizure's goods lines as handoff items, each referencing its line id."""
    return tuple(
        HandoffItemForm(kind=ItemKind.GOODS, description=line.description,
                        reference=str(line_id), quantity=line.quantity, unit=line.unit,
                        hs_code=line.hs_code, seal_no=line.bag_seal_no)
        for line_id, line in record.lines
    )
