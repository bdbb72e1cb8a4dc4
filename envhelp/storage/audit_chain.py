"""The audit log's hash chain, checked for ``envhelp check``: recomputed from the first
entry (an entry edited or removed outside the app breaks it; removing the newest entries
is caught by comparing with SQLite's AUTOINCREMENT counter), and compared with the chain's
last entry recorded in each automatic backup (a log rewritten and re-chained). A long log
is shared with a second process (see :func:`check_audit_log`), which imports this module
to run :func:`_chain_worker`: keep it importable on its own.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING

from envhelp.storage.database import AUDIT_CANONICAL_SQL, GENESIS_HASH, Store, audit_hash
from envhelp.storage.integrity_report import Finding, IntegrityReport, add_finding
from envhelp.storage.progress import Steps

if TYPE_CHECKING:
    from envhelp.storage.record_replay import Replay


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
            add_finding(
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
            add_finding(
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
        add_finding(
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
            add_finding(
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
