"""Shared helpers of the benchmarks: timing, the machine, result rows, README tables.

Every figure is measured beside its floor (the least the job could cost) in
the same run, and reported as a ratio. Times are medians of several
``time.perf_counter`` repetitions. ``--write-readme`` puts a script's table
between ``<!-- bench:NAME -->`` markers in bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
README = BENCH_DIR / "README.md"
DEFAULT_DB = BENCH_DIR / "data" / "decade.db"


def measure(fn: Callable[[], Any], repeat: int = 5, warmup: int = 1) -> float:
    """Median seconds of ``repeat`` calls of ``fn`` after ``warmup`` untimed calls."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


@dataclass
class Result:
    """One benchmark figure beside its floor; ``target`` in seconds (None: no absolute target)."""

    name: str
    seconds: float
    floor: float | None = None
    floor_name: str = ""
    target: float | None = None
    max_ratio: float | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        return self.seconds / self.floor if self.floor else None

    @property
    def ok(self) -> bool:
        if self.target is not None and self.seconds > self.target:
            return False
        return not (self.max_ratio is not None and (self.ratio or 0) > self.max_ratio)

    def row(self) -> str:
        ratio = f"{self.ratio:.2f}×" if self.ratio is not None else "—"
        floor = f"{fmt(self.floor)} ({self.floor_name})" if self.floor is not None else "—"
        goals = []
        if self.target is not None:
            goals.append(f"≤ {fmt(self.target)}")
        if self.max_ratio is not None:
            goals.append(f"≤ {self.max_ratio:g}× floor")
        verdict = "ok" if self.ok else "**missed**"
        return (
            f"| {self.name} | {fmt(self.seconds)} | {floor} | {ratio} | "
            f"{', '.join(goals) or '—'} | {verdict} | {self.note} |"
        )


def fmt(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def table(results: list[Result]) -> str:
    head = (
        "| Figure | Median | Floor | Ratio | Target | Result | Note |\n"
        "|---|---|---|---|---|---|---|"
    )
    return "\n".join([head, *(r.row() for r in results)])


def machine() -> str:
    """One line: cores, CPU model, RAM, Python, SQLite, date."""
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "? GB"
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())[1])
        ram = f"{kb / 1024 / 1024:.0f} GB"
    except (OSError, TypeError):
        pass
    return (
        f"{os.cpu_count()} cores (nproc), {cpu}, {ram} RAM, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}, {platform.system()} — {date.today().isoformat()}"
    )


def report(
    name: str,
    title: str,
    results: list[Result],
    *,
    db: Path | None = None,
    notes: str = "",
    write_readme: bool = False,
) -> str:
    """Print the table (and store it in README.md when asked)."""
    lines = [f"### {title}", "", f"Machine: {machine()}"]
    if db is not None:
        lines.append(f"Database: `{db.name}` ({db.stat().st_size / 1e6:.0f} MB)")
    lines += ["", table(results)]
    if notes:
        lines += ["", notes.strip()]
    text = "\n".join(lines)
    print(text)
    if write_readme:
        update_readme(name, text)
    return text


def update_readme(name: str, text: str) -> None:
    start, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    readme = README.read_text("utf-8") if README.exists() else "# Benchmarks\n"
    block = f"{start}\n{text}\n{end}"
    if start in readme and end in readme:
        before, rest = readme.split(start, 1)
        readme = before + block + rest.split(end, 1)[1]
    else:
        readme = readme.rstrip("\n") + "\n\n" + block + "\n"
    README.write_text(readme, "utf-8")


def arguments(description: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--db",
        type=Path,
        default=DEFAULT_DB,
        help="database made by bench/make_db.py (default: bench/data/decade.db)",
    )
    parser.add_argument("--repeat", type=int, default=5, help="timed repetitions (median)")
    parser.add_argument(
        "--write-readme", action="store_true", help="put the table into bench/README.md"
    )
    return parser


def open_store(db: Path):  # noqa: ANN201 - Store, imported lazily like the app does
    from envhelp.storage import Store

    if not db.exists():
        raise SystemExit(f"{db} not found: build it with bench/make_db.py --out {db}")
    return Store(db, create=False, actor="bench")


def run_child(code: str, *args: str) -> str:
    """Run ``code`` in a fresh Python (a "first in a process" figure); returns its stdout."""
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=BENCH_DIR.parent,
    )
    if done.returncode != 0:
        raise RuntimeError(f"child failed: {done.stderr[-2000:]}")
    return done.stdout


def store_main(doc: str, name: str, title: str, run) -> None:  # noqa: ANN001
    """The command line of a benchmark that only needs ``run(store, repeat)``: parse
    ``--db/--repeat/--write-readme``, run over the database, print (and store) the table."""
    args = arguments(doc.splitlines()[0]).parse_args()
    with open_store(args.db) as store:
        results = run(store, args.repeat)
    report(name, title, results, db=args.db, write_readme=args.write_readme)
