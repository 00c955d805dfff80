"""The check settings file: tolerances, score weights and channel thresholds (TOML).

The shipped defaults are ``resources/rules/scoring.toml``; a gate may point
at its own copy. This module only reads the file: turn the table into
``CheckSettings`` with ``borderdesk.rules.settings.settings_from_mapping(table,
source=path.name)`` (the layers keep documents and rules apart).
"""

from __future__ import annotations

import logging
import tomllib
from pathlib import Path
from typing import Any

from borderdesk.errors import UserInputError
from borderdesk.i18n import _
from borderdesk.paths import resources_dir
from borderdesk.reasons import reason_for

log = logging.getLogger("borderdesk.documents")


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
                file=source.name, reason=reason_for(error))
        ) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        # tomllib's English ("Invalid value (at line 3, column 5)") is for the log.
        log.info("%s: %s", source.name, error)
        raise UserInputError(_("{file}: not valid TOML.").format(file=source.name)) from None
