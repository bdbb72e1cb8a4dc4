"""``envhelp check`` sees edits made outside the app (issue 15).

Each test edits the file with plain SQLite, as someone bypassing EnvHelp would,
and expects the finding to name the table and the record (or the audit entry).
"""

from __future__ import annotations

import hashlib
import json
import random
import sqlite3

import pytest
from click.testing import CliRunner

from envhelp.cli import cli
from envhelp.domain import attachments, enterprises, stored_templates
from envhelp.storage import Store, backup
from envhelp.storage.database import GENESIS_HASH, audit_hash
from envhelp.storage.integrity import check
from tests.conftest import draft_visit


@pytest.fixture
def records(store, officer, tmp_path):
    first = enterprises.add(store, {"name": "甲公司"})
    second = enterprises.add(store, {"name": "乙公司"})
    enterprises.update(store, first["id"], {"name": "甲公司（更名）"})
    visit = draft_visit(
        store, first["id"], [officer["id"]], "stationed", day="2026-03-05", time=None
    )
    photos = []
    for n in range(2):
        photo = tmp_path / f"photo{n}.png"
        photo.write_bytes(b"\x89PNG photo %d" % n)
        photos.append(attachments.add(store, photo, visit_id=visit["id"]))
    stored_templates.ensure_builtin_templates(store)
    assert check(store).ok, check(store).findings
    return {"first": first, "second": second, "visit": visit, "photos": photos}


def outside_the_app(db_path, *statements, params=()):
    conn = sqlite3.connect(str(db_path))
    try:
        for sql in statements:
            conn.execute(sql, params) if "?" in sql else conn.execute(sql)
        conn.commit()
    finally:
        conn.close()


def rechain(db_path) -> None:
    """Recompute every hash of the log, as someone covering their tracks would."""
    conn = sqlite3.connect(str(db_path))
    conn.row_factory = sqlite3.Row
    try:
        conn.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        prev = GENESIS_HASH
        for row in conn.execute("SELECT * FROM audit_log ORDER BY seq").fetchall():
            entry = dict(row)
            digest = audit_hash(prev, entry)
            conn.execute(
                "UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?",
                (prev, digest, entry["seq"]),
            )
            prev = digest
        conn.commit()
    finally:
        conn.close()


def findings_of(store):
    return {
        (f.area, f.kind, f.details.get("table"), f.details.get("record_id"))
        for f in check(store).findings
    }


def test_record_changed_with_plain_sql(store, db_path, records):
    outside_the_app(
        db_path,
        "UPDATE enterprises SET name = '改过的名字' WHERE id = ?",
        params=(records["second"]["id"],),
    )
    assert findings_of(store) == {
        ("records", "changed_outside", "enterprises", records["second"]["id"])
    }
    [finding] = check(store).findings
    assert finding.details["columns"] == ["name"]
    # Named as people know it; the id is in the JSON report.
    assert "Enterprises (enterprises) record “改过的名字”" in finding.message_en
    assert "企业（enterprises）中的记录“改过的名字”" in finding.message_zh.replace(" ", "")
    assert records["second"]["id"] not in finding.message_zh

    result = CliRunner().invoke(cli, ["--db", str(db_path), "--lang", "en", "check", "--json"])
    assert result.exit_code == 3
    assert json.loads(result.output)["findings"][0]["record_id"] == records["second"]["id"]


def test_record_inserted_and_deleted_with_plain_sql(store, db_path, records):
    outside_the_app(
        db_path,
        "INSERT INTO enterprises (id, name, search_text, created_at, updated_at) "
        "VALUES ('planted', '凭空出现的企业', '', '2026-01-01', '2026-01-01')",
        "PRAGMA foreign_keys = OFF",
    )
    outside_the_app(
        db_path, "DELETE FROM attachments WHERE id = ?", params=(records["photos"][1]["id"],)
    )
    assert findings_of(store) == {
        ("records", "inserted_outside", "enterprises", "planted"),
        ("records", "deleted_outside", "attachments", records["photos"][1]["id"]),
    }


def test_emptied_log(store, db_path, records):
    outside_the_app(
        db_path,
        "DROP TRIGGER audit_log_no_delete",
        "DELETE FROM audit_log",
        "DELETE FROM sqlite_sequence WHERE name = 'audit_log'",
    )
    found = findings_of(store)
    assert ("records", "inserted_outside", "enterprises", records["first"]["id"]) in found
    assert {area for area, *_ in found} == {"records"}
    assert len(found) > 5  # every record now lacks its entries


def test_truncated_log_with_its_counter_reset(store, db_path, records):
    last = store.scalar("SELECT max(seq) FROM audit_log")
    cut = store.scalar("SELECT seq FROM audit_log WHERE table_name = 'attachments' ORDER BY seq")
    outside_the_app(
        db_path,
        "DROP TRIGGER audit_log_no_delete",
        f"DELETE FROM audit_log WHERE seq >= {cut}",
        f"UPDATE sqlite_sequence SET seq = {cut - 1} WHERE name = 'audit_log'",
    )
    assert last > cut
    found = findings_of(store)
    assert ("records", "inserted_outside", "attachments", records["photos"][0]["id"]) in found
    assert all(area == "records" for area, *_ in found)


def rename_in_the_log(store, db_path, record_id: str, name: str) -> None:
    """Make the log say the record was created under another name (chain not yet fixed)."""
    seq = store.scalar(
        "SELECT seq FROM audit_log WHERE record_id = ? AND action = 'create'", (record_id,)
    )
    after = json.loads(store.scalar("SELECT after FROM audit_log WHERE seq = ?", (seq,)))
    after["name"] = name
    outside_the_app(
        db_path,
        "DROP TRIGGER audit_log_no_update",
        "UPDATE audit_log SET after = ? WHERE seq = " + str(seq),
        params=(json.dumps(after, ensure_ascii=False),),
    )


def test_recomputed_chain_after_editing_an_entry(store, db_path, records):
    rename_in_the_log(store, db_path, records["second"]["id"], "别的名字")
    rechain(db_path)
    assert findings_of(store) == {
        ("records", "changed_outside", "enterprises", records["second"]["id"])
    }


def test_recomputed_chain_after_editing_record_and_entry_shows_against_a_backup(
    store, db_path, records
):
    backup.auto_backup(store)  # made on the last close: it records the chain's last entry
    rename_in_the_log(store, db_path, records["second"]["id"], "别的名字")
    outside_the_app(
        db_path,
        "UPDATE enterprises SET name = '别的名字' WHERE id = ?",
        params=(records["second"]["id"],),
    )
    rechain(db_path)
    [finding] = check(store).findings
    assert (finding.area, finding.kind) == ("audit_log", "rewritten")
    assert "backup" in finding.message_en


def test_forged_entry_appended(store, db_path, records):
    last = store.query_one("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
    entry = {
        "at": "2026-03-06T00:00:00.000Z",
        "actor": "王敏",
        "action": "update",
        "table_name": "enterprises",
        "record_id": records["second"]["id"],
        "before": json.dumps({"name": "乙公司"}, ensure_ascii=False),
        "after": json.dumps({"name": "从未改过"}, ensure_ascii=False),
    }
    outside_the_app(
        db_path,
        "INSERT INTO audit_log (at, actor, action, table_name, record_id, before, after, "
        "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        params=(*entry.values(), last["hash"], audit_hash(last["hash"], entry)),
    )
    assert findings_of(store) == {
        ("records", "changed_outside", "enterprises", records["second"]["id"])
    }


def test_altered_template(store, db_path, records):
    row = store.query_one("SELECT id, version, content FROM checklist_templates LIMIT 1")
    content = json.loads(row["content"])
    content["items"][0]["text_zh"] = "改过的要求"
    outside_the_app(
        db_path,
        "UPDATE checklist_templates SET content = ? WHERE id = ?",
        params=(json.dumps(content, ensure_ascii=False), row["id"]),
    )
    assert findings_of(store) == {
        ("records", "changed_outside", "checklist_templates", f"{row['id']}/{row['version']}")
    }


def test_attachment_swapped_with_its_hash(store, db_path, records):
    photo = records["photos"][0]
    path = attachments.stored_path(store, photo)
    other = b"\x89PNG a different picture"
    new_sha = hashlib.sha256(other).hexdigest()
    (path.parent / (new_sha + ".png")).write_bytes(other)
    outside_the_app(
        db_path, "UPDATE attachments SET sha256 = ? WHERE id = ?", params=(new_sha, photo["id"])
    )
    assert findings_of(store) == {("records", "changed_outside", "attachments", photo["id"])}


def test_two_attachments_swapped(store, db_path, records):
    a, b = records["photos"]
    outside_the_app(
        db_path,
        f"UPDATE attachments SET sha256 = CASE id WHEN '{a['id']}' THEN '{b['sha256']}' "
        f"ELSE '{a['sha256']}' END WHERE id IN ('{a['id']}', '{b['id']}')",
    )
    assert findings_of(store) == {
        ("records", "changed_outside", "attachments", a["id"]),
        ("records", "changed_outside", "attachments", b["id"]),
    }


def test_text_that_cannot_be_decoded_is_reported_not_a_crash(store, db_path, records):
    outside_the_app(
        db_path,
        "UPDATE enterprises SET name = CAST(X'E794B2FF' AS TEXT) WHERE id = ?",
        params=(records["first"]["id"],),
    )
    report = check(store)
    assert any(f.kind == "unreadable" and f.area == "records" for f in report.findings)
    result = CliRunner().invoke(cli, ["--db", str(db_path), "check"])
    assert result.exit_code == 3 and "Traceback" not in result.output
    assert "无法读取" in result.output


@pytest.mark.parametrize("seed", range(8))
def test_random_page_damage_is_reported_never_a_crash(store, db_path, records, seed):
    for n in range(300):
        enterprises.add(store, {"name": f"企业{n:03d}", "notes": "备注" * 30})
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = store.scalar("PRAGMA page_size")
    # Pages full of records: damage to the free space of an empty table's page (the schema
    # has many) is harmless, and a check that finds nothing there is right.
    pages = [
        r["pageno"]
        for r in store.query(
            "SELECT pageno FROM dbstat WHERE name = 'enterprises' AND pagetype = 'leaf' "
            "AND unused < ?",
            (page_size // 4,),
        )
    ]
    store.close()
    rng = random.Random(seed)
    with open(db_path, "r+b") as handle:
        for page in rng.sample(pages, 3):
            handle.seek((page - 1) * page_size + rng.randrange(page_size // 2))
            handle.write(rng.randbytes(rng.randrange(16, page_size // 2)))
    result = CliRunner().invoke(cli, ["--db", str(db_path), "--lang", "en", "check"])
    assert result.exit_code in (2, 3), result.output  # 2: not even openable
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Internal error" not in result.output and "Traceback" not in result.output


def test_a_restore_is_not_taken_for_a_rewritten_log(store, db_path, records, freeze_today):
    """Backups made after the one restored belong to the history left behind."""
    from datetime import date

    older = backup.auto_backup(store, date(2026, 3, 1))
    enterprises.add(store, {"name": "后来加的"})
    backup.auto_backup(store, date(2026, 3, 2))  # its chain head is beyond the older one's
    store.close()
    backup.restore(db_path, older)
    with Store(db_path) as restored:
        enterprises.add(restored, {"name": "恢复后新加的"})  # the log goes another way
        report = check(restored)
        assert report.ok, report.findings
        backup.auto_backup(restored, date(2026, 3, 3))
        # A re-chained edit after the restore is still caught against the new backup.
        seq = restored.scalar(
            "SELECT seq FROM audit_log WHERE action = 'create' "
            "AND table_name = 'enterprises' ORDER BY seq LIMIT 1"
        )
    outside_the_app(
        db_path,
        "DROP TRIGGER audit_log_no_update",
        f"UPDATE audit_log SET actor = 'x' WHERE seq = {seq}",
    )
    rechain(db_path)
    with Store(db_path) as again:
        assert [f.kind for f in check(again).findings] == ["rewritten"]
