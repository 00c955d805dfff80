"""Signed handoff bundles out and in, off the GUI thread, with progress and a clear refusal.

A bundle is refused whole when anything in it is wrong (signature, trust,
a file's hash, the chain slice): the refusal box says why and that nothing
was imported.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any
from uuid import UUID

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from borderdesk.domain.bundle import BundleInfo
from borderdesk.domain.custody import HandoffRecord
from borderdesk.errors import BorderDeskError
from borderdesk.i18n import _
from borderdesk.services import bundles
from borderdesk.ui.errors import error_line, readable
from borderdesk.ui.session import UiSession

PROGRESS_DELAY_MS = 600
"""The progress dialog appears only for work that lasts longer than this."""
BUNDLE_SUFFIX = ".zip"


class _Relay(QObject):
    """Carries ``progress(done, total)`` from the worker thread to the GUI thread."""

    sig_progress = Signal(int, int)
    """Done and total steps."""


class BundleTransfer(QObject):
    """Exports and imports bundles for one page; shows progress and refusals over it."""

    sig_exported = Signal(object)
    """A bundle was written; carries the service's ``BundleInfo``."""
    sig_imported = Signal(object)
    """A bundle was imported; carries the imported ``HandoffRecord``."""
    sig_refused = Signal(str)
    """An export or import was refused; carries the reason."""

    def __init__(self, session: UiSession, parent: QWidget) -> None:
        super().__init__(parent)
        self._session = session
        self._parent = parent
        self.progress: QProgressDialog | None = None
        self.message_box: QMessageBox | None = None
        """The last result or refusal box shown (kept so tests can read and close it)."""

    # ---- Public API
    def export(self, handoff_id: UUID, reference: str, path: Path | None = None) -> None:
        """Ask where to save (unless ``path``), then write the signed bundle."""
        if path is None:
            chosen, _filter = QFileDialog.getSaveFileName(
                self._parent, _("Export signed bundle"),
                str(Path.home() / f"handoff-{reference}{BUNDLE_SUFFIX}"),
                _("Signed handoff bundles (*{suffix})").format(suffix=BUNDLE_SUFFIX))
            if not chosen:
                return
            path = Path(chosen)
        db, actor = self._session.db, self._session.actor
        self._run(_("Signing and writing the bundle…"),
                  lambda progress: bundles.export_handoff(db, actor, handoff_id, path,
                                                          progress),
                  self._on_exported, importing=False)

    def import_(self, path: Path | None = None) -> None:
        """Ask for a bundle (unless ``path``), verify it and import it in one transaction."""
        if path is None:
            chosen, _filter = QFileDialog.getOpenFileName(
                self._parent, _("Import bundle"), str(Path.home()),
                _("Signed handoff bundles (*{suffix});;All files (*)").format(
                    suffix=BUNDLE_SUFFIX))
            if not chosen:
                return
            path = Path(chosen)
        db, actor = self._session.db, self._session.actor
        self._run(_("Verifying and importing the bundle…"),
                  lambda progress: bundles.import_bundle(db, actor, path, progress),
                  self._on_imported, importing=True)

    # ---- Internals
    def _run(self, label: str, work: Callable[[Callable[[int, int], None]], Any],
             done: Callable[[Any], None], *, importing: bool) -> None:
        relay = _Relay(self)
        dialog = QProgressDialog(label, "", 0, 0, self._parent)
        dialog.setWindowTitle(_("BorderDesk"))
        dialog.setCancelButton(None)  # a signed bundle is all or nothing: no half-way stop
        dialog.setMinimumDuration(PROGRESS_DELAY_MS)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setValue(0)
        relay.sig_progress.connect(lambda d, t: self._on_progress(dialog, d, t))
        self.progress = dialog

        def finish() -> None:
            dialog.close()
            dialog.deleteLater()
            relay.deleteLater()
            self.progress = None

        def on_done(result: object) -> None:
            finish()
            done(result)

        def on_error(error: BaseException) -> None:
            finish()
            self._on_failed(error, importing=importing)

        self._session.tasks.run(lambda: work(relay.sig_progress.emit), on_done, on_error,
                                write=True)

    @staticmethod
    def _on_progress(dialog: QProgressDialog, done: int, total: int) -> None:
        dialog.setMaximum(max(total, 1))
        dialog.setValue(min(done, max(total, 1)))

    def _on_exported(self, info: BundleInfo) -> None:
        text = _("The signed bundle was written to {path}.\nSHA-256: {sha}\nSigned by the key "
                 "{fingerprint}.").format(path=info.path, sha=info.sha256,
                                          fingerprint=info.signer_fingerprint)
        self._show(QMessageBox.Icon.Information, _("Bundle exported"), text)
        self.sig_exported.emit(info)

    def _on_imported(self, record: HandoffRecord) -> None:
        text = _("The handoff {reference} was verified and imported.").format(
            reference=record.summary.reference)
        self._show(QMessageBox.Icon.Information, _("Bundle imported"), text)
        self.sig_imported.emit(record)

    def _on_failed(self, error: BaseException, *, importing: bool) -> None:
        if not isinstance(error, BorderDeskError):
            self._session.tasks.report(error)
            return
        if importing:
            title, text = _("Bundle refused"), _("The bundle was refused: nothing was imported.")
        else:
            title, text = _("Export failed"), _("The bundle was not written.")
        reason = error_line(error)
        self._show(QMessageBox.Icon.Critical, title, text, reason)
        self.sig_refused.emit(reason)

    def _show(self, icon: QMessageBox.Icon, title: str, text: str, reason: str = "") -> None:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self._parent)
        if reason:
            box.setInformativeText(reason)
        box.button(QMessageBox.StandardButton.Ok).setText(_("OK"))
        readable(box)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.message_box = box
        box.open()  # not exec(): the GUI goes on, and a test can read and close it
