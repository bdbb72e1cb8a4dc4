"""What a hub change set carries beyond the rows written since the last push.

A change set (envhelp/io/sync.py) is a bundle of the rows the audit log names after
the last pushed entry. One merge rule needs more than that: when a visit becomes final
on a laptop that still had it as a draft, the parts of the visit that the final copy
does not have (added to the draft there) leave the record (merge.Merger, "final is
final"). That rule reads the absence of a part as "not on the final record", which only
a bundle holding every part of the visit can say. So a change set that carries a visit
made final since the last push carries all of that visit's parts too, and names the
visit in the manifest's ``whole_visits``; the importer applies the rule to those visits
exactly as to every visit of a full export (docs/bundle-format.md, "Final is final").

The files of the photos a whole visit carries go only with rows written since the last
push: a photo pushed before went with its file then, and every laptop pulls the change
sets in the order they were pushed, so it has the file (a photo is often megabytes).
"""

from __future__ import annotations

from typing import Any

from envhelp.io.errors import BundleError
from envhelp.storage import Store

MANIFEST_KEY = "whole_visits"

# The parts of a visit its record prints, as (table, SQL selecting their ids for :v);
# link rows are named as the audit log names them: a visit's officers by the visit, a
# problem's events by the problem.
_PARTS = (
    ("visit_officers", "SELECT :v"),
    ("checks", "SELECT id FROM checks WHERE visit_id = :v"),
    (
        "check_results",
        "SELECT r.id FROM check_results r JOIN checks c ON c.id = r.check_id WHERE c.visit_id = :v",
    ),
    ("problems", "SELECT id FROM problems WHERE visit_id = :v"),
    ("problem_events", "SELECT id FROM problems WHERE visit_id = :v"),  # named by problem
    (
        "attachments",
        "SELECT a.id FROM attachments a WHERE a.visit_id = :v "
        "OR a.problem_id IN (SELECT id FROM problems WHERE visit_id = :v) "
        "OR a.check_result_id IN (SELECT r.id FROM check_results r "
        "JOIN checks c ON c.id = r.check_id WHERE c.visit_id = :v)",
    ),
)


def finalized_since(store: Store, audit_seq: int) -> set[str]:
    """Visits that became final here (finalized, or brought final by an import) after
    that audit log entry."""
    return {
        row["record_id"]
        for row in store.iter_query(
            "SELECT DISTINCT record_id FROM audit_log WHERE seq > ? AND table_name = 'visits' "
            "AND action IN ('create', 'update') AND json_extract(after, '$.status') = 'final'",
            (audit_seq,),
        )
    }


def add_parts(store: Store, visit_ids: set[str], only: dict[str, set[str]]) -> None:
    """Add every part of these visits to ``only`` (per table, the ids a change set carries)."""
    for visit in sorted(visit_ids):
        for table, sql in _PARTS:
            only.setdefault(table, set()).update(
                str(r[0]) for r in store.conn.execute(sql, {"v": visit})
            )


def whole_visits(manifest: dict[str, Any]) -> set[str]:
    """The visits a change set carries whole; refused when the manifest's list is damaged."""
    listed = manifest.get(MANIFEST_KEY, [])
    if not isinstance(listed, list) or not all(isinstance(v, str) for v in listed):
        raise BundleError(
            f"数据包无法导入：manifest.json 中的 {MANIFEST_KEY} 无效。",
            f"The bundle cannot be imported: manifest.json has an invalid {MANIFEST_KEY}.",
        )
    return set(listed)
