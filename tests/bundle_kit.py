"""Changing a signed handoff bundle as an insider holding the sender's key would: signed again."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from borderdesk.custody.bundle import write_bundle


def resigned(bundle: Path, change: Callable[[dict[str, Any]], None], key: Ed25519PrivateKey
             ) -> Path:
    """A copy of ``bundle`` whose ``bundle.json`` ``change`` edited, signed again with ``key``.

    The chain slice and the evidence files are kept as they were: only what the
    bundle says about the handoff changes, and the signature is valid again.
    """
    with zipfile.ZipFile(bundle) as archive:
        manifest = json.loads(archive.read("bundle.json"))
        evidence = {name.removeprefix("evidence/"): archive.read(name)
                    for name in archive.namelist() if name.startswith("evidence/")}
    for generated in ("format", "version", "files"):
        manifest.pop(generated)
    change(manifest)
    out = bundle.with_name("resigned-" + bundle.name)
    write_bundle(out, manifest, evidence, key)
    return out
