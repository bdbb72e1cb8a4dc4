"""Checksums of files and streams (read in chunks so large photos never sit in memory),
and saving a file whole or not at all."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from lzma import LZMAError
from pathlib import Path
from typing import Any, BinaryIO

CHUNK = 1 << 20

# What opening or reading a damaged zip can raise besides OSError: zipfile's own errors,
# inflate errors, a truncated file, ValueError (e.g. a local header name that is not
# UTF-8), RuntimeError (a member flagged as encrypted; its subclass NotImplementedError
# for a "version needed" or method zipfile does not know) and LZMAError (a damaged
# method field naming LZMA). Every reader of an officer's zip catches this one tuple.
ZIP_READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, ValueError, RuntimeError, LZMAError)


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


NEW_FILE_MODE = 0o666  # as any program creates a file: the user's umask then takes its share


def _create_exclusive(folder: Path, prefix: str) -> tuple[int, Path]:
    """A new, empty file in ``folder`` with an unused name, opened for writing.

    Unlike :func:`tempfile.mkstemp` (always 0600), the file gets the mode any
    saved file gets: ``0o666`` less the umask, so an exported workbook can be
    read by whoever may read the folder, as the user expects.
    """
    for _ in range(100):
        path = folder / f"{prefix}{secrets.token_hex(6)}.part"
        try:
            fd = os.open(
                path,
                os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                NEW_FILE_MODE,
            )
        except FileExistsError:
            continue
        return fd, path
    raise FileExistsError(f"no free temporary name in {folder}")


def _fsync_path(path: Path) -> None:
    # Opened for writing: Windows refuses to flush a read-only handle.
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_save(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path next to ``target``; when the block ends, make it ``target``.

    The one way EnvHelp writes an output file (workbooks, PDFs, bundles, backups,
    attachments, thumbnails, exported templates): the caller writes the whole
    file at the yielded path; on success it is flushed to disk (fsync) and renamed
    over ``target`` in one step, so a reader, a crash or a power cut sees either
    the old file or the complete new one. On any error (including a cancel) the
    temporary file is removed and ``target`` is left untouched. The file gets the
    permissions of any file the user saves (``0o666`` less the umask).
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _create_exclusive(target.parent, f".{target.stem}-")
    os.close(fd)
    try:
        yield tmp
        _fsync_path(tmp)
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def write_atomic(target: str | Path, data: bytes) -> Path:
    """Write ``data`` as the whole of ``target`` through :func:`atomic_save`."""
    with atomic_save(target) as tmp:
        tmp.write_bytes(data)
    return Path(target)
