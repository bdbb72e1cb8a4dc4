"""The problem ledger (问题台账) and close-out (销号): the life of a problem after it is found.

States and the only allowed moves (:data:`TRANSITIONS`)::

    open ──► rectifying ──► closed          (销号 after verification)
      │           │
      ├───────────┴──────► cancelled        (recorded in error; reason required)
      └──────────────────► closed
    closed | cancelled ──► open             (reopen; reason required)

Every change is one transaction: the problem row is updated through the
audited :class:`~envhelp.storage.Store` and a row is added to
``problem_events`` (who, when, from, to, why) — :func:`history` reads them.
Deadline extensions keep the old and new date (kind ``extension``).

On creation (:func:`after_create`, called by :func:`envhelp.domain.problems.create`)
the history starts, a relapse (反弹) of the same checklist item at the same
enterprise within 12 months of an earlier close-out is flagged
(``relapse_of``), and an on-the-spot (立行立改) problem is closed at once with
its visit as the verification.

The ledger's figures (found, closed, rates, ...) live in
:mod:`envhelp.domain.figures.flows`, beside every other count. The ledger list (:func:`list_page`, :func:`count`, :func:`iter_rows`) takes a
:class:`LedgerFilter` and reuses :mod:`envhelp.domain.problems`' SQL.

This module is Qt-free; the GUI only reflects what it allows (see
:func:`allowed_actions`) and shows its bilingual errors.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from envhelp import i18n
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

# What a follow-up visit (回头看) found for a problem it looked at (problem_events.finding).
FOLLOWUP_FINDINGS = {
    "fixed": ("已整改", "Rectified"),
    "partial": ("部分整改", "Partly rectified"),
    "not_fixed": ("未整改", "Not rectified"),
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
FOLLOW_UP_NOTE = "回头看现场复核，已整改到位"

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
F_DECISIONS = Field("decisions", "回头看结论", "Follow-up decisions")


def _status_name(status: str | None) -> tuple[str, str]:
    zh, en = vocab.PROBLEM_STATUSES.get(status or "", (str(status), str(status)))
    return f"“{zh}”（{status}）", f"“{en}” ({status})"


# -- the state machine ----------------------------------------------------------


def can_transition(from_status: str, to_status: str) -> bool:
    return (from_status, to_status) in TRANSITIONS


def check_transition(from_status: str, to_status: str) -> None:
    """Raise StateError naming both states unless the move is in :data:`TRANSITIONS`."""
    if can_transition(from_status, to_status):
        return
    from_zh, from_en = _status_name(from_status)
    to_zh, to_en = _status_name(to_status)
    targets = [t for (f, t) in TRANSITIONS if f == from_status]
    allowed_zh = "、".join(_status_name(t)[0] for t in targets) or "无"
    allowed_en = ", ".join(_status_name(t)[1] for t in targets) or "none"
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


# The problem columns its events decide; an import replays the events to set them
# (:func:`settle_state`) instead of taking one laptop's copy.
STATE_FIELDS = (
    "status",
    "deadline",
    "rectify_plan",
    "promised_on",
    "closed_on",
    "closed_by",
    "close_method",
    "close_note",
    "close_visit_id",
    "cancel_reason",
)


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


def _event(
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
    _event(
        store,
        problem["id"],
        problem["status"],
        to_status,
        reason=reason,
        visit_id=visit_id,
        finding=finding,
    )
    return updated


EVENT_ORDER = "coalesce(lamport, 0), at, id"
# Shown beside an event that came from another laptop after the closure it had not seen.
AFTER_CLOSURE = ("（销号后同步，未生效）", " (synced after closure; not applied)")


def event_note(event: Mapping[str, Any]) -> str:
    """The marker of an event of :func:`history` that did not apply, in the current language."""
    if event.get("after_closure"):
        return i18n.pick(*AFTER_CLOSURE)
    return ""


def history(store: Store, problem_id: str) -> list[dict[str, Any]]:
    """The problem's events in order (kind, from/to status, who, when, why, deadlines).

    Each also says whether it ``applied`` to the state, and ``after_closure``: an event
    made on another laptop before it learnt of the closure (or cancel) ordered before it,
    which stays in the history but does not change the state (see :func:`replay`).
    """
    problem = store.get("problems", problem_id)  # NotFoundError for an unknown id
    return replay(_events(store, problem_id), ended_with=problem["deadline"]).events


def _events(store: Store, problem_id: str) -> list[dict[str, Any]]:
    return store.query(
        f"SELECT * FROM problem_events WHERE problem_id = ? ORDER BY {EVENT_ORDER}", (problem_id,)
    )


@dataclass
class Replay:
    status: str | None
    events: list[dict[str, Any]]
    last_transition: dict[str, Any] | None
    last_extension: dict[str, Any] | None


def replay(events: Sequence[Mapping[str, Any]], ended_with: str | None = None) -> Replay:
    """The state a problem's events give, in their order (lamport, then time, then id).

    A transition applies when :data:`TRANSITIONS` allows it from the state reached so far,
    an extension when the problem is still open: an event written on one laptop while
    another had already closed the problem stays in the history, marked, and changes
    nothing. Reopening takes its own explicit event.

    ``ended_with``: the deadline the problem was closed (or cancelled) with. Extensions
    ordered before that closure whose deadline it does not show were made elsewhere
    without knowing of it (they only sort first): not applied, marked "after closure".
    """
    status: str | None = None
    out: list[dict[str, Any]] = []
    last_transition = last_extension = None
    for event in events:
        applied = True
        kind = event["kind"]
        if kind in ("created", "transition"):
            first = status is None and event["from_status"] is None
            allowed = kind == "transition" and (status, event["to_status"]) in TRANSITIONS
            if first or allowed:
                status = event["to_status"]
                last_transition = event
            else:
                applied = False
        elif kind == "extension":
            if status in OPEN_STATUSES:
                last_extension = event
            else:
                applied = False
        after_closure = not applied and status in ("closed", "cancelled")
        out.append({**event, "applied": applied, "after_closure": after_closure})
    if status in ("closed", "cancelled") and ended_with is not None and last_transition:
        last_extension = _unseen_by_closure(out, last_transition["id"], ended_with)
    return Replay(
        status,
        out,
        last_transition and dict(last_transition),
        last_extension and dict(last_extension),
    )


def _unseen_by_closure(events: list[dict[str, Any]], closure: str, deadline: str) -> Any:
    """Mark the extensions before ``closure`` that its ``deadline`` does not show, walking
    back to the last one that set it; returns the last extension still applied."""
    position = next(i for i, e in enumerate(events) if e["id"] == closure)
    applied = [e for e in events[:position] if e["kind"] == "extension" and e["applied"]]
    while applied and applied[-1]["new_deadline"] != deadline:
        applied.pop().update(applied=False, after_closure=True)
    return applied[-1] if applied else None


def settle_state(
    store: Store, problem_id: str, incoming: Mapping[str, Any] | None, new_events: set[str]
) -> None:
    """After an import: set the problem's state columns to what the union of events gives.

    ``incoming`` is the bundle's copy of the state columns (None when they were the same
    as here); ``new_events`` the ids of the events the import added. The close-out or
    cancel details come from the copy that made the last applied transition.
    """
    events = _events(store, problem_id)
    result = replay(events)
    if result.status is None:
        return  # a problem without history (never made through the ledger)
    local = store.get("problems", problem_id)
    owner: Mapping[str, Any] = local
    if incoming is not None:
        here, there = local["status"] == result.status, incoming.get("status") == result.status
        last = result.last_transition
        if there and (not here or (last is not None and last["id"] in new_events)):
            owner = incoming
    state = {k: owner.get(k, local[k]) for k in STATE_FIELDS}
    state["status"] = result.status
    if result.status in ("closed", "cancelled"):  # the closer's copy knew the deadline it closed
        state["deadline"] = owner.get("deadline", local["deadline"])
    elif result.last_extension is not None:
        state["deadline"] = result.last_extension["new_deadline"]
    changes = {k: v for k, v in state.items() if local[k] != v}
    if changes:  # the same on every laptop: derived, so no new version of its own
        store.update(
            "problems",
            problem_id,
            {
                **changes,
                "versions": local["versions"],
                "updated_at": local["updated_at"],
                "updated_by": local["updated_by"],
            },
        )


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


def _first_officer(store: Store, visit_id: str | None) -> str | None:
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
        _event(store, pid, None, "open", kind="created")
        earlier = find_relapse_source(store, problem)
        if earlier is not None:
            store.update("problems", pid, {"relapse_of": earlier["id"]})
            _event(
                store,
                pid,
                "open",
                "open",
                kind="relapse",
                reason=f"同一检查项 {problem['item_code']} 的问题曾于 {earlier['closed_on']} 销号"
                f"（问题 {earlier['id']}），现再次发现",
            )
            _event(
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
            officer_id = closed_by or _first_officer(store, visit_id)
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
    ``finding`` is what a follow-up visit found (:data:`FOLLOWUP_FINDINGS`), kept on
    the close-out's event.
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

    The cleared details stay in the audit log and :func:`history`.
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
            zh, en = _status_name(problem["status"])
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
        _event(
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


def open_problems_for_followup(store: Store, enterprise_id: str) -> list[dict[str, Any]]:
    """The enterprise's open and rectifying problems, earliest deadline first."""
    store.get("enterprises", enterprise_id)
    return problems.list_page(store, enterprise_id=enterprise_id, status=OPEN_STATUSES, limit=None)


@dataclass
class FollowupDecision:
    """What a follow-up visit found for one problem.

    ``fixed`` true: verified fixed → closed by this visit (method follow_up_visit).
    ``fixed`` false: still open → ``note`` (required) says why; a ``new_deadline``
    records an extension, ``escalate`` hands the problem over for a case (移交立案).
    ``partial`` marks a still-open problem as partly rectified (部分整改) rather
    than not rectified.
    """

    problem_id: str
    fixed: bool
    note: str = ""
    new_deadline: date | str | None = None
    officer_id: str | None = None
    photos: Sequence[str | Path] = field(default_factory=tuple)
    partial: bool = False
    escalate: bool = False

    @property
    def finding(self) -> str:
        return "fixed" if self.fixed else ("partial" if self.partial else "not_fixed")


def apply_followup(
    store: Store,
    visit_id: str,
    decisions: Iterable[FollowupDecision | Mapping[str, Any]],
    *,
    today: date | None = None,
) -> dict[str, list[str]]:
    """Record a follow-up visit's conclusions for several problems in one transaction.

    Returns the ids closed, left open, given a new deadline, and handed over for a case.
    """
    names = {f.name for f in fields(FollowupDecision)}
    items = [
        d
        if isinstance(d, FollowupDecision)
        else FollowupDecision(**{k: v for k, v in d.items() if k in names})
        for d in decisions
    ]
    result: dict[str, list[str]] = {"closed": [], "still_open": [], "extended": [], "escalated": []}
    with store.transaction():
        visit = store.get("visits", visit_id)
        seen: set[str] = set()
        for item in items:
            if item.problem_id in seen:
                raise ValidationError(
                    F_DECISIONS.key,
                    f"同一问题出现了两次结论：{item.problem_id}。",
                    f"The same problem has two decisions: {item.problem_id}.",
                )
            seen.add(item.problem_id)
            problem = store.get("problems", item.problem_id)
            if problem["enterprise_id"] != visit["enterprise_id"]:
                raise ValidationError(
                    F_DECISIONS.key,
                    "回头看只能核查本企业的问题。",
                    "A follow-up visit can only verify problems of the visited enterprise.",
                )
            if item.fixed:
                close(
                    store,
                    item.problem_id,
                    verified_on=visit["date"],
                    officer_id=item.officer_id or _first_officer(store, visit_id),
                    method="follow_up_visit",
                    note=item.note or FOLLOW_UP_NOTE,
                    visit_id=visit_id,
                    photos=item.photos,
                    today=today,
                    finding=item.finding,
                )
                result["closed"].append(item.problem_id)
                continue
            if problem["status"] not in OPEN_STATUSES:
                zh, en = _status_name(problem["status"])
                raise StateError(
                    f"问题当前为{zh}，回头看只能核查待整改或整改中的问题。",
                    f"The problem is {en}; a follow-up visit can only review open or "
                    "rectifying problems.",
                )
            note = text(item.note, F_NOTE, required=True, max_len=2000)
            if item.escalate and item.new_deadline:
                raise ValidationError(
                    F_NEW_DEADLINE.key,
                    "移交立案的问题不再设新整改期限，请清空新期限或取消移交。",
                    "A problem handed over for a case gets no new deadline; clear the date "
                    "or do not hand it over.",
                )
            if item.escalate:
                store.update("problems", item.problem_id, {"handling": "case"})
                _event(
                    store,
                    item.problem_id,
                    problem["status"],
                    problem["status"],
                    kind="escalation",
                    reason=note,
                    visit_id=visit_id,
                    finding=item.finding,
                )
                result["escalated"].append(item.problem_id)
            elif item.new_deadline:
                extend_deadline(
                    store,
                    item.problem_id,
                    item.new_deadline,
                    note,
                    visit_id=visit_id,
                    finding=item.finding,
                )
                result["extended"].append(item.problem_id)
            else:
                _event(
                    store,
                    item.problem_id,
                    problem["status"],
                    problem["status"],
                    kind="follow_up",
                    reason=note,
                    visit_id=visit_id,
                    finding=item.finding,
                )
            result["still_open"].append(item.problem_id)
    return result


# What each ledger result of a follow-up is called on paper and on screen.
FOLLOWUP_OUTCOMES = {
    "closed": ("销号", "Closed out"),
    "extended": ("延期", "New deadline"),
    "escalated": ("移交立案", "Handed over for a case"),
    "still_open": ("继续整改", "Rectification continues"),
}


def followup_findings(store: Store, visit_id: str) -> list[dict[str, Any]]:
    """What the follow-up visit ``visit_id`` found for each problem it looked at, in the
    order recorded: the problem (its row), ``finding`` (a key of
    :data:`FOLLOWUP_FINDINGS`), ``note``, ``outcome`` (a key of
    :data:`FOLLOWUP_OUTCOMES`), ``old_deadline`` / ``new_deadline`` (an extension),
    ``found_record_no`` (the record of the visit that found the problem) and ``at``.

    Read from the problem events the visit wrote (``problem_events.finding``), so the
    conclusions stay after the visit is final and after the problems move on. Events
    written before findings were stored have none: a close-out by a follow-up visit was
    ``fixed``, an extension or a follow-up note ``not_fixed``.
    """
    rows = store.query(
        "SELECT * FROM (SELECT e.problem_id, coalesce(e.finding, CASE "
        "  WHEN e.kind = 'transition' AND e.to_status = 'closed' AND v.type = 'follow_up' "
        "  THEN 'fixed' WHEN e.kind IN ('follow_up', 'extension') THEN 'not_fixed' END) "
        "  AS finding, e.reason, e.kind, e.to_status, e.from_status, e.old_deadline, "
        "  e.new_deadline, e.at, e.rowid AS n "
        " FROM problem_events e JOIN visits v ON v.id = e.visit_id WHERE e.visit_id = ?) "
        "WHERE finding IS NOT NULL ORDER BY at, n",
        (visit_id,),
    )
    out = []
    for row in rows:
        problem = store.get("problems", row["problem_id"])
        if row["kind"] == "transition" and row["to_status"] == "closed":
            outcome = "closed"
        elif row["kind"] == "extension":
            outcome = "extended"
        elif row["kind"] == "escalation":
            outcome = "escalated"
        else:
            outcome = "still_open"
        found_in = problem["visit_id"] and store.find("visits", problem["visit_id"])
        out.append(
            {
                "problem": problem,
                "finding": row["finding"],
                "note": row["reason"],
                "outcome": outcome,
                "old_deadline": row["old_deadline"],
                "new_deadline": row["new_deadline"],
                "found_record_no": (found_in or {}).get("record_no") or "",
                "at": row["at"],
            }
        )
    return out


# -- the ledger list ----------------------------------------------------------------


@dataclass
class LedgerFilter:
    """What the ledger shows; every field is optional (None/False = no restriction).

    ``status`` is one status or a tuple of them; ``overdue`` keeps only problems
    past their deadline on the day the query runs (or the ``today`` given).
    Date ranges are inclusive ISO dates or :class:`date` objects; ``closed_from`` /
    ``closed_to`` bound the close-out date (销号日期), so a closed range leaves out
    every problem not closed. ``final_visits_only`` keeps problems found on a final
    visit or without a visit (the problems the summary and dashboard figures count).
    """

    status: str | tuple[str, ...] | None = None
    overdue: bool = False
    town: str | None = None
    category: str | None = None
    severity: str | None = None
    officer_id: str | None = None
    enterprise_id: str | None = None
    found_from: date | str | None = None
    found_to: date | str | None = None
    deadline_from: date | str | None = None
    deadline_to: date | str | None = None
    search: str | None = None
    closed_from: date | str | None = None
    closed_to: date | str | None = None
    final_visits_only: bool = False

    def to_kwargs(self, today: date | None = None) -> dict[str, Any]:
        """Keyword filters for :func:`envhelp.domain.problems.list_page` and ``count``."""
        out = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "overdue"}
        out["overdue_on"] = (today or date.today()) if self.overdue else None
        return out


SORT_KEYS = tuple(problems.SORT_KEYS)

# "Due soon" (7 天内到期), the one definition: open or rectifying, and the deadline is
# today or within the next DUE_SOON_DAYS days (a problem due in 7 days counts).
DUE_SOON_DAYS = 7


def due_soon_filter(today: date | None = None) -> LedgerFilter:
    """The problems due soon on ``today``: the dashboard's 「7 天内到期」."""
    today = today or date.today()
    return LedgerFilter(
        status=OPEN_STATUSES,
        deadline_from=today.isoformat(),
        deadline_to=(today + timedelta(days=DUE_SOON_DAYS)).isoformat(),
    )


def is_due_soon(problem: Mapping[str, Any], today: date | None = None) -> bool:
    """Whether ``problem`` is due soon (see :func:`due_soon_filter`)."""
    deadline = problem.get("deadline")
    if problem.get("status") not in OPEN_STATUSES or not deadline:
        return False
    left = (date.fromisoformat(deadline) - (today or date.today())).days
    return 0 <= left <= DUE_SOON_DAYS


def days_overdue(problem: Mapping[str, Any], today: date | None = None) -> int:
    """Days past the deadline: as of ``today`` while open, at the close-out once closed."""
    deadline = problem.get("deadline")
    if not deadline:
        return 0
    if problem["status"] in OPEN_STATUSES:
        end = today or date.today()
    elif problem["status"] == "closed" and problem.get("closed_on"):
        end = date.fromisoformat(problem["closed_on"])
    else:
        return 0
    return max(0, (end - date.fromisoformat(deadline)).days)


def decorate(row: dict[str, Any], today: date | None = None) -> dict[str, Any]:
    """Add the derived ``overdue`` flag and ``days_overdue`` to a ledger row."""
    row["overdue"] = problems.is_overdue(row, today)
    row["days_overdue"] = days_overdue(row, today)
    return row


def list_page(
    store: Store,
    flt: LedgerFilter | None = None,
    *,
    order_by: str | None = None,
    descending: bool = False,
    limit: int | None = 200,
    offset: int = 0,
    today: date | None = None,
) -> list[dict[str, Any]]:
    """One page of the ledger (problem row + enterprise_name, town, uscc, closed_by_name,
    overdue, days_overdue). ``order_by`` is one of :data:`SORT_KEYS` (default: deadline)."""
    today = today or date.today()
    rows = problems.list_page(
        store,
        limit=limit,
        offset=offset,
        order_by=order_by,
        descending=descending,
        **(flt or LedgerFilter()).to_kwargs(today),
    )
    return [decorate(r, today) for r in rows]


def count(store: Store, flt: LedgerFilter | None = None, *, today: date | None = None) -> int:
    """How many problems the filter matches (for paging and progress)."""
    return problems.count(store, **(flt or LedgerFilter()).to_kwargs(today))


def iter_rows(
    store: Store,
    flt: LedgerFilter | None = None,
    *,
    order_by: str | None = None,
    descending: bool = False,
    today: date | None = None,
) -> Iterator[dict[str, Any]]:
    """Every matching ledger row, streamed (exports); same keys as :func:`list_page`."""
    today = today or date.today()
    rows = problems.iter_rows(
        store,
        order_by=order_by,
        descending=descending,
        **(flt or LedgerFilter()).to_kwargs(today),
    )
    return (decorate(r, today) for r in rows)
