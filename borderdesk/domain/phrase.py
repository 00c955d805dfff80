"""A message kept as its catalog entry and its parameters, said in the reader's language.

A finding or a status note is stored as a ``Phrase``, not as text: an officer
reading in Vietnamese sees Vietnamese even when a colleague ran the check in
English. A parameter is either a plain value (a line number, a plate, a
figure) or itself a phrase (a word such as "gross weight", a party's label)
that is translated when the whole is shown. Figures are ``Decimal`` and are
written at display time as the rules write them: no exponent, no trailing
zeros.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from borderdesk.i18n import _, ngettext

_SHOWN_DIGITS = 40


def figure(value: Decimal) -> str:
    """A Decimal as people write it: no exponent, no trailing zeros.

    A figure beyond what is shown written out (an OCR misread of a billion
    digits) is quoted as held, cut to a readable length.
    """
    if not value.is_finite() or abs(value.adjusted()) > _SHOWN_DIGITS:
        text = str(value)
        return text if len(text) <= _SHOWN_DIGITS else text[:_SHOWN_DIGITS] + "…"
    return format(value.normalize(), "f")


@dataclass(frozen=True)
class Phrase:
    """A catalog message with its parameters, rendered in the active language when shown.

    ``plural`` and ``count`` make it a message with plural forms (``ngettext``):
    ``count`` names the parameter whose number chooses the form.
    """

    msgid: str
    params: Mapping[str, Phrase | str | int | Decimal] = field(default_factory=dict)
    plural: str = ""
    count: str = ""

    def __post_init__(self) -> None:
        for name, value in self.params.items():
            if isinstance(value, bool) or not isinstance(value, Phrase | str | int | Decimal):
                raise TypeError(f"parameter {name!r} of {self.msgid!r}: {type(value).__name__}")
        if self.plural and not isinstance(self.params.get(self.count), int):
            raise TypeError(f"{self.msgid!r}: plural forms need the whole number {self.count!r}")

    @classmethod
    def ngettext(
        cls, singular: str, plural: str, count: str,
        params: Mapping[str, Phrase | str | int | Decimal],
    ) -> Phrase:
        """A phrase with plural forms, chosen by the whole number ``params[count]``.

        Named as gettext's function so that the catalog's extraction takes both
        forms as one entry, as it does for ``ngettext``.
        """
        return cls(singular, params, plural=plural, count=count)

    def render(self) -> str:
        """The message in the active language, its parameters filled in.

        A translation naming a parameter the phrase lacks (a catalog mistake)
        falls back to the English text rather than losing the finding.
        """
        values = {name: _rendered(value) for name, value in self.params.items()}
        try:
            return self._template().format(**values)
        except (KeyError, IndexError, ValueError):
            english = self.msgid if not self.plural or values.get(self.count) == "1" \
                else self.plural
            return english.format(**values)

    def _template(self) -> str:
        if self.plural:
            number = self.params[self.count]
            assert isinstance(number, int)  # __post_init__ made sure
            return ngettext(self.msgid, self.plural, number)
        return _(self.msgid)

    def __str__(self) -> str:
        return self.render()

    def to_json(self) -> dict[str, Any]:
        """The phrase as JSON-ready data; ``from_json`` reads it back."""
        data: dict[str, Any] = {"msgid": self.msgid}
        if self.params:
            data["params"] = {name: _value_json(value) for name, value in self.params.items()}
        if self.plural:
            data["plural"], data["count"] = self.plural, self.count
        return data

    @classmethod
    def from_json(cls, data: object) -> Phrase:
        """Read what ``to_json`` wrote.

        Raises:
            ValueError: data that is not a phrase.
        """
        if not isinstance(data, Mapping) or not isinstance(data.get("msgid"), str):
            raise ValueError("not a phrase")
        params = data.get("params", {})
        if not isinstance(params, Mapping):
            raise ValueError("a phrase's parameters are not a mapping")
        try:
            return cls(
                data["msgid"], {str(name): _value_of(value) for name, value in params.items()},
                plural=str(data.get("plural", "")), count=str(data.get("count", "")),
            )
        except TypeError as error:
            raise ValueError(str(error)) from None


def say(message: Phrase | str) -> str:
    """A phrase rendered now; a text stored before phrases existed, as it was written."""
    return message.render() if isinstance(message, Phrase) else message


def stored(data: object, text: str) -> Phrase | str:
    """A row's phrase when it has one that reads back, else its stored text."""
    if data is None:
        return text
    try:
        return Phrase.from_json(data)
    except ValueError:
        return text


def _rendered(value: Phrase | str | int | Decimal) -> str:
    if isinstance(value, Phrase):
        return value.render()
    if isinstance(value, Decimal):
        return figure(value)
    return str(value)


def _value_json(value: Phrase | str | int | Decimal) -> object:
    if isinstance(value, Phrase):
        return {"phrase": value.to_json()}
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    return value


def _value_of(data: object) -> Phrase | str | int | Decimal:
    if isinstance(data, bool):
        raise ValueError("a phrase's parameter is a truth value")
    if isinstance(data, str | int):
        return data
    if isinstance(data, Mapping) and "phrase" in data:
        return Phrase.from_json(data["phrase"])
    if isinstance(data, Mapping) and isinstance(data.get("decimal"), str):
        try:
            return Decimal(data["decimal"])
        except InvalidOperation:
            raise ValueError("a phrase's figure is not a number") from None
    raise ValueError("a phrase's parameter is neither text, a number nor a phrase")
