"""The permits' reporting calendar: due dates per frequency, renewal, records, `permits due`."""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner

from envhelp.cli import cli
from envhelp.domain import permit_calendar, permits, planning
from envhelp.errors import ValidationError
from tests.conftest import VALID_USCC

PERMIT_NO = VALID_USCC[0] + "001P"


@pytest.mark.parametrize(
    ("kind", "period", "due"),
    [
        ("annual", "2026", "2027-01-15"),  # the year's end: into the next year
        ("semiannual", "2026-H1", "2026-07-15"),
        ("semiannual", "2026-H2", "2027-01-15"),
        ("quarterly", "2026-Q1", "2026-04-15"),
        ("quarterly", "2026-Q4", "2027-01-15"),
        ("monthly", "2026-01", "2026-02-15"),
        ("monthly", "2026-12", "2027-01-15"),  # December: January of the next year
        ("renewal", "2028-02-29", "2027-12-31"),  # 60 days before expiry, over a leap day
    ],
)
def test_due_dates_per_frequency_at_month_and_year_ends(kind, period, due):
    assert permit_calendar.due_date(kind, period).isoformat() == due


def test_period_bounds_and_periods_cover_the_range():
    assert permit_calendar.period_bounds("quarterly", "2026-Q4") == (
        date(2026, 10, 1),
        date(2026, 12, 31),
    )
    assert permit_calendar.period_bounds("monthly", "2024-02") == (
        date(2024, 2, 1),
        date(2024, 2, 29),
    )
    assert permit_calendar.periods("quarterly", date(2026, 5, 3), date(2027, 1, 1)) == [
        "2026-Q2",
        "2026-Q3",
        "2026-Q4",
        "2027-Q1",
    ]
    assert permit_calendar.periods("semiannual", date(2026, 7, 1), date(2026, 12, 31)) == [
        "2026-H2"
    ]


@pytest.fixture
def permit(store, enterprise):
    return permits.save(
        store,
        enterprise["id"],
        {
            "permit_no": PERMIT_NO,
            "management_class": "key",
            "issued_on": "2023-03-01",
            "valid_until": "2028-02-29",
            "report_frequencies": "annual, quarterly",
            "outlets": [
                {"code": "DA001", "medium": "air", "kind": "organised", "pollutants": ["颗粒物"]}
            ],
        },
    )


def test_due_lists_reports_of_the_window_and_the_overdue(store, permit):
    rows = permit_calendar.due(store, today=date(2026, 12, 4), within=60)
    listed = [(r["kind"], r["period"], r["state"], r["days_left"]) for r in rows]
    # Due in the past year and not shown: overdue; then the ones falling due within 60 days.
    assert listed == [
        ("annual", "2025", "overdue", -323),
        ("quarterly", "2025-Q4", "overdue", -323),
        ("quarterly", "2026-Q1", "overdue", -233),
        ("quarterly", "2026-Q2", "overdue", -142),
        ("quarterly", "2026-Q3", "overdue", -50),
        ("annual", "2026", "due", 42),
        ("quarterly", "2026-Q4", "due", 42),
    ]


def test_recorded_reports_leave_the_list_and_missing_ones_stay(store, permit):
    permit_calendar.record(store, permit["id"], "季报", "2026-q3", "late", "2026-11-20")
    permit_calendar.record(store, permit["id"], "quarterly", "2026-Q2", "missing", "2026-11-20")
    rows = permit_calendar.due(store, today=date(2026, 12, 4), within=0)
    states = {(r["kind"], r["period"]): r["state"] for r in rows}
    assert ("quarterly", "2026-Q3") not in states
    assert states[("quarterly", "2026-Q2")] == "missing"
    stored = store.query_one("SELECT * FROM permit_reports WHERE period = '2026-Q3'")
    assert (stored["status"], stored["due_on"]) == ("late", "2026-10-15")


def test_a_recorded_answer_is_listed_for_correction_and_corrected(store, permit):
    permit_calendar.record(store, permit["id"], "quarterly", "2026-Q3", "on_time", "2026-10-10")
    shown = permit_calendar.due(store, today=date(2026, 12, 4), within=0, include_shown=True)
    entry = next(r for r in shown if r["period"] == "2026-Q3")
    assert (entry["state"], entry["state_label"], entry["status"], entry["shown_on"]) == (
        "shown",
        "已提交",
        "on_time",
        "2026-10-10",
    )
    assert entry["status_label"] == "按时提交"
    # Corrected: the same record updated (audited), and back on the due list as missing.
    permit_calendar.record(store, permit["id"], "quarterly", "2026-Q3", "missing", None, "未见")
    assert store.scalar("SELECT count(*) FROM permit_reports") == 1
    again = permit_calendar.due(store, today=date(2026, 12, 4), within=0)
    entry = next(r for r in again if r["period"] == "2026-Q3")
    assert (entry["state"], entry["status"], entry["note"]) == ("missing", "missing", "未见")
    audited = store.scalar(
        "SELECT count(*) FROM audit_log WHERE table_name = 'permit_reports' AND action = 'update'"
    )
    assert audited == 1


def test_renewal_warning_sixty_days_ahead_then_expired(store, permit):
    def renewal(today):
        rows = permit_calendar.due(store, today=today, within=0)
        return [r for r in rows if r["kind"] == "renewal"]

    assert renewal(date(2027, 12, 30)) == []  # 61 days before expiry: not yet
    first = renewal(date(2027, 12, 31))
    assert [(r["due_on"], r["state"], r["days_left"]) for r in first] == [("2027-12-31", "due", 0)]
    assert renewal(date(2028, 3, 1))[0]["state"] == "expired"
    permit_calendar.record(store, permit["id"], "renewal", "2028-02-29", "on_time", "2027-12-20")
    assert renewal(date(2028, 3, 1)) == []


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("weekly", "2026-W01", "late"), "kind"),  # an unknown frequency
        (("quarterly", "2026-Q5", "late"), "period"),
        (("monthly", "2026-07", "lost"), "status"),
    ],
)
def test_bad_records_name_the_field_and_save_nothing(store, permit, args, field):
    with pytest.raises(ValidationError) as caught:
        permit_calendar.record(store, permit["id"], *args)
    assert caught.value.field == field
    assert store.scalar("SELECT count(*) FROM permit_reports") == 0


def test_planning_weighs_expired_permits_and_missing_reports(store, enterprise, permit):
    today = date(2026, 12, 4)
    before = {r["enterprise_id"]: r for r in planning.rank(store, today=today)}
    permit_calendar.record(store, permit["id"], "quarterly", "2026-Q2", "missing")
    store.update("permits", permit["id"], {"valid_until": "2026-11-30"})
    after = {r["enterprise_id"]: r for r in planning.rank(store, today=today)}[enterprise["id"]]
    weights = planning.DEFAULT_WEIGHTS
    assert after["score"] - before[enterprise["id"]]["score"] == (
        weights.expired_permit + weights.missing_report
    )
    assert "排污许可证已过期" in after["reason"] and "1 份执行报告未提交" in after["reason"]


def test_cli_due_and_record(db_path):
    runner = CliRunner()
    db = ["--db", str(db_path)]
    assert runner.invoke(cli, [*db, "init"]).exit_code == 0
    runner.invoke(cli, [*db, "enterprises", "add", "--name", "甲公司", "--uscc", VALID_USCC[0]])
    from envhelp.storage import Store

    with Store(db_path) as store:
        enterprise_id = store.scalar("SELECT id FROM enterprises")
        permits.save(
            store,
            enterprise_id,
            {
                "permit_no": PERMIT_NO,
                "management_class": "simplified",
                "issued_on": "2026-01-01",
                "valid_until": "2031-01-01",
                "report_frequencies": "annual",
            },
        )
    out = runner.invoke(
        cli, [*db, "permits", "due", "--within", "60", "--today", "2026-12-04", "--json"]
    )
    assert out.exit_code == 0, out.output
    assert [(r["kind"], r["period"], r["due_on"]) for r in json.loads(out.output)] == [
        ("annual", "2026", "2027-01-15")
    ]
    recorded = runner.invoke(
        cli, [*db, "permits", "record", PERMIT_NO, "annual", "2026", "on_time"]
    )
    assert recorded.exit_code == 0, recorded.output
    empty = runner.invoke(cli, [*db, "permits", "due", "--today", "2027-01-10", "--json"])
    assert json.loads(empty.output) == []
    bad = runner.invoke(cli, [*db, "permits", "record", PERMIT_NO, "weekly", "2026", "late"])
    assert bad.exit_code == 3 and "报告类型" in bad.output
