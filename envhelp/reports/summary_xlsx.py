"""The monthly summary as an Excel workbook (``envhelp summary --month YYYY-MM -o FILE.xlsx``).

Sheets (names follow the language; zh / en):

1. 概览 / Overview — headline figures, 本月 / 本年累计 side by side, the
   paste-ready paragraphs and the requirements that failed most;
2. 按镇街 / By town, 3. 按人员 / By officer, 4. 按问题类别 / By category,
   5. 按严重程度 / By severity, 6. 按行业 / By industry — month, year-to-date and
   month-end figures per group (bar chart of visits on the town sheet);
7. 危废检查 / HW checks — compliance per checklist requirement;
8. 按月趋势 / By month — visits, problems found and closed, January to the month
   (bar chart of found vs closed);
9. 本月走访 / Visits — one row per final visit of the month;
10. 月末台账 / Open at month end — one row per problem open at the month's end.

Every sheet: frozen header, A4 landscape fit to width, header repeated on
printed pages, column widths, autofilter on data sheets, 0.0% for rates. User
text goes through :mod:`envhelp.reports.xlsx_common`, so nothing typed by a user
can run as a formula. The file is written to a temporary name and renamed when
complete. Rows are streamed (write-only workbook): a year of visits is fine.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.dimensions import RowDimension
from openpyxl.worksheet.worksheet import Worksheet

from envhelp import __version__, i18n
from envhelp.domain import statistics, vocab
from envhelp.reports import report_text
from envhelp.reports.summary import MonthlySummary, build_summary
from envhelp.reports.xlsx_common import (
    CancelCheck,
    ExportCancelled,
    ProgressCallback,
    RowWriter,
    as_date,
    atomic_save,
    cell,
    header_cells,
    prepare_sheet,
    set_autofilter,
    streaming_workbook,
    text_cell,
)
from envhelp.storage import Store

PERCENT = "0.0%"
COUNT = "0"
NO_VALUE = "—"  # a rate whose divisor is 0
SECTION_FONT = Font(bold=True)
PARAGRAPH_ALIGNMENT = Alignment(vertical="top", wrap_text=True)
ROW_CHECK_EVERY = 500  # poll for cancel every so many streamed rows
LINE_HEIGHT = 15.5  # points per line of 11 pt text (CJK glyphs are a little taller)
MAX_ROW_HEIGHT = 409  # Excel's limit
OVERVIEW_WIDTHS = (46, 24, 24)

SHEETS = {
    "overview": ("概览", "Overview"),
    "town": ("按镇街", "By town"),
    "officer": ("按人员", "By officer"),
    "category": ("按问题类别", "By category"),
    "severity": ("按严重程度", "By severity"),
    "industry": ("按行业", "By industry"),
    "requirements": ("危废检查", "HW checks"),
    "series": ("按月趋势", "By month"),
    "visits": ("本月走访", "Visits"),
    "open": ("月末台账", "Open at month end"),
}
GROUP_TITLES = {
    "town": ("镇街", "Town"),
    "officer": ("执法人员", "Officer"),
    "category": ("问题类别", "Category"),
    "severity": ("严重程度", "Severity"),
    "industry": ("行业", "Industry"),
}
MONTH_COL, YEAR_COL = ("本月", "This month"), ("本年累计", "Year to date")


def sheet_name(key: str) -> str:
    return i18n.pick(*SHEETS[key])


def _t(zh: str, en: str) -> str:
    return i18n.pick(zh, en)


def _num(ws: Worksheet, value: Any, fmt: str = COUNT) -> Any:
    if value is None:
        return NO_VALUE
    c = WriteOnlyCell(ws, value=value)
    c.number_format = fmt
    return c


class _CharWidths(dict):
    """Character → display width (2 for East Asian wide / fullwidth, else 1), filled on
    first sight: a summary measures ~10,000 wrapped cells, mostly the same few thousand
    characters, so each is looked up once in :mod:`unicodedata`."""

    def __missing__(self, ch: str) -> int:
        width = self[ch] = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        return width


_CHAR_WIDTHS = _CharWidths()


def text_width(text: str) -> int:
    """Display width in character cells: Chinese characters take two."""
    if text.isascii():
        return len(text)
    return sum(map(_CHAR_WIDTHS.__getitem__, text))


def lines_needed(text: str, width: float) -> int:
    """How many lines ``text`` wraps to in a column ``width`` characters wide."""
    usable = max(int(width) - 1, 1)
    if 2 * len(text) <= usable and "\n" not in text:
        return 1  # fits even if every character is wide: no need to measure
    return sum(max(1, math.ceil(text_width(part) / usable)) for part in text.split("\n"))


def fit_height(
    ws: Worksheet,
    row_no: int,
    values: Sequence[Any],
    widths: Sequence[float],
    wrap: Sequence[bool] | None = None,
    *,
    bold: bool = False,
) -> None:
    """Give row ``row_no`` the height its wrapped text needs (call before appending it).

    Readers do not recompute row heights of a streamed sheet, so a wrapped
    cell would otherwise overlap the next row when printed.
    """
    columns = range(min(len(values), len(widths)))
    if wrap is not None:
        columns = [i for i in columns if i < len(wrap) and wrap[i]]
    _fit(ws, row_no, values, columns, widths, 1.1 if bold else 1.0)


def _fit(
    ws: Worksheet,
    row_no: int,
    values: Sequence[Any],
    columns: Iterable[int],
    widths: Sequence[float],
    scale: float = 1.0,
) -> None:
    """:func:`fit_height` over the given (wrapped) column indexes only."""
    lines = 1
    for index in columns:
        value = values[index]
        if isinstance(value, str) and value:
            lines = max(lines, lines_needed(value, widths[index] / scale))
    if lines > 1:
        ws.row_dimensions[row_no].height = _height(lines)


def _height(lines: int) -> float:
    return min(MAX_ROW_HEIGHT, LINE_HEIGHT * lines + 3)


class _SharedHeight(RowDimension):
    """A row height that every streamed row of that many lines shares.

    A write-only sheet reads a row's dimension only to write the row's
    attributes (``ht``, ``customHeight``), never its index, so one object per
    distinct height serves every row: thousands of wrapped rows otherwise build
    as many RowDimension objects and re-derive the same attributes for each.
    """

    def __init__(self, ws: Worksheet, height: float):
        super().__init__(ws, ht=height)
        self._attributes = tuple(super().__iter__())

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self._attributes)


class _RowFitter:
    """:func:`_fit` for the rows of one streamed sheet, remembering what it measured.

    The same text recurs down a sheet (an enterprise's name on each of its
    problems, a description pasted again), so each wrapped column keeps the line
    count of the texts it has seen, up to ``MEMO_LIMIT`` of them.
    """

    MEMO_LIMIT = 20_000

    def __init__(self, ws: Worksheet, widths: Sequence[float], wrap: Sequence[bool]):
        self.ws = ws
        self.columns = [(i, widths[i]) for i, w in enumerate(wrap) if w and i < len(widths)]
        self._memo: list[dict[str, int]] = [{} for _ in self.columns]
        self._heights: dict[int, _SharedHeight] = {}

    def fit(self, row_no: int, values: Sequence[Any]) -> None:
        lines = 1
        for (index, width), memo in zip(self.columns, self._memo, strict=True):
            value = values[index]
            if not isinstance(value, str) or not value:
                continue
            n = memo.get(value)
            if n is None:
                n = lines_needed(value, width)
                if len(memo) >= self.MEMO_LIMIT:
                    memo.clear()
                memo[value] = n
            if n > lines:
                lines = n
        if lines > 1:
            shared = self._heights.get(lines)
            if shared is None:
                shared = self._heights[lines] = _SharedHeight(self.ws, _height(lines))
            self.ws.row_dimensions[row_no] = shared


def _start(ws: Worksheet, widths: Sequence[float], titles: Sequence[str]) -> None:
    """Print set-up, widths, frozen header and the header row (tall enough for its titles)."""
    prepare_sheet(ws, widths, landscape=True)
    fit_height(ws, 1, titles, widths, bold=True)
    ws.append(header_cells(ws, titles))


# -- sheets -------------------------------------------------------------------------------


def _overview(wb: Any, summary: MonthlySummary, paragraphs: dict[str, str], rounded: bool) -> None:
    ws = wb.create_sheet(sheet_name("overview"))
    widths = OVERVIEW_WIDTHS
    written = 0  # write-only sheets do not count rows; merges and heights need the number

    def append(cells: list[Any]) -> int:
        nonlocal written
        ws.append(cells)
        written += 1
        return written

    _start(ws, widths, [_t("指标", "Figure"), _t(*MONTH_COL), _t(*YEAR_COL)])
    written = 1  # the header
    m, y = summary.month_figures, summary.year_figures
    end = summary.end.isoformat()

    def row(label: str, key: str | None = None, fmt: str = COUNT, values=None) -> None:
        a, b = values if values is not None else (m.get(key), y.get(key))
        append([cell(ws, label), _num(ws, a, fmt), _num(ws, b, fmt)])

    append([
        cell(ws, _t("统计期间", "Period")),
        cell(ws, f"{summary.start.isoformat()} ~ {end}"),
        cell(ws, f"{summary.year_start.isoformat()} ~ {end}"),
    ])  # fmt: skip
    row(_t("走访帮扶次数", "Assistance visits"), "visits")
    for code, (zh, en) in vocab.VISIT_TYPES.items():
        row(_t(f"　其中：{zh}", f"  of which: {en}"),
            values=(m["visits_by_type"][code], y["visits_by_type"][code]))  # fmt: skip
    row(_t("帮扶企业数（家，去重）", "Enterprises assisted (distinct)"), "enterprises")
    row(_t("危险废物检查次数（检查表）", "Hazardous-waste checks (checklists)"), "checks")
    row(_t("检查项数（符合＋不符合）", "Items checked (compliant + non-compliant)"),
        "items_checked")  # fmt: skip
    row(_t("　符合项", "  compliant"), "items_compliant")
    row(_t("　不符合项", "  non-compliant"), "items_non_compliant")
    row(_t("符合率", "Compliance rate"), "compliance_rate", PERCENT)
    row(_t("发现问题数", "Problems found"), "problems_found")
    row(_t("销号问题数（期间内销号）", "Problems closed (closed in the period)"),
        "problems_closed")  # fmt: skip
    row(_t("整改率（期间发现问题中月末已销号）",
           "Rectification rate (found in the period, closed by month end)"),
        "rectification_rate", PERCENT)  # fmt: skip
    row(_t("按期整改率", "On-time rate"), "on_time_rate", PERCENT)
    row(_t("反弹问题数", "Relapses"), "relapses")
    snap = summary.snapshot
    # A state at the month's end: the same day ends both periods, so both columns agree.
    row(_t(f"月末未销号问题（截至{end}）", f"Problems open at month end ({end})"),
        values=(snap["open"], snap["open"]))  # fmt: skip
    row(_t(f"　其中逾期（截至{end}）", f"  of which overdue ({end})"),
        values=(snap["overdue"], snap["overdue"]))  # fmt: skip

    # The paragraphs span the three columns; the row height grows with the text.
    mode = _t("约数（“余”）", "rounded") if rounded else _t("精确数", "exact numbers")
    append([])
    title = text_cell(ws, _t(f"工作报告用语（{mode}）", f"Text for the work report ({mode})"))
    title.font = SECTION_FONT
    append([title])
    for key in ("month", "year"):
        text = paragraphs[key]
        number = written + 1
        ws.merged_cells.add(f"A{number}:C{number}")
        fit_height(ws, number, [text], [sum(widths)])
        c = text_cell(ws, text)
        c.alignment = PARAGRAPH_ALIGNMENT
        append([c])

    append([])
    head = [
        text_cell(ws, _t("不符合次数最多的检查要求", "Requirements failed most")),
        text_cell(ws, _t(*MONTH_COL)),
        text_cell(ws, _t(*YEAR_COL)),
    ]
    for c in head:
        c.font = SECTION_FONT
    append(head)
    month_nc = {(r["template_id"], r["code"]): r["non_compliant"]
                for r in summary.requirements_month}  # fmt: skip
    year_nc = {(r["template_id"], r["code"]): r["non_compliant"] for r in summary.requirements}
    top = {(r["template_id"], r["code"]): r for r in summary.top_failed["year"]}
    for r in summary.top_failed["month"]:  # a month's top item may be outside the year's top
        top.setdefault((r["template_id"], r["code"]), r)
    ordered = sorted(top.items(), key=lambda kv: (-year_nc.get(kv[0], 0), -month_nc.get(kv[0], 0),
                                                  kv[0]))  # fmt: skip
    if not ordered:
        append([cell(ws, _t("（无不符合项）", "(no non-compliant item)"))])
    for key, r in ordered:
        text = f"{r['code']} {r['requirement']}"
        fit_height(ws, written + 1, [text], widths)
        append([
            text_cell(ws, text, wrap=True),
            _num(ws, month_nc.get(key, 0)),
            _num(ws, year_nc.get(key, r["non_compliant"])),
        ])  # fmt: skip


# (key in the breakdown row, zh title, en title, format)
_VISIT_COLUMNS = [
    ("month_visits", "本月走访次数", "Visits (month)", COUNT),
    ("month_enterprises", "本月帮扶企业", "Enterprises (month)", COUNT),
]
_MONTH_PROBLEM_COLUMNS = [
    ("month_found", "本月发现问题", "Found (month)", COUNT),
    ("month_closed", "本月销号", "Closed (month)", COUNT),
]
_YEAR_VISIT_COLUMNS = [
    ("year_visits", "本年走访次数", "Visits (YTD)", COUNT),
    ("year_enterprises", "本年帮扶企业", "Enterprises (YTD)", COUNT),
]
_YEAR_PROBLEM_COLUMNS = [
    ("year_found", "本年发现问题", "Found (YTD)", COUNT),
    ("year_closed", "本年销号", "Closed (YTD)", COUNT),
    ("year_rectification_rate", "本年整改率", "Rectification rate (YTD)", PERCENT),
    ("year_on_time_rate", "本年按期整改率", "On-time rate (YTD)", PERCENT),
    ("year_relapses", "本年反弹", "Relapses (YTD)", COUNT),
]
_END_COLUMNS = [
    ("open_at_end", "月末未销号", "Open at month end", COUNT),
    ("overdue_at_end", "月末逾期", "Overdue at month end", COUNT),
]


def breakdown_columns(group_by: str) -> list[tuple[str, str, str, str]]:
    """The columns (after the group name) of a breakdown sheet."""
    with_visits = group_by in statistics.VISIT_GROUPS
    return (
        (_VISIT_COLUMNS if with_visits else [])
        + _MONTH_PROBLEM_COLUMNS
        + (_YEAR_VISIT_COLUMNS if with_visits else [])
        + _YEAR_PROBLEM_COLUMNS
        + _END_COLUMNS
    )


def _breakdown(wb: Any, summary: MonthlySummary, group_by: str) -> Worksheet:
    ws = wb.create_sheet(sheet_name(group_by))
    columns = breakdown_columns(group_by)
    _start(ws, [24] + [11] * len(columns),
           [_t(*GROUP_TITLES[group_by])] + [_t(zh, en) for _, zh, en, _ in columns])  # fmt: skip
    rows = summary.breakdowns[group_by]
    for r in rows:
        ws.append([cell(ws, r["label"])] + [_num(ws, r[k], fmt) for k, _, _, fmt in columns])
    last = len(rows) + 1
    set_autofilter(ws, len(columns) + 1, last)
    if group_by == "town" and rows:
        chart = _bar_chart(
            _t("各镇街走访次数", "Visits by town"),
            _t("走访次数", "Visits"),
            width=max(16, 2 * len(rows)),
        )
        # Month and year-to-date visits (columns B and F).
        for col in (2, 2 + len(_VISIT_COLUMNS) + len(_MONTH_PROBLEM_COLUMNS)):
            chart.add_data(Reference(ws, min_col=col, min_row=1, max_row=last),
                           titles_from_data=True)  # fmt: skip
        chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=last))
        ws.add_chart(chart, f"B{last + 3}")
    return ws


def _bar_chart(title: str, y_title: str, width: float = 16) -> BarChart:
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "clustered"
    chart.title = title
    chart.y_axis.title = y_title
    # openpyxl ≥ 3.1 leaves "delete" unset and some readers then hide the axes.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.width, chart.height = width, 8
    return chart


_REQUIREMENT_COLUMNS = [
    ("month_checked", "本月检查项数", "Checked (month)", COUNT),
    ("month_non_compliant", "本月不符合", "Non-compliant (month)", COUNT),
    ("month_rate", "本月符合率", "Compliance rate (month)", PERCENT),
    ("checked", "本年检查项数", "Checked (YTD)", COUNT),
    ("compliant", "本年符合", "Compliant (YTD)", COUNT),
    ("non_compliant", "本年不符合", "Non-compliant (YTD)", COUNT),
    ("not_applicable", "本年不适用", "Not applicable (YTD)", COUNT),
    ("rate", "本年符合率", "Compliance rate (YTD)", PERCENT),
]


def _requirements(wb: Any, summary: MonthlySummary) -> None:
    ws = wb.create_sheet(sheet_name("requirements"))
    widths = [16, 16, 60] + [11] * len(_REQUIREMENT_COLUMNS)
    _start(ws, widths, [_t("检查项编号", "Item code"), _t("类别", "Category"),
                        _t("检查要求", "Requirement")]
           + [_t(zh, en) for _, zh, en, _ in _REQUIREMENT_COLUMNS])  # fmt: skip
    month = {(r["template_id"], r["code"]): r for r in summary.requirements_month}
    for number, r in enumerate(summary.requirements, start=2):
        fit_height(ws, number, ["", "", r["requirement"]], widths)
        mr = month.get((r["template_id"], r["code"]))
        values = dict(r)
        values["month_checked"] = mr["checked"] if mr else 0
        values["month_non_compliant"] = mr["non_compliant"] if mr else 0
        values["month_rate"] = mr["rate"] if mr else None
        ws.append(
            [cell(ws, r["code"]), cell(ws, r["category"]), cell(ws, r["requirement"], wrap=True)]
            + [_num(ws, values[k], fmt) for k, _, _, fmt in _REQUIREMENT_COLUMNS]
        )
    set_autofilter(ws, 3 + len(_REQUIREMENT_COLUMNS), len(summary.requirements) + 1)


def _series(wb: Any, summary: MonthlySummary) -> None:
    ws = wb.create_sheet(sheet_name("series"))
    _start(ws, [12, 12, 12, 12], [_t("月份", "Month"), _t("走访次数", "Visits"),
                                  _t("发现问题", "Problems found"),
                                  _t("销号问题", "Problems closed")])  # fmt: skip
    for r in summary.series:
        ws.append([cell(ws, r["month"]), _num(ws, r["visits"]), _num(ws, r["found"]),
                   _num(ws, r["closed"])])  # fmt: skip
    last = len(summary.series) + 1
    set_autofilter(ws, 4, last)
    chart = _bar_chart(
        _t(
            f"{summary.year}年各月发现与销号问题",
            f"Problems found and closed by month, {summary.year}",
        ),
        _t("问题数", "Problems"),
    )
    chart.add_data(Reference(ws, min_col=3, max_col=4, min_row=1, max_row=last),
                   titles_from_data=True)  # fmt: skip
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=last))
    ws.add_chart(chart, "F2")


def _stream(
    ws: Worksheet,
    rows: Iterable[dict[str, Any]],
    make_row: Any,
    widths: Sequence[float],
    wrap: Sequence[bool],
    cancelled: CancelCheck | None,
) -> int:
    writer = RowWriter(ws, wrap)
    fitter = _RowFitter(ws, widths, wrap)
    for row in rows:
        values = make_row(row)
        fitter.fit(writer.rows + 2, values)  # row 1 is the header
        writer.append(values)
        if cancelled is not None and writer.rows % ROW_CHECK_EVERY == 0 and cancelled():
            raise ExportCancelled()
    return writer.rows


def _visits(wb: Any, store: Store, summary: MonthlySummary, cancelled: CancelCheck | None) -> None:
    ws = wb.create_sheet(sheet_name("visits"))
    # (zh, en, width, wrap)
    columns = [
        ("记录编号", "Record no.", 22, False), ("日期", "Date", 12, False),
        ("时间", "Time", 7, False), ("企业名称", "Enterprise", 28, True),
        ("统一社会信用代码", "USCC", 20, False), ("镇街", "Town", 12, False),
        ("行业", "Industry", 20, False), ("帮扶类型", "Type", 12, False),
        ("执法人员", "Officers", 16, False), ("检查表数", "Checks", 8, False),
        ("发现问题数", "Problems", 8, False), ("企业陪同人员", "Representative", 15, False),
        ("帮扶指导内容", "Guidance", 50, True),
    ]  # fmt: skip
    _start(ws, [c[2] for c in columns], [_t(zh, en) for zh, en, _, _ in columns])

    def make_row(v: dict[str, Any]) -> list[Any]:
        return [
            v["record_no"], as_date(v["date"]), v["time"], v["enterprise_name"], v["uscc"],
            v["town"], v["industry"], vocab.label(vocab.VISIT_TYPES, v["type"]),
            v["officer_names"] or "", v["checks"], v["problems"], v["representative"],
            v["guidance"],
        ]  # fmt: skip

    rows = statistics.iter_visits(store, summary.start, summary.end)
    written = _stream(ws, rows, make_row, [c[2] for c in columns], [c[3] for c in columns],
                      cancelled)  # fmt: skip
    set_autofilter(ws, len(columns), written + 1)


def _open_at_end(
    wb: Any, store: Store, summary: MonthlySummary, cancelled: CancelCheck | None
) -> None:
    ws = wb.create_sheet(sheet_name("open"))
    columns = [
        ("企业名称", "Enterprise", 26, True), ("统一社会信用代码", "USCC", 20, False),
        ("镇街", "Town", 12, False), ("行业", "Industry", 18, False),
        ("发现日期", "Found on", 12, False), ("问题类别", "Category", 11, False),
        ("严重程度", "Severity", 8, False), ("问题描述", "Description", 44, True),
        ("处理方式", "Handling", 10, False), ("整改期限（月末）", "Deadline (month end)", 13, False),
        ("月末状态", "Status at month end", 10, False), ("是否逾期", "Overdue", 8, False),
        ("逾期天数", "Days overdue", 8, False), ("发现人员", "Found by", 14, False),
        ("当前状态", "Status now", 10, False), ("销号日期", "Closed on", 12, False),
    ]  # fmt: skip
    _start(ws, [c[2] for c in columns], [_t(zh, en) for zh, en, _, _ in columns])
    yes, no = _t("是", "yes"), _t("否", "no")

    def make_row(p: dict[str, Any]) -> list[Any]:
        return [
            p["enterprise_name"], p["uscc"], p["town"], p["industry"], as_date(p["found_on"]),
            vocab.label(vocab.PROBLEM_CATEGORIES, p["category"]),
            vocab.label(vocab.SEVERITIES, p["severity"]), p["description"],
            vocab.label(vocab.HANDLING, p["handling"]), as_date(p["deadline_at"]),
            vocab.label(vocab.PROBLEM_STATUSES, p["status_at"]),
            yes if p["overdue_at"] else no, p["days_overdue_at"], p["officer_names"] or "",
            vocab.label(vocab.PROBLEM_STATUSES, p["status"]), as_date(p["closed_on"]),
        ]  # fmt: skip

    rows = statistics.iter_open_at(
        store, summary.end, columns=("category", "severity", "description", "handling")
    )
    written = _stream(ws, rows, make_row, [c[2] for c in columns], [c[3] for c in columns],
                      cancelled)  # fmt: skip
    set_autofilter(ws, len(columns), written + 1)


# -- the workbook ---------------------------------------------------------------------------

SHEET_STEPS = 10


def write_summary_xlsx(
    store: Store,
    month: str | date,
    path: str | Path,
    *,
    rounded: bool = False,
    summary: MonthlySummary | None = None,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> MonthlySummary:
    """Write the month's summary workbook to ``path`` (atomically) and return its figures.

    ``rounded`` gives the paragraph in 「余」 figures. A ``summary`` already built
    for the same month is reused. ``progress(done, total)`` is called after each
    figure step and each sheet; ``cancelled()`` is polled between steps (and every
    few hundred rows of long sheets) and stops with ExportCancelled, leaving no file.
    """
    offset = 0
    total = SHEET_STEPS

    if summary is None:

        def build_progress(done: int, steps: int) -> None:
            nonlocal offset, total
            total = steps + SHEET_STEPS
            offset = done
            if progress is not None:
                progress(done, total)

        summary = build_summary(store, month, progress=build_progress, cancelled=cancelled)
    paragraphs = report_text.summary_paragraphs(summary, rounded=rounded)

    def step(done: int) -> None:
        if cancelled is not None and cancelled():
            raise ExportCancelled()
        if progress is not None and done:
            progress(offset + done, total)

    title = _t(f"{summary.year}年{summary.month_number}月环境执法帮扶工作汇总",
               f"Environmental assistance summary, {summary.month}")  # fmt: skip
    with atomic_save(path) as tmp, streaming_workbook() as wb:
        wb.properties.title = title
        wb.properties.subject = _t("月度帮扶工作汇总", "Monthly assistance summary")
        wb.properties.creator = "EnvHelp"
        wb.properties.description = _t(
            f"由 EnvHelp {__version__} 生成；统计口径见 docs/summary.md。",
            f"Made by EnvHelp {__version__}; figures are defined in docs/summary.md.",
        )
        wb.properties.keywords = summary.month
        step(0)
        _overview(wb, summary, paragraphs, rounded)
        step(1)
        for done, group_by in enumerate(statistics.BREAKDOWNS, start=2):
            _breakdown(wb, summary, group_by)
            step(done)
        _requirements(wb, summary)
        step(7)
        _series(wb, summary)
        step(8)
        _visits(wb, store, summary, cancelled)
        step(9)
        _open_at_end(wb, store, summary, cancelled)
        wb.save(tmp)
    if progress is not None:  # done: no cancel poll once the file is in place
        progress(offset + SHEET_STEPS, total)
    return summary


def sheet_names() -> Sequence[str]:
    """The sheet names in the current language, in workbook order."""
    order = ["overview", *statistics.BREAKDOWNS, "requirements", "series", "visits", "open"]
    return [sheet_name(k) for k in order]
