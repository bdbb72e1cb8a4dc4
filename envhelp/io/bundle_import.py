"""Importing an exchange bundle (docs/bundle-format.md).

Import checks the signature and the signer's trust, then the whole bundle (every row
against the rules of local entry, io/bundle_read.py) before writing anything, copies
the attachment files in, then merges the records in ONE transaction through the
audited Store methods by the merge rules of io/merge.py (version vectors, final is
final, problem state replayed from events, conflicts kept); it deletes only what the
bundle's tombstones delete (io/deletions.py) and draft parts a final record does not
name (docs/bundle-format.md, "Deletions", "Final is final"). It takes
``progress``/``cancelled`` (envhelp.errors' contract): a cancelled import changes no
record and removes the attachment files it had added.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

from envhelp.domain.attachments import file_sha256
from envhelp.io import change_sets, signing
from envhelp.io.bundle_format import (
    ATTACHMENT_MEMBER_RE,
    CHUNK,
    FREE_SPACE_MARGIN,
    LINK,
    RECORD,
    SETTING,
    SOFT_REFERENCES,
    check_tables_handled,
    import_error,
    import_order,
    is_local_setting,
    primary_key,
    table_member,
)
from envhelp.io.bundle_read import (
    TablePlan,
    check_members,
    damaged,
    open_bundle,
    read_manifest,
    table_rows,
    verify_tables,
)
from envhelp.io.bundle_summary import ImportSummary, TableSummary
from envhelp.io.errors import BundleError
from envhelp.io.merge import Merger
from envhelp.storage import Store
from envhelp.storage.files import ZIP_READ_ERRORS, atomic_save
from envhelp.storage.progress import CancelledFn, ProgressFn, Steps


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
            raise import_error(
                f"附件文件既不在数据包中也不在本机：{name}。",
                f"an attachment file is neither in the bundle nor on this computer: {name}.",
            )
    if not to_write:
        return
    folder.mkdir(parents=True, exist_ok=True)
    size = sum(zf.getinfo(n).file_size for n in to_write)
    free = shutil.disk_usage(folder).free
    if size + FREE_SPACE_MARGIN > free:
        raise import_error(
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
        raise damaged(name, str(exc)) from exc


def _merge_row(merger: Merger, plan: TablePlan, row: dict[str, Any], counts: TableSummary) -> None:
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
    pk = primary_key(store, table)
    row = store.query_one(f"SELECT * FROM [{table}] WHERE rowid = ?", (rowid,)) or {}
    key = "/".join(str(row.get(c)) for c in pk)
    value = ",".join(str(row.get(c)) for c in column.split(","))
    return import_error(
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


def _record_no_clash(store: Store, plan: TablePlan, row: dict[str, Any]) -> tuple[str, str] | None:
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


def _record_no_clashes(store: Store, zf: zipfile.ZipFile, plan: TablePlan, sha: str) -> BundleError:
    """The refusal for a bundle whose final visits share record numbers with other
    visits here, every clash named (a person settles them all at once).

    Final records are printed and never renumbered, so such a bundle cannot be merged;
    the cause is two computers numbering without different series
    (visits.set_record_series), which only prevents clashes from now on.
    """
    # Sorted: each line starts with its record number.
    found = sorted(
        c for c in (_record_no_clash(store, plan, row) for row in table_rows(zf, plan, sha)) if c
    )
    listed = found[:CLASHES_LISTED]
    more_zh = f"\n……共 {len(found)} 处。" if len(found) > len(listed) else ""
    more_en = f"\n… {len(found)} in all." if len(found) > len(listed) else ""
    return import_error(
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
    zf = open_bundle(Path(source))
    steps = Steps(progress=progress, cancelled=cancelled)
    created: dict[Path, int] = {}
    with zf:
        infos = check_members(zf)
        manifest, signer = read_manifest(zf, infos)
        to_trust = signing.check_trust(store, signer, trust=trust)
        plans = [TablePlan(store, t) for t in import_order(store) if t in manifest["counts"]]
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
        needed = verify_tables(store, zf, plans, manifest, steps)
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
                    for row in table_rows(zf, plan, sha):
                        steps.advance()
                        try:
                            _merge_row(merger, plan, row, summary.tables[plan.table])
                        except sqlite3.IntegrityError as exc:
                            if _record_no_clash(store, plan, row) is not None:
                                raise _record_no_clashes(store, zf, plan, sha) from exc
                            key = "/".join(str(row[c]) for c in plan.pk)
                            raise import_error(
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
