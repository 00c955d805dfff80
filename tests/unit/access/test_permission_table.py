"""The permission table, every role x every action, against a table written out here.

A change to ``access/permissions.py`` must be made here too: deliberately.
"""

from __future__ import annotations

import pytest

from borderdesk.access.permissions import Action, allowed, require
from borderdesk.domain.officer import Role
from borderdesk.errors import PermissionDenied

A = Action
# Columns: guard, customs, police, market, supervisor, administrator.
EXPECTED: dict[Action, tuple[bool, bool, bool, bool, bool, bool]] = {
    A.VIEW_QUEUE:        (True,  True,  True,  True,  True,  False),
    A.VIEW_CROSSING:     (True,  True,  True,  True,  True,  False),
    A.REGISTER_ARRIVAL:  (True,  False, False, False, False, False),
    A.ATTACH_EVIDENCE:   (True,  True,  True,  True,  False, False),
    A.READ_MANIFEST:     (False, True,  False, False, False, False),
    A.RUN_CHECK:         (False, True,  False, False, False, False),
    A.RECORD_INSPECTION: (False, True,  False, False, False, False),
    A.SEIZE_GOODS:       (False, True,  True,  True,  False, False),
    # Lifting a hold is the supervisor's alone, never the seizing officer's.
    A.RELEASE_HOLD:      (False, False, False, False, True,  False),
    A.CANCEL_CROSSING:   (False, True,  False, False, True,  False),
    # The settings file of a workstation: database URL, tesseract, cameras, its name.
    A.CONFIGURE_WORKSTATION: (False, False, False, False, False, True),
    A.SEND_HANDOFF:      (True,  True,  True,  True,  False, False),
    A.RECEIVE_HANDOFF:   (True,  True,  True,  True,  False, False),
    # Only a party to the handoff, besides: require_party, tested with the bundles.
    A.EXPORT_HANDOFF:    (True,  True,  True,  True,  True,  False),
    A.VIEW_REPORTS:      (False, False, False, False, True,  False),
    A.EDIT_WATCH_LISTS:  (False, False, False, False, True,  False),
    A.MANAGE_OFFICERS:   (False, False, False, False, False, True),
    A.VERIFY_AUDIT:      (False, False, False, False, True,  True),
    A.MANAGE_KEYS:       (False, False, False, False, False, True),
    # hq subscribe / hq status (headquarters' replication of the gates).
    A.MANAGE_REPLICATION: (False, False, False, False, False, True),
    # backup (a scheduled one acts as a supervisor) / restore (checked against the backup's own).
    A.BACK_UP:           (False, False, False, False, True,  True),
    A.RESTORE_BACKUP:    (False, False, False, False, False, True),
    # Four eyes on a lowered channel, and the gate's scoring settings: supervisors alone.
    A.APPROVE_OVERRIDE:  (False, False, False, False, True,  False),
    A.EDIT_SCORING:      (False, False, False, False, True,  False),
}
ROLES = (
    Role.BORDER_GUARD, Role.CUSTOMS_OFFICER, Role.POLICE_OFFICER,
    Role.MARKET_CONTROL_OFFICER, Role.SUPERVISOR, Role.ADMINISTRATOR,
)


def test_the_expected_table_names_every_role_and_action() -> None:
    assert set(ROLES) == set(Role)
    assert set(EXPECTED) == set(Action)


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("role", list(Role))
def test_role_may_do_exactly_what_the_table_says(role: Role, action: Action) -> None:
    expected = EXPECTED[action][ROLES.index(role)]
    assert allowed(role, action) is expected
    if expected:
        require(role, action)
    else:
        with pytest.raises(PermissionDenied, match="Your role may not"):
            require(role, action)
