"""Importing enterprises from .xlsx: row numbers, rejected rows, re-import, headers, exit codes."""

from __future__ import annotations

import json
import zipfile

import pytest
from click.testing import CliRunner
from openpyxl import Workbook, load_workbook

from envhelp import paths
from envhelp.cli import cli
from envhelp.domain import enterprises
from envhelp.io import enterprise_import
from envhelp.io.enterprise_import import import_enterprises
from envhelp.io.enterprise_import_result import RejectedRow
from envhelp.io.enterprise_template import write_import_template
from envhelp.io.errors import UnreadableInputError
from envhelp.io.xlsx_input import normalize_header
from tests.conftest import VALID_USCC

ZH_HEADER = [
    "企业名称",
    "统一社会信用代码",
    "法定代表人",
    "联系人",
    "联系电话",
    "地址",
    "镇街",
    "行业",
    "排污许可证编号",
    "排污许可管理类别",
    "危险废物类别",
    "备注",
]


def make_xlsx(path, rows, title=None):
    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.append([title])
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def row(name="", uscc="", town="", phone="", hw="", permit_class="", notes=""):
    return [name, uscc, "", "", phone, "", town, "", "", permit_class, hw, notes]


def enterprise_count(store):
    return store.scalar("SELECT count(*) FROM enterprises")


def audit_count(store):
    return store.scalar("SELECT count(*) FROM audit_log")


@pytest.fixture
def mixed_file(tmp_path):
    return make_xlsx(
        tmp_path / "mixed.xlsx",
        [
            ZH_HEADER,
            row(
                "青岛蓝海化工有限公司",
                VALID_USCC[1],
                "城阳街道",
                "0532-88886666",
                "HW08, hw49",
                "重点管理",
            ),
            row("坏代码公司", "91350100M000100Y44", "流亭街道"),  # wrong check character
            row("", VALID_USCC[2]),  # no name
            [None] * 12,  # blank line: skipped, still counted in Excel's numbering
            row("胶州宏达印染厂", "", "胶东街道", hw="HW99"),  # unknown HW category
            row("平度金属制品有限公司", VALID_USCC[3], "同和街道", permit_class="简化管理"),
        ],
    )


def test_good_rows_go_in_and_bad_rows_are_named_by_excel_row(store, mixed_file):
    result = import_enterprises(store, mixed_file)

    assert (result.added, result.updated, result.unchanged) == (2, 0, 0)
    assert [(r.row, r.field) for r in result.rejected] == [
        (3, "uscc"),
        (4, "name"),
        (6, "hw_categories"),
    ]
    assert all(isinstance(r, RejectedRow) and r.message for r in result.rejected)
    assert "HW99" in result.rejected[2].message
    names = {r["name"] for r in store.query("SELECT name FROM enterprises")}
    assert names == {"青岛蓝海化工有限公司", "平度金属制品有限公司"}
    stored = enterprises.list_page(store, search="蓝海")[0]
    assert stored["uscc"] == VALID_USCC[1]
    assert stored["hw_categories"] == ["HW08", "HW49"]
    assert stored["permit_class"] == "key"
    assert stored["contact_phone"] == "0532-88886666"
    # Only the two good rows left a trace in the audit log.
    assert store.scalar("SELECT count(*) FROM audit_log WHERE table_name = 'enterprises'") == 2


def test_reimport_adds_nothing(store, mixed_file):
    import_enterprises(store, mixed_file)
    before = audit_count(store)

    again = import_enterprises(store, mixed_file)

    assert (again.added, again.updated, again.unchanged) == (0, 0, 2)
    assert [r.row for r in again.rejected] == [3, 4, 6]
    assert enterprise_count(store) == 2
    assert audit_count(store) == before


def test_english_headers_in_any_order_with_variants(store, tmp_path):
    path = make_xlsx(
        tmp_path / "en.xlsx",
        [
            [
                "Town/Subdistrict",
                " Name ",
                "USCC",
                "Contact Phone",
                "Permit class",
                "HW categories",
                "Legal Rep",
                "Remarks",
                "Shoe size",
            ],
            [
                "Liuting",
                "Qingdao Blue Sea Chemical",
                VALID_USCC[1],
                13800138000,
                "Key management",
                "HW08",
                "Zhang San",
                "imported",
                "42",
            ],
        ],
    )
    result = import_enterprises(store, path)

    assert (result.added, result.rejected) == (1, [])
    assert result.ignored_columns == ["Shoe size"]
    stored = enterprises.list_page(store)[0]
    assert stored["name"] == "Qingdao Blue Sea Chemical"
    assert stored["town"] == "Liuting"
    assert stored["contact_phone"] == "13800138000"  # a number cell, not "13800138000.0"
    assert stored["permit_class"] == "key"
    assert stored["legal_rep"] == "Zhang San"
    assert stored["notes"] == "imported"


@pytest.mark.parametrize(
    "header, key",
    [
        ("企业名称（必填）", "name"),
        ("*企业名称", "name"),
        ("所属镇街", "town"),
        ("USCC", "uscc"),
        ("uscc", "uscc"),
        ("统一社会信用代码", "uscc"),
        ("镇(街道)", "town"),
        ("town", "town"),
        ("危废类别", "hw_categories"),
        ("法人代表", "legal_rep"),
    ],
)
def test_header_variants_are_recognized(header, key):
    from envhelp.io.enterprise_headers import _HEADER_INDEX

    assert _HEADER_INDEX[normalize_header(header)] == key


def test_duplicates_within_the_file_are_rejected(store, tmp_path):
    path = make_xlsx(
        tmp_path / "dup.xlsx",
        [
            ZH_HEADER,
            row("青岛蓝海化工有限公司", VALID_USCC[1]),
            row("青岛蓝海化工（重复）", VALID_USCC[1].lower()),  # same code, typed loosely
            row("无代码企业"),
            row("无代码企业"),
        ],
    )
    result = import_enterprises(store, path)

    assert result.added == 2
    assert [(r.row, r.field) for r in result.rejected] == [(3, "uscc"), (5, "name")]
    assert "2" in result.rejected[0].message and "4" in result.rejected[1].message
    assert enterprise_count(store) == 2


def test_existing_enterprise_is_matched_not_duplicated(store, enterprise, tmp_path):
    # Same USCC, a new contact: the stored record is updated; the blank town keeps its value.
    path = make_xlsx(
        tmp_path / "update.xlsx",
        [
            ["企业名称", "统一社会信用代码", "联系人", "镇街"],
            [enterprise["name"], enterprise["uscc"], "赵六", None],
        ],
    )
    result = import_enterprises(store, path)

    assert (result.added, result.updated, result.unchanged) == (0, 1, 0)
    stored = enterprises.get(store, enterprise["id"])
    assert stored["contact_person"] == "赵六"
    assert stored["town"] == enterprise["town"]
    assert enterprise_count(store) == 1

    # By exact name when the row has no code; identical data counts as unchanged.
    path2 = make_xlsx(
        tmp_path / "byname.xlsx",
        [
            ["企业名称", "镇街"],
            [enterprise["name"], enterprise["town"]],
        ],
    )
    result2 = import_enterprises(store, path2)
    assert (result2.added, result2.updated, result2.unchanged) == (0, 0, 1)


def test_header_below_a_title_row_keeps_excel_numbering(store, tmp_path):
    path = make_xlsx(
        tmp_path / "title.xlsx",
        [ZH_HEADER, row("好企业"), row("")[:1] + ["坏"]],
        title="2026 年城阳区企业名录",
    )
    result = import_enterprises(store, path)

    assert result.header_row == 2
    assert result.added == 1
    assert [(r.row, r.field) for r in result.rejected] == [(4, "name")]


def test_uscc_stored_as_a_number_gets_a_specific_message(store, tmp_path):
    path = make_xlsx(
        tmp_path / "num.xlsx", [["企业名称", "USCC"], ["数字代码公司", 911302307808371268]]
    )
    result = import_enterprises(store, path)

    assert [(r.row, r.field) for r in result.rejected] == [(2, "uscc")]
    assert "数字" in result.rejected[0].message
    assert enterprise_count(store) == 0


def test_unreadable_files_are_refused(store, tmp_path):
    not_xlsx = tmp_path / "list.xlsx"
    not_xlsx.write_text("name,uscc\nA,B\n", encoding="utf-8")
    no_header = make_xlsx(tmp_path / "noheader.xlsx", [["foo", "bar"], ["1", "2"]])

    for path in (tmp_path / "missing.xlsx", not_xlsx, no_header):
        with pytest.raises(UnreadableInputError):
            import_enterprises(store, path)
    assert enterprise_count(store) == 0


def test_template_is_recognized_and_usable(store, tmp_path):
    path = write_import_template(tmp_path / "t.xlsx")
    empty = import_enterprises(store, path)
    assert (empty.added, empty.rejected, empty.header_row) == (0, [], 1)

    workbook = load_workbook(path)
    assert [c.value for c in workbook.active[1]] == [f.zh for f in enterprises.FIELDS]
    workbook.active.append(
        ["模板企业", VALID_USCC[0], "", "", "", "", "城阳街道", "", "", "登记管理", "HW49", ""]
    )
    workbook.save(path)
    result = import_enterprises(store, path)
    assert (result.added, result.rejected) == (1, [])
    assert enterprises.list_page(store)[0]["permit_class"] == "registration"


def test_shipped_template_matches_the_generator():
    shipped = paths.resource("templates", "enterprises-import-template.xlsx")
    workbook = load_workbook(shipped, read_only=True)
    try:
        header = next(workbook.active.iter_rows(values_only=True))
    finally:
        workbook.close()
    assert list(header) == [f.zh for f in enterprises.FIELDS]


def test_cli_exit_codes(db_path, mixed_file, tmp_path):
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", str(db_path), "init"]).exit_code == 0
    good = make_xlsx(tmp_path / "good.xlsx", [ZH_HEADER, row("好企业", VALID_USCC[0])])

    ok = runner.invoke(cli, ["--db", str(db_path), "enterprises", "import", str(good)])
    assert ok.exit_code == 0, ok.output
    assert "新增 1" in ok.output

    some_bad = runner.invoke(
        cli,
        ["--db", str(db_path), "--lang", "en", "enterprises", "import", str(mixed_file), "--json"],
    )
    assert some_bad.exit_code == 3
    report = json.loads(some_bad.output)
    assert report["added"] == 2
    assert [r["row"] for r in report["rejected"]] == [3, 4, 6]
    assert report["rejected"][0]["field"] == "uscc"

    text = runner.invoke(
        cli, ["--db", str(db_path), "--lang", "en", "enterprises", "import", str(mixed_file)]
    )
    assert text.exit_code == 3
    assert "Row 3 [uscc]" in text.output

    missing = runner.invoke(
        cli, ["--db", str(db_path), "enterprises", "import", str(tmp_path / "nope.xlsx")]
    )
    assert missing.exit_code == 2
    assert "nope.xlsx" in missing.output


def _inflated(source, target, member="xl/worksheets/sheet1.xml", padding=40 * 1024**2):
    """``source`` with ``padding`` spaces inside one XML member: tiny compressed, huge inflated."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == member:
                data = data.replace(b"<sheetData>", b"<sheetData>" + b" " * padding, 1)
            out.writestr(info.filename, data)
    return target


def test_a_zip_bomb_workbook_is_refused_before_it_is_inflated(store, tmp_path):
    good = make_xlsx(tmp_path / "good.xlsx", [ZH_HEADER, row("甲公司")])
    bomb = _inflated(good, tmp_path / "bomb.xlsx")
    assert bomb.stat().st_size < 1024**2  # 40 MB of XML in well under 1 MB
    with pytest.raises(UnreadableInputError, match="压缩炸弹"):
        import_enterprises(store, bomb)
    assert enterprise_count(store) == 0


def test_a_sheet_longer_than_the_limit_is_refused_whole(store, tmp_path, monkeypatch):
    monkeypatch.setattr(enterprise_import, "MAX_ROWS", 3)
    sheet = make_xlsx(tmp_path / "long.xlsx", [ZH_HEADER, *(row(f"企业{i}") for i in range(5))])
    before = audit_count(store)
    with pytest.raises(UnreadableInputError, match="超过 3 行"):
        import_enterprises(store, sheet)
    assert (enterprise_count(store), audit_count(store)) == (0, before)
