"""The fast paths of the Excel exports: reused row cells, labels looked up once, cancel alias."""

from __future__ import annotations

from datetime import date, datetime

import openpyxl
import pytest

from envhelp import i18n
from envhelp.domain import ledger_list
from envhelp.errors import OperationCancelled
from envhelp.reports import ledger_xlsx, xlsx_cells, xlsx_common


def test_row_writer_cells_carry_each_rows_own_value_and_style(tmp_path):
    wb = xlsx_common.new_workbook()
    ws = wb.create_sheet("t")
    writer = xlsx_cells.RowWriter(ws, [True, False, False, True])
    rows = [
        ["长文本一", "普通", date(2026, 1, 2), "=SUM(A1)", 1, None],
        ["-负号开头", "@提及", datetime(2026, 1, 3, 8, 30), "第二行", 2.5, "#N/A"],
        [None, "+86", None, "x" * 40000, None, "尾"],
        ["a\x01b", "普通\x0b二", date(2026, 1, 4), "", 0, None],
    ]
    for row in rows:
        writer.append(row)
    assert writer.rows == 4
    wb.save(tmp_path / "t.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "t.xlsx")["t"]
    got = [[c.value for c in r] for r in sheet.iter_rows()]
    assert got[0] == ["长文本一", "普通", datetime(2026, 1, 2), "=SUM(A1)", 1, None]
    assert got[1] == ["-负号开头", "@提及", datetime(2026, 1, 3, 8, 30), "第二行", 2.5, "#N/A"]
    assert got[2] == [None, "+86", None, "x" * 32767, None, "尾"]
    assert got[3][:3] == ["ab", "普通二", datetime(2026, 1, 4)] and got[3][4] == 0
    # Styles follow each cell, not the previous row's use of the same reused cell.
    a1, b1, c1, d1 = (sheet.cell(1, i) for i in range(1, 5))
    assert a1.alignment.wrap_text and not a1.quotePrefix
    assert not b1.alignment.wrap_text and not b1.quotePrefix
    assert c1.number_format == xlsx_cells.DATE_FORMATS["zh"] and c1.is_date
    assert d1.data_type == "s" and d1.quotePrefix and d1.alignment.wrap_text
    a2, b2, c2, d2 = (sheet.cell(2, i) for i in range(1, 5))
    assert a2.quotePrefix and a2.alignment.wrap_text
    assert b2.quotePrefix and not b2.alignment.wrap_text
    assert c2.number_format == xlsx_cells.DATE_FORMATS["zh"]
    assert d2.alignment.wrap_text and not d2.quotePrefix
    assert sheet.cell(2, 6).data_type == "s"  # typed text stays text, never an error value
    assert {sheet.cell(r, c).alignment.vertical for r in (1, 2) for c in (1, 2, 3, 5)} == {"top"}
    assert sheet.cell(3, 2).quotePrefix and not sheet.cell(4, 2).quotePrefix


def ledger_row(**extra):
    row = {
        "enterprise_name": "甲公司",
        "uscc": "",
        "town": "城阳街道",
        "found_on": "2026-03-05",
        "category": "air",
        "severity": "minor",
        "description": "描述",
        "requirement": "",
        "deadline": "2026-03-20",
        "status": "closed",
        "closed_on": "2026-03-25",
        "closed_by_name": "",
        "close_method": "document_review",
        "days_overdue": 0,
    }
    row.update(extra)
    return row


def test_shaper_labels_follow_the_language_it_was_made_in():
    zh = ledger_xlsx.row_shaper()
    i18n.set_language("en")
    en = ledger_xlsx.row_shaper()
    assert en(ledger_row(number=7, close_note="资料齐全")) == [
        7,
        None,
        "甲公司",
        None,
        "城阳街道",
        date(2026, 3, 5),
        "Air emissions",
        "描述",
        "Minor",
        None,
        None,
        None,
        date(2026, 3, 20),
        "Closed",
        None,
        date(2026, 3, 25),
        None,
        "Document review: 资料齐全",
        None,
        None,
    ]
    assert zh(ledger_row(handling="on_the_spot"))[6:10] == ["废气", "描述", "一般", "立行立改"]
    # Codes without a label are exported as they are; no close method stays empty.
    odd = en(ledger_row(category="odd", close_method=None, days_overdue=3))
    assert odd[6] == "odd" and odd[17] is None and odd[18] == 3
    assert ledger_xlsx.row_values(ledger_row()) == en(ledger_row())
    assert len(en(ledger_row())) == len(ledger_xlsx.COLUMNS)


def test_export_takes_the_contracts_cancelled_name(store, enterprise, tmp_path):
    from envhelp.domain import problems

    problems.create(
        store,
        {
            "enterprise_id": enterprise["id"],
            "found_on": "2026-03-05",
            "description": "问题",
            "category": "air",
            "deadline": "2026-03-09",
        },
    )
    with pytest.raises(OperationCancelled):
        ledger_xlsx.export_ledger(store, tmp_path / "x.xlsx", cancelled=lambda: True)
    assert not list(tmp_path.glob("*.xlsx*")) and not list(tmp_path.glob(".*"))
    seen = []
    assert (
        ledger_xlsx.export_ledger(
            store,
            tmp_path / "y.xlsx",
            cancelled=lambda: False,
            progress=lambda d, t: seen.append((d, t)),
        )
        == 1
    )
    assert seen == [(1, 1)]
    empty = tmp_path / "sub"
    assert (
        ledger_xlsx.export_ledger(
            store,
            empty / "z.xlsx",
            ledger_list.LedgerFilter(status="cancelled"),
            progress=lambda d, t: seen.append((d, t)),
        )
        == 0
    )
    assert seen[-1] == (0, 1)  # never a total of 0
