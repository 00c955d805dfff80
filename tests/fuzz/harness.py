"""The property every fuzz case is held to, run the way ``borderdesk check`` runs it.

Read both files (``services.checks.read_declaration_file``,
``cli.check_command.read_manifest_file``), cross-check them with the shipped
watch lists, nomenclature and settings, and build the result JSON. The case
passes when that returns, or raises a ``BorderDeskError`` whose text is one
line of at most ``limits.MESSAGE_CHARACTERS``. A file with a repeated key,
element or column must be refused. Anything else propagates: a bug.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from borderdesk.errors import BorderDeskError
from borderdesk.limits import MESSAGE_CHARACTERS
from tests.fuzz.cases import Case


class BadMessage(AssertionError):
    """A refusal whose text is not one readable line."""


class HiddenLine(AssertionError):
    """A file with a repeated key, element or column was accepted: one copy hid the other."""


@dataclass(frozen=True)
class Outcome:
    """How a case ended: ``checked`` (reached the rules and got a channel) or ``refused``."""

    stage: str
    message: str = ""


def one_line(error: BorderDeskError) -> str:
    """The refusal's text, after checking it is one line of a readable length."""
    text = str(error)
    if not text.strip() or "\n" in text or "\r" in text:
        raise BadMessage(f"{type(error).__name__} not one line: {text[:200]!r}")
    if len(text) > MESSAGE_CHARACTERS:
        raise BadMessage(f"{type(error).__name__} of {len(text)} characters: {text[:200]!r}")
    return text


def run_check_case(case: Case, folder: Path) -> Outcome:
    """Write the case's two files into ``folder`` and check them as the CLI does."""
    from borderdesk.cli.check_command import read_manifest_file
    from borderdesk.documents.watchlist_files import shipped_watch_lists
    from borderdesk.rules.check import check, check_result_to_dict
    from borderdesk.services.checks import (
        check_settings,
        read_declaration_file,
        shipped_nomenclature,
    )

    declaration_path = folder / case.declaration_name
    manifest_path = folder / case.manifest_name
    declaration_path.write_bytes(case.declaration)
    manifest_path.write_bytes(case.manifest)
    try:
        declaration = read_declaration_file(declaration_path)
        manifest = read_manifest_file(manifest_path)
        result = check(declaration, manifest, arrival=None, watch_lists=shipped_watch_lists(),
                       nomenclature=shipped_nomenclature(), settings=check_settings())
        json.dumps(check_result_to_dict(result), default=str)
    except BorderDeskError as error:
        return Outcome("refused", one_line(error))
    if case.must_refuse:
        raise HiddenLine("accepted a file with a repeated key, element or column: "
                         + "; ".join(case.mutations))
    return Outcome("checked")
