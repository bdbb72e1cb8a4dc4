"""Sheet helpers shared by every Excel report (ledger, monthly summary).

All helpers work on openpyxl ``write_only`` workbooks, which stream rows to
disk so that 150,000-row ledgers fit in memory:

- :class:`DocumentInfo` and :func:`title_block` — the rows above each table: the
  document's title, the bureau, what the table holds, 截至 date and time,
  制表人 and 审核人 (every sheet of every workbook starts with them);
- :func:`header_cells` — a bold, shaded, wrapped header row;
- :func:`set_widths` — column widths (must run before the first row is written);
- :func:`prepare_sheet` — frozen header, A4 fit-to-width print set-up (landscape
  when the table is wide), the header row repeated on every printed page, 第&P页
  共&N页 in the footer;
- :func:`set_autofilter` — the filter over the written range (after the last row);
- :func:`save_workbook` — the workbook saved through :func:`envhelp.storage.files.atomic_save`
  (temporary file, fsync, rename: a cancelled or failed export leaves no partial file),
  with its document properties (title, author = current officer, company = bureau).

Beside it: :mod:`.xlsx_cells` (values written safely, :class:`~.xlsx_cells.RowWriter`),
:mod:`.xlsx_heights` (how tall wrapped text is) and :mod:`.xlsx_fit` (rows fitted to
the printed page, long texts to the appendix).
"""

from __future__ import annotations

import contextlib
import math
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter
from openpyxl.xml.constants import ARC_APP

from envhelp import i18n
from envhelp.reports.xlsx_cells import text_cell
from envhelp.reports.xlsx_heights import (
    CELL_PADDING,
    LINE_HEIGHT,
    MAX_ROW_HEIGHT,
    lines_needed,
    row_height,
)
from envhelp.storage import Store
from envhelp.storage.files import atomic_save  # noqa: F401  (reports save through it)

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)
HEADER_BORDER = Border(bottom=Side(style="thin"))


def new_workbook() -> Workbook:
    """A streaming (write-only) workbook."""
    return Workbook(write_only=True)


def discard(wb: Workbook) -> None:
    """Abandon an unsaved write-only workbook: end its row streams, delete its temp files.

    Without this an export stopped half-way leaves openpyxl's XML writers open
    (errors at garbage collection) and its temporary sheet files on disk.
    """
    for ws in wb.worksheets:
        writer = getattr(ws, "_writer", None)
        if writer is None:
            continue
        with contextlib.suppress(Exception):
            if not ws.closed:
                ws.close()
        with contextlib.suppress(Exception):
            writer.cleanup()


@contextlib.contextmanager
def streaming_workbook() -> Iterator[Workbook]:
    """A write-only workbook that is :func:`discard`-ed if the block fails or is cancelled."""
    wb = new_workbook()
    try:
        yield wb
    except BaseException:
        discard(wb)
        raise


def header_cells(ws: Worksheet, titles: Sequence[str]) -> list[WriteOnlyCell]:
    """The styled header row (append it as the sheet's first row)."""
    cells = []
    for title in titles:
        c = text_cell(ws, title)
        c.font = HEADER_FONT
        c.fill = HEADER_FILL
        c.alignment = HEADER_ALIGNMENT
        c.border = HEADER_BORDER
        cells.append(c)
    return cells


def set_widths(ws: Worksheet, widths: Sequence[float]) -> None:
    """Column widths in characters, from column A; call before appending any row."""
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width


# -- the printed page -------------------------------------------------------------------

A4_PT = (595.3, 841.9)  # width, height in points
MARGIN_SIDE_IN, MARGIN_TOP_IN, MARGIN_HF_IN = 0.4, 0.6, 0.3  # inches (Excel's unit)
LANDSCAPE_ABOVE = 100  # a table wider than this many characters is printed landscape


def page_footer() -> str:
    """The footer of every printed page: the page number and the page count."""
    return i18n.pick("第&P页 共&N页", "Page &P of &N")


def column_points(width: float) -> float:
    """A column ``width`` characters wide in points (Excel: 7 px a character + 5 px)."""
    return (math.trunc(width * 7) + 5) * 0.75


def is_wide(widths: Sequence[float]) -> bool:
    return sum(widths) > LANDSCAPE_ABOVE


def page_room(
    widths: Sequence[float],
    *,
    landscape: bool | None = None,
    header_height: float = 2 * LINE_HEIGHT,
) -> float:
    """The tallest row (in points, as the sheet measures them) that fits on one printed
    page under the repeated header, fitted to the page width, and within Excel's limit."""
    landscape = is_wide(widths) if landscape is None else landscape
    paper_w, paper_h = (A4_PT[1], A4_PT[0]) if landscape else A4_PT
    printable_w = paper_w - 2 * MARGIN_SIDE_IN * 72
    printable_h = paper_h - 2 * MARGIN_TOP_IN * 72
    scale = min(1.0, printable_w / sum(column_points(w) for w in widths))
    return min(MAX_ROW_HEIGHT, printable_h / scale - header_height - LINE_HEIGHT)


def max_lines(widths: Sequence[float], **page: Any) -> int:
    """How many lines of text one row may hold and still print on one page."""
    return max(1, int((page_room(widths, **page) - CELL_PADDING) // LINE_HEIGHT))


def prepare_sheet(
    ws: Worksheet,
    widths: Sequence[float],
    *,
    header_row: int = 1,
    landscape: bool | None = None,
) -> None:
    """Widths, frozen panes under the header row, and the A4 print set-up: fitted to the
    page width, landscape when the table is wide (``landscape`` None) or as asked, the
    header row repeated on every page, 第&P页 共&N页 in the footer.

    Call right after creating the sheet, before the first row.
    """
    set_widths(ws, widths)
    ws.freeze_panes = f"A{header_row + 1}"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    wide = is_wide(widths) if landscape is None else landscape
    ws.page_setup.orientation = "landscape" if wide else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages tall as needed
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = MARGIN_SIDE_IN
    ws.page_margins.top = ws.page_margins.bottom = MARGIN_TOP_IN
    ws.page_margins.header = ws.page_margins.footer = MARGIN_HF_IN
    ws.oddFooter.center.text = page_footer()
    ws.oddFooter.center.size = 9


# -- the title block ---------------------------------------------------------------------

TITLE_FONT = Font(bold=True, size=16)
TITLE_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)
INFO_ALIGNMENT = Alignment(vertical="top", wrap_text=True)
INFO_RIGHT = Alignment(horizontal="right", vertical="top", wrap_text=True)
TITLE_ROWS = 3  # rows above the header row
SIGN_HERE = "＿＿＿＿＿＿"


def long_date(day: date) -> str:
    """A date as documents write it: 2026年12月4日 / 4 December 2026."""
    return i18n.pick(f"{day.year}年{day.month}月{day.day}日", f"{day.day} {day:%B %Y}")


def long_datetime(moment: datetime) -> str:
    return f"{long_date(moment)} {moment:%H:%M}"


def bureau_name(store: Store) -> str:
    """The bureau's name from the settings ("" while it is not set: the title block then
    leaves a line to fill in, rather than refusing a working list)."""
    from envhelp.domain import settings

    return str(settings.get(store, settings.BUREAU_NAME) or "")


def officer_name(store: Store) -> str:
    """The current officer's name (the person making the table), "" when none is chosen."""
    from envhelp.domain import officers

    officer = officers.current(store)
    return officer["name"] if officer else ""


@dataclass(frozen=True)
class DocumentInfo:
    """What a printed workbook says about itself, on every sheet and in its properties."""

    title: str  # 即墨区执法帮扶问题台账 / 2026年11月执法帮扶工作月报
    bureau: str  # from the settings
    scope: str  # what the tables hold, in words (filters, period)
    as_of: datetime  # 截至
    prepared_by: str  # 制表人: the current officer ("" leaves a line to sign)

    @classmethod
    def of(
        cls, store: Store, title: str, scope: str, as_of: datetime | None = None
    ) -> DocumentInfo:
        return cls(
            title,
            bureau_name(store),
            scope,
            as_of or datetime.now().replace(second=0, microsecond=0),
            officer_name(store),
        )


def title_block(
    ws: Worksheet, info: DocumentInfo, widths: Sequence[float], sheet_title: str = ""
) -> int:
    """Append the rows above the table; returns the number of the header row to come.

    Row 1: the document's title (and the sheet's, when it has several);
    row 2: 填报单位 … | 截至 …; row 3: 统计范围 … | 制表人 … 审核人 ….
    """
    columns = len(widths)
    last = get_column_letter(columns)
    split = max(1, (columns + 1) // 2)  # left part: columns 1..split
    left = sum(widths[:split])
    right = sum(widths[split:]) or left

    def info_cell(text: str, alignment: Alignment) -> WriteOnlyCell:
        c = text_cell(ws, text)
        c.alignment = alignment
        return c

    def pair(row_no: int, a: str, b: str) -> None:
        if columns > 1:
            if split > 1:
                ws.merged_cells.add(f"A{row_no}:{get_column_letter(split)}{row_no}")
            if columns > split + 1:
                ws.merged_cells.add(f"{get_column_letter(split + 1)}{row_no}:{last}{row_no}")
            lines = max(lines_needed(a, left), lines_needed(b, right))
            cells = (
                [info_cell(a, INFO_ALIGNMENT)] + [None] * (split - 1) + [info_cell(b, INFO_RIGHT)]
            )
        else:
            text = f"{a}\n{b}"
            lines = lines_needed(text, left)
            cells = [info_cell(text, INFO_ALIGNMENT)]
        ws.row_dimensions[row_no].height = row_height(lines)
        ws.append(cells)

    title = info.title if not sheet_title else f"{info.title}·{sheet_title}"
    head = text_cell(ws, title)
    head.font = TITLE_FONT
    head.alignment = TITLE_ALIGNMENT
    if columns > 1:
        ws.merged_cells.add(f"A1:{last}1")
    title_lines = lines_needed(title, sum(widths) / 1.6)  # 16 pt: wider characters
    ws.row_dimensions[1].height = max(30, 24 * title_lines + 6)
    ws.append([head])
    unit = info.bureau or SIGN_HERE
    pair(
        2,
        i18n.pick(f"填报单位：{unit}", f"Bureau: {unit}"),
        i18n.pick(f"截至：{long_datetime(info.as_of)}", f"As of: {long_datetime(info.as_of)}"),
    )
    officer = info.prepared_by or SIGN_HERE
    pair(
        3,
        i18n.pick(f"统计范围：{info.scope}", f"Covers: {info.scope}"),
        i18n.pick(
            f"制表人：{officer}　　审核人：{SIGN_HERE}",
            f"Prepared by: {officer}    Reviewed by: {SIGN_HERE}",
        ),
    )
    return TITLE_ROWS + 1


def start_table(
    ws: Worksheet,
    info: DocumentInfo,
    widths: Sequence[float],
    titles: Sequence[str],
    *,
    landscape: bool | None = None,
    sheet_title: str = "",
) -> int:
    """Print set-up, title block and the header row (tall enough for its titles) of a
    sheet; returns the header row's number (the table's rows follow it)."""
    header_row = TITLE_ROWS + 1
    prepare_sheet(ws, widths, header_row=header_row, landscape=landscape)
    title_block(ws, info, widths, sheet_title)
    lines = max(lines_needed(t, w / 1.1) for t, w in zip(titles, widths, strict=False))
    ws.row_dimensions[header_row].height = row_height(max(lines, 1))
    ws.append(header_cells(ws, titles))
    return header_row


def set_autofilter(ws: Worksheet, columns: int, last_row: int, *, header_row: int = 1) -> None:
    """Autofilter over the header and the rows below it (write-only: after the last row)."""
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(columns)}{max(last_row, header_row)}"


# -- saving --------------------------------------------------------------------------------


XPROPS_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"


def app_properties(company: str) -> bytes:
    """docProps/app.xml naming the company (openpyxl's ExtendedProperties leaves it out)."""
    company_xml = f"<Company>{escape(company)}</Company>" if company else ""
    return (
        f'<Properties xmlns="{XPROPS_NS}">{company_xml}'
        "<Application>Microsoft Excel</Application></Properties>"
    ).encode()


class _Archive(zipfile.ZipFile):
    """The workbook's zip, with our docProps/app.xml instead of openpyxl's."""

    app_xml: bytes = b""

    def writestr(self, zinfo_or_arcname: Any, data: Any, *args: Any, **kwargs: Any) -> None:
        if zinfo_or_arcname == ARC_APP and self.app_xml:
            data = self.app_xml
        super().writestr(zinfo_or_arcname, data, *args, **kwargs)


def save_workbook(wb: Workbook, tmp: Path, info: DocumentInfo, subject: str = "") -> None:
    """Save ``wb`` to ``tmp`` with its document properties: title, subject, author = the
    current officer, company = the bureau (call inside :func:`atomic_save`)."""
    wb.properties.title = info.title
    wb.properties.subject = subject or info.title
    # No officer chosen: no author, rather than openpyxl's default (its own name).
    wb.properties.creator = info.prepared_by
    wb.properties.lastModifiedBy = info.prepared_by or None
    wb.properties.description = info.scope
    if not wb.worksheets:
        wb.create_sheet()
    with _Archive(tmp, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        archive.app_xml = app_properties(info.bureau)
        ExcelWriter(wb, archive).save()
