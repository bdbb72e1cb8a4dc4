"""Scored assessments: the template's scoring model, its validation, and a check's score
(N/A rescaling, vetoes, thresholds at their edges) against hand-computed cases."""

from __future__ import annotations

import copy
import json
from decimal import Decimal

import pytest
from click.testing import CliRunner

from envhelp.cli import cli
from envhelp.domain import (
    check_answers,
    check_totals,
    scoring,
    stored_templates,
    templates,
    visit_details,
)
from envhelp.errors import StateError, ValidationError


def option(points, zh):
    return {"points": points, "zh": zh, "en": f"{points} points"}


def item(code, points, *, veto=False, options=None):
    score = {"points": points, "options": options or [option(points, "满足"), option(0, "不满足")]}
    if veto:
        score["veto"] = True
    return {
        "code": code,
        "category": {"zh": "制度", "en": "Rules"},
        "requirement_zh": f"要求 {code}",
        "requirement_en": f"Requirement {code}",
        "clause": "1",
        "severity": "major",
        "deadline_days": 15,
        "score": score,
    }


# Four items: A 2/1/0, B 2/0, C 4/2/0, V 1/0 (veto). Full maximum 9.
TEMPLATE = {
    "id": "test-assessment",
    "version": "1",
    "title_zh": "测试评估",
    "title_en": "Test assessment",
    "standard": "测试",
    "scoring": {"pass_at": 90, "basic_at": 70, "not_applicable": "exclude"},
    "items": [
        item("A", 2, options=[option(2, "全部满足"), option(1, "部分满足"), option(0, "不满足")]),
        item("B", 2),
        item("C", 4, options=[option(4, "好"), option(2, "一般"), option(0, "差")]),
        item("V", 1, veto=True),
    ],
}


def parsed(template=TEMPLATE):
    return templates.parse_template(json.dumps(template, ensure_ascii=False), "t.json")


def answers(**by_code):
    """answers(A=("compliant", None), …) → rows as check_results gives them."""
    return [
        {"item_code": code, "result": result, "points": points}
        for code, (result, points) in by_code.items()
    ]


# -- the computation, by hand ---------------------------------------------------------


def test_full_marks_pass():
    t = parsed()
    f = scoring.figures(
        t,
        answers(
            A=("compliant", None),
            B=("compliant", None),
            C=("compliant", None),
            V=("compliant", None),
        ),
    )
    assert (f["score"], f["max_score"], f["percent"], f["verdict"]) == (9, 9, 100.0, "pass")
    assert f["vetoed"] is False and f["failed"] == []


def test_partial_points_and_not_applicable_removed_from_the_maximum():
    t = parsed()
    # A 1 of 2, B not applicable (out of the maximum), C 2 of 4, V 1 of 1:
    # 4 of 7 = 57.1 % → fail.
    f = scoring.figures(
        t,
        answers(
            A=("non_compliant", 1),
            B=("not_applicable", None),
            C=("non_compliant", 2),
            V=("compliant", None),
        ),
    )
    assert (f["score"], f["max_score"], f["percent"], f["verdict"]) == (4, 7, 57.1, "fail")
    assert f["failed"] == ["A", "C"]


def test_not_applicable_counted_full_under_the_full_rule():
    t = parsed({**TEMPLATE, "scoring": {**TEMPLATE["scoring"], "not_applicable": "full"}})
    f = scoring.figures(
        t,
        answers(
            A=("non_compliant", 1),
            B=("not_applicable", None),
            C=("non_compliant", 2),
            V=("compliant", None),
        ),
    )
    assert (f["score"], f["max_score"]) == (6, 9)


def test_a_veto_item_missed_fails_whatever_the_share():
    t = parsed()
    # 8 of 9 = 88.9 %, which would be 基本达标, but V (veto) earned 0.
    f = scoring.figures(
        t,
        answers(
            A=("compliant", None),
            B=("compliant", None),
            C=("compliant", None),
            V=("non_compliant", None),
        ),
    )
    assert (f["score"], f["max_score"], f["verdict"]) == (8, 9, "fail")
    assert f["vetoed"] is True and f["vetoes"] == ["V"]


def test_a_veto_item_that_does_not_apply_is_no_veto():
    t = parsed()
    f = scoring.figures(
        t,
        answers(
            A=("compliant", None),
            B=("compliant", None),
            C=("compliant", None),
            V=("not_applicable", None),
        ),
    )
    assert (f["score"], f["max_score"], f["verdict"], f["vetoed"]) == (8, 8, "pass", False)


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        # 10 items of 1 point each: the share is points/10.
        (9, "pass"),  # exactly 90 %: the edge belongs to 达标
        (8, "basic"),  # 80 %
        (7, "basic"),  # exactly 70 %: the edge belongs to 基本达标
        (6, "fail"),  # 60 %
    ],
)
def test_thresholds_at_their_edges(points, expected):
    ten = {**TEMPLATE, "items": [item(f"I{n}", 1) for n in range(10)]}
    t = parsed(ten)
    rows = answers(
        **{f"I{n}": ("compliant" if n < points else "non_compliant", None) for n in range(10)}
    )
    assert scoring.figures(t, rows)["verdict"] == expected


def test_edges_are_exact_with_thirds():
    # 2 of 3 is 66.666… %; a threshold of 66.67 % must not pass it by rounding, 66.66 % does.
    three = {**TEMPLATE, "items": [item(f"I{n}", 1) for n in range(3)]}
    rows = answers(I0=("compliant", None), I1=("compliant", None), I2=("non_compliant", None))
    high = {**three, "scoring": {"pass_at": 90, "basic_at": 66.67}}
    low = {**three, "scoring": {"pass_at": 90, "basic_at": 66.66}}
    assert scoring.figures(parsed(high), rows)["verdict"] == "fail"
    assert scoring.figures(parsed(low), rows)["verdict"] == "basic"


@pytest.mark.parametrize(
    ("earned", "maximum", "expected"),
    [
        # The published 60-point variant: ≥ 50 达标, 40–49 基本达标, < 40 不达标.
        (50, 60, "pass"),
        (49.5, 60, "basic"),
        (40, 60, "basic"),
        (39.5, 60, "fail"),
        # 6 points not applicable: the thresholds rescale to 45 and 36 of 54.
        (45, 54, "pass"),
        (44.5, 54, "basic"),
        (36, 54, "basic"),
        (35.5, 54, "fail"),
    ],
)
def test_thresholds_in_points_of_the_table_rescale_exactly(earned, maximum, expected):
    sixty = {**TEMPLATE, "scoring": {"pass_at": 50, "basic_at": 40, "out_of": 60}}
    total = scoring.Score(score=Decimal(str(earned)), max_score=Decimal(maximum))
    assert scoring.verdict(parsed(sixty), total) == expected


def test_unanswered_items_stay_in_the_maximum_and_earn_nothing():
    t = parsed()
    f = scoring.figures(
        t,
        answers(
            A=("compliant", None),
            B=("unanswered", None),
            C=("not_checked", None),
            V=("unanswered", None),
        ),
    )
    assert (f["score"], f["max_score"], f["vetoed"]) == (2, 9, False)


def test_the_percent_is_rounded_half_up():
    # 174.1 of 200 is 87.05 %: printed 87.1 % (half up), not 87.0 % (half even).
    odd = item("I", 200, options=[option(200, "满足"), option(174.1, "部分"), option(0, "不满足")])
    t = parsed({**TEMPLATE, "items": [odd]})
    assert scoring.figures(t, answers(I=("non_compliant", "174.1")))["percent"] == 87.1


def test_everything_not_applicable_has_no_verdict():
    t = parsed()
    rows = answers(**{c: ("not_applicable", None) for c in "ABCV"})
    f = scoring.figures(t, rows)
    assert (f["max_score"], f["percent"], f["verdict"], f["verdict_label"]) == (0, None, None, "")


# -- validation -----------------------------------------------------------------------


def rejected(template) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        parsed(template)
    return info.value


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda t: t["scoring"].pop("pass_at"), "scoring.pass_at"),
        (lambda t: t["scoring"].update(pass_at="90"), "scoring.pass_at"),
        (lambda t: t["scoring"].update(pass_at=120), "scoring.pass_at"),
        (lambda t: t["scoring"].update(out_of=60), "scoring.pass_at"),
        (lambda t: t["scoring"].update(out_of=0), "scoring.out_of"),
        (lambda t: t["scoring"].update(basic_at=95), "scoring.basic_at"),
        (lambda t: t["scoring"].update(not_applicable="zero"), "scoring.not_applicable"),
        (lambda t: t["scoring"].update(pass_line=1), "scoring.pass_line"),
        (lambda t: t["items"][1]["score"].update(points=0), "items[1].score.points"),
        (lambda t: t["items"][1]["score"].update(veto="yes"), "items[1].score.veto"),
        (lambda t: t["items"][1]["score"].update(options=[]), "items[1].score.options"),
        (
            lambda t: t["items"][0]["score"]["options"][1].update(points=3),
            "items[0].score.options[1].points",
        ),
        (
            lambda t: t["items"][0]["score"]["options"][1].update(points=2),
            "items[0].score.options[1].points",
        ),
        (
            lambda t: t["items"][0]["score"]["options"][2].update(zh=""),
            "items[0].score.options[2].zh",
        ),
        (lambda t: t["items"][0]["score"]["options"].pop(0), "items[0].score.options"),
        (lambda t: t["items"][2]["score"].update(weight=1), "items[2].score.weight"),
        (lambda t: t.pop("scoring"), "items[0].score"),
        (lambda t: [i.pop("score") for i in t["items"]], "scoring"),
    ],
)
def test_validation_names_the_field_path(change, path):
    template = copy.deepcopy(TEMPLATE)
    change(template)
    error = rejected(template)
    assert error.field == path
    assert path in error.message_zh and path in error.message_en


def test_options_are_kept_by_falling_points_and_exported_in_order():
    template = copy.deepcopy(TEMPLATE)
    template["items"][0]["score"]["options"].reverse()
    t = parsed(template)
    assert [o["points"] for o in t["items"][0]["score"]["options"]] == [2, 1, 0]
    again = templates.parse_template(templates.template_text(t), "again.json")
    assert again == t


# -- on a visit -----------------------------------------------------------------------


@pytest.fixture
def scored_visit(store, inspection, tmp_path):
    path = tmp_path / "t.json"
    path.write_text(json.dumps(TEMPLATE, ensure_ascii=False), encoding="utf-8")
    stored_templates.import_template(store, path)
    visit = inspection
    check = check_answers.start_check(store, visit["id"], "test-assessment")
    return visit, check


def test_points_chosen_on_a_visit_show_in_visits_show_json(store, db_path, scored_visit):
    visit, check = scored_visit
    by_code = {r["code"]: r for r in check_answers.results(store, check["id"])}
    check_answers.set_points(store, by_code["A"]["result_id"], 1, "台账不全")
    check_answers.set_points(store, by_code["B"]["result_id"], "2")
    check_answers.set_result(store, by_code["C"]["result_id"], "not_applicable")
    check_answers.set_points(store, by_code["V"]["result_id"], 1)
    stored = {r["code"]: r for r in check_answers.results(store, check["id"])}
    assert stored["A"]["result"] == "non_compliant" and stored["A"]["note"] == "台账不全"
    assert stored["B"]["result"] == "compliant" and stored["B"]["points"] == 2
    assert stored["C"]["points"] is None and stored["C"]["max_points"] == 4

    out = CliRunner().invoke(cli, ["--db", str(db_path), "visits", "show", visit["id"], "--json"])
    assert out.exit_code == 0, out.output
    shown = json.loads(out.output)["checks"][0]
    # A 1 + B 2 + V 1 = 4 of 5 (C removed) = 80 % → 基本达标.
    assert {k: shown[k] for k in ("score", "max_score", "percent", "verdict", "vetoed")} == {
        "score": 4,
        "max_score": 5,
        "percent": 80.0,
        "verdict": "basic",
        "vetoed": False,
    }
    assert shown["scored"] is True


def test_another_answer_clears_the_chosen_points(store, scored_visit):
    _visit, check = scored_visit
    a = next(r for r in check_answers.results(store, check["id"]) if r["code"] == "A")
    check_answers.set_points(store, a["result_id"], 1)
    check_answers.set_result(store, a["result_id"], "compliant")
    assert check_totals.score_figures(store, check["id"])["score"] == 2


def test_points_that_are_no_option_are_refused_naming_points(store, scored_visit):
    _visit, check = scored_visit
    a = next(r for r in check_answers.results(store, check["id"]) if r["code"] == "A")
    with pytest.raises(ValidationError) as info:
        check_answers.set_points(store, a["result_id"], 1.5)
    assert info.value.field == "points" and "2、1、0" in info.value.message_zh
    assert check_answers.results(store, check["id"])[0]["result"] == "unanswered"


def test_unscored_templates_have_no_score(store, inspection):
    visit = inspection
    check = check_answers.start_check(store, visit["id"], "gb18597-2023-storage")
    assert check_totals.score_figures(store, check["id"]) is None
    first = check_answers.results(store, check["id"])[0]
    with pytest.raises(StateError):
        check_answers.set_points(store, first["result_id"], 1)
    shown = visit_details.show_visit(store, visit["id"])["checks"][0]
    assert shown["scored"] is False and "score" not in shown


# -- the shipped producing-unit assessment ------------------------------------------


PRODUCER = "hw-assessment-producer"


def test_shipped_producer_template_keeps_source_and_confidence_per_item(store):
    t = stored_templates.get_template(store, PRODUCER)
    assert t["scoring"] == {
        "pass_at": 50,
        "basic_at": 40,
        "out_of": 60,
        "not_applicable": "exclude",
    }
    assert t["version"] == "2"
    assert all(i["source_zh"] and i["source_en"] and i["confidence"] for i in t["items"])
    assert all(i["legal_basis_zh"] and "score" in i for i in t["items"])
    vetoes = [i for i in t["items"] if i["score"].get("veto")]
    assert [i["code"] for i in vetoes] == ["HW-PA-10", "HW-PA-11"]
    assert sum(i["score"]["points"] for i in t["items"]) == 33
    # Verified only where the published row was read: item 1 of the 2016 table (text and
    # its 2/1/0 points). The vetoes were read nowhere: the source says they are a choice.
    by_confidence = {}
    for i in t["items"]:
        by_confidence.setdefault(i["confidence"], []).append(i["code"])
    assert by_confidence["verified"] == ["HW-PA-01"]
    assert set(by_confidence) == {"verified", "secondary", "inferred"}
    assert all(i["confidence"] == "inferred" and "本模板设定" in i["source_zh"] for i in vetoes)
    items = templates.items_by_code(t)
    assert [o["points"] for o in items["HW-PA-01"]["score"]["options"]] == [2, 1, 0]
    assert "分值未能读到" in items["HW-PA-02"]["source_zh"]


def test_a_stored_version_1_stays_pinned_and_readable_beside_version_2(store, inspection):
    # A database from before version 2 holds version 1 (same items and points, other
    # sources) and checks made with it; new checks use version 2.
    shipped = stored_templates.get_template(store, PRODUCER)
    v1 = copy.deepcopy(shipped)
    v1["version"] = "1"
    for i in v1["items"]:
        i["confidence"], i["source_zh"], i["source_en"] = "secondary", "旧版来源", "old source"
    v1["items"][0]["requirement_zh"] = "建立健全危险废物全过程的污染环境防治责任制度。"
    assert stored_templates.register(store, v1) == "added"
    old = check_answers.start_check(store, inspection["id"], PRODUCER, version="1")
    new = check_answers.start_check(store, inspection["id"], PRODUCER)
    assert (old["template_version"], new["template_version"]) == ("1", "2")
    first = check_answers.results(store, old["id"])[0]
    assert first["requirement_zh"] == "建立健全危险废物全过程的污染环境防治责任制度。"
    assert (first["confidence"], first["source"]) == ("secondary", "旧版来源")
    assert check_answers.results(store, new["id"])[0]["confidence"] == "verified"
    check_answers.set_points(store, first["result_id"], 1)
    f = check_totals.score_figures(store, old["id"])
    assert (f["score"], f["max_score"]) == (1, 33)
    statuses = {
        (r["id"], r["version"]): r["status"]
        for r in stored_templates.ensure_builtin_templates(store)
    }
    assert statuses[(PRODUCER, "2")] == "unchanged"
    assert (
        stored_templates.get_template(store, PRODUCER, "1")["items"][0]["source_en"] == "old source"
    )


def test_producer_assessment_by_hand(store, inspection):
    visit = inspection
    check = check_answers.start_check(store, visit["id"], PRODUCER)
    rows = {r["code"]: r["result_id"] for r in check_answers.results(store, check["id"])}
    for result_id in rows.values():
        check_answers.set_result(store, result_id, "compliant")
    # No own disposal facility (2 points leave the maximum: 31), ledger partly kept (1 of 2),
    # training missing (0 of 2): 28 of 31 = 90.3 %, above 50/60 = 83.3 % → 达标.
    check_answers.set_result(store, rows["HW-PA-17"], "not_applicable")
    check_answers.set_points(store, rows["HW-PA-06"], 1)
    check_answers.set_points(store, rows["HW-PA-14"], 0)
    f = check_totals.score_figures(store, check["id"])
    assert (f["score"], f["max_score"], f["percent"], f["verdict"]) == (28, 31, 90.3, "pass")
    # Two more points lost: 26 of 31 = 83.87 % ≥ 83.33 % still 达标; one more: 25/31 = 80.6 % 基本达标.
    check_answers.set_points(store, rows["HW-PA-03"], 0)
    assert check_totals.score_figures(store, check["id"])["verdict"] == "pass"
    check_answers.set_points(store, rows["HW-PA-04"], 1)
    assert check_totals.score_figures(store, check["id"])["verdict"] == "basic"
    # Waste handed to an unlicensed unit: a veto, 不达标 whatever the share.
    check_answers.set_points(store, rows["HW-PA-10"], 0)
    f = check_totals.score_figures(store, check["id"])
    assert (f["verdict"], f["vetoes"]) == ("fail", ["HW-PA-10"])


def test_chosen_points_are_exact_text_a_bundle_row_accepts(store, scored_visit):
    from envhelp.io import bundle_rows

    _visit, check = scored_visit
    a = next(r for r in check_answers.results(store, check["id"]) if r["code"] == "A")
    check_answers.set_points(store, a["result_id"], 1)
    row = store.get("check_results", a["result_id"])
    assert row["points"] == "1"
    bundle_rows.validate_row("check_results", row)  # no float in a bundle
    with pytest.raises(ValidationError) as info:
        bundle_rows.validate_row("check_results", {**row, "points": "1,5"})
    assert info.value.field == "points"
