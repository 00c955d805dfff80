"""Where the fuzzers' choices come from: Hypothesis in the suite, a seeded Random in the bench.

Every mutator asks a :class:`Draw` for its choices, so one mutator serves both
runs, from one integer seed each (``RandomDraw``: the suite's Hypothesis
strategies draw the seed, the bench counts them), or choice by choice through
Hypothesis (``HypothesisDraw``: shrinks towards the first option and "no
mutation", at ten times the cost).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import TypeVar

from hypothesis import strategies as st

T = TypeVar("T")


class Draw:
    """The choices of one case. Subclasses give ``integer``; the rest is built on it."""

    def integer(self, low: int, high: int) -> int:
        """A whole number from ``low`` to ``high`` included."""
        raise NotImplementedError

    def choice(self, options: Sequence[T]) -> T:
        """One of ``options`` (shrinks towards the first)."""
        return options[self.integer(0, len(options) - 1)]

    def chance(self, probability: float) -> bool:
        """True with ``probability``; shrinks towards False."""
        return self.integer(0, 999) >= 1000 - round(probability * 1000)

    def text_of(self, alphabet: str, low: int, high: int) -> str:
        """A string of ``low`` to ``high`` characters of ``alphabet``."""
        return "".join(self.choice(alphabet) for _ in range(self.integer(low, high)))


class RandomDraw(Draw):
    """Choices from ``random.Random(seed)``: the bench's cases, reproducible from the seed."""

    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)

    def integer(self, low: int, high: int) -> int:
        return self.random.randint(low, high)


class HypothesisDraw(Draw):
    """Choices drawn one by one through Hypothesis's ``data()``, so a failing case shrinks."""

    def __init__(self, data: st.DataObject) -> None:
        self.data = data

    def integer(self, low: int, high: int) -> int:
        return self.data.draw(st.integers(low, high))
