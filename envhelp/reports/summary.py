"""The monthly assistance summary (月度帮扶工作汇总): every figure of one month and year to date.

:func:`build_summary` gathers the figures (from :mod:`envhelp.domain.figures`, the
same functions the dashboard and the ledger read) into a :class:`MonthlySummary`; the
workbook (:mod:`envhelp.reports.summary_xlsx`), the paste-ready paragraph
(:mod:`envhelp.reports.report_text`), the CLI (``envhelp summary``) and the GUI
Reports page all start from it. Figures are defined in docs/summary.md.

Periods: the month is its first to its last day; year to date is 1 January to
the month's last day. Both are judged on visits' local date column and on the
problems' found/closed dates, so a visit on the 31st at 23:59 belongs to that
month. State figures (open / overdue) are taken at the end of the month's last day.

Qt-free. Long work reports progress through ``progress(done, total)`` and
stops with :class:`~envhelp.errors.OperationCancelled` when
``cancelled()`` returns True.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from envhelp import i18n
from envhelp.domain import figures, vocab
from envhelp.domain.figures import activity, flows, open_at, periods
from envhelp.errors import OperationCancelled, ValidationError
from envhelp.storage import Store
from envhelp.storage.progress import CancelledFn, ProgressFn

MONTH_RE = re.compile(r"^(\d{4})-(\d{1,2})$")
TOP_FAILED = 10

# The headline figures of a period (plain numbers; visits_by_type and problems_by_handling
# are dicts by code).
PERIOD_KEYS = (
    "visits",
    "officer_visits",
    "enterprises",
    "laws",
    "materials",
    "checks",
    "permit_checks",
    "permit_findings",
    "items_checked",
    "items_compliant",
    "items_non_compliant",
    "compliance_rate",
    "problems_found",
    "problems_closed",
    "rectification_rate",
    "on_time_rate",
    "relapses",
    "rated",
    "satisfied",
    "basic",
    "unsatisfied",
    "satisfaction_rate",
    *activity.ASSESSMENT_KEYS,
)
RATE_KEYS = (
    "compliance_rate",
    "rectification_rate",
    "on_time_rate",
    "satisfaction_rate",
    "assessment_share",
)


@dataclass(frozen=True)
class Figure:
    """One line of the summary's figures: the one definition of its label and meaning,
    shared by the CLI, the GUI Reports page and the workbook (docs/summary.md).

    ``key`` names the value in a period's figures (``"visits_by_type.inspection"``: a
    code in a dict of them); ``snapshot`` figures are a state at the month's end, the
    same number for the month and the year to date.
    """

    key: str
    zh: str
    en: str
    tip_zh: str = ""
    tip_en: str = ""
    rate: bool = False
    snapshot: bool = False

    @property
    def label(self) -> str:
        return i18n.pick(self.zh, self.en)

    @property
    def tip(self) -> str:
        return i18n.pick(self.tip_zh, self.tip_en)

    def values(self, summary: MonthlySummary) -> tuple[Any, Any]:
        """(month, year to date) of this figure in ``summary``."""
        if self.snapshot:
            value = summary.snapshot[self.key.removesuffix("_at_end")]
            return value, value
        key, _, code = self.key.partition(".")
        month, year = summary.month_figures[key], summary.year_figures[key]
        return (month[code], year[code]) if code else (month, year)


def _of_which(
    key: str, codes: dict[str, tuple[str, str]], tip: tuple[str, str] = ("", "")
) -> list[Figure]:
    return [
        Figure(f"{key}.{code}", f"　其中：{zh}", f"  of which: {en}", *tip)
        for code, (zh, en) in codes.items()
    ]


FIGURES: tuple[Figure, ...] = (
    Figure(
        "visits",
        "走访帮扶次数（次）",
        "Assistance visits",
        "已定稿的走访，按走访日期计；草稿不计",
        "Final visits, by the visit's date; drafts never count",
    ),
    *_of_which("visits_by_type", vocab.VISIT_TYPES),
    Figure(
        "officer_visits",
        "出动执法人员（人次）",
        "Officer attendances (person-visits)",
        "每次走访的执法人员人数之和：两人同去一次计 2 人次",
        "Officers on each visit, added up: two officers on one visit count 2",
    ),
    Figure(
        "enterprises",
        "帮扶企业数（家，去重）",
        "Enterprises assisted (distinct)",
        "有走访的企业（各类走访），同一企业只计一次",
        "Enterprises with at least one visit of any type, each counted once",
    ),
    Figure(
        "laws",
        "宣贯法律法规标准（部次）",
        "Laws and standards publicized (law-visits)",
        "每次走访所列宣贯法律法规标准的部数之和",
        "Laws and standards listed on each visit, added up",
    ),
    Figure(
        "materials",
        "发放宣传资料（份）",
        "Publicity materials handed out (copies)",
        "走访记录中填写的发放份数之和",
        "Copies recorded on the visits, added up",
    ),
    Figure(
        "checks",
        "检查表份数（各类检查表）",
        "Checklists completed (all kinds)",
        "走访中完成的检查表份数：危险废物贮存检查与排污许可检查等；规范化环境管理评估另行统计，不计入",
        "Checklists completed on the visits: hazardous-waste storage, discharge permits, …; "
        "assessments are counted below, not here",
    ),
    Figure(
        "permit_checks",
        "排污许可证执行情况检查（份）",
        "Discharge-permit checks",
        "走访中完成的排污许可证执行情况检查表份数（清单式，按排放口、污染物展开）",
        "Permit checklists completed on the visits (items per outlet and pollutant)",
    ),
    Figure(
        "permit_findings",
        "　其中不符合项",
        "  of which non-compliant items",
        "排污许可检查中答“不符合”的检查项，各项明细见“排污许可检查”",
        "Items of the permit checks answered non-compliant; per item under the permit checks",
    ),
    Figure(
        "items_checked",
        "检查项数（符合＋不符合）",
        "Items checked (compliant + non-compliant)",
        "答“符合”或“不符合”的检查项；不适用、未检查不计",
        "Items answered compliant or non-compliant; not applicable / not checked left out",
    ),
    Figure("items_compliant", "　符合项", "  compliant"),
    Figure("items_non_compliant", "　不符合项", "  non-compliant"),
    Figure(
        "compliance_rate",
        "符合率",
        "Compliance rate",
        "符合 ÷（符合＋不符合）",
        "compliant ÷ (compliant + non-compliant)",
        rate=True,
    ),
    Figure(
        "problems_found",
        "发现问题数（个）",
        "Problems found",
        "期间内发现的问题（已撤销的不计）",
        "Problems found in the period (cancelled ones left out)",
    ),
    *_of_which("problems_by_handling", vocab.HANDLING),
    Figure(
        "problems_closed",
        "销号问题数（期间内销号）",
        "Problems closed (closed in the period)",
        "期间内销号的问题，不论何时发现（含立行立改）",
        "Problems closed out in the period, whenever found (fixed on the spot included)",
    ),
    Figure(
        "rectification_rate",
        "整改率（期间发现问题中月末已销号）",
        "Rectification rate (found in the period, closed by month end)",
        "期间发现的问题中，月末前已销号的比例",
        "Share of the problems found in the period closed by the month's end",
        rate=True,
    ),
    Figure(
        "on_time_rate",
        "按期整改率",
        "On-time rate",
        "已销号问题中，在整改期限内销号的比例",
        "Share of the closed problems closed by their deadline",
        rate=True,
    ),
    Figure(
        "relapses",
        "反弹问题数",
        "Relapses",
        "12 个月内同一企业同一检查项再次发现的问题",
        "Problems found again at the same enterprise and item within 12 months",
    ),
    Figure(
        "rated",
        "企业满意度评价（次）",
        "Satisfaction ratings",
        "记录了企业满意度的走访次数",
        "Visits on which the enterprise's satisfaction was recorded",
    ),
    Figure("satisfied", "　满意", "  satisfied"),
    Figure("basic", "　基本满意", "  basically satisfied"),
    Figure("unsatisfied", "　不满意", "  dissatisfied"),
    Figure(
        "satisfaction_rate",
        "企业满意率",
        "Satisfaction rate",
        "（满意＋基本满意）÷ 作出评价的走访次数",
        "(satisfied + basically satisfied) ÷ visits with a rating",
        rate=True,
    ),
    Figure(
        "assessments",
        "危险废物规范化环境管理评估（家次）",
        "Hazardous-waste management assessments",
        "已定稿走访中按评分模板完成的评估（如产生单位评估表），不计入检查表份数和检查项数",
        "Checks of a scored template (e.g. the producing-unit assessment) on final visits; "
        "not counted as checklists or items checked",
    ),
    Figure("assessments_pass", "　其中：达标", "  of which: pass"),
    Figure("assessments_basic", "　其中：基本达标", "  of which: basic pass"),
    Figure(
        "assessments_fail",
        "　其中：不达标",
        "  of which: fail",
        "含一票否决项未达标的评估",
        "Including assessments failed by a veto item",
    ),
    Figure(
        "assessment_share",
        "评估平均得分率",
        "Average assessment share",
        "各次评估“得分 ÷ 适用满分”的平均值（不适用项已从满分中扣除）",
        "Average of score ÷ applicable maximum over the assessments (N/A items left out)",
        rate=True,
    ),
    Figure(
        "open_at_end",
        "月末未销号问题",
        "Problems open at month end",
        "按月末当天的状态计，之后的销号或撤销不改变此数",
        "As they stood on the month's last day; later close-outs change nothing",
        snapshot=True,
    ),
    Figure(
        "overdue_at_end",
        "　其中逾期",
        "  of which overdue",
        "月末未销号且整改期限早于月末",
        "Open at month end and past the deadline then",
        snapshot=True,
    ),
)


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
    # "month" / "year" → scored items that earned less than full points, most often first
    # (figures.activity.assessment_sets "indicators", at most ``top``)
    failed_indicators: dict[str, list[dict[str, Any]]]
    requirements: list[dict[str, Any]]  # year to date, every requirement checked
    requirements_month: list[dict[str, Any]]  # the month, every requirement checked
    breakdowns: dict[str, list[dict[str, Any]]]  # figures.BREAKDOWNS → rows
    series: list[dict[str, Any]]  # one row per month Jan..month: month, visits, found, closed
    # "month" / "year" → permit checklist items with their results (figures.activity.permit_check_figures)
    permit_items: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def year(self) -> int:
        return self.start.year

    @property
    def month_number(self) -> int:
        return self.start.month


def _periods(start: date, year_start: date, end: date) -> dict[str, figures.Period]:
    return {
        "month": figures.Period.of(start, end, end),
        "year": figures.Period.of(year_start, end, end),
    }


def breakdown(
    store: Store,
    group_by: str,
    start: date,
    year_start: date,
    end: date,
    *,
    flow_rows: dict[str, list[dict[str, Any]]] | None = None,
    snapshot_rows: list[dict[str, Any]] | None = None,
    visit_rows: dict[str, list[dict[str, Any]]] | None = None,
) -> list[dict]:
    """One row per group with month_* and year_* figures and the month-end snapshot.

    Keys: key, label, month_visits, month_enterprises, month_found, month_closed,
    year_visits, year_enterprises, year_found, year_closed, year_found_closed,
    year_rectification_rate, year_on_time_rate, year_relapses, open_at_end,
    overdue_at_end (visit keys are 0 for category and severity, which visits do not have).
    ``flow_rows`` (``{"month": rows, "year": rows}`` of the ledger figures by this group),
    ``visit_rows`` (the same of :func:`.activity.visit_sets`) and ``snapshot_rows``
    (:func:`.open_at.snapshot` rows by this group) may be passed when
    :func:`build_summary` has read them for every breakdown at once.
    """
    if flow_rows is None:
        flow_rows = flows.figure_sets(
            store, _periods(start, year_start, end), (group_by,), **figures.COUNTED
        )[group_by]
    if snapshot_rows is None:
        snapshot_rows = open_at.snapshot(store, end, group_by)
    rows: dict[Any, dict[str, Any]] = {}

    def row_for(key: Any, label: Any) -> dict[str, Any]:
        if key not in rows:
            rows[key] = {
                "key": key,
                "label": figures.group_label(group_by, key, label),
                "month_visits": 0,
                "month_enterprises": 0,
                "month_found": 0,
                "month_closed": 0,
                "month_rectification_rate": None,
                "year_visits": 0,
                "year_enterprises": 0,
                "year_found": 0,
                "year_closed": 0,
                "year_found_closed": 0,
                "year_rectification_rate": None,
                "year_on_time_rate": None,
                "year_relapses": 0,
                "open_at_end": 0,
                "overdue_at_end": 0,
            }
        return rows[key]

    if visit_rows is None and group_by in activity.VISIT_GROUPS:
        visit_rows = activity.visit_sets(
            store, {"month": (start, end), "year": (year_start, end)}, (group_by,)
        )[group_by]
    for prefix in ("month", "year"):
        if visit_rows is not None:
            for r in visit_rows[prefix]:
                row = row_for(r["key"], r["label"])
                row[f"{prefix}_visits"] = r["visits"]
                row[f"{prefix}_enterprises"] = r["enterprises"]
        for r in flow_rows[prefix]:
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
    for r in snapshot_rows:
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


def breakdown_total(summary: MonthlySummary) -> dict[str, Any]:
    """The 合计 row of every breakdown sheet: the month's and the year's totals, keyed like
    the :func:`breakdown` rows. Taken from the totals, never added up from the rows: by
    officer a visit counts once per officer, and an enterprise visited in two groups
    is one enterprise."""
    m, y, snap = summary.month_figures, summary.year_figures, summary.snapshot
    return {
        "key": None,
        "label": i18n.pick("合计", "Total"),
        "month_visits": m["visits"],
        "month_enterprises": m["enterprises"],
        "month_found": m["problems_found"],
        "month_closed": m["problems_closed"],
        "month_rectification_rate": m["rectification_rate"],
        "year_visits": y["visits"],
        "year_enterprises": y["enterprises"],
        "year_found": y["problems_found"],
        "year_closed": y["problems_closed"],
        "year_found_closed": y["problems_found_closed"],
        "year_rectification_rate": y["rectification_rate"],
        "year_on_time_rate": y["on_time_rate"],
        "year_relapses": y["relapses"],
        "open_at_end": snap["open"],
        "overdue_at_end": snap["overdue"],
    }


def monthly_series(store: Store, year_start: date, end: date) -> list[dict[str, Any]]:
    """Jan..month: final visits, problems found and problems closed per month (the ledger
    figures of each month, :func:`envhelp.domain.figures.flows.monthly_counts`)."""
    visits = activity.monthly_visits(store, year_start, end)
    problems = flows.monthly_counts(store, year_start, end, **figures.COUNTED)
    series = []
    for month in range(1, end.month + 1):
        key = f"{end.year:04d}-{month:02d}"
        counts = problems.get(key, {"found": 0, "closed_in_period": 0})
        series.append(
            {
                "month": key,
                "label": i18n.pick(f"{month}月", calendar.month_abbr[month]),
                "visits": visits.get(key, 0),
                "found": counts["found"],
                "closed": counts["closed_in_period"],
            }
        )
    return series


Step = Callable[[], Any]


def build_summary(
    store: Store,
    month: str | date,
    *,
    top: int = TOP_FAILED,
    progress: ProgressFn | None = None,
    cancelled: CancelledFn | None = None,
) -> MonthlySummary:
    """All figures of the month ``"YYYY-MM"`` and of the year up to its end.

    ``progress(done, total)`` is called after each step (a few aggregate
    queries each); ``cancelled()`` is polled between steps and stops the work with
    OperationCancelled. Texts (labels) follow the current language.

    Each source is read once for every figure that needs it: the checklist results
    of the year (month and year per requirement, and their totals), the problems
    found or closed in the year (month, year and every breakdown in one query), the
    month-end state (total and every breakdown), the months of the series.
    """
    start, end = parse_month(month)
    year_start = date(start.year, 1, 1)
    r: dict[str, Any] = {}

    def requirements() -> None:
        sets = activity.requirement_sets(store, {"month": (start, end), "year": (year_start, end)})
        r["requirements_year"], r["requirements_month"] = sets["year"], sets["month"]

    def problem_flows() -> None:
        r["flows"] = flows.figure_sets(
            store,
            _periods(start, year_start, end),
            (None, "handling", *figures.BREAKDOWNS),
            **figures.COUNTED,
        )

    def visits() -> None:
        r["visits"] = activity.visit_sets(
            store,
            {"month": (start, end), "year": (year_start, end)},
            (None, "type", *[g for g in figures.BREAKDOWNS if g in activity.VISIT_GROUPS]),
        )

    def assessments() -> None:
        r["assessments"] = activity.assessment_sets(
            store, {"month": (start, end), "year": (year_start, end)}
        )

    def period(name: str, since: date) -> None:
        (totals,) = r["flows"][None][name]
        (visit_totals,) = r["visits"][None][name]
        r[name] = periods.combine(
            activity.visit_totals(visit_totals, r["visits"]["type"][name]),
            activity.check_figures(store, since, end, requirements=r[f"requirements_{name}"]),
            totals,
            r["flows"]["handling"][name],
        )
        permit = activity.permit_check_figures(
            store, since, end, requirements=r[f"requirements_{name}"]
        )
        r[f"permit_items_{name}"] = permit.pop("permit_items")
        r[name].update(permit)
        r[name].update({k: r["assessments"][name][k] for k in activity.ASSESSMENT_KEYS})

    steps: list[Step] = [
        requirements,
        assessments,
        visits,
        problem_flows,
        lambda: period("month", start),
        lambda: period("year", year_start),
        lambda: r.update(snapshots=open_at.snapshot_sets(store, end, (None, *figures.BREAKDOWNS))),
        lambda: r.update(series=monthly_series(store, year_start, end)),
    ]
    for group_by in figures.BREAKDOWNS:
        steps.append(
            lambda g=group_by: r.update(
                {
                    g: breakdown(
                        store,
                        g,
                        start,
                        year_start,
                        end,
                        flow_rows=r["flows"][g],
                        snapshot_rows=r["snapshots"][g],
                        visit_rows=r["visits"].get(g),
                    )
                }
            )
        )
    for done, step in enumerate(steps, start=1):
        if cancelled is not None and cancelled():
            raise OperationCancelled.export()
        step()
        if progress is not None:
            progress(done, len(steps))
    (snap,) = r["snapshots"][None]
    return MonthlySummary(
        month=f"{start.year:04d}-{start.month:02d}",
        start=start,
        end=end,
        year_start=year_start,
        language=i18n.language(),
        month_figures=r["month"],
        year_figures=r["year"],
        snapshot={"open": snap["open"], "overdue": snap["overdue"]},
        top_failed={
            "month": activity.failed_most(r["requirements_month"], top),
            "year": activity.failed_most(r["requirements_year"], top),
        },
        failed_indicators={
            name: r["assessments"][name]["indicators"][:top] for name in ("month", "year")
        },
        requirements=r["requirements_year"],
        requirements_month=r["requirements_month"],
        breakdowns={g: r[g] for g in figures.BREAKDOWNS},
        series=r["series"],
        permit_items={"month": r["permit_items_month"], "year": r["permit_items_year"]},
    )
