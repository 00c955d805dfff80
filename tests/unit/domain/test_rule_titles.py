"""Every rule has a name an officer reads in the window and the reports, in both languages."""

from __future__ import annotations

import pytest

from borderdesk import i18n
from borderdesk.domain.findings import Rule, rule_title


@pytest.fixture
def vietnamese() -> object:
    before = i18n.language()
    i18n.set_language("vi")
    yield
    i18n.set_language(before)


def test_every_rule_has_its_own_title_not_its_id() -> None:
    titles = {rule: rule_title(rule) for rule in Rule}
    assert all(title and title != rule.value for rule, title in titles.items())
    assert len(set(titles.values())) == len(Rule)
    assert rule_title("QUANTITY_MISMATCH") == "Quantity differs"


def test_titles_are_vietnamese_in_a_vietnamese_window(vietnamese: object) -> None:
    english = {"Quantity differs", "Licence required"}
    titles = {rule_title(rule) for rule in Rule}
    assert rule_title(Rule.LICENCE_REQUIRED) == "Cần giấy phép"
    assert not titles & english


def test_a_rule_this_version_does_not_know_is_shown_as_its_id() -> None:
    assert rule_title("RULE_FROM_A_NEWER_GATE") == "RULE_FROM_A_NEWER_GATE"
