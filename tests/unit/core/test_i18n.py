"""One catalog for every layer, switchable while the program runs."""

from __future__ import annotations

import pytest

from borderdesk import i18n
from borderdesk.access.permissions import Action, require
from borderdesk.domain.crossing import CrossingStatus, label
from borderdesk.domain.officer import Role, role_label
from borderdesk.errors import PermissionDenied


def test_switching_language_changes_messages_at_once() -> None:
    i18n.set_language("en")
    english = label(CrossingStatus.ARRIVED)
    i18n.set_language("vi")
    vietnamese = label(CrossingStatus.ARRIVED)
    assert english == "Arrived"
    assert vietnamese == "Đã đến"
    i18n.set_language("en")
    assert label(CrossingStatus.ARRIVED) == "Arrived"


def test_service_refusals_speak_the_officers_language() -> None:
    i18n.set_language("vi")
    with pytest.raises(PermissionDenied) as refusal:
        require(Role.CUSTOMS_OFFICER, Action.REGISTER_ARRIVAL)
    assert "register an arrival" not in str(refusal.value)
    assert role_label(Role.BORDER_GUARD) == "Bộ đội biên phòng"


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="fr"):
        i18n.set_language("fr")


@pytest.mark.parametrize(("value", "expected"), [("vi_VN", "vi"), ("EN", "en"), ("de", "vi")])
def test_language_from_environment(
    monkeypatch: pytest.MonkeyPatch, value: str, expected: str
) -> None:
    monkeypatch.setenv("BORDERDESK_LANG", value)
    assert i18n.language_from_environment() == expected
