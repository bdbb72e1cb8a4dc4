"""Numeric checks: the verdict and the note with its arithmetic, template validation of
``measure``, and ``check_answers.measure`` on the visit's date with the database's storage limit."""

from __future__ import annotations

import json
from datetime import date

import pytest

from envhelp.domain import check_answers, measures, stored_templates, templates
from envhelp.errors import StateError, ValidationError
from tests.conftest import draft_visit

GB = "gb18597-2023-storage"
CONTAINMENT = {"kind": "containment", "share_of_total": 0.1}
QUANTITY = {"kind": "max_quantity", "limit_t": 3}
AGE = {"kind": "max_age", "limit_days": 365, "warn_days": 30}
LABEL = {
    "kind": "label_size",
    "bands": [{"up_to_l": 50, "side_mm": 100}, {"below_l": 450, "side_mm": 150}, {"side_mm": 200}],
}
VISIT_DAY = date(2026, 3, 5)


def judge(spec, **values):
    return measures.evaluate(spec, values, VISIT_DAY)


def test_containment_needs_the_larger_of_the_biggest_container_and_a_share_of_the_total():
    short = judge(CONTAINMENT, largest_container_m3="1", total_liquid_m3="12", containment_m3="1")
    assert short.result == "non_compliant"
    assert short.note == (
        "测算：应不小于 max(最大容器 1 m³，总储量 12 m³×10%＝1.2 m³)＝1.2 m³；实有 1 m³，不足。"
    )
    assert (
        judge(CONTAINMENT, largest_container_m3=1, total_liquid_m3=12, containment_m3=1.2).result
        == "compliant"
    )
    # A big drum decides when the total is small.
    big_drum = judge(CONTAINMENT, largest_container_m3=2, total_liquid_m3=5, containment_m3=1.5)
    assert big_drum.result == "non_compliant" and "＝2 m³；" in big_drum.note


def test_a_storage_points_stock_is_capped():
    over = judge(QUANTITY, stock_t="3.2")
    assert over.result == "non_compliant"
    assert over.note == "测算：当前贮存量 3.2 t，上限 3 t，超过上限。"
    assert judge(QUANTITY, stock_t=3).result == "compliant"


def test_storage_time_over_the_limit_near_it_and_with_the_databases_own_limit():
    late = judge(AGE, oldest_in="2025-03-01")
    assert late.result == "non_compliant" and "已贮存 369 天，期限 365 天，超期 4 天。" in late.note
    near = judge(AGE, oldest_in="2025/4/1")  # as typed
    assert (
        near.result == "compliant" and near.warning == "距贮存期限仅剩 27 天，请督促及时转移处置。"
    )
    assert near.warning in near.note
    calm = judge(AGE, oldest_in="2026-01-05")
    assert calm.result == "compliant" and not calm.warning and calm.note.endswith("未超期。")
    local = measures.evaluate(AGE, {"oldest_in": "2026-01-05"}, VISIT_DAY, storage_limit_days=30)
    assert local.result == "non_compliant" and "期限 30 天" in local.note
    with pytest.raises(ValidationError) as caught:
        judge(AGE, oldest_in="2026-04-01")
    assert caught.value.field == "oldest_in" and "晚于检查日期" in caught.value.message_zh


@pytest.mark.parametrize(
    ("litres", "side", "needed", "result"),
    [
        (30, 90, 100, "non_compliant"),
        (50, 100, 100, "compliant"),
        (51, 120, 150, "non_compliant"),
        (449, 150, 150, "compliant"),
        (450, 150, 200, "non_compliant"),
        (1000, 210, 200, "compliant"),
    ],
)
def test_label_size_follows_the_volume_bands(litres, side, needed, result):
    verdict = judge(LABEL, container_l=litres, label_mm=side)
    assert verdict.result == result
    assert f"标签应不小于 {needed}×{needed} mm" in verdict.note


@pytest.mark.parametrize("raw", ["", None, "abc", "-1", "nan", "inf"])
def test_a_bad_measured_value_names_the_input(raw):
    with pytest.raises(ValidationError) as caught:
        judge(QUANTITY, stock_t=raw)
    assert caught.value.field == "stock_t"
    assert "当前贮存量" in caught.value.message_zh and "单位 t" in caught.value.message_zh


# -- templates ------------------------------------------------------------------------


def template_with(measure):
    return json.dumps(
        {
            "id": "bureau-measure",
            "version": "1",
            "title_zh": "测算",
            "title_en": "Measure",
            "standard": "GB 18597-2023",
            "items": [
                {
                    "code": "M-01",
                    "category": {"zh": "甲", "en": "A"},
                    "requirement_zh": "要求",
                    "requirement_en": "Req",
                    "clause": "8.3.5",
                    "severity": "major",
                    "deadline_days": 7,
                    "measure": measure,
                }
            ],
        }
    )


@pytest.mark.parametrize(
    ("measure", "path"),
    [
        ({"kind": "weight"}, "items[0].measure.kind"),
        ({"kind": ["max_quantity"]}, "items[0].measure.kind"),
        ({"kind": "max_quantity"}, "items[0].measure.limit_t"),
        ({"kind": "max_quantity", "limit_t": 0}, "items[0].measure.limit_t"),
        ({"kind": "max_quantity", "limit_t": 3, "unit": "t"}, "items[0].measure.unit"),
        ({"kind": "containment", "share_of_total": 1.5}, "items[0].measure.share_of_total"),
        ({"kind": "max_age", "limit_days": 365, "warn_days": 1.5}, "items[0].measure.warn_days"),
        (
            {
                "kind": "label_size",
                "bands": [
                    {"below_l": 450, "side_mm": 150},
                    {"up_to_l": 50, "side_mm": 100},
                    {"side_mm": 200},
                ],
            },
            "items[0].measure.bands",
        ),  # not rising
        (
            {
                "kind": "label_size",
                "bands": [{"up_to_l": 50, "side_mm": 100}, {"below_l": 450, "side_mm": 150}],
            },
            "items[0].measure.bands",
        ),  # the last band has a limit
        (
            {
                "kind": "label_size",
                "bands": [{"up_to_l": 50, "below_l": 60, "side_mm": 100}, {"side_mm": 200}],
            },
            "items[0].measure.bands",
        ),
        (
            {"kind": "label_size", "bands": [{"up_to_l": 50}, {"side_mm": 200}]},
            "items[0].measure.bands",
        ),
        ({"kind": "label_size", "bands": [[50, 100], [None, 200]]}, "items[0].measure.bands"),
        ("max_quantity", "items[0].measure"),
    ],
)
def test_a_bad_measure_in_a_template_is_refused_naming_the_field(measure, path):
    with pytest.raises(ValidationError) as caught:
        templates.parse_template(template_with(measure), "bureau.json")
    assert caught.value.field == path and "bureau.json" in caught.value.message_zh


def test_the_shipped_template_measures_four_items(store):
    measured = {
        i["code"]: i["measure"]["kind"]
        for i in stored_templates.get_template(store, GB)["items"]
        if "measure" in i
    }
    assert measured == {
        "GB18597-ST-29": "label_size",
        "GB18597-ST-31": "containment",
        "GB18597-ST-38": "max_quantity",
        "GB18597-ST-39": "max_age",
    }


def test_checks_measure_uses_the_visit_date_and_the_databases_limit(
    store, enterprise, officer, officer2
):
    visit = draft_visit(
        store,
        enterprise["id"],
        [officer["id"], officer2["id"]],
        "inspection",
        day="2026-03-05",
        time=None,
    )
    check = check_answers.start_check(store, visit["id"], GB, scope=None)
    rows = {r["code"]: r for r in check_answers.results(store, check["id"])}
    assert rows["GB18597-ST-39"]["measure"] == AGE and rows["GB18597-ST-01"]["measure"] is None
    age = rows["GB18597-ST-39"]["result_id"]
    assert check_answers.measure(store, age, {"oldest_in": "2025-06-01"}).result == "compliant"
    assert measures.set_storage_limit(store, " 180 ") == 180
    verdict = check_answers.measure(store, age, {"oldest_in": "2025-06-01"})
    assert verdict.result == "non_compliant" and "期限 180 天" in verdict.note
    assert rows["GB18597-ST-39"]["result"] == "unanswered"  # measuring writes nothing
    assert check_answers.results(store, check["id"])[38]["result"] == "unanswered"
    with pytest.raises(StateError):
        check_answers.measure(store, rows["GB18597-ST-01"]["result_id"], {})


@pytest.mark.parametrize("bad", ["0", "3651", "一年", -5])
def test_a_bad_local_storage_limit_is_refused_and_the_old_one_kept(store, bad):
    measures.set_storage_limit(store, 200)
    with pytest.raises(ValidationError) as caught:
        measures.set_storage_limit(store, bad)
    assert caught.value.field == "storage_limit_days" and "1 到 3650" in caught.value.message_zh
    assert measures.storage_limit(store) == 200
    assert measures.set_storage_limit(store, "") is None and measures.storage_limit(store) is None
