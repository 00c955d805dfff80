"""The HS nomenclature files shipped under ``resources/hs``, read once per process.

``documents`` and ``rules`` are independent layers, so this module yields the
rows and ``services.checks.shipped_reference()`` builds ``rules.hs.Nomenclature``
from them.
"""

from __future__ import annotations

import csv
import io
from functools import cache
from pathlib import Path

from borderdesk import paths
from borderdesk.intake import read_handed_file
from borderdesk.limits import STRUCTURED_FILE_BYTES

HS_2022 = "harmonized-system.csv"
HS_2017 = "harmonized-system-2017.csv"

HsRow = tuple[str, str, str]
"""(code, description, level) as the files carry them."""


def hs_folder() -> Path:
    """The folder of the shipped HS CSV files."""
    return paths.resources_dir() / "hs"


def read_rows(path: Path) -> tuple[HsRow, ...]:
    """(code, description, level) rows of one edition; a byte-order mark is dropped."""
    # Shipped with BorderDesk, yet read like any file: a regular file, within the bound.
    text = read_handed_file(path, STRUCTURED_FILE_BYTES).decode("utf-8-sig")
    return tuple(
        (row["hscode"], row["description"], row["level"])
        for row in csv.DictReader(io.StringIO(text, newline=""))
        if (row.get("level") or "").isdigit()
    )


@cache
def shipped_hs_rows() -> tuple[tuple[HsRow, ...], tuple[HsRow, ...]]:
    """The rows of HS 2022 and of HS 2017, from the shipped files."""
    folder = hs_folder()
    return read_rows(folder / HS_2022), read_rows(folder / HS_2017)
