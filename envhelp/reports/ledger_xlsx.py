"""The problem ledger (问题台账) as an Excel workbook ready to print and file, streamed.

The sheet starts with the title block (bureau, 问题台账, the filters in words,
截至 date and time, 制表人 / 审核人), then one row per problem with the columns
of :data:`COLUMNS`, and ends with the totals by status. Headers and codes follow
the current language (:mod:`envhelp.i18n`). Rows come straight from the database
cursor (:func:`envhelp.domain.ledger_list.iter_rows`), a few hundred at a time joined
with their visits' record numbers and follow-up history, into an openpyxl
write-only sheet, so a 150,000-row ledger never sits in memory. Each row is as
tall as its wrapped text; a text taller than a printed page is cut with
「…（全文见附表）」 and written whole on the appendix sheet.
The GUI passes ``progress`` and ``cancel`` callables; a cancelled export
raises :class:`~envhelp.errors.OperationCancelled` and leaves no file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any, NamedTuple

from envhelp import i18n
from envhelp.domain import ledger, ledger_list, vocab
from envhelp.domain.fields import Field, iso_date
from envhelp.errors import OperationCancelled
from envhelp.reports import xlsx_cells, xlsx_common, xlsx_fit
from envhelp.storage import Store
from envhelp.storage.progress import CancelledFn, ProgressFn


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
    Column("number", "序号", "No.", 4),
    Column("record_no", "记录编号", "Record no.", 11, True),
    Column("enterprise_name", "企业名称", "Enterprise", 14, True),
    Column("uscc", "统一社会信用代码", "USCC", 19),
    Column("town", "镇街", "Town", 7, True),
    Column("found_on", "发现日期", "Found on", xlsx_cells.DATE_WIDTH),
    Column("category", "问题类别", "Category", 7, True),
    Column("description", "问题描述", "Description", 28, True),
    Column("severity", "严重程度", "Severity", 5, True),
    Column("handling", "处理方式", "Handling", 7, True),
    Column("legal_basis", "法律依据", "Legal basis", 16, True),
    Column("requirement", "整改要求", "Requirement", 20, True),
    Column("deadline", "整改期限", "Deadline", xlsx_cells.DATE_WIDTH),
    Column("status", "状态", "State", 7, True),
    Column("rectify_plan", "企业整改方案", "Enterprise's plan", 16, True),
    Column("closed_on", "销号日期", "Closed on", xlsx_cells.DATE_WIDTH),
    Column("closed_by_name", "核查人员", "Verified by", 7, True),
    Column("close_method", "销号核查方式及情况", "How it was verified", 14, True),
    Column("days_overdue", "逾期天数", "Days overdue", 5, True),
    Column("follow_ups", "跟踪记录", "Follow-up record", 18, True),
)

PROGRESS_EVERY = 500
CHUNK = 500  # rows joined with their record numbers and follow-ups at a time


def sheet_title() -> str:
    return i18n.pick("问题台账", "Problem ledger")


def document_title(bureau: str) -> str:
    """「即墨区执法帮扶问题台账」: the bureau's area is already in its name."""
    return i18n.pick(f"{bureau}执法帮扶问题台账", f"{bureau} assistance problem ledger".strip())


def _labels(codes: dict[str, tuple[str, str]]) -> dict[str, str]:
    return {code: vocab.label(codes, code) for code in codes}


def describe_filter(store: Store, flt: ledger_list.LedgerFilter | None, today: date) -> str:
    """What the ledger holds, in words: 「状态：待整改、整改中；逾期（截至…）；镇街：北山镇」.

    Officers and enterprises are named, never shown by their ids.
    """
    flt = flt or ledger_list.LedgerFilter()
    parts: list[str] = []
    sep = i18n.pick("、", ", ")

    def labelled(zh: str, en: str, text: str) -> None:
        parts.append(i18n.pick(f"{zh}：{text}", f"{en}: {text}"))

    def day(value: Any, fld: Field) -> str:
        return xlsx_common.long_date(date.fromisoformat(iso_date(value, fld))) if value else "…"

    def span(zh: str, en: str, start: Any, end: Any) -> None:
        if start or end:
            fld = Field("dates", zh, en)
            labelled(zh, en, f"{day(start, fld)}—{day(end, fld)}")

    if flt.status:
        statuses = (flt.status,) if isinstance(flt.status, str) else flt.status
        labelled(
            "状态", "State", sep.join(vocab.label(vocab.PROBLEM_STATUSES, s) for s in statuses)
        )
    if flt.overdue:
        parts.append(
            i18n.pick(
                f"逾期（截至{xlsx_common.long_date(today)}）",
                f"overdue (as of {xlsx_common.long_date(today)})",
            )
        )
    if flt.town:
        labelled("镇街", "Town", flt.town)
    if flt.category:
        labelled("问题类别", "Category", vocab.label(vocab.PROBLEM_CATEGORIES, flt.category))
    if flt.severity:
        labelled("严重程度", "Severity", vocab.label(vocab.SEVERITIES, flt.severity))
    if flt.officer_id:
        officer = store.find("officers", flt.officer_id)
        labelled("执法人员", "Officer", officer["name"] if officer else "—")
    if flt.enterprise_id:
        enterprise = store.find("enterprises", flt.enterprise_id)
        labelled("企业", "Enterprise", enterprise["name"] if enterprise else "—")
    span("发现日期", "Found", flt.found_from, flt.found_to)
    span("整改期限", "Deadline", flt.deadline_from, flt.deadline_to)
    span("销号日期", "Closed", flt.closed_from, flt.closed_to)
    if flt.search:
        labelled("关键词", "Search", flt.search)
    if flt.final_visits_only:
        parts.append(i18n.pick("仅计已定稿走访发现的问题", "problems of final visits only"))
    if not parts:
        return i18n.pick("全部问题", "all problems")
    return i18n.pick("；", "; ").join(parts)


def row_shaper() -> Callable[[dict[str, Any]], list[Any]]:
    """A function giving the exported values of a ledger row, in :data:`COLUMNS` order.

    The row needs the keys of :func:`envhelp.domain.ledger_list.iter_rows` plus ``number``,
    ``record_no`` and ``follow_ups`` (see :func:`with_history`). The labels are those
    of the language current when it is made; looking them up once instead of per row
    and cell matters at 150,000 rows. Codes without a label are exported as they are.
    """
    categories = _labels(vocab.PROBLEM_CATEGORIES)
    severities = _labels(vocab.SEVERITIES)
    statuses = _labels(vocab.PROBLEM_STATUSES)
    handlings = _labels(vocab.HANDLING)
    methods = _labels(ledger.CLOSE_METHODS)
    colon = i18n.pick("：", ": ")
    as_date = xlsx_cells.as_date

    def shape(row: dict[str, Any]) -> list[Any]:
        category, severity, status = row["category"], row["severity"], row["status"]
        handling, method = row.get("handling"), row.get("close_method")
        how = methods.get(method, method) if method else None
        if how and row.get("close_note"):
            how += colon + row["close_note"]
        return [  # empty cells rather than empty strings or zero days
            row.get("number"),
            row.get("record_no") or None,
            row.get("enterprise_name"),
            row.get("uscc") or None,
            row.get("town") or None,
            as_date(row.get("found_on")),
            categories.get(category, category) or None,
            row.get("description"),
            severities.get(severity, severity),
            handlings.get(handling, handling) if handling else None,
            row.get("legal_basis") or None,
            row.get("requirement") or None,
            as_date(row.get("deadline")),
            statuses.get(status, status),
            row.get("rectify_plan") or None,
            as_date(row.get("closed_on")),
            row.get("closed_by_name") or None,
            how,
            row["days_overdue"] or None,
            row.get("follow_ups") or None,
        ]

    return shape


def row_values(row: dict[str, Any]) -> list[Any]:
    """The exported values of one ledger row (plain Python values, in column order)."""
    return row_shaper()(row)


def _placeholders(n: int) -> str:
    return ", ".join("?" * n)


def with_history(store: Store, rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """The rows numbered from 1, with the record number of the visit where each problem
    was found and its follow-up history (回头看 and extensions), a chunk at a time."""
    kinds = _labels(ledger.EVENT_KINDS)
    chunk: list[dict[str, Any]] = []

    def flush() -> Iterator[dict[str, Any]]:
        visit_ids = sorted({r["visit_id"] for r in chunk if r.get("visit_id")})
        records = (
            {
                v["id"]: v["record_no"]
                for v in store.query(
                    f"SELECT id, record_no FROM visits WHERE id IN ({_placeholders(len(visit_ids))})",
                    visit_ids,
                )
            }
            if visit_ids
            else {}
        )
        ids = [r["id"] for r in chunk]
        history: dict[str, list[str]] = {}
        for ev in store.query(
            "SELECT ev.problem_id, ev.kind, ev.reason, ev.new_deadline, v.record_no, "
            "coalesce(v.date, date(ev.at, 'localtime')) AS day FROM problem_events ev "
            "LEFT JOIN visits v ON v.id = ev.visit_id "
            f"WHERE ev.problem_id IN ({_placeholders(len(ids))}) "
            "AND ev.kind IN ('follow_up', 'extension') ORDER BY ev.problem_id, ev.at, ev.rowid",
            ids,
        ):
            text = f"{ev['day']} {kinds.get(ev['kind'], ev['kind'])}"
            if ev["new_deadline"]:
                text += i18n.pick(f"至{ev['new_deadline']}", f" to {ev['new_deadline']}")
            if ev["record_no"]:
                text += i18n.pick(f"（{ev['record_no']}）", f" ({ev['record_no']})")
            if ev["reason"]:
                text += i18n.pick("：", ": ") + ev["reason"]
            history.setdefault(ev["problem_id"], []).append(text)
        for r in chunk:
            r["record_no"] = records.get(r.get("visit_id"))
            r["follow_ups"] = "\n".join(history.get(r["id"], ()))
            yield r

    for number, row in enumerate(rows, start=1):
        row["number"] = number
        chunk.append(row)
        if len(chunk) >= CHUNK:
            yield from flush()
            chunk = []
    if chunk:
        yield from flush()


def _totals(ws: Any, by_status: dict[str, int], overdue: int, total: int) -> None:
    """The totals by status under the table: 合计 N 个, then one row per status."""
    bold = xlsx_common.HEADER_FONT
    label_col = 2  # under 记录编号 / 企业名称: wide enough, left of the text columns
    rows = [(i18n.pick("合计", "Total"), total)]
    rows += [
        (
            i18n.pick(
                f"　其中{vocab.label(vocab.PROBLEM_STATUSES, s)}",
                f"  {vocab.label(vocab.PROBLEM_STATUSES, s)}",
            ),
            by_status.get(s, 0),
        )
        for s in vocab.PROBLEM_STATUSES
    ]
    rows.append((i18n.pick("　其中逾期未销号", "  overdue, not closed"), overdue))
    ws.append([])
    for text, count in rows:
        label = xlsx_cells.text_cell(ws, text)
        value = xlsx_cells.cell(ws, count, number_format="0")
        if text == rows[0][0]:
            label.font = value.font = bold
        ws.append([None] * (label_col - 1) + [label, value])


def export_ledger(
    store: Store,
    target: str | Path,
    flt: ledger_list.LedgerFilter | None = None,
    *,
    today: date | None = None,
    order_by: str | None = None,
    descending: bool = False,
    progress: ProgressFn | None = None,
    cancel: CancelledFn | None = None,
    cancelled: CancelledFn | None = None,
    as_of: datetime | None = None,
) -> int:
    """Write the ledger rows matching ``flt`` to ``target`` (.xlsx); returns the row count.

    ``progress(done, total)`` is called every few hundred rows and at the end;
    ``cancel()`` returning true stops the export (OperationCancelled, no file);
    ``cancelled`` is the same, under the name of the core's cancellation contract.
    ``today`` fixes the day overdue is counted against (default: today); ``as_of``
    the 截至 time of the title block (default: now, on ``today``).
    """
    today = today or date.today()
    as_of = as_of or datetime.combine(today, datetime.now().time().replace(second=0, microsecond=0))
    cancel = cancelled or cancel
    total = ledger_list.count(store, flt, today=today)
    bureau = xlsx_common.bureau_name(store)
    info = xlsx_common.DocumentInfo.of(
        store, document_title(bureau), describe_filter(store, flt, today), as_of
    )
    widths = [c.width for c in COLUMNS]
    wraps = [c.wrap for c in COLUMNS]
    titles = [c.title for c in COLUMNS]
    written = overdue = 0
    by_status: dict[str, int] = {}
    with xlsx_common.atomic_save(target) as tmp, xlsx_common.streaming_workbook() as wb:
        ws = wb.create_sheet(sheet_title())
        appendix = xlsx_fit.Appendix(wb, info)
        header = xlsx_common.start_table(ws, info, widths, titles)
        writer = xlsx_cells.RowWriter(ws, wraps)
        fitter = xlsx_fit.RowFitter(ws, widths, wraps, titles=titles, appendix=appendix)
        shape = row_shaper()
        rows = ledger_list.iter_rows(
            store, flt, order_by=order_by, descending=descending, today=today
        )
        for row in with_history(store, rows):
            if written % PROGRESS_EVERY == 0:
                if cancel is not None and cancel():
                    raise OperationCancelled.export()
                if progress is not None and written:
                    progress(written, total)
            writer.append(fitter.fit(header + 1 + written, shape(row)))
            written += 1
            by_status[row["status"]] = by_status.get(row["status"], 0) + 1
            overdue += bool(row["overdue"])
        if cancel is not None and cancel():
            raise OperationCancelled.export()
        xlsx_common.set_autofilter(ws, len(COLUMNS), header + written, header_row=header)
        _totals(ws, by_status, overdue, written)
        appendix.finish()
        xlsx_common.save_workbook(wb, tmp, info)
    if progress is not None:
        progress(written, max(total, written, 1))  # never a total of 0
    return written
