"""Checks (检查) on a visit: one checklist template answered item by item.

A check stores the template id AND version it was started with; item texts are
always read from that stored version, so a later template version never
changes a past check. Results are only changed while the visit is a draft —
the core refuses a final visit (StateError), not only the GUI.

Copying the previous visit's answers (``previous_answers.copy_previous``) does NOT answer an
item: the result stays ``unanswered`` and the note gets a marker such as
``〔上次：不符合｜2025-03-01〕``. The officer must confirm each item (set a
result, or ``confirm_suggestion``), and ``visits.finalize`` keeps refusing
while any item is unanswered. Setting a real result removes the marker.

A check's *scope* (``facility_types`` present at the site, HW ``management_class``)
rules out the template items that concern other kinds of site: those are answered
"not applicable" with a note saying why (``applicability.out_of_scope_note``), which the
officer can still overrule. A new check takes the scope of the enterprise's last one.

Public API (all take the open Store first):
    start_check, get_check, list_checks, delete_check, results, set_result,
    set_scope, last_scope, measure, add_photo, suggestion, confirm_suggestion,
    set_points, propose_problem

Beside it: copying the previous visit's answers in :mod:`envhelp.domain.previous_answers`,
a check's figures and score in :mod:`envhelp.domain.check_totals`, and the whole visit
for ``visits show`` in :mod:`envhelp.domain.visit_details`.
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from envhelp import i18n
from envhelp.domain import (
    applicability,
    attachments,
    citations,
    measures,
    permit_checks,
    scoring,
    stored_templates,
    templates,
    visits,
    vocab,
)
from envhelp.domain.fields import Field, choice, text
from envhelp.errors import StateError, ValidationError
from envhelp.storage import Store

RESULTS = {
    "unanswered": ("未作答", "Unanswered"),
    "compliant": ("符合", "Compliant"),
    "non_compliant": ("不符合", "Non-compliant"),
    "not_applicable": ("不适用", "Not applicable"),
    "not_checked": ("未检查", "Not checked"),
}
# Answers that say something about the site; what previous_answers.copy_previous carries forward.
INFORMATIVE = ("compliant", "non_compliant", "not_applicable")

F_RESULT = Field("result", "检查结果", "Result")
F_NOTE = Field("note", "说明", "Note")
F_FACILITY_TYPES = Field("facility_types", "设施类型", "Facility types")
F_MANAGEMENT_CLASS = Field("management_class", "危废管理类别", "HW management class")
NOTE_MAX = 1000
DESCRIPTION_MAX = 2000

SUGGESTION_RE = re.compile(r"^〔上次：(?P<label>[^｜〕]+)｜(?P<date>\d{4}-\d{2}-\d{2})〕\s*")
SELF_NOT_APPLICABLE = "不适用"
SELF_RE = re.compile(r"^〔自评：(?P<value>不适用|(?P<points>\d{1,4}(?:\.\d{1,2})?)分)〕\s*")


# -- suggestions from a previous visit ----------------------------------------


def suggestion_marker(result: str, visit_date: str) -> str:
    """The note prefix marking a copied, unconfirmed answer (always Chinese: it is record text)."""
    return f"〔上次：{RESULTS[result][0]}｜{visit_date}〕"


def self_assessment_marker(points: Any) -> str:
    """The note prefix of an enterprise's self-assessed score waiting for the officer:
    ``〔自评：1分〕`` or ``〔自评：不适用〕`` (record text, so Chinese)."""
    value = SELF_NOT_APPLICABLE if points is None else f"{scoring.points_text(points)}分"
    return f"〔自评：{value}〕"


def suggestion(note: str, max_points: Any = None) -> dict[str, Any] | None:
    """The suggested answer in a note, or None when there is none.

    A copied previous answer gives ``{"result", "date"}``; a self-assessed score
    (``self_assessment_marker``) ``{"result", "points", "source": "self"}``, its result
    "compliant" when ``points`` reach the item's ``max_points``, else "non_compliant".
    """
    note = note or ""
    match = SUGGESTION_RE.match(note)
    if match:
        code = vocab.code_for(RESULTS, match["label"])
        return {"result": code, "date": match["date"]} if code else None
    match = SELF_RE.match(note)
    if not match:
        return None
    if match["value"] == SELF_NOT_APPLICABLE:
        return {"result": "not_applicable", "points": None, "source": "self"}
    points = scoring.Decimal(match["points"])
    full = scoring.Decimal(str(max_points)) if max_points is not None else None
    result = "compliant" if full is not None and points >= full else "non_compliant"
    return {"result": result, "points": scoring.plain(points), "source": "self"}


def suggestion_prefix(note: str) -> str:
    """The marker a note starts with (copied answer or self-assessment), "" when none."""
    match = SUGGESTION_RE.match(note or "") or SELF_RE.match(note or "")
    return match.group(0).rstrip() if match else ""


def strip_suggestion(note: str) -> str:
    note = SUGGESTION_RE.sub("", note or "", count=1)
    return SELF_RE.sub("", note, count=1).strip()


# -- checks -------------------------------------------------------------------


def template_of(store: Store, check: dict[str, Any]) -> dict[str, Any]:
    """The check's pinned template version, its items expanded per outlet and pollutant of
    the permit copied onto the check when it started (domain/permit_checks.py)."""
    template = stored_templates.get_template(store, check["template_id"], check["template_version"])
    return permit_checks.expanded(template, check.get("permit_items"))


# -- scope ----------------------------------------------------------------------


def clean_scope(scope: dict[str, Any] | None) -> dict[str, Any] | None:
    """A scope checked against the vocabularies (labels in either language accepted).

    Returns ``{"facility_types": [...], "management_class": "..."}`` with the parts
    that are set (facility types in vocabulary order), or None when nothing is set.
    """
    if scope is None:
        return None
    if not isinstance(scope, dict) or set(scope) - {"facility_types", "management_class"}:
        raise ValidationError(
            "scope",
            "检查范围只能包含 facility_types（设施类型）和 management_class（危废管理类别）。",
            "A check's scope may hold only facility_types and management_class.",
        )
    types = scope.get("facility_types") or []
    if isinstance(types, str):
        types = [types]
    if not isinstance(types, list | tuple):
        raise ValidationError(
            F_FACILITY_TYPES.key,
            '“设施类型”应为列表，如 ["贮存库", "贮存点"]。',
            'Facility types must be a list, e.g. ["warehouse", "point"].',
        )
    codes = {choice(value, F_FACILITY_TYPES, vocab.FACILITY_TYPES) for value in types}
    clean: dict[str, Any] = {}
    if codes:
        clean["facility_types"] = [code for code in vocab.FACILITY_TYPES if code in codes]
    if scope.get("management_class"):
        clean["management_class"] = choice(
            scope["management_class"], F_MANAGEMENT_CLASS, vocab.HW_MANAGEMENT_CLASSES
        )
    return clean or None


def stored_scope(check: dict[str, Any]) -> dict[str, Any] | None:
    """The scope of a ``checks`` row (None for checks made before scopes existed)."""
    return json.loads(check["scope"]) if check.get("scope") else None


def scope_text(scope: dict[str, Any] | None) -> str:
    """E.g. "设施类型：贮存库、贮存点；危废管理类别：重点监管单位" ("" when not set)."""
    pick = i18n.pick
    parts = []
    if scope and scope.get("facility_types"):
        names = [vocab.label(vocab.FACILITY_TYPES, c) for c in scope["facility_types"]]
        parts.append(pick("设施类型：", "Facility types: ") + pick("、", ", ").join(names))
    if scope and scope.get("management_class"):
        parts.append(
            pick("危废管理类别：", "HW management class: ")
            + vocab.label(vocab.HW_MANAGEMENT_CLASSES, scope["management_class"])
        )
    return pick("；", "; ").join(parts)


def last_scope(
    store: Store,
    enterprise_id: str,
    template_id: str | None = None,
    exclude_visit_id: str | None = None,
) -> dict[str, Any] | None:
    """The scope of the enterprise's latest check (of this template, if given) that has one."""
    template_clause = "AND c.template_id = ? " if template_id else ""
    params = [enterprise_id, *([template_id] if template_id else []), exclude_visit_id or ""]
    row = store.query_one(
        "SELECT c.scope FROM checks c JOIN visits v ON v.id = c.visit_id "
        f"WHERE v.enterprise_id = ? {template_clause}AND c.scope IS NOT NULL "
        "AND v.id != ? ORDER BY v.date DESC, v.time DESC, c.created_at DESC LIMIT 1",
        params,
    )
    return stored_scope(row) if row else None


def _apply_scope(
    store: Store, check: dict[str, Any], template: dict[str, Any], scope: dict[str, Any] | None
) -> list[dict[str, Any]]:
    """Answer the items ``scope`` rules out "not applicable"; reopen those it lets back in.

    Only unanswered items are ruled out, and only automatic answers (the note starts
    with the out-of-scope line) are reopened: what the officer answered is kept. Text
    the officer typed on an unanswered item stays under that line and comes back when
    the item is reopened (a copied previous answer is dropped: "copy previous" again).
    Returns what changed: result_id, code, before and after (result, note).
    """
    items = templates.items_by_code(template)
    changed = []
    for row in store.query(
        "SELECT id, item_code, result, note FROM check_results WHERE check_id = ?", (check["id"],)
    ):
        item = items.get(row["item_code"])
        if item is None:
            continue
        automatic = applicability.out_of_scope_note(item)
        note = row["note"] or ""
        before = (row["result"], row["note"])
        if not applicability.applies(item, scope) and row["result"] == "unanswered":
            typed = strip_suggestion(note)
            after = ("not_applicable", f"{automatic}\n{typed}" if typed else automatic)
        elif (
            applicability.applies(item, scope)
            and row["result"] == "not_applicable"
            and (note == automatic or note.startswith(automatic + "\n"))
        ):
            after = ("unanswered", note[len(automatic) + 1 :])
        else:
            continue
        store.update("check_results", row["id"], {"result": after[0], "note": after[1]})
        changed.append(
            {"result_id": row["id"], "code": row["item_code"], "before": before, "after": after}
        )
    return changed


def set_scope(
    store: Store,
    check_id: str,
    scope: dict[str, Any] | None,
    restore: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Set a draft check's scope and answer the items it rules out (one transaction).

    Returns ``{"scope": ..., "changed": [...]}`` (see ``_apply_scope``). ``restore``
    (an earlier call's "changed") puts those items back to their "before" answers
    instead: undo of a scope change.
    """
    clean = clean_scope(scope)
    with store.transaction():
        check = store.get("checks", check_id)
        visits.ensure_draft(store, check["visit_id"])
        template = template_of(store, check)
        store.update(
            "checks", check_id, {"scope": json.dumps(clean, ensure_ascii=False) if clean else None}
        )
        if restore is None:
            changed = _apply_scope(store, check, template, clean)
        else:
            for entry in restore:
                result, note = entry["before"]
                store.update("check_results", entry["result_id"], {"result": result, "note": note})
            changed = []
        return {"scope": clean, "changed": changed}


# -- checks -------------------------------------------------------------------

_LAST = object()  # start_check's default scope: the enterprise's last one


def start_check(
    store: Store,
    visit_id: str,
    template_id: str,
    version: str | None = None,
    scope: dict[str, Any] | None | object = _LAST,
) -> dict[str, Any]:
    """Start a check on a draft visit: one result per item of the template.

    ``version`` None means the latest stored version; the check keeps the version used.
    ``scope`` defaults to the enterprise's last scope for this template (when the
    template has items for some sites only); the items it rules out start "not
    applicable", the others "unanswered".
    """
    with store.transaction():
        visit = visits.ensure_draft(store, visit_id)
        template = stored_templates.get_template(store, template_id, version)
        if scope is _LAST:
            scope = (
                last_scope(store, visit["enterprise_id"], template["id"], visit_id)
                if applicability.has_applicability(template)
                else None
            )
        clean = clean_scope(scope)
        # A permit checklist: its items per outlet and pollutant of the permit on file.
        permit_items = (
            permit_checks.snapshot(store, visit["enterprise_id"])
            if permit_checks.expandable(template)
            else None
        )
        template = permit_checks.expanded(template, permit_items)
        position = store.scalar(
            "SELECT coalesce(max(position), -1) + 1 FROM checks WHERE visit_id = ?", (visit_id,)
        )
        check = store.insert(
            "checks",
            {
                "visit_id": visit_id,
                "template_id": template["id"],
                "template_version": template["version"],
                "position": position,
                "scope": json.dumps(clean, ensure_ascii=False) if clean else None,
                "permit_items": permit_items,
            },
        )
        for item in template["items"]:
            store.insert(
                "check_results",
                {"check_id": check["id"], "item_code": item["code"], "result": "unanswered"},
            )
        if clean:
            _apply_scope(store, check, template, clean)
        return public_check(check, template)


def public_check(check: dict[str, Any], template: dict[str, Any]) -> dict[str, Any]:
    out = dict(check)
    out["scope"] = stored_scope(check)
    out["scoped"] = applicability.has_applicability(template)
    out["scored"] = scoring.is_scored(template)
    out["title_zh"] = template["title_zh"]
    out["title_en"] = template["title_en"]
    out["title"] = templates.title(template)
    out["standard"] = template["standard"]
    return out


def get_check(store: Store, check_id: str) -> dict[str, Any]:
    """The check row with its template's titles and standard (from the pinned version)."""
    check = store.get("checks", check_id)
    return public_check(check, template_of(store, check))


def list_checks(store: Store, visit_id: str) -> list[dict[str, Any]]:
    rows = store.query(
        "SELECT * FROM checks WHERE visit_id = ? ORDER BY position, created_at", (visit_id,)
    )
    return [public_check(r, template_of(store, r)) for r in rows]


def delete_check(store: Store, check_id: str) -> None:
    """Remove a check started by mistake (draft visits only; refused while problems cite it)."""
    with store.transaction():
        check = store.get("checks", check_id)
        visits.ensure_draft(store, check["visit_id"])
        linked = store.scalar(
            "SELECT count(*) FROM problems p JOIN check_results r ON r.id = p.check_result_id "
            "WHERE r.check_id = ?",
            (check_id,),
        )
        if linked:
            raise StateError(
                f"该检查表有 {linked} 个问题引用其检查项，请先删除这些问题。",
                f"{linked} problem(s) refer to items of this check; delete them first.",
            )
        for row in store.query("SELECT id FROM check_results WHERE check_id = ?", (check_id,)):
            for photo in attachments.list_for(store, check_result_id=row["id"]):
                store.delete("attachments", photo["id"])
            store.delete("check_results", row["id"])
        store.delete("checks", check_id)


def results(store: Store, check_id: str) -> list[dict[str, Any]]:
    """Every item's result in template order, with the item texts of the pinned version.

    Keys: result_id, code, category, category_zh, category_en, requirement,
    requirement_zh, requirement_en, clause, confidence, source, legal_basis, severity,
    deadline_days, hint, result, note, suggested, attachments.
    """
    check = store.get("checks", check_id)
    template = template_of(store, check)
    return item_results(store, check, template)


def item_results(
    store: Store, check: dict[str, Any], template: dict[str, Any]
) -> list[dict[str, Any]]:
    rows = {
        r["item_code"]: r
        for r in store.query("SELECT * FROM check_results WHERE check_id = ?", (check["id"],))
    }
    photos: dict[str, list[dict[str, Any]]] = {}
    for photo in store.query(
        "SELECT a.id, a.filename, a.caption, a.mime, a.check_result_id FROM attachments a "
        "JOIN check_results r ON r.id = a.check_result_id WHERE r.check_id = ? "
        "ORDER BY a.created_at, a.id",
        (check["id"],),
    ):
        result_id = photo.pop("check_result_id")
        photos.setdefault(result_id, []).append(photo)
    lang = i18n.language()
    out = []
    for item in template["items"]:
        row = rows.get(item["code"])
        if row is None:  # cannot happen for checks made by start_check; skip defensively
            continue
        out.append(
            {
                "result_id": row["id"],
                "code": item["code"],
                "category": i18n.pick(item["category"]["zh"], item["category"]["en"]),
                "category_zh": item["category"]["zh"],
                "category_en": item["category"]["en"],
                "requirement": i18n.pick(item["requirement_zh"], item["requirement_en"]),
                "requirement_zh": item["requirement_zh"],
                "requirement_en": item["requirement_en"],
                "clause": item["clause"],
                "confidence": item.get("confidence"),
                "source": i18n.pick(item.get("source_zh", ""), item.get("source_en", "")),
                "legal_basis": citations.legal_basis(template, item, lang),
                "severity": item["severity"],
                "deadline_days": item["deadline_days"],
                "hint": i18n.pick(item.get("note_zh", ""), item.get("note_en", "")),
                "result": row["result"],
                "note": row["note"],
                "suggested": (
                    suggestion(row["note"], item.get("score", {}).get("points"))
                    if row["result"] == "unanswered"
                    else None
                ),
                "attachments": photos.get(row["id"], []),
                "measure": item.get("measure"),
                **_item_points(item, row),
            }
        )
    return out


def item_code(store: Store, result_id: str) -> str | None:
    """The checklist item code of one answer (check result), None when there is none."""
    return store.scalar("SELECT item_code FROM check_results WHERE id = ?", (result_id,))


def _item_points(item: dict[str, Any], row: dict[str, Any]) -> dict[str, Any]:
    """A scored item's ``points`` earned, ``max_points``, ``score_options`` and ``veto``
    (all None / empty for an unscored item; ``points`` None when not applicable)."""
    if "score" not in item:
        return {"points": None, "max_points": None, "score_options": [], "veto": False}
    earned = None
    if row["result"] != "not_applicable":
        earned = scoring.plain(scoring.earned(item, row["result"], row.get("points")))
    return {
        "points": earned,
        "max_points": item["score"]["points"],
        "score_options": item["score"]["options"],
        "veto": bool(item["score"].get("veto")),
    }


def _result_context(store: Store, result_id: str) -> tuple[dict, dict, dict]:
    row = store.get("check_results", result_id)
    check = store.get("checks", row["check_id"])
    visit = store.get("visits", check["visit_id"])
    return row, check, visit


def set_result(store: Store, result_id: str, result: str, note: str = "") -> dict[str, Any]:
    """Answer one item (or set it back to 'unanswered'); draft visits only.

    ``result`` is a code of RESULTS (a Chinese or English label is accepted).
    ``note`` replaces the stored note; a copied-answer marker is dropped once
    the item gets a real answer.
    """
    code = choice(result, F_RESULT, RESULTS)
    clean_note = text(note, F_NOTE, max_len=NOTE_MAX)
    with store.transaction():
        row = store.get("check_results", result_id)
        check = store.get("checks", row["check_id"])
        visits.ensure_draft(store, check["visit_id"])
        if code != "unanswered":
            clean_note = strip_suggestion(clean_note)
        # A chosen score stands for its result: another answer clears it.
        return store.update(
            "check_results", result_id, {"result": code, "note": clean_note, "points": None}
        )


F_POINTS = Field("points", "得分", "Points")


def set_points(
    store: Store, result_id: str, points: Any, note: str | None = None
) -> dict[str, Any]:
    """Score one item of a scored assessment with one of its options' points.

    The answer follows: full points are "compliant", fewer "non_compliant". ``note``
    None keeps the stored note (without a copied-answer marker). Draft visits only;
    ValidationError naming ``points`` when the item has no option with these points.
    """
    row, check, _visit = _result_context(store, result_id)
    item = templates.items_by_code(template_of(store, check))[row["item_code"]]
    if "score" not in item:
        raise StateError(f"检查项 {item['code']} 不计分。", f"Item {item['code']} is not scored.")
    try:
        option = scoring.option_for(item, float(points) if isinstance(points, str) else points)
    except (ValueError, TypeError):
        allowed = "、".join(scoring.points_text(o["points"]) for o in item["score"]["options"])
        raise ValidationError(
            F_POINTS.key,
            f"检查项 {item['code']} 的得分 {points} 无效，可选：{allowed} 分。",
            f"Points {points} are not an option of item {item['code']}; use {allowed}.",
        ) from None
    chosen = scoring.plain(scoring.earned(item, "", option["points"]))
    result = scoring.result_for(item, scoring.earned(item, "", option["points"]))
    with store.transaction():
        set_result(store, result_id, result, row["note"] if note is None else note)
        return store.update("check_results", result_id, {"points": scoring.points_text(chosen)})


def measure(store: Store, result_id: str, values: dict[str, Any]) -> measures.Measurement:
    """Judge a numeric-check item from measured ``values`` on its visit's date (writes nothing).

    The caller answers the item with the returned result and note (``set_result``),
    so the officer sees the verdict first. StateError when the item has no numeric check.
    """
    row, check, visit = _result_context(store, result_id)
    item = templates.items_by_code(template_of(store, check))[row["item_code"]]
    if not item.get("measure"):
        raise StateError(
            f"检查项 {item['code']} 没有测算规则。",
            f"Item {item['code']} has no numeric check.",
        )
    return measures.evaluate(
        item["measure"],
        values,
        date.fromisoformat(visit["date"]),
        storage_limit_days=measures.storage_limit(store),
    )


def confirm_suggestion(store: Store, result_id: str) -> dict[str, Any]:
    """Accept the copied previous answer of one item as this visit's answer."""
    row, check, _visit = _result_context(store, result_id)
    item = templates.items_by_code(template_of(store, check))[row["item_code"]]
    max_points = item.get("score", {}).get("points")
    suggested = suggestion(row["note"], max_points) if row["result"] == "unanswered" else None
    if suggested is None:
        raise StateError(
            "该检查项没有待确认的建议结果（上次结果或企业自评）。",
            "This item has no suggested answer (previous result or self-assessment) "
            "waiting for confirmation.",
        )
    if suggested.get("points") is not None and max_points is not None:
        return set_points(store, result_id, suggested["points"], row["note"])
    return set_result(store, result_id, suggested["result"], row["note"])


def add_photo(
    store: Store, result_id: str, path: str | Path, caption: str = "", *, rendition: bool = True
) -> dict[str, Any]:
    """Attach a photo (or any file) as evidence for one item; draft visits only.

    ``rendition``: make the photo's print rendition now, after the transaction (the GUI
    passes False and makes it on a worker thread; see attachments.add)."""
    with store.transaction():
        _, check, _ = _result_context(store, result_id)
        visits.ensure_draft(store, check["visit_id"])
        row = attachments.add(
            store, path, caption=caption, rendition=False, check_result_id=result_id
        )
    if rendition:
        attachments.make_rendition(store, row)
    return row


# -- problems from unmet items ---------------------------------------------------

# How propose_problem() words a problem: the unmet requirement, then what the officer saw
# (in the language of the user who proposed it).
UNMET_PREFIX = {"zh": "未满足：", "en": "Not met: "}
SITE_NOTE_PREFIX = {"zh": "\n现场情况：", "en": "\nFound on site: "}


def finding_of(description: str) -> str:
    """A problem's description as a finding for a document sent to the enterprise: what
    the officer saw comes first; a description proposed from an unmet checklist item
    without a note reads as what the inspection found, not as "未满足：…"."""
    for lang, prefix in UNMET_PREFIX.items():
        if description.startswith(prefix):
            unmet, _, note = description[len(prefix) :].partition(SITE_NOTE_PREFIX[lang])
            if note.strip():
                return note.strip()
            return f"经现场检查，不符合“{unmet.strip().rstrip('。.')}”的要求。"
    return description


def propose_problem(store: Store, result_id: str, lang: str | None = None) -> dict[str, Any]:
    """A problem pre-filled from a non-compliant item, for the officer to confirm or edit.

    Pass the (edited) dict to ``envhelp.domain.problems.create``. The texts are in
    ``lang`` (default: the UI language), so an officer working in English is not
    handed Chinese to edit; the officer confirms or rewrites them before they go into
    the record. Nothing is written here.
    """
    row, check, visit = _result_context(store, result_id)
    if row["result"] != "non_compliant":
        raise StateError(
            "只能为“不符合”的检查项生成问题，请先将该项标为不符合。",
            "A problem can only be proposed for a non-compliant item; mark the item "
            "non-compliant first.",
        )
    template = template_of(store, check)
    item = templates.items_by_code(template)[row["item_code"]]
    lang = lang or i18n.language()
    lang = lang if lang in UNMET_PREFIX else "zh"
    requirement = item.get(f"requirement_{lang}") or item["requirement_zh"]
    description = UNMET_PREFIX[lang] + requirement
    note = strip_suggestion(row["note"])
    if note:
        description += SITE_NOTE_PREFIX[lang] + note
    found_on = visit["date"]
    deadline = date.fromisoformat(found_on) + timedelta(days=item["deadline_days"])
    return {
        "enterprise_id": visit["enterprise_id"],
        "visit_id": visit["id"],
        "check_result_id": row["id"],
        "item_code": item["code"],
        "category": template.get("problem_category", "hazardous_waste"),
        "description": description[:DESCRIPTION_MAX],
        "severity": item["severity"],
        "requirement": requirement,
        # Goes into the official record: only what may be printed (no unconfirmed number).
        "legal_basis": citations.printed_citation(template, item, lang).basis,
        "handling": "deadline",
        "found_on": found_on,
        "deadline": deadline.isoformat(),
    }


def result_label(code: str) -> str:
    return vocab.label(RESULTS, code)
