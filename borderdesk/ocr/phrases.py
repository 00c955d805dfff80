"""Finding label phrases ("Số lượng", "Container No") among a row's read words.

Labels are matched on folded tokens (no tone marks, lower case, no edge
marks), longest phrase first, so "so luong" wins over "so"; labels may be
matched allowing one wrong letter in a word of four or more, and such a
match says it was approximate.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import NamedTuple

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from borderdesk.ocr.table import PUNCT
from borderdesk.ocr.vocabulary import fold, zeros_as_letters


@lru_cache(maxsize=8192)
def token(text: str) -> str:
    """A word as label phrases are matched: folded, its edge marks off ("Số:" -> "so")."""
    return fold(zeros_as_letters(text)).strip(PUNCT)


def close(read: str, label: str) -> bool:
    """Whether a read token is a label word, allowing one wrong letter in words of 4 or more."""
    return read == label or (min(len(read), len(label)) >= 4
                             and Levenshtein.distance(read, label) <= 1)




class Match(NamedTuple):
    """A label phrase found among tokens: ``tokens[start:end]`` name ``name``.

    Attributes:
        exact: False when some word of it was one letter off the phrase.
    """

    name: str
    start: int
    end: int
    exact: bool


class Phrases:
    """Longest-first matching of label phrases over a row's tokens."""

    def __init__(self, table: Mapping[str, tuple[str, ...]], *, fuzzy: bool = False,
                 lone_fuzzy: int = 4) -> None:
        """Args:
            table: each name's phrases.
            fuzzy: match one letter off by default.
            lone_fuzzy: the shortest phrase of one word matched one letter off.
        """
        self._fuzzy = fuzzy
        self._lone_fuzzy = lone_fuzzy
        self._by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for name, phrases in table.items():
            for phrase in phrases:
                words = tuple(token(w) for w in phrase.split())
                self._by_first.setdefault(words[0], []).append((words, name))
                if len(words) > 1:
                    # tesseract often drops the space of a label: "Sốlượng", "Đơnvị".
                    joined = ("".join(words),)
                    self._by_first.setdefault(joined[0], []).append((joined, name))
        for entries in self._by_first.values():
            entries.sort(key=lambda entry: -len(entry[0]))
        # For approximate matching: the phrases by their number of words, each with its
        # rank in the order ``_by_first`` is tried in, and its words joined for rapidfuzz.
        self._by_length: dict[int, tuple[list[str], list[tuple[int, tuple[str, ...], str]]]] = {}
        rank = 0
        for entries in self._by_first.values():
            for words, name in entries:
                joined_words, ranked = self._by_length.setdefault(len(words), ([], []))
                joined_words.append(" ".join(words))
                ranked.append((rank, words, name))
                rank += 1

    def find(self, tokens: Sequence[str]) -> list[tuple[str, int, int]]:
        """(name, start, end) for each phrase found, left to right, not overlapping."""
        return [(m.name, m.start, m.end) for m in self.matches(tokens)]

    def matches(self, tokens: Sequence[str], *, fuzzy: bool | None = None) -> list[Match]:
        """Each phrase found, left to right, not overlapping, and whether it matched exactly.

        Args:
            tokens: the row's words, folded by ``token``.
            fuzzy: allow one wrong letter per long word; None keeps the
                setting the phrases were built with.
        """
        approximate = self._fuzzy if fuzzy is None else fuzzy
        found: list[Match] = []
        i = 0
        while i < len(tokens):
            exact = True
            match = self._exact(tokens, i)
            if match is None and approximate:
                exact = False
                match = self._approximate(tokens, i)
            if match is None:
                i += 1
                continue
            words, name = match
            found.append(Match(name, i, i + len(words), exact))
            i += len(words)
        return found

    def _exact(self, tokens: Sequence[str], i: int) -> tuple[tuple[str, ...], str] | None:
        for words, name in self._by_first.get(tokens[i], ()):
            if tuple(tokens[i : i + len(words)]) == words:
                return words, name
        return None

    def approximately(self, tokens: Sequence[str], start: int, end: int) -> Match | None:
        """The phrase that ``tokens[start:end]`` is, allowing one wrong letter per long word."""
        window = tokens[start:end]
        found = self._nearest(window) if window and all(window) else None
        if found is None:
            return None
        _rank, words, name = found
        return Match(name, start, end, tuple(window) == words)

    def _approximate(self, tokens: Sequence[str], i: int) -> tuple[tuple[str, ...], str] | None:
        # A label misread by one letter ("tượng" for "lượng", "Tiêh" for
        # "Tiền") still names its column; short words must match exactly.
        best: tuple[int, tuple[str, ...], str] | None = None
        for size in self._by_length:
            window = tokens[i : i + size]
            found = self._nearest(window, size) if len(window) == size else None
            if found is not None and (best is None or found[0] < best[0]):
                best = found
        return None if best is None else (best[1], best[2])

    def _nearest(
        self, window: Sequence[str], size: int | None = None
    ) -> tuple[int, tuple[str, ...], str] | None:
        """The first phrase (in ``_by_first`` order) of the window's length near the window.

        Phrases of n words one letter off per word are at most n edits off as
        a whole: rapidfuzz finds those, and each is then checked word by word.
        """
        size = len(window) if size is None else size
        if size not in self._by_length or not window[0]:
            return None
        joined, ranked = self._by_length[size]
        best: tuple[int, tuple[str, ...], str] | None = None
        for _choice, _distance, k in process.extract(
            " ".join(window), joined, scorer=Levenshtein.distance, score_cutoff=size, limit=None
        ):
            rank, words, name = ranked[k]
            if size == 1 and len(words[0]) < self._lone_fuzzy:
                continue
            if (best is None or rank < best[0]) and all(map(close, window, words)):
                best = (rank, words, name)
        return best
