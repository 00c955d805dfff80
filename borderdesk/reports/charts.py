"""The report's charts, drawn with reportlab.graphics in the report font.

Chart labels otherwise fall back to Helvetica, which has no Vietnamese and
is not embedded: every string here is set to ``styles.FONT``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from borderdesk.reports.styles import CHANNEL_COLOURS, FONT, FONT_BOLD, INK, MUTED, RULE

CHART_HEIGHT = 150


def _axis_step(largest: int) -> int:
    for step in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000):
        if largest / step <= 6:
            return step
    return max(1, largest // 5)


def bar_chart(title: str, labels: Sequence[str], values: Sequence[int], width: float, *,
              colours: Sequence[str] | None = None, label_every: int = 1) -> Any:
    """A titled vertical bar chart of counts, a bar per label, its value above each bar.

    Args:
        colours: one hex colour per bar (default: one ink colour).
        label_every: print every n-th category label (hours of a long shift).
    """
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors

    drawing = Drawing(width, CHART_HEIGHT, initialFontName=FONT)
    drawing.add(String(0, CHART_HEIGHT - 11, title, fontName=FONT_BOLD, fontSize=9,
                       fillColor=colors.HexColor(INK)))
    chart = VerticalBarChart()
    chart.x, chart.y = 26, 24
    chart.width, chart.height = width - 34, CHART_HEIGHT - 52
    chart.data = [list(values) or [0]]
    largest = max(values, default=0)
    step = _axis_step(max(largest, 1))
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max(step, -(-max(largest, 1) // step) * step)
    chart.valueAxis.valueStep = step
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 6.5
    chart.valueAxis.strokeColor = colors.HexColor(RULE)
    chart.valueAxis.gridStrokeColor = colors.HexColor("#e4e7eb")
    chart.valueAxis.visibleGrid = True
    chart.categoryAxis.categoryNames = [
        name if index % label_every == 0 else "" for index, name in enumerate(labels)
    ] or [""]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 6.5
    chart.categoryAxis.labels.fillColor = colors.HexColor(MUTED)
    chart.categoryAxis.strokeColor = colors.HexColor(RULE)
    chart.barSpacing = 1
    chart.groupSpacing = 3
    chart.bars.strokeColor = None
    chart.bars[0].fillColor = colors.HexColor(INK)
    for index, colour in enumerate(colours or ()):
        chart.bars[(0, index)].fillColor = colors.HexColor(colour)
    chart.barLabelFormat = lambda value: str(int(value)) if value else ""
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 6.5
    chart.barLabels.nudge = 6
    drawing.add(chart)
    return drawing


def channel_colours(codes: Sequence[str]) -> list[str]:
    """The colour of each channel code ("" for no channel yet)."""
    return [CHANNEL_COLOURS.get(code, CHANNEL_COLOURS[""]) for code in codes]
