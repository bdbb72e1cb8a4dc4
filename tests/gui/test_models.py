"""The paged table models: Qt model contract, page-by-page fetching, sorting, highlighting."""

from __future__ import annotations

from datetime import date

import pytest

from envhelp.domain import enterprises, problems
from envhelp.gui.models import EnterpriseTableModel, ProblemTableModel, VisitTableModel
from envhelp.gui.qt import QColor, Qt
from tests.conftest import draft_visit

pytestmark = pytest.mark.gui


@pytest.fixture
def many_enterprises(store):
    with store.transaction():
        for i in range(450):
            enterprises.add(store, {"name": f"测试企业{i:03d}", "town": f"镇{i % 7}"})
    return 450


def test_model_passes_qt_model_tester(qtmodeltester, store, many_enterprises):
    model = EnterpriseTableModel(store, page_size=100)
    model.refresh()
    qtmodeltester.check(model)  # Qt's C++ QAbstractItemModelTester; it calls fetchMore too
    assert model.rowCount() > 100


def test_model_passes_python_model_tester(qtmodeltester, store, many_enterprises):
    # A separate model: the two testers must not watch the same model at once.
    model = EnterpriseTableModel(store, page_size=100)
    model.refresh()
    qtmodeltester.check(model, force_py=True)
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 450


def test_model_fetches_in_pages(store, many_enterprises, monkeypatch):
    limits = []
    original = enterprises.list_page
    monkeypatch.setattr(
        enterprises,
        "list_page",
        lambda *a, **k: limits.append(k["limit"]) or original(*a, **k),
    )
    model = EnterpriseTableModel(store, page_size=100)
    model.refresh()
    assert model.total == 450
    assert model.rowCount() == 100
    seen = [model.rowCount()]
    while model.canFetchMore():
        model.fetchMore()
        seen.append(model.rowCount())
    assert seen == [100, 200, 300, 400, 450]
    assert limits and all(limit == 100 for limit in limits)  # never the whole table
    names = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert names == sorted(names) and len(set(names)) == 450


def test_sort_by_header_requeries(store, many_enterprises):
    model = EnterpriseTableModel(store, page_size=50)
    model.refresh()
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert model.index(0, 0).data() == "测试企业449"
    assert model.rowCount() == 50  # still one page after re-query
    town_column = [c.key for c in model.columns].index("town")
    model.sort(town_column, Qt.SortOrder.AscendingOrder)
    assert model.order_by == "town" and model.index(0, town_column).data() == "镇0"
    hw_column = [c.key for c in model.columns].index("hw_categories")
    model.sort(hw_column, Qt.SortOrder.AscendingOrder)  # not sortable in SQL: ignored
    assert model.order_by == "town"


def test_search_filters_by_pinyin_initials(store, enterprise, many_enterprises):
    model = EnterpriseTableModel(store)
    model.refresh()
    model.set_search("qdjr")
    assert model.total == 1
    assert model.index(0, 0).data() == "青岛精锐机械有限公司"
    hw_column = [c.key for c in model.columns].index("hw_categories")
    assert model.index(0, hw_column).data() == "HW08、HW49"


def test_visit_model_lists_visits(store, enterprise, officer):
    draft_visit(store, enterprise["id"], [officer["id"]], "inspection", day="2026-03-05")
    model = VisitTableModel(store)
    model.refresh()
    assert model.rowCount() == 1
    row = [model.index(0, c).data() for c in range(model.columnCount())]
    assert row[:5] == ["2026-03-05", "09:30", "青岛精锐机械有限公司", "现场检查", "王敏"]
    assert row[5] == "草稿"


def test_problem_model_highlights_overdue(qtmodeltester, store, enterprise):
    base = {"enterprise_id": enterprise["id"], "found_on": "2026-03-01", "description": "标识不全"}
    late = problems.create(store, {**base, "deadline": "2026-03-10"})
    problems.create(store, {**base, "deadline": "2026-04-30"})
    model = ProblemTableModel(store)
    model.today = date(2026, 4, 1)
    model.refresh()
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    status_column = [c.key for c in model.columns].index("status")
    first, second = model.index(0, 0), model.index(1, 0)
    assert model.row_record(0)["id"] == late["id"]
    assert model.data(first, Qt.ItemDataRole.BackgroundRole).color() == QColor("#fde2e1")
    assert model.data(second, Qt.ItemDataRole.BackgroundRole) is None
    assert "逾期" in model.index(0, status_column).data()
    assert "逾期" not in model.index(1, status_column).data()

    model.overdue_only = True
    model.refresh()
    assert model.total == 1 and model.row_record(0)["id"] == late["id"]
