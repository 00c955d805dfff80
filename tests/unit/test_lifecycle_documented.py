"""docs/crossing-lifecycle.md shows the lifecycle as it is: each action's permission, statuses."""

from __future__ import annotations

from pathlib import Path

from borderdesk.domain.crossing import CrossingAction, CrossingStatus
from borderdesk.services.crossing_lifecycle import LIFECYCLE

PAGE = Path(__file__).resolve().parents[2] / "docs" / "crossing-lifecycle.md"


def _rows() -> dict[str, list[str]]:
    rows: dict[str, list[str]] = {}
    for line in PAGE.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("| `") and len(cells) == 5:
            rows[cells[0].strip("`")] = cells[1:]
    return rows


def _statuses(cell: str) -> frozenset[CrossingStatus]:
    if cell == "every status":
        return frozenset(CrossingStatus)
    if cell.startswith("—"):
        return frozenset()
    return frozenset(CrossingStatus(word.strip()) for word in cell.split(","))


def test_every_action_is_documented_with_its_permission_and_statuses() -> None:
    rows = _rows()
    assert set(rows) == {action.value for action in CrossingAction}
    for action, step in LIFECYCLE.items():
        permission, allowed_in = rows[action.value][0], rows[action.value][1]
        assert permission.startswith(f"`{step.permission.value}`"), action
        assert _statuses(allowed_in) == step.allowed_in, action


def test_no_action_leads_out_of_held_but_the_release() -> None:
    """Held is left only through a supervisor's release: the table says so, and keeps saying so."""
    from borderdesk.access.permissions import PERMISSIONS
    from borderdesk.domain.officer import Role

    leaving = [a for a, s in LIFECYCLE.items() if CrossingStatus.HELD in s.allowed_in
               and a in (CrossingAction.CANCEL, CrossingAction.RELEASE_HOLD)]
    assert leaving == [CrossingAction.RELEASE_HOLD]
    holders = [role for role, actions in PERMISSIONS.items()
               if LIFECYCLE[CrossingAction.RELEASE_HOLD].permission in actions]
    assert holders == [Role.SUPERVISOR]
