"""The monthly summary as an Excel workbook (``envhelp summary --month YYYY-MM -o FILE.xlsx``).

Sheets (names follow the language; zh / en):

1. 概览 / Overview — headline figures (:data:`envhelp.reports.summary.FIGURES`, the
   labels the CLI and the Reports page show too), 本月 / 本年累计 side by side, the
   paste-ready paragraphs and the requirements that failed most;
2. 按镇街 / By town, 3. 按人员 / By officer, 4. 按问题类别 / By category,
   5. 按严重程度 / By severity, 6. 按行业 / By industry — month, year-to-date and
   month-end figures per group and a 合计 row (bar chart of visits on the town sheet);
7. 危废检查 / HW checks — compliance per checklist requirement, and 合计;
8. 排污许可检查 / Permit checks — the permit checklist's items (copies per outlet and
   pollutant under their item), and 合计 with the number of permit checks
   (:mod:`envhelp.reports.summary_items_xlsx` writes both lists);
9. 按月趋势 / By month — visits, problems found and closed, January to the month,
   and 合计 (bar chart of found vs closed);
10. 本月走访 / Visits — one row per final visit of the month;
11. 月末台账 / Open at month end — one row per problem open at the month's end;
and 附表（全文） / Appendix when a text is too long for a printed page.

Every sheet starts with the title block (bureau, title, period, 截至, 制表人 /
审核人) and is set up to print (:mod:`envhelp.reports.xlsx_common`): A4, landscape
when wide, fit to width, header row repeated, 第&P页 共&N页; frozen header,
autofilter on data sheets, 0.0% for rates, every cell top-aligned and every row as
tall as its wrapped text. User text goes through the same module, so nothing typed
by a user can run as a formula. The file is written to a temporary name and renamed
when complete. Rows are streamed (write-only workbook): a year of visits is fine.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet

from envhelp import i18n
from envhelp.domain import figures, vocab
from envhelp.domain.figures import activity, open_at
from envhelp.errors import OperationCancelled
from envhelp.reports import report_text
from envhelp.reports.summary import FIGURES, MonthlySummary, breakdown_total, build_summary
from envhelp.reports.summary_items_xlsx import (
    COUNT,
    PERCENT,
    SECTION_FONT,
    number_cell,
    permit_items_sheet,
    requirements_sheet,
    total_cells,
)
from envhelp.reports.xlsx_cells import DATE_WIDTH, RowWriter, as_date, cell, text_cell
from envhelp.reports.xlsx_common import (
    DocumentInfo,
    atomic_save,
    bureau_name,
    long_date,
    save_workbook,
    set_autofilter,
    start_table,
    streaming_workbook,
)
from envhelp.reports.xlsx_fit import Appendix, RowFitter
from envhelp.reports.xlsx_heights import fit_height
from envhelp.storage import Store
from envhelp.storage.progress import CancelledFn, ProgressFn

PARAGRAPH_ALIGNMENT = Alignment(vertical="top", wrap_text=True)
ROW_CHECK_EVERY = 500  # poll for cancel every so many streamed rows
OVERVIEW_WIDTHS = (46, 24, 24)

SHEETS = {
    "overview": ("概览", "Overview"),
    "town": ("按镇街", "By town"),
    "officer": ("按人员", "By officer"),
    "category": ("按问题类别", "By category"),
    "severity": ("按严重程度", "By severity"),
    "industry": ("按行业", "By industry"),
    "requirements": ("危废检查", "HW checks"),
    "permit_items": ("排污许可检查", "Permit checks"),
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


def _start(
    ws: Worksheet,
    info: DocumentInfo,
    widths: Sequence[float],
    titles: Sequence[str],
    landscape: bool | None = None,
) -> int:
    """Title block, print set-up and header row; returns the header row's number."""
    return start_table(ws, info, widths, titles, landscape=landscape, sheet_title=ws.title)


# -- sheets -------------------------------------------------------------------------------


def _overview(
    wb: Any, info: DocumentInfo, summary: MonthlySummary, paragraphs: dict[str, str], rounded: bool
) -> None:
    ws = wb.create_sheet(sheet_name("overview"))
    widths = OVERVIEW_WIDTHS
    written = _start(ws, info, widths, [_t("指标", "Figure"), _t(*MONTH_COL), _t(*YEAR_COL)])

    def append(cells: list[Any], text: str | None = None, width: float | None = None) -> int:
        """Append a row (as tall as ``text`` needs in ``width``); returns its number."""
        nonlocal written
        written += 1
        if text:
            fit_height(ws, written, [text], [width or widths[0]])
        ws.append(cells)
        return written

    end = summary.end
    periods = [
        f"{long_date(summary.start)}—{long_date(end)}",
        f"{long_date(summary.year_start)}—{long_date(end)}",
    ]
    fit_height(ws, written + 1, ["", *periods], widths)
    append(
        [
            text_cell(ws, _t("统计期间", "Period")),
            text_cell(ws, periods[0], wrap=True),
            text_cell(ws, periods[1], wrap=True),
        ]
    )
    for figure in FIGURES:
        fmt = PERCENT if figure.rate else COUNT
        month_value, year_value = figure.values(summary)
        append(
            [
                text_cell(ws, figure.label, wrap=True),
                number_cell(ws, month_value, fmt),
                number_cell(ws, year_value, fmt),
            ],
            figure.label,
        )

    # The paragraphs span the three columns; the row height grows with the text.
    mode = _t("约数（“余”）", "rounded") if rounded else _t("精确数", "exact numbers")
    append([])
    title = text_cell(ws, _t(f"工作报告用语（{mode}）", f"Text for the work report ({mode})"))
    title.font = SECTION_FONT
    append([title])
    for key in ("month", "year"):
        text = paragraphs[key]
        ws.merged_cells.add(f"A{written + 1}:C{written + 1}")
        append([text_cell(ws, text, wrap=True)], text, sum(widths))

    append([])
    append(
        total_cells(
            ws,
            [
                _t("不符合次数最多的检查要求", "Requirements failed most"),
                _t(*MONTH_COL),
                _t(*YEAR_COL),
            ],
        )
    )
    month_nc = {
        (r["template_id"], r["code"]): r["non_compliant"] for r in summary.requirements_month
    }
    year_nc = {(r["template_id"], r["code"]): r["non_compliant"] for r in summary.requirements}
    top = {(r["template_id"], r["code"]): r for r in summary.top_failed["year"]}
    for r in summary.top_failed["month"]:  # a month's top item may be outside the year's top
        top.setdefault((r["template_id"], r["code"]), r)
    ordered = sorted(
        top.items(), key=lambda kv: (-year_nc.get(kv[0], 0), -month_nc.get(kv[0], 0), kv[0])
    )
    if not ordered:
        append([text_cell(ws, _t("（无不符合项）", "(no non-compliant item)"))])
    for key, r in ordered:
        text = f"{r['code']} {r['requirement']}"
        append(
            [
                text_cell(ws, text, wrap=True),
                number_cell(ws, month_nc.get(key, 0)),
                number_cell(ws, year_nc.get(key, r["non_compliant"])),
            ],
            text,
        )

    if not summary.year_figures["assessments"]:
        return  # no scored assessment this year: no section
    append([])
    missed = _t(
        "评估中失分最多的指标（未得满分次数）",
        "Assessment indicators missed most (times below full points)",
    )
    append(total_cells(ws, [missed, _t(*MONTH_COL), _t(*YEAR_COL)]))
    month_failed = {
        (r["template_id"], r["code"]): r["failed"] for r in summary.failed_indicators["month"]
    }
    shown = {(r["template_id"], r["code"]): r for r in summary.failed_indicators["year"]}
    if not shown:
        append([text_cell(ws, _t("（各项均得满分）", "(every indicator earned full points)"))])
    for key, r in shown.items():
        text = f"{r['code']} {r['category']}：{r['requirement']}"
        append(
            [
                text_cell(ws, text, wrap=True),
                number_cell(ws, month_failed.get(key, 0)),
                number_cell(ws, r["failed"]),
            ],
            text,
        )


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
    with_visits = group_by in activity.VISIT_GROUPS
    return (
        (_VISIT_COLUMNS if with_visits else [])
        + _MONTH_PROBLEM_COLUMNS
        + (_YEAR_VISIT_COLUMNS if with_visits else [])
        + _YEAR_PROBLEM_COLUMNS
        + _END_COLUMNS
    )


def _breakdown(wb: Any, info: DocumentInfo, summary: MonthlySummary, group_by: str) -> Worksheet:
    ws = wb.create_sheet(sheet_name(group_by))
    columns = breakdown_columns(group_by)
    widths = [24] + [11] * len(columns)
    header = _start(
        ws, info, widths, [_t(*GROUP_TITLES[group_by])] + [_t(zh, en) for _, zh, en, _ in columns]
    )
    rows = summary.breakdowns[group_by]
    for number, r in enumerate(rows, start=header + 1):
        fit_height(ws, number, [r["label"]], widths)
        ws.append(
            [text_cell(ws, r["label"], wrap=True)]
            + [number_cell(ws, r[k], fmt) for k, _, _, fmt in columns]
        )
    last = header + len(rows)
    set_autofilter(ws, len(columns) + 1, last, header_row=header)
    # Below the filtered rows, so sorting them never moves it.
    total = breakdown_total(summary)
    ws.append(
        total_cells(
            ws, [total["label"]] + [number_cell(ws, total[k], fmt) for k, _, _, fmt in columns]
        )
    )
    if group_by == "town" and rows:
        chart = _bar_chart(
            _t("各镇街走访次数", "Visits by town"),
            _t("走访次数", "Visits"),
            width=max(16, 2 * len(rows)),
        )
        # Month and year-to-date visits (columns B and F).
        for col in (2, 2 + len(_VISIT_COLUMNS) + len(_MONTH_PROBLEM_COLUMNS)):
            chart.add_data(
                Reference(ws, min_col=col, min_row=header, max_row=last), titles_from_data=True
            )
        chart.set_categories(Reference(ws, min_col=1, min_row=header + 1, max_row=last))
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


def _series(wb: Any, info: DocumentInfo, summary: MonthlySummary) -> None:
    ws = wb.create_sheet(sheet_name("series"))
    header = _start(
        ws,
        info,
        [12, 12, 12, 12],
        [
            _t("月份", "Month"),
            _t("走访次数", "Visits"),
            _t("发现问题", "Problems found"),
            _t("销号问题", "Problems closed"),
        ],
        landscape=True,
    )  # the chart sits beside the table
    for r in summary.series:
        ws.append(
            [
                cell(ws, r["month"]),
                number_cell(ws, r["visits"]),
                number_cell(ws, r["found"]),
                number_cell(ws, r["closed"]),
            ]
        )
    last = header + len(summary.series)
    set_autofilter(ws, 4, last, header_row=header)
    y = summary.year_figures  # the months added up are the year to date
    ws.append(
        total_cells(
            ws,
            [
                _t("合计", "Total"),
                number_cell(ws, y["visits"]),
                number_cell(ws, y["problems_found"]),
                number_cell(ws, y["problems_closed"]),
            ],
        )
    )
    chart = _bar_chart(
        _t(
            f"{summary.year}年各月发现与销号问题",
            f"Problems found and closed by month, {summary.year}",
        ),
        _t("问题数", "Problems"),
    )
    chart.add_data(
        Reference(ws, min_col=3, max_col=4, min_row=header, max_row=last), titles_from_data=True
    )
    chart.set_categories(Reference(ws, min_col=1, min_row=header + 1, max_row=last))
    ws.add_chart(chart, f"F{header}")


def _stream(
    ws: Worksheet,
    header: int,
    rows: Iterable[dict[str, Any]],
    make_row: Any,
    columns: Sequence[tuple[str, str, float, bool]],
    cancelled: CancelledFn | None,
    appendix: Appendix | None = None,
) -> int:
    """Write the rows under the header row ``header``; returns how many were written."""
    widths, wrap = [c[2] for c in columns], [c[3] for c in columns]
    writer = RowWriter(ws, wrap)
    fitter = RowFitter(
        ws, widths, wrap, titles=[_t(zh, en) for zh, en, _, _ in columns], appendix=appendix
    )
    for row in rows:
        writer.append(fitter.fit(header + 1 + writer.rows, make_row(row)))
        if cancelled is not None and writer.rows % ROW_CHECK_EVERY == 0 and cancelled():
            raise OperationCancelled.export()
    set_autofilter(ws, len(columns), header + writer.rows, header_row=header)
    return writer.rows


# (zh, en, width, wrap)
VISIT_COLUMNS = [
    ("记录编号", "Record no.", 14, True),
    ("日期", "Date", DATE_WIDTH, False),
    ("时间", "Time", 6, False),
    ("企业名称", "Enterprise", 20, True),
    ("统一社会信用代码", "USCC", 20, False),
    ("镇街", "Town", 9, True),
    ("行业", "Industry", 12, True),
    ("帮扶类型", "Type", 9, True),
    ("执法人员", "Officers", 12, True),
    ("检查表数", "Checks", 6, True),
    ("发现问题数", "Problems", 6, True),
    ("企业陪同人员", "Representative", 12, True),
    ("发放资料（份）", "Materials (copies)", 7, True),
    ("企业满意度", "Satisfaction", 8, True),
    ("帮扶指导内容", "Guidance", 40, True),
]


def _visits(
    wb: Any,
    info: DocumentInfo,
    store: Store,
    summary: MonthlySummary,
    cancelled: CancelledFn | None,
    appendix: Appendix,
) -> None:
    ws = wb.create_sheet(sheet_name("visits"))
    header = _start(
        ws, info, [c[2] for c in VISIT_COLUMNS], [_t(zh, en) for zh, en, _, _ in VISIT_COLUMNS]
    )

    def make_row(v: dict[str, Any]) -> list[Any]:
        return [
            v["record_no"],
            as_date(v["date"]),
            v["time"],
            v["enterprise_name"],
            v["uscc"],
            v["town"],
            v["industry"],
            vocab.label(vocab.VISIT_TYPES, v["type"]),
            v["officer_names"] or "",
            v["checks"],
            v["problems"],
            v["representative"],
            v["materials"],
            vocab.label(vocab.SATISFACTION, v["satisfaction"] or ""),
            v["guidance"],
        ]

    rows = activity.iter_visits(store, summary.start, summary.end)
    _stream(ws, header, rows, make_row, VISIT_COLUMNS, cancelled, appendix)


OPEN_COLUMNS = [
    ("企业名称", "Enterprise", 20, True),
    ("统一社会信用代码", "USCC", 20, False),
    ("镇街", "Town", 9, True),
    ("行业", "Industry", 12, True),
    ("发现日期", "Found on", DATE_WIDTH, False),
    ("问题类别", "Category", 9, True),
    ("严重程度", "Severity", 6, True),
    ("问题描述", "Description", 36, True),
    ("处理方式", "Handling", 9, True),
    ("整改期限（月末）", "Deadline (month end)", DATE_WIDTH, True),
    ("月末状态", "Status at month end", 8, True),
    ("是否逾期", "Overdue", 6, True),
    ("逾期天数", "Days overdue", 6, True),
    ("发现人员", "Found by", 12, True),
    ("当前状态", "Status now", 8, True),
    ("销号日期", "Closed on", DATE_WIDTH, False),
]


def _open_at_end(
    wb: Any,
    info: DocumentInfo,
    store: Store,
    summary: MonthlySummary,
    cancelled: CancelledFn | None,
    appendix: Appendix,
) -> None:
    ws = wb.create_sheet(sheet_name("open"))
    header = _start(
        ws, info, [c[2] for c in OPEN_COLUMNS], [_t(zh, en) for zh, en, _, _ in OPEN_COLUMNS]
    )
    yes, no = _t("是", "yes"), _t("否", "no")

    def make_row(p: dict[str, Any]) -> list[Any]:
        return [
            p["enterprise_name"],
            p["uscc"],
            p["town"],
            p["industry"],
            as_date(p["found_on"]),
            vocab.label(vocab.PROBLEM_CATEGORIES, p["category"]),
            vocab.label(vocab.SEVERITIES, p["severity"]),
            p["description"],
            vocab.label(vocab.HANDLING, p["handling"]),
            as_date(p["deadline_at"]),
            vocab.label(vocab.PROBLEM_STATUSES, p["status_at"]),
            yes if p["overdue_at"] else no,
            p["days_overdue_at"],
            p["officer_names"] or "",
            vocab.label(vocab.PROBLEM_STATUSES, p["status"]),
            as_date(p["closed_on"]),
        ]

    rows = open_at.iter_open_at(
        store, summary.end, columns=("category", "severity", "description", "handling")
    )
    _stream(ws, header, rows, make_row, OPEN_COLUMNS, cancelled, appendix)


# -- the workbook ---------------------------------------------------------------------------

SHEET_STEPS = 11


def document_info(store: Store, summary: MonthlySummary) -> DocumentInfo:
    """The title block of every sheet: 「XX分局2026年11月执法帮扶工作月报」, the periods."""
    bureau = bureau_name(store)
    title = _t(
        f"{bureau}{summary.year}年{summary.month_number}月执法帮扶工作月报",
        f"{bureau} assistance work report, {summary.month}".strip(),
    )
    start, end, year_start = (
        long_date(d) for d in (summary.start, summary.end, summary.year_start)
    )
    scope = _t(
        f"本月 {start}—{end}；本年累计 {year_start}—{end}；仅计已定稿的走访",
        f"month {start} – {end}; year to date {year_start} – {end}; final visits only",
    )
    return DocumentInfo.of(store, title, scope)


def write_summary_xlsx(
    store: Store,
    month: str | date,
    path: str | Path,
    *,
    rounded: bool = False,
    summary: MonthlySummary | None = None,
    progress: ProgressFn | None = None,
    cancelled: CancelledFn | None = None,
) -> MonthlySummary:
    """Write the month's summary workbook to ``path`` (atomically) and return its figures.

    ``rounded`` gives the paragraph in 「余」 figures. A ``summary`` already built
    for the same month is reused. ``progress(done, total)`` is called after each
    figure step and each sheet; ``cancelled()`` is polled between steps (and every
    few hundred rows of long sheets) and stops with OperationCancelled, leaving no file.
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
            raise OperationCancelled.export()
        if progress is not None and done:
            progress(offset + done, total)

    info = document_info(store, summary)
    with atomic_save(path) as tmp, streaming_workbook() as wb:
        appendix = Appendix(wb, info)
        step(0)
        _overview(wb, info, summary, paragraphs, rounded)
        step(1)
        for done, group_by in enumerate(figures.BREAKDOWNS, start=2):
            _breakdown(wb, info, summary, group_by)
            step(done)
        requirements_sheet(wb.create_sheet(sheet_name("requirements")), info, summary)
        step(7)
        permit_items_sheet(wb.create_sheet(sheet_name("permit_items")), info, summary)
        step(8)
        _series(wb, info, summary)
        step(9)
        _visits(wb, info, store, summary, cancelled, appendix)
        step(10)
        _open_at_end(wb, info, store, summary, cancelled, appendix)
        appendix.finish()
        wb.properties.keywords = summary.month
        save_workbook(wb, tmp, info, _t("月度帮扶工作汇总", "Monthly assistance summary"))
    if progress is not None:  # done: no cancel poll once the file is in place
        progress(offset + SHEET_STEPS, total)
    return summary


def sheet_names() -> Sequence[str]:
    """The sheet names in the current language, in workbook order (an appendix sheet,
    when a text was too long for a page, comes after them)."""
    order = [
        "overview",
        *figures.BREAKDOWNS,
        "requirements",
        "permit_items",
        "series",
        "visits",
        "open",
    ]
    return [sheet_name(k) for k in order]
