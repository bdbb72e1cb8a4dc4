"""Start-up stays lean: the main window's import path leaves the heavy libraries out,
pages are built when first shown, and the dashboard reads off the GUI thread."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from envhelp.gui.main_window import MainWindow
from envhelp.gui.pages import PAGES

pytestmark = pytest.mark.gui

# Libraries only some features need: each costs tens of milliseconds to import.
HEAVY = (
    "reportlab",
    "openpyxl",
    "pypinyin",
    "chinese_calendar",
    "sqlite_utils",
    "PIL",
    "pypdf",
    "cryptography",
    "psycopg",
)
# The app's own modules behind features (the Data menu's report dialogs are light).
HEAVY_ENVHELP = (
    "envhelp.reports",
    "envhelp.io",
    "envhelp.gui.visit_editor",
    "envhelp.gui.pdf_export",
    "envhelp.gui.dialogs.enterprise_detail",
    "envhelp.gui.dialogs.problem",
    "envhelp.gui.dialogs.settings",
    "envhelp.gui.dialogs.files",
)


# Ahead of gui_app.start() in a child: the first paint's follow-ups (after_paint) wait for
# the paint itself. Their 100 ms fallback is for windows that are never painted; a loaded
# machine can take longer than that to paint, and these tests are about the way to the paint.
NO_PAINT_FALLBACK = (
    "from envhelp.gui import widgets\nwidgets.after_paint.__kwdefaults__['fallback_ms'] = 600000\n"
)


def child_env(home) -> dict[str, str]:
    """A child's environment with its own settings and data folders: the user's settings and
    GUI log (rotated, with logging.handlers, once it is full) must not decide a result."""
    return {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
    }


def last_line(code: str, home) -> str:
    """The last line a fresh interpreter running ``code`` prints."""
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env=child_env(home),
    )
    return done.stdout.strip().splitlines()[-1]


def imported_after(code: str, home) -> list[str]:
    """Module names loaded by a fresh interpreter after running ``code``."""
    probe = code + "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    return json.loads(last_line(probe, home))


def heavy_in(modules: list[str]) -> list[str]:
    return [
        m
        for m in modules
        if m.split(".")[0] in HEAVY or any(m == h or m.startswith(h + ".") for h in HEAVY_ENVHELP)
    ]


def test_importing_the_main_window_leaves_heavy_libraries_out(tmp_path):
    modules = imported_after("import envhelp.gui.app, envhelp.gui.main_window", tmp_path)
    assert "envhelp.gui.main_window" in modules and "PySide6.QtWidgets" in modules
    assert "reportlab" not in modules and "openpyxl" not in modules
    assert heavy_in(modules) == []


def test_showing_the_window_builds_only_the_first_page(tmp_path):
    code = NO_PAINT_FALLBACK + (
        "import sys\n"
        "from envhelp.gui import app as gui_app\n"
        f"app, window = gui_app.start(['--db', {str(tmp_path / 'lean.db')!r}])\n"
        "app.processEvents()\n"
        "window.auto_backup = False\n"
        "assert [p.key for p in window.built_pages()] == ['dashboard'], window.built_pages()\n"
        "window.current_page().stop_loading()\n"
    )
    from envhelp.storage import Store

    Store(tmp_path / "lean.db").close()  # an existing database: no first-start question
    modules = imported_after(code, tmp_path)
    assert "envhelp.gui.pages.dashboard" in modules
    for page in ("enterprises", "visits", "problems", "reports"):
        assert f"envhelp.gui.pages.{page}" not in modules
    assert heavy_in(modules) == []
    assert "logging.handlers" not in modules  # only when the log is due for rotation
    assert "envhelp.gui.dialogs.backup" not in modules  # its note waits for the first paint


def test_pyside_does_not_read_again_the_modules_imported_before_it(tmp_path):
    """PySide reads the source of each module an import statement names after Qt is
    loaded (looking for ``__feature__``); envhelp.gui.qt answers for the standard library
    and the Qt-free core imported before it, so none of their files is read at start
    (inspect.getsource leaves what it read in linecache)."""
    from envhelp.storage import Store

    Store(tmp_path / "lean.db").close()
    code = (
        "import linecache, sys\n"
        "from envhelp.gui import app as gui_app  # first, as main.py does\n"
        f"app, window = gui_app.start(['--db', {str(tmp_path / 'lean.db')!r}])\n"
        "window.auto_backup = False\n"
        "app.processEvents()\n"
        "names = ('envhelp.errors', 'envhelp.storage.database', 'envhelp.domain.settings',\n"
        "         'datetime', 'typing', 'logging')\n"
        "files = {sys.modules[name].__file__ for name in names}\n"
        "print(sorted(files & set(linecache.cache)))\n"
        "window.current_page().stop_loading()\n"
    )
    assert last_line(code, tmp_path) == "[]"


def test_the_qt_enum_namespace_waits_for_the_first_paint(tmp_path):
    """PySide builds all of ``Qt``'s enums (≈ 11 ms) when the class is first touched;
    nothing up to the window's first paint needs them (envhelp.gui.qt.LazyNamespace,
    list shortcuts in the menus, the cards' cursor set after the paint)."""
    from envhelp.storage import Store

    Store(tmp_path / "lean.db").close()
    code = NO_PAINT_FALLBACK + (
        "from envhelp.gui import app as gui_app\n"
        "from envhelp.gui.qt import QEvent, QObject\n"
        "from PySide6 import QtCore\n"
        "class Watch(QObject):\n"
        "    painted = False\n"
        "    def eventFilter(self, watched, event):\n"
        "        if event.type() == QEvent.Type.Paint:\n"
        "            Watch.painted = True\n"
        "        return False\n"
        f"app, window = gui_app.start(['--db', {str(tmp_path / 'lean.db')!r}])\n"
        "window.auto_backup = False\n"
        "watch = Watch()\n"
        "app.installEventFilter(watch)\n"
        "while not Watch.painted:\n"
        "    app.processEvents()\n"
        "print('BUILT' if 'Qt' in vars(QtCore) else 'NOT BUILT')\n"
        "window.current_page().stop_loading()\n"
    )
    assert last_line(code, tmp_path) == "NOT BUILT"


def test_lazy_qt_namespace_is_the_real_one():
    from PySide6 import QtCore

    from envhelp.gui.qt import Qt

    assert Qt.AlignmentFlag is QtCore.Qt.AlignmentFlag
    assert Qt.ItemDataRole.UserRole == QtCore.Qt.ItemDataRole.UserRole
    assert "AlignmentFlag" in vars(Qt)  # kept: later look-ups are plain attributes
    with pytest.raises(AttributeError):
        Qt.NoSuchEnum  # noqa: B018


def test_work_waits_for_the_first_paint(qtbot, store, enterprise, monkeypatch):
    """The dashboard's worker thread starts only once the window has been painted, so it
    cannot compete with the paint the user is waiting for."""
    from envhelp.gui import widgets
    from envhelp.gui.pages.dashboard import DashboardPage
    from envhelp.gui.qt import QEvent, QObject

    # A paint later than the 100 ms fallback (a loaded machine) would start the read first.
    monkeypatch.setitem(widgets.after_paint.__kwdefaults__, "fallback_ms", 600000)
    happened: list[str] = []
    start_read = DashboardPage._start_read
    monkeypatch.setattr(
        DashboardPage, "_start_read", lambda page: happened.append("read") or start_read(page)
    )

    class PaintLog(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint and "paint" not in happened:
                happened.append("paint")
            return False

    window = MainWindow(store)
    qtbot.addWidget(window)
    paint_log = PaintLog()
    window.current_page().installEventFilter(paint_log)
    window.show()
    dashboard = window.current_page()
    qtbot.waitUntil(lambda: not dashboard.is_loading(), timeout=10000)
    assert happened == ["paint", "read"]
    assert dashboard.cards["enterprises"].value.text() == "1"


def test_after_paint_runs_once_after_a_paint_or_the_fallback(qtbot):
    from envhelp.gui.qt import QWidget
    from envhelp.gui.widgets import after_paint

    shown = QWidget()
    qtbot.addWidget(shown)
    calls: list[str] = []
    after_paint(shown, lambda: calls.append("shown"), fallback_ms=60000)
    assert calls == []
    shown.show()
    qtbot.waitUntil(lambda: calls == ["shown"], timeout=20000)  # the paint, not the fallback
    shown.update()
    qtbot.wait(50)
    assert calls == ["shown"]  # once

    hidden = QWidget()
    qtbot.addWidget(hidden)
    after_paint(hidden, lambda: calls.append("hidden"), fallback_ms=30)
    qtbot.waitUntil(lambda: calls == ["shown", "hidden"], timeout=20000)

    gone = QWidget()
    after_paint(gone, lambda: calls.append("gone"), fallback_ms=30)
    gone.deleteLater()
    qtbot.wait(100)
    assert calls == ["shown", "hidden"]


def test_after_paint_waits_longer_for_a_shown_widget_up_to_a_cap(qtbot):
    """On a busy laptop a shown window can paint after the fallback; the work still waits."""
    from envhelp.gui.qt import QWidget
    from envhelp.gui.widgets import after_paint

    shown = QWidget()
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    shown.setUpdatesEnabled(False)  # its next paint is late
    calls: list[str] = []
    after_paint(shown, lambda: calls.append("late"), fallback_ms=20, shown_cap_ms=400)
    qtbot.wait(150)  # well past the fallback, and timers never fire early
    assert calls == []
    qtbot.waitUntil(lambda: calls == ["late"], timeout=20000)  # the cap, as no paint came
    shown.setUpdatesEnabled(True)


def test_pages_are_built_on_first_show(qtbot, store, message_boxes):
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    assert [p.key for p in window.built_pages()] == ["dashboard"]
    assert window.nav.item(3).text() == "问题台账"  # every title without building the page
    window.show_page(3)
    problems = window.current_page()
    assert problems.objectName() == "problemsPage" and window.stack.currentWidget() is problems
    assert [p.key for p in window.built_pages()] == ["dashboard", "problems"]
    assert window.page_named("problems") is problems  # built once
    assert window.stack.count() == len(PAGES)
    assert [p.key for p in window.pages] == [
        "dashboard",
        "enterprises",
        "visits",
        "problems",
        "reports",
        "random",
    ]
    window.page(0).stop_loading()


def test_dashboard_shows_loading_then_the_figures(qtbot, store, enterprise, message_boxes):
    window = MainWindow(store)
    qtbot.addWidget(window)
    dashboard = window.current_page()
    assert dashboard.is_loading()
    assert dashboard.loading_label.text() == "正在读取数据…"
    assert dashboard.cards["enterprises"].value.text() == "…"  # not a misleading 0
    with qtbot.waitSignal(dashboard.loaded, timeout=10000):
        window.show()
    assert not dashboard.is_loading() and not dashboard.loading_label.isVisible()
    assert dashboard.cards["enterprises"].value.text() == "1"
    assert dashboard.figures == dashboard.compute()


def test_a_synchronous_refresh_wins_over_a_background_read(qtbot, store, enterprise):
    from envhelp.gui.pages.dashboard import DashboardPage

    page = DashboardPage(store)
    qtbot.addWidget(page)
    page.load()
    page.refresh()  # newer: the background result must not overwrite it
    assert page.cards["enterprises"].value.text() == "1"
    qtbot.waitUntil(lambda: not page.is_loading(), timeout=10000)
    qtbot.wait(30)
    assert page.cards["enterprises"].value.text() == "1" and page.figures["enterprises"] == 1


def test_stop_loading_lets_go_of_the_database(qtbot, store, enterprise, monkeypatch):
    import threading

    from envhelp.gui.pages import dashboard

    # The read is held until the test lets it go, so it is surely still under way when
    # stop_loading() comes (a free read can finish between two polls of waitUntil).
    reading, release = threading.Event(), threading.Event()
    real_read = dashboard.read_dashboard

    def held_read(store, today):
        reading.set()
        release.wait(60)
        return real_read(store, today)

    monkeypatch.setattr(dashboard, "read_dashboard", held_read)
    page = dashboard.DashboardPage(store)
    qtbot.addWidget(page)
    page.load()
    qtbot.waitUntil(reading.is_set, timeout=20000)
    assert page.is_loading()
    release.set()
    page.stop_loading()  # waits until the worker's connection is closed
    assert not page.is_loading() and not page.loading_label.isVisible()
    qtbot.wait(50)  # a poll after the stop must not show the dropped result
    assert page.figures == {}
    page.load()
    page.stop_loading()  # before the thread even started
    assert not page.is_loading()
