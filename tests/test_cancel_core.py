"""Cancelling the core's long operations (issue #8): bundle export/import, integrity check,
backup and restore report progress up to their total and, when cancelled at any step,
raise OperationCancelled and leave nothing half-done."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from envhelp.errors import OperationCancelled
from envhelp.io import bundle_export, bundle_format, bundle_import
from envhelp.storage import Store, backup, integrity, integrity_report, record_replay
from envhelp.storage.progress import Steps
from tests import test_backup, test_bundle
from tests.test_bundle import snapshot

# The data sets of the bundle and backup tests, shared as fixtures of this module too.
filled = test_backup.filled
populated, exported, empty = test_bundle.populated, test_bundle.exported, test_bundle.empty


class Recorder:
    """progress/cancelled for one run: records every report, cancels at the n-th look."""

    def __init__(self, cancel_at: int | None = None):
        self.cancel_at = cancel_at
        self.looks = 0
        self.reports: list[tuple[int, int]] = []

    def progress(self, done: int, total: int) -> None:
        self.reports.append((done, total))

    def cancelled(self) -> bool:
        self.looks += 1
        return self.cancel_at is not None and self.looks >= self.cancel_at


def looks_to_cancel(run) -> list[int]:
    """Run once uncancelled, then pick cancel points spread over every check it makes."""
    rec = Recorder()
    run(rec)
    n = rec.looks
    assert n >= 3, "the operation should look at cancelled() more than a couple of times"
    return sorted({1, 2, n // 4, n // 2, (3 * n) // 4, n - 1, n})


def assert_reaches_total(rec: Recorder) -> None:
    assert rec.reports, "no progress was reported"
    done, total = rec.reports[-1]
    assert total > 0 and done == total
    assert all(0 <= d <= t for d, t in rec.reports)
    assert [d for d, _ in rec.reports] == sorted(d for d, _ in rec.reports)


def folder_state(folder):
    if not folder.exists():
        return {}
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


# -- bundle export -------------------------------------------------------------------


def test_export_progress_reaches_total(populated, tmp_path):
    rec = Recorder()
    manifest = bundle_export.export_bundle(
        populated, tmp_path / "b.zip", progress=rec.progress, cancelled=rec.cancelled
    )
    assert_reaches_total(rec)
    rows = sum(populated.scalar(f"SELECT COUNT(*) FROM [{t}]") for t in bundle_format.TABLES)
    files = sum(1 for n in manifest["members"] if n.startswith("attachments/"))
    assert rec.reports[-1] == (rows + files, rows + files)


def test_cancelled_export_leaves_no_file_and_keeps_the_old_one(populated, tmp_path):
    target = tmp_path / "out" / "b.zip"

    def run(rec):
        bundle_export.export_bundle(
            populated, target, progress=rec.progress, cancelled=rec.cancelled
        )

    points = looks_to_cancel(run)
    target.write_bytes(b"an older bundle")
    for n in points:
        with pytest.raises(OperationCancelled):
            run(Recorder(cancel_at=n))
        assert target.read_bytes() == b"an older bundle", n
        assert sorted(p.name for p in target.parent.iterdir()) == ["b.zip"], n
    target.unlink()
    with pytest.raises(OperationCancelled):
        run(Recorder(cancel_at=points[len(points) // 2]))
    assert list(target.parent.iterdir()) == []


# -- bundle import -------------------------------------------------------------------


def test_import_progress_reaches_total(exported, empty):
    rec = Recorder()
    bundle_import.import_bundle(
        empty, exported, trust=True, progress=rec.progress, cancelled=rec.cancelled
    )
    assert_reaches_total(rec)


@pytest.mark.parametrize("into", ["empty", "partly"])
def test_cancelled_import_changes_nothing(exported, empty, tmp_path_factory, into):
    store = empty
    if into == "partly":  # something of each kind to do: add, update, write a file
        bundle_import.import_bundle(store, exported, trust=True)
        # An older copy: dated a day before the bundle's (dates far apart decide nothing).
        day_before = (datetime.now(UTC) - timedelta(days=1)).isoformat(timespec="milliseconds")
        store.conn.execute(
            "UPDATE enterprises SET name = '旧名称', updated_at = ?",
            (day_before.replace("+00:00", "Z"),),
        )
        store.conn.execute("DELETE FROM visit_amendments")
        next(store.attachments_dir.iterdir()).unlink()
        store.conn.commit()
    before = snapshot(store)
    files_before = folder_state(store.attachments_dir)

    def run(rec):  # counts the looks on a throwaway database elsewhere
        scratch = Store(tmp_path_factory.mktemp("scratch") / "s.sqlite3", actor="t")
        try:
            bundle_import.import_bundle(
                scratch, exported, trust=True, progress=rec.progress, cancelled=rec.cancelled
            )
        finally:
            scratch.close()

    for n in looks_to_cancel(run):
        rec = Recorder(cancel_at=n)
        with pytest.raises(OperationCancelled):
            bundle_import.import_bundle(
                store, exported, trust=True, progress=rec.progress, cancelled=rec.cancelled
            )
        assert snapshot(store) == before, n
        assert folder_state(store.attachments_dir) == files_before, n
    # Not cancelled, the same import does its work.
    summary = bundle_import.import_bundle(store, exported, trust=True)
    assert snapshot(store) != before
    if into == "partly":
        assert summary.tables["enterprises"].updated == 2  # both of its enterprises
        assert summary.tables["visit_amendments"].added == 1
        assert summary.files_written == 1


def test_cancel_while_files_are_copied_removes_them(exported, empty):
    rec = Recorder()
    looks_at_end_of_files = []

    def cancelled():
        # Cancel right after the first attachment file was put in place.
        if any(p.suffix != ".part" for p in folder_items(empty)):
            looks_at_end_of_files.append(rec.looks)
            return True
        return rec.cancelled()

    def folder_items(store):
        return list(store.attachments_dir.iterdir()) if store.attachments_dir.exists() else []

    with pytest.raises(OperationCancelled):
        bundle_import.import_bundle(
            empty, exported, trust=True, progress=rec.progress, cancelled=cancelled
        )
    assert looks_at_end_of_files, "the import never got as far as the files"
    assert folder_items(empty) == []
    assert empty.scalar("SELECT COUNT(*) FROM audit_log") == 0


# -- integrity check -----------------------------------------------------------------


def test_integrity_progress_and_cancel(filled):
    rec = Recorder()
    report = integrity.check(filled, progress=rec.progress, cancelled=rec.cancelled)
    assert report.ok
    assert_reaches_total(rec)
    entries = filled.scalar("SELECT COUNT(*) FROM audit_log")
    tables = len(record_replay.record_tables(filled))
    # database, audit entries, each record table, one attachment
    assert rec.reports[-1][1] == 1 + entries + tables + 1

    for n in looks_to_cancel(lambda r: integrity.check(filled, cancelled=r.cancelled)):
        with pytest.raises(OperationCancelled):
            integrity.check(
                filled, progress=Recorder().progress, cancelled=Recorder(cancel_at=n).cancelled
            )
    assert integrity.check(filled).ok  # the SQLite progress handler was taken off again


def test_integrity_check_interrupts_sqlite_on_cancel(filled, monkeypatch):
    monkeypatch.setattr(integrity, "SQLITE_STEPS", 1)
    seen = Recorder(cancel_at=1)
    with pytest.raises(OperationCancelled) as info:
        integrity.check_database(
            filled, integrity_report.IntegrityReport(), Steps(cancelled=seen.cancelled)
        )
    # Stopped inside PRAGMA integrity_check: SQLite says "interrupted".
    assert isinstance(info.value.__cause__, sqlite3.OperationalError)
    assert "interrupt" in str(info.value.__cause__)
    assert integrity.check(filled).ok  # and the connection works as before


# -- backup and restore --------------------------------------------------------------


def test_backup_progress_and_cancel_leave_no_file(filled, tmp_path):
    folder = tmp_path / "backups-here"
    target = folder / "b.zip"

    def run(rec):
        backup.backup_to(filled, target, rec.progress, cancelled=rec.cancelled)

    rec = Recorder()
    run(rec)
    assert_reaches_total(rec)
    points = looks_to_cancel(run)
    target.unlink()
    for n in points:
        with pytest.raises(OperationCancelled):
            run(Recorder(cancel_at=n))
        assert list(folder.iterdir()) == [], n  # no backup, no .part, no temporary folder
    run(Recorder())
    # Into a folder of its own: tmp_path holds the open database, which has the same name.
    (inspect := tmp_path / "inspect").mkdir()
    manifest, _db = backup.inspect_backup(target, inspect)
    assert len(manifest["attachments"]) == 1


def test_cancelled_restore_leaves_the_database_as_it_was(filled, tmp_path, tmp_path_factory):
    target = tmp_path / "b.zip"
    backup.backup_to(filled, target)
    filled.conn.execute("UPDATE enterprises SET name = '备份之后改的名字'")
    for f in filled.attachments_dir.iterdir():  # a restore has a file to put back
        f.unlink()
    path = filled.path
    filled.close()

    def state():
        s = Store(path)
        try:
            rows = s.query("SELECT name FROM enterprises")
            return rows, s.scalar("SELECT COUNT(*) FROM audit_log")
        finally:
            s.close()

    before = state()
    folder_before = sorted(p.name for p in path.parent.iterdir())

    def run(rec):
        return backup.restore(path, target, progress=rec.progress, cancelled=rec.cancelled)

    # Count the looks on a copy (the real restore would replace the file).
    copy = tmp_path_factory.mktemp("copy") / path.name
    src = Store(path)
    from envhelp.storage.database import copy_database

    copy_database(src, copy)
    src.close()
    rec = Recorder()
    backup.restore(copy, target, progress=rec.progress, cancelled=rec.cancelled)
    assert_reaches_total(rec)
    points = sorted({1, rec.looks // 3, (2 * rec.looks) // 3, rec.looks})

    for n in points:
        with pytest.raises(OperationCancelled):
            run(Recorder(cancel_at=n))
        assert state() == before, n
        assert sorted(p.name for p in path.parent.iterdir()) == folder_before, n
        assert list((path.parent / "attachments").glob("*")) == [], n
    safety = run(Recorder())
    assert safety != path and safety.exists()
    assert state()[0] == [{"name": "备份测试公司"}]
