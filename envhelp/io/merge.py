"""How an imported bundle's rows merge with this database's (docs/bundle-format.md, "Merge rules").

- **Later** is decided by version vectors (:mod:`envhelp.storage.versions`), not by clocks:
  a copy made after seeing the other simply replaces it.
- **Concurrent** changes (each laptop changed the record without seeing the other's
  change) are conflicts: the copy with the later ``updated_at`` wins (ties, or dates more
  than :data:`TRUSTED_GAP` apart as from a clock far off: the officer, then the vector,
  so every laptop picks the same one), and every field where the losing
  copy differs is kept in ``merge_conflicts`` and listed in the import report.
- **Final is final**: a visit final on one side and a draft on the other keeps the final
  copy, with its checks, results and officers; the draft side's values become conflict
  notes. A draft never un-finalizes a record.
- **Problem state** (status, close-out, deadline...) is not merged field by field: it is
  replayed from the union of both laptops' ``problem_events``
  (:func:`envhelp.domain.problem_history.replay`). A closure stands; a plan or extension made
  elsewhere before it synced shows in the history as "after closure".
- **Deletions** travel as tombstones and merge by :mod:`envhelp.io.deletions`: a blind
  edit elsewhere does not bring a deleted record back, final is final beats a deletion.
- Timestamps more than :data:`FUTURE_TOLERANCE` ahead of this laptop's clock are
  reported (``clock_warnings``): a laptop with a wrong clock. Such a date does not
  decide a conflict (see :func:`_later`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from envhelp import i18n
from envhelp.domain import problem_history
from envhelp.io import deletions
from envhelp.storage import Store, tombstones, versions
from envhelp.storage.clock import new_id, utc_now

FUTURE_TOLERANCE = timedelta(days=1)
# Two concurrent changes dated further apart than this are not ordered by their dates:
# laptops exchange at least monthly, so a wider gap means a clock that is far off.
TRUSTED_GAP = timedelta(days=60)
REPORTED_LIMIT = 200  # conflicts and clock warnings listed one by one in a summary

# Columns that say what a visit's state is, not what it records: a draft differing in
# these from a final copy is no conflict worth listing.
FINALITY_COLUMNS = frozenset({"status", "record_no", "finalized_at"})
# Tables whose rows belong to one visit, print on its record and freeze with it.
VISIT_PARTS = ("checks", "check_results", "problems", "attachments")
# A problem that joined a visit's draft elsewhere after the visit became final keeps
# these cleared: it stays in the ledger, on its own, off the final record.
DETACHED = {"visit_id": None, "check_result_id": None}

# Rules named in merge_conflicts.rule and the report.
LATER_WINS = "later_wins"  # both changed it; the later change was kept
FINAL_KEPT = "final_kept"  # final here; the bundle's draft edit was not applied
FINAL_WINS = "final_wins"  # final in the bundle; this laptop's draft edit was replaced
NOT_ADDED_TO_FINAL = "not_added_to_final"  # a row added to the draft elsewhere
RULES = frozenset(
    {
        LATER_WINS,
        FINAL_KEPT,
        FINAL_WINS,
        NOT_ADDED_TO_FINAL,
        deletions.DELETED,
        deletions.DELETION_REFUSED,
    }
)


# How a conflict's field is named for a person, beyond each table's own field names.
WHOLE_ROW = ("整条记录（未并入定稿记录）", "the whole row (not added to the final record)")
WHOLE_RECORD = ("整条记录", "the whole record")  # deleted, or kept against a deletion
ON_THE_RECORD = ("所属走访记录", "visit record it belongs to")
OFF_THE_RECORD = (
    "不属于任何走访记录（单独列入台账）",
    "no visit record (kept in the ledger on its own)",
)


def field_words(table: str, column: str, rule: str = "") -> tuple[str, str]:
    """(zh, en) naming a conflict's field, never the column's code."""
    from envhelp.domain import check_answers, problems, visits

    if column == "*":
        deletion = rule in (deletions.DELETED, deletions.DELETION_REFUSED)
        return WHOLE_RECORD if deletion else WHOLE_ROW
    if column == "visit_id":
        return ON_THE_RECORD
    fields = {
        "visits": visits.FIELDS_BY_KEY,
        "problems": problems.FIELDS_BY_KEY,
        "check_results": {"result": check_answers.F_RESULT, "note": check_answers.F_NOTE},
    }
    named = fields.get(table, {}).get(column)
    return (named.zh, named.en) if named else (column, column)


def visit_words(store: Store, visit_id: str, visit: dict[str, Any] | None = None) -> str:
    """A visit as a person finds it: record number, enterprise, date (never its id)."""
    visit = visit or store.find("visits", visit_id) or {}
    name = (
        store.scalar("SELECT name FROM enterprises WHERE id = ?", (visit.get("enterprise_id"),))
        or ""
    )
    return " ".join(str(v) for v in (visit.get("record_no"), name, visit.get("date")) if v)


@dataclass
class Conflict:
    table: str
    record: str
    label: str  # the record as a person finds it (record number, name, ...), never an id
    field: str
    kept_value: Any
    other_value: Any
    kept_by: str
    other_by: str
    rule: str
    kept_text: str = ""  # the values as a person reads them (officers by name, ...)
    other_text: str = ""

    def to_dict(self) -> dict[str, Any]:
        return dict(vars(self))


def who(actor: str) -> str:
    """An audit actor ("王敏 <officer id>", "system:user") as a person reads it."""
    return re.sub(r"\s*<[^<>]*>$", "", actor or "").removeprefix("system:")


@dataclass
class MergeReport:
    conflicts: list[Conflict] = field(default_factory=list)
    conflict_count: int = 0
    clock_warnings: list[dict[str, Any]] = field(default_factory=list)
    clock_warning_count: int = 0


def _stamps_comparable(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Do two copies' ``updated_at`` say which is later? Not when they lie more than
    :data:`TRUSTED_GAP` apart: then one laptop's clock is far off (a year ahead, ...), and
    a date from it must not decide. A rule on the pair only, so both laptops agree."""
    try:
        first, second = (
            datetime.fromisoformat(str(c.get("updated_at")).replace("Z", "+00:00")) for c in (a, b)
        )
    except ValueError:
        return False
    return abs(first - second) <= TRUSTED_GAP


def _later(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Is copy ``a`` later than copy ``b``? The same answer on every laptop: the later
    ``updated_at`` when the two dates are comparable, then the officer, then the vector."""
    dated = _stamps_comparable(a, b)

    def key(copy: dict[str, Any]) -> tuple[str, str, str]:
        return (
            str(copy.get("updated_at") or "") if dated else "",
            str(copy.get("updated_by") or ""),
            str(copy.get("versions") or ""),
        )

    return key(a) > key(b)


class Merger:
    """The merge of one bundle, row by row, inside the import's transaction."""

    def __init__(
        self,
        store: Store,
        report: MergeReport,
        *,
        complete: bool = True,
        whole_visits: set[str] | frozenset[str] = frozenset(),
    ):
        self.store = store
        self.report = report
        # A full export carries every part of each visit; a hub change set only the rows
        # changed since its last push, so its absence of a part says nothing, except for
        # the visits it made final, which it carries whole (io/change_sets.py).
        self.complete = complete
        self.whole_visits = whole_visits
        self.future = (datetime.now(UTC) + FUTURE_TOLERANCE).isoformat(timespec="milliseconds")
        self.future = self.future.replace("+00:00", "Z")
        self.final_before: dict[str, bool] = {}  # visit id → final here before the import
        self.final_in_bundle: set[str] = set()
        self.officers_in_bundle: dict[str, set[str]] = {}  # visits that became final here
        self.new_problems: set[str] = set()
        self.problems_to_settle: dict[str, dict[str, Any] | None] = {}  # id → bundle's state
        self.new_events: set[str] = set()
        self.check_visits: dict[str, str | None] = {}  # check id → its visit, read once
        # Visit → (table, id) of the parts the bundle carries of it, for the visits it
        # brings final: local parts it does not carry leave the record (finish()).
        self.parts_in_bundle: dict[str, set[tuple[str, str]]] = {}
        # Incoming copies of records deleted here, not added (io/deletions.py settles
        # them once every row is in: one that a record relies on comes back).
        self.refused_deleted: list[deletions.Refused] = []

    # -- bookkeeping -------------------------------------------------------------

    def _conflict(
        self,
        table: str,
        record: str,
        column: str,
        kept: dict[str, Any],
        other: dict[str, Any],
        rule: str,
    ) -> None:
        conflict = Conflict(
            table,
            record,
            self._label(table, record, {**other, **kept}),
            column,
            kept.get(column),
            other.get(column),
            str(kept.get("updated_by") or ""),
            str(other.get("updated_by") or ""),
            rule,
        )
        kept_json = json.dumps(conflict.kept_value, ensure_ascii=False)
        other_json = json.dumps(conflict.other_value, ensure_ascii=False)
        if self._noted(
            {
                "table_name": table,
                "record_id": record,
                "field": column,
                "kept_value": kept_json,
                "other_value": other_json,
            }
        ):
            return  # the same bundle imported again: noted the first time
        conflict.kept_text = self._shown(table, column, conflict.kept_value)
        conflict.other_text = self._shown(table, column, conflict.other_value)
        if rule == deletions.DELETED:  # the side kept is the deletion itself
            conflict.kept_text = i18n.pick("（已删除）", "(deleted)")
        elif rule == deletions.DELETION_REFUSED:
            conflict.other_text = i18n.pick("删除", "the deletion")
        self.store.insert_link(
            "merge_conflicts",
            {
                "id": new_id(),
                "table_name": table,
                "record_id": record,
                "field": column,
                "kept_value": kept_json,
                "other_value": other_json,
                "kept_by": conflict.kept_by,
                "other_by": conflict.other_by,
                "kept_at": kept.get("updated_at"),
                "other_at": other.get("updated_at"),
                "rule": rule,
                "detected_at": utc_now(),
                "detected_by": self.store.actor,
            },
            record,
        )
        self.report.conflict_count += 1
        if len(self.report.conflicts) < REPORTED_LIMIT:
            self.report.conflicts.append(conflict)

    def _noted(self, note: dict[str, Any]) -> bool:
        """Is the same conflict (record, field, both values) already in merge_conflicts?
        Both laptops of a conflict note it, each under its own rule name."""
        return bool(
            self.store.scalar(
                "SELECT 1 FROM merge_conflicts WHERE table_name = ? AND record_id = ? AND field = ? "
                "AND kept_value IS ? AND other_value IS ?",
                [
                    note.get(k)
                    for k in ("table_name", "record_id", "field", "kept_value", "other_value")
                ],
            )
        )

    def _shown(self, table: str, column: str, value: Any) -> str:
        """A conflict's value as text for a person: names, not ids; no Python values."""
        if column == "visit_id":
            return self._label("visits", str(value), {}) if value else i18n.pick(*OFF_THE_RECORD)
        if value is None:
            return ""
        if column == "officer_ids":
            names = [
                self.store.scalar("SELECT name FROM officers WHERE id = ?", (i,)) or ""
                for i in (value if isinstance(value, list) else [value])
            ]
            return "、".join(n for n in names if n)
        if isinstance(value, dict):  # a whole row that was not added
            return self._label(table, str(value.get("id", "")), value)
        if column == "laws" and isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                return value
        if isinstance(value, list):
            return "；".join(map(str, value))
        return str(value)

    def _label(self, table: str, record: str, row: dict[str, Any]) -> str:
        """How the import report names a record for a person."""
        store = self.store
        if table == "visits":
            return visit_words(store, record, row if row.get("enterprise_id") else None)
        if table in ("checks", "check_results"):
            visit = self._visit_of(table, row)
            item = row.get("item_code") or ""
            return f"{self._label('visits', visit, {}) if visit else ''} {item}".strip()
        for column in ("name", "description", "filename", "reason"):
            if row.get(column):
                return str(row[column])[:40]
        return ""

    def check_clock(self, table: str, record: str, stamp: Any) -> None:
        if isinstance(stamp, str) and stamp > self.future:
            self.report.clock_warning_count += 1
            if len(self.report.clock_warnings) < REPORTED_LIMIT:
                self.report.clock_warnings.append({"table": table, "record": record, "at": stamp})

    def _visit_of(self, table: str, row: dict[str, Any]) -> str | None:
        """The visit whose record prints ``row`` (None for rows no record prints)."""
        if table in ("checks", "problems"):
            if table == "checks":
                self.check_visits[str(row["id"])] = row.get("visit_id")
            return row.get("visit_id")
        if table in ("check_results", "attachments"):
            if table == "attachments" and row.get("visit_id"):
                return row["visit_id"]
            if table == "attachments" and row.get("problem_id"):  # as merged so far
                return self.store.scalar(
                    "SELECT visit_id FROM problems WHERE id = ?", (row["problem_id"],)
                )
            check = (
                row.get("check_id")
                if table == "check_results"
                else self.store.scalar(
                    "SELECT check_id FROM check_results WHERE id = ?", (row.get("check_result_id"),)
                )
            )
            if check is None:
                return None
            check = str(check)
            if check not in self.check_visits:  # a check of this laptop the bundle lacks
                self.check_visits[check] = self.store.scalar(
                    "SELECT visit_id FROM checks WHERE id = ?", (check,)
                )
            return self.check_visits[check]
        return None

    def _final_side(self, visit_id: str | None) -> str | None:
        """ "local" or "incoming": the side where the visit is final when only one is."""
        if visit_id is None:
            return None
        here = self.final_before.get(visit_id)
        if here is None:  # not in the bundle: its state here is its state before
            here = (
                self.store.scalar("SELECT status FROM visits WHERE id = ?", (visit_id,)) == "final"
            )
            self.final_before[visit_id] = here
        there = visit_id in self.final_in_bundle
        if here and not there:
            return "local"
        if there and not here:
            return "incoming"
        return None

    # -- records -----------------------------------------------------------------

    def merge_record(self, table: str, row: dict[str, Any], content: list[str]) -> str:
        """Merge one record row; returns "added", "unchanged", "updated" or "kept_local"."""
        store = self.store
        record = str(row["id"])
        self.check_clock(table, record, row.get("updated_at"))
        local = store.find(table, record)
        if table == "visits":
            self.final_before[record] = bool(local) and local["status"] == "final"
            if row.get("status") == "final":
                self.final_in_bundle.add(record)
        visit = row.get("id") if table == "visits" else self._visit_of(table, row)
        side = self._final_side(visit)
        if side == "incoming" and table in VISIT_PARTS:
            self.parts_in_bundle.setdefault(str(visit), set()).add((table, record))
        if local is None:
            if deletions.refuses_record(self, table, row, visit):
                return "kept_local"
            if side == "local":  # added to the draft elsewhere after the visit became final here
                return self._not_added(table, row, NOT_ADDED_TO_FINAL)
            store.insert(table, row)  # keeps the bundle's id, stamps and versions
            if table == "problems":
                self.new_problems.add(record)
            return "added"
        if table == "problems":
            self._note_problem_state(local, row)
            content = [k for k in content if k not in problem_history.STATE_FIELDS]
        differing = [k for k in content if local.get(k) != row[k]]
        if row.get("versions") == local.get("versions"):  # re-imports: no need to parse
            joined = local.get("versions") or "{}"
        else:
            joined = versions.join(local.get("versions"), row.get("versions"))
        if not differing:
            self._keep_local(table, local, joined)
            return "unchanged"
        order = versions.compare(local.get("versions"), row.get("versions"))
        if side is None and order not in ("newer", "older"):
            return self._merge_fields(table, local, row, differing, joined)
        if side == "local":  # noted once: a copy seen before (a re-import) is no news
            take, rule = False, (None if order == "older" else FINAL_KEPT)
        elif side == "incoming":
            take, rule = True, (None if order == "newer" else FINAL_WINS)
        else:
            take, rule = order == "newer", None
        if rule is not None:
            kept, other = (row, local) if take else (local, row)
            noted = [k for k in differing if k not in FINALITY_COLUMNS]
            for column in noted:
                self._conflict(table, record, column, kept, other, rule)
        if take:
            store.update(
                table,
                record,
                {
                    **{k: row[k] for k in differing},
                    "versions": joined,
                    "field_versions": row.get("field_versions") or "{}",
                    "updated_at": row.get("updated_at"),
                    "updated_by": row.get("updated_by"),
                },
            )
            return "updated"
        self._keep_local(table, local, joined)
        return "kept_local"

    def _not_added(self, table: str, row: dict[str, Any], rule: str) -> str:
        """A row that would change a final record it was not part of. A problem stays in
        the ledger, off the record (its own version: every laptop takes it so); anything
        else is kept whole in merge_conflicts. Returns the import's word for it."""
        record = str(row["id"])
        if table == "problems":
            self.store.insert(table, row)  # keeps the bundle's id, stamps and versions
            self.new_problems.add(record)
            self._detach(row, {**row, **DETACHED}, rule)
            return "added"
        self._conflict(table, record, "*", {}, {**row, "*": row}, rule)
        return "kept_local"

    def note_whole(
        self,
        table: str,
        row: dict[str, Any],
        deletion: dict[str, Any],
        rule: str,
        *,
        deleted: bool = True,
    ) -> None:
        """A whole row a deletion removed or did not add (``deleted``), or one kept against
        it, noted in merge_conflicts (io/deletions.py)."""
        whole = {**row, "*": row}
        kept, other = (deletion, whole) if deleted else (whole, deletion)
        self._conflict(table, str(row["id"]), "*", kept, other, rule)

    def on_final_record(self, visit: str | None) -> bool:
        """Is ``visit`` final here (as merged so far) or in the bundle?"""
        return visit is not None and (
            visit in self.final_in_bundle
            or self.store.scalar("SELECT status FROM visits WHERE id = ?", (visit,)) == "final"
        )

    def visit_of_record(self, table: str, row: dict[str, Any]) -> str | None:
        return str(row["id"]) if table == "visits" else self._visit_of(table, row)

    def _detach(self, problem: dict[str, Any], kept: dict[str, Any], rule: str) -> None:
        self._conflict("problems", str(problem["id"]), "visit_id", kept, problem, rule)
        self.store.update("problems", str(problem["id"]), DETACHED)

    def _merge_fields(
        self,
        table: str,
        local: dict[str, Any],
        row: dict[str, Any],
        differing: list[str],
        joined: str,
    ) -> str:
        """Concurrent copies, field by field: a field only one side changed takes that
        side's value; a field both changed is a conflict, the later copy's value wins and
        the other is kept. Both laptops reach the same record whichever imports first."""
        take, _keep, both = versions.split_fields(local, row, differing)
        incoming_later = _later(row, local)
        later = row if incoming_later else local
        kept, other = (row, local) if incoming_later else (local, row)
        for column in both:
            self._conflict(table, str(local["id"]), column, kept, other, LATER_WINS)
        taken = take + (both if incoming_later else [])
        self.store.update(
            table,
            local["id"],
            {
                **{k: row[k] for k in taken},
                "versions": joined,
                "field_versions": versions.merge_fields(
                    local.get("field_versions"), row.get("field_versions"), taken
                ),
                "updated_at": later.get("updated_at"),
                "updated_by": later.get("updated_by"),
            },
        )
        return "updated" if taken else "kept_local"

    def _keep_local(self, table: str, local: dict[str, Any], joined: str) -> None:
        """Keep the local content; remember that the bundle's changes have been seen."""
        if joined != local.get("versions") and joined != versions.dump(
            versions.parse(local.get("versions"))
        ):
            self.store.update(
                table,
                local["id"],
                {
                    "versions": joined,
                    "updated_at": local["updated_at"],
                    "updated_by": local["updated_by"],
                },
            )

    # -- links -------------------------------------------------------------------

    def merge_link(self, table: str, row: dict[str, Any], key: str, exists: bool) -> str:
        """A row without history of its own: insert when missing, else keep the local one."""
        if table == tombstones.TABLE:
            return deletions.merge_tombstone(self, row)
        if not exists and deletions.refuses_link(self.store, table, row):
            return "kept_local"  # a link of a record deleted here
        if table == "visit_officers":
            visit = str(row["visit_id"])
            side = self._final_side(visit)
            if side == "incoming":
                self.officers_in_bundle.setdefault(visit, set()).add(str(row["officer_id"]))
            if side == "local" and not exists:
                self._conflict(
                    "visits",
                    visit,
                    "officer_ids",
                    {},
                    {"officer_ids": [row["officer_id"]]},
                    NOT_ADDED_TO_FINAL,
                )
                return "kept_local"
        if exists:
            return "unchanged"
        if table == "merge_conflicts" and self._noted(row):
            return "unchanged"  # this laptop met (or was told of) the same conflict
        if table == "problem_events":
            self.check_clock(table, key, row.get("at"))
            self.new_events.add(key)
            problem = str(row["problem_id"])
            if problem not in self.new_problems:
                self.problems_to_settle.setdefault(problem, None)
        self.store.insert_link(table, row, key)
        return "added"

    def _note_problem_state(self, local: dict[str, Any], row: dict[str, Any]) -> None:
        state = {k: row.get(k) for k in problem_history.STATE_FIELDS if k in row}
        if any(local.get(k) != v for k, v in state.items()):
            self.problems_to_settle[local["id"]] = {**state, "updated_by": row.get("updated_by")}

    # -- after every row ---------------------------------------------------------

    def finish(self) -> None:
        """Deleted records relied on, officers of visits that became final here, and
        problem states from their events."""
        store = self.store
        deletions.settle_refused(self)
        for visit, officers in self.officers_in_bundle.items():
            local = store.query("SELECT * FROM visit_officers WHERE visit_id = ?", (visit,))
            extra = [r for r in local if r["officer_id"] not in officers]
            for r in extra:  # added to the draft here; the final record does not name them
                self._conflict(
                    "visits",
                    visit,
                    "officer_ids",
                    {},
                    {"officer_ids": [r["officer_id"]]},
                    FINAL_WINS,
                )
            if extra:
                store.delete_links(
                    "visit_officers",
                    f"visit_id = ? AND officer_id IN ({', '.join('?' * len(extra))})",
                    [visit, *(r["officer_id"] for r in extra)],
                    visit,
                )
        for visit, carried in self.parts_in_bundle.items():
            if self._carried_whole(visit):
                self._leave_final_record(visit, carried)
        for visit in self.final_in_bundle - set(self.parts_in_bundle):
            if self._carried_whole(visit):
                self._leave_final_record(visit, set())
        for problem, incoming in self.problems_to_settle.items():
            problem_history.settle_state(store, problem, incoming, self.new_events)

    def _carried_whole(self, visit: str) -> bool:
        """Does the bundle hold every part of this visit, so that a part it lacks is
        not on the final record?"""
        return self.complete or visit in self.whole_visits

    def _leave_final_record(self, visit: str, carried: set[tuple[str, str]]) -> None:
        """The visit became final here from the bundle: local parts of it that the final
        copy does not have (added to the draft here) leave the record. A problem stays
        in the ledger on its own; a check, answer or photo is kept in merge_conflicts."""
        store = self.store
        if self.final_before.get(visit):
            return
        checks_sql = "SELECT id FROM checks WHERE visit_id = :v"
        results_sql = f"SELECT id FROM check_results WHERE check_id IN ({checks_sql})"
        problems_sql = "SELECT id FROM problems WHERE visit_id = :v"
        parts = (  # a problem's photos go with it; answers' photos before the answers
            ("problems", "visit_id = :v"),
            (
                "attachments",
                f"visit_id = :v OR check_result_id IN ({results_sql}) "
                f"OR problem_id IN ({problems_sql})",
            ),
            ("check_results", f"check_id IN ({checks_sql})"),
            ("checks", "visit_id = :v"),
        )
        for table, where in parts:
            for row in store.query(
                f"SELECT * FROM [{table}] WHERE {where} ORDER BY id", {"v": visit}
            ):
                if (table, row["id"]) in carried:
                    continue
                if table == "problems":
                    self._detach(row, {**row, **DETACHED}, FINAL_WINS)
                    continue
                self._conflict(table, row["id"], "*", {}, {**row, "*": row}, FINAL_WINS)
                store.delete(table, row["id"])


def conflicts_of(store: Store, table: str, record_id: str) -> list[dict[str, Any]]:
    """The conflicts imports met on one record, oldest first, values decoded: for its history.

    For a visit, those of its checklist answers too (``table_name`` says which)."""
    parts = ""
    if table == "visits":
        parts = (
            " OR (table_name = 'check_results' AND record_id IN (SELECT r.id FROM "
            "check_results r JOIN checks c ON c.id = r.check_id WHERE c.visit_id = :id))"
            " OR (table_name = 'checks' AND record_id IN "
            "(SELECT id FROM checks WHERE visit_id = :id))"
        )
    rows = store.query(
        f"SELECT * FROM merge_conflicts WHERE (table_name = :table AND record_id = :id){parts} "
        "ORDER BY detected_at, field, id",
        {"table": table, "id": record_id},
    )
    for row in rows:  # Merger._conflict stores both values as JSON
        for key in ("kept_value", "other_value"):
            row[key] = json.loads(row[key]) if row[key] is not None else None
    return rows
