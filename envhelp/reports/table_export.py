"""A small table (e.g. an import's rejected rows) saved as .xlsx or .csv for the user."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from envhelp.reports.xlsx_cells import (
    cell,
    needs_quote,
)
from envhelp.reports.xlsx_common import (
    atomic_save,
    header_cells,
    prepare_sheet,
    streaming_workbook,
)


def write_table(path: str | Path, headers: Sequence[str], rows: Sequence[Sequence]) -> Path:
    """Save a small table (e.g. an import's rejected rows) as .xlsx or .csv, by the
    suffix; text never becomes a formula."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        # utf-8-sig: Excel and WPS open a CSV with a BOM as UTF-8, without it as GBK.
        with atomic_save(path) as tmp, tmp.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(headers)
            for row in rows:
                writer.writerow(
                    "'" + v if isinstance(v, str) and needs_quote(v) else v for v in row
                )
        return path
    with streaming_workbook() as workbook:
        sheet = workbook.create_sheet("rows")
        prepare_sheet(sheet, (10, 22, 90)[: len(headers)], landscape=True)
        sheet.append(header_cells(sheet, headers))
        for row in rows:
            sheet.append([cell(sheet, v, wrap=isinstance(v, str)) for v in row])
        with atomic_save(path) as tmp:
            workbook.save(tmp)
    return path
