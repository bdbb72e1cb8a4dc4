"""A database that cannot be opened: each fault gets a message and a way forward, no traceback."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from envhelp.domain import enterprises
from envhelp.errors import StorageError
from envhelp.gui import app, startup
from envhelp.gui.dialogs import backup as backup_dialogs
from envhelp.gui.qt import QDialog, QFileDialog, QLabel, QMessageBox
from envhelp.storage import Store, backup, database, migrations

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def short_busy_timeout(monkeypatch):
    # A locked file is reported after the busy timeout (5 s in use); tests need not wait.
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 100)


@pytest.fixture
def fault_boxes(monkeypatch):
    """Answer QMessageBox.exec() boxes: each answer names the button (objectName) to click,
    or is a callable run first (to change the world, e.g. release a lock) returning the name."""
    answers: list = []
    seen: list[dict] = []

    def exec_(box):
        names = [b.objectName() for b in box.buttons()]
        seen.append(
            {
                "name": box.objectName(),
                "text": box.text(),
                "info": box.informativeText(),
                "buttons": names,
                "default": box.defaultButton().objectName() if box.defaultButton() else None,
            }
        )
        answer = answers.pop(0)
        if callable(answer):
            answer = answer()
        [button] = [b for b in box.buttons() if b.objectName() == answer]
        button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return answers, seen


def make_db(path: Path, names=("青岛精锐机械有限公司",)) -> Path:
    with Store(path, actor="tester") as store:
        for name in names:
            enterprises.add(store, {"name": name})
    return path


def error_of(call) -> StorageError:
    with pytest.raises(StorageError) as caught:
        call()
    return caught.value


# -- the pure mapping ---------------------------------------------------------------------


def test_each_real_fault_maps_to_its_choices(tmp_path):
    corrupt = tmp_path / "corrupt.sqlite3"
    corrupt.write_bytes(b"this is not sqlite" * 500)
    newer = make_db(tmp_path / "newer.sqlite3")
    with sqlite3.connect(newer) as conn:
        conn.execute(f"PRAGMA user_version = {migrations.LATEST + 1}")
    old = make_db(tmp_path / "old.sqlite3")
    with sqlite3.connect(old) as conn:
        conn.execute("PRAGMA user_version = 1")
    locked = make_db(tmp_path / "locked.sqlite3")
    holder = sqlite3.connect(locked)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("COMMIT")  # the exclusive lock stays with this connection
    (tmp_path / "a-file").write_text("x")

    cases = {
        startup.CORRUPT: error_of(lambda: Store(corrupt)),
        startup.NEWER_SCHEMA: error_of(lambda: Store(newer)),
        startup.NEEDS_UPGRADE: error_of(lambda: Store(old, read_only=True)),
        startup.LOCKED: error_of(lambda: Store(locked)),
        startup.MISSING: error_of(lambda: Store(tmp_path / "gone.sqlite3", create=False)),
        startup.CANNOT_CREATE: error_of(lambda: Store(tmp_path / "a-file" / "x.sqlite3")),
        startup.READ_ONLY_MEDIA: database._storage_error(
            tmp_path / "cd.sqlite3",
            sqlite3.OperationalError("attempt to write a readonly database"),
        ),
        startup.OTHER: StorageError("数据库错误：怪事", "Database error: something odd"),
    }
    holder.close()
    for kind, exc in cases.items():
        assert startup.classify(exc) == kind, (kind, exc.message_en)
        assert startup.decide(exc).choices == startup.CHOICES[kind]

    assert startup.CHOICES[startup.LOCKED] == (startup.RETRY, startup.OPEN_READ_ONLY, startup.QUIT)
    assert startup.CHOICES[startup.READ_ONLY_MEDIA][0] == startup.OPEN_READ_ONLY
    assert startup.CHOICES[startup.CORRUPT] == (startup.RESTORE, startup.CHOOSE_OTHER, startup.QUIT)
    assert startup.CHOICES[startup.NEWER_SCHEMA] == (startup.QUIT,)
    # Already read-only: offering read-only again would only fail again.
    assert startup.decide(cases[startup.LOCKED], read_only=True).choices == (
        startup.RETRY,
        startup.QUIT,
    )
    assert all(isinstance(startup.advice(kind), str) for kind in startup.CHOICES)


def test_the_fault_kind_comes_from_the_core_not_the_message_text():
    exc = StorageError(
        "无法以 WAL 模式打开数据库",
        "Cannot open the database in WAL mode",
        kind=StorageError.READ_ONLY_MEDIA,
    )
    assert startup.classify(exc) == startup.READ_ONLY_MEDIA
    # A fault without choices of its own (disk full while opening) falls back to OTHER.
    full = StorageError("磁盘空间已满", "The disk is full", kind=StorageError.DISK_FULL)
    assert startup.decide(full).choices == startup.CHOICES[startup.OTHER]


# -- each fault in the GUI ------------------------------------------------------------------


def rollback_journal_db(path: Path) -> Path:
    """A database in the old rollback-journal mode: opening it writable needs a lock
    (the switch to WAL) that a writer elsewhere can hold, while reading still works."""
    make_db(path)
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode = DELETE")
    return path


def test_locked_then_retry_once_the_other_window_closed(tmp_path, fault_boxes, message_boxes):
    path = rollback_journal_db(tmp_path / "envhelp.sqlite3")
    other = sqlite3.connect(path)
    other.execute("BEGIN IMMEDIATE")  # another EnvHelp is in the middle of saving
    answers, seen = fault_boxes

    def close_other():
        other.rollback()
        other.close()
        return startup.RETRY

    answers.append(close_other)
    store = app.open_database(path)
    try:
        assert store is not None and not store.read_only
        assert enterprises.count(store) == 1
    finally:
        store.close()
    [box] = seen
    assert box["name"] == "storageFault" and "另一个 EnvHelp 窗口" in box["text"]
    assert box["buttons"] == ["retry", "open_read_only", "quit"] and box["default"] == "retry"
    assert "Traceback" not in box["text"] + box["info"]
    assert message_boxes == []


def test_locked_open_read_only_shows_read_only_window_that_refuses_edits(
    qtbot, tmp_path, fault_boxes, message_boxes
):
    from envhelp.gui.main_window import MainWindow

    path = rollback_journal_db(tmp_path / "envhelp.sqlite3")
    other = sqlite3.connect(path)
    other.execute("BEGIN IMMEDIATE")
    answers, seen = fault_boxes
    answers.append(startup.OPEN_READ_ONLY)
    store = app.open_database(path)
    assert store is not None and store.read_only
    window = MainWindow(store, auto_backup=True)
    qtbot.addWidget(window)
    window.show()
    try:
        assert "只读" in window.windowTitle()
        label = window.findChild(QLabel, "readOnlyLabel")
        assert label is not None and label.text() == "只读" and label.isVisible()
        assert not window.restore_action.isEnabled()
        # A write attempt: the enterprise form shows the storage message and stays open.
        window.show_page(1)
        dialog = window.current_page().new_record()
        dialog.fields["name"].setText("只读时新增的企业")
        dialog.accept()
        assert dialog.isVisible()
        assert "无法写入数据库" in dialog.error.text()
        assert enterprises.count(store) == 1
        # Closing makes no automatic backup of a read-only database (and does not wait).
        window.close()
        assert not window.isVisible()
        assert not (tmp_path / "backups").exists()
    finally:
        other.rollback()
        other.close()
        store.close()


def test_read_only_media_opens_read_only(tmp_path, monkeypatch, fault_boxes):
    path = make_db(tmp_path / "envhelp.sqlite3")
    real_store = startup.Store

    def write_protected(p, *, create=True, read_only=False):
        if not read_only:  # what SQLite reports on a write-protected stick
            raise database._storage_error(
                p, sqlite3.OperationalError("attempt to write a readonly database")
            )
        return real_store(p, create=create, read_only=True)

    monkeypatch.setattr(startup, "Store", write_protected)
    answers, seen = fault_boxes
    answers.append(startup.OPEN_READ_ONLY)
    store = startup.open_store(path)
    try:
        assert store.read_only and enterprises.count(store) == 1
    finally:
        store.close()
    assert seen[0]["buttons"] == ["open_read_only", "choose_other", "quit"]
    assert "只读" in seen[0]["text"]


def auto_backups(path: Path, days: list[date]) -> None:
    with Store(path, actor="tester") as store:
        for day in days:
            backup.auto_backup(store, today=day)


def test_corrupt_file_restored_from_the_newest_automatic_backup(
    tmp_path, monkeypatch, fault_boxes, message_boxes
):
    path = make_db(tmp_path / "envhelp.sqlite3")
    auto_backups(path, [date(2026, 11, 20)])
    with Store(path, actor="tester") as store:
        enterprises.add(store, {"name": "第二家企业"})
    auto_backups(path, [date(2026, 11, 26)])  # the newest holds both enterprises
    damaged = b"this is not sqlite" * 500
    path.write_bytes(damaged)

    listed: list[list[str]] = []

    def pick_first(dialog):
        listed.append([dialog.list.item(i).text() for i in range(dialog.list.count())])
        dialog.accept()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(backup_dialogs.BackupPickerDialog, "exec", pick_first)
    answers, seen = fault_boxes
    answers.append(startup.RESTORE)
    store = app.open_database(path)
    try:
        assert store is not None and enterprises.count(store) == 2
    finally:
        store.close()
    assert seen[0]["buttons"] == ["restore", "choose_other", "quit"]
    assert "损坏" in seen[0]["text"] and seen[0]["default"] == "restore"
    # Newest first: the daily of the 26th, then the 20th, then the month's copy.
    assert [row.split("　")[:2] for row in listed[0]] == [
        ["2026-11-26", "每日"],
        ["2026-11-20", "每日"],
        ["2026-11", "每月"],
    ]
    [(kind, title, text)] = message_boxes
    assert kind == "information" and "envhelp-2026-11-26.zip" in text
    [kept] = tmp_path.glob("envhelp.before-restore-*.sqlite3")
    assert kept.read_bytes() == damaged and str(kept) in text  # the damaged file is kept


def test_damaged_backup_is_refused_and_nothing_changes(
    tmp_path, monkeypatch, fault_boxes, message_boxes
):
    path = tmp_path / "envhelp.sqlite3"
    damaged = b"this is not sqlite" * 500
    path.write_bytes(damaged)
    bad_backup = tmp_path / "bad.zip"
    bad_backup.write_bytes(b"PK not really a zip")
    monkeypatch.setattr(backup_dialogs, "choose_backup", lambda parent, db: bad_backup)
    answers, seen = fault_boxes
    answers += [startup.RESTORE, startup.QUIT]
    assert app.open_database(path) is None
    assert len(seen) == 2  # asked again after the refusal
    [(kind, _title, text)] = message_boxes
    assert kind == "warning" and "无法恢复" in text and "未做任何改动" in text
    assert path.read_bytes() == damaged
    assert not list(tmp_path.glob("*.damaged-*"))  # put back where it was


def test_corrupt_file_choose_another_database(tmp_path, monkeypatch, fault_boxes):
    path = tmp_path / "envhelp.sqlite3"
    path.write_bytes(b"this is not sqlite" * 500)
    other = make_db(tmp_path / "other.sqlite3", names=("甲", "乙", "丙"))
    asked = []
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *a: asked.append(a[2]) or (str(other), "")
    )
    answers, seen = fault_boxes
    answers.append(startup.CHOOSE_OTHER)
    store = app.open_database(path)
    try:
        assert store.path == other and enterprises.count(store) == 3
    finally:
        store.close()
    assert asked == [str(tmp_path)]


def test_corrupt_file_quit_leaves_it_alone(tmp_path, fault_boxes, message_boxes):
    path = tmp_path / "envhelp.sqlite3"
    path.write_bytes(b"this is not sqlite" * 500)
    answers, seen = fault_boxes
    answers.append(startup.QUIT)
    assert app.open_database(path) is None
    assert path.read_bytes() == b"this is not sqlite" * 500
    assert message_boxes == []


def test_newer_schema_offers_quit_only(tmp_path, fault_boxes):
    path = make_db(tmp_path / "envhelp.sqlite3")
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {migrations.LATEST + 1}")
    answers, seen = fault_boxes
    answers.append(startup.QUIT)
    assert app.open_database(path) is None
    assert seen[0]["buttons"] == ["quit"] and "更新版本" in seen[0]["text"]
    assert "新版本" in seen[0]["info"]


def test_main_returns_1_without_traceback_when_the_user_quits(
    tmp_path, monkeypatch, fault_boxes, capsys
):
    from envhelp.gui import errors

    monkeypatch.setattr(errors, "setup_logging", lambda: None)
    monkeypatch.setattr("sys.excepthook", __import__("sys").excepthook)
    path = tmp_path / "envhelp.sqlite3"
    path.write_bytes(b"x" * 4096)
    answers, seen = fault_boxes
    answers.append(startup.QUIT)
    assert app.main(["--db", str(path)]) == 1
    assert "Traceback" not in capsys.readouterr().err


# -- File → Open database… / New database… --------------------------------------------------


def test_open_another_database_from_the_file_menu(
    qtbot, main_window, tmp_path, monkeypatch, fault_boxes
):
    first = main_window.store
    other = make_db(tmp_path / "other" / "b.sqlite3", names=("甲", "乙"))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(other), ""))
    main_window.open_db_action.trigger()
    assert main_window.store.path == other
    assert main_window.store is not first
    assert str(other) in main_window.db_label.text()
    assert "b.sqlite3" in main_window.windowTitle()
    main_window.show_page(1)
    assert main_window.current_page().model.total == 2
    with pytest.raises(sqlite3.ProgrammingError):  # the previous one was closed
        first.conn.execute("SELECT 1")
    main_window.store.close()


def test_open_a_damaged_file_from_the_menu_keeps_the_current_database(
    qtbot, main_window, tmp_path, monkeypatch, fault_boxes
):
    current = main_window.store
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"garbage" * 1000)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(bad), ""))
    answers, seen = fault_boxes
    answers.append(startup.QUIT)
    main_window.open_db_action.trigger()
    assert seen[0]["buttons"] == ["restore", "choose_other", "quit"]
    assert main_window.store is current
    assert current.scalar("SELECT 1") == 1


def test_new_database_from_the_menu(qtbot, main_window, tmp_path, monkeypatch, message_boxes):
    target = tmp_path / "new" / "fresh"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(target), ""))
    main_window.new_db_action.trigger()
    assert main_window.store.path == target.with_suffix(".sqlite3")
    assert enterprises.count(main_window.store) == 0
    # Never over an existing file.
    existing = main_window.store.path
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(existing), ""))
    store = main_window.store
    main_window.new_db_action.trigger()
    assert main_window.store is store
    assert message_boxes[-1][0] == "warning" and "文件已存在" in message_boxes[-1][2]
    store.close()


def test_an_empty_file_is_a_fault_with_a_way_forward_never_a_new_database(
    tmp_path, monkeypatch, fault_boxes, message_boxes
):
    # A 0-byte file (an interrupted copy) is not the first start: no silent new database.
    path = tmp_path / "envhelp.sqlite3"
    path.write_bytes(b"")
    made = make_db(tmp_path / "elsewhere" / "envhelp.sqlite3")
    auto_backups(made, [date(2026, 11, 20)])
    answers, seen = fault_boxes
    answers.append(startup.QUIT)
    assert app.open_database(path) is None
    assert seen[0]["name"] == "storageFault" and "这里没有数据库" in seen[0]["text"]
    assert seen[0]["buttons"] == ["choose_other", "restore", "quit"]
    assert path.stat().st_size == 0  # untouched

    # Restore from a backup over it: the data comes back, the empty file is kept aside.
    backup_file = made.parent / "backups" / "daily" / "envhelp-2026-11-20.zip"
    monkeypatch.setattr(backup_dialogs, "choose_backup", lambda parent, db: backup_file)
    answers.append(startup.RESTORE)
    store = app.open_database(path)
    try:
        assert store is not None and enterprises.count(store) == 1
    finally:
        store.close()
    [kept] = tmp_path.glob("envhelp.before-restore-*.sqlite3")
    assert kept.stat().st_size == 0
