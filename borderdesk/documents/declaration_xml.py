"""Declaration XML: element names mirror the JSON form (docs/declarations.md).

Parsed with defusedxml: a document type declaration, entities (the
"billion laughs") and external references are refused before anything is
expanded or fetched. Nesting deeper than ``limits.NESTING_DEPTH`` is refused
while parsing, an encoding Python cannot read as XML (UTF-7, an unknown name)
on one line, and a repeated element (a second ``<lines>`` block would be
dropped unread) is an error naming it.
"""

from __future__ import annotations

import logging
from typing import Any
from xml.etree.ElementTree import Element, ParseError, TreeBuilder

import defusedxml
from defusedxml.ElementTree import DefusedXMLParser

from borderdesk.documents.declaration_json import (
    COST_FIELDS,
    HEADER_FIELDS,
    LINE_FIELDS,
    NESTED_FIELDS,
    DeclarationFieldError,
    HsCheck,
    UnitCheck,
    declaration_from_dict,
    located,
)
from borderdesk.domain.declaration import Declaration
from borderdesk.errors import excerpt
from borderdesk.i18n import _
from borderdesk.limits import NESTING_DEPTH

log = logging.getLogger("borderdesk.documents")

_NESTED = {**NESTED_FIELDS, "cost": COST_FIELDS}


class _TooDeep(Exception):
    pass


class _DepthBoundBuilder(TreeBuilder):
    """Builds the tree, stopping the parse as soon as it nests too deep."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0

    def start(self, tag: Any, attrs: Any, /) -> Element:
        self.depth += 1
        if self.depth > NESTING_DEPTH:
            raise _TooDeep
        return super().start(tag, attrs)

    def end(self, tag: Any, /) -> Element:
        self.depth -= 1
        return super().end(tag)


def _parse(data: bytes) -> Element:
    # A DTD alone is harmless; entities and external references never are.
    parser = DefusedXMLParser(target=_DepthBoundBuilder(), forbid_dtd=False,
                              forbid_entities=True, forbid_external=True)
    parser.feed(data)
    root: Element = parser.close()
    return root


def _tag(element: Element) -> str:
    return excerpt(element.tag)


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
                tag=_tag(child), parent=_tag(element)))
        if child.tag in found:
            raise _XmlShapeError(where, _("<{tag}> appears twice in <{parent}>").format(
                tag=child.tag, parent=element.tag))
        if child.tag in _NESTED:
            nested = _leaves(child, _NESTED[child.tag], f"{where}/{child.tag}")
            found[child.tag] = nested or None
        elif len(child):
            raise _XmlShapeError(where, _("<{tag}> must hold text only").format(
                tag=_tag(child)))
        else:
            found[child.tag] = child.text or ""
    return found


def _shape(root: Element) -> dict[str, Any]:
    if root.tag != "declaration":
        raise _XmlShapeError("", _("the root element is <{tag}>, not <declaration>").format(
            tag=_tag(root)))
    blocks = root.findall("lines")
    if len(blocks) > 1:
        # find() would take the first block and drop the goods of the others unread.
        raise _XmlShapeError("declaration", _("<{tag}> appears twice in <{parent}>").format(
            tag="lines", parent="declaration"))
    lines_element = blocks[0] if blocks else None
    header = Element("declaration")
    header.extend(child for child in root if child.tag != "lines")
    data = _leaves(header, tuple(f for f in HEADER_FIELDS if f != "lines"), "declaration")
    lines: list[dict[str, Any]] = []
    if lines_element is not None:
        for index, line in enumerate(lines_element, start=1):
            where = _("<line> {n}").format(n=index)
            if line.tag != "line":
                raise _XmlShapeError(where, _("<{tag}> is not allowed in <lines>").format(
                    tag=_tag(line)))
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
        root = _parse(data)
    except _TooDeep:
        raise located(source_name, "", _("XML nested more than {limit} levels deep").format(
            limit=NESTING_DEPTH)) from None
    except defusedxml.EntitiesForbidden as error:
        if error.sysid or error.pubid:
            problem = _("XML with an external entity ({name}) is refused").format(
                name=excerpt(error.name))
        else:
            problem = _(
                "XML declaring entities ({name}) is refused: entity expansion "
                "(\"billion laughs\") is never processed"
            ).format(name=excerpt(error.name))
        raise located(source_name, "", problem) from None
    except (defusedxml.ExternalReferenceForbidden, defusedxml.DTDForbidden):
        raise located(source_name, "", _(
            "XML referring to an external document type or file is refused")) from None
    except ParseError as error:
        line, column = error.position
        raise located(source_name, _("line {line}, column {column}").format(
            line=line, column=column + 1), _("not well-formed XML")) from None
    except (LookupError, ValueError) as error:
        # expat reads UTF-8, UTF-16, Latin-1 and single-byte code pages; UTF-7, multi-byte
        # code pages and unknown names end here (LookupError, ValueError, UnicodeError).
        log.info("%s: expat cannot read the encoding: %s", source_name, excerpt(error))
        raise located(source_name, "", _(
            "the XML's encoding cannot be read; save the file as UTF-8")) from None
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
