"""Fonts, colours and paragraph styles of the printed reports.

Every style and every chart label uses DejaVu Sans, shipped under
resources/fonts with its licence and embedded in the PDF: reportlab's
built-in Helvetica has no Vietnamese and is not embedded.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from borderdesk.errors import EnvironmentProblem
from borderdesk.i18n import _
from borderdesk.paths import resources_dir

FONT = "BorderDeskSans"
FONT_BOLD = "BorderDeskSans-Bold"
FONT_FILES = {FONT: "DejaVuSans.ttf", FONT_BOLD: "DejaVuSans-Bold.ttf"}

INK = "#1f2933"
MUTED = "#52606d"
RULE = "#9aa5b1"
HEADER_FILL = "#e4e7eb"
STRIPE_FILL = "#f5f7fa"
DENSE_SIZE = 6.8
"""Font size of the crossings detail table, the widest one."""
CHANNEL_COLOURS = {"green": "#2f9e44", "yellow": "#f0b400", "red": "#d9480f", "": "#9aa5b1"}


def font_path(name: str) -> Path:
    """Where the font file registered as ``name`` is shipped."""
    return resources_dir() / "fonts" / FONT_FILES[name]


@cache
def register_fonts() -> None:
    """Register the report fonts with reportlab (once per process).

    Raises:
        EnvironmentProblem: a font file is missing from the installation.
    """
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    for name in FONT_FILES:
        path = font_path(name)
        try:
            pdfmetrics.registerFont(TTFont(name, str(path)))
        except (OSError, TTFError):
            register_fonts.cache_clear()
            raise EnvironmentProblem(_(
                "The report font {path} is missing or damaged: reinstall BorderDesk."
            ).format(path=path)) from None
    # <b> inside a paragraph of our own styles picks the bold face.
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, FONT_BOLD)
    addMapping(FONT, 0, 1, FONT)
    addMapping(FONT, 1, 1, FONT_BOLD)


@cache
def paragraph_styles() -> dict[str, Any]:
    """The named paragraph styles: title, heading, body, note, cell, cell_bold, small."""
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle

    register_fonts()
    ink = colors.HexColor(INK)
    body = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=12, textColor=ink)
    return {
        "title": ParagraphStyle("title", parent=body, fontName=FONT_BOLD, fontSize=17,
                                leading=21, spaceAfter=2),
        "subtitle": ParagraphStyle("subtitle", parent=body, fontSize=11, leading=14,
                                   textColor=colors.HexColor(MUTED), spaceAfter=8),
        "heading": ParagraphStyle("heading", parent=body, fontName=FONT_BOLD, fontSize=11.5,
                                  leading=15, spaceBefore=10, spaceAfter=4,
                                  keepWithNext=1),
        "subheading": ParagraphStyle("subheading", parent=body, fontName=FONT_BOLD,
                                     fontSize=8.5, leading=11, spaceBefore=6, spaceAfter=2,
                                     keepWithNext=1),
        "body": body,
        "note": ParagraphStyle("note", parent=body, textColor=colors.HexColor(MUTED)),
        "empty": ParagraphStyle("empty", parent=body, fontName=FONT_BOLD, fontSize=11,
                                leading=15, borderColor=colors.HexColor(RULE), borderWidth=0.6,
                                borderPadding=6, spaceBefore=6, spaceAfter=10),
        "cell": ParagraphStyle("cell", parent=body, fontSize=7.5, leading=9.2),
        "cell_bold": ParagraphStyle("cell_bold", parent=body, fontName=FONT_BOLD, fontSize=7.5,
                                    leading=9.2),
        "dense": ParagraphStyle("dense", parent=body, fontSize=DENSE_SIZE, leading=8.3),
        "dense_bold": ParagraphStyle("dense_bold", parent=body, fontName=FONT_BOLD,
                                     fontSize=DENSE_SIZE, leading=8.3),
        "small": ParagraphStyle("small", parent=body, fontSize=6.5, leading=8),
    }


def table_style(rows: int = 0, *, header: bool = True, numbers_from: int | None = None,
                size: float = 7.5) -> Any:
    """A ruled table: a grey header row, light stripes, numbers right-aligned from a column."""
    from reportlab.lib import colors
    from reportlab.platypus import TableStyle

    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), size),
        ("LEADING", (0, 0), (-1, -1), size * 1.23),
        ("TEXTCOLOR", (0, 0), (-1, -1), colors.HexColor(INK)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, -1), (-1, -1), 0.5, colors.HexColor(RULE)),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if header:
        commands += [
            ("FONTNAME", (0, 0), (-1, 0), FONT_BOLD),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(HEADER_FILL)),
            ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.HexColor(RULE)),
        ]
    if rows > 2:
        commands.append(("ROWBACKGROUNDS", (0, 1 if header else 0), (-1, -1),
                         [colors.white, colors.HexColor(STRIPE_FILL)]))
    if numbers_from is not None:
        commands.append(("ALIGN", (numbers_from, 0), (-1, -1), "RIGHT"))
    return TableStyle(commands)
