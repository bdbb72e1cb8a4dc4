"""Restore and backup under real faults (issue 15): damaged, empty or missing databases,
another process holding the database, two restores in a row, a clock set back,
backups that must be refused, leftovers of killed runs."""

from __future__ import annotations

import json
import random
import sqlite3
import subprocess
import sys
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from envhelp.cli import cli
from envhelp.domain import attachments, enterprises
from envhelp.errors import StorageError
from envhelp.storage import Store, backup, migrations, process_lock
from envhelp.storage.files import file_sha256
from tests.conftest import draft_visit


def run(*args: str):
    return CliRunner().invoke(cli, ["--lang", "en", *args])


@pytest.fixture
def saved(tmp_path):
    """A database with two enterprises and a photo, and a backup of it."""
    path = tmp_path / "envhelp.sqlite3"
    photo = tmp_path / "photo.png"
    photo.write_bytes(b"\x89PNG one photo")
    with Store(path, actor="tester") as store:
        first = enterprises.add(store, {"name": "甲公司"})
        enterprises.add(store, {"name": "乙公司"})
        visit = draft_visit(store, first["id"], [], "stationed", day="2026-03-01", time=None)
        attachments.add(store, photo, visit_id=visit["id"])
        made = backup.backup_to(store, tmp_path / "backup.zip").path
    return path, made


def names(path: Path) -> list[str]:
    with Store(path, create=False, read_only=True) as store:
        return [r["name"] for r in store.query("SELECT name FROM enterprises ORDER BY name")]


# -- restore over whatever is there ---------------------------------------------------


def _damage_pages(path: Path) -> None:
    with Store(path) as store:
        page_size = store.scalar("PRAGMA page_size")
        leaves = [
            r[0]
            for r in store.conn.execute(
                "SELECT pageno FROM dbstat WHERE name = 'enterprises' AND pagetype = 'leaf'"
            )
        ]
    with open(path, "r+b") as handle:
        for page in leaves:
            handle.seek((page - 1) * page_size)
            handle.write(random.Random(3).randbytes(page_size))


DAMAGES = {
    "random bytes": lambda p: p.write_bytes(random.Random(1).randbytes(64 * 1024)),
    "empty file": lambda p: p.write_bytes(b""),
    "garbage pages": _damage_pages,
}


@pytest.mark.parametrize("damage", DAMAGES)
def test_cli_restore_over_a_damaged_or_empty_database(saved, damage):
    path, made = saved
    DAMAGES[damage](path)
    before = path.read_bytes()

    result = run("--db", str(path), "restore", str(made))

    assert result.exit_code == 0, result.output
    assert names(path) == ["乙公司", "甲公司"]
    [aside] = path.parent.glob("envhelp.before-restore-*.sqlite3")
    assert aside.read_bytes() == before  # moved aside as it was, never written to
    assert str(aside) in result.output


def test_cli_restore_where_there_is_no_database(saved):
    path, made = saved
    path.unlink()
    for side in path.parent.glob("envhelp.sqlite3-*"):
        side.unlink()
    result = run("--db", str(path), "restore", str(made))
    assert result.exit_code == 0, result.output
    assert "no database here before" in result.output
    assert names(path) == ["乙公司", "甲公司"]
    assert not list(path.parent.glob("*.before-restore-*"))


def test_two_restores_in_a_row_keep_every_previous_database(saved):
    path, made = saved
    original = file_sha256(path)
    first = backup.restore(path, made)
    second = backup.restore(path, made)
    third = backup.restore(path, made)
    assert len({first, second, third}) == 3  # unique names, within the same second
    assert file_sha256(first) == original  # the original database is still there
    assert all(p.exists() for p in (first, second, third))


def test_restores_at_the_same_clock_reading_keep_every_previous_database(saved, monkeypatch):
    """The safety copy is named by the time, to the millisecond: restores in a row on a
    fast machine (or with a coarse clock) can read the same time, and must still never
    reuse a name. The clock is held still here, so the collision surely happens."""
    path, made = saved
    monkeypatch.setattr(backup, "utc_now", lambda: "2026-12-05T01:02:03.456Z")
    original = file_sha256(path)
    first = backup.restore(path, made)
    restored = file_sha256(path)
    second = backup.restore(path, made)
    third = run("--db", str(path), "restore", str(made))  # the CLI names the same way
    assert third.exit_code == 0, third.output
    copies = sorted(path.parent.glob("envhelp.before-restore-*.sqlite3"))
    assert len(copies) == 3 and first in copies and second in copies
    assert file_sha256(first) == original  # the original database is still there
    assert file_sha256(second) == restored


# -- another process has the database open -------------------------------------------------

HOLDER = """
import sys
from envhelp.storage import Store, process_lock
if sys.argv[2] == "byte ranges":
    process_lock.LOCKS = process_lock.ByteRangeLocks(process_lock.posix_byte_lock)
store = Store(sys.argv[1])
Store(sys.argv[1]).close()  # as the app's dashboard reads on a connection of its own
print("open", flush=True)
sys.stdin.readline()
store.close()
"""


@pytest.fixture(params=["flock", "byte ranges"])
def other_process(saved, request, monkeypatch):
    """Another EnvHelp process with the database open (as the app would have it), both
    locking with flock (Linux, macOS) or with one-byte locks, as on Windows (msvcrt's
    are exclusive only; fcntl's record locks stand in for them here)."""
    if request.param == "byte ranges":
        monkeypatch.setattr(
            process_lock, "LOCKS", process_lock.ByteRangeLocks(process_lock.posix_byte_lock)
        )
    path, _ = saved
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path), request.param],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout.readline().strip() == "open"
    yield proc
    if proc.poll() is None:
        close(proc)
    proc.stdin.close()
    proc.stdout.close()


def close(proc: subprocess.Popen) -> None:
    """The other program closes its database and exits."""
    proc.stdin.write("\n")
    proc.stdin.flush()
    proc.wait(timeout=10)


@pytest.mark.skipif(process_lock.fcntl is None, reason="flock is not available on this system")
def test_restore_is_refused_while_another_process_has_the_database(saved, other_process):
    path, made = saved
    with Store(path) as store:
        enterprises.add(store, {"name": "恢复前新加的"})
    before = file_sha256(path)

    result = run("--db", str(path), "restore", str(made))

    assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1
    assert "Close it, then restore" in result.output
    assert f"pid {other_process.pid}" in result.output  # names what to close
    assert file_sha256(path) == before and not list(path.parent.glob("*.before-restore-*"))

    close(other_process)  # the other program is closed: now it works
    assert run("--db", str(path), "restore", str(made)).exit_code == 0
    assert "恢复前新加的" not in names(path)


@pytest.mark.skipif(process_lock.fcntl is None, reason="flock is not available on this system")
def test_leftovers_are_cleaned_only_when_no_other_process_has_the_database(saved, other_process):
    path, _ = saved
    leftovers = [
        path.parent / "backups" / "daily" / "envhelp-2026-01-02.zip.part",
        path.parent / "envhelp-attachments" / ("0" * 64 + ".png.part"),
        path.parent / ".envhelp.sqlite3.restore-x1y2" / "envhelp.sqlite3",
    ]
    for leftover in leftovers:
        leftover.parent.mkdir(parents=True, exist_ok=True)
        leftover.write_bytes(b"half")
    with Store(path):  # the other process may be writing them: they stay
        pass
    assert all(p.exists() for p in leftovers)

    close(other_process)
    with Store(path):
        pass
    assert not any(p.exists() for p in leftovers)
    assert not leftovers[2].parent.exists()
    assert (path.parent / "envhelp-attachments").is_dir()  # only the partial files went


# -- backups that must be refused -------------------------------------------------------------


def reseal(source: Path, target: Path, *, database=None, attachment=None) -> Path:
    """Copy a backup, changing its database or an attachment, with matching checksums,
    as someone who knows the format would."""
    with zipfile.ZipFile(source) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    manifest = json.loads(members.pop("manifest.json"))
    if database is not None:
        db = target.with_suffix(".sqlite3")
        db.write_bytes(members[backup.DB_MEMBER])
        conn = sqlite3.connect(db)
        database(conn)
        conn.commit()
        conn.close()
        members[backup.DB_MEMBER] = db.read_bytes()
        manifest["database_sha256"] = file_sha256(db)
    if attachment is not None:
        name = next(iter(manifest["attachments"]))
        members[f"attachments/{name}"] = attachment
        import hashlib

        manifest["attachments"][name] = hashlib.sha256(attachment).hexdigest()
    with zipfile.ZipFile(target, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
        zf.writestr("manifest.json", json.dumps(manifest))
    return target


def _foreign(conn):
    for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type='table' "
        "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%'"
    ).fetchall():
        conn.execute(f"DROP TABLE IF EXISTS [{name}]")
    conn.execute("PRAGMA user_version = 0")
    conn.execute("CREATE TABLE customers (id, name)")


def _newer(conn):
    conn.execute(f"PRAGMA user_version = {migrations.LATEST + 1}")


def _rechained_edit(conn):
    conn.execute("UPDATE enterprises SET name = '改过的' WHERE name = '甲公司'")


def _broken_chain(conn):
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET actor = 'someone' WHERE seq = 1")


REFUSED = {
    "foreign database": ({"database": _foreign}, "not an EnvHelp database"),
    "newer schema": ({"database": _newer}, "newer EnvHelp"),
    "broken audit chain": ({"database": _broken_chain}, "audit log does not hold"),
    "record edited outside the app": ({"database": _rechained_edit}, "audit log does not hold"),
    "attachment altered": ({"attachment": b"\x89PNG another photo"}, "attachment"),
}


@pytest.mark.parametrize("case", REFUSED)
def test_restore_refuses_a_backup_that_does_not_hold(saved, tmp_path, case):
    path, made = saved
    changes, reason = REFUSED[case]
    bad = reseal(made, tmp_path / "bad.zip", **changes)
    before = file_sha256(path)

    result = run("--db", str(path), "restore", str(bad))

    assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1
    assert reason in result.output and "current database was not changed" in result.output
    assert file_sha256(path) == before
    assert not list(path.parent.glob("*.before-restore-*"))
    assert not list(path.parent.glob(".envhelp.sqlite3.restore-*"))


def test_backup_refuses_a_damaged_database(saved, tmp_path):
    path, _ = saved
    _damage_pages(path)
    target = tmp_path / "of-damaged.zip"
    with Store(path) as store:
        with pytest.raises(StorageError) as info:
            backup.backup_to(store, target)
        assert info.value.kind == StorageError.CORRUPT
        assert "not backed up" in info.value.message_en
        # The automatic backup on close raises the same (the app shows it at the next start).
        with pytest.raises(StorageError):
            backup.auto_backup(store, date(2026, 12, 4))
    assert not target.exists() and not list(tmp_path.glob("**/*.part"))
    assert not list((path.parent / "backups").glob("*/*.zip"))
    result = run("--db", str(path), "backup", "-o", str(target))
    assert result.exit_code == 2 and "not backed up" in result.output


# -- automatic backups and the clock ----------------------------------------------------------


def _newest_names(made: Path) -> list[str]:
    with zipfile.ZipFile(made) as zf, (made.parent / "x.sqlite3").open("wb") as out:
        out.write(zf.read(backup.DB_MEMBER))
    conn = sqlite3.connect(made.parent / "x.sqlite3")
    try:
        return [n for (n,) in conn.execute("SELECT name FROM enterprises")]
    finally:
        conn.close()
        (made.parent / "x.sqlite3").unlink()


def test_rotation_keeps_the_newest_made_whatever_the_clock_says(saved):
    path, _ = saved
    start = date(2026, 6, 1)
    with Store(path) as store:
        for day in range(backup.KEEP_DAILY):
            assert backup.auto_backup(store, start + timedelta(days=day)) is not None
        first_made = backup.backups_dir(store) / "daily" / "envhelp-2026-06-01.zip"
        assert first_made.exists()

        # The clock is set back a month; a record is added and the window closed.
        enterprises.add(store, {"name": "时钟回拨后新加的"})
        made = backup.auto_backup(store, start - timedelta(days=30))
        assert made is not None and made.exists()
        assert "时钟回拨后新加的" in _newest_names(made)
        assert not first_made.exists()  # the oldest *made* went, not the new one
        daily = list((backup.backups_dir(store) / "daily").glob("*.zip"))
        assert len(daily) == backup.KEEP_DAILY

        # Back onto a day that already has a backup: a new one beside it, not skipped.
        enterprises.add(store, {"name": "再加一家"})
        again = backup.auto_backup(store, start + timedelta(days=3))
        assert again is not None and again.name == "envhelp-2026-06-04-2.zip"
        assert "再加一家" in _newest_names(again)
        assert backup.automatic_backups(path)[0] == again  # the picker lists it first
        # The same day again: today's newest already exists, nothing to do.
        assert backup.auto_backup(store, start + timedelta(days=3)) is None


# -- the database file itself ------------------------------------------------------------------


@pytest.mark.parametrize("empty", [True, False])
def test_no_database_here_unless_init_or_demo(tmp_path, empty):
    path = tmp_path / "envhelp.sqlite3"
    if empty:
        path.write_bytes(b"")  # an interrupted copy
    for command in (
        ["check"],
        ["enterprises", "list"],
        ["--read-only", "check"],
        ["export", "-o", str(tmp_path / "b.zip")],
    ):
        result = (
            run("--db", str(path), *command)
            if command[0] != "--read-only"
            else run("--read-only", "--db", str(path), *command[1:])
        )
        assert result.exit_code == 2, (command, result.output)
        assert result.output.startswith("No database here") and "envhelp init" in result.output
        assert path.exists() == empty and (not empty or path.stat().st_size == 0)
    with pytest.raises(StorageError) as info:
        Store(path, create=False)
    assert info.value.kind == StorageError.MISSING

    assert run("--db", str(path), "init").exit_code == 0
    assert run("--db", str(path), "check").exit_code == 0


def test_closing_checkpoints_so_the_file_alone_holds_everything(saved, tmp_path):
    path, _ = saved
    still_open = Store(path)  # e.g. a worker: SQLite itself checkpoints only at the last close
    try:
        with Store(path) as store:
            enterprises.add(store, {"name": "最后一笔"})
        copy = tmp_path / "copied.sqlite3"
        copy.write_bytes(path.read_bytes())  # the file alone, without its -wal
        assert "最后一笔" in names(copy)
    finally:
        still_open.close()


@pytest.mark.parametrize(
    ("argv", "shown"),
    [
        (
            ["/usr/bin/python3", "-m", "envhelp", "--db", "/x/envhelp.sqlite3", "check"],
            "envhelp check",
        ),
        (
            ["/venv/bin/envhelp", "--lang", "en", "report", "month", "2026-01"],
            "envhelp report month",
        ),
        (["/venv/bin/python", "main.py", "--db", "x"], "main.py"),
        (["/venv/bin/envhelp-gui"], "envhelp-gui"),
    ],
)
def test_the_other_program_is_named_by_its_command(argv, shown):
    assert process_lock.describe(argv) == shown
