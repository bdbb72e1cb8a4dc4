"""Problems of a draft visit that are not recorded yet: the visit editor's working state.

The editor proposes a problem for every non-compliant checklist item and lets the
officer type free problems; until ``problems.create`` records them they are only
drafts. So that an edit survives a crash or a closed window, the editor writes
them here with its autosave. One JSON value per visit lives in ``settings`` under
``local.problem_drafts/<visit_id>``: the ``local.`` prefix keeps it out of
exchange bundles (``io.bundle_format.is_local_setting``), because half-typed text of one
laptop is not shared data. Stored shape::

    {"proposals": {check_result_id: {field: value}},   # edited proposals only
     "free": [{field: value}, ...],                    # free problems, in order
     "dismissed": [check_result_id, ...]}              # 不登记 of a non-compliant item

Unedited proposals are not stored: they are rebuilt from their item. Writing an
unchanged value adds nothing (``Store.set_setting`` skips it, so no audit entry),
and an empty value removes the row. Final visits have no drafts.
"""

from __future__ import annotations

from typing import Any

from envhelp.domain import visits
from envhelp.storage import Store

KEY_PREFIX = "local.problem_drafts/"
# The problem fields the editor's form changes (plus the date it was found).
FIELDS = (
    "category",
    "severity",
    "handling",
    "deadline",
    "description",
    "requirement",
    "legal_basis",
    "found_on",
)


def key(visit_id: str) -> str:
    return KEY_PREFIX + visit_id


def empty() -> dict[str, Any]:
    return {"proposals": {}, "free": [], "dismissed": []}


def _fields(entry: Any) -> dict[str, Any] | None:
    if not isinstance(entry, dict):
        return None
    return {k: entry[k] for k in FIELDS if isinstance(entry.get(k), str)}


def normalize(drafts: Any) -> dict[str, Any]:
    """Only the known shape and fields (the value may come from an older or damaged row)."""
    out = empty()
    if not isinstance(drafts, dict):
        return out
    proposals = drafts.get("proposals")
    if isinstance(proposals, dict):
        for result_id, entry in proposals.items():
            fields = _fields(entry)
            if fields is not None:
                out["proposals"][str(result_id)] = fields
    free = drafts.get("free")
    if isinstance(free, list):
        out["free"] = [f for f in map(_fields, free) if f is not None]
    dismissed = drafts.get("dismissed")
    if isinstance(dismissed, list):
        out["dismissed"] = sorted({str(r) for r in dismissed if isinstance(r, str)})
    return out


def is_empty(drafts: dict[str, Any]) -> bool:
    return not (drafts["proposals"] or drafts["free"] or drafts["dismissed"])


def pending_count(drafts: dict[str, Any]) -> int:
    """How many stored problems wait to be recorded (dismissals are decisions, not drafts)."""
    return len(drafts["proposals"]) + len(drafts["free"])


def load(store: Store, visit_id: str) -> dict[str, Any]:
    """The stored drafts of a draft visit; empty for a final or unknown visit."""
    visit = store.find("visits", visit_id)
    if visit is None or visit["status"] != "draft":
        return empty()
    try:
        value = store.get_setting(key(visit_id))
    except ValueError:  # a damaged row cannot be read back; the next save replaces it
        return empty()
    return normalize(value)


def save(store: Store, visit_id: str, drafts: dict[str, Any]) -> dict[str, Any]:
    """Store the drafts of a draft visit (StateError for a final one); returns what was stored."""
    value = normalize(drafts)
    with store.transaction():
        visits.ensure_draft(store, visit_id)
        if is_empty(value):
            clear(store, visit_id)
        else:
            store.set_setting(key(visit_id), value)
    return value


def clear(store: Store, visit_id: str) -> None:
    """Forget a visit's drafts (audited once; nothing is written when there are none)."""
    store.delete_links("settings", "key = ?", (key(visit_id),), key(visit_id))
