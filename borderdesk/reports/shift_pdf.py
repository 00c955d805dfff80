"""The shift report as a PDF: A4, the report font embedded, "page x of y" on every page.

``render_shift_report`` lays out a ``ShiftReport`` in the active language
(the service switches to the one asked for). Page numbers need the total
before the first page is final, so the canvas keeps every page's state and
draws the footers when the document is saved (two passes over the pages,
one over the content).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from borderdesk.domain.shift_report import ShiftReport, shift_label
from borderdesk.i18n import _
from borderdesk.reports import shift_sections as sections
from borderdesk.reports.formatting import day_text, moment
from borderdesk.reports.styles import FONT, MUTED, RULE, register_fonts

MARGIN_MM = 14


def numbered_canvas(header: str, footer: str, counted: list[int]) -> type:
    """A canvas class that writes the running header and "page x of y" on save."""
    from reportlab.lib import colors
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab is untyped
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            counted.append(total)
            for state in self._pages:
                self.__dict__.update(state)
                self._decorate(total)
                super().showPage()
            super().save()

        def _decorate(self, total: int) -> None:
            width, height = self._pagesize
            margin = MARGIN_MM * 72 / 25.4
            self.saveState()
            self.setFont(FONT, 7)
            self.setFillColor(colors.HexColor(MUTED))
            self.setStrokeColor(colors.HexColor(RULE))
            self.setLineWidth(0.4)
            self.drawString(margin, height - margin + 12, header)
            self.line(margin, height - margin + 8, width - margin, height - margin + 8)
            self.line(margin, margin - 8, width - margin, margin - 8)
            self.drawString(margin, margin - 18, footer)
            self.drawRightString(width - margin, margin - 18, _("Page {page} of {pages}").format(
                page=self._pageNumber, pages=total))
            self.restoreState()

    return NumberedCanvas


def story(report: ShiftReport, width: float) -> list[Any]:
    """The flowables of the whole report, in reading order."""
    parts = [
        sections.title_block(report, width),
        sections.crossings_summary(report, width),
        sections.clearance(report, width),
        sections.findings(report, width),
        sections.selectivity(report, width),
        sections.seizures(report, width),
        sections.handoffs(report, width),
        sections.workload(report, width),
        sections.open_items(report, width),
        sections.crossings_detail(report, width),
        sections.chain_heads(report, width),
        sections.signatures(report, width),
    ]
    return [flowable for part in parts for flowable in part]


def render_shift_report(report: ShiftReport, path: Path) -> int:
    """Write ``report`` as a PDF at ``path``; returns the number of pages.

    Raises:
        EnvironmentProblem: the report font is missing.
        OSError: ``path`` cannot be written.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    register_fonts()
    zone = ZoneInfo(report.timezone)
    header = _("{gate} · shift report · {shift}, {day}").format(
        gate=report.gate_name, shift=shift_label(report.shift.name),
        day=day_text(report.day))
    footer = _("Generated {at} by {supervisor}").format(
        at=moment(report.generated_at, zone), supervisor=report.supervisor)
    document = SimpleDocTemplate(
        str(path), pagesize=A4, leftMargin=MARGIN_MM * mm, rightMargin=MARGIN_MM * mm,
        topMargin=MARGIN_MM * mm + 4, bottomMargin=MARGIN_MM * mm + 4,
        title=_("Shift report {gate} {day} {shift}").format(
            gate=report.gate_code, day=report.day.isoformat(), shift=report.shift.name),
        author=report.supervisor, subject=report.gate_name, creator="BorderDesk",
        # Else every page names Helvetica, a font without Vietnamese that is not embedded.
        initialFontName=FONT,
    )
    counted: list[int] = []
    # The frame pads its content by 6 points on each side.
    document.build(story(report, document.width - 12),
                   canvasmaker=numbered_canvas(header, footer, counted))
    return counted[-1]
