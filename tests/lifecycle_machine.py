"""A driver that holds the services to the lifecycle model, one step at a time.

``LifecycleWorld`` takes one action at a time (any action, by an officer of any
role, on one of a few crossings), predicts from the model's tables
(``lifecycle_model``) whether the services must allow it, calls the service,
and checks what came back and what the database holds now against the
prediction: a refusal changed no row; a success wrote exactly the audit events
its rows call for; held crossings leave ``held`` only by a supervisor's
release; closed ones never move; the channel shown is the override's in force,
else the latest run's; an override never lowers the channel by itself (a lowered
channel waits for a supervisor's approval, and a request the crossing moved
past cannot be approved); seized goods have one holder; the audit chain verifies.

The Hypothesis state machine (``tests/services/test_crossing_stateful.py``) and
``bench/lifecycle_soak.py`` drive the same world, so the long run checks
exactly what the suite checks.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any
from uuid import UUID

from gate_kit import GateSetup, arrival
from lifecycle_model import (
    CLOSED,
    PLATES,
    RANK,
    ROLES_MAY,
    STATUSES_ALLOW,
    CrossingModel,
    Expectation,
    HandoffModel,
    InvariantBroken,
    RequestModel,
    SeizureModel,
    after_channel,
    bad_reason,
    declaration_variant,
    lowers,
    manifest_variant,
    tiny_png,
)
from sqlalchemy import func, select, text

from borderdesk.domain.crossing import Channel, CrossingStatus
from borderdesk.domain.custody import (
    Agency,
    HandoffForm,
    HandoffState,
    InspectionForm,
    InspectionKind,
    InspectionResult,
    ItemConfirmation,
    SeizedLine,
    SeizureForm,
    agency_of,
)
from borderdesk.domain.evidence import EvidenceKind
from borderdesk.domain.officer import Actor, Role
from borderdesk.errors import BorderDeskError, ConcurrentChange, PermissionDenied, UserInputError
from borderdesk.services import checks, handoffs, inspections, manifests, overrides, seizures
from borderdesk.services.audit_verify import verify_chains
from borderdesk.services.crossing_lifecycle import cancel_crossing, release_hold
from borderdesk.services.crossings import get_crossing, register_arrival
from borderdesk.services.evidence import attach_evidence
from borderdesk.services.handoff_views import custody_timeline
from borderdesk.storage.models import AuditEvent, Crossing, Handoff
from borderdesk.storage.models.base import Base

_R, _S = Role, CrossingStatus
ONCE_PER_GATE = frozenset({"scoring.started", "selection.key_made"})
"""Written by the gate's first check (its scoring settings, its random key), then never."""

# ---- The world: the model beside a real gate ----------------------------------------------


class LifecycleWorld:
    """One gate's crossings, acted on one step at a time and held to the model.

    Args:
        gate: the gate and its officers (one of every role).
        verify_every: run the (slow) audit-chain verification every this many steps.
    """

    def __init__(self, gate: GateSetup, *, verify_every: int = 25, window: int = 3) -> None:
        self.gate = gate
        self.verify_every = verify_every
        self.window = window
        self.crossings: list[CrossingModel] = []
        self.seizures: list[SeizureModel] = []
        self.handoffs: list[HandoffModel] = []
        self.requests: list[RequestModel] = []
        self.once: Counter[str] = Counter()
        self.tried: Counter[str] = Counter()
        self.succeeded: Counter[str] = Counter()
        self.refused: Counter[str] = Counter()
        self.steps = 0
        self.trace: deque[str] = deque(maxlen=200)
        self._declarations = {v: declaration_variant(v) for v in (0, 1)}
        self._manifests = {v: manifest_variant(v) for v in (0, 1, 2)}
        self._tables = [t.name for t in Base.metadata.sorted_tables]

    # ---- picking among what exists

    def crossing(self, index: int) -> CrossingModel | None:
        """One of the latest ``window`` crossings (index taken modulo), or None."""
        recent = self.crossings[-self.window:]
        return recent[index % len(recent)] if recent else None

    def seizure(self, index: int) -> SeizureModel | None:
        """One of the latest seizures, or None."""
        recent = self.seizures[-self.window:]
        return recent[index % len(recent)] if recent else None

    def handoff(self, index: int) -> HandoffModel | None:
        """One of the latest handoffs, or None."""
        recent = self.handoffs[-self.window:]
        return recent[index % len(recent)] if recent else None

    def request(self, index: int) -> RequestModel | None:
        """One of the latest lowered-channel requests (live or not), or None."""
        recent = self.requests[-self.window:]
        return recent[index % len(recent)] if recent else None

    def moved_past(self, crossing: CrossingModel) -> None:
        """The crossing moved on: a lowered channel still waiting can no longer be approved."""
        for request in self.requests:
            if request.crossing is crossing:
                request.live = False

    # ---- reading the database

    def _snapshot(self) -> tuple[tuple[int, ...], list[tuple[Any, ...]], int]:
        """Row counts of every table, the tracked crossings' rows, the last audit seq."""
        counts = ", ".join(f'(SELECT count(*) FROM "{name}")' for name in self._tables)
        ids = [c.crossing_id for c in self.crossings[-2 * self.window:]]
        with self.gate.db.session() as session:
            numbers = tuple(int(n) for n in session.execute(text(f"SELECT {counts}")).one())
            rows = [tuple(row) for row in session.execute(
                select(Crossing.__table__).where(Crossing.id.in_(ids)).order_by(Crossing.id))]
            seq = session.scalar(select(func.max(AuditEvent.seq)).where(
                AuditEvent.workstation_id == self.gate.workstation.workstation_id)) or 0
        return numbers, rows, int(seq)

    def _events_since(self, seq: int) -> list[str]:
        with self.gate.db.session() as session:
            return list(session.scalars(select(AuditEvent.action).where(
                AuditEvent.workstation_id == self.gate.workstation.workstation_id,
                AuditEvent.seq > seq).order_by(AuditEvent.seq)))

    def version(self, crossing: CrossingModel) -> int:
        """The crossing's version as a workstation would have read it just now."""
        return get_crossing(self.gate.db, self.gate.actor(_R.SUPERVISOR),
                            crossing.crossing_id).version

    def _expected_version(self, crossing: CrossingModel, mode: str) -> tuple[int | None, bool]:
        if mode == "none":
            return None, False
        current = self.version(crossing)
        return (current, False) if mode == "current" else (current - 1, True)

    # ---- one step

    def _fail(self, message: str) -> None:
        raise InvariantBroken(f"{message}\nlast steps:\n  " + "\n  ".join(list(self.trace)[-40:]))

    def _step(self, kind: str, role: Role, words: str, expect: Expectation,
              call: Callable[[], Any], crossing: CrossingModel | None,
              on_success: Callable[[Any], None], *, settled_by: str = "") -> None:
        """Call the service, then check the outcome against ``expect`` and every invariant."""
        self.steps += 1
        self.tried[kind] += 1
        self.trace.append(f"{self.steps}: {kind} by {role.value} {words}")
        before_counts, before_rows, seq = self._snapshot()
        before_status = {c.crossing_id: c.status for c in self.crossings}
        try:
            result = call()
        except BorderDeskError as error:
            self.refused[kind] += 1
            self.trace[-1] += f" -> refused {type(error).__name__}: {str(error)[:120]}"
            after_counts, after_rows, after_seq = self._snapshot()
            if (after_counts, after_rows, after_seq) != (before_counts, before_rows, seq):
                self._fail(f"{kind} was refused ({error}) but rows changed")
            if not expect.refusals:
                self._fail(f"{kind} by {role.value} was refused, the model allows it: {error}")
            if not isinstance(error, tuple(expect.refusals)):
                self._fail(f"{kind} refused with {type(error).__name__} ({error}); the model "
                           f"expected {[e.__name__ for e in expect.refusals]}")
            who = settled_by or (crossing.last_officer if crossing is not None else "")
            if isinstance(error, ConcurrentChange) and who and who not in str(error):
                self._fail(f"the conflict does not name {who}: {error}")
            return
        self.succeeded[kind] += 1
        self.trace[-1] += " -> done"
        if expect.refusals:
            self._fail(f"{kind} by {role.value} succeeded; the model expected "
                       f"{[e.__name__ for e in expect.refusals]}")
        old = (crossing.status, crossing.channel) if crossing else None
        on_success(result)
        if crossing is not None and kind == "override" and old and old[1] and \
                crossing.channel and RANK[crossing.channel] < RANK[old[1]]:
            self._fail("an override lowered the channel without a supervisor's approval")
        if crossing is not None:
            # A photo or a handoff does not move the crossing's version: a conflict names
            # whoever moved it, not them.
            if kind not in ("evidence", "send_handoff", "settle_handoff"):
                crossing.last_officer = self.gate.actor(role).full_name
            if old != (crossing.status, crossing.channel):
                expect.events.append("crossing.advanced")
        events = self._events_since(seq)
        once = [event for event in events if event in ONCE_PER_GATE]
        self.once.update(once)
        if (kind != "check" and once) or any(n > 1 for n in self.once.values()):
            self._fail(f"{kind} wrote {once}: the gate's first check writes them, once")
        events = [event for event in events if event not in ONCE_PER_GATE]
        if Counter(events) != Counter(expect.events):
            self._fail(f"{kind} wrote events {events}, the model expected {expect.events}")
        self._check_invariants(kind, role, before_status, crossing)

    def _check_invariants(self, kind: str, role: Role, before: dict[UUID, CrossingStatus],
                          acted: CrossingModel | None) -> None:
        tracked = self.crossings[-2 * self.window:]
        with self.gate.db.session() as session:
            shown = {row.id: (CrossingStatus(row.status), row.channel) for row in session.execute(
                select(Crossing.id, Crossing.status, Crossing.channel).where(
                    Crossing.id.in_([c.crossing_id for c in tracked])))}
        for model in tracked:
            was, (now, channel) = before.get(model.crossing_id), shown[model.crossing_id]
            if was is _S.HELD and now is not _S.HELD and not (
                    kind == "release_hold" and role is _R.SUPERVISOR):
                self._fail(f"a held crossing became {now} by {kind} of {role.value}")
            if was in CLOSED and now is not was:
                self._fail(f"a closed crossing ({was}) became {now} by {kind}")
            if (now, channel) != (model.status, model.channel and model.channel.value):
                self._fail(f"the crossing is {now}, channel {channel}; the model says "
                           f"{model.status}, {model.channel}")
        # What the window and the CLI show, through their services, for the crossing acted on
        # (the rows above already hold every other tracked crossing to the model).
        if kind == "register":
            acted = self.crossings[-1]
        if acted is not None:
            self._check_channel(acted)
        if kind in ("seize", "send_handoff", "settle_handoff"):
            self._check_custody()
        if self.verify_every and self.steps % self.verify_every == 0:
            self.verify()

    def _check_channel(self, model: CrossingModel) -> None:
        supervisor = self.gate.actor(_R.SUPERVISOR)
        detail = get_crossing(self.gate.db, supervisor, model.crossing_id)
        latest = checks.latest_check(self.gate.db, supervisor, model.crossing_id)
        if detail.channel != model.channel:
            self._fail(f"the crossing shows {detail.channel}, the model {model.channel}")
        if (latest.channel if latest else None) != model.channel:
            self._fail(f"the latest check shows {latest.channel if latest else None}, "
                       f"the model {model.channel}")

    def _check_custody(self) -> None:
        supervisor = self.gate.actor(_R.SUPERVISOR)
        for seizure in self.seizures[-self.window:]:
            with self.gate.db.session() as session:
                pending = session.scalar(select(func.count()).select_from(Handoff).where(
                    Handoff.seizure_id == seizure.seizure_id,
                    Handoff.state == HandoffState.PENDING.value)) or 0
            if pending > 1:
                self._fail(f"seized goods are in {pending} pending handoffs at once")
            mine = {h.handoff_id for h in seizure.handoffs}
            spans = [s for s in custody_timeline(self.gate.db, supervisor,
                                                 seizure.crossing.crossing_id)
                     if s.handoff_id in mine and s.state is not HandoffState.PENDING]
            holding = [s for s in spans if s.until is None]
            if spans and [s.agency for s in holding] != [seizure.holder]:
                self._fail(f"the goods are held by {[s.agency for s in holding]}; the model "
                           f"says {seizure.holder} alone")

    def verify(self) -> None:
        """The audit chain verifies from its first event."""
        report = verify_chains(self.gate.db, gate_id=self.gate.workstation.gate_id)
        if not report.intact:
            self._fail(f"the audit chain is broken: {report.problems} {report.findings}")

    # ---- the actions

    def register(self, role: Role, plate: int) -> None:
        """A vehicle arrives."""
        expect = Expectation()
        expect.refuse(PermissionDenied, role not in ROLES_MAY["register"])
        expect.events.append("crossing.registered")

        def done(detail: Any) -> None:
            self.crossings.append(CrossingModel(detail.crossing_id,
                                                last_officer=self.gate.actor(role).full_name))

        self._step("register", role, PLATES[plate % 3], expect, lambda: register_arrival(
            self.gate.db, self.gate.actor(role), arrival(PLATES[plate % 3])), None, done)

    def _crossing_rules(self, kind: str, role: Role, crossing: CrossingModel) -> Expectation:
        expect = Expectation()
        expect.refuse(PermissionDenied, role not in ROLES_MAY[kind])
        expect.refuse(UserInputError, crossing.status not in STATUSES_ALLOW[kind])
        return expect

    def declare(self, role: Role, index: int, variant: int) -> None:
        """A customs officer records the declaration."""
        crossing = self.crossing(index)
        if crossing is None:
            return
        expect = self._crossing_rules("declare", role, crossing)
        expect.events.append("declaration.saved")
        self._step("declare", role, f"#{index} variant {variant}", expect,
                   lambda: checks.save_declaration(self.gate.db, self.gate.actor(role),
                                                   crossing.crossing_id,
                                                   self._declarations[variant % 2]),
                   crossing, lambda _: setattr(crossing, "declared", True))

    def manifest(self, role: Role, index: int, variant: int) -> None:
        """A manifest typed or exported by the carrier is saved as the next version."""
        crossing = self.crossing(index)
        if crossing is None:
            return
        expect = self._crossing_rules("manifest", role, crossing)
        expect.events.append("manifest.entered")
        self._step("manifest", role, f"#{index} variant {variant}", expect,
                   lambda: manifests.save_manifest(self.gate.db, self.gate.actor(role),
                                                   crossing.crossing_id,
                                                   self._manifests[variant % 3]),
                   crossing, lambda _: None)

    def check(self, role: Role, index: int) -> None:
        """The checks run again: a new run; an override in force stays."""
        crossing = self.crossing(index)
        if crossing is None:
            return
        expect = self._crossing_rules("check", role, crossing)
        expect.refuse(UserInputError, not crossing.declared)
        expect.events.append("check.run")

        def done(record: Any) -> None:
            self.moved_past(crossing)
            crossing.run_channel = Channel(record.result.channel)
            assert crossing.channel is not None
            crossing.status = after_channel(crossing.status, crossing.channel)

        self._step("check", role, f"#{index}", expect, lambda: checks.run_check(
            self.gate.db, self.gate.actor(role), crossing.crossing_id), crossing, done)

    def override(self, role: Role, index: int, channel: Channel, reason: str,
                 version: str) -> None:
        """An officer sends the crossing another way, with a reason."""
        crossing = self.crossing(index)
        if crossing is None:
            return
        expected_version, stale = self._expected_version(crossing, version)
        expect = self._crossing_rules("override", role, crossing)
        expect.refuse(UserInputError, bad_reason(reason))
        expect.refuse(ConcurrentChange, stale)
        expect.refuse(UserInputError, crossing.run_channel is None
                      or crossing.channel is channel)
        lowering = lowers(channel, crossing.channel)
        expect.refuse(UserInputError, lowering and crossing.status is _S.HELD)
        expect.events.append("check.override_requested" if lowering
                             else "check.channel_overridden")

        def done(result: Any) -> None:
            self.moved_past(crossing)  # a newer override replaces a request still waiting
            if result.state != ("pending" if lowering else "in_force"):
                self._fail(f"an override to {channel} from {crossing.channel} is {result.state}")
            if lowering:
                self.requests.append(RequestModel(result.override_id, crossing, channel))
                return
            crossing.override_channel = channel
            crossing.status = after_channel(crossing.status, channel)

        self._step("override", role, f"#{index} to {channel} reason {reason[:20]!r} "
                   f"version {version}", expect, lambda: overrides.override_channel(
                       self.gate.db, self.gate.actor(role), crossing.crossing_id, channel,
                       reason, expected_version=expected_version), crossing, done)

    def decide(self, role: Role, index: int, approve: bool, reason: str,
               crossing_index: int | None = None) -> None:
        """A supervisor approves or refuses a lowered channel (one of the latest requests, or
        the latest of the crossing ``crossing_index`` picks)."""
        if crossing_index is None:
            request = self.request(index)
        else:
            crossing = self.crossing(crossing_index)
            request = next((r for r in reversed(self.requests) if r.crossing is crossing), None)
        if request is None:
            return
        crossing = request.crossing
        expect = self._crossing_rules("decide_override", role, crossing)
        expect.refuse(UserInputError, (not approve or bool(reason.strip())) and
                      bad_reason(reason))
        expect.refuse(ConcurrentChange, bool(request.decided_by))
        expect.refuse(UserInputError, not request.live)
        expect.events.append("check.override_approved" if approve else "check.override_refused")
        actor = self.gate.actor(role)

        def call() -> Any:
            if approve:
                return overrides.approve_override(self.gate.db, actor, request.override_id,
                                                  reason)
            return overrides.refuse_override(self.gate.db, actor, request.override_id, reason)

        def done(_: Any) -> None:
            request.live, request.decided_by = False, actor.full_name
            if approve:
                crossing.override_channel = request.channel
                crossing.status = after_channel(crossing.status, request.channel)

        self._step("decide_override", role, f"request #{index} approve={approve} "
                   f"reason {reason[:20]!r}", expect, call, crossing, done,
                   settled_by=request.decided_by)

    def inspect(self, role: Role, index: int, kind: InspectionKind, result: InspectionResult,
                rules: Sequence[str]) -> None:
        """An inspection is recorded and concludes (or not) the crossing."""
        crossing = self.crossing(index)
        if crossing is None:
            return
        expect = self._crossing_rules("inspect", role, crossing)
        expect.refuse(UserInputError, crossing.run_channel is None)
        expect.refuse(UserInputError, bool(rules) and result is not InspectionResult.DISCREPANCY)
        expect.refuse(UserInputError, "NO_SUCH_RULE" in rules)
        held = crossing.status is _S.HELD
        expect.refuse(UserInputError, not held and result is InspectionResult.CLEAR
                      and crossing.channel is Channel.RED and kind is not InspectionKind.PHYSICAL)
        expect.events.append("inspection.recorded")

        def done(_: Any) -> None:
            self.moved_past(crossing)
            if not held:
                crossing.status = (_S.RELEASED if result is InspectionResult.CLEAR
                                   else _S.INSPECTION)

        self._step("inspect", role, f"#{index} {kind} {result} {tuple(rules)}", expect,
                   lambda: inspections.record_inspection(
                       self.gate.db, self.gate.actor(role), InspectionForm(
                           crossing.crossing_id, kind, result, "noted",
                           finding_rules=tuple(rules))), crossing, done)

    def seize(self, role: Role, index: int, lines: int, reason: str) -> None:
        """Goods are seized; the crossing is held."""
        crossing = self.crossing(index)
        if crossing is None:
            return
        expect = self._crossing_rules("seize", role, crossing)
        expect.refuse(UserInputError, lines == 0 or bad_reason(reason))
        expect.events.append("seizure.recorded")
        goods = (SeizedLine("Sữa bột giả nhãn, hộp 800 g", Decimal(40), "TIN", hs_code="190110"),
                 SeizedLine("Thuốc lá điếu không tem", Decimal("35.5"), "kg"))[:lines]

        def done(record: Any) -> None:
            self.moved_past(crossing)
            crossing.status = _S.HELD
            agency = agency_of(role)
            assert agency is not None
            self.seizures.append(SeizureModel(record.seizure_id, crossing,
                                              seizures.seizure_items(record), agency))

        self._step("seize", role, f"#{index} {lines} lines reason {reason[:20]!r}", expect,
                   lambda: seizures.record_seizure(self.gate.db, self.gate.actor(role),
                                                   SeizureForm(crossing_id=crossing.crossing_id,
                                                               lines=goods, reason=reason,
                                                               storage_location="Kho 2")),
                   crossing, done)

    def close(self, kind: str, role: Role, index: int, reason: str, version: str) -> None:
        """``release_hold`` or ``cancel`` the crossing, with a reason."""
        crossing = self.crossing(index)
        if crossing is None:
            return
        expected_version, stale = self._expected_version(crossing, version)
        expect = self._crossing_rules(kind, role, crossing)
        expect.refuse(UserInputError, bad_reason(reason))
        expect.refuse(ConcurrentChange, stale)
        service = release_hold if kind == "release_hold" else cancel_crossing
        target = _S.RELEASED if kind == "release_hold" else _S.CANCELLED
        self._step(kind, role, f"#{index} reason {reason[:20]!r} version {version}", expect,
                   lambda: service(self.gate.db, self.gate.actor(role), crossing.crossing_id,
                                   reason, expected_version=expected_version),
                   crossing, lambda _: (self.moved_past(crossing),
                                        setattr(crossing, "status", target)))

    def evidence(self, role: Role, index: int, shade: int) -> None:
        """A photo is attached: allowed whatever the status, by an agency's officer."""
        crossing = self.crossing(index)
        if crossing is None:
            return
        expect = self._crossing_rules("evidence", role, crossing)
        expect.events.append("evidence.attached")
        self._step("evidence", role, f"#{index} shade {shade}", expect, lambda: attach_evidence(
            self.gate.db, self.gate.actor(role), crossing.crossing_id, tiny_png(shade),
            EvidenceKind.CARGO, "cam-1"), crossing, lambda _: None)

    def send_handoff(self, role: Role, index: int, to: Agency) -> None:
        """The agency holding seized goods hands them to another."""
        seizure = self.seizure(index)
        if seizure is None:
            return
        actor: Actor = self.gate.actor(role)
        own = agency_of(role)
        expect = Expectation()
        expect.refuse(PermissionDenied, own is None)
        expect.refuse(UserInputError, own is to)
        expect.refuse(UserInputError, own is not None and own is not to and (
            seizure.on_the_way or seizure.holder is not own))
        expect.events.append("handoff.sent")

        def done(record: Any) -> None:
            assert own is not None
            handoff = HandoffModel(record.summary.handoff_id, seizure, own, to,
                                   tuple(item.item_id for item in record.items))
            seizure.handoffs.append(handoff)
            self.handoffs.append(handoff)

        self._step("send_handoff", role, f"seizure #{index} to {to}", expect,
                   lambda: handoffs.send_handoff(self.gate.db, actor, HandoffForm(
                       to_agency=to, items=seizure.items, seizure_id=seizure.seizure_id)),
                   None, done)

    def settle_handoff(self, role: Role, index: int, how: HandoffState, reason: str,
                       confirm: str) -> None:
        """The receiver accepts, disputes or returns a handoff of seized goods."""
        handoff = self.handoff(index)
        if handoff is None:
            return
        actor = self.gate.actor(role)
        items = {"all": handoff.item_ids, "first": handoff.item_ids[:1], "none": ()}[confirm]
        confirmations = tuple(ItemConfirmation(i, seal_intact=confirm != "first")
                              for i in items)
        expect = Expectation()
        expect.refuse(UserInputError, how is not HandoffState.ACCEPTED and bad_reason(reason))
        expect.refuse(UserInputError, "\x00" in reason)  # an acceptance's note is stored too
        expect.refuse(PermissionDenied, agency_of(role) is not handoff.to_agency)
        expect.refuse(ConcurrentChange, handoff.state is not HandoffState.PENDING)
        expect.refuse(UserInputError, how is HandoffState.ACCEPTED
                      and len(items) != len(handoff.item_ids))
        expect.refuse(UserInputError, how is HandoffState.DISPUTED and not items)
        expect.events.append(f"handoff.{how.value}")
        if how is HandoffState.ACCEPTED:
            def call() -> Any:
                return handoffs.accept_handoff(self.gate.db, actor, handoff.handoff_id,
                                               confirmations, reason)
        elif how is HandoffState.DISPUTED:
            def call() -> Any:
                return handoffs.dispute_handoff(self.gate.db, actor, handoff.handoff_id, reason,
                                                confirmations)
        else:
            def call() -> Any:
                return handoffs.return_handoff(self.gate.db, actor, handoff.handoff_id, reason)

        def done(_: Any) -> None:
            handoff.state = how
            handoff.settled_by = actor.full_name
            if how is HandoffState.ACCEPTED:
                handoff.seizure.holder = handoff.to_agency

        self._step("settle_handoff", role, f"handoff #{index} {how} {confirm} "
                   f"reason {reason[:20]!r}", expect, call, None, done,
                   settled_by=handoff.settled_by)

    def summary(self) -> dict[str, Any]:
        """Tried, succeeded and refused actions by kind, as JSON-able numbers."""
        return {"steps": self.steps, "tried": dict(self.tried),
                "succeeded": dict(self.succeeded), "refused": dict(self.refused)}

