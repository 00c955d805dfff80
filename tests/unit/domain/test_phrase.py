"""A phrase is said in the reader's language, and survives being stored as JSON."""

from __future__ import annotations

import json
import string
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from borderdesk.domain import phrase as phrase_module
from borderdesk.domain.phrase import Phrase, figure, say, stored
from borderdesk.i18n import in_language

# Real catalog entries, so the property runs through actual Vietnamese translations too.
TRANSLATED = (
    "Trader {tax_code}", "Vehicle {plate}", "Container owner {owner}", "quantity",
    "Line {line}: declared origin {declared}, the manifest says {found}.",
    "Channel overridden: {reason}",
)
_names = st.text(string.ascii_lowercase, min_size=1, max_size=8)
_plain = st.one_of(
    st.text(max_size=20), st.integers(),
    st.decimals(allow_nan=False, allow_infinity=False),
)


def _phrases() -> st.SearchStrategy[Phrase]:
    def made(children: st.SearchStrategy[Phrase]) -> st.SearchStrategy[Phrase]:
        values = st.one_of(_plain, children)
        return st.dictionaries(_names, values, max_size=4).map(
            lambda params: Phrase(" ".join(f"[{name}]" "{" + name + "}" for name in params),
                                  params))
    real = st.sampled_from(TRANSLATED).flatmap(
        lambda msgid: st.fixed_dictionaries(
            {name: _plain for _t, name, _s, _c in string.Formatter().parse(msgid) if name}
        ).map(lambda params: Phrase(msgid, params)))
    return st.recursive(real, made, max_leaves=6)


@pytest.mark.parametrize("language", ["en", "vi"])
@given(said=_phrases())
def test_a_phrase_read_back_from_json_says_the_same(language: str, said: Phrase) -> None:
    stored_text = json.dumps(said.to_json())
    with in_language(language):
        assert Phrase.from_json(json.loads(stored_text)).render() == said.render()


def test_the_reader_s_language_decides_not_the_writer_s() -> None:
    said = Phrase("{party}: {points}.", {
        "party": Phrase("Trader {tax_code}", {"tax_code": "0101234567"}), "points": "+12"})
    with in_language("en"):
        assert say(said) == "Trader 0101234567: +12."
    with in_language("vi"):
        assert say(said) == "Doanh nghiệp 0101234567: +12."


def test_plural_forms_follow_the_count() -> None:
    def checks(n: int) -> Phrase:
        return Phrase.ngettext("Checks: score {score}, {n} finding.",
                               "Checks: score {score}, {n} findings.", "n", {"score": 40, "n": n})
    with in_language("en"):
        assert checks(1).render() == "Checks: score 40, 1 finding."
        assert checks(3).render() == "Checks: score 40, 3 findings."
    with in_language("vi"):
        assert checks(3).render() == "Đối chiếu: điểm rủi ro 40, 3 phát hiện."
    assert Phrase.from_json(json.loads(json.dumps(checks(3).to_json()))) == checks(3)


def test_figures_are_written_as_people_write_them() -> None:
    assert Phrase("{a} {b} {c}", {"a": Decimal("60.00"), "b": Decimal("1E+2"),
                                  "c": Decimal("0.5")}).render() == "60 100 0.5"
    assert figure(Decimal("1E+999999999")) == "1E+999999999"
    assert figure(Decimal("1" * 60)).endswith("…")
    assert figure(Decimal("NaN")) == "NaN"


def test_a_catalog_entry_naming_an_unknown_parameter_falls_back_to_english(
    monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(phrase_module, "_", lambda _msgid: "Dòng {dong}")
    monkeypatch.setattr(phrase_module, "ngettext", lambda _s, _p, _n: "{so} dòng")
    assert Phrase("Line {line}", {"line": 2}).render() == "Line 2"
    assert Phrase("{n} line", {"n": 1}, plural="{n} lines", count="n").render() == "1 line"
    assert Phrase("{n} line", {"n": 2}, plural="{n} lines", count="n").render() == "2 lines"


@pytest.mark.parametrize("params", [{"ok": True}, {"x": 1.5}, {"x": None}])
def test_a_parameter_must_be_text_a_whole_number_a_figure_or_a_phrase(
    params: dict[str, object]
) -> None:
    with pytest.raises(TypeError):
        Phrase("{x}", params)  # type: ignore[arg-type]


def test_plural_forms_need_their_count() -> None:
    with pytest.raises(TypeError):
        Phrase("{n} line", {"n": "two"}, plural="{n} lines", count="n")


@pytest.mark.parametrize("data", [
    None, "text", {"msgid": 3}, {"msgid": "x", "params": []},
    {"msgid": "x", "params": {"a": True}}, {"msgid": "x", "params": {"a": [1]}},
    {"msgid": "x", "params": {"a": {"decimal": "lots"}}},
    {"msgid": "x", "params": {"a": {"phrase": "no"}}},
    {"msgid": "x", "plural": "xs", "count": "n", "params": {"n": "two"}},
])
def test_what_is_not_a_phrase_is_refused_and_the_stored_text_shown(data: object) -> None:
    with pytest.raises(ValueError):
        Phrase.from_json(data)
    assert stored(data, "as written") == "as written"


def test_a_row_without_a_phrase_shows_its_text_and_one_with_shows_the_phrase() -> None:
    assert stored(None, "Checks: score 89, 2 findings.") == "Checks: score 89, 2 findings."
    kept = stored(Phrase("Vehicle {plate}", {"plate": "74C12345"}).to_json(), "old")
    assert isinstance(kept, Phrase)
    with in_language("vi"):
        assert str(kept) == "Xe 74C12345"
