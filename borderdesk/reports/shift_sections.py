"""The sections of the shift report, each a list of platypus flowables.

Every string that came from outside (trader, carrier, finding messages,
seizure descriptions, officer and workstation names) goes through
``formatting.text`` before it becomes a Paragraph.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from borderdesk.domain.crossing import Channel, CrossingStatus, Direction, label
from borderdesk.domain.custody import custody_label
from borderdesk.domain.findings import rule_title
from borderdesk.domain.officer import Role, role_label
from borderdesk.domain.selectivity_stats import outlier_measure_label, override_state_label
from borderdesk.domain.shift_report import CrossingLine, ShiftReport, shift_label
from borderdesk.i18n import N_, _
from borderdesk.reports.charts import bar_chart, channel_colours
from borderdesk.reports.formatting import clock, day_text, duration, moment, number, text
from borderdesk.reports.styles import DENSE_SIZE, FONT, paragraph_styles, table_style

_LAYOUT = [("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP"),
           ("LEFTPADDING", (0, 0), (-1, -1), 0)]
"""Tables that only place other tables side by side (an empty cell still names a font)."""

_SEVERITIES = {"info": N_("Info"), "low": N_("Low"), "medium": N_("Medium"), "high": N_("High")}


def severity_label(code: str) -> str:
    """The officer-facing name of a finding severity."""
    return _(_SEVERITIES[code]) if code in _SEVERITIES else code


def _role(code: str) -> str:
    roles = {role.value: role for role in Role}
    return role_label(roles[code]) if code in roles else code


def channel_label(channel: Channel | None) -> str:
    """A channel's name, or "not checked yet"."""
    return label(channel) if channel else _("Not checked yet")


def _p(value: str, style: str = "cell") -> Any:
    from reportlab.platypus import Paragraph

    return Paragraph(text(value), paragraph_styles()[style])


def _table(header: Sequence[str], rows: Sequence[Sequence[Any]], widths: Sequence[float],
           numbers_from: int | None = None) -> Any:
    from reportlab.platypus import Table

    data = [[_p(cell, "cell_bold") for cell in header], *rows]
    # Any table may run over a page: its header comes along.
    table = Table(data, colWidths=list(widths), repeatRows=1, hAlign="LEFT")
    table.setStyle(table_style(len(data), numbers_from=numbers_from))
    return table


def _heading(title: str) -> Any:
    return _p(title, "heading")


def _none(message: str) -> list[Any]:
    return [_p(message, "note")]


def title_block(report: ShiftReport, width: float) -> list[Any]:
    """Title, gate and the shift's particulars."""
    zone = ZoneInfo(report.timezone)
    shift = report.shift
    facts = [
        (_("Gate"), f"{report.gate_name} ({report.gate_code})"),
        (_("Shift"), _("{name}, {starts}–{ends}, {day}").format(
            name=shift_label(shift.name), starts=f"{shift.starts:%H:%M}",
            ends=f"{shift.ends:%H:%M}", day=day_text(report.day))),
        (_("Period"), _("{start} to {end} ({zone})").format(
            start=moment(report.window_start, zone), end=moment(report.window_end, zone),
            zone=report.timezone)),
        (_("Supervisor"), report.supervisor),
        (_("Generated at"), moment(report.generated_at, zone)),
        (_("Figures as at"), moment(report.cutoff, zone)),
    ]
    from reportlab.platypus import Table

    table = Table([[_p(key, "cell_bold"), _p(value)] for key, value in facts],
                  colWidths=[width * 0.22, width * 0.78], hAlign="LEFT")
    table.setStyle(table_style(len(facts), header=False))
    flowables = [_p(_("Shift report"), "title"), _p(report.gate_name, "subtitle"), table]
    if report.empty:
        flowables.append(_p(_("No crossings, seizures or handoffs were recorded during this "
                              "shift."), "empty"))
    return flowables


def crossings_summary(report: ShiftReport, width: float) -> list[Any]:
    """Counts by direction, channel and status, and the two charts."""
    from reportlab.platypus import Table

    half = (width - 12) / 2
    directions = _table([_("Direction"), _("Crossings")],
                        [[_p(label(d)), number(n)] for d, n in report.by_direction]
                        + [[_p(_("Total"), "cell_bold"), number(report.total_crossings)]],
                        [half * 0.6, half * 0.4], numbers_from=1)
    channels = _table([_("Channel"), _("Crossings")],
                      [[_p(channel_label(c)), number(n)] for c, n in report.by_channel],
                      [half * 0.6, half * 0.4], numbers_from=1)
    statuses = _table([_("Status at the end of the shift"), _("Crossings")],
                      [[_p(label(s)), number(n)] for s, n in report.by_status],
                      [half * 0.6, half * 0.4], numbers_from=1)
    side = Table([[directions, channels], [statuses, ""]], colWidths=[half + 6, half + 6],
                 hAlign="LEFT")
    side.setStyle([*_LAYOUT, ("BOTTOMPADDING", (0, 0), (-1, -1), 6)])
    codes = [c.value if c else "" for c, _n in report.by_channel]
    channel_chart = bar_chart(_("Crossings by channel"),
                              [channel_label(c) for c, _n in report.by_channel],
                              [n for _c, n in report.by_channel], half,
                              colours=channel_colours(codes))
    hours = [f"{hour:%H}" for hour, _n in report.arrivals_per_hour]
    hour_chart = bar_chart(_("Arrivals per hour"), hours,
                           [n for _h, n in report.arrivals_per_hour], half,
                           label_every=1 if len(hours) <= 12 else 2)
    charts = Table([[channel_chart, hour_chart]], colWidths=[half + 6, half + 6], hAlign="LEFT")
    charts.setStyle(_LAYOUT)
    return [_heading(_("Crossings")), side, charts]


def clearance(report: ShiftReport, width: float) -> list[Any]:
    """Median and 90th percentile from arrival to release, and the slowest crossings."""
    flowables = [_heading(_("Clearance time from arrival to release"))]
    if not report.released:
        return flowables + _none(_("No crossing of this shift was released by then."))
    flowables.append(_p(_("{n} released · median {median} · 90th percentile {p90} (h:mm)").format(
        n=number(report.released), median=duration(report.clearance_median),
        p90=duration(report.clearance_p90)), "body"))
    zone = ZoneInfo(report.timezone)
    rows = [[_p(c.reference), _p(c.tractor_plate), _p(channel_label(c.channel)),
             clock(c.arrived_at, zone), clock(c.released_at, zone) if c.released_at else "",
             duration(c.clearance)] for c in report.slowest]
    flowables.append(_p(_("Slowest crossings"), "subheading"))
    flowables.append(_table(
        [_("Reference"), _("Plate"), _("Channel"), _("Arrived"), _("Released"), _("Time")],
        rows, [w * width for w in (0.27, 0.17, 0.16, 0.13, 0.13, 0.14)], numbers_from=3))
    return flowables


def findings(report: ShiftReport, width: float) -> list[Any]:
    """Findings by rule and the watch-list hits."""
    flowables = [_heading(_("Findings by rule"))]
    if report.findings_by_rule:
        flowables.append(_table(
            [_("Rule"), _("Findings"), _("Crossings")],
            [[_p(rule_title(r.rule)), number(r.findings), number(r.crossings)]
             for r in report.findings_by_rule],
            [width * 0.5, width * 0.25, width * 0.25], numbers_from=1))
    else:
        flowables += _none(_("The checks of this shift found nothing."))
    flowables.append(_heading(_("Watch-list hits")))
    if not report.watch_hits:
        return flowables + _none(_("No watch-list hits."))
    flowables.append(_table(
        [_("Reference"), _("Rule"), _("Severity"), _("Finding")],
        [[_p(h.reference), _p(rule_title(h.rule)), _p(severity_label(h.severity)), _p(h.message)]
         for h in report.watch_hits],
        [w * width for w in (0.22, 0.19, 0.1, 0.49)]))
    return flowables


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f} %"


def selectivity(report: ShiftReport, width: float) -> list[Any]:
    """Hit rates per rule, random picks and the integrity figures per officer."""
    stats = report.selectivity
    flowables = [_heading(_("Selectivity"))]
    if stats is None:
        return flowables + _none(_("Not counted for this report."))
    flowables.append(_p(_(
        "{inspected} of {crossings} crossings inspected; {violations} found at fault ({rate})"
    ).format(inspected=number(stats.inspected), crossings=number(stats.crossings),
             violations=number(stats.violations), rate=_percent(stats.gate_rate)), "body"))
    if stats.rules:
        flowables.append(_table(
            [_("Rule"), _("Flagged"), _("Inspected"), _("Confirmed"), _("Hit rate")],
            [[_p(f"{rule_title(r.rule)} ({r.rule})"), number(r.flagged), number(r.inspected),
              number(r.confirmed), _percent(r.hit_rate)] for r in stats.rules],
            [w * width for w in (0.4, 0.15, 0.15, 0.15, 0.15)], numbers_from=1))
    else:
        flowables += _none(_("No rule flagged a crossing of this shift."))
    random = stats.random
    flowables.append(_p(_(
        "Random picks: {picks} ({yellow} yellow, {red} red); {inspected} inspected, "
        "{violations} found at fault ({rate})"
    ).format(picks=number(random.picks), yellow=number(random.yellow), red=number(random.red),
             inspected=number(random.inspected), violations=number(random.violations),
             rate=_percent(random.violation_rate)), "body"))
    flowables.append(_p(_("Integrity per officer"), "subheading"))
    if not stats.integrity:
        flowables += _none(_("No override, approval, release of a red crossing without a "
                             "physical inspection or late handoff in this shift."))
    else:
        flowables.append(_table(
            [_("Officer"), _("Raised"), _("Lowered"), _("Approvals"),
             _("Red released without physical inspection"), _("Late handoffs")],
            [[_p(line.name), number(line.overrides_up), number(line.overrides_down),
              number(line.approvals), number(line.red_released_uninspected),
              number(line.late_handoffs)] for line in stats.integrity],
            [w * width for w in (0.3, 0.1, 0.1, 0.12, 0.24, 0.14)], numbers_from=1))
    flowables += [_p(_("Stands out: {name}, {measure}: {count} (the other officers: "
                       "{average} on average)").format(
        name=o.name, measure=outlier_measure_label(o.measure), count=number(o.count),
        average=f"{o.others_average:.1f}"), "body") for o in stats.outliers]
    if stats.overrides:
        zone = ZoneInfo(report.timezone)
        flowables.append(_p(_("Channel overrides"), "subheading"))
        flowables.append(_table(
            [_("Time"), _("Reference"), _("From"), _("To"), _("State"), _("Asked by"),
             _("Decided by")],
            [[clock(o.at, zone), _p(o.reference), _p(_channel_code(o.from_channel)),
              _p(_channel_code(o.to_channel)), _p(override_state_label(o.state)),
              _p(o.asked_by), _p(o.decided_by)] for o in stats.overrides],
            [w * width for w in (0.08, 0.22, 0.1, 0.1, 0.16, 0.17, 0.17)]))
    return flowables


def _channel_code(code: str) -> str:
    channels = {channel.value: channel for channel in Channel}
    return label(channels[code]) if code in channels else (code or "–")


def seizures(report: ShiftReport, width: float) -> list[Any]:
    """The goods seized during the shift and their declared value per currency."""
    flowables = [_heading(_("Seized goods"))]
    if not report.seizures:
        return flowables + _none(_("No goods were seized during this shift."))
    zone = ZoneInfo(report.timezone)
    rows = [[clock(s.at, zone), _p(s.reference), _p(s.description),
             _p(f"{number(s.quantity)} {s.unit}"),
             _p(f"{number(s.declared_value)} {s.currency}" if s.declared_value is not None
                else "–"), _p(s.storage_location)] for s in report.seizures]
    flowables.append(_table(
        [_("Time"), _("Reference"), _("Goods"), _("Quantity"), _("Declared value"),
         _("Kept at")], rows, [w * width for w in (0.08, 0.22, 0.28, 0.12, 0.14, 0.16)]))
    totals = " · ".join(f"{number(v)} {c}" for c, v in report.seized_value_by_currency)
    if totals:
        flowables.append(_p(_("Declared value seized: {totals}").format(totals=totals), "body"))
    return flowables


def handoffs(report: ShiftReport, width: float) -> list[Any]:
    """Handoffs sent during the shift by state, and the overdue ones."""
    flowables = [_heading(_("Handoffs between agencies"))]
    flowables.append(_table(
        [_("State at the end of the shift"), _("Handoffs sent in this shift")],
        [[_p(custody_label(s)), number(n)] for s, n in report.handoffs_by_state],
        [width * 0.5, width * 0.3], numbers_from=1))
    flowables.append(_p(_("Overdue handoffs"), "subheading"))
    overdue = report.overdue_handoffs
    if not overdue:
        return flowables + _none(_("No handoff is overdue."))
    zone = ZoneInfo(report.timezone)
    flowables.append(_table(
        [_("Reference"), _("From"), _("To"), _("Sent"), _("Waiting"), _("Items")],
        [[_p(h.reference), _p(custody_label(h.from_agency)), _p(custody_label(h.to_agency)),
          moment(h.sent_at, zone), duration(h.waited), number(h.items)] for h in overdue],
        [w * width for w in (0.26, 0.16, 0.16, 0.18, 0.12, 0.12)], numbers_from=4))
    return flowables


def workload(report: ShiftReport, width: float) -> list[Any]:
    """What each officer recorded."""
    flowables = [_heading(_("Workload per officer"))]
    if not report.workload:
        return flowables + _none(_("Nobody recorded anything during this shift."))
    rows = [[_p(w.name or "–"), _p(_role(w.role)),
             number(w.arrivals), number(w.checks), number(w.decisions), number(w.inspections),
             number(w.seizures), number(w.handoffs)] for w in report.workload]
    return [*flowables, _table(
        [_("Officer"), _("Role"), _("Arrivals"), _("Checks"), _("Decisions"),
         _("Inspections"), _("Seizures"), _("Handoffs")],
        rows, [w * width for w in (0.18, 0.16, *(0.11,) * 6)], numbers_from=2)]


def open_items(report: ShiftReport, width: float) -> list[Any]:
    """Crossings and handoffs the next shift takes over."""
    flowables = [_heading(_("Open at the end of the shift"))]
    if not report.open_items:
        return flowables + _none(_("Nothing is left open for the next shift."))
    zone = ZoneInfo(report.timezone)
    widths = [w * width for w in (0.16, 0.22, 0.17, 0.16, 0.29)]
    rows = []
    for item in report.open_items:
        if item.kind == "handoff" and item.from_agency and item.to_agency:
            what, state = _("Handoff"), _("Pending")
            detail = _("{sender} → {receiver}, {n} items").format(
                sender=custody_label(item.from_agency), receiver=custody_label(item.to_agency),
                n=item.detail)
        else:
            what, state = _("Crossing"), label(CrossingStatus(item.state))
            detail = _("{plate}, lane {lane}").format(plate=item.detail, lane=item.lane)
        rows.append([_fit(what, widths[0], 7.5), _fit(item.reference, widths[1], 7.5),
                     _fit(state, widths[2], 7.5), moment(item.since, zone),
                     _fit(detail, widths[4], 7.5)])
    flowables.append(_table([_("Item"), _("Reference"), _("State"), _("Since"), _("Details")],
                            rows, widths))
    return flowables


@lru_cache(maxsize=4096)
def _fit(value: str, width: float, size: float = DENSE_SIZE) -> str:
    """``value`` broken into lines that fit ``width`` points, as a plain table cell.

    A table draws a plain string as it is, never as markup, and far faster
    than a paragraph: the long tables use these. Names repeat, hence the cache.
    """
    from reportlab.lib.utils import simpleSplit

    return "\n".join(simpleSplit(value, FONT, size, width - 6)) if value else ""


def crossing_rows(lines: Sequence[CrossingLine], zone: ZoneInfo,
                  widths: Sequence[float]) -> list[list[Any]]:
    """The detail table's rows: one per crossing, the findings' rule ids in the last cell."""
    directions = {d: _fit(label(d), widths[2]) for d in Direction}
    statuses = {s: _fit(label(s), widths[7]) for s in CrossingStatus}
    channels = {c: _fit(label(c), widths[6]) for c in Channel}
    return [[clock(c.arrived_at, zone), c.reference, directions[c.direction], c.lane,
             c.tractor_plate, _fit(c.trader or c.carrier, widths[5]),
             channels[c.channel] if c.channel else "–", statuses[c.status],
             duration(c.clearance),
             _fit(" ".join(sorted({f.rule for f in c.findings})), widths[9])] for c in lines]


def crossings_detail(report: ShiftReport, width: float) -> list[Any]:
    """Every crossing of the shift; the header repeats on each page."""
    flowables = [_heading(_("Crossings of the shift"))]
    if not report.crossings:
        return flowables + _none(_("No vehicle arrived during this shift."))
    from reportlab.platypus import Table

    header = [_p(title, "dense_bold") for title in (
        _("Arrived"), _("Reference"), _("Direction"), _("Lane"), _("Plate"),
        _("Trader / carrier"), _("Channel"), _("Status"), _("Time"), _("Findings"))]
    shares = (0.055, 0.155, 0.085, 0.04, 0.105, 0.2, 0.065, 0.1, 0.05, 0.145)
    widths = [share * width for share in shares]
    data = [header, *crossing_rows(report.crossings, ZoneInfo(report.timezone), widths)]
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(table_style(len(data), size=DENSE_SIZE))
    flowables.append(table)
    return flowables


def chain_heads(report: ShiftReport, width: float) -> list[Any]:
    """The audit chains' heads at generation: on paper, they pin the record."""
    flowables = [_heading(_("Audit chain heads at generation")),
                 _p(_("Each workstation's last event when this report was generated. "
                      "'borderdesk audit verify' with these proves nothing before them changed "
                      "later."), "note")]
    if not report.chain_heads:
        return flowables + _none(_("No audit events yet."))
    from reportlab.platypus import KeepTogether

    rows = [[_p(h.workstation_name), str(h.seq), _p(h.hash, "small")]
            for h in report.chain_heads]
    flowables.append(_table([_("Workstation"), _("Sequence"), _("Hash (SHA-256)")], rows,
                            [width * 0.22, width * 0.1, width * 0.68]))
    return [KeepTogether(flowables)]


def signatures(report: ShiftReport, width: float) -> list[Any]:
    """Signature blocks of the outgoing and the incoming supervisor, kept together."""
    from reportlab.platypus import KeepTogether, Spacer, Table

    half = width / 2 - 6

    def block(title: str, name: str) -> list[list[Any]]:
        return [[_p(title, "cell_bold")], [_p(_("Name: {name}").format(name=name))],
                [Spacer(1, 34)], [_p(_("Signature"), "note")],
                [_p(_("Date and time: ......................................"), "note")]]

    outgoing = Table(block(_("Outgoing supervisor"), report.supervisor), colWidths=[half])
    incoming = Table(block(_("Incoming supervisor"), "................................"),
                     colWidths=[half])
    for table in (outgoing, incoming):
        table.setStyle([("LINEBELOW", (0, 2), (0, 2), 0.6, "#52606d"),
                        ("LINEABOVE", (0, 0), (0, 0), 0.6, "#9aa5b1"),
                        ("LEFTPADDING", (0, 0), (-1, -1), 2),
                        ("RIGHTPADDING", (0, 0), (-1, -1), 12),
                        ("FONTNAME", (0, 0), (-1, -1), FONT)])
    pair = Table([[outgoing, incoming]], colWidths=[half + 6, half + 6], hAlign="LEFT")
    pair.setStyle(_LAYOUT)
    return [KeepTogether([_heading(_("Handover of the shift")), pair])]
