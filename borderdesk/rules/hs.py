"""The Harmonized System nomenclature: is a declared HS code a real subheading of HS 2022?

Built from the rows of the HS 2022 and HS 2017 editions (code, description,
level 2/4/6). A code is judged at its 6-digit root; national 8- and 10-digit
extensions are accepted when the root exists. A root that HS 2017 had and
HS 2022 dropped is *obsolete*, and the HS 2022 subheadings under the same
heading are offered instead (851712 became 851713 and 851714).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass

from borderdesk.i18n import _

HS_LENGTHS = (4, 6, 8, 10)
_SEPARATORS = re.compile(r"[\s.]")

NomenclatureRow = tuple[str, str, int | str]
"""(code, description, level) as the HS CSV files carry them."""


class HsStatus(enum.StrEnum):
    """What the nomenclature says about a code."""

    OK = "ok"
    MALFORMED = "malformed"
    """Not 4, 6, 8 or 10 digits."""
    UNKNOWN = "unknown"
    """Well formed, but in neither edition."""
    OBSOLETE = "obsolete"
    """In HS 2017, dropped by HS 2022."""


@dataclass(frozen=True)
class HsEntry:
    """One heading or subheading of the nomenclature."""

    code: str
    description: str


@dataclass(frozen=True)
class HsVerdict:
    """The judgement on one code, with the HS 2022 candidates when it is obsolete."""

    code: str
    status: HsStatus
    description: str = ""
    candidates: tuple[HsEntry, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether the code may be declared."""
        return self.status is HsStatus.OK

    def explain(self) -> str:
        """A translated sentence for the officer (empty when the code is fine)."""
        if self.status is HsStatus.MALFORMED:
            return _("HS code '{code}' is not 4, 6, 8 or 10 digits.").format(code=self.code)
        if self.status is HsStatus.UNKNOWN:
            return _("HS code {code} is not in the HS 2022 nomenclature.").format(code=self.code)
        if self.status is HsStatus.OBSOLETE:
            return _(
                "HS code {code} was dropped by HS 2022; use one of: {candidates}."
            ).format(code=self.code, candidates=", ".join(c.code for c in self.candidates))
        return ""


def clean_hs_code(text: str) -> str:
    """The code as digits only: dots and spaces removed ("1901.10" -> "190110")."""
    return _SEPARATORS.sub("", text)


class Nomenclature:
    """HS 2022 (current) with HS 2017 (to recognise obsolete codes)."""

    def __init__(self, current: dict[str, str], previous: dict[str, str]) -> None:
        """Build from code -> description maps of headings (4) and subheadings (6)."""
        self._current = current
        self._previous = previous
        self._by_heading: dict[str, list[HsEntry]] = {}
        for code, description in sorted(current.items()):
            if len(code) == 6:
                self._by_heading.setdefault(code[:4], []).append(HsEntry(code, description))

    @classmethod
    def from_rows(
        cls, rows_2022: Iterable[NomenclatureRow], rows_2017: Iterable[NomenclatureRow] = ()
    ) -> Nomenclature:
        """Build from the (code, description, level) rows of both editions.

        Chapter rows (level 2) and anything else that is not a heading or a
        subheading are ignored.
        """
        return cls(_level_map(rows_2022), _level_map(rows_2017))

    def description(self, code: str) -> str:
        """The HS 2022 description of a code's 6-digit root (or heading), or ''."""
        digits = clean_hs_code(code)
        return self._current.get(digits[:6], self._current.get(digits[:4], ""))

    def subheadings(self, heading: str) -> tuple[HsEntry, ...]:
        """The HS 2022 subheadings under a 4-digit heading."""
        return tuple(self._by_heading.get(heading[:4], ()))

    def validate(self, code: str) -> HsVerdict:
        """Judge a declared code at its 6-digit root (4 digits: the heading)."""
        digits = clean_hs_code(code)
        if not digits.isdigit() or len(digits) not in HS_LENGTHS:
            return HsVerdict(code, HsStatus.MALFORMED)
        root = digits[:6]
        if root in self._current:
            return HsVerdict(digits, HsStatus.OK, self._current[root])
        if root in self._previous:
            return HsVerdict(
                digits, HsStatus.OBSOLETE, self._previous[root], self.subheadings(root)
            )
        return HsVerdict(digits, HsStatus.UNKNOWN)


def _level_map(rows: Iterable[NomenclatureRow]) -> dict[str, str]:
    found: dict[str, str] = {}
    for code, description, level in rows:
        digits = clean_hs_code(code)
        if int(level) in (4, 6) and len(digits) == int(level) and digits.isdigit():
            found[digits] = description
    return found
