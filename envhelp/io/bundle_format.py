"""The exchange bundle's format: its members, how each table is carried, the limits a
bundle must keep, and the schema's tables in the order an import merges them.

The format is documented in docs/bundle-format.md (keep the two in step). Writing is
in io/bundle_export.py, reading and checking in io/bundle_read.py, the merge in
io/bundle_import.py.
"""

from __future__ import annotations

import functools
import re
import sqlite3
import zipfile
from collections.abc import Callable

from envhelp.domain.attachments import safe_suffix
from envhelp.io import zip_limits
from envhelp.io.errors import BundleError
from envhelp.storage import Store, migrations
from envhelp.storage.database import AUDIT_COLUMNS

FORMAT_NAME = "envhelp-bundle"
# 2: signed (signature.json, manifest "signer"), version vectors; 3: merge_conflicts
FORMAT_VERSION = 3
MANIFEST = "manifest.json"
SIGNATURE = "signature.json"  # Ed25519 over manifest.json's bytes (envhelp/io/signing.py)

# How each kind of table is merged on import.
RECORD = "record"  # id + created/updated columns: insert, or replace when the bundle's is newer
LINK = "link"  # rows without their own history: insert when missing, else keep the local row
SETTING = "setting"  # key/value with updated_at: newer value wins

# Every table of the schema must appear here or in NOT_EXPORTED; a test fails
# (and so does export) when a migration adds a table that is in neither.
TABLES: dict[str, str] = {
    "officers": RECORD,
    "enterprises": RECORD,
    "visits": RECORD,
    "visit_officers": LINK,
    "visit_amendments": RECORD,
    "checklist_templates": LINK,
    "checks": RECORD,
    "check_results": RECORD,
    "problems": RECORD,
    "problem_events": LINK,
    "attachments": RECORD,
    "permits": RECORD,
    "permit_outlets": RECORD,
    "permit_reports": RECORD,
    "random_draws": RECORD,
    "random_tasks": RECORD,
    "settings": SETTING,
    "tombstones": LINK,  # deletions (storage/tombstones.py), merged by io/deletions.py
    "merge_conflicts": LINK,  # the conflicts every laptop met: all show the same history
}
# Merged after every other table: the conflicts this import meets itself are noted (and
# reported) first, and a carried note of the same conflict is then not a second one.
# Deletions come after every record (a part's before its owner's: they sort so).
LAST_TABLES = ("tombstones", "merge_conflicts")
NOT_EXPORTED = {
    "audit_log": "each database keeps its own hash chain; the import is logged in it",
    "sqlite_sequence": "SQLite's own counter table",
    "bundle_keys": "whom this laptop trusts is its own decision",
    # The enterprise search index (migration v4) and its FTS5 shadow tables:
    # triggers rebuild it from enterprises.search_text on import.
    **{
        f"enterprises_fts{suffix}": "search index kept by triggers"
        for suffix in ("", "_data", "_idx", "_docsize", "_config")
    },
}
# Columns that differ between laptops without the record itself differing.
NOT_CONTENT: dict[str, frozenset[str]] = {
    RECORD: frozenset({*AUDIT_COLUMNS, "versions", "field_versions"}),
    SETTING: frozenset({"updated_at", "updated_by"}),
    LINK: frozenset({"imported_at"}),  # a checklist template imported on each laptop
}
# References the schema does not declare but the data relies on: (table, column, parent).
SOFT_REFERENCES = (("attachments", "check_result_id", "check_results"),)
# References the merge follows before its closing foreign-key check (a problem's state is
# replayed from its events): (table, column, parent). Each is checked line by line before
# anything is written, against the parent's ids in the bundle (kept in memory: problems
# are few beside their events and answers) and in the database; import_order reads the
# parent's table first.
FOLLOWED_REFERENCES = (("problem_events", "problem_id", "problems"),)

# Settings that describe this laptop, not the shared data: never exported or imported.
LOCAL_SETTING_KEYS = frozenset({"current_officer_id", "hub_url"})
LOCAL_SETTING_PREFIXES = ("local.", "gui.", "window.")

# Limits against damaged or hostile bundles. A year of photos can pass 2 GiB, so
# the total is larger; decompression bombs are caught by the ratio instead.
# Import reads the bundle as a stream (one line at a time, rows checked against the
# previous key only), so these bound the memory a hostile file can take, and the
# row checks refuse it at its first bad line (bench/README.md, hostile bundles).
MAX_TOTAL_BYTES = 16 * 1024**3
MAX_TABLE_MEMBER_BYTES = 2 * 1024**3
MAX_MEMBERS = 100_000  # a year of photos is ~20,000 files
MAX_DIRECTORY_BYTES = 16 * 1024**2  # the zip's central directory, read whole by zipfile
MAX_MANIFEST_BYTES = 16 * 1024**2
MAX_LINE_BYTES = 1024**2  # the longest real row (a checklist template) is ~30 KiB
MAX_TABLE_ROWS = 50_000_000  # what a manifest may claim for one table
MAX_RATIO = 200  # uncompressed / compressed, for members above RATIO_MIN_BYTES
RATIO_MIN_BYTES = 1024**2
FREE_SPACE_MARGIN = 100 * 1024**2


def limits() -> zip_limits.Limits:
    """Read at each import, so that tests can lower one constant."""
    return zip_limits.Limits(
        entries=MAX_MEMBERS,
        directory_bytes=MAX_DIRECTORY_BYTES,
        member_bytes=MAX_TOTAL_BYTES,
        total_bytes=MAX_TOTAL_BYTES,
        ratio=MAX_RATIO,
        ratio_min_bytes=RATIO_MIN_BYTES,
    )


def member_limit(info: zipfile.ZipInfo) -> int:
    if info.filename in (MANIFEST, SIGNATURE):
        return MAX_MANIFEST_BYTES
    return MAX_TOTAL_BYTES if info.filename.startswith("attachments/") else MAX_TABLE_MEMBER_BYTES


TABLE_MEMBER_RE = re.compile(r"tables/([a-z_]{1,64})\.jsonl")
ATTACHMENT_MEMBER_RE = re.compile(r"attachments/([0-9a-f]{64})((?:\.[a-z0-9]{1,8})?)")
SHA256_RE = re.compile(r"[0-9a-f]{64}")
CHUNK = 1 << 20


def import_error(zh: str, en: str) -> BundleError:
    return BundleError(f"数据包无法导入：{zh}", f"The bundle cannot be imported: {en}")


def is_local_setting(key: str) -> bool:
    return key in LOCAL_SETTING_KEYS or key.startswith(LOCAL_SETTING_PREFIXES)


def table_member(table: str) -> str:
    return f"tables/{table}.jsonl"


def attachment_member(sha256: str, filename: str) -> str:
    """Member name of an attachment's file; the same name as in the attachments folder."""
    return f"attachments/{sha256}{safe_suffix(filename)}"


# -- schema ------------------------------------------------------------------


def schema_tables() -> set[str]:
    """Tables the migrations create, read by running them on an empty in-memory database."""
    return set(_tables_made_by(tuple(migrations.MIGRATIONS)))


@functools.cache
def _tables_made_by(steps: tuple[Callable[[sqlite3.Connection], None], ...]) -> frozenset[str]:
    # Cached per list of migrations: running them takes ~80 ms, and a hub sync imports
    # one change set per colleague.
    conn = sqlite3.connect(":memory:")
    try:
        for migration in steps:
            migration(conn)
        return frozenset(
            r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        )
    finally:
        conn.close()


def check_tables_handled() -> None:
    """Fail loudly when the schema has a table the bundle does not know how to carry."""
    tables = schema_tables()
    unknown = tables - set(TABLES) - set(NOT_EXPORTED)
    gone = set(TABLES) - tables
    if unknown or gone:
        raise RuntimeError(
            f"bundle_format.TABLES is out of step with the schema: not handled {sorted(unknown)}, "
            f"no longer in the schema {sorted(gone)}. Update envhelp/io/bundle_format.py and "
            "docs/bundle-format.md."
        )


def table_columns(store: Store, table: str) -> list[str]:
    return [r["name"] for r in store.query(f"PRAGMA table_info([{table}])")]


def primary_key(store: Store, table: str) -> list[str]:
    info = sorted(
        (r for r in store.query(f"PRAGMA table_info([{table}])") if r["pk"]), key=lambda r: r["pk"]
    )
    return [r["name"] for r in info]


def import_order(store: Store) -> list[str]:
    """TABLES ordered so that parents come before the tables that refer to them."""
    parents = {
        table: {r["table"] for r in store.query(f"PRAGMA foreign_key_list([{table}])")} - {table}
        for table in TABLES
    }
    for table, _column, parent in (*SOFT_REFERENCES, *FOLLOWED_REFERENCES):
        parents[table].add(parent)
    for position, table in enumerate(LAST_TABLES):
        parents[table] = set(TABLES) - set(LAST_TABLES[position:])
    order: list[str] = []
    while len(order) < len(TABLES):
        ready = [t for t in TABLES if t not in order and parents[t] <= set(order)]
        if not ready:
            raise RuntimeError(f"foreign-key cycle among {sorted(set(TABLES) - set(order))}")
        order.extend(ready)
    return order
