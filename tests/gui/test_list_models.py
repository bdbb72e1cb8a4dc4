"""The list models after the speed work: one problem model for the ledger and the
enterprise details, slim rows for long lists, no needless re-reads."""

from __future__ import annotations

import sys
import threading
from datetime import date

import pytest

from envhelp.domain import ledger_list, problems, visits
from envhelp.gui.models import PagedTableModel, ProblemTableModel, VisitTableModel
from envhelp.gui.pages.problems import LedgerTableModel, ProblemsPage
from envhelp.gui.qt import Qt

pytestmark = pytest.mark.gui


@pytest.fixture
def many_problems(store, enterprise):
    with store.transaction():
        for i in range(120):
            problems.create(
                store,
                {
                    "enterprise_id": enterprise["id"],
                    "found_on": "2026-03-01",
                    "deadline": f"2026-04-{i % 28 + 1:02d}",
                    "description": f"标识不全{i % 3}",
                    "rectification": "长文本" * 200,
                },
            )
    return 120


def test_ledger_model_is_the_shared_problem_model(store, many_problems):
    assert issubclass(LedgerTableModel, ProblemTableModel)
    # One paging implementation: neither model defines its own fetching.
    for cls in (LedgerTableModel, ProblemTableModel):
        assert cls.fetchMore is PagedTableModel.fetchMore
    assert LedgerTableModel.fetch_page is ProblemTableModel.fetch_page
    today = date(2026, 4, 15)
    shared, ledger_model = (
        ProblemTableModel(store, page_size=50),
        LedgerTableModel(store, page_size=50),
    )
    for model in (shared, ledger_model):
        model.today = today
        model.refresh()
        while model.canFetchMore():
            model.fetchMore()
    ids = [r["id"] for r in ledger_list.list_page(store, limit=None, today=today)]
    assert [shared.row_record(r)["id"] for r in range(shared.rowCount())] == ids
    assert [ledger_model.row_record(r)["id"] for r in range(ledger_model.rowCount())] == ids
    assert ledger_model.overdue_total == ledger_list.count(
        store, ledger_list.LedgerFilter(overdue=True), today=today
    )
    assert [c.key for c in ledger_model.columns][-3:] == ["days_overdue", "status", "closed_on"]


def test_status_and_overdue_only_map_to_the_ledger_filter(store, many_problems):
    model = ProblemTableModel(store)
    model.today = date(2026, 4, 15)
    model.overdue_only = True
    model.status = ("open",)
    assert model.filter == ledger_list.LedgerFilter(status=("open",), overdue=True)
    model.refresh()
    assert model.total == ledger_list.count(store, model.filter, today=model.today) > 0


def test_sorting_before_the_first_read_only_sets_the_order(store, many_problems, monkeypatch):
    calls = []
    original = ledger_list.list_page
    monkeypatch.setattr(
        ledger_list, "list_page", lambda *a, **k: calls.append(k) or original(*a, **k)
    )
    model = ProblemTableModel(store)
    deadline = [c.key for c in model.columns].index("deadline")
    model.sort(deadline, Qt.SortOrder.DescendingOrder)  # what a view does on setSortingEnabled
    assert calls == [] and model.order_by == "deadline" and model.descending
    model.refresh()
    model.sort(deadline, Qt.SortOrder.AscendingOrder)  # a click once loaded: read again
    assert len(calls) == 2 and calls[-1]["descending"] is False


def test_loaded_rows_keep_only_what_the_list_shows(store, many_problems, enterprise, officer):
    model = ProblemTableModel(store, page_size=50)
    model.refresh()
    while model.canFetchMore():
        model.fetchMore()
    rows = [model.row_record(r) for r in range(model.rowCount())]
    assert "rectification" not in rows[0]  # the long text the table does not show
    assert {"id", "description", "deadline", "status", "overdue"} <= rows[0].keys()
    same = [r["description"] for r in rows if r["description"] == "标识不全0"]
    assert len(same) == 40 and all(d is same[0] for d in same)  # one copy, shared
    assert len({id(r["id"]) for r in rows}) == len(rows)

    visits.create(
        store,
        {
            "enterprise_id": enterprise["id"],
            "date": "2026-03-05",
            "time": "09:30",
            "type": "inspection",
            "officer_ids": [officer["id"]],
            "guidance": "指导" * 500,
        },
    )
    visit_model = VisitTableModel(store)
    visit_model.refresh()
    record = visit_model.row_record(0)
    assert "guidance" not in record and record["officer_names"] == ("王敏",)
    assert visit_model.index(0, 4).data() == "王敏"


def test_problems_page_reads_once_when_first_shown(qtbot, main_window, monkeypatch):
    counts = []
    original = ledger_list.count

    def count(*args, **kwargs):
        if threading.current_thread() is threading.main_thread():  # not the dashboard's reads
            counts.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(ledger_list, "count", count)
    main_window.show_page(3)
    page = main_window.current_page()
    assert isinstance(page, ProblemsPage)
    assert len(counts) == 2  # one refresh: the rows' count and the overdue count
    main_window.show_page(0)
    main_window.show_page(3)  # shown again: read again (records may have changed)
    assert len(counts) == 4


def test_bold_rows_answer_without_eating_references_to_none(store, many_problems):
    # PySide6 6.12 on Python 3.11 loses a reference to None on each call of a void Qt
    # method from Python; a new bold QFont per FontRole answer (QFont.setBold) did that for
    # every painted overdue cell, and enough repaints aborted the interpreter.
    model = LedgerTableModel(store)
    model.today = date(2026, 6, 1)  # every problem is overdue: bold rows
    model.refresh()
    index = model.index(0, 0)
    first = model.data(index, Qt.ItemDataRole.FontRole)
    assert first.bold()
    before = sys.getrefcount(None)
    for _ in range(2000):
        assert model.data(index, Qt.ItemDataRole.FontRole) is first  # one shared font
    assert sys.getrefcount(None) >= before - 5  # the old code: 2,000 fewer
