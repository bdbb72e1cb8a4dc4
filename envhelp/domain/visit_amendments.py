"""Amendments (修正) of final visits: who corrected which fields, when, why, each field
before and after. A final visit is never edited directly; drafts need no amendment.
"""

from __future__ import annotations

import json
from typing import Any

from envhelp.domain import visits
from envhelp.domain.fields import Field, text
from envhelp.errors import StateError, ValidationError
from envhelp.storage import Store

# What an amendment may correct on a final visit: every editable field but those that
# say which visit it was (the enterprise, the type, where the task came from).
FIXED_ON_FINAL = ("enterprise_id", "type", "task_source", "inspection_kind", "cap_reason")
AMENDABLE = tuple(key for key in visits.EDITABLE if key not in FIXED_ON_FINAL)
F_REASON = Field("reason", "修正原因", "Reason for the amendment")


def amend(store: Store, visit_id: str, changes: dict[str, Any], reason: str) -> dict[str, Any]:
    """Correct a final visit: records who, when, why, and each field before and after."""
    from envhelp.storage.database import canonical_json

    reason = text(reason, F_REASON, required=True, max_len=1000)
    with store.transaction():
        row = store.get("visits", visit_id)
        if row["status"] != "final":
            raise StateError(
                "草稿可直接修改，无需修正。",
                "Drafts are edited directly; amendments are for final visits.",
            )
        unknown = sorted(set(changes) - set(AMENDABLE))
        if unknown:
            raise ValidationError(
                unknown[0],
                f"定稿记录的此项不能修正：{'、'.join(unknown)}。",
                f"These fields of a final visit cannot be amended: {', '.join(unknown)}.",
            )
        current = visits.to_public(store, row)
        values = visits.clean(store, {**{k: current[k] for k in visits.EDITABLE}, **changes})
        before = {k: current[k] for k in AMENDABLE if current[k] != values[k]}
        if not before:
            raise ValidationError(
                "changes", "修正内容与原记录相同，未做修改。", "The amendment changes nothing."
            )
        after = {k: values[k] for k in before}
        store.insert(
            "visit_amendments",
            {
                "visit_id": visit_id,
                "reason": reason,
                "before": canonical_json(before),
                "after": canonical_json(after),
            },
        )
        stored = store.update(
            "visits", visit_id, {k: v for k, v in visits.row_of(values).items() if k in after}
        )
        if "officer_ids" in after:
            visits.set_officers(store, visit_id, values["officer_ids"])
        return visits.to_public(store, stored)


def amendments(store: Store, visit_id: str) -> list[dict[str, Any]]:
    """A visit's amendments, oldest first, with before/after decoded."""
    rows = store.query(
        "SELECT * FROM visit_amendments WHERE visit_id = ? ORDER BY created_at, id", (visit_id,)
    )
    return [{**r, "before": json.loads(r["before"]), "after": json.loads(r["after"])} for r in rows]
