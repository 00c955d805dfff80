"""Files the officer picks or drops on the evidence gallery that are not photos or scans.

A FIFO, a folder or a PDF of pages larger than any paper is refused on its
own line; the good files beside it are attached, each in its own save, and
nothing of the refused ones is stored.
"""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path

import pytest
from test_camera_preview import arrival
from test_evidence_gallery import gallery_of, picture

from borderdesk.domain.evidence import EvidenceKind
from borderdesk.services import evidence

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit" / "capture"))
from hostile_pages import huge_pages_pdf

pytestmark = pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints|raise)\(\)"
)


@pytest.fixture
def fifo(tmp_path: Path):
    """A FIFO named like a photo; a reader left blocked on it is let go at the end."""
    path = tmp_path / "door.jpg"
    os.mkfifo(path)
    yield path
    try:
        # Opening the write end succeeds only when a reader waits: it then reads an end of file.
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
    except OSError as error:
        assert error.errno == errno.ENXIO  # nobody was reading: as it should be


def test_a_fifo_a_folder_and_a_huge_pdf_are_refused_and_the_good_files_attached(
    qtbot, ui_gate, tmp_path, fifo
):
    detail = arrival(ui_gate)
    first, last = tmp_path / "seal.png", tmp_path / "plate.jpg"
    first.write_bytes(picture())
    last.write_bytes(picture("JPEG", colour=(120, 60, 20)))
    folder = tmp_path / "scans.pdf"
    folder.mkdir()
    huge = tmp_path / "manifest.pdf"
    huge.write_bytes(huge_pages_pdf())
    gallery = gallery_of(qtbot, ui_gate, detail.crossing_id)
    gallery.show()

    with qtbot.waitSignal(gallery.sig_imported, timeout=30_000) as imported:
        gallery.import_files([first, fifo, folder, huge, last], EvidenceKind.CARGO)
    outcome = imported.args[0]
    assert [item.source for item in outcome.attached] == ["seal.png", "plate.jpg"]
    assert outcome.refused == (
        ("door.jpg", "door.jpg: is a pipe (FIFO), not a file"),
        ("scans.pdf", "scans.pdf: is a folder, not a file"),
        ("manifest.pdf", "manifest.pdf: page 1 is 5,080 × 5,080 mm; a page of at most "
                         "1,200 mm a side (A0) is read."),
    )
    assert "door.jpg was not attached: is a pipe (FIFO), not a file" in (
        gallery.message_label.text())
    stored = evidence.list_evidence(ui_gate.db, ui_gate.actor_for("customs1"), detail.crossing_id)
    assert sorted(item.source for item in stored) == ["plate.jpg", "seal.png"]
    qtbot.waitUntil(lambda: gallery.model.rowCount() == 2, timeout=20_000)
