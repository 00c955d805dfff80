"""A library's English never ends up inside a Vietnamese sentence; the detail goes to the log.

One test per family of messages: an operating-system error, a JSON, XML, CSV or TOML file
that does not parse, a database that cannot be opened, an outside tool that failed, a
backup whose manifest is broken. Each is read as an officer of a Vietnamese gate reads it.
"""

from __future__ import annotations

import errno
import json
import logging
import sys
import zipfile
from pathlib import Path

import pytest

from borderdesk import i18n
from borderdesk.documents.rules_config import read_settings_table
from borderdesk.errors import EnvironmentProblem, UserInputError
from borderdesk.intake import read_handed_file
from borderdesk.reasons import reason_for
from borderdesk.services.backups import MANIFEST, read_manifest
from borderdesk.services.checks import parse_declaration_bytes
from borderdesk.storage import backup as mechanics
from borderdesk.storage.engine import Database, parse_url

DECLARATION = Path(__file__).resolve().parents[1] / "data" / "checks"


@pytest.fixture(autouse=True)
def vietnamese() -> None:
    i18n.set_language("vi")


def _refusal(call, *args) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises((UserInputError, EnvironmentProblem)) as refused:
        call(*args)
    return str(refused.value)


@pytest.mark.parametrize(("number", "strerror"), [
    (errno.ENOENT, "No such file or directory"),
    (errno.EACCES, "Permission denied"),
    (errno.ENOSPC, "No space left on device"),
    (errno.EROFS, "Read-only file system"),
    (errno.EIO, "Input/output error"),
    (errno.ECONNREFUSED, "Connection refused"),
])
def test_an_os_error_is_said_by_its_errno_and_its_text_logged(
        number: int, strerror: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="borderdesk.reasons")
    reason = reason_for(OSError(number, strerror))
    assert strerror not in reason
    assert reason
    assert strerror in caplog.text


def test_a_missing_file_is_said_in_vietnamese(tmp_path: Path) -> None:
    message = _refusal(read_handed_file, tmp_path / "to-khai.json", 1000)
    assert message == "to-khai.json: không đọc được: không có tệp này"


def test_an_unknown_errno_is_named_by_its_number_not_its_text() -> None:
    reason = reason_for(OSError(errno.EXDEV, "Invalid cross-device link"))
    assert "cross-device" not in reason
    assert str(errno.EXDEV) in reason


def test_broken_json_names_the_place_without_the_parser_s_words(
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="borderdesk.documents")
    message = _refusal(parse_declaration_bytes, b'{"declaration_no": \n}', "to-khai.json")
    assert "Expecting" not in message
    assert message.startswith("to-khai.json: dòng 2, cột 1: ")
    assert "Expecting value" in caplog.text


def test_xml_in_an_unknown_encoding_is_refused_without_expat_s_words() -> None:
    xml = (DECLARATION / "declaration.xml").read_text(encoding="utf-8").replace(
        'encoding="UTF-8"', 'encoding="x-nonsense"')
    message = _refusal(parse_declaration_bytes, xml.encode(), "to-khai.xml")
    assert "unknown encoding" not in message and "x-nonsense" not in message
    assert message.startswith("to-khai.xml: ")


def test_broken_csv_is_refused_without_the_csv_module_s_words() -> None:
    csv_text = (DECLARATION / "declaration.csv").read_text(encoding="utf-8")
    lines = csv_text.splitlines()
    lines[1] = lines[1] + ',"unclosed\0'
    message = _refusal(parse_declaration_bytes, "\n".join(lines).encode(), "to-khai.csv")
    assert "NUL" not in message and "line contains" not in message
    assert message.startswith("to-khai.csv: ")


def test_broken_toml_is_refused_without_tomllib_s_words(tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    path.write_text("[weights\nx = ", encoding="utf-8")
    message = _refusal(read_settings_table, path)
    assert "Expected" not in message and "Invalid" not in message and "at line" not in message
    assert message.startswith("rules.toml: ")


def test_a_file_that_is_no_database_is_said_in_our_words(tmp_path: Path) -> None:
    damaged = tmp_path / "gate.sqlite3"
    damaged.write_bytes(b"not a database" * 100)
    db = Database(f"sqlite:///{damaged}")
    try:
        message = _refusal(db.ping)
    finally:
        db.dispose()
    assert "file is not a database" not in message
    assert "(sqlite3" not in message and "Background on this error" not in message
    assert message.startswith("Không kết nối được cơ sở dữ liệu sqlite:///")


def test_a_tool_that_failed_is_named_with_its_exit_status_not_its_stderr(
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="borderdesk.reasons")
    tool = [sys.executable, "-c",
            "import sys; sys.stderr.write('pg_dump: error: server version mismatch\\n');"
            " sys.exit(1)"]
    message = _refusal(mechanics._run_tool, tool, parse_url("postgresql://gate@db/gate"),
                       "pg_dump")
    assert "server version mismatch" not in message
    assert " 1 " in message
    assert "server version mismatch" in caplog.text


@pytest.mark.parametrize(("manifest", "library_words"), [
    (b"{", "Expecting"),
    (json.dumps({"format": "borderdesk-backup"}).encode(), "KeyError"),
    (json.dumps({"format": "borderdesk-backup", "format_version": "two"}).encode(),
     "invalid literal"),
])
def test_a_broken_backup_manifest_is_said_in_our_words(
        tmp_path: Path, manifest: bytes, library_words: str) -> None:
    path = tmp_path / "gate.bdbackup"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(MANIFEST, manifest)
    message = _refusal(read_manifest, path)
    assert library_words not in message and "'format_version'" not in message
    assert "gate.bdbackup" in message


def test_a_report_that_cannot_be_written_says_why_in_our_words(tmp_path: Path) -> None:
    from borderdesk.reports.output_file import write_atomically

    def full_disk(_temporary: Path) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    message = _refusal(write_atomically, tmp_path / "ca-chieu.pdf", full_disk)
    assert "No space left" not in message
    assert message.startswith(f"{tmp_path / 'ca-chieu.pdf'}: ")
    assert not (tmp_path / "ca-chieu.pdf").exists()


def test_tesseract_failing_is_said_with_its_exit_status(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    import pytesseract

    from borderdesk.ocr.engine import PytesseractEngine

    def broken(*_args: object, **_kwargs: object) -> str:
        raise pytesseract.TesseractError(1, "Error in pixReadStream: Unknown format")

    monkeypatch.setattr(pytesseract, "image_to_string", broken)
    caplog.set_level(logging.INFO, logger="borderdesk.reasons")
    message = _refusal(PytesseractEngine()._call, "image_to_string", None)
    assert "pixReadStream" not in message and "Unknown format" not in message
    assert message.startswith("tesseract ")
    assert "Unknown format" in caplog.text


def test_a_missing_plate_reader_is_said_without_python_s_words(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from borderdesk.ocr import text_regions

    monkeypatch.setitem(sys.modules, "rapidocr", None)  # any import of it now fails
    message = _refusal(text_regions.RegionReader()._loaded)
    assert "No module named" not in message and "import of rapidocr" not in message
    assert "rapidocr" in message
