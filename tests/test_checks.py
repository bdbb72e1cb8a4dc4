"""Checks on visits: results, figures, proposed problems, final-visit lock, version pinning,
previous answers and ``visits show``."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from envhelp.cli import cli
from envhelp.domain import (
    check_answers,
    check_totals,
    previous_answers,
    problems,
    stored_templates,
    visits,
)
from envhelp.errors import StateError, ValidationError

GB = "gb18597-2023-storage"
SHIPPED, NEWER = "3", "4"  # the shipped GB template's version, and one a bureau might add


@pytest.fixture
def visit(inspection):
    """The draft inspection of 2026-03-05 by two officers (tests/conftest.py)."""
    return inspection


def new_visit(store, enterprise, officers, day):
    return visits.create(
        store,
        {
            "enterprise_id": enterprise["id"],
            "date": day,
            "type": "inspection",
            "officer_ids": [o["id"] for o in officers],
            # Several checks of one enterprise a year: a source outside the yearly cap.
            "task_source": "complaint",
        },
    )


def by_code(store, check_id):
    return {r["code"]: r for r in check_answers.results(store, check_id)}


def answer_all(store, check_id, result="compliant", **special):
    for code, row in by_code(store, check_id).items():
        check_answers.set_result(store, row["result_id"], special.get(code, result))


def test_start_check_creates_unanswered_results(store, visit):
    check = check_answers.start_check(store, visit["id"], GB)
    assert check["template_id"] == GB and check["template_version"] == SHIPPED
    assert check["title_zh"].startswith("危险废物贮存")
    rows = check_answers.results(store, check["id"])
    assert len(rows) == 50 and {r["result"] for r in rows} == {"unanswered"}
    assert rows[0]["code"] == "GB18597-ST-01"  # template order
    assert rows[30]["legal_basis"] == "GB 18597-2023 第6.2.2条"
    second = check_answers.start_check(store, visit["id"], "us-rcra-lqg-container-storage")
    assert second["position"] == 1
    assert [c["id"] for c in check_answers.list_checks(store, visit["id"])] == [
        check["id"],
        second["id"],
    ]


def test_results_and_figures(store, visit):
    check = check_answers.start_check(store, visit["id"], GB)
    rows = by_code(store, check["id"])
    assert check_totals.figures(store, check["id"])["rate"] is None
    check_answers.set_result(store, rows["GB18597-ST-01"]["result_id"], "compliant")
    check_answers.set_result(store, rows["GB18597-ST-02"]["result_id"], "符合")  # label accepted
    check_answers.set_result(store, rows["GB18597-ST-03"]["result_id"], "compliant")
    check_answers.set_result(store, rows["GB18597-ST-16"]["result_id"], "non_compliant", "两桶漏液")
    check_answers.set_result(store, rows["GB18597-ST-18"]["result_id"], "non_compliant")  # minor
    check_answers.set_result(store, rows["GB18597-ST-33"]["result_id"], "not_applicable")
    check_answers.set_result(store, rows["GB18597-ST-34"]["result_id"], "not_checked")
    f = check_totals.figures(store, check["id"])
    assert f == {
        "items": 50,
        "checked": 5,
        "compliant": 3,
        "non_compliant": 2,
        "non_compliant_major": 1,
        "non_compliant_minor": 1,
        "not_applicable": 1,
        "not_checked": 1,
        "unanswered": 43,
        "rate": 3 / 5,
    }
    assert by_code(store, check["id"])["GB18597-ST-16"]["note"] == "两桶漏液"
    # Back to unanswered is allowed.
    check_answers.set_result(store, rows["GB18597-ST-01"]["result_id"], "unanswered")
    assert check_totals.figures(store, check["id"])["compliant"] == 2


def test_set_result_rejects_bad_value(store, visit):
    check = check_answers.start_check(store, visit["id"], GB)
    result_id = check_answers.results(store, check["id"])[0]["result_id"]
    with pytest.raises(ValidationError) as err:
        check_answers.set_result(store, result_id, "ok")
    assert err.value.field == "result"
    with pytest.raises(ValidationError) as err:
        check_answers.set_result(store, result_id, "compliant", "x" * 1001)
    assert err.value.field == "note"
    assert check_answers.results(store, check["id"])[0]["result"] == "unanswered"


def test_finalize_needs_every_item_answered(store, visit):
    check = check_answers.start_check(store, visit["id"], "us-rcra-lqg-container-storage")
    with pytest.raises(ValidationError):
        visits.finalize(store, visit["id"])
    answer_all(store, check["id"])
    assert visits.finalize(store, visit["id"])["status"] == "final"


def test_final_visit_refuses_changes_in_core(store, visit, tmp_path):
    check = check_answers.start_check(store, visit["id"], "us-rcra-lqg-container-storage")
    answer_all(store, check["id"])
    visits.finalize(store, visit["id"])
    result_id = check_answers.results(store, check["id"])[0]["result_id"]
    audit = store.scalar("SELECT count(*) FROM audit_log")
    with pytest.raises(StateError):
        check_answers.start_check(store, visit["id"], GB)
    with pytest.raises(StateError):
        check_answers.set_result(store, result_id, "non_compliant")
    with pytest.raises(StateError):
        previous_answers.copy_previous(store, check["id"])
    with pytest.raises(StateError):
        check_answers.delete_check(store, check["id"])
    photo = tmp_path / "p.jpg"
    photo.write_bytes(b"jpeg")
    with pytest.raises(StateError):
        check_answers.add_photo(store, result_id, photo)
    assert store.scalar("SELECT count(*) FROM checks") == 1
    assert check_answers.results(store, check["id"])[0]["result"] == "compliant"
    assert store.scalar("SELECT count(*) FROM audit_log") == audit


def test_photo_per_item(store, visit, tmp_path):
    check = check_answers.start_check(store, visit["id"], GB)
    result_id = by_code(store, check["id"])["GB18597-ST-27"]["result_id"]
    photo = tmp_path / "label.jpg"
    photo.write_bytes(b"\xff\xd8fake-jpeg")
    check_answers.add_photo(store, result_id, photo, caption="标签缺失")
    item = by_code(store, check["id"])["GB18597-ST-27"]
    assert [(a["filename"], a["caption"]) for a in item["attachments"]] == [
        ("label.jpg", "标签缺失")
    ]


def test_non_compliant_proposes_problem(store, visit, enterprise):
    check = check_answers.start_check(store, visit["id"], GB)
    rows = by_code(store, check["id"])
    leak = rows["GB18597-ST-31"]  # clause 6.2.2, major, 30 days
    with pytest.raises(StateError):
        check_answers.propose_problem(store, leak["result_id"])  # not yet non-compliant
    check_answers.set_result(store, leak["result_id"], "non_compliant", "液态废物区无围堰")
    proposal = check_answers.propose_problem(store, leak["result_id"])
    assert proposal["deadline"] == "2026-04-04"  # 2026-03-05 + 30 days
    assert proposal["found_on"] == "2026-03-05"
    assert proposal["legal_basis"] == "GB 18597-2023 第6.2.2条"
    assert proposal["severity"] == "major" and proposal["category"] == "hazardous_waste"
    assert proposal["handling"] == "deadline"
    assert proposal["description"].startswith("未满足：库内或分区存放液态废物")
    assert "液态废物区无围堰" in proposal["description"]
    assert proposal["enterprise_id"] == enterprise["id"] and proposal["visit_id"] == visit["id"]
    assert proposal["check_result_id"] == leak["result_id"]
    assert proposal["item_code"] == "GB18597-ST-31"
    assert store.scalar("SELECT count(*) FROM problems") == 0  # proposing writes nothing

    problem = problems.create(store, proposal)
    assert problem["check_result_id"] == leak["result_id"]
    assert problem["item_code"] == "GB18597-ST-31" and problem["deadline"] == "2026-04-04"

    minor = rows["GB18597-ST-05"]  # inferred clause, 60 days
    check_answers.set_result(store, minor["result_id"], "non_compliant")
    proposal = check_answers.propose_problem(store, minor["result_id"])
    assert proposal["deadline"] == "2026-05-04"
    # The problem goes on paper: the standard without the unconfirmed clause number.
    assert proposal["legal_basis"] == "GB 18597-2023"

    with pytest.raises(StateError):  # a check cited by a problem is not deleted
        check_answers.delete_check(store, check["id"])


def test_version_pinning(store, visit, tmp_path):
    v1 = stored_templates.get_template(store, GB, SHIPPED)
    check = check_answers.start_check(store, visit["id"], GB)
    old_text = by_code(store, check["id"])["GB18597-ST-01"]["requirement_zh"]

    v2 = {k: v for k, v in v1.items() if k not in ("sha256", "imported_at")}
    v2["version"] = NEWER
    v2["items"] = [dict(i) for i in v2["items"]]
    v2["items"][0]["requirement_zh"] = "第二版改写后的要求。"
    v2["items"][0]["severity"] = "minor"
    v2["items"].append({**v2["items"][1], "code": "GB18597-ST-99"})
    path = tmp_path / "v2.json"
    path.write_text(json.dumps(v2, ensure_ascii=False), encoding="utf-8")
    assert stored_templates.import_template(store, path)["status"] == "added"

    row = by_code(store, check["id"])["GB18597-ST-01"]
    assert row["requirement_zh"] == old_text and row["severity"] == "major"
    assert len(check_answers.results(store, check["id"])) == 50
    assert check_answers.get_check(store, check["id"])["template_version"] == SHIPPED
    check_answers.set_result(store, row["result_id"], "non_compliant")
    assert check_totals.figures(store, check["id"])["non_compliant_major"] == 1  # v1 severity

    newer = check_answers.start_check(store, visit["id"], GB)  # latest by default
    assert newer["template_version"] == NEWER
    assert by_code(store, newer["id"])["GB18597-ST-01"]["requirement_zh"] == "第二版改写后的要求。"
    assert len(check_answers.results(store, newer["id"])) == 51
    pinned = check_answers.start_check(store, visit["id"], GB, version=SHIPPED)
    assert pinned["template_version"] == SHIPPED


def test_previous_results_and_copy(store, enterprise, officer, officer2):
    team = [officer, officer2]
    us = "us-rcra-lqg-container-storage"
    first = new_visit(store, enterprise, team, "2026-01-10")
    c1 = check_answers.start_check(store, first["id"], us)
    answer_all(
        store, c1["id"], "compliant", **{"US-LQG-04": "non_compliant", "US-LQG-06": "not_checked"}
    )
    check_answers.set_result(
        store, by_code(store, c1["id"])["US-LQG-04"]["result_id"], "non_compliant", "桶盖未盖"
    )
    visits.finalize(store, first["id"])

    second = new_visit(store, enterprise, team, "2026-02-10")
    c2 = check_answers.start_check(store, second["id"], us)
    answer_all(store, c2["id"], "compliant", **{"US-LQG-06": "not_applicable"})
    visits.finalize(store, second["id"])

    draft_elsewhere = new_visit(store, enterprise, team, "2026-02-20")  # drafts never count
    c_draft = check_answers.start_check(store, draft_elsewhere["id"], us)
    answer_all(store, c_draft["id"], "non_compliant")

    current = new_visit(store, enterprise, team, "2026-03-05")
    prev = previous_answers.previous_results(
        store, enterprise["id"], us, before_visit_id=current["id"]
    )
    assert len(prev) == 16
    assert prev["US-LQG-04"]["result"] == "compliant"  # latest final visit wins
    assert prev["US-LQG-04"]["visit_date"] == "2026-02-10"
    assert prev["US-LQG-06"]["result"] == "not_applicable"
    # Before the second visit only the first counts; "not checked" is not an answer.
    early = previous_answers.previous_results(
        store, enterprise["id"], us, before_visit_id=second["id"]
    )
    assert (
        early["US-LQG-04"]["result"] == "non_compliant" and early["US-LQG-04"]["note"] == "桶盖未盖"
    )
    assert "US-LQG-06" not in early

    c3 = check_answers.start_check(store, current["id"], us)
    mine = by_code(store, c3["id"])["US-LQG-01"]["result_id"]
    check_answers.set_result(store, mine, "non_compliant", "已超期")
    assert previous_answers.copy_previous(store, c3["id"]) == 15  # the answered item is left alone
    rows = by_code(store, c3["id"])
    assert rows["US-LQG-01"]["result"] == "non_compliant" and rows["US-LQG-01"]["note"] == "已超期"
    copied = rows["US-LQG-04"]
    assert copied["result"] == "unanswered"
    assert copied["note"].startswith("〔上次：符合｜2026-02-10〕")
    assert copied["suggested"] == {"result": "compliant", "date": "2026-02-10"}
    assert previous_answers.copy_previous(store, c3["id"]) == 0  # idempotent

    # Copied suggestions are not answers: finalize still refuses.
    with pytest.raises(ValidationError):
        visits.finalize(store, current["id"])
    check_answers.confirm_suggestion(store, copied["result_id"])
    confirmed = by_code(store, c3["id"])["US-LQG-04"]
    assert confirmed["result"] == "compliant" and confirmed["note"] == ""
    assert confirmed["suggested"] is None
    with pytest.raises(StateError):
        check_answers.confirm_suggestion(store, copied["result_id"])
    # Answering differently drops the marker but keeps the officer's text.
    other = rows["US-LQG-05"]
    check_answers.set_result(
        store, other["result_id"], "non_compliant", other["note"] + "巡检记录缺失"
    )
    assert by_code(store, c3["id"])["US-LQG-05"]["note"] == "巡检记录缺失"


def test_previous_results_from_older_version(store, enterprise, officer, officer2, tmp_path):
    """Items are matched by their stable code across template versions."""
    team = [officer, officer2]
    old = new_visit(store, enterprise, team, "2026-01-10")
    c1 = check_answers.start_check(store, old["id"], GB)
    answer_all(store, c1["id"], "compliant")
    visits.finalize(store, old["id"])
    v2 = {
        k: v
        for k, v in stored_templates.get_template(store, GB).items()
        if k not in ("sha256", "imported_at")
    }
    v2["version"] = NEWER
    path = tmp_path / "v2.json"
    path.write_text(json.dumps(v2, ensure_ascii=False), encoding="utf-8")
    stored_templates.import_template(store, path)
    new = new_visit(store, enterprise, team, "2026-03-01")
    c2 = check_answers.start_check(store, new["id"], GB)
    assert c2["template_version"] == NEWER
    assert previous_answers.copy_previous(store, c2["id"]) == 50
    prev = previous_answers.previous_results(store, enterprise["id"], GB)
    assert prev["GB18597-ST-10"]["template_version"] == SHIPPED


# -- visits show ----------------------------------------------------------------


@pytest.fixture
def run(db_path):
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(cli, ["--db", str(db_path), *args], catch_exceptions=False)

    return invoke


def test_visits_show_json(store, visit, run):
    check = check_answers.start_check(store, visit["id"], GB)
    rows = by_code(store, check["id"])
    check_answers.set_result(store, rows["GB18597-ST-01"]["result_id"], "compliant")
    check_answers.set_result(store, rows["GB18597-ST-27"]["result_id"], "non_compliant", "无标签")
    problems.create(store, check_answers.propose_problem(store, rows["GB18597-ST-27"]["result_id"]))

    result = run("visits", "show", visit["id"], "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["visit"]["id"] == visit["id"] and data["visit"]["date"] == "2026-03-05"
    assert len(data["visit"]["officer_names"]) == 2
    assert data["enterprise"]["name"] == "青岛精锐机械有限公司"
    (shown,) = data["checks"]
    assert shown["template_id"] == GB and shown["template_version"] == SHIPPED
    assert shown["figures"]["compliant"] == 1 and shown["figures"]["non_compliant_major"] == 1
    assert shown["figures"]["unanswered"] == 48 and shown["figures"]["rate"] == 0.5
    assert len(shown["results"]) == 50
    item = next(r for r in shown["results"] if r["code"] == "GB18597-ST-27")
    for key in ("code", "category", "requirement", "clause", "severity", "result", "note"):
        assert key in item
    assert item["result"] == "non_compliant" and item["note"] == "无标签"
    assert item["clause"] == "4.6" and item["severity"] == "major"
    assert item["category"] == "标志与标签"
    (problem,) = data["problems"]
    assert problem["item_code"] == "GB18597-ST-27" and problem["deadline"] == "2026-03-12"


def test_visits_show_human_and_missing(store, visit, run):
    check = check_answers.start_check(store, visit["id"], "us-rcra-lqg-container-storage")
    check_answers.set_result(
        store,
        check_answers.results(store, check["id"])[0]["result_id"],
        "non_compliant",
        "超过90天",
    )
    result = run("--lang", "en", "visits", "show", visit["id"])
    assert result.exit_code == 0, result.output
    assert "US-LQG-01  Non-compliant" in result.output
    assert "Note: 超过90天" in result.output
    assert "rate 0.0%" in result.output
    assert run("visits", "show", "no-such-visit").exit_code == 2
