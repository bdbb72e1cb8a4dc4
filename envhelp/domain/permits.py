"""The discharge permit on file (排污许可证): validation, saving, reading (docs/permits.md).

One permit per enterprise: its number, management class, issuing authority, issued and
valid-until dates, the 执行报告 frequencies it sets, and its outlets. Each outlet holds its
pollutants with the permitted concentration, the permitted yearly quantity and the
self-monitoring frequency. Saving a permit also sets the enterprise's own ``permit_no``
and ``permit_class``, so the two never disagree.
"""

from __future__ import annotations

import json
import math
import re
import uuid
from datetime import date
from typing import Any

from envhelp.domain import enterprises, vocab
from envhelp.domain.fields import Field, choice, iso_date, text
from envhelp.errors import NotFoundError, ValidationError
from envhelp.storage import Store

F_NO = enterprises.F_PERMIT
F_CLASS = Field("management_class", "管理类别", "Management class")
F_AUTHORITY = Field("issuing_authority", "发证机关", "Issuing authority")
F_ISSUED = Field("issued_on", "发证日期", "Issued on")
F_VALID = Field("valid_until", "有效期至", "Valid until")
F_REPORTS = Field("report_frequencies", "执行报告频次", "Execution-report frequencies")
F_NOTES = Field("notes", "备注", "Notes")
F_OUTLETS = Field("outlets", "排放口", "Outlets")
F_STATUS = Field("status", "许可证状态", "Permit status")
F_STATUS_ON = Field("status_on", "注销/撤销日期", "Date taken out of force")
F_STATUS_REASON = Field("status_reason", "注销/撤销原因", "Reason")
IN_FORCE = "in_force"

OUTLET_CODE_RE = re.compile(r"^[A-Z]{1,4}[0-9]{1,6}$")
MAX_OUTLETS = 200
MAX_POLLUTANTS = 50
UNITS = {"air": "mg/m³", "water": "mg/L"}  # the usual unit of a concentration limit


def _outlet_field(index: int | None, key: str, zh: str, en: str) -> Field:
    """A field of the outlet in row ``index`` (0-based), named so the officer finds it;
    ``index`` None: a lone outlet (a row of the import's outlet sheet)."""
    if index is None:
        return Field(
            key if key == "pollutants" else f"outlet_{key}", f"排放口{zh}", f"Outlet {en.lower()}"
        )
    return Field(
        f"outlets[{index}].{key}", f"第 {index + 1} 个排放口的{zh}", f"{en} of outlet {index + 1}"
    )


def _pollutant_field(outlet: int | None, index: int, key: str, zh: str, en: str) -> Field:
    if outlet is None:
        return Field(f"pollutant_{key}", f"污染物{zh}", f"Pollutant {en.lower()}")
    return Field(
        f"outlets[{outlet}].pollutants[{index}].{key}",
        f"第 {outlet + 1} 个排放口第 {index + 1} 项污染物的{zh}",
        f"{en} of pollutant {index + 1} of outlet {outlet + 1}",
    )


def _number(value: Any, field: Field) -> float | None:
    """A non-negative number, or None when empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = float(str(value).strip().replace("，", "").replace(",", ""))
    except ValueError:
        number = math.nan
    if isinstance(value, bool) or not math.isfinite(number) or number < 0:
        raise ValidationError(
            field.key,
            f"“{field.zh}”应为不小于 0 的数字，现为“{value}”，请改正。",
            f"{field.en} must be a number of 0 or more, not “{value}”; correct it.",
        )
    return int(number) if number.is_integer() else number


def _frequencies(value: Any, field: Field, allowed: dict[str, tuple[str, str]]) -> list[str]:
    """A list of frequency codes; labels in either language, and text like ``年报、季报``."""
    if value is None or value == "":
        return []
    items = value if isinstance(value, list | tuple) else re.split(r"[\s,，;；、]+", str(value))
    codes: list[str] = []
    for item in items:
        if str(item).strip():
            code = choice(item, field, allowed)
            if code not in codes:
                codes.append(code)
    order = list(allowed)
    return sorted(codes, key=order.index)


def clean_pollutant(data: Any, outlet: int | None, index: int, medium: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        data = {"name": data}
    name = text(
        data.get("name"),
        _pollutant_field(outlet, index, "name", "名称", "Name"),
        required=True,
        max_len=60,
    )
    return {
        "name": name,
        "limit": _number(
            data.get("limit"),
            _pollutant_field(outlet, index, "limit", "许可排放浓度", "Permitted concentration"),
        ),
        "unit": text(
            data.get("unit"),
            _pollutant_field(outlet, index, "unit", "浓度单位", "Unit"),
            max_len=20,
        )
        or UNITS[medium],
        "yearly_t": _number(
            data.get("yearly_t"),
            _pollutant_field(
                outlet, index, "yearly_t", "许可年排放量（吨）", "Permitted yearly quantity (t)"
            ),
        ),
        "monitoring": choice(
            data.get("monitoring") or "",
            _pollutant_field(outlet, index, "monitoring", "自行监测频次", "Monitoring frequency"),
            {"": ("未填写", "Not recorded"), **vocab.MONITORING_FREQUENCIES},
        ),
    }


def clean_outlet(data: dict[str, Any], index: int | None) -> dict[str, Any]:
    code = text(
        data.get("code"), _outlet_field(index, "code", "编号", "Code"), required=True, max_len=20
    ).upper()
    if not OUTLET_CODE_RE.match(code):
        field = _outlet_field(index, "code", "编号", "Code")
        raise ValidationError(
            field.key,
            f"“{field.zh}”格式不正确：{code}。应为字母加数字，例如 DA001（废气）、DW001（废水）。",
            f"{field.en} is malformed: {code}. Use letters and digits, e.g. DA001 (air), "
            "DW001 (water).",
        )
    medium = choice(
        data.get("medium"),
        _outlet_field(index, "medium", "类别（废气/废水）", "Medium (air/water)"),
        vocab.OUTLET_MEDIA,
    )
    kind = choice(
        data.get("kind"),
        _outlet_field(index, "kind", "排放方式（有组织/无组织）", "Type (organised/fugitive)"),
        vocab.OUTLET_KINDS,
    )
    raw = data.get("pollutants")
    if isinstance(raw, str):
        raw = [p for p in re.split(r"[;；\n]+", raw) if p.strip()]
    pollutants = list(raw or [])
    field = _outlet_field(index, "pollutants", "污染物", "Pollutants")
    if not pollutants:
        raise ValidationError(
            field.key,
            f"{code}：“{field.zh}”不能为空，请至少填写一项许可排放的污染物。",
            f"{code}: {field.en} are missing; list at least one permitted pollutant.",
        )
    if len(pollutants) > MAX_POLLUTANTS:
        raise ValidationError(
            field.key,
            f"“{field.zh}”最多 {MAX_POLLUTANTS} 项。",
            f"{field.en}: at most {MAX_POLLUTANTS}.",
        )
    cleaned = [clean_pollutant(p, index, i, medium) for i, p in enumerate(pollutants)]
    names = [p["name"] for p in cleaned]
    for i, name in enumerate(names):
        if name in names[:i]:
            field = _pollutant_field(index, i, "name", "名称", "Name")
            raise ValidationError(
                field.key,
                f"{code}：污染物“{name}”重复填写，请合并为一项。",
                f"{code}: pollutant “{name}” is listed twice; keep one.",
            )
    return {
        "code": code,
        "name": text(data.get("name"), _outlet_field(index, "name", "名称", "Name"), max_len=100),
        "medium": medium,
        "kind": kind,
        "pollutants": cleaned,
    }


def clean(data: dict[str, Any]) -> dict[str, Any]:
    """Validate a whole permit with its outlets; returns the values to store."""
    permit_no = enterprises.clean_permit_no(data.get("permit_no"))
    if not permit_no:
        raise ValidationError(F_NO.key, f"请填写“{F_NO.zh}”。", f"{F_NO.en} is required.")
    issued = iso_date(data.get("issued_on"), F_ISSUED)
    valid = iso_date(data.get("valid_until"), F_VALID)
    if valid <= issued:
        raise ValidationError(
            F_VALID.key,
            f"“{F_VALID.zh}”（{valid}）应晚于“{F_ISSUED.zh}”（{issued}），请核对许可证上的日期。",
            f"{F_VALID.en} ({valid}) must be after {F_ISSUED.en} ({issued}); check the dates "
            "on the permit.",
        )
    outlets = list(data.get("outlets") or [])
    if len(outlets) > MAX_OUTLETS:
        raise ValidationError(
            F_OUTLETS.key, f"排放口最多 {MAX_OUTLETS} 个。", f"At most {MAX_OUTLETS} outlets."
        )
    cleaned = [clean_outlet(o, i) for i, o in enumerate(outlets)]
    codes = [o["code"] for o in cleaned]
    for i, code in enumerate(codes):
        if code in codes[:i]:
            field = _outlet_field(i, "code", "编号", "Code")
            raise ValidationError(
                field.key,
                f"排放口编号 {code} 重复，每个排放口只填一行。",
                f"Outlet code {code} repeats; give each outlet once.",
            )
    return {
        "permit_no": permit_no,
        "management_class": choice(
            data.get("management_class"), F_CLASS, vocab.PERMIT_FILE_CLASSES
        ),
        "issuing_authority": text(data.get("issuing_authority"), F_AUTHORITY, max_len=100),
        "issued_on": issued,
        "valid_until": valid,
        "report_frequencies": _frequencies(
            data.get("report_frequencies"), F_REPORTS, vocab.REPORT_FREQUENCIES
        ),
        "notes": text(data.get("notes"), F_NOTES, max_len=2000),
        "outlets": cleaned,
    }


POLLUTANT_KEYS = ("limit", "unit", "yearly_t", "monitoring")


def outlets_from_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Outlets from rows of one pollutant each (an outlet's cells repeated on its rows), as a
    spreadsheet or the permit form holds them; keys ``code``, ``name``, ``medium``,
    ``kind``, ``pollutant`` and :data:`POLLUTANT_KEYS`. Rows of one outlet code are merged
    in order (the first row's outlet cells count); a row without a pollutant adds none, so
    an outlet of such rows only is refused by :func:`clean` naming its pollutants."""
    outlets: dict[str, dict[str, Any]] = {}
    for row in rows:
        code = str(row.get("code") or "").strip().upper()
        outlet = outlets.setdefault(
            code,
            {
                "code": code,
                "name": row.get("name"),
                "medium": row.get("medium"),
                "kind": row.get("kind"),
                "pollutants": [],
            },
        )
        if str(row.get("pollutant") or "").strip():
            outlet["pollutants"].append(
                {"name": row["pollutant"], **{k: row.get(k) for k in POLLUTANT_KEYS}}
            )
    return list(outlets.values())


_JSON = json.JSONEncoder(ensure_ascii=False)
# Record ids derived from what a record is (the enterprise's permit, the permit's outlet
# DA001, its 2026-Q3 report): two laptops that put the same permit on file make the same
# records, and a bundle merges them like any record changed on both sides.
_ID_NAMESPACE = uuid.UUID("0f6a1c9e-5b7d-4c1e-9a43-7d2e8b51c0a4")


def stable_id(*parts: str) -> str:
    return str(uuid.uuid5(_ID_NAMESPACE, "/".join(parts)))


def _public(row: dict[str, Any], outlets: list[dict[str, Any]]) -> dict[str, Any]:
    out = dict(row)
    out["report_frequencies"] = json.loads(row["report_frequencies"] or "[]")
    out["outlets"] = [{**o, "pollutants": json.loads(o["pollutants"] or "[]")} for o in outlets]
    return out


def for_enterprise(store: Store, enterprise_id: str) -> dict[str, Any] | None:
    """The permit on file with its outlets (in their order), or None."""
    row = store.query_one("SELECT * FROM permits WHERE enterprise_id = ?", (enterprise_id,))
    if row is None:
        return None
    outlets = store.query(
        "SELECT * FROM permit_outlets WHERE permit_id = ? ORDER BY position, code", (row["id"],)
    )
    return _public(row, outlets)


def _check_number_free(store: Store, permit_no: str, enterprise_id: str) -> None:
    other = store.query_one(
        "SELECT e.name FROM permits p JOIN enterprises e ON e.id = p.enterprise_id "
        "WHERE p.permit_no = ? AND p.enterprise_id != ? AND p.status != 'void'",
        (permit_no, enterprise_id),
    )
    if other:
        raise ValidationError(
            F_NO.key,
            f"排污许可证编号 {permit_no} 已登记在企业“{other['name']}”名下，请核对。",
            f"Permit number {permit_no} is already on file for “{other['name']}”; check it.",
        )


def save(store: Store, enterprise_id: str, data: dict[str, Any]) -> dict[str, Any]:
    """Put ``data`` on file as the enterprise's permit (new, or replacing the one on file).

    Outlets are matched by code: an outlet kept keeps its record, a new one is added,
    one no longer listed is removed. One transaction; bad input saves nothing.
    """
    values = clean(data)
    outlets = values.pop("outlets")
    with store.transaction():
        enterprise = enterprises.get(store, enterprise_id)
        _check_number_free(store, values["permit_no"], enterprise_id)
        row = {**values, "report_frequencies": _JSON.encode(values["report_frequencies"])}
        current = store.query_one(
            "SELECT id, permit_no, status FROM permits WHERE enterprise_id = ?", (enterprise_id,)
        )
        if current is None:
            permit = store.insert(
                "permits",
                {**row, "enterprise_id": enterprise_id, "id": stable_id("permit", enterprise_id)},
            )
        else:
            if current["status"] != IN_FORCE and current["permit_no"] != row["permit_no"]:
                # Another number: a new permit replaces the one taken out of force (whose
                # status stays in the audit log).
                row.update(status=IN_FORCE, status_on=None, status_reason="")
            permit = store.update("permits", current["id"], row)
        stored = {
            o["code"]: o
            for o in store.query(
                "SELECT id, code FROM permit_outlets WHERE permit_id = ?", (permit["id"],)
            )
        }
        for position, outlet in enumerate(outlets):
            record = {
                **outlet,
                "position": position,
                "pollutants": _JSON.encode(outlet["pollutants"]),
            }
            if outlet["code"] in stored:
                store.update("permit_outlets", stored.pop(outlet["code"])["id"], record)
            else:
                store.insert(
                    "permit_outlets",
                    {
                        **record,
                        "permit_id": permit["id"],
                        "id": stable_id("outlet", permit["id"], outlet["code"]),
                    },
                )
        for gone in stored.values():
            store.delete("permit_outlets", gone["id"])
        if (enterprise["permit_no"], enterprise["permit_class"]) != (
            values["permit_no"],
            values["management_class"],
        ):
            enterprises.update(
                store,
                enterprise_id,
                {"permit_no": values["permit_no"], "permit_class": values["management_class"]},
            )
        return for_enterprise(store, enterprise_id)


def id_by_number(store: Store, permit_no: str) -> str:
    """The id of the permit on file numbered ``permit_no`` (one not entered in error first);
    NotFoundError when none is."""
    permit_id = store.scalar(
        "SELECT id FROM permits WHERE permit_no = ? ORDER BY status = 'void' LIMIT 1",
        (permit_no.strip().upper(),),
    )
    if permit_id is None:
        raise NotFoundError(
            f"没有编号为 {permit_no} 的排污许可证。", f"No permit numbered {permit_no} is on file."
        )
    return permit_id


def valid_until_by_enterprise(store: Store, enterprise_ids: list[str]) -> dict[str, dict]:
    """{enterprise id: {"valid_until", "management_class"}} of the permits in force."""
    out: dict[str, dict] = {}
    for start in range(0, len(enterprise_ids), enterprises.BULK_LOOKUP):
        chunk = enterprise_ids[start : start + enterprises.BULK_LOOKUP]
        for row in store.query(
            "SELECT enterprise_id, valid_until, management_class FROM permits "
            f"WHERE status = 'in_force' AND enterprise_id IN ({', '.join('?' * len(chunk))})",
            chunk,
        ):
            out[row["enterprise_id"]] = row
    return out


def set_status(
    store: Store,
    permit_id: str,
    status: Any,
    on: Any = None,
    reason: Any = "",
    *,
    today: date | None = None,
) -> dict[str, Any]:
    """Take a permit on file out of force (``cancelled`` 注销, ``revoked`` 撤销或吊销, ``void``
    entered in error) on day ``on`` for ``reason``, or put it back in force (``in_force``).

    An update, never a deletion, so it is audited, can be undone, and bundles and the hub
    carry it to other laptops. A permit out of force leaves the due list, the planning
    ranking and the permit checklist; it stays on file and in the enterprise's details.
    """
    status = choice(status, F_STATUS, vocab.PERMIT_STATUSES)
    with store.transaction():
        permit = store.query_one("SELECT * FROM permits WHERE id = ?", (permit_id,))
        if permit is None:
            raise NotFoundError("找不到该排污许可证。", "No such permit on file.")
        if status == IN_FORCE:
            # Back in force: its number must not have gone to another enterprise meanwhile.
            _check_number_free(store, permit["permit_no"], permit["enterprise_id"])
            values = {"status": IN_FORCE, "status_on": None, "status_reason": ""}
        else:
            values = {
                "status": status,
                "status_on": _status_day(permit, status, on, today or date.today()),
                "status_reason": text(reason, F_STATUS_REASON, required=True, max_len=500),
            }
        return store.update("permits", permit_id, values)


def _status_day(permit: dict[str, Any], status: str, on: Any, today: date) -> str:
    day = iso_date(on, F_STATUS_ON)
    if day > today.isoformat():
        raise ValidationError(
            F_STATUS_ON.key,
            f"“{F_STATUS_ON.zh}”（{day}）不能晚于今天，请填写实际注销或撤销的日期。",
            f"{F_STATUS_ON.en} ({day}) cannot be after today; give the day it happened.",
        )
    if status != "void" and day < permit["issued_on"]:  # an entry in error may bear any date
        raise ValidationError(
            F_STATUS_ON.key,
            f"“{F_STATUS_ON.zh}”（{day}）早于发证日期（{permit['issued_on']}），请核对。",
            f"{F_STATUS_ON.en} ({day}) is before the permit was issued "
            f"({permit['issued_on']}); check it.",
        )
    return day


def status_text(permit: dict[str, Any]) -> str:
    """已注销（2026年11月3日，企业关闭） / Cancelled (2026-11-03, …); "" for a permit in force."""
    if permit.get("status", IN_FORCE) == IN_FORCE:
        return ""
    from envhelp import i18n

    day = date.fromisoformat(permit["status_on"])
    when = i18n.pick(f"{day.year}年{day.month}月{day.day}日", permit["status_on"])
    return i18n.pick(
        f"{vocab.label(vocab.PERMIT_STATUSES, permit['status'])}（{when}，{permit['status_reason']}）",
        f"{vocab.label(vocab.PERMIT_STATUSES, permit['status'])} ({when}, {permit['status_reason']})",
    )


def pollutants_text(outlet: dict[str, Any]) -> str:
    """An outlet's pollutants with their limits, as people read them (current language)."""
    from envhelp import i18n

    parts = []
    for p in outlet["pollutants"]:
        limit = f" ≤{p['limit']} {p['unit']}" if p["limit"] is not None else ""
        yearly = (
            i18n.pick(f"，{p['yearly_t']} 吨/年", f", {p['yearly_t']} t/yr")
            if p["yearly_t"] is not None
            else ""
        )
        parts.append(f"{p['name']}{limit}{yearly}")
    return i18n.pick("；", "; ").join(parts)


def outlet_kind_text(outlet: dict[str, Any]) -> str:
    """废气·有组织 / Air·Organised."""
    return (
        f"{vocab.label(vocab.OUTLET_MEDIA, outlet['medium'])}·"
        f"{vocab.label(vocab.OUTLET_KINDS, outlet['kind'])}"
    )
