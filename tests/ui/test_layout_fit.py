"""Every page, crossing tab and dialog is usable on a 1024x768 booth screen, in both languages.

Rendered on the demo gate (a day of crossings) plus one declared and checked crossing with
several findings and goods lines: nothing cut, nothing drawn over something else, the
columns an officer scans first in view, and the window no larger than the screen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from uuid import UUID

import pytest
from PySide6.QtWidgets import QAbstractItemView, QApplication, QWidget

from borderdesk.config import Settings, default_settings, with_changes
from borderdesk.domain.crossing import Channel
from borderdesk.domain.gate import WorkstationIdentity
from borderdesk.services import auth, demo, handoffs, overrides, workstations
from borderdesk.storage.engine import Database
from borderdesk.storage.migrate import upgrade
from borderdesk.ui.models.approvals_model import Column as ApprovalColumn
from borderdesk.ui.models.handoff_models import InboxColumn
from borderdesk.ui.models.queue_model import Column as QueueColumn
from borderdesk.ui.session import UiSession
from borderdesk.ui.tasks import TaskRunner
from borderdesk.ui.translation import apply_language
from tests.ui.layout_kit import declared_crossing, hidden_columns, misfits, oversize

pytestmark = pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints|raise)\(\)"
)

SCREEN = (1024, 768)
LANGUAGES = ("en", "vi")

PAGES = {
    "queue": "guard1", "arrival": "guard1", "handoffs": "", "watchlists": "supervisor1",
    "reports": "supervisor1", "approvals": "supervisor1", "selectivity": "supervisor1",
    "scoring": "supervisor1", "audit": "supervisor1", "officers": "admin", "keys": "admin",
}
"""Navigation page -> the demo officer who sees it ("" = whoever has the fullest inbox)."""

ESSENTIAL = {
    "queue": (QueueColumn.REFERENCE, QueueColumn.STATUS, QueueColumn.CHANNEL,
              QueueColumn.ARRIVED_AT),
    "handoffs": (InboxColumn.REFERENCE, InboxColumn.FROM, InboxColumn.WAITING,
                 InboxColumn.STATE),
    "approvals": (ApprovalColumn.REFERENCE, ApprovalColumn.CHANNELS, ApprovalColumn.ASKED_BY),
}
"""The columns an officer scans first, in view without scrolling sideways."""


@dataclass
class DemoGate:
    """The seeded demo gate, shared by every test of the module (pages only read it)."""

    db: Database
    settings: Settings
    workstation: WorkstationIdentity
    receiver: str
    crossing_id: UUID
    runners: list[TaskRunner]

    def session(self, username: str) -> UiSession:
        runner = TaskRunner()
        self.runners.append(runner)
        actor = auth.log_in(self.db, self.workstation, username, demo.DEMO_PASSWORD)
        return UiSession(db=self.db, settings=self.settings, workstation=self.workstation,
                         actor=actor, tasks=runner)


@pytest.fixture(scope="module")
def demo_gate(qapp: QApplication, tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoGate]:
    folder = tmp_path_factory.mktemp("fit-gate")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BORDERDESK_HOME", str(folder / "home"))
        patch.delenv("BORDERDESK_DB_URL", raising=False)
        settings = with_changes(default_settings(), workstation_name="LB-BOOTH-1",
                                language="en")
        db = Database(f"sqlite:///{folder / 'demo.sqlite3'}")
        upgrade(db)
        demo.seed_demo(db, settings)
        workstation = workstations.attach_workstation(db, settings)

        def actor(name: str):
            return auth.log_in(db, workstation, name, demo.DEMO_PASSWORD)

        receiver = max(("customs1", "police1", "market1", "guard1"),
                       key=lambda name: len(handoffs.inbox(db, actor(name))))
        crossing_id = declared_crossing(db, actor("guard1"), actor("customs1"))
        # A lowered channel waiting for the supervisor: the approvals page has a row.
        overrides.override_channel(
            db, actor("customs1"), declared_crossing(db, actor("guard1"), actor("customs1")),
            Channel.YELLOW, "Hàng nông sản quen thuộc của doanh nghiệp; hồ sơ đã kiểm tra đủ")
    gate = DemoGate(db, settings, workstation, receiver, crossing_id, [])  # type: ignore[arg-type]
    yield gate
    for runner in gate.runners:
        runner.wait_for_done()
    db.dispose()


def settle(qapp: QApplication, *runners: TaskRunner) -> None:
    """Let the page's background loads land and the layouts settle."""
    for _round in range(6):
        for tasks in runners:
            tasks.wait_for_done()
        qapp.processEvents()


def assert_fits(window: QWidget, *extra: object) -> None:
    found = [*oversize(window, *SCREEN), *misfits(window), *extra]
    assert not found, "cut or overlapping at 1024x768:\n" + "\n".join(map(str, found))


@pytest.fixture(params=LANGUAGES)
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    apply_language(request.param)
    yield request.param
    apply_language("en")


@pytest.mark.parametrize("key", PAGES)
def test_a_navigation_page_fits_a_booth_screen(key: str, language: str, qapp, demo_gate,
                                               open_main_window) -> None:
    session = demo_gate.session(PAGES[key] or demo_gate.receiver)
    window = open_main_window(session)
    window.resize(*SCREEN)
    window.show_area(key)
    settle(qapp, session.tasks)
    page = window.pages[key]
    columns = []
    if key in ESSENTIAL:
        assert page.table.model().rowCount() > 0, "the demo gate fills the table"
        columns = list(hidden_columns(page.table, ESSENTIAL[key]))
    assert_fits(window, *columns)


def test_the_offline_queue_page_fits_a_booth_screen(language: str, qapp, demo_gate,
                                                    qtbot) -> None:
    from borderdesk.ui.pages.offline_queue_page import OfflineQueuePage

    session = demo_gate.session("customs1")
    page = OfflineQueuePage(session)
    qtbot.addWidget(page)
    # What the main window leaves a page at 1024x768: the navigation and header taken.
    page.resize(SCREEN[0] - 240, SCREEN[1] - 120)
    page.show()
    settle(qapp, session.tasks)
    assert_fits(page)


def rows_in_view(view: QAbstractItemView) -> int:
    """How many rows are wholly visible in the view, scrolled to the top."""
    model, room = view.model(), view.viewport().rect()
    return sum(1 for row in range(model.rowCount())
               if room.contains(view.visualRect(model.index(row, 0))))


@pytest.fixture
def crossing_window(language: str, qapp, qtbot, demo_gate) -> Callable[[], object]:
    from borderdesk.ui.crossing.crossing_window import CrossingWindow

    session = demo_gate.session("customs1")
    window = CrossingWindow(session, demo_gate.crossing_id)
    qtbot.addWidget(window)
    window.resize(*SCREEN)
    window.show()
    settle(qapp, session.tasks)
    return window


@pytest.mark.parametrize("tab", range(4))
def test_a_crossing_tab_fits_a_booth_screen(tab: int, crossing_window, qapp, demo_gate) -> None:
    window = crossing_window
    window.tabs.setCurrentIndex(tab)
    settle(qapp, *demo_gate.runners)
    assert_fits(window)


def test_the_crossing_shows_three_findings_and_three_goods_lines(crossing_window, qapp,
                                                                demo_gate) -> None:
    window = crossing_window
    window.tabs.setCurrentWidget(window.documents_tab)
    settle(qapp, *demo_gate.runners)
    findings, lines = window.checks.findings_view, window.checks.lines_view
    assert findings.model().rowCount() >= 3 and lines.model().rowCount() >= 3
    assert rows_in_view(findings) >= 3, "three findings read without scrolling"
    assert rows_in_view(lines) >= 3, "three goods lines compared without scrolling"


def _dialogs(gate: DemoGate) -> Iterator[tuple[str, Callable[[], QWidget]]]:
    from borderdesk.ui.dialogs.crash_dialog import CrashDialog
    from borderdesk.ui.dialogs.database_dialog import DatabaseProblemDialog
    from borderdesk.ui.dialogs.lock_dialog import LockDialog
    from borderdesk.ui.dialogs.login_dialog import LoginDialog
    from borderdesk.ui.dialogs.officer_dialog import NewOfficerDialog
    from borderdesk.ui.dialogs.override_dialog import OverrideDialog
    from borderdesk.ui.dialogs.settings_dialog import SettingsDialog

    url = "postgresql+psycopg://borderdesk@10.20.0.5:5432/laobao"
    yield "login", lambda: LoginDialog(gate.db, gate.settings, gate.workstation, TaskRunner())
    yield "lock", lambda: LockDialog(gate.session("customs1"))
    yield "crash", lambda: CrashDialog("RuntimeError: the scanner stopped answering",
                                       "Traceback (most recent call last):\n  ...")
    yield "database-problem", lambda: DatabaseProblemDialog(
        url, "connection refused: is the gate's server on and on the network?")
    yield "new-officer", lambda: NewOfficerDialog(gate.session("admin"))
    yield "override", lambda: OverrideDialog(Channel.RED)
    yield "settings", lambda: SettingsDialog(gate.settings)
    yield from _work_dialogs(gate)


def _work_dialogs(gate: DemoGate) -> Iterator[tuple[str, Callable[[], QWidget]]]:
    """The dialogs of an officer's work, filled from the demo gate's records."""
    from zoneinfo import ZoneInfo

    from borderdesk.domain.officer import Role
    from borderdesk.services import checks, officers
    from borderdesk.ui.dialogs.handoff_dialog import HandoffDialog
    from borderdesk.ui.dialogs.handoff_reply_dialog import (
        AcceptDialog,
        DisputeDialog,
        ReturnDialog,
    )
    from borderdesk.ui.dialogs.inspection_dialog import InspectionDialog
    from borderdesk.ui.dialogs.officer_dialog import ResetPasswordDialog
    from borderdesk.ui.dialogs.seizure_dialog import SeizureDialog
    from borderdesk.ui.dialogs.setting_dialog import SettingDialog
    from borderdesk.ui.models.custody_choices import load_choices

    zone = ZoneInfo(gate.workstation.gate_timezone)

    def customs():  # the officer who inspects, seizes and hands over
        return gate.session("customs1").actor

    def record():  # the fullest handoff waiting for the receiver
        receiver = gate.session(gate.receiver).actor
        waiting = handoffs.inbox(gate.db, receiver)
        every = [handoffs.get_handoff(gate.db, receiver, h.handoff_id) for h in waiting]
        return max(every, key=lambda r: len(r.items))

    def findings():
        latest = checks.latest_check(gate.db, customs(), gate.crossing_id)
        return latest.result.findings if latest else ()

    admin = gate.session("admin")
    yield "reset-password", lambda: ResetPasswordDialog(
        admin, officers.list_officers(gate.db, admin.actor)[0])
    yield "setting", lambda: SettingDialog(gate.session("supervisor1"),
                                           "selectivity.random_rate", "5")
    yield "inspection", lambda: InspectionDialog(gate.crossing_id, "LA-261208-QNV2W",
                                                 findings=findings())
    yield "seizure", lambda: SeizureDialog(load_choices(gate.db, customs(), gate.crossing_id),
                                           zone)
    yield "handoff", lambda: HandoffDialog(load_choices(gate.db, customs(), gate.crossing_id),
                                           Role.CUSTOMS_OFFICER, zone)
    yield "handoff-accept", lambda: AcceptDialog(record())
    yield "handoff-dispute", lambda: DisputeDialog(record())
    yield "handoff-return", lambda: ReturnDialog(record())


DIALOGS = ["login", "lock", "crash", "database-problem", "new-officer", "override",
           "settings", "reset-password", "setting", "inspection", "seizure", "handoff",
           "handoff-accept", "handoff-dispute", "handoff-return"]


@pytest.mark.parametrize("name", DIALOGS)
def test_a_dialog_fits_a_booth_screen(name: str, language: str, qapp, qtbot,
                                      demo_gate) -> None:
    make = dict(_dialogs(demo_gate))[name]
    dialog = make()
    qtbot.addWidget(dialog)
    dialog.show()
    qapp.processEvents()
    assert_fits(dialog)


def test_a_cut_label_is_found(qtbot) -> None:
    """The check itself: a label squeezed below its text is reported, an elided one is not."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QHBoxLayout, QLabel

    holder = QWidget()
    qtbot.addWidget(holder)
    row = QHBoxLayout(holder)
    cut = QLabel("Cộng hoà Dân chủ Nhân dân Lào")
    elided = QLabel(cut.fontMetrics().elidedText(cut.text(), Qt.TextElideMode.ElideRight, 55))
    for label in (cut, elided):
        label.setMinimumWidth(1)
        label.setMaximumWidth(60)
        row.addWidget(label)
    holder.show()
    found = misfits(holder)
    assert [m.where for m in found] == [f"QWidget/QLabel {cut.text()!r}"]
