"""Follow-up visits (回头看): what a visit found for each open problem it looked at.

:func:`apply_followup` records a visit's decisions in one transaction — a fixed problem
is closed out by the visit (:func:`envhelp.domain.ledger.close`), one still open gets a
note, a new deadline or is handed over for a case — and :func:`followup_findings` reads
them back from the problem events for the record and the editor.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import Any

from envhelp.domain import ledger, problems
from envhelp.domain.fields import Field, text
from envhelp.errors import StateError, ValidationError
from envhelp.storage import Store

# What a follow-up visit (回头看) found for a problem it looked at (problem_events.finding).
FOLLOWUP_FINDINGS = {
    "fixed": ("已整改", "Rectified"),
    "partial": ("部分整改", "Partly rectified"),
    "not_fixed": ("未整改", "Not rectified"),
}

FOLLOW_UP_NOTE = "回头看现场复核，已整改到位"

F_DECISIONS = Field("decisions", "回头看结论", "Follow-up decisions")


def open_problems_for_followup(store: Store, enterprise_id: str) -> list[dict[str, Any]]:
    """The enterprise's open and rectifying problems, earliest deadline first."""
    store.get("enterprises", enterprise_id)
    return problems.list_page(
        store, enterprise_id=enterprise_id, status=ledger.OPEN_STATUSES, limit=None
    )


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
                ledger.close(
                    store,
                    item.problem_id,
                    verified_on=visit["date"],
                    officer_id=item.officer_id or ledger.first_officer(store, visit_id),
                    method="follow_up_visit",
                    note=item.note or FOLLOW_UP_NOTE,
                    visit_id=visit_id,
                    photos=item.photos,
                    today=today,
                    finding=item.finding,
                )
                result["closed"].append(item.problem_id)
                continue
            if problem["status"] not in ledger.OPEN_STATUSES:
                zh, en = ledger.status_name(problem["status"])
                raise StateError(
                    f"问题当前为{zh}，回头看只能核查待整改或整改中的问题。",
                    f"The problem is {en}; a follow-up visit can only review open or "
                    "rectifying problems.",
                )
            note = text(item.note, ledger.F_NOTE, required=True, max_len=2000)
            if item.escalate and item.new_deadline:
                raise ValidationError(
                    ledger.F_NEW_DEADLINE.key,
                    "移交立案的问题不再设新整改期限，请清空新期限或取消移交。",
                    "A problem handed over for a case gets no new deadline; clear the date "
                    "or do not hand it over.",
                )
            if item.escalate:
                store.update("problems", item.problem_id, {"handling": "case"})
                ledger.add_event(
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
                ledger.extend_deadline(
                    store,
                    item.problem_id,
                    item.new_deadline,
                    note,
                    visit_id=visit_id,
                    finding=item.finding,
                )
                result["extended"].append(item.problem_id)
            else:
                ledger.add_event(
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
