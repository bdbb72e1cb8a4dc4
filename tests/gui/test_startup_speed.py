"""Start-up stays lean: the main window's import path leaves the heavy libraries out,
pages are built when first shown, and the dashboard reads off the GUI thread."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from envhelp.gui.main_window import MainWindow

pytestmark = pytest.mark.gui

# Libraries only some features need: each costs tens of milliseconds to import.
HEAVY = ("reportlab", "openpyxl", "pypinyin", "chinese_calendar", "sqlite_utils", "PIL")
# The app's own modules behind features (the Data menu's report dialogs are light).
HEAVY_ENVHELP = ("envhelp.reports", "envhelp.io", "envhelp.gui.visit_editor",
                 "envhelp.gui.pdf_export", "envhelp.gui.dialogs.enterprise_detail",
                 "envhelp.gui.dialogs.problem", "envhelp.gui.dialogs.settings")  # fmt: skip


def imported_after(code: str) -> list[str]:
    """Module names loaded by a fresh interpreter after running ``code``."""
    probe = code + "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def heavy_in(modules: list[str]) -> list[str]:
    return [
        m for m in modules
        if m.split(".")[0] in HEAVY or any(m == h or m.startswith(h + ".") for h in HEAVY_ENVHELP)
    ]  # fmt: skip


def test_importing_the_main_window_leaves_heavy_libraries_out():
    modules = imported_after("import envhelp.gui.app, envhelp.gui.main_window")
    assert "envhelp.gui.main_window" in modules and "PySide6.QtWidgets" in modules
    assert "reportlab" not in modules and "openpyxl" not in modules
    assert heavy_in(modules) == []


def test_showing_the_window_builds_only_the_first_page(tmp_path):
    code = (
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
    modules = imported_after(code)
    assert "envhelp.gui.pages.dashboard" in modules
    for page in ("enterprises", "visits", "problems", "reports"):
        assert f"envhelp.gui.pages.{page}" not in modules
    assert heavy_in(modules) == []


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
    assert window.stack.count() == 5
    assert [p.key for p in window.pages] == ["dashboard", "enterprises", "visits", "problems",
                                              "reports"]  # fmt: skip
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


def test_stop_loading_lets_go_of_the_database(qtbot, store, enterprise):
    from envhelp.gui.pages.dashboard import DashboardPage

    page = DashboardPage(store)
    qtbot.addWidget(page)
    page.load()
    qtbot.waitUntil(lambda: page._pending is not None, timeout=5000)
    page.stop_loading()
    assert not page.is_loading() and not page.loading_label.isVisible()
    page.load()
    page.stop_loading()  # before the thread even started
    assert not page.is_loading()
