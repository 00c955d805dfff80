"""A shift's name is a whole noun in Vietnamese ("Ca chiều"): no sentence says "ca" twice."""

from __future__ import annotations

from datetime import timedelta

import pytest
from gate_kit import GateSetup
from shift_kit import DAY

from borderdesk import i18n
from borderdesk.domain.officer import Role
from borderdesk.errors import UserInputError
from borderdesk.services.shift_reports import build_shift_report


@pytest.mark.parametrize(("shift", "name"), [("morning", "Ca sáng"), ("afternoon", "Ca chiều"),
                                              ("night", "Ca đêm")])
def test_a_shift_not_started_yet_is_named_once(gate: GateSetup, shift: str, name: str) -> None:
    i18n.set_language("vi")
    later = DAY + timedelta(days=3650)
    with pytest.raises(UserInputError) as refused:
        build_shift_report(gate.db, gate.actor(Role.SUPERVISOR), day=later, shift=shift)
    message = str(refused.value)
    assert message.startswith(name)  # the shift's own name opens the sentence
    assert "ca ca" not in message.lower()
