"""Benchmark 3: the Visits and Problems lists — first page, last page, overdue in one town.

Each figure is the domain call the GUI list makes (``visits.list_page`` /
``problems.list_page``, pages of 200, plus ``count``); its floor is the same
SQL statement fetched bare. Paging to the end is timed as the page at
OFFSET count-200 (what dragging the scroll bar to the bottom asked for before
the GUI paged visits by keyset) and, for visits, as the GUI pages now: after the
cursor of the row before the last page. Target: a page ≤ 100 ms; a filter of the
Problems page (its three reads) ≤ 50 ms.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import Result, measure, store_main  # noqa: E402

TARGET = 0.100
FILTER_TARGET = 0.050  # the issue: "search and filter ≤ 50 ms"
PAGE = 200
VISITS_SQL = (
    "SELECT v.*, e.name AS enterprise_name FROM visits v "
    "JOIN enterprises e ON e.id = v.enterprise_id "
    "ORDER BY v.date DESC, v.time DESC, v.id LIMIT ? OFFSET ?"
)


def busiest_town(store) -> str:  # noqa: ANN001
    return store.scalar(
        "SELECT town FROM enterprises GROUP BY town ORDER BY count(*) DESC, town LIMIT 1"
    )


def run(store, repeat: int = 5, today: date | None = None) -> list[Result]:  # noqa: ANN001
    from envhelp.domain import problems, visits

    today = today or date.today()
    results: list[Result] = []
    n_visits = visits.count(store)
    n_problems = problems.count(store)
    last_v = max(n_visits - PAGE, 0)
    last_p = max(n_problems - PAGE, 0)

    def bare(sql: str, params: list) -> None:
        store.conn.execute(sql, params).fetchall()

    def problem_sql(offset: int, **filters) -> tuple[str, list]:  # noqa: ANN003
        sql, params = problems.select_sql(**filters)
        return sql + " LIMIT ? OFFSET ?", [*params, PAGE, offset]

    results.append(
        Result(
            f"visits first page ({n_visits:,} visits)",
            measure(lambda: visits.list_page(store, limit=PAGE), repeat),
            measure(lambda: bare(VISITS_SQL, [PAGE, 0]), repeat),
            "bare SQL",
            TARGET,
        )
    )
    # Keyset alternative: the last page is the first page of the reversed order.
    reverse = VISITS_SQL.replace(
        "v.date DESC, v.time DESC, v.id", "v.date, v.time, v.id DESC"
    ).replace(" OFFSET ?", "")
    keyset_s = measure(lambda: bare(reverse, [PAGE]), repeat)
    results.append(
        Result(
            "visits last page (OFFSET)",
            measure(lambda: visits.list_page(store, limit=PAGE, offset=last_v), repeat),
            measure(lambda: bare(VISITS_SQL, [PAGE, last_v]), repeat),
            "bare SQL",
            TARGET,
            note=f"keyset last page (bare): {keyset_s * 1000:.1f} ms",
        )
    )
    # What the GUI does now: continue after the last loaded row (visits.list_page(after=…)).
    before_last = visits.list_page(store, limit=1, offset=max(last_v - 1, 0))
    cursor = visits.cursor_of(before_last[0]) if before_last else None
    results.append(
        Result(
            "visits last page (keyset, as the GUI pages)",
            measure(lambda: visits.list_page(store, limit=PAGE, after=cursor), repeat),
            keyset_s,
            "bare SQL, reversed order",
            TARGET,
        )
    )
    results.append(
        Result(
            "visits count",
            measure(lambda: visits.count(store), repeat),
            measure(lambda: bare("SELECT count(*) FROM visits v", []), repeat),
            "bare SQL",
            TARGET,
        )
    )

    results.append(
        Result(
            f"problems first page ({n_problems:,} problems)",
            measure(lambda: problems.list_page(store, limit=PAGE), repeat),
            measure(lambda: bare(*problem_sql(0)), repeat),
            "bare SQL, plain join",
            TARGET,
        )
    )
    results.append(
        Result(
            "problems last page (OFFSET)",
            measure(lambda: problems.list_page(store, limit=PAGE, offset=last_p), repeat),
            measure(lambda: bare(*problem_sql(last_p)), repeat),
            "bare SQL, plain join",
            TARGET,
        )
    )
    results.append(
        Result(
            "problems count",
            measure(lambda: problems.count(store), repeat),
            measure(lambda: bare("SELECT count(*) FROM problems p", []), repeat),
            "bare SQL",
            TARGET,
        )
    )

    # What the Problems page reads when a filter changes: the first page, the count and
    # the overdue count of the same filter (LedgerTableModel.fetch_count).
    town = busiest_town(store)

    def ledger_page(**filters) -> None:  # noqa: ANN003
        problems.list_page(store, limit=PAGE, **filters)
        problems.count(store, **filters)
        problems.count(store, **{**filters, "overdue_on": today})

    def ledger_bare(**filters) -> None:  # noqa: ANN003
        bare(*problem_sql(0, **filters))
        for counted in (filters, {**filters, "overdue_on": today}):
            where, params = problems._where(**counted)
            bare(
                f"SELECT count(*) FROM problems p JOIN enterprises e "
                f"ON e.id = p.enterprise_id{where}",
                params,
            )

    for label, filters in (
        (f"problems in {town}", {"town": town}),
        (f"problems overdue in {town}", {"town": town, "overdue_on": today}),
    ):
        n = problems.count(store, **filters)
        results.append(
            Result(
                f"{label} ({n:,}): first page + count + overdue count",
                measure(lambda f=filters: ledger_page(**f), repeat),
                measure(lambda f=filters: ledger_bare(**f), repeat),
                "bare SQL",
                FILTER_TARGET,
                note="what the Problems page reads for this filter",
            )
        )
    return results


def main() -> None:
    store_main(__doc__, "lists", "3. Visits and Problems lists", run)


if __name__ == "__main__":
    main()
