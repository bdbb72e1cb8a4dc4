"""``envhelp check``: is the database whole, the audit log untouched, every attachment intact?

Independent checks, each reading in a streaming way:

* SQLite's own ``PRAGMA integrity_check`` and ``PRAGMA foreign_key_check``;
* the audit log's hash chain, recomputed from the first entry (an entry edited or
  removed outside the app breaks it; removing the newest entries is caught by
  comparing with SQLite's AUTOINCREMENT counter), and compared with the chain's
  last entry recorded in each automatic backup (a log rewritten and re-chained);
  a long log is shared with a second process (see :func:`check_audit_log`);
* every record against its audit entries: the state the entries produce must be
  the record's current state, so a record changed, inserted or deleted with plain
  SQL, a forged or removed entry, an emptied log all show (see :class:`Replay`);
* each attachment row's file: present, and its SHA-256 equal to the recorded one.

A page too damaged to read is reported as a finding of the area that met it.

:func:`check` takes ``progress``/``cancelled`` (envhelp.errors' contract). It only
reads, so a cancel simply stops it with OperationCancelled and there is no report.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from envhelp import i18n
from envhelp.errors import OperationCancelled, StorageError
from envhelp.storage.database import (
    AUDIT_CANONICAL_SQL,
    GENESIS_HASH,
    Store,
    audit_hash,
    canonical_json,
)
from envhelp.storage.files import file_sha256, stored_path
from envhelp.storage.progress import CancelledFn, ProgressFn, Steps

MAX_FINDINGS_PER_AREA = 100  # enough to act on; a wholly broken file would list millions


@dataclass
class Finding:
    area: str  # "database" | "audit_log" | "records" | "attachments"
    # e.g. "integrity", "foreign_key", "hash_mismatch", "chain_broken", "rewritten",
    # "inserted_outside", "changed_outside", "deleted_outside", "missing", "unreadable"
    kind: str
    message_zh: str
    message_en: str
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return i18n.pick(self.message_zh, self.message_en)

    def to_dict(self) -> dict[str, Any]:
        return {
            "area": self.area,
            "kind": self.kind,
            "message": self.message,
            "message_zh": self.message_zh,
            "message_en": self.message_en,
            **self.details,
        }


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
            "records": {"ok": self.area_ok("records")},
            "attachments": {
                "ok": self.area_ok("attachments"),
                "records": self.attachments_checked,
                "files": self.files_checked,
            },
            "findings": [f.to_dict() for f in self.findings],
        }


def _add(report: IntegrityReport, finding: Finding) -> None:
    if sum(f.area == finding.area for f in report.findings) < MAX_FINDINGS_PER_AREA:
        report.findings.append(finding)


RESTORE_HINT = (
    "请用 envhelp restore 从最近的备份恢复（备份在数据库旁的 backups 文件夹中）。",
    "Restore the latest backup with `envhelp restore` (backups are in the backups "
    "folder beside the database).",
)


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
            _add(
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
        _add(
            report,
            Finding(
                "database",
                "foreign_key",
                f"{table} 的第 {rowid} 行引用的 {parent} 记录不存在。",
                f"Row {rowid} of {table} refers to a missing {parent} record.",
                {"table": table, "rowid": rowid, "parent": parent},
            ),
        )


def check_audit_log(
    store: Store,
    report: IntegrityReport,
    steps: Steps | None = None,
    replay: Replay | None = None,
) -> None:
    """Recompute the chain; name each entry where it breaks, then carry on from there.

    With ``replay``, each entry is also applied to it (one pass over the log for both).
    A long log on a file is shared with a second process (:func:`_chain_worker`): the
    later half of the chain, or with ``replay`` the whole chain while this process
    replays. Each range starts from the stored hash of the entry before it, which the
    range before it verifies, so the seam is checked as in one pass.
    """
    steps = steps or Steps()
    first, last = store.conn.execute("SELECT min(seq), max(seq) FROM audit_log").fetchone()
    first, last = first or 0, last or 0
    parallel = (
        last - first >= PARALLEL_MIN_ENTRIES and (os.cpu_count() or 1) > 1 and store.path.is_file()
    )
    if not parallel:
        part = _verify_chain(store.conn, 0, last, steps.advance, replay)
        parts = [part]
    elif replay is None:
        middle = (first + last) // 2
        with _ChainWorker(store.path, middle, last, steps) as worker:
            parts = [_verify_chain(store.conn, 0, middle, steps.advance), worker.result()]
        if parts[1] is None:  # the second process could not run: this one does its half
            parts[1] = _verify_chain(store.conn, middle, last, steps.advance)
        else:
            steps.advance(parts[1].entries)
    else:
        with _ChainWorker(store.path, 0, last, steps) as worker:
            _replay_log(store.conn, replay, steps.advance)
            parts = [worker.result() or _verify_chain(store.conn, 0, last)]
    for part in parts:
        report.audit_entries += part.entries
        for seq, prev_seq in part.breaks:
            _add(
                report,
                Finding(
                    "audit_log",
                    "chain_broken",
                    f"审计日志在第 {seq} 条处断链：它之前的记录（第 {prev_seq + 1}–{seq - 1} 条"
                    "或更早）被删除或改动过。",
                    f"The audit log chain breaks at entry {seq}: an entry before it (seq "
                    f"{prev_seq + 1}-{seq - 1} or earlier) was deleted or altered.",
                    {"seq": seq},
                ),
            )
    for seq in (seq for part in parts for seq in part.suspects):
        if not _python_hash_matches(store, seq):
            _add(
                report,
                Finding(
                    "audit_log",
                    "hash_mismatch",
                    f"审计日志第 {seq} 条的内容在软件之外被改动过（校验值不符）。",
                    f"Audit log entry {seq} was altered outside the app (its hash does not match).",
                    {"seq": seq},
                ),
            )
    # AUTOINCREMENT remembers the highest seq ever given, even after the rows go.
    last_seq = parts[-1].last_seq
    highest = store.scalar("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'") or 0
    if highest > last_seq:
        _add(
            report,
            Finding(
                "audit_log",
                "entries_missing",
                f"审计日志最后的第 {last_seq + 1}–{highest} 条被删除了。",
                f"The newest audit log entries {last_seq + 1}-{highest} were deleted.",
                {"seq": last_seq + 1},
            ),
        )


# A second process costs about half a second to start: worth it from this many entries.
PARALLEL_MIN_ENTRIES = 200_000
STEP_BATCH = 4096  # entries between two progress/cancel looks (a call per entry costs 5 %)


@dataclass
class _ChainPart:
    """What one range of the log showed."""

    entries: int = 0
    breaks: list[tuple[int, int]] = field(default_factory=list)  # (seq, the entry before it)
    suspects: list[int] = field(default_factory=list)  # hash differs from SQLite's text
    last_seq: int = 0  # the range's last entry (or the one before the range when it is empty)


def _verify_chain(
    conn: sqlite3.Connection,
    after_seq: int,
    upto_seq: int,
    advance: Callable[[int], None] | None = None,
    replay: Replay | None = None,
) -> _ChainPart:
    """Check the entries after_seq < seq <= upto_seq, chained from the stored hash of the
    entry before them (the range before verifies that one)."""
    sha256 = hashlib.sha256
    replayed = ", table_name, action, record_id, before, after" if replay is not None else ""
    # Hashed as stored, in bytes: decoding and re-encoding every entry cost a third more.
    conn.text_factory = bytes
    try:
        start = conn.execute(
            "SELECT seq, hash FROM audit_log WHERE seq <= ? ORDER BY seq DESC LIMIT 1", (after_seq,)
        ).fetchone()
        prev_seq, prev_hash = start if start else (0, GENESIS_HASH.encode())
        part = _ChainPart()
        cursor = conn.execute(
            f"SELECT seq, prev_hash, hash, {AUDIT_CANONICAL_SQL}{replayed} "
            "FROM audit_log WHERE seq > ? AND seq <= ? ORDER BY seq",
            (after_seq, upto_seq),
        )
        for seq, entry_prev, entry_hash, canonical, *change in cursor:
            part.entries += 1
            if advance is not None and not part.entries % STEP_BATCH:
                advance(STEP_BATCH)
            if replay is not None:
                replay.apply(*change)
            if entry_prev != prev_hash:
                part.breaks.append((seq, prev_seq))
            elif sha256(entry_prev + canonical).hexdigest().encode() != entry_hash:
                part.suspects.append(seq)
            # Continue from the stored hash: one edit is reported once, not on every entry.
            prev_hash, prev_seq = entry_hash, seq
    finally:
        conn.text_factory = str
    if advance is not None:
        advance(part.entries % STEP_BATCH)
    part.last_seq = prev_seq
    return part


def _replay_log(conn: sqlite3.Connection, replay: Replay, advance: Callable[[int], None]) -> None:
    cursor = conn.execute(
        "SELECT table_name, action, record_id, before, after FROM audit_log ORDER BY seq"
    )
    entries = 0
    for entry in cursor:
        replay.apply(*entry)
        entries += 1
        if not entries % STEP_BATCH:
            advance(STEP_BATCH)
    advance(entries % STEP_BATCH)


def _chain_worker(path: str, after_seq: int, upto_seq: int, results: Connection) -> None:
    """In the second process: verify one range of the chain and send back what it showed."""
    try:
        conn = sqlite3.connect(f"{Path(path).as_uri()}?mode=ro", uri=True)
        try:
            results.send(_verify_chain(conn, after_seq, upto_seq))
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        results.send(str(exc))


class _ChainWorker:
    """A second process verifying a range of the chain; ended when the block is left, so a
    cancel or an error here does not leave it running."""

    def __init__(self, path: Path, after_seq: int, upto_seq: int, steps: Steps):
        context = multiprocessing.get_context("spawn")  # no fork of a GUI's threads
        self._results, sender = context.Pipe(duplex=False)
        self._process = context.Process(
            target=_chain_worker,
            daemon=True,
            args=(str(path.resolve()), after_seq, upto_seq, sender),
        )
        self._steps = steps
        self._process.start()
        sender.close()

    def __enter__(self) -> _ChainWorker:
        return self

    def result(self) -> _ChainPart | None:
        """Its range's part, or None when it ended without one (e.g. a script whose main
        module starts a check on import, which a spawned process cannot import)."""
        while not self._results.poll(0.1):
            self._steps.check()
            if not self._process.is_alive() and not self._results.poll():
                return None
        try:
            result = self._results.recv()
        except EOFError:
            return None
        if isinstance(result, str):  # SQLite could not read its range
            raise sqlite3.DatabaseError(result)
        return result

    def __exit__(self, *_exc: object) -> None:
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._results.close()


def _python_hash_matches(store: Store, seq: int) -> bool:
    """The entry's hash computed as the app computes it (SQLite's text differed from it)."""
    entry = store.query_one("SELECT * FROM audit_log WHERE seq = ?", (seq,))
    return audit_hash(entry["prev_hash"], entry) == entry["hash"]


def check_backup_anchors(store: Store, report: IntegrityReport) -> None:
    """Each automatic backup recorded the chain's last entry then; the live log must
    still hold that very entry (a log rewritten and re-chained since does not)."""
    from envhelp.storage.backup import RESTORED_KEY, automatic_backups, read_manifest

    restored_at = (store.get_setting(RESTORED_KEY) or {}).get("at", "")
    for backup in automatic_backups(store.path):
        manifest = read_manifest(backup) or {}
        head = manifest.get("audit_head")
        if not head or manifest.get("created_at", "") <= restored_at:
            continue  # none recorded, or a backup of the history a restore left behind
        live = store.scalar("SELECT hash FROM audit_log WHERE seq = ?", (head["seq"],))
        if live != head["hash"]:
            _add(
                report,
                Finding(
                    "audit_log",
                    "rewritten",
                    f"审计日志第 {head['seq']} 条与备份 {backup.name} 中记录的不同：该日志在备份之后"
                    "被删改并重新计算过。",
                    f"Audit log entry {head['seq']} differs from the one recorded in backup "
                    f"{backup.name}: the log was altered and re-chained after that backup.",
                    {"seq": head["seq"], "backup": str(backup)},
                ),
            )
            return  # the newest backup's finding says it; older ones would repeat it


# -- records against their audit entries ----------------------------------------------

# Not compared with the audit entries: updates do not log who and when, and the merge
# bookkeeping (version vectors, per-problem event counters) is numbered by migrations and
# imports for ordering changes, not part of what a record says.
UNLOGGED_COLUMNS = frozenset({"updated_at", "updated_by", "versions", "field_versions", "lamport"})
MASK = (1 << 64) - 1


@dataclass
class _Table:
    name: str
    pk: tuple[str, ...]
    columns: tuple[str, ...]  # those compared (not the pk, not the unlogged ones)
    defaults: dict[str, Any]


def _tables(store: Store) -> dict[str, _Table]:
    """The record tables: every table but the log, SQLite's own and full-text indexes."""
    rows = store.conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'").fetchall()
    virtual = [name for name, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL")]
    tables = {}
    for name, _sql in rows:
        if (
            name == "audit_log"
            or name.startswith("sqlite_")
            or any(name == v or name.startswith(v + "_") for v in virtual)
        ):
            continue
        info = store.conn.execute(f"PRAGMA table_info([{name}])").fetchall()
        pk = tuple(col for _, col, *_ in sorted((r for r in info if r[5]), key=lambda r: r[5]))
        defaults = {}
        for _cid, col, _type, _notnull, default, _pk in info:
            # Column defaults are SQL literals: SQLite itself says what they stand for.
            defaults[col] = (
                None if default is None else store.conn.execute(f"SELECT {default}").fetchone()[0]
            )
        columns = tuple(r[1] for r in info if r[1] not in pk and r[1] not in UNLOGGED_COLUMNS)
        tables[name] = _Table(name, pk, columns, defaults)
    return tables


class Replay:
    """What the audit entries say every record holds, as a sum per table.

    Each (record, column, value) that differs from the column's default adds a
    64-bit hash to its table's sum: a create adds its row's, an update takes away
    the values before and adds those after, a delete takes its row's away. Summed
    the same way, the current rows must give the same figure, so no record's state
    needs to be held in memory; only a table whose sums differ is replayed record by
    record (:func:`_locate`) to name the records. Columns added by a later schema
    version hold their default in old rows and count for nothing, like values the
    entries never mention. Python's hash of text is keyed anew in every process, so
    nobody can prepare edits whose hashes cancel out.
    """

    def __init__(self, tables: dict[str, _Table]):
        self.tables = tables
        self.sums: dict[str, int] = defaultdict(int)
        self.unknown: set[str] = set()  # entries naming tables that do not exist

    def apply(
        self,
        table: str | bytes,
        action: str | bytes,
        record_id: str | bytes,
        before: str | bytes | None,
        after: str | bytes | None,
    ) -> None:
        """Add one entry (its text as str, or as the bytes stored: the chain's pass)."""
        try:
            table, action, record_id = (_str(v) for v in (table, action, record_id))
            spec = self.tables.get(table)
            if spec is None:
                self.unknown.add(table)
                return
            entry_changes = list(changes(spec, action, record_id, before, after))
        except (ValueError, TypeError, KeyError):  # a damaged entry: the chain names it
            return
        for sign, ident, values, whole in entry_changes:
            self.sums[table] = (
                self.sums[table] + sign * _row_sum(spec, ident, values, whole)
            ) & MASK


def _str(value: Any) -> Any:
    return value.decode() if isinstance(value, bytes) else value


def changes(
    spec: _Table, action: str, record_id: str, before: str | None, after: str | None
) -> Iterator[tuple[int, tuple, dict[str, Any], bool]]:
    """(−1 or +1, record identity, values, whole row?) of one audit entry, in the table's
    terms (an update logs only the values it changed)."""
    old = json.loads(before) if before is not None else None
    new = json.loads(after) if after is not None else None
    if isinstance(old, dict) and "rows" in old and "rows" not in spec.defaults:
        for row in old["rows"]:  # delete_links: every row went
            yield -1, _ident(spec, row, record_id), row, True
        old = None
    for sign, values in ((-1, old), (1, new)):
        if values is None:
            continue
        if spec.name == "settings" and "key" not in values:  # set_setting logs decoded values
            values = {"value": canonical_json(values["value"])}
        whole = action != "update"
        yield sign, _ident(spec, values, record_id, whole), values, whole


def _ident(spec: _Table, values: dict[str, Any], record_id: str, whole: bool = True) -> tuple:
    if whole and spec.pk and all(c in values for c in spec.pk):
        return tuple(values[c] for c in spec.pk)
    return (record_id,)


def _value(value: Any) -> Any:
    return int(value) if isinstance(value, bool) else value


def _row_sum(spec: _Table, ident: tuple, values: dict[str, Any], whole: bool = True) -> int:
    # Hashes of text (SipHash, keyed anew in each process), not of tuples: a tuple's hash
    # is nearly additive in its items, so two records swapping a value would cancel out.
    key = repr(ident)
    total = hash(key) if whole else 0  # the row's presence: a link row may hold only its key
    for column, value in values.items():
        if column in spec.pk or column in UNLOGGED_COLUMNS:
            continue
        value = _value(value)
        if value != spec.defaults.get(column):
            total += hash(f"{key}\x1f{column}\x1f{value!r}")
    return total


def _current_rows(store: Store, spec: _Table) -> Iterator[tuple[tuple, dict[str, Any]]]:
    names = [*spec.pk, *spec.columns] if spec.pk else ["rowid", *spec.columns]
    cursor = store.conn.execute(f"SELECT {', '.join(f'[{n}]' for n in names)} FROM [{spec.name}]")
    width = len(spec.pk) if spec.pk else 1
    for row in cursor:
        yield tuple(row[:width]), dict(zip(spec.columns, row[width:], strict=True))


def check_records(
    store: Store,
    report: IntegrityReport,
    steps: Steps | None = None,
    replay: Replay | None = None,
) -> None:
    """Every record's current state must be the one its audit entries produce."""
    steps = steps or Steps()
    if replay is None:
        replay = Replay(_tables(store))
        for entry in store.conn.execute(
            "SELECT table_name, action, record_id, before, after FROM audit_log ORDER BY seq"
        ):
            replay.apply(*entry)
    for spec in replay.tables.values():
        current = 0
        for ident, values in _current_rows(store, spec):
            current = (current + _row_sum(spec, ident, values)) & MASK
        steps.advance()
        if current != replay.sums[spec.name]:
            _locate(store, spec, report)


def _locate(store: Store, spec: _Table, report: IntegrityReport) -> None:
    """Replay one table's entries record by record and name the records that differ."""
    expected: dict[tuple, dict[str, Any]] = {}
    for action, record_id, before, after in store.conn.execute(
        "SELECT action, record_id, before, after FROM audit_log WHERE table_name = ? ORDER BY seq",
        (spec.name,),
    ):
        for sign, ident, values, _whole in changes(spec, action, record_id, before, after):
            if sign < 0 and action != "update":
                expected.pop(ident, None)
            elif sign > 0:
                expected.setdefault(ident, {}).update(values)
    found = 0
    for ident, values in _current_rows(store, spec):
        wanted = expected.pop(ident, None)
        if wanted is None:
            _record_finding(
                report,
                spec,
                ident,
                values,
                "inserted_outside",
                "没有任何审计记录：它是在软件之外插入的",
                "has no audit entry: it was inserted outside the app",
            )
            found += 1
            continue
        differing = sorted(
            c
            for c in spec.columns
            if _value(values[c]) != _value(wanted.get(c, spec.defaults.get(c)))
        )
        if differing:
            _record_finding(
                report,
                spec,
                ident,
                values,
                "changed_outside",
                f"的 {', '.join(differing)} 与审计日志不符：它在软件之外被改动过",
                f"differs from its audit entries in {', '.join(differing)}: it was "
                "changed outside the app",
                columns=differing,
            )
            found += 1
    for ident, values in expected.items():
        _record_finding(
            report,
            spec,
            ident,
            values,
            "deleted_outside",
            "按审计日志应当存在，但已不在：它是在软件之外删除的",
            "should exist by its audit entries but is gone: it was deleted outside the app",
        )
        found += 1
    if not found:  # sums differ but no record does: the log itself was tampered with
        _record_finding(
            report,
            spec,
            ("?",),
            {},
            "changed_outside",
            "的数据与审计日志不符",
            "does not match its audit entries",
        )


# The record tables, as people call them (the check's findings, the import report).
TABLE_LABELS = {
    "officers": ("执法人员", "Officers"),
    "enterprises": ("企业", "Enterprises"),
    "visits": ("走访", "Visits"),
    "visit_officers": ("走访人员", "Visit officers"),
    "visit_amendments": ("走访更正", "Visit amendments"),
    "checklist_templates": ("检查表模板", "Checklist templates"),
    "checks": ("检查", "Checks"),
    "check_results": ("检查结果", "Check results"),
    "problems": ("问题", "Problems"),
    "problem_events": ("问题处理记录", "Problem history"),
    "attachments": ("附件", "Attachments"),
    "settings": ("设置", "Settings"),
    "merge_conflicts": ("合并冲突记录", "Merge conflicts"),
    "tombstones": ("已删除记录", "Deleted records"),
}

# Columns that tell a person which record it is, in order of preference.
LABEL_COLUMNS = ("name", "record_no", "title_zh", "description", "filename", "reason", "date")


def _record_finding(
    report: IntegrityReport,
    spec: _Table,
    ident: tuple,
    values: dict[str, Any],
    kind: str,
    zh: str,
    en: str,
    **details: Any,
) -> None:
    """A finding naming the table and the record: by what people call it (its name, record
    number …), the id only where a record has nothing else (the JSON report has both)."""
    record = "/".join(str(part) for part in ident)
    text = next((str(values[c]) for c in LABEL_COLUMNS if values.get(c)), None)
    shown = f"“{text[:40]}”" if text else record
    table_zh, table_en = TABLE_LABELS.get(spec.name, (spec.name, spec.name))
    _add(
        report,
        Finding(
            "records",
            kind,
            f"{table_zh}（{spec.name}）中的记录 {shown} {zh}。{RESTORE_HINT[0]}",
            f"{table_en} ({spec.name}) record {shown} {en}. {RESTORE_HINT[1]}",
            {"table": spec.name, "record_id": record, **details},
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
            _add(
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
            _add(
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
        _add(
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
    tables: dict[str, _Table] = {}
    _guarded(report, "records", lambda: tables.update(_tables(store)))
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
