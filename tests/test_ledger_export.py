"""The ledger Excel export: read back with openpyxl and compared with the database."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from envhelp import i18n
from envhelp.cli import cli
from envhelp.domain import enterprises, ledger, ledger_list, problems, visits
from envhelp.errors import OperationCancelled
from envhelp.reports import ledger_xlsx, xlsx_cells, xlsx_common
from tests.conftest import VALID_USCC, draft_visit

TODAY = date(2026, 4, 10)
HEADERS_ZH = [
    "序号",
    "记录编号",
    "企业名称",
    "统一社会信用代码",
    "镇街",
    "发现日期",
    "问题类别",
    "问题描述",
    "严重程度",
    "处理方式",
    "法律依据",
    "整改要求",
    "整改期限",
    "状态",
    "企业整改方案",
    "销号日期",
    "核查人员",
    "销号核查方式及情况",
    "逾期天数",
    "跟踪记录",
]
HEADERS_EN = [
    "No.",
    "Record no.",
    "Enterprise",
    "USCC",
    "Town",
    "Found on",
    "Category",
    "Description",
    "Severity",
    "Handling",
    "Legal basis",
    "Requirement",
    "Deadline",
    "State",
    "Enterprise's plan",
    "Closed on",
    "Verified by",
    "How it was verified",
    "Days overdue",
    "Follow-up record",
]
HANDLING_ZH = {"on_the_spot": "立行立改", "deadline": "限期整改"}
STATUS_ZH = {"open": "待整改", "rectifying": "整改中", "closed": "已销号", "cancelled": "已撤销"}
CATEGORY_ZH = {"hazardous_waste": "危险废物", "air": "废气", "water": "废水"}
SEVERITY_ZH = {"major": "重大", "minor": "一般"}
METHOD_ZH = {"document_review": "资料审核", "on_site": "现场立行立改", None: None, "": None}


@pytest.fixture
def ledger_data(store, enterprise, officer, officer2):
    other = enterprises.add(
        store, {"name": "北区化工有限公司", "uscc": VALID_USCC[1], "town": "夏庄街道"}
    )
    no_code = enterprises.add(store, {"name": "无代码小作坊"})
    va = draft_visit(
        store,
        enterprise["id"],
        [officer["id"], officer2["id"]],
        "inspection",
        day="2026-03-05",
        time=None,
    )
    vb = draft_visit(store, other["id"], [officer2["id"]], "stationed", day="2026-03-12", time=None)
    specs = [
        (
            enterprise,
            va,
            {"description": '=HYPERLINK("http://x","点我")', "deadline": "2026-03-20"},
        ),
        (
            enterprise,
            va,
            {
                "description": "+86 电话未公示",
                "requirement": "-立即整改",
                "severity": "major",
                "deadline": "2026-04-30",
            },
        ),
        (
            enterprise,
            va,
            {"description": "@备注 标签缺失", "handling": "on_the_spot", "deadline": None},
        ),
        (
            other,
            vb,
            {
                "description": "废水排放口标识不清",
                "category": "water",
                "found_on": "2026-03-12",
                "deadline": "2026-03-31",
            },
        ),
        (
            other,
            vb,
            {
                "description": "废气收集罩破损",
                "category": "air",
                "found_on": "2026-03-12",
                "deadline": "2026-03-25",
            },
        ),
        (no_code, None, {"description": "危废混放\n未分区", "deadline": "2026-04-01"}),
    ]
    made = []
    for ent, visit, extra in specs:
        data = {
            "enterprise_id": ent["id"],
            "visit_id": visit["id"] if visit else None,
            "found_on": "2026-03-05",
            "description": "x",
            "category": "hazardous_waste",
            "requirement": "按规范整改",
            **extra,
        }
        made.append(problems.create(store, data))
    ledger.close(
        store,
        made[0]["id"],
        verified_on="2026-03-25",
        officer_id=officer["id"],
        method="document_review",
        note="资料齐全",
        today=TODAY,
    )
    ledger.close(
        store,
        made[3]["id"],
        verified_on="2026-03-30",
        officer_id=officer2["id"],
        method="document_review",
        note="已整改",
        today=TODAY,
    )
    ledger.mark_rectifying(store, made[4]["id"], plan="更换收集罩", promised_on="2026-03-24")
    ledger.cancel(store, made[5]["id"], "录入错误")
    return made


def expected_rows(store, where="", params=()):
    """The ledger as the database holds it, computed here without the export code."""
    rows = store.query(
        "SELECT v.record_no, e.name, e.uscc, e.town, p.found_on, p.category, p.severity, "
        "p.description, p.handling, p.legal_basis, p.requirement, p.deadline, p.status, "
        "p.rectify_plan, p.closed_on, o.name AS officer, p.close_method, p.close_note "
        "FROM problems p JOIN enterprises e ON e.id = p.enterprise_id "
        "LEFT JOIN visits v ON v.id = p.visit_id "
        f"LEFT JOIN officers o ON o.id = p.closed_by {where} "
        "ORDER BY p.deadline IS NULL, p.deadline, p.found_on, p.id",
        params,
    )
    out = []
    for r in rows:
        if r["status"] in ("open", "rectifying") and r["deadline"]:
            late = (TODAY - date.fromisoformat(r["deadline"])).days
        elif r["status"] == "closed" and r["deadline"]:
            late = (date.fromisoformat(r["closed_on"]) - date.fromisoformat(r["deadline"])).days
        else:
            late = 0

        def day(v):
            return datetime.fromisoformat(v) if v else None

        how = METHOD_ZH[r["close_method"]]
        if how and r["close_note"]:
            how += "：" + r["close_note"]
        out.append(
            [
                len(out) + 1,
                r["record_no"],
                r["name"],
                r["uscc"],
                r["town"] or None,
                day(r["found_on"]),
                CATEGORY_ZH[r["category"]],
                r["description"],
                SEVERITY_ZH[r["severity"]],
                HANDLING_ZH[r["handling"]],
                r["legal_basis"] or None,
                r["requirement"] or None,
                day(r["deadline"]),
                STATUS_ZH[r["status"]],
                r["rectify_plan"] or None,
                day(r["closed_on"]),
                r["officer"],
                how,
                late if late > 0 else None,
                None,
            ]
        )
    return out


HEADER_ROW = 4  # under the three rows of the title block


def read_back(path):
    """(workbook, sheet, header + table rows); the title block and totals are left out."""
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    rows = []
    for r in ws.iter_rows(min_row=HEADER_ROW, values_only=True):
        if not any(v is not None for v in r):
            break  # the blank row before the totals
        rows.append(list(r))
    return wb, ws, rows


def totals(ws):
    """The totals block under the table: label → count."""
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[1] in ("合计", "Total"))
    return {r[1].strip("　 "): r[2] for r in rows[start:] if r[1]}


def test_export_matches_database_row_for_row(store, ledger_data, tmp_path):
    target = tmp_path / "台账.xlsx"
    written = ledger_xlsx.export_ledger(store, target, today=TODAY)
    assert written == 6
    wb, ws, rows = read_back(target)
    assert ws.title == "问题台账"
    assert rows[0] == HEADERS_ZH
    assert rows[1:] == expected_rows(store)
    # Sheet set-up: frozen header, filter over every row, widths, A4 landscape.
    assert ws.freeze_panes == "A5"
    assert ws.auto_filter.ref == "A4:T10"
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4) == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$4:$4"
    assert ws.column_dimensions["H"].width == 28
    assert ws["A4"].font.b
    # Totals by status under the table.
    assert totals(ws) == {
        "合计": 6,
        "其中待整改": 1,
        "其中整改中": 1,
        "其中已销号": 3,
        "其中已撤销": 1,
        "其中逾期未销号": 1,
    }
    # Text that looks like a formula stays text, exactly as typed.
    cells = {c.value: c for row in ws.iter_rows(min_row=5) for c in row}
    formula = cells['=HYPERLINK("http://x","点我")']
    assert formula.data_type == "s" and formula.quotePrefix
    for text in ("+86 电话未公示", "-立即整改", "@备注 标签缺失"):
        assert cells[text].data_type == "s" and cells[text].quotePrefix
    assert not cells["废水排放口标识不清"].quotePrefix
    assert cells[datetime(2026, 3, 5)].number_format == xlsx_cells.DATE_FORMATS["zh"]
    assert not list(tmp_path.glob("*.part"))


def test_export_in_english_with_filters(store, ledger_data, tmp_path):
    i18n.set_language("en")
    target = tmp_path / "ledger.xlsx"
    flt = ledger_list.LedgerFilter(status="open", town="城阳街道")
    assert ledger_xlsx.export_ledger(store, target, flt, today=TODAY) == 1
    _, ws, rows = read_back(target)
    assert ws.title == "Problem ledger"
    assert rows[0] == HEADERS_EN
    assert rows[1][7] == "+86 电话未公示" and rows[1][13] == "Open" and rows[1][8] == "Major"
    assert ws["A3"].value == "Covers: State: Open; Town: 城阳街道"


def test_progress_and_cancel_leave_no_file(store, ledger_data, tmp_path, monkeypatch):
    monkeypatch.setattr(ledger_xlsx, "PROGRESS_EVERY", 2)
    seen = []
    target = tmp_path / "ok.xlsx"
    ledger_xlsx.export_ledger(
        store, target, today=TODAY, progress=lambda done, total: seen.append((done, total))
    )
    assert seen == [(2, 6), (4, 6), (6, 6)]

    from openpyxl.worksheet._writer import ALL_TEMP_FILES

    openpyxl_temp = [f for f in ALL_TEMP_FILES if Path(f).exists()]
    existing = tmp_path / "old.xlsx"
    existing.write_bytes(b"previous export")
    calls = []

    def cancel():
        calls.append(1)
        return len(calls) > 1  # cancel after the first chunk has been written

    with pytest.raises(OperationCancelled) as err:
        ledger_xlsx.export_ledger(store, existing, today=TODAY, cancel=cancel)
    assert "取消" in str(err.value)
    assert existing.read_bytes() == b"previous export"
    with pytest.raises(OperationCancelled):
        ledger_xlsx.export_ledger(store, tmp_path / "new.xlsx", today=TODAY, cancel=lambda: True)
    assert sorted(p.name for p in tmp_path.glob("*.xlsx*")) == ["ok.xlsx", "old.xlsx"]
    assert not list(tmp_path.glob(".*"))  # no temporary file left behind
    assert [f for f in ALL_TEMP_FILES if Path(f).exists()] == openpyxl_temp


def test_empty_ledger_still_has_header_and_filter(store, tmp_path):
    target = tmp_path / "empty.xlsx"
    assert ledger_xlsx.export_ledger(store, target, today=TODAY) == 0
    _, ws, rows = read_back(target)
    assert rows == [HEADERS_ZH] and ws.auto_filter.ref == "A4:T4"
    assert totals(ws)["合计"] == 0


def test_row_writer_drops_illegal_control_characters(tmp_path):
    wb = xlsx_common.new_workbook()
    ws = wb.create_sheet("t")
    writer = xlsx_cells.RowWriter(ws, [True, False])
    writer.append(["a\x01b", "=1+1\x0b", date(2026, 1, 2), 3, None])
    wb.save(tmp_path / "t.xlsx")
    row = next(openpyxl.load_workbook(tmp_path / "t.xlsx")["t"].iter_rows(values_only=True))
    assert row == ("ab", "=1+1", datetime(2026, 1, 2), 3)
    cells = next(openpyxl.load_workbook(tmp_path / "t.xlsx")["t"].iter_rows())
    assert {c.alignment.vertical for c in cells} == {"top"}  # a wrapped row reads across


def test_cli_ledger_export(store, ledger_data, db_path, tmp_path):
    runner = CliRunner()
    out = tmp_path / "cli.xlsx"

    def run(*args):
        return runner.invoke(cli, ["--db", str(db_path), *args], catch_exceptions=False)

    result = run("ledger", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "6" in result.output
    _, _, rows = read_back(out)
    assert len(rows) == 7 and rows[0] == HEADERS_ZH

    assert run("ledger", "-o", str(out), "--status", "closed").exit_code == 0
    assert len(read_back(out)[2]) == 4  # header + two closed + one fixed on the spot
    assert run("ledger", "-o", str(out), "--town", "夏庄街道").exit_code == 0
    assert len(read_back(out)[2]) == 3
    # Overdue today (the real today, after every deadline here): the two open ones left.
    assert run("ledger", "-o", str(out), "--overdue", "--lang", "en").exit_code == 0
    _, _, rows = read_back(out)
    assert rows[0] == HEADERS_EN
    assert sorted(r[7] for r in rows[1:]) == ["+86 电话未公示", "废气收集罩破损"]
    bad = run("ledger", "-o", str(tmp_path / "x.csv"))
    assert bad.exit_code == 3 and ".xlsx" in bad.output


def test_follow_up_record_and_record_number(store, ledger_data, tmp_path):
    """跟踪记录: each extension / 回头看 still open, dated, with its visit's record number."""
    made = ledger_data
    ledger.extend_deadline(store, made[1]["id"], "2026-05-15", "企业申请延期")
    visits.finalize(store, made[0]["visit_id"])  # a record number is given on finalizing
    target = tmp_path / "台账.xlsx"
    ledger_xlsx.export_ledger(store, target, today=TODAY)
    _, _, rows = read_back(target)
    by_text = {r[7]: r for r in rows[1:]}
    follow = by_text["+86 电话未公示"][19]
    assert follow == f"{date.today().isoformat()} 延期至2026-05-15：企业申请延期"
    assert by_text["废水排放口标识不清"][19] is None
    visit_no = store.get("visits", made[0]["visit_id"])["record_no"]
    assert visit_no and by_text['=HYPERLINK("http://x","点我")'][1] == visit_no
    assert by_text["危废混放\n未分区"][1] is None  # found without a visit


def test_filters_in_words_name_people_and_dates_never_ids(store, ledger_data, officer, enterprise):
    flt = ledger_list.LedgerFilter(
        status=("open", "rectifying"),
        overdue=True,
        town="城阳街道",
        officer_id=officer["id"],
        enterprise_id=enterprise["id"],
        found_from="2026/3/5",
        deadline_to=date(2026, 4, 30),
    )
    words = ledger_xlsx.describe_filter(store, flt, TODAY)
    assert words == (
        "状态：待整改、整改中；逾期（截至2026年4月10日）；镇街：城阳街道；"
        f"执法人员：{officer['name']}；企业：{enterprise['name']}；"
        "发现日期：2026年3月5日—…；整改期限：…—2026年4月30日"
    )
    assert officer["id"] not in words and enterprise["id"] not in words
    assert ledger_xlsx.describe_filter(store, None, TODAY) == "全部问题"
