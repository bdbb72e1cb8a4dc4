"""The demo district: realistic, valid and the same for the same seed."""

from __future__ import annotations

from datetime import date

import pytest

from envhelp import demo
from envhelp.domain import uscc
from envhelp.errors import StateError
from envhelp.storage import Store

END = date(2026, 11, 27)
# (field_)versions: keyed by each database's random laptop id (storage/versions.py)
VOLATILE = {
    "created_at",
    "updated_at",
    "finalized_at",
    "imported_at",
    "at",
    "versions",
    "field_versions",
}
TABLES = (
    "officers",
    "enterprises",
    "visits",
    "visit_officers",
    "checks",
    "check_results",
    "problems",
    "problem_events",
    "random_draws",
    "random_tasks",
)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("demo") / "demo.sqlite3")
    summary = demo.generate(store, seed=7, end=END)
    yield store, summary
    store.close()


def snapshot(store):
    return {
        t: [
            {k: v for k, v in r.items() if k not in VOLATILE}
            for r in store.query(f"SELECT * FROM [{t}] ORDER BY 1, 2")
        ]
        for t in TABLES
    }


def test_district_shape(demo_db):
    store, summary = demo_db
    assert summary.enterprises == 40 and summary.officers == 6
    assert store.scalar("SELECT count(DISTINCT town) FROM enterprises") >= 5
    for row in store.query("SELECT uscc, hw_categories FROM enterprises"):
        assert uscc.is_valid(row["uscc"])
        assert row["hw_categories"] != "[]"
    months = store.scalar("SELECT count(DISTINCT substr(date, 1, 7)) FROM visits")
    assert months == 12
    types = {r["type"] for r in store.query("SELECT DISTINCT type FROM visits")}
    assert types == {"law_publicity", "stationed", "inspection", "follow_up"}
    assert store.scalar("SELECT max(date) FROM visits") <= END.isoformat()


def test_problems_in_every_state(demo_db):
    store, _ = demo_db
    states = {r["status"] for r in store.query("SELECT DISTINCT status FROM problems")}
    assert states == {"open", "rectifying", "closed", "cancelled"}
    assert (
        store.scalar(
            "SELECT count(*) FROM problems WHERE status IN ('open','rectifying') AND deadline < ?",
            (END.isoformat(),),
        )
        > 0
    )
    methods = {
        r["close_method"]
        for r in store.query("SELECT DISTINCT close_method FROM problems WHERE status = 'closed'")
    }
    assert {"follow_up_visit", "on_site"} <= methods
    # Every inspection made a check, and every final visit got a record number.
    assert (
        store.scalar(
            "SELECT count(*) FROM visits v WHERE type = 'inspection' AND NOT EXISTS "
            "(SELECT 1 FROM checks c WHERE c.visit_id = v.id)"
        )
        == 0
    )
    assert (
        store.scalar("SELECT count(*) FROM visits WHERE status='final' AND record_no IS NULL") == 0
    )
    assert store.scalar("SELECT count(*) FROM visits WHERE status='draft'") >= 1


def test_same_seed_same_data(demo_db, tmp_path):
    store, _ = demo_db
    other = Store(tmp_path / "again.sqlite3")
    demo.generate(other, seed=7, end=END)
    assert snapshot(other) == snapshot(store)
    third = Store(tmp_path / "different.sqlite3")
    demo.generate(third, seed=8, end=END)
    assert snapshot(third)["enterprises"] != snapshot(store)["enterprises"]
    other.close()
    third.close()


def test_refuses_a_database_with_data(demo_db):
    store, _ = demo_db
    with pytest.raises(StateError):
        demo.generate(store, seed=1, end=END)


@pytest.mark.parametrize(("seed", "end"), [(2, date(2025, 2, 28)), (4, END), (9, date(2027, 1, 3))])
def test_other_seeds_and_end_dates_generate_valid_data(tmp_path, seed, end):
    store = Store(tmp_path / f"seed{seed}.sqlite3")
    summary = demo.generate(store, seed=seed, end=end)
    assert summary.problems > 0
    assert store.scalar("SELECT max(date) FROM visits") <= end.isoformat()
    store.close()


def test_permits_of_every_class_two_renewals_due_and_one_expired(demo_db):
    from envhelp.domain import permit_calendar

    store, _ = demo_db
    classes = {r["management_class"] for r in store.query("SELECT management_class FROM permits")}
    assert classes == {"key", "simplified", "registration"}
    renewals = [
        r for r in permit_calendar.due(store, today=END, within=60) if r["kind"] == "renewal"
    ]
    assert sorted(r["state"] for r in renewals) == ["due", "due", "expired"]
    assert all(0 <= r["days_left"] <= 60 for r in renewals if r["state"] == "due")
    assert store.scalar("SELECT count(*) FROM permit_outlets") >= store.scalar(
        "SELECT count(*) FROM permits"
    )
    shown = {r["status"] for r in store.query("SELECT status FROM permit_reports")}
    assert shown == {"on_time", "late", "missing"}


def test_scored_assessments_with_all_three_verdicts(demo_db):
    from envhelp.domain import check_totals

    store, summary = demo_db
    verdicts = [
        check_totals.score_figures(store, row["id"])["verdict"]
        for row in store.query(
            "SELECT c.id FROM checks c JOIN visits v ON v.id = c.visit_id "
            "WHERE c.template_id = 'hw-assessment-producer' AND v.status = 'final'"
        )
    ]
    assert summary.assessments == len(verdicts) >= 3
    assert set(verdicts) == {"pass", "basic", "fail"}


def test_inspection_rules_in_the_demo(demo_db):
    """Classes (with reasons for 特殊), credit grades, task sources, and the drawn quarter of
    ``END`` with visits started from its tasks, all within the yearly cap or with a reason."""
    from envhelp.domain import inspection_rules, random_checks

    store, _ = demo_db
    classes = {
        r["supervision_class"]: r["n"]
        for r in store.query("SELECT supervision_class, count(*) AS n FROM enterprises GROUP BY 1")
    }
    assert set(classes) == {"key", "special", "general"}
    assert (
        store.scalar(
            "SELECT count(*) FROM enterprises WHERE supervision_class = 'special' "
            "AND supervision_reason = ''"
        )
        == 0
    )
    assert store.scalar("SELECT count(DISTINCT credit_grade) FROM enterprises") >= 3
    assert store.scalar("SELECT count(DISTINCT task_source) FROM visits") >= 4
    (plan,) = random_checks.list_draws(store)
    assert plan["period"] == f"{END.year}-Q{(END.month - 1) // 3 + 1}"
    started = [t for t in plan["tasks"] if t["visit_id"]]
    assert started and len(started) < len(plan["tasks"])
    assert all(store.get("visits", t["visit_id"])["task_source"] == "random" for t in started)
    for row in inspection_rules.cap_overview(store, END.year):
        if row["state"] == "over":  # over the cap only with a recorded reason
            assert (
                store.scalar(
                    "SELECT count(*) FROM visits WHERE enterprise_id = ? AND cap_reason != ''",
                    (row["enterprise_id"],),
                )
                > 0
            )
