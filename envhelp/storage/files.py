"""Checksums of files and streams, read in chunks so large photos never sit in memory."""

from __future__ import annotations

import hashlib
import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO

CHUNK = 1 << 20

# What reading a damaged zip member can raise besides OSError: zipfile's own errors,
# inflate errors, a truncated file, ValueError (e.g. a local header name that is not
# UTF-8) and NotImplementedError (a zip version or method zipfile does not know).
ZIP_READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError)


def stream_sha256(stream: BinaryIO) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(CHUNK), b""):
        digest.update(chunk)
    return digest.hexdigest()


def file_sha256(path: Path) -> str:
    with Path(path).open("rb") as handle:
        return stream_sha256(handle)
