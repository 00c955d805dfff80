"""The shipped watch lists: CSV files under ``resources/rules/watchlists`` -> WatchLists.

Four files, one per list (docs/watchlists.md describes their columns):
``prohibited.csv``, ``licence.csv``, ``brands.csv`` and ``parties.csv``. Every
row names its legal source. The version of the lists is a hash of the files'
bytes, so a check result says exactly which lists it ran against.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterator
from datetime import date
from functools import cache
from pathlib import Path

from borderdesk import paths
from borderdesk.domain.watchlist import (
    FlaggedParty,
    LicensedGoods,
    PartyKind,
    ProhibitedGoods,
    WatchedBrand,
    WatchLists,
)
from borderdesk.errors import UserInputError, excerpt
from borderdesk.i18n import _
from borderdesk.intake import read_handed_file
from borderdesk.limits import STRUCTURED_FILE_BYTES

FILES = {
    "prohibited": "prohibited.csv",
    "licence": "licence.csv",
    "brand": "brands.csv",
    "party": "parties.csv",
}
COLUMNS = {
    "prohibited": ("hs_prefix", "description", "legal_source"),
    "licence": ("hs_prefix", "description", "authority", "legal_source"),
    "brand": ("brand", "rights_holder", "hs_prefixes", "authorised_importers", "legal_source"),
    "party": ("party_kind", "value", "reason", "source", "reported_on", "legal_source"),
}


def shipped_folder() -> Path:
    """The folder of the shipped watch-list CSV files."""
    return paths.resources_dir() / "rules" / "watchlists"


def party_value(kind: PartyKind, value: str) -> str:
    """The searchable form of a party: plates and containers compact and upper case."""
    if kind == PartyKind.TRADER:
        return value.strip()
    # Same normalisation as rules.identifiers.normalize_plate, for plates and containers.
    return "".join(c for c in value.upper().replace("Đ", "D") if c.isascii() and c.isalnum())


def split_list(text: str) -> tuple[str, ...]:
    """``"8517; 8471"`` -> ``("8517", "8471")``."""
    return tuple(part.strip() for part in text.replace(",", ";").split(";") if part.strip())


def _read(path: Path) -> bytes:
    """The file's bytes: only a regular file, within limits.STRUCTURED_FILE_BYTES."""
    return read_handed_file(path, STRUCTURED_FILE_BYTES)


def _rows(path: Path, kind: str, data: bytes | None = None
          ) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows of ``path`` (its ``data`` when the caller has read them already)."""
    try:
        text = (_read(path) if data is None else data).decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UserInputError(_("{file}: not UTF-8 text (byte {offset})").format(
            file=path.name, offset=error.start)) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in COLUMNS[kind] if c not in (reader.fieldnames or ())]
    if missing:
        raise UserInputError(_("{file}: line 1: column '{column}' is missing").format(
            file=path.name, column=missing[0]))
    for row in reader:
        clean = {k: (v or "").strip() for k, v in row.items() if k is not None}
        if not any(clean.values()):
            continue
        if not clean.get("legal_source"):
            raise UserInputError(_("{file}: line {n}: legal_source is missing").format(
                file=path.name, n=reader.line_num))
        yield reader.line_num, clean


def _hs_prefix(path: Path, line: int, text: str) -> str:
    digits = text.replace(".", "")
    if not digits.isdigit() or not 2 <= len(digits) <= 10:
        raise UserInputError(_("{file}: line {n}: hs_prefix '{value}' is not 2 to 10 digits")
                             .format(file=path.name, n=line, value=excerpt(text)))
    return digits


def _party(path: Path, line: int, row: dict[str, str]) -> FlaggedParty:
    try:
        kind = PartyKind(row["party_kind"].lower())
    except ValueError:
        raise UserInputError(_(
            "{file}: line {n}: party_kind '{value}' is not trader, vehicle or container"
        ).format(file=path.name, n=line, value=excerpt(row["party_kind"]))) from None
    reported_on = None
    if row["reported_on"]:
        try:
            reported_on = date.fromisoformat(row["reported_on"])
        except ValueError:
            raise UserInputError(_("{file}: line {n}: reported_on '{value}' is not a date")
                                 .format(file=path.name, n=line,
                                         value=excerpt(row["reported_on"]))) \
                from None
    return FlaggedParty(
        party_kind=kind, value=party_value(kind, row["value"]), reason=row["reason"],
        source=row["source"], reported_on=reported_on,
    )


def load_watch_lists(folder: Path) -> WatchLists:
    """Read the four CSV files of ``folder`` into WatchLists.

    Raises:
        UserInputError: naming the file, line and column of a bad row (a row
            without a legal source is refused).
    """
    # Read once: the version names exactly the bytes the lists are made of.
    contents = {kind: _read(folder / name) for kind, name in FILES.items()}
    digest = hashlib.sha256()
    for kind, name in FILES.items():
        digest.update(name.encode() + b"\0" + contents[kind] + b"\0")
    prohibited_path, licence_path = folder / FILES["prohibited"], folder / FILES["licence"]
    brand_path, party_path = folder / FILES["brand"], folder / FILES["party"]
    return WatchLists(
        prohibited=tuple(
            ProhibitedGoods(_hs_prefix(prohibited_path, n, r["hs_prefix"]), r["description"],
                            r["legal_source"])
            for n, r in _rows(prohibited_path, "prohibited", contents["prohibited"])
        ),
        licensed=tuple(
            LicensedGoods(_hs_prefix(licence_path, n, r["hs_prefix"]), r["description"],
                          r["authority"], r["legal_source"])
            for n, r in _rows(licence_path, "licence", contents["licence"])
        ),
        brands=tuple(
            WatchedBrand(
                brand=r["brand"], rights_holder=r["rights_holder"],
                authorised_importers=split_list(r["authorised_importers"]),
                hs_prefixes=tuple(_hs_prefix(brand_path, n, p)
                                  for p in split_list(r["hs_prefixes"])),
                legal_source=r["legal_source"],
            )
            for n, r in _rows(brand_path, "brand", contents["brand"])
        ),
        parties=tuple(_party(party_path, n, r)
                      for n, r in _rows(party_path, "party", contents["party"])),
        version="files:" + digest.hexdigest()[:16],
    )


def party_legal_sources(folder: Path) -> dict[str, str]:
    """Flagged party (searchable value) -> the legal source its row in parties.csv names."""
    path = folder / FILES["party"]
    return {
        party_value(PartyKind(r["party_kind"].lower()), r["value"]): r["legal_source"]
        for _n, r in _rows(path, "party")
    }


@cache
def shipped_watch_lists() -> WatchLists:
    """The watch lists shipped with BorderDesk, read once per process."""
    return load_watch_lists(shipped_folder())
