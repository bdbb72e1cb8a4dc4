"""The discharge permit on file: validation, saving, import, the enterprise list and bundle."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from envhelp.cli import cli
from envhelp.domain import enterprises
from envhelp.domain import permits as permit_service
from envhelp.errors import ValidationError
from envhelp.io.permit_import import import_permits
from tests.conftest import VALID_USCC

PERMIT_NO = VALID_USCC[0] + "001P"


def permit_data(**changes):
    data = {
        "permit_no": PERMIT_NO,
        "management_class": "重点管理",
        "issuing_authority": "青岛市生态环境局",
        "issued_on": "2023-03-01",
        "valid_until": "2028-02-29",
        "report_frequencies": "年报、季报",
        "outlets": [
            {
                "code": "DA001",
                "name": "喷涂废气排放口",
                "medium": "废气",
                "kind": "有组织",
                "pollutants": [
                    {"name": "颗粒物", "limit": "20", "yearly_t": "1.2", "monitoring": "每半年"},
                    {"name": "非甲烷总烃", "limit": 60, "yearly_t": 3.5, "monitoring": "monthly"},
                ],
            },
            {
                "code": "dw001",
                "medium": "water",
                "kind": "organised",
                "pollutants": [{"name": "化学需氧量", "limit": 500, "monitoring": "quarterly"}],
            },
        ],
    }
    data.update(changes)
    return data


def test_a_permit_is_saved_with_its_outlets_and_sets_the_enterprise(store, enterprise):
    permit = permit_service.save(store, enterprise["id"], permit_data())
    assert permit["management_class"] == "key"
    assert permit["report_frequencies"] == ["annual", "quarterly"]
    assert [o["code"] for o in permit["outlets"]] == ["DA001", "DW001"]
    first = permit["outlets"][0]["pollutants"][0]
    assert first == {
        "name": "颗粒物",
        "limit": 20,
        "unit": "mg/m³",
        "yearly_t": 1.2,
        "monitoring": "semiannual",
    }
    assert permit["outlets"][1]["pollutants"][0]["unit"] == "mg/L"
    stored = enterprises.get(store, enterprise["id"])
    assert (stored["permit_no"], stored["permit_class"]) == (PERMIT_NO, "key")


def test_saving_again_keeps_outlets_by_code_and_removes_the_others(store, enterprise):
    first = permit_service.save(store, enterprise["id"], permit_data())
    kept_id = first["outlets"][0]["id"]
    data = permit_data()
    data["outlets"] = [dict(data["outlets"][0], name="改名")]
    second = permit_service.save(store, enterprise["id"], data)
    assert second["id"] == first["id"]
    assert [(o["id"], o["name"]) for o in second["outlets"]] == [(kept_id, "改名")]
    assert store.scalar("SELECT count(*) FROM permit_outlets") == 1


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"valid_until": "2023-02-01"}, "valid_until", "应晚于"),
        ({"report_frequencies": "年报、周报"}, "report_frequencies", "执行报告频次"),
        ({"management_class": "无需"}, "management_class", "管理类别"),
        ({"permit_no": VALID_USCC[0] + "01P"}, "permit_no", "22 位"),
        ({"issued_on": "2023-02-30"}, "issued_on", "发证日期"),
        (
            {"outlets": [{"code": "DA001", "medium": "废气", "kind": "有组织", "pollutants": []}]},
            "outlets[0].pollutants",
            "第 1 个排放口的污染物",
        ),
        (
            {
                "outlets": [
                    {
                        "code": "DA001",
                        "medium": "air",
                        "kind": "organised",
                        "pollutants": [{"name": "SO2", "monitoring": "hourly"}],
                    }
                ]
            },
            "outlets[0].pollutants[0].monitoring",
            "自行监测频次",
        ),
        (
            {
                "outlets": [
                    {
                        "code": "DA001",
                        "medium": "air",
                        "kind": "organised",
                        "pollutants": [{"name": "SO2", "limit": "-1"}],
                    }
                ]
            },
            "outlets[0].pollutants[0].limit",
            "许可排放浓度",
        ),
        (
            {
                "outlets": [
                    {"code": "DA001", "medium": "air", "kind": "organised", "pollutants": ["SO2"]},
                    {"code": "DA001", "medium": "air", "kind": "organised", "pollutants": ["NOx"]},
                ]
            },
            "outlets[1].code",
            "重复",
        ),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(store, enterprise, changes, field, words):
    before = store.scalar("SELECT count(*) FROM audit_log")
    with pytest.raises(ValidationError) as caught:
        permit_service.save(store, enterprise["id"], permit_data(**changes))
    assert caught.value.field == field
    assert words in caught.value.message_zh
    assert caught.value.message_en  # both languages
    assert store.scalar("SELECT count(*) FROM permits") == 0
    assert store.scalar("SELECT count(*) FROM audit_log") == before
    assert enterprises.get(store, enterprise["id"])["permit_no"] == ""


def test_a_bad_resave_keeps_the_permit_on_file(store, enterprise):
    permit_service.save(store, enterprise["id"], permit_data())
    with pytest.raises(ValidationError):
        permit_service.save(store, enterprise["id"], permit_data(valid_until="2020-01-01"))
    assert permit_service.for_enterprise(store, enterprise["id"])["valid_until"] == "2028-02-29"


def test_a_permit_number_on_file_for_another_enterprise_is_refused(store, enterprise):
    permit_service.save(store, enterprise["id"], permit_data())
    other = enterprises.add(store, {"name": "另一家公司", "uscc": VALID_USCC[1]})
    with pytest.raises(ValidationError) as caught:
        permit_service.save(store, other["id"], permit_data())
    assert caught.value.field == "permit_no" and "青岛精锐机械" in caught.value.message_zh


PERMIT_HEADER = [
    "企业名称",
    "排污许可证编号",
    "管理类别",
    "发证机关",
    "发证日期",
    "有效期至",
    "执行报告频次",
]
OUTLET_HEADER = [
    "排污许可证编号",
    "排放口编号",
    "排放口名称",
    "类别",
    "排放方式",
    "污染物",
    "许可排放浓度",
    "浓度单位",
    "许可年排放量（吨）",
    "自行监测频次",
]


def workbook(path, permits, outlets):
    book = Workbook()
    first = book.active
    first.title = "许可证"
    for row in [PERMIT_HEADER, *permits]:
        first.append(row)
    second = book.create_sheet("排放口")
    for row in [OUTLET_HEADER, *outlets]:
        second.append(row)
    book.save(path)
    return path


def test_import_saves_good_permits_and_names_bad_rows(store, enterprise, tmp_path):
    other = enterprises.add(store, {"name": "乙公司", "uscc": VALID_USCC[1]})
    third = enterprises.add(store, {"name": "丙公司", "uscc": VALID_USCC[2]})
    good_no, bad_no, late_no = PERMIT_NO, VALID_USCC[1] + "001P", VALID_USCC[2] + "001P"
    path = workbook(
        tmp_path / "permits.xlsx",
        [
            ["", good_no, "重点管理", "青岛市生态环境局", "2023-03-01", "2028-02-29", "年报、季报"],
            ["乙公司", bad_no, "简化管理", "", "2023-03-01", "2028-02-29", "年报"],
            ["丙公司", late_no, "简化管理", "", "2024-05-01", "2024-04-30", "年报"],
        ],
        [
            [good_no, "DA001", "排气筒", "废气", "有组织", "颗粒物", 20, "", 1.2, "每半年"],
            [good_no, "DA001", "排气筒", "废气", "有组织", "二氧化硫", 50, "", 2, "每半年"],
            [good_no, "DW001", "", "废水", "有组织", "化学需氧量", 500, "mg/L", None, "每季度"],
            [bad_no, "DA001", "", "废气", "有组织", "", None, "", None, ""],  # no pollutant
            [VALID_USCC[3] + "001P", "DA001", "", "废气", "有组织", "颗粒物", 20, "", 1, ""],
        ],
    )
    result = import_permits(store, path)
    assert result.saved == 1
    named = [(r.sheet, r.row, r.field) for r in result.rejected]
    assert named == [
        ("许可证", 3, "outlets"),  # its outlet row 5 is bad
        ("许可证", 4, "valid_until"),
        ("排放口", 5, "pollutants"),
        ("排放口", 6, "permit_no"),  # no such permit on the permits sheet
    ]
    assert "第 5 行" in result.rejected[0].message
    permit = permit_service.for_enterprise(store, enterprise["id"])
    assert [len(o["pollutants"]) for o in permit["outlets"]] == [2, 1]
    assert permit_service.for_enterprise(store, other["id"]) is None
    assert permit_service.for_enterprise(store, third["id"]) is None


def test_cli_import_and_enterprise_list_json(db_path, tmp_path):
    runner = CliRunner()
    with_db = ["--db", str(db_path)]
    assert runner.invoke(cli, [*with_db, "init"]).exit_code == 0
    assert (
        runner.invoke(
            cli, [*with_db, "enterprises", "add", "--name", "甲公司", "--uscc", VALID_USCC[0]]
        ).exit_code
        == 0
    )
    assert runner.invoke(cli, [*with_db, "enterprises", "add", "--name", "乙公司"]).exit_code == 0
    path = workbook(
        tmp_path / "p.xlsx",
        [["", PERMIT_NO, "登记管理", "", "2022-01-01", "2027-01-01", ""]],
        [[PERMIT_NO, "DW001", "", "废水", "有组织", "氨氮", 45, "", "", ""]],
    )
    done = runner.invoke(cli, [*with_db, "permits", "import", str(path), "--json"])
    assert done.exit_code == 0, done.output
    assert json.loads(done.output)["saved"] == 1
    listed = json.loads(runner.invoke(cli, [*with_db, "enterprises", "list", "--json"]).output)
    by_name = {e["name"]: e for e in listed}
    assert by_name["甲公司"]["permit_valid_until"] == "2027-01-01"
    assert by_name["甲公司"]["permit_class"] == "registration"
    assert by_name["乙公司"]["permit_valid_until"] is None

    bad = workbook(
        tmp_path / "bad.xlsx", [["", PERMIT_NO, "登记管理", "", "2022-01-01", "2021-01-01", ""]], []
    )
    refused = runner.invoke(cli, [*with_db, "--lang", "en", "permits", "import", str(bad)])
    assert refused.exit_code == 3
    assert "许可证 row 2 [valid_until]" in refused.output


def test_the_bundle_carries_the_permit(store, enterprise, tmp_path):
    from envhelp.io.bundle_export import export_bundle
    from envhelp.io.bundle_import import import_bundle
    from envhelp.storage import Store

    permit_service.save(store, enterprise["id"], permit_data())
    bundle = tmp_path / "b.zip"
    export_bundle(store, bundle)
    other = Store(tmp_path / "other.sqlite3", actor="other")
    try:
        import_bundle(other, bundle, trust=True)
        permit = permit_service.for_enterprise(other, enterprise["id"])
        assert permit["permit_no"] == PERMIT_NO
        assert [o["code"] for o in permit["outlets"]] == ["DA001", "DW001"]
    finally:
        other.close()


def test_bundle_rows_of_permits_pass_the_same_rules(store, enterprise):
    from envhelp.io.bundle_rows import validate_row

    permit = permit_service.save(store, enterprise["id"], permit_data())
    outlet = store.query_one("SELECT * FROM permit_outlets WHERE code = 'DA001'")
    validate_row("permits", store.get("permits", permit["id"]))
    validate_row("permit_outlets", outlet)
    with pytest.raises(ValidationError) as caught:
        validate_row("permit_outlets", {**outlet, "pollutants": "[]"})
    assert caught.value.field == "pollutants"
    with pytest.raises(ValidationError) as caught:
        validate_row("permits", {**store.get("permits", permit["id"]), "valid_until": "2020-01-01"})
    assert caught.value.field == "valid_until"


def test_the_same_permit_entered_on_two_laptops_merges_as_one_record(store, enterprise, tmp_path):
    from envhelp.io.bundle_export import export_bundle
    from envhelp.io.bundle_import import import_bundle
    from envhelp.storage import Store

    export_bundle(store, tmp_path / "first.zip")
    other = Store(tmp_path / "other.sqlite3", actor="other")
    try:
        import_bundle(other, tmp_path / "first.zip", trust=True)
        mine = permit_service.save(store, enterprise["id"], permit_data())
        theirs = permit_service.save(
            other, enterprise["id"], permit_data(issuing_authority="青岛市生态环境局城阳分局")
        )
        assert mine["id"] == theirs["id"]  # the enterprise's permit: one record everywhere
        export_bundle(store, tmp_path / "second.zip")
        summary = import_bundle(other, tmp_path / "second.zip", trust=True)
        assert other.scalar("SELECT count(*) FROM permits") == 1
        assert other.scalar("SELECT count(*) FROM permit_outlets") == 2
        assert [c["field"] for c in summary.to_dict()["conflicts"]] == ["issuing_authority"]
    finally:
        other.close()
