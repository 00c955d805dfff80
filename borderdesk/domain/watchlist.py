"""Watch lists a gate checks every declaration against: goods, brands and parties.

Supervisors edit them; the shipped CSV files under ``resources/rules/watchlists``
carry real entries with the legal source of each. ``WatchLists.version`` names
the state of the lists a check ran against, so a finding can be explained later.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date


class WatchListKind(enum.StrEnum):
    """The four watch lists."""

    PROHIBITED = "prohibited"
    LICENCE = "licence"
    BRAND = "brand"
    PARTY = "party"


class PartyKind(enum.StrEnum):
    """What a flagged party is identified by."""

    TRADER = "trader"
    """By tax code."""
    VEHICLE = "vehicle"
    """By plate, normalised (letters and digits only, see rules.identifiers.normalize_plate)."""
    CONTAINER = "container"
    """By ISO 6346 container number, compact."""


@dataclass(frozen=True)
class ProhibitedGoods:
    """Goods banned from import or export: every HS code starting with ``hs_prefix``."""

    hs_prefix: str
    description: str
    legal_source: str


@dataclass(frozen=True)
class LicensedGoods:
    """Goods that need a licence or permit from ``authority`` (HS prefix)."""

    hs_prefix: str
    description: str
    authority: str
    legal_source: str


@dataclass(frozen=True)
class WatchedBrand:
    """A trademark often counterfeited: only its authorised importers may bring it in.

    ``hs_prefixes`` limits the watch to some goods (empty: any goods).
    """

    brand: str
    rights_holder: str
    authorised_importers: tuple[str, ...] = ()
    """Tax codes of the traders the rights holder authorised."""
    hs_prefixes: tuple[str, ...] = ()
    legal_source: str = ""


@dataclass(frozen=True)
class FlaggedParty:
    """A trader, vehicle or container to look at closely, with why and who said so."""

    party_kind: PartyKind
    value: str
    """Tax code, normalised plate or compact container number."""
    reason: str
    source: str = ""
    """Where the flag came from, e.g. "hotline tip", "post-clearance audit"."""
    reported_on: date | None = None


WatchListEntry = ProhibitedGoods | LicensedGoods | WatchedBrand | FlaggedParty


def kind_of(entry: WatchListEntry) -> WatchListKind:
    """The list an entry belongs to."""
    if isinstance(entry, ProhibitedGoods):
        return WatchListKind.PROHIBITED
    if isinstance(entry, LicensedGoods):
        return WatchListKind.LICENCE
    if isinstance(entry, WatchedBrand):
        return WatchListKind.BRAND
    return WatchListKind.PARTY


@dataclass(frozen=True)
class WatchLists:
    """All four lists as one check sees them."""

    prohibited: tuple[ProhibitedGoods, ...] = ()
    licensed: tuple[LicensedGoods, ...] = ()
    brands: tuple[WatchedBrand, ...] = ()
    parties: tuple[FlaggedParty, ...] = ()
    version: str = ""
    """Which state of the lists this is (a hash, a date, or the newest entry id)."""
