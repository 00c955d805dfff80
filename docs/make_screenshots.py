"""Render the screenshots the README shows, offscreen, from a throw-away demo gate.

Run from the project folder: ``.venv/bin/python docs/make_screenshots.py``.
Nothing of the user's own settings or data is read or written.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HOME = tempfile.mkdtemp(prefix="borderdesk-shots-")
os.environ["BORDERDESK_HOME"] = HOME
os.environ.pop("BORDERDESK_DB_URL", None)
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QSize  # noqa: E402
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget  # noqa: E402

from borderdesk.config import Settings, default_settings, with_changes  # noqa: E402
from borderdesk.domain.crossing import Channel, CrossingStatus  # noqa: E402
from borderdesk.services import auth, demo, workstations  # noqa: E402
from borderdesk.storage.engine import Database  # noqa: E402
from borderdesk.storage.migrate import upgrade  # noqa: E402
from borderdesk.ui.crossing.crossing_view import CrossingView  # noqa: E402
from borderdesk.ui.dialogs.login_dialog import LoginDialog  # noqa: E402
from borderdesk.ui.kit.theme import apply_theme  # noqa: E402
from borderdesk.ui.main_window import MainWindow  # noqa: E402
from borderdesk.ui.pages.arrival_page import ArrivalPage  # noqa: E402
from borderdesk.ui.pages.reports_page import ReportsPage  # noqa: E402
from borderdesk.ui.session import UiSession  # noqa: E402
from borderdesk.ui.tasks import TaskRunner  # noqa: E402
from borderdesk.ui.translation import apply_language  # noqa: E402

OUT = Path(__file__).resolve().parent / "screenshots"
WINDOW = QSize(1440, 860)
BOOTH = QSize(1024, 768)
"""A common booth screen: every page is shot at this size in both languages."""
WIDE = QSize(1920, 1080)
BOOTH_PAGES = {
    "queue": "guard1", "arrival": "guard1", "handoffs": "", "watchlists": "supervisor1",
    "reports": "supervisor1", "approvals": "supervisor1", "selectivity": "supervisor1",
    "scoring": "supervisor1", "audit": "supervisor1", "officers": "admin", "keys": "admin",
}
"""Navigation page -> the demo officer who sees it ("" = whoever has the fullest inbox);
the offline queue is shot in ``shoot_offline``, on a server with a local copy."""


def settle(app: QApplication, tasks: TaskRunner, done: Callable[[], bool]) -> None:
    """Let background queries finish and the widgets update until ``done()``."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        tasks.wait_for_done()
        app.processEvents()
        if done():
            app.processEvents()
            return
    raise SystemExit("the window did not finish loading")


def shoot(widget: QWidget, name: str) -> None:
    """Save what the widget shows as ``docs/screenshots/<name>.png``, in 256 colours."""
    from PIL import Image

    for edit in widget.findChildren(QLineEdit):
        edit.deselect()
    for _round in range(3):  # layouts asked for by the last texts set
        QApplication.processEvents()
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.png"
    widget.grab().save(str(path))
    # A window has few colours: a palette keeps the text crisp at a third of the size.
    with Image.open(path) as shot:
        small = shot.convert("RGB").quantize(256, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)
    print(path)


def shoot_booth(app: QApplication, tasks: TaskRunner, db: Database,
                session_of: Callable[[str], UiSession]) -> None:
    """Every navigation page and the crossing window at 1024x768 in both languages; the
    queue and the crossing at 1920x1080 too.

    The crossing is one declared and checked here: six goods lines, seven findings and a
    Lao certificate of origin, what an officer decides on.
    """
    from borderdesk.services import handoffs, overrides
    from borderdesk.ui.crossing.crossing_window import CrossingWindow
    from tests.ui.layout_kit import declared_crossing

    guard, customs = session_of("guard1").actor, session_of("customs1").actor
    crossing_id = declared_crossing(db, guard, customs)
    overrides.override_channel(db, customs, declared_crossing(db, guard, customs),
                               Channel.YELLOW, "Hàng nông sản quen thuộc của doanh nghiệp; "
                               "hồ sơ đã kiểm tra đủ")
    receiver = max(("customs1", "police1", "market1", "guard1"),
                   key=lambda name: len(handoffs.inbox(db, session_of(name).actor)))
    by_officer: dict[str, list[str]] = {}
    for key, officer in BOOTH_PAGES.items():
        by_officer.setdefault(officer or receiver, []).append(key)
    for language in ("en", "vi"):
        apply_language(language)
        for officer, keys in by_officer.items():
            window = MainWindow(session_of(officer))
            window.resize(BOOTH)
            window.show()
            for key in keys:
                window.show_area(key)
                settle(app, tasks, lambda: True)
                shoot(window, f"{key}-{language}-1024")
                if key == "queue":
                    window.resize(WIDE)
                    settle(app, tasks, lambda: True)
                    shoot(window, f"{key}-{language}-1920")
                    window.resize(BOOTH)
            window.idle.stop()
            if window.handoff_watch is not None:
                window.handoff_watch.stop()
            window.hide()
        crossing = CrossingWindow(session_of("customs1"), crossing_id)
        crossing.resize(BOOTH)
        crossing.show()
        settle(app, tasks, lambda crossing=crossing: crossing.overview.detail is not None)
        for index, name in enumerate(("overview", "evidence", "documents", "custody")):
            crossing.tabs.setCurrentIndex(index)
            settle(app, tasks, lambda: True)
            shoot(crossing, f"crossing-{name}-{language}-1024")
        crossing.tabs.setCurrentIndex(2)
        crossing.resize(WIDE)
        settle(app, tasks, lambda: True)
        shoot(crossing, f"crossing-documents-{language}-1920")
        crossing.close()
    apply_language("en")


def shoot_custody(app: QApplication, tasks: TaskRunner,
                  session_of: Callable[[str], UiSession]) -> None:
    """The handoff inbox, the accept dialog, a crossing's custody, trusted keys, the audit chain."""
    from borderdesk.custody.signing import new_private_key, public_key_hex
    from borderdesk.domain.custody import HandoffState
    from borderdesk.services import handoffs, keys
    from borderdesk.ui.crossing.crossing_window import CrossingWindow
    from borderdesk.ui.pages.audit_page import AuditChainPage
    from borderdesk.ui.pages.trusted_keys_page import TrustedKeysPage

    receiver = max(("customs1", "police1", "market1", "guard1"), key=lambda name: len(
        handoffs.inbox(session_of(name).db, session_of(name).actor)))
    supervisor = session_of("supervisor1")
    every = handoffs.inbox(supervisor.db, supervisor.actor, states=frozenset(HandoffState))
    records = [handoffs.get_handoff(supervisor.db, supervisor.actor, s.handoff_id) for s in every]
    richest = max(records, key=lambda r: (r.seizure_id is not None, len(r.items)))
    admin = session_of("admin")
    keys.trust_key(admin.db, admin.actor, "Cửa khẩu Quốc tế Cầu Treo", "gate",
                   public_key_hex(new_private_key()))
    for language in ("en", "vi"):
        apply_language(language)
        window = MainWindow(session_of(receiver))
        window.resize(WINDOW)
        window.show()
        window.show_area("handoffs")
        inbox = window.pages["handoffs"]
        settle(app, tasks, lambda inbox=inbox: inbox.detail.record is not None)
        shoot(window, f"inbox-{language}")
        inbox.accept_chosen()
        dialog = inbox.dialog
        dialog.resize(QSize(900, 420))
        sealed = [r for r, i in enumerate(dialog.record.items) if i.seal_no]
        if sealed:
            dialog.checklist.set_checked(sealed[0], seal_intact=False,
                                         remark="Seal cut and retied with wire")
        dialog.confirm.setChecked(True)
        app.processEvents()
        shoot(dialog, f"handoff-accept-{language}")
        dialog.reject()
        window.idle.stop()
        window.handoff_watch.stop()

        crossing = CrossingWindow(session_of("customs1"), richest.crossing_id)
        crossing.resize(QSize(1280, 860))
        crossing.show()
        crossing.tabs.setCurrentWidget(crossing.custody_tab)
        tab = crossing.custody_tab
        settle(app, tasks, lambda tab=tab: tab.facts is not None and tab.detail.record is not None)
        tab.choose_handoff(richest.summary.handoff_id)
        settle(app, tasks, lambda: True)
        shoot(crossing, f"custody-{language}")
        crossing.close()

        for name, page, ready in (
            ("trusted-keys", TrustedKeysPage(session_of("admin")), lambda p: p.own_key),
            ("audit", AuditChainPage(session_of("supervisor1")), lambda p: p.report),
        ):
            page.resize(QSize(1200, 720))
            page.show()
            if isinstance(page, AuditChainPage):
                page.verify()
            settle(app, tasks, lambda page=page, ready=ready: bool(ready(page)))
            shoot(page, f"{name}-{language}")
            page.close()
    apply_language("en")


def shoot_offline(app: QApplication, server_url: str, settings: Settings) -> None:
    """The window through an outage: the status bar and the queue, then a conflict to settle."""
    from borderdesk.domain.custody import ItemConfirmation
    from borderdesk.services import handoffs, offline
    from borderdesk.storage.offline.gate_database import GateDatabase
    from borderdesk.ui.pages.offline_queue_page import OfflineQueuePage

    server = Database(server_url)
    # The demo's "server" is a SQLite file: the copy and the replay work on it the same way.
    db = GateDatabase(server_url, Path(HOME) / "offline.sqlite3",
                      workstation_id=settings.workstation_id)
    workstation = workstations.attach_workstation(db, settings)
    db.refresh_copy()
    tasks = TaskRunner()
    actor = auth.log_in(db, workstation, "customs1", demo.DEMO_PASSWORD)
    session = UiSession(db=db, settings=settings, workstation=workstation, actor=actor,
                        tasks=tasks)
    window = MainWindow(session)
    window.resize(WINDOW)
    window.show()
    assert window.connectivity_watch is not None
    window.connectivity_watch.timer.stop()  # the replay comes when the script says
    pending = handoffs.inbox(server, actor)
    db.go_offline()
    record = handoffs.get_handoff(db, actor, pending[0].handoff_id)
    offline.through_outage(lambda: handoffs.accept_handoff(
        db, actor, record.summary.handoff_id,
        [ItemConfirmation(item.item_id) for item in record.items], "Seal checked"))
    queue = window.pages["queue"]
    window.show_area("queue")
    queue.refresh()
    settle(app, tasks, lambda: window.connectivity_status.kind() == "offline"
           and queue.offline_label.isVisible() and not queue.model.loading)
    shoot(window, "offline-status")

    elsewhere = workstations.attach_workstation(server, with_changes(
        default_settings(), workstation_name="LB-CUSTOMS-2"))
    handoffs.accept_handoff(server, replace(actor, workstation_id=elsewhere.workstation_id),
                            record.summary.handoff_id,
                            [ItemConfirmation(item.item_id) for item in record.items])
    window.connectivity_watch.poll()
    settle(app, tasks, lambda: window.connectivity_status.kind() == "conflict")
    window.show_area("offline")
    page = window.pages["offline"]
    assert isinstance(page, OfflineQueuePage)
    settle(app, tasks, lambda: page.chosen() is not None and page.chosen().conflict is not None)
    shoot(window, "offline-queue")
    window.resize(BOOTH)
    for language in ("en", "vi"):
        window.switch_language(language)
        window.show_area("offline")
        settle(app, tasks, lambda: True)
        shoot(window, f"offline-{language}-1024")
    window.switch_language("en")
    window.close()
    tasks.wait_for_done()
    window.connectivity_watch.stop()
    db.dispose()
    server.dispose()


def main() -> int:
    """Seed a demo gate, render the login, the main window, the form and a crossing."""
    app = QApplication(sys.argv[:1])
    apply_theme(app)  # as the application wears it
    apply_language("en")
    db = Database(f"sqlite:///{Path(HOME) / 'demo.sqlite3'}")
    upgrade(db)
    settings = with_changes(default_settings(), workstation_name="LB-BOOTH-1", language="en")
    demo.seed_demo(db, settings)
    workstation = workstations.attach_workstation(db, settings)
    tasks = TaskRunner()

    for language in ("en", "vi"):
        apply_language(language)
        login = LoginDialog(db, settings, workstation, tasks)
        login.username_edit.setText("guard1")
        login.show()
        app.processEvents()
        shoot(login, f"login-{language}")
        login.close()
    apply_language("en")

    def session_of(username: str) -> UiSession:
        actor = auth.log_in(db, workstation, username, demo.DEMO_PASSWORD)
        return UiSession(db=db, settings=settings, workstation=workstation, actor=actor,
                         tasks=tasks)

    window = MainWindow(session_of("guard1"))
    window.resize(WINDOW)
    window.show()
    queue = window.pages["queue"]
    settle(app, tasks, lambda: queue.model.marker is not None and not queue.model.loading)
    queue.table.selectRow(2)
    shoot(window, "queue-en")
    window.switch_language("vi")
    queue = window.pages["queue"]
    queue.refresh()
    settle(app, tasks, lambda: not queue.model.loading)
    shoot(window, "queue-vi")
    window.switch_language("en")
    window.idle.stop()

    arrival = ArrivalPage(session_of("guard1"))
    arrival.resize(QSize(1280, 640))
    arrival.show()
    arrival.tractor_plate.setText("74C-385.21")
    arrival.trailer_plate.setText("74R-011.96")
    arrival.containers[0][0].setText("CSQU3054384")  # the check digit should be 3
    arrival.containers[0][1].setText("VN2611842")
    arrival.driver_name.setText("Hồ Văn Lực")
    arrival.driver_document_no.setText("045089001234")
    arrival.carrier_name.setText("Công ty TNHH Vận tải Quảng Trị")
    arrival.save()
    settle(app, tasks, arrival.banner.isVisible)
    shoot(arrival, "arrival-en")

    queue = window.pages["queue"]
    richest = max(
        (queue.model.row_at(r) for r in range(queue.model.rowCount())),
        key=lambda row: (row.channel == Channel.RED, row.status == CrossingStatus.RELEASED),
    )
    for language in ("en", "vi"):
        apply_language(language)
        view = CrossingView(session_of("customs1"), richest.crossing_id)
        view.resize(QSize(960, 800))
        view.show()
        settle(app, tasks, lambda view=view: view.detail is not None)
        shoot(view, f"crossing-{language}")
        view.close()
    apply_language("en")

    # Yesterday's morning shift: a full one, whatever the time the script runs.
    reports = ReportsPage(session_of("supervisor1"))
    reports.resize(QSize(1280, 900))
    reports.show()
    reports.date_edit.setDate(reports.date_edit.maximumDate().addDays(-1))  # gate today - 1
    reports.shift_combo.setCurrentIndex(reports.shift_combo.findData("morning"))
    reports.generate()
    settle(app, tasks, lambda: reports.report is not None)
    reports.generate_button.setFocus()
    shoot(reports, "reports-en")
    reports.close()
    shoot_custody(app, tasks, session_of)
    shoot_booth(app, tasks, db, session_of)
    window.close()
    tasks.wait_for_done()
    db.dispose()
    shoot_offline(app, f"sqlite:///{Path(HOME) / 'demo.sqlite3'}", settings)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
