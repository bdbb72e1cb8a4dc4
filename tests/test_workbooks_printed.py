"""Both workbooks as a bureau files them: printed to PDF by LibreOffice, files' permissions.

The data set is the summary's (tests/test_summary_figures.py) plus the texts that broke
printing: a 2,000-character description, long guidance, wrapped names and requirements.
"""

from __future__ import annotations

import os
import stat
from datetime import date

import openpyxl
import pytest

from envhelp.domain import officers, problems
from envhelp.reports import ledger_xlsx, xlsx_heights
from envhelp.reports.summary_xlsx import write_summary_xlsx
from tests.printed import overlapping_words, pages, to_pdf
from tests.test_summary_figures import MONTH, build_dataset

TODAY = date(2025, 4, 10)
HUGE = "危险废物贮存库地面未做防渗处理，渗滤液收集沟堵塞，" * 80  # 2,000 characters


@pytest.fixture
def filed(store, monkeypatch, tmp_path):
    """The ledger and the March summary of the data set, with long texts and a bureau."""
    store.set_setting("bureau_name", "青岛市即墨区生态环境分局")
    data = build_dataset(store, monkeypatch)
    officers.set_current(store, data.a["id"])
    problems.create(
        store,
        {
            "enterprise_id": data.e1["id"],
            "visit_id": data.v3["id"],
            "found_on": "2025-03-03",
            "description": HUGE,
            "category": "hazardous_waste",
            "deadline": "2025-03-28",
            "requirement": "按照《危险废物贮存污染控制标准》（GB 18597-2023）要求完成地面防渗改造，"
            "并提交整改前后照片及施工记录。" * 3,
            "legal_basis": "《中华人民共和国固体废物污染环境防治法》第七十七条、第一百一十二条",
        },
    )
    store.conn.execute(
        "UPDATE visits SET guidance = ? WHERE id = ?",
        ("指导企业完善危险废物管理台账，规范标签标识。" * 12, data.v4["id"]),
    )
    store.conn.commit()
    ledger = tmp_path / "台账.xlsx"
    summary = tmp_path / "月报.xlsx"
    ledger_xlsx.export_ledger(store, ledger, today=TODAY)
    write_summary_xlsx(store, MONTH, summary)
    return ledger, summary


def test_files_get_the_permissions_any_saved_file_gets(store, monkeypatch, tmp_path):
    saved = os.umask(0o022)
    try:
        build_dataset(store, monkeypatch)
        ledger, summary = tmp_path / "l.xlsx", tmp_path / "s.xlsx"
        ledger_xlsx.export_ledger(store, ledger, today=TODAY)
        write_summary_xlsx(store, MONTH, summary)
    finally:
        os.umask(saved)
    assert stat.S_IMODE(ledger.stat().st_mode) == 0o644
    assert stat.S_IMODE(summary.stat().st_mode) == 0o644


def test_ledger_reads_back_ready_to_print(filed):
    ledger, _ = filed
    wb = openpyxl.load_workbook(ledger)
    assert wb.sheetnames == ["问题台账", "附表（全文）"]
    assert wb.properties.creator == "王敏"  # the current officer
    assert wb.properties.title == "青岛市即墨区生态环境分局执法帮扶问题台账"
    ws = wb["问题台账"]
    assert ws["A1"].value == "青岛市即墨区生态环境分局执法帮扶问题台账"
    assert ws["A2"].value == "填报单位：青岛市即墨区生态环境分局"
    assert ws["A3"].value == "统计范围：全部问题"
    right = [c.value for c in ws[2] + ws[3] if c.value and c.column > 1]
    assert right == ["截至：2025年4月10日 " + right[0][-5:], "制表人：王敏　　审核人：＿＿＿＿＿＿"]
    assert ws.oddFooter.center.text == "第&P页 共&N页"
    assert ws.print_title_rows == "$4:$4" and ws.freeze_panes == "A5"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    # Wrapped rows are as tall as their text; every cell of a row sits at its top.
    titles = [c.value for c in ws[4]]
    desc, req = titles.index("问题描述") + 1, titles.index("整改要求") + 1
    widths = {i + 1: c.width for i, c in enumerate(ledger_xlsx.COLUMNS)}
    tall = 0
    for row in ws.iter_rows(min_row=5):
        if row[0].value is None:
            break
        texts = [(row[c - 1].value, widths[c]) for c in (desc, req) if row[c - 1].value]
        lines = max([xlsx_heights.lines_needed(t, w) for t, w in texts] + [1])
        height = ws.row_dimensions[row[0].row].height
        if lines > 1:
            tall += 1
            assert height >= xlsx_heights.row_height(lines), row[0].row
        assert {c.alignment.vertical for c in row if c.value is not None} == {"top"}
    assert tall >= 1
    cut = [
        c.value
        for row in ws.iter_rows(min_row=5)
        for c in row
        if isinstance(c.value, str) and c.value.endswith("…（全文见附表）")
    ]
    assert len(cut) == 1 and HUGE.startswith(cut[0].split("\n")[0])
    appendix = wb["附表（全文）"]
    assert "".join(r[4] for r in appendix.iter_rows(min_row=5, values_only=True)) == HUGE


@pytest.mark.libreoffice
@pytest.mark.parametrize("which", ["ledger", "summary"])
def test_printed_pages_have_no_text_over_text(filed, tmp_path, which):
    path = filed[0] if which == "ledger" else filed[1]
    pdf = to_pdf(path, tmp_path)
    printed = pages(pdf)
    assert overlapping_words(pdf) == []
    words = [w[4] for page in printed for w in page]
    # The footer numbers every page; the title and 截至 are on the first one.
    for number in range(1, len(printed) + 1):
        assert f"第{number}页" in [w[4] for w in printed[number - 1]], number
    assert f"共{len(printed)}页" in words
    first = "".join(w[4] for w in printed[0])
    assert "青岛市即墨区生态环境分局" in first and "截至" in first and "制表人：王敏" in first
    if which == "ledger":
        assert "…（全文见附表）" in "".join(words)
        assert "合计" in words
