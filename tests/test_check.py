"""``envhelp check``: clean databases pass; tampering, deletion and lost files are named."""

from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner

from envhelp.cli import cli
from envhelp.domain import attachments
from envhelp.storage.integrity import check
from tests.conftest import draft_visit


@pytest.fixture
def with_files(store, officer, enterprise, tmp_path):
    visit = draft_visit(
        store, enterprise["id"], [officer["id"]], "stationed", day="2026-03-05", time=None
    )
    photo = tmp_path / "photo.png"
    photo.write_bytes(b"\x89PNG fake image data")
    record = attachments.add(store, photo, visit_id=visit["id"])
    attachments.add(store, photo, caption="same file again", visit_id=visit["id"])
    return record


def outside_the_app(db_path, *statements):
    """Change the file with plain SQLite, as someone bypassing EnvHelp would."""
    conn = sqlite3.connect(str(db_path))
    try:
        for sql in statements:
            conn.execute(sql)
        conn.commit()
    finally:
        conn.close()


def run_check(db_path, *args):
    return CliRunner().invoke(cli, ["--db", str(db_path), "--lang", "en", "check", *args])


def test_clean_database_passes(store, db_path, with_files):
    report = check(store)
    assert report.ok, report.findings
    assert report.audit_entries == store.scalar("SELECT count(*) FROM audit_log") > 5
    assert (report.attachments_checked, report.files_checked) == (2, 1)

    result = run_check(db_path)
    assert result.exit_code == 0, result.output
    assert "Audit log: OK" in result.output


def test_audit_log_cannot_be_changed_through_sqlite_by_accident(store, db_path, with_files):
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        outside_the_app(db_path, "UPDATE audit_log SET actor = 'x' WHERE seq = 2")


def test_tampered_audit_entry_is_named(store, db_path, with_files):
    outside_the_app(
        db_path,
        "DROP TRIGGER audit_log_no_update",
        "UPDATE audit_log SET actor = 'somebody else' WHERE seq = 3",
    )
    report = check(store)

    assert not report.ok
    [finding] = report.findings
    assert (finding.area, finding.kind, finding.details["seq"]) == ("audit_log", "hash_mismatch", 3)

    result = run_check(db_path, "--json")
    assert result.exit_code == 3
    data = json.loads(result.output)
    assert data["ok"] is False and data["audit_log"]["ok"] is False
    assert data["database"]["ok"] is True and data["attachments"]["ok"] is True
    assert data["findings"][0]["seq"] == 3


def test_deleted_audit_entry_is_named(store, db_path, with_files):
    outside_the_app(
        db_path, "DROP TRIGGER audit_log_no_delete", "DELETE FROM audit_log WHERE seq = 4"
    )
    report = check(store)

    finding = report.findings[0]
    assert (finding.kind, finding.details["seq"]) == ("chain_broken", 5)
    # Entry 4 made the visit's officer link, which now has no entry of its own.
    assert [(f.kind, f.details["table"]) for f in report.findings[1:]] == [
        ("inserted_outside", "visit_officers")
    ]
    result = run_check(db_path)
    assert result.exit_code == 3
    assert "entry 5" in result.output


def test_deleting_the_newest_entries_is_noticed(store, db_path, with_files):
    last = store.scalar("SELECT max(seq) FROM audit_log")
    outside_the_app(
        db_path,
        "DROP TRIGGER audit_log_no_delete",
        f"DELETE FROM audit_log WHERE seq >= {last - 1}",
    )
    findings = check(store).findings
    assert (findings[0].kind, findings[0].details["seq"]) == ("entries_missing", last - 1)
    # The records those entries made are still there, with no entry of their own.
    assert {(f.area, f.kind) for f in findings[1:]} == {("records", "inserted_outside")}


def test_missing_and_altered_attachment_files(
    store, db_path, with_files, officer, enterprise, tmp_path
):
    path = attachments.stored_path(store, with_files)
    path.unlink()
    report = check(store)
    assert {(f.kind, f.details["attachment_id"]) for f in report.findings} >= {
        ("missing", with_files["id"])
    }
    assert len(report.findings) == 2  # both records share the lost file
    assert run_check(db_path).exit_code == 3

    path.write_bytes(b"something else entirely")
    kinds = {f.kind for f in check(store).findings}
    assert kinds == {"sha256_mismatch"}


def test_broken_reference_in_the_database(store, db_path, with_files):
    outside_the_app(
        db_path,
        "PRAGMA foreign_keys = OFF",
        "INSERT INTO visits (id, enterprise_id, date, type, created_at, updated_at) "
        "VALUES ('v-orphan', 'no-such-enterprise', '2026-01-01', 'stationed', 'x', 'x')",
    )
    findings = check(store).findings
    assert [(f.area, f.kind, f.details["table"]) for f in findings] == [
        ("database", "foreign_key", "visits"),
        ("records", "inserted_outside", "visits"),
    ]
