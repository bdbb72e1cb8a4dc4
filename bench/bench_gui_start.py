"""Benchmark 1 (GUI): start time — spawning the process to the main window on screen.

What a user waits for, timed by the parent from just before it spawns a fresh
Python (interpreter start included) to the child's report, read off its stdout:

- **shown**: ``envhelp.gui.app.start`` (the app's own start-up: logging, error hook,
  QApplication and font, language, database, main window) has shown the window
  and the first page has been painted — for the dashboard that is its
  "loading" state, since it reads its figures off the GUI thread;
- **filled**: the dashboard's figures and planning list have arrived and been
  painted (``DashboardPage.loaded``).

Floor: a fresh process showing a bare QApplication + QMainWindow + QTableView,
timed the same way (spawn to painted). Target: shown ≤ 1.5× the floor.

Each child also reports the CPU time it has used by then (all its threads): on a
machine busy with other work, wall times stretch with the wait for a core, while
the CPU ratio (in the note) moves far less.
``QT_QPA_PLATFORM=offscreen`` unless a platform is set.

Bytecode: an installed app has its ``.pyc`` files (pip writes them; PySide6's are
in site-packages), but this workplace sets ``PYTHONDONTWRITEBYTECODE`` and EnvHelp
is installed editable, so every start would compile EnvHelp's sources again (≈ 40 ms
of the figure). The children therefore get a bytecode cache of their own in a
temporary folder (``PYTHONPYCACHEPREFIX``), filled by one untimed warm-up run.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import BENCH_DIR, Result, arguments, fmt, report  # noqa: E402

TARGET_RATIO = 1.5

# Both children: an application-wide filter notes every paint; report() prints a
# marker once the event queue has delivered a paint since the previous marker.
PAINT_WATCH = """
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

class PaintWatch(QObject):
    painted = False

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            PaintWatch.painted = True
        return False

def report(marker, app):
    while not PaintWatch.painted:
        app.processEvents()
    PaintWatch.painted = False
    print(marker, time.process_time(), flush=True)
"""

APP_START = (
    """
import sys
from envhelp.gui import app as gui_app
app, window = gui_app.start(["--db", sys.argv[1]])
window.auto_backup = False  # no backup of the benchmark database when the child ends
"""
    + PAINT_WATCH
    + """
watch = PaintWatch()
app.installEventFilter(watch)
report("shown", app)
page = window.current_page()
if page.is_loading():
    while page.is_loading():
        app.processEvents()
        time.sleep(0.001)
    report("filled", app)
else:
    print("filled", flush=True)
page.stop_loading()
window.close()
window.store.close()
"""
)

BARE_START = (
    """
import sys
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(QTableView())
window.show()
"""
    + PAINT_WATCH
    + """
watch = PaintWatch()
app.installEventFilter(watch)
report("shown", app)
window.close()
"""
)


def spawn(code: str, *args: str, pycache: str | None = None) -> dict[str, tuple[float, float]]:
    """For each marker a fresh Python running ``code`` prints: the seconds from spawning
    it to the marker, and the CPU seconds the child had used by then (with its bytecode
    cached under ``pycache`` when given)."""
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    if pycache:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = pycache
    t0 = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", "import time\n" + code, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=BENCH_DIR.parent,
        env=env,
    )
    marks: dict[str, tuple[float, float]] = {}
    assert child.stdout is not None
    for line in child.stdout:
        marker, cpu = line.split()
        marks[marker] = (time.perf_counter() - t0, float(cpu))
    _, err = child.communicate()
    if child.returncode != 0:
        raise RuntimeError(f"child failed: {err[-2000:]}")
    return marks


def run(db: Path, repeat: int = 3) -> list[Result]:
    with tempfile.TemporaryDirectory(prefix="envhelp-pycache-") as pycache:
        spawn(APP_START, str(db), pycache=pycache)  # warm-up: fills the bytecode cache
        spawn(BARE_START, pycache=pycache)
        app_runs, bare_runs = [], []
        for _ in range(repeat):  # interleaved: a busy moment hits both alike
            app_runs.append(spawn(APP_START, str(db), pycache=pycache))
            bare_runs.append(spawn(BARE_START, pycache=pycache)["shown"])
    bare = statistics.median(wall for wall, _ in bare_runs)
    bare_cpu = statistics.median(cpu for _, cpu in bare_runs)
    shown = statistics.median(m["shown"][0] for m in app_runs)
    shown_cpu = statistics.median(m["shown"][1] for m in app_runs)
    filled = statistics.median(m["filled"][0] for m in app_runs)
    floor = "bare Qt window, spawn to painted"
    cpu = f"CPU {fmt(shown_cpu)} vs {fmt(bare_cpu)} bare ({shown_cpu / bare_cpu:.2f}×)"
    return [
        Result(
            "GUI start: spawn to main window shown, first page painted",
            shown,
            bare,
            floor,
            max_ratio=TARGET_RATIO,
            note=f"dashboard in its loading state; {cpu}",
        ),
        Result(
            "GUI start: spawn to dashboard filled",
            filled,
            bare,
            floor,
            note="figures and planning read off the GUI thread, then painted",
        ),
    ]


def main() -> None:
    args = arguments(__doc__.splitlines()[0]).parse_args()
    results = run(args.db, args.repeat)
    report("gui_start", "1. GUI start time", results, db=args.db, write_readme=args.write_readme)


if __name__ == "__main__":
    main()
