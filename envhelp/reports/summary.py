"""The monthly assistance summary (月度帮扶工作汇总): every figure of one month and year to date.

:func:`build_summary` gathers the figures (from :mod:`envhelp.domain.statistics`,
which reuses the ledger's rate functions) into a :class:`MonthlySummary`; the
workbook (:mod:`envhelp.reports.summary_xlsx`), the paste-ready paragraph
(:mod:`envhelp.reports.report_text`), the CLI (``envhelp summary``) and the GUI
Reports page all start from it. Figures are defined in docs/summary.md.

Periods: the month is its first to its last day; year to date is 1 January to
the month's last day. Both are judged on visits' local date column and on the
problems' found/closed dates, so a visit on the 31st at 23:59 belongs to that
month. State figures (open / overdue) are taken at the end of the month's last day.

Qt-free. Long work reports progress through ``progress(done, total)`` and
stops with :class:`~envhelp.reports.xlsx_common.ExportCancelled` when
``cancelled()`` returns True.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from envhelp import i18n
from envhelp.domain import statistics
from envhelp.errors import ValidationError
from envhelp.reports.xlsx_common import CancelCheck, ExportCancelled, ProgressCallback
from envhelp.storage import Store

MONTH_RE = re.compile(r"^(\d{4})-(\d{1,2})$")
TOP_FAILED = 10

# The headline figures of a period, in the order the Overview lists them.
PERIOD_KEYS = (
    "visits", "enterprises", "checks", "items_checked", "items_compliant",
    "items_non_compliant", "compliance_rate", "problems_found", "problems_closed",
    "rectification_rate", "on_time_rate", "relapses",
)  # fmt: skip
RATE_KEYS = ("compliance_rate", "rectification_rate", "on_time_rate")


def parse_month(value: str | date) -> tuple[date, date]:
    """``"YYYY-MM"`` (or a date in the month) → (first day, last day).

    Anything else raises ValidationError on field ``month`` with the expected form.
    """
    if isinstance(value, date):
        year, month = value.year, value.month
    else:
        match = MONTH_RE.match(str(value or "").strip())
        year, month = (int(match[1]), int(match[2])) if match else (0, 0)
        if not (1 <= month <= 12 and 1900 <= year <= 9999):
            raise ValidationError(
                "month",
                f"月份“{value}”无效，请按“年-月”填写，例如 2025-03。",
                f"Month “{value}” is not valid; write it as year-month, e.g. 2025-03.",
            )
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


@dataclass
class MonthlySummary:
    """Every figure of one month's summary. Period dicts have the keys of :data:`PERIOD_KEYS`
    plus ``visits_by_type``; ``snapshot`` has ``open`` and ``overdue`` at month end."""

    month: str  # "YYYY-MM"
    start: date  # first day of the month
    end: date  # last day of the month (also the as-of day)
    year_start: date  # 1 January
    language: str
    month_figures: dict[str, Any]
    year_figures: dict[str, Any]
    snapshot: dict[str, int]
    top_failed: dict[str, list[dict[str, Any]]]  # "month" / "year" → requirement rows
    requirements: list[dict[str, Any]]  # year to date, every requirement checked
    requirements_month: list[dict[str, Any]]  # the month, every requirement checked
    breakdowns: dict[str, list[dict[str, Any]]]  # statistics.BREAKDOWNS → rows
    series: list[dict[str, Any]]  # one row per month Jan..month: month, visits, found, closed

    @property
    def year(self) -> int:
        return self.start.year

    @property
    def month_number(self) -> int:
        return self.start.month


def period_figures(store: Store, start: date, end: date) -> dict[str, Any]:
    """The headline figures of ``start``..``end`` (problem state as of ``end``)."""
    out: dict[str, Any] = {}
    out.update(statistics.visit_figures(store, start, end))
    out.update(statistics.check_figures(store, start, end))
    problems = statistics.problem_figures(store, start, end, as_of=end)
    out["problems_found"] = problems["found"]
    out["problems_closed"] = problems["closed_in_period"]
    out["rectification_rate"] = problems["rectification_rate"]
    out["on_time_rate"] = problems["on_time_rate"]
    out["relapses"] = problems["relapses"]
    out["problems_found_closed"] = problems["closed"]
    out["problems_closed_on_time"] = problems["closed_on_time"]
    return out


def breakdown(store: Store, group_by: str, start: date, year_start: date, end: date) -> list[dict]:
    """One row per group with month_* and year_* figures and the month-end snapshot.

    Keys: key, label, month_visits, month_enterprises, month_found, month_closed,
    year_visits, year_enterprises, year_found, year_closed, year_found_closed,
    year_rectification_rate, year_on_time_rate, year_relapses, open_at_end,
    overdue_at_end (visit keys are 0 for category and severity, which visits do not have).
    """
    rows: dict[Any, dict[str, Any]] = {}

    def row_for(key: Any, label: Any) -> dict[str, Any]:
        if key not in rows:
            rows[key] = {
                "key": key,
                "label": statistics.group_label(group_by, key, label),
                "month_visits": 0, "month_enterprises": 0, "month_found": 0,
                "month_closed": 0, "month_rectification_rate": None,
                "year_visits": 0, "year_enterprises": 0, "year_found": 0, "year_closed": 0,
                "year_found_closed": 0, "year_rectification_rate": None,
                "year_on_time_rate": None, "year_relapses": 0,
                "open_at_end": 0, "overdue_at_end": 0,
            }  # fmt: skip
        return rows[key]

    for prefix, since in (("month", start), ("year", year_start)):
        if group_by in statistics.VISIT_GROUPS:
            for r in statistics.visit_breakdown(store, group_by, since, end):
                row = row_for(r["key"], r["label"])
                row[f"{prefix}_visits"] = r["visits"]
                row[f"{prefix}_enterprises"] = r["enterprises"]
        for r in statistics.problem_breakdown(store, group_by, since, end, as_of=end):
            row = row_for(
                r["key"], r["label"] if group_by not in ("category", "severity") else r["key"]
            )
            row[f"{prefix}_found"] = r["found"]
            row[f"{prefix}_closed"] = r["closed_in_period"]
            row[f"{prefix}_rectification_rate"] = r["rectification_rate"]
            if prefix == "year":
                row["year_found_closed"] = r["closed"]
                row["year_on_time_rate"] = r["on_time_rate"]
                row["year_relapses"] = r["relapses"]
    for r in statistics.snapshot(store, end, group_by):
        row = row_for(r["key"], r["label"])
        row["open_at_end"] = r["open"]
        row["overdue_at_end"] = r["overdue"]
    # Most active first; the "no visit" / blank groups go last.
    return sorted(
        rows.values(),
        key=lambda r: (
            r["key"] is None,
            -r["year_visits"],
            -r["year_found"],
            -r["open_at_end"],
            r["label"],
        ),
    )


def monthly_series(store: Store, year_start: date, end: date) -> list[dict[str, Any]]:
    """Jan..month: final visits, problems found and problems closed per month (ledger totals)."""
    visits = statistics.monthly_visits(store, year_start, end)
    series = []
    for month in range(1, end.month + 1):
        first, last = parse_month(date(end.year, month, 1))
        totals = statistics.problem_figures(store, first, last, as_of=last)
        key = f"{end.year:04d}-{month:02d}"
        series.append(
            {
                "month": key,
                "label": i18n.pick(f"{month}月", calendar.month_abbr[month]),
                "visits": visits.get(key, 0),
                "found": totals["found"],
                "closed": totals["closed_in_period"],
            }
        )
    return series


Step = Callable[[], Any]


def build_summary(
    store: Store,
    month: str | date,
    *,
    top: int = TOP_FAILED,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> MonthlySummary:
    """All figures of the month ``"YYYY-MM"`` and of the year up to its end.

    ``progress(done, total)`` is called after each step (about a dozen aggregate
    queries); ``cancelled()`` is polled between steps and stops the work with
    ExportCancelled. Texts (labels) follow the current language.
    """
    start, end = parse_month(month)
    year_start = date(start.year, 1, 1)
    results: dict[str, Any] = {}
    steps: list[tuple[str, Step]] = [
        ("month", lambda: period_figures(store, start, end)),
        ("year", lambda: period_figures(store, year_start, end)),
        ("snapshot", lambda: statistics.snapshot_totals(store, end)),
        ("top_month", lambda: statistics.requirement_figures(
            store, start, end, failed_only=True, limit=top)),
        ("top_year", lambda: statistics.requirement_figures(
            store, year_start, end, failed_only=True, limit=top)),
        ("requirements", lambda: statistics.requirement_figures(store, year_start, end)),
        ("requirements_month", lambda: statistics.requirement_figures(store, start, end)),
        ("series", lambda: monthly_series(store, year_start, end)),
    ]  # fmt: skip
    for group_by in statistics.BREAKDOWNS:
        steps.append((group_by, lambda g=group_by: breakdown(store, g, start, year_start, end)))
    for done, (name, step) in enumerate(steps, start=1):
        if cancelled is not None and cancelled():
            raise ExportCancelled()
        results[name] = step()
        if progress is not None:
            progress(done, len(steps))
    return MonthlySummary(
        month=f"{start.year:04d}-{start.month:02d}",
        start=start,
        end=end,
        year_start=year_start,
        language=i18n.language(),
        month_figures=results["month"],
        year_figures=results["year"],
        snapshot=results["snapshot"],
        top_failed={"month": results["top_month"], "year": results["top_year"]},
        requirements=results["requirements"],
        requirements_month=results["requirements_month"],
        breakdowns={g: results[g] for g in statistics.BREAKDOWNS},
        series=results["series"],
    )
