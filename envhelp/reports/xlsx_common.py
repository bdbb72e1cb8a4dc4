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
- :class:`RowFitter` — each row's height from its wrapped text (CJK-aware); text
  taller than a printed page is cut with 「…（全文见附表）」 and written whole on
  the :class:`Appendix` sheet;
- :func:`set_autofilter` — the filter over the written range (after the last row);
- :func:`text_cell` / :func:`cell` — values written safely: user text that
  starts with ``= + - @`` (or a tab / carriage return) is stored as text with
  Excel's quote prefix, so it can never run as a formula, and the text itself
  stays exactly as typed;
- :func:`save_workbook` — the workbook saved through :func:`envhelp.storage.files.atomic_save`
  (temporary file, fsync, rename: a cancelled or failed export leaves no partial file),
  with its document properties (title, author = current officer, company = bureau).
"""

from __future__ import annotations

import contextlib
import math
import unicodedata
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.dimensions import RowDimension
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter
from openpyxl.xml.constants import ARC_APP

from envhelp import i18n
from envhelp.storage import Store
from envhelp.storage.files import atomic_save  # noqa: F401  (reports save through it)

# Characters that make a spreadsheet treat a cell as a formula (CSV/formula injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Dates on documents are written 2026年12月4日 (ISO in English); a date column needs
# DATE_WIDTH characters for the longest of them.
DATE_FORMATS = {"zh": 'yyyy"年"m"月"d"日"', "en": "yyyy-mm-dd"}
DATE_WIDTH = 14


def date_format() -> str:
    """The number format of date cells in the current language."""
    return DATE_FORMATS[i18n.language()]


MAX_TEXT = 32767  # characters Excel holds in one cell (openpyxl cuts bare text there too)

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)
HEADER_BORDER = Border(bottom=Side(style="thin"))
WRAP = Alignment(vertical="top", wrap_text=True)
TOP = Alignment(vertical="top")  # every cell of a row: a wrapped row reads across the top


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
LINE_HEIGHT = 15.5  # points per line of 11 pt text (CJK glyphs are a little taller)
MAX_ROW_HEIGHT = 409  # Excel's limit for one row
CELL_PADDING = 3  # points above and below a cell's text


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


def needs_quote(value: str) -> bool:
    return value.startswith(FORMULA_PREFIXES)


def clean_text(value: str) -> str:
    """Drop control characters that cannot be stored in an .xlsx file (pasted text has them)."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)


_has_illegal = ILLEGAL_CHARACTERS_RE.search  # most text has none: look before substituting


def text_cell(ws: Worksheet, value: str, *, wrap: bool = False) -> WriteOnlyCell:
    """A top-aligned cell holding ``value`` as plain text, never as a formula."""
    value = clean_text(value)
    c = WriteOnlyCell(ws, value=value)
    c.data_type = "s"  # openpyxl would otherwise take "=..." as a formula
    if needs_quote(value):
        c.quotePrefix = True  # Excel keeps it text even when the cell is edited
    c.alignment = WRAP if wrap else TOP
    return c


def cell(ws: Worksheet, value: Any, *, wrap: bool = False, number_format: str | None = None) -> Any:
    """A top-aligned cell ready for ``ws.append``: dates get a date format, text is never
    a formula. For many rows use :class:`RowWriter`, which does the same faster."""
    if value is None:
        return None
    if isinstance(value, str):
        return text_cell(ws, value, wrap=wrap)
    c = WriteOnlyCell(ws, value=value)
    c.alignment = TOP
    if number_format is not None:
        c.number_format = number_format
    elif isinstance(value, date | datetime):
        c.number_format = date_format()
    return c


class _RowCell(Cell):
    """A styled cell that :class:`RowWriter` reuses row after row.

    openpyxl's write-only sheet serialises each appended row before ``append``
    returns, so one cell object per column and style can carry every row's
    value: no cell is built, no style copied and no style id looked up per row.
    """

    __slots__ = ("_sid",)

    @property
    def style_id(self) -> int:
        return self._sid

    def __repr__(self) -> str:
        # openpyxl formats the repr of every Cell it is handed into a ValueError that it
        # catches at once; the default repr (sheet title + coordinate) costs more than the cell.
        return "<RowWriter cell>"


class RowWriter:
    """Appends rows of plain values to a write-only sheet, fast and safe.

    Same rules as :func:`cell` (dates formatted, text never a formula, chosen
    columns wrapped, every cell top-aligned). Each value goes out in one
    :class:`_RowCell` per column and kind, made once and reused for every
    row: building and styling a cell per value cost more than writing it,
    which matters at 100,000+ rows. The writer also takes over the sheet's
    value-to-cell step (:meth:`_values_to_row`), so the cells it hands over
    skip openpyxl's try-as-a-value first.
    """

    def __init__(self, ws: Worksheet, wrap_columns: Sequence[bool] = ()):
        self.ws = ws
        self.wrap_columns = list(wrap_columns)
        self._cells: dict[tuple[int, str, bool], _RowCell] = {}
        self.rows = 0
        self.date_format = date_format()
        self._plain = WriteOnlyCell(ws)
        if hasattr(ws, "_values_to_row"):  # a write-only sheet: see _values_to_row
            ws._values_to_row = self._values_to_row

    def _values_to_row(self, values: Sequence[Any], row_idx: int) -> Iterator[Cell]:
        """openpyxl's ``WriteOnlyWorksheet._values_to_row``, without its cost for ready cells.

        openpyxl first tries every appended value as a plain value, so each styled
        cell costs a raised and caught ValueError (and a fresh spare cell after it);
        here a cell goes through as it is. Plain values are still bound by openpyxl
        (``Cell.value``), one reused cell for them all, exactly as openpyxl does.
        Every row appended to the sheet comes through here, not only this writer's.
        """
        plain = self._plain
        for col_idx, value in enumerate(values, 1):
            if value is None:
                continue
            if isinstance(value, Cell):
                c = value
            else:
                plain.value = value
                c = plain
            c.column = col_idx
            c.row = row_idx
            if c.hyperlink is not None:
                c.hyperlink.ref = c.coordinate
            yield c
            if c is plain and c.has_style:  # e.g. a bare datetime got a number format
                self._plain = plain = WriteOnlyCell(self.ws)

    def _cell(self, index: int, kind: str, quote: bool) -> _RowCell:
        """The reusable cell of column ``index`` for a date (``kind`` "d"), text ("s") or
        a number ("n")."""
        key = (index, kind, quote)
        c = self._cells.get(key)
        if c is None:
            c = _RowCell(self.ws)
            if kind == "d":
                c.number_format = self.date_format
            wrapped = kind == "s" and index < len(self.wrap_columns) and self.wrap_columns[index]
            c.alignment = WRAP if wrapped else TOP
            if quote:
                c.quotePrefix = True
            c._sid = Cell.style_id.fget(c)  # the style never changes: look its id up once
            self._cells[key] = c
        return c

    def append(self, values: Sequence[Any]) -> None:
        out = list(values)
        for index, value in enumerate(out):
            if value is None:
                continue
            kind = type(value)
            if kind is int or kind is float:
                c = self._cell(index, "n", False)
                c._value = value
                c.data_type = "n"
                out[index] = c
            elif kind is str or isinstance(value, str):
                if _has_illegal(value):
                    value = clean_text(value)
                c = self._cell(index, "s", value.startswith(FORMULA_PREFIXES))
                c._value = value[:MAX_TEXT]  # openpyxl's own limit for bare text
                c.data_type = "s"  # text, even "=..." (which openpyxl takes as a formula)
                out[index] = c
            elif isinstance(value, date):  # datetime too
                c = self._cell(index, "d", False)
                c._value = value
                c.data_type = "d"
                out[index] = c
        self.ws.append(out)
        self.rows += 1


def as_date(value: str | None) -> date | None:
    """An ISO date from the database as a :class:`date` (None stays None)."""
    return date.fromisoformat(value) if value else None


# -- row heights -----------------------------------------------------------------------


class _CharWidths(dict):
    """Character → display width (2 for East Asian wide / fullwidth, else 1), filled on
    first sight: a workbook measures thousands of wrapped cells, mostly the same few
    thousand characters, so each is looked up once in :mod:`unicodedata`."""

    def __missing__(self, ch: str) -> int:
        width = self[ch] = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        return width


_CHAR_WIDTHS = _CharWidths()


def text_width(text: str) -> int:
    """Display width in character cells: Chinese characters take two."""
    if text.isascii():
        return len(text)
    return sum(map(_CHAR_WIDTHS.__getitem__, text))


def _usable(width: float) -> int:
    return max(int(width) - 1, 1)  # a character's room is lost to the cell's padding


def lines_needed(text: str, width: float) -> int:
    """How many lines ``text`` wraps to in a column ``width`` characters wide."""
    usable = _usable(width)
    if 2 * len(text) <= usable and "\n" not in text:
        return 1  # fits even if every character is wide: no need to measure
    return sum(max(1, math.ceil(text_width(part) / usable)) for part in text.split("\n"))


def wrap_lines(text: str, width: float) -> list[str]:
    """``text`` broken into the lines a column ``width`` characters wide shows; each line
    keeps its own line break, so ``"".join(lines) == text``."""
    usable = _usable(width)
    lines: list[str] = []
    for part in text.split("\n"):
        line, used = [], 0
        for ch in part:
            w = _CHAR_WIDTHS[ch]
            if used + w > usable and line:
                lines.append("".join(line))
                line, used = [], 0
            line.append(ch)
            used += w
        lines.append("".join(line) + "\n")
    lines[-1] = lines[-1][:-1]  # the text's end is no line break
    return lines


def row_height(lines: int) -> float:
    """The height in points of a row showing ``lines`` lines of 11 pt text."""
    return min(MAX_ROW_HEIGHT, LINE_HEIGHT * lines + CELL_PADDING)


def fit_height(
    ws: Worksheet,
    row_no: int,
    values: Sequence[Any],
    widths: Sequence[float],
    wrap: Sequence[bool] | None = None,
) -> None:
    """Give row ``row_no`` the height its wrapped text needs (call before appending it).

    Readers do not recompute the row heights of a streamed sheet, so a wrapped cell
    would otherwise run over the next row when printed.
    """
    lines = 1
    for index in range(min(len(values), len(widths))):
        value = values[index]
        if (wrap is None or (index < len(wrap) and wrap[index])) and isinstance(value, str):
            lines = max(lines, lines_needed(value, widths[index]))
    if lines > 1:
        ws.row_dimensions[row_no].height = row_height(lines)


class _SharedHeight(RowDimension):
    """A row height that every streamed row of that many lines shares.

    A write-only sheet reads a row's dimension only to write the row's
    attributes (``ht``, ``customHeight``), never its index, so one object per
    distinct height serves every row: thousands of wrapped rows otherwise build
    as many RowDimension objects and re-derive the same attributes for each.
    """

    def __init__(self, ws: Worksheet, height: float):
        super().__init__(ws, ht=height)
        self._attributes = tuple(super().__iter__())

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self._attributes)


class Appendix:
    """The sheet 附表（全文） of a workbook: texts too long for a printed page, whole.

    Made on the first long text and moved to the end of the workbook by
    :meth:`finish`. Each text is split into rows that each fit on a page.
    """

    WIDTHS = (8, 16, 8, 14, 100)

    def __init__(self, wb: Workbook, info: DocumentInfo):
        self.wb = wb
        self.info = info
        self.ws: Worksheet | None = None
        self.writer: RowWriter | None = None
        self.count = 0  # texts written
        self.next_row = 0  # the sheet's next row number, once it exists
        self.lines = max_lines(self.WIDTHS)

    @staticmethod
    def marker() -> str:
        return i18n.pick("…（全文见附表）", "… (full text in the appendix)")

    @staticmethod
    def sheet_title() -> str:
        return i18n.pick("附表（全文）", "Appendix (full texts)")

    def _sheet(self) -> Worksheet:
        if self.ws is None:
            self.ws = self.wb.create_sheet(self.sheet_title())
            titles = [
                i18n.pick("序号", "No."),
                i18n.pick("工作表", "Sheet"),
                i18n.pick("行号", "Row"),
                i18n.pick("栏目", "Column"),
                i18n.pick("全文", "Full text"),
            ]
            header = start_table(
                self.ws, self.info, self.WIDTHS, titles, sheet_title=self.sheet_title()
            )
            self.writer = RowWriter(self.ws, [False, True, False, True, True])
            self.next_row = header + 1
        return self.ws

    def add(self, sheet: str, row_no: int, column: str, text: str) -> None:
        """Write ``text`` (from cell ``column`` of row ``row_no`` on ``sheet``) whole."""
        ws = self._sheet()
        assert self.writer is not None
        self.count += 1
        lines = wrap_lines(text, self.WIDTHS[-1])
        for start in range(0, len(lines), self.lines):
            part = lines[start : start + self.lines]
            first = start == 0
            ws.row_dimensions[self.next_row] = _SharedHeight(ws, row_height(len(part)))
            self.writer.append(
                [
                    self.count if first else None,
                    sheet if first else None,
                    row_no if first else None,
                    column if first else i18n.pick("（续）", "(continued)"),
                    "".join(part),
                ]
            )
            self.next_row += 1

    def finish(self) -> None:
        """Put the sheet last and filter its rows (call once every sheet is written)."""
        if self.ws is None:
            return
        set_autofilter(self.ws, len(self.WIDTHS), self.next_row - 1, header_row=TITLE_ROWS + 1)
        self.wb._sheets.remove(self.ws)  # write-only workbooks have no move_sheet
        self.wb._sheets.append(self.ws)


class RowFitter:
    """Row heights of one streamed sheet from its wrapped columns, remembering what it
    measured; text taller than a printed page is cut and handed to the :class:`Appendix`.

    The same text recurs down a sheet (an enterprise's name on each of its
    problems, a description pasted again), so each wrapped column keeps the line
    count of the texts it has seen, up to ``MEMO_LIMIT`` of them.
    """

    MEMO_LIMIT = 20_000

    def __init__(
        self,
        ws: Worksheet,
        widths: Sequence[float],
        wrap: Sequence[bool],
        *,
        titles: Sequence[str] = (),
        appendix: Appendix | None = None,
        landscape: bool | None = None,
    ):
        self.ws = ws
        self.columns = [(i, widths[i]) for i, w in enumerate(wrap) if w and i < len(widths)]
        self.titles = list(titles)
        self.appendix = appendix
        self.limit = max_lines(widths, landscape=landscape)
        self._memo: list[dict[str, int]] = [{} for _ in self.columns]
        self._heights: dict[int, _SharedHeight] = {}

    def fit(self, row_no: int, values: list[Any]) -> list[Any]:
        """Set row ``row_no``'s height (before it is appended); returns ``values`` with any
        over-long text cut (the same list, changed in place)."""
        lines = 1
        for (index, width), memo in zip(self.columns, self._memo, strict=True):
            value = values[index]
            if not isinstance(value, str) or not value:
                continue
            n = memo.get(value)
            if n is None:
                n = lines_needed(value, width)
                if len(memo) >= self.MEMO_LIMIT:
                    memo.clear()
                memo[value] = n
            if n > self.limit:
                values[index] = self.cut(value, width, row_no, index)
                n = self.limit
            if n > lines:
                lines = n
        if lines > 1:
            shared = self._heights.get(lines)
            if shared is None:
                shared = self._heights[lines] = _SharedHeight(self.ws, row_height(lines))
            self.ws.row_dimensions[row_no] = shared
        return values

    def cut(self, text: str, width: float, row_no: int, index: int) -> str:
        """The start of ``text`` that fits on a page, and 「…（全文见附表）」."""
        if self.appendix is None:
            raise ValueError("text longer than a page needs an appendix to go to")
        title = self.titles[index] if index < len(self.titles) else get_column_letter(index + 1)
        self.appendix.add(self.ws.title, row_no, title, text)
        kept = "".join(wrap_lines(text, width)[: self.limit - 1]).rstrip("\n")
        return kept + "\n" + Appendix.marker()


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
