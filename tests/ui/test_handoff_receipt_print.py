"""Print receipt… in the handoff inbox: ask for a file, write the PDF off the GUI thread."""

from __future__ import annotations

import subprocess

import pytest

from borderdesk.ui.pages.handoff_inbox_page import HandoffInboxPage
from tests.ui.handoff_kit import CONTAINER, arrival, send

pytestmark = pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints|raise)\(\)"
)


def test_print_receipt_writes_the_chosen_handoffs_pdf(qtbot, ui_gate, tmp_path) -> None:
    sent = send(ui_gate, arrival(ui_gate), note="Xe vào bãi <b>&</b>")
    page = HandoffInboxPage(ui_gate.session_for("customs1"))
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=10_000)
    qtbot.waitUntil(lambda: page.detail.record is not None, timeout=10_000)
    assert page.receipt_button.isEnabled()

    page.receipt_button.click()
    dialog = page.receipts.save_dialog
    assert dialog is not None and dialog.isVisible()
    target = tmp_path / "bien-ban.pdf"
    dialog.selectFile(str(target))
    with qtbot.waitSignal(page.receipts.sig_written, timeout=10_000):
        dialog.accept()
    assert str(target) in page.banner.text() and page.banner.isVisible()
    shown = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True,
                           check=True).stdout
    assert CONTAINER in shown and sent.summary.reference in shown
    assert "Xe vào bãi <b>&</b>" in shown

    with qtbot.waitSignal(page.receipts.sig_refused, timeout=10_000):
        page.receipts.write(sent.summary.handoff_id, tmp_path / "missing" / "r.pdf")
    assert "folder does not exist" in page.banner.text()
