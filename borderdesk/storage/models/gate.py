"""The gate, its workstations, its officers and their logins."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from borderdesk.storage.models.base import Base, Stamped, new_id, utc_now


class Gate(Base):
    """A border gate; a headquarters database collects several."""

    __tablename__ = "gates"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=new_id)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(2), default="VN")
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Ho_Chi_Minh")
    lanes: Mapped[str] = mapped_column(String(200), default="1,2,3,4")
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


class Workstation(Base):
    """A machine at the gate. Its id is generated once and kept with its settings."""

    __tablename__ = "workstations"

    id: Mapped[UUID] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    gate_id: Mapped[UUID] = mapped_column(ForeignKey("gates.id"))
    registered_at: Mapped[datetime] = mapped_column(default=utc_now)
    public_key: Mapped[str] = mapped_column(String(64), default="")
    """The workstation's Ed25519 public key (hex) that its audit events are signed with."""


class Officer(Stamped, Base):
    """An account. ``password_hash`` and ``active`` change; the audit chain keeps why."""

    __tablename__ = "officers"

    gate_id: Mapped[UUID] = mapped_column(ForeignKey("gates.id"))
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(32))
    badge_no: Mapped[str] = mapped_column(String(32), default="")
    password_hash: Mapped[str] = mapped_column(String(200))
    password_changed_at: Mapped[datetime] = mapped_column(default=utc_now)
    active: Mapped[bool] = mapped_column(default=True)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's own API


class LoginEvent(Base):
    """One login, logout, failure, refusal or session lock: never changed, never removed."""

    __tablename__ = "login_events"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=new_id)
    at: Mapped[datetime] = mapped_column(default=utc_now)
    username: Mapped[str] = mapped_column(String(64))
    officer_id: Mapped[UUID | None] = mapped_column(ForeignKey("officers.id"))
    workstation_id: Mapped[UUID] = mapped_column(ForeignKey("workstations.id"))
    kind: Mapped[str] = mapped_column(String(24))
    """login, failed, refused_locked, refused_disabled, logout, session_locked, session_unlocked."""

    __table_args__ = (Index("ix_login_events_username_at", "username", "at"),)


class DatabaseIdentity(Base):
    """This database's own id (one row, made by the migration that added it).

    Computers pin the workstation keys they saw per database id, so the pins
    of one gate's database say nothing about another's (``docs/security.md``).
    """

    __tablename__ = "database_identity"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=new_id)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
