"""The handoff receipt from the window: ask for a file, write the PDF off the GUI thread.

The receipt is written in the window's language; the page that owns this
helper shows the result or the refusal in its own banner.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from uuid import UUID

from PySide6.QtCore import QDir, QObject, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from borderdesk.errors import BorderDeskError
from borderdesk.i18n import _, language, ngettext
from borderdesk.services import handoff_receipts
from borderdesk.ui.session import UiSession


class ReceiptPrinter(QObject):
    """Writes handoff receipts for one page."""

    sig_written = Signal(object, int)
    """A receipt was written; carries its path and its number of pages."""
    sig_refused = Signal(str)
    """The receipt was not written; carries the reason."""

    def __init__(self, session: UiSession, parent: QWidget) -> None:
        super().__init__(parent)
        self._session = session
        self._parent = parent
        self.save_dialog: QFileDialog | None = None
        """The last file dialog opened (kept so tests can fill it in)."""

    def report_to(self, show: Callable[[str, bool], None]) -> None:
        """Tell ``show(text, ok)`` where each receipt went, or why it was refused."""
        self.sig_written.connect(lambda path, pages: show(
            ngettext("The receipt was written to {path} ({pages} page).",
                     "The receipt was written to {path} ({pages} pages).", pages).format(
                path=path, pages=pages), True))
        self.sig_refused.connect(lambda reason: show(reason, False))

    def ask(self, handoff_id: UUID, reference: str) -> None:
        """Ask where to save the receipt, then write it."""
        name = f"handoff-receipt-{reference or handoff_id}.pdf"
        dialog = QFileDialog(self._parent, _("Save the handoff receipt"),
                             str(Path(QDir.homePath()) / name), _("PDF files (*.pdf)"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("pdf")
        dialog.fileSelected.connect(lambda path: self.write(handoff_id, Path(path)))
        self.save_dialog = dialog
        dialog.open()

    def write(self, handoff_id: UUID, out: Path) -> None:
        """Write the receipt of ``handoff_id`` to ``out`` in the window's language."""
        db, actor, lang = self._session.db, self._session.actor, language()
        self._session.tasks.run(
            lambda: (out, handoff_receipts.write_handoff_receipt(db, actor, handoff_id, out=out,
                                                                 lang=lang)),
            lambda result: self.sig_written.emit(*result), self._on_failed)

    def _on_failed(self, error: BaseException) -> None:
        if isinstance(error, BorderDeskError):
            self.sig_refused.emit(str(error))
            return
        self._session.tasks.report(error)
