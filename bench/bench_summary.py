"""Benchmark 5: the monthly summary with year to date (figures and workbook).

Figures: ``build_summary`` for the last month of the data. Floor: the same
figures as plain SQL aggregates, one statement per figure and grouping, fetched
bare: visits and enterprises (total and by town, industry, type, officer), checks
and every item's results, problem flows (found, closed, on time, relapses, closed
in the period; total and the five breakdowns) for the month and the year to date;
open and overdue at month end replayed from each problem's history, per
breakdown; the monthly series.
Targets: ≤ 1 s and ≤ 3× the floor.

Workbook: ``write_summary_xlsx`` with the figures already built. Floor:
openpyxl (write-only) writing the same cell values, read back from the
produced file, from memory. Target: ≤ 1.5× the floor.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import Result, arguments, measure, open_store, report  # noqa: E402

TARGET_FIGURES = 1.0
RATIO_FIGURES = 3.0
RATIO_WORKBOOK = 1.5

# The floor: the summary's figures (docs/summary.md) as plain SQL aggregates, one statement
# per figure and grouping, fetched bare — what a hand-written report query would cost.
# Problems counted: not cancelled, of a final visit or of none.
_COUNTED = (
    "p.status != 'cancelled' AND (p.visit_id IS NULL OR EXISTS "
    "(SELECT 1 FROM visits fv WHERE fv.id = p.visit_id AND fv.status = 'final'))"
)
_VISIT_GROUPS = {
    "": ("NULL", ""),
    "town": ("e.town", ""),
    "industry": ("e.industry", ""),
    "type": ("v.type", ""),
    "officer": ("vo.officer_id", " JOIN visit_officers vo ON vo.visit_id = v.id"),
}
_PROBLEM_GROUPS = {
    "": ("NULL", ""),
    "town": ("e.town", ""),
    "industry": ("e.industry", ""),
    "category": ("p.category", ""),
    "severity": ("p.severity", ""),
    "officer": ("vo.officer_id", " LEFT JOIN visit_officers vo ON vo.visit_id = p.visit_id"),
}
RAW_PERIOD = [
    *(
        f"SELECT {key}, count(*), count(DISTINCT v.enterprise_id) FROM visits v "
        f"JOIN enterprises e ON e.id = v.enterprise_id{joins} "
        f"WHERE v.status = 'final' AND v.date BETWEEN :start AND :end GROUP BY {key}"
        for key, joins in _VISIT_GROUPS.values()
    ),
    "SELECT count(DISTINCT c.id), count(DISTINCT v.enterprise_id) FROM checks c "
    "JOIN visits v ON v.id = c.visit_id WHERE v.status = 'final' AND v.date BETWEEN :start AND :end",
    "SELECT c.template_id, r.item_code, sum(r.result = 'compliant'), "
    "sum(r.result = 'non_compliant'), sum(r.result = 'not_applicable'), "
    "sum(r.result = 'not_checked') FROM check_results r JOIN checks c ON c.id = r.check_id "
    "JOIN visits v ON v.id = c.visit_id WHERE v.status = 'final' "
    "AND v.date BETWEEN :start AND :end GROUP BY c.template_id, r.item_code",
    *(
        f"SELECT {key}, sum(p.found_on BETWEEN :start AND :end), "
        "sum(p.found_on BETWEEN :start AND :end AND p.status = 'closed' AND p.closed_on <= :end), "
        "sum(p.found_on BETWEEN :start AND :end AND p.status = 'closed' AND p.closed_on <= :end "
        "AND (p.deadline IS NULL OR p.closed_on <= p.deadline)), "
        "sum(p.found_on BETWEEN :start AND :end AND p.relapse_of IS NOT NULL), "
        "sum(p.status = 'closed' AND p.closed_on BETWEEN :start AND :end) "
        f"FROM problems p JOIN enterprises e ON e.id = p.enterprise_id{joins} "
        f"WHERE {_COUNTED} AND (p.found_on BETWEEN :start AND :end "
        f"OR p.closed_on BETWEEN :start AND :end) GROUP BY {key}"
        for key, joins in _PROBLEM_GROUPS.values()
    ),
]
# Open and overdue at month end: each problem's state then, replayed from its history.
_AS_OF = (
    "SELECT p.*, coalesce((SELECT ev.to_status FROM problem_events ev "
    "WHERE ev.problem_id = p.id AND ev.kind IN ('created', 'transition') "
    "AND date(ev.at, 'localtime') <= :end ORDER BY ev.at DESC, ev.rowid DESC LIMIT 1), "
    "p.status) AS status_at, coalesce((SELECT ev.old_deadline FROM problem_events ev "
    "WHERE ev.problem_id = p.id AND ev.kind = 'extension' AND date(ev.at, 'localtime') > :end "
    "ORDER BY ev.at, ev.rowid LIMIT 1), p.deadline) AS deadline_at "
    "FROM problems p WHERE p.found_on <= :end AND (p.visit_id IS NULL OR EXISTS "
    "(SELECT 1 FROM visits fv WHERE fv.id = p.visit_id AND fv.status = 'final')) "
    "AND NOT (p.status = 'closed' AND p.closed_on <= :end)"
)
RAW_ONCE = [
    f"WITH a AS MATERIALIZED ({_AS_OF}) "
    + " UNION ALL ".join(
        f"SELECT '{name}', {key}, count(*), sum(p.deadline_at < :end) FROM a p "
        f"JOIN enterprises e ON e.id = p.enterprise_id{joins} "
        f"WHERE p.status_at IN ('open', 'rectifying') GROUP BY {key}"
        for name, (key, joins) in _PROBLEM_GROUPS.items()
    ),
    "SELECT substr(found_on, 1, 7), count(*) FROM problems p "
    f"WHERE found_on BETWEEN :year_start AND :end AND {_COUNTED} GROUP BY 1",
    "SELECT substr(closed_on, 1, 7), count(*) FROM problems p "
    f"WHERE closed_on BETWEEN :year_start AND :end AND {_COUNTED} GROUP BY 1",
    "SELECT substr(date, 1, 7), count(*) FROM visits "
    "WHERE status = 'final' AND date BETWEEN :year_start AND :end GROUP BY 1",
]


def last_month(store) -> str:  # noqa: ANN001
    return store.scalar("SELECT substr(max(date), 1, 7) FROM visits WHERE status = 'final'")


def raw_aggregates(store, month: str) -> None:  # noqa: ANN001
    from envhelp.reports.summary import parse_month

    start, end = parse_month(month)
    year_start = date(start.year, 1, 1)
    for period in ((start, end), (year_start, end)):
        params = {"start": period[0].isoformat(), "end": period[1].isoformat()}
        for sql in RAW_PERIOD:
            store.conn.execute(sql, params).fetchall()
    params = {"end": end.isoformat(), "year_start": year_start.isoformat()}
    for sql in RAW_ONCE:
        store.conn.execute(sql, params).fetchall()


def workbook_cells(path: Path) -> dict[str, list[tuple]]:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    try:
        return {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}
    finally:
        wb.close()


def write_cells(cells: dict[str, list[tuple]], path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    for title, rows in cells.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    wb.save(path)


def run(store, repeat: int = 5, month: str | None = None) -> list[Result]:  # noqa: ANN001
    from envhelp.reports.summary import build_summary
    from envhelp.reports.summary_xlsx import write_summary_xlsx

    month = month or last_month(store)
    figures_s = measure(lambda: build_summary(store, month), repeat)
    floor_s = measure(lambda: raw_aggregates(store, month), repeat)
    summary = build_summary(store, month)
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "summary.xlsx"
        book_s = measure(lambda: write_summary_xlsx(store, month, target, summary=summary), repeat)
        cells = workbook_cells(target)
        n_cells = sum(len(r) for rows in cells.values() for r in rows)
        plain = Path(tmp) / "plain.xlsx"
        book_floor = measure(lambda: write_cells(cells, plain), repeat)
    return [
        Result(
            f"monthly summary figures, {month} + year to date",
            figures_s,
            floor_s,
            "raw SQL aggregates",
            TARGET_FIGURES,
            RATIO_FIGURES,
        ),
        Result(
            f"summary workbook ({len(cells)} sheets, {n_cells:,} cells)",
            book_s,
            book_floor,
            "openpyxl write-only, same cells",
            None,
            RATIO_WORKBOOK,
        ),
    ]


def main() -> None:
    parser = arguments(__doc__.splitlines()[0])
    parser.add_argument("--month", help="YYYY-MM (default: the last month with final visits)")
    args = parser.parse_args()
    with open_store(args.db) as store:
        results = run(store, args.repeat, args.month)
    report("summary", "5. Monthly summary", results, db=args.db, write_readme=args.write_readme)


if __name__ == "__main__":
    main()
