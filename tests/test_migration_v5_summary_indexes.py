"""Migration v5: the monthly summary's indexes exist after upgrading and its queries use them."""

from __future__ import annotations

from envhelp.storage import Store, migrations
from tests.test_migrations import ROWS_AT_VERSION, upgraded_from

V5_INDEXES = {
    "problems_found_on": ("problems", ["found_on"]),
    "problems_closed_on": ("problems", ["closed_on"]),
    "check_results_item_result": ("check_results", ["check_id", "item_code", "result"]),
}


def _indexes(store: Store) -> dict[str, tuple[str, list[str]]]:
    out = {}
    for row in store.query("SELECT name, tbl_name FROM sqlite_master WHERE type = 'index'"):
        cols = [c["name"] for c in store.query(f"PRAGMA index_info('{row['name']}')")]
        out[row["name"]] = (row["tbl_name"], cols)
    return out


def test_v4_database_gains_the_summary_indexes_and_keeps_its_rows(tmp_path):
    assert migrations.LATEST >= 5
    store = upgraded_from(tmp_path, 4)
    indexes = _indexes(store)
    for name, spec in V5_INDEXES.items():
        assert indexes[name] == spec
    assert store.get("problems", "p1")["found_on"] == ROWS_AT_VERSION[1]["problems"][0]["found_on"]
    assert store.get("check_results", "r1")["result"] == "non_compliant"
    store.close()


def test_summary_queries_use_the_new_indexes(store):
    def plan(sql, params=()):
        return " | ".join(r["detail"] for r in store.query("EXPLAIN QUERY PLAN " + sql, params))

    assert "problems_found_on" in plan(
        "SELECT count(*) FROM problems WHERE found_on BETWEEN ? AND ?", ("2026-01-01", "2026-01-31")
    )
    assert "problems_closed_on" in plan(
        "SELECT count(*) FROM problems WHERE closed_on BETWEEN ? AND ?",
        ("2026-01-01", "2026-01-31"),
    )
    assert "COVERING INDEX check_results_item_result" in plan(
        "SELECT r.item_code, r.result FROM checks c JOIN check_results r ON r.check_id = c.id "
        "WHERE c.visit_id = ?",
        ("v",),
    )
