"""Enterprises, visits, problems and attachments through the core services."""

from __future__ import annotations

import pytest

from envhelp.domain import attachments, enterprises, officers, problems, settings, visits
from envhelp.errors import StateError, ValidationError
from tests.conftest import VALID_USCC

# Single-officer assistance visits, as a bureau that relaxed the two-officer rule records;
# the rule itself is tested with the setting put explicitly.
pytestmark = pytest.mark.usefixtures("one_officer_publicity")


def test_enterprise_fields_are_cleaned(store, enterprise):
    assert enterprise["hw_categories"] == ["HW08", "HW49"]
    assert enterprise["uscc"] == VALID_USCC[0]
    assert "search_text" not in enterprise


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "甲", "uscc": "91350100M000100Y44"}, "uscc"),
        ({"name": "甲", "contact_phone": "abc"}, "contact_phone"),
        ({"name": "甲", "hw_categories": "HW41"}, "hw_categories"),
        ({"name": "甲", "hw_categories": "HW51"}, "hw_categories"),
        ({"name": "甲", "permit_class": "重要"}, "permit_class"),
        ({"name": "甲", "permit_no": "91130200699229617X001"}, "permit_no"),
        ({"name": "甲", "permit_no": "91130200699229617Y001P"}, "permit_no"),
        ({"name": "甲" * 101}, "name"),
    ],
)
def test_enterprise_validation_names_the_field(store, data, field):
    with pytest.raises(ValidationError) as err:
        enterprises.add(store, data)
    assert err.value.field == field
    assert store.scalar("SELECT count(*) FROM enterprises") == 0


def test_permit_number_and_class_labels_accepted(store):
    e = enterprises.add(
        store,
        {"name": "乙", "permit_no": "91130200699229617x001P", "permit_class": "重点管理"},
    )
    assert e["permit_no"] == "91130200699229617X001P"
    assert e["permit_class"] == "key"
    # H9 codes (units without a credit code) skip the credit-code check; any final letter works.
    e2 = enterprises.add(store, {"name": "丙", "permit_no": "H9370200000012345a001W"})
    assert e2["permit_no"] == "H9370200000012345A001W"


def test_uscc_unique_when_given(store, enterprise):
    with pytest.raises(ValidationError) as err:
        enterprises.add(store, {"name": "另一家", "uscc": enterprise["uscc"].lower()})
    assert err.value.field == "uscc" and "青岛精锐" in str(err.value)
    # Several enterprises without a code are fine.
    enterprises.add(store, {"name": "无码一"})
    enterprises.add(store, {"name": "无码二"})


def test_update_keeps_unchanged_fields(store, enterprise):
    updated = enterprises.update(store, enterprise["id"], {"contact_person": "赵工"})
    assert updated["contact_person"] == "赵工"
    assert updated["hw_categories"] == ["HW08", "HW49"]


@pytest.mark.parametrize("query", ["精锐", "qdjr", "QDJR", "qingdao", "Y43", "jingrui 机械"])
def test_search_by_name_uscc_and_pinyin(store, enterprise, query):
    enterprises.add(store, {"name": "黄岛化工有限公司"})
    found = enterprises.list_page(store, search=query)
    assert [e["name"] for e in found] == ["青岛精锐机械有限公司"]


def test_search_all_words_must_match(store, enterprise):
    assert enterprises.list_page(store, search="精锐 不存在") == []
    assert enterprises.count(store, search="精锐 qdjr") == 1


def test_search_treats_wildcards_literally(store, enterprise):
    enterprises.add(store, {"name": "百分之百%公司"})
    assert [e["name"] for e in enterprises.list_page(store, search="%")] == ["百分之百%公司"]


def test_list_pages_and_sorting(store):
    for i in range(25):
        enterprises.add(store, {"name": f"企业{i:02d}", "town": "甲镇" if i % 2 else "乙镇"})
    first = enterprises.list_page(store, limit=10, offset=0)
    second = enterprises.list_page(store, limit=10, offset=10)
    assert len(first) == 10 and len(second) == 10
    assert first[-1]["name"] < second[0]["name"]
    assert enterprises.count(store, town="甲镇") == 12
    desc = enterprises.list_page(store, order_by="name", descending=True, limit=1)
    assert desc[0]["name"] == "企业24"
    with pytest.raises(ValueError):
        enterprises.list_page(store, order_by="name; DROP TABLE enterprises")


def make_visit(store, enterprise, officer_ids, **extra):
    data = {
        "enterprise_id": enterprise["id"],
        "date": "2026-03-05",
        "time": "9:30",
        "type": "law_publicity",
        "officer_ids": officer_ids,
    }
    data.update(extra)
    return visits.create(store, data)


def test_visit_create_and_update(store, enterprise, officer, officer2):
    v = make_visit(store, enterprise, [officer["id"]], laws=["GB 18597-2023"])
    assert v["status"] == "draft" and v["time"] == "09:30" and v["laws"] == ["GB 18597-2023"]
    v = visits.update(store, v["id"], {"officer_ids": [officer2["id"], officer["id"]]})
    assert v["officer_names"] == ["李强", "王敏"]
    assert visits.count(store, month="2026-03") == 1
    assert visits.count(store, month="2026-04") == 0


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"date": "2026-02-30"}, "date"),
        ({"type": "party"}, "type"),
        ({"time": "25:00"}, "time"),
        ({"officer_ids": ["nobody"]}, "officer_ids"),
        ({"enterprise_id": "nope"}, "enterprise_id"),
    ],
)
def test_visit_validation(store, enterprise, officer, extra, field):
    with pytest.raises(ValidationError) as err:
        make_visit(store, enterprise, extra.pop("officer_ids", [officer["id"]]), **extra)
    assert err.value.field == field
    assert store.scalar("SELECT count(*) FROM visits") == 0


def test_inspection_needs_two_officers_to_finalize(store, enterprise, officer, officer2):
    v = make_visit(store, enterprise, [officer["id"]], type="inspection")
    with pytest.raises(ValidationError, match="现场检查须有两名以上持执法证的执法人员"):
        visits.finalize(store, v["id"])
    assert store.get("visits", v["id"])["status"] == "draft"
    # Two officers, but one without a certificate number, are not enough either.
    uncertified = officers.add(store, {"name": "实习生"})
    visits.update(store, v["id"], {"officer_ids": [officer["id"], uncertified["id"]]})
    with pytest.raises(ValidationError, match="现有 1 名登记了执法证号"):
        visits.finalize(store, v["id"])
    visits.update(store, v["id"], {"officer_ids": [officer["id"], officer2["id"]]})
    final = visits.finalize(store, v["id"])
    assert final["status"] == "final" and final["record_no"] == "环帮〔2026〕第0001号"


def test_visits_that_verify_and_close_problems_need_two_officers(
    store, enterprise, officer, officer2
):
    """With two_officers_for_publicity off, a publicity visit needs one officer unless it
    closes a problem (立行立改); a follow-up always needs two; switched on (the default),
    every visit needs two."""
    settings.put(store, settings.TWO_OFFICERS_FOR_PUBLICITY, False)
    plain = make_visit(store, enterprise, [officer["id"]], type="law_publicity")
    assert visits.finalize(store, plain["id"])["status"] == "final"
    fixing = make_visit(store, enterprise, [officer["id"]], type="stationed")
    problems.create(
        store,
        {
            "enterprise_id": enterprise["id"],
            "visit_id": fixing["id"],
            "found_on": fixing["date"],
            "description": "标签污损",
            "handling": "on_the_spot",
        },
    )
    with pytest.raises(ValidationError, match="核查销号的走访须有两名以上") as err:
        visits.finalize(store, fixing["id"])
    assert err.value.field == "officer_ids"
    follow_up = make_visit(store, enterprise, [officer["id"]], type="follow_up")
    with pytest.raises(ValidationError, match="回头看核查须有两名以上"):
        visits.finalize(store, follow_up["id"])
    settings.put(store, settings.TWO_OFFICERS_FOR_PUBLICITY, True)
    strict = make_visit(store, enterprise, [officer["id"]], type="law_publicity")
    with pytest.raises(ValidationError, match="按设置"):
        visits.finalize(store, strict["id"])
    visits.update(store, strict["id"], {"officer_ids": [officer["id"], officer2["id"]]})
    assert visits.finalize(store, strict["id"])["status"] == "final"


def test_record_fields_of_the_visit(store, enterprise, officer, officer2):
    """The 笔录's fields: start and end, place, person on site, recorder, witness, answer."""
    v = make_visit(
        store,
        enterprise,
        [officer["id"], officer2["id"]],
        type="inspection",
        time="09:05",
        end_time="10:40",
        place="二号车间危废贮存库",
        representative="赵六",
        representative_post="安全环保部经理",
        representative_phone="13800000000",
        recorder_id=officer2["id"],
        witness="孙七",
        party_answer="已知悉，不申请回避",
    )
    stored = store.get("visits", v["id"])
    assert (stored["end_time"], stored["place"], stored["recorder_id"]) == (
        "10:40",
        "二号车间危废贮存库",
        officer2["id"],
    )
    for bad, field in (
        ({"end_time": "08:00"}, "end_time"),
        ({"representative_phone": "abc"}, "representative_phone"),
        ({"recorder_id": "nobody"}, "recorder_id"),
    ):
        with pytest.raises(ValidationError) as err:
            visits.update(store, v["id"], bad)
        assert err.value.field == field
    assert store.get("visits", v["id"])["end_time"] == "10:40"  # nothing lost


def test_record_numbers_per_year_never_reused(store, enterprise, officer):
    store.set_setting("record_prefix", "即环帮")
    numbers = []
    for date in ("2026-01-02", "2026-05-06", "2027-01-03"):
        v = make_visit(store, enterprise, [officer["id"]], date=date)
        numbers.append(visits.finalize(store, v["id"])["record_no"])
    assert numbers == ["即环帮〔2026〕第0001号", "即环帮〔2026〕第0002号", "即环帮〔2027〕第0001号"]
    # A deleted draft never consumed a number; the next one continues the sequence.
    d = make_visit(store, enterprise, [officer["id"]], date="2026-06-01")
    visits.delete_draft(store, d["id"])
    v = make_visit(store, enterprise, [officer["id"]], date="2026-07-01")
    assert visits.finalize(store, v["id"])["record_no"] == "即环帮〔2026〕第0003号"


def test_final_visit_refuses_edits_in_the_core(store, enterprise, officer):
    v = make_visit(store, enterprise, [officer["id"]])
    visits.finalize(store, v["id"])
    with pytest.raises(StateError):
        visits.update(store, v["id"], {"guidance": "改一下"})
    with pytest.raises(StateError):
        visits.delete_draft(store, v["id"])
    with pytest.raises(StateError):
        visits.finalize(store, v["id"])


def test_problem_create_and_overdue(store, enterprise, officer):
    from datetime import date

    v = make_visit(store, enterprise, [officer["id"]])
    p = problems.create(
        store,
        {
            "enterprise_id": enterprise["id"],
            "visit_id": v["id"],
            "found_on": "2026-03-05",
            "description": "危废标签缺失",
            "severity": "一般",
            "category": "危险废物",
            "deadline": "2026-03-20",
        },
    )
    assert p["status"] == "open" and p["severity"] == "minor" and p["category"] == "hazardous_waste"
    assert not problems.is_overdue(p, date(2026, 3, 20))
    assert problems.is_overdue(p, date(2026, 3, 21))
    assert problems.count(store, overdue_on=date(2026, 3, 21)) == 1
    assert problems.count(store, overdue_on=date(2026, 3, 20)) == 0


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"description": ""}, "description"),
        ({"deadline": None}, "deadline"),
        ({"deadline": "2026-03-01"}, "deadline"),
        ({"severity": "huge"}, "severity"),
    ],
)
def test_problem_validation(store, enterprise, extra, field):
    data = {
        "enterprise_id": enterprise["id"],
        "found_on": "2026-03-05",
        "description": "问题",
        "deadline": "2026-03-20",
        **extra,
    }
    with pytest.raises(ValidationError) as err:
        problems.create(store, data)
    assert err.value.field == field


def test_attachment_is_copied_by_hash(store, enterprise, officer, tmp_path):
    v = make_visit(store, enterprise, [officer["id"]])
    src = tmp_path / "现场 照片(1).JPG"
    src.write_bytes(b"\xff\xd8fake jpeg")
    a = attachments.add(store, src, caption="危废间", visit_id=v["id"])
    stored = attachments.stored_path(store, a)
    assert stored.read_bytes() == src.read_bytes()
    assert stored.name == a["sha256"] + ".jpg"
    assert a["mime"] == "image/jpeg" and attachments.is_image(a)
    assert [x["id"] for x in attachments.list_for(store, visit_id=v["id"])] == [a["id"]]
    assert not list(store.attachments_dir.glob("*.part"))
