"""A problem's history: its events read back in order, and the state they give.

Events are ordered by lamport, then time, then id (:data:`EVENT_ORDER`); :func:`replay`
walks them through :data:`envhelp.domain.ledger.TRANSITIONS`, so an event another laptop
wrote after a closure it had not seen stays in the history, marked, and changes nothing.
After a bundle import :func:`settle_state` sets the problem's state columns to what the
union of events gives.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from envhelp import i18n
from envhelp.domain import ledger
from envhelp.storage import Store

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

    A transition applies when :data:`envhelp.domain.ledger.TRANSITIONS` allows it from the state reached so far,
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
            allowed = kind == "transition" and (status, event["to_status"]) in ledger.TRANSITIONS
            if first or allowed:
                status = event["to_status"]
                last_transition = event
            else:
                applied = False
        elif kind == "extension":
            if status in ledger.OPEN_STATUSES:
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
