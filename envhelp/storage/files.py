"""Checksums of files and streams (read in chunks so large photos never sit in memory),
and saving a file whole or not at all."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO

CHUNK = 1 << 20

# What reading a damaged zip member can raise besides OSError: zipfile's own errors,
# inflate errors, a truncated file, ValueError (e.g. a local header name that is not
# UTF-8) and NotImplementedError (a zip version or method zipfile does not know).
ZIP_READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError)


def safe_suffix(filename: str) -> str:
    """The file's extension, lower-case and limited to safe characters (or empty)."""
    suffix = Path(filename).suffix.lower()
    return suffix if re.fullmatch(r"\.[a-z0-9]{1,8}", suffix) else ""


def stored_path(store, attachment: Mapping[str, Any]) -> Path:
    """An attachment's file in the store's attachments folder: named by its content hash."""
    return store.attachments_dir / (attachment["sha256"] + safe_suffix(attachment["filename"]))


def stream_sha256(stream: BinaryIO) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(CHUNK), b""):
        digest.update(chunk)
    return digest.hexdigest()


def file_sha256(path: Path) -> str:
    with Path(path).open("rb") as handle:
        return stream_sha256(handle)


@contextlib.contextmanager
def atomic_save(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path next to ``target``; on success rename it to ``target``.

    On any error (including :class:`ExportCancelled`) the temporary file is
    removed and ``target`` is left untouched.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=".part", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
