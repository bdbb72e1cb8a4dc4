"""Visits (帮扶/检查): drafts that an officer edits freely, then finalizes and locks.

Beside it: the record numbers a final visit gets in :mod:`envhelp.domain.record_numbers`,
and the amendments of final visits in :mod:`envhelp.domain.visit_amendments`.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from envhelp import i18n
from envhelp.domain import inspection_rules, record_numbers, settings, vocab
from envhelp.domain.fields import (
    Field,
    choice,
    clock_time,
    date_range_clause,
    iso_date,
    phone,
    text,
)
from envhelp.errors import StateError, ValidationError
from envhelp.storage import Store
from envhelp.storage.clock import utc_now

F_ENTERPRISE = Field("enterprise_id", "企业", "Enterprise")
F_DATE = Field("date", "日期", "Date")
F_TIME = Field("time", "时间", "Time")
F_END_TIME = Field("end_time", "结束时间", "End time")
F_PLACE = Field("place", "检查地点", "Place of inspection")
F_TYPE = Field("type", "帮扶类型", "Visit type")
F_OFFICERS = Field("officer_ids", "执法人员", "Officers")
F_REPRESENTATIVE = Field("representative", "现场负责人", "Person on site")
F_REPRESENTATIVE_POST = Field("representative_post", "职务", "Post")
F_REPRESENTATIVE_PHONE = Field("representative_phone", "联系电话", "Phone")
F_RECORDER = Field("recorder_id", "记录人", "Recorder")
F_WITNESS = Field("witness", "见证人", "Witness")
F_PARTY_ANSWER = Field("party_answer", "告知后当事人答复", "The party's answer to the notices")
F_GUIDANCE = Field("guidance", "帮扶指导内容", "Guidance given")
F_LAWS = Field("laws", "宣贯法律法规标准", "Laws and standards publicized")
F_SATISFACTION = Field("satisfaction", "企业满意度", "Satisfaction")
F_MATERIALS = Field("materials", "发放宣传资料（份）", "Publicity materials handed out (copies)")
MAX_MATERIALS = 100_000
F_NOTES = Field("notes", "备注", "Notes")
F_TASK_SOURCE = Field("task_source", "任务来源", "Task source")
F_INSPECTION_KIND = Field("inspection_kind", "检查类型", "Inspection kind")

EDITABLE = (
    "enterprise_id",
    "date",
    "time",
    "end_time",
    "place",
    "type",
    "officer_ids",
    "representative",
    "representative_post",
    "representative_phone",
    "recorder_id",
    "witness",
    "party_answer",
    "guidance",
    "laws",
    "satisfaction",
    "materials",
    "notes",
    "task_source",
    "inspection_kind",
    "cap_reason",
)


def clean(store: Store, data: dict[str, Any]) -> dict[str, Any]:
    enterprise_id = text(data.get("enterprise_id"), F_ENTERPRISE, required=True, max_len=64)
    if store.find("enterprises", enterprise_id) is None:
        raise ValidationError(
            F_ENTERPRISE.key,
            "所选企业不存在，请重新选择企业。",
            "The chosen enterprise does not exist; pick the enterprise again.",
        )
    officer_ids = list(dict.fromkeys(data.get("officer_ids") or []))
    for officer_id in officer_ids:
        if store.find("officers", officer_id) is None:
            raise ValidationError(
                F_OFFICERS.key,
                f"执法人员不存在：{officer_id}，请重新选择。",
                f"No such officer: {officer_id}; pick the officers again.",
            )
    laws = data.get("laws") or []
    if isinstance(laws, str):
        laws = [part.strip() for part in laws.replace("；", ";").split(";") if part.strip()]
    start = clock_time(data.get("time"), F_TIME)
    end = clock_time(data.get("end_time"), F_END_TIME)
    if start and end and end <= start:
        raise ValidationError(
            F_END_TIME.key,
            f"“{F_END_TIME.zh}”{end} 应晚于“{F_TIME.zh}”{start}，请更正。",
            f"{F_END_TIME.en} {end} must be after {F_TIME.en.lower()} {start}; correct it.",
        )
    recorder_id = text(data.get("recorder_id"), F_RECORDER, max_len=64) or None
    if recorder_id is not None and store.find("officers", recorder_id) is None:
        raise ValidationError(
            F_RECORDER.key,
            f"记录人不存在：{recorder_id}，请重新选择。",
            f"No such officer as recorder: {recorder_id}; pick the recorder again.",
        )
    return {
        "enterprise_id": enterprise_id,
        "date": iso_date(data.get("date"), F_DATE),
        "time": start,
        "end_time": end,
        "place": text(data.get("place"), F_PLACE, max_len=300),
        "type": choice(data.get("type"), F_TYPE, vocab.VISIT_TYPES),
        "officer_ids": officer_ids,
        "representative": text(data.get("representative"), F_REPRESENTATIVE, max_len=100),
        "representative_post": text(
            data.get("representative_post"), F_REPRESENTATIVE_POST, max_len=100
        ),
        "representative_phone": phone(data.get("representative_phone"), F_REPRESENTATIVE_PHONE),
        "recorder_id": recorder_id,
        "witness": text(data.get("witness"), F_WITNESS, max_len=100),
        "party_answer": text(data.get("party_answer"), F_PARTY_ANSWER, max_len=500),
        "guidance": text(data.get("guidance"), F_GUIDANCE, max_len=5000),
        "laws": [text(law, F_LAWS, max_len=200) for law in laws],
        "satisfaction": choice(data.get("satisfaction") or "", F_SATISFACTION, vocab.SATISFACTION),
        "materials": materials_count(data.get("materials")),
        "notes": text(data.get("notes"), F_NOTES, max_len=5000),
        **_why(data),
    }


def _why(data: dict[str, Any]) -> dict[str, Any]:
    """Why the visit happens (2025 inspection rules): task source, kind, and the reason
    given when it goes over the yearly cap (docs/inspection-rules.md)."""
    return {
        "task_source": choice(
            data.get("task_source") or "routine", F_TASK_SOURCE, vocab.TASK_SOURCES
        ),
        "inspection_kind": choice(
            data.get("inspection_kind") or "routine", F_INSPECTION_KIND, vocab.INSPECTION_KINDS
        ),
        "cap_reason": text(data.get("cap_reason"), inspection_rules.F_CAP_REASON, max_len=500),
    }


def materials_count(value: Any) -> int:
    """Copies of publicity material handed out: a whole number from 0 (blank is 0)."""
    if value in (None, ""):
        return 0
    try:
        number = int(str(value).strip())
    except ValueError:
        number = -1
    if isinstance(value, float | bool) or not 0 <= number <= MAX_MATERIALS:
        raise ValidationError(
            F_MATERIALS.key,
            f"发放宣传资料份数“{value}”无效，请填写 0 到 {MAX_MATERIALS} 之间的整数。",
            f"Publicity materials “{value}” is not valid; enter a whole number from 0 "
            f"to {MAX_MATERIALS}.",
        )
    return number


def row_of(values: dict[str, Any]) -> dict[str, Any]:
    """The ``visits`` columns of cleaned values (officers are rows of their own)."""
    row = {k: v for k, v in values.items() if k != "officer_ids"}
    row["laws"] = json.dumps(values["laws"], ensure_ascii=False)
    return row


def set_officers(store: Store, visit_id: str, officer_ids: list[str]) -> None:
    current = [r["officer_id"] for r in _officer_rows(store, visit_id)]
    if current == officer_ids:
        return
    store.delete_links("visit_officers", "visit_id = ?", (visit_id,), visit_id)
    for position, officer_id in enumerate(officer_ids):
        store.insert_link(
            "visit_officers",
            {"visit_id": visit_id, "officer_id": officer_id, "position": position},
            visit_id,
        )


def _officer_rows(store: Store, visit_id: str) -> list[dict[str, Any]]:
    return _officers_of(store, [visit_id]).get(visit_id, [])


# Visit ids per officers query: well under SQLite's host-parameter limit (999 on old builds).
_OFFICER_BATCH = 500


def _officers_of(store: Store, visit_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """The officers of several visits in one query per batch (not one per visit), in order."""
    out: dict[str, list[dict[str, Any]]] = {}
    for start in range(0, len(visit_ids), _OFFICER_BATCH):
        batch = visit_ids[start : start + _OFFICER_BATCH]
        rows = store.query(
            "SELECT vo.visit_id, vo.officer_id, o.name, o.cert_no FROM visit_officers vo "
            "JOIN officers o ON o.id = vo.officer_id "
            f"WHERE vo.visit_id IN ({', '.join('?' * len(batch))}) "
            "ORDER BY vo.visit_id, vo.position, vo.officer_id",
            batch,
        )
        for r in rows:
            visit_id = r.pop("visit_id")
            out.setdefault(visit_id, []).append(r)
    return out


def to_public(
    store: Store, row: dict[str, Any], officers: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """The visit as callers see it: laws decoded, officer ids and names in their order.
    ``officers`` are the visit's rows from :func:`_officers_of` when already read."""
    out = dict(row)
    out["laws"] = json.loads(row["laws"] or "[]")
    if officers is None:
        officers = _officer_rows(store, row["id"])
    out["officer_ids"] = [o["officer_id"] for o in officers]
    out["officer_names"] = [o["name"] for o in officers]
    return out


def create(store: Store, data: dict[str, Any]) -> dict[str, Any]:
    """Save a new draft visit."""
    values = clean(store, data)
    with store.transaction():
        inspection_rules.require_cap_reason(store, values)
        row = row_of(values)
        if data.get("id"):
            row["id"] = data["id"]
        stored = store.insert("visits", row)
        set_officers(store, stored["id"], values["officer_ids"])
        return to_public(store, stored)


def resolve(store: Store, ref: str) -> str:
    """The id of the visit ``ref`` names: its id or its record number (环帮〔2026〕第0001号).
    NotFoundError (the CLI exits 2) when neither matches."""
    from envhelp.errors import NotFoundError

    ref = (ref or "").strip()
    if store.find("visits", ref) is not None:
        return ref
    visit_id = id_by_record_no(store, ref)
    if visit_id is None:
        raise NotFoundError(
            f"找不到走访记录：{ref}（可填写记录编号，如 环帮〔2026〕第0001号，或走访ID）",
            f"No such visit: {ref} (give its record number, e.g. 环帮〔2026〕第0001号, or the "
            "visit id)",
        )
    return visit_id


def ensure_draft(store: Store, visit_id: str) -> dict[str, Any]:
    """The visit row, or StateError when it is final (the core, not only the GUI, refuses)."""
    row = store.get("visits", visit_id)
    if row["status"] != "draft":
        raise StateError(
            f"走访记录 {row['record_no'] or visit_id} 已定稿，不能直接修改；如需更正请使用“修正”。",
            f"Visit {row['record_no'] or visit_id} is final and cannot be edited; "
            "use an amendment to correct it.",
        )
    return row


def update(store: Store, visit_id: str, data: dict[str, Any]) -> dict[str, Any]:
    """Change a draft; fields not given keep their value."""
    with store.transaction():
        current = to_public(store, ensure_draft(store, visit_id))
        merged = {k: data.get(k, current[k]) for k in EDITABLE}
        values = clean(store, merged)
        if any(values[k] != current[k] for k in inspection_rules.CAP_FIELDS):
            inspection_rules.require_cap_reason(store, values, visit_id)
        stored = store.update("visits", visit_id, row_of(values))
        set_officers(store, visit_id, values["officer_ids"])
        return to_public(store, stored)


def delete_draft(store: Store, visit_id: str) -> None:
    """Delete a draft visit with its checks and problem drafts; final visits are never deleted."""
    from envhelp.domain import problem_drafts  # it builds on this module

    with store.transaction():
        ensure_draft(store, visit_id)
        problem_drafts.clear(store, visit_id)
        for problem in store.query("SELECT id FROM problems WHERE visit_id = ?", (visit_id,)):
            # Its events first, audited (the schema's cascade would remove them unlogged).
            store.delete_links("problem_events", "problem_id = ?", (problem["id"],), problem["id"])
            store.delete("problems", problem["id"])
        for check in store.query("SELECT id FROM checks WHERE visit_id = ?", (visit_id,)):
            for result in store.query(
                "SELECT id FROM check_results WHERE check_id = ?", (check["id"],)
            ):
                store.delete("check_results", result["id"])
            store.delete("checks", check["id"])
        store.delete_links("visit_officers", "visit_id = ?", (visit_id,), visit_id)
        store.delete("visits", visit_id)


def completeness_problems(store: Store, visit: dict[str, Any]) -> list[tuple[str, str, str]]:
    """What stops a visit from being finalized, as (field, Chinese, English) triples."""
    missing: list[tuple[str, str, str]] = []
    why = two_officers_reason(store, visit)
    if why is None:
        if not visit["officer_ids"]:
            missing.append(
                (F_OFFICERS.key, "至少需要 1 名执法人员。", "At least one officer is needed.")
            )
    else:
        certified = store.scalar(
            "SELECT count(*) FROM visit_officers vo JOIN officers o ON o.id = vo.officer_id "
            "WHERE vo.visit_id = ? AND trim(o.cert_no) != ''",
            (visit["id"],),
        )
        if certified < 2:
            missing.append(
                (
                    F_OFFICERS.key,
                    f"{why[0]}须有两名以上持执法证的执法人员（现有 {certified} 名登记了执法证号）。",
                    f"{why[1]} needs two or more officers with enforcement certificates "
                    f"({certified} with a certificate number now).",
                )
            )
    unanswered = store.scalar(
        "SELECT count(*) FROM check_results r JOIN checks c ON c.id = r.check_id "
        "WHERE c.visit_id = ? AND r.result = 'unanswered'",
        (visit["id"],),
    )
    if unanswered:
        missing.append(
            (
                "checks",
                f"检查表还有 {unanswered} 项未作答（可标为“未检查”）。",
                f"{unanswered} checklist item(s) are unanswered (mark them “not checked” if so).",
            )
        )
    from envhelp.domain import problem_drafts  # it builds on this module

    pending = problem_drafts.pending_count(problem_drafts.load(store, visit["id"]))
    if pending:  # typed in the editor and kept, but not recorded: finalizing would lose them
        missing.append(
            (
                "problems",
                f"还有 {pending} 条问题草稿未登记（请在走访编辑器中登记或选择不登记）。",
                f"{pending} problem draft(s) are not recorded yet (record or dismiss them "
                "in the visit editor).",
            )
        )
    return missing


def closes_problems(store: Store, visit_id: str) -> bool:
    """Whether the visit verifies and closes a problem: one fixed on the spot during it,
    or one it closed (a follow-up's 销号)."""
    return bool(
        store.scalar(
            "SELECT 1 FROM problems WHERE status = 'closed' AND close_visit_id = ? LIMIT 1",
            (visit_id,),
        )
    )


def two_officers_reason(store: Store, visit: dict[str, Any]) -> tuple[str, str] | None:
    """Why the visit needs two certified officers, as (Chinese, English) words naming it;
    None when one officer is enough: a publicity visit that closes nothing, where the
    ``two_officers_for_publicity`` setting is switched off."""
    if visit["type"] == "inspection":
        return "现场检查", "An on-site inspection"
    if visit["type"] == "follow_up":
        return "回头看核查", "A follow-up review"
    if closes_problems(store, visit["id"]):
        return "核查销号的走访", "A visit that verifies and closes problems"
    if settings.get(store, settings.TWO_OFFICERS_FOR_PUBLICITY):
        return "帮扶走访（按设置）", "An assistance visit (as set in Settings)"
    return None


def finalize(store: Store, visit_id: str) -> dict[str, Any]:
    """Check completeness, give the record number, and lock the visit."""
    with store.transaction():
        visit = to_public(store, ensure_draft(store, visit_id))
        record_numbers.require_series_when_exchanging(store)
        missing = completeness_problems(store, visit)
        if missing:
            field = missing[0][0]
            raise ValidationError(
                field,
                "无法定稿：" + "".join(m[1] for m in missing),
                "Cannot finalize: " + " ".join(m[2] for m in missing),
            )
        record_no = record_numbers.next_record_no(store, int(visit["date"][:4]))
        stored = store.update(
            "visits",
            visit_id,
            {"status": "final", "record_no": record_no, "finalized_at": utc_now()},
        )
        from envhelp.domain import problem_drafts

        # Unrecorded drafts stopped us above; what may remain are dismissals, working
        # state of a draft that a final visit no longer needs.
        problem_drafts.clear(store, visit_id)
        return to_public(store, stored)


FIELDS_BY_KEY = {
    f.key: f
    for f in (
        F_ENTERPRISE,
        F_DATE,
        F_TIME,
        F_END_TIME,
        F_PLACE,
        F_TYPE,
        F_OFFICERS,
        F_REPRESENTATIVE,
        F_REPRESENTATIVE_POST,
        F_REPRESENTATIVE_PHONE,
        F_RECORDER,
        F_WITNESS,
        F_PARTY_ANSWER,
        F_GUIDANCE,
        F_LAWS,
        F_SATISFACTION,
        F_MATERIALS,
        F_NOTES,
    )
}


# The list's date-range filter (inclusive bounds), named in its validation messages.
F_RANGE = {
    "date_from": Field("date_from", "走访日期（起）", "Visit date from"),
    "date_to": Field("date_to", "走访日期（止）", "Visit date to"),
}


def id_by_record_no(store: Store, record_no: str) -> str | None:
    """The id of the visit with this record number (环帮〔2026〕第0001号), None when none has."""
    return store.scalar("SELECT id FROM visits WHERE record_no = ?", (record_no,))


def date_range(
    date_from: date | str | None, date_to: date | str | None
) -> tuple[str | None, str | None]:
    """The bounds as ISO text (None: unbounded); a bad date raises ValidationError naming
    ``date_from`` or ``date_to``."""
    return (
        iso_date(date_from, F_RANGE["date_from"], required=False),
        iso_date(date_to, F_RANGE["date_to"], required=False),
    )


def _where(
    month: str | None,
    enterprise_id: str | None,
    status: str | None,
    date_from: date | str | None = None,
    date_to: date | str | None = None,
) -> tuple[str, list[Any]]:
    clauses, params = [], []
    if month:
        # Dates are ISO text: "YYYY-MM-…" is the range [month + "-", month + "."), which
        # the date indexes answer ("." follows "-"); a LIKE would read every visit.
        clauses.append("v.date >= ? AND v.date < ?")
        params += [f"{month}-", f"{month}."]
    period, period_params = date_range_clause("v.date", *date_range(date_from, date_to))
    if period:
        clauses.append(period)
        params += period_params
    if enterprise_id:
        clauses.append("v.enterprise_id = ?")
        params.append(enterprise_id)
    if status:
        clauses.append("v.status = ?")
        params.append(status)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


# The list's order; the index visits_list_order (migration v3) holds it.
LIST_ORDER = "v.date DESC, v.time DESC, v.id"

# Where a keyset page continues: the (date, time, id) of the last row already shown.
Cursor = tuple[str, str | None, str]


def cursor_of(row: dict[str, Any]) -> Cursor:
    """The keyset cursor of a listed visit: pass it as ``after`` for the rows below it."""
    return (row["date"], row["time"], row["id"])


def _after(after: Cursor) -> tuple[str, list[Any]]:
    """SQL true for the rows that :data:`LIST_ORDER` puts after ``after``.

    SQLite sorts NULL below every value, so in ``time DESC`` a NULL time comes last
    within its date (the column is NOT NULL today; the clause stays exact anyway). The
    leading ``date <= ?`` is a range the index seeks to; the rest drops the rows of the
    cursor's own date that are already shown.
    """
    day, time, visit_id = after
    if time is None:
        later_time = "(v.time IS NULL AND v.id > ?)"
        params: list[Any] = [visit_id]
    else:
        later_time = "(v.time < ? OR v.time IS NULL OR (v.time = ? AND v.id > ?))"
        params = [time, time, visit_id]
    return f"v.date <= ? AND (v.date < ? OR {later_time})", [day, day, *params]


def list_page(
    store: Store,
    *,
    month: str | None = None,
    enterprise_id: str | None = None,
    status: str | None = None,
    date_from: date | str | None = None,
    date_to: date | str | None = None,
    limit: int | None = 200,
    offset: int = 0,
    after: Cursor | None = None,
) -> list[dict[str, Any]]:
    """Visits newest first, with the enterprise's name, one page at a time.

    Filters (all optional, combined with AND): ``month`` ("YYYY-MM"), ``date_from`` /
    ``date_to`` (inclusive visit dates; a bad one raises ValidationError naming it),
    ``enterprise_id`` and ``status``.

    ``after`` (see :func:`cursor_of`) starts the page below that row: the same rows as
    the ``offset`` of that row + 1, without reading the rows before it (an OFFSET near
    the end of a decade's 100,000 visits reads them all). ``offset`` then counts from
    the cursor.
    """
    where, params = _where(month, enterprise_id, status, date_from, date_to)
    if after is not None:
        clause, after_params = _after(after)
        where = f"{where} AND {clause}" if where else f" WHERE {clause}"
        params += after_params
    sql = (
        "SELECT v.*, e.name AS enterprise_name FROM visits v "
        f"JOIN enterprises e ON e.id = v.enterprise_id{where} "
        f"ORDER BY {LIST_ORDER}"
    )
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [limit, offset]
    rows = store.query(sql, params)
    officers = _officers_of(store, [r["id"] for r in rows])
    return [to_public(store, r, officers.get(r["id"], [])) for r in rows]


def count(
    store: Store,
    *,
    month: str | None = None,
    enterprise_id: str | None = None,
    status: str | None = None,
    date_from: date | str | None = None,
    date_to: date | str | None = None,
) -> int:
    """How many visits :func:`list_page` lists with the same filters."""
    where, params = _where(month, enterprise_id, status, date_from, date_to)
    return store.scalar(f"SELECT count(*) FROM visits v{where}", params)


def count_enterprises(
    store: Store,
    *,
    month: str | None = None,
    enterprise_id: str | None = None,
    status: str | None = None,
    date_from: date | str | None = None,
    date_to: date | str | None = None,
) -> int:
    """How many distinct enterprises the visits of :func:`list_page` (same filters) are of:
    with ``status="final"`` and a period, the 走访企业 figure of that period."""
    where, params = _where(month, enterprise_id, status, date_from, date_to)
    return store.scalar(f"SELECT count(DISTINCT v.enterprise_id) FROM visits v{where}", params)


def type_label(code: str) -> str:
    return i18n.pick(*vocab.VISIT_TYPES[code])
