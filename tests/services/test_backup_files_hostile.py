"""A backup file from outside is refused on one line, whatever its manifest holds.

Restoring is an administrator's act, but the file may come from anywhere: a
manifest nested 100,000 deep, with a key twice, or inflating to gigabytes,
and a pipe or a device named as the file, each end in a UserInputError
before any database is touched.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from borderdesk.errors import UserInputError
from borderdesk.services.backups import MANIFEST, read_manifest


def _backup_with_manifest(tmp_path: Path, manifest: bytes) -> Path:
    path = tmp_path / "gate.bdbackup"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, manifest)
        archive.writestr("database.sqlite3", b"")
    return path


def _refusal(path: Path) -> str:
    with pytest.raises(UserInputError) as refused:
        read_manifest(path)
    message = str(refused.value)
    assert "\n" not in message and len(message) < 400
    return message


@pytest.mark.parametrize(("manifest", "said"), [
    (b"[" * 100_000 + b"]" * 100_000, "nested"),
    (b'{"format": "borderdesk-backup", "format": "borderdesk-backup"}', "twice"),
    (b'{"format": "borderdesk-backup", "format_version": ' + b"9" * 5000 + b"}", "5000"),
])
def test_a_hostile_manifest_is_named_as_such(tmp_path: Path, manifest: bytes, said: str) -> None:
    message = _refusal(_backup_with_manifest(tmp_path, manifest))
    assert "not a usable BorderDesk backup" in message
    assert said in message


def test_a_manifest_that_inflates_past_the_limit_is_refused_before_it_is_inflated(
        tmp_path: Path) -> None:
    # 40 MB of spaces deflate to about 40 KB: small on disk, a bomb in memory.
    path = _backup_with_manifest(tmp_path, b"{" + b" " * (40 * 1024 * 1024) + b"}")
    assert path.stat().st_size < 1024 * 1024
    assert "too large" in _refusal(path)


def test_a_pipe_or_a_device_named_as_the_backup_is_refused_without_waiting(
        tmp_path: Path) -> None:
    fifo = tmp_path / "backup.fifo"
    os.mkfifo(fifo)
    assert "FIFO" in _refusal(fifo)
    assert "device" in _refusal(Path("/dev/zero"))
