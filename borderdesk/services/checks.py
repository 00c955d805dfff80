"""Declarations, cross-checks and the channel they lead to.

``run_check`` reads the latest declaration and manifest of a crossing, its
arrival record and the gate's watch lists, runs the pure ``rules.check``,
stores the run with its findings and moves the crossing through
``services.crossing_lifecycle`` (documents for green and yellow, physical
inspection for red; never out of a hold), so a check obeys the same
lifecycle and permissions as any other action. A customs officer may
override the channel with a written reason; the override is a new run row
pointing at the one it overrides, both are in the audit chain, and it stays
in force across later runs until an officer overrides again
(``services.overrides``).
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from borderdesk.access.permissions import Action, require
from borderdesk.documents.declaration_json import declaration_to_dict
from borderdesk.documents.declarations import parse_declaration, read_declaration
from borderdesk.documents.nomenclature import shipped_hs_rows
from borderdesk.domain.crossing import Channel, CrossingAction, CrossingStatus
from borderdesk.domain.declaration import Declaration, DeclarationLine
from borderdesk.domain.manifest import Manifest
from borderdesk.domain.officer import Actor
from borderdesk.domain.phrase import Phrase
from borderdesk.errors import UserInputError
from borderdesk.i18n import _
from borderdesk.rules.check import ArrivalFacts, check
from borderdesk.rules.hs import HsStatus, Nomenclature
from borderdesk.rules.selection import with_random_pick
from borderdesk.rules.setting_keys import judged
from borderdesk.rules.settings import CheckSettings
from borderdesk.rules.units import canonical_unit
from borderdesk.services.audit import append_event
from borderdesk.services.check_records import (
    CheckRecord,
    check_record,
    latest_run,
    outgrows,
    override_in_force,
    stored_declaration,
)
from borderdesk.services.crossing_lifecycle import after_check, changed_first, claim, move, refusal
from borderdesk.services.manifests import latest_row, manifest_of
from borderdesk.services.scoring_settings import settings_in_force, starting_mapping
from borderdesk.services.selection import channel_draw, inspector_draw
from borderdesk.services.trader_history import history_facts
from borderdesk.services.watchlists import load_gate_watch_lists
from borderdesk.services.workstations import gate_of
from borderdesk.storage.engine import Database
from borderdesk.storage.models import CheckRun, Crossing
from borderdesk.storage.models import Declaration as DeclarationRow
from borderdesk.storage.models import DeclarationLine as DeclarationLineRow
from borderdesk.storage.models import Finding as FindingRow
from borderdesk.storage.models.base import new_id, utc_now

RULES_VERSION = "1"

# ---- Reference data and reading files (no database) -------------------------------------


@cache
def shipped_nomenclature() -> Nomenclature:
    """HS 2022 with HS 2017, from the files shipped under resources/hs."""
    rows_2022, rows_2017 = shipped_hs_rows()
    return Nomenclature.from_rows(rows_2022, rows_2017)


def check_settings() -> CheckSettings:
    """The settings a check outside any gate's database runs with (``borderdesk check``
    without ``--db``): a workstation's own ``scoring.toml``, else the shipped one.

    A gate's checks run with its stored settings (``services.scoring_settings``).

    Raises:
        UserInputError: the file is not valid (naming the file and the key).
    """
    return judged(starting_mapping())


def hs_problem(digits: str) -> str | None:
    """The problem with an HS code according to the shipped nomenclature, or None."""
    verdict = shipped_nomenclature().validate(digits)
    if verdict.status is HsStatus.OBSOLETE:
        return _(
            "hs_code {code} is obsolete since HS 2022; candidates under heading {heading}: "
            "{candidates}"
        ).format(code=digits, heading=digits[:4],
                 candidates=", ".join(c.code for c in verdict.candidates))
    if verdict.status is HsStatus.UNKNOWN:
        return _("hs_code {code} is not in the HS 2022 nomenclature").format(code=digits)
    if verdict.status is HsStatus.MALFORMED:
        return _("hs_code '{code}' is not 4, 6, 8 or 10 digits").format(code=digits)
    return None


def read_declaration_file(path: Path) -> Declaration:
    """Read and validate a declaration file against the shipped nomenclature and units.

    Raises:
        UserInputError: "declaration.csv: line 7: hs_code '19011' is not 4, 6, 8 or 10 digits".
    """
    return read_declaration(path, hs_check=hs_problem, unit_check=canonical_unit)


def parse_declaration_bytes(data: bytes, source_name: str) -> Declaration:
    """Validate the bytes of a declaration (a file dropped on the GUI, a paste)."""
    return parse_declaration(data, source_name, hs_check=hs_problem, unit_check=canonical_unit)


def validate_declaration(declaration: Declaration) -> Declaration:
    """Check a declaration typed in the GUI with the same rules as an imported one.

    Raises:
        UserInputError: "goods line 3: hs_code 851712 is obsolete since HS 2022 ...".
    """
    return parse_declaration(
        _json_bytes(declaration), _("the declaration"), hs_check=hs_problem,
        unit_check=canonical_unit, fmt="json",
    )


def _json_bytes(declaration: Declaration) -> bytes:
    import json

    return json.dumps(declaration_to_dict(declaration), ensure_ascii=False).encode()


def _cost_json(line: DeclarationLine) -> dict[str, float] | None:
    if line.cost is None:
        return None
    return {name: float(value) for name, value in vars(line.cost).items() if value is not None}


# ---- Declarations --------------------------------------------------------------------------


def _crossing(session: Session, actor: Actor, crossing_id: UUID) -> Crossing:
    crossing = session.get(Crossing, crossing_id)
    if crossing is None or crossing.gate_id != actor.gate_id:
        raise UserInputError(_("There is no such crossing at this gate."))
    return crossing


def _latest_declaration_row(session: Session, crossing_id: UUID) -> DeclarationRow | None:
    return session.scalars(
        select(DeclarationRow).where(DeclarationRow.crossing_id == crossing_id)
        .order_by(DeclarationRow.version.desc()).limit(1)
    ).first()


def save_declaration(
    db: Database, actor: Actor, crossing_id: UUID, declaration: Declaration,
    source_format: str = "json",
) -> int:
    """Save a declaration for the crossing as its next version; returns the version number.

    The declaration is validated again (HS codes, units, countries, currencies),
    so a GUI-typed one meets the same rules as an imported file.

    Raises:
        PermissionDenied: only customs officers record declarations.
        UserInputError: invalid declaration or unknown crossing; nothing is written.
    """
    require(actor.role, Action.RUN_CHECK)
    declaration = validate_declaration(declaration)
    with db.session() as session:
        claim(session, actor, crossing_id, CrossingAction.DECLARE)
        previous = _latest_declaration_row(session, crossing_id)
        now = utc_now()
        stamp = {"workstation_id": actor.workstation_id, "created_by": actor.officer_id,
                 "created_at": now}
        certificate = declaration.origin_certificate
        row = DeclarationRow(
            crossing_id=crossing_id, version=previous.version + 1 if previous else 1,
            supersedes_id=previous.id if previous else None,
            declaration_no=declaration.declaration_no, type=declaration.type,
            declared_at=declaration.declared_at, trader_name=declaration.trader.name,
            trader_tax_code=declaration.trader.tax_code,
            vehicle_plate=declaration.vehicle.plate,
            container_no=declaration.vehicle.container_no, seal_no=declaration.vehicle.seal_no,
            co_form=certificate.form if certificate else None,
            co_number=certificate.number if certificate else None,
            co_issued_at=certificate.issued_at if certificate else None,
            co_origin_country=certificate.origin_country if certificate else None,
            source_format=source_format, raw=declaration_to_dict(declaration), **stamp,
        )
        session.add(row)
        session.flush()
        for line in declaration.lines:
            session.add(DeclarationLineRow(
                declaration_id=row.id, line_no=line.line_no, hs_code=line.hs_code,
                description=line.description, quantity=line.quantity, unit=line.unit,
                gross_weight_kg=line.gross_weight_kg, value=line.value,
                currency=line.currency, origin_country=line.origin_country,
                preference=line.preference, cost=_cost_json(line), **stamp,
            ))
        append_event(
            session, workstation_id=actor.workstation_id, officer_id=actor.officer_id,
            action="declaration.saved", entity="crossing", entity_id=str(crossing_id),
            payload={"declaration_id": str(row.id), "version": row.version,
                     "declaration_no": row.declaration_no, "lines": len(declaration.lines),
                     "format": source_format},
            at=now,
        )
        return row.version


def latest_declaration(db: Database, actor: Actor, crossing_id: UUID) -> Declaration | None:
    """The crossing's latest declaration version, or None."""
    require(actor.role, Action.VIEW_CROSSING)
    with db.session() as session:
        gate_of(session, actor)
        _crossing(session, actor, crossing_id)
        row = _latest_declaration_row(session, crossing_id)
        return stored_declaration(row) if row else None


# ---- Manifests as the checks see them ------------------------------------------------------


def _latest_manifest(session: Session, crossing_id: UUID) -> tuple[UUID, Manifest] | None:
    row = latest_row(session, crossing_id)
    return None if row is None else (row.id, manifest_of(session, row))


def _arrival(crossing: Crossing) -> ArrivalFacts:
    return ArrivalFacts(
        tractor_plate=crossing.tractor_plate, trailer_plate=crossing.trailer_plate,
        container_nos=tuple(c.container_no for c in crossing.containers),
        seal_nos=tuple(seal for c in crossing.containers for seal in c.seal_nos.split()),
    )


# ---- Check runs ----------------------------------------------------------------------------


def run_check(db: Database, actor: Actor, crossing_id: UUID) -> CheckRecord:
    """Cross-check the crossing's latest declaration and manifest as a new check run.

    The channel in force becomes the run's, unless an officer's override is in
    force: that stays, shown beside the new run. The crossing moves as
    ``crossing_lifecycle.after_check`` says: never out of a hold or an
    inspection under way.

    Raises:
        PermissionDenied: only customs officers run checks.
        UserInputError: no declaration yet, unknown crossing, or a closed crossing.
        ConcurrentChange: the crossing changed while the check ran (nothing is recorded).
    """
    require(actor.role, Action.RUN_CHECK)
    with db.session() as session:
        gate_of(session, actor)
        crossing = _crossing(session, actor, crossing_id)
        problem = refusal(CrossingAction.CHECK, CrossingStatus(crossing.status))
        if problem:
            raise UserInputError(problem)
        declaration_row = _latest_declaration_row(session, crossing_id)
        if declaration_row is None:
            raise UserInputError(_("Record the declaration before running the checks."))
        declaration = stored_declaration(declaration_row)
        found = _latest_manifest(session, crossing_id)
        arrival = _arrival(crossing)
        version = crossing.version
    watch_lists = load_gate_watch_lists(db)
    settings_version, settings = settings_in_force(db, actor)
    with db.session() as session:
        history = history_facts(session, actor.gate_id, declaration, arrival, at=utc_now(),
                                settings=settings.history, exclude_crossing=crossing_id)
    result = check(declaration, found[1] if found else None, arrival=arrival,
                   watch_lists=watch_lists, nomenclature=shipped_nomenclature(),
                   settings=settings, history=history)
    try:
        with db.session() as session:
            crossing = claim(session, actor, crossing_id, CrossingAction.CHECK,
                             expected_version=version)
            in_force = override_in_force(session, crossing_id)
            run_id = new_id()
            pick = channel_draw(session, actor, crossing_id, run_id, settings.selectivity)
            result = with_random_pick(result, pick)
            if in_force is not None and outgrows(result.channel, session, in_force):
                in_force = None  # more risk than the decision saw: the checks' channel
            channel = Channel(in_force.channel) if in_force else result.channel
            now = utc_now()
            stamp = {"workstation_id": actor.workstation_id, "created_by": actor.officer_id,
                     "created_at": now}
            run = CheckRun(
                id=run_id, crossing_id=crossing_id, declaration_id=declaration_row.id,
                manifest_id=found[0] if found else None, channel=result.channel.value,
                score=result.score, rules_version=RULES_VERSION,
                watch_list_version=watch_lists.version[:64],
                settings_version=settings_version, **stamp,
            )
            session.add(run)
            session.flush()
            points = {c.finding_index: c.points for c in result.contributions}
            for index, f in enumerate(result.findings):
                # UUIDv7 ids keep the findings in the order the rules gave them.
                session.add(FindingRow(
                    check_run_id=run.id, rule=f.rule.value, severity=f.severity.value, line=f.line,
                    message=f.message, evidence=_jsonable(f.evidence),
                    message_phrase=f.phrase.to_json() if isinstance(f.phrase, Phrase) else None,
                    points=points.get(index, 0), **stamp,
                ))
            append_event(
                session, workstation_id=actor.workstation_id, officer_id=actor.officer_id,
                action="check.run", entity="crossing", entity_id=str(crossing_id),
                payload={"check_run_id": str(run.id), "channel": result.channel.value,
                         "score": result.score, "findings": [f.rule.value for f in result.findings],
                         "declaration_id": str(declaration_row.id),
                         "manifest_id": str(found[0]) if found else None,
                         "watch_list_version": watch_lists.version,
                         "settings_version": settings_version,
                         "random_pick": pick.channel.value if pick.channel else None,
                         "override_in_force": str(in_force.id) if in_force else None},
                at=now,
            )
            if channel is Channel.RED:
                inspector_draw(session, actor, crossing_id)
            move(session, actor, crossing,
                 after_check(CrossingStatus(crossing.status), channel), channel=channel,
                 note=Phrase.ngettext("Checks: score {score}, {n} finding.",
                                      "Checks: score {score}, {n} findings.", "n",
                                      {"score": result.score, "n": len(result.findings)}))
            return check_record(session, run)
    except StaleDataError:
        raise changed_first() from None


def _jsonable(value: object) -> object:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def latest_check(db: Database, actor: Actor, crossing_id: UUID) -> CheckRecord | None:
    """The crossing's latest check run with its findings and override, or None."""
    require(actor.role, Action.VIEW_CROSSING)
    with db.session() as session:
        gate_of(session, actor)
        _crossing(session, actor, crossing_id)
        run = latest_run(session, crossing_id)
        return check_record(session, run) if run else None
