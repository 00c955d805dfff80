"""What ``borderdesk crossing`` prints: the crossing as JSON for scripts, a summary for people.

The JSON is a contract (DESIGN.md): ``reference``, ``status``, ``channel`` (the
channel in force), ``check`` (the latest run) and ``override`` (the override in
force) are always there, ``null`` when there is nothing to show, so a script
can compare two readings of a crossing field by field; so is ``override_request``,
the latest lowered channel not in force (``state`` ``pending`` while it waits for a
supervisor, ``refused`` or ``lapsed`` after). ``actions_open`` is what the
acting officer may do now (the window's enabled buttons); ``history`` the crossing's
moves with their notes, in the reader's language.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any
from uuid import UUID
from zoneinfo import ZoneInfo

from borderdesk.cli import output
from borderdesk.i18n import _, ngettext

if TYPE_CHECKING:
    from borderdesk.services.check_records import CheckRecord


def _number(value: Decimal | None) -> str | None:
    return None if value is None else f"{Decimal(value).normalize():f}"


def check_json(record: CheckRecord | None) -> dict[str, Any] | None:
    """The latest check run: its own channel and score (an override is shown beside it)."""
    if record is None:
        return None
    return {
        "check_run_id": str(record.check_run_id), "channel": record.result.channel.value,
        "score": record.result.score, "at": record.at.isoformat(),
        "officer": record.officer_name,
        "findings": [{"rule": f.rule.value, "severity": f.severity.value, "message": f.message,
                      "line": f.line} for f in record.result.findings],
    }


def override_json(record: CheckRecord | None, *, request: bool = False) -> dict[str, Any] | None:
    """The override in force (or with ``request`` the lowered channel not in force), or None."""
    override = None if record is None else record.request if request else record.override
    if override is None:
        return None
    return {"override_id": str(override.override_id), "channel": override.channel.value,
            "from": override.from_channel.value if override.from_channel else None,
            "reason": override.reason, "officer": override.officer_name,
            "at": override.at.isoformat(), "state": str(override.state),
            "decided_by": override.decided_by or None,
            "decision_reason": override.decision_reason or None}


def crossing_json(db: Any, actor: Any, crossing_id: UUID) -> dict[str, Any]:
    """Everything ``crossing show --json`` prints, read through the services."""
    from borderdesk.services import (
        checks,
        crossing_lifecycle,
        crossings,
        evidence,
        inspections,
        manifests,
        seizures,
    )

    detail = crossings.get_crossing(db, actor, crossing_id)
    open_now = crossing_lifecycle.actions_open(db, actor, crossing_id)
    record = checks.latest_check(db, actor, crossing_id)
    manifest = manifests.latest_manifest(db, actor, crossing_id)
    declaration = checks.latest_declaration(db, actor, crossing_id)
    return {
        "reference": detail.reference, "status": detail.status.value,
        "channel": detail.channel.value if detail.channel else None,
        "direction": detail.direction.value, "lane": detail.lane,
        "tractor_plate": detail.tractor_plate, "trailer_plate": detail.trailer_plate,
        "arrived_at": detail.arrived_at.isoformat(), "version": detail.version,
        "check": check_json(record), "override": override_json(record),
        "override_request": override_json(record, request=True),
        "actions_open": sorted(action.value for action in open_now),
        # In the reader's language: the notes BorderDesk wrote are said as the reader reads.
        "history": [{"stage": entry.stage.value, "at": entry.at.isoformat(),
                     "officer": entry.officer, "what": entry.what} for entry in detail.entries],
        "declaration": None if declaration is None else {
            "declaration_no": declaration.declaration_no, "lines": len(declaration.lines)},
        "manifest": None if manifest is None else {
            "manifest_id": str(manifest.manifest_id), "version": manifest.version,
            "lines": len(manifest.manifest.lines)},
        "evidence": [{"sha256": item.sha256, "kind": item.kind.value, "source": item.source,
                      "media_type": item.media_type}
                     for item in evidence.list_evidence(db, actor, crossing_id)],
        "inspections": [{"inspection_id": str(i.inspection_id), "kind": i.kind.value,
                         "result": i.result.value, "finding_rules": list(i.finding_rules),
                         "unpredicted": i.unpredicted,
                         "notes": i.notes, "officer": i.officer}
                        for i in inspections.inspections_of_crossing(db, actor, crossing_id)],
        "seizures": [{"seizure_id": str(s.seizure_id), "reason": s.reason,
                      "storage_location": s.storage_location,
                      "lines": [{"description": line.description,
                                 "quantity": _number(line.quantity), "unit": line.unit,
                                 "hs_code": line.hs_code, "bag_seal_no": line.bag_seal_no}
                                for _line_id, line in s.lines]}
                     for s in seizures.seizures_of_crossing(db, actor, crossing_id)],
    }


def _local(text: str, zone: ZoneInfo) -> str:
    from datetime import datetime

    return datetime.fromisoformat(text).astimezone(zone).strftime("%Y-%m-%d %H:%M")


def _channel(value: str | None) -> str:
    from borderdesk.domain.crossing import Channel, label

    return label(Channel(value)) if value else _("none yet")


def summary(view: dict[str, Any], zone: ZoneInfo) -> str:
    """A few lines an officer reads at a glance."""
    from borderdesk.domain.crossing import CrossingAction, CrossingStatus, Direction, label

    lines = [
        _("{reference}: {direction}, lane {lane}, {plate}, arrived {time}").format(
            reference=view["reference"], direction=label(Direction(view["direction"])),
            lane=view["lane"], plate=view["tractor_plate"],
            time=_local(view["arrived_at"], zone)),
        _("Status: {status}. Channel: {channel}.").format(
            status=label(CrossingStatus(view["status"])), channel=_channel(view["channel"])),
    ]
    check = view["check"]
    if check is not None:
        lines.append(ngettext(
            "Check: {channel}, score {score}, {n} finding ({officer}, {time})",
            "Check: {channel}, score {score}, {n} findings ({officer}, {time})",
            len(check["findings"])).format(
            channel=_channel(check["channel"]), score=check["score"], n=len(check["findings"]),
            officer=check["officer"], time=_local(check["at"], zone)))
    override = view["override"]
    if override is not None:
        lines.append(_("Override: {channel}, by {officer} ({time}): {reason}").format(
            channel=_channel(override["channel"]), officer=override["officer"],
            time=_local(override["at"], zone), reason=" ".join(override["reason"].split())))
    request = view.get("override_request")
    if request is not None:
        lines.append(request_line(request, zone))
    lines.append(_("Evidence: {files}. Inspections: {inspections}. Seizures: {seizures}.").format(
        files=len(view["evidence"]), inspections=len(view["inspections"]),
        seizures=len(view["seizures"])))
    open_now = [label(action) for action in CrossingAction if action in view["actions_open"]]
    lines.append(_("You may now: {actions}.").format(actions=", ".join(open_now))
                 if open_now else _("You may do nothing more to this crossing."))
    return "\n".join(lines)


def request_line(request: dict[str, Any], zone: ZoneInfo) -> str:
    """The lowered channel not in force, in one line: waiting, refused, or passed by."""
    values = {"channel": _channel(request["channel"]).lower(), "officer": request["officer"],
              "time": _local(request["at"], zone), "reason": " ".join(request["reason"].split()),
              "supervisor": request["decided_by"] or "",
              "why": " ".join((request["decision_reason"] or "").split())}
    if request["state"] == "pending":
        return _("Lowering to {channel} awaits a supervisor (asked by {officer}, {time}: "
                 "{reason}).").format(**values)
    if request["state"] == "refused":
        return _("Lowering to {channel} refused by {supervisor}: {why} (asked by {officer}: "
                 "{reason}).").format(**values)
    return _("Lowering to {channel}, asked by {officer} ({time}), was not decided before the "
             "crossing moved on.").format(**values)


def findings_table(view: dict[str, Any]) -> str:
    """The latest check's findings as a table, then its channel and score."""
    check = view["check"]
    if check is None:
        return _("No check has run yet.")
    rows = [[str(f["line"]) if f["line"] is not None else "", f["rule"], f["severity"],
             " ".join(f["message"].split())] for f in check["findings"]]
    text = [output.table([_("Line"), _("Rule"), _("Severity"), _("Finding")], rows)
            if rows else _("No findings.")]
    text.append(_("Checks: {channel} (score {score}).").format(
        channel=_channel(check["channel"]), score=check["score"]))
    return "\n".join(text)
