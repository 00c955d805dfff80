"""Writing a (mutated) declaration tree as a JSON, CSV or XML file, with each form's own games.

CSV: columns repeated, dropped or reordered, other delimiters, broken quoting,
rows that disagree on the header. XML: a second ``<lines>``, other or unknown
encodings, DTDs, entities, CDATA, namespaces, deep nesting. Then, for every
form, byte games: truncation, flipped bytes, a BOM, another encoding.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any
from xml.sax.saxutils import escape

from tests.fuzz.draws import Draw
from tests.fuzz.tree import Obj, scalar_text, to_json

HEADER_COLUMNS = {
    "declaration_no": ("declaration_no",), "type": ("type",), "declared_at": ("declared_at",),
    "trader_name": ("trader", "name"), "trader_tax_code": ("trader", "tax_code"),
    "vehicle_plate": ("vehicle", "plate"), "container_no": ("vehicle", "container_no"),
    "seal_no": ("vehicle", "seal_no"), "co_form": ("origin_certificate", "form"),
    "co_number": ("origin_certificate", "number"),
    "co_issued_at": ("origin_certificate", "issued_at"),
    "co_origin_country": ("origin_certificate", "origin_country"),
}
LINE_COLUMNS = ("line_no", "hs_code", "description", "quantity", "unit", "gross_weight_kg",
                "value", "currency", "origin_country", "preference")
COST_NAMES = ("fob", "non_originating_materials", "originating_materials", "direct_labour",
              "direct_overhead", "profit", "other")


def _find(node: Any, path: tuple[str, ...]) -> Any:
    for step in path:
        node = node.get(step) if isinstance(node, Obj) else None
    return node


def _csv_rows(root: Any) -> tuple[list[str], list[list[str]]]:
    header = {column: scalar_text(_find(root, path)) for column, path in HEADER_COLUMNS.items()}
    lines = root.get("lines") if isinstance(root, Obj) else None
    columns = [*HEADER_COLUMNS, *LINE_COLUMNS]
    rows: list[list[str]] = []
    for line in lines if isinstance(lines, list) else [lines]:
        values = [header[c] for c in HEADER_COLUMNS]
        values += [scalar_text(line.get(c) if isinstance(line, Obj) else line)
                   for c in LINE_COLUMNS]
        cost = line.get("cost") if isinstance(line, Obj) else None
        if isinstance(cost, Obj):
            for name, value in cost.pairs:
                if f"cost_{name}" not in columns:
                    columns.append(f"cost_{name}")
                    for row in rows:
                        row.append("")
                values.append(scalar_text(value))
        values += [""] * (len(columns) - len(values))
        rows.append(values)
    return columns, rows


def write_csv(draw: Draw, root: Any) -> tuple[str, list[str], bool]:
    """The CSV text, what was done, and whether a repeated column makes it a must-refuse."""
    columns, rows = _csv_rows(root)
    done: list[str] = []
    must_refuse = False
    for _ in range(draw.choice((0, 0, 0, 1, 1, 2))):
        game = draw.integer(0, 6)
        if game == 0:
            # A column twice: the second with another value (the "last wins").
            index = draw.integer(0, len(columns) - 1)
            columns.append(columns[index])
            for row in rows:
                row.append("Hunting rifles" if columns[index] == "description" else row[index])
            done.append(f"column {columns[index]} twice")
            must_refuse = True
        elif game == 1:
            index = draw.integer(0, len(columns) - 1)
            done.append(f"drop column {columns.pop(index)}")
            for row in rows:
                row.pop(index)
        elif game == 2:
            order = list(range(len(columns)))
            for k in range(len(order) - 1, 0, -1):
                j = draw.integer(0, k)
                order[k], order[j] = order[j], order[k]
            columns = [columns[k] for k in order]
            rows = [[row[k] for k in order] for row in rows]
            done.append("reorder columns")
        elif game == 3 and rows:
            row = draw.choice(rows)
            row[draw.integer(0, len(row) - 1)] = draw.choice(
                ('"', 'a"b', '"quoted"', "x\ny", "", "  ", "=1+1", "a,b;c", "\x00"))
            done.append("quoting game")
        elif game == 4 and rows:
            draw.choice(rows).append(draw.choice(("extra", "")))
            done.append("extra value")
        elif game == 5 and len(rows) > 1:
            rows[1][0] = rows[1][0] + "9"
            done.append("header differs between rows")
        else:
            rows.append([""] * len(columns))
            done.append("blank row")
    # Comma and semicolon are the documented ones; a tab or a bar now and then.
    delimiter = draw.choice((",", ",", ",", ",", ";", ";", ";", "\t", "|"))
    quoting = draw.choice((csv.QUOTE_MINIMAL, csv.QUOTE_MINIMAL, csv.QUOTE_ALL,
                           csv.QUOTE_NONNUMERIC))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, quoting=quoting,
                        lineterminator=draw.choice(("\n", "\r\n")))
    writer.writerow(columns)
    for row in rows:
        writer.writerow(row)
    if delimiter != ",":
        done.append(f"delimiter {delimiter!r}")
    # A column repeated, then one copy dropped, is no longer repeated.
    return out.getvalue(), done, must_refuse and len(set(columns)) < len(columns)


def _xml_node(tag: str, node: Any, line_tag: bool = False) -> str:
    if isinstance(node, Obj):
        inner = "".join(_xml_node(k, v) for k, v in node.pairs)
        return f"<{tag}>{inner}</{tag}>"
    if isinstance(node, list):
        inner = "".join(_xml_node("line", v) for v in node)
        return f"<{tag}>{inner}</{tag}>"
    text = scalar_text(node)
    # What XML 1.0 cannot hold at all is written as a character reference (still refused).
    text = "".join(c if c >= " " or c in "\t\n\r" else f"&#{ord(c)};" for c in escape(text))
    return f"<{tag}>{text}</{tag}>"


XML_PROLOGUES = (
    '<?xml version="1.0" encoding="UTF-8"?>\n', "", '<?xml version="1.0"?>',
    '<?xml version="1.0" encoding="UTF-7"?>', '<?xml version="1.0" encoding="x-unknown"?>',
    '<?xml version="1.0" encoding="UTF-16"?>', '<?xml version="1.0" encoding="ISO-8859-1"?>',
    '<?xml version="1.1" encoding="UTF-8"?>', '<?xml version="1.0" encoding="cp1258"?>',
)
XML_HEADS = (
    "", '<!DOCTYPE declaration>', '<!DOCTYPE declaration [<!ELEMENT declaration ANY>]>',
    '<!DOCTYPE declaration [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>',
    '<!DOCTYPE declaration [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    '<!DOCTYPE declaration SYSTEM "http://example.invalid/d.dtd">',
    "<!-- exported by VNACCS -->", '<?xml-stylesheet href="x.xsl"?>',
)


def write_xml(draw: Draw, root: Any) -> tuple[str, str, list[str]]:
    """The XML text, the encoding to write it in, and what was done."""
    body = _xml_node("declaration", root)
    done: list[str] = []
    game = draw.integer(0, 15)  # 6 hostile games in 16: most XML cases stay well formed
    if game == 0:
        # The case: a second block holding a weapons line, otherwise well formed.
        first = re.search(r"<line>.*?</line>", body)
        if first:
            weapons = re.sub(r"<hs_code>.*?</hs_code>", "<hs_code>930110</hs_code>",
                             first.group(0).replace("<line_no>", "<line_no>9", 1))
            body = body.replace("</lines>", f"</lines><lines>{weapons}</lines>", 1)
            done.append("second <lines>")
    elif game == 1:
        body = body.replace("<declaration>", '<declaration xmlns="urn:x" a="1">', 1)
        done.append("namespace and attribute")
    elif game == 2:
        body = body.replace("<description>", "<description><![CDATA[", 1).replace(
            "</description>", "]]></description>", 1)
        done.append("CDATA")
    elif game == 3:
        depth = draw.choice((40, 1000, 100_000))
        body = body.replace("<lines>", "<lines>" + "<x>" * depth + "</x>" * depth, 1)
        done.append(f"nesting {depth}")
    elif game == 4:
        body = body.replace("</type>", "</type><type>export</type>", 1)
        done.append("repeated <type>")
    elif game == 5:
        body = body.replace("<description>", "<description>&b;", 1)
        done.append("entity reference")
    prologue = draw.choice(XML_PROLOGUES) if draw.chance(0.25) else XML_PROLOGUES[0]
    head = draw.choice(XML_HEADS) if draw.chance(0.15) else ""
    encoding = {"UTF-16": "utf-16", "ISO-8859-1": "latin-1", "cp1258": "cp1258"}.get(
        prologue.split('encoding="')[1].split('"')[0] if 'encoding="' in prologue else "",
        "utf-8")
    if draw.chance(0.05):
        encoding = draw.choice(("utf-16", "utf-8", "latin-1"))
        done.append(f"written in {encoding}")
    if prologue != XML_PROLOGUES[0] or head:
        done.append(f"prologue {prologue.strip()[:40]} {head[:30]}".strip())
    return prologue + head + body, encoding, done


def encode(text: str, encoding: str) -> bytes:
    """``text`` in ``encoding``, what it cannot hold replaced (lone surrogates kept as bytes)."""
    if encoding == "utf-8":
        return text.encode("utf-8", "surrogatepass")
    return text.encode(encoding, "replace")


def byte_games(draw: Draw, data: bytes) -> tuple[bytes, list[str]]:
    """Truncation, flipped bytes, inserted junk, a BOM: what a broken transfer does."""
    done: list[str] = []
    for _ in range(draw.choice((1, 1, 2))):
        game = draw.integer(0, 5)
        if game == 0 and data:
            cut = draw.integer(0, len(data) - 1)
            data = data[:cut]
            done.append(f"truncate at {cut}")
        elif game == 1 and data:
            at = draw.integer(0, len(data) - 1)
            data = data[:at] + bytes([data[at] ^ (1 << draw.integer(0, 7))]) + data[at + 1:]
            done.append(f"flip a bit at {at}")
        elif game == 2:
            at = draw.integer(0, len(data))
            junk = draw.choice((b"\x00", b"\xff\xfe", b"\xc3", b"\xed\xa0\x80", b"\r",
                                b"\x1a", b"}", b"]", b"<", b'"', b",", b";"))
            data = data[:at] + junk + data[at:]
            done.append(f"insert {junk!r} at {at}")
        elif game == 3:
            data = draw.choice((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf" * 2)
                               ) + data
            done.append("BOM")
        elif game == 4 and data:
            start = draw.integer(0, len(data) - 1)
            data = data + data[start:start + draw.integer(1, 200)]
            done.append("trailing junk")
        else:
            data = data.replace(b"\n", b"\r\n") if draw.chance(0.5) else data.replace(b"\n", b"")
            done.append("line ends")
    return data, done


def write_json(draw: Draw, root: Any) -> str:
    return to_json(root, indent=draw.chance(0.5))
