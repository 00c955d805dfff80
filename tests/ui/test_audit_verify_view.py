"""The audit chain page: a supervisor verifies off the GUI thread and sees the chains intact,
or the first broken event when a row was changed behind the application's back."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from borderdesk.custody.chain import format_checkpoint
from borderdesk.domain.custody import ChainProblemKind
from borderdesk.storage.models import AuditEvent, Officer
from borderdesk.ui.pages.audit_page import AuditChainPage
from tests.ui.handoff_kit import arrival, send

pytestmark = pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints|raise)\(\)"
)

AUDIT = AuditEvent.__table__


def open_page(qtbot, gate, who="supervisor1"):
    page = AuditChainPage(gate.session_for(who))
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    return page


def verify(qtbot, page):
    with qtbot.waitSignal(page.sig_verified, timeout=20_000) as verified:
        page.verify_button.click()
    return verified.args[0]


def test_a_supervisor_sees_every_chain_intact_with_its_head(qtbot, qtmodeltester, ui_gate):
    send(ui_gate, arrival(ui_gate))
    page = open_page(qtbot, ui_gate)
    report = verify(qtbot, page)
    assert report.intact and report.events > 0
    assert page.verdict.property("kind") == "ok"
    assert f"Intact: {report.events} events in 1 workstation chains" in page.verdict.text()
    assert page.heads_model.rowCount() == 1
    head = report.heads[0]
    assert page.heads_model.index(0, 0).data() == "BD-TEST-1"
    assert page.heads_model.index(0, 3).data() == format_checkpoint(head)
    assert not page.views["problems"].isVisible()
    qtmodeltester.check(page.heads_model)

    page.checkpoints.setPlainText(format_checkpoint(head))  # a head copied from paper
    assert verify(qtbot, page).intact


def test_a_changed_row_shows_the_first_broken_event(qtbot, ui_gate):
    send(ui_gate, arrival(ui_gate))
    with ui_gate.db.engine.begin() as connection:
        connection.exec_driver_sql("DROP TRIGGER IF EXISTS audit_events_no_update")
        seq = connection.execute(select(AUDIT.c.seq).order_by(AUDIT.c.seq.desc())).first()[0]
        connection.execute(update(AUDIT).where(AUDIT.c.seq == seq).values(
            payload='{"note": "rewritten"}'))
    page = open_page(qtbot, ui_gate, "admin")
    report = verify(qtbot, page)
    assert not report.intact
    assert page.verdict.property("kind") == "error" and "BROKEN" in page.verdict.text()
    assert page.views["problems"].isVisible()
    assert page.problems_model.rowCount() == 1
    problem = report.problems[0]
    assert problem.kind == ChainProblemKind.CHANGED and problem.seq == seq
    assert page.problems_model.index(0, 1).data() == str(seq)
    assert page.problems_model.index(0, 2).data() == "changed after it was written"


def test_a_mistyped_checkpoint_is_refused_before_verifying(qtbot, ui_gate):
    page = open_page(qtbot, ui_gate)
    page.checkpoints.setPlainText("not a checkpoint")
    page.verify_button.click()
    assert page.verdict.property("kind") == "error" and page.verdict.text()
    assert page.verify_button.isEnabled() and page.report is None


def test_a_role_raised_with_sql_is_shown_as_changed_outside_borderdesk(qtbot, qtmodeltester,
                                                                       ui_gate):
    with ui_gate.db.engine.begin() as connection:
        connection.execute(update(Officer).where(Officer.username == "guard1")
                           .values(role="administrator"))
    page = open_page(qtbot, ui_gate)
    report = verify(qtbot, page)
    assert not report.intact and report.problems == ()
    assert page.verdict.property("kind") == "error"
    assert page.verdict.text().startswith(
        "BROKEN: officers, keys or workstations were changed outside BorderDesk (1).")
    assert page.views["findings"].isVisible() and not page.views["problems"].isVisible()
    assert [page.findings_model.index(0, c).data() for c in (0, 1)] == [
        "officer guard1", "role is administrator, the audit chain records border_guard"]
    qtmodeltester.check(page.findings_model)


def test_a_checkpoint_with_a_typo_is_not_a_valid_checkpoint(qtbot, ui_gate):
    page = open_page(qtbot, ui_gate)
    report = verify(qtbot, page)
    line = format_checkpoint(report.heads[0])
    page.checkpoints.setPlainText(line[:9] + ("2" if line[9] != "2" else "3") + line[10:])
    page.verify_button.click()
    assert "is not a valid checkpoint" in page.verdict.text()
