"""The differences ``envhelp verify`` finds, in words an officer reads.

:func:`~.fingerprint.diff` names a field by its place in the document's data
(``problems[<id>].deadline``) and gives raw values (codes, records as dicts). An
officer sees neither internal ids nor Python values: each record is called by its
name (the officer's name, the problem's description, the checklist's title, the
photo's caption), each field by its label, and each code by its label, in the
current language.
"""

from __future__ import annotations

import re
from typing import Any

from envhelp import i18n
from envhelp.domain import checks, enterprises, officers, problems, visits, vocab
from envhelp.domain.fields import Field

# Sections of the document's data (the part before a [key] or a dot).
SECTIONS = {
    "visit": ("走访", "Visit"), "enterprise": ("企业", "Enterprise"),
    "officers": ("执法人员", "Officer"), "checks": ("检查表", "Checklist"),
    "items": ("检查项", "Item"), "problems": ("问题", "Problem"),
    "attachments": ("照片", "Photo"), "issuer": ("出具单位", "Issuer"),
    "amendments": ("修正", "Amendment"), "scope": ("检查范围", "Scope"),
}  # fmt: skip
_FIELDS = [
    *(f for m in (visits, enterprises, problems) for f in vars(m).values() if isinstance(f, Field)),
    officers.F_NAME, officers.F_CERT,
]  # fmt: skip
LABELS: dict[str, tuple[str, str]] = {
    **{f.key: (f.zh, f.en) for f in _FIELDS},
    "record_no": ("记录编号", "Record number"), "status": ("状态", "Status"),
    "result": ("检查结果", "Result"), "note": ("说明", "Note"), "code": ("编号", "Code"),
    "title_zh": ("标题", "Title"), "title_en": ("英文标题", "English title"),
    "requirement_zh": ("检查要求", "Requirement"),
    "requirement_en": ("检查要求（英文）", "Requirement (English)"),
    "basis_zh": ("依据", "Basis"), "basis_en": ("依据（英文）", "Basis (English)"),
    "category_zh": ("类别", "Category"), "category_en": ("类别（英文）", "Category (English)"),
    "template_version": ("模板版本", "Template version"),
    "template_sha256": ("模板内容", "Template content"), "template_id": ("模板", "Template"),
    "facility_types": ("贮存设施类型", "Facility types"),
    "management_class": ("危废管理类别", "HW management class"),
    "bureau_name": ("局名称", "Bureau"), "unit_name": ("执法单位", "Unit"),
    "caption": ("照片说明", "Caption"), "filename": ("文件名", "File name"),
    "item_code": ("检查项编号", "Item code"), "reason": ("修正原因", "Reason"),
    "at": ("时间", "Time"), "by": ("修正人", "By"), "changes": ("修正内容", "Changes"),
    "id": ("记录", "Record"),
}  # fmt: skip
CODE_LABELS = {
    "type": vocab.VISIT_TYPES, "satisfaction": vocab.SATISFACTION,
    "permit_class": vocab.PERMIT_CLASSES, "severity": vocab.SEVERITIES,
    "handling": vocab.HANDLING, "category": vocab.PROBLEM_CATEGORIES,
    "result": checks.RESULTS, "facility_types": vocab.FACILITY_TYPES,
    "management_class": vocab.HW_MANAGEMENT_CLASSES,
}  # fmt: skip
_SEGMENT = re.compile(r"([^.\[\]()]+)(?:\[([^\]]*)\])?(\(order\))?")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
NAME_LENGTH = 24


def _short(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= NAME_LENGTH else text[: NAME_LENGTH - 1] + "…"


def record_name(record: dict[str, Any]) -> str:
    """How a record of the document is called: a name, never its id."""
    for key in ("name", "description", "caption", "reason"):
        if record.get(key):
            return _short(record[key])
    if record.get("title_zh") or record.get("title_en"):
        return _short(i18n.pick(record.get("title_zh") or "", record.get("title_en") or ""))
    if record.get("code"):
        return str(record["code"])
    if record.get("filename"):
        return _short(record["filename"])
    return i18n.pick("（未命名）", "(unnamed)")


def names_of(*snapshots: dict[str, Any] | None) -> dict[str, str]:
    """id → name of every record in the snapshots (later snapshots win)."""
    names: dict[str, str] = {}

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            if isinstance(value.get("id"), str):
                names[value["id"]] = record_name(value)
            for sub in value.values():
                walk(sub)
        elif isinstance(value, list):
            for sub in value:
                walk(sub)

    for snapshot in snapshots:
        walk(snapshot)
    return names


def _label(key: str) -> str:
    pair = LABELS.get(key) or SECTIONS.get(key)
    return i18n.pick(*pair) if pair else key


def path_text(path: str, names: dict[str, str]) -> str:
    """``problems[<id>].deadline`` → ``问题“桶盖未盖”：整改期限``."""
    parts = []
    for name, key, order in _SEGMENT.findall(path):
        part = _label(name)
        if key:
            shown = names.get(key, key)
            if _UUID.match(shown):
                shown = i18n.pick("（已删除的记录）", "(deleted record)")
            part += i18n.pick(f"“{shown}”", f" “{shown}”")
        if order:
            part += i18n.pick("的顺序", " order")
        parts.append(part)
    return i18n.pick("：", ": ").join(parts)


def value_text(value: Any, names: dict[str, str], key: str = "") -> str:
    """A value as the officer reads it: labels for codes, names for records and ids."""
    if value is None or value == "":
        return i18n.pick("（无）", "(none)")
    if isinstance(value, bool):
        return i18n.pick("是", "yes") if value else i18n.pick("否", "no")
    if isinstance(value, dict):
        if "id" in value or any(k in value for k in ("name", "description", "title_zh", "code")):
            return record_name(value)
        return i18n.pick("；", "; ").join(
            f"{_label(k)}{i18n.pick('：', ': ')}{value_text(v, names, k)}" for k, v in value.items()
        )
    if isinstance(value, list):
        return i18n.pick("、", ", ").join(value_text(v, names, key) for v in value)
    text = str(value)
    if text in names:
        return names[text]
    if _UUID.match(text):
        return i18n.pick("（已删除的记录）", "(deleted record)")
    if key in CODE_LABELS and text in CODE_LABELS[key]:
        return vocab.label(CODE_LABELS[key], text)
    return text if len(text) <= 120 else text[:117] + "…"


def leaf_key(path: str) -> str:
    """The field a path ends in (``problems[x].severity`` → ``severity``)."""
    found = _SEGMENT.findall(path)
    return found[-1][0] if found else ""
