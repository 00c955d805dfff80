"""Writing a generated file (a report, a receipt, an export) all at once or not at all."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from borderdesk.errors import UserInputError
from borderdesk.i18n import _
from borderdesk.reasons import reason_for


def write_atomically(out: Path, write: Callable[[Path], None]) -> None:
    """Write through a temporary file beside ``out`` and rename it: never half a file.

    Raises:
        UserInputError: the folder is missing, ``out`` is a folder, or the
            file cannot be written (named in our words by its errno).
    """
    folder = out.parent if str(out.parent) else Path()
    if not folder.is_dir():
        raise UserInputError(_("{path}: the folder does not exist.").format(path=out))
    if out.is_dir():
        raise UserInputError(_("{path}: is a folder, not a file.").format(path=out))
    try:
        handle, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=folder)
    except OSError as error:
        raise UserInputError(_("{path}: cannot be written: {reason}").format(
            path=out, reason=reason_for(error))) from None
    os.close(handle)
    temporary = Path(name)
    try:
        write(temporary)
        os.replace(temporary, out)
    except OSError as error:
        raise UserInputError(_("{path}: cannot be written: {reason}").format(
            path=out, reason=reason_for(error))) from None
    finally:
        temporary.unlink(missing_ok=True)
