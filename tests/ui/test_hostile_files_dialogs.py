"""A hostile file handed to the window: one dialog line naming it, the GUI never frozen,
nothing saved.

The declaration editor reads its file in the task runner, so a FIFO that never ends
cannot hold the window; the reader refuses it (``borderdesk.intake``), as it refuses a
declaration with a second ``<lines>`` block or a 100 KB description. The handoff inbox
refuses a hostile bundle the same way. Every refusal is one line cut to
``MESSAGE_CHARACTERS``, in a box that wraps it.
"""

from __future__ import annotations

import contextlib
import json
import os
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget

from borderdesk.domain.custody import HandoffState
from borderdesk.errors import UserInputError
from borderdesk.limits import MESSAGE_CHARACTERS
from borderdesk.services import checks, handoffs
from borderdesk.ui import errors
from borderdesk.ui.crossing.declaration_editor import DeclarationEditor
from borderdesk.ui.pages.handoff_inbox_page import HandoffInboxPage
from tests.ui.handoff_kit import arrival

pytestmark = pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints|raise)\(\)"
)

SHOT_SIZE = QSize(1024, 768)

DECLARATION = {
    "declaration_no": "105123456789", "type": "import",
    "declared_at": "2026-11-20T08:30:00+07:00",
    "trader": {"name": "Cong ty TNHH ABC", "tax_code": "0101234567"},
    "vehicle": {"plate": "74C-123.45", "container_no": "CSQU3054383", "seal_no": "A123456"},
    "origin_certificate": None,
    "lines": [{"line_no": 1, "hs_code": "190110", "description": "Infant milk formula, 800 g tins",
               "quantity": 1200, "unit": "TIN", "gross_weight_kg": 1100.0, "value": 24000.0,
               "currency": "USD", "origin_country": "TH", "preference": "ATIGA"}],
}

_LINE = ("<line><line_no>{n}</line_no><hs_code>{hs}</hs_code><description>{what}</description>"
         "<quantity>10</quantity><unit>PCE</unit><gross_weight_kg>50</gross_weight_kg>"
         "<value>1000</value><currency>USD</currency><origin_country>TH</origin_country>"
         "</line>")
TWO_LINES_BLOCKS = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<declaration>'
    "<declaration_no>105123456789</declaration_no><type>import</type>"
    "<declared_at>2026-11-20T08:30:00+07:00</declared_at>"
    "<trader><name>Cong ty TNHH ABC</name><tax_code>0101234567</tax_code></trader>"
    "<vehicle><plate>74C-123.45</plate><container_no>CSQU3054383</container_no>"
    "<seal_no>A123456</seal_no></vehicle>"
    f"<lines>{_LINE.format(n=1, hs='190110', what='Infant milk formula')}</lines>"
    # The weapons line hides in a second block: a reader that took one block would drop
    # the other without a word.
    f"<lines>{_LINE.format(n=2, hs='930110', what='Rifles')}</lines>"
    "</declaration>"
)


@pytest.fixture
def fifo(tmp_path: Path) -> Iterator[Path]:
    """A FIFO no one writes to; whatever still waits on it at the end is let go."""
    path = tmp_path / "declaration.json"
    os.mkfifo(path)
    yield path
    with contextlib.suppress(OSError):  # ENXIO: no reader is waiting, as it should be
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))


def _hostile_declarations(tmp_path: Path, fifo: Path) -> list[Path]:
    two = tmp_path / "two-lines-blocks.xml"
    two.write_text(TWO_LINES_BLOCKS, encoding="utf-8")
    long = tmp_path / "long-description.json"
    document = json.loads(json.dumps(DECLARATION))
    document["lines"][0]["description"] = "Milk powder " * 9_000  # 108 KB
    long.write_text(json.dumps(document), encoding="utf-8")
    return [fifo, two, long]


def _one_line(text: str, name: str) -> None:
    assert "\n" not in text and 0 < len(text) <= MESSAGE_CHARACTERS, text[:200]
    assert name in text


def _wraps(box: QMessageBox) -> None:
    """The box is no wider than the smallest screen at the gate: its line wraps."""
    assert box.isVisible() and box.width() <= SHOT_SIZE.width()
    informative = box.findChild(QLabel, "qt_msgbox_informativelabel")
    for label in (box.findChild(QLabel, "qt_msgbox_label"), informative):
        assert label is None or label.textFormat() == Qt.TextFormat.PlainText


def shot(window: QWidget, box: QMessageBox, path: Path) -> QImage:
    """``window`` at 1024 x 768 with ``box`` over its middle, as the officer sees them."""
    window.resize(SHOT_SIZE)
    QApplication.processEvents()
    canvas = QPixmap(window.grab())
    dialog = box.grab()
    painter = QPainter(canvas)
    painter.fillRect(canvas.rect(), QColor(0, 0, 0, 60))  # the window behind a modal box
    painter.drawPixmap(QPoint((canvas.width() - dialog.width()) // 2,
                              (canvas.height() - dialog.height()) // 3), dialog)
    painter.end()
    assert canvas.save(str(path))
    return QImage(str(path))


def test_hostile_declaration_files_are_one_dialog_line_and_the_saved_one_stays(
        qtbot, ui_gate, tmp_path, fifo) -> None:
    crossing_id = arrival(ui_gate).crossing_id
    customs = ui_gate.actor_for("customs1")
    saved = checks.parse_declaration_bytes(json.dumps(DECLARATION).encode(), "saved.json")
    assert checks.save_declaration(ui_gate.db, customs, crossing_id, saved) == 1
    before = checks.latest_declaration(ui_gate.db, customs, crossing_id)
    editor = DeclarationEditor(ui_gate.session_for("customs1"), crossing_id)
    qtbot.addWidget(editor)
    with qtbot.waitSignal(editor.sig_loaded, timeout=10_000):
        editor.show()

    for path in _hostile_declarations(tmp_path, fifo):
        editor.message_box = None
        editor.import_file(path)
        # The window answers meanwhile: the read runs in the task runner.
        qtbot.waitUntil(lambda: editor.message_box is not None
                        and editor.message_box.isVisible(), timeout=15_000)
        box = editor.message_box
        assert box is not None
        _one_line(box.text(), path.name)
        _wraps(box)
        if path.suffix == ".xml":
            assert "<lines>" in box.text()
            image = shot(editor, box, tmp_path / "hostile-file-dialog.png")
            assert (image.width(), image.height()) == (1024, 768)
        box.close()
        assert editor.declaration_no.text() == "105123456789"
        assert editor.lines.rowCount() == 1
    assert checks.latest_declaration(ui_gate.db, customs, crossing_id) == before


def test_a_hostile_bundle_is_one_dialog_line_and_nothing_is_imported(
        qtbot, ui_gate, tmp_path) -> None:
    fifo = tmp_path / "handoff.zip"
    os.mkfifo(fifo)
    nested = tmp_path / "nested.zip"
    with zipfile.ZipFile(nested, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bundle.json", "{}")
        archive.writestr("signature.json", "[" * 100_000 + "]" * 100_000)
    page = HandoffInboxPage(ui_gate.session_for("customs1"))
    qtbot.addWidget(page)
    page.resize(SHOT_SIZE)
    page.show()
    try:
        for path, said in ((fifo, "handoff.zip: is a pipe (FIFO), not a file"),
                           (nested, "signature.json: nested more than 32 levels deep.")):
            with qtbot.waitSignal(page.transfer.sig_refused, timeout=15_000) as refused:
                page.import_bundle(path)
            box = page.transfer.message_box
            assert box is not None and box.isVisible()
            assert box.windowTitle() == "Bundle refused"
            assert box.informativeText() == refused.args[0] == f"Bundle refused: {said}"
            _one_line(box.informativeText(), said.split(":")[0])
            _wraps(box)
            box.close()
    finally:
        with contextlib.suppress(OSError):
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    every = frozenset(HandoffState)
    assert handoffs.inbox(ui_gate.db, ui_gate.actor_for("customs1"), states=every) == []


def test_a_long_error_is_cut_to_one_wrapped_line_in_its_dialog(qtbot, monkeypatch) -> None:
    monkeypatch.setattr(errors, "MODAL_ERRORS", True)
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    seen: list[tuple[str, int, Qt.TextFormat]] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            # Read, then close: an assertion failing here would leave the box open.
            seen.append((box.text(), box.width(), box.textFormat()))
            box.done(0)

    timer = QTimer()
    timer.timeout.connect(answer)
    timer.start(20)
    # A few KB: as long as the box took it whole, it was wider than any screen.
    value = "<b>" + "9" * 3_000 + "</b>"
    try:
        errors.show_error(parent, UserInputError(
            f"declaration.json: line 1\nquantity {value} is not a number " + "word " * 600))
    finally:
        timer.stop()
    ((text, width, shown_as),) = seen
    _one_line(text, "declaration.json")
    assert width <= SHOT_SIZE.width() and shown_as == Qt.TextFormat.PlainText
    assert text.endswith("…") and "<b>" in text  # shown as written, never rendered

