"""The problem ledger (问题台账) as an Excel workbook, streamed row by row.

One row per problem with the columns of :data:`COLUMNS`; headers and codes
in the current language (:mod:`envhelp.i18n`). The rows come straight from
the database cursor (:func:`envhelp.domain.ledger.iter_rows`) into an
openpyxl write-only sheet, so a 150,000-row ledger never sits in memory.
The GUI passes ``progress`` and ``cancel`` callables; a cancelled export
raises :class:`~envhelp.reports.xlsx_common.ExportCancelled` and leaves no file.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from envhelp import i18n
from envhelp.domain import ledger, vocab
from envhelp.reports import xlsx_common as xc
from envhelp.storage import Store


class Column(NamedTuple):
    key: str
    zh: str
    en: str
    width: float
    wrap: bool = False

    @property
    def title(self) -> str:
        return i18n.pick(self.zh, self.en)


COLUMNS = (
    Column("enterprise_name", "企业名称", "Enterprise", 28, True),
    Column("uscc", "统一社会信用代码", "USCC", 21),
    Column("town", "镇街", "Town", 12),
    Column("found_on", "发现日期", "Found on", 11),
    Column("category", "问题类别", "Category", 12),
    Column("severity", "严重程度", "Severity", 9),
    Column("description", "问题描述", "Description", 40, True),
    Column("requirement", "整改要求", "Requirement", 32, True),
    Column("deadline", "整改期限", "Deadline", 11),
    Column("status", "状态", "State", 9),
    Column("closed_on", "销号日期", "Closed on", 11),
    Column("closed_by_name", "核查人员", "Verifying officer", 10),
    Column("close_method", "核查方式", "Method", 13),
    Column("days_overdue", "逾期天数", "Days overdue", 9),
)

PROGRESS_EVERY = 500


def sheet_title() -> str:
    return i18n.pick("问题台账", "Problem ledger")


def _labels(codes: dict[str, tuple[str, str]]) -> dict[str, str]:
    return {code: vocab.label(codes, code) for code in codes}


def row_shaper() -> Callable[[dict[str, Any]], list[Any]]:
    """A function giving the exported values of a ledger row, in :data:`COLUMNS` order.

    The labels are those of the language current when it is made; looking them
    up once instead of per row and cell matters at 150,000 rows. Codes without
    a label are exported as they are (as :func:`envhelp.domain.vocab.label` does).
    """
    categories = _labels(vocab.PROBLEM_CATEGORIES)
    severities = _labels(vocab.SEVERITIES)
    statuses = _labels(vocab.PROBLEM_STATUSES)
    methods = _labels(ledger.CLOSE_METHODS)
    as_date = xc.as_date

    def shape(row: dict[str, Any]) -> list[Any]:
        category, severity, status = row["category"], row["severity"], row["status"]
        method = row.get("close_method")
        return [  # empty cells rather than empty strings or zero days
            row.get("enterprise_name"),
            row.get("uscc") or None,
            row.get("town") or None,
            as_date(row.get("found_on")),
            categories.get(category, category),
            severities.get(severity, severity),
            row.get("description"),
            row.get("requirement") or None,
            as_date(row.get("deadline")),
            statuses.get(status, status),
            as_date(row.get("closed_on")),
            row.get("closed_by_name") or None,
            methods.get(method, method) if method else None,
            row["days_overdue"] or None,
        ]

    return shape


def row_values(row: dict[str, Any]) -> list[Any]:
    """The exported values of one ledger row (plain Python values, in column order)."""
    return row_shaper()(row)


def export_ledger(
    store: Store,
    target: str | Path,
    flt: ledger.LedgerFilter | None = None,
    *,
    today: date | None = None,
    order_by: str | None = None,
    descending: bool = False,
    progress: xc.ProgressCallback | None = None,
    cancel: xc.CancelCheck | None = None,
    cancelled: xc.CancelCheck | None = None,
) -> int:
    """Write the ledger rows matching ``flt`` to ``target`` (.xlsx); returns the row count.

    ``progress(done, total)`` is called every few hundred rows and at the end;
    ``cancel()`` returning true stops the export (ExportCancelled, no file);
    ``cancelled`` is the same, under the name of the core's cancellation contract.
    ``today`` fixes the day overdue is counted against (default: today).
    """
    today = today or date.today()
    cancel = cancelled or cancel
    total = ledger.count(store, flt, today=today)
    written = 0
    with xc.atomic_save(target) as tmp, xc.streaming_workbook() as wb:
        ws = wb.create_sheet(sheet_title())
        xc.prepare_sheet(ws, [c.width for c in COLUMNS])
        ws.append(xc.header_cells(ws, [c.title for c in COLUMNS]))
        writer = xc.RowWriter(ws, [c.wrap for c in COLUMNS])
        shape = row_shaper()
        for row in ledger.iter_rows(
            store, flt, order_by=order_by, descending=descending, today=today
        ):
            if written % PROGRESS_EVERY == 0:
                if cancel is not None and cancel():
                    raise xc.ExportCancelled()
                if progress is not None and written:
                    progress(written, total)
            writer.append(shape(row))
            written += 1
        if cancel is not None and cancel():
            raise xc.ExportCancelled()
        xc.set_autofilter(ws, len(COLUMNS), written + 1)
        wb.save(tmp)
    if progress is not None:
        progress(written, max(total, written, 1))  # never a total of 0
    return written
