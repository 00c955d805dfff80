"""Mutated signed handoff bundles: one good bundle per process, changed in memory.

The good bundle is written by the project's own export (``write_bundle``) from
the chain the bundle tests build. Mutations: ``bundle.json`` edited in its tree
(repeated keys, hostile numbers, nesting) and signed again, as an insider holding
the sender's key would; ``signature.json`` edited; the zip's members repeated,
added, renamed; its bytes flipped or cut. The property: ``open_bundle`` opens it
or raises ``BundleRefused`` on one line.
"""

from __future__ import annotations

import hashlib
import io
import json
import warnings
import zipfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from borderdesk.custody.bundle import open_bundle, write_bundle
from borderdesk.custody.signing import public_key_hex, sign
from borderdesk.errors import BorderDeskError
from tests.fuzz.draws import Draw
from tests.fuzz.forms import byte_games
from tests.fuzz.harness import Outcome, one_line
from tests.fuzz.tree import to_json, tree
from tests.fuzz.values import mutate_tree
from tests.unit.custody.test_bundle import PHOTO, PHOTO_SHA, SIGNER, _manifest, _trusted


@dataclass
class BundleCase:
    """The bytes of one bundle file and what was done to them."""

    data: bytes
    mutations: list[str] = field(default_factory=list)


@cache
def _good_members(folder: str) -> tuple[tuple[str, bytes], ...]:
    out = Path(folder) / "good.zip"
    write_bundle(out, _manifest(), {PHOTO_SHA: PHOTO}, SIGNER)
    with zipfile.ZipFile(out) as archive:
        return tuple((info.filename, archive.read(info)) for info in archive.infolist())


def _signature(body: bytes) -> bytes:
    digest = hashlib.sha256(body).digest()
    return json.dumps({"algorithm": "Ed25519", "public_key": public_key_hex(SIGNER),
                       "signed_sha256": digest.hex(), "signature": sign(SIGNER, digest)},
                      indent=1, sort_keys=True).encode()


def _zip(members: list[tuple[str, bytes]], method: int) -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(out, "w", method) as archive:
        warnings.simplefilter("ignore")  # a member twice is the point: zipfile warns
        for name, data in members:
            archive.writestr(name, data)
    return out.getvalue()


def bundle_case(draw: Draw, folder: Path) -> BundleCase:
    """A mutated bundle; ``folder`` keeps the good one this process builds once."""
    members = list(_good_members(str(folder)))
    done: list[str] = []
    game = draw.integer(0, 5)
    if game <= 2:
        # The insider's edit: bundle.json changed in its tree, then signed again.
        index = next(i for i, (name, _) in enumerate(members) if name == "bundle.json")
        root = tree(json.loads(members[index][1]))
        done += mutate_tree(draw, root, draw.integer(1, 3))
        body = to_json(root, indent=draw.chance(0.5)).encode("utf-8", "surrogatepass")
        members[index] = ("bundle.json", body)
        members = [(n, _signature(body) if n == "signature.json" else d) for n, d in members]
        done.append("signed again")
    elif game == 3:
        index = next(i for i, (name, _) in enumerate(members) if name == "signature.json")
        root = tree(json.loads(members[index][1]))
        done += mutate_tree(draw, root, draw.integer(1, 2))
        members[index] = ("signature.json", to_json(root).encode("utf-8", "surrogatepass"))
    elif game == 4:
        name, data = draw.choice(members)
        kind = draw.integer(0, 2)
        if kind == 0:
            members.append((name, data))
            done.append(f"member {name} twice")
        elif kind == 1:
            members.append((draw.choice(("evidence/" + "0" * 64, "notes.txt", "../x",
                                         "evidence/", "bundle.json/x")), b"x" * 10))
            done.append("an extra member")
        else:
            members = [m for m in members if m[0] != name]
            done.append(f"member {name} missing")
    method = draw.choice((zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED, zipfile.ZIP_BZIP2,
                          zipfile.ZIP_LZMA))
    data = _zip(members, method)
    if game == 5 or draw.chance(0.1):
        data, games = byte_games(draw, data)
        done += games
    return BundleCase(data, done)


def run_bundle_case(case: BundleCase, folder: Path) -> Outcome:
    """Open the case's bundle as ``handoff import`` does; ``opened`` or ``refused``."""
    path = folder / "handoff.zip"
    path.write_bytes(case.data)
    try:
        with open_bundle(path, _trusted):
            pass
    except BorderDeskError as error:
        return Outcome("refused", one_line(error))
    return Outcome("opened")
