"""The Verify page on a long chain: the window's own path (a pool thread, Qt loaded) walks it
in stretches in spawned worker processes, names a corrupted signature, and leaves nothing
running."""

from __future__ import annotations

import multiprocessing
import threading

import pytest

from borderdesk.domain.custody import ChainProblemKind
from borderdesk.services import parallel_verify
from borderdesk.ui.pages.audit_page import AuditChainPage
from tests.services.long_chain_kit import corrupt_signature, grow_chain

pytestmark = pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints|raise)\(\)"
)


def test_the_verify_page_names_a_signature_corrupted_in_a_long_chain(
        qtbot, ui_gate, monkeypatch) -> None:
    booth = ui_gate.workstation.workstation_id
    grow_chain(ui_gate.db, booth, 400)
    event_id = corrupt_signature(ui_gate.db, booth, 333)
    methods: list[str] = []
    choose = parallel_verify._start_method
    monkeypatch.setattr(parallel_verify, "_start_method",
                        lambda: methods.append(choose()) or methods[-1])
    monkeypatch.setattr(parallel_verify, "cores", lambda: 2)
    monkeypatch.setenv(parallel_verify.SEGMENT_VARIABLE, "100")
    threads = set(threading.enumerate())

    page = AuditChainPage(ui_gate.session_for("supervisor1"))
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.sig_verified, timeout=60_000) as verified:
        page.verify_button.click()

    report = verified.args[0]
    (problem,) = report.problems
    assert (problem.kind, problem.seq, problem.event_id) == (
        ChainProblemKind.BAD_SIGNATURE, 333, event_id)
    assert page.problems_model.index(0, 1).data() == "333"
    assert page.problems_model.index(0, 2).data() == "signature does not match"
    assert methods == ["spawn"]  # never fork a process that runs Qt and its threads
    ui_gate.runners[-1].wait_for_done()
    assert multiprocessing.active_children() == []
    # Qt's pool threads show up as daemon dummies; the executor's own thread is no daemon.
    assert [t for t in set(threading.enumerate()) - threads if not t.daemon] == []
