"""The PDF record's attachments query: the indexed UNION returns exactly what the OR did."""

from __future__ import annotations

import pytest

from envhelp.domain import attachments, enterprises, ledger, problems
from envhelp.reports.pdf import collect_visit_record
from envhelp.reports.pdf.data import attachments_query
from tests.conftest import VALID_USCC
from tests.test_pdf_documents import _photo, make_visit

pytestmark = pytest.mark.usefixtures("bureau")


def or_query(store, visit_id, problem_ids):
    """The former query (one WHERE … OR … over LEFT JOINs), kept here as the reference."""
    marks = ", ".join("?" * len(problem_ids)) or "NULL"
    return store.query(
        "SELECT a.*, r.item_code AS item_code FROM attachments a "
        "LEFT JOIN check_results r ON r.id = a.check_result_id "
        "LEFT JOIN checks c ON c.id = r.check_id "
        f"WHERE a.visit_id = ? OR a.problem_id IN ({marks}) OR c.visit_id = ? "
        "ORDER BY a.created_at, a.id",
        (visit_id, *problem_ids, visit_id),
    )


@pytest.fixture
def two_visits(store, officer, officer2, tmp_path):
    company = enterprises.add(store, {"name": "附件测试企业", "uscc": VALID_USCC[2]})
    (tmp_path / "a").mkdir()
    first = make_visit(
        store, company, officer, officer2, tmp_path / "a", final=False, n_items=12, n_photos=6
    )
    (tmp_path / "b").mkdir()
    second = make_visit(
        store,
        company,
        officer,
        officer2,
        tmp_path / "b",
        final=False,
        n_items=12,
        n_photos=4,
        date="2026-03-09",
    )
    visit_id = first["visit"]["id"]
    extra = _photo(tmp_path / "both.png", (40, 30), (1, 2, 3))
    # One file linked to the visit and to one of its problems at once: listed once.
    attachments.add(
        store, extra, caption="两处引用", visit_id=visit_id, problem_id=first["problems"][1]["id"]
    )
    # A problem of this visit that was cancelled: its photo is not printed.
    gone = problems.create(
        store,
        {
            "enterprise_id": company["id"],
            "visit_id": visit_id,
            "found_on": "2026-03-05",
            "description": "录错的问题",
            "deadline": "2026-03-30",
            "category": "hazardous_waste",
        },
    )
    attachments.add(
        store, _photo(tmp_path / "gone.png", (20, 20), (9, 9, 9)), problem_id=gone["id"]
    )
    ledger.cancel(store, gone["id"], "录入错误")
    return first, second


def test_union_returns_the_same_rows_in_the_same_order(store, two_visits):
    first, second = two_visits
    for made in (first, second):
        visit_id = made["visit"]["id"]
        problem_ids = [
            p["id"]
            for p in problems.list_page(store, visit_id=visit_id, limit=None)
            if p["status"] != "cancelled"
        ]
        old = or_query(store, visit_id, problem_ids)
        new = store.query(*attachments_query(visit_id, problem_ids))
        assert new == old
        linked = {(r["visit_id"], r["problem_id"], r["check_result_id"]) for r in new}
        assert any(v for v, _, _ in linked) and any(p for _, p, _ in linked)
        assert any(c for _, _, c in linked)
    # Without problems (the "IN (NULL)" branch) it still agrees.
    visit_id = first["visit"]["id"]
    assert store.query(*attachments_query(visit_id, [])) == or_query(store, visit_id, [])


def test_record_lists_each_file_once_and_no_other_visits(store, two_visits):
    first, second = two_visits
    record = collect_visit_record(store, first["visit"]["id"])
    ids = [a.id for a in record.attachments]
    assert len(ids) == len(set(ids))
    # 6 photos (2 of the visit, 2 of a problem, 2 of a checklist answer), the report
    # document and the file linked twice; not the cancelled problem's, not visit 2's.
    assert len(ids) == 8
    others = {
        r["id"]
        for r in store.query(
            "SELECT a.id FROM attachments a LEFT JOIN check_results r ON r.id = a.check_result_id "
            "LEFT JOIN checks c ON c.id = r.check_id WHERE a.visit_id = ? OR c.visit_id = ?",
            (second["visit"]["id"], second["visit"]["id"]),
        )
    }
    assert others and not others & set(ids)
    kinds = {a.linked_to.split(":")[0] for a in record.attachments}
    assert kinds == {"visit", "problem", "item"}
