"""``envhelp check``: is the database whole, the audit log untouched, every attachment intact?

Independent checks, each reading in a streaming way:

* SQLite's own ``PRAGMA integrity_check`` and ``PRAGMA foreign_key_check``;
* the audit log's hash chain, recomputed from the first entry (an entry edited or
  removed outside the app breaks it; removing the newest entries is caught by
  comparing with SQLite's AUTOINCREMENT counter), and compared with the chain's
  last entry recorded in each automatic backup (a log rewritten and re-chained);
  a long log is shared with a second process (storage/audit_chain.py);
* every record against its audit entries: the state the entries produce must be
  the record's current state, so a record changed, inserted or deleted with plain
  SQL, a forged or removed entry, an emptied log all show (storage/record_replay.py);
* each attachment row's file: present, and its SHA-256 equal to the recorded one.

A page too damaged to read is reported as a finding of the area that met it.

:func:`check` takes ``progress``/``cancelled`` (envhelp.errors' contract). It only
reads, so a cancel simply stops it with OperationCancelled and there is no report.
"""

from __future__ import annotations

import sqlite3

from envhelp.errors import OperationCancelled, StorageError
from envhelp.storage.audit_chain import check_audit_log, check_backup_anchors
from envhelp.storage.database import Store
from envhelp.storage.files import file_sha256, stored_path
from envhelp.storage.integrity_report import RESTORE_HINT, Finding, IntegrityReport, add_finding
from envhelp.storage.progress import CancelledFn, ProgressFn, Steps
from envhelp.storage.record_replay import RecordTable, Replay, check_records, record_tables

SQLITE_STEPS = 20_000  # virtual-machine steps between two looks at cancelled()


def check_database(store: Store, report: IntegrityReport, steps: Steps | None = None) -> None:
    steps = steps or Steps()
    # PRAGMA integrity_check reads the whole file in one statement: SQLite's progress
    # handler lets a cancel interrupt it (a non-zero return aborts the statement).
    if steps.cancelled is not None:
        store.conn.set_progress_handler(steps.cancelled, SQLITE_STEPS)
    try:
        lines = [line for (line,) in store.conn.execute("PRAGMA integrity_check")]
    except sqlite3.DatabaseError as exc:  # so damaged that the check itself cannot run
        if steps.cancelled is not None and steps.cancelled():
            raise OperationCancelled() from exc
        lines = [str(exc)]
    finally:
        store.conn.set_progress_handler(None, 0)
    steps.advance()
    for line in lines:
        if line != "ok":
            add_finding(
                report,
                Finding(
                    "database",
                    "integrity",
                    f"数据库结构损坏：{line}。{RESTORE_HINT[0]}",
                    f"Database structure damaged: {line}. {RESTORE_HINT[1]}",
                    {"detail": line},
                ),
            )
    if lines != ["ok"]:
        return  # foreign keys of a damaged file say nothing useful (and may not be readable)
    for table, rowid, parent, _fkid in store.conn.execute("PRAGMA foreign_key_check"):
        add_finding(
            report,
            Finding(
                "database",
                "foreign_key",
                f"{table} 的第 {rowid} 行引用的 {parent} 记录不存在。",
                f"Row {rowid} of {table} refers to a missing {parent} record.",
                {"table": table, "rowid": rowid, "parent": parent},
            ),
        )


def check_attachments(store: Store, report: IntegrityReport, steps: Steps | None = None) -> None:
    steps = steps or Steps()
    verdicts: dict[str, str | None] = {}  # file path → problem kind (rows may share a file)
    for row in store.iter_query("SELECT id, sha256, filename FROM attachments ORDER BY sha256, id"):
        steps.advance()
        report.attachments_checked += 1
        path = stored_path(store, row)
        key = str(path)
        if key not in verdicts:
            if not path.is_file():
                verdicts[key] = "missing"
            else:
                report.files_checked += 1
                verdicts[key] = None if file_sha256(path) == row["sha256"] else "sha256_mismatch"
        kind = verdicts[key]
        if kind == "missing":
            add_finding(
                report,
                Finding(
                    "attachments",
                    kind,
                    f"附件“{row['filename']}”的文件丢失：{path}",
                    f"The file of attachment “{row['filename']}” is missing: {path}",
                    {"attachment_id": row["id"], "path": key},
                ),
            )
        elif kind == "sha256_mismatch":
            add_finding(
                report,
                Finding(
                    "attachments",
                    kind,
                    f"附件“{row['filename']}”的文件内容与记录不符（已损坏或被替换）：{path}",
                    f"The file of attachment “{row['filename']}” does not match its record "
                    f"(damaged or replaced): {path}",
                    {"attachment_id": row["id"], "path": key},
                ),
            )


def _count(store: Store, table: str) -> int:
    try:
        return int(store.scalar(f"SELECT COUNT(*) FROM [{table}]") or 0)
    except sqlite3.DatabaseError:  # a damaged file: the checks themselves will say so
        return 0


def _guarded(report: IntegrityReport, area: str, run) -> None:
    """Run one area's check; a page it cannot read becomes a finding, not a crash."""
    try:
        run()
    except (sqlite3.DatabaseError, StorageError) as exc:
        add_finding(
            report,
            Finding(
                area,
                "unreadable",
                f"数据库有部分内容无法读取（{exc}），{AREA_NAMES[area][0]}的检查未能完成。{RESTORE_HINT[0]}",
                f"Part of the database cannot be read ({exc}); the check of {AREA_NAMES[area][1]} "
                f"could not finish. {RESTORE_HINT[1]}",
                {"detail": str(exc)},
            ),
        )


AREA_NAMES = {
    "audit_log": ("审计日志", "the audit log"),
    "records": ("记录", "the records"),
    "attachments": ("附件", "the attachments"),
}


def check(
    store: Store,
    *,
    progress: ProgressFn | None = None,
    cancelled: CancelledFn | None = None,
) -> IntegrityReport:
    """Run every check and return what was found (an empty report means all is well).

    ``progress(done, total)`` counts one step for the database check, then each audit
    entry, each record table and each attachment row; once ``cancelled()`` is true it
    raises OperationCancelled (nothing is written either way).
    """
    report = IntegrityReport()
    steps = Steps(progress=progress, cancelled=cancelled)
    tables: dict[str, RecordTable] = {}
    _guarded(report, "records", lambda: tables.update(record_tables(store)))
    if progress is not None:  # counting costs a pass over both tables: only when shown
        steps.total = 1 + _count(store, "audit_log") + len(tables) + _count(store, "attachments")
        steps.report()
    check_database(store, report, steps)
    replay = Replay(tables)
    _guarded(report, "audit_log", lambda: check_audit_log(store, report, steps, replay))
    _guarded(report, "audit_log", lambda: check_backup_anchors(store, report))
    _guarded(report, "records", lambda: check_records(store, report, steps, replay))
    _guarded(report, "attachments", lambda: check_attachments(store, report, steps))
    steps.finish()
    return report
