"""The 清单式 permit checklist: items expanded per outlet and pollutant of the permit on file."""

from __future__ import annotations

import pytest

from envhelp.domain import (
    check_answers,
    check_totals,
    permit_checks,
    permits,
    problems,
    stored_templates,
    templates,
    visit_details,
    visits,
)
from envhelp.errors import ValidationError
from tests.conftest import VALID_USCC, draft_visit

TEMPLATE = permit_checks.TEMPLATE_ID


def permit(store, enterprise):
    return permits.save(
        store,
        enterprise["id"],
        {
            "permit_no": VALID_USCC[0] + "001P",
            "management_class": "key",
            "issued_on": "2023-03-01",
            "valid_until": "2028-02-29",
            "report_frequencies": "annual",
            "outlets": [
                {
                    "code": "DA001",
                    "name": "1#排气筒",
                    "medium": "air",
                    "kind": "organised",
                    "pollutants": [
                        {
                            "name": "颗粒物",
                            "limit": 20,
                            "yearly_t": 1.5,
                            "monitoring": "semiannual",
                        },
                        {"name": "非甲烷总烃", "limit": 60, "monitoring": "quarterly"},
                    ],
                },
                {
                    "code": "DW001",
                    "medium": "water",
                    "kind": "organised",
                    "pollutants": [{"name": "化学需氧量", "limit": 500, "yearly_t": 12}],
                },
            ],
        },
    )


@pytest.fixture
def visit(store, enterprise, officer, officer2):
    return draft_visit(
        store,
        enterprise["id"],
        [officer["id"], officer2["id"]],
        "inspection",
        day="2026-12-01",
        time=None,
    )


def test_the_shipped_template_cites_the_regulation_with_its_confidence(store):
    template = stored_templates.get_template(store, TEMPLATE)
    assert template["title_zh"] == "排污许可证执行情况检查"
    by_code = templates.items_by_code(template)
    assert by_code["PW-01"]["confidence"] == "verified"
    assert "第十四条" in by_code["PW-01"]["legal_basis_zh"]
    assert by_code["PW-02"]["expand"] == "outlet" and by_code["PW-03"]["expand"] == "pollutant"
    # An article number not checked is kept out of the basis; the source says why.
    assert "第十八条" not in by_code["PW-02"]["legal_basis_zh"]
    assert "核对" in by_code["PW-02"]["source_zh"]


def test_a_check_expands_per_outlet_and_pollutant(store, enterprise, visit):
    permit(store, enterprise)
    check = check_answers.start_check(store, visit["id"], TEMPLATE)
    rows = check_answers.results(store, check["id"])
    codes = [r["code"] for r in rows]
    # 2 outlets × (PW-02, PW-05); 3 pollutants × (PW-03, PW-04); PW-01, 06, 07, 08, 09 once.
    assert codes == [
        "PW-01",
        "PW-02-DA001",
        "PW-02-DW001",
        "PW-03-DA001-1",
        "PW-03-DA001-2",
        "PW-03-DW001-1",
        "PW-04-DA001-1",
        "PW-04-DA001-2",
        "PW-04-DW001-1",
        "PW-05-DA001",
        "PW-05-DW001",
        "PW-06",
        "PW-07",
        "PW-08",
        "PW-09",
    ]
    by_code = {r["code"]: r for r in rows}
    assert by_code["PW-03-DA001-1"]["requirement_zh"].startswith(
        "排放口 DA001 1#排气筒（废气·有组织） 颗粒物（许可排放浓度≤20 mg/m³；许可年排放量 1.5 吨；"
        "自行监测频次：每半年）：该污染物的排放浓度不超过许可排放浓度"
    )
    assert by_code["PW-02-DW001"]["requirement_zh"].startswith("排放口 DW001（废水·有组织）：")
    assert by_code["PW-03-DW001-1"]["legal_basis"].startswith("《排污许可管理条例》")


def test_a_later_permit_change_leaves_the_check_as_started(store, enterprise, visit):
    permit(store, enterprise)
    check = check_answers.start_check(store, visit["id"], TEMPLATE)
    permits.save(
        store,
        enterprise["id"],
        {
            **permits.for_enterprise(store, enterprise["id"]),
            "outlets": [
                {"code": "DA009", "medium": "air", "kind": "fugitive", "pollutants": ["VOCs"]}
            ],
        },
    )
    codes = [r["code"] for r in check_answers.results(store, check["id"])]
    assert "PW-02-DA001" in codes and "PW-02-DA009" not in codes


def test_without_a_permit_the_items_stay_generic(store, enterprise, visit):
    check = check_answers.start_check(store, visit["id"], TEMPLATE)
    assert [r["code"] for r in check_answers.results(store, check["id"])] == [
        f"PW-0{n}" for n in range(1, 10)
    ]


def test_same_keys_proposals_and_finalizing(store, enterprise, visit):
    permit(store, enterprise)
    check = check_answers.start_check(store, visit["id"], TEMPLATE)
    rows = check_answers.results(store, check["id"])
    bad = next(r for r in rows if r["code"] == "PW-03-DA001-2")
    check_answers.set_result(store, bad["result_id"], "不符合", "在线数据 2026-11 超标")
    for row in rows:
        if row["result_id"] != bad["result_id"]:
            check_answers.set_result(store, row["result_id"], "compliant")
    proposal = check_answers.propose_problem(store, bad["result_id"])
    assert proposal["category"] == "permit"
    assert proposal["item_code"] == "PW-03-DA001-2"
    assert "非甲烷总烃" in proposal["description"] and proposal["deadline"] == "2026-12-16"
    problems.create(store, proposal)
    figures = check_totals.figures(store, check["id"])
    assert (figures["items"], figures["non_compliant_major"]) == (15, 1)
    final = visits.finalize(store, visit["id"])
    shown = visit_details.show_visit(store, final["id"])
    assert len(shown["checks"][0]["results"]) == 15


def test_a_bad_expand_value_is_refused_naming_its_path():
    text = (
        '{"id": "x", "version": "1", "title_zh": "x", "title_en": "x", "standard": "x", '
        '"items": [{"code": "A-1", "category": {"zh": "a", "en": "a"}, "requirement_zh": "a",'
        ' "requirement_en": "a", "clause": "1", "severity": "minor", "deadline_days": 1,'
        ' "expand": "site"}]}'
    )
    with pytest.raises(ValidationError) as caught:
        templates.parse_template(text, "bureau.json")
    assert "items[0].expand" in str(caught.value)


def test_the_monthly_summary_counts_permit_checks_and_findings_by_item(
    store, enterprise, officer, officer2, tmp_path
):
    from envhelp.reports.summary import FIGURES, build_summary

    permit(store, enterprise)
    for day, failing in (
        ("2026-11-03", {"PW-03-DA001-1", "PW-08"}),
        ("2026-11-20", {"PW-03-DW001-1"}),
    ):
        visit = draft_visit(
            store,
            enterprise["id"],
            [officer["id"], officer2["id"]],
            "inspection",
            day=day,
            time=None,
        )
        check = check_answers.start_check(store, visit["id"], TEMPLATE)
        storage = check_answers.start_check(store, visit["id"], "gb18597-2023-storage")
        for row in check_answers.results(store, check["id"]) + check_answers.results(
            store, storage["id"]
        ):
            bad = row["code"] in failing
            check_answers.set_result(
                store, row["result_id"], "non_compliant" if bad else "compliant"
            )
        visits.finalize(store, visit["id"])
    # A third inspection this year: a complaint, outside the yearly cap (docs/inspection-rules.md).
    draft = visits.create(
        store,
        {
            "enterprise_id": enterprise["id"],
            "date": "2026-11-25",
            "type": "inspection",
            "officer_ids": [officer["id"]],
            "task_source": "complaint",
        },
    )
    check_answers.start_check(store, draft["id"], TEMPLATE)  # drafts never count

    summary = build_summary(store, "2026-11")
    month = summary.month_figures
    assert (month["permit_checks"], month["permit_findings"]) == (2, 3)
    assert month["checks"] == 4  # every checklist, the storage ones included
    items = {r["code"]: r for r in summary.permit_items["month"]}
    assert [r["code"] for r in summary.permit_items["month"]][:2] == ["PW-03", "PW-08"]
    # PW-03 was answered for 3 pollutants on each of the 2 checks: 6, of which 2 failed.
    assert (items["PW-03"]["checked"], items["PW-03"]["non_compliant"]) == (6, 2)
    assert items["PW-03"]["requirement"].startswith("该污染物的排放浓度")
    assert (items["PW-02"]["checked"], items["PW-02"]["non_compliant"]) == (4, 0)
    labels = {f.key: f.label for f in FIGURES}
    assert labels["permit_checks"] == "排污许可证执行情况检查（份）"
    # The year's failed-most list describes a copy by the item it comes from.
    failed = {r["code"]: r for r in summary.top_failed["month"]}
    assert failed["PW-03-DW001-1"]["requirement"].startswith("该污染物的排放浓度")
    # The workbook lists them by item on its own sheet, laid out like the HW checks sheet.
    from openpyxl import load_workbook

    from envhelp.reports.summary_xlsx import sheet_names, write_summary_xlsx

    write_summary_xlsx(store, "2026-11", tmp_path / "summary.xlsx", summary=summary)
    book = load_workbook(tmp_path / "summary.xlsx")
    assert sheet_names().index("排污许可检查") == sheet_names().index("危废检查") + 1
    sheet = book["排污许可检查"]
    rows = [r for r in sheet.iter_rows(values_only=True) if r[0]]
    header = next(i for i, r in enumerate(rows) if r[0] == "检查项编号")
    assert rows[header][:6] == (
        "检查项编号",
        "类别",
        "检查要求",
        "本月检查项数",
        "本月不符合",
        "本月符合率",
    )
    listed = {r[0]: r for r in rows[header + 1 :]}
    assert [r[0] for r in rows[header + 1 :]][:2] == ["PW-03", "PW-08"]
    pw03 = listed["PW-03"]
    assert pw03[2].startswith("该污染物的排放浓度")
    assert pw03[3:9] == (6, 2, pytest.approx(4 / 6), 6, 4, 2)
    assert listed["PW-08"][3:5] == (2, 1)
    total = listed["合计"]
    assert total[2] == "排污许可证执行情况检查：本月 2 份，本年累计 2 份"
    assert total[8] == month["permit_findings"] == 3  # 本年不符合
    assert "PW-03-DA001-1" not in listed  # copies are counted under their item
