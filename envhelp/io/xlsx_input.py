"""Reading an officer's .xlsx safely: the zip checked before openpyxl inflates anything,
the workbook opened read-only, a damaged sheet refused as it is read, cell values and
header text as the importers compare them. Shared by the enterprise, permit and
self-assessment imports.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from envhelp.io import zip_limits
from envhelp.io.errors import UnreadableInputError

# A workbook is a zip: its directory, sizes and compression ratio are checked before
# openpyxl inflates anything (a 3 MB zip bomb once took 3.3 GB). A real sheet of
# 50,000 enterprises is ~25 MB of XML, compressed about 10 : 1.
XLSX_LIMITS = zip_limits.Limits(
    entries=2_000,
    directory_bytes=1024**2,
    member_bytes=128 * 1024**2,
    total_bytes=256 * 1024**2,
    ratio=100,
)


def normalize_header(text: Any) -> str:
    """Header text as compared: no spaces, marks like ``*`` or ``(必填)``, case or punctuation."""
    raw = "" if text is None else str(text)
    raw = raw.replace("（", "(").replace("）", ")")
    raw = re.sub(r"\((必填|选填|required|optional)\)", "", raw, flags=re.IGNORECASE)
    return re.sub(r"[\s*＊_\-/:：.]+", "", raw).lower()


def cell_text(value: Any) -> Any:
    """Excel values as the validators expect them: whole numbers without ``.0``."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool | int | float):
        return str(value)
    return value


def unreadable(path: Path, zh: str, en: str) -> UnreadableInputError:
    return UnreadableInputError(f"无法导入 {path.name}：{zh}", f"Cannot import {path.name}: {en}")


# What openpyxl raises on a file that is not a well-formed workbook (XML ParseError is a
# SyntaxError; a damaged deflate stream gives zlib.error or EOFError); a damaged sheet is
# only parsed while its rows are read.
# NotImplementedError: zipfile's answer to a member needing an unknown zip version or method.
PARSE_ERRORS = (
    zipfile.BadZipFile,
    KeyError,
    ValueError,
    OSError,
    TypeError,
    SyntaxError,
    zlib.error,
    EOFError,
    NotImplementedError,
)


def guarded_rows(path: Path, rows: Iterator[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    """The sheet's rows; a damaged sheet becomes UnreadableInputError (the import rolls back)."""
    while True:
        try:
            values = next(rows)
        except StopIteration:
            return
        except PARSE_ERRORS as exc:
            raise unreadable(
                path, f"工作表内容已损坏（{exc}）。", f"a worksheet is damaged ({exc})."
            ) from exc
        yield values


@contextmanager
def open_xlsx(path: Path) -> Iterator[Any]:
    """An officer's .xlsx opened read-only (values, not formulas), closed afterwards.

    A missing file, a zip that would inflate past the limits or a file that is not a
    workbook raises UnreadableInputError naming the file and what to do. Read its rows
    through :func:`guarded_rows` so a damaged sheet is refused the same way.
    """
    from openpyxl import load_workbook

    if not path.is_file():
        raise unreadable(path, "找不到该文件。", "the file does not exist.")
    _check_archive(path)
    handle = path.open("rb")
    workbook = None
    try:
        try:
            workbook = load_workbook(handle, read_only=True, data_only=True)
        except PARSE_ERRORS as exc:
            raise unreadable(
                path,
                "不是有效的 .xlsx 文件（旧版 .xls 或 .csv 请先在 Excel/WPS 中另存为 .xlsx）。",
                "it is not a valid .xlsx file (save old .xls or .csv files as .xlsx in "
                "Excel/WPS first).",
            ) from exc
        yield workbook
    finally:
        if workbook is not None:
            workbook.close()
        handle.close()


def _check_archive(path: Path) -> None:
    """Refuse a workbook whose zip would inflate past :data:`XLSX_LIMITS`."""

    def refuse(zh: str, en: str) -> UnreadableInputError:
        return unreadable(path, zh, en)

    zip_limits.check_directory(path, XLSX_LIMITS, refuse)
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a zip: openpyxl's refusal says what the file should be
    zip_limits.check_members(infos, XLSX_LIMITS, refuse)
