"""A gate ready for the windows: a migrated SQLite database, officers of every role, a session.

``ui_gate.session_for(Role.BORDER_GUARD)`` (or ``"guard1"``) gives the
``UiSession`` a page is built with, without going through the login dialog.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from borderdesk.access.passwords import hash_password
from borderdesk.config import Settings, default_settings, save_settings, with_changes
from borderdesk.custody.security_state import password_sha256
from borderdesk.domain.gate import WorkstationIdentity
from borderdesk.domain.officer import Actor, Role
from borderdesk.services.audit import append_event
from borderdesk.storage.engine import Database
from borderdesk.storage.migrate import upgrade
from borderdesk.storage.models.gate import Officer
from borderdesk.ui.session import UiSession
from borderdesk.ui.tasks import TaskRunner

GATE_CODE = "LAOBAO"
GATE_NAME = "Cửa khẩu Quốc tế Lao Bảo"
PASSWORD = "laobao2026"
"""The password of every officer of the test gate (the demo gate's too)."""

OFFICERS: dict[str, tuple[Role, str]] = {
    "admin": (Role.ADMINISTRATOR, "Nguyễn Văn Quản"),
    "supervisor1": (Role.SUPERVISOR, "Trần Thị Giám"),
    "guard1": (Role.BORDER_GUARD, "Lê Văn Biên"),
    "customs1": (Role.CUSTOMS_OFFICER, "Phạm Thị Hải"),
    "police1": (Role.POLICE_OFFICER, "Hoàng Văn An"),
    "market1": (Role.MARKET_CONTROL_OFFICER, "Đỗ Thị Thị"),
}
"""Username -> (role, full name): one officer of each role."""


@cache
def _password_hash() -> str:
    # argon2 is slow on purpose; one hash serves every officer of every test.
    return hash_password(PASSWORD)


@dataclass
class UiGate:
    """The test gate: its database, this workstation's settings and identity, its officers."""

    db: Database
    settings: Settings
    workstation: WorkstationIdentity
    actors: dict[str, Actor] = field(default_factory=dict)
    runners: list[TaskRunner] = field(default_factory=list)

    def actor_for(self, who: Role | str) -> Actor:
        """The officer named by username, or the first officer of a role."""
        if isinstance(who, str) and who in self.actors:
            return self.actors[who]
        role = Role(who)
        return next(a for a in self.actors.values() if a.role is role)

    def session_for(self, who: Role | str) -> UiSession:
        """A logged-in session of that officer (no login event is recorded)."""
        runner = TaskRunner()
        self.runners.append(runner)
        return UiSession(
            db=self.db,
            settings=self.settings,
            workstation=self.workstation,
            actor=self.actor_for(who),
            tasks=runner,
        )


def build_gate(db: Database, settings: Settings) -> UiGate:
    """Create the gate, attach the workstation and add one officer of each role."""
    from borderdesk.services import workstations

    workstations.create_gate(db, GATE_CODE, GATE_NAME, lanes=("1", "2", "3", "4", "5", "6"))
    workstation = workstations.attach_workstation(db, settings)
    gate = UiGate(db=db, settings=settings, workstation=workstation)
    with db.session() as session:
        for username, (role, full_name) in OFFICERS.items():
            officer = Officer(
                gate_id=workstation.gate_id,
                username=username,
                full_name=full_name,
                role=role.value,
                badge_no=f"B-{username.upper()}",
                password_hash=_password_hash(),
                workstation_id=workstation.workstation_id,
            )
            session.add(officer)
            session.flush()
            # As services.officers records an account: `audit verify` replays officers from it.
            append_event(session, workstation_id=workstation.workstation_id, officer_id=None,
                         action="officer.created", entity="officer", entity_id=str(officer.id),
                         payload={"username": username, "role": role.value, "gate": GATE_CODE,
                                  "password_sha256": password_sha256(officer.password_hash)})
            gate.actors[username] = Actor(
                officer_id=officer.id,
                username=username,
                full_name=full_name,
                role=role,
                gate_id=workstation.gate_id,
                workstation_id=workstation.workstation_id,
            )
    return gate


@pytest.fixture
def gate_db_url(tmp_path: Path) -> str:
    """The URL of the test gate's SQLite file."""
    return f"sqlite:///{tmp_path / 'gate.sqlite3'}"


@pytest.fixture
def ui_gate(qapp: object, gate_db_url: str) -> Iterator[UiGate]:
    """A migrated SQLite gate with officers of every role; settings saved to the hermetic home."""
    settings = with_changes(default_settings(), workstation_name="BD-TEST-1",
                            database_url=gate_db_url, language="en")
    save_settings(settings)
    db = Database(gate_db_url)
    upgrade(db)
    gate = build_gate(db, settings)
    yield gate
    for runner in gate.runners:
        runner.wait_for_done()
    db.dispose()


@pytest.fixture(autouse=True)
def theme(qapp: QApplication) -> None:
    """The windows under test wear the theme BorderDesk sets on its application at start-up."""
    from borderdesk.ui.kit.theme import apply_theme

    if not qapp.styleSheet():
        apply_theme(qapp)


@pytest.fixture(autouse=True)
def no_modal_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    """Errors become log lines: no test waits for a click on a message box."""
    from borderdesk.ui import errors

    monkeypatch.setattr(errors, "MODAL_ERRORS", False)


@pytest.fixture
def open_main_window(qtbot: object) -> Iterator[object]:
    """A factory ``open_main_window(session, idle_timeout_ms=None) -> MainWindow``, shown.

    At teardown each window is closed the way an officer quits: the logout is
    recorded off the GUI thread and the window waits for it.
    """
    from borderdesk.ui.main_window import MainWindow

    windows: list[MainWindow] = []

    def factory(session: UiSession, idle_timeout_ms: int | None = None) -> MainWindow:
        window = MainWindow(session, idle_timeout_ms=idle_timeout_ms)
        windows.append(window)
        window.show()
        return window

    yield factory
    for window in windows:
        window.close()
        window.session.tasks.wait_for_done()
        qtbot.waitUntil(lambda w=window: not w.isVisible())  # type: ignore[attr-defined]
        window.deleteLater()
