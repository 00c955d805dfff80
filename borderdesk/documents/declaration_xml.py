"""Declaration XML: element names mirror the JSON form (docs/declarations.md).

Parsed with defusedxml: a document type declaration, entities (the
"billion laughs") and external references are refused before anything is
expanded or fetched.
"""

from __future__ import annotations

from typing import Any
from xml.etree.ElementTree import Element, ParseError

import defusedxml
from defusedxml.ElementTree import fromstring

from borderdesk.documents.declaration_json import (
    COST_FIELDS,
    HEADER_FIELDS,
    LINE_FIELDS,
    DeclarationFieldError,
    HsCheck,
    UnitCheck,
    declaration_from_dict,
    located,
)
from borderdesk.domain.declaration import Declaration
from borderdesk.i18n import _

_NESTED = {
    "trader": ("name", "tax_code"),
    "vehicle": ("plate", "container_no", "seal_no"),
    "origin_certificate": ("form", "number", "issued_at", "origin_country"),
    "cost": COST_FIELDS,
}


class _XmlShapeError(Exception):
    def __init__(self, where: str, problem: str) -> None:
        super().__init__(problem)
        self.where = where
        self.problem = problem


def _leaves(element: Element, allowed: tuple[str, ...], where: str) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for child in element:
        if child.tag not in allowed:
            raise _XmlShapeError(where, _("<{tag}> is not allowed in <{parent}>").format(
                tag=child.tag, parent=element.tag))
        if child.tag in found:
            raise _XmlShapeError(where, _("<{tag}> appears twice in <{parent}>").format(
                tag=child.tag, parent=element.tag))
        if child.tag in _NESTED:
            nested = _leaves(child, _NESTED[child.tag], f"{where}/{child.tag}")
            found[child.tag] = nested or None
        elif len(child):
            raise _XmlShapeError(where, _("<{tag}> must hold text only").format(tag=child.tag))
        else:
            found[child.tag] = child.text or ""
    return found


def _shape(root: Element) -> dict[str, Any]:
    if root.tag != "declaration":
        raise _XmlShapeError("", _("the root element is <{tag}>, not <declaration>").format(
            tag=root.tag))
    lines_element = root.find("lines")
    header = Element("declaration")
    header.extend(child for child in root if child.tag != "lines")
    data = _leaves(header, tuple(f for f in HEADER_FIELDS if f != "lines"), "declaration")
    lines: list[dict[str, Any]] = []
    if lines_element is not None:
        for index, line in enumerate(lines_element, start=1):
            where = _("<line> {n}").format(n=index)
            if line.tag != "line":
                raise _XmlShapeError(where, _("<{tag}> is not allowed in <lines>").format(
                    tag=line.tag))
            lines.append(_leaves(line, LINE_FIELDS, where))
    data["lines"] = lines
    return data


def read_declaration_xml(
    data: bytes, source_name: str, *, hs_check: HsCheck | None = None,
    unit_check: UnitCheck | None = None,
) -> Declaration:
    """Read the XML form.

    Raises:
        UserInputError: naming the element and field of the first problem, the
            line of a syntax error, or the refused DTD / entity / external reference.
    """
    try:
        # A DTD alone is harmless; entities and external references never are.
        root = fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except defusedxml.EntitiesForbidden as error:
        if error.sysid or error.pubid:
            problem = _("XML with an external entity ({name}) is refused").format(
                name=error.name)
        else:
            problem = _(
                "XML declaring entities ({name}) is refused: entity expansion "
                "(\"billion laughs\") is never processed"
            ).format(name=error.name)
        raise located(source_name, "", problem) from None
    except (defusedxml.ExternalReferenceForbidden, defusedxml.DTDForbidden):
        raise located(source_name, "", _(
            "XML referring to an external document type or file is refused")) from None
    except ParseError as error:
        line, column = error.position
        raise located(source_name, _("line {line}, column {column}").format(
            line=line, column=column + 1), _("not well-formed XML")) from None
    try:
        shaped = _shape(root)
    except _XmlShapeError as error:
        raise located(source_name, error.where, error.problem) from None
    try:
        return declaration_from_dict(shaped, hs_check=hs_check, unit_check=unit_check)
    except DeclarationFieldError as error:
        if error.index is None:
            where = ""
        elif error.line_no is not None:
            where = _("<line> {n} (line_no {line_no})").format(
                n=error.index + 1, line_no=error.line_no)
        else:
            where = _("<line> {n}").format(n=error.index + 1)
        raise located(source_name, where, error.problem) from None
