"""Every phrase a rule builds in these tests is checked against the Vietnamese catalog.

A rule's finding is stored as a phrase and said later in the reader's language:
a translation naming a parameter the rule does not give, or a message the
catalog lacks, would show a Vietnamese officer English. Wrapping the phrase's
own check makes every rules test check the phrases it meets.
"""

from __future__ import annotations

import string
from collections.abc import Iterator

import pytest

from borderdesk.domain.phrase import Phrase
from borderdesk.i18n import in_language, ngettext

_checked = Phrase.__post_init__
_seen: set[tuple[str, str, frozenset[str]]] = set()


def _fields(template: str) -> set[str]:
    return {name for _text, name, _spec, _conv in string.Formatter().parse(template) if name}


def _said_in_vietnamese(self: Phrase) -> None:
    _checked(self)
    given = set(self.params)
    key = (self.msgid, self.plural, frozenset(given))
    if key in _seen:
        return
    forms = [self.msgid, self.plural] if self.plural else [self.msgid]
    for form in forms:
        assert _fields(form) <= given, f"{form!r} names a parameter it is not given"
    with in_language("vi"):
        for n in ((1, 2) if self.plural else (1,)):
            template = ngettext(self.msgid, self.plural, n) if self.plural \
                else self._template()
            assert template not in forms, f"{self.msgid!r} is not in the Vietnamese catalog"
            assert _fields(template) <= given, f"the Vietnamese of {self.msgid!r}: {template!r}"
        self.render()
    _seen.add(key)


@pytest.fixture(autouse=True)
def _phrases_said_in_vietnamese(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(Phrase, "__post_init__", _said_in_vietnamese)
    yield
