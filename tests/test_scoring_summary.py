"""Assessments in the monthly summary: counts by verdict, the average share and the
indicators missed most, against hand-computed figures; and the workbook's section."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from envhelp.cli import cli
from envhelp.domain import check_answers, visits
from envhelp.domain.figures import activity
from envhelp.reports.summary import build_summary
from envhelp.reports.summary_xlsx import write_summary_xlsx

PRODUCER = "hw-assessment-producer"


def inspection_on(store, enterprise, officers, day):
    """A draft on-site inspection (its source outside the yearly cap)."""
    return visits.create(
        store,
        {
            "enterprise_id": enterprise["id"],
            "date": day,
            "type": "inspection",
            "officer_ids": [o["id"] for o in officers],
            "task_source": "complaint",
        },
    )


def assess(store, enterprise, officers, day, points=None, *, final=True):
    """A visit with a producer assessment: everything full unless ``points`` says."""
    v = inspection_on(store, enterprise, officers, day)
    check = check_answers.start_check(store, v["id"], PRODUCER)
    for item in check_answers.results(store, check["id"]):
        got = (points or {}).get(item["code"])
        if got == "na":
            check_answers.set_result(store, item["result_id"], "not_applicable")
        elif got is not None:
            check_answers.set_points(store, item["result_id"], got)
        else:
            check_answers.set_result(store, item["result_id"], "compliant")
    return visits.finalize(store, v["id"]) if final else v


@pytest.fixture
def month(store, enterprise, officer, officer2):
    staff = [officer, officer2]
    # 31 of 31 (HW-PA-17 not applicable): 100 % → 达标
    assess(store, enterprise, staff, "2026-03-02", {"HW-PA-17": "na"})
    # 33 − 6 = 27 of 33 = 81.8 % (< 50/60 = 83.3 %) → 基本达标
    assess(
        store,
        enterprise,
        staff,
        "2026-03-10",
        {"HW-PA-03": 0, "HW-PA-04": 0, "HW-PA-06": 1, "HW-PA-13": 1},
    )
    # 31 of 33 = 93.9 %, but HW-PA-10 (veto) earned 0 → 不达标
    assess(store, enterprise, staff, "2026-03-20", {"HW-PA-10": 0})
    # February and a draft: in the year only, and never
    assess(store, enterprise, staff, "2026-02-15", {"HW-PA-03": 1})
    assess(store, enterprise, staff, "2026-03-25", {"HW-PA-03": 0}, final=False)


def test_assessments_by_verdict_and_average_share(store, month):
    summary = build_summary(store, "2026-03")
    m, y = summary.month_figures, summary.year_figures
    assert (
        m["assessments"],
        m["assessments_pass"],
        m["assessments_basic"],
        m["assessments_fail"],
    ) == (3, 1, 1, 1)
    assert m["assessment_share"] == pytest.approx((1 + 27 / 33 + 31 / 33) / 3)
    # February's 32 of 33 = 97.0 % → 达标
    assert (y["assessments"], y["assessments_pass"]) == (4, 2)
    assert y["assessment_share"] == pytest.approx((1 + 27 / 33 + 31 / 33 + 32 / 33) / 4)
    failed = {r["code"]: (r["failed"], r["assessed"]) for r in summary.failed_indicators["month"]}
    assert failed == {
        "HW-PA-03": (1, 3),
        "HW-PA-04": (1, 3),
        "HW-PA-06": (1, 3),
        "HW-PA-13": (1, 3),
        "HW-PA-10": (1, 3),
    }
    year = summary.failed_indicators["year"]
    assert (year[0]["code"], year[0]["failed"], year[0]["assessed"]) == ("HW-PA-03", 2, 4)


def test_not_applicable_is_not_assessed_and_no_assessment_means_none(store, month):
    rows = activity.assessment_sets(store, {"jan": ("2026-01-01", "2026-01-31")})["jan"]
    assert rows == {
        "assessments": 0,
        "assessments_pass": 0,
        "assessments_basic": 0,
        "assessments_fail": 0,
        "assessment_share": None,
        "indicators": [],
    }


def test_cli_json_and_workbook_carry_them(store, db_path, month, tmp_path):
    out = CliRunner().invoke(cli, ["--db", str(db_path), "summary", "--month", "2026-03", "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["month_figures"]["assessments_basic"] == 1
    assert data["failed_indicators"]["year"][0]["code"] == "HW-PA-03"

    path = tmp_path / "summary.xlsx"
    write_summary_xlsx(store, "2026-03", path)
    sheet = load_workbook(path).worksheets[0]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    labels = {r[0]: r[1:3] for r in rows if r and isinstance(r[0], str)}
    assert labels["危险废物规范化环境管理评估（家次）"] == [3, 4]
    assert labels["　其中：不达标"] == [1, 1]
    assert any(
        isinstance(r[0], str) and r[0].startswith("HW-PA-03 识别标志") and r[1:3] == [1, 2]
        for r in rows
    )


def test_an_assessment_is_not_a_checklist_in_the_checklist_figures(
    store, enterprise, officer, officer2
):
    """检查表份数 counts checklists; an assessment on the same visit counts on its own line,
    and its items stay out of the items checked, the compliance rate and the requirements."""
    v = inspection_on(store, enterprise, [officer, officer2], "2026-04-08")
    storage = check_answers.start_check(store, v["id"], "gb18597-2023-storage", scope=None)
    results = check_answers.results(store, storage["id"])
    for item in results:
        check_answers.set_result(store, item["result_id"], "not_applicable")
    check_answers.set_result(store, results[0]["result_id"], "compliant")
    check_answers.set_result(store, results[1]["result_id"], "non_compliant")
    assessment = check_answers.start_check(store, v["id"], PRODUCER)
    for item in check_answers.results(store, assessment["id"]):
        check_answers.set_result(store, item["result_id"], "compliant")
    check_answers.set_points(
        store, check_answers.results(store, assessment["id"])[2]["result_id"], 0
    )
    visits.finalize(store, v["id"])

    summary = build_summary(store, "2026-04")
    m = summary.month_figures
    assert (m["checks"], m["assessments"], m["assessments_pass"]) == (1, 1, 1)
    # Only the storage checklist's two answered items: 1 of 2 compliant.
    assert (m["items_checked"], m["items_compliant"], m["compliance_rate"]) == (2, 1, 0.5)
    assert {r["template_id"] for r in summary.requirements_month} == {"gb18597-2023-storage"}
    assert [r["code"] for r in summary.top_failed["month"]] == [results[1]["code"]]
    assert [r["code"] for r in summary.failed_indicators["month"]] == ["HW-PA-03"]
    (row,) = list(activity.iter_visits(store, "2026-04-01", "2026-04-30"))
    assert row["checks"] == 1
    # The two rules split every check: one assessment, one checklist.
    from envhelp.domain import figures

    kinds = store.query(
        f"SELECT {figures.checklist_check('c')} AS listed, {figures.assessment_check('c')} "
        "AS assessed, template_id FROM checks c ORDER BY template_id"
    )
    assert [(k["template_id"], k["listed"], k["assessed"]) for k in kinds] == [
        ("gb18597-2023-storage", 1, 0),
        (PRODUCER, 0, 1),
    ]
