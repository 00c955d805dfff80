"""The labels of a trade document's header fields, in English and Vietnamese.

Where the words come from (read December 2026; the forms, not our examples):

- commercial invoice and packing list forms and their filling instructions
  (technovision.com/invoice.html, the "COMMERCIAL INVOICE" form indexed by
  documentine.com, blanker.org's and howtoexportimport.com's packing-list
  contents): Shipper / Exporter, Consignee, Sold to, Notify party, Commercial
  Invoice No., P/L No., Customer P.O. No., B/L No., Date of export, Terms of
  payment, Port of loading, Country of origin, Exporting carrier;
- the CMR consignment note (IRU model, boxes 1-24, cmr.transportator.info and
  nextlogistic.eu): sender, consignee, carrier, place of delivery, place and
  date of taking over, vehicle registration number, successive carriers;
- VNACCS import/export declarations (field names of the customs forms under
  Circular 38/2015/TT-BTC): Người xuất khẩu, Người nhập khẩu, Số vận đơn,
  Số hiệu container, Số chì hải quan, Phương tiện vận chuyển, Địa điểm xếp
  hàng, Cửa khẩu;
- the Vietnamese e-invoice (hóa đơn GTGT, Decree 123/2020/NĐ-CP, Circular
  78/2021/TT-BTC; its XML names THDon, KHHDon "Ký hiệu", SHDon "Số", NLap
  "Ngày lập", NBan "Người bán" / "Đơn vị bán hàng", NMua "Người mua",
  MST "Mã số thuế", DChi "Địa chỉ", HTTToan "Hình thức thanh toán");
- the English forms of Lao and Thai exporters at the Lao Bảo, Cầu Treo and
  Bờ Y gates: Truck No., Truck plate, Trailer, Messrs., Seal, Cont. No.

A name starting with "_" is a label the manifest does not keep (an address,
a trailer's plate, the terms of delivery ...): it is known only so that it
ends the value before it and its own value goes nowhere. Labels that always
carry a colon need no entry ("Gross weight:", "Country of origin:"): any short
phrase ending in a colon is a label.
"""

from __future__ import annotations

from collections.abc import Mapping

HEADER_LABELS: Mapping[str, tuple[str, ...]] = {
    "document_no": (
        "manifest no", "manifest number", "so manifest", "so chung tu", "chung tu so",
        "document no", "document number", "doc no", "invoice no", "invoice number", "inv no",
        "commercial invoice no", "proforma invoice no", "packing list no", "p/l no", "pl no",
        "packing no", "so hoa don", "hoa don so", "so hd", "so hd gtgt", "so phieu",
        "phieu so", "so bang ke", "bang ke so", "so phieu dong goi", "so packing list",
        "ref no", "reference no", "our ref", "so tham chieu", "cmr no",
        "consignment note no", "so/no", "so", "no", "number", "bill no", "so phieu xuat",
        "manifest ref", "manifest ref no", "so phieu giao", "so phieu giao hang",
        "so phieu xuat kho",
        # more forms: release and delivery orders, records, declarations' own lists
        "declaration ref", "release order", "release order no", "delivery order no", "d/o no",
        "do no", "record no", "list no", "cargo list no", "bien ban so", "so bien ban",
        "phieu so", "so lenh", "lenh so", "ref no.", "our ref no", "document ref",
        "manifest ref.", "voucher no", "note no", "delivery note no", "so phieu nhap",
    ),
    "date": (
        "date", "dated", "ngay", "ngay lap", "ngay lap hoa don", "issue date", "date of issue",
        "ngay chung tu", "invoice date", "ngay hoa don", "ngay xuat hoa don", "document date",
        "ngay phat hanh", "ngay/date", "packing date", "billing date", "ngay xuat kho",
        "ngay xuat", "departure", "departure date", "date of departure", "date of invoice",
        "ngay giao", "ngay giao hang",
        "lodged on", "issued on", "released on", "date issued", "date of release",
        "release date", "ngay lap bien ban", "ngay ban giao", "issue date", "dated on",
        "prepared on", "date of issue", "ngay phat hanh", "ngay cap", "lodgement date",
    ),
    "consignor": (
        "consignor", "shipper", "exporter", "seller", "sender", "vendor", "shipper/exporter",
        "exporter/shipper", "nguoi gui hang", "nguoi gui", "nguoi xuat khau", "nguoi ban",
        "nguoi ban hang", "ben ban", "ben gui", "ben giao hang", "don vi ban hang",
        "don vi ban", "ten nguoi ban", "nha xuat khau", "don vi xuat khau", "cong ty xuat khau",
        "don vi gui hang", "beneficiary", "shipped by", "sold by", "chu hang", "owner",
        "cargo owner",
        "don vi xuat", "don vi giao hang", "don vi giao", "xuat tu don vi",
        "exporting party", "depositor", "shipper's name", "shippers name",
        "supplier", "despatched by", "dispatched by",
        "ben giao", "nguoi giao", "nguoi giao hang", "ben xuat", "delivering party",
        "handed over by", "ben ban giao", "nguoi ban giao",
    ),
    "consignee": (
        "consignee", "importer", "buyer", "receiver", "recipient", "messrs", "sold to",
        "ultimate consignee", "deliver to", "nguoi nhan hang", "nguoi nhan", "nguoi nhap khau",
        "nguoi mua", "nguoi mua hang", "ben mua", "ben nhan", "ben nhan hang", "don vi nhan",
        "don vi nhan hang", "don vi mua hang", "don vi mua", "ten don vi", "ten nguoi mua",
        "nha nhap khau", "don vi nhap khau", "cong ty nhap khau", "to", "don vi tiep nhan",
        "delivered to", "receiving party", "ship to",
        "noi nhan",
        "collected by", "for account and risk of messrs", "for account and risk of",
        "for account of", "account of", "importing party",
        "nguoi nhan ban giao", "ben nhan ban giao", "received by", "taken over by",
        "notify/consignee",
    ),
    "vehicle_plate": (
        "vehicle plate", "truck plate", "truck no", "truck number", "truck plate no",
        "plate no", "plate number", "vehicle no", "vehicle number", "vehicle reg no",
        "vehicle registration no", "vehicle registration number", "vehicle registration",
        "registration no", "reg no", "truck reg no", "lorry no", "tractor no", "head no",
        "bien so xe", "bien so", "bien kiem soat", "bien so phuong tien", "bien so xe dau keo",
        "bks", "so xe", "xe so", "so hieu phuong tien", "vehicle", "truck", "carrier reg",
        "carrier reg no", "carrier registration", "phuong tien van chuyen", "phuong tien",
        "truck reg", "vehicle reg", "means of transport", "tractor", "tractor/trailer",
        "tractor head", "phuong tien van tai", "means of conveyance", "xe van chuyen",
        "xe van chuyen (bks)", "xe (bks)",
        "conveyance reg", "conveyance", "conveyance no", "prime mover", "prime mover no",
        "truck reg.", "vehicle reg.", "bks xe", "xe o to bks", "xe bks", "so dang ky xe",
        "registration", "reg. no", "plate",
    ),
    "container_no": (
        "container no", "container number", "container", "cont no", "cont", "cntr no",
        "ctnr no", "so container", "so cont", "so hieu container", "equipment",
        "equipment no", "so cong-te-no", "cong-te-no", "so cong te no", "container id",
        "container/trailer", "cntr number", "cntr", "container #", "so hieu cont",
        "so cong-ten-no", "cong-ten-no", "so cong ten no",
        "box no", "unit no", "cntr", "cont no.", "container no.", "cong-ten-no so",
        "cong ten no so", "container so", "cont so", "equipment id", "ctr no",
    ),
    "seal_no": (
        "seal no", "seal number", "seal", "customs seal", "seal nos", "so niem phong",
        "so seal", "niem phong", "so chi", "chi so", "so chi hai quan", "so hieu niem phong",
        "ma niem phong", "bolt seal", "bolt seal no", "so chi hang tau", "chi hang tau",
        "seal ref", "kep chi", "so kep chi", "lock no", "carrier seal", "carrier seal no",
        "kep chi so", "so niem phong hai quan", "niem phong hai quan",
        "seal applied", "seal affixed", "depot seal", "lock", "lock no.", "seal no.",
        "chi so", "so chi niem phong", "shipper seal", "customs seal no", "seal nr",
    ),
    # Stated once for every line of a packing list that has no origin column.
    "origin_country": (
        "country of origin", "origin", "made in", "xuat xu", "nuoc xuat xu", "xuat xu hang hoa",
        "origin of goods", "country of manufacture", "nuoc san xuat",
    ),
    # One label over both numbers ("CNTR/SEAL NO.: HCRU0476470 / TH942104").
    "container_seal": (
        "cntr/seal no", "container/seal no", "cont/seal no", "container & seal no",
        "container and seal no", "container no/seal", "container no/seal no", "container/seal",
        "cntr/seal", "so container/so chi", "container/seal nos",
    ),
    # The labels below end a value; the manifest keeps nothing of theirs.
    "_trailer": (
        "trailer", "trailer no", "trailer plate", "trailer number", "semi-trailer",
        "semi trailer", "ro mooc", "ro-mooc", "romooc", "so ro mooc", "so mooc",
        "bien so ro mooc", "bien so mooc", "so mi ro mooc",
    ),
    "_party": (
        "notify party", "notify", "also notify", "intermediate consignee", "carrier",
        "successive carriers", "forwarder", "forwarding agent", "manufacturer", "producer",
        "nha san xuat", "nguoi van chuyen", "don vi van chuyen", "driver", "driver name",
        "lai xe", "tai xe", "ten lai xe", "nguoi dai dien", "representative", "attn",
        "contact", "contact person",
    ),
    "_contact": (
        "address", "dia chi", "tel", "phone", "telephone", "fax", "email", "e-mail", "website",
        "dien thoai", "so dien thoai", "tax code", "tax id", "tax no", "vat no", "mst",
        "ma so thue", "tin", "bank", "ngan hang", "account no", "so tai khoan", "stk", "swift",
    ),
    "_terms": (
        "terms", "incoterms", "incoterm", "terms of payment", "payment terms", "payment",
        "terms of delivery", "delivery terms", "trade terms", "price terms", "dieu kien giao hang",
        "dieu kien thanh toan", "phuong thuc thanh toan", "hinh thuc thanh toan", "httt",
        "currency", "loai tien", "tien te", "exchange rate", "ty gia", "insurance", "freight",
    ),
    "_place": (
        "port of loading", "port of discharge", "port of destination", "port of departure",
        "place of loading", "place of delivery", "place of receipt", "place of unloading",
        "final destination", "destination", "from", "via", "route", "border gate",
        "border crossing", "cua khau", "cua khau xuat", "cua khau nhap", "cua khau xuat hang",
        "cua khau nhap hang", "dia diem xep hang", "dia diem do hang", "dia diem giao hang",
        "noi giao hang", "noi nhan hang", "cang xep hang", "cang do hang",
    ),
    "_reference": (
        "contract no", "contract", "so hop dong", "hop dong so", "hop dong", "l/c no", "lc no",
        "b/l no", "bl no", "awb no", "so van don", "van don", "po no", "p.o. no", "order no",
        "purchase order", "customer po no", "so to khai", "to khai so", "declaration no",
        "c/o no", "co no", "permit no", "giay phep", "mau so", "form no", "page", "trang",
        "ky hieu mau so",
    ),
    "_dates": (
        "date of shipment", "shipment date", "date of export", "date of loading",
        "loading date", "ngay giao hang", "ngay xuat khau", "ngay nhap khau", "ngay het han",
        "expiry date", "due date", "han thanh toan", "etd", "eta", "ngay dang ky",
        "contract date", "ngay hop dong", "l/c date", "b/l date",
    ),
}
"""Each header field's labels, folded (lower case, no tone marks): the longest match wins."""

FALLBACK_LABELS: Mapping[str, tuple[str, ...]] = {
    "document_no": ("ref", "reference", "ky hieu", "serial"),
}
"""Labels that give a field only when no label of the table above gave it, and then
disagree with nothing: an e-invoice's series ("Ký hiệu") is its number only
when no "Số" is printed."""

STRONG_WORDS = frozenset({
    "date", "dated", "ngay", "consignor", "consignee", "shipper", "exporter", "importer",
    "seller", "buyer", "messrs", "container", "seal", "shipper/exporter", "exporter/shipper",
    "ngay/date", "depositor", "supplier", "sender", "receiver", "recipient",
})
"""One-word labels that are labels at the start of a row even without a colon.

Any other one-word label ("No", "Số", "Truck", "Payment" ...) must carry its
colon or stand next to another label of its field ("Số / No."): alone at the
start of a row it is as likely the first word of a value.
"""
