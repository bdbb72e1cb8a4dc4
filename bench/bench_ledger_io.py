"""Benchmark 6: ledger export of every problem, and import of a 5,000-row enterprise sheet.

Export: ``ledger_xlsx.export_ledger`` over the whole ledger. Floor: openpyxl
write-only writing the same cells (the export's own ``row_values`` of the rows
with their record numbers and follow-ups, gathered in memory beforehand) as bare
values, with the same header: no title block, styles, row heights or totals.
Target: ≤ 1.5× the floor.

Import: ``enterprise_import.import_enterprises`` of a sheet holding every
enterprise of the database (Chinese headers of the import template) into an
empty database. Floor: openpyxl read-only reading the same sheet. Target:
≤ 2× the floor.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import Result, measure, store_main  # noqa: E402

RATIO_EXPORT = 1.5
RATIO_IMPORT = 2.0
IMPORT_COLUMNS = (
    ("name", "企业名称"),
    ("uscc", "统一社会信用代码"),
    ("legal_rep", "法定代表人"),
    ("contact_person", "联系人"),
    ("contact_phone", "联系电话"),
    ("address", "地址"),
    ("town", "镇街"),
    ("industry", "行业"),
    ("permit_no", "排污许可证编号"),
)


def ledger_cells(store, today: date) -> list[list]:  # noqa: ANN001
    from envhelp.domain import ledger_list
    from envhelp.reports import ledger_xlsx

    rows = ledger_xlsx.with_history(store, ledger_list.iter_rows(store, None, today=today))
    return [ledger_xlsx.row_values(r) for r in rows]


def write_plain(rows: list[list], path: Path) -> None:
    from openpyxl import Workbook

    from envhelp.reports import ledger_xlsx

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(ledger_xlsx.sheet_title())
    ws.append([c.title for c in ledger_xlsx.COLUMNS])
    for row in rows:
        ws.append(row)
    wb.save(path)


def write_import_sheet(store, path: Path) -> int:  # noqa: ANN001
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("企业")
    ws.append([title for _, title in IMPORT_COLUMNS])
    n = 0
    for row in store.iter_query("SELECT * FROM enterprises ORDER BY name"):
        ws.append([row[key] for key, _ in IMPORT_COLUMNS])
        n += 1
    wb.save(path)
    return n


def read_plain(path: Path) -> int:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        return sum(1 for _ in wb.worksheets[0].iter_rows(values_only=True))
    finally:
        wb.close()


def import_into_empty(sheet: Path, folder: Path, number: list[int]) -> None:
    from envhelp.io.enterprise_import import import_enterprises
    from envhelp.storage import Store

    number[0] += 1
    with Store(folder / f"import-{number[0]}.db", actor="bench") as target:
        result = import_enterprises(target, sheet)
    assert not result.rejected, result.rejected[:3]


def run(store, repeat: int = 3, today: date | None = None) -> list[Result]:  # noqa: ANN001
    from envhelp.reports.ledger_xlsx import export_ledger

    today = today or date.today()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rows = ledger_cells(store, today)
        export_s = measure(
            lambda: export_ledger(store, folder / "ledger.xlsx", today=today), repeat, warmup=0
        )
        floor_s = measure(lambda: write_plain(rows, folder / "plain.xlsx"), repeat, warmup=0)
        results.append(
            Result(
                f"ledger export, {len(rows):,} problems × {len(rows[0]) if rows else 0} columns",
                export_s,
                floor_s,
                "openpyxl write-only, same cells",
                None,
                RATIO_EXPORT,
            )
        )
        rows.clear()  # free the memory before the import
        sheet = folder / "enterprises.xlsx"
        n = write_import_sheet(store, sheet)
        counter = [0]
        import_s = measure(lambda: import_into_empty(sheet, folder, counter), repeat, warmup=0)
        read_s = measure(lambda: read_plain(sheet), repeat)
        results.append(
            Result(
                f"enterprise import, {n:,} rows into an empty database",
                import_s,
                read_s,
                "openpyxl read-only, same sheet",
                None,
                RATIO_IMPORT,
            )
        )
    return results


def main() -> None:
    store_main(__doc__, "ledger_io", "6. Ledger export and enterprise import", run)


if __name__ == "__main__":
    main()
