"""What the generators of later rounds share: drawing helpers, a page's retries, pairs, main().

``studied_r3.py``, ``studied_r4.py`` and ``held_out.py`` draw their pages with
``corpus.Sheet`` and the small helpers below (a text in another face, a cell
aligned in its column, shading, hairlines, numbers in either convention, an
amount in words), fit a document to one page the same way (``clean_page``),
write clean pages and their photographs with ``studied._pairs`` and share one
command line. Each module keeps its own seed, goods, traders and renderers:
this module draws nothing at random.

Changing anything here changes the pages of every module that uses it, and
the studied modules' pages must stay byte for byte what they were when held
out: check a few pages before and after (PNG bytes and truth JSON).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import sys
from collections.abc import Callable, Iterable
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

from PIL import Image, ImageFont

from borderdesk.domain.manifest import Manifest


def load(name: str) -> ModuleType:
    """bench/ocr/NAME.py by its path (tests/bench shadows the top-level ``bench`` package)."""
    key = f"ocr_{name}"
    if key not in sys.modules:
        spec = importlib.util.spec_from_file_location(key, Path(__file__).with_name(
            f"{name}.py"))
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[key] = module
        spec.loader.exec_module(module)
    return sys.modules[key]


corpus = load("corpus")
studied = load("studied")
PAGE: tuple[int, int] = corpus.PAGE
MARGIN: int = corpus.MARGIN
DPI: int = corpus.DPI
Sheet = corpus.Sheet
Col = corpus.Col
LIBERATION = Path("/usr/share/fonts/truetype/liberation2")
NOTO = Path("/usr/share/fonts/truetype/noto")
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


# ---- Drawing

def font_path(folder: Path, name: str, *fallbacks: str) -> Path:
    """A font file of ``folder``, else the first DejaVu fallback installed."""
    if (folder / name).exists():
        return folder / name
    found: Path = studied._font(*fallbacks)
    return found


def face(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size)


def ink(sheet: Any, x: int, y: int, text: str, font: Any = None, fill: int = 20) -> None:
    """Text in another face or colour than the sheet's (bold labels, white on a dark band)."""
    sheet.page.draw.text((x, y), text, font=font or sheet.page.font, fill=fill)
    sheet.page.drawn.append(text)


def width(sheet: Any, text: str, font: Any = None) -> int:
    return int(sheet.page.draw.textlength(text, font=font or sheet.page.font))


def cell(sheet: Any, x: int, y: int, wide: int, text: str, align: str, font: Any = None,
         fill: int = 20) -> None:
    """``text`` in a column ``wide`` pixels wide from ``x``: left, right or centred."""
    pad = 14
    w = width(sheet, text, font)
    left = {"right": x + wide - pad - w, "center": x + (wide - w) // 2}.get(align, x + pad)
    ink(sheet, left, y, text, font, fill)


def shade(sheet: Any, x0: int, y0: int, x1: int, y1: int, grey: int) -> None:
    sheet.page.draw.rectangle((x0, y0, x1, y1), fill=grey)


def dotted(sheet: Any, x0: int, y: int, x1: int) -> None:
    for x in range(x0, x1, 12):
        sheet.page.draw.line((x, y, min(x + 4, x1), y), fill=90, width=2)


def dashed(sheet: Any, x0: int, y: int, x1: int) -> None:
    for x in range(x0, x1, 24):
        sheet.page.draw.line((x, y, min(x + 14, x1), y), fill=120, width=1)


def hairline(sheet: Any, x0: int, y: int, x1: int) -> None:
    sheet.page.draw.line((x0, y, x1, y), fill=150, width=1)


# ---- Numbers

def en(value: Decimal, decimals: int) -> str:
    """``value`` as English prints it: "1,200.50"."""
    text: str = corpus._number(value, decimals, "en")
    return text


def vi(value: Decimal, decimals: int) -> str:
    """``value`` as Vietnamese prints it: "1.200,50"."""
    text: str = corpus._number(value, decimals, "vi")
    return text


def total(lines: Iterable[Any], name: str) -> Decimal:
    """The sum of one field over the lines (a missing value counts 0)."""
    return sum((getattr(line, name) or Decimal(0) for line in lines), Decimal(0))


ONES = ("ZERO", "ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE", "TEN",
        "ELEVEN", "TWELVE", "THIRTEEN", "FOURTEEN", "FIFTEEN", "SIXTEEN", "SEVENTEEN",
        "EIGHTEEN", "NINETEEN")
TENS = ("", "", "TWENTY", "THIRTY", "FORTY", "FIFTY", "SIXTY", "SEVENTY", "EIGHTY", "NINETY")


def words(n: int) -> str:
    """A whole number in English capitals, as invoices print the amount in words."""
    if n < 20:
        return ONES[n]
    if n < 100:
        return TENS[n // 10] + (f"-{ONES[n % 10]}" if n % 10 else "")
    if n < 1000:
        return f"{ONES[n // 100]} HUNDRED" + (f" AND {words(n % 100)}" if n % 100 else "")
    for size, name in ((10**9, "BILLION"), (10**6, "MILLION"), (1000, "THOUSAND")):
        if n >= size:
            return f"{words(n // size)} {name}" + (f" {words(n % size)}" if n % size else "")
    raise AssertionError(n)


# ---- Pages, digital twins, the command line

Render = Callable[[Manifest, random.Random], tuple[Any, int]]
"""A family's renderer: the truth drawn on a ``Sheet``; returns the sheet and the y it ended at."""


def clean_page(rng: random.Random, family: str, render: dict[str, tuple[Render, tuple[int, int]]],
               truth: Callable[[random.Random, str, int], Manifest],
               ) -> tuple[Image.Image, Manifest, str, str]:
    """One clean page of ``family``: the image, its truth, the text drawn, the font's name.

    ``render`` maps a family to its renderer and the range of goods lines
    that fits one page; a document too long for its page (A4, upright or
    landscape) is drawn again from the same draws with one line fewer.
    """
    draw, (low, high) = render[family]
    count = rng.randint(low, high)
    while True:
        state = rng.getstate()
        manifest = truth(rng, family, count)
        sheet, bottom = draw(manifest, rng)
        if bottom <= sheet.page.image.height - MARGIN // 2 or count <= low:
            break
        rng.setstate(state)  # too long for the page: the same draws with one line fewer
        count -= 1
    image: Image.Image = sheet.page.image
    drawn: list[str] = sheet.page.drawn
    return image, manifest, "\n".join(drawn), Path(sheet.page.font.path).name


def spec_maker(units: dict[str, tuple[str, ...]], names: dict[str, tuple[str, ...]]
               ) -> Callable[..., Any]:
    """``_spec(title, labels, cols, convention, units, origins, date)`` for one module's tables.

    The returned function makes a ``digital.Spec`` maker: the family's
    digital twin (PDF text layer, XLSX) prints unit ``code`` as
    ``units[code][units_index]`` and origin ``code`` as ``names[code][origins_index]``.
    """
    def _spec(title: str, labels: dict[str, str], cols: tuple[tuple[str, str], ...],
              convention: str, unit_print: int, origin_print: int, date: str) -> Any:
        return lambda spec: spec(
            title=title, labels=labels, cols=cols, convention=convention,
            unit={code: prints[unit_print] for code, prints in units.items()},
            origin={code: printed[origin_print] for code, printed in names.items()}, date=date)
    return _spec


def generate(out: Path, pages: int, seed: int, families: tuple[str, ...], prefix: str,
             page: Callable[[random.Random, str], Any], group: str) -> list[dict[str, Any]]:
    """Write ``pages`` pages (clean, photo, clean, photo ...) and index.json into ``out``.

    Pairs take the families in turn, so the first N pages are the same
    whatever the number asked for. Returns the index; each entry has
    ``file`` (``PREFIX_NNN``), ``kind`` (clean/photo), ``family``, ``layout``
    (the same), ``group``, ``font``, ``lines``, ``text`` and ``truth``.
    """
    out.mkdir(parents=True, exist_ok=True)
    index: list[dict[str, Any]] = studied._pairs(out, random.Random(seed), pages, families,
                                                 prefix, page, group)
    (out / "index.json").write_text(json.dumps(index, indent=1), encoding="utf-8")
    return index


def main(argv: list[str] | None, doc: str | None, pages: int,
         write: Callable[[Path, int, int], list[dict[str, Any]]], seed: int, what: str) -> None:
    """A generator's command line: ``--out DIR [--pages N] [--seed S]``; prints "N WHAT in DIR"."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0] if doc else None)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--pages", type=int, default=pages)
    parser.add_argument("--seed", type=int, default=seed)
    args = parser.parse_args(argv)
    index = write(args.out, args.pages, args.seed)
    print(f"{len(index)} {what} in {args.out}")
