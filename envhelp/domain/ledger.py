"""The problem ledger (问题台账) and close-out (销号): the life of a problem after it is found.

States and the only allowed moves (:data:`TRANSITIONS`)::

    open ──► rectifying ──► closed          (销号 after verification)
      │           │
      ├───────────┴──────► cancelled        (recorded in error; reason required)
      └──────────────────► closed
    closed | cancelled ──► open             (reopen; reason required)

Every change is one transaction: the problem row is updated through the
audited :class:`~envhelp.storage.Store` and a row is added to
``problem_events`` (who, when, from, to, why) —
:func:`envhelp.domain.problem_history.history` reads them.
Deadline extensions keep the old and new date (kind ``extension``).

On creation (:func:`after_create`, called by :func:`envhelp.domain.problems.create`)
the history starts, a relapse (反弹) of the same checklist item at the same
enterprise within 12 months of an earlier close-out is flagged
(``relapse_of``), and an on-the-spot (立行立改) problem is closed at once with
its visit as the verification.

Beside this module: the history and replay of the events in
:mod:`envhelp.domain.problem_history`, follow-up visits (回头看) in
:mod:`envhelp.domain.followups`, the ledger list and its filter in
:mod:`envhelp.domain.ledger_list`, and the ledger's figures (found, closed, rates, ...)
in :mod:`envhelp.domain.figures.flows`, beside every other count.

This module is Qt-free; the GUI only reflects what it allows (see
:func:`allowed_actions`) and shows its bilingual errors.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from envhelp.domain import attachments, problems, vocab
from envhelp.domain.fields import Field, choice, iso_date, text
from envhelp.errors import StateError, ValidationError
from envhelp.storage import Store
from envhelp.storage.clock import new_id, utc_now

# -- vocabularies -------------------------------------------------------------

OPEN_STATUSES = problems.OPEN_STATUSES
STATUSES = tuple(vocab.PROBLEM_STATUSES)

# Allowed (from, to) moves → the action that makes them. Anything else is refused.
TRANSITIONS: dict[tuple[str, str], str] = {
    ("open", "rectifying"): "rectifying",
    ("open", "closed"): "close",
    ("rectifying", "closed"): "close",
    ("open", "cancelled"): "cancel",
    ("rectifying", "cancelled"): "cancel",
    ("closed", "open"): "reopen",
    ("cancelled", "open"): "reopen",
}

# How a close-out was verified. ``on_site`` is only for on-the-spot problems.
CLOSE_METHODS = {
    "follow_up_visit": ("回头看现场复核", "Follow-up visit"),
    "document_review": ("资料审核", "Document review"),
    "photo_evidence": ("照片佐证", "Photo evidence"),
    "on_site": ("现场立行立改", "Fixed on site"),
}

EVENT_KINDS = {
    "created": ("登记", "Recorded"),
    "transition": ("状态变更", "Status change"),
    "extension": ("延期", "Deadline extended"),
    "follow_up": ("回头看未整改", "Still open at follow-up"),
    "relapse": ("反弹", "Relapse"),
    "escalation": ("移交立案", "Handed over for a case"),
}

ACTIONS = {
    "rectifying": ("登记整改方案", "Record rectification plan"),
    "close": ("销号", "Close out"),
    "cancel": ("撤销", "Cancel"),
    "reopen": ("重新打开", "Reopen"),
    "extend": ("延期", "Extend deadline"),
}

# Default notes written when the core closes a problem by itself.
ON_SITE_NOTE = "现场立行立改，已整改到位"

RELAPSE_MONTHS = 12

F_VERIFIED_ON = Field("verified_on", "核查日期", "Verification date")
F_OFFICER = Field("officer_id", "核查人员", "Verifying officer")
F_METHOD = Field("method", "核查方式", "Verification method")
F_NOTE = Field("note", "核查说明", "Verification note")
F_VISIT = Field("visit_id", "复核走访", "Verifying visit")
F_PHOTOS = Field("photos", "佐证照片", "Evidence photos")
F_REASON = Field("reason", "原因", "Reason")
F_PLAN = Field("plan", "整改方案", "Rectification plan")
F_PROMISED_ON = Field("promised_on", "承诺完成日期", "Promised completion date")
F_NEW_DEADLINE = Field("new_deadline", "新整改期限", "New deadline")


def status_name(status: str | None) -> tuple[str, str]:
    zh, en = vocab.PROBLEM_STATUSES.get(status or "", (str(status), str(status)))
    return f"“{zh}”（{status}）", f"“{en}” ({status})"


# -- the state machine ----------------------------------------------------------


def can_transition(from_status: str, to_status: str) -> bool:
    return (from_status, to_status) in TRANSITIONS


def check_transition(from_status: str, to_status: str) -> None:
    """Raise StateError naming both states unless the move is in :data:`TRANSITIONS`."""
    if can_transition(from_status, to_status):
        return
    from_zh, from_en = status_name(from_status)
    to_zh, to_en = status_name(to_status)
    targets = [t for (f, t) in TRANSITIONS if f == from_status]
    allowed_zh = "、".join(status_name(t)[0] for t in targets) or "无"
    allowed_en = ", ".join(status_name(t)[1] for t in targets) or "none"
    raise StateError(
        f"问题状态不能从{from_zh}改为{to_zh}。当前状态可改为：{allowed_zh}。",
        f"A problem cannot go from {from_en} to {to_en}. From its state it can go to: "
        f"{allowed_en}.",
    )


def allowed_actions(problem: Mapping[str, Any]) -> list[str]:
    """Actions (keys of :data:`ACTIONS`) the problem's state allows, for enabling buttons."""
    status = problem["status"]
    actions = [action for (f, _), action in TRANSITIONS.items() if f == status]
    if status in OPEN_STATUSES:
        actions.append("extend")
    return list(dict.fromkeys(actions))


def _next_lamport(store: Store, problem_id: str) -> int:
    """One more than any event of the problem this laptop knows: an event is always
    ordered after every event its author had seen, whatever the clocks say."""
    return (
        int(
            store.scalar(
                "SELECT max(lamport) FROM problem_events WHERE problem_id = ?", (problem_id,)
            )
            or 0
        )
        + 1
    )


def add_event(
    store: Store,
    problem_id: str,
    from_status: str | None,
    to_status: str,
    *,
    kind: str = "transition",
    reason: str = "",
    old_deadline: str | None = None,
    new_deadline: str | None = None,
    visit_id: str | None = None,
    finding: str | None = None,
) -> None:
    store.insert_link(
        "problem_events",
        {
            "id": new_id(),
            "problem_id": problem_id,
            "at": utc_now(),
            "actor": store.actor,
            "from_status": from_status,
            "to_status": to_status,
            "kind": kind,
            "reason": reason,
            "old_deadline": old_deadline,
            "new_deadline": new_deadline,
            "visit_id": visit_id,
            "finding": finding,
            "lamport": _next_lamport(store, problem_id),
        },
        problem_id,
    )


def _transition(
    store: Store,
    problem: Mapping[str, Any],
    to_status: str,
    changes: Mapping[str, Any],
    *,
    reason: str,
    visit_id: str | None = None,
    finding: str | None = None,
) -> dict[str, Any]:
    check_transition(problem["status"], to_status)
    updated = store.update("problems", problem["id"], {**changes, "status": to_status})
    add_event(
        store,
        problem["id"],
        problem["status"],
        to_status,
        reason=reason,
        visit_id=visit_id,
        finding=finding,
    )
    return updated


# -- creation hook: history, relapse, on-the-spot --------------------------------


def _months_before(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for d in (day.day, 30, 29, 28):  # 29 Feb → 28 Feb in a common year, 31 → 30
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def find_relapse_source(store: Store, problem: Mapping[str, Any]) -> dict[str, Any] | None:
    """The earlier closed problem this one repeats, if any.

    Same enterprise and checklist ``item_code``, closed on or before the day
    this one was found and at most :data:`RELAPSE_MONTHS` months earlier.
    Problems of the same visit are not relapses of each other.
    """
    if not problem.get("item_code"):
        return None
    found = date.fromisoformat(problem["found_on"])
    return store.query_one(
        "SELECT * FROM problems WHERE enterprise_id = ? AND item_code = ? AND id != ? "
        "AND status = 'closed' AND closed_on <= ? AND closed_on >= ? "
        "AND (? IS NULL OR visit_id IS NULL OR visit_id != ?) "
        "ORDER BY closed_on DESC, found_on DESC, id LIMIT 1",
        (
            problem["enterprise_id"],
            problem["item_code"],
            problem["id"],
            found.isoformat(),
            _months_before(found, RELAPSE_MONTHS).isoformat(),
            problem.get("visit_id"),
            problem.get("visit_id"),
        ),
    )


def first_officer(store: Store, visit_id: str | None) -> str | None:
    if not visit_id:
        return None
    return store.scalar(
        "SELECT officer_id FROM visit_officers WHERE visit_id = ? ORDER BY position LIMIT 1",
        (visit_id,),
    )


def after_create(
    store: Store, problem: Mapping[str, Any], *, closed_by: str | None = None
) -> dict[str, Any]:
    """Start the history of a just-inserted problem; flag relapses; close on-the-spot ones.

    Runs inside the creating transaction (see :func:`envhelp.domain.problems.create`).
    An on-the-spot problem must belong to a visit: that visit is its verification,
    dated the day it was found, by ``closed_by`` or the visit's first officer.
    """
    with store.transaction():
        pid = problem["id"]
        add_event(store, pid, None, "open", kind="created")
        earlier = find_relapse_source(store, problem)
        if earlier is not None:
            store.update("problems", pid, {"relapse_of": earlier["id"]})
            add_event(
                store,
                pid,
                "open",
                "open",
                kind="relapse",
                reason=f"同一检查项 {problem['item_code']} 的问题曾于 {earlier['closed_on']} 销号"
                f"（问题 {earlier['id']}），现再次发现",
            )
            add_event(
                store,
                earlier["id"],
                earlier["status"],
                earlier["status"],
                kind="relapse",
                reason=f"{problem['found_on']} 再次发现同一检查项问题（问题 {pid}）",
                visit_id=problem.get("visit_id"),
            )
        if problem["handling"] == "on_the_spot":
            visit_id = problem.get("visit_id")
            if not visit_id:
                raise ValidationError(
                    F_VISIT.key,
                    "立行立改的问题须关联发现它的走访（该走访即为现场核查）。",
                    "A problem fixed on the spot must belong to the visit where it was found "
                    "(that visit is its verification).",
                )
            officer_id = closed_by or first_officer(store, visit_id)
            if officer_id and store.find("officers", officer_id) is None:
                raise ValidationError(
                    F_OFFICER.key,
                    f"核查人员不存在：{officer_id}。",
                    f"No such verifying officer: {officer_id}.",
                )
            _transition(
                store,
                store.get("problems", pid),
                "closed",
                {
                    "closed_on": problem["found_on"],
                    "closed_by": officer_id,
                    "close_method": "on_site",
                    "close_note": ON_SITE_NOTE,
                    "close_visit_id": visit_id,
                },
                reason=ON_SITE_NOTE,
                visit_id=visit_id,
            )
        return store.get("problems", pid)


# -- actions --------------------------------------------------------------------


def _date_not_before_found(value: Any, fld: Field, problem: Mapping[str, Any]) -> str:
    day = iso_date(value, fld)
    if day < problem["found_on"]:
        raise ValidationError(
            fld.key,
            f"“{fld.zh}”{day} 早于问题发现日期 {problem['found_on']}，请更正。",
            f"{fld.en} {day} is before the date the problem was found, "
            f"{problem['found_on']}; correct it.",
        )
    return day


def _check_visit(store: Store, visit_id: str, problem: Mapping[str, Any]) -> dict[str, Any]:
    visit = store.find("visits", visit_id)
    if visit is None or visit["enterprise_id"] != problem["enterprise_id"]:
        raise ValidationError(
            F_VISIT.key,
            "复核走访不存在或不是该问题所属企业的走访，请选择本企业的走访。",
            "The verifying visit does not exist or is not a visit to this problem's "
            "enterprise; choose a visit to the same enterprise.",
        )
    if visit["date"] < problem["found_on"]:
        raise ValidationError(
            F_VISIT.key,
            f"复核走访日期 {visit['date']} 早于问题发现日期 {problem['found_on']}。",
            f"The verifying visit ({visit['date']}) is before the problem was found "
            f"({problem['found_on']}).",
        )
    return visit


def close(
    store: Store,
    problem_id: str,
    *,
    verified_on: date | str | None,
    officer_id: str | None,
    method: str | None,
    note: str | None,
    visit_id: str | None = None,
    photos: Iterable[str | Path] = (),
    today: date | None = None,
    finding: str | None = None,
) -> dict[str, Any]:
    """Close out (销号) a problem after an officer verified the fix.

    Required: ``verified_on`` (not before the problem was found, not in the
    future), ``officer_id``, ``method`` (a key of :data:`CLOSE_METHODS`;
    ``on_site`` only for on-the-spot problems) and ``note``. ``visit_id`` is
    required for ``follow_up_visit`` and must be a visit to the same
    enterprise. ``photos`` are copied in as attachments of the problem.
    A missing or wrong field raises ValidationError naming it; nothing is saved.
    ``finding`` is what a follow-up visit found
    (:data:`envhelp.domain.followups.FOLLOWUP_FINDINGS`), kept on the close-out's event.
    """
    with store.transaction():
        problem = store.get("problems", problem_id)
        check_transition(problem["status"], "closed")
        method = choice(text(method, F_METHOD, required=True, max_len=40), F_METHOD, CLOSE_METHODS)
        if method == "on_site" and problem["handling"] != "on_the_spot":
            raise ValidationError(
                F_METHOD.key,
                "“现场立行立改”方式仅适用于立行立改的问题，请选择回头看现场复核、资料审核或照片佐证。",
                "“Fixed on site” is only for problems fixed on the spot; choose a follow-up "
                "visit, document review or photo evidence.",
            )
        verified = _date_not_before_found(verified_on, F_VERIFIED_ON, problem)
        if verified > (today or date.today()).isoformat():
            raise ValidationError(
                F_VERIFIED_ON.key,
                f"核查日期 {verified} 晚于今天，不能预先销号。",
                f"The verification date {verified} is in the future; a problem cannot be "
                "closed in advance.",
            )
        officer = text(officer_id, F_OFFICER, required=True, max_len=64)
        if store.find("officers", officer) is None:
            raise ValidationError(
                F_OFFICER.key,
                f"核查人员不存在：{officer}，请重新选择。",
                f"No such verifying officer: {officer}; choose the officer again.",
            )
        clean_note = text(note, F_NOTE, required=True, max_len=2000)
        visit = text(visit_id, F_VISIT, max_len=64) or None
        if method == "on_site":
            visit = visit or problem["visit_id"]
        if visit is None and method in ("follow_up_visit", "on_site"):
            raise ValidationError(
                F_VISIT.key,
                f"请选择“{F_VISIT.zh}”：以回头看方式销号须关联核查时的走访。",
                f"{F_VISIT.en} is required: closing by a follow-up visit needs that visit.",
            )
        if visit is not None:
            _check_visit(store, visit, problem)
        photo_paths = [Path(p) for p in photos]
        for path in photo_paths:
            if not path.is_file():
                raise ValidationError(
                    F_PHOTOS.key, f"找不到佐证照片：{path}", f"Evidence photo not found: {path}"
                )
        for path in photo_paths:
            # No print rendition inside the close-out's transaction (the GUI calls this on
            # its thread): a record that prints the photo makes it then.
            attachments.add(store, path, caption="销号佐证", problem_id=problem_id, rendition=False)
        return _transition(
            store,
            problem,
            "closed",
            {
                "closed_on": verified,
                "closed_by": officer,
                "close_method": method,
                "close_note": clean_note,
                "close_visit_id": visit,
            },
            reason=clean_note,
            visit_id=visit,
            finding=finding,
        )


def mark_rectifying(
    store: Store, problem_id: str, *, plan: str | None, promised_on: date | str | None
) -> dict[str, Any]:
    """Record the enterprise's rectification plan and promised date (open → rectifying)."""
    with store.transaction():
        problem = store.get("problems", problem_id)
        check_transition(problem["status"], "rectifying")
        clean_plan = text(plan, F_PLAN, required=True, max_len=2000)
        promised = _date_not_before_found(promised_on, F_PROMISED_ON, problem)
        return _transition(
            store,
            problem,
            "rectifying",
            {"rectify_plan": clean_plan, "promised_on": promised},
            reason=f"{clean_plan}（承诺 {promised} 前完成）",
        )


def cancel(store: Store, problem_id: str, reason: str | None) -> dict[str, Any]:
    """Cancel a problem recorded in error; the reason is required and kept."""
    with store.transaction():
        problem = store.get("problems", problem_id)
        check_transition(problem["status"], "cancelled")
        why = text(reason, F_REASON, required=True, max_len=1000)
        return _transition(store, problem, "cancelled", {"cancel_reason": why}, reason=why)


def reopen(store: Store, problem_id: str, reason: str | None) -> dict[str, Any]:
    """Reopen a closed or cancelled problem; its close-out or cancel details are cleared.

    The cleared details stay in the audit log and the problem's history.
    """
    with store.transaction():
        problem = store.get("problems", problem_id)
        check_transition(problem["status"], "open")
        why = text(reason, F_REASON, required=True, max_len=1000)
        cleared = {
            "closed_on": None,
            "closed_by": None,
            "close_method": "",
            "close_note": "",
            "close_visit_id": None,
            "cancel_reason": "",
        }
        return _transition(store, problem, "open", cleared, reason=why)


def extend_deadline(
    store: Store,
    problem_id: str,
    new_deadline: date | str | None,
    reason: str | None,
    *,
    visit_id: str | None = None,
    finding: str | None = None,
) -> dict[str, Any]:
    """Move the deadline of an open or rectifying problem; old, new and reason are kept."""
    with store.transaction():
        problem = store.get("problems", problem_id)
        if problem["status"] not in OPEN_STATUSES:
            zh, en = status_name(problem["status"])
            raise StateError(
                f"问题当前为{zh}，只有待整改或整改中的问题可以延期。",
                f"The problem is {en}; only open or rectifying problems can be extended.",
            )
        new = _date_not_before_found(new_deadline, F_NEW_DEADLINE, problem)
        if new == problem["deadline"]:
            raise ValidationError(
                F_NEW_DEADLINE.key,
                f"新整改期限与原期限相同（{new}），请填写新的日期。",
                f"The new deadline is the same as the current one ({new}); enter another date.",
            )
        why = text(reason, F_REASON, required=True, max_len=1000)
        updated = store.update("problems", problem_id, {"deadline": new})
        add_event(
            store,
            problem_id,
            problem["status"],
            problem["status"],
            kind="extension",
            reason=why,
            old_deadline=problem["deadline"],
            new_deadline=new,
            visit_id=visit_id,
            finding=finding,
        )
        return updated


# -- follow-up visits (回头看) ----------------------------------------------------
