"""Backups and restore: complete, checked before use, never half-restored."""

from __future__ import annotations

import json
import zipfile
from datetime import date, timedelta

import pytest
from click.testing import CliRunner

from envhelp.cli import cli
from envhelp.domain import attachments, enterprises, officers
from envhelp.errors import StorageError
from envhelp.storage import Store, backup
from tests.conftest import draft_visit


@pytest.fixture
def filled(store, tmp_path):
    e = enterprises.add(store, {"name": "备份测试公司"})
    o = officers.add(store, {"name": "王敏"})
    v = draft_visit(store, e["id"], [o["id"]], "stationed", day="2026-03-01", time=None)
    photo = tmp_path / "photo.png"
    photo.write_bytes(b"\x89PNG fake")
    attachments.add(store, photo, caption="现场", visit_id=v["id"])
    return store


def table_rows(store):
    return {
        t: store.query(f"SELECT * FROM [{t}] ORDER BY 1")
        for t in ("enterprises", "officers", "visits", "attachments", "audit_log")
    }


def test_backup_and_restore_round_trip(filled, tmp_path):
    store = filled
    target = tmp_path / "b.zip"
    info = backup.backup_to(store, target)
    assert info.attachments == 1
    expected = table_rows(store)
    # Work goes on after the backup, then the user restores.
    enterprises.add(store, {"name": "备份之后的企业"})
    for f in store.attachments_dir.iterdir():
        f.unlink()
    path = store.path
    store.close()
    safety = backup.restore(path, target)
    restored = Store(path)
    got = table_rows(restored)
    # The restore itself is recorded: one audited setting saying from which file.
    marker = got["audit_log"].pop()
    assert (marker["table_name"], marker["record_id"]) == ("settings", backup.RESTORED_KEY)
    assert restored.get_setting(backup.RESTORED_KEY)["backup"] == "b.zip"
    assert got == expected
    a = restored.query_one("SELECT * FROM attachments")
    assert attachments.stored_path(restored, a).read_bytes() == b"\x89PNG fake"
    # The database as it was before the restore is kept.
    kept = Store(safety)
    assert kept.scalar("SELECT count(*) FROM enterprises WHERE name='备份之后的企业'") == 1
    kept.close()
    restored.close()


def test_inspecting_never_overwrites_a_database_in_the_workdir(filled, tmp_path):
    """The live database and a backup's share a file name; a careless workdir is refused."""
    target = tmp_path / "saved" / "b.zip"
    backup.backup_to(filled, target)
    before = filled.path.read_bytes()
    with pytest.raises(FileExistsError):
        backup.inspect_backup(target, filled.path.parent)
    assert filled.path.read_bytes() == before
    assert filled.scalar("SELECT count(*) FROM enterprises") == 1


def _rewrite_member(src, dst, name, data):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for item in zin.infolist():
            zout.writestr(item, data if item.filename == name else zin.read(item.filename))


@pytest.mark.parametrize(
    "damage",
    [
        "not_zip",
        "db_bytes",
        "manifest_format",
        "newer_schema",
        "attachment_bytes",
        "unsafe_path",
        "corrupt_stream",
    ],
)
def test_damaged_backup_is_refused_and_nothing_changes(filled, tmp_path, damage):
    store = filled
    good = tmp_path / "good.zip"
    backup.backup_to(store, good)
    bad = tmp_path / "bad.zip"
    manifest = json.loads(zipfile.ZipFile(good).read("manifest.json"))
    if damage == "not_zip":
        bad.write_bytes(b"hello")
    elif damage == "db_bytes":
        _rewrite_member(good, bad, backup.DB_MEMBER, b"SQLite format 3\x00broken")
    elif damage == "manifest_format":
        _rewrite_member(good, bad, "manifest.json", json.dumps({**manifest, "format": "x"}))
    elif damage == "newer_schema":
        _rewrite_member(good, bad, "manifest.json", json.dumps({**manifest, "schema_version": 999}))
    elif damage == "attachment_bytes":
        name = next(iter(manifest["attachments"]))
        _rewrite_member(good, bad, f"attachments/{name}", b"tampered")
    elif damage == "corrupt_stream":  # bit rot inside the deflated database
        raw = bytearray(good.read_bytes())
        info = zipfile.ZipFile(good).getinfo(backup.DB_MEMBER)
        start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
        raw[start + 10 : start + 400] = bytes(390)
        bad.write_bytes(bytes(raw))
    else:
        _rewrite_member(good, bad, "manifest.json", json.dumps(manifest))
        with zipfile.ZipFile(bad, "a") as zf:
            zf.writestr("../evil.txt", "x")
    enterprises.add(store, {"name": "恢复前新增"})
    before = table_rows(store)
    path = store.path
    store.close()
    with pytest.raises(StorageError, match="无法恢复"):
        backup.restore(path, bad)
    again = Store(path)
    assert table_rows(again) == before
    assert not (tmp_path / "evil.txt").exists()
    again.close()


def test_auto_backup_daily_monthly_and_rotation(filled):
    store = filled
    start = date(2026, 1, 1)
    for i in range(40):
        backup.auto_backup(store, start + timedelta(days=i))
    assert backup.auto_backup(store, start + timedelta(days=39)) is None  # at most daily
    root = backup.backups_dir(store)
    daily = sorted(p.name for p in (root / "daily").glob("*.zip"))
    monthly = sorted(p.name for p in (root / "monthly").glob("*.zip"))
    assert len(daily) == backup.KEEP_DAILY
    assert daily[-1].endswith("2026-02-09.zip")
    assert monthly == [f"{store.path.stem}-2026-01.zip", f"{store.path.stem}-2026-02.zip"]


def test_cli_backup_restore(filled, tmp_path):
    path = str(filled.path)
    filled.close()
    runner = CliRunner()
    out = tmp_path / "cli.zip"
    assert runner.invoke(cli, ["--db", path, "backup", "-o", str(out)]).exit_code == 0
    assert runner.invoke(cli, ["--db", path, "enterprises", "add", "--name", "后加"]).exit_code == 0
    result = runner.invoke(cli, ["--db", path, "restore", str(out)])
    assert result.exit_code == 0, result.output
    names = [
        e["name"]
        for e in json.loads(
            runner.invoke(cli, ["--db", path, "enterprises", "list", "--json"]).output
        )
    ]
    assert names == ["备份测试公司"]
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"nope")
    result = runner.invoke(cli, ["--db", path, "restore", str(bad)])
    assert result.exit_code == 2 and "无法恢复" in result.output
