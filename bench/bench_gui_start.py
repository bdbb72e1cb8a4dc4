"""Benchmark 1 (GUI): start time — a fresh process to the main window shown on the database.

Measured in a child process from its first line (before any import) to the
main window having been shown and its first events processed, with
``QT_QPA_PLATFORM=offscreen`` unless a platform is set. Floor: a fresh process
showing a bare QApplication + QMainWindow + QTableView the same way. The
target is still to be set (see bench/README.md, GUI benchmarks).
"""

from __future__ import annotations

import os
import statistics
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import Result, arguments, report, run_child  # noqa: E402

APP_START = """
import time
t0 = time.perf_counter()
import sys
from pathlib import Path
from envhelp.gui.app import create_application, open_database
app = create_application(sys.argv[:1])
store = open_database(Path(sys.argv[1]))
from envhelp.gui.main_window import MainWindow
window = MainWindow(store)
window.show()
app.processEvents()
print(time.perf_counter() - t0)
window.close()
store.close()
"""

BARE_START = """
import time
t0 = time.perf_counter()
import sys
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(QTableView())
window.show()
app.processEvents()
print(time.perf_counter() - t0)
window.close()
"""


def run(db: Path, repeat: int = 3) -> list[Result]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = statistics.median(float(run_child(APP_START, str(db))) for _ in range(repeat))
    bare = statistics.median(float(run_child(BARE_START)) for _ in range(repeat))
    return [Result("GUI start to main window shown", app, bare, "bare Qt window, fresh process")]


def main() -> None:
    args = arguments(__doc__.splitlines()[0]).parse_args()
    results = run(args.db, args.repeat)
    report("gui_start", "1. GUI start time", results, db=args.db, write_readme=args.write_readme)


if __name__ == "__main__":
    main()
