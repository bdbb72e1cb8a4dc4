"""Every row of a bundle passes the same rules as a record typed in here.

:func:`validate_row` checks one row of one table with the domain's own field rules
(types, codes, dates, states, lengths, JSON columns, a checklist template's content)
and raises ValidationError naming the field; the bundle reader turns that into a
refusal of the whole bundle naming the table and line. What needs the database
(references to other records, unique numbers) is checked during the merge, inside its
one transaction.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from envhelp.domain import (
    check_answers,
    enterprises,
    ledger,
    officers,
    permit_calendar,
    permits,
    problems,
    random_checks,
    templates,
    visit_amendments,
    visits,
    vocab,
)
from envhelp.domain.fields import Field, clock_time, iso_date, text
from envhelp.errors import ValidationError
from envhelp.io import merge

TIMESTAMP_RE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})?")
POINTS_RE = re.compile(r"\d{1,4}(\.\d{1,2})?")
ID_MAX = 64
ACTOR_MAX = 200


def _field(key: str) -> Field:
    return Field(key, key, key)


def _bad(key: str, zh: str, en: str) -> ValidationError:
    return ValidationError(key, zh, en)


def _code(
    row: dict[str, Any],
    key: str,
    codes: dict[str, Any] | tuple[str, ...] | set[str],
    *,
    optional: bool = False,
) -> None:
    """A stored code, exactly (a label is what a person types, not what is stored)."""
    value = row.get(key)
    if optional and value in (None, ""):
        return
    if not isinstance(value, str) or value not in codes:
        raise _bad(
            key,
            f"“{key}”的值 {json.dumps(value, ensure_ascii=False)} 不是有效代码。",
            f"{key} {json.dumps(value, ensure_ascii=False)} is not a valid code.",
        )


def _id(row: dict[str, Any], key: str, *, required: bool = True) -> None:
    value = row.get(key)
    if value is None and not required:
        return
    if not isinstance(value, str) or not value or len(value) > ID_MAX:
        raise _bad(key, f"“{key}”不是有效的记录标识。", f"{key} is not a valid record id.")


def _timestamp(row: dict[str, Any], key: str, *, required: bool = True) -> None:
    value = row.get(key)
    if value is None and not required:
        return
    if not isinstance(value, str) or not TIMESTAMP_RE.fullmatch(value):
        raise _bad(
            key,
            f"“{key}”不是有效的时间（ISO-8601）：{value}。",
            f"{key} is not a valid ISO-8601 time: {value}.",
        )


def _date(row: dict[str, Any], key: str, *, required: bool = False) -> None:
    value = row.get(key)
    if value is None and not required:
        return
    if not isinstance(value, str) or iso_date(value, _field(key)) != value:
        raise _bad(
            key,
            f"“{key}”不是 YYYY-MM-DD 格式的日期：{value}。",
            f"{key} is not a date as YYYY-MM-DD: {value}.",
        )


def _int(row: dict[str, Any], key: str, *, low: int = 0, optional: bool = False) -> None:
    value = row.get(key)
    if optional and value is None:
        return
    if not isinstance(value, int) or isinstance(value, bool) or value < low:
        raise _bad(key, f"“{key}”应为不小于 {low} 的整数。", f"{key} must be an integer ≥ {low}.")


def _json(row: dict[str, Any], key: str, kind: type, *, nullable: bool = False) -> Any:
    value = row.get(key)
    if nullable and value is None:
        return None
    try:
        decoded, valid = json.loads(value), isinstance(value, str)
    except (TypeError, ValueError):
        decoded, valid = None, False
    if not valid or not isinstance(decoded, kind):
        raise _bad(
            key,
            f"“{key}”不是有效的 JSON {kind.__name__}。",
            f"{key} is not valid JSON ({kind.__name__}).",
        )
    return decoded


def _strings(row: dict[str, Any], keys: tuple[str, ...]) -> None:
    for key in keys:
        if key in row and not isinstance(row[key], str):
            raise _bad(key, f"“{key}”应为文字。", f"{key} must be text.")


def _record(row: dict[str, Any]) -> None:
    """The columns every record table has."""
    _id(row, "id")
    for key in ("created_at", "updated_at"):
        _timestamp(row, key)
    for key in ("created_by", "updated_by"):
        text(row.get(key), _field(key), max_len=ACTOR_MAX)
    if row.get("field_versions", "{}") != "{}":
        stamps = _json(row, "field_versions", dict)
        if not all(
            isinstance(v, list)
            and len(v) == 2
            and isinstance(v[0], str)
            and isinstance(v[1], int)
            and not isinstance(v[1], bool)
            and v[1] > 0
            for v in stamps.values()
        ):
            raise _bad(
                "field_versions",
                "“field_versions”中有无效的记录。",
                "field_versions holds an invalid entry.",
            )
    if "versions" in row and row["versions"] != "{}":
        vector = _json(row, "versions", dict)
        if not all(
            isinstance(n, int) and not isinstance(n, bool) and n > 0 for n in vector.values()
        ):
            raise _bad("versions", "“versions”中有无效的计数。", "versions holds an invalid count.")


def _officers(row: dict[str, Any]) -> None:
    _int(row, "active")
    officers.clean(row)


def _enterprises(row: dict[str, Any]) -> None:
    _strings(row, ("name", "search_text"))
    enterprises.clean({**row, "hw_categories": _json(row, "hw_categories", list)})


def _visits(row: dict[str, Any]) -> None:
    _date(row, "date", required=True)
    clock_time(row.get("time"), visits.F_TIME)
    _code(row, "type", vocab.VISIT_TYPES)
    _code(row, "satisfaction", vocab.SATISFACTION, optional=True)
    _code(row, "status", vocab.VISIT_STATUSES)
    _id(row, "enterprise_id")
    if "materials" in row:
        _int(row, "materials")
        visits.materials_count(row["materials"])
    _code(row, "task_source", vocab.TASK_SOURCES, optional=True)
    _code(row, "inspection_kind", vocab.INSPECTION_KINDS, optional=True)
    text(row.get("cap_reason"), _field("cap_reason"), max_len=500)
    for key, fld, limit in (
        ("representative", visits.F_REPRESENTATIVE, 100),
        ("guidance", visits.F_GUIDANCE, 5000),
        ("notes", visits.F_NOTES, 5000),
    ):
        text(row.get(key), fld, max_len=limit)
    laws = _json(row, "laws", list)
    for law in laws:
        if not isinstance(law, str):
            raise _bad("laws", "“laws”中每一项都应为文字。", "Every entry of laws must be text.")
        text(law, visits.F_LAWS, max_len=200)
    final = row["status"] == "final"
    if final != bool(row.get("record_no")):
        raise _bad(
            "record_no",
            "定稿记录必须有记录编号，草稿不能有。",
            "A final visit needs a record number, and a draft has none.",
        )
    if final:
        text(row["record_no"], _field("record_no"), required=True, max_len=64)
        _timestamp(row, "finalized_at")


def _visit_officers(row: dict[str, Any]) -> None:
    _id(row, "visit_id")
    _id(row, "officer_id")
    _int(row, "position")


def _visit_amendments(row: dict[str, Any]) -> None:
    _id(row, "visit_id")
    text(row.get("reason"), visit_amendments.F_REASON, required=True, max_len=1000)
    _json(row, "before", dict)
    _json(row, "after", dict)


def _checklist_templates(row: dict[str, Any]) -> None:
    _strings(row, ("id", "version", "title_zh", "title_en", "standard", "content"))
    parsed = templates.parse_template(str(row.get("content")), f"{row.get('id')}")
    if (parsed["id"], parsed["version"]) != (row.get("id"), row.get("version")):
        raise _bad(
            "content",
            "模板内容中的 id/version 与该行不符。",
            "The template's content names another id or version than its row.",
        )
    if not re.fullmatch(r"[0-9a-f]{64}", str(row.get("sha256"))):
        raise _bad(
            "sha256", "“sha256”不是 64 位十六进制校验值。", "sha256 is not a 64-digit hex checksum."
        )
    _timestamp(row, "imported_at")


def _checks(row: dict[str, Any]) -> None:
    _id(row, "visit_id")
    _strings(row, ("template_id", "template_version"))
    _int(row, "position")
    scope = _json(row, "scope", dict, nullable=True)
    check_answers.clean_scope(scope)
    for outlet in _json(row, "permit_items", list, nullable=True) or []:
        if not isinstance(outlet, dict):
            raise _bad(
                "permit_items",
                "“permit_items”中每一项都应为排放口。",
                "Every entry of permit_items must be an outlet.",
            )
        permits.clean_outlet(outlet, None)


def _check_results(row: dict[str, Any]) -> None:
    _id(row, "check_id")
    text(row.get("item_code"), _field("item_code"), required=True, max_len=40)
    _code(row, "result", check_answers.RESULTS)
    text(row.get("note"), check_answers.F_NOTE, max_len=check_answers.NOTE_MAX)
    points = row.get("points")  # a scored item's chosen option as text (NULL: from the result)
    if points is not None and not (isinstance(points, str) and POINTS_RE.fullmatch(points)):
        raise _bad(
            "points",
            '“points”应为得分文本（如 "1" 或 "1.5"）或空。',
            'points must be text such as "1" or "1.5", or null.',
        )


def _problems(row: dict[str, Any]) -> None:
    _id(row, "enterprise_id")
    for key in ("visit_id", "check_result_id", "closed_by", "close_visit_id", "relapse_of"):
        _id(row, key, required=False)
    _date(row, "found_on", required=True)
    for key in ("deadline", "promised_on", "closed_on"):
        _date(row, key)
    _code(row, "category", vocab.PROBLEM_CATEGORIES, optional=True)
    _code(row, "severity", vocab.SEVERITIES)
    _code(row, "handling", vocab.HANDLING)
    _code(row, "status", vocab.PROBLEM_STATUSES)
    _code(row, "close_method", ledger.CLOSE_METHODS, optional=True)
    text(row.get("description"), problems.F_DESCRIPTION, required=True, max_len=2000)
    text(row.get("requirement"), problems.F_REQUIREMENT, max_len=2000)
    text(row.get("legal_basis"), problems.F_LEGAL_BASIS, max_len=500)
    for key, limit in (
        ("rectify_plan", 2000),
        ("close_note", 2000),
        ("cancel_reason", 1000),
        ("item_code", 40),
    ):
        text(row.get(key), _field(key), max_len=limit)
    if row["status"] == "closed" and not row.get("closed_on"):
        raise _bad(
            "closed_on", "已销号的问题须有销号日期。", "A closed problem needs its close-out date."
        )


def _problem_events(row: dict[str, Any]) -> None:
    _id(row, "id")
    _id(row, "problem_id")
    _id(row, "visit_id", required=False)
    _timestamp(row, "at")
    text(row.get("actor"), _field("actor"), max_len=ACTOR_MAX)
    _code(row, "from_status", vocab.PROBLEM_STATUSES, optional=True)
    _code(row, "to_status", vocab.PROBLEM_STATUSES)
    _code(row, "kind", ledger.EVENT_KINDS)
    text(row.get("reason"), ledger.F_REASON, max_len=2000)
    for key in ("old_deadline", "new_deadline"):
        _date(row, key)
    _int(row, "lamport", low=1)  # every event since format 2 has its number


def _attachments(row: dict[str, Any]) -> None:
    text(row.get("filename"), _field("filename"), required=True, max_len=255)
    _strings(row, ("mime", "caption", "sha256"))
    text(row.get("caption"), _field("caption"), max_len=500)
    _int(row, "size")
    for key in ("visit_id", "problem_id", "check_result_id"):
        _id(row, key, required=False)


def _permits(row: dict[str, Any]) -> None:
    _id(row, "enterprise_id")
    _strings(row, ("permit_no", "issued_on", "valid_until"))
    permits.clean(
        {**row, "outlets": [], "report_frequencies": _json(row, "report_frequencies", list)}
    )
    _code(row, "management_class", vocab.PERMIT_FILE_CLASSES)  # the code, not a label
    # Out of force (注销 etc.): the status, its day and reason travel as an update.
    _code(row, "status", vocab.PERMIT_STATUSES, optional=True)  # absent: an older bundle
    _date(row, "status_on", required=row.get("status", permits.IN_FORCE) != permits.IN_FORCE)
    text(row.get("status_reason"), permits.F_STATUS_REASON, max_len=500)


def _permit_outlets(row: dict[str, Any]) -> None:
    _id(row, "permit_id")
    _int(row, "position")
    _code(row, "medium", vocab.OUTLET_MEDIA)
    _code(row, "kind", vocab.OUTLET_KINDS)
    permits.clean_outlet({**row, "pollutants": _json(row, "pollutants", list)}, None)


def _permit_reports(row: dict[str, Any]) -> None:
    _id(row, "permit_id")
    _code(row, "kind", permit_calendar.KINDS)
    _code(row, "status", vocab.REPORT_STATUSES)
    permit_calendar.clean_period(row["kind"], row.get("period"))
    _date(row, "due_on", required=True)
    _date(row, "shown_on")
    text(row.get("note"), permit_calendar.F_NOTE, max_len=500)


def _random_draws(row: dict[str, Any]) -> None:
    random_checks.normal_period(row.get("period") or "")
    _int(row, "seed")
    _int(row, "officers_per_task", low=random_checks.MIN_OFFICERS_PER_TASK)
    _int(row, "include_positive")
    random_checks.parse_quotas(_json(row, "quotas", dict))
    _code(row, "status", ("active", "replaced"))
    _strings(row, ("enterprises_digest", "officers_digest", "replace_reason"))


def _random_tasks(row: dict[str, Any]) -> None:
    _id(row, "draw_id")
    _id(row, "enterprise_id")
    _id(row, "visit_id", required=False)
    _int(row, "position", low=1)
    _code(row, "supervision_class", vocab.SUPERVISION_CLASSES)
    if not all(isinstance(o, str) for o in _json(row, "officer_ids", list)):
        raise _bad(
            "officer_ids",
            "“officer_ids”中每一项都应为记录标识。",
            "Every entry of officer_ids must be a record id.",
        )


def _settings(row: dict[str, Any]) -> None:
    text(row.get("key"), _field("key"), required=True, max_len=200)
    _timestamp(row, "updated_at")
    _json(row, "value", object)


def _merge_conflicts(row: dict[str, Any]) -> None:
    _id(row, "id")
    _code(row, "table_name", RECORD_TABLES)
    _id(row, "record_id")
    text(row.get("field"), _field("field"), required=True, max_len=64)
    for key in ("kept_value", "other_value"):
        if row.get(key) is not None:
            _json(row, key, object)
    for key in ("kept_by", "other_by", "detected_by"):
        text(row.get(key), _field(key), max_len=ACTOR_MAX)
    for key in ("kept_at", "other_at"):
        _timestamp(row, key, required=False)
    _timestamp(row, "detected_at")
    _code(row, "rule", merge.RULES)


def _tombstones(row: dict[str, Any]) -> None:
    _code(row, "table_name", RECORD_TABLES)
    _id(row, "record_id")
    _json(row, "versions", dict)
    _timestamp(row, "deleted_at")
    text(row.get("deleted_by"), _field("deleted_by"), max_len=ACTOR_MAX)


VALIDATORS: dict[str, Callable[[dict[str, Any]], None]] = {
    "officers": _officers,
    "enterprises": _enterprises,
    "visits": _visits,
    "visit_officers": _visit_officers,
    "visit_amendments": _visit_amendments,
    "checklist_templates": _checklist_templates,
    "checks": _checks,
    "check_results": _check_results,
    "problems": _problems,
    "problem_events": _problem_events,
    "attachments": _attachments,
    "permits": _permits,
    "permit_outlets": _permit_outlets,
    "permit_reports": _permit_reports,
    "random_draws": _random_draws,
    "random_tasks": _random_tasks,
    "settings": _settings,
    "tombstones": _tombstones,
    "merge_conflicts": _merge_conflicts,
}
RECORD_TABLES = frozenset(
    {
        "officers",
        "enterprises",
        "visits",
        "visit_amendments",
        "checks",
        "check_results",
        "problems",
        "attachments",
        "permits",
        "permit_outlets",
        "permit_reports",
        "random_draws",
        "random_tasks",
    }
)


def validate_row(table: str, row: dict[str, Any]) -> None:
    """Raise ValidationError (naming the field) unless ``row`` is a valid row of ``table``."""
    for key, value in row.items():
        if isinstance(value, bool | float):
            raise _bad(key, f"“{key}”的值类型无效。", f"{key} has a value of the wrong type.")
    if table in RECORD_TABLES:
        _record(row)
    VALIDATORS[table](row)
