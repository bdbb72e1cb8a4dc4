"""A final visit changes only through an amendment that says who, when, why and what."""

from __future__ import annotations

import pytest

from envhelp.domain import visit_amendments, visits
from envhelp.errors import StateError, ValidationError
from tests.conftest import draft_visit

pytestmark = pytest.mark.usefixtures("bureau", "one_officer_publicity")


@pytest.fixture
def final_visit(store, enterprise, officer):
    v = visits.create(
        store,
        {
            "enterprise_id": enterprise["id"],
            "date": "2026-03-05",
            "type": "law_publicity",
            "officer_ids": [officer["id"]],
            "guidance": "讲解台账要求",
        },
    )
    return visits.finalize(store, v["id"])


def test_amendment_records_before_after_reason(store, final_visit, officer2):
    amended = visit_amendments.amend(
        store,
        final_visit["id"],
        {"guidance": "讲解台账与标签要求", "officer_ids": [officer2["id"]]},
        reason="笔误更正",
    )
    assert amended["guidance"] == "讲解台账与标签要求"
    assert amended["officer_names"] == ["李强"]
    assert amended["status"] == "final" and amended["record_no"] == final_visit["record_no"]
    (entry,) = visit_amendments.amendments(store, final_visit["id"])
    assert entry["reason"] == "笔误更正" and entry["created_by"] == "tester"
    assert entry["before"] == {
        "guidance": "讲解台账要求",
        "officer_ids": final_visit["officer_ids"],
    }
    assert entry["after"]["guidance"] == "讲解台账与标签要求"
    assert store.scalar("SELECT count(*) FROM audit_log WHERE table_name='visit_amendments'") == 1


@pytest.mark.parametrize(
    ("changes", "reason", "error", "field"),
    [
        ({"guidance": "x"}, "", ValidationError, "reason"),
        ({"enterprise_id": "other"}, "改企业", ValidationError, "enterprise_id"),
        ({"guidance": "讲解台账要求"}, "无变化", ValidationError, "changes"),
        ({"date": "2026-02-30"}, "改日期", ValidationError, "date"),
    ],
)
def test_bad_amendments_change_nothing(store, final_visit, changes, reason, error, field):
    with pytest.raises(error) as err:
        visit_amendments.amend(store, final_visit["id"], changes, reason)
    assert err.value.field == field
    assert visit_amendments.amendments(store, final_visit["id"]) == []
    assert store.get("visits", final_visit["id"])["guidance"] == "讲解台账要求"


def test_drafts_are_not_amended(store, enterprise, officer):
    v = draft_visit(
        store, enterprise["id"], [officer["id"]], "stationed", day="2026-03-05", time=None
    )
    with pytest.raises(StateError):
        visit_amendments.amend(store, v["id"], {"guidance": "x"}, "理由")


def test_amendment_is_printed_on_the_record_and_changes_its_fingerprint(store, final_visit):
    import io

    from pypdf import PdfReader

    from envhelp.reports.pdf import collect_visit_record, render_visit_record
    from envhelp.reports.pdf.fingerprint import fingerprint

    before = fingerprint(collect_visit_record(store, final_visit["id"]))
    visit_amendments.amend(
        store, final_visit["id"], {"guidance": "讲解标签设置要求"}, reason="补记指导内容"
    )
    record = collect_visit_record(store, final_visit["id"])
    assert fingerprint(record) != before
    (amendment,) = record.amendments
    assert amendment.changes == (("guidance", "讲解台账要求", "讲解标签设置要求"),)
    text = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(render_visit_record(record))).pages
    )
    for expected in ("修正记录", "补记指导内容", "讲解台账要求", "讲解标签设置要求", "tester"):
        assert expected in text
