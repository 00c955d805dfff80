"""What the walk of issue 16 through the real review window found (docs/walks/issue-16.md).

- The status line over the page said "54 marked" after a correction while the
  button said "52 left", and never said that nothing was marked any more when
  the last mark went by a correction.
- An acceptance refused because someone saved a newer version in the meantime
  was said only in that grey line at the top, far from the key just pressed:
  the officer saw nothing happen. It is a dialog now, as a reading's error is.
- Before the first reading the goods table's headers were cut ("ng lượng cả bì (l").
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from test_review_marks import cell, events, hand_reading, press_the_key, reviewed

from borderdesk.services import manifests
from borderdesk.ui.crossing.manifest_review import ManifestReview

pytestmark = pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints|raise)\(\)"
)


def test_the_status_line_counts_the_marks_left_after_a_correction(qtbot, ui_gate):
    review = reviewed(qtbot, ui_gate, hand_reading())
    assert "5 marked" in review.status_label.text()

    assert review.model.setData(cell(review, 2, "quantity"), "850")  # the officer types it

    assert review.accept_button.text() == "Next marked field (4 left)"
    assert review.status_label.text() == (
        "4 marked: correct the field, or confirm it as read (Ctrl+Shift+Return).")

    # The date as read, the seal typed, the page's total as printed; the last mark
    # goes by a correction, and the line says what the key does now.
    press_the_key(qtbot, review)
    press_the_key(qtbot, review, shift=True)
    qtbot.keyClicks(review.header_edits["seal_no"], "A123456")
    press_the_key(qtbot, review)
    press_the_key(qtbot, review, shift=True)
    assert review.model.setData(cell(review, 4, "origin_country"), "LA")
    assert review.accept_button.text() == "Accept reading"
    assert review.status_label.text() == (
        "Nothing is marked any more: Ctrl+Return accepts the reading.")
    assert review.model.lines()[1].quantity == Decimal(850)


def test_an_acceptance_after_a_newer_version_is_refused_in_a_dialog(qtbot, ui_gate):
    review = reviewed(qtbot, ui_gate, hand_reading(doubts=False, disagreement=False))
    customs = ui_gate.actor_for("customs1")
    # Meanwhile the document is saved again (another workstation, or a second reading).
    newer = manifests.save_correction(ui_gate.db, customs, review.record.manifest_id,
                                      review.record.manifest)
    assert newer.version == 2

    press_the_key(qtbot, review)

    qtbot.waitUntil(lambda: review.message_box is not None, timeout=20_000)
    box = review.message_box
    refused = "Another officer saved a newer version of this manifest: reopen it."
    assert box.isVisible() and box.text() == refused
    assert review.status_label.text() == refused
    assert not review.accepted
    assert manifests.latest_manifest(ui_gate.db, customs, review.crossing_id).version == 2
    assert events(ui_gate, "manifest.accepted") == []
    box.close()


def test_the_goods_headers_are_whole_before_the_first_reading(qtbot, ui_gate):
    from test_camera_preview import arrival

    detail = arrival(ui_gate)
    review = ManifestReview(ui_gate.session_for("customs1"), detail.crossing_id, "0" * 64,
                            start=False)
    qtbot.addWidget(review)
    review.resize(1280, 820)
    review.show()
    qtbot.waitExposed(review)
    header = review.table.horizontalHeader()
    cut = [review.model.headerData(c, header.orientation())
           for c in range(review.model.columnCount())
           if review.table.columnWidth(c) < header.sectionSizeHint(c)]
    assert cut == []
