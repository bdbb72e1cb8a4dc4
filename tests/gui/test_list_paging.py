"""The visit list models page by keyset; the problem list keeps the ledger order on its index."""

from __future__ import annotations

from datetime import date

import pytest

from envhelp.domain import enterprises, ledger_list, officers, problems, visits
from envhelp.gui.models import ProblemTableModel, VisitTableModel
from envhelp.gui.pages.problems import ProblemsPage
from envhelp.gui.pages.visits import FilteredVisitModel
from tests.conftest import VALID_USCC, draft_visit

pytestmark = pytest.mark.gui


@pytest.fixture
def visit_rows(store):
    firms = [
        enterprises.add(store, {"name": f"企业{i}", "uscc": VALID_USCC[i], "town": "城阳街道"})
        for i in range(2)
    ]
    crew = [
        officers.add(store, {"name": name, "cert_no": f"3702009000{i}", "unit": "执法大队"})["id"]
        for i, name in enumerate(["王敏", "李强"])
    ]
    for i in range(53):
        visit = draft_visit(
            store,
            firms[i % 2]["id"],
            crew[:: 1 if i % 2 else -1],
            "law_publicity",
            day=f"2026-0{3 + i % 2}-{i % 3 + 1:02d}",
            time=["", "09:00", "09:00", "16:10"][i % 4],
        )
        if i % 5 == 0:
            visits.finalize(store, visit["id"])
    return firms


def load_all(model) -> list[dict]:
    model.refresh()
    while model.canFetchMore():
        model.fetchMore()
    return [model.row_record(r) for r in range(model.rowCount())]


def test_visit_model_loads_every_row_once_in_order(store, visit_rows, monkeypatch):
    asked = []
    real = visits.list_page

    def spy(store_, **kwargs):
        asked.append(kwargs)
        return real(store_, **kwargs)

    monkeypatch.setattr(visits, "list_page", spy)
    model = VisitTableModel(store, page_size=6)
    rows = load_all(model)
    expected = real(store, limit=None)
    assert [r["id"] for r in rows] == [r["id"] for r in expected]
    assert len({r["id"] for r in rows}) == model.total == 53
    # Officers as the core lists them, shown in their order.
    for r, e in zip(rows, expected, strict=True):
        assert list(r["officer_names"]) == e["officer_names"]
    officer_column = [c.key for c in model.columns].index("officer_ids")
    assert model.index(0, officer_column).data() == "、".join(expected[0]["officer_names"])
    # The first page from the top, every later one after the last loaded row.
    assert asked[0]["after"] is None and asked[0]["offset"] == 0
    assert len(asked) == 9
    for kwargs, previous in zip(asked[1:], range(6, 54, 6), strict=False):
        assert kwargs["offset"] == 0
        assert kwargs["after"] == visits.cursor_of(expected[previous - 1])


@pytest.mark.parametrize(
    "filters",
    [{"month": "2026-03"}, {"status": "final"}, {"status": "draft", "month": "2026-04"}, "firm"],
)
def test_filtered_visit_model_pages_to_the_end(store, visit_rows, filters):
    if filters == "firm":
        filters = {"enterprise_id": visit_rows[1]["id"]}
    model = FilteredVisitModel(store, page_size=4)
    for key, value in filters.items():
        setattr(model, key, value)
    rows = load_all(model)
    expected = visits.list_page(store, limit=None, **filters)
    assert expected
    assert [r["id"] for r in rows] == [r["id"] for r in expected]
    assert model.total == len(expected)


def test_visit_model_refresh_starts_again_from_the_top(store, visit_rows):
    model = VisitTableModel(store, page_size=10)
    load_all(model)
    model.refresh()
    assert model.rowCount() == 10
    assert [model.row_record(r)["id"] for r in range(10)] == [
        r["id"] for r in visits.list_page(store, limit=10)
    ]


@pytest.fixture
def problem_rows(store, enterprise):
    with store.transaction():
        for i in range(40):
            problems.create(
                store,
                {
                    "enterprise_id": enterprise["id"],
                    "found_on": f"2026-03-{i % 5 + 1:02d}",
                    "deadline": f"2026-04-{i % 4 + 1:02d}",
                    "description": f"问题{i}",
                },
            )


def test_problems_page_sorted_by_deadline_reads_the_ordering_index(store, problem_rows):
    """The page's sort indicator asks for "deadline" ascending — the default order. The
    query must read that order off problems_ledger_order, not sort every problem."""
    page = ProblemsPage(store)
    assert page.model.order_by == "deadline"
    sql, params = problems.select_sql(order_by="deadline")
    plan = " ".join(r["detail"] for r in store.query("EXPLAIN QUERY PLAN " + sql, params))
    assert "TEMP B-TREE" not in plan
    today = date(2026, 4, 3)
    page.model.today = today
    rows = load_all(page.model)
    assert [r["id"] for r in rows] == [
        r["id"] for r in ledger_list.list_page(store, limit=None, today=today)
    ]


@pytest.mark.parametrize("order_by", sorted(problems.SORT_KEYS))
@pytest.mark.parametrize("descending", [False, True])
def test_problem_orders_unchanged_without_repeated_terms(store, problem_rows, order_by, descending):
    sql, params = problems.select_sql(order_by=order_by, descending=descending)
    head = sql.rsplit(" ORDER BY ", 1)[0]
    repeated = (
        problems.SORT_KEYS[order_by].format(d="DESC" if descending else "ASC")
        + ", p.deadline IS NULL, p.deadline, p.found_on, p.id"
    )
    expected = [r["id"] for r in store.query(f"{head} ORDER BY {repeated}", params)]
    assert [r["id"] for r in store.query(sql, params)] == expected
    model = ProblemTableModel(store, page_size=7)
    model.order_by, model.descending = order_by, descending
    assert [r["id"] for r in load_all(model)] == expected
