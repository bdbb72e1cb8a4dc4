"""The monthly summary workbook's lists by checklist item, and the number cells of its sheets.

Two sheets share one layout (item code, category, requirement, then the month's and the
year's results, a 合计 row below the filtered rows): 危废检查 / HW checks, every
requirement checked, and 排污许可检查 / Permit checks, the items of the permit checklist
(排污许可证执行情况检查) with the copies made per outlet and pollutant counted under the
item they come from (:func:`envhelp.domain.figures.activity.permit_check_figures`), its 合计
row naming how many permit checks there were. :mod:`envhelp.reports.summary_xlsx` writes
them in its order.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from envhelp import i18n
from envhelp.reports.summary import MonthlySummary
from envhelp.reports.xlsx_cells import cell, text_cell
from envhelp.reports.xlsx_common import DocumentInfo, set_autofilter, start_table
from envhelp.reports.xlsx_heights import fit_height

PERCENT = "0.0%"
COUNT = "0"
NO_VALUE = "—"  # a rate whose divisor is 0
NO_VALUE_ALIGNMENT = Alignment(horizontal="right", vertical="top")  # where the number would be
SECTION_FONT = Font(bold=True)

ITEM_COLUMNS = [
    ("month_checked", "本月检查项数", "Checked (month)", COUNT),
    ("month_non_compliant", "本月不符合", "Non-compliant (month)", COUNT),
    ("month_rate", "本月符合率", "Compliance rate (month)", PERCENT),
    ("checked", "本年检查项数", "Checked (YTD)", COUNT),
    ("compliant", "本年符合", "Compliant (YTD)", COUNT),
    ("non_compliant", "本年不符合", "Non-compliant (YTD)", COUNT),
    ("not_applicable", "本年不适用", "Not applicable (YTD)", COUNT),
    ("rate", "本年符合率", "Compliance rate (YTD)", PERCENT),
]


def number_cell(ws: Worksheet, value: Any, fmt: str = COUNT) -> Any:
    """A count or rate; — where there is none (a rate of nothing checked)."""
    if value is None:
        c = text_cell(ws, NO_VALUE)
        c.alignment = NO_VALUE_ALIGNMENT
        return c
    return cell(ws, value, number_format=fmt)


def total_cells(ws: Worksheet, values: Sequence[Any]) -> list[Any]:
    """A row in bold, top-aligned: a 合计 row, or the heading of a section (texts or cells)."""
    cells = [c if isinstance(c, Cell) else cell(ws, c) for c in values]
    for c in cells:
        if c is not None:
            c.font = SECTION_FONT
    return cells


def _rate(compliant: int, checked: int) -> float | None:
    return compliant / checked if checked else None


def _item_sheet(
    ws: Worksheet,
    info: DocumentInfo,
    year_rows: list[dict[str, Any]],
    month_rows: list[dict[str, Any]],
    totals: dict[str, Any],
    total_note: str | None = None,
) -> None:
    """One row per item checked this year (its month figures beside), then 合计."""
    widths = [16, 16, 60] + [11] * len(ITEM_COLUMNS)
    header = start_table(
        ws,
        info,
        widths,
        [
            i18n.pick("检查项编号", "Item code"),
            i18n.pick("类别", "Category"),
            i18n.pick("检查要求", "Requirement"),
        ]
        + [i18n.pick(zh, en) for _, zh, en, _ in ITEM_COLUMNS],
        sheet_title=ws.title,
    )
    month = {(r["template_id"], r["code"]): r for r in month_rows}
    for number, r in enumerate(year_rows, start=header + 1):
        fit_height(ws, number, [r["code"], r["category"], r["requirement"]], widths)
        mr = month.get((r["template_id"], r["code"]))
        values = dict(r)
        values["month_checked"] = mr["checked"] if mr else 0
        values["month_non_compliant"] = mr["non_compliant"] if mr else 0
        values["month_rate"] = mr["rate"] if mr else None
        ws.append(
            [
                cell(ws, r["code"], wrap=True),
                cell(ws, r["category"], wrap=True),
                cell(ws, r["requirement"], wrap=True),
            ]
            + [number_cell(ws, values[k], fmt) for k, _, _, fmt in ITEM_COLUMNS]
        )
    set_autofilter(ws, 3 + len(ITEM_COLUMNS), header + len(year_rows), header_row=header)
    # Below the filtered rows, so sorting them never moves it.
    ws.append(
        total_cells(
            ws,
            [i18n.pick("合计", "Total"), None, total_note]
            + [number_cell(ws, totals[k], fmt) for k, _, _, fmt in ITEM_COLUMNS],
        )
    )


def requirements_sheet(ws: Worksheet, info: DocumentInfo, summary: MonthlySummary) -> None:
    """危废检查: every requirement checked; 合计 = the Overview's item figures (these rows
    added up)."""
    m, y = summary.month_figures, summary.year_figures
    totals = {
        "month_checked": m["items_checked"],
        "month_non_compliant": m["items_non_compliant"],
        "month_rate": m["compliance_rate"],
        "checked": y["items_checked"],
        "compliant": y["items_compliant"],
        "non_compliant": y["items_non_compliant"],
        "not_applicable": y["items_not_applicable"],
        "rate": y["compliance_rate"],
    }
    _item_sheet(ws, info, summary.requirements, summary.requirements_month, totals)


def permit_items_sheet(ws: Worksheet, info: DocumentInfo, summary: MonthlySummary) -> None:
    """排污许可检查: the permit checklist's items; 合计 names the permit checks and adds up
    the rows (its 本年不符合 is the Overview's 其中不符合项)."""
    year, month = summary.permit_items["year"], summary.permit_items["month"]

    def total(rows: list[dict[str, Any]], key: str) -> int:
        return sum(r[key] for r in rows)

    totals = {
        "month_checked": total(month, "checked"),
        "month_non_compliant": total(month, "non_compliant"),
        "month_rate": _rate(total(month, "compliant"), total(month, "checked")),
        "checked": total(year, "checked"),
        "compliant": total(year, "compliant"),
        "non_compliant": total(year, "non_compliant"),
        "not_applicable": total(year, "not_applicable"),
        "rate": _rate(total(year, "compliant"), total(year, "checked")),
    }
    checks_month = summary.month_figures["permit_checks"]
    checks_year = summary.year_figures["permit_checks"]
    note = i18n.pick(
        f"排污许可证执行情况检查：本月 {checks_month} 份，本年累计 {checks_year} 份",
        f"Discharge-permit checks: {checks_month} this month, {checks_year} year to date",
    )
    _item_sheet(ws, info, year, month, totals, note)
