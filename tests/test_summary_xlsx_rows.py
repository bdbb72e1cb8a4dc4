"""Streamed rows of the workbooks: row heights, long texts, and the RowWriter's row hook.

Long sheets (the ledger, the summary's month-end and visits sheets) are written
through :class:`~envhelp.reports.xlsx_fit.RowFitter` (shared row heights, line
counts remembered per text, texts taller than a page cut and written whole on the
appendix) and :class:`RowWriter` (which takes over openpyxl's value-to-cell step of
the sheet). These tests pin that the file comes out as openpyxl and
:func:`fit_height` would have made it.
"""

from __future__ import annotations

import zipfile
from datetime import date, datetime

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from envhelp.reports import xlsx_cells, xlsx_common, xlsx_fit, xlsx_heights

WIDTHS = [10, 6, 12]
WRAP = [True, False, True]
LONG = "危险废物贮存场所未设置规范的识别标志" * 3  # wraps in a 10- or 12-wide column
INFO = xlsx_common.DocumentInfo(
    "问题台账", "某分局", "全部问题", datetime(2026, 12, 4, 9, 30), "王敏"
)


def _sheet_xml(path, index: int = 1) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(f"xl/worksheets/sheet{index}.xml").decode("utf-8")


def _streamed(tmp_path, rows, widths=WIDTHS, wrap=WRAP):
    wb = xlsx_common.new_workbook()
    ws = wb.create_sheet("s")
    appendix = xlsx_fit.Appendix(wb, INFO)
    header = xlsx_common.start_table(ws, INFO, widths, ["甲", "乙", "丙"][: len(widths)])
    writer = xlsx_cells.RowWriter(ws, wrap)
    fitter = xlsx_fit.RowFitter(ws, widths, wrap, titles=["甲", "乙", "丙"], appendix=appendix)
    for row in rows:
        writer.append(fitter.fit(header + 1 + writer.rows, list(row)))
    appendix.finish()
    path = tmp_path / "streamed.xlsx"
    xlsx_common.save_workbook(wb, path, INFO)
    return writer.rows, path, header


def _expected_height(values) -> float | None:
    lines = max(
        xlsx_heights.lines_needed(v, w) if wrap and isinstance(v, str) and v else 1
        for v, w, wrap in zip(values, WIDTHS, WRAP, strict=True)
    )
    return xlsx_heights.row_height(lines) if lines > 1 else None


def test_streamed_rows_get_the_height_their_wrapped_text_needs(tmp_path):
    rows = [
        ["短", LONG, 3],  # long text in an unwrapped column: no height
        [LONG, "x", "两行\n文字"],
        ["a\nb\nc\nd", None, LONG[:20]],
        [LONG, "", LONG],  # the same texts again: remembered, same answer
        ["", 1, None],
        ["x" * 30, "y", "短"],  # ASCII: one cell a character
    ]
    written, path, header = _streamed(tmp_path, rows)
    assert written == len(rows)
    ws = openpyxl.load_workbook(path)["s"]
    for number, values in enumerate(rows, start=header + 1):
        expected = _expected_height(values)
        assert ws.row_dimensions[number].height == expected, (number, values)
        assert {c.alignment.vertical for c in ws[number] if c.value is not None} <= {"top"}
    assert _expected_height(rows[1]) != _expected_height(rows[2])  # distinct heights shared
    # A row of one line carries no height attribute at all.
    xml = _sheet_xml(path)
    assert f'<row r="{header + 1}">' in xml and f'<row r="{header + 5}">' in xml
    assert "附表（全文）" not in openpyxl.load_workbook(path).sheetnames  # nothing too long


def test_text_taller_than_a_page_is_cut_and_written_whole_on_the_appendix(tmp_path):
    """A 2,000-character description: cut in its cell, whole on the appendix sheet."""
    huge = "危险废物贮存库地面未做防渗处理，" * 125  # 2,000 characters
    widths = [40, 6, 12]
    written, path, header = _streamed(tmp_path, [[huge, 1, "短"], ["短", 2, "短"]], widths)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["s", "附表（全文）"]  # the appendix comes last
    ws = wb["s"]
    cut = ws.cell(header + 1, 1).value
    assert cut.endswith("\n…（全文见附表）") and huge.startswith(cut.split("\n")[0])
    height = ws.row_dimensions[header + 1].height
    assert height <= xlsx_heights.MAX_ROW_HEIGHT and height <= xlsx_common.page_room(widths)
    assert (
        xlsx_heights.lines_needed(cut, 40) * xlsx_heights.LINE_HEIGHT + xlsx_heights.CELL_PADDING
        <= height
    )
    # The appendix: where the text was, then the text itself over as many rows as it needs,
    # each of them short enough to print on a page; nothing lost.
    appendix = wb["附表（全文）"]
    rows = list(appendix.iter_rows(min_row=header + 1, values_only=True))
    assert rows[0][:4] == (1, "s", header + 1, "甲")
    assert "".join(r[4] for r in rows) == huge
    assert all(r[3] == "（续）" for r in rows[1:]) and len(rows) > 1
    for number in range(header + 1, header + 1 + len(rows)):
        assert appendix.row_dimensions[number].height <= xlsx_common.page_room(
            xlsx_fit.Appendix.WIDTHS
        )
    assert appendix.print_title_rows == f"${header}:${header}"
    assert appendix["A1"].value == "问题台账·附表（全文）"


def test_lines_needed_short_text_shortcut_agrees_with_measuring():
    for text in ("企业", "有限公司", "ab", "青岛海化新材料有限公司", "x" * 8, "宽" * 4 + "a"):
        for width in (4, 9, 10, 12, 26):
            usable = max(int(width) - 1, 1)
            measured = max(1, -(-xlsx_heights.text_width(text) // usable))
            assert xlsx_heights.lines_needed(text, width) == measured, (text, width)
            lines = xlsx_heights.wrap_lines(text, width)
            assert "".join(lines) == text and len(lines) >= measured


def test_row_fitter_memo_is_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_fit.RowFitter, "MEMO_LIMIT", 3)
    wb = xlsx_common.new_workbook()
    ws = wb.create_sheet("s")
    fitter = xlsx_fit.RowFitter(ws, WIDTHS, WRAP)
    for i in range(10):
        fitter.fit(i + 2, [f"{LONG}{i}", None, None])
    assert all(len(memo) <= 3 for memo in fitter._memo)
    heights = {ws.row_dimensions[i + 2].height for i in range(10)}
    assert heights == {_expected_height([f"{LONG}0", None, None])}
    ws.close()  # nothing was appended; end the sheet's stream before dropping the book
    xlsx_common.discard(wb)


def _mixed_rows(ws):
    """Everything a sheet may be handed: bare values, styled cells, dates, gaps."""
    bold = WriteOnlyCell(ws, value="粗体")
    bold.font = Font(bold=True)
    return [
        ["文本", 1, 2.5, None, True],
        [bold, datetime(2026, 1, 2, 3, 4), date(2026, 5, 6), "=1+1", "#N/A"],
        [None, None, "末尾"],
        [datetime(2026, 2, 3), "a", WriteOnlyCell(ws, value=7)],
    ]


def test_rows_appended_past_the_row_writer_come_out_as_openpyxl_writes_them(tmp_path):
    paths = []
    for hooked in (False, True):
        wb = xlsx_common.new_workbook()
        ws = wb.create_sheet("s")
        if hooked:
            xlsx_cells.RowWriter(ws, [True])  # takes over the sheet's value-to-cell step
        for row in _mixed_rows(ws):
            ws.append(row)
        path = tmp_path / f"hooked-{hooked}.xlsx"
        wb.save(path)
        paths.append(path)
    plain, hooked = (_sheet_xml(p) for p in paths)
    assert hooked == plain
    with zipfile.ZipFile(paths[0]) as a, zipfile.ZipFile(paths[1]) as b:
        assert a.read("xl/styles.xml") == b.read("xl/styles.xml")


def test_row_writer_rows_read_back_with_styles(tmp_path):
    wb = xlsx_common.new_workbook()
    ws = wb.create_sheet("s")
    writer = xlsx_cells.RowWriter(ws, [False, True])
    writer.append(["=危险", "换\n行", date(2026, 1, 2), 4])
    writer.append(["普通", "+86", None, 5.5])
    ws.append(["直接", "追加"])  # a plain append after the writer's rows
    wb.save(tmp_path / "w.xlsx")
    out = openpyxl.load_workbook(tmp_path / "w.xlsx")["s"]
    assert [[c.value for c in row] for row in out.iter_rows()] == [
        ["=危险", "换\n行", datetime(2026, 1, 2), 4],
        ["普通", "+86", None, 5.5],
        ["直接", "追加", None, None],
    ]
    assert out["A1"].data_type == "s" and out["A1"].quotePrefix
    assert out["B1"].alignment.wrap_text and out["B2"].alignment.wrap_text
    assert out["B2"].quotePrefix and not out["A2"].quotePrefix
    assert out["C1"].number_format == xlsx_cells.DATE_FORMATS["zh"]
    assert not out["A3"].alignment.wrap_text and not out["B3"].alignment.wrap_text
