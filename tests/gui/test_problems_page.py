"""The Problems (ledger) page: filters and counts, paging, sorting, highlighting, export."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest

from envhelp.domain import enterprises, ledger, ledger_list, officers, problems
from envhelp.gui.language import ui_settings
from envhelp.gui.models import OVERDUE_BACKGROUND
from envhelp.gui.pages.problems import EXPORT_DIR_KEY, LedgerTableModel, ProblemsPage
from envhelp.gui.qt import Qt

pytestmark = pytest.mark.gui

TODAY = date(2026, 6, 15)


@pytest.fixture
def ledger_rows(store):
    """Two towns; in each: 2 overdue, 1 due later, 1 overdue-but-closed problem."""
    officer = officers.add(store, {"name": "王敏"})
    made = {}
    with store.transaction():
        for town in ("城阳街道", "流亭街道"):
            ent = enterprises.add(store, {"name": f"{town}测试企业", "town": town})
            rows = []
            for i, deadline in enumerate(("2026-06-01", "2026-06-10", "2026-07-01", "2026-06-02")):
                rows.append(
                    problems.create(
                        store,
                        {
                            "enterprise_id": ent["id"],
                            "found_on": "2026-05-20",
                            "deadline": deadline,
                            "description": f"{town}问题{i}",
                            "severity": "major" if i else "minor",
                        },
                    )
                )
            ledger.close(
                store,
                rows[3]["id"],
                verified_on="2026-06-05",
                officer_id=officer["id"],
                method="document_review",
                note="已整改",
                today=TODAY,
            )
            made[town] = rows
    return made


@pytest.fixture
def page(qtbot, store, ledger_rows):
    page = ProblemsPage(store)
    page.model.today = TODAY
    page.clear_filters()  # the whole ledger (the page opens on the unfinished problems)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    return page


def test_first_screen_shows_unfinished_problems_overdue_first_with_the_status_visible(
    qtbot, store, ledger_rows
):
    page = ProblemsPage(store)
    page.model.today = TODAY
    page.refresh()
    qtbot.addWidget(page)
    page.resize(1024 - 124, 600)  # the page in a main window at its 1024 px minimum
    page.show()
    qtbot.waitExposed(page)
    assert page.status_combo.currentData() == "active"
    assert page.count_label.text() == "共 6 条，逾期 4 条"
    rows = [page.model.row_record(r) for r in range(page.model.rowCount())]
    assert {r["status"] for r in rows} == {"open"}
    assert [r["overdue"] for r in rows] == [True] * 4 + [False] * 2
    table = page.table
    keys = [column.key for column in page.model.columns]
    for key in ("enterprise_id", "status", "days_overdue", "deadline"):
        column = keys.index(key)
        right = table.columnViewportPosition(column) + table.columnWidth(column)
        assert table.columnViewportPosition(column) >= 0 and right <= table.viewport().width(), key


def shown_descriptions(page):
    return [page.model.row_record(r)["description"] for r in range(page.model.rowCount())]


def test_overdue_and_town_filters_give_rows_and_count(qtbot, page, ledger_rows):
    assert page.count_label.text() == "共 8 条，逾期 4 条"
    page.overdue_box.setChecked(True)
    assert page.model.total == 4
    page.town_combo.setCurrentIndex(page.town_combo.findData("流亭街道"))
    assert page.count_label.text() == "共 2 条，逾期 2 条"
    assert shown_descriptions(page) == ["流亭街道问题0", "流亭街道问题1"]
    assert page.current_filter() == ledger_list.LedgerFilter(overdue=True, town="流亭街道")
    # Overdue rows stand out and say by how much.
    index = page.model.index(0, 7)
    assert index.data() == "逾期 14 天"
    assert index.data(Qt.ItemDataRole.BackgroundRole).color() == OVERDUE_BACKGROUND

    page.overdue_box.setChecked(False)
    assert page.count_label.text() == "共 4 条，逾期 2 条"
    closed_row = shown_descriptions(page).index("流亭街道问题3")
    assert page.model.index(closed_row, 7).data() == "迟 3 天销号"
    assert page.model.index(closed_row, 0).data(Qt.ItemDataRole.BackgroundRole) is None


def test_other_filters_and_search(qtbot, page):
    page.severity_combo.setCurrentIndex(page.severity_combo.findData("minor"))
    assert sorted(shown_descriptions(page)) == ["城阳街道问题0", "流亭街道问题0"]
    page.clear_filters()
    page.status_combo.setCurrentIndex(page.status_combo.findData("closed"))
    assert sorted(shown_descriptions(page)) == ["城阳街道问题3", "流亭街道问题3"]
    page.clear_filters()
    page.deadline_from.set_value("2026-06-05")
    page.deadline_to.set_value("2026-06-30")
    assert sorted(shown_descriptions(page)) == ["城阳街道问题1", "流亭街道问题1"]
    page.clear_filters()
    page.search.setText("ltjd")  # pinyin initials of 流亭街道…
    qtbot.waitUntil(lambda: page.model.total == 4, timeout=10000)
    assert all(d.startswith("流亭街道") for d in shown_descriptions(page))


def test_header_click_requeries_in_that_order(qtbot, page):
    header = page.table.horizontalHeader()
    header.setSortIndicator(6, Qt.SortOrder.DescendingOrder)  # 整改期限, latest first
    assert page.model.order_by == "deadline" and page.model.descending
    deadlines = [page.model.row_record(r)["deadline"] for r in range(page.model.rowCount())]
    assert deadlines == sorted(deadlines, reverse=True)
    header.setSortIndicator(3, Qt.SortOrder.AscendingOrder)  # description: not sortable
    assert page.model.order_by == "deadline"
    assert header.sortIndicatorSection() == 6


def test_model_passes_qt_model_tester_and_pages(qtmodeltester, store, ledger_rows):
    ent = enterprises.add(store, {"name": "大量问题企业", "town": "城阳街道"})
    with store.transaction():
        for i in range(230):
            problems.create(
                store,
                {
                    "enterprise_id": ent["id"],
                    "found_on": "2026-05-01",
                    "deadline": f"2026-06-{i % 28 + 1:02d}",
                    "description": f"批量问题{i}",
                },
            )
    model = LedgerTableModel(store, page_size=100)
    model.today = TODAY
    model.refresh()
    assert model.total == 238 and model.rowCount() == 100  # one page, not the table
    qtmodeltester.check(model)
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 238
    model2 = LedgerTableModel(store, page_size=100)
    model2.refresh()
    qtmodeltester.check(model2, force_py=True)


def test_export_uses_the_filters_and_remembers_the_folder(qtbot, page, tmp_path):
    page.town_combo.setCurrentIndex(page.town_combo.findData("城阳街道"))
    target = tmp_path / "out" / "台账.xlsx"
    target.parent.mkdir()
    page.export_to(target)
    qtbot.waitUntil(lambda: page.export_message is not None, timeout=10000)
    box = page.export_message
    assert "已导出 4 条问题" in box.text()
    assert {b.text() for b in box.buttons()} >= {"打开文件", "打开所在文件夹"}
    sheet = openpyxl.load_workbook(target).active
    assert sheet["A3"].value == "统计范围：镇街：城阳街道"  # the filter, in words
    # Under the title block and the header (row 4): the 4 rows shown, then the totals.
    assert [sheet.cell(r, 5).value for r in range(5, 10)] == ["城阳街道"] * 4 + [None]
    assert sheet.cell(10, 2).value == "合计" and sheet.cell(10, 3).value == 4
    assert ui_settings().value(EXPORT_DIR_KEY) == str(target.parent)  # the test's own settings
    assert page.export_button.isEnabled()
    box.close()
