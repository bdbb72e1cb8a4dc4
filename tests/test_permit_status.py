"""A permit taken out of force (注销, 撤销, entered in error): rules, effects, undo, CLI, bundle."""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner

from envhelp.cli import cli
from envhelp.domain import enterprises, permit_calendar, permit_checks, permits, planning
from envhelp.errors import ValidationError
from tests.conftest import VALID_USCC

PERMIT_NO = VALID_USCC[0] + "001P"
TODAY = date(2026, 12, 4)


def permit_data(**changes):
    return {
        "permit_no": PERMIT_NO,
        "management_class": "key",
        "issued_on": "2021-03-01",
        "valid_until": "2026-02-28",  # expired: weighs in the planning ranking
        "report_frequencies": "quarterly",
        "outlets": [
            {"code": "DA001", "medium": "air", "kind": "organised", "pollutants": ["颗粒物"]}
        ],
        **changes,
    }


@pytest.fixture
def permit(store, enterprise):
    return permits.save(store, enterprise["id"], permit_data())


def _ranked(store, enterprise_id):
    rows = {r["enterprise_id"]: r for r in planning.rank(store, today=TODAY)}
    return rows[enterprise_id]


def test_a_cancelled_permit_leaves_the_due_list_planning_and_checklist_and_comes_back(
    store, enterprise, permit
):
    permit_calendar.record(store, permit["id"], "quarterly", "2025-Q4", "missing")
    assert permit_calendar.due(store, today=TODAY)
    before = _ranked(store, enterprise["id"])
    assert "排污许可证已过期" in before["reason"]
    assert permit_checks.snapshot(store, enterprise["id"]) is not None

    row = permits.set_status(store, permit["id"], "已注销", "2026-03-10", "企业关闭", today=TODAY)
    assert (row["status"], row["status_on"], row["status_reason"]) == (
        "cancelled",
        "2026-03-10",
        "企业关闭",
    )
    assert permit_calendar.due(store, today=TODAY) == []
    after = _ranked(store, enterprise["id"])
    weights = planning.DEFAULT_WEIGHTS
    assert before["score"] - after["score"] == weights.expired_permit + weights.missing_report
    assert "排污许可证" not in after["reason"]
    assert permit_checks.snapshot(store, enterprise["id"]) is None  # generic items
    assert permits.valid_until_by_enterprise(store, [enterprise["id"]]) == {}
    # Still on file, with its status for the enterprise's details.
    on_file = permits.for_enterprise(store, enterprise["id"])
    assert permits.status_text(on_file) == "已注销（2026年3月10日，企业关闭）"

    permits.set_status(store, permit["id"], "in_force")
    restored = permits.for_enterprise(store, enterprise["id"])
    assert (restored["status"], restored["status_on"], restored["status_reason"]) == (
        "in_force",
        None,
        "",
    )
    assert permit_calendar.due(store, today=TODAY)
    assert _ranked(store, enterprise["id"])["score"] == before["score"]
    # Every change went through the audit log: the history of the status can be read back.
    changes = store.query(
        "SELECT after FROM audit_log WHERE table_name = 'permits' AND record_id = ? ORDER BY seq",
        (permit["id"],),
    )
    statuses = [json.loads(c["after"]).get("status") for c in changes if c["after"]]
    assert statuses[-2:] == ["cancelled", "in_force"]


@pytest.mark.parametrize(
    ("status", "on", "reason", "field"),
    [
        ("closed", "2026-03-10", "企业关闭", "status"),
        ("cancelled", "", "企业关闭", "status_on"),
        ("cancelled", "2026-13-01", "企业关闭", "status_on"),
        ("cancelled", "2026-12-05", "企业关闭", "status_on"),  # after today
        ("revoked", "2020-01-01", "骗取许可", "status_on"),  # before it was issued
        ("void", "2026-03-10", "  ", "status_reason"),
    ],
)
def test_bad_status_input_names_the_field_and_saves_nothing(
    store, permit, status, on, reason, field
):
    with pytest.raises(ValidationError) as caught:
        permits.set_status(store, permit["id"], status, on, reason, today=TODAY)
    assert caught.value.field == field
    assert caught.value.message_zh and caught.value.message_en
    assert store.get("permits", permit["id"])["status"] == "in_force"


def test_a_number_entered_under_the_wrong_enterprise_moves_to_the_right_one(
    store, enterprise, permit
):
    right = enterprises.add(store, {"name": "乙公司", "uscc": VALID_USCC[1]})
    with pytest.raises(ValidationError) as caught:
        permits.save(store, right["id"], permit_data())
    assert caught.value.field == "permit_no"
    # An entry in error may carry any day (even before the wrong issue date).
    permits.set_status(store, permit["id"], "void", "2020-01-01", "录错企业", today=TODAY)
    moved = permits.save(store, right["id"], permit_data())
    assert moved["status"] == "in_force"
    assert permits.id_by_number(store, PERMIT_NO) == moved["id"]
    # The voided one cannot come back while the number is in force elsewhere.
    with pytest.raises(ValidationError) as caught:
        permits.set_status(store, permit["id"], "in_force")
    assert caught.value.field == "permit_no"
    assert store.get("permits", permit["id"])["status"] == "void"


def test_a_new_number_on_a_cancelled_permit_puts_it_back_in_force(store, enterprise, permit):
    permits.set_status(store, permit["id"], "cancelled", "2026-03-10", "到期未延续", today=TODAY)
    same = permits.save(store, enterprise["id"], permit_data(notes="补充说明"))
    assert same["status"] == "cancelled"  # the facts corrected, still cancelled
    new_no = VALID_USCC[0] + "002P"
    renewed = permits.save(
        store,
        enterprise["id"],
        permit_data(permit_no=new_no, issued_on="2026-06-01", valid_until="2031-05-31"),
    )
    assert (renewed["permit_no"], renewed["status"], renewed["status_on"]) == (
        new_no,
        "in_force",
        None,
    )


def test_the_bundle_carries_the_status_as_an_update(store, enterprise, permit, tmp_path):
    from envhelp.io.bundle_export import export_bundle
    from envhelp.io.bundle_import import import_bundle
    from envhelp.io.bundle_rows import validate_row
    from envhelp.storage import Store

    export_bundle(store, tmp_path / "first.zip")
    other = Store(tmp_path / "other.sqlite3", actor="other")
    try:
        import_bundle(other, tmp_path / "first.zip", trust=True)
        assert other.get("permits", permit["id"])["status"] == "in_force"
        permits.set_status(store, permit["id"], "revoked", "2026-05-06", "骗取许可", today=TODAY)
        export_bundle(store, tmp_path / "second.zip")
        import_bundle(other, tmp_path / "second.zip", trust=True)
        moved = other.get("permits", permit["id"])
        assert (moved["status"], moved["status_on"], moved["status_reason"]) == (
            "revoked",
            "2026-05-06",
            "骗取许可",
        )
        assert permit_calendar.due(other, today=TODAY) == []
    finally:
        other.close()
    row = store.get("permits", permit["id"])
    with pytest.raises(ValidationError) as caught:
        validate_row("permits", {**row, "status": "gone"})
    assert caught.value.field == "status"
    with pytest.raises(ValidationError) as caught:
        validate_row("permits", {**row, "status_on": None})
    assert caught.value.field == "status_on"


def test_cli_status_exit_codes_and_json(db_path):
    runner = CliRunner()
    db = ["--db", str(db_path)]
    assert runner.invoke(cli, [*db, "init"]).exit_code == 0
    runner.invoke(cli, [*db, "enterprises", "add", "--name", "甲公司", "--uscc", VALID_USCC[0]])
    from envhelp.storage import Store

    with Store(db_path) as store:
        permits.save(store, store.scalar("SELECT id FROM enterprises"), permit_data())
    done = runner.invoke(
        cli,
        [*db, "permits", "status", PERMIT_NO, "cancelled", "--on", "2026-03-10"]
        + ["--reason", "企业关闭", "--json"],
    )
    assert done.exit_code == 0, done.output
    assert json.loads(done.output) == {
        "permit_no": PERMIT_NO,
        "status": "cancelled",
        "status_on": "2026-03-10",
        "status_reason": "企业关闭",
    }
    listed = runner.invoke(cli, [*db, "enterprises", "list", "--json"])
    assert json.loads(listed.output)[0]["permit_valid_until"] is None
    no_reason = runner.invoke(
        cli, [*db, "permits", "status", PERMIT_NO, "void", "--on", "2026-03-10"]
    )
    assert no_reason.exit_code == 3 and "注销/撤销原因" in no_reason.output
    unknown = runner.invoke(cli, [*db, "permits", "status", VALID_USCC[1] + "001P", "in_force"])
    assert unknown.exit_code == 2
    back = runner.invoke(cli, [*db, "--lang", "en", "permits", "status", PERMIT_NO, "in_force"])
    assert back.exit_code == 0 and "In force" in back.output
    listed = runner.invoke(cli, [*db, "enterprises", "list", "--json"])
    assert json.loads(listed.output)[0]["permit_valid_until"] == "2026-02-28"


def test_a_number_moved_to_the_right_enterprise_syncs_to_another_laptop(
    store, enterprise, permit, tmp_path
):
    from envhelp.io.bundle_export import export_bundle
    from envhelp.io.bundle_import import import_bundle
    from envhelp.storage import Store

    right = enterprises.add(store, {"name": "乙公司", "uscc": VALID_USCC[1]})
    export_bundle(store, tmp_path / "first.zip")
    other = Store(tmp_path / "other.sqlite3", actor="other")
    try:
        import_bundle(other, tmp_path / "first.zip", trust=True)
        permits.set_status(store, permit["id"], "void", "2026-03-10", "录错企业", today=TODAY)
        moved = permits.save(store, right["id"], permit_data())
        export_bundle(store, tmp_path / "second.zip")
        import_bundle(other, tmp_path / "second.zip", trust=True)
        assert other.get("permits", permit["id"])["status"] == "void"
        assert permits.id_by_number(other, PERMIT_NO) == moved["id"]
    finally:
        other.close()
