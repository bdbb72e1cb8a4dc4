"""An enterprise's self-assessment (企业自评表): an .xlsx in a scored template's layout.

:func:`write_form` gives the enterprise the form: one row per scored item with its
points and what earns each; the enterprise fills 自评得分 (a number of points, or
不适用) and 说明. :func:`import_self_assessment` reads it back into a draft check as
suggestions, like "copy last results" (docs/checklists.md, "Self-assessment"): the items
stay unanswered with a marker such as ``〔自评：1分〕`` in their note until the officer
confirms each (Enter in the editor, ``check_answers.confirm_suggestion``) or answers it.

Import is strict: every bad row (unknown or repeated code, points that are not one of
the item's options) is named with its row number and nothing is written.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from envhelp.domain import check_answers, scoring, stored_templates, visits
from envhelp.errors import StateError, ValidationError
from envhelp.io.xlsx_input import guarded_rows, open_xlsx
from envhelp.storage import Store

# (key, zh, en, column width)
COLUMNS = (
    ("code", "编码", "Code", 12),
    ("indicator", "评估指标", "Indicator", 16),
    ("requirement", "评估内容", "Requirement", 48),
    ("max_points", "分值", "Points", 8),
    ("options", "得分标准", "What earns each score", 48),
    ("points", "自评得分", "Self-assessed points", 12),
    ("note", "说明", "Note", 30),
)
NOT_APPLICABLE_WORDS = ("不适用", "不涉及", "n/a", "na", "not applicable")
HEADER_SEARCH_ROWS = 10
MAX_ROWS_NAMED = 20


def _scored_items(template: dict[str, Any]) -> list[dict[str, Any]]:
    items = [item for item in template["items"] if "score" in item]
    if not items:
        raise StateError(
            f"模板 {template['id']} 不计分，没有自评表。",
            f"Template {template['id']} is not scored; it has no self-assessment form.",
        )
    return items


def write_form(
    store: Store, template_id: str, target: str | Path, version: str | None = None
) -> Path:
    """The self-assessment form of a scored template as .xlsx (Chinese headers, both the
    options and the item texts in Chinese: the enterprise fills it in)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from envhelp.storage.files import atomic_save

    template = stored_templates.get_template(store, template_id, version)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "自评表"
    sheet.append([zh for _key, zh, _en, _width in COLUMNS])
    for column, (_key, _zh, _en, width) in enumerate(COLUMNS, start=1):
        sheet.cell(1, column).font = Font(bold=True)
        sheet.column_dimensions[sheet.cell(1, column).column_letter].width = width
    for item in _scored_items(template):
        options = "\n".join(
            f"{scoring.points_text(o['points'])}分：{o['zh']}" for o in item["score"]["options"]
        )
        if item["score"].get("veto"):
            options += "\n（一票否决项）"
        sheet.append(
            [
                item["code"],
                item["category"]["zh"],
                item["requirement_zh"],
                item["score"]["points"],
                options,
                None,
                None,
            ]
        )
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    target = Path(target)
    with atomic_save(target) as tmp:
        workbook.save(tmp)
    return target


def _header(rows: list[tuple[Any, ...]]) -> tuple[int, dict[str, int]] | None:
    """(row index, key → column) of the form's header row among the first rows."""
    names = {zh: key for key, zh, _en, _w in COLUMNS} | {en: key for key, _zh, en, _w in COLUMNS}
    for index, values in enumerate(rows[:HEADER_SEARCH_ROWS]):
        found = {
            names[str(v).strip()]: col
            for col, v in enumerate(values)
            if v is not None and str(v).strip() in names
        }
        if "code" in found and "points" in found:
            return index, found
    return None


def _points_value(raw: Any) -> Decimal | None | str:
    """A cell of 自评得分: Decimal points, None for 不适用, "" when blank, or raises ValueError."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return ""
    if isinstance(raw, str) and raw.strip().lower() in NOT_APPLICABLE_WORDS:
        return None
    text = str(raw).strip().removesuffix("分").strip()
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(raw) from None
    if not number.is_finite():
        raise ValueError(raw)
    return number


def read_form(path: str | Path, template: dict[str, Any]) -> list[dict[str, Any]]:
    """The filled-in rows of a self-assessment: ``code``, ``points`` (None: not applicable),
    ``note``, ``row``. Raises ValidationError naming every bad row (up to 20)."""
    path = Path(path)
    items = {item["code"]: item for item in _scored_items(template)}
    with open_xlsx(path) as workbook:
        rows = list(guarded_rows(path, workbook.worksheets[0].iter_rows(values_only=True)))
    found = _header(rows)
    if found is None:
        raise ValidationError(
            "file",
            f"{path.name}：找不到表头（须有“编码”和“自评得分”两列），请使用本软件导出的自评表。",
            f"{path.name}: no header row (columns 编码/Code and 自评得分/Self-assessed points "
            "needed); use the form this program exports.",
        )
    header_index, columns = found
    out: list[dict[str, Any]] = []
    faults: list[tuple[int, str, str]] = []
    seen: dict[str, int] = {}

    def cell(values: tuple[Any, ...], key: str) -> Any:
        col = columns.get(key)
        return values[col] if col is not None and col < len(values) else None

    for index, values in enumerate(rows[header_index + 1 :], start=header_index + 2):
        code = str(cell(values, "code") or "").strip()
        raw = cell(values, "points")
        if not code and (raw is None or not str(raw).strip()):
            continue  # an empty row
        item = items.get(code)
        if item is None:
            faults.append(
                (
                    index,
                    f"编码“{code}”不是本评估表的计分项",
                    f"code “{code}” is not a scored item of this assessment",
                )
            )
            continue
        if code in seen:
            faults.append(
                (
                    index,
                    f"编码 {code} 与第 {seen[code]} 行重复",
                    f"code {code} repeats row {seen[code]}",
                )
            )
            continue
        seen[code] = index
        options = [scoring.points_text(o["points"]) for o in item["score"]["options"]]
        try:
            points = _points_value(raw)
            if points not in ("", None):
                scoring.option_for(item, points)
        except ValueError:
            allowed = "、".join(options)
            faults.append(
                (
                    index,
                    f"{code} 的自评得分“{raw}”无效，可填 {allowed} 分或“不适用”",
                    f"{code}: self-assessed points “{raw}” are not valid; use "
                    f"{', '.join(options)} or 不适用 (N/A)",
                )
            )
            continue
        if points == "":
            continue  # left blank: no suggestion for this item
        note = str(cell(values, "note") or "").strip()
        out.append({"code": code, "points": points, "note": note, "row": index})
    if faults:
        shown = faults[:MAX_ROWS_NAMED]
        more_zh = f"；另有 {len(faults) - len(shown)} 行有误" if len(faults) > len(shown) else ""
        more_en = f"; {len(faults) - len(shown)} more bad rows" if len(faults) > len(shown) else ""
        raise ValidationError(
            "self_assessment",
            f"{path.name}：自评表有误，未导入任何内容。"
            + "；".join(f"第 {row} 行：{zh}" for row, zh, _en in shown)
            + more_zh
            + "。",
            f"{path.name}: the self-assessment has errors; nothing was imported. "
            + "; ".join(f"row {row}: {en}" for row, _zh, en in shown)
            + more_en
            + ".",
        )
    return out


def import_self_assessment(store: Store, check_id: str, path: str | Path) -> dict[str, Any]:
    """Put an enterprise's self-assessed scores on a draft check's items as suggestions.

    Only unanswered items without a suggestion get one (as "copy last results" does);
    the others are listed in ``skipped``. Returns ``{"suggested": n, "skipped": [codes]}``.
    Nothing is written when the file has a bad row (ValidationError naming them).
    """
    check = store.get("checks", check_id)
    template = stored_templates.get_template(store, check["template_id"], check["template_version"])
    rows = read_form(path, template)
    with store.transaction():
        visits.ensure_draft(store, check["visit_id"])
        stored = {
            r["item_code"]: r
            for r in store.query(
                "SELECT id, item_code, result, note FROM check_results WHERE check_id = ?",
                (check_id,),
            )
        }
        suggested, skipped = 0, []
        for row in rows:
            result = stored.get(row["code"])
            if (
                result is None
                or result["result"] != "unanswered"
                or check_answers.suggestion(result["note"])
            ):
                skipped.append(row["code"])
                continue
            body = result["note"] or (f"企业自评说明：{row['note']}" if row["note"] else "")
            note = check_answers.self_assessment_marker(row["points"]) + body
            store.update("check_results", result["id"], {"note": note[: check_answers.NOTE_MAX]})
            suggested += 1
        return {"suggested": suggested, "skipped": skipped}
