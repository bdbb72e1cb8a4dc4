"""Import enterprises from an Excel sheet (.xlsx) and write the blank template.

The first row that names the enterprise-name column is the header; headers may
be Chinese or English (see :data:`HEADER_ALIASES`). Every data row is checked
with :func:`envhelp.domain.enterprises.clean`, exactly like the GUI form. Rows
that break a rule are reported with the row number Excel shows and change
nothing; the good rows are saved, all in one transaction.

An enterprise already in the database (same USCC, or the same exact name when
the row has no USCC) is not added again: identical data counts as unchanged,
and non-empty cells that differ update the stored record (empty cells never
clear stored data).

Rows are read and checked one by one and saved in chunks of :data:`CHUNK_ROWS`:
the enterprises a chunk may match are looked up with one query, and its new
enterprises go in with one audited bulk insert (one audit entry each, in row
order, as saving them one by one would leave). ``progress``/``cancelled``
follow the contract of :mod:`envhelp.storage.progress`; a cancel rolls the
whole import back.

The header is read by io/enterprise_headers.py, the rows checked and saved by
io/enterprise_rows.py; the workbook is opened through io/xlsx_input.py.
"""

from __future__ import annotations

import gc
import threading
from pathlib import Path
from typing import Any

from envhelp.domain import enterprises
from envhelp.io.enterprise_headers import find_header
from envhelp.io.enterprise_import_result import ImportResult
from envhelp.io.enterprise_rows import Row, checked_row, filled_fields, is_blank, save_chunk
from envhelp.io.errors import UnreadableInputError
from envhelp.io.xlsx_input import guarded_rows, open_xlsx, unreadable
from envhelp.storage import Store
from envhelp.storage.progress import CancelledFn, ProgressFn, Steps

MAX_ROWS = 200_000  # data rows read from one sheet
CHUNK_ROWS = 500  # rows matched with one query and saved with one bulk insert


class _EasedCollector:
    """Ease the cyclic garbage collector's work while imports run (a context manager).

    An import keeps thousands of rows alive at a time, so the collector runs often
    and its full collections walk every object of the process: pypinyin's
    dictionaries alone are ≈ 190,000 (loaded for the search text), and the GUI has
    its own. That was ≈ 35 ms a full collection, a fifth of an import of 5,000 rows.
    While the first import runs until the last one ends:

    - ``gc.freeze`` sets the objects that existed before aside (they are still
      freed by reference counting; objects made during the import are collected
      as usual), unless something else in the process froze objects already;
    - the youngest generation is collected every ``YOUNG`` new objects instead of
      every 700 (a few hundred collections fewer per 5,000 rows).

    Both are undone at the end (the thresholds restored as they were found).
    """

    YOUNG = 5_000

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._holders = 0
        self._froze = False
        self._threshold: tuple[int, ...] = ()

    def __enter__(self) -> None:
        with self._lock:
            if self._holders == 0:
                self._froze = gc.get_freeze_count() == 0
                if self._froze:
                    gc.freeze()
                self._threshold = gc.get_threshold()
                young, *older = self._threshold
                if young:  # 0: collection switched off; leave it so
                    gc.set_threshold(max(young, self.YOUNG), *older)
            self._holders += 1

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self._holders -= 1
            if self._holders == 0:
                gc.set_threshold(*self._threshold)
                if self._froze:
                    gc.unfreeze()


_eased_collector = _EasedCollector()


def import_enterprises(
    store: Store,
    path: str | Path,
    *,
    progress: ProgressFn | None = None,
    cancelled: CancelledFn | None = None,
) -> ImportResult:
    """Import the first sheet with a recognizable header; see the module docstring.

    ``progress(done, total)`` counts the sheet's rows below the header (the total
    is first the size the file declares, then the rows really read) and reaches
    total at the end. Once ``cancelled()`` is true the import stops with
    :class:`~envhelp.errors.OperationCancelled` and nothing is saved.
    """
    # Loaded first, so that the dictionaries are among the objects set aside.
    enterprises.load_pinyin()
    with _eased_collector:
        return _import_file(store, Path(path), progress, cancelled)


def _import_file(
    store: Store, path: Path, progress: ProgressFn | None, cancelled: CancelledFn | None
) -> ImportResult:
    with open_xlsx(path) as workbook:
        return _import_workbook(store, path, workbook, progress, cancelled)


def _import_workbook(
    store: Store,
    path: Path,
    workbook: Any,
    progress: ProgressFn | None,
    cancelled: CancelledFn | None,
) -> ImportResult:
    """:func:`import_enterprises` once the workbook is open."""
    result = ImportResult()
    for sheet in workbook.worksheets:
        declared = sheet.max_row or 0  # the size the file states: only an estimate
        # Some programs write a wrong size into the sheet; read every row regardless.
        sheet.reset_dimensions()
        rows = guarded_rows(path, sheet.iter_rows(values_only=True))
        header = find_header(rows, result.ignored_columns)
        if header is None:
            result.ignored_columns.clear()
            continue
        result.sheet = sheet.title
        result.header_row, columns = header
        steps = Steps(max(declared - result.header_row, 1), progress, cancelled)
        steps.report()
        _import_rows(store, rows, result.header_row, columns, result, steps)
        return result
    raise unreadable(
        path,
        "没有找到表头行（前 10 行内应有“企业名称”列）。请使用导入模板。",
        "no header row found (the first 10 rows need an “企业名称 / name” column). "
        "Use the import template.",
    )


def _import_rows(
    store: Store,
    rows,
    header_row: int,
    columns: dict[int, str],
    result: ImportResult,
    steps: Steps,
) -> None:
    grades = enterprises.grades(store)
    seen: dict[str, int] = {}  # "uscc:..." / "name:..." → first row that used it
    chunk: list[Row] = []
    read = 0
    with store.transaction():
        for number, values in enumerate(rows, start=header_row + 1):
            read += 1
            if read > MAX_ROWS:
                raise UnreadableInputError(
                    f"工作表超过 {MAX_ROWS} 行，请分成几个文件导入。",
                    f"The sheet has more than {MAX_ROWS} rows; split it into several files.",
                )
            raw = {key: values[i] for i, key in columns.items() if i < len(values)}
            if not is_blank(raw):
                clean = checked_row(raw, number, seen, result, grades)
                if clean is not None:
                    chunk.append((number, clean, filled_fields(raw)))
            if read % CHUNK_ROWS == 0:
                save_chunk(store, chunk, result)
                chunk = []
                steps.total = max(steps.total, read + 1)  # the sheet's size may be wrong
                steps.advance(CHUNK_ROWS)
        save_chunk(store, chunk, result)
        steps.total = max(read, 1)  # a progress bar never gets a total of 0
        steps.check()  # a cancel still rolls everything back here
    # Rows refused while saving come after those refused while reading their chunk.
    result.rejected.sort(key=lambda r: r.row)
    steps.finish()
