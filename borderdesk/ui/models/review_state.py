"""What is still marked in a manifest under review, and what the officer did about it (no Qt).

A mark is a field read below ``CONFIDENT`` or a disagreement of the document
with itself. A field's mark goes when the officer corrects or confirms it; a
disagreement's when one of its cells is corrected or the officer confirms it.
The table model and the review screen draw from one ``ReviewState``.
"""

from __future__ import annotations

from dataclasses import dataclass

from borderdesk.domain.manifest import Manifest
from borderdesk.services.manifest_review import Cell, Settled, doubtful_fields


@dataclass(frozen=True)
class Mark:
    """One thing to look at: a field (``cell``) or a disagreement (its index)."""

    cell: Cell | None = None
    disagreement: int | None = None


class ReviewState:
    """The marks of one reading and the officer's corrections and confirmations."""

    def __init__(self, manifest: Manifest | None = None) -> None:
        self.reset(manifest or Manifest())

    # ---- Public API
    def reset(self, manifest: Manifest) -> None:
        """Start over on ``manifest`` as read: everything below the threshold is marked."""
        self.manifest = manifest
        self._doubts = dict(doubtful_fields(manifest))
        self.corrected: set[Cell] = set()
        self.confirmed: set[Cell] = set()
        self.confirmed_disagreements: set[int] = set()
        self._cells_of = [set(d.cells) for d in manifest.disagreements]

    def marks(self) -> list[Mark]:
        """Every mark of the reading, settled or not, in screen order.

        The header fields, then the disagreements (listed above the lines),
        then the goods lines' cells.
        """
        header = [Mark(cell=c) for c in self._doubts if c[0] is None]
        lines = [Mark(cell=c) for c in self._doubts if c[0] is not None]
        return header + [Mark(disagreement=i) for i in range(len(self._cells_of))] + lines

    def open_marks(self) -> list[Mark]:
        """The marks still to look at."""
        return [m for m in self.marks() if self.is_open(m)]

    def is_open(self, mark: Mark) -> bool:
        """Whether ``mark`` still waits for the officer."""
        if mark.disagreement is not None:
            return self.settled(mark.disagreement) is None
        return mark.cell is not None and self.doubt(mark.cell) is not None

    def next_mark(self, after: Mark | None) -> Mark | None:
        """The open mark after ``after`` in screen order, round to the first; None when none."""
        marks = self.marks()
        start = marks.index(after) + 1 if after in marks else 0
        for mark in marks[start:] + marks[:start]:
            if self.is_open(mark):
                return mark
        return None

    def confidence(self, cell: Cell) -> float | None:
        """The confidence a marked field was read at (None for a field that was not marked)."""
        return self._doubts.get(cell)

    def doubt(self, cell: Cell) -> float | None:
        """The confidence of a field still marked as doubtful; None when it is not (any more)."""
        if cell in self.corrected or cell in self.confirmed:
            return None
        return self._doubts.get(cell)

    def disagreements_of(self, cell: Cell) -> list[int]:
        """The open disagreements ``cell`` is part of (none once the cell was corrected)."""
        if cell in self.corrected:
            return []
        return [i for i, cells in enumerate(self._cells_of)
                if cell in cells and self.settled(i) is None]

    def cells_of(self, disagreement: int) -> set[Cell]:
        """The cells a disagreement involves."""
        return set(self._cells_of[disagreement])

    def settled(self, disagreement: int) -> Settled | None:
        """How a disagreement was settled, or None while it is open."""
        if self._cells_of[disagreement] & self.corrected:
            return Settled.CORRECTED
        if disagreement in self.confirmed_disagreements:
            return Settled.CONFIRMED
        return None

    def settlements(self) -> list[Settled | None]:
        """How each disagreement was settled, in order (what the acceptance records)."""
        return [self.settled(i) for i in range(len(self._cells_of))]

    def correct(self, cell: Cell, corrected: bool = True) -> None:
        """The officer changed ``cell`` (or, ``corrected=False``, put back what was read)."""
        if corrected:
            self.corrected.add(cell)
        else:
            self.corrected.discard(cell)

    def confirm(self, mark: Mark) -> None:
        """The officer confirmed a marked field as read, or that the page disagrees so."""
        if mark.disagreement is not None:
            self.confirmed_disagreements.add(mark.disagreement)
        elif mark.cell is not None and mark.cell in self._doubts:
            self.confirmed.add(mark.cell)
