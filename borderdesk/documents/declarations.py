"""Reading a declaration file in any of its three forms: JSON, CSV or XML.

``read_declaration`` takes only a regular file (never a FIFO, a device or a
folder) and refuses one over ``limits.STRUCTURED_FILE_BYTES`` before reading
it (``borderdesk.intake``), picks the reader by extension (or by the first character when
the extension says nothing), and returns a fully validated Declaration or
raises one UserInputError: nothing is half-read.
"""

from __future__ import annotations

from pathlib import Path

from borderdesk.documents.declaration_csv import read_declaration_csv
from borderdesk.documents.declaration_json import (
    HsCheck,
    UnitCheck,
    declaration_to_dict,
    located,
    read_declaration_json,
)
from borderdesk.documents.declaration_xml import read_declaration_xml
from borderdesk.domain.declaration import Declaration
from borderdesk.errors import UserInputError
from borderdesk.i18n import _
from borderdesk.intake import read_handed_file
from borderdesk.limits import STRUCTURED_FILE_BYTES

FORMATS = ("json", "csv", "xml")

__all__ = ["FORMATS", "declaration_format", "declaration_to_dict",
           "parse_declaration", "read_declaration"]


def declaration_format(name: str, data: bytes) -> str:
    """``json``, ``csv`` or ``xml``: by extension, else by the first character."""
    suffix = Path(name).suffix.lower().lstrip(".")
    if suffix in FORMATS:
        return suffix
    start = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if start.startswith(b"<"):
        return "xml"
    if start.startswith((b"{", b"[")):
        return "json"
    return "csv"


def parse_declaration(
    data: bytes, source_name: str, *, hs_check: HsCheck | None = None,
    unit_check: UnitCheck | None = None, fmt: str | None = None,
) -> Declaration:
    """Validate the bytes of a declaration file (the GUI's paste or drop lands here too).

    Raises:
        UserInputError: "declaration.csv: line 7: hs_code '19011' is not 4, 6, 8 or 10
            digits".
    """
    if len(data) > STRUCTURED_FILE_BYTES:
        raise _too_big(source_name, len(data))
    fmt = fmt or declaration_format(source_name, data)
    if fmt == "xml":
        return read_declaration_xml(data, source_name, hs_check=hs_check, unit_check=unit_check)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise located(source_name, "", _(
            "not UTF-8 text (byte {offset}); save the file as UTF-8").format(
            offset=error.start)) from None
    if fmt == "json":
        return read_declaration_json(text, source_name, hs_check=hs_check, unit_check=unit_check)
    return read_declaration_csv(text, source_name, hs_check=hs_check, unit_check=unit_check)


def _too_big(source_name: str, size: int) -> UserInputError:
    return located(source_name, "", _(
        "the file is {size} MB; a declaration may be at most {limit} MB"
    ).format(size=round(size / 1024 / 1024, 1), limit=STRUCTURED_FILE_BYTES // 1024 // 1024))


def read_declaration(
    path: Path, *, hs_check: HsCheck | None = None, unit_check: UnitCheck | None = None
) -> Declaration:
    """Read and validate a declaration file (JSON, CSV or XML).

    ``hs_check`` and ``unit_check`` judge HS codes and units; the services
    pass the shipped nomenclature's (``services.checks.read_declaration_file``).

    Raises:
        UserInputError: naming the file, the line or element and the field; or
            the file is a FIFO, a device, a folder, a symlink loop, missing or
            larger than ``limits.STRUCTURED_FILE_BYTES`` (nothing is read then).
    """
    data = read_handed_file(path, STRUCTURED_FILE_BYTES)
    return parse_declaration(data, path.name, hs_check=hs_check, unit_check=unit_check)
