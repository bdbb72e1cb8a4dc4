"""Migration v6: problems(enterprise_id, status, deadline) replaces (enterprise_id, status),
and the ledger's town filter reads through it without joining the enterprises."""

from __future__ import annotations

from datetime import date

from envhelp.domain import enterprises, ledger_list, problems
from envhelp.storage import Store, migrations
from tests.conftest import VALID_USCC
from tests.test_migration_v5_summary_indexes import _indexes
from tests.test_migrations import ROWS_AT_VERSION, upgraded_from


def test_v5_database_swaps_the_index_and_keeps_its_rows(tmp_path):
    assert migrations.LATEST >= 6
    store = upgraded_from(tmp_path, 5)
    indexes = _indexes(store)
    assert indexes["problems_enterprise_status_deadline"] == (
        "problems",
        ["enterprise_id", "status", "deadline"],
    )
    assert "problems_enterprise" not in indexes
    assert store.get("problems", "p1")["found_on"] == ROWS_AT_VERSION[1]["problems"][0]["found_on"]
    store.close()


def _plan(store: Store, sql: str, params) -> str:
    return " | ".join(r["detail"] for r in store.query("EXPLAIN QUERY PLAN " + sql, params))


def test_overdue_in_one_town_reads_the_towns_enterprises_through_the_index(store, officer):
    firms = [
        enterprises.add(store, {"name": f"企业{i}", "uscc": VALID_USCC[i], "town": town})
        for i, town in enumerate(["城阳街道", "城阳街道", "夏庄街道"])
    ]
    for firm, deadline in zip(firms, ["2026-03-01", "2026-06-01", "2026-03-01"], strict=True):
        problems.create(
            store,
            {
                "enterprise_id": firm["id"],
                "found_on": "2026-02-01",
                "description": "标签缺失",
                "deadline": deadline,
            },
        )
    flt = ledger_list.LedgerFilter(town="城阳街道", overdue=True)
    today = date(2026, 4, 1)
    rows = ledger_list.list_page(store, flt, today=today)
    assert [r["enterprise_name"] for r in rows] == ["企业0"]
    assert ledger_list.count(store, flt, today=today) == 1
    assert ledger_list.count(store, ledger_list.LedgerFilter(town="城阳街道"), today=today) == 2

    where, params = problems._where(town="城阳街道", overdue_on=today)
    assert "e." not in where  # no join needed: the count is the problems' alone
    plan = _plan(store, f"SELECT count(*) FROM problems p{where}", params)
    assert "problems_enterprise_status_deadline" in plan and "enterprises_town" in plan
