"""The Reports page: the month's figures on screen, the paragraph, the chart, the workbook export."""

from __future__ import annotations

import threading
from datetime import date

import openpyxl
import pytest

from envhelp.gui.language import ui_settings
from envhelp.gui.pages import reports
from envhelp.gui.pages.reports import EXPORT_DIR_KEY, ReportsPage, format_value
from envhelp.gui.qt import (
    QApplication,
    QDate,
    QFileDialog,
    QPushButton,
    Qt,
)
from envhelp.reports import report_text
from envhelp.reports.summary import FIGURES, PERIOD_KEYS, RATE_KEYS, build_summary

pytestmark = pytest.mark.gui

MONTH = "2026-10"


def wait_for_figures(qtbot, page, month=MONTH):
    qtbot.waitUntil(
        lambda: (
            not page.is_computing() and page.summary is not None and page.summary.month == month
        ),
        timeout=15000,
    )


@pytest.fixture
def page(qtbot, demo_store, message_boxes):
    page = ReportsPage(demo_store)
    qtbot.addWidget(page)
    page.resize(1200, 760)
    page.show()
    qtbot.waitExposed(page)
    page.set_month(2026, 10)
    page.compute()
    wait_for_figures(qtbot, page)
    yield page
    for task in (page.figures_task, page.export_task, page.pdf_task):
        if task is not None:
            task.wait()


def test_default_month_is_the_one_most_likely_reported_and_nothing_runs_before_shown(
    qtbot, demo_store, freeze_today
):
    # The demo's last final visits are in November 2026 (DEMO_END is 27 November).
    freeze_today(date(2026, 11, 28), reports)
    page = ReportsPage(demo_store)
    qtbot.addWidget(page)
    assert page.month() == "2026-11"  # this month has final visits
    assert page.figures_task is None and page.summary is None
    assert reports.default_report_month(demo_store, date(2026, 12, 3)) == "2026-11"
    assert reports.default_report_month(demo_store, date(2026, 12, 20)) == "2026-11"  # none yet
    assert reports.default_report_month(demo_store, date(2026, 11, 3)) == "2026-10"  # 月初
    assert reports.default_report_month(demo_store, date(2026, 11, 6)) == "2026-11"


def test_month_steps_by_month_and_takes_a_typed_month(qtbot, page, type_text):
    edit = page.month_edit
    edit.setFocus()
    edit.lineEdit().setCursorPosition(0)  # in the year: a plain date edit would step years
    qtbot.keyClick(edit, Qt.Key.Key_Up)
    assert page.month() == "2026-11"
    qtbot.keyClick(edit, Qt.Key.Key_Down)
    qtbot.keyClick(edit, Qt.Key.Key_Down)
    assert page.month() == "2026-09"
    edit.lineEdit().selectAll()
    qtbot.keyClicks(edit, "202612")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert page.month() == "2026-12"
    edit.lineEdit().selectAll()
    type_text(edit, "2025年3月")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert page.month() == "2025-03"


def test_month_is_kept_across_a_language_switch(qtbot, demo_store, message_boxes):
    from tests.gui.conftest import show_main_window

    window = show_main_window(qtbot, demo_store)
    window.show_page(window.page_row("reports"))
    window.current_page().set_month(2025, 3)
    window.set_language("en")
    assert window.current_page().month() == "2025-03"
    window.set_language("zh")
    assert window.current_page().month() == "2025-03"


def test_figures_are_those_of_build_summary(page, demo_store):
    expected = build_summary(demo_store, MONTH)
    for key in PERIOD_KEYS:
        rate = key in RATE_KEYS
        assert page.figure_text(key, 1) == format_value(expected.month_figures[key], rate), key
        assert page.figure_text(key, 2) == format_value(expected.year_figures[key], rate), key
    for code, n in expected.month_figures["visits_by_type"].items():
        assert page.figure_text(f"visits_by_type.{code}", 1) == str(n)
        assert page.figure_text(f"visits_by_type.{code}", 2) == str(
            expected.year_figures["visits_by_type"][code]
        )
    assert page.figure_text("open_at_end") == str(expected.snapshot["open"])
    assert page.figure_text("overdue_at_end") == str(expected.snapshot["overdue"])
    # The demo district's October 2026, as the core computes it.
    assert page.figure_text("visits", 1) == "5" and page.figure_text("visits", 2) == "50"
    assert page.figure_text("compliance_rate", 1) == "88.8%"
    # The labels: the one list the CLI and the workbook show too.
    labels = [page.figures.item(r, 0).text() for r in range(page.figures.rowCount())]
    assert labels == [f.label for f in FIGURES] and labels[0] == "走访帮扶次数（次）"
    assert (
        page.figures.item(labels.index("出动执法人员（人次）"), 0)
        .toolTip()
        .startswith("每次走访的执法人员人数之和")
    )

    # Chart: visits per town (month and year to date) add up to the totals.
    assert page.chart.title.startswith("各镇街走访次数")
    (_, month_values), (_, year_values) = page.chart.series
    assert sum(month_values) == 5 and sum(year_values) == 50
    towns = [r["label"] for r in expected.breakdowns["town"] if r["year_visits"]]
    assert page.chart.categories == towns
    # …or problems found and closed per month, January to October.
    page.chart_combo.setCurrentIndex(page.chart_combo.findData("series"))
    assert page.chart.categories == [f"{m}月" for m in range(1, 11)]
    assert page.chart.series[0][1] == [r["found"] for r in expected.series]
    assert page.chart.series[1][1] == [r["closed"] for r in expected.series]
    assert not page.chart.grab().isNull()

    # The most failed requirements of the year, with this month's count beside.
    top = expected.top_failed["year"]
    assert page.failed.rowCount() == len(top) > 0
    assert page.failed.item(0, 0).text().startswith(top[0]["code"])
    assert page.failed.item(0, 2).text() == str(top[0]["non_compliant"])


def test_changing_the_month_recomputes_off_the_gui_thread_with_a_busy_indicator(
    qtbot, page, demo_store, monkeypatch
):
    release = threading.Event()
    threads: list[int] = []
    real = reports.compute_summary

    def slow(store, month, progress, cancelled):
        threads.append(threading.get_ident())
        release.wait(60)
        return real(store, month, progress, cancelled)

    monkeypatch.setattr(reports, "compute_summary", slow)
    page.month_edit.setDate(QDate(2026, 9, 1))  # as the user would; starts after a short delay
    qtbot.waitUntil(page.is_computing, timeout=20000)
    assert page.busy.isVisible()
    assert "2026-09" in page.status_label.text()
    assert not page.figures.isEnabled()
    release.set()
    wait_for_figures(qtbot, page, "2026-09")
    assert threads and threads[0] != threading.get_ident()
    assert not page.busy.isVisible() and page.figures.isEnabled()
    expected = build_summary(demo_store, "2026-09")
    assert page.figure_text("visits") == str(expected.month_figures["visits"])
    assert page.figure_text("problems_found") == str(expected.month_figures["problems_found"])

    # Shown again with nothing changed: the figures are not computed again.
    assert page.compute(force=False) is None


def test_rounded_toggle_changes_the_paragraph_and_copy_puts_it_on_the_clipboard(page):
    exact = page.paragraph.toPlainText()
    texts = report_text.summary_paragraphs(page.summary, rounded=False)
    assert exact == texts["month"] + "\n\n" + texts["year"]
    assert exact.startswith("2026年10月，组织开展执法帮扶5次")
    assert "，帮扶企业25家" in exact  # year to date, every kind of visit
    page.rounded_box.setChecked(True)
    rounded = page.paragraph.toPlainText()
    assert rounded != exact
    assert "，帮扶企业20余家" in rounded
    assert rounded.startswith("2026年10月，组织开展执法帮扶5次")  # small numbers stay exact
    page.copy_button.click()
    assert QApplication.clipboard().text() == rounded
    page.rounded_box.setChecked(False)
    assert page.paragraph.toPlainText() == exact


def test_export_writes_the_workbook_offers_to_open_it_and_remembers_the_folder(
    qtbot, page, tmp_path, monkeypatch, opened
):
    folder = tmp_path / "out"
    folder.mkdir()
    asked: list[str] = []

    def save_dialog(parent, title, suggested, filters):
        asked.append(suggested)
        return str(folder / "十月汇总"), filters  # no extension typed

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.export_message is not None, timeout=15000)
    target = folder / "十月汇总.xlsx"
    assert asked[0].endswith("2026年10月帮扶工作汇总.xlsx")
    assert str(target) in page.export_message.text()
    workbook = openpyxl.load_workbook(target)
    assert workbook.sheetnames[0] == "概览"
    overview = workbook["概览"]
    rows = {r[0]: r[1:] for r in overview.iter_rows(values_only=True) if r and r[0]}
    assert rows["走访帮扶次数（次）"] == (5, 50)
    assert ui_settings().value(EXPORT_DIR_KEY) == str(folder)
    assert page.export_button.isEnabled()

    buttons = {b.text(): b for b in page.export_message.buttons()}
    buttons["打开文件"].click()
    assert opened == [str(target)]
    page.export_message = None
    # The next export starts in the folder used last; "打开所在文件夹" opens it.
    page.export_summary()
    qtbot.waitUntil(lambda: page.export_message is not None, timeout=15000)
    assert asked[1].startswith(str(folder))
    {b.text(): b for b in page.export_message.buttons()}["打开所在文件夹"].click()
    assert opened[-1] == str(folder)


def test_rounded_export_carries_the_rounded_paragraph(qtbot, page, tmp_path):
    page.rounded_box.setChecked(True)
    target = tmp_path / "rounded.xlsx"
    page.export_to(target)
    qtbot.waitUntil(lambda: page.export_message is not None, timeout=15000)
    texts = [
        c
        for row in openpyxl.load_workbook(target)["概览"].iter_rows(values_only=True)
        for c in row
        if isinstance(c, str)
    ]
    assert any("，帮扶企业20余家" in t for t in texts)


def test_cancelling_the_export_midway_leaves_no_file(qtbot, page, tmp_path, monkeypatch):
    started, release = threading.Event(), threading.Event()
    real = reports.write_workbook

    def slow(store, month, target, rounded, summary, progress, cancelled):
        def held(done, total):
            progress(done, total)
            started.set()
            release.wait(60)  # hold the worker after its first step until Cancel was pressed

        return real(store, month, target, rounded, summary, held, cancelled)

    monkeypatch.setattr(reports, "write_workbook", slow)
    folder = tmp_path / "cancel"
    folder.mkdir()
    target = folder / "汇总.xlsx"
    task = page.export_to(target)
    assert started.wait(30)
    assert not page.export_button.isEnabled()
    task.dialog.findChild(QPushButton).click()  # the progress dialog's Cancel button
    assert task.is_cancel_requested()
    release.set()
    qtbot.waitUntil(lambda: task.outcome is not None, timeout=15000)
    assert task.outcome == "cancelled"
    assert list(folder.iterdir()) == []  # neither the workbook nor a temporary file
    assert page.export_button.isEnabled()
    assert page.status_label.text() == "导出已取消，未生成文件。"
    assert page.export_message is None
