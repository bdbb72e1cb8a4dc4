"""The monthly summary workbook: read back with openpyxl and through LibreOffice.

Expected values are the hand counts of the data set in tests/test_summary_figures.py.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import zipfile
from datetime import date, datetime

import openpyxl
import pytest
from click.testing import CliRunner

from envhelp import i18n
from envhelp.cli import cli
from envhelp.errors import OperationCancelled
from envhelp.reports.summary import FIGURES
from envhelp.reports.summary_xlsx import sheet_names, write_summary_xlsx
from tests.test_summary_figures import MONTH, T1, T2, build_dataset

# Single-officer assistance visits, as a bureau that relaxed the two-officer rule records.
pytestmark = pytest.mark.usefixtures("one_officer_publicity")

ZH_SHEETS = [
    "概览",
    "按镇街",
    "按人员",
    "按问题类别",
    "按严重程度",
    "按行业",
    "危废检查",
    "排污许可检查",
    "按月趋势",
    "本月走访",
    "月末台账",
]
EN_SHEETS = [
    "Overview",
    "By town",
    "By officer",
    "By category",
    "By severity",
    "By industry",
    "HW checks",
    "Permit checks",
    "By month",
    "Visits",
    "Open at month end",
]

# Overview label → (本月, 本年累计), counted by hand from the data set.
OVERVIEW = {
    "走访帮扶次数（次）": (3, 5),
    "　其中：送法入企": (1, 2),
    "　其中：入厂驻企": (1, 1),
    "　其中：现场检查": (1, 2),
    "　其中：回头看": (0, 0),
    "出动执法人员（人次）": (5, 8),  # v3 王敏 李强, v4 李强, v5 张华 王敏; v1 王敏, v2 王敏 李强
    "帮扶企业数（家，去重）": (3, 4),
    "宣贯法律法规标准（部次）": (3, 4),
    "发放宣传资料（份）": (30, 35),
    "检查表份数（各类检查表）": (1, 2),
    "检查项数（符合＋不符合）": (4, 9),
    "　符合项": (2, 6),
    "　不符合项": (2, 3),
    "符合率": (0.5, 6 / 9),
    "发现问题数（个）": (5, 8),
    "　其中：立行立改": (1, 1),  # P4
    "　其中：限期整改": (4, 7),
    "　其中：跟踪督办": (0, 0),
    "　其中：移交立案": (0, 0),
    "销号问题数（期间内销号）": (2, 4),
    "整改率（期间发现问题中月末已销号）": (0.2, 0.375),
    "按期整改率": (1.0, 2 / 3),
    "反弹问题数": (1, 1),
    "企业满意度评价（次）": (2, 3),
    "　满意": (1, 1),
    "　基本满意": (1, 1),
    "　不满意": (0, 1),
    "企业满意率": (1.0, 2 / 3),
    "月末未销号问题": (5, 5),
    "　其中逾期": (2, 2),
}
RATES = {"符合率", "整改率（期间发现问题中月末已销号）", "按期整改率", "企业满意率"}
HEADER = 4  # the header row of every sheet, under the three rows of the title block


@pytest.fixture
def data(store, monkeypatch):
    store.set_setting("bureau_name", "某分局")
    return build_dataset(store, monkeypatch)


@pytest.fixture
def workbook_path(store, data, tmp_path):
    path = tmp_path / "summary.xlsx"
    write_summary_xlsx(store, MONTH, path)
    return path


def overview_rows(ws):
    return {row[0]: row[1:3] for row in ws.iter_rows(min_row=HEADER, values_only=True) if row[0]}


def table(ws, first=HEADER):
    """The rows from ``first`` down to the first blank row (the table, with its 合计 row)."""
    rows = []
    for row in ws.iter_rows(min_row=first, values_only=True):
        if all(v is None for v in row):
            break
        rows.append(row)
    return rows


def test_sheets_and_overview(workbook_path):
    wb = openpyxl.load_workbook(workbook_path)
    assert wb.sheetnames == ZH_SHEETS == sheet_names()
    ws = wb["概览"]
    assert [c.value for c in ws[HEADER]] == ["指标", "本月", "本年累计"]
    rows = overview_rows(ws)
    # Every figure of the one list the CLI and the Reports page show, in its order.
    labels = [
        r[0]
        for r in ws.iter_rows(
            min_row=HEADER + 2, max_row=HEADER + 1 + len(FIGURES), values_only=True
        )
    ]
    assert labels == [f.label for f in FIGURES]
    assert rows["统计期间"] == ("2025年3月1日—2025年3月31日", "2025年1月1日—2025年3月31日")
    for label, (month, year) in OVERVIEW.items():
        assert rows[label] == (pytest.approx(month), pytest.approx(year)), label
    for row in ws.iter_rows(min_row=HEADER + 1):
        if row[0].value in RATES:
            assert row[1].number_format == row[2].number_format == "0.0%"
        elif row[0].value in OVERVIEW:
            assert isinstance(row[1].value, int)
    # The paragraphs: each in a row merged across the three columns.
    texts = [r[0] for r in ws.iter_rows(values_only=True) if r[0] and "组织开展执法帮扶" in r[0]]
    assert texts[0].startswith("2025年3月，组织开展执法帮扶3次")
    assert texts[1].startswith("今年以来（1—3月），组织开展执法帮扶5次")
    merged = {str(m) for m in ws.merged_cells.ranges}
    paragraph_rows = [m for m in merged if re.fullmatch(r"A(\d+):C\1", m) and m != "A1:C1"]
    assert len(paragraph_rows) == 2
    assert rows["不符合次数最多的检查要求"] == ("本月", "本年累计")
    failed = [
        (r[0].split()[0], r[1], r[2])
        for r in ws.iter_rows(values_only=True)
        if r[0] and r[0].startswith("GB18597-")
    ]
    assert failed == [("GB18597-ST-02", 1, 2), ("GB18597-ST-01", 1, 1)]


def test_breakdown_sheets(workbook_path):
    wb = openpyxl.load_workbook(workbook_path)
    ws = wb["按镇街"]
    header = [c.value for c in ws[HEADER]]
    assert header[:5] == ["镇街", "本月走访次数", "本月帮扶企业", "本月发现问题", "本月销号"]
    assert header[-2:] == ["月末未销号", "月末逾期"]
    rows = {r[0]: r[1:] for r in table(ws)[1:]}
    col = {name: i - 1 for i, name in enumerate(header)}
    assert rows[T1][col["本月走访次数"]] == 2 and rows[T2][col["本月走访次数"]] == 1
    assert rows[T1][col["本年整改率"]] == pytest.approx(2 / 4)  # P11 P4 of P11 P2 P3 P4
    assert ws.cell(HEADER + 1, header.index("本年整改率") + 1).number_format == "0.0%"
    assert ws.auto_filter.ref == f"A{HEADER}:{openpyxl.utils.get_column_letter(len(header))}6"
    # 合计 below the filtered rows: the totals of the Overview, not the rows added up.
    assert list(rows)[-1] == "合计" and ws.cell(HEADER + 3, 1).font.b
    assert rows["合计"][col["本月走访次数"]] == 3 and rows["合计"][col["月末未销号"]] == 5
    assert rows["合计"][col["本年整改率"]] == pytest.approx(0.375)
    officers = {r[0]: r[1] for r in table(wb["按人员"])[1:]}
    # A visit counts once for each of its officers; the total counts it once.
    assert officers == {"王敏": 2, "李强": 2, "张华": 1, "（未关联走访）": 0, "合计": 3}
    category = [c.value for c in wb["按问题类别"][HEADER]]
    assert "本月走访次数" not in category and category[0] == "问题类别"
    assert table(wb["按问题类别"])[-1][:3] == ("合计", 5, 2)  # found, closed this month
    series = table(wb["按月趋势"])
    assert series == [
        ("月份", "走访次数", "发现问题", "销号问题"),
        ("2025-01", 1, 1, 1),
        ("2025-02", 1, 2, 1),
        ("2025-03", 3, 5, 2),
        ("合计", 5, 8, 4),
    ]
    checks = {r[0]: r for r in table(wb["危废检查"])[1:]}
    assert checks["合计"][3:] == (4, 2, 0.5, 9, 6, 3, 1, pytest.approx(6 / 9))
    # code, category, requirement, month checked / non-compliant / rate, YTD checked ...
    assert checks["GB18597-ST-02"][3:] == (1, 1, 0.0, 2, 0, 2, 0, 0.0)
    assert checks["GB18597-ST-05"][3:] == (0, 0, "—", 1, 1, 0, 1, 1.0)


def test_visits_and_month_end_ledger(workbook_path):
    wb = openpyxl.load_workbook(workbook_path)
    ws = wb["本月走访"]
    rows = list(ws.iter_rows(min_row=HEADER + 1, values_only=True))
    assert [(r[1].date(), r[2], r[3]) for r in rows] == [
        (date(2025, 3, 3), "09:30", "青岛精锐机械有限公司"),
        (date(2025, 3, 12), "09:30", "青岛海化新材料有限公司"),
        (date(2025, 3, 31), "23:59", "青岛恒通泵业有限公司"),
    ]
    assert rows[0][8] == "王敏、李强" and rows[2][8] == "张华、王敏"
    assert rows[0][9:11] == (1, 2)  # one check, two problems (P2 P3; P9 was cancelled)
    assert rows[0][12:14] == (20, "满意") and rows[2][12:14] == (10, "基本满意")
    assert ws["B5"].number_format == 'yyyy"年"m"月"d"日"'  # dates as documents write them
    # User text that looks like a formula stays text, exactly as typed.
    guidance, representative = ws.cell(5, 15), ws.cell(5, 12)
    assert (guidance.value, guidance.data_type) == ("=SUM(1,2)", "s")
    assert guidance.quotePrefix
    assert (representative.value, representative.data_type) == ("+8613800000000", "s")
    ledger_rows = list(wb["月末台账"].iter_rows(min_row=HEADER + 1, values_only=True))
    assert len(ledger_rows) == 5
    first = ledger_rows[0]  # earliest deadline as it stood on 03-31: P8's 03-10
    assert first[7] == "-一般固废露天堆放"
    assert first[9] == datetime(2025, 3, 10) and first[11:13] == ("是", 21)
    assert first[14] == "待整改"  # still open today
    statuses = sorted(r[10] for r in ledger_rows)
    assert statuses == ["待整改", "待整改", "待整改", "待整改", "整改中"]
    assert sorted(r[14] for r in ledger_rows) == ["已撤销", "已销号", "待整改", "待整改", "整改中"]


def test_layout_print_and_properties(workbook_path):
    wb = openpyxl.load_workbook(workbook_path)
    assert not wb.properties.creator  # no current officer chosen: no author
    assert wb.properties.title == "某分局2025年3月执法帮扶工作月报"
    assert wb.properties.subject == "月度帮扶工作汇总"
    with zipfile.ZipFile(workbook_path) as z:
        assert "<Company>某分局</Company>" in z.read("docProps/app.xml").decode("utf-8")
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A5", ws.title
        wide = sum(ws.column_dimensions[c].width for c in ws.column_dimensions) > 100
        expected = "landscape" if wide or ws.title == "按月趋势" else "portrait"
        assert ws.page_setup.orientation == expected, ws.title
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4 == "9"
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
        assert ws.print_title_rows == "$4:$4"
        assert ws.oddFooter.center.text == "第&P页 共&N页"
        assert ws.column_dimensions["A"].width >= 12
        # The title block: title, bureau and 截至, what the sheet holds, 制表人 / 审核人.
        assert ws["A1"].value == f"某分局2025年3月执法帮扶工作月报·{ws.title}"
        assert ws["A2"].value == "填报单位：某分局" and ws["A3"].value.startswith("统计范围：本月")
        right = [c.value for c in ws[2] + ws[3] if c.value and c.column > 1]
        assert right[0].startswith("截至：") and right[1].startswith("制表人：")
        assert "审核人：" in right[1]
        if ws.title != "概览":
            assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A4:"), ws.title
    assert [wb["概览"].column_dimensions[c].width for c in "ABC"] == [46, 24, 24]


def test_native_bar_charts(workbook_path):
    with zipfile.ZipFile(workbook_path) as z:
        charts = sorted(n for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n))
        xml = [z.read(n).decode("utf-8") for n in charts]
        rels = "".join(
            z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/_rels/")
        )
    assert len(charts) == 2
    assert all('<barChart><barDir val="col"/>' in x for x in xml)
    town = next(x for x in xml if "'按镇街'!" in x)
    assert "'按镇街'!B4" in town and "'按镇街'!F4" in town  # month and YTD visits
    assert "'按镇街'!$A$5:$A$6" in town and "'按镇街'!$F$5:$F$6" in town  # not the 合计 row
    trend = next(x for x in xml if "'按月趋势'!" in x)
    assert "'按月趋势'!C4" in trend and "'按月趋势'!D4" in trend  # found vs closed
    assert "'按月趋势'!$A$5:$A$7" in trend and "'按月趋势'!$D$5:$D$7" in trend
    assert rels.count("drawing") >= 2


def test_english_workbook(store, data, tmp_path):
    i18n.set_language("en")
    path = tmp_path / "en.xlsx"
    write_summary_xlsx(store, MONTH, path, rounded=True)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == EN_SHEETS
    rows = overview_rows(wb["Overview"])
    assert rows["Assistance visits"] == (3, 5)
    assert rows["Officer attendances (person-visits)"] == (5, 8)
    assert rows["Figure"] == ("This month", "Year to date")
    assert wb.properties.subject == "Monthly assistance summary"
    assert any(isinstance(k, str) and k.startswith("In March 2025, officers made") for k in rows)
    assert [c.value for c in wb["By town"][HEADER]][0] == "Town"
    assert wb["By town"]["A1"].value.startswith("某分局 assistance work report, 2025-03")


def test_progress_cancel_and_atomic_write(store, data, tmp_path):
    path = tmp_path / "summary.xlsx"
    path.write_bytes(b"old report")
    calls = []
    write_summary_xlsx(store, MONTH, path, progress=lambda d, t: calls.append((d, t)))
    total = calls[-1][1]
    assert calls[-1] == (total, total) and total > 10
    assert [d for d, _ in calls] == list(range(1, total + 1))  # one call per step, in order
    assert zipfile.is_zipfile(path)
    # Cancelled half-way through the sheets: the previous file stays, no temporary is left.
    path.write_bytes(b"old report")
    with pytest.raises(OperationCancelled):
        write_summary_xlsx(
            store,
            MONTH,
            path,
            cancelled=lambda: len(calls) > total + 14,
            progress=lambda d, t: calls.append((d, t)),
        )
    assert path.read_bytes() == b"old report"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_cli_writes_workbook(store, data, db_path, tmp_path):
    store.close()
    out = tmp_path / "out" / "三月.xlsx"
    result = CliRunner().invoke(
        cli, ["--db", str(db_path), "summary", "--month", MONTH, "-o", str(out), "--rounded"]
    )
    assert result.exit_code == 0, result.output
    assert f"已生成：{out}" in result.output
    rows = overview_rows(openpyxl.load_workbook(out)["概览"])
    assert "工作报告用语（约数（“余”））" in rows
    blocked = tmp_path / "a-file"
    blocked.write_text("x")
    result = CliRunner().invoke(
        cli, ["--db", str(db_path), "summary", "--month", MONTH, "-o", str(blocked / "x.xlsx")]
    )
    assert result.exit_code == 2
    assert "无法写入文件" in result.output


# -- LibreOffice as a second reader ----------------------------------------------------------

CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


def libreoffice_csv(path, tmp_path) -> dict[str, list[list[str]]]:
    """Every sheet of ``path`` as read by LibreOffice (UTF-8 csv, one file per sheet)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.fail("LibreOffice (soffice) is not installed: run scripts/setup.sh --test")
    out = tmp_path / "lo-out"
    profile = tmp_path / "lo-profile"
    env = {**os.environ, "HOME": str(tmp_path / "lo-home")}
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            CSV_FILTER,
            "--outdir",
            str(out),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        env=env,
    )
    sheets = {}
    for name in sheet_names():
        with open(out / f"{path.stem}-{name}.csv", encoding="utf-8", newline="") as f:
            sheets[name] = list(csv.reader(f))
    return sheets


def lo_date(text: str) -> date:
    """A date cell as LibreOffice's csv writes it: its print shows 2025年3月31日, its csv
    filter may use the locale's date instead (03/31/2025)."""
    for fmt in ("%Y年%m月%d日", "%m/%d/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise AssertionError(f"not a date: {text!r}")


def number(text: str) -> float:
    return float(text[:-1]) / 100 if text.endswith("%") else float(text)


@pytest.mark.libreoffice
def test_libreoffice_reads_the_same_figures(store, data, workbook_path, tmp_path):
    sheets = libreoffice_csv(workbook_path, tmp_path)
    overview = {row[0]: row[1:3] for row in sheets["概览"] if row and row[0]}
    for label, (month, year) in OVERVIEW.items():
        got = tuple(number(v) for v in overview[label])
        assert got == (pytest.approx(month), pytest.approx(year)), label
    # Cross-check two headline figures with plain counts straight from the database.
    visits_march = store.scalar(
        "SELECT count(*) FROM visits WHERE status = 'final' AND date LIKE '2025-03-%'"
    )
    assert number(overview["走访帮扶次数（次）"][0]) == visits_march
    assert any(k.startswith("2025年3月，组织开展执法帮扶3次") for k in overview)
    town = {row[0]: row for row in sheets["按镇街"][HEADER:]}
    assert town[T1][1:5] == ["2", "2", "3", "1"] and town[T2][-2:] == ["2", "1"]
    visits = sheets["本月走访"]
    assert len(visits) == HEADER + visits_march
    assert visits[HEADER][14] == "=SUM(1,2)"  # shown as typed, never calculated
    assert visits[HEADER][11] == "+8613800000000"
    assert lo_date(visits[HEADER + 2][1]) == date(2025, 3, 31) and visits[HEADER + 2][2] == "23:59"
    ledger = sheets["月末台账"]
    assert len(ledger) == HEADER + 5
    assert ledger[HEADER][7] == "-一般固废露天堆放" and lo_date(ledger[HEADER][9]) == date(
        2025, 3, 10
    )
    assert sheets["按月趋势"][HEADER:] == [
        ["2025-01", "1", "1", "1"],
        ["2025-02", "1", "2", "1"],
        ["2025-03", "3", "5", "2"],
        ["合计", "5", "8", "4"],
    ]
