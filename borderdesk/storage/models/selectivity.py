"""Selectivity: the gate's scoring settings, lowered channels awaiting a second officer,
and the random draws that pick crossings and inspectors.

Every table here only grows: a new settings version, a decision on an
override, a draw are new rows, so what a check ran with and who decided what
can always be read back.
"""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import JSON, ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from borderdesk.storage.models.base import Base, Stamped


class ScoringSettings(Stamped, Base):
    """One version of the gate's scoring settings: the whole mapping, with why it changed."""

    __tablename__ = "scoring_settings"
    __table_args__ = (UniqueConstraint("gate_id", "version", name="uq_scoring_settings_version"),)

    gate_id: Mapped[UUID] = mapped_column(ForeignKey("gates.id"), index=True)
    version: Mapped[int]
    settings: Mapped[dict[str, object]] = mapped_column(JSON)
    """The settings as ``scoring.toml`` would hold them (nested tables, numbers as text)."""
    changed_key: Mapped[str] = mapped_column(String(100), default="")
    reason: Mapped[str] = mapped_column(Text, default="")


class OverrideDecision(Stamped, Base):
    """A supervisor's approval or refusal of a lowered channel; one per override."""

    __tablename__ = "override_decisions"

    override_id: Mapped[UUID] = mapped_column(ForeignKey("check_runs.id"), unique=True)
    decision: Mapped[str] = mapped_column(String(8))
    """``approved`` or ``refused``."""
    reason: Mapped[str] = mapped_column(Text, default="")


class SelectionKey(Stamped, Base):
    """The gate's secret for random selection: one per gate, never replaced in place."""

    __tablename__ = "selection_keys"

    gate_id: Mapped[UUID] = mapped_column(ForeignKey("gates.id"), unique=True)
    secret: Mapped[bytes] = mapped_column(LargeBinary(64))
    fingerprint: Mapped[str] = mapped_column(String(64))
    """SHA-256 of the secret, recorded with every draw so a changed key shows."""


class SelectionDraw(Stamped, Base):
    """A random draw made once for a crossing: its channel pick, or its inspector."""

    __tablename__ = "selection_draws"
    __table_args__ = (
        UniqueConstraint("crossing_id", "purpose", name="uq_selection_draws_purpose"),
    )

    crossing_id: Mapped[UUID] = mapped_column(ForeignKey("crossings.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(16))
    """``channel`` (at the first check) or ``inspector`` (when the crossing turns red)."""
    check_run_id: Mapped[UUID | None] = mapped_column(ForeignKey("check_runs.id"))
    key_fingerprint: Mapped[str] = mapped_column(String(64))
    ticket: Mapped[str] = mapped_column(String(64))
    """The keyed hash the draw was made from (hex), so a supervisor can redo it."""
    outcome: Mapped[str] = mapped_column(String(64))
    """``none``, ``yellow`` or ``red`` for a channel draw; the officer's id for an inspector."""
    parameters: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    """What the draw depended on: the rates, or the officers it chose among."""
