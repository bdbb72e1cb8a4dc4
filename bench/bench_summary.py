"""Benchmark 5: the monthly summary with year to date (figures and workbook).

Figures: ``build_summary`` for the last month of the data. Floor: raw SQL
aggregates answering the same questions (visits by type and enterprise, item
results, problems found/closed/open/overdue, failed requirements, the town
breakdown and the monthly series), month and year to date, fetched bare.
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

RAW_PERIOD = [
    "SELECT count(*), count(DISTINCT enterprise_id) FROM visits "
    "WHERE status = 'final' AND date BETWEEN :start AND :end",
    "SELECT type, count(*) FROM visits WHERE status = 'final' AND date BETWEEN :start AND :end "
    "GROUP BY type",
    "SELECT count(DISTINCT c.id), sum(r.result = 'compliant'), sum(r.result = 'non_compliant') "
    "FROM checks c JOIN visits v ON v.id = c.visit_id JOIN check_results r ON r.check_id = c.id "
    "WHERE v.status = 'final' AND v.date BETWEEN :start AND :end",
    "SELECT count(*), sum(status = 'closed'), sum(closed_on <= deadline) FROM problems "
    "WHERE found_on BETWEEN :start AND :end",
    "SELECT count(*) FROM problems WHERE closed_on BETWEEN :start AND :end",
    "SELECT r.item_code, count(*) FROM check_results r JOIN checks c ON c.id = r.check_id "
    "JOIN visits v ON v.id = c.visit_id WHERE v.status = 'final' "
    "AND v.date BETWEEN :start AND :end AND r.result = 'non_compliant' GROUP BY r.item_code",
    "SELECT e.town, count(*) FROM visits v JOIN enterprises e ON e.id = v.enterprise_id "
    "WHERE v.status = 'final' AND v.date BETWEEN :start AND :end GROUP BY e.town",
    "SELECT e.town, count(*) FROM problems p JOIN enterprises e ON e.id = p.enterprise_id "
    "WHERE p.found_on BETWEEN :start AND :end GROUP BY e.town",
]
RAW_ONCE = [
    "SELECT count(*), sum(deadline < :end) FROM problems "
    "WHERE found_on <= :end AND status IN ('open', 'rectifying')",
    "SELECT substr(found_on, 1, 7), count(*) FROM problems "
    "WHERE found_on BETWEEN :year_start AND :end GROUP BY 1",
    "SELECT substr(closed_on, 1, 7), count(*) FROM problems "
    "WHERE closed_on BETWEEN :year_start AND :end GROUP BY 1",
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
        book_s = measure(lambda: write_summary_xlsx(store, month, target, summary=summary),
                         repeat)  # fmt: skip
        cells = workbook_cells(target)
        n_cells = sum(len(r) for rows in cells.values() for r in rows)
        plain = Path(tmp) / "plain.xlsx"
        book_floor = measure(lambda: write_cells(cells, plain), repeat)
    return [
        Result(f"monthly summary figures, {month} + year to date", figures_s, floor_s,
               "raw SQL aggregates", TARGET_FIGURES, RATIO_FIGURES),
        Result(f"summary workbook ({len(cells)} sheets, {n_cells:,} cells)", book_s, book_floor,
               "openpyxl write-only, same cells", None, RATIO_WORKBOOK),
    ]  # fmt: skip


def main() -> None:
    parser = arguments(__doc__.splitlines()[0])
    parser.add_argument("--month", help="YYYY-MM (default: the last month with final visits)")
    args = parser.parse_args()
    with open_store(args.db) as store:
        results = run(store, args.repeat, args.month)
    report("summary", "5. Monthly summary", results, db=args.db, write_readme=args.write_readme)


if __name__ == "__main__":
    main()
