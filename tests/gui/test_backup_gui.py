"""Backups in the GUI: automatic on close, manual backup, restore (checked, confirmed, reopened)."""

from __future__ import annotations

import zipfile
from datetime import date

import pytest

from envhelp.domain import enterprises
from envhelp.errors import StorageError
from envhelp.gui.dialogs import backup as backup_dialogs
from envhelp.gui.dialogs import files
from envhelp.gui.language import ui_settings
from envhelp.gui.main_window import MainWindow
from envhelp.gui.qt import QFileDialog, QMessageBox
from envhelp.storage import Store, backup
from tests.gui.conftest import saved_messages

pytestmark = pytest.mark.gui

TODAY = "2026-11-30"  # the last day of a month: today's and this month's backups


@pytest.fixture(autouse=True)
def _pinned_day(freeze_today):
    """One "today" for the backups and the test, even if the run crosses midnight."""
    freeze_today(date.fromisoformat(TODAY), backup, backup_dialogs)


@pytest.fixture
def confirm_boxes(monkeypatch):
    """QMessageBox.exec() answered by clicking the button whose objectName is queued."""
    answers: list[str] = []
    seen: list[dict] = []

    def exec_(box):
        seen.append({"name": box.objectName(), "text": box.text(), "info": box.informativeText()})
        answer = answers.pop(0)
        [button] = [b for b in box.buttons() if b.objectName() == answer]
        button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return answers, seen


def open_window(qtbot, store, **kwargs) -> MainWindow:
    window = MainWindow(store, **kwargs)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def close_and_wait(qtbot, window) -> None:
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=20000)


# -- automatic backup on close ----------------------------------------------------------------


def test_closing_makes_todays_backup_once(qtbot, store, enterprise, message_boxes):
    daily = store.path.parent / "backups" / "daily" / f"{store.path.stem}-{TODAY}.zip"
    window = open_window(qtbot, store, auto_backup=True)
    close_and_wait(qtbot, window)
    assert daily.exists()
    assert (
        store.path.parent / "backups" / "monthly" / f"{store.path.stem}-{TODAY[:7]}.zip"
    ).exists()
    with zipfile.ZipFile(daily) as zf:
        assert {"manifest.json", backup.DB_MEMBER} <= set(zf.namelist())
    stamp = daily.stat().st_mtime_ns

    # A second close the same day writes nothing new.
    enterprises.add(store, {"name": "关闭后新增的企业"})
    window = open_window(qtbot, store, auto_backup=True)
    close_and_wait(qtbot, window)
    assert sorted(p.name for p in daily.parent.iterdir()) == [daily.name]
    assert daily.stat().st_mtime_ns == stamp
    assert message_boxes == []


def test_a_database_that_fails_sqlites_check_is_not_backed_up_and_the_user_is_told(
    qtbot, db_path, message_boxes
):
    with Store(db_path, actor="tester") as store:
        for n in range(200):
            enterprises.add(store, {"name": f"企业{n:03d}", "notes": "备注" * 100})
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = store.scalar("PRAGMA page_size")
        leaves = [
            r[0]
            for r in store.conn.execute(
                "SELECT pageno FROM dbstat WHERE name = 'audit_log' AND pagetype = 'leaf'"
            )
        ]
    with open(db_path, "r+b") as handle:  # pages the window does not read, in the middle
        for page in leaves[len(leaves) // 3 : len(leaves) // 3 + 3]:
            handle.seek((page - 1) * page_size)
            handle.write(b"\xa5" * page_size)

    with Store(db_path) as damaged:
        window = open_window(qtbot, damaged, auto_backup=True)
        close_and_wait(qtbot, window)  # closes, no modal box, and no backup of the damage
        assert message_boxes == []
        assert not list((db_path.parent / "backups").glob("*/*.zip"))
        assert not list((db_path.parent / "backups").glob("**/*.part"))
        note = str(ui_settings().value(backup_dialogs.AUTO_FAILURE_KEY))
        assert "未做备份" in note  # shown at the next start, as below


def test_a_failed_automatic_backup_still_closes_and_is_told_next_time(
    qtbot, store, monkeypatch, message_boxes
):
    def broken(db, today=None, **_progress_and_cancel):
        raise StorageError("备份失败：磁盘已满。原数据未受影响。", "Backup failed: disk full.")

    monkeypatch.setattr(backup, "auto_backup", broken)
    window = open_window(qtbot, store, auto_backup=True)
    close_and_wait(qtbot, window)  # closes despite the failure, no modal box
    assert message_boxes == []
    assert "磁盘已满" in str(ui_settings().value(backup_dialogs.AUTO_FAILURE_KEY))

    window = open_window(qtbot, store)
    note = backup_dialogs.show_pending_notes(window)
    assert note is not None and note.isVisible() and not note.isModal()
    assert "磁盘已满" in note.informativeText()
    assert ui_settings().value(backup_dialogs.AUTO_FAILURE_KEY) is None  # told once
    note.close()
    assert backup_dialogs.show_pending_notes(window) is None


def test_automatic_backups_are_listed_newest_first(tmp_path):
    db = tmp_path / "envhelp.sqlite3"
    for folder, name in [
        ("daily", "envhelp-2026-10-31.zip"),
        ("daily", "envhelp-2026-11-02.zip"),
        ("monthly", "envhelp-2026-10.zip"),
        ("monthly", "envhelp-2026-11.zip"),
        ("daily", "other-2026-12-01.zip"),
    ]:
        (tmp_path / "backups" / folder).mkdir(parents=True, exist_ok=True)
        (tmp_path / "backups" / folder / name).write_bytes(b"")
    assert [p.name for p in backup_dialogs.automatic_backups(db)] == [
        "envhelp-2026-11-02.zip",
        "envhelp-2026-11.zip",
        "envhelp-2026-10-31.zip",
        "envhelp-2026-10.zip",
    ]


# -- manual backup ----------------------------------------------------------------------------------


def test_backup_to_a_chosen_file(qtbot, store, enterprise, tmp_path, monkeypatch, message_boxes):
    (store.attachments_dir).mkdir(parents=True, exist_ok=True)
    folder = tmp_path / "stick"
    asked: list[str] = []
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        lambda parent, title, suggested, filters: (
            asked.append(suggested) or (str(folder / "my-backup"), filters)
        ),
    )
    window = open_window(qtbot, store)
    window.backup_action.trigger()
    qtbot.waitUntil(lambda: bool(saved_messages(window)), timeout=20000)
    target = folder / "my-backup.zip"
    assert asked == [str(files.documents_folder() / f"envhelp-backup-{TODAY}.zip")]
    assert target.exists() and not target.with_name("my-backup.zip.part").exists()
    [box] = saved_messages(window)
    assert str(target) in box.text()
    # The backup is a real one: it passes the restore check.
    # Into a folder of its own: tmp_path holds the open database, which has the same name.
    (inspect := tmp_path / "inspect").mkdir()
    manifest, _db = backup.inspect_backup(target, inspect)
    assert manifest["schema_version"] == store.schema_version
    # The next suggestion is in the folder used last.
    window.backup_action.trigger()
    qtbot.waitUntil(lambda: len(saved_messages(window)) == 2, timeout=20000)
    assert asked[1] == str(folder / f"envhelp-backup-{TODAY}.zip")


def test_backup_dialog_cancelled_writes_nothing(qtbot, store, tmp_path, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: ("", ""))
    window = open_window(qtbot, store)
    assert backup_dialogs.backup_now(window) is None


# -- restore ------------------------------------------------------------------------------------------


@pytest.fixture
def backed_up(store, enterprise, tmp_path):
    """A backup holding one enterprise; afterwards a second one is added to the database."""
    target = tmp_path / "saved" / "envhelp-backup.zip"
    backup.backup_to(store, target)
    enterprises.add(store, {"name": "备份之后新增的企业"})
    return target


def test_restore_checks_shows_confirms_and_reopens(
    qtbot, store, backed_up, monkeypatch, confirm_boxes, message_boxes
):
    db_path = store.path
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(backed_up), ""))
    answers, seen = confirm_boxes
    answers.append("restore")
    window = open_window(qtbot, store)
    window.show_page(1)
    window.restore_action.trigger()
    qtbot.waitUntil(lambda: bool(message_boxes), timeout=20000)

    [confirm] = seen
    assert confirm["name"] == "restoreConfirm"
    assert str(backed_up) in confirm["info"]
    assert "数据结构版本：" in confirm["info"] and "附件：0 个" in confirm["info"]
    assert "备份时间：20" in confirm["info"]

    [(kind, title, text)] = message_boxes
    assert kind == "information" and title == "恢复完成"
    assert window.store is not store and window.store.path == db_path
    assert enterprises.count(window.store) == 1  # as it was when backed up
    [safety] = db_path.parent.glob(f"{db_path.stem}.before-restore-*")
    assert str(safety) in text
    with Store(safety, read_only=True) as old:
        assert enterprises.count(old) == 2  # nothing lost: the replaced data is kept
    assert window.pages and window.menuBar().isEnabled()
    window.store.close()


def test_restore_cancelled_at_the_confirmation_changes_nothing(
    qtbot, store, backed_up, monkeypatch, confirm_boxes, message_boxes
):
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(backed_up), ""))
    answers, seen = confirm_boxes
    answers.append("cancel")
    window = open_window(qtbot, store)
    task = backup_dialogs.restore_from_backup(window)
    qtbot.waitUntil(lambda: task.outcome is not None and bool(seen), timeout=20000)
    assert seen[0]["name"] == "restoreConfirm"
    assert window.store is store and enterprises.count(store) == 2
    assert not list(store.path.parent.glob("*.before-restore-*"))
    assert message_boxes == []


@pytest.mark.parametrize("damage", ["not a zip", "checksum"])
def test_damaged_backup_is_refused_with_nothing_changed(
    qtbot, store, backed_up, tmp_path, monkeypatch, confirm_boxes, message_boxes, damage
):
    bad = tmp_path / "bad.zip"
    if damage == "not a zip":
        bad.write_bytes(b"this is no backup")
    else:  # a real backup whose database bytes were altered
        with zipfile.ZipFile(backed_up) as src, zipfile.ZipFile(bad, "w") as dst:
            for info in src.infolist():
                data = src.read(info)
                if info.filename == backup.DB_MEMBER:
                    data = data[:-1] + bytes([data[-1] ^ 0xFF])
                dst.writestr(info, data)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(bad), ""))
    answers, seen = confirm_boxes
    window = open_window(qtbot, store)
    window.restore_action.trigger()
    qtbot.waitUntil(lambda: bool(message_boxes), timeout=20000)
    [(kind, title, text)] = message_boxes
    assert kind == "warning" and title == "无法恢复" and "未做任何改动" in text
    assert seen == []  # never asked to confirm
    assert window.store is store and enterprises.count(store) == 2
    assert not list(store.path.parent.glob("*.before-restore-*"))


def test_restore_is_not_offered_read_only(qtbot, store, db_path, message_boxes):
    read_only = Store(db_path, read_only=True)
    try:
        window = open_window(qtbot, read_only)
        assert not window.restore_action.isEnabled()
        assert backup_dialogs.restore_from_backup(window) is None
        assert message_boxes and "只读" in message_boxes[-1][2]
    finally:
        read_only.close()


def test_cancelling_the_automatic_backup_closes_without_a_file(
    qtbot, store, enterprise, monkeypatch, message_boxes
):
    from tests.gui.test_long_operations_cancel import gate, press_cancel

    # Held at its first progress report, as a large database would be for a while.
    monkeypatch.setattr(backup, "auto_backup", gate(backup.auto_backup, lambda d, t: True))
    window = open_window(qtbot, store, auto_backup=True)
    window.close()
    qtbot.waitUntil(lambda: window._close_backup_task is not None, timeout=10000)
    task = window._close_backup_task
    task.dialog.setMinimumDuration(0)
    press_cancel(qtbot, task)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=20000)

    daily = store.path.parent / "backups" / "daily"
    assert not daily.exists() or list(daily.iterdir()) == []  # no half-made backup left
    assert ui_settings().value(backup_dialogs.AUTO_FAILURE_KEY) is None  # not a failure
    assert message_boxes == []
