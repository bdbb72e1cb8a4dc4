"""The 2025 inspection rules: register fields, task sources, the yearly cap, 综合查一次."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from envhelp.cli import cli
from envhelp.domain import enterprises, inspection_rules, officers, settings, visits
from envhelp.errors import ValidationError
from envhelp.io.enterprise_import import import_enterprises
from tests.conftest import VALID_USCC, draft_visit


@pytest.fixture
def team(store):
    return [officers.add(store, {"name": n})["id"] for n in ("王敏", "李强")]


def inspect(store, enterprise_id, team, day, **why):
    return visits.create(
        store,
        {
            "enterprise_id": enterprise_id,
            "date": day,
            "type": "inspection",
            "officer_ids": team,
            **why,
        },
    )


def test_register_fields_are_checked_and_kept(store):
    firm = enterprises.add(
        store,
        {
            "name": "甲厂",
            "supervision_class": "重点",
            "credit_grade": "b",
            "positive_list": "是",
            "invites_visits": True,
        },
    )
    assert (
        firm["supervision_class"],
        firm["credit_grade"],
        firm["positive_list"],
        firm["invites_visits"],
    ) == ("key", "B", True, True)
    with pytest.raises(ValidationError) as err:
        enterprises.update(store, firm["id"], {"supervision_class": "特殊"})
    assert err.value.field == "supervision_reason" and "原因" in str(err.value)
    with pytest.raises(ValidationError) as err:
        enterprises.update(store, firm["id"], {"credit_grade": "E"})
    assert err.value.field == "credit_grade" and "A、B、C、D" in str(err.value)
    # The province's own grades are a setting.
    settings.put(store, settings.CREDIT_GRADES, "绿, 蓝, 黄, 红")
    assert enterprises.update(store, firm["id"], {"credit_grade": "红"})["credit_grade"] == "红"
    assert enterprises.get(store, firm["id"])["supervision_class"] == "key"  # kept


def test_officer_unavailable_period(store):
    officer = officers.add(
        store, {"name": "王敏", "unavailable_from": "2026-01-10", "unavailable_to": "2026-02-10"}
    )
    officers.add(store, {"name": "李强"})
    assert [o["name"] for o in officers.available(store, "2026-01-01", "2026-03-31")] == ["李强"]
    assert len(officers.available(store, "2026-04-01", "2026-06-30")) == 2
    with pytest.raises(ValidationError) as err:
        officers.update(store, officer["id"], {"unavailable_to": "2026-01-01"})
    assert err.value.field == "unavailable_to"


def test_import_reads_the_new_columns_and_blank_cells_keep_values(store, tmp_path):
    path = tmp_path / "e.xlsx"
    wb = Workbook()
    wb.active.append(
        ["企业名称", "统一社会信用代码", "监管类别", "列为特殊的原因", "信用等级", "正面清单"]
    )
    wb.active.append(["甲厂", VALID_USCC[0], "特殊", "上年度受到处罚", "C", "否"])
    wb.active.append(["乙厂", VALID_USCC[1], "一般", "", "Z", ""])
    wb.save(path)
    result = import_enterprises(store, path)
    assert result.added == 1 and [r.field for r in result.rejected] == ["credit_grade"]
    (firm,) = enterprises.list_page(store)
    assert (firm["supervision_class"], firm["supervision_reason"], firm["credit_grade"]) == (
        "special",
        "上年度受到处罚",
        "C",
    )
    # A second sheet with the class cell blank keeps the stored class.
    wb = Workbook()
    wb.active.append(["企业名称", "统一社会信用代码", "监管类别", "正面清单"])
    wb.active.append(["甲厂", VALID_USCC[0], "", "是"])
    wb.save(path)
    assert import_enterprises(store, path).updated == 1
    firm = enterprises.get(store, firm["id"])
    assert firm["supervision_class"] == "special" and firm["positive_list"] is True


def test_visits_record_why_they_happen(store, enterprise, team):
    visit = inspect(
        store,
        enterprise["id"],
        team,
        "2026-03-01",
        task_source="投诉举报/12345",
        inspection_kind="个案",
    )
    assert (visit["task_source"], visit["inspection_kind"]) == ("complaint", "case")
    plain = draft_visit(
        store, enterprise["id"], team[:1], "law_publicity", day="2026-03-02", time=None
    )
    assert (plain["task_source"], plain["inspection_kind"]) == ("routine", "routine")
    with pytest.raises(ValidationError) as err:
        visits.update(store, plain["id"], {"task_source": "心血来潮"})
    assert err.value.field == "task_source"


def test_cap_counts_only_non_exempt_inspections(store, enterprise, team):
    inspect(store, enterprise["id"], team, "2026-02-01")
    inspect(store, enterprise["id"], team, "2026-03-01", task_source="random")
    # Exempt: a complaint, a 个案 inspection — both go ahead without a reason.
    inspect(store, enterprise["id"], team, "2026-04-01", task_source="complaint")
    inspect(store, enterprise["id"], team, "2026-04-20", inspection_kind="case")
    # Publicity visits are not inspections: no cap.
    draft_visit(store, enterprise["id"], team, "law_publicity", day="2026-05-01", time=None)
    with pytest.raises(ValidationError) as err:
        inspect(store, enterprise["id"], team, "2026-06-01", task_source="campaign")
    assert err.value.field == "cap_reason" and "上限为每年 2 次" in str(err.value)
    assert store.scalar("SELECT count(*) FROM visits WHERE date = '2026-06-01'") == 0
    over = inspect(
        store,
        enterprise["id"],
        team,
        "2026-06-01",
        task_source="campaign",
        cap_reason="省厅专项行动部署",
    )
    assert over["cap_reason"] == "省厅专项行动部署"
    # Next year starts again.
    inspect(store, enterprise["id"], team, "2027-01-05")
    assert inspection_rules.counted(store, enterprise["id"], 2026) == 3
    assert inspection_rules.inspections_by_enterprise(store, 2026) == {enterprise["id"]: 5}
    (row,) = inspection_rules.cap_overview(store, 2026)
    assert (row["state"], row["counted"], row["inspections"]) == ("over", 3, 5)


def test_cap_and_exemptions_are_settings(store, enterprise, team):
    settings.put(store, settings.INSPECTION_YEARLY_CAP, 1)
    settings.put(store, settings.CAP_EXEMPT_SOURCES, "lowest_credit")
    inspect(store, enterprise["id"], team, "2026-02-01")
    with pytest.raises(ValidationError):
        inspect(store, enterprise["id"], team, "2026-03-01", task_source="complaint")
    assert inspection_rules.cap_overview(store, 2026)[0]["state"] == "at"
    # D, the lowest grade of the list, is exempt now (the grade the enterprise holds today).
    enterprises.update(store, enterprise["id"], {"credit_grade": "D"})
    inspect(store, enterprise["id"], team, "2026-03-01")
    assert inspection_rules.counted(store, enterprise["id"], 2026) == 0


def test_same_month_different_sources_flagged_for_one_combined_visit(store, enterprise, team):
    inspect(store, enterprise["id"], team, "2026-03-02", task_source="complaint")
    inspect(store, enterprise["id"], team, "2026-03-20", task_source="monitoring_alert")
    inspect(store, enterprise["id"], team, "2026-05-02", task_source="complaint")
    (flag,) = inspection_rules.combine_candidates(store, 2026)
    assert flag["month"] == "2026-03" and flag["sources"] == ["投诉举报/12345", "在线监控预警"]


def test_enterprises_list_json_has_the_new_keys(store, db_path, enterprise, team, freeze_today):
    freeze_today(__import__("datetime").date(2026, 6, 1), inspection_rules)
    inspect(store, enterprise["id"], team, "2026-03-02")
    enterprises.update(store, enterprise["id"], {"credit_grade": "A", "positive_list": True})
    result = CliRunner().invoke(cli, ["--db", str(db_path), "enterprises", "list", "--json"])
    (row,) = json.loads(result.output)
    assert {
        k: row[k]
        for k in ("supervision_class", "credit_grade", "positive_list", "inspections_this_year")
    } == {
        "supervision_class": "general",
        "credit_grade": "A",
        "positive_list": True,
        "inspections_this_year": 1,
    }


def test_editing_an_over_cap_draft_asks_again_only_when_the_count_changes(store, enterprise, team):
    first = inspect(store, enterprise["id"], team, "2026-02-01")
    inspect(store, enterprise["id"], team, "2026-03-01")
    settings.put(store, settings.INSPECTION_YEARLY_CAP, 1)  # the province lowers the cap
    visits.update(store, first["id"], {"notes": "补充说明"})  # no reason needed for notes
    with pytest.raises(ValidationError) as err:
        visits.update(store, first["id"], {"date": "2026-02-02"})
    assert err.value.field == "cap_reason"
    assert store.get("visits", first["id"])["date"] == "2026-02-01"
