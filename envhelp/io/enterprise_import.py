"""Import enterprises from an Excel sheet (.xlsx) and write the blank template.

The first row that names the enterprise-name column is the header; headers may
be Chinese or English (see :data:`HEADER_ALIASES`). Every data row is checked
with :func:`envhelp.domain.enterprises.clean`, exactly like the GUI form. Rows
that break a rule are reported with the row number Excel shows and change
nothing; the good rows are saved, all in one transaction.

An enterprise already in the database (same USCC, or the same exact name when
the row has no USCC) is not added again: identical data counts as unchanged,
and non-empty cells that differ update the stored record (empty cells never
clear stored data).
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from envhelp import i18n
from envhelp.domain import enterprises as enterprise_service
from envhelp.domain import vocab
from envhelp.errors import ValidationError
from envhelp.io.errors import UnreadableInputError
from envhelp.storage import Store

# Header text accepted for each field (compared after :func:`normalize_header`).
# The first Chinese name is the one the template writes. Extend freely: this is
# the only place the importer learns column names.
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("企业名称", "单位名称", "公司名称", "企业名", "名称", "name", "enterprise name",
             "enterprise", "company", "company name"),
    "uscc": ("统一社会信用代码", "社会信用代码", "信用代码", "统一代码", "uscc",
             "unified social credit code", "credit code", "social credit code"),
    "legal_rep": ("法定代表人", "法人代表", "法人", "法定代表人姓名", "legal representative",
                  "legal rep", "legal_rep"),
    "contact_person": ("联系人", "企业联系人", "环保联系人", "contact person", "contact",
                       "contact_person"),
    "contact_phone": ("联系电话", "电话", "联系方式", "手机", "手机号码", "contact phone",
                      "phone", "telephone", "tel", "contact_phone"),
    "address": ("地址", "企业地址", "详细地址", "生产经营场所地址", "经营地址", "address"),
    "town": ("镇街", "所属镇街", "所在镇街", "镇街道", "镇（街道）", "乡镇街道", "乡镇", "街道",
             "town", "township", "subdistrict", "town/subdistrict"),
    "industry": ("行业", "行业类别", "所属行业", "国民经济行业类别", "industry"),
    "permit_no": ("排污许可证编号", "排污许可证号", "排污许可编号", "许可证编号", "permit no",
                  "permit number", "discharge permit number", "permit_no"),
    "permit_class": ("排污许可管理类别", "许可管理类别", "排污许可类别", "管理类别",
                     "permit class", "permit category", "permit management category",
                     "permit_class"),
    "hw_categories": ("危险废物类别", "危废类别", "危险废物种类", "危废种类", "hw categories",
                      "hazardous waste categories", "hazardous-waste categories",
                      "hw_categories"),
    "notes": ("备注", "说明", "notes", "note", "remarks", "remark"),
}

HEADER_SCAN_ROWS = 10  # a title or a blank line may sit above the header
TEMPLATE_PATH = Path("templates") / "enterprises-import-template.xlsx"  # under resources/


def normalize_header(text: Any) -> str:
    """Header text as compared: no spaces, marks like ``*`` or ``(必填)``, case or punctuation."""
    raw = "" if text is None else str(text)
    raw = raw.replace("（", "(").replace("）", ")")
    raw = re.sub(r"\((必填|选填|required|optional)\)", "", raw, flags=re.IGNORECASE)
    return re.sub(r"[\s*＊_\-/:：.]+", "", raw).lower()


_HEADER_INDEX = {
    normalize_header(alias): key for key, aliases in HEADER_ALIASES.items() for alias in aliases
}


class RejectedRow(NamedTuple):
    row: int  # as Excel shows it (header row = 1 in the template)
    field: str  # English field key, as in ValidationError.field
    message: str  # in the language current during the import


@dataclass
class ImportResult:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)
    sheet: str = ""
    header_row: int = 0
    ignored_columns: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": [r._asdict() for r in self.rejected],
            "sheet": self.sheet,
            "header_row": self.header_row,
            "ignored_columns": self.ignored_columns,
        }


def _cell_text(value: Any) -> Any:
    """Excel values as the validators expect them: whole numbers without ``.0``."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool | int | float):
        return str(value)
    return value


def _unreadable(path: Path, zh: str, en: str) -> UnreadableInputError:
    return UnreadableInputError(f"无法导入 {path.name}：{zh}", f"Cannot import {path.name}: {en}")


# What openpyxl raises on a file that is not a well-formed workbook (XML ParseError is a
# SyntaxError; a damaged deflate stream gives zlib.error or EOFError); a damaged sheet is
# only parsed while its rows are read.
_PARSE_ERRORS = (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError, SyntaxError,
                 zlib.error, EOFError)


def _guarded(path: Path, rows: Iterator[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    """The sheet's rows; a damaged sheet becomes UnreadableInputError (the import rolls back)."""
    while True:
        try:
            values = next(rows)
        except StopIteration:
            return
        except _PARSE_ERRORS as exc:
            raise _unreadable(
                path, f"工作表内容已损坏（{exc}）。", f"a worksheet is damaged ({exc})."
            ) from exc
        yield values


def _find_header(rows, ignored: list[str]) -> tuple[int, dict[int, str]] | None:
    """(Excel row number, {column index: field key}) of the first header row, or None."""
    for number, values in enumerate(rows, start=1):
        columns: dict[int, str] = {}
        unknown: list[str] = []
        for index, value in enumerate(values):
            key = _HEADER_INDEX.get(normalize_header(value))
            if key and key not in columns.values():
                columns[index] = key
            elif value is not None and str(value).strip():
                unknown.append(str(value).strip())
        if "name" in columns.values():
            ignored.extend(unknown)
            return number, columns
        if number >= HEADER_SCAN_ROWS:
            return None
    return None


def _numeric_uscc_error(raw: Any) -> ValidationError:
    return ValidationError(
        enterprise_service.F_USCC.key,
        f"统一社会信用代码 {raw} 被 Excel 存成了数字，末尾几位可能已丢失。"
        "请把该列设为“文本”格式后重新填写。",
        f"The credit code {raw} was stored by Excel as a number and its last digits may be "
        "lost. Format the column as Text and type the code again.",
    )


def _match_existing(store: Store, values: dict[str, Any]) -> dict[str, Any] | None:
    """The stored enterprise this row describes: same USCC, else same exact name."""
    if values["uscc"]:
        row = store.query_one("SELECT * FROM enterprises WHERE uscc = ?", (values["uscc"],))
        if row is not None:
            return row
        # A record saved earlier without its code may be completed by this row.
        same_name = store.query(
            "SELECT * FROM enterprises WHERE name = ? AND uscc IS NULL LIMIT 2", (values["name"],)
        )
    else:
        same_name = store.query(
            "SELECT * FROM enterprises WHERE name = ? LIMIT 2", (values["name"],)
        )
    if len(same_name) > 1:
        raise ValidationError(
            enterprise_service.F_USCC.key,
            f"已有多家名为“{values['name']}”的企业，无法确定是哪一家，请填写统一社会信用代码。",
            f"Several enterprises are named “{values['name']}”; add the credit code to say "
            "which one.",
        )
    return same_name[0] if same_name else None


def _save_row(store: Store, values: dict[str, Any], present: set[str], result: ImportResult) -> None:
    existing = _match_existing(store, values)
    if existing is None:
        enterprise_service.add(store, values)
        result.added += 1
        return
    current = enterprise_service.to_public(existing)
    # Only cells that hold something change a stored enterprise; a blank cell or a
    # column missing from the sheet keeps what an officer typed in the app.
    changes = {k: v for k, v in values.items() if k in present and v not in ("", None, [])}
    if all(current[k] == v for k, v in changes.items()):
        result.unchanged += 1
        return
    enterprise_service.update(store, existing["id"], changes)
    result.updated += 1


def import_enterprises(store: Store, path: str | Path) -> ImportResult:
    """Import the first sheet with a recognizable header; see the module docstring."""
    from openpyxl import load_workbook

    path = Path(path)
    if not path.is_file():
        raise _unreadable(path, "找不到该文件。", "the file does not exist.")
    handle = path.open("rb")
    workbook = None
    try:
        try:
            workbook = load_workbook(handle, read_only=True, data_only=True)
        except _PARSE_ERRORS as exc:
            raise _unreadable(
                path,
                "不是有效的 .xlsx 文件（旧版 .xls 或 .csv 请先在 Excel/WPS 中另存为 .xlsx）。",
                "it is not a valid .xlsx file (save old .xls or .csv files as .xlsx in "
                "Excel/WPS first).",
            ) from exc
        result = ImportResult()
        for sheet in workbook.worksheets:
            # Some programs write a wrong size into the sheet; read every row regardless.
            sheet.reset_dimensions()
            rows = _guarded(path, sheet.iter_rows(values_only=True))
            header = _find_header(rows, result.ignored_columns)
            if header is None:
                result.ignored_columns.clear()
                continue
            result.sheet = sheet.title
            result.header_row, columns = header
            _import_rows(store, rows, result.header_row, columns, result)
            return result
        raise _unreadable(
            path,
            "没有找到表头行（前 10 行内应有“企业名称”列）。请使用导入模板。",
            "no header row found (the first 10 rows need an “企业名称 / name” column). "
            "Use the import template.",
        )
    finally:
        if workbook is not None:
            workbook.close()
        handle.close()


def _import_rows(
    store: Store, rows, header_row: int, columns: dict[int, str], result: ImportResult
) -> None:
    present = set(columns.values())
    seen: dict[str, int] = {}  # "uscc:..." / "name:..." → first row that used it
    with store.transaction():
        for number, values in enumerate(rows, start=header_row + 1):
            raw = {key: values[i] for i, key in columns.items() if i < len(values)}
            if all(v is None or not str(v).strip() for v in raw.values()):
                continue  # blank line
            data = {k: _cell_text(v) for k, v in raw.items()}
            try:
                try:
                    clean = enterprise_service.clean(data)
                except ValidationError as error:
                    if error.field == "uscc" and isinstance(raw.get("uscc"), int | float):
                        raise _numeric_uscc_error(data["uscc"]) from error
                    raise
                _check_repeat(clean, number, seen)
                # A savepoint per row: a row refused while saving leaves no trace.
                with store.transaction():
                    _save_row(store, clean, present, result)
            except ValidationError as error:
                result.rejected.append(RejectedRow(number, error.field, str(error)))


def _check_repeat(values: dict[str, Any], number: int, seen: dict[str, int]) -> None:
    keys = [f"uscc:{values['uscc']}"] if values["uscc"] else [f"name:{values['name']}"]
    for key in keys:
        if key in seen:
            field_key = "uscc" if key.startswith("uscc:") else "name"
            raise ValidationError(
                field_key,
                f"与第 {seen[key]} 行是同一家企业（重复行），本行未导入。",
                f"Same enterprise as row {seen[key]} (duplicate row); this row was not imported.",
            )
    for key in keys:
        seen[key] = number
    seen.setdefault(f"name:{values['name']}", number)


def write_import_template(path: str | Path) -> Path:
    """Write the blank import sheet (Chinese headers, an English hint sheet, drop-downs)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    path = Path(path)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "企业名录"
    fields = enterprise_service.FIELDS
    sheet.append([f.zh for f in fields])
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for index, f in enumerate(fields, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = bold
        cell.fill = fill
        letter = cell.column_letter
        sheet.column_dimensions[letter].width = max(12, len(f.zh) * 2 + 4)
        if f.key in ("uscc", "contact_phone", "permit_no"):
            # Text format keeps long codes and leading zeros as typed.
            sheet.column_dimensions[letter].number_format = "@"
    sheet.freeze_panes = "A2"
    permit_col = [f.key for f in fields].index("permit_class") + 1
    labels = [zh for code, (zh, _) in vocab.PERMIT_CLASSES.items() if code]
    choice = DataValidation(type="list", formula1='"' + ",".join(labels) + '"', allow_blank=True)
    sheet.add_data_validation(choice)
    letter = sheet.cell(row=1, column=permit_col).column_letter
    choice.add(f"{letter}2:{letter}5000")

    hints = workbook.create_sheet("填写说明 Instructions")
    hints.append(["列 Column", "English", "说明", "Notes"])
    for cell in hints[1]:
        cell.font = bold
    notes = {
        "name": ("必填。", "Required."),
        "uscc": ("18 位，可留空；用于识别已有企业。", "18 characters, optional; identifies "
                 "enterprises already stored."),
        "contact_phone": ("多个号码用逗号分隔。", "Separate several numbers with commas."),
        "permit_no": ("22 位，如 91130200699229617X001P。", "22 characters, e.g. "
                      "91130200699229617X001P."),
        "permit_class": ("、".join(labels) + "。", ", ".join(
            en for code, (_, en) in vocab.PERMIT_CLASSES.items() if code) + "."),
        "hw_categories": ("如 HW08,HW49，多个用逗号分隔。", "e.g. HW08,HW49, comma-separated."),
    }
    for f in fields:
        zh, en = notes.get(f.key, ("", ""))
        hints.append([f.zh, f.en, zh, en])
    hints.append([])
    hints.append(["表头也可用英文（如 name, USCC, town），列的顺序不限；空白单元格不会覆盖已有数据。"])
    hints.append(["Headers may also be English (e.g. name, USCC, town), in any order; "
                  "blank cells never overwrite stored data."])
    for letter, width in zip("ABCD", (18, 30, 40, 50), strict=True):
        hints.column_dimensions[letter].width = width
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def summary_message(result: ImportResult) -> str:
    """One-line summary in the current language."""
    return i18n.pick(
        f"新增 {result.added} 家，更新 {result.updated} 家，无变化 {result.unchanged} 家，"
        f"拒绝 {len(result.rejected)} 行。",
        f"Added {result.added}, updated {result.updated}, unchanged {result.unchanged}, "
        f"rejected {len(result.rejected)} row(s).",
    )
