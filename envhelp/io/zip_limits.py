"""Limits checked on a zip file (a bundle, an .xlsx workbook) before it is unpacked.

``zipfile`` reads the whole central directory into memory when it opens a file, and
an .xlsx reader inflates members it is given; a hostile file of a few megabytes can
claim millions of entries or inflate to gigabytes. :func:`check_directory` reads only
the end-of-directory record (a few bytes at the end of the file) to refuse an oversized
directory before ``zipfile`` sees it; :func:`check_members` then bounds each member's
size, the total and the compression ratio from the directory alone, and that every
member is one ``zipfile`` can read (stored or deflated, not encrypted): a damaged
directory is refused by name before a reader meets the member.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

EOCD = b"PK\x05\x06"
ZIP64_LOCATOR = b"PK\x06\x07"
ZIP64_EOCD = b"PK\x06\x06"
EOCD_SIZE = 22
TAIL = EOCD_SIZE + 0xFFFF  # the record, and a comment of at most 64 KiB


@dataclass(frozen=True)
class Limits:
    entries: int
    directory_bytes: int
    member_bytes: int
    total_bytes: int
    ratio: int  # uncompressed / compressed, for members above ratio_min_bytes
    ratio_min_bytes: int = 1024**2


Refuse = Callable[[str, str], Exception]  # (zh, en) → the error to raise


def _little(data: bytes) -> int:
    return int.from_bytes(data, "little")


def directory_size(path: Path) -> tuple[int, int] | None:
    """(entries, bytes) of the central directory as the file's end records state them,
    or None when there is no end record (not a zip: ``zipfile`` will say so)."""
    size = path.stat().st_size
    with path.open("rb") as handle:
        start = max(0, size - TAIL)
        handle.seek(start)
        tail = handle.read()
        at = tail.rfind(EOCD)
        if at < 0 or len(tail) - at < EOCD_SIZE:
            return None
        entries, directory = _little(tail[at + 10 : at + 12]), _little(tail[at + 12 : at + 16])
        locator = at - 20
        if locator >= 0 and tail[locator : locator + 4] == ZIP64_LOCATOR:
            handle.seek(_little(tail[locator + 8 : locator + 16]))
            record = handle.read(56)
            if record[:4] == ZIP64_EOCD and len(record) == 56:
                entries, directory = _little(record[32:40]), _little(record[40:48])
    return entries, directory


def check_directory(path: Path, limits: Limits, refuse: Refuse) -> None:
    found = directory_size(path)
    if found is None:
        return
    entries, directory = found
    if entries > limits.entries or directory > limits.directory_bytes:
        raise refuse(
            f"压缩包目录过大（{entries} 个文件，目录 {directory} 字节），疑似恶意文件。",
            f"the archive's directory is too large ({entries} entries, {directory} bytes); "
            "the file looks hostile.",
        )


def check_members(
    infos: list[zipfile.ZipInfo],
    limits: Limits,
    refuse: Refuse,
    member_limit: Callable[[zipfile.ZipInfo], int] | None = None,
) -> None:
    """Each member's declared size, the total and the ratio (a zip bomb) within limits,
    and each member readable (:func:`check_readable`)."""
    check_readable(infos, refuse)
    if len(infos) > limits.entries:
        raise refuse(f"文件数过多（{len(infos)}）。", f"too many members ({len(infos)}).")
    total = 0
    for info in infos:
        total += info.file_size
        limit = member_limit(info) if member_limit else limits.member_bytes
        bomb = info.file_size > limits.ratio_min_bytes and info.file_size > limits.ratio * max(
            info.compress_size, 1
        )
        if info.file_size > limit or total > limits.total_bytes or bomb:
            raise refuse(
                f"包内文件过大或压缩比异常（疑似压缩炸弹）：{info.filename}，解压后 "
                f"{info.file_size} 字节。",
                f"a member is too large or compressed suspiciously well (a zip bomb?): "
                f"{info.filename}, {info.file_size} bytes uncompressed.",
            )


def check_readable(infos: list[zipfile.ZipInfo], refuse: Refuse) -> None:
    """Refuse a member flagged as encrypted or compressed by another method than stored or
    deflated: EnvHelp, Excel and WPS write no other, so it is damage, and reading it would
    raise RuntimeError, NotImplementedError or a decompressor's own error midway."""
    for info in infos:
        if info.flag_bits & 0x1:
            raise refuse(
                f"包内文件已加密（文件可能已损坏）：{info.filename}。",
                f"a member is encrypted (the file may be damaged): {info.filename}.",
            )
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise refuse(
                f"包内文件的压缩方式无法识别（文件可能已损坏）：{info.filename}。",
                f"a member uses an unknown compression method (the file may be damaged): "
                f"{info.filename}.",
            )
