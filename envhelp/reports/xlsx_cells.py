"""Values into cells of a streamed (write-only) sheet, safely.

User text that starts with ``= + - @`` (or a tab / carriage return) is stored as text
with Excel's quote prefix, so it can never run as a formula, and the text itself stays
exactly as typed; control characters an .xlsx cannot hold are dropped; dates get the
document date format (2026年12月4日). :func:`text_cell` / :func:`cell` make one cell,
:class:`RowWriter` appends whole rows of plain values the same way, fast.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet

from envhelp import i18n

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

WRAP = Alignment(vertical="top", wrap_text=True)
TOP = Alignment(vertical="top")  # every cell of a row: a wrapped row reads across the top


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
