"""Benchmark 3b/7 (GUI): the Visits and Problems lists opened and scrolled to the end; memory.

One fresh child process runs the real main window over the database
(``envhelp.gui.app.start``, ``QT_QPA_PLATFORM=offscreen`` unless set) and reports:

- **first page**: from asking for the page (``MainWindow.show_page``: the page is
  built on its first visit, counts and reads its first page) to that page painted.
  Floor: the same list's bare SQL — its count and first page. Target ≤ 100 ms.
- **scrolling to the end**: the list is driven the way a user's scrolling drives it —
  the vertical scroll bar set to its maximum, then the events processed (the view
  asks the model for the next page with ``fetchMore`` and paints), again and again
  until every row is loaded. The longest single step is the longest time the window
  could not respond (target ≤ 100 ms: "scrolling never blocks"); the total is beside
  it. Floor: the bare SQL of the same pages (its slowest page, and their sum); visits
  pages continue after the last loaded row (keyset), ledger pages by OFFSET.
- **peak memory** (the process's high-water RSS: ``VmHWM``, else ``ru_maxrss``) after opening each page (the dashboard and reports
  page with their background reads finished) and after both lists are scrolled to
  the end. Floor: a fresh process with a bare QApplication showing a QTableView.
  Target ≤ 400 MB.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_gui_start import PAINT_WATCH  # noqa: E402
from bench.common import BENCH_DIR, Result, arguments, open_store, report  # noqa: E402

TARGET_PAGE = 0.100  # a list's first page, and the longest stall while scrolling
TARGET_RSS_MB = 400
LISTS = ("visits", "problems")
PAGES = ("dashboard", "enterprises", "visits", "problems", "reports")

# Peak RSS of this process in MB. On Linux ru_maxrss survives exec (a child started
# from a big parent reports at least the parent's size), so the kernel's VmHWM of the
# process's own memory comes first; ru_maxrss where /proc is missing.
PEAK_RSS = """
import resource

def rss_mb():
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
"""

CHILD = (
    PEAK_RSS
    + """
import json, sys, time
from envhelp.gui import app as gui_app
from envhelp.gui.models import PAGE_SIZE
"""
    + PAINT_WATCH.replace("%", "%%")
    + """
def until(done, timeout=600.0):
    end = time.perf_counter() + timeout
    while not done() and time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.001)

app, window = gui_app.start(["--db", sys.argv[1]])
window.auto_backup = False  # no backup of the benchmark database when the child ends
watch = PaintWatch()
app.installEventFilter(watch)
out = {"page_size": PAGE_SIZE, "rss": {}, "first_page": {}, "scroll": {}}
until(lambda: not window.page(0).is_loading())
app.processEvents()
out["rss"]["dashboard"] = rss_mb()
for row, key in enumerate(%(pages)r):
    if row == 0:
        continue
    PaintWatch.painted = False
    t0 = time.perf_counter()
    window.show_page(row)
    until(lambda: PaintWatch.painted)
    out["first_page"][key] = time.perf_counter() - t0
    page = window.current_page()
    if key == "reports":  # its monthly summary is read on a worker: count it in
        until(lambda: page.figures_task is None or not page.figures_task.is_running())
        app.processEvents()
    out["rss"][key] = rss_mb()
for key in %(lists)r:
    window.show_page(window.page_row(key))
    app.processEvents()
    page = window.current_page()
    if key == "problems":  # the whole ledger (the page opens on the unfinished problems)
        page.clear_filters()
        app.processEvents()
    model, bar = page.model, page.table.verticalScrollBar()
    steps, started = [], time.perf_counter()
    while True:
        t0 = time.perf_counter()
        bar.setValue(bar.maximum())  # the view fetches the next page at the bottom
        app.processEvents()  # ... and paints it
        steps.append(time.perf_counter() - t0)
        if not model.canFetchMore() and bar.value() == bar.maximum():
            break
    out["scroll"][key] = {
        "total": time.perf_counter() - started, "longest": max(steps), "steps": len(steps),
        "rows": model.rowCount(), "of": model.total,
    }
out["rss"]["lists scrolled to the end"] = rss_mb()
print(json.dumps(out), flush=True)
window.close()
window.store.close()
"""
)


@dataclass
class MemoryResult(Result):
    """A memory figure: ``seconds`` and ``floor`` hold megabytes, shown as MB."""

    def row(self) -> str:
        ratio = f"{self.ratio:.2f}×" if self.ratio is not None else "—"
        goal = f"≤ {self.target:.0f} MB" if self.target is not None else "—"
        verdict = "ok" if self.ok else "**missed**"
        return (
            f"| {self.name} | {self.seconds:.0f} MB | {self.floor:.0f} MB ({self.floor_name}) "
            f"| {ratio} | {goal} | {verdict} | {self.note} |"
        )


BARE = (
    PEAK_RSS
    + """
import sys
from PySide6.QtWidgets import QApplication, QTableView
app = QApplication(sys.argv[:1])
view = QTableView()
view.show()
app.processEvents()
print(rss_mb(), flush=True)
"""
)


def child(code: str, *args: str) -> str:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=BENCH_DIR.parent,
        env=env,
    )
    if done.returncode != 0:
        raise RuntimeError(f"child failed: {done.stderr[-2000:]}")
    return done.stdout.strip().splitlines()[-1]


def bare_sql(db: Path, page_size: int, samples: int = 20) -> dict[str, dict[str, float]]:
    """Seconds of each list's bare SQL — the very statements the core runs for the GUI
    (recorded from ``Store.query``/``scalar``: a visits page and its officers, continued
    after the row above it as the model does; a ledger page in the order the page's sort
    indicator asks for), fetched without building dicts: the counts + first page, and the
    pages to the end, sampled at ``samples`` evenly spaced rows (always including the last
    page); the total is their mean times the number of pages."""
    from envhelp.domain import ledger_list, visits

    timings: dict[str, dict[str, float]] = {}
    with open_store(db) as store:

        def statements(call: Callable[[], object]) -> list[tuple[str, list]]:
            recorded: list[tuple[str, list]] = []
            real_query, real_scalar = store.query, store.scalar

            def record(real):  # noqa: ANN001, ANN202
                def call(sql, params=()):  # noqa: ANN001, ANN202
                    recorded.append((sql, list(params)))
                    return real(sql, params)

                return call

            store.query, store.scalar = record(real_query), record(real_scalar)
            try:
                call()
            finally:
                store.query, store.scalar = real_query, real_scalar
            return recorded

        def timed(recorded: list[tuple[str, list]]) -> float:
            t0 = time.perf_counter()
            for sql, params in recorded:
                store.conn.execute(sql, params).fetchall()
            return time.perf_counter() - t0

        def visits_page(row: int) -> Callable[[], object]:
            # The model continues after its last loaded row (keyset): find that row first
            # (untimed), then record the page the model reads below it.
            above = visits.list_page(store, limit=1, offset=row - 1)[0] if row else None
            after = visits.cursor_of(above) if above else None
            return lambda: visits.list_page(store, limit=page_size, after=after)

        def problems_page(row: int) -> Callable[[], object]:
            return lambda: ledger_list.list_page(
                store, order_by="deadline", limit=page_size, offset=row
            )

        lists = {
            "visits": (lambda: visits.count(store), visits_page),
            # The ledger page reads its overdue figure with the count.
            "problems": (
                lambda: (
                    ledger_list.count(store, ledger_list.LedgerFilter(overdue=True)),
                    ledger_list.count(store),
                ),
                problems_page,
            ),
        }
        for key, (count, page_at) in lists.items():
            counted = statements(count)
            total = visits.count(store) if key == "visits" else ledger_list.count(store)
            last = max(total - 1, 0) // page_size * page_size
            rows = sorted({*range(0, last + 1, max(page_size, last // samples or 1)), last})
            pages = {row: timed(statements(page_at(row))) for row in rows}
            n_pages = last // page_size + 1
            timings[key] = {
                "first": timed(counted) + pages[0],
                "longest": max(pages.values()),
                "total": sum(pages.values()) / len(pages) * n_pages,
            }
    return timings


def run(db: Path) -> list[Result]:
    measured = json.loads(child(CHILD % {"pages": PAGES, "lists": LISTS}, str(db)))
    bare_rss = float(child(BARE))
    floors = bare_sql(db, measured["page_size"])
    results: list[Result] = []
    for key in LISTS:
        results.append(
            Result(
                f"{key}: first page shown",
                measured["first_page"][key],
                floors[key]["first"],
                "bare SQL: count + first page",
                TARGET_PAGE,
                note="page built on its first visit, count, first page, painted",
            )
        )
    for key in LISTS:
        scroll, floor = measured["scroll"][key], floors[key]
        results.append(
            Result(
                f"{key}: longest stall scrolling to the end",
                scroll["longest"],
                floor["longest"],
                "slowest bare page",
                TARGET_PAGE,
                note=f"{scroll['steps']} scroll steps, {scroll['rows']:,} of {scroll['of']:,} rows",
            )
        )
        results.append(
            Result(
                f"{key}: scrolled to the end, total",
                scroll["total"],
                floor["total"],
                "bare SQL of every page, sampled",
                note=f"pages of {measured['page_size']} rows",
            )
        )
    for key, mb in measured["rss"].items():
        results.append(
            MemoryResult(
                f"peak RSS after {key}",
                mb,
                bare_rss,
                "bare QApplication + QTableView",
                TARGET_RSS_MB,
            )
        )
    return results


def main() -> None:
    args = arguments(__doc__.splitlines()[0]).parse_args()
    results = run(args.db)
    report(
        "gui_lists",
        "3b/7. GUI lists and memory",
        results,
        db=args.db,
        write_readme=args.write_readme,
    )


if __name__ == "__main__":
    main()
