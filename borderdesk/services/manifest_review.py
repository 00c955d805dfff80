"""The officer's acceptance of a manifest reading: every doubt looked at, then one audited version.

A field read below ``CONFIDENT`` is marked in the review, and so is every
cell of a disagreement (the document contradicting itself). The reading may
be accepted once each marked field was corrected or confirmed by the officer
and each disagreement settled, by a correction of one of its cells or by the
officer's word that the page says so. The acceptance is saved as the next
manifest version, as a correction is, and its audit event names the officer,
the fields confirmed with the confidence they were read at, and how each
disagreement was settled.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace
from enum import StrEnum
from uuid import UUID

from borderdesk.access.permissions import Action, require
from borderdesk.domain.manifest import CONFIDENT, Manifest
from borderdesk.domain.officer import Actor
from borderdesk.errors import UserInputError
from borderdesk.i18n import ngettext
from borderdesk.services import manifests
from borderdesk.services.manifests import ManifestRecord, manifest_of
from borderdesk.storage.engine import Database

Cell = tuple[int | None, str]
"""A field of a manifest: (line number, field name); the line is None for a header field."""

HEADER_FIELDS = ("document_no", "date", "consignor", "consignee", "vehicle_plate",
                 "container_no", "seal_no")
LINE_FIELDS = ("line_no", "description", "hs_code", "quantity", "unit", "gross_weight_kg",
               "value", "currency", "origin_country")


class Settled(StrEnum):
    """How the officer settled a disagreement."""

    CORRECTED = "corrected"
    """One of its cells was corrected."""
    CONFIRMED = "confirmed"
    """The officer confirmed that the page itself says so."""


def doubtful_fields(manifest: Manifest) -> tuple[tuple[Cell, float], ...]:
    """Every field read below ``CONFIDENT``, header first, then line by line, with its confidence.

    A field OCR could not read at all is empty with confidence 0: it is among them.
    A field without a confidence (typed or corrected by a person) never is.
    """
    doubts: list[tuple[Cell, float]] = [
        ((None, name), float(manifest.confidence[name])) for name in HEADER_FIELDS
        if name in manifest.confidence and manifest.confidence[name] < CONFIDENT
    ]
    for line in manifest.lines:
        doubts.extend(((line.line_no, name), float(line.confidence[name])) for name in LINE_FIELDS
                      if name in line.confidence and line.confidence[name] < CONFIDENT)
    return tuple(doubts)


def unsettled(manifest: Manifest, confirmed: Collection[Cell],
              settled: Sequence[Settled | None]) -> int:
    """How many marks are left: doubtful fields not confirmed, disagreements not settled."""
    fields = sum(1 for cell, _level in doubtful_fields(manifest) if cell not in confirmed)
    open_disagreements = sum(
        1 for i in range(len(manifest.disagreements)) if i >= len(settled) or settled[i] is None
    )
    return fields + open_disagreements


def vouched(manifest: Manifest, confirmed: Collection[Cell]) -> Manifest:
    """``manifest`` with the confirmed fields' confidences dropped: the officer vouches for them."""
    header = {k: v for k, v in manifest.confidence.items() if (None, k) not in confirmed}
    lines = tuple(
        replace(line, confidence={k: v for k, v in line.confidence.items()
                                  if (line.line_no, k) not in confirmed})
        for line in manifest.lines
    )
    return replace(manifest, confidence=header, lines=lines)


def accept_reading(
    db: Database, actor: Actor, manifest_id: UUID, manifest: Manifest, *,
    confirmed: Collection[Cell] = (), settled: Sequence[Settled | None] = (),
) -> ManifestRecord:
    """Record the officer's acceptance of a reading as the next manifest version.

    Args:
        manifest_id: the version the officer reviewed (read, or corrected since).
        manifest: the manifest as the officer leaves it: corrections made (a
            corrected field has no confidence) and the reading's disagreements.
        confirmed: the fields below ``CONFIDENT`` the officer confirmed as read.
        settled: for each of ``manifest.disagreements``, in order, how it was settled.

    Raises:
        PermissionDenied: the role may not read manifests.
        UserInputError: a marked field not corrected or confirmed, a disagreement
            not settled, or no such manifest at this gate; nothing is saved.
        ConcurrentChange: someone saved a newer version first.
    """
    require(actor.role, Action.READ_MANIFEST)
    left = unsettled(manifest, confirmed, settled)
    if left:
        raise UserInputError(ngettext(
            "{n} marked field is still to be corrected or confirmed; the reading was not accepted.",
            "{n} marked fields are still to be corrected or confirmed; the reading was not "
            "accepted.", left).format(n=left))
    doubts = doubtful_fields(manifest)
    kept = vouched(manifest, confirmed)
    with db.session() as session:
        previous, crossing = manifests.newest_version(session, actor, manifest_id)
        row = manifests.save_version(
            session, actor, crossing.id, kept, sha256=previous.source_image_sha256,
            supersedes=previous, action="manifest.accepted",
            extra={
                "confirmed": [{"line": line, "field": name, "confidence": level}
                              for (line, name), level in doubts],
                "disagreements": [{"message": d.message, "settled": str(how)}
                                  for d, how in zip(manifest.disagreements, settled,
                                                    strict=False)],
            },
        )
        return ManifestRecord(row.id, row.version, manifest_of(session, row))
