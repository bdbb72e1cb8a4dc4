"""Monthly summary figures against hand-counted expectations, the paragraph, and the CLI.

The data set (:func:`build_dataset`) is small enough to count by hand; the
expected numbers below are written out from the table in its docstring, not
computed with the product's SQL. Report month: March 2025.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from envhelp import i18n
from envhelp.cli import cli
from envhelp.domain import check_answers, enterprises, ledger, officers, problems, visits
from envhelp.domain.figures import activity, flows, open_at
from envhelp.errors import OperationCancelled, ValidationError
from envhelp.reports import report_text
from envhelp.reports.summary import FIGURES, build_summary, parse_month
from tests.conftest import VALID_USCC

# Single-officer assistance visits, as a bureau that relaxed the two-officer rule records.
pytestmark = pytest.mark.usefixtures("one_officer_publicity")

MONTH = "2025-03"
TEMPLATE = "gb18597-2023-storage"
TEMPLATE_FILE = Path(__file__).parents[1] / "resources" / "checklists" / f"{TEMPLATE}.json"
T1, T2 = "城阳街道", "流亭街道"
I1, I2 = "通用设备制造业", "化学原料和化学制品制造业"


class Clock:
    """Stands in for the ledger's clock so problem_events get the day the action happened."""

    def __init__(self) -> None:
        self.day = "2025-01-01"

    def __call__(self) -> str:
        return f"{self.day}T12:00:00.000Z"  # noon UTC: the same local date in UTC-11..UTC+11


def build_dataset(store, monkeypatch) -> SimpleNamespace:
    """Officers A, B, C; enterprises E1 (T1, I1), E2 (T1, I2), E3 (T2, I1), E4 (T2, I2).

    Visits (final unless said):
      V8 E1 2024-12-30 law_publicity [A]          previous year
      V1 E1 2025-01-15 law_publicity [A]
      V2 E4 2025-02-10 inspection [A, B]          check: ST-01..05 C N C C C, rest not checked
      V3 E1 2025-03-03 inspection [A, B]          check: ST-01 N, 02 N, 03 C, 04 C, 05 n/a
      V4 E2 2025-03-12 stationed [B]
      V6 E3 2025-03-20 inspection [A, B] DRAFT    check: ST-03 N (never counts)
      V5 E3 2025-03-31 23:59 law_publicity [C, A] last minute of the month
      V7 E1 2025-04-01 00:00 follow_up [B, C]     next month

    Problems (found, status now, story):
      P0  E1 V8 2024-12-30 ST-02  closed 2025-01-10 (deadline 01-30)
      P11 E1 V1 2025-01-15 other  closed 2025-02-01 (deadline 02-15)
      P1  E4 V2 2025-02-10 ST-02 HW major  closed 2025-03-05, late (deadline 02-28)
      P8  E4 V2 2025-02-10 solid waste  open; deadline 03-10 extended on 04-05 to 04-20
      P2  E1 V3 2025-03-03 ST-02 HW  relapse of P0; rectifying; deadline 03-20
      P3  E1 V3 2025-03-03 ST-01 HW major  closed 2025-04-01 by V7 (deadline 04-15)
      P9  E1 V3 2025-03-03 permit  deadline 03-31; cancelled on 04-03
      P4  E2 V4 2025-03-12 air  fixed on the spot (closed 03-12)
      P5  E2 V4 2025-03-12 water  cancelled on 03-14
      P10 E3 V5 2025-03-31 HW  closed 03-31, reopened 04-08 (now open)
      P6  E3 no visit 2025-03-31 noise  entered on 04-02; deadline 04-30; open
      P7  E3 V6 (draft) 2025-03-20  never counts
    """
    clock = Clock()
    monkeypatch.setattr(ledger, "utc_now", clock)
    a = officers.add(store, {"name": "王敏", "cert_no": "37020000001"})
    b = officers.add(store, {"name": "李强", "cert_no": "37020000002"})
    c = officers.add(store, {"name": "张华", "cert_no": "37020000003"})

    def enterprise(name, uscc, town, industry):
        return enterprises.add(
            store, {"name": name, "uscc": uscc, "town": town, "industry": industry}
        )

    e1 = enterprise("青岛精锐机械有限公司", VALID_USCC[0], T1, I1)
    e2 = enterprise("青岛海化新材料有限公司", VALID_USCC[1], T1, I2)
    e3 = enterprise("青岛恒通泵业有限公司", VALID_USCC[2], T2, I1)
    e4 = enterprise("青岛蓝海化工有限公司", VALID_USCC[3], T2, I2)

    def visit(ent, day, type_, staff, *, time="09:30", final=True, answers=None, **extra):
        v = visits.create(
            store,
            {
                "enterprise_id": ent["id"],
                "date": day,
                "time": time,
                "type": type_,
                "officer_ids": [o["id"] for o in staff],
                **extra,
            },
        )
        if answers is not None:
            check = check_answers.start_check(store, v["id"], TEMPLATE)
            for item in check_answers.results(store, check["id"]):
                code = item["code"].removeprefix("GB18597-")
                result = answers.get(code, "not_checked" if final else "unanswered")
                if result != "unanswered":
                    check_answers.set_result(store, item["result_id"], result)
        return visits.finalize(store, v["id"]) if final else v

    def problem(ent, v, found, **extra):
        clock.day = extra.pop("entered", found)
        data = {
            "enterprise_id": ent["id"],
            "visit_id": v["id"] if v else None,
            "found_on": found,
            "description": "危废贮存间未设置标签",
            "category": "hazardous_waste",
            "deadline": extra.pop("deadline", None),
            **extra,
        }
        return problems.create(store, data)

    def close(p, day, **extra):
        clock.day = extra.pop("entered", day)
        args = {
            "verified_on": day,
            "officer_id": a["id"],
            "method": "document_review",
            "note": "企业提交整改材料，核查属实",
            **extra,
        }
        return ledger.close(store, p["id"], **args)

    def at(day, action, *args, **kwargs):
        clock.day = day
        return action(store, *args, **kwargs)

    C, N = "compliant", "non_compliant"
    v8 = visit(e1, "2024-12-30", "law_publicity", [a])
    p0 = problem(e1, v8, "2024-12-30", item_code="GB18597-ST-02", deadline="2025-01-30")
    close(p0, "2025-01-10")
    v1 = visit(e1, "2025-01-15", "law_publicity", [a])
    p11 = problem(e1, v1, "2025-01-15", category="other", deadline="2025-02-15")
    close(p11, "2025-02-01")
    v2 = visit(
        e4,
        "2025-02-10",
        "inspection",
        [a, b],
        answers={"ST-01": C, "ST-02": N, "ST-03": C, "ST-04": C, "ST-05": C},
        laws=["《中华人民共和国固体废物污染环境防治法》"],
        materials=5,
        satisfaction="unsatisfied",
    )
    p1 = problem(
        e4, v2, "2025-02-10", item_code="GB18597-ST-02", severity="major", deadline="2025-02-28"
    )
    p8 = problem(
        e4,
        v2,
        "2025-02-10",
        category="solid_waste",
        deadline="2025-03-10",
        description="-一般固废露天堆放",
    )
    v3 = visit(
        e1,
        "2025-03-03",
        "inspection",
        [a, b],
        answers={"ST-01": N, "ST-02": N, "ST-03": C, "ST-04": C, "ST-05": "not_applicable"},
        guidance="=SUM(1,2)",
        representative="+8613800000000",
        laws=["《中华人民共和国固体废物污染环境防治法》", "GB 18597-2023"],
        materials=20,
        satisfaction="satisfied",
    )
    p2 = problem(e1, v3, "2025-03-03", item_code="GB18597-ST-02", deadline="2025-03-20")
    p3 = problem(
        e1, v3, "2025-03-03", item_code="GB18597-ST-01", severity="major", deadline="2025-04-15"
    )
    p9 = problem(e1, v3, "2025-03-03", category="permit", deadline="2025-03-31")
    close(p1, "2025-03-05")
    at("2025-03-06", ledger.mark_rectifying, p2["id"], plan="增设标签", promised_on="2025-03-25")
    v4 = visit(e2, "2025-03-12", "stationed", [b])
    p4 = problem(e2, v4, "2025-03-12", category="air", handling="on_the_spot")
    p5 = problem(e2, v4, "2025-03-12", category="water", deadline="2025-03-25")
    at("2025-03-14", ledger.cancel, p5["id"], "重复录入")
    v6 = visit(e3, "2025-03-20", "inspection", [a, b], final=False, answers={"ST-03": N})
    p7 = problem(e3, v6, "2025-03-20", deadline="2025-04-20")
    v5 = visit(
        e3,
        "2025-03-31",
        "law_publicity",
        [c, a],
        time="23:59",
        laws=["GB 18597-2023"],
        materials=10,
        satisfaction="basic",
    )
    p10 = problem(e3, v5, "2025-03-31", deadline="2025-04-10")
    close(p10, "2025-03-31")
    v7 = visit(e1, "2025-04-01", "follow_up", [b, c], time="00:00")
    close(p3, "2025-04-01", method="follow_up_visit", visit_id=v7["id"], officer_id=b["id"])
    p6 = problem(
        e3, None, "2025-03-31", category="noise", deadline="2025-04-30", entered="2025-04-02"
    )
    at("2025-04-03", ledger.cancel, p9["id"], "并非问题，录入错误")
    at("2025-04-05", ledger.extend_deadline, p8["id"], "2025-04-20", "企业申请延期")
    at("2025-04-08", ledger.reopen, p10["id"], "复查发现未整改到位")
    return SimpleNamespace(
        a=a,
        b=b,
        c=c,
        e1=e1,
        e2=e2,
        e3=e3,
        e4=e4,
        v1=v1,
        v2=v2,
        v3=v3,
        v4=v4,
        v5=v5,
        v6=v6,
        v7=v7,
        v8=v8,
        p0=p0,
        p1=p1,
        p2=p2,
        p3=p3,
        p4=p4,
        p5=p5,
        p6=p6,
        p7=p7,
        p8=p8,
        p9=p9,
        p10=p10,
        p11=p11,
    )


@pytest.fixture
def data(store, monkeypatch):
    return build_dataset(store, monkeypatch)


@pytest.fixture
def summary(store, data):
    return build_summary(store, MONTH)


# -- the data set is what the docstring says --------------------------------------------


def test_dataset_story(store, data):
    assert store.get("problems", data.p2["id"])["relapse_of"] == data.p0["id"]
    assert store.get("problems", data.p3["id"])["closed_on"] == "2025-04-01"
    assert store.get("problems", data.p10["id"])["status"] == "open"
    assert store.get("problems", data.p8["id"])["deadline"] == "2025-04-20"
    assert store.get("problems", data.p4["id"])["status"] == "closed"
    assert store.get("visits", data.v6["id"])["status"] == "draft"


# -- headline figures -----------------------------------------------------------------------


def test_month_visits_and_checks(summary):
    m = summary.month_figures
    # V3, V4, V5 (31st at 23:59); not the draft V6, not V7 on 1 April at 00:00.
    assert m["visits"] == 3
    assert m["visits_by_type"] == {
        "law_publicity": 1,
        "stationed": 1,
        "inspection": 1,
        "follow_up": 0,
    }
    assert m["enterprises"] == 3
    assert m["checks"] == 1
    assert (m["items_checked"], m["items_compliant"], m["items_non_compliant"]) == (4, 2, 2)
    assert m["compliance_rate"] == pytest.approx(0.5)


def test_year_visits_and_checks(summary):
    y = summary.year_figures
    # + V1 and V2; V8 is in 2024.
    assert y["visits"] == 5
    assert y["visits_by_type"] == {
        "law_publicity": 2,
        "stationed": 1,
        "inspection": 2,
        "follow_up": 0,
    }
    assert y["enterprises"] == 4
    assert y["checks"] == 2
    assert (y["items_checked"], y["items_compliant"], y["items_non_compliant"]) == (9, 6, 3)
    assert y["compliance_rate"] == pytest.approx(6 / 9)


def test_month_problems(summary):
    m = summary.month_figures
    assert m["problems_found"] == 5  # P2 P3 P4 P10 P6 (P5 P9 cancelled, P7 on a draft)
    assert m["problems_closed"] == 2  # P1 (found in Feb) and P4; P10 was reopened since
    assert m["rectification_rate"] == pytest.approx(1 / 5)  # only P4 closed by 03-31
    assert m["on_time_rate"] == pytest.approx(1.0)
    assert m["relapses"] == 1  # P2


def test_year_problems(summary):
    y = summary.year_figures
    assert y["problems_found"] == 8  # + P11, P1, P8
    assert y["problems_closed"] == 4  # P0 (found in 2024), P11, P1, P4
    assert y["rectification_rate"] == pytest.approx(3 / 8)  # P11, P1, P4
    assert y["on_time_rate"] == pytest.approx(2 / 3)  # P1 was late
    assert y["relapses"] == 1


def test_month_end_snapshot_replays_history(store, data, summary):
    # Open at 03-31: P8, P2, P3 (closed 04-01), P9 (cancelled 04-03), P6 (entered 04-02).
    # Not: P10 (closed 03-31, reopened later), P5 (cancelled 03-14), P7 (draft visit).
    assert summary.snapshot == {"open": 5, "overdue": 2}  # overdue: P8 (old deadline), P2
    rows = {r["id"]: r for r in open_at.iter_open_at(store, "2025-03-31")}
    expected = {data.p8["id"], data.p2["id"], data.p3["id"], data.p9["id"], data.p6["id"]}
    assert set(rows) == expected
    assert rows[data.p8["id"]]["deadline_at"] == "2025-03-10"
    assert rows[data.p8["id"]]["days_overdue_at"] == 21
    assert rows[data.p2["id"]]["status_at"] == "rectifying"
    assert rows[data.p9["id"]]["status_at"] == "open" and not rows[data.p9["id"]]["overdue_at"]
    assert rows[data.p3["id"]]["officer_names"] == "王敏、李强"
    # A day later everything recorded by then counts: P3 closed, P9 still open.
    assert open_at.snapshot_totals(store, "2025-04-01") == {"open": 4, "overdue": 3}
    # The same day seen later: after the reopen of P10 it is open again.
    assert open_at.snapshot_totals(store, "2025-04-08")["open"] == 4  # P8 P2 P6 P10


def test_problem_without_history_keeps_its_status(store, data):
    # Problems recorded before the ledger kept history have no events at all.
    for status in ("cancelled", "open"):
        store.insert(
            "problems",
            {
                "enterprise_id": data.e2["id"],
                "found_on": "2025-02-01",
                "description": "旧数据",
                "deadline": "2025-02-10",
                "status": status,
            },
        )
    assert open_at.snapshot_totals(store, "2025-03-31") == {"open": 6, "overdue": 3}


def test_top_failed_requirements(summary):
    month = [(r["code"], r["non_compliant"]) for r in summary.top_failed["month"]]
    year = [(r["code"], r["non_compliant"]) for r in summary.top_failed["year"]]
    assert month == [("GB18597-ST-01", 1), ("GB18597-ST-02", 1)]
    assert year == [("GB18597-ST-02", 2), ("GB18597-ST-01", 1)]
    items = {i["code"]: i for i in json.loads(TEMPLATE_FILE.read_text("utf-8"))["items"]}
    for row in summary.top_failed["year"]:
        assert row["requirement"] == items[row["code"]]["requirement_zh"]
        assert row["category"] == items[row["code"]]["category"]["zh"]
    st03 = next(r for r in summary.requirements if r["code"] == "GB18597-ST-03")
    assert (st03["compliant"], st03["non_compliant"], st03["rate"]) == (2, 0, 1.0)  # not V6


def test_requirement_texts_follow_language(store, data):
    i18n.set_language("en")
    rows = activity.requirement_figures(store, "2025-03-01", "2025-03-31", failed_only=True)
    assert rows[0]["requirement"].startswith("The unit has a dedicated hazardous-waste storage")


# -- breakdowns -------------------------------------------------------------------------------


def _by(summary, group, *keys):
    return {r["label"]: tuple(r[k] for k in keys) for r in summary.breakdowns[group]}


def test_by_town(summary):
    got = _by(
        summary,
        "town",
        "month_visits",
        "month_enterprises",
        "month_found",
        "month_closed",
        "year_visits",
        "year_enterprises",
        "year_found",
        "year_closed",
        "open_at_end",
        "overdue_at_end",
    )
    assert got == {T1: (2, 2, 3, 1, 3, 2, 4, 3, 3, 1), T2: (1, 1, 2, 1, 2, 2, 4, 1, 2, 1)}


def test_by_officer_counts_each_officer_of_a_visit(summary):
    got = _by(
        summary,
        "officer",
        "month_visits",
        "month_enterprises",
        "month_found",
        "month_closed",
        "year_visits",
        "year_enterprises",
        "open_at_end",
        "overdue_at_end",
    )
    assert got == {
        "王敏": (2, 2, 3, 1, 4, 3, 4, 2),
        "李强": (2, 2, 3, 2, 3, 3, 4, 2),
        "张华": (1, 1, 1, 0, 1, 1, 0, 0),
        "（未关联走访）": (0, 0, 1, 0, 0, 0, 1, 0),  # P6 has no visit
    }
    assert summary.breakdowns["officer"][-1]["key"] is None  # the no-visit row comes last


def test_by_industry(summary):
    got = _by(
        summary,
        "industry",
        "month_visits",
        "month_found",
        "year_visits",
        "year_found",
        "open_at_end",
    )
    assert got == {I1: (2, 4, 3, 5, 4), I2: (1, 1, 2, 3, 1)}  # YTD: P11 P2 P3 P10 P6 | P1 P8 P4


def test_by_category_and_severity(summary):
    got = _by(
        summary,
        "category",
        "month_found",
        "month_closed",
        "year_found",
        "year_closed",
        "open_at_end",
        "overdue_at_end",
    )
    assert got == {
        "危险废物": (3, 1, 4, 2, 2, 1),  # P2 P3 P10 (+P1); closed P1 (+P0); open P2 P3
        "废气": (1, 1, 1, 1, 0, 0),
        "噪声": (1, 0, 1, 0, 1, 0),
        "一般固废": (0, 0, 1, 0, 1, 1),
        "其他": (0, 0, 1, 1, 0, 0),
        "手续许可": (0, 0, 0, 0, 1, 0),  # P9: cancelled later, open at month end
    }
    assert all(r["month_visits"] == 0 for r in summary.breakdowns["category"])
    sev = _by(summary, "severity", "month_found", "year_found", "year_on_time_rate")
    assert sev["重大"] == (1, 2, 0.0)  # P3; P1 closed late
    assert sev["一般"] == (4, 6, 1.0)


def test_monthly_series(summary):
    got = [(r["month"], r["visits"], r["found"], r["closed"]) for r in summary.series]
    assert got == [("2025-01", 1, 1, 1), ("2025-02", 1, 2, 1), ("2025-03", 3, 5, 2)]


def test_rates_are_the_ledgers(store, data, summary):
    # The ledger shows flows.totals; the summary must show the same rates.
    ledger_row = flows.totals(store, start="2025-01-01", end="2025-03-31", final_visits_only=True)
    assert summary.year_figures["rectification_rate"] == ledger_row["rectification_rate"]
    assert summary.year_figures["on_time_rate"] == ledger_row["on_time_rate"]


def test_empty_month(store):
    s = build_summary(store, "2030-02")
    assert s.end.isoformat() == "2030-02-28"
    assert s.month_figures["visits"] == 0 and s.month_figures["compliance_rate"] is None
    assert s.month_figures["rectification_rate"] is None
    assert s.snapshot == {"open": 0, "overdue": 0}
    assert all(rows == [] for rows in s.breakdowns.values())
    assert [r["month"] for r in s.series] == ["2030-01", "2030-02"]


# -- month parsing, progress, cancel ---------------------------------------------------------


def test_parse_month():
    assert [d.isoformat() for d in parse_month("2024-02")] == ["2024-02-01", "2024-02-29"]
    assert parse_month("2025-3")[1].isoformat() == "2025-03-31"
    for bad in ("2025-13", "2025/03", "March", "", "2025-00"):
        with pytest.raises(ValidationError) as err:
            parse_month(bad)
        assert err.value.field == "month"
        assert "2025-03" in str(err.value)


def test_progress_and_cancel(store, data):
    calls = []
    build_summary(store, MONTH, progress=lambda done, total: calls.append((done, total)))
    total = calls[-1][1]
    assert calls == [(i, total) for i in range(1, total + 1)]
    with pytest.raises(OperationCancelled):
        build_summary(
            store,
            MONTH,
            cancelled=lambda: len(calls) > total + 2,
            progress=lambda done, t: calls.append((done, t)),
        )
    assert len(calls) == total + 3  # stopped at the first poll after the third step


# -- the paragraph ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "exact", "zh", "en"),
    [
        (0, "0", "0", "0"),
        (7, "7", "7", "7"),
        (10, "10", "10", "10"),
        (50, "50", "50", "50"),
        (57, "57", "50余", "more than 50"),
        (99, "99", "90余", "more than 90"),
        (140, "140", "140", "140"),
        (146, "146", "140余", "more than 140"),
        (1000, "1000", "1000", "1000"),
        (1234, "1234", "1200余", "more than 1200"),
        (1299, "1299", "1200余", "more than 1200"),
    ],
)
def test_rounding_rule(n, exact, zh, en):
    assert report_text.number(n, lang="zh") == exact
    assert report_text.number(n, rounded=True, lang="zh") == zh
    assert report_text.number(n, rounded=True, lang="en") == en


def test_paragraph_exact_zh(summary):
    texts = report_text.summary_paragraphs(summary, lang="zh")
    # Each number says what it counts: 帮扶企业 of every kind of visit, 人次 beside the
    # visits, the problems split by how they are handled, 销号 for the problems resolved.
    assert texts["month"] == (
        "2025年3月，组织开展执法帮扶3次（其中送法入企1次、入厂驻企1次、现场检查1次），"
        "出动执法人员5人次，帮扶企业3家，宣贯法律法规标准3部次，发放宣传资料30份，"
        "开展危险废物贮存检查1次，发现环境问题5个（其中立行立改1个、限期整改4个），"
        "帮扶解决环境问题（销号）2个，企业满意度评价2次、满意率100.0%。"
    )
    assert texts["year"] == (
        "今年以来（1—3月），组织开展执法帮扶5次（其中送法入企2次、入厂驻企1次、现场检查2次），"
        "出动执法人员8人次，帮扶企业4家，宣贯法律法规标准4部次，发放宣传资料35份，"
        "开展危险废物贮存检查2次，发现环境问题8个（其中立行立改1个、限期整改7个），"
        "帮扶解决环境问题（销号）4个，企业满意度评价3次、满意率66.7%。"
    )


def test_paragraph_exact_en(summary):
    texts = report_text.summary_paragraphs(summary, lang="en")
    assert texts["month"] == (
        "In March 2025, officers made 3 assistance visits (1 law-to-enterprise visit, "
        "1 stationed-assistance visit, 1 on-site inspection) with 5 officer attendances to "
        "3 enterprises, publicized 3 laws and standards, handed out 30 copies of publicity "
        "material, carried out 1 hazardous-waste storage check, found 5 environmental "
        "problems (1 fixed on the spot, 4 to fix by a deadline), helped enterprises resolve "
        "(closed out) 2 environmental problems and recorded 2 satisfaction ratings "
        "(100.0% satisfied)."
    )
    assert texts["year"].startswith(
        "Since the start of 2025 (January–March), officers made 5 assistance visits "
        "(2 law-to-enterprise visits, 1 stationed-assistance visit, 2 on-site inspections) "
        "with 8 officer attendances to 4 enterprises,"
    )


BIG = {
    "visits": 57,
    "visits_by_type": {"law_publicity": 20, "inspection": 37},
    "enterprises": 203,
    "checks": 8,
    "problems_found": 150,
    "problems_closed": 146,
}


def test_paragraph_rounded_zh():
    text = report_text.paragraph(BIG, year=2025, month=6, period="year", rounded=True, lang="zh")
    assert text == (
        "今年以来（1—6月），组织开展执法帮扶50余次（其中送法入企20次、现场检查30余次），"
        "帮扶企业200余家，开展危险废物贮存检查8次，发现环境问题150个，"
        "帮扶解决环境问题（销号）140余个。"
    )
    exact = report_text.paragraph(BIG, year=2025, month=6, period="year", lang="zh")
    assert "执法帮扶57次" in exact and "余" not in exact


def test_paragraph_rounded_en():
    text = report_text.paragraph(BIG, year=2025, month=1, period="year", rounded=True, lang="en")
    assert text == (
        "Since the start of 2025 (January), officers made more than 50 assistance visits "
        "(20 law-to-enterprise visits, more than 30 on-site inspections) to more than 200 "
        "enterprises, carried out 8 hazardous-waste storage checks, found 150 environmental "
        "problems and helped enterprises resolve (closed out) more than 140 environmental "
        "problems."
    )


def test_paragraph_names_the_assessments_by_verdict():
    month = {
        "visits": 4,
        "visits_by_type": {"inspection": 4},
        "enterprises": 3,
        "checks": 1,
        "assessments": 3,
        "assessments_pass": 1,
        "assessments_basic": 0,
        "assessments_fail": 2,
    }
    assert report_text.paragraph(month, year=2026, month=9, lang="zh") == (
        "2026年9月，组织开展执法帮扶4次（其中现场检查4次），帮扶企业3家，"
        "开展危险废物贮存检查1次，开展危险废物规范化环境管理评估3家次"
        "（其中达标1家次、不达标2家次）。"
    )
    assert report_text.paragraph(month, year=2026, month=9, lang="en") == (
        "In September 2026, officers made 4 assistance visits (4 on-site inspections) to "
        "3 enterprises, carried out 1 hazardous-waste storage check and made 3 hazardous-waste "
        "management assessments (1 pass, 2 fail)."
    )


def test_paragraph_follows_current_language(summary):
    i18n.set_language("en")
    assert report_text.summary_paragraphs(summary)["month"].startswith("In March 2025, ")


def test_paragraph_leaves_out_zero_clauses():
    quiet = {
        "visits": 0,
        "visits_by_type": {},
        "enterprises": 0,
        "checks": 0,
        "problems_found": 0,
        "problems_closed": 3,
    }
    assert report_text.paragraph(quiet, year=2025, month=1, lang="zh") == (
        "2025年1月，未开展执法帮扶，帮扶解决环境问题（销号）3个。"
    )
    assert report_text.paragraph(quiet, year=2025, month=1, lang="en") == (
        "In January 2025, officers made no assistance visits and helped enterprises resolve "
        "(closed out) 3 environmental problems."
    )


# -- the command ----------------------------------------------------------------------------


def test_cli_prints_figures_and_paragraph(store, data, db_path):
    store.close()
    result = CliRunner().invoke(cli, ["--db", str(db_path), "summary", "--month", MONTH])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "指标\t本月\t本年累计"
    for line in (
        "走访帮扶次数（次）\t3\t5",
        "出动执法人员（人次）\t5\t8",
        "宣贯法律法规标准（部次）\t3\t4",
        "发放宣传资料（份）\t30\t35",
        "发现问题数（个）\t5\t8",
        "　其中：立行立改\t1\t1",
        "　其中：限期整改\t4\t7",
        "整改率（期间发现问题中月末已销号）\t20.0%\t37.5%",
        "企业满意度评价（次）\t2\t3",
        "　不满意\t0\t1",
        "企业满意率\t100.0%\t66.7%",
        "月末未销号问题\t5\t5",
        "　其中逾期\t2\t2",
    ):
        assert line in lines, line
    # The labels are the one list the Reports page and the workbook show.
    assert [line.split("\t")[0] for line in lines[1 : 1 + len(FIGURES)]] == [
        f.label for f in FIGURES
    ]
    assert any(line.startswith("2025年3月，组织开展执法帮扶3次") for line in lines)


def test_cli_json_and_rounded(store, data, db_path):
    store.close()
    result = CliRunner().invoke(
        cli,
        ["--db", str(db_path), "--lang", "en", "summary", "--month", MONTH, "--json", "--rounded"],
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["month_figures"]["problems_found"] == 5
    assert out["snapshot"] == {"open": 5, "overdue": 2}
    assert out["paragraphs"]["year"].startswith("Since the start of 2025 (January–March)")
    assert [r["label"] for r in out["breakdowns"]["town"]] == [T1, T2]


def test_cli_rejects_bad_month(db_path):
    result = CliRunner().invoke(cli, ["--db", str(db_path), "summary", "--month", "2025-13"])
    assert result.exit_code == 2
    assert "2025-03" in result.output


def test_paragraph_names_permit_checks_apart_from_storage_checks():
    """A month with 5 checklists, 2 of them the permit checklist: 3 storage checks and
    2 permit checks, not 5 storage checks."""
    month = {"visits": 5, "enterprises": 5, "checks": 5, "permit_checks": 2}
    zh = report_text.paragraph(month, year=2026, month=9, lang="zh")
    assert "开展危险废物贮存检查3次，开展排污许可证执行情况检查2次" in zh
    en = report_text.paragraph(month, year=2026, month=9, lang="en")
    assert "carried out 3 hazardous-waste storage checks and made 2 discharge-permit checks" in en
    only_permits = report_text.paragraph(
        {**month, "permit_checks": 5}, year=2026, month=9, lang="zh"
    )
    assert "贮存检查" not in only_permits and "排污许可证执行情况检查5次" in only_permits
