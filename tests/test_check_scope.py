"""A check's scope (facility types, HW management class): which template items apply.

The shipped GB 18597 template marks the storage-point, yard, tank-farm and warehouse
items and the key-supervised one; a check answers the items its scope rules out
"not applicable" with a note, keeps what the officer answered, and can be undone.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from envhelp.cli import cli
from envhelp.domain import (
    applicability,
    check_answers,
    check_totals,
    stored_templates,
    templates,
    visits,
)
from envhelp.errors import StateError, ValidationError

pytestmark = pytest.mark.usefixtures("bureau")

GB = "gb18597-2023-storage"
US = "us-rcra-lqg-container-storage"
POINT_ONLY = {"GB18597-ST-07", "GB18597-ST-08", "GB18597-ST-13", "GB18597-ST-21", "GB18597-ST-38"}
YARD_ONLY, TANK_ONLY, WAREHOUSE_ONLY = {"GB18597-ST-33"}, {"GB18597-ST-34"}, {"GB18597-ST-24"}
KEY_ONLY = {"GB18597-ST-42"}


def new_visit(store, enterprise, officer, day="2026-03-05", officer2=None):
    team = [officer["id"]] + ([officer2["id"]] if officer2 else [])
    return visits.create(
        store,
        {"enterprise_id": enterprise["id"], "date": day, "type": "inspection", "officer_ids": team},
    )


@pytest.fixture
def visit(store, enterprise, officer, officer2):
    return new_visit(store, enterprise, officer, officer2=officer2)


def answers(store, check_id):
    return {r["code"]: (r["result"], r["note"]) for r in check_answers.results(store, check_id)}


def not_applicable(store, check_id):
    return {
        code for code, (result, _) in answers(store, check_id).items() if result == "not_applicable"
    }


# -- the template ------------------------------------------------------------------


def test_the_shipped_template_marks_the_items_for_some_sites_only(store):
    template = stored_templates.get_template(store, GB)
    marked = {
        i["code"]: (i.get("facility_types"), i.get("management_classes"))
        for i in template["items"]
        if "facility_types" in i or "management_classes" in i
    }
    assert marked == {
        **{code: (["point"], None) for code in POINT_ONLY},
        "GB18597-ST-33": (["yard"], None),
        "GB18597-ST-34": (["tank_farm"], None),
        "GB18597-ST-24": (["warehouse"], None),
        "GB18597-ST-42": (None, ["key"]),
    }
    assert applicability.has_applicability(template)
    assert not applicability.has_applicability(stored_templates.get_template(store, US))


@pytest.mark.parametrize(
    ("value", "path", "words"),
    [
        (["shed"], "items[0].facility_types[0]", "贮存库"),
        ([], "items[0].facility_types", "非空列表"),
        ("point", "items[0].facility_types", "非空列表"),
        (["point", "point"], "items[0].facility_types", "重复"),
    ],
)
def test_a_bad_applicability_list_is_refused_naming_the_field(tmp_path, value, path, words):
    template = {
        "id": "bureau-scope",
        "version": "1",
        "title_zh": "范围",
        "title_en": "Scope",
        "standard": "GB 18597-2023",
        "items": [
            {
                "code": "S-01",
                "category": {"zh": "甲", "en": "A"},
                "requirement_zh": "要求",
                "requirement_en": "Req",
                "clause": "8.3.1",
                "severity": "minor",
                "deadline_days": 7,
                "facility_types": value,
            }
        ],
    }
    with pytest.raises(ValidationError) as caught:
        templates.parse_template(json.dumps(template, ensure_ascii=False), "scope.json")
    assert caught.value.field == path
    assert words in caught.value.message_zh and "scope.json" in caught.value.message_zh


def test_an_applicability_list_is_stored_in_vocabulary_order():
    template = {
        "id": "bureau-scope",
        "version": "1",
        "title_zh": "范围",
        "title_en": "Scope",
        "standard": "GB 18597-2023",
        "items": [
            {
                "code": "S-01",
                "category": {"zh": "甲", "en": "A"},
                "requirement_zh": "要求",
                "requirement_en": "Req",
                "clause": "8.3.1",
                "severity": "minor",
                "deadline_days": 7,
                "facility_types": ["point", "warehouse"],
                "management_classes": ["simplified", "key"],
            }
        ],
    }
    (item,) = templates.parse_template(json.dumps(template))["items"]
    assert item["facility_types"] == ["warehouse", "point"]
    assert item["management_classes"] == ["key", "simplified"]


def test_applies_rules_out_only_what_the_scope_sets():
    point = {"facility_types": ["point"]}
    key = {"management_classes": ["key"]}
    assert applicability.applies(point, None) and applicability.applies(key, None)
    assert applicability.applies(point, {"management_class": "simplified"})  # types left open
    assert not applicability.applies(point, {"facility_types": ["warehouse"]})
    assert applicability.applies(point, {"facility_types": ["warehouse", "point"]})
    assert not applicability.applies(key, {"management_class": "registration"})
    assert applicability.applies({}, {"facility_types": ["yard"], "management_class": "key"})
    assert applicability.out_of_scope_note(point) == "〔范围外〕仅适用于：贮存点"


# -- a check's scope ------------------------------------------------------------------


def test_a_warehouse_check_answers_the_other_sites_items_not_applicable(store, visit):
    check = check_answers.start_check(
        store,
        visit["id"],
        GB,
        scope={"facility_types": ["贮存库"], "management_class": "简化管理单位"},
    )
    assert check["scope"] == {"facility_types": ["warehouse"], "management_class": "simplified"}
    rows = answers(store, check["id"])
    assert not_applicable(store, check["id"]) == POINT_ONLY | YARD_ONLY | TANK_ONLY | KEY_ONLY
    assert rows["GB18597-ST-07"] == ("not_applicable", "〔范围外〕仅适用于：贮存点")
    assert rows["GB18597-ST-42"] == ("not_applicable", "〔范围外〕仅适用于：重点监管单位")
    assert rows["GB18597-ST-24"] == ("unanswered", "")
    figures = check_totals.figures(store, check["id"])
    assert figures["not_applicable"] == 8 and figures["unanswered"] == 42


def test_no_scope_keeps_every_item_open(store, visit):
    check = check_answers.start_check(store, visit["id"], GB, scope=None)
    assert check["scope"] is None and check["scoped"]
    assert not_applicable(store, check["id"]) == set()


def test_changing_the_scope_keeps_the_officers_answers_and_undoes_exactly(store, visit):
    check = check_answers.start_check(
        store, visit["id"], GB, scope={"facility_types": ["warehouse"]}
    )
    rows = {r["code"]: r for r in check_answers.results(store, check["id"])}
    # The officer overrules one automatic answer and answers a warehouse item.
    check_answers.set_result(
        store, rows["GB18597-ST-38"]["result_id"], "non_compliant", "现场超 3 吨"
    )
    check_answers.set_result(store, rows["GB18597-ST-24"]["result_id"], "compliant")
    before = answers(store, check["id"])

    change = check_answers.set_scope(store, check["id"], {"facility_types": ["point"]})
    after = answers(store, check["id"])
    assert change["scope"] == {"facility_types": ["point"]}
    assert {c["code"] for c in change["changed"]} == POINT_ONLY - {"GB18597-ST-38"}
    assert all(after[code] == ("unanswered", "") for code in POINT_ONLY - {"GB18597-ST-38"})
    assert after["GB18597-ST-38"] == ("non_compliant", "现场超 3 吨")  # the officer's, kept
    assert after["GB18597-ST-24"] == ("compliant", "")  # answered, so not ruled out

    check_answers.set_scope(
        store, check["id"], {"facility_types": ["warehouse"]}, restore=change["changed"]
    )
    assert answers(store, check["id"]) == before
    assert check_answers.get_check(store, check["id"])["scope"] == {"facility_types": ["warehouse"]}


def test_text_typed_on_a_ruled_out_item_comes_back_when_it_applies_again(store, visit):
    check = check_answers.start_check(store, visit["id"], GB, scope=None)
    rows = {r["code"]: r for r in check_answers.results(store, check["id"])}
    check_answers.set_result(
        store, rows["GB18597-ST-07"]["result_id"], "unanswered", "边界线已褪色"
    )
    check_answers.set_result(
        store,
        rows["GB18597-ST-08"]["result_id"],
        "unanswered",
        check_answers.suggestion_marker("compliant", "2026-01-10"),
    )
    check_answers.set_scope(store, check["id"], {"facility_types": ["warehouse"]})
    after = answers(store, check["id"])
    assert after["GB18597-ST-07"] == ("not_applicable", "〔范围外〕仅适用于：贮存点\n边界线已褪色")
    assert after["GB18597-ST-08"] == ("not_applicable", "〔范围外〕仅适用于：贮存点")
    check_answers.set_scope(store, check["id"], {"facility_types": ["warehouse", "point"]})
    again = answers(store, check["id"])
    assert again["GB18597-ST-07"] == ("unanswered", "边界线已褪色")
    assert again["GB18597-ST-08"] == ("unanswered", "")


def test_clearing_the_scope_reopens_only_the_automatic_answers(store, visit):
    check = check_answers.start_check(store, visit["id"], GB, scope={"facility_types": ["yard"]})
    rows = {r["code"]: r for r in check_answers.results(store, check["id"])}
    check_answers.set_result(store, rows["GB18597-ST-34"]["result_id"], "not_applicable", "无罐区")
    check_answers.set_scope(store, check["id"], None)
    after = answers(store, check["id"])
    assert after["GB18597-ST-34"] == ("not_applicable", "无罐区")
    assert not_applicable(store, check["id"]) == {"GB18597-ST-34"}
    assert check_answers.get_check(store, check["id"])["scope"] is None


def test_a_new_check_takes_the_enterprises_last_scope(store, enterprise, officer):
    first = new_visit(store, enterprise, officer, "2026-01-10")
    check_answers.start_check(
        store, first["id"], GB, scope={"facility_types": ["point"], "management_class": "key"}
    )
    later = new_visit(store, enterprise, officer, "2026-03-05")
    check = check_answers.start_check(store, later["id"], GB)
    assert check["scope"] == {"facility_types": ["point"], "management_class": "key"}
    assert not_applicable(store, check["id"]) == YARD_ONLY | TANK_ONLY | WAREHOUSE_ONLY
    assert (
        check_answers.last_scope(store, enterprise["id"], GB, exclude_visit_id=first["id"])
        == (check["scope"])
    )
    # A template without applicability gets no scope, whatever came before.
    assert check_answers.start_check(store, later["id"], US)["scope"] is None


def test_bad_scope_values_name_the_field(store, visit):
    check = check_answers.start_check(store, visit["id"], GB, scope=None)
    with pytest.raises(ValidationError) as caught:
        check_answers.set_scope(store, check["id"], {"facility_types": ["仓棚"]})
    assert caught.value.field == "facility_types" and "贮存库" in caught.value.message_zh
    with pytest.raises(ValidationError) as caught:
        check_answers.set_scope(store, check["id"], {"management_class": "重点"})
    assert caught.value.field == "management_class"
    with pytest.raises(ValidationError) as caught:
        check_answers.set_scope(store, check["id"], {"facility_types": 5})
    assert caught.value.field == "facility_types"
    with pytest.raises(ValidationError) as caught:
        check_answers.set_scope(store, check["id"], {"facility": ["point"]})
    assert caught.value.field == "scope"
    assert check_answers.get_check(store, check["id"])["scope"] is None  # nothing half-saved


def test_a_final_visits_scope_cannot_change(store, visit):
    check = check_answers.start_check(
        store, visit["id"], GB, scope={"facility_types": ["warehouse"]}
    )
    for row in check_answers.results(store, check["id"]):
        if row["result"] == "unanswered":
            check_answers.set_result(store, row["result_id"], "compliant")
    visits.finalize(store, visit["id"])  # the automatic answers count as answered
    with pytest.raises(StateError):
        check_answers.set_scope(store, check["id"], {"facility_types": ["point"]})
    assert check_answers.get_check(store, check["id"])["scope"] == {"facility_types": ["warehouse"]}


def test_visits_show_json_carries_the_scope(store, visit, db_path):
    check_answers.start_check(
        store, visit["id"], GB, scope={"facility_types": ["tank_farm", "pool"]}
    )
    result = CliRunner().invoke(
        cli, ["--db", str(db_path), "visits", "show", visit["id"], "--json"]
    )
    assert result.exit_code == 0, result.output
    (shown,) = json.loads(result.output)["checks"]
    assert shown["scope"] == {"facility_types": ["pool", "tank_farm"]} and shown["scoped"] is True
    text = (
        CliRunner()
        .invoke(cli, ["--db", str(db_path), "--lang", "zh", "visits", "show", visit["id"]])
        .output
    )
    assert "设施类型：贮存池、贮存罐区" in text


# -- the printed record ------------------------------------------------------------------


def test_the_record_prints_the_scope_and_fingerprints_it_only_when_set(store, visit):
    import io

    from pypdf import PdfReader

    from envhelp.reports.pdf import collect_visit_record, fingerprint, render_visit_record

    scoped = check_answers.start_check(store, visit["id"], GB, scope={"facility_types": ["point"]})
    check_answers.start_check(store, visit["id"], GB, scope=None)
    record = collect_visit_record(store, visit["id"])
    pdf = render_visit_record(record)
    pages = (page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    text = "".join("".join(pages).split())  # cells wrap their lines
    assert "检查范围：设施类型：贮存点" in text
    assert "〔范围外〕仅适用于：贮存场" in text
    with_scope, without = fingerprint.canonical_content(record)["checks"]
    assert with_scope["id"] == scoped["id"] and with_scope["scope"] == {"facility_types": ["point"]}
    # Unset, the key stays out: records printed before scopes existed keep their fingerprint.
    assert "scope" not in without

    check_answers.set_scope(store, scoped["id"], {"facility_types": ["point", "yard"]})
    changed = fingerprint.canonical_content(collect_visit_record(store, visit["id"]))
    assert changed["checks"][0]["scope"] == {"facility_types": ["yard", "point"]}
    assert fingerprint.fingerprint_of(changed) != fingerprint.fingerprint(record)
