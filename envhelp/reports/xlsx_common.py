"""Sheet helpers shared by every Excel report (ledger, monthly summary).

All helpers work on openpyxl ``write_only`` workbooks, which stream rows to
disk so that 150,000-row ledgers fit in memory:

- :func:`header_cells` — a bold, shaded, wrapped header row;
- :func:`set_widths` — column widths (must run before the first row is written);
- :func:`prepare_sheet` — frozen header, A4 landscape fit-to-width print set-up,
  header rows repeated on every printed page;
- :func:`set_autofilter` — the filter over the written range (after the last row);
- :func:`text_cell` / :func:`cell` — values written safely: user text that
  starts with ``= + - @`` (or a tab / carriage return) is stored as text with
  Excel's quote prefix, so it can never run as a formula, and the text itself
  stays exactly as typed;
- :func:`atomic_save` (from :mod:`envhelp.storage.files`) — save to a temporary file
  next to the target and rename it only when complete, so a cancelled or failed export
  leaves no partial file.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from envhelp.errors import OperationCancelled
from envhelp.storage.files import atomic_save  # noqa: F401  (part of this module's API)

# Characters that make a spreadsheet treat a cell as a formula (CSV/formula injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "yyyy-mm-dd"
MAX_TEXT = 32767  # characters Excel holds in one cell (openpyxl cuts bare text there too)

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)
HEADER_BORDER = Border(bottom=Side(style="thin"))
WRAP = Alignment(vertical="top", wrap_text=True)


class ExportCancelled(OperationCancelled):
    """The user cancelled an export; no file was written."""

    def __init__(self) -> None:
        super().__init__("导出已取消，未生成文件。", "Export cancelled; no file was written.")


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


def prepare_sheet(
    ws: Worksheet,
    widths: Sequence[float],
    *,
    header_rows: int = 1,
    landscape: bool = True,
) -> None:
    """Widths, frozen header and A4 print set-up (fit all columns on the page width).

    Call right after creating the sheet, before the first row.
    """
    set_widths(ws, widths)
    ws.freeze_panes = f"A{header_rows + 1}"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages tall as needed
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"1:{header_rows}"
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6


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
    """A cell holding ``value`` as plain text, never as a formula."""
    value = clean_text(value)
    c = WriteOnlyCell(ws, value=value)
    c.data_type = "s"  # openpyxl would otherwise take "=..." as a formula
    if needs_quote(value):
        c.quotePrefix = True  # Excel keeps it text even when the cell is edited
    if wrap:
        c.alignment = WRAP
    return c


def cell(ws: Worksheet, value: Any, *, wrap: bool = False) -> Any:
    """A value ready for ``ws.append``: dates get a date format, risky text is quoted.

    Plain numbers and harmless text are returned as they are (no per-cell
    object). For many rows use :class:`RowWriter`, which does the same faster.
    """
    if value is None:
        return None
    if isinstance(value, str):
        if wrap or needs_quote(value):
            return text_cell(ws, value, wrap=wrap)
        return clean_text(value)
    if isinstance(value, date | datetime):
        c = WriteOnlyCell(ws, value=value)
        c.number_format = DATE_FORMAT
        return c
    return value


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
    columns wrapped). Plain numbers and harmless text of unwrapped columns go
    to openpyxl as bare values; a styled cell (date, wrapped or quoted text) is
    one :class:`_RowCell` per column and style, made once and reused for every
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
        """The reusable cell of column ``index`` for a date (``kind`` "d") or text ("s")."""
        key = (index, kind, quote)
        c = self._cells.get(key)
        if c is None:
            c = _RowCell(self.ws)
            if kind == "d":
                c.number_format = DATE_FORMAT
            elif index < len(self.wrap_columns) and self.wrap_columns[index]:
                c.alignment = WRAP
            if quote:
                c.quotePrefix = True
            c._sid = Cell.style_id.fget(c)  # the style never changes: look its id up once
            self._cells[key] = c
        return c

    def append(self, values: Sequence[Any]) -> None:
        out = list(values)
        wraps = self.wrap_columns
        for index, value in enumerate(out):
            if value is None:
                continue
            kind = type(value)
            if kind is int or kind is float:
                continue
            if kind is str or isinstance(value, str):
                if _has_illegal(value):
                    value = clean_text(value)
                quote = value.startswith(FORMULA_PREFIXES)
                if quote or (index < len(wraps) and wraps[index]):
                    c = self._cell(index, "s", quote)
                    c._value = value[:MAX_TEXT]  # openpyxl's own limit for bare text
                    c.data_type = "s"  # text, even "=..." (which openpyxl takes as a formula)
                    value = c
                out[index] = value
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


ProgressCallback = Callable[[int, int], None]
CancelCheck = Callable[[], bool]
