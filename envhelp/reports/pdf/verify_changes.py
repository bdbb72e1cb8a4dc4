"""What changed since a PDF was printed, and why: differences from the database that a
ledger action recorded after printing explains (a deadline extension, a cancelled
problem) are *later changes*, not alterations of the document."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace
from typing import Any

from envhelp import i18n
from envhelp.reports.pdf import fingerprint
from envhelp.reports.pdf.data import VisitRecord
from envhelp.reports.pdf.fingerprint import Stamp
from envhelp.storage import Store


@dataclass
class LaterChange:
    """A difference from the printed document that the ledger recorded after printing."""

    path: str
    old: Any
    new: Any
    why: str  # e.g. "2026-03-12 延期：企业申请延期"


MAX_REVERSALS = 256  # combinations of earlier deadlines tried for a stripped PDF


def undone_by_ledger(store: Store, record: VisitRecord, stamp: Stamp) -> list[LaterChange] | None:
    """For a PDF known only by its printed fingerprint: the later changes whose undoing
    (each problem's deadline back to one before its extensions) gives that fingerprint;
    None when no such combination exists."""
    chains = []
    for problem in record.problems:
        earlier = [
            r["old_deadline"]
            for r in store.query(
                "SELECT old_deadline FROM problem_events WHERE problem_id = ? AND kind = 'extension' "
                "ORDER BY at DESC, id DESC",
                (problem.id,),
            )
        ]
        if earlier:
            chains.append((problem, [problem.deadline, *earlier]))
    combinations = 1
    for _, options in chains:
        combinations *= len(options)
    if not chains or combinations > MAX_REVERSALS:
        return None
    for choice in itertools.product(*(options for _, options in chains)):
        then = dict(zip((p.id for p, _ in chains), choice, strict=True))
        problems = tuple(replace(p, deadline=then.get(p.id, p.deadline)) for p in record.problems)
        printed = fingerprint.fingerprint(replace(record, problems=problems), stamp.kind)
        if printed.startswith(stamp.fingerprint) and stamp.fingerprint:
            changes = []
            for problem, _ in chains:
                old = then[problem.id]
                if old != problem.deadline:
                    path = f"problems[{problem.id}].deadline"
                    why = _extended(store, problem.id, old, problem.deadline) or ""
                    changes.append(LaterChange(path, old, problem.deadline, why))
            return changes or None
    return None


# -- later changes -----------------------------------------------------------------

PROBLEM_PATH = re.compile(r"^problems\[([^\]]+)\](?:\.(\w+))?$")


def split_later_changes(
    store: Store, differences: list[tuple[str, Any, Any]]
) -> tuple[list[LaterChange], list[tuple[str, Any, Any]]]:
    """Differences explained by ledger actions recorded after printing, and the rest.

    A problem's deadline moved by extensions from the printed date to today's, and a
    problem gone because it was cancelled, are later changes of the ledger.
    """
    later: list[LaterChange] = []
    rest: list[tuple[str, Any, Any]] = []
    for path, old, new in differences:
        match = PROBLEM_PATH.match(path)
        why = None
        if match and match.group(2) == "deadline":
            why = _extended(store, match.group(1), old, new)
        elif match and match.group(2) is None and new is None:
            why = _cancelled(store, match.group(1))
        if why:
            later.append(LaterChange(path, old, new, why))
        else:
            rest.append((path, old, new))
    return later, rest


def _extended(store: Store, problem_id: str, old: Any, new: Any) -> str | None:
    """The extensions that moved the deadline from ``old`` to ``new``, in words."""
    events = store.query(
        "SELECT at, reason, old_deadline, new_deadline FROM problem_events "
        "WHERE problem_id = ? AND kind = 'extension' ORDER BY at, id",
        (problem_id,),
    )
    chain, deadline = [], old
    for event in events:
        if event["old_deadline"] == deadline:
            chain.append(event)
            deadline = event["new_deadline"]
    if not chain or deadline != new:
        return None
    return "；".join(
        i18n.pick(
            f"{e['at'][:10]} 延期至 {e['new_deadline']}（{e['reason']}）",
            f"{e['at'][:10]} deadline extended to {e['new_deadline']} ({e['reason']})",
        )
        for e in chain
    )


def _cancelled(store: Store, problem_id: str) -> str | None:
    event = store.query_one(
        "SELECT at, reason FROM problem_events WHERE problem_id = ? AND to_status = 'cancelled' "
        "ORDER BY at DESC, id DESC LIMIT 1",
        (problem_id,),
    )
    status = store.scalar("SELECT status FROM problems WHERE id = ?", (problem_id,))
    if event is None or status != "cancelled":
        return None
    return i18n.pick(
        f"{event['at'][:10]} 问题已撤销（{event['reason']}）",
        f"{event['at'][:10]} problem cancelled ({event['reason']})",
    )
