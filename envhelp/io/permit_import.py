"""Import discharge permits from an Excel workbook (.xlsx): a sheet of permits, one of outlets.

The permits sheet has one row per permit (the sheet whose header names 排污许可证编号 and
有效期至); the outlets sheet one row per pollutant of an outlet (its header names 排放口编号
and 污染物), the outlet's cells repeated on each of its pollutants' rows. Headers may be
Chinese or English (:data:`PERMIT_HEADERS`, :data:`OUTLET_HEADERS`).

A permit's enterprise is the one whose credit code begins the permit number, else the
one named in the 企业名称 column. Each permit is saved whole with
:func:`envhelp.domain.permits.save` (replacing the one on file): a bad row, on either
sheet, rejects its permit, named by sheet, row and field as the enterprise import does,
and the other permits are saved. Everything runs in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from envhelp import i18n
from envhelp.domain import enterprises, permits
from envhelp.errors import ValidationError
from envhelp.io.xlsx_input import (
    PARSE_ERRORS,
    cell_text,
    guarded_rows,
    normalize_header,
    unreadable,
)
from envhelp.storage import Store

PERMIT_HEADERS: dict[str, tuple[str, ...]] = {
    "enterprise": ("企业名称", "单位名称", "排污单位名称", "enterprise", "enterprise name", "name"),
    "permit_no": ("排污许可证编号", "许可证编号", "登记编号", "permit no", "permit number"),
    "management_class": ("管理类别", "排污许可管理类别", "management class", "permit class"),
    "issuing_authority": ("发证机关", "核发机关", "issuing authority", "authority"),
    "issued_on": ("发证日期", "核发日期", "issued on", "issued"),
    "valid_until": ("有效期至", "有效期截止", "有效期限至", "valid until", "expires"),
    "report_frequencies": ("执行报告频次", "执行报告", "report frequencies", "reports"),
    "notes": ("备注", "notes"),
}
OUTLET_HEADERS: dict[str, tuple[str, ...]] = {
    "permit_no": PERMIT_HEADERS["permit_no"],
    "code": ("排放口编号", "outlet code", "outlet"),
    "name": ("排放口名称", "outlet name"),
    "medium": ("类别", "排放口类别", "废气/废水", "medium", "air/water"),
    "kind": ("排放方式", "有组织/无组织", "type", "organised/fugitive"),
    "pollutant": ("污染物", "污染物种类", "pollutant"),
    "limit": ("许可排放浓度", "排放浓度限值", "浓度限值", "permitted concentration", "limit"),
    "unit": ("浓度单位", "单位", "unit"),
    "yearly_t": (
        "许可年排放量（吨）",
        "许可年排放量",
        "年许可排放量",
        "yearly quantity (t)",
        "yearly quantity",
        "yearly_t",
    ),
    "monitoring": ("自行监测频次", "监测频次", "monitoring frequency", "monitoring"),
}
PERMITS_SHEET = ("许可证", "Permits")  # names the template gives the two sheets
OUTLETS_SHEET = ("排放口", "Outlets")
HEADER_SCAN_ROWS = 10


class RejectedRow(NamedTuple):
    sheet: str
    row: int  # as Excel shows it
    field: str  # English field key, as in ValidationError.field
    message: str


@dataclass
class PermitImportResult:
    saved: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"saved": self.saved, "rejected": [r._asdict() for r in self.rejected]}


def _index(headers: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {normalize_header(a): key for key, aliases in headers.items() for a in aliases}


def _read_sheet(path: Path, sheet: Any, headers: dict[str, tuple[str, ...]], needed: set[str]):
    """[(Excel row, {key: value})] of ``sheet``, or None when no header row holds ``needed``."""
    index = _index(headers)
    rows = guarded_rows(path, sheet.iter_rows(values_only=True))
    columns: dict[int, str] = {}
    number = 0
    for number, values in enumerate(rows, start=1):
        found = {
            i: index[normalize_header(v)]
            for i, v in enumerate(values)
            if normalize_header(v) in index
        }
        if needed <= set(found.values()):
            columns = found
            break
        if number >= HEADER_SCAN_ROWS:
            return None
    if not columns:
        return None
    out = []
    for row_number, values in enumerate(rows, start=number + 1):
        raw = {key: cell_text(values[i]) for i, key in columns.items() if i < len(values)}
        if any(v is not None and str(v).strip() for v in raw.values()):
            out.append((row_number, raw))
    return out


def _reject(result: PermitImportResult, sheet: str, row: int, error: ValidationError) -> None:
    result.rejected.append(RejectedRow(sheet, row, error.field, str(error)))


def _enterprise_for(store: Store, permit_no: str, name: Any) -> str:
    if not permit_no.startswith("H9"):
        found = store.query_one("SELECT id FROM enterprises WHERE uscc = ?", (permit_no[:18],))
        if found:
            return found["id"]
    names = store.query("SELECT id FROM enterprises WHERE name = ?", (str(name or "").strip(),))
    if len(names) == 1:
        return names[0]["id"]
    raise ValidationError(
        "enterprise",
        f"找不到排污许可证 {permit_no} 对应的企业：请先登记该企业（统一社会信用代码与许可证编号前 18 位一致），"
        "或在“企业名称”列填写其准确名称。",
        f"No enterprise found for permit {permit_no}: register the enterprise first (its credit "
        "code is the permit number's first 18 characters) or give its exact name.",
    )


def import_permits(store: Store, path: Path | str) -> PermitImportResult:
    from openpyxl import load_workbook

    path = Path(path)
    if not path.is_file():
        raise unreadable(path, "找不到该文件。", "the file does not exist.")
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except PARSE_ERRORS as exc:
        raise unreadable(path, "不是有效的 .xlsx 文件。", "it is not a valid .xlsx file.") from exc
    try:
        permits_rows = outlet_rows = None
        permits_title = outlets_title = ""
        for sheet in workbook.worksheets:
            if permits_rows is None:
                permits_rows = _read_sheet(
                    path, sheet, PERMIT_HEADERS, {"permit_no", "valid_until"}
                )
                permits_title = sheet.title
                if permits_rows is not None:
                    continue
            if outlet_rows is None:
                outlet_rows = _read_sheet(path, sheet, OUTLET_HEADERS, {"code", "pollutant"})
                outlets_title = sheet.title
    finally:
        workbook.close()
    if permits_rows is None:
        raise unreadable(
            path,
            "没有找到许可证工作表（表头应有“排污许可证编号”和“有效期至”列）。请使用导入模板。",
            "no permits sheet found (its header needs “排污许可证编号” and “有效期至” columns). "
            "Use the import template.",
        )
    return _import(store, permits_title, permits_rows, outlets_title, outlet_rows or [])


def _group_outlets(outlets_title: str, outlet_rows, result: PermitImportResult):
    """{permit no: (rows, [outlet dicts] or None when a row of it was bad)}."""
    grouped: dict[str, tuple[list[int], list[dict[str, Any]] | None]] = {}
    for number, raw in outlet_rows:
        permit_no = str(raw.get("permit_no") or "").strip().upper()
        numbers, outlets = grouped.setdefault(permit_no, ([], []))
        numbers.append(number)
        try:
            if not permit_no:
                raise ValidationError(
                    "permit_no",
                    "请填写该排放口所属的“排污许可证编号”。",
                    "Give the permit number the outlet belongs to.",
                )
            pollutant = {k: raw.get(k) for k in ("limit", "unit", "yearly_t", "monitoring")}
            pollutant["name"] = raw.get("pollutant")
            if not str(raw.get("pollutant") or "").strip():
                pollutant = None
            outlet = permits.clean_outlet(
                {**raw, "pollutants": [pollutant] if pollutant else []}, None
            )
        except ValidationError as error:
            _reject(result, outlets_title, number, error)
            grouped[permit_no] = (numbers, None)
            continue
        if outlets is None:
            continue
        same = next((o for o in outlets if o["code"] == outlet["code"]), None)
        if same is None:
            outlets.append({**outlet, "rows": [number]})
        elif (same["medium"], same["kind"]) != (outlet["medium"], outlet["kind"]):
            _reject(
                result,
                outlets_title,
                number,
                ValidationError(
                    "outlet_medium",
                    f"排放口 {outlet['code']} 的类别或排放方式与前面的行不一致，请统一。",
                    f"Outlet {outlet['code']}: medium or type differs from its earlier rows; "
                    "make them agree.",
                ),
            )
            grouped[permit_no] = (numbers, None)
        else:
            same["pollutants"] += outlet["pollutants"]
            same["rows"].append(number)
    return grouped


def _import(
    store: Store, permits_title: str, permits_rows, outlets_title: str, outlet_rows
) -> PermitImportResult:
    result = PermitImportResult()
    grouped = _group_outlets(outlets_title, outlet_rows, result)
    with store.transaction():
        for number, raw in permits_rows:
            permit_no = str(raw.get("permit_no") or "").strip().upper()
            numbers, outlets = grouped.pop(permit_no, ([], []))
            try:
                if outlets is None:
                    raise ValidationError(
                        "outlets",
                        f"该许可证的排放口有误（{outlets_title} 第 {'、'.join(map(str, numbers))} 行），"
                        "改正后重新导入。",
                        f"its outlets have errors ({outlets_title} rows "
                        f"{', '.join(map(str, numbers))}); correct them and import again.",
                    )
                data = {**raw, "outlets": outlets}
                permits.clean(data)  # named errors before looking up the enterprise
                enterprise_id = _enterprise_for(
                    store, enterprises.clean_permit_no(permit_no), raw.get("enterprise")
                )
                with store.transaction():  # a savepoint: a refused permit leaves no trace
                    permits.save(store, enterprise_id, data)
            except ValidationError as error:
                _reject(result, permits_title, number, error)
                continue
            result.saved += 1
        for permit_no, (numbers, _outlets) in grouped.items():
            for number in numbers:
                _reject(
                    result,
                    outlets_title,
                    number,
                    ValidationError(
                        "permit_no",
                        f"许可证工作表中没有编号为 {permit_no or '（空）'} 的许可证。",
                        f"No permit numbered {permit_no or '(empty)'} on the permits sheet.",
                    ),
                )
    result.rejected.sort(key=lambda r: (r.sheet != permits_title, r.row))
    return result


def summary_message(result: PermitImportResult) -> str:
    return i18n.pick(
        f"已导入许可证 {result.saved} 份，有误 {len(result.rejected)} 行。",
        f"Permits imported: {result.saved}; rows with errors: {len(result.rejected)}.",
    )
