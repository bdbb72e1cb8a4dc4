"""The audit chain checked by two processes (a long log): the same findings as one pass.

``PARALLEL_MIN_ENTRIES`` is lowered so a small log takes the path a decade's log takes:
a second, spawned process verifies the later half (or, in the whole check, the whole
chain while this process replays the records), each half from the stored hash of the
entry before it.
"""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
from pathlib import Path

import pytest

from envhelp.domain import enterprises
from envhelp.errors import OperationCancelled
from envhelp.storage import audit_chain
from envhelp.storage.audit_chain import check_audit_log
from envhelp.storage.integrity import check
from envhelp.storage.integrity_report import IntegrityReport
from envhelp.storage.progress import Steps
from tests.test_check import outside_the_app


@pytest.fixture
def long_log(store, monkeypatch):
    """Twenty audited changes, checked by two processes."""
    for n in range(10):
        company = enterprises.add(store, {"name": f"第{n}公司"})
        enterprises.update(store, company["id"], {"name": f"第{n}公司（更名）"})
    monkeypatch.setattr(audit_chain, "PARALLEL_MIN_ENTRIES", 0)
    first, last = store.conn.execute("SELECT min(seq), max(seq) FROM audit_log").fetchone()
    return {"first": first, "last": last, "middle": (first + last) // 2}


def chain_findings(store):
    report = IntegrityReport()
    check_audit_log(store, report)
    return report, [(f.kind, f.details["seq"]) for f in report.findings]


def test_sound_log_counts_every_entry_once(store, long_log):
    report, findings = chain_findings(store)
    assert findings == []
    assert report.audit_entries == store.scalar("SELECT count(*) FROM audit_log") > 20
    whole = check(store)
    assert whole.ok, whole.findings
    assert whole.audit_entries == report.audit_entries


@pytest.mark.parametrize("half", ["first", "middle", "last"])
def test_edit_in_either_half_and_at_the_seam_is_named(store, db_path, long_log, half):
    seq = long_log[half]
    outside_the_app(
        db_path,
        "DROP TRIGGER audit_log_no_update",
        f"UPDATE audit_log SET actor = 'somebody else' WHERE seq = {seq}",
    )
    assert chain_findings(store)[1] == [("hash_mismatch", seq)]


def test_entry_deleted_at_the_seam_breaks_the_chain_after_it(store, db_path, long_log):
    seam = long_log["middle"]
    outside_the_app(
        db_path, "DROP TRIGGER audit_log_no_delete", f"DELETE FROM audit_log WHERE seq = {seam}"
    )
    # The later process starts from the last entry before the seam that is still there.
    assert chain_findings(store)[1] == [("chain_broken", seam + 1)]


def test_seam_hash_rewritten_is_caught_by_both_sides(store, db_path, long_log):
    """The seam entry's stored hash is replaced: its own half sees the wrong hash, the
    later half sees that the next entry no longer links to it."""
    seam = long_log["middle"]
    outside_the_app(
        db_path,
        "DROP TRIGGER audit_log_no_update",
        f"UPDATE audit_log SET hash = '{'0' * 64}' WHERE seq = {seam}",
    )
    assert sorted(chain_findings(store)[1]) == [("chain_broken", seam + 1), ("hash_mismatch", seam)]


def test_newest_entries_deleted_are_noticed(store, db_path, long_log):
    last = long_log["last"]
    outside_the_app(
        db_path,
        "DROP TRIGGER audit_log_no_delete",
        f"DELETE FROM audit_log WHERE seq >= {last - 1}",
    )
    assert chain_findings(store)[1] == [("entries_missing", last - 1)]


def test_whole_check_replays_records_while_the_other_process_hashes(store, db_path, long_log):
    outside_the_app(
        db_path,
        "DROP TRIGGER audit_log_no_update",
        "UPDATE enterprises SET name = '改过的名字' WHERE name = '第3公司（更名）'",
        f"UPDATE audit_log SET actor = 'somebody else' WHERE seq = {long_log['last']}",
    )
    assert {(f.area, f.kind) for f in check(store).findings} == {
        ("records", "changed_outside"),
        ("audit_log", "hash_mismatch"),
    }


def test_cancel_ends_the_second_process(store, long_log):
    with pytest.raises(OperationCancelled):
        check_audit_log(store, IntegrityReport(), Steps(cancelled=lambda: True))
    assert multiprocessing.active_children() == []


UNGUARDED_SCRIPT = """
import sys
from envhelp.storage import Store, audit_chain, integrity_report
audit_chain.PARALLEL_MIN_ENTRIES = 0
store = Store(sys.argv[1])
report = integrity_report.IntegrityReport()
audit_chain.check_audit_log(store, report)
print("FOUND", report.audit_entries, [(f.kind, f.details["seq"]) for f in report.findings])
"""


def test_a_second_process_that_cannot_start_leaves_the_work_to_this_one(
    store, db_path, long_log, tmp_path
):
    """A script without ``if __name__ == "__main__"`` cannot be imported by a spawned
    process: the check then verifies both halves itself and finds the same."""
    seq = long_log["last"]
    outside_the_app(
        db_path,
        "DROP TRIGGER audit_log_no_update",
        f"UPDATE audit_log SET actor = 'somebody else' WHERE seq = {seq}",
    )
    script = tmp_path / "unguarded.py"
    script.write_text(UNGUARDED_SCRIPT, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script), str(db_path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parent.parent,
    )
    entries = store.scalar("SELECT count(*) FROM audit_log")
    assert f"FOUND {entries} [('hash_mismatch', {seq})]" in done.stdout, done.stderr
