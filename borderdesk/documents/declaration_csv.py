"""Declaration CSV: one row per goods line, the header columns repeated on every row.

The flat form that spreadsheets and the customs system's exports produce
(docs/declarations.md shows an example). Header columns (``declaration_no``,
``trader_name``, ``co_form`` ...) must carry the same value on every row;
cost columns are prefixed ``cost_``. Comma or semicolon separated.
"""

from __future__ import annotations

import csv
import io
import logging
from typing import Any

from borderdesk.documents.declaration_json import (
    COST_FIELDS,
    DeclarationFieldError,
    HsCheck,
    UnitCheck,
    declaration_from_dict,
    located,
)
from borderdesk.domain.declaration import Declaration
from borderdesk.errors import excerpt
from borderdesk.i18n import _

log = logging.getLogger("borderdesk.documents")

HEADER_COLUMNS: dict[str, tuple[str, ...]] = {
    # column -> path in the JSON shape
    "declaration_no": ("declaration_no",),
    "type": ("type",),
    "declared_at": ("declared_at",),
    "trader_name": ("trader", "name"),
    "trader_tax_code": ("trader", "tax_code"),
    "vehicle_plate": ("vehicle", "plate"),
    "container_no": ("vehicle", "container_no"),
    "seal_no": ("vehicle", "seal_no"),
    "co_form": ("origin_certificate", "form"),
    "co_number": ("origin_certificate", "number"),
    "co_issued_at": ("origin_certificate", "issued_at"),
    "co_origin_country": ("origin_certificate", "origin_country"),
}
LINE_COLUMNS = ("line_no", "hs_code", "description", "quantity", "unit", "gross_weight_kg",
                "value", "currency", "origin_country", "preference")
COST_COLUMNS = tuple(f"cost_{name}" for name in COST_FIELDS)
REQUIRED_COLUMNS = ("declaration_no", "type", "declared_at", "trader_name", "line_no",
                    "hs_code", "description", "quantity", "unit")
ALL_COLUMNS = (*HEADER_COLUMNS, *LINE_COLUMNS, *COST_COLUMNS)
_FIELD_COLUMN = {
    **{".".join(path): column for column, path in HEADER_COLUMNS.items()},
    **{f"cost.{name}": f"cost_{name}" for name in COST_FIELDS},
}


def _header(row: dict[str, str]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for column, path in HEADER_COLUMNS.items():
        value = row.get(column, "") or ""
        if len(path) == 1:
            data[path[0]] = value
        elif value.strip():
            data.setdefault(path[0], {})[path[1]] = value
    data.setdefault("trader", {})
    return data


def _goods_line(row: dict[str, str]) -> dict[str, Any]:
    line: dict[str, Any] = {name: row.get(name, "") or "" for name in LINE_COLUMNS}
    cost = {name: row[f"cost_{name}"] for name in COST_FIELDS
            if (row.get(f"cost_{name}") or "").strip()}
    if cost:
        line["cost"] = cost
    return line


def read_declaration_csv(
    text: str, source_name: str, *, hs_check: HsCheck | None = None,
    unit_check: UnitCheck | None = None,
) -> Declaration:
    """Read the flat CSV form.

    Raises:
        UserInputError: "declaration.csv: line 7: hs_code '19011' is not 4, 6, 8 or 10
            digits" — lines are the file's own line numbers.
    """
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter,
                                strict=True)
        columns = [c.strip() for c in reader.fieldnames or ()]
        reader.fieldnames = columns
        unknown = [c for c in columns if c not in ALL_COLUMNS]
        if unknown:
            raise located(source_name, _("line {n}").format(n=1), _(
                "column '{column}' is not a declaration column").format(
                column=excerpt(unknown[0])))
        # DictReader keeps the last of two columns of one name: a second "description"
        # would silently replace the first.
        twice = next((c for k, c in enumerate(columns) if c in columns[:k]), None)
        if twice is not None:
            raise located(source_name, _("line {n}").format(n=1), _(
                "column '{column}' appears twice").format(column=twice))
        missing = [c for c in REQUIRED_COLUMNS if c not in columns]
        if missing:
            raise located(source_name, _("line {n}").format(n=1), _(
                "column '{column}' is missing").format(column=missing[0]))
        rows: list[tuple[int, dict[str, str]]] = []
        for row in reader:
            if None in row:
                raise located(source_name, _("line {n}").format(n=reader.line_num), _(
                    "more values than columns"))
            if not any((value or "").strip() for value in row.values()):
                continue
            rows.append((reader.line_num, {k: v or "" for k, v in row.items()}))
    except csv.Error as error:
        # The csv module's English ("line contains NUL") is for the log.
        log.info("%s: line %d: not valid CSV: %s", source_name, reader.line_num, error)
        raise located(source_name, _("line {n}").format(n=reader.line_num),
                      _("not valid CSV")) from None
    if not rows:
        raise located(source_name, "", _("there is no goods line"))
    first_no, first = rows[0]
    for line_no, row in rows[1:]:
        for column in HEADER_COLUMNS:
            if (row.get(column) or "").strip() != (first.get(column) or "").strip():
                raise located(source_name, _("line {n}").format(n=line_no), _(
                    "{field} '{value}' differs from '{first}' on line {first_line}: the "
                    "header columns repeat the same value on every row"
                ).format(field=column, value=excerpt(row.get(column, "")),
                         first=excerpt(first.get(column, "")), first_line=first_no))
    data = _header(first)
    data["lines"] = [_goods_line(row) for _, row in rows]
    try:
        return declaration_from_dict(data, hs_check=hs_check, unit_check=unit_check)
    except DeclarationFieldError as error:
        file_line = first_no if error.index is None else rows[error.index][0]
        problem = error.problem
        column = _FIELD_COLUMN.get(error.field, "")
        if column and error.field != column:
            problem = problem.replace(error.field, column, 1)
        raise located(source_name, _("line {n}").format(n=file_line), problem) from None
