"""Rows fitted to the printed page: :class:`RowFitter` gives each streamed row the
height its wrapped text needs, and cuts text taller than a printed page with
「…（全文见附表）」, writing it whole on the :class:`Appendix` sheet."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.dimensions import RowDimension
from openpyxl.worksheet.worksheet import Worksheet

from envhelp import i18n
from envhelp.reports.xlsx_cells import RowWriter
from envhelp.reports.xlsx_common import (
    TITLE_ROWS,
    DocumentInfo,
    max_lines,
    set_autofilter,
    start_table,
)
from envhelp.reports.xlsx_heights import lines_needed, row_height, wrap_lines


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
