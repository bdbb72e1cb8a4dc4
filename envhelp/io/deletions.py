"""How deletions merge (docs/bundle-format.md, "Deletions"): the rules an import applies to
the tombstones a bundle or hub change set carries (envhelp/storage/tombstones.py), and to
incoming copies of records deleted here. Called by merge.Merger inside the import's one
transaction, so they meet the same "final is final" rule as every other row.

- A tombstone deletes the local record, with the parts it owns (a draft's checks,
  answers, problems and photos; a check's answers; an answer's or problem's photos),
  unless the local copy is newer than the deletion (made after seeing it: kept). A
  local edit the deletion did not see, and every part only this laptop had, is kept
  whole in ``merge_conflicts`` (rule ``deleted``), never dropped silently.
- A deletion is refused (rule ``deletion_refused``, the record stays) when the record
  is on a final visit record, or when a record it does not own still refers to it (a
  problem closed by that visit, a 双随机 task, ...). The record is then counted one
  more here, past the deletion, so that it goes back to the laptop that deleted it.
- An incoming copy of a record deleted here (or of a part of one) is not added unless
  it is newer than the deletion (put back after it, e.g. an undone photo removal) or
  belongs to a final visit record (final is final: the record comes back whole). A
  copy with edits the deletion did not see is kept whole in ``merge_conflicts``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from envhelp.storage import Store, tombstones, versions

if TYPE_CHECKING:
    from envhelp.io.merge import Merger

DELETED = "deleted"  # deleted on the other laptop; this copy (or edit) kept in the note
DELETION_REFUSED = "deletion_refused"  # deleted elsewhere, kept here: final, or referred to

# The parts a record owns, deleted with it: (part table, column naming the owner).
# Link rows (no history of their own) go with their owner without a note.
OWNED: dict[str, tuple[tuple[str, str], ...]] = {
    "visits": (("attachments", "visit_id"), ("checks", "visit_id"), ("problems", "visit_id")),
    "checks": (("check_results", "check_id"),),
    "check_results": (("attachments", "check_result_id"),),
    "problems": (("attachments", "problem_id"),),
}
OWNED_LINKS: dict[str, tuple[tuple[str, str], ...]] = {
    "visits": (("visit_officers", "visit_id"),),
    "problems": (("problem_events", "problem_id"),),
}
# The owners of a part or link row, to refuse it when its owner was deleted here:
# part table → ((owner table, column naming it), ...).
OWNERS: dict[str, tuple[tuple[str, str], ...]] = {
    part: tuple(
        (owner, column)
        for owner in OWNED.keys() | OWNED_LINKS.keys()
        for table, column in (*OWNED.get(owner, ()), *OWNED_LINKS.get(owner, ()))
        if table == part
    )
    for part in {t for parts in (*OWNED.values(), *OWNED_LINKS.values()) for t, _ in parts}
}
LINKS = frozenset(link for links in OWNED_LINKS.values() for link, _ in links)


def _deleted_owner(store: Store, table: str, row: dict[str, Any]) -> dict[str, Any] | None:
    for owner, column in OWNERS.get(table, ()):
        if row.get(column) and (found := tombstones.of(store, owner, str(row[column]))):
            return found
    return None


# -- incoming copies of deleted records ------------------------------------------------


def refuses_record(merger: Merger, table: str, row: dict[str, Any], visit: str | None) -> bool:
    """Is this incoming record (not here) one deleted here, or a part of one? True when
    it must not be added; the tombstone goes when the copy wins (newer, or final)."""
    store = merger.store
    own = tombstones.of(store, table, str(row["id"]))
    owner = None if own else _deleted_owner(store, table, row)
    if own is None and owner is None:
        return False
    if merger.on_final_record(visit):  # final is final: the final copy comes back whole
        if own is not None:
            tombstones.forget(store, table, str(row["id"]))
        return False
    order = versions.compare(own["versions"], row.get("versions")) if own else "concurrent"
    if order == "newer":  # put back after the deletion was seen
        tombstones.forget(store, table, str(row["id"]))
        return False
    merger.refused_deleted.append(Refused(table, row, own or owner or {}, order == "concurrent"))
    return True


@dataclass
class Refused:
    """An incoming copy of a record deleted here (or of a part of one), not added."""

    table: str
    row: dict[str, Any]
    tombstone: dict[str, Any]
    unseen_edits: bool  # changed where the deletion had not been seen


def settle_refused(merger: Merger) -> None:
    """Once every row is in: a refused copy that a record relies on (one added by this
    import, e.g. a closure made with that visit) comes back after all, the deletion
    refused as on the laptop that sent it; the others' unseen edits are noted."""
    store = merger.store
    for refused in merger.refused_deleted:
        table, row = refused.table, refused.row
        if refused.tombstone.get("table_name") == table and _referred_to(store, [(table, row)]):
            store.insert(table, row)  # past its tombstone (storage/tombstones.revive)
            merger.note_whole(
                table, row, _deleter(refused.tombstone), DELETION_REFUSED, deleted=False
            )
        elif refused.unseen_edits:
            merger.note_whole(table, row, _deleter(refused.tombstone), DELETED)


def refuses_link(store: Store, table: str, row: dict[str, Any]) -> bool:
    """Is this incoming link row (officer of a visit, event of a problem) one of a record
    deleted here?"""
    return _deleted_owner(store, table, row) is not None


# -- incoming tombstones ---------------------------------------------------------------


def merge_tombstone(merger: Merger, row: dict[str, Any]) -> str:
    """Apply one incoming tombstone; returns the import's word for it."""
    store = merger.store
    table, record = str(row["table_name"]), str(row["record_id"])
    if tombstones.of(store, table, record) is not None:
        return "unchanged"
    local = store.find(table, record)
    if local is None:
        tombstones.put(store, row)  # a copy arriving later is refused
        return "added"
    order = versions.compare(local.get("versions"), row.get("versions"))
    if order == "older":  # the local copy was made after seeing the deletion
        return "kept_local"
    doomed = _with_parts(store, table, local)
    if merger.on_final_record(merger.visit_of_record(table, local)) or _referred_to(store, doomed):
        merger.note_whole(table, local, _deleter(row), DELETION_REFUSED, deleted=False)
        store.update(
            table,
            record,
            {
                "versions": versions.bump(
                    versions.join(local.get("versions"), row["versions"]), store.laptop_id
                )
            },
        )
        return "kept_local"
    for part_table, part in reversed(doomed[1:]):  # the parts first, deepest first
        merger.note_whole(part_table, part, _deleter(row), DELETED)
        _delete(store, part_table, part, tombstone=True)  # a part only this laptop had
    if order == "concurrent":
        merger.note_whole(table, local, _deleter(row), DELETED)
    _delete(store, table, local, tombstone=False)
    tombstones.put(store, row)
    return "updated"


def _deleter(tombstone: dict[str, Any]) -> dict[str, Any]:
    """The deletion as the 'kept' side of a conflict note: who deleted, when."""
    return {"updated_by": tombstone.get("deleted_by"), "updated_at": tombstone.get("deleted_at")}


def _with_parts(store: Store, table: str, row: dict[str, Any]) -> list[tuple[str, dict]]:
    """The record and every part it owns, owners before their parts."""
    found = [(table, row)]
    for part_table, column in OWNED.get(table, ()):
        for part in store.query(
            f"SELECT * FROM [{part_table}] WHERE [{column}] = ? ORDER BY id", (row["id"],)
        ):
            if (part_table, part) not in found:  # a photo of both a problem and the visit
                found.extend(_with_parts(store, part_table, part))
    return found


def _delete(store: Store, table: str, row: dict[str, Any], *, tombstone: bool) -> None:
    if store.find(table, row["id"]) is None:  # already gone with another owner
        return
    for link, column in OWNED_LINKS.get(table, ()):
        store.delete_links(link, f"[{column}] = ?", (row["id"],), str(row["id"]))
    store.delete(table, row["id"], tombstone=tombstone)


def _referred_to(store: Store, doomed: list[tuple[str, dict]]) -> bool:
    """Does a row outside ``doomed`` (and not a link of one of them) refer to one of them?"""
    ids = {(t, str(r["id"])) for t, r in doomed}
    for table, row in doomed:
        for child, column in _references_to(table):
            for ref in store.query(f"SELECT * FROM [{child}] WHERE [{column}] = ?", (row["id"],)):
                if (child, str(ref.get("id"))) in ids or (
                    child in LINKS
                    and any((o, str(ref.get(c))) in ids for o, c in OWNERS.get(child, ()))
                ):
                    continue
                return True
    return False


@functools.cache
def _references_to(parent: str) -> tuple[tuple[str, str], ...]:
    """(table, column) of every reference to ``parent`` the schema declares, and the soft ones."""
    import sqlite3

    from envhelp.io.bundle_format import SOFT_REFERENCES, TABLES
    from envhelp.storage import migrations

    conn = sqlite3.connect(":memory:")
    try:
        for migration in migrations.MIGRATIONS:
            migration(conn)
        found = [
            (table, r[3])
            for table in TABLES
            for r in conn.execute(f"PRAGMA foreign_key_list([{table}])")
            if r[2] == parent
        ]
    finally:
        conn.close()
    found += [(t, c) for t, c, p in SOFT_REFERENCES if p == parent]
    return tuple(found)
