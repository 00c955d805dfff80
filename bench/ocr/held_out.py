"""The held-out layout families of the OCR benchmark (round 5): pages the reader is never tuned on.

    python bench/ocr/held_out.py --out DIR [--pages 48] [--seed S]

The headline figure of ``bench/ocr/run.py`` is leave-family-out: accuracy on
these families. They were committed before the reader changed again, by
someone who does not change the reader, and their design is written down
only here: nobody changing the reader opens this file, renders its pages or
lists their errors (``run.py`` lists them only for ``--families held-out
--errors``). A family whose errors have been studied becomes a tuning family
(``studied.py``, ``studied_r3.py`` and ``studied_r4.py`` hold the previous
rounds') and a fresh one takes its place.

Families (each differs from the twenty-three of ``corpus.py``, ``studied.py``,
``studied_r3.py`` and ``studied_r4.py`` in its header labels, column headers,
column order, ruling, fonts, number print, where the header fields sit, how
totals look, goods, traders and plates):

- ``cn_bilingual_invoice``: a Guangxi / Yunnan exporter's "商业发票
  COMMERCIAL INVOICE", Chinese over English in every label and column header
  (Droid Sans Fallback for the Chinese, Nimbus Sans, a Helvetica, for the
  Latin; only Latin fields are scored, and the Chinese is left out of the
  page's text for the CER). Letterhead in Chinese and English; the header
  fields in a ruled two-column box, "卖方 Vendor" and "买方 Purchaser" on
  the left with their addresses, "发票号 Inv. Ref.", "开票日期 Invoicing
  Date" = "Mar. 14, 2026", "车牌号 Truck Licence", "集装箱号 Container
  Code", "封号 Seal Code" on the right. A thin full grid in a heavy frame,
  a Chinese goods-name column before the English one, long English
  descriptions with their specification wrapping over two or three lines,
  unit prices with four decimals, the currency only in the price and amount
  headers, the weight after the amount, the origin last as "CHINA"; units
  such as ROLLS, METERS, PAIRS, KGS. A "合计 TOTAL" row of amount and weight
  only, the amount in words under the grid, a round company chop over the
  signature.
- ``vn_declaration_print``: a Vietnamese customs broker's print of an
  import declaration as the customs system lays it out ("TỜ KHAI HÀNG HÓA
  NHẬP KHẨU (THÔNG QUAN)") in Liberation Sans, labels regular and values
  bold with no colons; "Số tờ khai" (12 digits), "Ngày đăng ký" with the
  time, the importer and exporter as sections of "Mã / Tên / Địa chỉ"
  lines, "Tên phương tiện vận chuyển", "Ký hiệu và số hiệu container",
  "Số chì niêm phong"; the document's totals (invoice value, gross weight,
  packages) in the header, above the goods; sections parted by thin rules
  only. The goods are not a table but one numbered block per item ("<01>"),
  two columns of label/value pairs: "Mã số hàng hóa" (8 digits), "Tên hàng,
  quy cách phẩm chất", "Số lượng (1)" with the customs unit code (THUNG,
  BAO, CHIEC, BO, DOI, CUON, KG, M3, TAN, CAN), "Đơn giá hóa đơn",
  "Trị giá hóa đơn", "Mã đồng tiền của giá hóa đơn", "Khối lượng cả bì
  (kg)", "Nước xuất xứ" as "TH - THAILAND"; Vietnamese number convention.
- ``road_consignment_note``: a Savannakhet forwarder's CMR-style
  international consignment note: a preprinted form of numbered boxes with
  small labels in Nimbus Sans Narrow ("1 Sender (name, address, country)",
  "2 Consignee ...", "4 Place and date of taking over the goods", "16
  Carrier", "21 Established in ... on ..."), the values typed in Nimbus Mono
  (a Courier), slightly off the line as a typewriter or dot-matrix printer
  leaves them, upper case. The document number at the top right
  ("Consignment note No."), the document date in box 21 at the foot of the
  page; "Registration number of tractor" with the trailer's beside it,
  "Container / swap body No.", "Customs seal(s)". The goods box has column
  rules and no row rules: "6 Marks and Nos", "7 Number of packages", "8
  Method of packing" (cartons, bags, pallets ... in words), "9 Nature of
  the goods", "10 Statistical number", "Origin of goods" as ISO alpha-3
  (LAO, THA), "11 Gross weight kg" with one decimal, "12 Volume m3",
  "Value for customs" as "USD 12 500.00"; numbers grouped by spaces with a
  decimal point; a typed TOTAL line.
- ``consolidator_spreadsheet``: a Thai consolidator's load list printed
  from a spreadsheet on a landscape page in Nimbus Sans Narrow (an Arial
  Narrow), with the spreadsheet's grey gridlines round every cell, its
  column letters and row numbers printed, a file-name header and a "Page 1
  of 1" footer. The header fields are label cells and value cells in the
  first rows ("Consolidator", "Final consignee", "Load list #", "Loading
  date" = "Sat 14 Mar 2026", "Truck head", "Box number", "Seal
  (carrier)"); the goods of several suppliers, each line with its supplier
  invoice and its own currency (THB, USD, some CNY): "Seq / Supplier
  invoice / Item description / Commodity HS / Ctry of origin / Qty shipped
  / Unit of measure / Price/unit / Currency code / Line amount / Gross mass
  (kg) / Measurement (m3)"; numbers as a spreadsheet's General format
  prints them (no grouping, trailing zeros dropped) except the amounts
  (#,##0.00); subtotals per currency and a total weight at the foot.

Each page's truth is its manifest JSON, as ``corpus.py`` writes it. Pages
come in pairs (a clean 300 dpi scan, then ``corpus.photograph`` of it) and
the families take turns, so any even number of pages covers them evenly.
The seed is this module's own, never another module's.
"""

from __future__ import annotations

import importlib.util
import math
import random
import sys
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

from PIL import Image, ImageDraw

from borderdesk.domain.manifest import Manifest, ManifestLine


def _load(name: str) -> ModuleType:
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


kit = _load("page_kit")
corpus = kit.corpus
PAGE: tuple[int, int] = kit.PAGE
MARGIN: int = kit.MARGIN
DPI: int = kit.DPI
Sheet = kit.Sheet
Col = kit.Col
LIBERATION, DEJAVU = kit.LIBERATION, kit.DEJAVU
URW = Path("/usr/share/fonts/opentype/urw-base35")
DROID = Path("/usr/share/fonts/truetype/droid")
_ink, _cell, _face, _path, _width, _sum, _words = (
    kit.ink, kit.cell, kit.face, kit.font_path, kit.width, kit.total, kit.words)

SEED = 74190563
"""None of the other generators' seeds: these pages share no draws with them."""
FAMILIES = ("cn_bilingual_invoice", "vn_declaration_print", "road_consignment_note",
            "consolidator_spreadsheet")
PAIRS = 6
"""Clean pages (each with its photograph) of each family by default."""

# family -> (hs, description, unit, kg per unit, USD per unit[, Chinese name, specification])
GOODS: dict[str, tuple[tuple[str, ...], ...]] = {
    "cn_bilingual_invoice": (
        ("731210", "Galvanized steel wire rope", "ROL", "310", "420.00", "镀锌钢丝绳",
         "6x19+FC, dia. 12 mm, 500 m per reel"),
        ("391723", "PVC pressure pipe", "PCE", "16.8", "9.60", "塑料给水管",
         "DN110 x 5.3 mm, PN10, 6 m length, grey"),
        ("691010", "Ceramic wash basin", "PCE", "14.5", "11.20", "陶瓷洗手盆",
         "counter-top type, white glaze, with overflow hole, 1 pc per carton"),
        ("940542", "LED street light", "SET", "7.9", "46.00", "节能路灯",
         "150 W, IP66, 5700 K, die-cast aluminium housing"),
        ("760410", "Aluminium extrusion profile", "KGM", "1.0", "3.45", "铝型材",
         "6063-T5, anodized silver, 5.8 m bars"),
        ("843149", "Excavator bucket teeth", "PCE", "9.2", "13.50", "挖掘机斗齿",
         "forged alloy steel, for 20 t class machines"),
        ("540233", "Polyester textured yarn", "KGM", "1.0", "1.38", "涤纶低弹丝",
         "DTY 150D/48F, raw white, on paper cones"),
        ("701090", "Glass beverage bottles", "CTN", "6.4", "3.10", "玻璃饮料瓶",
         "330 ml, amber, crown finish, 24 pcs per carton"),
        ("854449", "Copper electric cable", "MTR", "0.16", "1.05", "铜芯电缆",
         "3 x 2.5 mm2, PVC insulated, 450/750 V"),
        ("640299", "Rubber rain boots", "PR", "1.35", "3.20", "橡胶雨靴",
         "men's, knee high, sizes 39-44, black"),
        ("841370", "Centrifugal water pump", "SET", "24.0", "58.00", "离心水泵",
         "1.5 kW, 220 V, cast iron body"),
        ("080521", "Fresh mandarin oranges", "CTN", "10.8", "9.00", "新鲜砂糖橘",
         "grade A, 10 kg net per carton"),
        ("070610", "Fresh carrots", "BAG", "10.3", "3.40", "新鲜胡萝卜",
         "washed, 10 kg net per mesh bag"),
    ),
    "vn_declaration_print": (
        ("44079990", "Gỗ keo xẻ đã sấy, dày 25 mm", "MTQ", "650", "210.00"),
        ("08039010", "Chuối tiêu tươi, đóng thùng carton 13 kg", "CTN", "13.4", "7.80"),
        ("08071100", "Dưa hấu quả tươi", "KGM", "1.0", "0.28"),
        ("11010011", "Bột mì dùng làm bánh", "BAG", "25.2", "11.50"),
        ("15079090", "Dầu đậu nành tinh luyện, can 20 lít", "TIN", "18.6", "26.00"),
        ("31042000", "Phân kali clorua dạng hạt", "TNE", "1000", "285.00"),
        ("72104912", "Tôn thép mạ kẽm dạng cuộn", "ROL", "4200", "3900.00"),
        ("64041190", "Giày thể thao đế cao su", "PR", "0.9", "6.50"),
        ("84182100", "Tủ lạnh gia dụng hai cửa", "PCE", "58.0", "180.00"),
        ("84137042", "Máy bơm nước ly tâm", "SET", "22.0", "64.00"),
        ("22021090", "Nước giải khát có ga, lon 330 ml", "CTN", "8.9", "6.20"),
    ),
    "road_consignment_note": (
        ("090111", "GREEN COFFEE BEANS, ROBUSTA GRADE 2", "BAG", "60.4", "215.00"),
        ("080390", "FRESH CAVENDISH BANANAS", "CTN", "13.2", "8.40"),
        ("220300", "BEER IN CANS 330 ML", "CTN", "8.7", "11.00"),
        ("310420", "MURIATE OF POTASH FERTILISER", "BAG", "50.2", "17.50"),
        ("740311", "COPPER CATHODES", "PAL", "1020", "8900.00"),
        ("680911", "GYPSUM PLASTERBOARD 9 MM", "PAL", "980", "310.00"),
        ("940383", "RATTAN GARDEN FURNITURE", "SET", "21.0", "95.00"),
        ("440290", "HARDWOOD CHARCOAL", "BAG", "20.3", "6.80"),
        ("120740", "SESAME SEEDS, HULLED", "BAG", "50.2", "95.00"),
        ("090230", "BLACK TEA, WHOLE LEAF", "CTN", "20.5", "48.00"),
        ("170114", "RAW CANE SUGAR", "BAG", "50.1", "23.00"),
    ),
    "consolidator_spreadsheet": (
        ("330499", "Facial cream, 50 ml jars", "CTN", "7.2", "96.00"),
        ("340111", "Toilet soap bars 90 g", "CTN", "9.6", "21.00"),
        ("190531", "Sweet biscuits, assorted tins", "CTN", "5.4", "14.50"),
        ("200819", "Coated roasted peanuts", "CTN", "8.2", "19.00"),
        ("210111", "Instant coffee mix 3-in-1", "CTN", "11.1", "33.00"),
        ("392321", "Polyethylene carrier bags", "BAG", "20.4", "26.00"),
        ("401120", "Truck tyres 11R22.5", "PCE", "54.0", "165.00"),
        ("732393", "Stainless steel cookware sets", "SET", "6.3", "27.00"),
        ("851660", "Electric rice cookers 1.8 L", "PCE", "3.4", "18.50"),
        ("848180", "Brass water taps", "BOX", "4.8", "40.00"),
        ("220299", "Bottled green tea drink 500 ml", "CTN", "12.8", "9.90"),
        ("630260", "Cotton terry bath towels", "DZN", "4.1", "30.00"),
    ),
}
UNITS = {  # code -> (Chinese invoice, customs unit code, consignment note, spreadsheet)
    "ROL": ("ROLLS", "CUON", "rolls", "roll"), "PCE": ("PCS", "CHIEC", "pieces", "pc"),
    "SET": ("SETS", "BO", "sets", "set"), "KGM": ("KGS", "KG", "kilograms", "kg"),
    "CTN": ("CTNS", "THUNG", "cartons", "ctn"), "MTR": ("METERS", "MET", "metres", "m"),
    "PR": ("PAIRS", "DOI", "pairs", "pr"), "BAG": ("BAGS", "BAO", "bags", "bag"),
    "MTQ": ("CBM", "M3", "cubic metres", "m3"), "TIN": ("CANS", "CAN", "cans", "can"),
    "TNE": ("TONS", "TAN", "tonnes", "t"), "PAL": ("PALLETS", "PAL", "pallets", "plt"),
    "BOX": ("BOXES", "HOP", "boxes", "box"), "DZN": ("DOZ", "TA", "dozens", "doz"),
}
NAMES = {  # code -> (Chinese invoice, customs print, alpha-3, spreadsheet)
    "CN": ("CHINA", "CN - CHINA", "CHN", "China"), "TH": ("THAILAND", "TH - THAILAND", "THA",
                                                          "Thailand"),
    "LA": ("LAOS", "LA - LAO PDR", "LAO", "Laos"), "VN": ("VIETNAM", "VN - VIET NAM", "VNM",
                                                          "Vietnam"),
    "MY": ("MALAYSIA", "MY - MALAYSIA", "MYS", "Malaysia"), "KR": ("KOREA", "KR - KOREA",
                                                                "KOR", "Korea"),
    "JP": ("JAPAN", "JP - JAPAN", "JPN", "Japan"), "ID": ("INDONESIA", "ID - INDONESIA", "IDN",
                                                          "Indonesia"),
}
CN_EXPORTERS = (  # (English, Chinese, address)
    ("Pingxiang Hengda Import & Export Trading Co., Ltd", "凭祥市恒达进出口贸易有限公司",
     "No. 18 Beihuan Road, Pingxiang, Guangxi, China"),
    ("Hekou Lianfa Border Trade Co., Ltd", "河口联发边境贸易有限公司",
     "Building 3, Binhe Road, Hekou, Yunnan, China"),
    ("Guangxi Longbang Supply Chain Co., Ltd", "广西龙邦供应链有限公司",
     "Longbang Port Zone, Jingxi, Guangxi, China"),
    ("Kunming Dianyue Industrial Co., Ltd", "昆明滇越实业有限公司",
     "Room 1203, Jinbi Road 88, Kunming, Yunnan, China"),
)
VN_BUYERS = (
    ("Lao Cai Northern Materials Trading Co., Ltd", "Kim Thanh Trade Zone, Lao Cai, Viet Nam"),
    ("Ha Giang Thanh Thuy Import Export JSC", "Thanh Thuy Border Gate, Vi Xuyen, Ha Giang"),
    ("Cao Bang Tra Linh Commerce Co., Ltd", "Km 3 Route 3, Cao Bang City, Viet Nam"),
    ("Hanoi Red River Equipment Supply JSC", "25 Nguyen Van Cu, Long Bien, Ha Noi, Viet Nam"),
)
VN_IMPORTERS = (  # (name, tax code, address)
    ("Công ty TNHH Thương mại Tổng hợp Hòa Bình Xanh", "0108734521",
     "Số 12 ngõ 56 Nguyễn Khánh Toàn, Cầu Giấy, Hà Nội"),
    ("Công ty Cổ phần Xuất nhập khẩu Kinh Bắc Phát", "2300987612",
     "Lô C7 KCN Quế Võ, Bắc Ninh"),
    ("Công ty TNHH Nông sản Thực phẩm Tây Bắc", "5600234178",
     "Tổ 5 phường Him Lam, TP. Điện Biên Phủ, Điện Biên"),
    ("Công ty Cổ phần Vật tư Xây dựng Thanh Xuân", "0106345890",
     "Số 88 Khuất Duy Tiến, Thanh Xuân, Hà Nội"),
)
FOREIGN_EXPORTERS = (  # (name, address, country)
    ("Udon Agro Fresh Export Co., Ltd", "88 Moo 5, Udon Thani 41000", "TH"),
    ("Luang Prabang Mekong Trading Sole Co., Ltd", "Ban Phonheuang, Luang Prabang", "LA"),
    ("Yunnan Xinghe Commerce Co., Ltd", "No. 6 Chuncheng Road, Kunming", "CN"),
    ("Korat Daily Goods Export Co., Ltd", "199 Mittraphap Road, Nakhon Ratchasima 30000", "TH"),
)
LA_SENDERS = (  # (name, address)
    ("Savan Highland Coffee Export Sole Co., Ltd", "Ban Naxeng, Kaysone Phomvihane, "
     "Savannakhet, LAO PDR"),
    ("Seno Logistics & Trading Co., Ltd", "Savan-Seno SEZ Site C, Savannakhet, LAO PDR"),
    ("Champasak Bolaven Produce Co., Ltd", "Route 13 South Km 21, Pakse, Champasak, LAO PDR"),
    ("Khammouane Mineral Resources Sole Co., Ltd", "Ban Nongbok, Thakhek, Khammouane, LAO PDR"),
)
VN_CONSIGNEES = (  # (English name, address)
    ("Quang Tri Lao Bao Commercial JSC", "Lao Bao Special Economic Zone, Quang Tri, VIET NAM"),
    ("Da Nang Central Coffee Roasters Co., Ltd", "15 Tran Cao Van, Thanh Khe, Da Nang, "
     "VIET NAM"),
    ("Hue Imperial Food Distribution JSC", "102 Nguyen Hue, Hue City, VIET NAM"),
    ("Quang Nam Building Materials Trading Co., Ltd", "Tam Thang IZ, Tam Ky, Quang Nam, "
     "VIET NAM"),
)
TH_CONSOLIDATORS = (
    "Siam Cross-Border Consolidation Co., Ltd", "Nakhon Phanom R12 Logistics Co., Ltd",
    "Eastern Seaboard Road Freight Co., Ltd", "Ubon Gateway Consolidators Co., Ltd",
)
VN_FINAL = (
    "Saigon Happy Mart Distribution Co., Ltd", "Dong Nai Consumer Goods JSC",
    "Binh Thanh Import Trading Co., Ltd", "Vung Tau Seaside Retail JSC",
)
SUPPLIERS = ("CPK", "SNB", "MTR", "OSP", "THF", "KNG")
MONTHS = ("Jan.", "Feb.", "Mar.", "Apr.", "May", "Jun.", "Jul.", "Aug.", "Sep.", "Oct.", "Nov.",
          "Dec.")
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
RATES = {"USD": Decimal(1), "CNY": Decimal("7.2"), "THB": Decimal("35.5")}


def _plate(rng: random.Random, provinces: tuple[int, ...]) -> str:
    """A Vietnamese truck plate of provinces no other family uses."""
    province = rng.choice(provinces)
    if rng.random() < 0.15:
        return f"{province}C-{rng.randrange(1000, 9999)}"
    return f"{province}C-{rng.randrange(100, 999)}.{rng.randrange(10, 99)}"


def _truth(rng: random.Random, family: str, count: int) -> Manifest:
    invoice, declaration, note, spreadsheet = (family == f for f in FAMILIES)
    d = date(2026, 1, 4) + timedelta(days=rng.randrange(340))
    currency = (rng.choice(("USD", "USD", "CNY")) if invoice
                else rng.choice(("USD", "THB", "CNY")) if declaration else "USD")
    goods = GOODS[family]
    lines = []
    for k in range(count):
        item = rng.choice(goods)
        hs, description, unit, kg, usd = item[:5]
        if invoice:
            description = f"{description}, {item[6]}"
        if invoice and rng.random() < 0.4:
            hs += rng.choice(("00", "10", "90"))
        # one truck's load: about 24 t for the whole document
        most = max(2, int(Decimal(24000) / count / Decimal(kg)))
        quantity = Decimal(rng.choice((rng.randrange(1, min(most, 90) + 1),
                                       rng.randrange(1, most + 1))))
        if unit == "MTQ":
            quantity = (Decimal(rng.randrange(300, 3000)) / 100).quantize(Decimal("0.01"))
            quantity = min(quantity, Decimal(most) + Decimal("0.5"))
        line_currency = (rng.choice(("THB", "THB", "USD", "CNY")) if spreadsheet
                         else currency)
        weight = (quantity * Decimal(kg) * Decimal(rng.uniform(1.01, 1.05))).quantize(
            Decimal("0.1") if note or spreadsheet else Decimal("0.01"))
        value = (quantity * Decimal(usd) * RATES[line_currency]).quantize(Decimal("0.01"))
        origins = (("CN", "CN", "CN", "CN", "MY") if invoice
                   else ("TH", "TH", "LA", "CN", "KR") if declaration
                   else ("LA", "LA", "LA", "TH") if note else ("TH", "TH", "TH", "MY", "JP",
                                                               "ID"))
        lines.append(ManifestLine(
            line_no=k + 1, description=description, hs_code=hs, quantity=quantity, unit=unit,
            gross_weight_kg=weight, value=value, currency=line_currency,
            origin_country=rng.choice(origins)))
    number = (f"{rng.choice(('HD', 'LF', 'LB', 'DY'))}{d:%Y%m%d}-{rng.randrange(1, 40):02d}"
              if invoice else f"10{rng.randrange(10**9, 10**10)}" if declaration
              else f"SVK/RC/{d.year}/{rng.randrange(1, 99999):05d}" if note
              else f"LL-{d:%y%m%d}-{rng.randrange(1, 99):02d}")
    consignor, consignee = (
        (rng.choice(CN_EXPORTERS)[0], rng.choice(VN_BUYERS)[0]) if invoice
        else (rng.choice(FOREIGN_EXPORTERS)[0], rng.choice(VN_IMPORTERS)[0]) if declaration
        else (rng.choice(LA_SENDERS)[0].upper(), rng.choice(VN_CONSIGNEES)[0].upper()) if note
        else (rng.choice(TH_CONSOLIDATORS), rng.choice(VN_FINAL)))
    provinces = ((23, 25, 21) if invoice else (30, 99, 88) if declaration else (92, 76, 77)
                 if note else (60, 72, 63))
    seal = (f"ZX{rng.randrange(10**5, 10**6)}" if invoice
            else f"NP{rng.randrange(10**6, 10**7)}" if declaration
            else f"{rng.randrange(10**5, 10**6)}-LA" if note
            else f"ML-TH{rng.randrange(10**6, 10**7)}")
    return Manifest(
        document_no=number, date=d, consignor=consignor, consignee=consignee,
        vehicle_plate=_plate(rng, provinces), container_no=corpus._container(rng), seal_no=seal,
        lines=tuple(lines))


def _han(sheet: Any, x: int, y: int, text: str, font: Any, fill: int = 20) -> None:
    """Chinese text: drawn, but not part of the page's text (vie+eng reads no Chinese)."""
    sheet.page.draw.text((x, y), text, font=font, fill=fill)


def _spaced(value: Decimal, decimals: int) -> str:
    """Thousands grouped by spaces, a decimal point: "12 500.00"."""
    return kit.en(value, decimals).replace(",", " ")


def _general(value: Decimal) -> str:
    """A spreadsheet's General format: no grouping, no trailing zeros ("12.5", "1200")."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


# ---- cn_bilingual_invoice

def _cn_bilingual_invoice(truth: Manifest, rng: random.Random) -> tuple[Any, int]:
    size = rng.choice((25, 26))
    sheet = Sheet(_path(URW, "NimbusSans-Regular.otf", "DejaVuSans.ttf"), size)
    bold = _face(_path(URW, "NimbusSans-Bold.otf", "DejaVuSans-Bold.ttf"), size)
    big = _face(_path(URW, "NimbusSans-Bold.otf", "DejaVuSans-Bold.ttf"), size + 14)
    han_path = _path(DROID, "DroidSansFallbackFull.ttf", "DejaVuSans.ttf")
    han, han_big = _face(han_path, size), _face(han_path, size + 22)
    p = sheet.pitch
    left, right = MARGIN, PAGE[0] - MARGIN
    y = MARGIN
    english, chinese, address = next(e for e in CN_EXPORTERS if e[0] == truth.consignor)
    _han(sheet, (PAGE[0] - _width(sheet, chinese, han_big)) // 2, y, chinese, han_big)
    y += p + 30
    _ink(sheet, (PAGE[0] - _width(sheet, english.upper(), bold)) // 2, y, english.upper(), bold)
    y += p
    line = f"Add: {address}   Tel: +86 {rng.randrange(771, 888)} {rng.randrange(10**7, 10**8)}"
    sheet.centred(y, line)
    y += p + 20
    title_han, title = "商业发票", "COMMERCIAL INVOICE"
    _han(sheet, (PAGE[0] - _width(sheet, title_han, han_big)) // 2, y, title_han, han_big)
    y += p + 30
    _ink(sheet, (PAGE[0] - _width(sheet, title, big)) // 2, y, title, big)
    y += p + 24
    sheet.page.draw.line((left + 600, y, right - 600, y), fill=30, width=3)
    sheet.page.draw.line((left + 600, y + 8, right - 600, y + 8), fill=30, width=3)
    y += 40
    assert truth.date is not None
    d = truth.date
    buyer_address = next(a for n, a in VN_BUYERS if n == truth.consignee)
    mid = left + (right - left) * 11 // 20
    top = y

    def label(x: int, y: int, zh: str, en: str) -> int:
        _han(sheet, x, y, zh, han)
        _ink(sheet, x + _width(sheet, zh, han) + 12, y, en, bold)
        return x + _width(sheet, zh, han) + _width(sheet, en, bold) + 30

    for zh, en, name, where in (("卖方", "Vendor:", truth.consignor, address),
                                ("买方", "Purchaser:", truth.consignee, buyer_address)):
        label(left + 16, y + 12, zh, en)
        y += p + 12
        for part in [*sheet.wrap(name, mid - left - 40), *sheet.wrap(where, mid - left - 40)]:
            sheet.text(left + 16, y + 6, part)
            y += p
        y += 20
        sheet.page.draw.line((left, y, mid, y), fill=40, width=2)
    y_left, y = y, top
    fields = (("发票号", "Inv. Ref.:", truth.document_no),
              ("开票日期", "Invoicing Date:", f"{MONTHS[d.month - 1]} {d.day}, {d.year}"),
              ("合同号", "Contract No.:", f"{truth.document_no[:2]}-HT{rng.randrange(100, 999)}"),
              ("车牌号", "Truck Licence:", truth.vehicle_plate),
              ("集装箱号", "Container Code:", truth.container_no or ""),
              ("封号", "Seal Code:", truth.seal_no or ""),
              ("贸易条款", "Trade Terms:", rng.choice(("DAP Hekou", "DAP Pingxiang",
                                                      "FCA Longbang"))))
    step = max(p + 14, (y_left - top) // len(fields))
    for zh, en, value in fields:
        after = label(mid + 16, y + 8, zh, en)
        sheet.text(max(after, mid + 420), y + 8, value)
        y += step
    y = max(y, y_left)
    sheet.page.draw.rectangle((left, top, right, y), outline=30, width=3)
    sheet.page.draw.line((mid, top, mid, y), fill=40, width=2)
    y += p
    currency = truth.lines[0].currency or ""
    cols = [
        Col("line_no", ("序号", "S/N"), 70, "center"),
        Col("_han", ("中文品名", "Chinese Name"), 210),
        Col("description", ("英文品名及规格", "Description & Specification"), 480),
        Col("hs_code", ("海关编码", "HS Code No."), 180, "center"),
        Col("quantity", ("数量", "Shipped Qty"), 160, "right"),
        Col("unit", ("单位", "Packing Unit"), 160, "center"),
        Col("_price", ("单价", f"U/Price ({currency})"), 180, "right"),
        Col("value", ("金额", f"Total Amount ({currency})"), 250, "right"),
        Col("gross_weight_kg", ("毛重", "Gross Weight (KGS)"), 240, "right"),
        Col("origin_country", ("原产地", "Place of Origin"), 190, "center"),
    ]
    xs = sheet.xs(cols)
    table_top = y
    for k, col in enumerate(cols):
        zh, en = col.header
        centre = (xs[k] + xs[k + 1]) // 2
        _han(sheet, centre - _width(sheet, zh, han) // 2, y + 10, zh, han)
        for j, part in enumerate(sheet.wrap(en, xs[k + 1] - xs[k] - 16)):
            _ink(sheet, centre - _width(sheet, part, bold) // 2, y + 10 + (j + 1) * p, part,
                 bold)
    y += 3 * p + 20
    rows = [y]
    for line, (_hs, _en, _unit, _kg, _usd, name_han, _spec) in zip(
            truth.lines, _kept(truth, "cn_bilingual_invoice"), strict=True):
        quantity = line.quantity or Decimal(1)
        value = line.value or Decimal(0)
        cells = {
            "line_no": [str(line.line_no)],
            "description": sheet.wrap(line.description, xs[3] - xs[2] - 28),
            "hs_code": [line.hs_code],
            "quantity": [kit.en(quantity, 0)],
            "unit": [UNITS[line.unit][0]],
            "_price": [kit.en((value / quantity).quantize(Decimal("0.0001")), 4)],
            "value": [kit.en(value, 2)],
            "gross_weight_kg": [kit.en(line.gross_weight_kg or Decimal(0), 2)],
            "origin_country": [NAMES[line.origin_country or "CN"][0]],
        }
        _han(sheet, xs[1] + 14, y + 10, name_han, han)
        y = sheet.row(cols, xs, y + 10, cells) + 10
        rows.append(y)
    _han(sheet, xs[1] + 14, y + 10, "合计", han)
    _ink(sheet, xs[2] + 14, y + 10, "TOTAL", bold)
    for key, text in (("value", kit.en(_sum(truth.lines, "value"), 2)),
                      ("gross_weight_kg", kit.en(_sum(truth.lines, "gross_weight_kg"), 2))):
        k = [c.key for c in cols].index(key)
        _cell(sheet, xs[k], y + 10, xs[k + 1] - xs[k], text, "right", bold)
    y += p + 20
    rows.append(y)
    for at in rows:
        sheet.page.draw.line((left, at, right, at), fill=60, width=1)
    for x in xs[1:-1]:
        sheet.page.draw.line((x, table_top, x, y), fill=60, width=1)
    sheet.page.draw.rectangle((left, table_top, right, y), outline=20, width=5)
    y += p
    total = _sum(truth.lines, "value")
    money = {"USD": "U.S. DOLLARS", "CNY": "CHINESE YUAN RENMINBI"}[currency]
    cents = int((total * 100) % 100)
    said = (f"SAY TOTAL: {money} {_words(int(total))}"
            + (f" AND CENTS {_words(cents)}" if cents else "") + " ONLY.")
    _han(sheet, left, y, "大写金额", han)
    for part in sheet.wrap(said, right - left - 160):
        sheet.text(left + 160, y, part)
        y += p
    y += p
    bank = rng.choice(("Bank of China", "ICBC", "China Construction Bank"))
    sheet.text(left, y, f"Beneficiary bank: {bank}, A/C {rng.randrange(10**15, 10**16)}")
    y += 3 * p
    x = right - 720
    _han(sheet, x, y, "授权签字", han)
    _ink(sheet, x + 140, y, "Authorized Signature", bold)
    chop = (x + 300, y - 60)
    sheet.page.draw.ellipse((chop[0] - 160, chop[1] - 160, chop[0] + 160, chop[1] + 160),
                            outline=140, width=7)
    points = [(chop[0] + (52 if k % 2 == 0 else 21) * math.sin(k * math.pi / 5),
               chop[1] - 30 - (52 if k % 2 == 0 else 21) * math.cos(k * math.pi / 5))
              for k in range(10)]
    sheet.page.draw.polygon(points, fill=140)
    _han(sheet, chop[0] - 120, chop[1] + 50, "合同专用章", han, 140)
    return sheet, y + p + 140


def _kept(truth: Manifest, family: str) -> list[tuple[str, ...]]:
    """The goods entries the truth's lines were drawn from (by HS heading and description)."""
    found = []
    for line in truth.lines:
        for item in GOODS[family]:
            if line.description.startswith(item[1]) and line.hs_code.startswith(item[0]):
                found.append(item)
                break
    return found


# ---- vn_declaration_print

def _vn_declaration_print(truth: Manifest, rng: random.Random) -> tuple[Any, int]:
    size = rng.choice((24, 25))
    sheet = Sheet(_path(LIBERATION, "LiberationSans-Regular.ttf", "DejaVuSans.ttf"), size)
    bold = _face(_path(LIBERATION, "LiberationSans-Bold.ttf", "DejaVuSans-Bold.ttf"), size)
    big = _face(_path(LIBERATION, "LiberationSans-Bold.ttf", "DejaVuSans-Bold.ttf"), size + 10)
    small = _face(_path(LIBERATION, "LiberationSans-Italic.ttf", "DejaVuSans.ttf"), size - 4)
    p = sheet.pitch
    left, right = MARGIN, PAGE[0] - MARGIN
    y = MARGIN
    assert truth.date is not None
    d = truth.date
    broker = rng.choice(("Công ty TNHH Dịch vụ Hải quan Nam Việt",
                         "Công ty Cổ phần Đại lý Thủ tục Hải quan Thăng Long"))
    _ink(sheet, left, y, f"Đại lý làm thủ tục hải quan: {broker}", small)
    _ink(sheet, right - 260, y, "Trang 1/1", small)
    y += p + 10
    title = "TỜ KHAI HÀNG HÓA NHẬP KHẨU (THÔNG QUAN)"
    _ink(sheet, (PAGE[0] - _width(sheet, title, big)) // 2, y, title, big)
    y += 2 * p

    def pair(x: int, y: int, name: str, value: str, gap: int = 0) -> int:
        sheet.text(x, y, name)
        at = x + max(gap, sheet.width(name) + 30)
        _ink(sheet, at, y, value, bold)
        return at + _width(sheet, value, bold) + 60

    third = (right - left) // 3
    registered = (f"{d.day:02d}/{d.month:02d}/{d.year} {rng.randrange(7, 17):02d}:"
                  f"{rng.randrange(60):02d}:{rng.randrange(60):02d}")
    rows = (
        (("Số tờ khai", truth.document_no), ("Mã phân loại kiểm tra", str(rng.choice((1, 2)))),
         ("Mã loại hình", "A11")),
        (("Ngày đăng ký", registered), ("Cơ quan Hải quan", rng.choice(("CCHQCK Tây Trang",
                                                                      "CCHQCK Na Mèo",
                                                                      "CCHQCK Lao Bảo"))),
         ("Mã bộ phận xử lý", "00")),
    )
    for row in rows:
        for k, (name, value) in enumerate(row):
            pair(left + k * third, y, name, value)
        y += p + 6
    y += 10
    sheet.page.draw.line((left, y, right, y), fill=80, width=1)
    y += 16
    importer = next(i for i in VN_IMPORTERS if i[0] == truth.consignee)
    exporter = next(e for e in FOREIGN_EXPORTERS if e[0] == truth.consignor)
    for heading, code, name, address, country in (
            ("Người nhập khẩu", importer[1], importer[0], importer[2], ""),
            ("Người xuất khẩu", "", exporter[0], exporter[1], exporter[2])):
        _ink(sheet, left, y, heading, bold)
        y += p + 4
        for name_label, value in (("Mã", code), ("Tên", name), ("Địa chỉ", address)):
            if name_label == "Mã" and not value:
                continue
            pair(left + 40, y, name_label, value, 180)
            y += p + 4
        if country:
            pair(left + 40, y, "Mã nước", country, 180)
            y += p + 4
        y += 6
    sheet.page.draw.line((left, y, right, y), fill=80, width=1)
    y += 16
    half = (right - left) // 2
    gate = rng.choice(("VNTTR CK TAY TRANG", "VNNAM CK NA MEO", "VNLBA CK LAO BAO"))
    currency = truth.lines[0].currency or ""
    goods = _sum(truth.lines, "value")
    for (a, av), (b, bv) in (
            (("Tên phương tiện vận chuyển", truth.vehicle_plate), ("Địa điểm dỡ hàng", gate)),
            (("Ký hiệu và số hiệu container", truth.container_no or ""),
             ("Số chì niêm phong", truth.seal_no or "")),
            (("Tổng trị giá hóa đơn", f"A - DAP - {currency} - {kit.vi(goods, 2)}"),
             ("Số lượng kiện", f"{kit.vi(_sum(truth.lines, 'quantity'), 0)} PK")),
            (("Tổng trọng lượng hàng (Gross)",
              f"{kit.vi(_sum(truth.lines, 'gross_weight_kg'), 2)} KGM"),
             ("Phương thức thanh toán", rng.choice(("TTR", "KC", "LC"))))):
        pair(left, y, a, av, 560)
        pair(left + half + 40, y, b, bv, 440)
        y += p + 6
    y += 10
    sheet.page.draw.line((left, y, right, y), fill=80, width=1)
    sheet.page.draw.line((left, y + 5, right, y + 5), fill=80, width=1)
    y += 24
    for line in truth.lines:
        quantity = line.quantity or Decimal(1)
        value = line.value or Decimal(0)
        decimals = 2 if line.unit == "MTQ" else 0
        tag = f"<{line.line_no:02d}>"
        _ink(sheet, left, y, tag, bold)
        sheet.page.draw.rectangle((left - 8, y - 4, left + _width(sheet, tag, bold) + 8,
                                   y + p - 4), outline=80, width=1)
        x0, x1 = left + 120, left + half + 40
        pair(x0, y, "Mã số hàng hóa", line.hs_code, 300)
        pair(x1, y, "Nước xuất xứ", NAMES[line.origin_country or "TH"][1], 300)
        y += p + 4
        name = "Tên hàng, quy cách phẩm chất"
        sheet.text(x0, y, name)
        parts = sheet.wrap(line.description, right - x0 - 540)
        for part in parts:
            _ink(sheet, x0 + 540, y, part, bold)
            y += p + 4
        pair(x0, y, "Số lượng (1)", f"{kit.vi(quantity, decimals)}   "
                                    f"{UNITS[line.unit][1]}", 300)
        pair(x1, y, "Khối lượng cả bì (kg)", kit.vi(line.gross_weight_kg or Decimal(0), 2), 400)
        y += p + 4
        pair(x0, y, "Đơn giá hóa đơn", f"{kit.vi((value / quantity).quantize(Decimal('0.01')), 2)}"
                                       f" - {currency} - {UNITS[line.unit][1]}", 300)
        pair(x1, y, "Trị giá hóa đơn", kit.vi(value, 2), 400)
        y += p + 4
        pair(x1, y, "Mã đồng tiền của giá hóa đơn", line.currency or "", 400)
        y += p + 14
        kit.dotted(sheet, left, y, right)
        y += 18
    y += p
    _ink(sheet, left, y, f"In ngày {d.day:02d}/{d.month:02d}/{d.year} - bản in dùng để đối chiếu, "
                         "không có giá trị thay tờ khai điện tử", small)
    return sheet, y + p


# ---- road_consignment_note

def _road_consignment_note(truth: Manifest, rng: random.Random) -> tuple[Any, int]:
    size = rng.choice((27, 28))
    sheet = Sheet(_path(URW, "NimbusMonoPS-Regular.otf", "DejaVuSansMono.ttf"), size)
    form = _face(_path(URW, "NimbusSansNarrow-Regular.otf", "DejaVuSansCondensed.ttf",
                       "DejaVuSans.ttf"), 20)
    form_bold = _face(_path(URW, "NimbusSansNarrow-Bold.otf", "DejaVuSansCondensed-Bold.ttf",
                            "DejaVuSans-Bold.ttf"), 40)
    typed = _face(_path(URW, "NimbusMonoPS-Bold.otf", "DejaVuSansMono-Bold.ttf"), size)
    p = sheet.pitch
    left, right = MARGIN, PAGE[0] - MARGIN
    mid = PAGE[0] // 2
    assert truth.date is not None
    d = truth.date
    sender = next(s for s in LA_SENDERS if s[0].upper() == truth.consignor)
    consignee = next(c for c in VN_CONSIGNEES if c[0].upper() == truth.consignee)

    def box(x0: int, y0: int, x1: int, y1: int, caption: str) -> None:
        sheet.page.draw.rectangle((x0, y0, x1, y1), outline=60, width=2)
        _ink(sheet, x0 + 10, y0 + 6, caption, form, 70)

    def typed_at(x: int, y: int, text: str) -> None:
        """Typed text, a few pixels off where the form expects it."""
        _ink(sheet, x + rng.randrange(-4, 9), y + rng.randrange(-3, 6), text, typed, 35)

    def typed_lines(x: int, y: int, texts: list[str], wide: int) -> int:
        for text in texts:
            for part in sheet.wrap(text.upper(), wide):
                typed_at(x, y, part)
                y += p
        return y

    y = MARGIN
    height = 5 * p + 40
    box(left, y, mid, y + height, "1  Sender (name, address, country)")
    typed_lines(left + 24, y + 40, [sender[0], sender[1]], mid - left - 60)
    _ink(sheet, mid + 30, y + 4, "INTERNATIONAL CONSIGNMENT NOTE", form_bold, 30)
    _ink(sheet, mid + 30, y + 56, "Road cargo - GMS cross-border transport", form, 60)
    _ink(sheet, mid + 30, y + 100, "Consignment note No.", form, 60)
    typed_at(mid + 320, y + 92, truth.document_no)
    y += height
    box(left, y, mid, y + height, "2  Consignee (name, address, country)")
    typed_lines(left + 24, y + 40, [consignee[0], consignee[1]], mid - left - 60)
    box(mid, y, right, y + height, "16  Carrier (name, address, country)")
    carrier = rng.choice(("Savan Transit Haulage Sole Co., Ltd", "R9 Corridor Trucking Co., Ltd"))
    typed_lines(mid + 24, y + 40, [carrier, "Kaysone Phomvihane, Savannakhet, LAO PDR"],
                right - mid - 60)
    y += height
    small = 3 * p + 20
    box(left, y, mid, y + small, "3  Place of delivery of the goods (place, country)")
    typed_at(left + 24, y + 40, rng.choice(("LAO BAO, QUANG TRI, VIET NAM",
                                            "DA NANG, VIET NAM")))
    box(mid, y, right, y + small, "17  Successive carriers")
    y += small
    box(left, y, mid, y + small, "4  Place and date of taking over the goods (place, country, "
                                 "date)")
    typed_at(left + 24, y + 40, f"SAVANNAKHET, LAO PDR  {d:%d.%m.%Y}")
    box(mid, y, right, y + small, "18  Carrier's reservations and observations")
    y += small
    box(left, y, mid, y + small, "5  Documents attached")
    typed_at(left + 24, y + 40, "INVOICE, PACKING LIST, C/O FORM D")
    box(mid, y, right, y + small, "Vehicle")
    trailer = f"{truth.vehicle_plate[:2]}R-{rng.randrange(100, 999)}.{rng.randrange(10, 99)}"
    _ink(sheet, mid + 24, y + 44, "Registration number of tractor", form, 60)
    typed_at(mid + 380, y + 36, truth.vehicle_plate)
    _ink(sheet, mid + 24, y + 44 + p, "Trailer", form, 60)
    typed_at(mid + 380, y + 36 + p, trailer)
    y += small
    box(left, y, mid, y + small, "Container / swap body No.")
    typed_at(left + 24, y + 40, truth.container_no or "")
    box(mid, y, right, y + small, "Customs seal(s)")
    typed_at(mid + 24, y + 40, truth.seal_no or "")
    y += small
    cols = [
        Col("_marks", ("6 Marks and Nos",), 200),
        Col("quantity", ("7 Number of", "packages"), 170, "right"),
        Col("unit", ("8 Method of", "packing"), 190),
        Col("description", ("9 Nature of the goods",), 470),
        Col("hs_code", ("10 Statistical", "number"), 170),
        Col("origin_country", ("Origin of", "goods"), 120, "center"),
        Col("gross_weight_kg", ("11 Gross", "weight kg"), 210, "right"),
        Col("_cbm", ("12 Volume", "m3"), 140, "right"),
        Col("value", ("Value for", "customs"), 320, "right"),
    ]
    xs = sheet.xs(cols)
    table_top = y
    for k, col in enumerate(cols):
        for j, part in enumerate(col.header):
            _ink(sheet, xs[k] + 10, y + 8 + j * 26, part, form, 70)
    y += 70
    sheet.page.draw.line((left, y, right, y), fill=60, width=2)
    y += 14
    marks = f"{truth.consignee.split()[0].upper()[:6]}/{d:%m%d}"
    for line in truth.lines:
        cbm = ((line.gross_weight_kg or Decimal(0)) / Decimal(rng.uniform(180, 450))).quantize(
            Decimal("0.01"))
        cells = {
            "_marks": [marks if line.line_no == 1 else "DITTO"],
            "quantity": [_spaced(line.quantity or Decimal(0), 0)],
            "unit": [UNITS[line.unit][2]],
            "description": sheet.wrap(line.description, xs[4] - xs[3] - 28),
            "hs_code": [f"{line.hs_code[:4]}.{line.hs_code[4:]}"],
            "origin_country": [NAMES[line.origin_country or "LA"][2]],
            "gross_weight_kg": [_spaced(line.gross_weight_kg or Decimal(0), 1)],
            "_cbm": [kit.en(cbm, 2)],
            "value": [f"{line.currency} {_spaced(line.value or Decimal(0), 2)}"],
        }
        wobble = rng.randrange(-3, 5)
        y = sheet.row(cols, xs, y + wobble, cells) + 8 - wobble
    y += 10
    total_at = y
    _ink(sheet, xs[3] + 14, total_at, "TOTAL", typed, 35)
    for key, text in (("quantity", _spaced(_sum(truth.lines, "quantity"), 0)),
                      ("gross_weight_kg", _spaced(_sum(truth.lines, "gross_weight_kg"), 1)),
                      ("value", f"USD {_spaced(_sum(truth.lines, 'value'), 2)}")):
        k = [c.key for c in cols].index(key)
        _cell(sheet, xs[k], total_at, xs[k + 1] - xs[k], text, "right", typed, 35)
    y += p + 20
    sheet.page.draw.rectangle((left, table_top, right, y), outline=60, width=2)
    for x in xs[1:-1]:
        sheet.page.draw.line((x, table_top, x, y), fill=90, width=1)
    instructions = 3 * p + 20
    box(left, y, mid, y + instructions, "13  Sender's instructions (customs and other "
                                        "formalities)")
    typed_lines(left + 24, y + 40, ["CLEAR AT LAO BAO / DENSAVANH, TRANSIT VIA ROUTE 9"],
                mid - left - 60)
    box(mid, y, right, y + instructions, "14  Directions as to payment of carriage")
    typed_at(mid + 24, y + 40, rng.choice(("CARRIAGE PAID", "FREIGHT COLLECT")))
    y += instructions
    foot = 4 * p + 20
    third = (right - left) // 3
    box(left, y, left + third, y + foot, "21  Established in")
    typed_at(left + 24, y + 40, "SAVANNAKHET")
    _ink(sheet, left + 24, y + 44 + p, "on", form, 60)
    typed_at(left + 80, y + 36 + p, f"{d.day} {MONTH_NAMES[d.month - 1].upper()} {d.year}")
    box(left + third, y, left + 2 * third, y + foot, "22  Signature and stamp of the sender")
    box(left + 2 * third, y, right, y + foot, "23  Signature and stamp of the carrier")
    y += foot
    box(left, y, right, y + 2 * p, "24  Goods received: place, date, signature and stamp of the "
                                   "consignee")
    return sheet, y + 2 * p + 20


# ---- consolidator_spreadsheet

def _consolidator_spreadsheet(truth: Manifest, rng: random.Random) -> tuple[Any, int]:
    size = rng.choice((26, 27))
    sheet = Sheet(_path(URW, "NimbusSansNarrow-Regular.otf", "DejaVuSansCondensed.ttf",
                        "DejaVuSans.ttf"), size)
    landscape = Image.new("L", (PAGE[1], PAGE[0]), 255)
    sheet.page.image, sheet.page.draw = landscape, ImageDraw.Draw(landscape)
    bold = _face(_path(URW, "NimbusSansNarrow-Bold.otf", "DejaVuSansCondensed-Bold.ttf",
                       "DejaVuSans-Bold.ttf"), size)
    big = _face(_path(URW, "NimbusSansNarrow-Bold.otf", "DejaVuSansCondensed-Bold.ttf",
                      "DejaVuSans-Bold.ttf"), size + 10)
    tiny = _face(_path(URW, "NimbusSans-Regular.otf", "DejaVuSans.ttf"), 20)
    assert truth.date is not None
    d = truth.date
    page_w, page_h = PAGE[1], PAGE[0]
    left, right = 110, page_w - 110
    _ink(sheet, left, 60, f"load_list_{d:%m%d}.xlsx", tiny, 90)
    _ink(sheet, (page_w - 100) // 2, 60, "Sheet1", tiny, 90)
    row_h = sheet.pitch + 10
    heads = 70  # the printed row numbers' column
    widths = (90, 250, 520, 200, 200, 170, 190, 170, 180, 260, 220, 220)
    scale = (right - left - heads) / sum(widths)
    xs = [left + heads]
    for w in widths:
        xs.append(xs[-1] + int(w * scale))
    xs[-1] = right
    letters = "ABCDEFGHIJKL"
    top = 110
    grid: list[dict[int, tuple[str, str, Any]]] = []  # row -> column -> (text, align, font)

    def put(row: int, column: int, text: str, align: str = "left", font: Any = None) -> None:
        while len(grid) <= row:
            grid.append({})
        grid[row][column] = (text, align, font)

    put(0, 0, truth.consignor.upper(), font=big)
    put(1, 0, "CONSOLIDATED CARGO LIST - ROAD, BANGKOK TO HO CHI MINH CITY VIA R12 / CHA LO",
        font=bold)
    weekday = DAYS[d.weekday()]
    header = (("Consolidator", truth.consignor, "Load list #", truth.document_no),
              ("Final consignee", truth.consignee, "Loading date",
               f"{weekday} {d.day:02d} {MONTH_NAMES[d.month - 1][:3]} {d.year}"),
              ("Truck head", truth.vehicle_plate, "Box number", truth.container_no or ""),
              ("Trailer", f"{truth.vehicle_plate[:2]}R-{rng.randrange(10000, 99999)}",
               "Seal (carrier)", truth.seal_no or ""))
    for k, (a, av, b, bv) in enumerate(header):
        put(3 + k, 0, a, font=bold)
        put(3 + k, 2, av)
        put(3 + k, 7, b, font=bold)
        put(3 + k, 9, bv)
    first = 8
    titles = ("Seq", "Supplier invoice", "Item description", "Commodity HS", "Ctry of origin",
              "Qty shipped", "Unit of measure", "Price/unit", "Currency code", "Line amount",
              "Gross mass (kg)", "Measurement (m3)")
    for c, text in enumerate(titles):
        put(first, c, text, "center", bold)
    invoices = {s: f"{s}-{d:%y}{rng.randrange(100, 999)}" for s in SUPPLIERS}
    for k, line in enumerate(truth.lines):
        quantity = line.quantity or Decimal(1)
        value = line.value or Decimal(0)
        gross = line.gross_weight_kg or Decimal(0)
        cbm = (gross / Decimal(rng.uniform(150, 400))).quantize(Decimal("0.001"))
        row = first + 1 + k
        for c, (text, align) in enumerate((
                (str(line.line_no), "right"), (invoices[rng.choice(SUPPLIERS)], "left"),
                (line.description, "left"), (line.hs_code, "left"),
                (NAMES[line.origin_country or "TH"][3], "left"),
                (_general(quantity), "right"), (UNITS[line.unit][3], "left"),
                (_general((value / quantity).quantize(Decimal("0.01"))), "right"),
                (line.currency or "", "center"), (kit.en(value, 2), "right"),
                (_general(gross), "right"), (_general(cbm), "right"))):
            put(row, c, text, align)
    row = first + len(truth.lines) + 2
    for currency in ("THB", "USD", "CNY"):
        mine = [line for line in truth.lines if line.currency == currency]
        if mine:
            put(row, 7, f"Subtotal {currency}", "left", bold)
            put(row, 9, kit.en(_sum(mine, "value"), 2), "right", bold)
            row += 1
    put(row, 7, "Total gross", "left", bold)
    put(row, 10, _general(_sum(truth.lines, "gross_weight_kg")), "right", bold)
    rows = len(grid)
    bottom = top + row_h * (rows + 1)
    # the printed headings: column letters above, row numbers at the left, shaded
    sheet.page.draw.rectangle((left, top, right, top + row_h), fill=228)
    sheet.page.draw.rectangle((left, top, left + heads, bottom), fill=228)
    for c, letter in enumerate(letters):
        _cell(sheet, xs[c], top + 6, xs[c + 1] - xs[c], letter, "center", tiny, 60)
    for r in range(rows):
        _cell(sheet, left, top + row_h * (r + 1) + 8, heads, str(r + 1), "right", tiny, 60)
    for r in range(rows + 2):
        at = top + row_h * r
        sheet.page.draw.line((left, at, right, at), fill=185, width=1)
    for x in [left, *xs]:
        sheet.page.draw.line((x, top, x, bottom), fill=185, width=1)
    for r, cells in enumerate(grid):
        for c, (text, align, font) in cells.items():
            y = top + row_h * (r + 1) + 6
            if align == "left":  # a spreadsheet lets left-aligned text run over empty cells
                _ink(sheet, xs[c] + 8, y, text, font)
            else:
                _cell(sheet, xs[c], y, xs[c + 1] - xs[c], text, align, font)
    footer = "Page 1 of 1"
    _ink(sheet, (page_w - _width(sheet, footer, tiny)) // 2, page_h - 90, footer, tiny, 90)
    return sheet, bottom + 20


RENDER = {
    "cn_bilingual_invoice": (_cn_bilingual_invoice, (4, 11)),
    "vn_declaration_print": (_vn_declaration_print, (4, 10)),
    "road_consignment_note": (_road_consignment_note, (6, 18)),
    "consolidator_spreadsheet": (_consolidator_spreadsheet, (8, 26)),
}
"""Family -> (renderer, range of goods lines that fits one page)."""


def clean_page(rng: random.Random, family: str) -> tuple[Image.Image, Manifest, str, str]:
    """One clean page of ``family``: the image, its truth, the text drawn, the font's name."""
    page: tuple[Image.Image, Manifest, str, str] = kit.clean_page(rng, family, RENDER, _truth)
    return page


_spec = kit.spec_maker(UNITS, NAMES)

DIGITAL: dict[str, Any] = {
    "cn_bilingual_invoice": _spec(
        "COMMERCIAL INVOICE",
        {"document_no": "Inv. Ref.", "date": "Invoicing Date", "consignor": "Vendor",
         "consignee": "Purchaser", "vehicle_plate": "Truck Licence",
         "container_no": "Container Code", "seal_no": "Seal Code"},
        (("line_no", "S/N"), ("description", "Description & Specification"),
         ("hs_code", "HS Code No."), ("quantity", "Shipped Qty"), ("unit", "Packing Unit"),
         ("_price", "U/Price"), ("value", "Total Amount"), ("currency", "Currency of invoice"),
         ("gross_weight_kg", "Gross Weight (KGS)"), ("origin_country", "Place of Origin")),
        "en", 0, 0, "Mon dd, yyyy"),
    "vn_declaration_print": _spec(
        "TỜ KHAI HÀNG HÓA NHẬP KHẨU (THÔNG QUAN)",
        {"document_no": "Số tờ khai", "date": "Ngày đăng ký",
         "consignor": "Tên người xuất khẩu", "consignee": "Tên người nhập khẩu",
         "vehicle_plate": "Tên phương tiện vận chuyển",
         "container_no": "Ký hiệu và số hiệu container", "seal_no": "Số chì niêm phong"},
        (("line_no", "Số dòng hàng"), ("hs_code", "Mã số hàng hóa"),
         ("description", "Tên hàng, quy cách phẩm chất"), ("quantity", "Số lượng (1)"),
         ("unit", "Mã ĐVT (1)"), ("gross_weight_kg", "Khối lượng cả bì (kg)"),
         ("value", "Trị giá hóa đơn"), ("currency", "Mã đồng tiền của giá hóa đơn"),
         ("origin_country", "Nước xuất xứ")),
        "vi", 1, 1, "dd/mm/yyyy"),
    "road_consignment_note": _spec(
        "INTERNATIONAL CONSIGNMENT NOTE",
        {"document_no": "Consignment note No.", "date": "Established on",
         "consignor": "Sender (name, address, country)",
         "consignee": "Consignee (name, address, country)",
         "vehicle_plate": "Registration number of tractor",
         "container_no": "Container / swap body No.", "seal_no": "Customs seal(s)"},
        (("quantity", "Number of packages"), ("unit", "Method of packing"),
         ("description", "Nature of the goods"), ("hs_code", "Statistical number"),
         ("origin_country", "Origin of goods"), ("gross_weight_kg", "Gross weight kg"),
         ("value", "Value for customs"), ("currency", "Value currency")),
        "en", 2, 2, "dd.mm.yyyy"),
    "consolidator_spreadsheet": _spec(
        "CONSOLIDATED CARGO LIST",
        {"document_no": "Load list #", "date": "Loading date", "consignor": "Consolidator",
         "consignee": "Final consignee", "vehicle_plate": "Truck head",
         "container_no": "Box number", "seal_no": "Seal (carrier)"},
        (("line_no", "Seq"), ("description", "Item description"), ("hs_code", "Commodity HS"),
         ("origin_country", "Ctry of origin"), ("quantity", "Qty shipped"),
         ("unit", "Unit of measure"), ("_price", "Price/unit"), ("currency", "Currency code"),
         ("value", "Line amount"), ("gross_weight_kg", "Gross mass (kg)")),
        "en", 3, 3, "iso"),
}
"""Family -> maker of its ``digital.Spec`` (the held-out families' PDF and XLSX twins)."""


def generate(out: Path, pages: int = 2 * PAIRS * len(FAMILIES), seed: int = SEED
             ) -> list[dict[str, Any]]:
    """Write ``pages`` held-out pages (clean, photo, clean, photo ...) and index.json into ``out``.

    Pairs take the families in turn. Returns the index; each entry has
    ``file``, ``kind`` (clean/photo), ``family``, ``layout`` (the same),
    ``group`` ("held-out"), ``font``, ``lines``, ``text`` and ``truth``.
    """
    index: list[dict[str, Any]] = kit.generate(out, pages, seed, FAMILIES, "held", clean_page,
                                               "held-out")
    return index


def main(argv: list[str] | None = None) -> None:
    """Command line: ``--out DIR [--pages N] [--seed S]``."""
    kit.main(argv, __doc__, 2 * PAIRS * len(FAMILIES), generate, SEED, "held-out pages")


if __name__ == "__main__":
    main()
