"""Digital twins of benchmark documents: the same truth as files that need no OCR.

For the first ``per_family`` clean documents of each family in a corpus
folder, writes into ``digital/``:

- ``digital-pdf``: a PDF with a real text layer (reportlab, DejaVu embedded
  so Vietnamese is text, not pictures), laid out as the family prints it;
- ``xlsx``: a workbook (openpyxl) as an accounting system exports one: the
  header fields as label | value cells, the goods table with numbers as
  numbers;
- where ``soffice`` is on PATH, ``lo-pdf`` (an HTML rendering converted by
  LibreOffice Writer) and ``lo-xlsx`` (a UTF-8 CSV converted by LibreOffice
  Calc, which turns "080310" into the number 80310 as any spreadsheet
  would).

Each entry of the returned index has ``file`` (relative to the corpus
folder), ``kind``, ``family``, ``layout`` and ``truth`` (the clean page's).
"""

from __future__ import annotations

import csv
import html
import importlib.util
import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
HEAD_ROWS = (("document_no", "date"), ("consignor",), ("consignee",),
             ("vehicle_plate", "container_no"), ("seal_no",))
NUMBERS = ("quantity", "gross_weight_kg", "value")


def _module(name: str) -> ModuleType:
    key = f"ocr_{name}"
    if key not in sys.modules:
        spec = importlib.util.spec_from_file_location(key, Path(__file__).with_name(f"{name}.py"))
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[key] = module
        spec.loader.exec_module(module)
    return sys.modules[key]


@dataclass(frozen=True)
class Spec:
    """How a family writes a document: title, header labels, columns, number convention ..."""

    title: str
    labels: dict[str, str]
    cols: tuple[tuple[str, str], ...]
    convention: str
    unit: dict[str, str]
    origin: dict[str, str]
    date: str


def spec_of(family: str) -> Spec:
    """The digital layout of a tuning, studied or held-out family."""
    corpus = _module("corpus")
    for module in ("held_out", "studied", "studied_r3", "studied_r4"):
        made = _module(module).DIGITAL
        if family in made:
            spec: Spec = made[family](Spec)
            return spec
    if family in corpus.FAMILIES:
        fam = corpus.FAMILIES[family]
        labels = {name: label for pairs in fam.head for name, label in pairs}
        joint = " " if fam.english else " / "  # "Gross wt (kg)", "Khối lượng (kg) / Weight"
        cols = tuple((c.key, joint.join(c.header)) for c in fam.cols)
        if fam.second_row:
            cols += (("hs_code", "HS"), ("origin_country", "Origin"))
        units = {code: (code if fam.units == 2 else words[fam.units])
                 for code, words in corpus.UNIT_WORDS.items()}
        origins = {code: {"en": n[0], "vi": n[1], "code": code}[fam.origins]
                   for code, n in corpus.ORIGINS.items()}
        return Spec(fam.title, labels, cols, fam.conventions[0], units, origins, fam.date)
    english = family in ("english", "packing")
    origin_style = {"english": 0, "vietnamese": 1}.get(family)
    return Spec(
        title={"english": "CARGO MANIFEST", "vietnamese": "BẢN KÊ KHAI HÀNG HÓA",
               "bilingual": "BẢN KÊ HÀNG HÓA / CARGO MANIFEST", "packing": "PACKING LIST"}[family],
        labels=corpus._labels(family),
        cols=tuple((c.field, (" / " if family == "bilingual" else " ").join(c.header))
                   for c in corpus._columns(family)),
        convention="en" if family in ("english", "packing") else "vi",
        unit={code: words[0 if english else 1] for code, words in corpus.UNIT_WORDS.items()},
        origin={code: code if origin_style is None else names[origin_style]
                for code, names in corpus.ORIGINS.items()},
        date="iso")


def _date(d: date, style: str) -> str:
    corpus = _module("corpus")
    text: str = corpus._when(d, style)
    return text


def _text_number(value: float | int, decimals: int, convention: str) -> str:
    corpus = _module("corpus")
    text: str = corpus._number(Decimal(str(value)), decimals, convention)
    return text


def _cells(line: dict[str, Any], spec: Spec, numbers: bool) -> list[Any]:
    """A goods line's cells in the spec's columns: numbers as numbers when ``numbers``."""
    quantity = line.get("quantity") or 0
    gross = line.get("gross_weight_kg") or 0
    value = line.get("value") or 0
    by_key: dict[str, Any] = {
        "line_no": line["line_no"], "description": line["description"],
        "hs_code": line["hs_code"], "quantity": quantity,
        "unit": spec.unit.get(line["unit"], line["unit"]), "gross_weight_kg": gross,
        "value": value, "currency": line.get("currency") or "",
        "origin_country": spec.origin.get(line.get("origin_country") or "", ""),
        "_net_weight": round(float(gross) * 0.95, 2),
        "_price": round(float(value) / float(quantity or 1), 2),
        "_packages": max(1, int(quantity) // 10),
    }
    cells = []
    for key, _header in spec.cols:
        cell = by_key.get(key, "")
        if not numbers and key in (*NUMBERS, "_net_weight", "_price"):
            cell = _text_number(cell, 0 if key == "quantity" else 2, spec.convention)
        cells.append(cell)
    return cells


def _header(truth: dict[str, Any], spec: Spec) -> list[list[tuple[str, str]]]:
    """Header rows of (label, value) pairs."""
    values = dict(truth)
    values["date"] = _date(date.fromisoformat(truth["date"]), spec.date) if truth["date"] else ""
    return [[(spec.labels[n], values[n] or "") for n in row if n in spec.labels]
            for row in HEAD_ROWS]


def _totals(truth: dict[str, Any], spec: Spec, numbers: bool) -> list[Any]:
    out: list[Any] = []
    for key, _header in spec.cols:
        if key in ("gross_weight_kg", "value"):
            total = round(sum(float(line.get(key) or 0) for line in truth["lines"]), 2)
            out.append(total if numbers else _text_number(total, 2, spec.convention))
        elif key == "description":
            out.append("Total" if spec.title.isascii() else "Tổng cộng / Total")
        else:
            out.append("")
    return out


def write_pdf(path: Path, truth: dict[str, Any], spec: Spec) -> None:
    """A PDF with a text layer, the family's labels and columns, DejaVu embedded."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(FONT_DIR / "DejaVuSans.ttf")))
    width, height = A4
    size = 7.0
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setFont("DejaVuSans", size)
    left, right = 36.0, width - 36.0
    y = height - 48.0
    pdf.drawCentredString(width / 2, y, spec.title)
    y -= 24
    for row in _header(truth, spec):
        for k, (label, value) in enumerate(row):
            pdf.drawString(left + k * (width / 2 - 20), y, f"{label} {value}")
        y -= 13
    y -= 10
    weights = [3.0 if key == "description" else 1.6 if key in (*NUMBERS, "_net_weight", "_price")
               else 1.0 for key, _h in spec.cols]
    xs = [left]
    for w in weights:
        xs.append(xs[-1] + (right - left) * w / sum(weights))

    def head(y: float) -> float:
        pdf.line(left, y + 10, right, y + 10)
        for k, (_key, header) in enumerate(spec.cols):
            pdf.drawCentredString((xs[k] + xs[k + 1]) / 2, y, header)
        pdf.line(left, y - 4, right, y - 4)
        return y - 15

    def row(y: float, cells: list[Any]) -> None:
        for k, ((key, _header), cell) in enumerate(zip(spec.cols, cells, strict=True)):
            text = str(cell)
            if key in (*NUMBERS, "_net_weight", "_price"):
                pdf.drawRightString(xs[k + 1] - 3, y, text)
            elif key == "description":
                pdf.drawString(xs[k] + 3, y, text)
            else:
                pdf.drawCentredString((xs[k] + xs[k + 1]) / 2, y, text)

    y = head(y)
    for line in truth["lines"]:
        if y < 48:
            pdf.showPage()
            pdf.setFont("DejaVuSans", size)
            y = head(height - 48.0)
        row(y, _cells(line, spec, numbers=False))
        y -= 12
    pdf.line(left, y + 8, right, y + 8)
    row(y - 2, _totals(truth, spec, numbers=False))
    pdf.save()


def _grid(truth: dict[str, Any], spec: Spec, numbers: bool) -> list[list[Any]]:
    """The document as spreadsheet rows."""
    rows: list[list[Any]] = [[spec.title], []]
    for pairs in _header(truth, spec):
        rows.append([cell for pair in pairs for cell in pair])
    rows.append([])
    rows.append([header for _key, header in spec.cols])
    rows += [_cells(line, spec, numbers) for line in truth["lines"]]
    rows.append(_totals(truth, spec, numbers))
    return rows


def write_xlsx(path: Path, truth: dict[str, Any], spec: Spec) -> None:
    """An XLSX as an accounting system exports it: numbers as numbers, codes as text."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Packing list" if "PACKING" in spec.title.upper() else "Sheet1"
    for row in _grid(truth, spec, numbers=True):
        sheet.append(row)
    book.save(path)


def _write_html(path: Path, truth: dict[str, Any], spec: Spec) -> None:
    parts = ["<html><head><meta charset='utf-8'><style>body{font-family:'DejaVu Sans';"
             "font-size:8pt} td,th{border:1px solid #444;padding:2px}"
             "table{border-collapse:collapse}</style></head><body>",
             f"<p align='center'>{html.escape(spec.title)}</p>"]
    for pairs in _header(truth, spec):
        parts.append("<p>" + " &nbsp; &nbsp; ".join(
            f"{html.escape(label)} {html.escape(value)}" for label, value in pairs) + "</p>")
    parts.append("<table border='1' cellpadding='2' cellspacing='0'><tr>"
                 + "".join(f"<th>{html.escape(h)}</th>" for _k, h in spec.cols) + "</tr>")
    for cells in [_cells(line, spec, numbers=False) for line in truth["lines"]] + [
            _totals(truth, spec, numbers=False)]:
        parts.append("<tr>" + "".join(
            f"<td align='{'right' if key in NUMBERS else 'left'}'>{html.escape(str(c))}</td>"
            for (key, _h), c in zip(spec.cols, cells, strict=True)) + "</tr>")
    parts.append("</table></body></html>")
    path.write_text("\n".join(parts), encoding="utf-8")


def _soffice(target: str, files: list[Path], outdir: Path, infilter: str | None = None) -> None:
    if not files:
        return
    command = ["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://"
               f"{outdir / '.lo-profile'}"]
    if infilter:
        command.append(f"--infilter={infilter}")
    command += ["--convert-to", target, "--outdir", str(outdir), *map(str, files)]
    subprocess.run(command, capture_output=True, check=False, timeout=600)


def write(folder: Path, index: list[dict[str, Any]], per_family: int) -> list[dict[str, Any]]:
    """Write the digital twins of the first ``per_family`` clean documents of each family.

    Reuses ``digital/index.json`` when it is there. Returns its entries.
    """
    out = folder / "digital"
    if (out / "index.json").exists():
        done: list[dict[str, Any]] = json.loads((out / "index.json").read_text())
        return done
    out.mkdir(parents=True, exist_ok=True)
    taken: dict[str, int] = {}
    entries: list[dict[str, Any]] = []
    html_files: list[Path] = []
    csv_files: list[Path] = []
    for entry in index:
        family = entry.get("family") or entry["layout"]
        if entry["kind"] != "clean" or taken.get(family, 0) >= per_family:
            continue
        taken[family] = taken.get(family, 0) + 1
        truth = json.loads((folder / entry["truth"]).read_text(encoding="utf-8"))
        spec = spec_of(family)
        stem = Path(entry["file"]).stem
        base = {"family": family, "layout": family, "truth": entry["truth"],
                "variant_of": entry["file"]}
        write_pdf(out / f"{stem}.pdf", truth, spec)
        write_xlsx(out / f"{stem}.xlsx", truth, spec)
        entries += [base | {"file": f"digital/{stem}.pdf", "kind": "digital-pdf"},
                    base | {"file": f"digital/{stem}.xlsx", "kind": "xlsx"}]
        if shutil.which("soffice"):
            (out / "lo").mkdir(exist_ok=True)
            _write_html(out / "lo" / f"{stem}.html", truth, spec)
            with (out / "lo" / f"{stem}.csv").open("w", encoding="utf-8", newline="") as f:
                csv.writer(f).writerows(_grid(truth, spec, numbers=True))
            html_files.append(out / "lo" / f"{stem}.html")
            csv_files.append(out / "lo" / f"{stem}.csv")
            entries += [base | {"file": f"digital/lo-{stem}.pdf", "kind": "lo-pdf"},
                        base | {"file": f"digital/lo-{stem}.xlsx", "kind": "lo-xlsx"}]
    lo = out / "lo"
    _soffice("pdf:writer_pdf_Export", html_files, lo, "HTML (StarWriter)")
    _soffice("xlsx:Calc MS Excel 2007 XML", csv_files, lo, "CSV:44,34,76,1")
    for made in (lo.glob("*.pdf") if lo.exists() else []):
        made.rename(out / f"lo-{made.name}")
    for made in (lo.glob("*.xlsx") if lo.exists() else []):
        made.rename(out / f"lo-{made.name}")
    entries = [e for e in entries if (folder / e["file"]).exists()]
    (out / "index.json").write_text(json.dumps(entries, indent=1), encoding="utf-8")
    return entries
