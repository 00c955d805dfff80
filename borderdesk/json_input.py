"""JSON from outside (a declaration, a manifest, a bundle's signature): parsed within bounds.

Python's ``json`` accepts what no trade document holds and a hostile one may:
``{"lines": [...], "lines": [...]}`` (the second silently wins, hiding the
first block of goods), numbers of thousands of digits, ``NaN``, nesting
100,000 deep. :func:`load_json` refuses each with a :class:`JsonRefused`
naming the place, before any of it reaches a rule.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from borderdesk.errors import excerpt
from borderdesk.i18n import _
from borderdesk.limits import NESTING_DEPTH, NUMBER_CHARACTERS

log = logging.getLogger("borderdesk.documents")


class JsonRefused(ValueError):
    """The text is not JSON we accept.

    Attributes:
        problem: translated, one line, naming what is wrong.
        line, column: where, when the parser knows (1-based), else None.
    """

    def __init__(self, problem: str, line: int | None = None, column: int | None = None):
        super().__init__(problem)
        self.problem = problem
        self.line = line
        self.column = column

    def where(self) -> str:
        """"line 3, column 7" when the parser knows the place, else ""."""
        if self.line is None:
            return ""
        return _("line {line}, column {column}").format(line=self.line, column=self.column)


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise JsonRefused(_("the key \"{key}\" appears twice in one object").format(
                key=excerpt(key)))
        found[key] = value
    return found


def _bounded(convert: Callable[[str], Any]) -> Callable[[str], Any]:
    def parse(token: str) -> Any:
        if len(token) > NUMBER_CHARACTERS:
            raise JsonRefused(_("a number of {n} characters ({start}…) is longer than "
                                "{limit}").format(n=len(token), start=token[:12],
                                                  limit=NUMBER_CHARACTERS))
        return convert(token)
    return parse


def _no_constant(token: str) -> Any:
    raise JsonRefused(_("{value} is not a number JSON allows").format(value=token))


def _depth(value: Any) -> int:
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, depth)
            if deepest > NESTING_DEPTH:
                return deepest
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return deepest


def load_json(text: str, *, exact: bool = True) -> Any:
    """Parse ``text``; numbers as Decimal when ``exact`` (else int / float).

    Raises:
        JsonRefused: a syntax error (with line and column), a duplicate key,
            a number longer than ``NUMBER_CHARACTERS``, NaN or Infinity, or
            nesting deeper than ``NESTING_DEPTH``.
    """
    try:
        value = json.loads(
            text, object_pairs_hook=_unique_keys,
            parse_float=_bounded(Decimal if exact else float),
            parse_int=_bounded(Decimal if exact else int),
            parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        # The parser's English ("Expecting value") goes to the log; the caller names the place.
        log.info("not valid JSON at line %d, column %d: %s", error.lineno, error.colno, error.msg)
        raise JsonRefused(_("not valid JSON"), error.lineno, error.colno) from None
    except RecursionError:
        raise JsonRefused(_("nested more than {limit} levels deep").format(
            limit=NESTING_DEPTH)) from None
    if _depth(value) > NESTING_DEPTH:
        raise JsonRefused(_("nested more than {limit} levels deep").format(limit=NESTING_DEPTH))
    return value
