"""How tall a row of wrapped text is: text widths (CJK-aware, Chinese characters count
two), the lines a text wraps to in a column, and row heights in points. A streamed
sheet's row heights are never recomputed by the reader, so the reports set them."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from typing import Any

from openpyxl.worksheet.worksheet import Worksheet

LINE_HEIGHT = 15.5  # points per line of 11 pt text (CJK glyphs are a little taller)
MAX_ROW_HEIGHT = 409  # Excel's limit for one row
CELL_PADDING = 3  # points above and below a cell's text


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
