"""Public keys this gate trusts: other gates, agencies and workstations that sign bundles.

Plain dataclasses, no I/O. The keys themselves are hex of raw Ed25519 public
keys (``custody.signing``); people compare them by fingerprint.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from borderdesk.i18n import N_, _


class KeyKind(enum.StrEnum):
    """Whose key it is."""

    GATE = "gate"
    AGENCY = "agency"
    WORKSTATION = "workstation"


_KIND_LABELS = {
    KeyKind.GATE: N_("Another gate"),
    KeyKind.AGENCY: N_("Agency"),
    KeyKind.WORKSTATION: N_("Workstation"),
}


def key_kind_label(kind: KeyKind) -> str:
    """The officer-facing name of a key kind, in the active language."""
    return _(_KIND_LABELS[kind])


@dataclass(frozen=True)
class TrustedKeyInfo:
    """A key an administrator trusts (or trusted, until ``revoked_at``)."""

    key_id: UUID
    name: str
    kind: KeyKind
    public_key: str
    """Hex of the raw 32-byte Ed25519 public key."""
    fingerprint: str
    """What people compare: ``custody.signing.fingerprint`` of the key."""
    added_at: datetime
    added_by: str
    """The full name of the administrator who added it."""
    revoked_at: datetime | None = None

    @property
    def revoked(self) -> bool:
        """Whether the key was revoked: bundles it signs are refused."""
        return self.revoked_at is not None
