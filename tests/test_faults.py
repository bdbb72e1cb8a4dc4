"""Faults an officer can meet, each at the core and through the CLI.

Every fault must give a clear message with a way forward (exit code 2 on the
command line), never a traceback, and never lose a record saved before it.
The faults are real SQLite conditions, not mocks: a second connection holding
the write lock, SQLite's read-only open mode, damaged files, and
``PRAGMA max_page_count`` for a full disk (SQLite answers SQLITE_FULL exactly
as it does when the disk has no room left).
"""

from __future__ import annotations

import io
import json
import random
import sqlite3

import openpyxl
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from envhelp.cli import cli
from envhelp.domain import enterprises, problems, visits
from envhelp.errors import StorageError
from envhelp.storage import Store, backup, database, migrations
from envhelp.storage.integrity import check
from tests.conftest import VALID_USCC

LOCK_ZH, LOCK_EN = "另一个 EnvHelp", "another EnvHelp"
READONLY_ZH, READONLY_EN = "只读", "copy it to a writable place"
DAMAGED_ZH, DAMAGED_EN = "从备份恢复", "Restore it from a backup"


@pytest.fixture
def short_wait(monkeypatch):
    """Give up on a held lock after 0.2 s instead of 5 s (the message is the same)."""
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 200)


@pytest.fixture
def saved(db_path):
    """A database with a few records, closed: (path, enterprise names, audit entries)."""
    with Store(db_path, actor="tester") as store:
        for i, code in enumerate(VALID_USCC):
            enterprises.add(store, {"name": f"已保存企业{i}", "uscc": code, "town": "城阳街道"})
        names = [r["name"] for r in store.query("SELECT name FROM enterprises ORDER BY name")]
        audit = store.scalar("SELECT count(*) FROM audit_log")
    return db_path, names, audit


def names_in(path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM enterprises ORDER BY name")]
    finally:
        conn.close()


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def assert_cli_fault(result, *needles: str) -> None:
    """Exit 2, the message on the output, no traceback, no unexpected exception."""
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    for needle in needles:
        assert needle in result.output, result.output


# -- a second copy of the app writing the same database ------------------------------


def test_second_writer_core_message_then_write_succeeds(saved, short_wait):
    path, names, audit = saved
    other = sqlite3.connect(path)
    other.execute("BEGIN IMMEDIATE")  # the other EnvHelp is in the middle of saving
    with Store(path) as store:
        with pytest.raises(StorageError) as info:
            enterprises.add(store, {"name": "新企业"})
        assert LOCK_ZH in info.value.message_zh and "Close the other one" in info.value.message_en
        other.execute("ROLLBACK")
        other.close()
        enterprises.add(store, {"name": "新企业"})  # works once the other one is done
        assert store.scalar("SELECT count(*) FROM audit_log") == audit + 1
    assert names_in(path) == sorted([*names, "新企业"])


def test_second_writer_cli(saved, short_wait):
    path, names, _ = saved
    other = sqlite3.connect(path)
    other.execute("BEGIN IMMEDIATE")
    blocked = run("--db", str(path), "enterprises", "add", "--name", "新企业")
    assert_cli_fault(blocked, LOCK_ZH)
    english = run("--db", str(path), "--lang", "en", "enterprises", "add", "--name", "新企业")
    assert_cli_fault(english, LOCK_EN)
    other.execute("ROLLBACK")
    other.close()
    assert names_in(path) == names

    ok = run("--db", str(path), "enterprises", "add", "--name", "新企业")
    assert ok.exit_code == 0, ok.output
    assert names_in(path) == sorted([*names, "新企业"])


# -- locked at open time -----------------------------------------------------------


@pytest.fixture
def exclusive_lock(saved):
    """Another program holds the file exclusively (``locking_mode = EXCLUSIVE``): even
    reading is impossible until it lets go."""
    path = saved[0]
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("PRAGMA locking_mode = EXCLUSIVE")
    other.execute("BEGIN EXCLUSIVE")
    other.execute("UPDATE settings SET value = value WHERE 0")
    yield other
    other.close()


def test_locked_at_open_core(saved, short_wait, exclusive_lock):
    path, names, _ = saved
    with pytest.raises(StorageError) as info:
        Store(path)
    assert LOCK_ZH in info.value.message_zh and "try again" in info.value.message_en
    exclusive_lock.execute("COMMIT")
    exclusive_lock.close()
    with Store(path) as store:
        assert store.scalar("SELECT count(*) FROM enterprises") == len(names)


def test_locked_at_open_cli(saved, short_wait, exclusive_lock):
    path, names, _ = saved
    assert_cli_fault(run("--db", str(path), "enterprises", "list"), LOCK_ZH)
    assert_cli_fault(run("--db", str(path), "--lang", "en", "check"), LOCK_EN)
    exclusive_lock.execute("COMMIT")
    exclusive_lock.close()
    listed = run("--db", str(path), "enterprises", "list", "--json")
    assert listed.exit_code == 0
    assert sorted(e["name"] for e in json.loads(listed.output)) == names


# -- read-only media -----------------------------------------------------------------
# We run as root, so chmod would not stop a write. Store(read_only=True) opens the file
# through SQLite's URI ``mode=ro``, the mode SQLite itself falls back to on
# write-protected media: SQLite then refuses every write with SQLITE_READONLY.


def test_read_only_core(saved):
    path, names, audit = saved
    with Store(path, read_only=True) as store:
        assert store.read_only
        assert [e["name"] for e in enterprises.list_page(store)] == names  # reading works
        with pytest.raises(StorageError) as info:
            enterprises.add(store, {"name": "新企业"})
        assert READONLY_ZH in info.value.message_zh
        assert READONLY_EN in info.value.message_en
        with pytest.raises(StorageError, match="只读"):
            store.set_setting("unit_name", "城阳分局")
        assert check(store).ok  # `envhelp check` works on a read-only copy
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            store.conn.execute("DELETE FROM enterprises")  # SQLite itself refuses
        store.conn.rollback()
    assert names_in(path) == names
    with Store(path) as store:
        assert store.scalar("SELECT count(*) FROM audit_log") == audit


def test_read_only_cannot_upgrade_or_create(saved, tmp_path):
    path = saved[0]
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {migrations.LATEST - 1}")
    conn.close()
    with pytest.raises(StorageError) as info:
        Store(path, read_only=True)
    assert "upgrade" in info.value.message_en and "writable folder" in info.value.message_en
    with pytest.raises(StorageError, match="这里没有数据库"):
        Store(tmp_path / "nowhere.sqlite3", read_only=True)
    assert not (tmp_path / "nowhere.sqlite3").exists()


def test_read_only_cli(saved):
    path, names, _ = saved
    listed = run("--db", str(path), "--read-only", "enterprises", "list", "--json")
    assert listed.exit_code == 0, listed.output
    assert sorted(e["name"] for e in json.loads(listed.output)) == names
    checked = run("--db", str(path), "--read-only", "check")
    assert checked.exit_code == 0, checked.output

    refused = run("--db", str(path), "--read-only", "enterprises", "add", "--name", "新企业")
    assert_cli_fault(refused, "只读", "可写")
    english = run(
        "--db", str(path), "--read-only", "--lang", "en", "officers", "add", "--name", "王敏"
    )
    assert_cli_fault(english, READONLY_EN)
    assert names_in(path) == names


# -- missing database / unusable location -------------------------------------------


def test_missing_database_core(tmp_path):
    missing = tmp_path / "U盘" / "envhelp.sqlite3"
    with pytest.raises(StorageError) as info:
        Store(missing, create=False)
    assert str(missing) in info.value.message_en
    assert "envhelp restore" in info.value.message_en and "U 盘" in info.value.message_zh
    assert not missing.exists() and not missing.parent.exists()


def test_missing_database_cli(tmp_path):
    # Only ``envhelp init`` (and ``demo``) create a database; every other command, read-only
    # or not, refuses a missing file, and a folder that cannot exist is refused.
    missing = tmp_path / "envhelp.sqlite3"
    for read_only in ([], ["--read-only"]):
        assert_cli_fault(
            run("--db", str(missing), *read_only, "enterprises", "list"),
            "这里没有数据库",
            "envhelp init",
        )
        assert not missing.exists()

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be", encoding="utf-8")
    assert_cli_fault(run("--db", str(blocker / "envhelp.sqlite3"), "init"), "可写的文件夹")
    with pytest.raises(StorageError, match="writable|可写"):
        Store(blocker / "envhelp.sqlite3")


# -- corrupt database files -----------------------------------------------------------


def test_random_bytes_core_and_cli(tmp_path):
    bad = tmp_path / "envhelp.sqlite3"
    bad.write_bytes(random.Random(1).randbytes(64 * 1024))
    original = bad.read_bytes()
    with pytest.raises(StorageError) as info:
        Store(bad)
    assert DAMAGED_ZH in info.value.message_zh and DAMAGED_EN in info.value.message_en
    assert_cli_fault(run("--db", str(bad), "enterprises", "list"), "损坏", DAMAGED_ZH)
    assert_cli_fault(run("--db", str(bad), "--lang", "en", "check"), DAMAGED_EN)
    assert bad.read_bytes() == original  # the damaged file is never written to


def _big_database(path, rows=400):
    with Store(path, actor="tester") as store:
        with store.transaction():
            for i in range(rows):
                enterprises.add(store, {"name": f"企业{i:04d}", "notes": "备注" * 200})
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        pages = store.scalar("PRAGMA page_count")
        page_size = store.scalar("PRAGMA page_size")
        leaves = [
            r[0]
            for r in store.conn.execute(
                "SELECT pageno FROM dbstat WHERE name = 'enterprises' AND pagetype = 'leaf'"
            )
        ]
    return pages, page_size, leaves


def test_truncated_database_core_and_cli(tmp_path):
    path = tmp_path / "envhelp.sqlite3"
    pages, page_size, _ = _big_database(path)
    with open(path, "r+b") as handle:
        handle.truncate(page_size * (pages // 2))

    with pytest.raises(StorageError) as info:  # the lost half is noticed on opening
        Store(path)
    assert DAMAGED_ZH in info.value.message_zh and DAMAGED_EN in info.value.message_en
    assert_cli_fault(run("--db", str(path), "check"), DAMAGED_ZH)
    assert_cli_fault(run("--db", str(path), "enterprises", "list"), DAMAGED_ZH)


def test_garbage_pages_fail_the_check_and_a_backup_restores(tmp_path):
    path = tmp_path / "envhelp.sqlite3"
    _, page_size, leaves = _big_database(path)
    with Store(path) as store:  # the officer's automatic backup from before the damage
        saved_backup = backup.backup_to(store, tmp_path / "backup.zip").path
    rng = random.Random(7)
    with open(path, "r+b") as handle:  # page 1 (header and schema) stays as it was
        for page in leaves[len(leaves) // 3 : len(leaves) // 3 + 5]:
            handle.seek((page - 1) * page_size)
            handle.write(rng.randbytes(page_size))

    with Store(path) as store:  # opens: the header and the schema are fine
        report = check(store)
        assert not report.area_ok("database")
        finding = report.findings[0]
        assert finding.kind == "integrity"
        assert "envhelp restore" in finding.message_en and "备份" in finding.message_zh

    checked = run("--db", str(path), "check")
    assert checked.exit_code == 3 and "Traceback" not in checked.output
    assert "数据库: 有问题" in checked.output and "envhelp restore" in checked.output
    listed = run("--db", str(path), "enterprises", "list")
    assert_cli_fault(listed, "损坏", DAMAGED_ZH)

    # The way forward works: restore the backup and the check is clean again.
    restored = run("--db", str(path), "restore", str(saved_backup))
    assert restored.exit_code == 0, restored.output
    with Store(path) as store:
        assert check(store).ok
        assert enterprises.count(store) == 400


# -- full disk ----------------------------------------------------------------------


def _fill_to_the_brim(conn: sqlite3.Connection) -> None:
    """No page may be added: SQLite answers the next growing write with SQLITE_FULL."""
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")


def test_full_disk_core_keeps_earlier_records(saved):
    path, names, audit = saved
    with Store(path) as store:
        _fill_to_the_brim(store.conn)
        with pytest.raises(StorageError) as info:
            for i in range(50):  # the free space left inside the last pages runs out
                enterprises.add(store, {"name": f"大企业{i}", "notes": "很长的备注" * 300})
        assert "磁盘空间已满" in info.value.message_zh
        assert "records saved earlier are intact" in info.value.message_en
        assert not store.conn.in_transaction
        added = store.scalar("SELECT count(*) FROM enterprises") - len(names)
        # Every action either went in whole (with its audit entry) or not at all.
        assert store.scalar("SELECT count(*) FROM audit_log") == audit + added
        assert check(store).ok
        # Once there is room again, the same action succeeds.
        store.conn.execute("PRAGMA max_page_count = 1073741823")
        enterprises.add(store, {"name": "腾出空间后", "notes": "很长的备注" * 300})
    assert set(names) <= set(names_in(path))
    assert "腾出空间后" in names_in(path)


def test_full_disk_cli(saved, monkeypatch):
    path, names, audit = saved
    configure = Store._configure

    def full_disk(self):
        configure(self)
        _fill_to_the_brim(self.conn)

    monkeypatch.setattr(Store, "_configure", full_disk)
    for lang, needle in (("zh", "磁盘空间已满"), ("en", "disk is full")):
        result = run(
            "--db",
            str(path),
            "--lang",
            lang,
            "enterprises",
            "add",
            "--name",
            "大企业",
            "--notes",
            "很长的备注" * 390,
        )
        assert_cli_fault(result, needle)
    monkeypatch.undo()
    assert names_in(path) == names
    with Store(path) as store:
        assert store.scalar("SELECT count(*) FROM audit_log") == audit
        assert check(store).ok


# -- output injection: user text is never a formula or markup ------------------------

INJECTIONS = ['=HYPERLINK("http://x")', "+1+1", "@SUM(A1)", "-2+3", "=cmd|' /C calc'!A0"]


@pytest.fixture
def hostile(store, officer, one_officer_publicity):
    firm = enterprises.add(
        store, {"name": "@SUM(A1) 化工", "uscc": VALID_USCC[1], "town": "+1+1", "industry": "=1+1"}
    )
    visit = visits.create(
        store,
        {
            "enterprise_id": firm["id"],
            "date": "2026-03-05",
            "type": "stationed",
            "officer_ids": [officer["id"]],
            "guidance": "<b>粗体</b> & <font>",
            "representative": '=HYPERLINK("http://x")',
        },
    )
    for text in [*INJECTIONS, "<b>粗体</b> & <font>"]:
        problems.create(
            store,
            {
                "enterprise_id": firm["id"],
                "visit_id": visit["id"],
                "found_on": "2026-03-05",
                "description": text,
                "requirement": text,
                "deadline": "2026-03-20",
            },
        )
    return visits.finalize(store, visit["id"])  # summaries count final visits only


def _all_cells(path):
    workbook = openpyxl.load_workbook(path)  # not read-only: data_type and formulas visible
    try:
        return [
            c
            for ws in workbook.worksheets
            for row in ws.iter_rows()
            for c in row
            if c.value is not None
        ]
    finally:
        workbook.close()


def test_ledger_xlsx_writes_formula_like_text_as_text(store, hostile, tmp_path):
    from envhelp.reports.ledger_xlsx import export_ledger

    target = tmp_path / "ledger.xlsx"
    export_ledger(store, target)
    cells = _all_cells(target)
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    by_value = {}
    for c in cells:
        by_value.setdefault(c.value, []).append(c)
    for text in [*INJECTIONS, "@SUM(A1) 化工", "+1+1"]:
        assert text in by_value, text  # stored exactly as typed
        assert all(c.data_type == "s" and c.quotePrefix for c in by_value[text])


def test_summary_xlsx_writes_formula_like_text_as_text(store, hostile, tmp_path):
    from envhelp.reports.summary_xlsx import write_summary_xlsx

    target = tmp_path / "summary.xlsx"
    write_summary_xlsx(store, "2026-03", target)
    cells = _all_cells(target)
    texts = {c.value: c for c in cells if isinstance(c.value, str)}
    # The summary's own figures may be formulas; no user text ever is.
    for text in ("@SUM(A1) 化工", "+1+1", "=1+1", '=HYPERLINK("http://x")'):
        assert text in texts, text
        assert texts[text].data_type == "s"


def test_pdf_prints_user_text_literally(store, bureau, hostile):
    from envhelp.reports.pdf import collect_visit_record, render_notice, render_visit_record

    record = collect_visit_record(store, hostile["id"])
    for pdf in (render_visit_record(record), render_notice(record)):
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
        assert "<b>粗体</b> & <font>" in text
        assert "@SUM(A1) 化工" in text


def test_every_storage_fault_names_its_kind(tmp_path):
    """The GUI offers ways forward by StorageError.kind; the core sets it for each fault."""
    from envhelp.errors import StorageError
    from envhelp.storage import Store

    bad = tmp_path / "garbage.sqlite3"
    bad.write_bytes(b"not a database at all" * 200)
    with pytest.raises(StorageError) as corrupt:
        Store(bad)
    assert corrupt.value.kind == StorageError.CORRUPT
    with pytest.raises(StorageError) as missing:
        Store(tmp_path / "absent.sqlite3", create=False)
    assert missing.value.kind == StorageError.MISSING
