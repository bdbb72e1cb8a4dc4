"""Writing the exchange bundle: every table streamed from one read snapshot, the attachment
files, the manifest and its signature (io/signing.py), into one zip written whole or not at
all (docs/bundle-format.md).

Export takes ``progress``/``cancelled`` (envhelp.errors' contract): a cancelled export
leaves no file.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from envhelp import __version__
from envhelp.io import change_sets, signing
from envhelp.io.bundle_format import (
    CHUNK,
    FORMAT_NAME,
    FORMAT_VERSION,
    MANIFEST,
    MAX_TOTAL_BYTES,
    SIGNATURE,
    attachment_member,
    check_tables_handled,
    import_order,
    is_local_setting,
    primary_key,
    table_member,
)
from envhelp.io.errors import BundleError
from envhelp.storage import Store
from envhelp.storage.clock import utc_now
from envhelp.storage.files import atomic_save
from envhelp.storage.progress import CancelledFn, ProgressFn, Steps


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
    pk = primary_key(store, table)
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
