"""Bureau hub sync (issue 19): LAPTOPS officers' laptops working DAYS days through one hub.

Each working day every laptop records one visit (visit + its officer row) and, every
other day, a problem (problem + its event), then syncs; so a laptop's daily sync moves
its own few rows up and the other laptops' ≈ 2–4 rows each down, ≈ 50–120 rows in all
for 30 laptops. Measured: the daily sync (median and slowest of the last day's syncs),
a new laptop's first full pull of everything, and the hub's storage. A year is taken
as 250 working days; the yearly figures are the measured per-day figures times 250
(stated as extrapolated), since simulating all 7,500 laptop-days takes hours.

    .venv/bin/python bench/bench_hub.py [--laptops 30] [--days 5] [--write-readme]

Without --url it starts a throwaway PostgreSQL cluster (tests/pg_cluster.py), as the
tests do; the server package comes from `scripts/setup.sh --test`.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import string
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import common  # noqa: E402
from envhelp import paths  # noqa: E402

DAILY_TARGET = 2.0  # seconds for an ordinary daily sync
WORKING_DAYS = 250


def _series(index: int) -> str:
    letters = string.ascii_uppercase
    return letters[index] if index < 26 else letters[index // 26 - 1] + letters[index % 26]


def _fresh_hub(cluster, database: str) -> None:
    """An empty database ``database`` on the cluster with the hub's schema."""
    from envhelp.io import hub

    with cluster.admin() as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {database}")
    hub.init(cluster.url(database))


def _role_url(cluster, database: str, role: str) -> str:
    """A laptop's login role (as IT makes it) and the URL a laptop syncs with."""
    from envhelp.io import hub

    with cluster.admin(database) as conn:
        conn.execute(f'DROP ROLE IF EXISTS "{role}"')
        conn.execute(hub.roles_script(role, database))
    return cluster.url(database, role)


def run(cluster, laptops: int, days: int, workdir: Path) -> dict:
    """Simulate the bureau on ``cluster``; returns the figures."""
    from envhelp.domain import enterprises, officers, problems, record_numbers, visits
    from envhelp.io import hub, sync
    from envhelp.storage import Store
    from tests.conftest import VALID_USCC

    _fresh_hub(cluster, "bench_hub")
    stores: list[tuple[Store, str, str]] = []

    def laptop(index: int) -> tuple[Store, str, str]:
        url = _role_url(cluster, "bench_hub", f"bench_officer_{index}")
        store = Store(workdir / f"laptop{index}" / "envhelp.sqlite3", actor=f"执法人员{index}")
        record_numbers.set_record_series(store, _series(index))
        officer = officers.add(store, {"name": f"执法人员{index}", "cert_no": f"3702{index:07d}"})
        return store, url, officer["id"]

    stores = [laptop(i) for i in range(laptops)]
    first_store, first_url, _ = stores[0]
    firms = [
        enterprises.add(
            first_store,
            {
                "name": f"青岛测试企业{i}有限公司",
                "uscc": VALID_USCC[i] if i < len(VALID_USCC) else None,
                "town": "城阳街道",
            },
        )["id"]
        for i in range(20)
    ]
    for _round in range(2):  # everyone has the enterprises and the officers
        for store, url, _officer in stores:
            sync.sync(store, url)

    daily: list[tuple[float, int]] = []
    for day in range(1, days + 1):
        for index, (store, _url, officer) in enumerate(stores):
            visit = visits.create(
                store,
                {
                    "enterprise_id": firms[(day + index) % len(firms)],
                    "date": f"2026-03-{day % 28 + 1:02d}",
                    "type": "law_publicity",
                    "officer_ids": [officer],
                },
            )
            if (day + index) % 2 == 0:
                problems.create(
                    store,
                    {
                        "enterprise_id": visit["enterprise_id"],
                        "visit_id": visit["id"],
                        "found_on": visit["date"],
                        "description": "危废标签不全",
                        "deadline": "2026-12-31",
                    },
                )
        for store, url, _officer in stores:
            started = time.perf_counter()
            result = sync.sync(store, url).to_dict()
            seconds = time.perf_counter() - started
            moved = result["pushed_rows"] + sum(
                result[k] for k in ("added", "updated", "unchanged", "kept_local")
            )
            if day == days:
                daily.append((seconds, moved))
    state = hub.status(cluster.url("bench_hub"))
    newcomer, new_url, _ = laptop(laptops)
    started = time.perf_counter()
    first_pull = sync.sync(newcomer, new_url).to_dict()
    first_pull_seconds = time.perf_counter() - started
    for store, _url, _officer in [*stores, (newcomer, None, None)]:
        store.close()
    seconds = [s for s, _ in daily]
    return {
        "laptops": laptops,
        "days": days,
        "daily_median": statistics.median(seconds),
        "daily_max": max(seconds),
        "daily_rows": statistics.median(m for _, m in daily),
        "first_pull_seconds": first_pull_seconds,
        "first_pull_change_sets": first_pull["pulled_change_sets"],
        "first_pull_rows": first_pull["added"] + first_pull["updated"],
        "hub_bytes": state["change_set_bytes"],
        "change_sets": state["change_sets"],
    }


def _load() -> str:
    """The machine's 1-minute load average, written beside each figure (2 cores, shared)."""
    return f"{os.getloadavg()[0]:.1f}"


def _hub_bytes(cluster, database: str) -> int:
    """What the hub's tables take on disk (TOAST and indexes included)."""
    with cluster.admin(database) as conn:
        return int(
            conn.execute(
                "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = %s AND c.relkind = 'r'",
                ("envhelp_hub",),
            ).fetchone()[0]
        )


def _push_only(store, url: str) -> None:
    """The push half of ``envhelp sync`` (its own steps, so the figure is the same)."""
    from envhelp.io import hub, sync
    from envhelp.storage.progress import Steps

    with (
        hub.connect(url) as conn,
        tempfile.TemporaryDirectory(dir=store.path.parent) as tmp,
    ):
        sync._register(conn, store)
        sync._push(conn, store, Path(tmp), Steps())


def run_storage(cluster, laptops: int, days: int, workdir: Path) -> dict:
    """The hub's storage after ``days`` working days of ``laptops`` officers whose visits
    look like the decade database's: two officers, every other visit with a checklist
    answered item by item, a problem every other day, each visit finalized the next
    day (so it goes to the hub twice: new, then whole when final). Every laptop pushes
    once a day. Pulls are left out: a pull writes nothing to the hub, and one right
    after the push moves the push mark past what it merged (docs/bureau-hub.md), so
    the change sets are the same with or without them (the daily run above pulls)."""
    from envhelp.domain import (
        check_answers,
        enterprises,
        officers,
        problems,
        record_numbers,
        stored_templates,
        visits,
    )
    from envhelp.io import hub, sync
    from envhelp.storage import Store

    _fresh_hub(cluster, "bench_year")
    stores = []
    for index in range(laptops):
        url = _role_url(cluster, "bench_year", f"bench_year_{index}")
        store = Store(workdir / f"year{index}" / "envhelp.sqlite3", actor=f"执法人员{index}")
        record_numbers.set_record_series(store, _series(index))
        stored_templates.ensure_builtin_templates(store)
        stores.append((store, url))
    first = stores[0][0]
    firms = [
        enterprises.add(first, {"name": f"青岛测试企业{i}有限公司", "town": "城阳街道"})["id"]
        for i in range(50)
    ]
    crew = [
        officers.add(first, {"name": f"执法人员{i}", "cert_no": f"3702{i:07d}"})["id"]
        for i in range(laptops + 1)
    ]
    for _round in range(2):  # everyone has the enterprises and the officers
        for store, url in stores:
            sync.sync(store, url)
    setup_bytes = _hub_bytes(cluster, "bench_year")
    loads = [os.getloadavg()[0]]
    started = time.perf_counter()
    drafts: dict[int, str] = {}
    for day in range(days):
        date = f"{2026 + day // 250}-{(day % 250) // 21 + 1:02d}-{(day % 21) + 1:02d}"
        for index, (store, url) in enumerate(stores):
            if index in drafts:
                visits.finalize(store, drafts.pop(index))
            visit = visits.create(
                store,
                {
                    "enterprise_id": firms[(day * laptops + index) % len(firms)],
                    "date": date,
                    "type": "law_publicity",
                    "officer_ids": [crew[index], crew[index + 1]],
                },
            )
            if (day + index) % 2 == 0:
                check = check_answers.start_check(
                    store, visit["id"], "gb18597-2023-storage", scope=None
                )
                for result in check_answers.results(store, check["id"]):
                    check_answers.set_result(store, result["result_id"], "compliant")
            else:
                problems.create(
                    store,
                    {
                        "enterprise_id": visit["enterprise_id"],
                        "visit_id": visit["id"],
                        "found_on": date,
                        "description": "危废标签不全",
                        "deadline": "2027-12-31",
                    },
                )
            drafts[index] = visit["id"]
            _push_only(store, url)
        loads.append(os.getloadavg()[0])
    seconds = time.perf_counter() - started
    state = hub.status(cluster.url("bench_year"))
    for store, _url in stores:
        store.close()
    return {
        "laptops": laptops,
        "days": days,
        "seconds": seconds,
        "load_min": min(loads),
        "load_max": max(loads),
        "setup_bytes": setup_bytes,
        "hub_bytes": _hub_bytes(cluster, "bench_year"),
        "change_set_bytes": state["change_set_bytes"],
        "change_sets": state["change_sets"],
    }


def run_decade(cluster, source: Path, workdir: Path) -> dict:
    """The decade database (bench/make_db.py) joins the hub from one laptop, which pushes it
    as one change set; then a new laptop's first sync pulls all of it. Read-only on
    ``source``: a consistent copy is taken with SQLite's backup API."""
    import sqlite3

    from envhelp.io import hub, sync
    from envhelp.storage import Store

    _fresh_hub(cluster, "bench_decade")
    figures: dict = {"source_bytes": source.stat().st_size}
    copy = workdir / "decade" / "envhelp.sqlite3"
    copy.parent.mkdir(parents=True)
    started = time.perf_counter()
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    shutil.copytree(paths.attachments_dir(source), paths.attachments_dir(copy))
    figures["copy_seconds"] = time.perf_counter() - started

    old = Store(copy, actor="十年数据")
    url = _role_url(cluster, "bench_decade", "bench_decade_old")
    figures["push_load_before"] = _load()
    started = time.perf_counter()
    pushed = sync.sync(old, url).to_dict()
    figures["push_seconds"] = time.perf_counter() - started
    figures["push_load_after"] = _load()
    figures["pushed_rows"] = pushed["pushed_rows"]
    old.close()
    state = hub.status(cluster.url("bench_decade"))
    figures["change_set_bytes"] = state["change_set_bytes"]
    figures["hub_bytes"] = _hub_bytes(cluster, "bench_decade")
    newcomer = Store(workdir / "newcomer" / "envhelp.sqlite3", actor="新电脑")
    url = _role_url(cluster, "bench_decade", "bench_decade_new")
    figures["pull_load_before"] = _load()
    started = time.perf_counter()
    pulled = sync.sync(newcomer, url).to_dict()
    figures["pull_seconds"] = time.perf_counter() - started
    figures["pull_load_after"] = _load()
    figures["pulled_rows"] = pulled["added"] + pulled["updated"]
    newcomer.close()
    return figures


def report(figures: dict, write_readme: bool = False) -> str:
    per_day = figures["hub_bytes"] / max(figures["days"], 1)
    year_scale = WORKING_DAYS / max(figures["days"], 1)
    results = [
        common.Result(
            f"daily sync, {figures['laptops']} laptops (median of the last day's syncs, "
            f"≈ {figures['daily_rows']:.0f} rows moved each)",
            figures["daily_median"],
            target=DAILY_TARGET,
            note=f"slowest {common.fmt(figures['daily_max'])}",
        ),
        common.Result(
            f"new laptop's first full pull after {figures['days']} day(s) "
            f"({figures['first_pull_change_sets']} change sets, "
            f"{figures['first_pull_rows']} rows)",
            figures["first_pull_seconds"],
            note=f"a year ≈ {common.fmt(figures['first_pull_seconds'] * year_scale)} "
            "(extrapolated linearly)",
        ),
    ]
    notes = (
        f"Hub storage: {figures['hub_bytes'] / 1e6:.2f} MB in {figures['change_sets']} change "
        f"sets after {figures['days']} day(s) (setup included), ≈ {per_day / 1e6:.2f} MB per "
        f"working day, so ≈ {per_day * WORKING_DAYS / 1e6:.0f} MB per year of "
        f"{WORKING_DAYS} working days for {figures['laptops']} laptops (extrapolated; "
        "photos would add their own size once each)."
    )
    return common.report(
        "hub",
        "11. Bureau hub sync (`envhelp sync`)",
        results,
        notes=notes,
        write_readme=write_readme,
    )


def report_storage(figures: dict, write_readme: bool = False) -> str:
    """The hub's size after ``days`` working days of realistic visits (--storage-days)."""
    days, laptops = figures["days"], figures["laptops"]
    grown = figures["hub_bytes"] - figures["setup_bytes"]
    per_year = grown * WORKING_DAYS / days
    span = "one year" if days == WORKING_DAYS else f"{days} working day(s)"
    results = [
        common.Result(
            f"{laptops} laptops × {span}: work and daily pushes "
            f"({figures['change_sets']} change sets)",
            figures["seconds"],
            note=f"load {figures['load_min']:.1f}–{figures['load_max']:.1f} on 2 cores",
        )
    ]
    notes = (
        f"Hub storage for {laptops} laptops × {span}: {figures['hub_bytes'] / 1e6:.0f} MB on "
        f"disk (tables, TOAST and indexes; {figures['setup_bytes'] / 1e6:.1f} MB of it the "
        f"setup), of which {figures['change_set_bytes'] / 1e6:.0f} MB are the change sets "
        f"themselves; ≈ {per_year / 1e6:.0f} MB per year of {WORKING_DAYS} working days"
        + (" (measured)." if days == WORKING_DAYS else " (extrapolated from the days run).")
        + " Photos come on top, once each (about their own size)."
    )
    return common.report(
        "hub-storage",
        f"11b. Bureau hub storage ({laptops} laptops, realistic visits)",
        results,
        notes=notes,
        write_readme=write_readme,
    )


def report_decade(figures: dict, write_readme: bool = False) -> str:
    """The decade database pushed by one laptop and pulled whole by a new one (--decade)."""
    results = [
        common.Result(
            f"push of the decade database as one change set ({figures['pushed_rows']:,} rows)",
            figures["push_seconds"],
            note=f"load {figures['push_load_before']}→{figures['push_load_after']} on 2 cores",
        ),
        common.Result(
            f"a new laptop's first full pull of it ({figures['pulled_rows']:,} rows)",
            figures["pull_seconds"],
            note=f"load {figures['pull_load_before']}→{figures['pull_load_after']} on 2 cores",
        ),
    ]
    notes = (
        f"The change set is {figures['change_set_bytes'] / 1e6:.0f} MB (zip) for a "
        f"{figures['source_bytes'] / 1e9:.1f} GB database; the hub holds it in "
        f"{figures['hub_bytes'] / 1e6:.0f} MB on disk with its record index "
        "(`change_records`), ≈ "
        f"{figures['hub_bytes'] / 10 / 1e6:.0f} MB per year of the decade's district."
    )
    return common.report(
        "hub-decade",
        "11c. The decade database through the hub",
        results,
        notes=notes,
        write_readme=write_readme,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--laptops", type=int, default=30)
    parser.add_argument("--days", type=int, default=5)
    parser.add_argument(
        "--storage-days",
        type=int,
        help="instead: the hub's storage after this many working days of realistic visits "
        "(pushes only); prints the figures as JSON",
    )
    parser.add_argument(
        "--decade",
        type=Path,
        help="instead: push this decade database (bench/make_db.py) from one laptop and "
        "time a new laptop's first full pull; prints the figures as JSON",
    )
    parser.add_argument(
        "--write-readme", action="store_true", help="put the table into bench/README.md"
    )
    parser.add_argument(
        "--figures",
        type=Path,
        help="print (and with --write-readme store) the tables of a --storage-days or "
        "--decade run from the JSON it printed, without running it again",
    )
    args = parser.parse_args()
    if args.figures:
        figures = json.loads(args.figures.read_text())
        chosen = report_decade if "pull_seconds" in figures else report_storage
        chosen(figures, args.write_readme)
        return
    from tests.pg_cluster import temporary_cluster

    with temporary_cluster() as cluster, tempfile.TemporaryDirectory(prefix="bench-hub-") as tmp:
        if args.storage_days:
            figures = run_storage(cluster, args.laptops, args.storage_days, Path(tmp))
            print(json.dumps(figures, indent=1))
            report_storage(figures, args.write_readme)
            return
        if args.decade:
            figures = run_decade(cluster, args.decade, Path(tmp))
            print(json.dumps(figures, indent=1))
            report_decade(figures, args.write_readme)
            return
        figures = run(cluster, args.laptops, args.days, Path(tmp))
    report(figures, args.write_readme)


if __name__ == "__main__":
    main()
