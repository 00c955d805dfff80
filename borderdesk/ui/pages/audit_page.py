"""The audit chain, checked on demand by supervisors and administrators.

"Verify now" walks every workstation's chain off the GUI thread: intact, it
shows how many events and each chain's head (what a checkpoint prints);
broken, the first broken event of each workstation and how it is broken, and
every officer, key or workstation whose row is not what the signed chains
record (a role raised with SQL, a chain deleted with its workstation).
Checkpoints copied from paper may be typed in, one per line.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from borderdesk.custody.chain import parse_checkpoint
from borderdesk.domain.custody import ChainReport
from borderdesk.errors import BorderDeskError
from borderdesk.i18n import _
from borderdesk.services import audit_verify
from borderdesk.ui.kit.form_fields import repolish
from borderdesk.ui.models.audit_models import FindingsModel, HeadsModel, ProblemsModel
from borderdesk.ui.pages.page import Page
from borderdesk.ui.session import UiSession


class AuditChainPage(Page):
    """A verify button, the verdict, the chains' heads or their first broken events."""

    sig_verified = Signal(object)
    """A verification finished; carries the ``ChainReport``."""

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.report: ChainReport | None = None
        self.heads_model, self.problems_model = HeadsModel(self), ProblemsModel(self)
        self.findings_model = FindingsModel(self)
        self.title, self.intro = QLabel(), QLabel()
        self.title.setObjectName("audit_title")
        self.intro.setWordWrap(True)
        self.checkpoints_caption = QLabel()
        self.checkpoints = QPlainTextEdit()
        self.checkpoints.setMaximumHeight(64)
        self.verify_button = QPushButton()
        self.verify_button.clicked.connect(self.verify)
        self.verdict = QLabel()
        self.verdict.setObjectName("audit_verdict")
        self.verdict.setWordWrap(True)
        self.verdict.hide()
        self.problems_caption, self.heads_caption = QLabel(), QLabel()
        self.findings_caption = QLabel()
        self.views = {}
        for key, model in (("problems", self.problems_model),
                           ("findings", self.findings_model), ("heads", self.heads_model)):
            view = QTableView()
            view.setModel(model)
            view.verticalHeader().hide()
            view.setWordWrap(True)
            view.horizontalHeader().setStretchLastSection(True)
            view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            self.views[key] = view
        for caption in (self.problems_caption, self.findings_caption, self.heads_caption,
                        self.checkpoints_caption):
            caption.setProperty("caption", True)
            caption.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.checkpoints, 1)
        row.addWidget(self.verify_button)
        layout = QVBoxLayout(self)
        for widget in (self.title, self.intro, self.checkpoints_caption):
            layout.addWidget(widget)
        layout.addLayout(row)
        layout.addWidget(self.verdict)
        layout.addWidget(self.problems_caption)
        layout.addWidget(self.views["problems"], 1)
        layout.addWidget(self.findings_caption)
        layout.addWidget(self.views["findings"], 1)
        layout.addWidget(self.heads_caption)
        layout.addWidget(self.views["heads"], 1)
        self._show_tables()
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        """Every text of the page in the active language."""
        self.title.setText(_("Audit chain"))
        self.intro.setText(_("Every change made at this gate is a link in its workstation's "
                             "signed chain. Verifying walks every chain and says whether "
                             "anything was changed, deleted, inserted or reordered."))
        self.checkpoints_caption.setText(_("Checkpoints printed on reports or receipts "
                                           "(optional, one per line)"))
        self.verify_button.setText(_("&Verify now"))
        self.problems_caption.setText(_("First broken event of each chain"))
        self.findings_caption.setText(_("Officers, keys and workstations changed outside "
                                        "BorderDesk"))
        self.heads_caption.setText(_("Chain heads"))
        self.heads_model.retranslate()
        self.problems_model.retranslate()
        self.findings_model.retranslate()
        if self.report is not None:
            self._show_verdict(self.report)

    # ---- Public API
    def verify(self) -> None:
        """Walk every chain off the GUI thread."""
        try:
            checkpoints = [parse_checkpoint(line) for line in
                           self.checkpoints.toPlainText().splitlines() if line.strip()]
        except BorderDeskError as error:
            self._set_verdict(str(error), "error")
            return
        self.verify_button.setEnabled(False)
        self._set_verdict(_("Verifying the chains…"), "busy")
        db, actor = self._session.db, self._session.actor
        self._session.tasks.run(lambda: audit_verify.verify_for(db, actor, checkpoints),
                                self.on_verified, self.on_failed)

    # ---- Slots
    def on_verified(self, report: ChainReport) -> None:
        """Show the verdict and the tables."""
        self.verify_button.setEnabled(True)
        self.report = report
        self.heads_model.set_rows(report.heads)
        self.problems_model.set_rows(report.problems)
        self.findings_model.set_rows(report.findings)
        for view in self.views.values():
            view.resizeColumnsToContents()
        self._show_tables()
        self._show_verdict(report)
        self.sig_verified.emit(report)

    def on_failed(self, error: BaseException) -> None:
        """Say why the chains could not be read; a bug takes the crash path."""
        self.verify_button.setEnabled(True)
        if isinstance(error, BorderDeskError):
            self._set_verdict(str(error), "error")
            return
        self._session.tasks.report(error)

    # ---- Internals
    def _show_tables(self) -> None:
        broken = bool(self.report and self.report.problems)
        self.problems_caption.setVisible(broken)
        self.views["problems"].setVisible(broken)
        differs = bool(self.report and self.report.findings)
        self.findings_caption.setVisible(differs)
        self.views["findings"].setVisible(differs)

    def _show_verdict(self, report: ChainReport) -> None:
        if report.intact:
            self._set_verdict(_("Intact: {events} events in {chains} workstation chains, every "
                                "signature valid.").format(events=report.events,
                                                           chains=len(report.heads)), "ok")
            return
        parts = []
        if report.problems:
            parts.append(_("BROKEN: {count} chains have been tampered with.").format(
                count=len({p.workstation_id for p in report.problems})))
        if report.findings:
            parts.append(_("BROKEN: officers, keys or workstations were changed outside "
                           "BorderDesk ({count}).").format(count=len(report.findings))
                         if not parts else
                         _("Officers, keys or workstations were changed outside BorderDesk "
                           "({count}).").format(count=len(report.findings)))
        parts.append(_("Tell the supervisor and keep the printed checkpoints."))
        self._set_verdict(" ".join(parts), "error")

    def _set_verdict(self, text: str, kind: str) -> None:
        self.verdict.setText(text)
        self.verdict.setProperty("kind", kind)
        repolish(self.verdict)
        self.verdict.show()
