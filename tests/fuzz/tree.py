"""A JSON document that may say what ``json.dumps`` never would: repeated keys, raw tokens.

Mutations edit this tree; :func:`to_json` writes it. Objects are lists of
pairs (so a key can appear twice, as a hostile file's may), :class:`Raw`
is written as it is (``1e999999999``, ``NaN``, a 5,000-digit number, an
array nested 100,000 deep).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Raw:
    """A token written verbatim into JSON, and as its text into CSV or XML."""

    text: str


@dataclass
class Obj:
    """A JSON object as the file spells it: keys in order, maybe repeated."""

    pairs: list[tuple[str, Any]] = field(default_factory=list)

    def get(self, key: str, default: Any = None) -> Any:
        """The last value of ``key`` (as Python's json would keep), else ``default``."""
        found = default
        for name, value in self.pairs:
            if name == key:
                found = value
        return found


def tree(value: Any) -> Any:
    """``value`` (dicts, lists, scalars) as a tree of :class:`Obj`."""
    if isinstance(value, dict):
        return Obj([(k, tree(v)) for k, v in value.items()])
    if isinstance(value, list):
        return [tree(v) for v in value]
    return value


def to_json(node: Any, indent: bool = False) -> str:
    """The text of ``node``, repeated keys and raw tokens included."""
    if isinstance(node, Raw):
        return node.text
    space = "\n" if indent else ""
    if isinstance(node, Obj):
        return "{" + space + ("," + space).join(
            json.dumps(k) + ":" + to_json(v) for k, v in node.pairs) + space + "}"
    if isinstance(node, list):
        return "[" + ",".join(to_json(v) for v in node) + "]"
    return json.dumps(node, ensure_ascii=False)


def scalar_text(node: Any) -> str:
    """How a CSV cell or an XML text holds ``node``."""
    if isinstance(node, Raw):
        return node.text
    if node is None:
        return ""
    if isinstance(node, bool):
        return "true" if node else "false"
    if isinstance(node, Obj | list):
        return to_json(node)
    return str(node)


def places(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside ``node``: object pair indexes and list indexes."""
    found: list[tuple[Any, ...]] = []
    if isinstance(node, Obj):
        for index, (_, value) in enumerate(node.pairs):
            found.append((*path, index))
            found.extend(places(value, (*path, index)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.append((*path, index))
            found.extend(places(value, (*path, index)))
    return found


def container_of(root: Any, path: tuple[Any, ...]) -> Any:
    """The Obj or list holding the value at ``path``."""
    node = root
    for step in path[:-1]:
        node = node.pairs[step][1] if isinstance(node, Obj) else node[step]
    return node


def value_at(root: Any, path: tuple[Any, ...]) -> Any:
    holder = container_of(root, path)
    return holder.pairs[path[-1]][1] if isinstance(holder, Obj) else holder[path[-1]]


def key_at(root: Any, path: tuple[Any, ...]) -> str | None:
    holder = container_of(root, path)
    return holder.pairs[path[-1]][0] if isinstance(holder, Obj) else None


def replace_at(root: Any, path: tuple[Any, ...], value: Any) -> None:
    holder = container_of(root, path)
    if isinstance(holder, Obj):
        holder.pairs[path[-1]] = (holder.pairs[path[-1]][0], value)
    else:
        holder[path[-1]] = value
