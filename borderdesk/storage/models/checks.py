"""Cross-check runs, their findings, and the watch lists they consult."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from borderdesk.storage.models.base import Base, Stamped


class CheckRun(Stamped, Base):
    """One run of the rules over a declaration and a manifest version; never rewritten."""

    __tablename__ = "check_runs"

    crossing_id: Mapped[UUID] = mapped_column(ForeignKey("crossings.id"), index=True)
    declaration_id: Mapped[UUID | None] = mapped_column(ForeignKey("declarations.id"))
    manifest_id: Mapped[UUID | None] = mapped_column(ForeignKey("manifests.id"))
    channel: Mapped[str] = mapped_column(String(8))
    score: Mapped[int]
    rules_version: Mapped[str] = mapped_column(String(32), default="")
    watch_list_version: Mapped[str] = mapped_column(String(64), default="")
    overrides_id: Mapped[UUID | None] = mapped_column(ForeignKey("check_runs.id"))
    """Set on an officer's override: the run whose channel it replaces (findings stay there)."""
    override_reason: Mapped[str] = mapped_column(Text, default="")
    override_from: Mapped[str] = mapped_column(String(8), default="", server_default="")
    """On an override: the channel in force before it (lowering it waits for a supervisor)."""
    settings_version: Mapped[int | None] = mapped_column(nullable=True)
    """The gate's scoring settings version the run used (None: before settings were stored)."""


class Finding(Stamped, Base):
    """What a rule found, in the fixed rule-id vocabulary of DESIGN.md."""

    __tablename__ = "findings"

    check_run_id: Mapped[UUID] = mapped_column(ForeignKey("check_runs.id"), index=True)
    rule: Mapped[str] = mapped_column(String(32), index=True)
    severity: Mapped[str] = mapped_column(String(8))
    line: Mapped[int | None]
    message: Mapped[str] = mapped_column(Text)
    """The message as its writer read it (what older rows and the audit chain hold)."""
    message_phrase: Mapped[dict[str, object] | None] = mapped_column(
        JSON(none_as_null=True), nullable=True)
    """The message as a phrase (domain/phrase.py), said in each reader's language; None on
    rows written before phrases, which show ``message``."""
    evidence: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    points: Mapped[int] = mapped_column(default=0)
    """What the finding added to the score (its contribution)."""


class WatchListEntry(Stamped, Base):
    """A watched party, brand, prohibited or licensed good. Edits are new rows.

    ``supersedes_id`` points at the entry an edit replaces; ``active`` false
    on a new row withdraws an entry without deleting its history.
    """

    __tablename__ = "watch_list_entries"

    list_kind: Mapped[str] = mapped_column(String(16))
    """party, brand, prohibited or licence."""
    pattern: Mapped[str] = mapped_column(String(300))
    hs_prefix: Mapped[str] = mapped_column(String(10), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    severity: Mapped[str] = mapped_column(String(8), default="medium")
    active: Mapped[bool] = mapped_column(default=True)
    supersedes_id: Mapped[UUID | None] = mapped_column(ForeignKey("watch_list_entries.id"))
    entry_key: Mapped[UUID | None] = mapped_column(index=True)
    """The id of the entry's first version: every edit of one entry shares it."""
    legal_source: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(Text, default="")
    """Who reported it (a hotline tip, an audit ...), for flagged parties."""
    reported_on: Mapped[date | None]
    details: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    """Kind-specific fields: authority, rights holder, authorised importers, party kind."""
    change_reason: Mapped[str] = mapped_column(Text, default="")
    """Why a supervisor made this edit or withdrawal."""
