"""One crossing: a header, then a section per stage saying what was recorded, who did what
and when: files, declaration and manifest versions, the latest check and its channel,
inspections, seizures and handoffs, then the status changes of that stage."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from uuid import UUID

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from borderdesk.domain.crossing import CrossingDetail, Stage, StageEntry, label
from borderdesk.domain.custody import custody_label
from borderdesk.domain.evidence import kind_label
from borderdesk.errors import BorderDeskError
from borderdesk.i18n import _, ngettext
from borderdesk.services import crossings
from borderdesk.services.crossing_overview import CrossingOverview, crossing_overview
from borderdesk.ui.kit.countries import country_text
from borderdesk.ui.kit.gate_time import full_time_text, gate_zone
from borderdesk.ui.models.queue_model import CHANNEL_COLOURS
from borderdesk.ui.session import UiSession


class CrossingView(QWidget):
    """Everything known about one crossing, loaded off the GUI thread."""

    sig_loaded = Signal(object)
    """The crossing was loaded; carries its ``CrossingDetail``."""

    def __init__(
        self, session: UiSession, crossing_id: UUID, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._zone = gate_zone(session.workstation.gate_timezone)
        self.crossing_id = crossing_id
        self.detail: CrossingDetail | None = None
        self.overview: CrossingOverview | None = None
        """What was recorded on the crossing, loaded with ``detail``."""
        self._error: str | None = None

        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll_area)

        self.retranslate_ui()
        self.reload()

    # ---- Public API
    def reload(self) -> None:
        """Load the crossing again (another officer may have added to it)."""
        db, actor, crossing_id = self._session.db, self._session.actor, self.crossing_id
        self._session.tasks.run(
            lambda: (crossings.get_crossing(db, actor, crossing_id),
                     crossing_overview(db, actor, crossing_id)),
            self._on_both_loaded, self.on_failed,
        )

    def retranslate_ui(self) -> None:
        """Every text of the view in the active language."""
        if self.detail is not None:
            self.setWindowTitle(_("Crossing {reference}").format(reference=self.detail.reference))
        else:
            self.setWindowTitle(_("Crossing"))
        self._render()

    def section_titles(self) -> list[str]:
        """The titles of the stage sections, in order (what the officer reads down the page)."""
        return [label(stage) for stage in Stage]

    def fact_texts(self, stage: Stage) -> list[str]:
        """What the section of ``stage`` says was recorded, above its status changes."""
        overview = self.overview
        if overview is None:
            return []
        if stage == Stage.EVIDENCE:
            return self._evidence_facts(overview)
        if stage == Stage.DOCUMENTS:
            return self._document_facts(overview)
        if stage == Stage.INSPECTION:
            return self._inspection_facts(overview)
        if stage == Stage.CUSTODY:
            return self._custody_facts(overview)
        return []

    # ---- Slots
    def _on_both_loaded(self, loaded: tuple[CrossingDetail, CrossingOverview]) -> None:
        self.overview = loaded[1]
        self.on_loaded(loaded[0])

    def on_loaded(self, detail: CrossingDetail) -> None:
        """The crossing arrived from the database."""
        self.detail = detail
        self._error = None
        self.retranslate_ui()
        self.sig_loaded.emit(detail)

    def on_failed(self, error: BaseException) -> None:
        """Say why the crossing cannot be shown; a bug takes the crash path."""
        if isinstance(error, BorderDeskError):
            self._error = str(error)
            self._render()
            return
        self._session.tasks.report(error)

    # ---- Rendering
    def _render(self) -> None:
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(16, 14, 16, 14)
        column.setSpacing(10)
        if self.detail is None:
            message = QLabel(self._error or _("Loading the crossing…"))
            message.setObjectName("crossing_message")
            message.setWordWrap(True)
            column.addWidget(message)
        else:
            column.addLayout(self._header(self.detail))
            for stage in Stage:
                column.addWidget(self._section(self.detail, stage))
        column.addStretch(1)
        old = self.scroll_area.takeWidget()
        self.scroll_area.setWidget(body)
        if old is not None:
            old.deleteLater()

    def _header(self, detail: CrossingDetail) -> QVBoxLayout:
        box = QVBoxLayout()
        top = QHBoxLayout()
        reference = QLabel(detail.reference)
        reference.setObjectName("crossing_reference")
        reference.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top.addWidget(reference)
        top.addStretch(1)
        status = QLabel(label(detail.status))
        status.setProperty("chip", True)
        status.setObjectName("crossing_status")
        top.addWidget(status)
        if detail.channel is not None:
            background, foreground = CHANNEL_COLOURS[detail.channel]
            channel = QLabel(_("{channel} channel").format(channel=label(detail.channel)))
            channel.setProperty("chip", True)
            channel.setObjectName("channel_chip")
            channel.setStyleSheet(f"background: {background}; color: {foreground};")
            top.addWidget(channel)
        box.addLayout(top)
        plates = detail.tractor_plate
        if detail.trailer_plate:
            plates = _("{tractor} + trailer {trailer}").format(
                tractor=detail.tractor_plate, trailer=detail.trailer_plate
            )
        plates_label = QLabel(
            _("{plates} · {direction} · lane {lane} · {gate}").format(
                plates=plates, direction=label(detail.direction), lane=detail.lane,
                gate=detail.gate_name,
            )
        )
        plates_label.setObjectName("crossing_plates")
        plates_label.setWordWrap(True)
        box.addWidget(plates_label)
        return box

    def _section(self, detail: CrossingDetail, stage: Stage) -> QFrame:
        frame = QFrame()
        frame.setProperty("section", True)
        frame.setObjectName(f"section_{stage.value}")
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(12, 8, 12, 10)
        title = QLabel(label(stage))
        title.setProperty("sectionTitle", True)
        layout.addWidget(title)
        if stage == Stage.ARRIVAL:
            layout.addLayout(self._arrival_details(detail))
        facts = self.fact_texts(stage)
        for fact in facts:
            line = QLabel(fact)
            line.setProperty("fact", True)
            line.setWordWrap(True)
            line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(line)
        entries = detail.stage_entries(stage)
        for entry in entries:
            layout.addWidget(self._entry(entry))
        if not entries and not facts:
            nothing = QLabel(_("Nothing recorded yet"))
            nothing.setProperty("muted", True)
            layout.addWidget(nothing)
        return frame

    def _when(self, at: datetime, officer: str) -> str:
        time = full_time_text(at, self._zone)
        return _("{time} · {officer}").format(time=time, officer=officer) if officer else time

    def _evidence_facts(self, overview: CrossingOverview) -> list[str]:
        files = overview.evidence
        if not files:
            return []
        kinds = Counter(item.kind for item in files)
        by_kind = ", ".join(f"{count} {kind_label(kind)}" for kind, count in kinds.items())
        latest = files[-1]
        return [
            ngettext("{count} file ({kinds})", "{count} files ({kinds})", len(files)).format(
                count=len(files), kinds=by_kind),
            _("Latest: {when} — {source}").format(
                when=self._when(latest.captured_at, latest.officer_name),
                source=latest.source or kind_label(latest.kind)),
        ]

    def _document_facts(self, overview: CrossingOverview) -> list[str]:
        facts = []
        declaration, manifest, check = overview.declaration, overview.manifest, overview.check
        if declaration is not None:
            facts.append(_("Declaration {number}, version {version} — {when}").format(
                number=declaration.declaration_no, version=declaration.version,
                when=self._when(declaration.at, declaration.officer)))
        if manifest is not None:
            facts.append(ngettext(
                "Manifest {number}, version {version}: {count} goods line",
                "Manifest {number}, version {version}: {count} goods lines",
                manifest.lines).format(number=manifest.document_no or "—",
                                       version=manifest.version, count=manifest.lines))
        if check is not None:
            result = check.result
            facts.append(ngettext(
                "Latest check: {channel} channel, score {score}, {count} finding — {when}",
                "Latest check: {channel} channel, score {score}, {count} findings — {when}",
                len(result.findings)).format(
                channel=label(result.channel), score=result.score, count=len(result.findings),
                when=self._when(check.at, check.officer_name)))
            if check.override is not None:
                facts.append(_("Channel in force: {channel}, overridden by {officer}: "
                               "{reason}").format(channel=label(check.override.channel),
                                                  officer=check.override.officer_name,
                                                  reason=check.override.reason))
        return facts

    def _inspection_facts(self, overview: CrossingOverview) -> list[str]:
        done = overview.inspections
        if not done:
            return []
        latest = done[-1]
        return [ngettext("{count} inspection; latest: {kind}, {result} — {when}",
                         "{count} inspections; latest: {kind}, {result} — {when}",
                         len(done)).format(
            count=len(done), kind=custody_label(latest.kind),
            result=custody_label(latest.result), when=self._when(latest.started_at,
                                                                 latest.officer))]

    def _custody_facts(self, overview: CrossingOverview) -> list[str]:
        facts = []
        if overview.seizures:
            latest = overview.seizures[-1]
            lines = ngettext("{count} line", "{count} lines", len(latest.lines)).format(
                count=len(latest.lines))
            facts.append(ngettext(
                "{count} seizure; latest: {lines} kept at {where} — {when}",
                "{count} seizures; latest: {lines} kept at {where} — {when}",
                len(overview.seizures)).format(
                count=len(overview.seizures), lines=lines,
                where=latest.storage_location or "—",
                when=self._when(latest.at, latest.officer)))
        if overview.handoffs:
            latest_handoff = overview.handoffs[-1]
            facts.append(ngettext(
                "{count} handoff ({pending} waiting for an answer); latest: {sender} → "
                "{receiver}, {state} — {when}",
                "{count} handoffs ({pending} waiting for an answer); latest: {sender} → "
                "{receiver}, {state} — {when}", len(overview.handoffs)).format(
                count=len(overview.handoffs), pending=overview.pending_handoffs,
                sender=custody_label(latest_handoff.from_agency),
                receiver=custody_label(latest_handoff.to_agency),
                state=custody_label(latest_handoff.state).lower(),
                when=self._when(latest_handoff.sent_at, latest_handoff.from_officer)))
        return facts

    def _entry(self, entry: StageEntry) -> QLabel:
        text = _("{time} · {officer} — {what}").format(
            time=full_time_text(entry.at, self._zone), officer=entry.officer, what=entry.what
        )
        line = QLabel(text)
        line.setProperty("entry", True)
        line.setWordWrap(True)
        line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return line

    def _arrival_details(self, detail: CrossingDetail) -> QFormLayout:
        form = QFormLayout()
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(3)

        def plate(text: str, country: str) -> str:
            if not text:
                return "—"
            return _("{plate} ({country})").format(plate=text, country=country_text(country))

        containers = "\n".join(
            _("{container} — seals {seals}").format(
                container=c.container_no, seals=", ".join(c.seal_nos)
            )
            if c.seal_nos
            else c.container_no
            for c in detail.containers
        )
        arrival_entries = detail.stage_entries(Stage.ARRIVAL)
        registered_at = arrival_entries[0].at if arrival_entries else detail.arrived_at
        rows = [
            (_("Arrived"), full_time_text(detail.arrived_at, self._zone)),
            (_("Direction"), label(detail.direction)),
            (_("Lane"), detail.lane),
            (_("Tractor"), plate(detail.tractor_plate, detail.tractor_country)),
            (_("Trailer"), plate(detail.trailer_plate, detail.trailer_country)),
            (_("Containers"), containers or "—"),
            (_("Driver"), detail.driver_name or "—"),
            (_("ID / passport"), detail.driver_document_no or "—"),
            (_("Nationality"), country_text(detail.driver_nationality) or "—"),
            (_("Carrier"), detail.carrier_name or "—"),
            (_("Note"), detail.note or "—"),
            (
                _("Registered by"),
                _("{officer} at {workstation}, {time}").format(
                    officer=detail.registered_by, workstation=detail.workstation_name,
                    time=full_time_text(registered_at, self._zone),
                ),
            ),
        ]
        for name, value in rows:
            value_label = QLabel(value)
            value_label.setWordWrap(True)
            value_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            caption = QLabel(name)
            caption.setProperty("caption", True)
            form.addRow(caption, value_label)
        return form
