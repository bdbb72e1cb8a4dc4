"""The exchange bundle: every record and attachment file in one zip, to move data between laptops.

The format is documented in docs/bundle-format.md (keep the two in step). Export
streams each table from one read snapshot and signs the manifest (io/signing.py).
Import checks the signature and the signer's trust, then the whole bundle (every row
against the rules of local entry, io/bundle_rows.py) before writing anything, copies
the attachment files in, then merges the records in ONE transaction through the
audited Store methods by the merge rules of io/merge.py (version vectors, final is
final, problem state replayed from events, conflicts kept); it deletes only what the
bundle's tombstones delete (io/deletions.py) and draft parts a final record does not
name (docs/bundle-format.md, "Deletions", "Final is final"). Both take ``progress``/``cancelled`` (envhelp.errors'
contract): a cancelled export leaves no file, a cancelled import changes no record
and removes the attachment files it had added.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import shutil
import sqlite3
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from envhelp import __version__, i18n
from envhelp.domain.attachments import file_sha256, safe_suffix
from envhelp.errors import ValidationError
from envhelp.io import change_sets, signing, zip_limits
from envhelp.io.bundle_rows import validate_row
from envhelp.io.errors import BundleError
from envhelp.io.merge import Merger, MergeReport, field_words, who
from envhelp.storage import Store, migrations
from envhelp.storage.clock import utc_now
from envhelp.storage.database import AUDIT_COLUMNS
from envhelp.storage.files import ZIP_READ_ERRORS, atomic_save
from envhelp.storage.progress import CancelledFn, ProgressFn, Steps

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


def _limits() -> zip_limits.Limits:
    """Read at each import, so that tests can lower one constant."""
    return zip_limits.Limits(
        entries=MAX_MEMBERS,
        directory_bytes=MAX_DIRECTORY_BYTES,
        member_bytes=MAX_TOTAL_BYTES,
        total_bytes=MAX_TOTAL_BYTES,
        ratio=MAX_RATIO,
        ratio_min_bytes=RATIO_MIN_BYTES,
    )


def _member_limit(info: zipfile.ZipInfo) -> int:
    if info.filename in (MANIFEST, SIGNATURE):
        return MAX_MANIFEST_BYTES
    return MAX_TOTAL_BYTES if info.filename.startswith("attachments/") else MAX_TABLE_MEMBER_BYTES


TABLE_MEMBER_RE = re.compile(r"tables/([a-z_]{1,64})\.jsonl")
ATTACHMENT_MEMBER_RE = re.compile(r"attachments/([0-9a-f]{64})((?:\.[a-z0-9]{1,8})?)")
SHA256_RE = re.compile(r"[0-9a-f]{64}")
CHUNK = 1 << 20


def _error(zh: str, en: str) -> BundleError:
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
            f"bundle.TABLES is out of step with the schema: not handled {sorted(unknown)}, "
            f"no longer in the schema {sorted(gone)}. Update envhelp/io/bundle.py and "
            "docs/bundle-format.md."
        )


def _columns(store: Store, table: str) -> list[str]:
    return [r["name"] for r in store.query(f"PRAGMA table_info([{table}])")]


def _primary_key(store: Store, table: str) -> list[str]:
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
    for table, _column, parent in SOFT_REFERENCES:
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


# -- export ------------------------------------------------------------------


@contextmanager
def _read_snapshot(store: Store) -> Iterator[None]:
    """Every table read from the same moment; other windows may keep writing meanwhile."""
    if store.conn.in_transaction:
        yield
        return
    store.conn.execute("BEGIN")  # deferred: in WAL mode a reader does not block writers
    try:
        yield
    finally:
        store.conn.execute("ROLLBACK")  # nothing was written


class _HashingWriter:
    def __init__(self, target: Any):
        self.target = target
        self.digest = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> None:
        self.digest.update(data)
        self.size += len(data)
        self.target.write(data)


def _zip_info(name: str, size: int | None = None) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_zip_time())
    info.compress_type = zipfile.ZIP_DEFLATED if size is None else zipfile.ZIP_STORED
    info.external_attr = 0o644 << 16
    if size is not None:
        info.file_size = size
    return info


def _zip_time() -> tuple[int, int, int, int, int, int]:
    from datetime import datetime

    now = datetime.now()
    return (now.year, now.month, now.day, now.hour, now.minute, now.second)


def changed_since(store: Store, audit_seq: int) -> dict[str, set[str]]:
    """Per table, the record ids the audit log names after entry ``audit_seq``.

    Every write goes through the audited Store methods, so these are all the rows
    written since then. A link row is audited under the record it belongs to (a
    problem event under its problem, a visit's officers under the visit), a checklist
    template under ``id@version``.
    """
    changed: dict[str, set[str]] = {}
    for row in store.iter_query(
        "SELECT DISTINCT table_name, record_id FROM audit_log WHERE seq > ?", (audit_seq,)
    ):
        changed.setdefault(row["table_name"], set()).add(row["record_id"])
    return changed


def _audited_as(row: dict[str, Any], pk: list[str], ids: set[str]) -> bool:
    """Whether the audit log named this row: by one of its values (ids are UUIDs or
    setting keys, so a match is meant) or by its ``id@version``."""
    return "@".join(str(row[c]) for c in pk) in ids or any(
        isinstance(v, str) and v in ids for v in row.values()
    )


def _export_table(
    zf: zipfile.ZipFile,
    store: Store,
    table: str,
    steps: Steps,
    only: dict[str, set[str]] | None = None,
) -> tuple[int, dict[str, Any]]:
    pk = _primary_key(store, table)
    order = ", ".join(f"[{c}]" for c in pk)
    count = 0
    with zf.open(_zip_info(table_member(table)), "w", force_zip64=True) as raw:
        out = _HashingWriter(raw)
        for row in store.iter_query(f"SELECT * FROM [{table}] ORDER BY {order}"):
            steps.advance()
            if table == "settings" and is_local_setting(row["key"]):
                continue
            if only is not None and not _audited_as(row, pk, only.get(table, set())):
                continue
            out.write((json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n").encode())
            count += 1
    return count, {"sha256": out.digest.hexdigest(), "size": out.size}


def _export_file(zf: zipfile.ZipFile, source: Path, name: str, sha: str) -> dict[str, Any]:
    if not source.is_file():
        raise BundleError(
            f"无法导出：附件文件丢失：{source}。请先运行 envhelp check 查看。",
            f"Cannot export: an attachment file is missing: {source}. Run `envhelp check`.",
        )
    size = source.stat().st_size
    with source.open("rb") as src, zf.open(_zip_info(name, size), "w") as raw:
        out = _HashingWriter(raw)
        for chunk in iter(lambda: src.read(CHUNK), b""):
            out.write(chunk)
    if out.digest.hexdigest() != sha:
        raise BundleError(
            f"无法导出：附件文件内容与记录不符（已损坏或被改动）：{source}。请运行 envhelp check。",
            f"Cannot export: an attachment file does not match its record (damaged or "
            f"altered): {source}. Run `envhelp check`.",
        )
    return {"sha256": sha, "size": out.size}


def export_bundle(
    store: Store,
    target: str | Path,
    *,
    progress: ProgressFn | None = None,
    cancelled: CancelledFn | None = None,
    since_audit_seq: int | None = None,
) -> dict[str, Any]:
    """Write the bundle to ``target`` (replaced only once complete); returns its manifest.

    ``since_audit_seq``: only the rows written after that audit log entry, and the
    attachment files they name (a hub change set, envhelp/io/sync.py); the manifest
    then says ``"since_audit_seq"`` and ``"audit_seq"``, the last entry it covers.
    ``progress(done, total)`` counts table rows and attachment files; once
    ``cancelled()`` is true it stops with OperationCancelled. On a cancel or any
    error the temporary ``<target>.part`` is removed and ``target`` is untouched.
    """
    check_tables_handled()
    target = Path(target)
    members: dict[str, dict[str, Any]] = {}
    counts: dict[str, int] = {}
    steps = Steps(progress=progress, cancelled=cancelled)
    with atomic_save(target) as tmp:
        with _read_snapshot(store), zipfile.ZipFile(tmp, "w", allowZip64=True) as zf:
            tables = import_order(store)
            audit_seq = store.scalar("SELECT COALESCE(MAX(seq), 0) FROM audit_log")
            only = None if since_audit_seq is None else changed_since(store, since_audit_seq)
            # Member name → source row; several rows may share one file.
            files: dict[str, str] = {}
            for row in store.iter_query(
                "SELECT DISTINCT id, sha256, filename FROM attachments ORDER BY sha256, filename"
            ):
                if only is None or row["id"] in only.get("attachments", set()):
                    files.setdefault(
                        attachment_member(row["sha256"], row["filename"]), row["sha256"]
                    )
            whole = set() if only is None else change_sets.finalized_since(store, since_audit_seq)
            if only is not None:  # after the files: a whole visit's old photos went before
                change_sets.add_parts(store, whole, only)
            steps.total = len(files) + sum(
                store.scalar(f"SELECT COUNT(*) FROM [{table}]") for table in tables
            )
            steps.report()
            for table in tables:
                counts[table], members[table_member(table)] = _export_table(
                    zf, store, table, steps, only
                )
            for name, sha in files.items():
                source = store.attachments_dir / name.split("/", 1)[1]
                members[name] = _export_file(zf, source, name, sha)
                steps.advance()
            total = sum(m["size"] for m in members.values())
            if total > MAX_TOTAL_BYTES:
                raise BundleError(
                    f"无法导出：数据总量 {total} 字节超过数据包上限 {MAX_TOTAL_BYTES} 字节。",
                    f"Cannot export: {total} bytes exceed the bundle limit of "
                    f"{MAX_TOTAL_BYTES} bytes.",
                )
            manifest = {
                "format": FORMAT_NAME,
                "format_version": FORMAT_VERSION,
                "created_at": utc_now(),
                "app_version": __version__,
                "schema_version": store.schema_version,
                "signer": signing.signer_of(store).to_dict(),
                "counts": counts,
                "members": members,
            }
            if since_audit_seq is not None:
                manifest.update(since_audit_seq=since_audit_seq, audit_seq=audit_seq)
                manifest[change_sets.MANIFEST_KEY] = sorted(whole)
            manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            zf.writestr(_zip_info(MANIFEST), manifest_bytes)
            zf.writestr(_zip_info(SIGNATURE), json.dumps(signing.sign(store, manifest_bytes)))
        steps.check()  # the last moment a cancel can still leave no file
    steps.finish()
    return manifest


# -- import ------------------------------------------------------------------


@dataclass
class TableSummary:
    added: int = 0
    unchanged: int = 0
    updated: int = 0
    kept_local: int = 0


@dataclass
class ImportSummary:
    tables: dict[str, TableSummary] = field(default_factory=dict)
    files_written: int = 0
    files_present: int = 0
    bundle: dict[str, Any] = field(default_factory=dict)
    merge: MergeReport = field(default_factory=MergeReport)

    def to_dict(self) -> dict[str, Any]:
        return {
            "tables": {t: vars(s) for t, s in self.tables.items()},
            "files": {"written": self.files_written, "already_present": self.files_present},
            "bundle": self.bundle,
            "conflicts": [c.to_dict() for c in self.merge.conflicts],
            "conflict_count": self.merge.conflict_count,
            "clock_warnings": self.merge.clock_warnings,
            "clock_warning_count": self.merge.clock_warning_count,
        }


def _unsafe_name(name: str) -> bool:
    parts = name.replace("\\", "/").split("/")
    return (
        "\\" in name
        or name.startswith("/")
        or bool(re.match(r"^[A-Za-z]:", name))
        or any(p in ("..", ".") for p in parts)
        or "\x00" in name
    )


def _check_members(zf: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    infos = zf.infolist()
    zip_limits.check_members(infos, _limits(), _error, _member_limit)
    repeated = [n for n, c in Counter(i.filename for i in infos).items() if c > 1]
    if repeated:
        raise _error(f"包内文件名重复：{repeated[0]}。", f"a member name repeats: {repeated[0]}.")
    for info in infos:
        name = info.filename
        if _unsafe_name(name):
            raise _error(
                f"包内文件路径不安全（可能写到数据文件夹之外）：{name}。",
                f"a member path is unsafe (it could write outside the data folder): {name}.",
            )
        if name not in (MANIFEST, SIGNATURE) and not (
            TABLE_MEMBER_RE.fullmatch(name) or ATTACHMENT_MEMBER_RE.fullmatch(name)
        ):
            raise _error(f"包内有不属于该格式的文件：{name}。", f"unexpected member: {name}.")
        if info.flag_bits & 0x1:
            raise _error(f"包内文件已加密：{name}。", f"member is encrypted: {name}.")
        # EnvHelp writes stored or deflated members only; anything else is damage (zipfile
        # would raise NotImplementedError on reading it).
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _error(
                f"包内文件的压缩方式无法识别（文件可能已损坏）：{name}。",
                f"a member uses an unknown compression method (the file may be damaged): {name}.",
            )
    return {i.filename: i for i in infos}


def _read_manifest(
    zf: zipfile.ZipFile, infos: dict[str, zipfile.ZipInfo]
) -> tuple[dict[str, Any], signing.Signer]:
    """The manifest, checked, and who signed it (the signature checked over its bytes)."""
    if MANIFEST not in infos:
        raise _error(
            "缺少 manifest.json，这不是 EnvHelp 数据包。",
            "manifest.json is missing; this is not an EnvHelp bundle.",
        )
    try:
        raw = zf.read(MANIFEST)
        manifest = json.loads(raw)
        document = json.loads(zf.read(SIGNATURE)) if SIGNATURE in infos else None
    except (*ZIP_READ_ERRORS, OSError) as exc:
        raise _error(
            f"manifest.json 无法读取（{exc}）。", f"manifest.json cannot be read ({exc})."
        ) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_NAME:
        raise _error(
            "manifest.json 中的格式名不是 envhelp-bundle。",
            "manifest.json does not name the envhelp-bundle format.",
        )
    version = manifest.get("format_version")
    schema = manifest.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _error(
            "manifest.json 中的 format_version 无效。",
            "manifest.json has an invalid format_version.",
        )
    if version > FORMAT_VERSION:
        raise _error(
            f"数据包格式版本为 {version}，由更新版本的 EnvHelp 生成，请先升级本软件。",
            f"the bundle has format version {version}, made by a newer EnvHelp; "
            "upgrade this app first.",
        )
    signer = signing.verify(raw, manifest, document)
    if not isinstance(schema, int) or isinstance(schema, bool) or schema < 1:
        raise _error(
            "manifest.json 中的 schema_version 无效。",
            "manifest.json has an invalid schema_version.",
        )
    if schema > migrations.LATEST:
        raise _error(
            f"数据包的数据结构版本为 {schema}，高于本软件支持的 {migrations.LATEST}，请先升级本软件。",
            f"the bundle's schema version {schema} is newer than this app's "
            f"{migrations.LATEST}; upgrade this app first.",
        )
    members, counts = manifest.get("members"), manifest.get("counts")
    if (
        not isinstance(members, dict)
        or not isinstance(counts, dict)
        or not all(
            isinstance(m, dict) and SHA256_RE.fullmatch(str(m.get("sha256", "")))
            for m in members.values()
        )
        or not all(isinstance(c, int) and 0 <= c <= MAX_TABLE_ROWS for c in counts.values())
    ):
        raise _error(
            "manifest.json 中的 members 或 counts 无效。",
            "manifest.json has invalid members or counts.",
        )
    listed, stored = set(members), set(infos) - {MANIFEST, SIGNATURE}
    if listed != stored:
        odd = sorted(listed ^ stored)[0]
        raise _error(
            f"manifest.json 与包内文件不一致：{odd}。",
            f"manifest.json does not match the members: {odd}.",
        )
    for table in counts:
        if table not in TABLES:
            raise _error(f"包内有未知的数据表：{table}。", f"unknown table in the bundle: {table}.")
        if table_member(table) not in members:
            raise _error(
                f"缺少数据表文件：{table_member(table)}。",
                f"missing table member: {table_member(table)}.",
            )
    for name in members:
        match = ATTACHMENT_MEMBER_RE.fullmatch(name)
        if match and members[name]["sha256"] != match.group(1):
            raise _error(
                f"附件文件名与其校验值不符：{name}。",
                f"an attachment's name does not match its checksum: {name}.",
            )
        table = TABLE_MEMBER_RE.fullmatch(name)
        if table and table.group(1) not in counts:
            raise _error(
                f"数据表 {table.group(1)} 未列入 manifest.json。",
                f"table {table.group(1)} is not listed in manifest.json.",
            )
    return manifest, signer


def _damaged(name: str, detail: str) -> BundleError:
    return _error(
        f"包内文件已损坏或被改动：{name}（{detail}）。",
        f"a member is damaged or was altered: {name} ({detail}).",
    )


def _read_lines(zf: zipfile.ZipFile, name: str, sha: str) -> Iterator[tuple[int, bytes]]:
    """Lines of a member; its sha256 is checked once the last line has been read."""
    digest = hashlib.sha256()
    try:
        with zf.open(name) as raw:
            number = 0
            while line := raw.readline(MAX_LINE_BYTES + 1):
                number += 1
                if len(line) > MAX_LINE_BYTES:
                    raise _damaged(name, f"line {number} is too long")
                digest.update(line)
                yield number, line
    except (*ZIP_READ_ERRORS, OSError) as exc:
        raise _damaged(name, str(exc)) from exc
    if digest.hexdigest() != sha:
        raise signing.altered(
            f"{name}：SHA-256 与签名的清单不符 / SHA-256 differs from the signed manifest"
        )


class _TablePlan:
    """What the local database says about one table of the bundle."""

    def __init__(self, store: Store, table: str):
        self.table = table
        self.mode = TABLES[table]
        self.columns = set(_columns(store, table))
        self.pk = _primary_key(store, table)
        self.ignored = NOT_CONTENT[self.mode]


def _numbered_rows(
    zf: zipfile.ZipFile, plan: _TablePlan, sha: str
) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, row) of a table member; each line a JSON object of known columns."""
    name = table_member(plan.table)
    for number, line in _read_lines(zf, name, sha):
        where = f"{name}:{number}"
        try:
            row = json.loads(line)
        except ValueError as exc:
            raise _damaged(where, "not JSON") from exc
        if not isinstance(row, dict):
            raise _damaged(where, "not a JSON object")
        unknown = set(row) - plan.columns
        if unknown:
            raise _error(
                f"{where} 含有本软件不认识的列 {sorted(unknown)}，请升级本软件。",
                f"{where} has columns this app does not know {sorted(unknown)}; upgrade the app.",
            )
        if any(isinstance(v, dict | list) for v in row.values()) or any(
            not isinstance(row.get(c), str | int) for c in plan.pk
        ):
            raise _damaged(where, "a value has the wrong type or the key is missing")
        yield number, row


def _rows(zf: zipfile.ZipFile, plan: _TablePlan, sha: str) -> Iterator[dict[str, Any]]:
    return (row for _number, row in _numbered_rows(zf, plan, sha))


def _invalid_row(table: str, number: int, error: ValidationError) -> BundleError:
    where = table_member(table)
    return _error(
        f"{where} 第 {number} 行，字段 {error.field}：{error.message_zh}",
        f"{where} line {number}, field {error.field}: {error.message_en}",
    )


def _verify_tables(
    zf: zipfile.ZipFile, plans: list[_TablePlan], manifest: dict[str, Any], steps: Steps
) -> set[str]:
    """Read every table once without writing; returns the attachment members the rows need.

    Each row passes the rules of local entry (bundle_rows.validate_row); rows come
    sorted by key, so a repeated key is caught by comparing with the previous one, in
    constant memory whatever the row count.
    """
    needed: set[str] = set()
    for plan in plans:
        name = table_member(plan.table)
        previous: tuple[Any, ...] | None = None
        count = 0
        for number, row in _numbered_rows(zf, plan, manifest["members"][name]["sha256"]):
            steps.advance()
            key = tuple(row[c] for c in plan.pk)
            if previous is not None and not (
                all(isinstance(k, str) for k in key + previous) and key > previous
            ):
                raise _error(
                    f"{name} 第 {number} 行：主键 {'/'.join(map(str, key))} 重复或未按顺序排列。",
                    f"{name} line {number}: the key {'/'.join(map(str, key))} repeats or is out "
                    "of order.",
                )
            previous = key
            count += 1
            try:
                validate_row(plan.table, row)
            except ValidationError as exc:
                raise _invalid_row(plan.table, number, exc) from exc
            if plan.table == "attachments":
                if not SHA256_RE.fullmatch(str(row.get("sha256", ""))):
                    raise _damaged(name, f"attachment {row['id']} has an invalid sha256")
                needed.add(attachment_member(row["sha256"], str(row.get("filename", ""))))
        if count != manifest["counts"][plan.table]:
            raise _damaged(name, f"{count} rows, manifest says {manifest['counts'][plan.table]}")
    return needed


def _copy_files(
    store: Store,
    zf: zipfile.ZipFile,
    needed: set[str],
    manifest: dict[str, Any],
    summary: ImportSummary,
    steps: Steps,
    created: dict[Path, int],
) -> None:
    """Put every attachment file the records need in place before any record is written.

    Each file that did not exist before goes into ``created`` (with the number of
    attachment rows naming it then) as soon as it is in place, so that a later cancel
    or failure can take it away again.
    """
    folder = store.attachments_dir
    to_write: list[str] = []
    for name in sorted(needed):
        target = folder / name.split("/", 1)[1]
        sha = name.split("/", 1)[1][:64]
        if target.is_file() and file_sha256(target) == sha:
            summary.files_present += 1
            steps.advance()
        elif name in manifest["members"]:
            to_write.append(name)
        else:
            raise _error(
                f"附件文件既不在数据包中也不在本机：{name}。",
                f"an attachment file is neither in the bundle nor on this computer: {name}.",
            )
    if not to_write:
        return
    folder.mkdir(parents=True, exist_ok=True)
    size = sum(zf.getinfo(n).file_size for n in to_write)
    free = shutil.disk_usage(folder).free
    if size + FREE_SPACE_MARGIN > free:
        raise _error(
            f"磁盘空间不足：附件需要 {size} 字节，可用 {free} 字节。",
            f"not enough disk space: attachments need {size} bytes, {free} free.",
        )
    for name in to_write:
        target = folder / name.split("/", 1)[1]
        existed = target.exists()  # a damaged local copy is replaced, and stays replaced
        _extract_verified(zf, name, target)
        if not existed:
            created[target] = _rows_naming(store, target)
        summary.files_written += 1
        steps.advance()


def _extract_verified(zf: zipfile.ZipFile, name: str, target: Path) -> None:
    """Copy one member to ``target`` (temporary name, fsync, rename) if its sha256 matches."""
    digest = hashlib.sha256()
    try:
        with atomic_save(target) as tmp:
            with zf.open(name) as src, tmp.open("wb") as dst:
                for chunk in iter(lambda: src.read(CHUNK), b""):
                    digest.update(chunk)
                    dst.write(chunk)
            if digest.hexdigest() != target.name[:64]:
                raise signing.altered(
                    f"{name}：SHA-256 与签名的清单不符 / SHA-256 differs from the signed manifest"
                )
    except ZIP_READ_ERRORS as exc:  # not OSError: writing failed (disk full), not the bundle
        raise _damaged(name, str(exc)) from exc


def _merge_row(merger: Merger, plan: _TablePlan, row: dict[str, Any], counts: TableSummary) -> None:
    store = merger.store
    if plan.mode == SETTING and is_local_setting(str(row["key"])):
        return
    if plan.mode == RECORD:
        content = [k for k in row if k not in plan.pk and k not in plan.ignored]
        outcome = merger.merge_record(plan.table, row, content)
        setattr(counts, outcome, getattr(counts, outcome) + 1)
        return
    where = " AND ".join(f"[{c}] = ?" for c in plan.pk)
    local = store.query_one(
        f"SELECT * FROM [{plan.table}] WHERE {where}", [row[c] for c in plan.pk]
    )
    if plan.mode == LINK:
        outcome = merger.merge_link(plan.table, row, str(row[plan.pk[0]]), local is not None)
        if (
            outcome == "unchanged"
            and local is not None
            and any(local.get(k) != v for k, v in row.items() if k not in plan.ignored)
        ):
            outcome = "kept_local"
        setattr(counts, outcome, getattr(counts, outcome) + 1)
        return
    if local is None:
        store.insert_link(plan.table, row, str(row[plan.pk[0]]))
        counts.added += 1
    elif json.loads(local["value"]) == json.loads(row["value"]):
        counts.unchanged += 1
    elif str(row.get("updated_at") or "") > str(local["updated_at"] or ""):
        store.set_setting(row["key"], json.loads(row["value"]))
        counts.updated += 1
    else:
        counts.kept_local += 1


def _reference_problems(store: Store) -> set[tuple[str, int, str, str]]:
    """(table, rowid, column, parent table) of every reference to a missing record."""
    found: set[tuple[str, int, str, str]] = set()
    for table, rowid, parent, fkid in store.conn.execute("PRAGMA foreign_key_check"):
        column = ",".join(
            r["from"] for r in store.query(f"PRAGMA foreign_key_list([{table}])") if r["id"] == fkid
        )
        found.add((table, rowid, column, parent))
    for table, column, parent in SOFT_REFERENCES:
        for (rowid,) in store.conn.execute(
            f"SELECT rowid FROM [{table}] WHERE [{column}] IS NOT NULL "
            f"AND [{column}] NOT IN (SELECT id FROM [{parent}])"
        ):
            found.add((table, rowid, column, parent))
    return found


def _describe(store: Store, problem: tuple[str, int, str, str]) -> BundleError:
    table, rowid, column, parent = problem
    pk = _primary_key(store, table)
    row = store.query_one(f"SELECT * FROM [{table}] WHERE rowid = ?", (rowid,)) or {}
    key = "/".join(str(row.get(c)) for c in pk)
    value = ",".join(str(row.get(c)) for c in column.split(","))
    return _error(
        f"{table} 中的记录 {key} 通过 {column} 引用了 {parent} 中的 {value}，"
        "但它既不在数据包中也不在本机数据库中。",
        f"record {key} of {table} refers through {column} to {value} in {parent}, which is "
        "neither in the bundle nor in this database.",
    )


def _visit_words(store: Store, visit: dict[str, Any]) -> tuple[str, str]:
    """(zh, en) naming a visit by its enterprise and date, for a person to find it."""
    name = store.scalar(
        "SELECT name FROM enterprises WHERE id = ?", (visit.get("enterprise_id"),)
    ) or str(visit.get("enterprise_id"))
    day = str(visit.get("date") or "")
    return f"{name} {day} 的走访", f"the visit to {name} on {day}"


# How many record-number clashes a refusal lists one by one (then: "… N in all").
CLASHES_LISTED = 10


def _record_no_clash(store: Store, plan: _TablePlan, row: dict[str, Any]) -> tuple[str, str] | None:
    """(zh, en) naming an incoming final visit whose record number a local visit has."""
    if plan.table != "visits" or not row.get("record_no"):
        return None
    local = store.query_one(
        "SELECT * FROM visits WHERE record_no = ? AND id != ?", (row["record_no"], row["id"])
    )
    if local is None:
        return None
    number = row["record_no"]
    theirs_zh, theirs_en = _visit_words(store, row)
    ours_zh, ours_en = _visit_words(store, local)
    return (
        f"{number}：数据包中是{theirs_zh}，本机是{ours_zh}",
        f"{number}: {theirs_en} in the bundle, {ours_en} here",
    )


def _record_no_clashes(
    store: Store, zf: zipfile.ZipFile, plan: _TablePlan, sha: str
) -> BundleError:
    """The refusal for a bundle whose final visits share record numbers with other
    visits here, every clash named (a person settles them all at once).

    Final records are printed and never renumbered, so such a bundle cannot be merged;
    the cause is two computers numbering without different series
    (visits.set_record_series), which only prevents clashes from now on.
    """
    # Sorted: each line starts with its record number.
    found = sorted(
        c for c in (_record_no_clash(store, plan, row) for row in _rows(zf, plan, sha)) if c
    )
    listed = found[:CLASHES_LISTED]
    more_zh = f"\n……共 {len(found)} 处。" if len(found) > len(listed) else ""
    more_en = f"\n… {len(found)} in all." if len(found) > len(listed) else ""
    return _error(
        f"{len(found)} 个记录编号在本机已属于另一次走访：\n"
        + "\n".join(zh for zh, _ in listed)
        + more_zh
        + "\n\n两台电脑给不同的走访编了相同的号。已定稿的记录不会改号，所以这个数据包不能合并；"
        "请决定每个编号由哪份记录保留后再处理。为避免以后再重号，请在 设置 中为每台交换数据的"
        "电脑设置不同的编号系列（如 A、B）。",
        f"{len(found)} record number(s) already belong to another visit here:\n"
        + "\n".join(en for _, en in listed)
        + more_en
        + "\n\nTwo computers gave the same numbers to different visits. Final records are "
        "never renumbered, so this bundle cannot be merged; decide which record keeps each "
        "number first. To prevent new clashes, give every computer that exchanges bundles "
        "its own number series (e.g. A, B) in Settings.",
    )


def _rows_naming(store: Store, path: Path) -> int:
    return store.scalar("SELECT COUNT(*) FROM attachments WHERE sha256 = ?", [path.name[:64]])


def _remove_created(store: Store, created: dict[Path, int]) -> None:
    """Take away the files an import added before it was cancelled or refused.

    A file that more attachment rows name now than when it was written stays: another
    window added the same photo meanwhile (files are shared by content)."""
    for path, rows in created.items():
        if _rows_naming(store, path) <= rows:
            path.unlink(missing_ok=True)


def import_bundle(
    store: Store,
    source: str | Path,
    *,
    trust: bool = False,
    progress: ProgressFn | None = None,
    cancelled: CancelledFn | None = None,
) -> ImportSummary:
    """Merge a bundle into ``store``; refuses the whole bundle (BundleError) on any problem.

    ``trust``: trust the signer's key if this laptop has not decided about it yet (a
    revoked key stays refused). Refusals for the signature or the key are
    BundleRefusedError (CLI exit 3).

    ``progress(done, total)`` counts the rows as they are checked, the attachment files
    and the rows as they are merged. Once ``cancelled()`` is true it stops with
    OperationCancelled. On a cancel or a refusal no record changes (the merge is one
    transaction) and the attachment files this import added are removed again.
    """
    check_tables_handled()
    source = Path(source)
    if not source.is_file():
        raise _error(f"找不到文件：{source}。", f"file not found: {source}.")
    try:
        zip_limits.check_directory(source, _limits(), _error)
        zf = zipfile.ZipFile(source)
    except (*ZIP_READ_ERRORS, OSError) as exc:  # e.g. a damaged "version needed" field
        raise _error(
            "不是 zip 文件（EnvHelp 数据包是 .zip 格式）。",
            "it is not a zip file (an EnvHelp bundle is a .zip).",
        ) from exc
    steps = Steps(progress=progress, cancelled=cancelled)
    created: dict[Path, int] = {}
    with zf:
        infos = _check_members(zf)
        manifest, signer = _read_manifest(zf, infos)
        to_trust = signing.check_trust(store, signer, trust=trust)
        plans = [_TablePlan(store, t) for t in import_order(store) if t in manifest["counts"]]
        summary = ImportSummary(
            tables={p.table: TableSummary() for p in plans},
            bundle={
                **{
                    k: manifest.get(k)
                    for k in ("format_version", "created_at", "app_version", "schema_version")
                },
                "signer": {k: v for k, v in signer.to_dict().items() if k != "public_key"},
            },
        )
        rows = sum(manifest["counts"][p.table] for p in plans)
        files = sum(1 for name in manifest["members"] if ATTACHMENT_MEMBER_RE.fullmatch(name))
        steps.total = 2 * rows + files  # checked, then merged; files until the rows say which
        steps.report()
        needed = _verify_tables(zf, plans, manifest, steps)
        steps.total = 2 * rows + len(needed)
        try:
            _copy_files(store, zf, needed, manifest, summary, steps, created)
            already_broken = _reference_problems(store)
            with store.transaction():
                if to_trust:
                    signing.remember(store, signer, "trusted")
                merger = Merger(
                    store,
                    summary.merge,
                    complete="since_audit_seq" not in manifest,
                    whole_visits=change_sets.whole_visits(manifest),
                )
                # Checked once at the end instead of row by row: a problem may point to
                # another problem later in the same file (relapse_of).
                store.conn.execute("PRAGMA defer_foreign_keys = ON")
                for plan in plans:
                    sha = manifest["members"][table_member(plan.table)]["sha256"]
                    for row in _rows(zf, plan, sha):
                        steps.advance()
                        try:
                            _merge_row(merger, plan, row, summary.tables[plan.table])
                        except sqlite3.IntegrityError as exc:
                            if _record_no_clash(store, plan, row) is not None:
                                raise _record_no_clashes(store, zf, plan, sha) from exc
                            key = "/".join(str(row[c]) for c in plan.pk)
                            raise _error(
                                f"{plan.table} 中的记录 {key} 与本机数据冲突（{exc}），"
                                "例如同一统一社会信用代码或记录编号已属于另一条记录。",
                                f"record {key} of {plan.table} conflicts with this database "
                                f"({exc}), e.g. its credit code or record number belongs to "
                                "another record here.",
                            ) from exc
                merger.finish()
                broken = sorted(_reference_problems(store) - already_broken)
                if broken:
                    raise _describe(store, broken[0])
                steps.check()  # the last moment a cancel still rolls everything back
        except BaseException:
            _remove_created(store, created)
            raise
    steps.finish()
    return summary


def summary_lines(summary: ImportSummary) -> list[str]:
    """Per-table lines for people, in the current language."""
    pick = i18n.pick
    lines = []
    for table, s in summary.tables.items():
        lines.append(
            pick(
                f"{table}：新增 {s.added}，无变化 {s.unchanged}，更新 {s.updated}，保留本机 {s.kept_local}",
                f"{table}: added {s.added}, unchanged {s.unchanged}, updated {s.updated}, "
                f"kept local {s.kept_local}",
            )
        )
    lines.append(
        pick(
            f"附件文件：写入 {summary.files_written}，已存在 {summary.files_present}",
            f"attachment files: written {summary.files_written}, already present "
            f"{summary.files_present}",
        )
    )
    return lines


RULE_WORDS = {
    "later_wins": (
        "两台电脑都修改过，保留较晚的修改",
        "changed on both computers; the later change kept",
    ),
    "final_kept": (
        "本机已定稿，对方草稿中的修改未采用",
        "final here; the other draft's edit not applied",
    ),
    "final_wins": (
        "对方已定稿，本机草稿中的修改未采用",
        "final there; this draft's edit not applied",
    ),
    "not_added_to_final": (
        "对方在草稿中新增，未加入已定稿记录",
        "added to the draft elsewhere; not added to the final record",
    ),
    "deleted": (
        "另一台电脑已删除该记录，本机的这份（含对方未见的修改）未保留",
        "deleted on the other computer; this copy (with edits it had not seen) not kept",
    ),
    "deletion_refused": (
        "另一台电脑删除了该记录，但它属于已定稿记录或仍被其他记录引用，予以保留",
        "deleted on the other computer, but kept: it is on a final record or other records "
        "refer to it",
    ),
}


def conflict_lines(summary: ImportSummary) -> list[str]:
    """Conflicts and clock warnings for people, in the current language."""
    pick = i18n.pick
    report = summary.merge
    lines = []
    if report.conflict_count:
        lines.append(
            pick(
                f"冲突 {report.conflict_count} 处（未采用的值已保存在记录历史中）：",
                f"{report.conflict_count} conflict(s) (the value not used is kept in "
                "the record's history):",
            )
        )
    for c in report.conflicts:
        kept_by, other_by = who(c.kept_by), who(c.other_by)
        field_zh, field_en = field_words(c.table, c.field, c.rule)
        by_zh, by_en = (f"（{kept_by}）", f" ({kept_by})") if kept_by else ("", "")
        lines.append(
            pick(
                f"  {c.label or c.table} [{field_zh}]：保留 {c.kept_text or '（空）'}{by_zh}，"
                f"未采用 {c.other_text}（{other_by}）——{RULE_WORDS[c.rule][0]}",
                f"  {c.label or c.table} [{field_en}]: kept {c.kept_text or '(empty)'}{by_en}, "
                f"not used {c.other_text} ({other_by}) — {RULE_WORDS[c.rule][1]}",
            )
        )
    if report.clock_warning_count:
        first = report.clock_warnings[0]
        lines.append(
            pick(
                f"注意：{report.clock_warning_count} 条修改的时间晚于本机时钟一天以上（如 {first['at']}），"
                "对方电脑的时钟可能不准，请核对。",
                f"Note: {report.clock_warning_count} change(s) are dated more than a day after this "
                f"computer's clock (e.g. {first['at']}); the other computer's clock may be wrong.",
            )
        )
    return lines
