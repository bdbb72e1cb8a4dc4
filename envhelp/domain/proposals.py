"""Problems proposed on a draft visit, before they are recorded: the visit editor's rules.

A proposal is rebuilt from every non-compliant item that has no problem yet and was
not dismissed (不登记): :func:`proposed_items` says which, ``check_answers.propose_problem``
fills it in. Free problems start from :func:`free_problem`'s defaults. What the
officer changes is kept through :mod:`envhelp.domain.problem_drafts` (local to this
laptop): edited proposals, free problems and dismissals. :class:`VisitProposals`
holds that working state for one visit; the editor's Problems tab shows it and
forwards the officer's actions to it. Recording (:meth:`VisitProposals.record`) writes
the problem and the remaining drafts in one transaction.

Qt-free, so every rule here is tested without a window (tests/test_proposals.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from envhelp.domain import check_answers, problem_drafts, problems
from envhelp.errors import EnvHelpError
from envhelp.storage import Store

FREE_DEADLINE_DAYS = 30  # a starting value for a free problem; the officer changes it
FREE_PREFIX = "free:"  # keys of free problems; a proposal's key is its check result id


def proposed_items(
    items: Iterable[Mapping[str, Any]],
    registered: Iterable[Mapping[str, Any]],
    dismissed: Iterable[str],
) -> list[str]:
    """The check result ids that get a proposed problem, in the items' order: the
    non-compliant items without a recorded problem that the officer did not dismiss."""
    linked = {p["check_result_id"] for p in registered if p.get("check_result_id")}
    skipped = linked | set(dismissed)
    return [
        e["result_id"]
        for e in items
        if e["result"] == "non_compliant" and e["result_id"] not in skipped
    ]


def free_problem(
    visit: Mapping[str, Any], fields: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """A free problem of ``visit`` (not from a checklist item): the starting values, with
    ``fields`` (e.g. restored from the drafts) over them."""
    found = visit["date"]
    deadline = date.fromisoformat(found) + timedelta(days=FREE_DEADLINE_DAYS)
    return {
        "enterprise_id": visit["enterprise_id"],
        "visit_id": visit["id"],
        "category": "other",
        "description": "",
        "severity": "minor",
        "requirement": "",
        "legal_basis": "",
        "handling": "deadline",
        "found_on": found,
        "deadline": deadline.isoformat(),
        **(fields or {}),
        "edited": True,
    }


class VisitProposals:
    """The problems waiting to be recorded on one draft visit (none without a visit).

    ``proposals`` maps a key (a check result id, or ``free:<n>``) to the problem's
    fields plus ``edited`` (the officer changed it, so it is kept as a draft);
    ``dismissed`` holds the check result ids the officer chose not to record.
    """

    def __init__(self, store: Store, visit: Mapping[str, Any] | None = None):
        self.store = store
        self.visit = visit
        self.proposals: dict[str, dict[str, Any]] = {}
        self.dismissed: set[str] = set()
        self._restored_edits: dict[str, dict[str, Any]] = {}  # applied by the next sync
        self._free_count = 0
        if visit is not None:
            stored = problem_drafts.load(store, visit["id"])
            self.dismissed = set(stored["dismissed"])
            self._restored_edits = stored["proposals"]
            for fields in stored["free"]:
                self.add_free(fields)

    # -- the drafts --------------------------------------------------------------------

    def drafts(self, without: str | None = None) -> dict[str, Any]:
        """What ``problem_drafts`` keeps of this state (``without``: a key being recorded)."""
        fields = problem_drafts.FIELDS
        kept = {k: p for k, p in self.proposals.items() if k != without}
        return {
            "proposals": {
                k: {f: p[f] for f in fields if f in p}
                for k, p in kept.items()
                if p.get("check_result_id") and p.get("edited")
            },
            "free": [
                {f: p[f] for f in fields if f in p}
                for p in kept.values()
                if not p.get("check_result_id")
            ],
            "dismissed": sorted(self.dismissed),
        }

    def can_store(self) -> bool:
        """Drafts are kept only for a draft visit of a writable database."""
        return (
            self.visit is not None and self.visit["status"] == "draft" and not self.store.read_only
        )

    def save(self) -> None:
        """Write the drafts now (EnvHelpError when the visit cannot take them)."""
        problem_drafts.save(self.store, self.visit["id"], self.drafts())

    # -- proposals ----------------------------------------------------------------------

    def _propose(self, result_id: str, errors: list[str]) -> None:
        try:
            self.proposals[result_id] = check_answers.propose_problem(self.store, result_id)
        except EnvHelpError as exc:
            errors.append(str(exc))

    def sync(
        self,
        items: Iterable[Mapping[str, Any]],
        registered: Iterable[Mapping[str, Any]],
        changed: str | None = None,
    ) -> tuple[bool, list[str]]:
        """Keep one proposal per item of :func:`proposed_items` (and only those).

        ``changed``: the result id whose answer or note just changed (its unedited
        proposal is rebuilt). Returns (whether the drafts changed and should be
        stored, the messages of proposals that could not be made).
        """
        items = list(items)
        registered = list(registered)
        if self.visit is None:
            return False, []
        restored, self._restored_edits = self._restored_edits, {}
        before = self.drafts()
        non_compliant = {e["result_id"] for e in items if e["result"] == "non_compliant"}
        self.dismissed &= non_compliant
        wanted = proposed_items(items, registered, self.dismissed)
        for key in [k for k, p in self.proposals.items() if p.get("check_result_id")]:
            if key not in wanted:
                del self.proposals[key]
        errors: list[str] = []
        for rid in wanted:
            if rid not in self.proposals or (
                rid == changed and not self.proposals[rid].get("edited")
            ):
                self._propose(rid, errors)
                if rid in restored and rid in self.proposals:
                    self.proposals[rid].update(restored.pop(rid))
                    self.proposals[rid]["edited"] = True
        return bool(restored) or before != self.drafts(), errors

    def repropose_unedited(self) -> list[str]:
        """Rebuild the proposals the officer has not edited (after the visit date changed:
        their found date and deadline follow it). Returns the messages of failures."""
        errors: list[str] = []
        for key, proposal in list(self.proposals.items()):
            if not proposal.get("edited") and proposal.get("check_result_id"):
                self._propose(key, errors)
        return errors

    def edit(self, key: str, values: Mapping[str, Any]) -> bool:
        """The officer changed the form of ``key``; False when there is no such proposal."""
        proposal = self.proposals.get(key)
        if proposal is None:
            return False
        proposal.update(values)
        proposal["edited"] = True
        return True

    def add_free(self, fields: Mapping[str, Any] | None = None) -> str:
        """Add a free problem (``fields`` over its defaults); returns its key."""
        self._free_count += 1
        key = f"{FREE_PREFIX}{self._free_count}"
        self.proposals[key] = free_problem(self.visit, fields)
        return key

    def dismiss(self, key: str) -> bool:
        """Do not record the proposal of a non-compliant item (不登记); False when ``key``
        is no such proposal (free problems are deleted by leaving them empty, not dismissed)."""
        proposal = self.proposals.get(key)
        if proposal is None or not proposal.get("check_result_id"):
            return False
        self.dismissed.add(key)
        del self.proposals[key]
        return True

    def record(self, key: str, values: Mapping[str, Any]) -> dict[str, Any]:
        """Record proposal ``key`` with the form's ``values`` over it; returns the problem.

        The problem and the drafts without it are one transaction: a crash leaves one or
        the other. ValidationError / EnvHelpError leave everything as it was.
        """
        data = {k: v for k, v in self.proposals[key].items() if k != "edited"}
        data.update(values)
        with self.store.transaction():
            created = problems.create(self.store, data)
            if self.can_store():
                problem_drafts.save(self.store, self.visit["id"], self.drafts(without=key))
        del self.proposals[key]
        return created
