"""The check settings file: tolerances, score weights and channel thresholds (TOML).

The shipped defaults are ``resources/rules/scoring.toml``; a gate may point
at its own copy. This module only reads the file: turn the table into
``CheckSettings`` with ``borderdesk.rules.settings.settings_from_mapping(table,
source=path.name)`` (the layers keep documents and rules apart).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from borderdesk.errors import UserInputError
from borderdesk.i18n import _
from borderdesk.paths import resources_dir


def default_settings_path() -> Path:
    """Where the shipped settings file is."""
    return resources_dir() / "rules" / "scoring.toml"


def read_settings_table(path: Path | None = None) -> dict[str, Any]:
    """The parsed settings file (the shipped one by default).

    Raises:
        UserInputError: the file cannot be read or is not valid TOML (the
            message names the file).
    """
    source = path or default_settings_path()
    try:
        return tomllib.loads(source.read_text(encoding="utf-8"))
    except OSError as error:
        raise UserInputError(
            _("{file}: cannot read the settings ({reason}).").format(
                file=source.name, reason=error.strerror or error)
        ) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise UserInputError(
            _("{file}: not valid TOML ({reason}).").format(file=source.name, reason=error)
        ) from None
