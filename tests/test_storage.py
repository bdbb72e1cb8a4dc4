"""The database layer: pragmas, migrations, transactions and the audit log."""

from __future__ import annotations

import json
import sqlite3

import pytest

from envhelp.domain import enterprises, officers
from envhelp.errors import StorageError, ValidationError
from envhelp.storage import Store, migrations
from envhelp.storage.database import GENESIS_HASH, audit_hash


def test_pragmas(store):
    assert store.scalar("PRAGMA journal_mode") == "wal"
    assert store.scalar("PRAGMA foreign_keys") == 1
    assert store.scalar("PRAGMA busy_timeout") == 5000
    assert store.schema_version == migrations.LATEST


def test_ids_are_uuids_and_times_utc(store, officer):
    import uuid

    uuid.UUID(officer["id"])
    assert officer["created_at"].endswith("Z") and "T" in officer["created_at"]
    assert officer["created_by"] == "tester"


def test_foreign_keys_enforced(store):
    with pytest.raises(sqlite3.IntegrityError):
        store.insert(
            "visits", {"enterprise_id": "missing", "date": "2026-01-01", "type": "stationed"}
        )
    assert store.scalar("SELECT count(*) FROM visits") == 0
    assert store.scalar("SELECT count(*) FROM audit_log") == 0


def test_failed_action_leaves_nothing(store):
    before_audit = store.scalar("SELECT count(*) FROM audit_log")
    with pytest.raises(ValidationError), store.transaction():
        officers.add(store, {"name": "甲"})
        enterprises.add(store, {"name": "某公司"})
        enterprises.add(store, {"name": "坏代码公司", "uscc": "123"})  # fails: rolls back all three
    assert store.scalar("SELECT count(*) FROM officers") == 0
    assert store.scalar("SELECT count(*) FROM enterprises") == 0
    assert store.scalar("SELECT count(*) FROM audit_log") == before_audit


def test_nested_transaction_failure_rolls_back_only_inner(store):
    with store.transaction():
        officers.add(store, {"name": "外层"})
        with pytest.raises(ValidationError), store.transaction():
            officers.add(store, {"name": "内层"})
            officers.add(store, {"name": ""})
    assert [r["name"] for r in store.query("SELECT name FROM officers")] == ["外层"]


def test_audit_log_records_create_update_delete(store):
    e = enterprises.add(store, {"name": "审计测试公司", "town": "甲镇"})
    enterprises.update(store, e["id"], {"town": "乙镇"})
    store.delete("enterprises", e["id"])
    rows = store.query("SELECT * FROM audit_log WHERE record_id = ? ORDER BY seq", (e["id"],))
    assert [(r["action"], r["table_name"]) for r in rows] == [
        ("create", "enterprises"),
        ("update", "enterprises"),
        ("delete", "enterprises"),
        ("create", "tombstones"),  # the deletion travels (storage/tombstones.py)
    ]
    assert all(r["actor"] == "tester" for r in rows)
    assert json.loads(rows[1]["before"])["town"] == "甲镇"
    assert json.loads(rows[1]["after"])["town"] == "乙镇"
    assert "updated_at" not in json.loads(rows[1]["after"])
    assert json.loads(rows[2]["before"])["name"] == "审计测试公司"
    assert rows[2]["after"] is None


def test_audit_log_is_hash_chained_and_append_only(store, officer):
    officers.update(store, officer["id"], {"phone": "13800000000"})
    rows = store.query("SELECT * FROM audit_log ORDER BY seq")
    prev = GENESIS_HASH
    for row in rows:
        assert row["prev_hash"] == prev
        assert row["hash"] == audit_hash(prev, row)
        prev = row["hash"]
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        store.conn.execute("UPDATE audit_log SET actor = 'x'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        store.conn.execute("DELETE FROM audit_log")


def test_update_without_change_writes_no_audit(store, officer):
    n = store.scalar("SELECT count(*) FROM audit_log")
    officers.update(store, officer["id"], {"name": officer["name"]})
    assert store.scalar("SELECT count(*) FROM audit_log") == n


def test_settings_round_trip_and_audit(store):
    store.set_setting("bureau_name", "某区生态环境分局")
    assert store.get_setting("bureau_name") == "某区生态环境分局"
    assert store.get_setting("missing", 7) == 7
    assert store.scalar("SELECT count(*) FROM audit_log WHERE table_name='settings'") == 1


def test_newer_schema_is_refused(db_path):
    Store(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {migrations.LATEST + 1}")
    conn.close()
    with pytest.raises(StorageError, match="更新版本"):
        Store(db_path)


def test_not_a_database_gives_clear_message(tmp_path):
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StorageError, match="损坏"):
        Store(bad)


def test_missing_database_without_create(tmp_path):
    with pytest.raises(StorageError, match="这里没有数据库"):
        Store(tmp_path / "nope.sqlite3", create=False)


def test_second_writer_waits_then_reports_lock(db_path, monkeypatch):
    from envhelp.storage import database

    first = Store(db_path)
    first.conn.execute("BEGIN IMMEDIATE")
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 100)
    second = Store(db_path)
    second.conn.execute("PRAGMA busy_timeout = 100")
    with pytest.raises(StorageError, match="另一个"):
        officers.add(second, {"name": "乙"})
    first.conn.execute("ROLLBACK")
    officers.add(second, {"name": "乙"})  # works once the other writer is done
    first.close()
    second.close()
