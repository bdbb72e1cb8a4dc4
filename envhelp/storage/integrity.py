"""``envhelp check``: is the database whole, the audit log untouched, every attachment intact?

Three independent checks, each reading in a streaming way:

* SQLite's own ``PRAGMA integrity_check`` and ``PRAGMA foreign_key_check``;
* the audit log's hash chain, recomputed from the first entry (an entry edited or
  removed outside the app breaks it; removing the newest entries is caught by
  comparing with SQLite's AUTOINCREMENT counter);
* each attachment row's file: present, and its SHA-256 equal to the recorded one.

:func:`check` takes ``progress``/``cancelled`` (envhelp.errors' contract). It only
reads, so a cancel simply stops it with OperationCancelled and there is no report.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any

from envhelp import i18n
from envhelp.errors import OperationCancelled
from envhelp.storage.database import GENESIS_HASH, Store, audit_hash
from envhelp.storage.files import file_sha256, stored_path
from envhelp.storage.progress import CancelledFn, ProgressFn, Steps

MAX_FINDINGS_PER_AREA = 100  # enough to act on; a wholly broken file would list millions


@dataclass
class Finding:
    area: str  # "database" | "audit_log" | "attachments"
    kind: str  # e.g. "integrity", "foreign_key", "hash_mismatch", "chain_broken", "missing"
    message_zh: str
    message_en: str
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return i18n.pick(self.message_zh, self.message_en)

    def to_dict(self) -> dict[str, Any]:
        return {"area": self.area, "kind": self.kind, "message": self.message,
                "message_zh": self.message_zh, "message_en": self.message_en, **self.details}


@dataclass
class IntegrityReport:
    findings: list[Finding] = field(default_factory=list)
    audit_entries: int = 0
    attachments_checked: int = 0
    files_checked: int = 0

    @property
    def ok(self) -> bool:
        return not self.findings

    def area_ok(self, area: str) -> bool:
        return not any(f.area == area for f in self.findings)

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "database": {"ok": self.area_ok("database")},
            "audit_log": {"ok": self.area_ok("audit_log"), "entries": self.audit_entries},
            "attachments": {"ok": self.area_ok("attachments"), "records": self.attachments_checked,
                            "files": self.files_checked},
            "findings": [f.to_dict() for f in self.findings],
        }


def _add(report: IntegrityReport, finding: Finding) -> None:
    if sum(f.area == finding.area for f in report.findings) < MAX_FINDINGS_PER_AREA:
        report.findings.append(finding)


RESTORE_HINT = ("请用 envhelp restore 从最近的备份恢复（备份在数据库旁的 backups 文件夹中）。",
                "Restore the latest backup with `envhelp restore` (backups are in the backups "
                "folder beside the database).")


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
            _add(report, Finding("database", "integrity",
                                 f"数据库结构损坏：{line}。{RESTORE_HINT[0]}",
                                 f"Database structure damaged: {line}. {RESTORE_HINT[1]}",
                                 {"detail": line}))
    if lines != ["ok"]:
        return  # foreign keys of a damaged file say nothing useful (and may not be readable)
    for table, rowid, parent, _fkid in store.conn.execute("PRAGMA foreign_key_check"):
        _add(report, Finding(
            "database", "foreign_key",
            f"{table} 的第 {rowid} 行引用的 {parent} 记录不存在。",
            f"Row {rowid} of {table} refers to a missing {parent} record.",
            {"table": table, "rowid": rowid, "parent": parent},
        ))


def check_audit_log(store: Store, report: IntegrityReport, steps: Steps | None = None) -> None:
    """Recompute the chain; name each entry where it breaks, then carry on from there."""
    steps = steps or Steps()
    prev_hash = GENESIS_HASH
    prev_seq = 0
    for entry in store.iter_query("SELECT * FROM audit_log ORDER BY seq"):
        steps.advance()
        report.audit_entries += 1
        seq = entry["seq"]
        if entry["prev_hash"] != prev_hash:
            _add(report, Finding(
                "audit_log", "chain_broken",
                f"审计日志在第 {seq} 条处断链：它之前的记录（第 {prev_seq + 1}–{seq - 1} 条"
                "或更早）被删除或改动过。",
                f"The audit log chain breaks at entry {seq}: an entry before it (seq "
                f"{prev_seq + 1}-{seq - 1} or earlier) was deleted or altered.",
                {"seq": seq},
            ))
        elif audit_hash(entry["prev_hash"], entry) != entry["hash"]:
            _add(report, Finding(
                "audit_log", "hash_mismatch",
                f"审计日志第 {seq} 条的内容在软件之外被改动过（校验值不符）。",
                f"Audit log entry {seq} was altered outside the app (its hash does not match).",
                {"seq": seq},
            ))
        # Continue from the stored hash so that one edit is reported once, not on every entry.
        prev_hash, prev_seq = entry["hash"], seq
    # AUTOINCREMENT remembers the highest seq ever given, even after the rows go.
    highest = store.scalar("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'") or 0
    if highest > prev_seq:
        _add(report, Finding(
            "audit_log", "entries_missing",
            f"审计日志最后的第 {prev_seq + 1}–{highest} 条被删除了。",
            f"The newest audit log entries {prev_seq + 1}-{highest} were deleted.",
            {"seq": prev_seq + 1},
        ))


def check_attachments(store: Store, report: IntegrityReport, steps: Steps | None = None) -> None:
    steps = steps or Steps()
    verdicts: dict[str, str | None] = {}  # file path → problem kind (rows may share a file)
    for row in store.iter_query(
        "SELECT id, sha256, filename FROM attachments ORDER BY sha256, id"
    ):
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
            _add(report, Finding(
                "attachments", kind,
                f"附件“{row['filename']}”的文件丢失：{path}",
                f"The file of attachment “{row['filename']}” is missing: {path}",
                {"attachment_id": row["id"], "path": key},
            ))
        elif kind == "sha256_mismatch":
            _add(report, Finding(
                "attachments", kind,
                f"附件“{row['filename']}”的文件内容与记录不符（已损坏或被替换）：{path}",
                f"The file of attachment “{row['filename']}” does not match its record "
                f"(damaged or replaced): {path}",
                {"attachment_id": row["id"], "path": key},
            ))


def _count(store: Store, table: str) -> int:
    try:
        return int(store.scalar(f"SELECT COUNT(*) FROM [{table}]") or 0)
    except sqlite3.DatabaseError:  # a damaged file: the checks themselves will say so
        return 0


def check(
    store: Store,
    *,
    progress: ProgressFn | None = None,
    cancelled: CancelledFn | None = None,
) -> IntegrityReport:
    """Run every check and return what was found (an empty report means all is well).

    ``progress(done, total)`` counts one step for the database check, then each audit
    entry and each attachment row; once ``cancelled()`` is true it raises
    OperationCancelled (nothing is written either way).
    """
    report = IntegrityReport()
    steps = Steps(progress=progress, cancelled=cancelled)
    if progress is not None:  # counting costs a pass over both tables: only when shown
        steps.total = 1 + _count(store, "audit_log") + _count(store, "attachments")
        steps.report()
    check_database(store, report, steps)
    check_audit_log(store, report, steps)
    check_attachments(store, report, steps)
    steps.finish()
    return report
