"""Mutations of the document tree: what a smuggler or a broken exporter puts in the fields.

Two kinds, mixed so that many cases still parse and reach the rules' arithmetic:
*in bounds* (a zero value, a thousand trillion, a millionth, units of another
family, a repeated ``line_no`` in the manifest) and *hostile* (``1e999999999``,
5,000 digits, a repeated key, nesting 100,000 deep, 100 KB of text, NUL,
lone surrogates, year 1 at +14:00).
"""

from __future__ import annotations

import copy
from typing import Any

from tests.fuzz.draws import Draw
from tests.fuzz.tree import Obj, Raw, key_at, places, replace_at, to_json, value_at

NUMBER_FIELDS = ("quantity", "gross_weight_kg", "value", "fob", "non_originating_materials",
                 "originating_materials", "direct_labour", "direct_overhead", "profit", "other",
                 "line_no")

IN_BOUNDS = (0, 1, 0.5, 0.001, 999_999_999_999, 123456789.12, 10, 1e-3,
             "0", " 12 ", "1200", "1e3", "0.0", "-0")
"""Numbers a declaration may carry: the arithmetic must cope with each."""

HOSTILE_NUMBERS = (
    Raw("1e999999999"), Raw("1e-999999999"), Raw("-1e999999999"), Raw("1E+400"),
    Raw("9" * 5000), Raw("0." + "0" * 4000 + "1"), Raw("NaN"), Raw("Infinity"),
    Raw("-Infinity"), Raw("-1"), Raw("1" + "0" * 39), Raw("1e15"), Raw("1e16"),
    Raw("123456789012345678"), Raw("1.7976931348623157e308"), Raw("5e-324"),
    "1e999999999", "1e-999999999", "NaN", "inf", "-0.0", "1_000", "0x10", "١٢٣", "12,5",
    "1 200", "9" * 5000, "1e15", "1e16", "1E-7", "", "  ", True, False, None,
)
"""Numbers no declaration carries: each must be refused on one line, before arithmetic."""

TEXTS = (
    "", " ", "Sữa bột trẻ em Đà Nẵng", "שלום עולם", "\u202egnp.exe", "a\x00b", "\ud800",
    "\udfff lone", "😀" * 10, "line\nbreak", "tab\there", "\r\n", "=cmd|'/c calc'!A1",
    "<script>", "]]>", "&amp;", "'\"", "\\", "\ufeff", "x" * 301, "y" * 100_000,
    "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00", "2026-02-30T08:00:00+07:00",
    "2026-11-20T08:30:00", "2026-11-20T08:30:00+24:00", "0000-00-00", "2026-11-18",
    "99999-01-01", "AA", "ZZ", "XK", "vn", "930110", "93.01.10", "9301 10", "ABCDEF",
    "930110" * 100, "1", "0", "-1", "KGM", "kg", "TAN", "HOP SAT", "XYZ", "usd", "ABC",
)
"""Text a field may be swapped for: unicode, RTL, NUL, surrogates, dates at the edges."""


def _nested(depth: int) -> Raw:
    return Raw("[" * depth + "1" + "]" * depth)


def _swap(draw: Draw) -> Any:
    kind = draw.integer(0, 7)
    if kind == 0:
        return draw.choice(HOSTILE_NUMBERS)
    if kind == 1:
        return draw.choice(TEXTS)
    if kind == 2:
        return draw.choice(IN_BOUNDS)
    if kind == 3:
        return None
    if kind == 4:
        return [draw.choice(IN_BOUNDS)]
    if kind == 5:
        return Obj([("x", 1)])
    if kind == 6:
        return _nested(draw.choice((2, 33, 1000, 100_000)))
    return draw.chance(0.5)


def _number_places(root: Any) -> list[tuple[Any, ...]]:
    return [p for p in places(root) if key_at(root, p) in NUMBER_FIELDS]


def in_bounds_number(draw: Draw, root: Any) -> str:
    """A number field set to an edge a real file may hold."""
    spots = _number_places(root)
    if not spots:
        return "no number"
    path = draw.choice(spots)
    if key_at(root, path) == "line_no":
        replace_at(root, path, draw.choice((1, 2, 3, 7, 50, 999_999)))
    else:
        replace_at(root, path, draw.choice(IN_BOUNDS))
    return f"number {key_at(root, path)} in bounds"


def hostile_number(draw: Draw, root: Any) -> str:
    spots = _number_places(root)
    if not spots:
        return "no number"
    path = draw.choice(spots)
    replace_at(root, path, draw.choice(HOSTILE_NUMBERS))
    return f"number {key_at(root, path)} hostile"


def swap_value(draw: Draw, root: Any) -> str:
    path = draw.choice(places(root))
    replace_at(root, path, _swap(draw))
    return f"swap {key_at(root, path)}"


def drop_key(draw: Draw, root: Any) -> str:
    objects = [p for p in places(root) if isinstance(value_at(root, p), Obj)]
    target = value_at(root, draw.choice(objects)) if objects and draw.chance(0.7) else root
    if not isinstance(target, Obj) or not target.pairs:
        return "nothing to drop"
    index = draw.integer(0, len(target.pairs) - 1)
    name = target.pairs.pop(index)[0]
    return f"drop {name}"


def duplicate_key(draw: Draw, root: Any) -> str:
    """A key repeated in one object: the second ``lines`` may hide the first's goods."""
    objects = [root, *(value_at(root, p) for p in places(root)
                       if isinstance(value_at(root, p), Obj))]
    target = draw.choice(objects)
    if not target.pairs:
        return "nothing to repeat"
    name, value = draw.choice(target.pairs)
    again = copy.deepcopy(value)
    if name == "lines" and isinstance(again, list) and again and isinstance(again[0], Obj):
        again[0].pairs = [(k, "930110" if k == "hs_code" else v) for k, v in again[0].pairs]
    elif draw.chance(0.5):
        again = _swap(draw)
    target.pairs.insert(draw.integer(0, len(target.pairs)), (name, again))
    return f"repeat key {name}"


def reorder(draw: Draw, root: Any) -> str:
    objects = [root, *(value_at(root, p) for p in places(root)
                       if isinstance(value_at(root, p), Obj))]
    target = draw.choice(objects)
    pairs = target.pairs
    for index in range(len(pairs) - 1, 0, -1):
        other = draw.integer(0, index)
        pairs[index], pairs[other] = pairs[other], pairs[index]
    return "reorder keys"


def _lines(root: Any) -> list[Any] | None:
    lines = root.get("lines") if isinstance(root, Obj) else None
    return lines if isinstance(lines, list) else None


def lines_game(draw: Draw, root: Any) -> str:
    """Goods lines repeated, emptied, emptied out, or multiplied past the limit."""
    lines = _lines(root)
    if lines is None:
        return "no lines"
    kind = draw.integer(0, 4)
    if kind == 0 and lines:
        lines.append(copy.deepcopy(draw.choice(lines)))
        return "repeat a line"
    if kind == 1:
        lines.clear()
        return "no goods line"
    if kind == 2 and lines:
        lines.pop(draw.integer(0, len(lines) - 1))
        return "drop a line"
    if kind == 3 and lines and len(to_json(lines[0])) < 2_000:
        # Multiplied only while the file stays a few MB: a 100 KB line 5,001 times is 500 MB
        # of fuzzer work, and the 20 MB limit refuses it unread anyway.
        template = lines[0]
        count = draw.choice((60, 5_001))
        # Copies, not shared objects: a later mutation of one line must change only that line.
        lines[:] = [Obj([(k, n + 1 if k == "line_no" else copy.deepcopy(v))
                         for k, v in template.pairs])
                    for n in range(count)] if isinstance(template, Obj) else lines * count
        return f"{count} lines"
    if lines:
        lines.append(Obj([("line_no", len(lines) + 1)]))
    return "a bare line"


TREE_MUTATIONS = {
    "in_bounds_number": (in_bounds_number, 5),
    "hostile_number": (hostile_number, 3),
    "swap_value": (swap_value, 4),
    "drop_key": (drop_key, 2),
    "duplicate_key": (duplicate_key, 2),
    "reorder": (reorder, 1),
    "lines_game": (lines_game, 2),
}
"""Each mutation and its weight."""

_WEIGHTED = tuple(name for name, (_, weight) in TREE_MUTATIONS.items() for _ in range(weight))


def mutate_tree(draw: Draw, root: Any, count: int) -> list[str]:
    """Apply ``count`` weighted mutations to ``root`` in place; what was done, in words."""
    done = []
    for _ in range(count):
        name = draw.choice(_WEIGHTED)
        done.append(TREE_MUTATIONS[name][0](draw, root))
    return done
