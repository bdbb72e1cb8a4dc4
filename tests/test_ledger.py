"""The problem ledger: life cycle, close-out rules, relapses, overdue, follow-ups, figures."""

from __future__ import annotations

import itertools
import json
from datetime import date

import pytest
from click.testing import CliRunner

from envhelp import i18n
from envhelp.cli import cli
from envhelp.domain import (
    attachments,
    enterprises,
    followups,
    ledger,
    ledger_list,
    problem_history,
    problems,
    visits,
)
from envhelp.domain.figures import flows
from envhelp.errors import StateError, ValidationError
from tests.conftest import VALID_USCC

TODAY = date(2026, 6, 30)
STATUSES = ("open", "rectifying", "closed", "cancelled")
# The moves the product allows, written out independently of ledger.TRANSITIONS.
ALLOWED = {
    ("open", "rectifying"),
    ("open", "closed"),
    ("open", "cancelled"),
    ("rectifying", "closed"),
    ("rectifying", "cancelled"),
    ("closed", "open"),
    ("cancelled", "open"),
}
ZH = {"open": "待整改", "rectifying": "整改中", "closed": "已销号", "cancelled": "已撤销"}


def make_visit(store, enterprise, officer_ids, day="2026-03-05", type_="stationed"):
    return visits.create(
        store,
        {"enterprise_id": enterprise["id"], "date": day, "type": type_, "officer_ids": officer_ids},
    )


def make_problem(store, enterprise, visit=None, **extra):
    data = {
        "enterprise_id": enterprise["id"],
        "visit_id": visit["id"] if visit else None,
        "found_on": "2026-03-05",
        "description": "危废贮存间未设置标签",
        "deadline": "2026-03-20",
        "category": "hazardous_waste",
        **extra,
    }
    return problems.create(store, data)


def close_args(officer, **extra):
    return {
        "verified_on": "2026-03-18",
        "officer_id": officer["id"],
        "method": "document_review",
        "note": "企业提交整改照片和台账，核查属实",
        **extra,
    }


def events(store, pid):
    return problem_history.history(store, pid)


def bring_to(store, pid, status, officer):
    """Put a new problem in ``status`` through the allowed actions."""
    if status == "rectifying":
        ledger.mark_rectifying(store, pid, plan="增设标签", promised_on="2026-03-15")
    elif status == "closed":
        ledger.close(store, pid, **close_args(officer), today=TODAY)
    elif status == "cancelled":
        ledger.cancel(store, pid, "重复录入")
    return store.get("problems", pid)


def attempt(store, pid, to_status, officer):
    if to_status == "rectifying":
        return ledger.mark_rectifying(store, pid, plan="更换容器", promised_on="2026-03-19")
    if to_status == "closed":
        return ledger.close(store, pid, **close_args(officer), today=TODAY)
    if to_status == "cancelled":
        return ledger.cancel(store, pid, "录入错误")
    return ledger.reopen(store, pid, "复查发现未整改到位")


@pytest.mark.parametrize(("from_status", "to_status"), list(itertools.product(STATUSES, STATUSES)))
def test_transition_matrix(store, enterprise, officer, from_status, to_status):
    p = make_problem(store, enterprise)
    p = bring_to(store, p["id"], from_status, officer)
    assert p["status"] == from_status
    before = len(events(store, p["id"]))
    if (from_status, to_status) in ALLOWED:
        assert ledger.can_transition(from_status, to_status)
        after = attempt(store, p["id"], to_status, officer)
        assert after["status"] == to_status
        last = events(store, p["id"])[-1]
        assert (last["from_status"], last["to_status"]) == (from_status, to_status)
        assert last["actor"] == "tester" and last["reason"] and last["at"]
    else:
        assert not ledger.can_transition(from_status, to_status)
        with pytest.raises(StateError) as err:
            attempt(store, p["id"], to_status, officer)
        assert ZH[from_status] in err.value.message_zh and ZH[to_status] in err.value.message_zh
        assert f"({from_status})" in err.value.message_en
        assert f"({to_status})" in err.value.message_en
        assert store.get("problems", p["id"])["status"] == from_status
        assert len(events(store, p["id"])) == before


def test_transition_table_is_exactly_the_allowed_set():
    assert set(ledger.TRANSITIONS) == ALLOWED


def test_history_records_each_step(store, enterprise, officer):
    p = make_problem(store, enterprise)
    ledger.mark_rectifying(store, p["id"], plan="增设标签", promised_on="2026-03-15")
    ledger.close(store, p["id"], **close_args(officer), today=TODAY)
    ledger.reopen(store, p["id"], "复查发现标签脱落")
    ledger.cancel(store, p["id"], "与另一问题重复")
    steps = [(e["kind"], e["from_status"], e["to_status"]) for e in events(store, p["id"])]
    assert steps == [
        ("created", None, "open"),
        ("transition", "open", "rectifying"),
        ("transition", "rectifying", "closed"),
        ("transition", "closed", "open"),
        ("transition", "open", "cancelled"),
    ]
    row = store.get("problems", p["id"])
    assert row["cancel_reason"] == "与另一问题重复"
    # Reopening cleared the close-out; it survives in the history.
    assert row["closed_on"] is None and row["close_method"] == "" and row["closed_by"] is None
    assert events(store, p["id"])[2]["reason"] == "企业提交整改照片和台账，核查属实"
    assert ledger.allowed_actions(row) == ["reopen"]


def test_rectifying_records_plan_and_promise(store, enterprise):
    p = make_problem(store, enterprise)
    row = ledger.mark_rectifying(store, p["id"], plan="采购防渗托盘", promised_on="2026/3/18")
    assert (row["status"], row["rectify_plan"], row["promised_on"]) == (
        "rectifying",
        "采购防渗托盘",
        "2026-03-18",
    )
    assert ledger.allowed_actions(row) == ["close", "cancel", "extend"]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"plan": ""}, "plan"),
        ({"promised_on": None}, "promised_on"),
        ({"promised_on": "2026-03-01"}, "promised_on"),
    ],
)
def test_rectifying_needs_plan_and_date(store, enterprise, kwargs, field):
    p = make_problem(store, enterprise)
    with pytest.raises(ValidationError) as err:
        ledger.mark_rectifying(
            store, p["id"], **{"plan": "方案", "promised_on": "2026-03-18", **kwargs}
        )
    assert err.value.field == field
    assert store.get("problems", p["id"])["status"] == "open"


@pytest.mark.parametrize("action", ["cancel", "reopen"])
def test_cancel_and_reopen_need_a_reason(store, enterprise, officer, action):
    p = make_problem(store, enterprise)
    if action == "reopen":
        bring_to(store, p["id"], "closed", officer)
    with pytest.raises(ValidationError) as err:
        getattr(ledger, action)(store, p["id"], "  ")
    assert err.value.field == "reason" and "原因" in err.value.message_zh


# -- close-out -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("missing", "zh_name"),
    [
        ("verified_on", "核查日期"),
        ("officer_id", "核查人员"),
        ("method", "核查方式"),
        ("note", "核查说明"),
    ],
)
def test_close_refuses_without_each_required_field(store, enterprise, officer, missing, zh_name):
    p = make_problem(store, enterprise)
    args = close_args(officer)
    args[missing] = None
    with pytest.raises(ValidationError) as err:
        ledger.close(store, p["id"], **args, today=TODAY)
    assert err.value.field == missing
    assert zh_name in err.value.message_zh
    i18n.set_language("en")
    assert "required" in str(err.value)
    row = store.get("problems", p["id"])
    assert row["status"] == "open" and row["closed_on"] is None
    assert len(events(store, p["id"])) == 1


def test_close_by_follow_up_visit_needs_that_visit(store, enterprise, officer):
    p = make_problem(store, enterprise)
    with pytest.raises(ValidationError) as err:
        ledger.close(store, p["id"], **close_args(officer, method="follow_up_visit"), today=TODAY)
    assert err.value.field == "visit_id" and "复核走访" in err.value.message_zh
    other = enterprises.add(store, {"name": "另一家公司", "uscc": VALID_USCC[1]})
    foreign = make_visit(store, other, [officer["id"]], day="2026-03-18")
    with pytest.raises(ValidationError) as err:
        ledger.close(
            store,
            p["id"],
            **close_args(officer, method="follow_up_visit", visit_id=foreign["id"]),
            today=TODAY,
        )
    assert err.value.field == "visit_id"
    own = make_visit(store, enterprise, [officer["id"]], day="2026-03-18", type_="follow_up")
    row = ledger.close(
        store,
        p["id"],
        **close_args(officer, method="follow_up_visit", visit_id=own["id"]),
        today=TODAY,
    )
    assert (row["status"], row["close_method"], row["close_visit_id"], row["closed_by"]) == (
        "closed",
        "follow_up_visit",
        own["id"],
        officer["id"],
    )
    assert events(store, p["id"])[-1]["visit_id"] == own["id"]


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"verified_on": "2026-03-01"}, "verified_on"),  # before it was found
        ({"verified_on": "2026-07-01"}, "verified_on"),  # after TODAY
        ({"officer_id": "no-such-officer"}, "officer_id"),
        ({"method": "phone_call"}, "method"),
        ({"method": "on_site"}, "method"),  # only for on-the-spot problems
        ({"photos": ["/no/such/photo.jpg"]}, "photos"),
    ],
)
def test_close_rejects_wrong_values(store, enterprise, officer, extra, field):
    p = make_problem(store, enterprise)
    with pytest.raises(ValidationError) as err:
        ledger.close(store, p["id"], **close_args(officer, **extra), today=TODAY)
    assert err.value.field == field
    assert store.get("problems", p["id"])["status"] == "open"


def test_close_with_photo_evidence_attaches_them(store, enterprise, officer, tmp_path):
    photo = tmp_path / "整改后.jpg"
    photo.write_bytes(b"\xff\xd8after")
    p = make_problem(store, enterprise)
    ledger.close(
        store, p["id"], **close_args(officer, method="photo_evidence", photos=[photo]), today=TODAY
    )
    linked = attachments.list_for(store, problem_id=p["id"])
    assert [a["filename"] for a in linked] == ["整改后.jpg"]


def test_on_the_spot_problem_is_closed_at_once_by_its_visit(store, enterprise, officer, officer2):
    v = make_visit(store, enterprise, [officer2["id"], officer["id"]])
    p = make_problem(store, enterprise, v, handling="on_the_spot", deadline=None)
    assert p["status"] == "closed" and p["close_method"] == "on_site"
    assert p["close_visit_id"] == v["id"] and p["closed_on"] == "2026-03-05"
    assert p["closed_by"] == officer2["id"]  # the visit's first officer
    assert [(e["kind"], e["to_status"]) for e in events(store, p["id"])] == [
        ("created", "open"),
        ("transition", "closed"),
    ]
    assert not problems.is_overdue(p, TODAY)


def test_on_the_spot_problem_needs_its_visit(store, enterprise):
    with pytest.raises(ValidationError) as err:
        make_problem(store, enterprise, None, handling="on_the_spot", deadline=None)
    assert err.value.field == "visit_id"
    assert store.scalar("SELECT count(*) FROM problems") == 0
    assert store.scalar("SELECT count(*) FROM problem_events") == 0


# -- relapse -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("found_on", "relapse"),
    [("2025-03-10", True), ("2026-03-10", True), ("2026-03-11", False), ("2025-03-09", False)],
)
def test_relapse_within_twelve_months_of_close(store, enterprise, officer, found_on, relapse):
    first = make_problem(
        store, enterprise, item_code="HW-ST-03", found_on="2025-03-01", deadline="2025-03-20"
    )
    ledger.close(store, first["id"], **close_args(officer, verified_on="2025-03-10"), today=TODAY)
    again = make_problem(
        store, enterprise, item_code="HW-ST-03", found_on=found_on, deadline="2026-12-31"
    )
    assert again["relapse_of"] == (first["id"] if relapse else None)
    kinds = [e["kind"] for e in events(store, first["id"])]
    assert ("relapse" in kinds) == relapse
    if relapse:
        assert "HW-ST-03" in events(store, again["id"])[-1]["reason"]


def test_no_relapse_for_other_item_other_enterprise_or_unclosed(store, enterprise, officer):
    first = make_problem(
        store, enterprise, item_code="HW-ST-03", found_on="2025-06-01", deadline="2025-06-20"
    )
    still_open = make_problem(
        store, enterprise, item_code="HW-ST-05", found_on="2025-06-01", deadline="2025-06-20"
    )
    ledger.close(store, first["id"], **close_args(officer, verified_on="2025-06-15"), today=TODAY)
    other = enterprises.add(store, {"name": "另一家公司", "uscc": VALID_USCC[1]})
    assert make_problem(store, enterprise, item_code="HW-ST-04")["relapse_of"] is None
    assert make_problem(store, other, item_code="HW-ST-03")["relapse_of"] is None
    assert make_problem(store, enterprise, item_code="HW-ST-05")["relapse_of"] is None
    assert make_problem(store, enterprise, item_code="")["relapse_of"] is None
    assert make_problem(store, enterprise, item_code="HW-ST-03")["relapse_of"] == first["id"]
    assert still_open["relapse_of"] is None


# -- deadlines and overdue -------------------------------------------------------------


def test_extend_deadline_keeps_old_new_and_reason(store, enterprise, officer):
    p = make_problem(store, enterprise)
    row = ledger.extend_deadline(store, p["id"], "2026-04-10", "设备采购周期长")
    assert row["deadline"] == "2026-04-10"
    last = events(store, p["id"])[-1]
    assert (last["kind"], last["old_deadline"], last["new_deadline"], last["reason"]) == (
        "extension",
        "2026-03-20",
        "2026-04-10",
        "设备采购周期长",
    )
    assert last["from_status"] == last["to_status"] == "open"
    with pytest.raises(ValidationError) as err:
        ledger.extend_deadline(store, p["id"], "2026-04-10", "再次延期")
    assert err.value.field == "new_deadline"
    with pytest.raises(ValidationError) as err:
        ledger.extend_deadline(store, p["id"], "2026-05-10", "")
    assert err.value.field == "reason"
    bring_to(store, p["id"], "closed", officer)
    with pytest.raises(StateError):
        ledger.extend_deadline(store, p["id"], "2026-05-10", "已销号")


def test_correcting_details_cannot_move_a_set_deadline(store, enterprise):
    p = make_problem(store, enterprise)
    with pytest.raises(ValidationError) as info:
        problems.update_details(
            store, p["id"], {"deadline": "2026-05-01", "description": "改了描述"}
        )
    assert info.value.field == "deadline" and "延期" in info.value.message_zh
    unchanged = store.get("problems", p["id"])
    assert unchanged["deadline"] == p["deadline"] and unchanged["description"] == p["description"]
    # The other corrections go through (the same deadline passed back is no change).
    problems.update_details(store, p["id"], {"description": "改了描述", "deadline": p["deadline"]})
    assert store.get("problems", p["id"])["description"] == "改了描述"


@pytest.mark.parametrize(
    ("today", "overdue", "days"),
    [
        (date(2026, 3, 19), False, 0),
        (date(2026, 3, 20), False, 0),
        (date(2026, 3, 21), True, 1),
        (date(2026, 4, 20), True, 31),
    ],
)
def test_overdue_before_on_and_after_the_deadline(store, enterprise, today, overdue, days):
    p = make_problem(store, enterprise)
    assert problems.is_overdue(p, today) is overdue
    assert ledger_list.days_overdue(p, today) == days
    flagged = ledger_list.list_page(store, ledger_list.LedgerFilter(overdue=True), today=today)
    assert [r["id"] for r in flagged] == ([p["id"]] if overdue else [])
    assert ledger_list.count(store, ledger_list.LedgerFilter(overdue=True), today=today) == len(
        flagged
    )


def test_closed_and_cancelled_are_never_overdue(store, enterprise, officer):
    late = make_problem(store, enterprise)
    ledger.close(store, late["id"], **close_args(officer, verified_on="2026-03-25"), today=TODAY)
    gone = make_problem(store, enterprise)
    ledger.cancel(store, gone["id"], "录入错误")
    for pid in (late["id"], gone["id"]):
        assert not problems.is_overdue(store.get("problems", pid), TODAY)
    assert ledger_list.days_overdue(store.get("problems", late["id"]), TODAY) == 5  # closed late
    assert ledger_list.count(store, ledger_list.LedgerFilter(overdue=True), today=TODAY) == 0


# -- follow-up visits ------------------------------------------------------------------


def test_follow_up_closes_two_and_leaves_one_open(store, enterprise, officer, officer2):
    v1 = make_visit(store, enterprise, [officer["id"]])
    a = make_problem(store, enterprise, v1, description="标签缺失")
    b = make_problem(store, enterprise, v1, description="台账不全")
    c = make_problem(store, enterprise, v1, description="防渗层破损")
    ledger.mark_rectifying(store, b["id"], plan="补记台账", promised_on="2026-03-15")
    done = make_problem(store, enterprise, v1, description="已销号的问题")
    ledger.close(store, done["id"], **close_args(officer), today=TODAY)
    other = enterprises.add(store, {"name": "另一家公司", "uscc": VALID_USCC[1]})
    make_problem(store, other, description="别家的问题")

    listed = followups.open_problems_for_followup(store, enterprise["id"])
    assert {r["id"] for r in listed} == {a["id"], b["id"], c["id"]}

    fu = make_visit(
        store, enterprise, [officer2["id"], officer["id"]], day="2026-03-25", type_="follow_up"
    )
    result = followups.apply_followup(
        store,
        fu["id"],
        [
            {"problem_id": a["id"], "fixed": True},
            followups.FollowupDecision(b["id"], fixed=True, note="台账已补齐"),
            {
                "problem_id": c["id"],
                "fixed": False,
                "note": "防渗材料未到货",
                "new_deadline": "2026-04-30",
            },
        ],
        today=TODAY,
    )
    assert result == {
        "closed": [a["id"], b["id"]],
        "still_open": [c["id"]],
        "extended": [c["id"]],
        "escalated": [],
    }
    for pid in (a["id"], b["id"]):
        row = store.get("problems", pid)
        assert (
            row["status"],
            row["close_method"],
            row["close_visit_id"],
            row["closed_on"],
            row["closed_by"],
        ) == ("closed", "follow_up_visit", fu["id"], "2026-03-25", officer2["id"])
    assert store.get("problems", b["id"])["close_note"] == "台账已补齐"
    row_c = store.get("problems", c["id"])
    assert row_c["status"] == "open" and row_c["deadline"] == "2026-04-30"
    last = events(store, c["id"])[-1]
    assert (last["kind"], last["visit_id"], last["old_deadline"], last["reason"]) == (
        "extension",
        fu["id"],
        "2026-03-20",
        "防渗材料未到货",
    )
    assert [r["id"] for r in followups.open_problems_for_followup(store, enterprise["id"])] == [
        c["id"]
    ]


def test_follow_up_findings_stay_with_the_visit(store, enterprise, officer, officer2):
    """What a 回头看 found for each problem is read back from the visit after the problems
    moved on: fixed and closed, partly fixed with a new deadline, not fixed and escalated."""
    v1 = make_visit(store, enterprise, [officer["id"], officer2["id"]])
    store.update("visits", v1["id"], {"status": "final", "record_no": "环帮〔2026〕第0007号"})
    a = make_problem(store, enterprise, v1, description="标签缺失")
    b = make_problem(store, enterprise, v1, description="台账不全")
    c = make_problem(store, enterprise, v1, description="防渗层破损")
    fu = make_visit(
        store, enterprise, [officer["id"], officer2["id"]], day="2026-03-25", type_="follow_up"
    )
    with pytest.raises(ValidationError) as err:
        followups.apply_followup(
            store,
            fu["id"],
            [
                followups.FollowupDecision(
                    c["id"], fixed=False, note="拒不整改", escalate=True, new_deadline="2026-04-30"
                )
            ],
            today=TODAY,
        )
    assert err.value.field == "new_deadline"
    result = followups.apply_followup(
        store,
        fu["id"],
        [
            followups.FollowupDecision(a["id"], fixed=True, note="标签已补贴"),
            followups.FollowupDecision(
                b["id"], fixed=False, partial=True, note="补记了一半", new_deadline="2026-04-10"
            ),
            followups.FollowupDecision(c["id"], fixed=False, note="拒不整改", escalate=True),
        ],
        today=TODAY,
    )
    assert result["escalated"] == [c["id"]] and result["closed"] == [a["id"]]
    assert store.get("problems", c["id"])["handling"] == "case"
    ledger.close(store, b["id"], **close_args(officer), today=TODAY)  # later life: no effect
    found = followups.followup_findings(store, fu["id"])
    assert [(f["problem"]["id"], f["finding"], f["outcome"], f["note"]) for f in found] == [
        (a["id"], "fixed", "closed", "标签已补贴"),
        (b["id"], "partial", "extended", "补记了一半"),
        (c["id"], "not_fixed", "escalated", "拒不整改"),
    ]
    assert found[1]["old_deadline"] == "2026-03-20" and found[1]["new_deadline"] == "2026-04-10"
    assert {f["found_record_no"] for f in found} == {"环帮〔2026〕第0007号"}
    assert followups.followup_findings(store, v1["id"]) == []


def test_follow_up_still_open_without_new_deadline_is_noted(store, enterprise, officer):
    p = make_problem(store, enterprise)
    fu = make_visit(store, enterprise, [officer["id"]], day="2026-03-25", type_="follow_up")
    followups.apply_followup(
        store, fu["id"], [{"problem_id": p["id"], "fixed": False, "note": "仍在施工"}], today=TODAY
    )
    last = events(store, p["id"])[-1]
    assert (last["kind"], last["reason"], last["visit_id"]) == ("follow_up", "仍在施工", fu["id"])
    assert store.get("problems", p["id"])["deadline"] == "2026-03-20"


def test_follow_up_is_all_or_nothing(store, enterprise, officer):
    a = make_problem(store, enterprise)
    b = make_problem(store, enterprise)
    fu = make_visit(store, enterprise, [officer["id"]], day="2026-03-25", type_="follow_up")
    with pytest.raises(ValidationError) as err:
        followups.apply_followup(
            store,
            fu["id"],
            [{"problem_id": a["id"], "fixed": True}, {"problem_id": b["id"], "fixed": False}],
            today=TODAY,
        )
    assert err.value.field == "note"
    assert store.get("problems", a["id"])["status"] == "open"
    assert len(events(store, a["id"])) == 1


# -- the ledger list ---------------------------------------------------------------------


def test_ledger_filters_sort_and_paging(store, enterprise, officer, officer2):
    other = enterprises.add(
        store, {"name": "北区化工有限公司", "uscc": VALID_USCC[1], "town": "夏庄街道"}
    )
    v1 = make_visit(store, enterprise, [officer["id"]])
    v2 = make_visit(store, other, [officer2["id"]], day="2026-04-01")
    p1 = make_problem(store, enterprise, v1, severity="major", deadline="2026-03-10")
    p2 = make_problem(
        store, enterprise, v1, category="air", deadline="2026-05-01", description="废气收集不到位"
    )
    p3 = make_problem(store, other, v2, found_on="2026-04-01", deadline="2026-04-15")
    ledger.close(store, p2["id"], **close_args(officer), today=TODAY)

    def ids(flt=None, **kw):
        return [r["id"] for r in ledger_list.list_page(store, flt, today=date(2026, 4, 2), **kw)]

    F = ledger_list.LedgerFilter
    assert ids() == [p1["id"], p3["id"], p2["id"]]  # earliest deadline first
    assert ids(F(status="closed")) == [p2["id"]]
    assert ids(F(status=("open", "rectifying"))) == [p1["id"], p3["id"]]
    assert ids(F(overdue=True)) == [p1["id"]]
    assert ids(F(town="夏庄街道")) == [p3["id"]]
    assert ids(F(category="air")) == [p2["id"]]
    assert ids(F(severity="major")) == [p1["id"]]
    assert ids(F(officer_id=officer2["id"])) == [p3["id"]]
    assert ids(F(enterprise_id=enterprise["id"])) == [p1["id"], p2["id"]]
    assert ids(F(found_from="2026-03-06")) == [p3["id"]]
    assert ids(F(found_to=date(2026, 3, 5))) == [p1["id"], p2["id"]]
    assert ids(F(deadline_from="2026-04-15", deadline_to="2026-05-01")) == [p3["id"], p2["id"]]
    assert ids(F(search="废气")) == [p2["id"]]
    assert ids(F(search="bqhg")) == [p3["id"]]  # pinyin initials of the enterprise
    assert ids(order_by="found_on", descending=True)[0] == p3["id"]
    assert ids(order_by="enterprise") == [p3["id"], p1["id"], p2["id"]]
    assert ids(limit=2, offset=1) == [p3["id"], p2["id"]]
    assert ledger_list.count(store, F(status="open")) == 2
    with pytest.raises(ValueError):
        ledger_list.list_page(store, order_by="description; DROP TABLE problems")
    row = ledger_list.list_page(store, F(status="closed"), today=TODAY)[0]
    assert row["closed_by_name"] == officer["name"] and row["uscc"] == VALID_USCC[0]
    assert row["enterprise_name"] == enterprise["name"] and row["town"] == "城阳街道"


# -- figures ---------------------------------------------------------------------------


@pytest.fixture
def figures_data(store, enterprise, officer, officer2):
    """Hand-countable data: March problems (plus one in February and one cancelled)."""
    other = enterprises.add(
        store, {"name": "北区化工有限公司", "uscc": VALID_USCC[1], "town": "夏庄街道"}
    )
    va = make_visit(store, enterprise, [officer["id"], officer2["id"]], day="2026-03-05")
    vb = make_visit(store, other, [officer2["id"]], day="2026-03-10")
    vf = make_visit(store, enterprise, [officer["id"]], day="2026-02-10")
    feb = make_problem(
        store, enterprise, vf, found_on="2026-02-10", deadline="2026-02-28", item_code="HW-ST-01"
    )
    ledger.close(store, feb["id"], **close_args(officer, verified_on="2026-03-02"), today=TODAY)
    # Enterprise A (城阳街道), visit va (officer + officer2), found 5 March:
    a1 = make_problem(store, enterprise, va, deadline="2026-03-20")  # closed on time
    a2 = make_problem(store, enterprise, va, deadline="2026-03-15")  # closed late
    make_problem(store, enterprise, va, deadline="2026-03-25")  # open, overdue on 31 March
    make_problem(store, enterprise, va, handling="on_the_spot", deadline=None)  # closed at once
    make_problem(store, enterprise, va, item_code="HW-ST-01", deadline="2026-04-30")  # relapse
    gone = make_problem(store, enterprise, va, deadline="2026-03-20")
    ledger.cancel(store, gone["id"], "录入错误")
    # Enterprise B (夏庄街道), visit vb (officer2), found 10 March:
    b1 = make_problem(store, other, vb, found_on="2026-03-10", deadline="2026-03-31")
    make_problem(store, other, vb, found_on="2026-03-10", deadline="2026-04-10")  # open
    ledger.close(store, a1["id"], **close_args(officer, verified_on="2026-03-18"), today=TODAY)
    ledger.close(store, a2["id"], **close_args(officer, verified_on="2026-03-18"), today=TODAY)
    # b1 closed in April: not closed as of 31 March.
    ledger.close(store, b1["id"], **close_args(officer2, verified_on="2026-04-02"), today=TODAY)
    return {"other": other}


def test_figures_against_hand_counts(store, enterprise, officer, officer2, figures_data):
    march = {"start": "2026-03-01", "end": "2026-03-31"}
    t = flows.totals(store, **march)
    # Found in March, not cancelled: a1 a2 a3 a4 a5 b1 b2 = 7; closed by 31 March: a1 a2 a4 = 3;
    # on time: a1 and a4 (no deadline) = 2; overdue on 31 March: a3 only (b1 due 31 March).
    assert (t["found"], t["closed"], t["closed_on_time"], t["open"], t["overdue"]) == (
        7,
        3,
        2,
        4,
        1,
    )
    assert (t["relapses"], t["on_the_spot"]) == (1, 1)
    # Closed in March whenever found: a1, a2, a4 and the February problem = 4.
    assert t["closed_in_period"] == 4
    assert t["rectification_rate"] == pytest.approx(3 / 7)
    assert t["on_time_rate"] == pytest.approx(2 / 3)
    assert t["avg_days_to_close"] == pytest.approx((13 + 13 + 0) / 3)
    assert t["label"] == "合计"

    # Later cut-off: b1 (closed 2 April, on time? deadline 31 March → late) now counts.
    later = flows.totals(store, **march, as_of="2026-04-30")
    assert (later["closed"], later["closed_on_time"], later["overdue"]) == (4, 2, 2)

    by_town = {r["key"]: r for r in flows.figures(store, **march, group_by="town")}
    assert (by_town["城阳街道"]["found"], by_town["城阳街道"]["closed"]) == (5, 3)
    assert (by_town["夏庄街道"]["found"], by_town["夏庄街道"]["closed"]) == (2, 0)
    assert by_town["夏庄街道"]["rectification_rate"] == 0
    assert by_town["夏庄街道"]["on_time_rate"] is None

    by_enterprise = {r["key"]: r for r in flows.figures(store, **march, group_by="enterprise")}
    assert by_enterprise[enterprise["id"]]["label"] == enterprise["name"]
    assert by_enterprise[figures_data["other"]["id"]]["found"] == 2

    # Officers of the finding visit: officer on va (5), officer2 on va and vb (7).
    by_officer = {r["key"]: r for r in flows.figures(store, **march, group_by="officer")}
    assert (by_officer[officer["id"]]["found"], by_officer[officer["id"]]["closed"]) == (5, 3)
    assert by_officer[officer2["id"]]["found"] == 7
    assert by_officer[officer2["id"]]["label"] == officer2["name"]

    by_handling = {r["key"]: r["found"] for r in flows.figures(store, **march, group_by="handling")}
    assert by_handling == {"deadline": 6, "on_the_spot": 1}

    only_a = flows.totals(store, **march, town="城阳街道")
    assert (only_a["found"], only_a["closed"]) == (5, 3)
    with pytest.raises(ValueError):
        flows.figures(store, group_by="colour")


def test_figures_of_an_empty_range(store, figures_data):
    t = flows.totals(store, start="2020-01-01", end="2020-12-31")
    assert t["found"] == 0 and t["rectification_rate"] is None and t["on_time_rate"] is None
    assert flows.figures(store, start="2020-01-01", end="2020-12-31", group_by="town") == []


# -- CLI: problems show / close / cancel / reopen / rectifying / extend -------------------


@pytest.fixture
def run(db_path):
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(cli, ["--db", str(db_path), *args], catch_exceptions=False)

    return invoke


def test_cli_problem_life_cycle(store, enterprise, officer, run):
    p = make_problem(store, enterprise)
    pid = p["id"]
    result = run("problems", "rectifying", pid, "--plan", "增设标签", "--promised-on", "2026-03-15")
    assert result.exit_code == 0, result.output
    assert store.get("problems", pid)["status"] == "rectifying"
    result = run("problems", "extend", pid, "--deadline", "2026-04-15", "--reason", "等待标签印制")
    assert result.exit_code == 0 and "2026-04-15" in result.output
    result = run(
        "problems",
        "close",
        pid,
        "--verified-on",
        "2026-03-18",
        "--officer",
        officer["name"],
        "--method",
        "document_review",
    )
    assert result.exit_code == 3 and "核查说明" in result.output
    result = run(
        "--lang",
        "en",
        "problems",
        "close",
        pid,
        "--verified-on",
        "2026-03-18",
        "--officer",
        officer["id"],
        "--method",
        "follow_up_visit",
        "--note",
        "ok",
    )
    assert result.exit_code == 3 and "Verifying visit is required" in result.output
    result = run(
        "problems",
        "close",
        pid,
        "--verified-on",
        "2026-03-18",
        "--officer",
        officer["name"],
        "--method",
        "document_review",
        "--note",
        "已核实",
    )
    assert result.exit_code == 0, result.output
    row = store.get("problems", pid)
    assert (row["status"], row["closed_by"], row["closed_on"]) == (
        "closed",
        officer["id"],
        "2026-03-18",
    )
    result = run("problems", "cancel", pid, "--reason", "误录")
    assert result.exit_code == 3 and "已销号" in result.output
    assert run("problems", "reopen", pid).exit_code == 3
    assert run("problems", "reopen", pid, "--reason", "复查未整改").exit_code == 0
    assert run("problems", "cancel", pid, "--reason", "误录").exit_code == 0
    assert store.get("problems", pid)["status"] == "cancelled"
    shown = run("problems", "show", pid)
    assert shown.exit_code == 0 and "误录" in shown.output and "延期" in shown.output
    data = json.loads(run("problems", "show", pid, "--json").output)[0]
    assert data["status"] == "cancelled"
    assert [e["kind"] for e in data["history"]].count("transition") == 4
    assert run("problems", "show", "no-such-id").exit_code == 2


def test_due_soon_is_today_to_seven_days_ahead_everywhere(store, enterprise):
    """「7 天内到期」: a problem marked 还剩 7 天 counts; 8 days away or overdue does not."""
    days = {
        n: make_problem(
            store,
            enterprise,
            found_on="2026-06-01",
            deadline=date.fromordinal(TODAY.toordinal() + n).isoformat(),
        )
        for n in (-1, 0, 7, 8)
    }
    flt = ledger_list.due_soon_filter(TODAY)
    listed = {r["id"] for r in ledger_list.list_page(store, flt, today=TODAY)}
    assert listed == {days[0]["id"], days[7]["id"]}
    assert ledger_list.count(store, flt, today=TODAY) == 2
    for n, p in days.items():
        assert ledger_list.is_due_soon(store.get("problems", p["id"]), TODAY) == (n in (0, 7)), n
    ledger.cancel(store, days[7]["id"], "录入错误")
    assert not ledger_list.is_due_soon(store.get("problems", days[7]["id"]), TODAY)
    assert ledger_list.count(store, flt, today=TODAY) == 1
