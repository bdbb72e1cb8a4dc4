"""Tombstones: a record deleted here is remembered, so the deletion travels in bundles and
hub change sets like any change (docs/bundle-format.md, "Deletions").

Every audited delete of a record (:meth:`Store.delete`) leaves one row in ``tombstones``:
the table, the record's id, and its version vector at the deletion counted one more for
this laptop. That vector says which edits the deletion saw: a copy of the record that
is not newer than it is refused by an import (envhelp/io/deletions.py), so an edit made
elsewhere without knowing of the deletion cannot bring the record back unnoticed. A
record put back here under the same id (an undone photo removal, a permit outlet
listed again) gets a vector past the tombstone's, and the tombstone goes: that copy is
newer than the deletion on every laptop.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from envhelp.storage import versions
from envhelp.storage.clock import utc_now

if TYPE_CHECKING:
    from envhelp.storage.database import Store

TABLE = "tombstones"


def of(store: Store, table: str, record_id: str) -> dict[str, Any] | None:
    return store.query_one(
        f"SELECT * FROM {TABLE} WHERE table_name = ? AND record_id = ?", (table, record_id)
    )


def record(store: Store, table: str, before: Mapping[str, Any]) -> None:
    """Remember the deletion of ``before`` (a record with a version vector)."""
    put(
        store,
        {
            "table_name": table,
            "record_id": str(before["id"]),
            "versions": versions.bump(before.get("versions"), store.laptop_id),
            "deleted_at": utc_now(),
            "deleted_by": store.actor,
        },
    )


def put(store: Store, row: Mapping[str, Any]) -> None:
    """Store a tombstone (this laptop's or an imported one), audited under its record."""
    store.insert_link(TABLE, row, str(row["record_id"]))


def forget(store: Store, table: str, record_id: str) -> None:
    """The record is back (with a copy newer than its deletion): drop its tombstone."""
    store.delete_links(
        TABLE, "table_name = ? AND record_id = ?", (table, record_id), str(record_id)
    )


def revive(store: Store, table: str, row: dict[str, Any]) -> dict[str, Any]:
    """``row`` put back here under a deleted record's id: its vector is made newer than
    the deletion's, so every laptop takes it; the tombstone goes."""
    tombstone = of(store, table, str(row["id"]))
    if tombstone is None:
        return row
    forget(store, table, str(row["id"]))
    seen = versions.join(row.get("versions"), tombstone["versions"])
    return {**row, "versions": versions.bump(seen, store.laptop_id)}
