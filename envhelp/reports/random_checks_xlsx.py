"""The 公开 list of a 双随机 period as a workbook: what the bureau publishes.

Only what may be made public: the enterprise, when it was inspected, by whom, the
result in plain words, the problems found and how far they are rectified. No record
ids, no seed, no internal notes (docs/inspection-rules.md).
"""

from __future__ import annotations

from pathlib import Path

from envhelp import i18n
from envhelp.domain import random_checks
from envhelp.reports.xlsx_cells import (
    RowWriter,
    as_date,
)
from envhelp.reports.xlsx_common import (
    DocumentInfo,
    atomic_save,
    save_workbook,
    set_autofilter,
    start_table,
    streaming_workbook,
)
from envhelp.reports.xlsx_fit import (
    RowFitter,
)
from envhelp.storage import Store

# (Chinese title, English title, width, wrapped)
COLUMNS = (
    ("序号", "No.", 6, False),
    ("企业名称", "Enterprise", 30, True),
    ("统一社会信用代码", "Credit code", 22, False),
    ("检查日期", "Date inspected", 14, False),
    ("执法人员", "Officers", 16, True),
    ("检查结果", "Result", 16, True),
    ("发现的问题", "Problems found", 40, True),
    ("整改情况", "Rectification", 16, True),
)
KEYS = ("number", "enterprise", "uscc", "date", "officers", "result", "problems", "rectification")


def titles() -> list[str]:
    return [i18n.pick(zh, en) for zh, en, _, _ in COLUMNS]


def export(store: Store, period: str, path: str | Path) -> Path:
    """Write the period's 公开 list to ``path`` (whole or not at all)."""
    period = random_checks.normal_period(period)
    rows = random_checks.public_results(store, period)
    info = DocumentInfo.of(
        store,
        i18n.pick(f"{period} “双随机、一公开”抽查结果", f"Random inspections {period}: results"),
        i18n.pick(
            f"{period} 随机抽查的企业，共 {len(rows)} 家",
            f"enterprises drawn for {period}, {len(rows)} in all",
        ),
    )
    widths = [c[2] for c in COLUMNS]
    wrap = [c[3] for c in COLUMNS]
    path = Path(path)
    with atomic_save(path) as tmp, streaming_workbook() as wb:
        ws = wb.create_sheet(i18n.pick("抽查结果", "Results"))
        header = start_table(ws, info, widths, titles(), landscape=True)
        writer = RowWriter(ws, wrap)
        fitter = RowFitter(ws, widths, wrap, titles=titles())
        for row in rows:
            values = [row[k] for k in KEYS]
            values[KEYS.index("date")] = as_date(row["date"]) if row["date"] else ""
            writer.append(fitter.fit(header + 1 + writer.rows, values))
        set_autofilter(ws, len(COLUMNS), header + writer.rows, header_row=header)
        save_workbook(wb, tmp, info)
    return path
