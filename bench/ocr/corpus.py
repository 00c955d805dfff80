"""Build the manifest OCR corpus: rendered pages with their ground truth (fixed seed).

    python -m bench.ocr.corpus --out DIR --pages 60

Writes ``page_NNN.png`` (clean, 300 dpi A4) or ``page_NNN.jpg`` (the previous
clean page "photographed": rotated, warped, blurred, unevenly lit, shadowed,
noisy, JPEG-compressed), ``page_NNN.json`` (the manifest JSON of the truth)
and ``index.json`` listing every page with its ``kind`` (clean/photo),
layout, font and line count. Even pages are clean, odd pages photographs of
the page before, so a photo can be compared with its clean twin.

Layouts: English manifest, Vietnamese manifest, bilingual manifest, packing
list; numbers in the English ("1,200.50") or Vietnamese ("1.200,50")
convention, chosen per page.
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont
from stdnum import iso6346

from borderdesk.documents.manifest_json import manifest_to_dict
from borderdesk.domain.manifest import Manifest, ManifestLine

SEED = 20261120
DPI = 300
PAGE = (2480, 3508)  # A4 at 300 dpi
MARGIN = 140
LAYOUTS = ("english", "vietnamese", "bilingual", "packing")
LEGACY_PAGES = 60
"""The first pages take ``LAYOUTS`` in turn, as they did when the README's figures were taken."""
FONT_DIRS = (Path("/usr/share/fonts/truetype"), Path("/usr/share/fonts"))
FONT_FILES = (
    "DejaVuSans.ttf", "DejaVuSerif.ttf", "DejaVuSansMono.ttf",
    "LiberationSans-Regular.ttf", "LiberationSerif-Regular.ttf",
)

# hs code, English, Vietnamese, unit, kg per unit, USD per unit
GOODS = (

    ("19011020", "Infant milk formula, 800 g tins", "Sữa bột công thức cho trẻ em, lon 800 g",
     "TIN", "0.95", "18.50"),
    ("100630", "Jasmine rice, 25 kg bags", "Gạo Hom Mali, bao 25 kg", "BAG", "25.2", "21.00"),
    ("170114", "Raw cane sugar, 50 kg bags", "Đường mía thô, bao 50 kg", "BAG", "50.3", "24.00"),
    ("081060", "Fresh durians", "Sầu riêng tươi", "CTN", "18.5", "62.00"),
    ("080450", "Dried mango slices", "Xoài sấy dẻo", "CTN", "10.4", "35.00"),
    ("220300", "Beer in cans, 24 x 330 ml", "Bia lon, thùng 24 lon 330 ml", "CTN", "8.9", "14.20"),
    ("330499", "Skin care creams", "Kem dưỡng da mỹ phẩm", "BOX", "0.35", "7.80"),
    ("852872", "LCD television sets 43 inch", "Tivi LCD 43 inch", "PCE", "9.8", "165.00"),
    ("870899", "Truck spare parts", "Phụ tùng xe tải", "PCE", "4.2", "38.00"),
    ("401120", "Truck tyres", "Lốp xe tải", "PCE", "52.0", "140.00"),
    ("847130", "Laptop computers", "Máy tính xách tay", "PCE", "2.6", "420.00"),
    ("851713", "Smartphones", "Điện thoại thông minh", "PCE", "0.45", "210.00"),
    ("610910", "Cotton T-shirts", "Áo thun cotton", "PCE", "0.22", "3.10"),
    ("640411", "Sports shoes", "Giày thể thao", "PR", "0.9", "16.00"),
    ("090111", "Green coffee beans", "Cà phê nhân chưa rang", "BAG", "60.5", "190.00"),
    ("110814", "Cassava starch", "Tinh bột sắn", "BAG", "50.2", "23.50"),
    ("030389", "Frozen fish", "Cá đông lạnh", "CTN", "20.8", "44.00"),
    ("190531", "Sweet biscuits", "Bánh quy ngọt", "CTN", "6.1", "12.60"),
    ("210390", "Chilli sauce bottles", "Tương ớt đóng chai", "BTL", "0.62", "1.40"),
    ("151190", "Refined palm oil", "Dầu cọ tinh luyện", "LTR", "0.93", "1.05"),
    ("940360", "Wooden furniture sets", "Bộ đồ gỗ nội thất", "SET", "85.0", "320.00"),
    ("392321", "Polyethylene bags", "Túi nhựa PE", "KGM", "1.0", "1.65"),
    ("271019", "Lubricating oil", "Dầu nhớt bôi trơn", "LTR", "0.9", "2.30"),
    ("071410", "Dried cassava chips", "Sắn lát khô", "KGM", "1.0", "0.21"),
    ("200899", "Canned fruit cocktail", "Trái cây đóng hộp", "CTN", "12.4", "19.90"),
)
UNIT_WORDS = {  # code -> (English print, Vietnamese print)
    "TIN": ("TINS", "lon"), "BAG": ("BAGS", "bao"), "CTN": ("CTNS", "thùng"),
    "BOX": ("BOX", "hộp"), "PCE": ("PCS", "chiếc"), "PR": ("PAIRS", "đôi"),
    "BTL": ("BTL", "chai"), "LTR": ("LTR", "lít"), "SET": ("SETS", "bộ"), "KGM": ("KGS", "kg"),
}
ORIGINS = {  # code -> (English, Vietnamese)
    "TH": ("Thailand", "Thái Lan"), "LA": ("Laos", "Lào"), "CN": ("China", "Trung Quốc"),
    "VN": ("Vietnam", "Việt Nam"), "KH": ("Cambodia", "Campuchia"), "KR": ("Korea", "Hàn Quốc"),
    "JP": ("Japan", "Nhật Bản"), "MY": ("Malaysia", "Malaysia"),
}
SENDERS = (
    "Siam Agro Export Co., Ltd", "Lao Trading Sole Co., Ltd", "Guangxi Pingxiang Import Export Co",
    "Công ty TNHH Thương mại Savan", "Phnom Penh Logistics Co., Ltd", "Bangkok Food Supply Co",
)
RECEIVERS = (
    "Công ty TNHH Xuất nhập khẩu Lao Bảo", "Công ty Cổ phần Thực phẩm Hà Nội",
    "Công ty TNHH Thương mại Lạng Sơn", "Công ty TNHH Điện tử Miền Nam",
    "Công ty Cổ phần Logistics Quảng Trị", "Công ty TNHH Nông sản Tây Nguyên",
)
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Column:
    """A printed table column: its field, header text (lines) and width in pixels."""

    field: str
    header: tuple[str, ...]
    width: int
    align: str = "left"


def _columns(layout: str) -> list[Column]:
    if layout == "english":
        return [
            Column("line_no", ("No.",), 100, "center"),
            Column("description", ("Description of goods",), 640, "left"),
            Column("hs_code", ("HS code",), 230, "center"),
            Column("quantity", ("Quantity",), 210, "right"),
            Column("unit", ("Unit",), 150, "center"),
            Column("gross_weight_kg", ("Gross weight", "(kg)"), 260, "right"),
            Column("value", ("Value",), 260, "right"),
            Column("currency", ("Currency",), 180, "center"),
            Column("origin_country", ("Origin",), 170, "center"),
        ]
    if layout == "vietnamese":
        return [
            Column("line_no", ("STT",), 100, "center"),
            Column("description", ("Tên hàng",), 640, "left"),
            Column("hs_code", ("Mã HS",), 220, "center"),
            Column("quantity", ("Số lượng",), 200, "right"),
            Column("unit", ("Đơn vị",), 150, "center"),
            Column("gross_weight_kg", ("Trọng lượng", "(kg)"), 250, "right"),
            Column("value", ("Trị giá",), 260, "right"),
            Column("currency", ("Tiền tệ",), 160, "center"),
            Column("origin_country", ("Xuất xứ",), 220, "center"),
        ]
    if layout == "bilingual":
        return [
            Column("line_no", ("STT", "No."), 100, "center"),
            Column("description", ("Mô tả hàng hóa", "Description"), 620, "left"),
            Column("hs_code", ("Mã HS", "HS code"), 220, "center"),
            Column("quantity", ("Số lượng", "Quantity"), 210, "right"),
            Column("unit", ("Đơn vị", "Unit"), 150, "center"),
            Column("gross_weight_kg", ("Trọng lượng", "Gross weight"), 260, "right"),
            Column("value", ("Trị giá", "Value"), 250, "right"),
            Column("currency", ("Tiền tệ", "Currency"), 170, "center"),
            Column("origin_country", ("Xuất xứ", "Origin"), 220, "center"),
        ]
    return [
        Column("line_no", ("No.",), 100, "center"),
        Column("description", ("Description",), 620, "left"),
        Column("hs_code", ("HS code",), 230, "center"),
        Column("_packages", ("Packages",), 220, "right"),
        Column("quantity", ("Quantity",), 210, "right"),
        Column("unit", ("Unit",), 150, "center"),
        Column("_net_weight", ("N.W.", "(kg)"), 240, "right"),
        Column("gross_weight_kg", ("G.W.", "(kg)"), 240, "right"),
        Column("origin_country", ("Origin",), 170, "center"),
    ]


def _fonts() -> list[Path]:
    found: list[Path] = []
    for name in FONT_FILES:
        for base in FONT_DIRS:
            hits = sorted(base.rglob(name)) if base.is_dir() else []
            if hits:
                found.append(hits[0])
                break
    return found


def _number(value: Decimal, decimals: int, convention: str) -> str:
    text = f"{value:,.{decimals}f}"
    if convention == "vi":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def _container(rng: random.Random) -> str:
    owner = "".join(rng.choice("ABCDEFGHKMNPRSTW") for _ in range(3)) + "U"
    serial = f"{rng.randrange(10**6):06d}"
    return owner + serial + iso6346.calc_check_digit(owner + serial)


def _truth(rng: random.Random, layout: str, count: int) -> Manifest:
    lines = []
    for k in range(count):
        hs, _en, _vi, unit, kg, usd = rng.choice(GOODS)
        quantity = Decimal(rng.choice((rng.randrange(1, 60), rng.randrange(60, 4000))))
        spread = Decimal(rng.uniform(1.0, 1.08))
        weight = (quantity * Decimal(kg) * spread).quantize(Decimal("0.01"))
        currency = rng.choice(("USD", "USD", "USD", "THB", "CNY"))
        rate = {"USD": Decimal(1), "THB": Decimal("35.5"), "CNY": Decimal("7.2")}[currency]
        value = (quantity * Decimal(usd) * rate).quantize(Decimal("0.01"))
        lines.append(ManifestLine(
            line_no=k + 1, description=str(k), hs_code=hs, quantity=quantity, unit=unit,
            gross_weight_kg=weight, value=None if layout == "packing" else value,
            currency="" if layout == "packing" else currency,
            origin_country=rng.choice(tuple(ORIGINS)),
        ))
    start = date(2026, 1, 5)
    return Manifest(
        document_no=f"{rng.choice(('MNF', 'BK', 'PL', 'INV'))}-2026-{rng.randrange(10**5):05d}",
        date=start + timedelta(days=rng.randrange(330)),
        consignor=rng.choice(SENDERS),
        consignee=rng.choice(RECEIVERS),
        vehicle_plate=f"{rng.choice((74, 29, 51, 12, 37))}{rng.choice('CHLD')}-"
        f"{rng.randrange(100, 999)}.{rng.randrange(10, 99)}",
        container_no=_container(rng),
        seal_no=f"{rng.choice('AHKT')}{rng.randrange(10**6, 10**7)}",
        lines=tuple(lines),
    )


class _Page:
    """Draws text and rules on an A4 page."""

    def __init__(self, font_path: Path, size: int) -> None:
        self.image = Image.new("L", PAGE, 255)
        self.draw = ImageDraw.Draw(self.image)
        self.font = ImageFont.truetype(str(font_path), size)
        self.bold = self.font
        self.size = size
        self.drawn: list[str] = []
        """Every string drawn, in order: the page's text as a reader sees it."""

    def width(self, text: str) -> int:
        return int(self.draw.textlength(text, font=self.font))

    def text(self, x: int, y: int, text: str) -> None:
        self.draw.text((x, y), text, font=self.font, fill=20)
        self.drawn.append(text)

    def wrap(self, text: str, width: int) -> list[str]:
        lines: list[str] = []
        for word in text.split():
            if lines and self.width(lines[-1] + " " + word) <= width:
                lines[-1] += " " + word
            else:
                lines.append(word)
        return lines or [""]

    def cell(self, x: int, y: int, width: int, text: str, align: str) -> None:
        pad = 14
        if align == "right":
            self.text(x + width - pad - self.width(text), y, text)
        elif align == "center":
            self.text(x + (width - self.width(text)) // 2, y, text)
        else:
            self.text(x + pad, y, text)


def _labels(layout: str) -> dict[str, str]:
    english = {
        "document_no": "Manifest No:", "date": "Date:", "consignor": "Consignor:",
        "consignee": "Consignee:", "vehicle_plate": "Vehicle plate:",
        "container_no": "Container No:", "seal_no": "Seal No:",
    }
    if layout == "packing":
        return english | {"document_no": "Packing list No:", "consignor": "Shipper:",
                          "vehicle_plate": "Truck No:"}
    vietnamese = {
        "document_no": "Số chứng từ:", "date": "Ngày:", "consignor": "Người gửi hàng:",
        "consignee": "Người nhận hàng:", "vehicle_plate": "Biển số xe:",
        "container_no": "Số container:", "seal_no": "Số niêm phong:",
    }
    if layout == "vietnamese":
        return vietnamese
    if layout == "bilingual":
        return {k: vietnamese[k].rstrip(":") + " / " + english[k] for k in english}
    return english


def _render(
    truth: Manifest, layout: str, font: Path, rng: random.Random
) -> tuple[Image.Image, str]:
    convention = "vi" if layout == "vietnamese" or (layout == "bilingual" and rng.random() < 0.6) \
        else ("en" if layout != "packing" else rng.choice(("en", "vi")))
    size = rng.choice((32, 34, 36))
    page = _Page(font, size)
    pitch = int(size * 1.45)
    y = MARGIN
    title = {"english": "CARGO MANIFEST", "vietnamese": "BẢN KÊ KHAI HÀNG HÓA",
             "bilingual": "BẢN KÊ HÀNG HÓA / CARGO MANIFEST", "packing": "PACKING LIST"}[layout]
    page.text((PAGE[0] - page.width(title)) // 2, y, title)
    y += pitch * 2
    labels = _labels(layout)
    assert truth.date is not None
    d = truth.date
    when = {"english": f"{d.day} {MONTHS[d.month - 1]} {d.year}", "packing": d.isoformat(),
            "vietnamese": f"ngày {d.day} tháng {d.month} năm {d.year}",
            "bilingual": d.strftime("%d/%m/%Y")}[layout]
    half = PAGE[0] // 2 + 60
    for left, right in (
        (("document_no", truth.document_no), ("date", when)),
        (("consignor", truth.consignor), None),
        (("consignee", truth.consignee), None),
        (("vehicle_plate", truth.vehicle_plate), ("container_no", truth.container_no)),
        (("seal_no", truth.seal_no), None),
    ):
        page.text(MARGIN, y, f"{labels[left[0]]} {left[1]}")
        if right:
            page.text(half, y, f"{labels[right[0]]} {right[1]}")
        y += pitch
    y += pitch
    columns = _columns(layout)
    scale = (PAGE[0] - 2 * MARGIN) / sum(c.width for c in columns)
    xs = [MARGIN]
    for column in columns:
        xs.append(xs[-1] + int(column.width * scale))
    top = y
    header_lines = max(len(c.header) for c in columns)
    y += 12
    for k, column in enumerate(columns):
        for j, text in enumerate(column.header):
            page.cell(xs[k], y + j * pitch, xs[k + 1] - xs[k], text, "center")
    y += header_lines * pitch + 6
    rules = [top, y]
    goods = {g[0]: g for g in GOODS}
    for line in truth.lines:
        cells = _line_cells(line, layout, convention, goods, rng)
        wrapped = {f: page.wrap(t, xs[k + 1] - xs[k] - 28) if f == "description" else [t]
                   for k, (f, t) in enumerate(zip([c.field for c in columns], cells, strict=True))}
        y += 10
        for k, column in enumerate(columns):
            for j, text in enumerate(wrapped[column.field]):
                page.cell(xs[k], y + j * pitch, xs[k + 1] - xs[k], text, column.align)
        y += max(len(v) for v in wrapped.values()) * pitch + 2
        rules.append(y)
    total_label = {"english": "Total", "packing": "Total", "vietnamese": "Tổng cộng",
                   "bilingual": "Tổng cộng / Total"}[layout]
    y += 10
    page.cell(xs[1], y, xs[2] - xs[1], total_label, "left")
    weight = sum((line.gross_weight_kg or Decimal(0) for line in truth.lines), Decimal(0))
    k_weight = [c.field for c in columns].index("gross_weight_kg")
    page.cell(xs[k_weight], y, xs[k_weight + 1] - xs[k_weight],
              _number(weight, 2, convention), "right")
    y += pitch + 2
    rules.append(y)
    for rule_y in rules:
        page.draw.line((xs[0], rule_y, xs[-1], rule_y), fill=60, width=2)
    for x in xs:
        page.draw.line((x, top, x, y), fill=60, width=2)
    y += pitch * 2
    footer = "Người lập bảng kê" if layout in ("vietnamese", "bilingual") else "Prepared by"
    page.text(PAGE[0] - MARGIN - page.width(footer) - 200, y, footer)
    return page.image, "\n".join(page.drawn)


def _line_cells(line: ManifestLine, layout: str, convention: str,
                goods: dict[str, tuple[str, str, str, str, str, str]],
                rng: random.Random) -> list[str]:
    good = goods[line.hs_code]
    english = layout in ("english", "packing")
    description = good[1] if english else good[2]
    hs = line.hs_code
    if rng.random() < 0.5:
        hs = ".".join(hs[i : i + 2] for i in range(4, len(hs), 2))
        hs = line.hs_code[:4] + "." + hs
    unit = UNIT_WORDS[line.unit][0 if english else 1]
    origin = ORIGINS[line.origin_country or "VN"]
    origin_text = {"english": origin[0], "packing": line.origin_country or "",
                   "vietnamese": origin[1], "bilingual": line.origin_country or ""}[layout]
    quantity = _number(line.quantity or Decimal(0), 0, convention)
    weight = _number(line.gross_weight_kg or Decimal(0), 2, convention)
    by_field = {
        "line_no": str(line.line_no), "description": description, "hs_code": hs,
        "quantity": quantity, "unit": unit, "gross_weight_kg": weight,
        "value": _number(line.value or Decimal(0), 2, convention), "currency": line.currency,
        "origin_country": origin_text,
        "_packages": str(max(1, int((line.quantity or Decimal(1)) / 10))),
        "_net_weight": _number((line.gross_weight_kg or Decimal(0)) * Decimal("0.95"), 2,
                               convention),
    }
    return [by_field[c.field] for c in _columns(layout)]


def photograph(image: Image.Image, rng: random.Random) -> bytes:
    """The page as a phone would photograph it, as JPEG bytes."""
    import cv2
    import numpy as np

    page = np.asarray(image.convert("RGB"), dtype=np.float32)
    h, w = page.shape[:2]
    pad = int(0.06 * w)
    canvas_w, canvas_h = w + 2 * pad, h + 2 * pad
    desk = np.full((canvas_h, canvas_w, 3), (95, 80, 70), dtype=np.float32)
    jitter = 0.025 * w
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
    dst = src + np.array([[pad + rng.uniform(-jitter, jitter), pad + rng.uniform(-jitter, jitter)]
                          for _ in range(4)], dtype=np.float32)
    warp = cv2.getPerspectiveTransform(src, dst)
    angle = rng.uniform(-7, 7)
    rotate = cv2.getRotationMatrix2D((canvas_w / 2, canvas_h / 2), angle, 1.0)
    matrix = np.vstack([rotate, [0, 0, 1]]) @ warp
    warped = cv2.warpPerspective(page, matrix, (canvas_w, canvas_h), flags=cv2.INTER_LINEAR,
                                 borderMode=cv2.BORDER_CONSTANT, borderValue=(0, 0, 0))
    mask = cv2.warpPerspective(np.ones((h, w), np.float32), matrix, (canvas_w, canvas_h))
    photo = warped * mask[..., None] + desk * (1 - mask[..., None])
    yy, xx = np.mgrid[0:canvas_h, 0:canvas_w].astype(np.float32)
    cx, cy = rng.uniform(0, canvas_w), rng.uniform(0, canvas_h)
    light = 1.0 - 0.35 * np.hypot(xx - cx, yy - cy) / np.hypot(canvas_w, canvas_h)
    photo *= light[..., None]
    shadow = np.zeros((canvas_h, canvas_w), np.float32)
    hx = int(rng.choice((0.05, 0.95)) * canvas_w)
    hy = int(rng.uniform(0.3, 0.9) * canvas_h)
    cv2.ellipse(shadow, (hx, hy), (int(0.18 * canvas_w), int(0.08 * canvas_h)),
                rng.uniform(0, 180), 0, 360, 1.0, -1)
    shadow = cv2.GaussianBlur(shadow, (0, 0), 60)
    photo *= (1 - 0.4 * shadow)[..., None]
    blurred = np.asarray(cv2.GaussianBlur(photo, (0, 0), rng.uniform(0.6, 1.4)))
    noise = np.random.default_rng(rng.randrange(2**32)).normal(0, rng.uniform(3, 8), blurred.shape)
    photo = np.clip(blurred + noise, 0, 255).astype(np.uint8)
    ok, data = cv2.imencode(".jpg", photo[..., ::-1],
                            [cv2.IMWRITE_JPEG_QUALITY, rng.randrange(60, 88)])
    assert ok
    return bytes(data.tobytes())


@dataclass(frozen=True)
class Col:
    """A printed column: key of the cell texts, header lines, relative width, alignment."""

    key: str
    header: tuple[str, ...]
    width: int
    align: str = "left"


class Sheet:
    """A page with helpers for tables (``_Page`` underneath); the held-out families use it too."""

    def __init__(self, font: Path, size: int) -> None:
        self.page = _Page(font, size)
        self.size = size
        self.pitch = int(size * 1.45)

    def text(self, x: int, y: int, text: str) -> None:
        self.page.text(x, y, text)

    def width(self, text: str) -> int:
        return self.page.width(text)

    def centred(self, y: int, text: str) -> None:
        self.page.text((PAGE[0] - self.width(text)) // 2, y, text)

    def rule(self, x0: int, y0: int, x1: int, y1: int) -> None:
        self.page.draw.line((x0, y0, x1, y1), fill=50, width=2)

    def xs(self, cols: list[Col], left: int = MARGIN, right: int = PAGE[0] - MARGIN) -> list[int]:
        scale = (right - left) / sum(c.width for c in cols)
        xs = [left]
        for col in cols:
            xs.append(xs[-1] + int(col.width * scale))
        xs[-1] = right
        return xs

    def header_row(self, cols: list[Col], xs: list[int], y: int) -> int:
        """Column headers centred in their columns; returns the y below them."""
        for k, col in enumerate(cols):
            for j, line in enumerate(col.header):
                self.page.cell(xs[k], y + j * self.pitch, xs[k + 1] - xs[k], line, "center")
        return y + max(len(c.header) for c in cols) * self.pitch

    def row(self, cols: list[Col], xs: list[int], y: int, cells: dict[str, list[str]]) -> int:
        """One table row (a cell may hold several lines); returns the y below it."""
        for k, col in enumerate(cols):
            for j, line in enumerate(cells.get(col.key, [])):
                self.page.cell(xs[k], y + j * self.pitch, xs[k + 1] - xs[k], line, col.align)
        return y + max(1, *(len(v) for v in cells.values())) * self.pitch

    def wrap(self, text: str, width: int) -> list[str]:
        return self.page.wrap(text, width)


# ---- The tuning families added for issue 16 (pages 60 on of the rotation)

NEW_LAYOUTS = ("box_grid", "two_row", "multi_page", "abbreviated", "vi_serif_order")
"""Tuning families after the first four; ``generate`` turns to them after page 59."""
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


@dataclass(frozen=True)
class Family:
    """How a tuning family prints a manifest.

    ``head`` lists the header-field rows: each a tuple of (field, label)
    printed "label value" side by side (``box``: a ruled label | value grid
    instead). ``rules``: "grid", "rows" (a rule under every item), "frame"
    (rules around the header and under the table) or "none". ``second_row``:
    the HS code and origin printed under the description instead of in
    columns of their own.
    """

    title: str
    head: tuple[tuple[tuple[str, str], ...], ...]
    cols: tuple[Col, ...]
    fonts: tuple[str, ...]
    english: bool
    rules: str
    total: str
    units: int  # 0: English word, 1: Vietnamese word, 2: code as printed on the declaration
    origins: str  # "en", "vi" or "code"
    conventions: tuple[str, ...]
    lines: tuple[int, int]
    box: bool = False
    second_row: str = ""
    date: str = "iso"
    packing: bool = False
    distractors: tuple[tuple[str, str], ...] = ()


FAMILIES: dict[str, Family] = {
    "box_grid": Family(
        title="DELIVERY NOTE",
        head=((("document_no", "Delivery note No.:"), ("date", "Dispatch date:")),
              (("consignor", "Sender:"),), (("consignee", "Receiver:"),),
              (("vehicle_plate", "Vehicle reg. No.:"), ("container_no", "Container/Trailer:")),
              (("seal_no", "Seal number:"), ("_route", "Route:"))),
        cols=(Col("line_no", ("Item",), 90, "center"),
              Col("description", ("Goods description",), 560),
              Col("hs_code", ("Commodity", "code"), 220, "center"),
              Col("quantity", ("Q'ty",), 170, "right"), Col("unit", ("UOM",), 130, "center"),
              Col("gross_weight_kg", ("Gross wt", "(kg)"), 230, "right"),
              Col("value", ("Value",), 240, "right"), Col("currency", ("Cur.",), 110, "center"),
              Col("origin_country", ("C/O",), 110, "center")),
        fonts=("DejaVuSerif.ttf",), english=True, rules="grid", total="Total", units=0,
        origins="code", conventions=("en",), lines=(5, 22), box=True, date="dd Mon yyyy",
        distractors=(("_route", "Savannakhet - Lao Bao"),)),
    "two_row": Family(
        title="DANH MỤC HÀNG HÓA / GOODS LIST",
        head=((("document_no", "Số hiệu / Ref.:"), ("date", "Ngày phát hành / Issued:")),
              (("consignor", "Chủ hàng / Owner:"),),
              (("consignee", "Đơn vị nhận / Receiving party:"),),
              (("vehicle_plate", "Xe / Vehicle:"), ("container_no", "Container ID:")),
              (("seal_no", "Kẹp chì / Lock No.:"),)),
        cols=(Col("line_no", ("STT", "No."), 90, "center"),
              Col("description", ("Tên hàng", "Goods"), 700),
              Col("quantity", ("SL", "Q'ty"), 190, "right"),
              Col("unit", ("ĐVT", "UOM"), 140, "center"),
              Col("gross_weight_kg", ("Khối lượng (kg)", "Weight"), 280, "right"),
              Col("value", ("Thành tiền", "Amount"), 270, "right"),
              Col("currency", ("Loại tiền", "Cur."), 150, "center")),
        fonts=("DejaVuSansCondensed.ttf", "DejaVuSans.ttf"), english=False, rules="rows",
        total="Tổng cộng / Total", units=1, origins="vi", conventions=("vi",), lines=(5, 16),
        second_row="HS: {hs} - Xuất xứ / Origin: {origin}", date="dd-mm-yyyy"),
    "multi_page": Family(
        title="CARGO LIST",
        head=((("document_no", "List No.:"), ("date", "Date of issue:")),
              (("consignor", "Shipped by:"),), (("consignee", "Delivered to:"),),
              (("vehicle_plate", "Truck reg.:"), ("container_no", "Container number:")),
              (("seal_no", "Seal ref.:"),)),
        cols=(Col("line_no", ("#",), 80, "center"), Col("description", ("Goods",), 620),
              Col("hs_code", ("HS",), 220, "center"),
              Col("quantity", ("Quantity",), 200, "right"), Col("unit", ("Unit",), 140, "center"),
              Col("gross_weight_kg", ("Weight kg",), 230, "right"),
              Col("value", ("Value",), 240, "right"), Col("currency", ("Curr.",), 120, "center"),
              Col("origin_country", ("Origin",), 190, "center")),
        fonts=("DejaVuSans.ttf",), english=True, rules="frame", total="Grand total", units=0,
        origins="en", conventions=("en", "vi"), lines=(60, 110), date="Mon dd, yyyy"),
    "abbreviated": Family(
        title="PACKING / WEIGHT LIST",
        head=((("document_no", "Doc ref:"), ("date", "Dd:")),
              (("consignor", "Shipper name:"),), (("consignee", "Notify/Consignee:"),),
              (("vehicle_plate", "Truck:"), ("container_no", "Cntr:")),
              (("seal_no", "Seal#:"),)),
        cols=(Col("line_no", ("No",), 70, "center"), Col("description", ("Desc.",), 520),
              Col("hs_code", ("HS",), 200, "center"), Col("quantity", ("Q'ty",), 170, "right"),
              Col("unit", ("UOM",), 110, "center"),
              Col("value", ("Amt",), 230, "right"), Col("currency", ("Curr",), 110, "center"),
              Col("_net_weight", ("N.W.",), 200, "right"),
              Col("gross_weight_kg", ("G.W.",), 200, "right"),
              Col("origin_country", ("C/O",), 100, "center")),
        fonts=("DejaVuSansMono.ttf",), english=True, rules="none", total="TTL", units=2,
        origins="code", conventions=("en", "vi"), lines=(5, 25), date="yyyy.mm.dd"),
    "vi_serif_order": Family(
        title="BẢNG KÊ HÀNG HÓA XUẤT NHẬP KHẨU",
        head=((("document_no", "Số bảng kê:"), ("date", "Ngày lập bảng kê:")),
              (("consignor", "Bên giao hàng:"),), (("consignee", "Bên nhận hàng:"),),
              (("vehicle_plate", "Số xe:"), ("container_no", "Số hiệu container:")),
              (("seal_no", "Số kẹp chì:"),)),
        cols=(Col("hs_code", ("Mã HS",), 220, "center"), Col("description", ("Tên hàng",), 560),
              Col("origin_country", ("Nước", "xuất xứ"), 220, "center"),
              Col("unit", ("Đơn vị", "tính"), 150, "center"),
              Col("quantity", ("Số lượng",), 200, "right"),
              Col("value", ("Trị giá",), 250, "right"),
              Col("currency", ("Tiền tệ",), 140, "center"),
              Col("gross_weight_kg", ("Trọng lượng", "(kg)"), 250, "right")),
        fonts=("DejaVuSerif.ttf",), english=False, rules="frame", total="Cộng", units=1,
        origins="vi", conventions=("vi",), lines=(5, 24), date="dd/mm/yyyy"),
}


def _font_named(names: tuple[str, ...]) -> Path:
    """The first of ``names`` installed (Condensed comes with fonts-dejavu-extra)."""
    for name in names:
        if (DEJAVU / name).exists():
            return DEJAVU / name
    return _fonts()[0]


def _when(d: date, style: str) -> str:
    return {"iso": d.isoformat(), "dd Mon yyyy": f"{d.day:02d} {MONTHS[d.month - 1]} {d.year}",
            "dd-mm-yyyy": f"{d.day:02d}-{d.month:02d}-{d.year}",
            "Mon dd, yyyy": f"{MONTHS[d.month - 1]} {d.day}, {d.year}",
            "yyyy.mm.dd": f"{d.year}.{d.month:02d}.{d.day:02d}",
            "dd/mm/yyyy": d.strftime("%d/%m/%Y"), "dd.mm.yyyy": d.strftime("%d.%m.%Y"),
            "dd-Mon-yyyy": f"{d.day:02d}-{MONTHS[d.month - 1]}-{d.year}",
            "yyyy/mm/dd": f"{d.year}/{d.month:02d}/{d.day:02d}"}[style]


def _family_cells(line: ManifestLine, family: Family, convention: str, hs: str,
                  page: _Page, width: int) -> dict[str, list[str]]:
    origin = line.origin_country or "VN"
    origin_text = {"en": ORIGINS[origin][0], "vi": ORIGINS[origin][1], "code": origin}[
        family.origins]
    unit = line.unit if family.units == 2 else UNIT_WORDS[line.unit][family.units]
    description = page.wrap(line.description, width)
    if family.second_row:
        description.append(family.second_row.format(hs=hs, origin=origin_text))
    return {
        "line_no": [str(line.line_no)], "description": description, "hs_code": [hs],
        "quantity": [_number(line.quantity or Decimal(0), 0, convention)], "unit": [unit],
        "gross_weight_kg": [_number(line.gross_weight_kg or Decimal(0), 2, convention)],
        "value": [_number(line.value or Decimal(0), 2, convention)], "currency": [line.currency],
        "origin_country": [origin_text],
        "_net_weight": [_number((line.gross_weight_kg or Decimal(0)) * Decimal("0.95"), 2,
                                convention)],
    }


def render_family(truth: Manifest, layout: str, rng: random.Random,
                  font: Path | None = None) -> tuple[list[Image.Image], str]:
    """The pages of one document of a family of ``FAMILIES`` and the text drawn on them."""
    family = FAMILIES[layout]
    font = font or _font_named(family.fonts)
    size = rng.choice((30, 32, 34))
    convention = rng.choice(family.conventions)
    repeat_header = rng.random() < 0.5
    sheets = [Sheet(font, size)]
    sheet = sheets[0]
    p = sheet.pitch
    y = MARGIN
    sheet.centred(y, family.title)
    y += 2 * p
    assert truth.date is not None
    values = {"document_no": truth.document_no, "date": _when(truth.date, family.date),
              "consignor": truth.consignor, "consignee": truth.consignee,
              "vehicle_plate": truth.vehicle_plate, "container_no": truth.container_no,
              "seal_no": truth.seal_no, **dict(family.distractors)}
    left, right = MARGIN, PAGE[0] - MARGIN
    if family.box:
        box = [left, left + 480, left + 1120, left + 1520, right]
        top = y
        for pairs in family.head:
            y += 12
            for k, (name, label) in enumerate(pairs):
                sheet.text(box[2 * k] + 14, y, label)
                sheet.text(box[2 * k + 1] + 14, y, values[name])
            y += p + 4
            sheet.rule(left, y, right, y)
            if len(pairs) == 2:
                for x in box[2:4]:
                    sheet.rule(x, y - p - 16, x, y)
        sheet.rule(left, top, right, top)
        for x in (box[0], box[1], box[4]):
            sheet.rule(x, top, x, y)
        y += p
    else:
        for pairs in family.head:
            for k, (name, label) in enumerate(pairs):
                sheet.text(left + k * (PAGE[0] // 2), y, f"{label} {values[name]}")
            y += p
    y += p
    cols = list(family.cols)
    xs = sheet.xs(cols)

    def table_head(sheet: Sheet, y: int) -> int:
        if family.rules in ("grid", "rows", "frame"):
            sheet.rule(xs[0], y, xs[-1], y)
        y = sheet.header_row(cols, xs, y + 12) + 6
        if family.rules != "none":
            sheet.rule(xs[0], y, xs[-1], y)
        return y + 10

    tops = [y]
    y = table_head(sheet, y)
    bottom = PAGE[1] - MARGIN - 2 * p
    k_desc = [c.key for c in cols].index("description")
    for line in truth.lines:
        hs = line.hs_code
        if rng.random() < 0.5:
            hs = hs[:4] + "." + ".".join(hs[i : i + 2] for i in range(4, len(hs), 2))
        cells = _family_cells(line, family, convention, hs, sheet.page,
                              xs[k_desc + 1] - xs[k_desc] - 28)
        height = max(len(v) for v in cells.values()) * p
        if y + height > bottom:  # the list goes on on a new page
            if family.rules == "grid":
                for x in xs:
                    sheet.rule(x, tops[-1], x, y)
            sheet.text(right - 400, PAGE[1] - MARGIN, f"Page {len(sheets)}")
            sheets.append(Sheet(font, size))
            sheet = sheets[-1]
            y = MARGIN
            tops.append(y)
            y = table_head(sheet, y) if repeat_header else y + 12
        y = sheet.row(cols, xs, y, cells) + 4
        if family.rules in ("grid", "rows"):
            sheet.rule(xs[0], y, xs[-1], y)
        y += 8
    total: dict[str, list[str]] = {"description": [family.total]}
    for name in ("gross_weight_kg", "value"):
        if name in [c.key for c in cols]:
            amount = sum((getattr(ln, name) or Decimal(0) for ln in truth.lines), Decimal(0))
            total[name] = [_number(amount, 2, convention)]
    y = sheet.row(cols, xs, y + 4, total) + 6
    if family.rules != "none":
        sheet.rule(xs[0], y, xs[-1], y)
    if family.rules == "grid":
        for x in xs:
            sheet.rule(x, tops[-1], x, y)
    if len(sheets) > 1:
        sheet.text(right - 400, PAGE[1] - MARGIN, f"Page {len(sheets)}")
    y += 3 * p
    sheet.text(right - sheet.width("Signature and stamp") - 150, y, "Signature and stamp")
    text = "\n".join("\n".join(s.page.drawn) for s in sheets)
    return [s.page.image for s in sheets], text


def _family_truth(rng: random.Random, layout: str) -> Manifest:
    family = FAMILIES[layout]
    truth = _truth(rng, "packing" if family.packing else layout, rng.randint(*family.lines))
    goods = {g[0]: g for g in GOODS}
    lines = tuple(ManifestLine(**{**line.__dict__, "description": goods[line.hs_code][
        1 if family.english else 2]}) for line in truth.lines)
    return Manifest(**{**truth.__dict__, "lines": lines})


def family_document(
    rng: random.Random, layout: str
) -> tuple[list[Image.Image], Manifest, str, str]:
    """One document of a family of ``FAMILIES``: its pages, truth, text drawn and font's name."""
    truth = _family_truth(rng, layout)
    font = _font_named(FAMILIES[layout].fonts)
    images, text = render_family(truth, layout, rng, font)
    return images, truth, text, font.name


def clean_page(
    rng: random.Random, layout: str, font: Path | None = None
) -> tuple[Image.Image, Manifest, str]:
    """One clean page of ``layout`` (one of ``LAYOUTS``): the image, its truth, its text.

    ``font`` defaults to DejaVu Sans, the first of the fonts found.
    """
    truth = _truth(rng, layout, rng.randint(5, 40))
    truth = _with_descriptions(truth, layout)
    image, text = _render(truth, layout, font or _fonts()[0], rng)
    return image, truth, text


def generate(out: Path, pages: int, seed: int = SEED) -> list[dict[str, Any]]:
    """Write ``pages`` pages with their truth and index.json into ``out``; return the index.

    Pages 0-59 take the first four layouts in turn (the 60 pages quoted in
    the README); from page 60 on, the families of ``NEW_LAYOUTS`` take turns.
    A ``multi_page`` document is one PDF of 2-3 pages (``pages`` in its entry,
    its single pages in ``images``) and counts as one page here.
    """
    rng = random.Random(seed)
    fonts = _fonts()
    out.mkdir(parents=True, exist_ok=True)
    index: list[dict[str, Any]] = []
    clean: tuple[list[Image.Image], Manifest, dict[str, Any]] | None = None
    for n in range(pages):
        stem = f"page_{n:03d}"
        if n % 2 == 1 and clean is not None:
            images, truth, entry = clean
            if len(images) == 1:
                name = f"{stem}.jpg"
                (out / name).write_bytes(photograph(images[0], rng))
                entry = entry | {"file": name, "kind": "photo", "variant_of": entry["file"]}
            else:
                singles = []
                for k, image in enumerate(images):
                    singles.append(f"{stem}_p{k + 1}.jpg")
                    (out / singles[-1]).write_bytes(photograph(image, rng))
                name = f"{stem}.pdf"
                _pdf(out / name, [Image.open(out / single) for single in singles])
                entry = entry | {"file": name, "kind": "photo", "variant_of": entry["file"],
                                 "images": singles}
        else:
            if n < LEGACY_PAGES:
                layout = LAYOUTS[(n // 2) % len(LAYOUTS)]
                font = fonts[(n // 8) % len(fonts)]
                image, truth, text = clean_page(rng, layout, font)
                images, font_name = [image], font.name
            else:
                layout = NEW_LAYOUTS[((n - LEGACY_PAGES) // 2) % len(NEW_LAYOUTS)]
                images, truth, text, font_name = family_document(rng, layout)
            entry = {"kind": "clean", "layout": layout, "family": layout, "font": font_name,
                     "lines": len(truth.lines), "text": f"{stem}.txt"}
            if len(images) == 1:
                name = f"{stem}.png"
                images[0].save(out / name, dpi=(DPI, DPI))
            else:
                singles = []
                for k, image in enumerate(images):
                    singles.append(f"{stem}_p{k + 1}.png")
                    image.save(out / singles[-1], dpi=(DPI, DPI))
                name = f"{stem}.pdf"
                _pdf(out / name, images)
                entry |= {"images": singles, "pages": len(images)}
            entry = {"file": name, **entry}
            (out / f"{stem}.txt").write_text(text, encoding="utf-8")
            clean = (images, truth, entry)
        truth_name = f"{stem}.json"
        (out / truth_name).write_text(
            json.dumps(manifest_to_dict(truth), ensure_ascii=False, indent=1), encoding="utf-8")
        index.append(entry | {"truth": truth_name})
    (out / "index.json").write_text(json.dumps(index, indent=1), encoding="utf-8")
    return index


def _pdf(path: Path, images: list[Image.Image]) -> None:
    """A scanned PDF of ``images`` at 300 dpi (no text layer)."""
    first, *rest = [image.convert("RGB") if image.mode not in ("L", "RGB") else image
                    for image in images]
    first.save(path, "PDF", resolution=float(DPI), save_all=True, append_images=rest)


def _with_descriptions(truth: Manifest, layout: str) -> Manifest:
    goods = {g[0]: g for g in GOODS}
    english = layout in ("english", "packing")
    lines = tuple(
        ManifestLine(**{**line.__dict__, "description": goods[line.hs_code][1 if english else 2]})
        for line in truth.lines
    )
    return Manifest(**{**truth.__dict__, "lines": lines})


def main(argv: list[str] | None = None) -> None:
    """Command line: ``--out DIR --pages N [--seed S]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--pages", type=int, default=60)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    index = generate(args.out, args.pages, args.seed)
    print(f"{len(index)} pages in {args.out}")


if __name__ == "__main__":
    main()
