"""The installed PySide6 keeps Python's reference counts of None/True/False intact.

PySide6 6.12.0 on Python 3.11 loses one reference to the returned singleton on every
void Qt call (PYSIDE-3474); after enough calls an officer's session aborts with
"Fatal Python error: none_dealloc". setup.cfg excludes that release; this test
catches a regression (or a broken release) before a user does. It runs in a child
process so that an abort fails the test instead of killing the test run.
"""

from __future__ import annotations

import os
import subprocess
import sys

CHILD = """
import sys
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label, font = QLabel(), QFont()
none, true = sys.getrefcount(None), sys.getrefcount(True)
for _ in range(2000):
    label.setText("x")      # void call
    font.setBold(True)      # void call taking a bool
    label.update()
print(sys.getrefcount(None) - none, sys.getrefcount(True) - true)
"""


def test_void_qt_calls_keep_refcounts_of_singletons():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", CHILD], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    none_delta, true_delta = (int(x) for x in done.stdout.split())
    # A leak-free build changes them by a handful at most; the broken one by -2000 or more.
    assert abs(none_delta) < 50 and abs(true_delta) < 50, done.stdout
