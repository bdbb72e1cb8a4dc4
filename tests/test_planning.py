"""Visit planning ranking (envhelp.domain.planning): scores, reasons, order, paging."""

from __future__ import annotations

from datetime import date

import pytest

from envhelp import i18n
from envhelp.domain import enterprises, ledger, planning, problems, visits

# Single-officer assistance visits, as a bureau that relaxed the two-officer rule records.
pytestmark = pytest.mark.usefixtures("one_officer_publicity")

TODAY = date(2026, 6, 15)


def _enterprise(store, name, hw=""):
    return enterprises.add(store, {"name": name, "town": "城阳街道", "hw_categories": hw})


def _visit(store, ent, day, officer, final=True):
    v = visits.create(
        store,
        {
            "enterprise_id": ent["id"],
            "date": day,
            "type": "law_publicity",
            "officer_ids": [officer["id"]],
            "guidance": "现场指导",
        },
    )
    if final:
        visits.finalize(store, v["id"])
    return v


def _problem(store, ent, found, deadline, severity="minor"):
    return problems.create(
        store,
        {
            "enterprise_id": ent["id"],
            "found_on": found,
            "deadline": deadline,
            "description": "危废贮存间标识不全",
            "severity": severity,
            "category": "hazardous_waste",
        },
    )


def test_reasons_and_score_of_each_fact(store, officer):
    a = _enterprise(store, "甲公司", "HW08")
    _visit(store, a, "2025-11-10", officer)  # 7 whole months before 2026-06-15
    _problem(store, a, "2026-01-05", "2026-02-01")  # overdue
    _problem(store, a, "2026-01-05", "2026-03-01", severity="major")  # overdue and major
    rows = planning.rank(store, today=TODAY)
    row = next(r for r in rows if r["enterprise_id"] == a["id"])
    assert row["overdue"] == 2
    assert row["major_open"] == 1
    assert row["months_since_visit"] == 7
    assert row["last_visit"] == "2025-11-10"
    assert row["hw_producer"] is True
    w = planning.DEFAULT_WEIGHTS
    assert row["score"] == 2 * w.overdue + 1 * w.major_open + 7 * w.per_month + w.hw_producer
    assert row["reason"] == "2 个逾期问题；1 个重大问题未整改；已 7 个月未走访；危废产生单位"
    i18n.set_language("en")
    row = planning.rank(store, today=TODAY)[0]
    assert row["reason"] == (
        "2 overdue problems; 1 major problem not yet fixed; Not visited for 7 months; "
        "Produces hazardous waste"
    )


def test_order_by_need_and_unlisted_enterprises(store, officer):
    recent_clean = _enterprise(store, "近期已走访无问题公司")
    _visit(store, recent_clean, "2026-06-01", officer)
    never = _enterprise(store, "从未走访公司")
    overdue = _enterprise(store, "逾期公司")
    _visit(store, overdue, "2026-06-01", officer)
    _problem(store, overdue, "2026-05-01", "2026-05-20")
    _problem(store, overdue, "2026-05-01", "2026-05-21")
    _problem(store, overdue, "2026-05-01", "2026-05-22")
    rows = planning.rank(store, today=TODAY)
    ids = [r["enterprise_id"] for r in rows]
    # 3 overdue = 30 points beats never visited = 24; the recent clean one is not listed.
    assert ids == [overdue["id"], never["id"]]
    assert rows[1]["reason"] == "从未走访"
    assert rows[1]["months_since_visit"] is None
    assert planning.count(store, today=TODAY) == 2


def test_draft_visits_and_closed_problems_do_not_count(store, officer):
    ent = _enterprise(store, "草稿走访公司")
    _visit(store, ent, "2026-06-10", officer, final=False)  # a draft is not a visit yet
    p = _problem(store, ent, "2026-01-05", "2026-02-01", severity="major")
    ledger.close(
        store,
        p["id"],
        verified_on="2026-03-01",
        officer_id=officer["id"],
        method="document_review",
        note="资料齐全",
        today=TODAY,
    )
    (row,) = planning.rank(store, today=TODAY)
    assert row["overdue"] == 0 and row["major_open"] == 0
    assert row["months_since_visit"] is None  # only the draft: never visited
    assert row["reason"] == "从未走访"


def test_months_cap_weights_and_paging(store, officer):
    old = _enterprise(store, "很久未走访公司")
    _visit(store, old, "2020-01-01", officer)
    hw = _enterprise(store, "危废公司", "HW49")
    _visit(store, hw, "2026-06-01", officer)
    rows = planning.rank(store, today=TODAY)
    assert [r["enterprise_id"] for r in rows] == [old["id"], hw["id"]]
    assert rows[0]["months_since_visit"] == 77
    assert rows[0]["score"] == planning.DEFAULT_WEIGHTS.max_months  # capped
    assert rows[1]["reason"] == "危废产生单位"
    heavy_hw = planning.Weights(hw_producer=100)
    assert planning.rank(store, today=TODAY, weights=heavy_hw)[0]["enterprise_id"] == hw["id"]
    assert [r["enterprise_id"] for r in planning.rank(store, today=TODAY, limit=1, offset=1)] == [
        hw["id"]
    ]


def test_months_count_like_a_calendar(store, officer):
    ent = _enterprise(store, "月份公司")
    _visit(store, ent, "2025-12-16", officer)  # 15 Jun is one day short of 6 months
    assert planning.rank(store, today=TODAY) == []
    (row,) = planning.rank(store, today=date(2026, 6, 16))
    assert row["months_since_visit"] == 6
    assert row["reason"] == "已 6 个月未走访"
