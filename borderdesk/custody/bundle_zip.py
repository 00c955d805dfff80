"""Reading a zip file that nobody vouches for: names, kinds and sizes checked, bytes capped.

The structure is checked from the central directory before any member is
read; members are then decompressed here, from their raw bytes, under a hard
byte limit, so a declared size is only a claim and a bomb stops at the limit.
Nothing is ever written to disk.
"""

from __future__ import annotations

import os
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import IO

from borderdesk.errors import BundleRefused, excerpt
from borderdesk.i18n import _
from borderdesk.limits import BUNDLE_FILE_BYTES, DOCUMENT_FILE_BYTES, STRUCTURED_FILE_BYTES

MANIFEST = "bundle.json"
SIGNATURE = "signature.json"
EVIDENCE_DIR = "evidence/"
_EVIDENCE_NAME = re.compile(r"evidence/[0-9a-f]{64}")
_CHUNK = 64 * 1024
_LOCAL_HEADER = struct.Struct("<4s5H3L2H")
_LOCAL_MAGIC = b"PK\x03\x04"
_MiB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What a bundle may hold; anything beyond is refused before or while reading.

    The byte limits are ``borderdesk.limits``'s, so that the window, the CLI and
    ``docs/limits.md`` speak of the same numbers.
    """

    max_members: int = 2_000
    max_member_bytes: int = DOCUMENT_FILE_BYTES
    """A scanned PDF or a photo: no larger than evidence may be when attached."""
    max_manifest_bytes: int = STRUCTURED_FILE_BYTES
    max_total_bytes: int = BUNDLE_FILE_BYTES
    """The bundle file itself and its members unpacked, all together."""
    max_ratio: int = 100
    """Uncompressed / compressed; photos barely compress, JSON about 10 times."""
    ratio_floor: int = _MiB
    """Members smaller than this are not held to ``max_ratio`` (a tiny JSON may compress well)."""



_QUOTED = frozenset({"name", "field", "entry", "value", "signed", "description", "reference",
                     "known", "media_type", "version"})
"""Keywords of :func:`refused` whose values come from the bundle: quoted through
``errors.excerpt``, so a 64 KB file name or field is not a 64 KB message."""


def _quoted(key: str, value: object) -> object:
    if key not in _QUOTED or (isinstance(value, str) and _EVIDENCE_NAME.fullmatch(value)):
        return value  # an evidence file's name is whole, its SHA-256 is what the officer checks
    return excerpt(value)


def refused(message: str, **names: object) -> BundleRefused:
    """``Bundle refused: <message>``, the values from the bundle cut to a readable length."""
    quoted = {key: _quoted(key, value) for key, value in names.items()}
    return BundleRefused(_("Bundle refused: {reason}").format(reason=message.format(**quoted)))


def _unsafe_name(name: str) -> bool:
    parts = name.split("/")
    return (name.startswith("/") or "\\" in name or "\x00" in name or ".." in parts
            or re.match(r"[A-Za-z]:", name) is not None)


def check_structure(infos: Sequence[zipfile.ZipInfo], limits: Limits) -> None:
    """Names, kinds and declared sizes, from the central directory alone."""
    if len(infos) > limits.max_members:
        raise refused(_("it holds {count} files, more than {limit}."),
                      count=len(infos), limit=limits.max_members)
    seen: set[str] = set()
    declared_total = 0
    for info in infos:
        name = info.orig_filename
        if _unsafe_name(name):
            raise refused(_("the file name '{name}' is unsafe (absolute path, '..', "
                            "backslash or drive letter)."), name=name)
        mode = info.external_attr >> 16
        if info.create_system == 3 and stat.S_ISLNK(mode):
            raise refused(_("'{name}' is a symbolic link."), name=name)
        if info.is_dir() or (info.create_system == 3 and stat.S_IFMT(mode)
                             and not stat.S_ISREG(mode)):
            raise refused(_("'{name}' is not a regular file."), name=name)
        if name in seen:
            raise refused(_("the file name '{name}' appears twice."), name=name)
        seen.add(name)
        if name not in {MANIFEST, SIGNATURE} and not _EVIDENCE_NAME.fullmatch(name):
            raise refused(_("'{name}' is not listed in bundle.json."), name=name)
        if info.flag_bits & 0x1:
            raise refused(_("'{name}' is encrypted."), name=name)
        if info.compress_type not in {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}:
            raise refused(_("'{name}' uses a compression BorderDesk does not read."), name=name)
        limit = limits.max_manifest_bytes if name in {MANIFEST, SIGNATURE} \
            else limits.max_member_bytes
        if info.file_size > limit:
            raise refused(_("'{name}' is too large ({size} bytes; at most {limit})."),
                          name=name, size=info.file_size, limit=limit)
        if info.file_size > limits.ratio_floor \
                and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise refused(_("'{name}' expands more than {ratio} times: a zip bomb."),
                          name=name, ratio=limits.max_ratio)
        declared_total += info.file_size
    if declared_total > limits.max_total_bytes:
        raise refused(_("its files add up to {size} bytes, more than {limit}."),
                      size=declared_total, limit=limits.max_total_bytes)


class MemberReader:
    """Reads members of an open zip file by decompressing their raw bytes under limits."""

    def __init__(self, handle: IO[bytes], limits: Limits) -> None:
        self._handle = handle
        self._limits = limits
        self.total = 0

    def _raw_start(self, info: zipfile.ZipInfo) -> None:
        if info.header_offset < 0:
            # A mangled central directory can point before the start of the file.
            raise refused(_("'{name}' is damaged."), name=info.orig_filename)
        self._handle.seek(info.header_offset)
        header = self._handle.read(_LOCAL_HEADER.size)
        if len(header) != _LOCAL_HEADER.size or header[:4] != _LOCAL_MAGIC:
            raise refused(_("'{name}' is damaged."), name=info.orig_filename)
        fields = _LOCAL_HEADER.unpack(header)
        name_length, extra_length = fields[9], fields[10]
        raw_name = self._handle.read(name_length)
        encoding = "utf-8" if fields[2] & 0x800 else "cp437"
        if raw_name.decode(encoding, errors="replace") != info.orig_filename:
            # The name a zip tool shows and the one it would extract differ: a known trick.
            raise refused(_("'{name}' has two different names inside the zip."),
                          name=info.orig_filename)
        self._handle.seek(extra_length, os.SEEK_CUR)

    def chunks(self, info: zipfile.ZipInfo, limit: int) -> Iterator[bytes]:
        """The member's bytes, refused as soon as they pass ``limit`` or the declared size."""
        name = info.orig_filename
        self._raw_start(info)
        left = info.compress_size
        inflater = zlib.decompressobj(-zlib.MAX_WBITS) \
            if info.compress_type == zipfile.ZIP_DEFLATED else None
        produced = consumed = 0
        crc = 0
        pending = b""
        while True:
            if not pending:
                if left <= 0:
                    break
                pending = self._handle.read(min(_CHUNK, left))
                if not pending:
                    break
                left -= len(pending)
                consumed += len(pending)
            if inflater is None:
                out, pending = pending, b""
            else:
                try:
                    out = inflater.decompress(pending, _CHUNK)
                except zlib.error:
                    # One flipped bit in a deflated member: the data are damaged, not a bug.
                    raise refused(_("'{name}' is damaged."), name=name) from None
                pending = inflater.unconsumed_tail
            produced += len(out)
            self.total += len(out)
            if produced > min(limit, info.file_size):
                raise refused(_("'{name}' holds more bytes than declared."), name=name)
            if produced > self._limits.ratio_floor \
                    and produced > self._limits.max_ratio * max(consumed, 1):
                raise refused(_("'{name}' expands more than {ratio} times: a zip bomb."),
                              name=name, ratio=self._limits.max_ratio)
            if self.total > self._limits.max_total_bytes:
                raise refused(_("its files add up to more than {limit} bytes."),
                              limit=self._limits.max_total_bytes)
            crc = zlib.crc32(out, crc)
            yield out
            if inflater is not None and inflater.eof:
                break
        if (inflater is not None and not inflater.eof) or produced != info.file_size \
                or crc != info.CRC:
            raise refused(_("'{name}' is damaged or shorter than declared."), name=name)

    def read(self, info: zipfile.ZipInfo, limit: int) -> bytes:
        """The whole member, under ``limit``."""
        return b"".join(self.chunks(info, limit))
