"""The architecture and the catalog are checked by the suite, not by goodwill."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "resources/locale/vi/LC_MESSAGES/borderdesk.po"


def _extracted() -> set[str]:
    keywords = {"_": None, "N_": None, "ngettext": (1, 2)}
    messages: set[str] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        ROOT / "borderdesk",
        method_map=[("**.py", "python")],
        keywords=keywords,
    ):
        messages.add(message[0] if isinstance(message, tuple) else message)
    return messages


def test_layers_hold() -> None:
    """Only the UI imports Qt; faces sit over services over capabilities over storage."""
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint), "--config", str(ROOT / "pyproject.toml")],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_message_has_a_vietnamese_translation() -> None:
    """A Vietnamese officer must be able to work without English."""
    with PO.open("rb") as handle:
        catalog = read_po(handle)
    missing = sorted(
        m for m in _extracted()
        if not (entry := catalog.get(m)) or not entry.string or entry.fuzzy
    )
    assert not missing, f"{len(missing)} messages lack Vietnamese: {missing[:20]}"


@pytest.mark.parametrize("placeholder", ["{", "}"])
def test_translations_keep_their_placeholders(placeholder: str) -> None:
    """A translation that loses ``{plate}`` would crash ``.format`` at the gate."""
    import re

    with PO.open("rb") as handle:
        catalog = read_po(handle)
    for entry in catalog:
        if not entry.id or not entry.string or isinstance(entry.id, tuple):
            continue
        names = sorted(re.findall(r"\{(\w*)\}", entry.id))
        assert sorted(re.findall(r"\{(\w*)\}", str(entry.string))) == names, entry.id
        assert entry.id.count(placeholder) == str(entry.string).count(placeholder), entry.id
