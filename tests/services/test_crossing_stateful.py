"""Random sequences of every action, by officers of every role, on a few crossings.

Hypothesis chooses the actions; ``lifecycle_machine.LifecycleWorld`` predicts
each outcome from its own tables, calls the service and checks every
invariant after every step (the audit chain every few steps and at the end).
A failure comes back shrunk to the shortest sequence that shows it.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from gate_kit import GateSetup, arrival
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    precondition,
    rule,
    run_state_machine_as_test,
)
from lifecycle_machine import LifecycleWorld
from lifecycle_model import (
    FINDING_RULES,
    REASONS,
    ROLE_CHOICES,
    ROLES_MAY,
    VERSIONS,
)
from sqlalchemy import func, select

from borderdesk.domain.crossing import Channel, CrossingStatus
from borderdesk.domain.custody import Agency, HandoffState, InspectionKind, InspectionResult
from borderdesk.domain.officer import Role
from borderdesk.errors import UserInputError
from borderdesk.services.crossing_lifecycle import cancel_crossing
from borderdesk.services.crossings import get_crossing, register_arrival
from borderdesk.storage.models import AuditEvent

roles = st.sampled_from(ROLE_CHOICES)


def role_for(kind: str) -> st.SearchStrategy[Role]:
    """Any role, but as often one that may take the action: refusals alone prove little."""
    return st.one_of(st.sampled_from(sorted(ROLES_MAY[kind])), roles)


picks = st.integers(min_value=0, max_value=5)
# Control characters too: a NUL is refused on both backends (PostgreSQL cannot store it).
reasons = st.one_of(st.sampled_from(REASONS),
                    st.text(st.characters(blacklist_categories=("Cs",)), max_size=12))
versions = st.sampled_from(VERSIONS)
WORKFLOW = ("declare", "manifest", "check", "check", "override red", "override yellow",
            "override green", "approve", "refuse", "inspect physical clear",
            "inspect documents discrepancy", "inspect physical discrepancy", "seize", "send",
            "accept", "release_hold", "cancel")


def machine_for(gate: GateSetup) -> Callable[[], RuleBasedStateMachine]:
    """A state machine class over ``gate``; each example works on crossings of its own."""

    class CrossingLifecycle(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.world = LifecycleWorld(gate, verify_every=20)

        @initialize(plates=st.lists(st.integers(0, 2), min_size=2, max_size=3))
        def arrive(self, plates: list[int]) -> None:
            for plate in plates:
                self.world.register(Role.BORDER_GUARD, plate)

        def has_seizure(self) -> bool:
            return bool(self.world.seizures)

        def has_handoff(self) -> bool:
            return bool(self.world.handoffs)

        def has_request(self) -> bool:
            return bool(self.world.requests)

        @rule(pick=picks, plan=st.lists(st.sampled_from(WORKFLOW), min_size=2, max_size=8))
        def workflow(self, pick: int, plan: list[str]) -> None:
            # Several steps on one crossing, each by an officer who may take it: the deep
            # sequences (checked, seized, checked again...) a short run would rarely reach.
            world = self.world
            for step in plan:
                if step in ("declare", "manifest"):
                    getattr(world, step)(Role.CUSTOMS_OFFICER, pick, 0)
                elif step == "check":
                    world.check(Role.CUSTOMS_OFFICER, pick)
                elif step.startswith("override "):
                    world.override(Role.CUSTOMS_OFFICER, pick, Channel(step.split()[1]),
                                   "seal re-checked", "current")
                elif step in ("approve", "refuse"):
                    world.decide(Role.SUPERVISOR, 0, step == "approve", "xem xét hồ sơ",
                                 crossing_index=pick)
                elif step.startswith("inspect "):
                    _, kind, result = step.split()
                    world.inspect(Role.CUSTOMS_OFFICER, pick, InspectionKind(kind),
                                  InspectionResult(result), ())
                elif step == "seize":
                    world.seize(Role.POLICE_OFFICER, pick, 1, "Hàng giả nhãn hiệu")
                elif step == "send":
                    world.send_handoff(Role.POLICE_OFFICER, pick, Agency.CUSTOMS)
                elif step == "accept":
                    world.settle_handoff(Role.CUSTOMS_OFFICER, pick, HandoffState.ACCEPTED,
                                         "", "all")
                else:
                    world.close(step, Role.SUPERVISOR, pick, "decided", "current")

        @rule(pick=picks, lower=st.sampled_from((Channel.YELLOW, Channel.GREEN)),
              meanwhile=st.sampled_from(("", "", "check", "inspect", "seize", "override red",
                                         "override yellow", "cancel")),
              approve=st.booleans(), twice=st.booleans())
        def four_eyes(self, pick: int, lower: Channel, meanwhile: str, approve: bool,
                      twice: bool) -> None:
            # Red, then a lower channel asked for, maybe the crossing moving on meanwhile,
            # then a supervisor's decision (and a second one, which must be refused).
            world = self.world
            world.declare(Role.CUSTOMS_OFFICER, pick, 0)
            world.check(Role.CUSTOMS_OFFICER, pick)
            world.override(Role.CUSTOMS_OFFICER, pick, Channel.RED, "tip-off", "current")
            world.override(Role.CUSTOMS_OFFICER, pick, lower, "seal intact", "current")
            if meanwhile == "check":
                world.check(Role.CUSTOMS_OFFICER, pick)
            elif meanwhile == "inspect":
                world.inspect(Role.CUSTOMS_OFFICER, pick, InspectionKind.PHYSICAL,
                              InspectionResult.DISCREPANCY, ())
            elif meanwhile == "seize":
                world.seize(Role.POLICE_OFFICER, pick, 1, "Hàng giả nhãn hiệu")
            elif meanwhile.startswith("override "):
                world.override(Role.CUSTOMS_OFFICER, pick, Channel(meanwhile.split()[1]),
                               "second thoughts", "current")
            elif meanwhile == "cancel":
                world.close("cancel", Role.CUSTOMS_OFFICER, pick, "turned back", "current")
            for _ in range(2 if twice else 1):
                world.decide(Role.SUPERVISOR, 0, approve, "xem xét hồ sơ", crossing_index=pick)

        @rule(role=role_for("register"), plate=st.integers(0, 2))
        def register(self, role: Role, plate: int) -> None:
            self.world.register(role, plate)

        @rule(role=role_for("declare"), pick=picks, variant=st.integers(0, 1))
        def declare(self, role: Role, pick: int, variant: int) -> None:
            self.world.declare(role, pick, variant)

        @rule(role=role_for("manifest"), pick=picks, variant=st.integers(0, 2))
        def manifest(self, role: Role, pick: int, variant: int) -> None:
            self.world.manifest(role, pick, variant)

        @rule(role=role_for("check"), pick=picks)
        def check(self, role: Role, pick: int) -> None:
            self.world.check(role, pick)

        @rule(role=role_for("override"), pick=picks, channel=st.sampled_from(Channel),
              reason=reasons, version=versions)
        def override(self, role: Role, pick: int, channel: Channel, reason: str,
                     version: str) -> None:
            self.world.override(role, pick, channel, reason, version)

        @precondition(has_request)
        @rule(role=role_for("decide_override"), pick=picks, approve=st.booleans(),
              reason=reasons)
        def decide_override(self, role: Role, pick: int, approve: bool, reason: str) -> None:
            self.world.decide(role, pick, approve, reason)

        @rule(role=role_for("inspect"), pick=picks, kind=st.sampled_from(InspectionKind),
              result=st.sampled_from(InspectionResult), rules=st.sampled_from(FINDING_RULES))
        def inspect(self, role: Role, pick: int, kind: InspectionKind,
                    result: InspectionResult, rules: tuple[str, ...]) -> None:
            self.world.inspect(role, pick, kind, result, rules)

        @rule(role=role_for("seize"), pick=picks, lines=st.integers(0, 2), reason=reasons)
        def seize(self, role: Role, pick: int, lines: int, reason: str) -> None:
            self.world.seize(role, pick, lines, reason)

        @rule(role=role_for("release_hold"), pick=picks, reason=reasons, version=versions)
        def release_hold(self, role: Role, pick: int, reason: str, version: str) -> None:
            self.world.close("release_hold", role, pick, reason, version)

        @rule(role=role_for("cancel"), pick=picks, reason=reasons, version=versions)
        def cancel(self, role: Role, pick: int, reason: str, version: str) -> None:
            self.world.close("cancel", role, pick, reason, version)

        @rule(role=role_for("evidence"), pick=picks, shade=st.integers(0, 3))
        def evidence(self, role: Role, pick: int, shade: int) -> None:
            self.world.evidence(role, pick, shade)

        @precondition(has_seizure)
        @rule(role=role_for("send_handoff"), pick=picks, to=st.sampled_from(Agency))
        def send_handoff(self, role: Role, pick: int, to: Agency) -> None:
            self.world.send_handoff(role, pick, to)

        @precondition(has_handoff)
        @rule(role=role_for("settle_handoff"), pick=picks,
              how=st.sampled_from((HandoffState.ACCEPTED, HandoffState.DISPUTED,
                                   HandoffState.RETURNED)),
              reason=reasons, confirm=st.sampled_from(("all", "first", "none")))
        def settle_handoff(self, role: Role, pick: int, how: HandoffState, reason: str,
                           confirm: str) -> None:
            self.world.settle_handoff(role, pick, how, reason, confirm)

        def teardown(self) -> None:
            self.world.verify()

    return CrossingLifecycle


SHORT_RUN = settings(max_examples=10, stateful_step_count=30, deadline=None,
                     suppress_health_check=list(HealthCheck))


def test_no_sequence_of_actions_bends_the_lifecycle(gate: GateSetup) -> None:
    """Random actions by every role: each allowed or refused as the model says, a refusal
    writes nothing, and every invariant holds after every step."""
    run_state_machine_as_test(machine_for(gate), settings=SHORT_RUN)


def test_a_reason_with_a_nul_character_is_refused_and_nothing_written(gate: GateSetup) -> None:
    """The shortest sequence the state machine found once its reasons could hold a NUL:
    PostgreSQL failed the transaction with a driver error (a traceback); SQLite stored it."""
    crossing_id = register_arrival(gate.db, gate.actor(Role.BORDER_GUARD),
                                   arrival()).crossing_id
    with gate.db.session() as session:
        events = session.scalar(select(func.count()).select_from(AuditEvent))
    with pytest.raises(UserInputError, match="NUL"):
        cancel_crossing(gate.db, gate.actor(Role.CUSTOMS_OFFICER), crossing_id, "tip\x00off")
    shown = get_crossing(gate.db, gate.actor(Role.SUPERVISOR), crossing_id)
    assert shown.status is CrossingStatus.ARRIVED
    with gate.db.session() as session:
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == events
