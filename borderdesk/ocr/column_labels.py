"""The goods table's column labels, bilingual and abbreviated, and what a label's brackets say.

Where the words come from: the Vietnamese customs declaration's goods
fields (VNACCS: "Mã số hàng hóa", "Mô tả hàng hóa", "Số lượng", "Mã đơn vị
tính", "Trị giá hóa đơn", "Đơn giá hóa đơn", "Nước xuất xứ"), the Vietnamese
e-invoice's table ("STT", "Tên hàng hóa, dịch vụ", "Đơn vị tính", "Số lượng",
"Đơn giá", "Thành tiền"), and the headings of commercial invoices and
packing lists in trade glossaries ("Marks & Nos.", "Commodity code", "Q'ty",
"N.W.", "G.W.", "CTNS", "Measurement", "Unit price", "Total amount"), with
the abbreviations clerks print ("SL", "ĐVT", "T.lượng", "TL", "KL", "T.giá").
Matching is on folded tokens (no tone marks, lower case, edge marks off).

A label's brackets carry its unit or currency: "T.lượng (kg)", "(tấn)",
"Trị giá (USD)". ``bracket_units`` reads them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from decimal import Decimal

from borderdesk.ocr.layout import LayoutRow, OcrWord
from borderdesk.ocr.normalize import read_currency
from borderdesk.ocr.phrases import Phrases, token
from borderdesk.ocr.vocabulary import fold

COLUMN_LABELS: Mapping[str, tuple[str, ...]] = {
    "line_no": ("no", "stt", "#", "item no", "item", "line", "so tt", "tt", "sr no", "s/n",
                "pos", "ln", "sl no", "s no", "thu tu", "so thu tu", "line no", "seq"),
    "description": (
        "description", "description of goods", "goods description", "goods", "commodity",
        "mo ta hang hoa", "mo ta", "ten hang", "ten hang hoa", "hang hoa", "dien giai",
        "ten hang hoa dich vu", "product", "item description", "particulars",
        "description of goods/services", "noi dung", "desc", "descr",
        "cargo", "cargo description", "description of cargo", "particulars of goods",
        "nature of goods", "goods & specification", "goods and specification",
        "specification", "ten hang quy cach", "quy cach", "commodity description",
    ),
    "hs_code": (
        "hs code", "hs", "ma hs", "hs-code", "tariff code", "ma so hang hoa", "h.s. code",
        "h.s code", "h.s", "hs no", "commodity code", "ma so hs", "h.s no", "h.s. no", "hs no.",
        "tariff no", "tariff",
        "tariff heading", "customs tariff no", "hs tariff no", "tariff line", "stat code",
        "statistical code", "ma hang hs", "hs heading", "tariff item",
    ),
    "quantity": ("quantity", "qty", "q'ty", "q ty", "so luong", "sl", "quantities", "qtty",
                 "thuc xuat", "so luong thuc xuat", "qnty", "pcs", "pieces", "nos"),
    "unit": (
        "unit", "don vi", "don vi tinh", "dvt", "uom", "u/m", "unit of measure", "ma don vi tinh",
        "dv", "units", "kind", "pack", "kind of pkg", "kind of pkgs", "kind of packages",
        "type of packages", "package type", "pkg type", "loai kien", "loai bao bi",
    ),
    "gross_weight_kg": (
        "gross weight", "gross wt", "g.w", "g.w.", "gw", "weight", "trong luong",
        "trong luong ca bi", "khoi luong", "khoi luong ca bi", "trong luong gop", "t.luong",
        "tl", "kl", "gross", "k.luong", "tong trong luong", "weight kg", "ca bi", "gross kgs",
        "kilos", "kgs", "brutto", "g/weight", "gross mass", "k.luong ca bi",
    ),
    "value": (
        "value", "amount", "tri gia", "gia tri", "thanh tien", "total value", "total amount",
        "t.gia", "tri gia hoa don", "line total", "tong tien", "amt", "amount usd", "total",
        "declared value", "invoice value", "fob value", "cif value", "fob", "cif",
        "customs value",
    ),
    "currency": ("currency", "curr", "cur", "tien te", "loai tien", "ngoai te", "dong tien",
                 "ccy", "curr code", "currency code", "cur code"),
    "origin_country": (
        "origin", "country of origin", "xuat xu", "nuoc xuat xu", "noi xuat xu", "c/o",
        "made in", "coo", "nuoc sx", "origin country", "cntry", "ctry", "origin ctry", "country",
        "noi san xuat", "nuoc san xuat", "country of manufacture",
    ),
    # Columns the manifest does not keep; naming them keeps their words apart.
    "_net_weight": (
        "net weight", "net wt", "n.w", "n.w.", "nw", "trong luong tinh", "khoi luong tinh",
        "tl tinh", "net", "net kgs", "n/weight", "netto", "net mass",
    ),
    "_unit_price": ("unit price", "don gia", "price", "u.price", "don gia hoa don", "d.gia"),
    "_packages": (
        "packages", "so kien", "kien", "cartons", "so thung", "ctns", "pkgs", "no of packages",
        "no of pkgs", "number of packages",
        "no. of cartons", "so bao", "carton",
    ),
    "_marks": ("marks", "ky ma hieu", "ky hieu", "marks and numbers", "marks & nos", "ky ma",
               "c/no", "c/nos", "carton no", "carton nos", "ctn no", "shipping marks",
               "marks and nos"),
    # A trader's own item code ("Mã hàng HH2410"), not the HS code.
    "_item_code": ("ma hang", "item code", "product code", "sku", "ma vat tu", "ma sp",
                   "article no", "part no"),
    # Weights of one carton, beside the lines' total weights on a packing list.
    "_unit_weight": (
        "n.w./ctn", "g.w./ctn", "nw/ctn", "gw/ctn", "n.w/ctn", "g.w/ctn", "n.w. per ctn",
        "g.w. per ctn", "weight per carton", "net weight per carton",
        "gross weight per carton", "kg/ctn", "kgs/ctn",
    ),
    # A warehouse note's other quantity column beside the one issued ("Thực nhập",
    # "Yêu cầu"): a number that is not the goods' quantity.
    "_other_quantity": ("thuc nhap", "yeu cau", "so luong yeu cau"),
    "_measurement": ("measurement", "cbm", "the tich", "m3", "volume"),
}

COLUMN_PHRASES = Phrases(COLUMN_LABELS, fuzzy=True, lone_fuzzy=5)
"""A lone column label is matched one letter off only from five letters: "tiền" read alone is
one letter from "kiện", and a column of money taken for one of packages is worse than an
unknown label, which the column's content then places."""

NUMERIC_FIELDS = ("quantity", "gross_weight_kg", "value")
"""The manifest's numeric line fields."""

_WEIGHT_SCALES: Mapping[str, Decimal] = {
    "kg": Decimal(1), "kgs": Decimal(1), "kgm": Decimal(1), "kilogram": Decimal(1),
    "tan": Decimal(1000), "mt": Decimal(1000), "tons": Decimal(1000), "ton": Decimal(1000),
    "tonne": Decimal(1000), "tonnes": Decimal(1000), "t": Decimal(1000), "tne": Decimal(1000),
    "g": Decimal("0.001"), "gram": Decimal("0.001"), "gr": Decimal("0.001"),
}
_BRACKETS = re.compile(r"[(\[]([^)\]]*)[)\]]?")


def is_bracketed(text: str) -> bool:
    """Whether a header word is a bracketed unit ("(kg)", "[USD]", "(đồng)").

    A bracketed label ("(Quantity)" under "Lượng" on a bilingual form) is no
    unit: it is read as a label like any other.
    """
    if not (text.startswith(("(", "[")) and text.endswith((")", "]"))):
        return False
    inside = fold(text[1:-1]).strip(" .,:;")
    return not inside or inside in _WEIGHT_SCALES or read_currency(inside).value is not None


def stacked_labels(texts: Sequence[str]) -> list[str]:
    """The labels in one column's header words, read top to bottom ("Commodity" / "code")."""
    kept = [text for text in texts if not is_bracketed(text)]
    marked = [MARKED_LABELS[_marked(text)] for text in kept if _marked(text) in MARKED_LABELS]
    tokens = [token(text) for text in kept if _marked(text) not in MARKED_LABELS]
    return marked + [name for name, _, _ in COLUMN_PHRASES.find([t for t in tokens if t])]


MARKED_LABELS: Mapping[str, str] = {"tịnh": "_net_weight"}
"""Labels told from another only by their tone marks: "Tịnh" (net, under "Khối lượng")
folds to the "tính" of "Đơn vị tính"."""

SPECK_CONFIDENCE = 0.5
"""A letter or two read with less confidence than this, inside a header, is likely a speck."""


def _marked(text: str) -> str:
    """A word as ``MARKED_LABELS`` are matched: lower case, tone marks kept, edge marks off."""
    return unicodedata.normalize("NFC", text).lower().strip(" .:;,()[]/|")


def _is_speck(word: OcrWord) -> bool:
    """A stray mark read between a label's words ("Số Z lượng" on a photo of a ruled header)."""
    return len(word.text) <= 2 and word.confidence < SPECK_CONFIDENCE and not any(
        c.isdigit() for c in word.text)


def header_phrases(row: LayoutRow) -> list[tuple[str | None, list[OcrWord]]]:
    """A header row's words grouped as labels: (field, its words), (None, [word]) for the rest.

    A word in brackets ("(kg)") is a unit under a label; on a tilted photo it
    can land inside the label above it ("Trọng (kg) lượng"), so it is left out
    of the matching and stands alone.
    """
    words = [w for _, w in row.words if not is_bracketed(w.text) and not _is_speck(w)]
    marked = [(MARKED_LABELS[_marked(w.text)], [w]) for w in words
              if _marked(w.text) in MARKED_LABELS]
    words = [w for w in words if _marked(w.text) not in MARKED_LABELS]
    found = COLUMN_PHRASES.find([token(w.text) for w in words])
    used = {id(w) for _, start, end in found for w in words[start:end]}
    used |= {id(w) for _, group in marked for w in group}
    groups: list[tuple[str | None, list[OcrWord]]] = [
        (name, words[start:end]) for name, start, end in found]
    groups += [(name, group) for name, group in marked]
    groups += [(None, [w]) for _, w in row.words if id(w) not in used]
    return groups


def header_labels(row: LayoutRow) -> list[tuple[str, int, int]]:
    """The column labels on a header row, as (field, left, right)."""
    return [(name, words[0].left, words[-1].right)
            for name, words in header_phrases(row) if name is not None]


def bracket_units(texts: Sequence[str]) -> tuple[Decimal | None, str]:
    """The weight scale to kilograms and the currency a column's header words name.

    "T.lượng (kg)" gives (1, ""), "(tấn)" or "(MT)" (1000, ""), "(g)" (0.001, ""),
    "Trị giá (USD)" (None, "USD"). Only what is in brackets counts.
    """
    scale: Decimal | None = None
    currency = ""
    for match in _BRACKETS.finditer(" ".join(texts)):
        inside = fold(match[1]).strip(" .,:;")
        if inside in _WEIGHT_SCALES:
            scale = _WEIGHT_SCALES[inside]
            continue
        currency = read_currency(inside).value or currency
    return scale, currency
