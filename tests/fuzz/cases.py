"""One fuzz case of the cross-check: a declaration file and a manifest file, maybe mutated.

A case starts from a valid pair (``valid``), mutates the declaration, the
manifest or both, in the tree (``values``), in the form (``forms``) and in
the bytes; about a third of the documents are left whole or mutated in
bounds, so that enough cases get past parsing into the rules' arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tests.fuzz import valid
from tests.fuzz.draws import Draw
from tests.fuzz.forms import byte_games, encode, write_csv, write_json, write_xml
from tests.fuzz.tree import Obj, tree
from tests.fuzz.values import mutate_tree

FORMS = ("json", "csv", "xml")


@dataclass
class Case:
    """The two files of one ``check``, and what was done to them.

    Attributes:
        must_refuse: a key, element or column appears twice: accepting it would let
            one copy hide the other (the issue's weapons line in a second ``<lines>``).
    """

    form: str
    declaration: bytes
    manifest: bytes
    mutations: list[str] = field(default_factory=list)
    must_refuse: bool = False

    @property
    def declaration_name(self) -> str:
        return f"declaration.{self.form}"

    manifest_name = "manifest.json"


def _repeats_a_key(node: Any) -> bool:
    if isinstance(node, Obj):
        names = [k for k, _ in node.pairs]
        return len(names) != len(set(names)) or any(_repeats_a_key(v) for _, v in node.pairs)
    if isinstance(node, list):
        return any(_repeats_a_key(v) for v in node)
    return False


def _mutation_count(draw: Draw) -> int:
    return draw.choice((0, 0, 0, 1, 1, 1, 2, 3))


def declaration_case(draw: Draw) -> Case:
    """A mutated declaration/manifest pair; ``draw`` decides everything."""
    form = draw.choice(FORMS)
    declared = valid.declaration(draw)
    manifest = tree(valid.manifest_of(draw, declared))
    root = tree(declared)
    which = draw.choice(("declaration", "declaration", "manifest", "both"))
    done: list[str] = []
    if which != "manifest":
        done += [f"declaration: {m}" for m in mutate_tree(draw, root, _mutation_count(draw))]
    if which != "declaration":
        done += [f"manifest: {m}" for m in mutate_tree(draw, manifest, _mutation_count(draw))]
    must_refuse = _repeats_a_key(manifest) or (form != "csv" and _repeats_a_key(root))
    if form == "json":
        data = encode(write_json(draw, root), "utf-8")
    elif form == "csv":
        text, games, repeated_column = write_csv(draw, root)
        done += games
        must_refuse = must_refuse or repeated_column
        data = encode(text, "utf-8")
    else:
        text, encoding, games = write_xml(draw, root)
        done += games
        must_refuse = must_refuse or any(g in ("second <lines>", "repeated <type>")
                                         for g in games)
        data = encode(text, encoding)
    manifest_data = encode(write_json(draw, manifest), "utf-8")
    if draw.chance(0.12):
        data, games = byte_games(draw, data)
        done += [f"declaration bytes: {g}" for g in games]
        must_refuse = False
    if draw.chance(0.08):
        manifest_data, games = byte_games(draw, manifest_data)
        done += [f"manifest bytes: {g}" for g in games]
        must_refuse = False
    return Case(form, data, manifest_data, done, must_refuse)
