"""The handoff receipt: the paper both officers sign when items change hands.

One or two A4 pages: who hands what to whom, the items with the receiver's
check of each, every step of the handoff, the audit chain heads that pin it
and two signature blocks. The page template (fonts, header, "page x of y")
is the shift report's. Everything typed by an officer or a trader goes
through ``formatting.text`` before it becomes a Paragraph.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from borderdesk.domain.custody import (
    HandoffItemRecord,
    HandoffRecord,
    HandoffState,
    ItemConfirmation,
    custody_label,
)
from borderdesk.i18n import _
from borderdesk.reports.formatting import moment, number, text
from borderdesk.reports.shift_pdf import MARGIN_MM, numbered_canvas
from borderdesk.reports.styles import FONT, RULE, paragraph_styles, table_style

_LAYOUT = [("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP"),
           ("LEFTPADDING", (0, 0), (-1, -1), 0)]


@dataclass(frozen=True)
class ReceiptHead:
    """One chain head printed on the receipt: the workstation and its checkpoint line."""

    workstation_name: str
    checkpoint: str
    """Exactly what ``custody.chain.format_checkpoint`` writes and ``audit verify`` reads."""


@dataclass(frozen=True)
class HandoffReceipt:
    """Everything a receipt prints, read in one transaction."""

    record: HandoffRecord
    gate_code: str
    gate_name: str
    timezone: str
    heads: tuple[ReceiptHead, ...]
    printed_by: str
    printed_at: datetime


def _p(value: str, style: str = "cell") -> Any:
    from reportlab.platypus import Paragraph

    return Paragraph(text(value), paragraph_styles()[style])


def _table(header: Sequence[str], rows: Sequence[Sequence[Any]], widths: Sequence[float]) -> Any:
    from reportlab.platypus import Table

    data = [[_p(cell, "cell_bold") for cell in header], *rows]
    table = Table(data, colWidths=list(widths), repeatRows=1, hAlign="LEFT")
    table.setStyle(table_style(len(data)))
    return table


def _who(officer: str, agency: str) -> str:
    return f"{officer} ({agency})" if officer else agency


def check_text(check: ItemConfirmation | None) -> str:
    """The receiver's check of an item: "confirmed", or what differs and the remark."""
    if check is None:
        return "–"
    if not check.discrepancy:
        return _("confirmed") + (f": {check.remark}" if check.remark else "")
    what = [words for ok, words in ((check.count_ok, _("count differs")),
                                    (check.seal_intact, _("seal not intact"))) if not ok]
    return ", ".join(what) + (f": {check.remark}" if check.remark else "")


def _quantity(item: HandoffItemRecord) -> str:
    if item.quantity is None:
        return "–"
    return f"{number(item.quantity)} {item.unit}".strip()


def receiver(record: HandoffRecord) -> str:
    """The receiving officer: the one named when sent, else whoever answered for the agency."""
    answered = [event.officer for event in record.history
                if event.state is not HandoffState.PENDING and event.officer]
    return record.summary.to_officer or (answered[-1] if answered else "")


def title_block(receipt: HandoffReceipt, width: float) -> list[Any]:
    """Title, the handoff's particulars and its note."""
    summary = receipt.record.summary
    zone = ZoneInfo(receipt.timezone)
    facts = [
        (_("Gate"), f"{receipt.gate_name} ({receipt.gate_code})"),
        (_("Crossing"), summary.reference or "–"),
        (_("Handed over by"), _who(summary.from_officer, custody_label(summary.from_agency))),
        (_("Handed to"), _who(receiver(receipt.record), custody_label(summary.to_agency))),
        (_("Sent at"), moment(summary.sent_at, zone)),
        (_("State"), custody_label(summary.state)),
        (_("Handoff"), str(summary.handoff_id)),
    ]
    if receipt.record.imported_from:
        facts.append((_("Imported from bundle"), receipt.record.imported_from))
    if summary.note:
        facts.append((_("Note"), summary.note))
    from reportlab.platypus import Table

    table = Table([[_p(key, "cell_bold"), _p(value)] for key, value in facts],
                  colWidths=[width * 0.24, width * 0.76], hAlign="LEFT")
    table.setStyle([*_LAYOUT, ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                    ("TOPPADDING", (0, 0), (-1, -1), 1)])
    return [_p(_("Handoff receipt"), "title"),
            _p(_("{sender} to {receiver}").format(
                sender=custody_label(summary.from_agency),
                receiver=custody_label(summary.to_agency)), "subtitle"),
            table]


def items(receipt: HandoffReceipt, width: float) -> list[Any]:
    """The items handed over, each with the receiver's check."""
    rows = [[str(n), _p(custody_label(item.kind)), _p(item.description),
             # A photo's SHA-256 is long: smaller, so it wraps on two lines, not five.
             _p(item.reference or "–", "small" if len(item.reference) > 24 else "cell"),
             _p(_quantity(item)), _p(item.seal_no or "–"),
             _p(check_text(item.confirmation),
                "cell_bold" if item.confirmation and item.confirmation.discrepancy else "cell")]
            for n, item in enumerate(receipt.record.items, start=1)]
    return [_p(_("Items handed over"), "heading"),
            _table(["#", _("Kind"), _("Description"), _("Identifier"), _("Quantity"),
                    _("Seal"), _("Receiver's check")], rows,
                   [width * f for f in (0.04, 0.11, 0.25, 0.17, 0.09, 0.1, 0.24)])]


def history(receipt: HandoffReceipt, width: float) -> list[Any]:
    """Every step: sent, accepted, disputed, returned; who, when and why."""
    zone = ZoneInfo(receipt.timezone)
    rows = []
    for event in receipt.record.history:
        state = (_("Sent") if event.state is HandoffState.PENDING
                 else custody_label(event.state))
        agency = custody_label(event.agency) if event.agency is not None else ""
        rows.append([_p(moment(event.at, zone)), _p(state), _p(_who(event.officer, agency)),
                     _p(event.reason or "–")])
    return [_p(_("History"), "heading"),
            _table([_("When"), _("Step"), _("Officer"), _("Reason or note")], rows,
                   [width * f for f in (0.17, 0.13, 0.3, 0.4)])]


def chain_heads(receipt: HandoffReceipt, width: float) -> list[Any]:
    """The heads of the chains that record this handoff, as checkpoint lines."""
    from reportlab.platypus import KeepTogether

    flowables = [_p(_("Audit checkpoints"), "heading"),
                 _p(_("The last event of each workstation chain that records this handoff, when "
                      "the receipt was printed. 'borderdesk audit verify --checkpoint LINE' "
                      "proves later that nothing before it changed."), "note")]
    if not receipt.heads:
        flowables.append(_p(_("No audit events yet."), "note"))
    else:
        rows = [[_p(head.workstation_name), _p(head.checkpoint, "cell_bold")]
                for head in receipt.heads]
        flowables.append(_table([_("Workstation"), _("Checkpoint")], rows,
                                [width * 0.35, width * 0.65]))
    return [KeepTogether(flowables)]


def signatures(receipt: HandoffReceipt, width: float) -> list[Any]:
    """Signature blocks of the handing-over and the receiving officer, kept together."""
    from reportlab.platypus import KeepTogether, Spacer, Table

    summary = receipt.record.summary
    half = width / 2 - 6
    blank = "................................"

    def block(title: str, agency: str, name: str) -> Table:
        table = Table([[_p(title, "cell_bold")], [_p(agency, "note")],
                       [_p(_("Name: {name}").format(name=name or blank))], [Spacer(1, 34)],
                       [_p(_("Signature"), "note")],
                       [_p(_("Date and time: ......................................"), "note")]],
                      colWidths=[half])
        table.setStyle([("LINEBELOW", (0, 3), (0, 3), 0.6, "#52606d"),
                        ("LINEABOVE", (0, 0), (0, 0), 0.6, RULE),
                        ("LEFTPADDING", (0, 0), (-1, -1), 2),
                        ("RIGHTPADDING", (0, 0), (-1, -1), 12),
                        ("FONTNAME", (0, 0), (-1, -1), FONT)])
        return table

    pair = Table([[block(_("Handed over by"), custody_label(summary.from_agency),
                         summary.from_officer),
                   block(_("Received by"), custody_label(summary.to_agency),
                         receiver(receipt.record))]],
                 colWidths=[half + 6, half + 6], hAlign="LEFT")
    pair.setStyle(_LAYOUT)
    return [KeepTogether([_p(_("Signatures"), "heading"), pair])]


def render_handoff_receipt(receipt: HandoffReceipt, path: Path) -> int:
    """Write ``receipt`` as a PDF at ``path`` in the active language; returns the pages.

    Raises:
        EnvironmentProblem: the report font is missing.
        OSError: ``path`` cannot be written.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    summary = receipt.record.summary
    zone = ZoneInfo(receipt.timezone)
    header = _("{gate} · handoff receipt · {reference}").format(
        gate=receipt.gate_name, reference=summary.reference)
    footer = _("Printed {at} by {officer}").format(
        at=moment(receipt.printed_at, zone), officer=receipt.printed_by)
    document = SimpleDocTemplate(
        str(path), pagesize=A4, leftMargin=MARGIN_MM * mm, rightMargin=MARGIN_MM * mm,
        topMargin=MARGIN_MM * mm + 4, bottomMargin=MARGIN_MM * mm + 4,
        title=_("Handoff receipt {reference}").format(reference=summary.reference),
        author=receipt.printed_by, subject=receipt.gate_name, creator="BorderDesk",
        initialFontName=FONT,  # else every page names Helvetica, without Vietnamese
    )
    width = document.width - 12  # the frame pads its content by 6 points on each side
    story = [flowable for part in (title_block(receipt, width), items(receipt, width),
                                   history(receipt, width), chain_heads(receipt, width),
                                   signatures(receipt, width)) for flowable in part]
    counted: list[int] = []
    document.build(story, canvasmaker=numbered_canvas(header, footer, counted))
    return counted[-1]
