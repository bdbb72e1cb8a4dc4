"""The 数据 menu's long jobs (issue #8): determinate progress, and a Cancel that leaves nothing
half-done — bundle export and import, the integrity check and the enterprise import.

Each cancel test holds the core at one of its progress reports until the user has pressed
the progress dialog's Cancel button (so the press lands while the job runs), then checks
that the database (rows and audit log), the attachments folder and the target file are
as they were, that the dialog closed and that the status bar says it was cancelled.
"""

from __future__ import annotations

import hashlib
import threading
import time
from pathlib import Path

import pytest
import shiboken6
from openpyxl import Workbook

from envhelp.domain import attachments
from envhelp.gui.qt import QProgressDialog, QPushButton, Qt
from envhelp.io import bundle_export, bundle_format, bundle_import, enterprise_import
from envhelp.storage import Store, integrity, record_replay
from tests.conftest import VALID_USCC, draft_visit

pytestmark = pytest.mark.gui


def gate(real, hold):
    """``real`` with its progress held at the first report ``hold(done, total)`` accepts,
    until the job is cancelled (the worker thread waits; the GUI thread does not)."""

    def wrapper(*args, progress, cancelled, **kwargs):
        held = threading.Event()

        def report(done: int, total: int) -> None:
            progress(done, total)
            if not held.is_set() and hold(done, total):
                held.set()
                # Until Cancel, however slow the GUI thread (a bound only so that a broken
                # Cancel fails the test instead of hanging it).
                deadline = time.monotonic() + 120
                while not cancelled() and time.monotonic() < deadline:
                    threading.Event().wait(0.01)

        return real(*args, progress=report, cancelled=cancelled, **kwargs)

    return wrapper


def press_cancel(qtbot, task):
    """Wait until the progress dialog shows a determinate bar, then click its Cancel."""
    dialog: QProgressDialog = task.dialog
    qtbot.waitUntil(lambda: dialog.isVisible() and dialog.maximum() > 0, timeout=10000)
    button = dialog.findChild(QPushButton)
    assert button is not None and button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: task.outcome is not None, timeout=20000)
    assert task.outcome == "cancelled"
    assert not shiboken6.isValid(dialog) or not dialog.isVisible()


def watch(task):
    """(value, maximum) of the dialog after each progress report it got."""
    seen: list[tuple[int, int]] = []
    dialog = task.dialog
    task.progressed.connect(lambda _d, _t: seen.append((dialog.value(), dialog.maximum())))
    return seen


def finish(qtbot, task):
    qtbot.waitUntil(lambda: task.outcome is not None, timeout=20000)
    return task.outcome


def state(store: Store) -> tuple:
    """Every table's row count (the audit log's too) and the attachments folder's files."""
    tables = {
        t: store.scalar(f"SELECT COUNT(*) FROM [{t}]") for t in (*bundle_format.TABLES, "audit_log")
    }
    folder = store.attachments_dir
    files = (
        {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}
        if folder.exists()
        else {}
    )
    return tables, files


def status_text(window) -> str:
    return window.statusBar().currentMessage()


@pytest.fixture
def with_photo(store, enterprise, officer, tmp_path):
    visit = draft_visit(
        store, enterprise["id"], [officer["id"]], "stationed", day="2026-03-05", time=None
    )
    photo = tmp_path / "现场.jpg"
    photo.write_bytes(b"\xff\xd8\xff" + bytes(range(256)) * 20)
    attachments.add(store, photo, visit_id=visit["id"])
    return store


@pytest.fixture
def other_bundle(tmp_path):
    """A bundle from another laptop: one officer, one enterprise, a visit with a photo."""
    source = Store(tmp_path / "laptop2" / "envhelp.sqlite3", actor="laptop2")
    try:
        from envhelp.domain import enterprises, officers

        officer = officers.add(source, {"name": "李强"})
        firm = enterprises.add(source, {"name": "胶州宏达印染厂", "uscc": VALID_USCC[2]})
        visit = draft_visit(
            source, firm["id"], [officer["id"]], "stationed", day="2026-04-01", time=None
        )
        photo = tmp_path / "laptop2-photo.jpg"
        photo.write_bytes(b"\xff\xd8\xff another photo " + bytes(range(256)) * 10)
        attachments.add(source, photo, visit_id=visit["id"])
        path = tmp_path / "from-laptop2.zip"
        bundle_export.export_bundle(source, path)
    finally:
        source.close()
    return path


# -- bundle export -----------------------------------------------------------------------


def test_bundle_export_cancel_leaves_no_file(
    qtbot, main_window, with_photo, message_boxes, tmp_path, monkeypatch
):
    monkeypatch.setattr(
        bundle_export,
        "export_bundle",
        gate(bundle_export.export_bundle, lambda done, total: done > 0),
    )
    before = state(with_photo)
    target = tmp_path / "out" / "bundle.zip"

    task = main_window.data_menu.export_bundle_to(target)
    press_cancel(qtbot, task)

    assert not target.exists() and list(target.parent.iterdir()) == []
    assert state(with_photo) == before
    assert status_text(main_window) == "已取消导出，未生成文件。"
    assert message_boxes == []
    assert main_window.data_menu.export_action.isEnabled()


def test_bundle_export_progress_reaches_total(
    qtbot, main_window, with_photo, message_boxes, tmp_path
):
    target = tmp_path / "bundle.zip"
    task = main_window.data_menu.export_bundle_to(target)
    seen = watch(task)
    assert finish(qtbot, task) == "succeeded"
    rows = sum(with_photo.scalar(f"SELECT COUNT(*) FROM [{t}]") for t in bundle_format.TABLES)
    assert seen and seen[-1] == (rows + 1, rows + 1)  # every row and the one photo file
    assert target.is_file()
    assert str(target) in main_window.data_menu.saved_message.text()  # the "saved" message


# -- bundle import -----------------------------------------------------------------------


@pytest.mark.parametrize("where", ["start", "merging"])
def test_bundle_import_cancel_changes_nothing(
    qtbot, main_window, with_photo, other_bundle, message_boxes, monkeypatch, where
):
    # "start": at the first report; "merging": inside the transaction, after the files.
    def hold(done, total):
        return where == "start" or done > total // 2

    monkeypatch.setattr(bundle_import, "import_bundle", gate(bundle_import.import_bundle, hold))
    before = state(with_photo)

    task = main_window.data_menu.import_bundle_from(other_bundle, trust=True)
    press_cancel(qtbot, task)

    assert state(with_photo) == before
    assert main_window.data_menu.bundle_dialog is None
    assert status_text(main_window) == "已取消导入，未做任何更改。"
    assert message_boxes == []


def test_bundle_import_progress_reaches_total(
    qtbot, main_window, with_photo, other_bundle, message_boxes
):
    before = state(with_photo)
    task = main_window.data_menu.import_bundle_from(other_bundle, trust=True)
    seen = watch(task)
    assert finish(qtbot, task) == "succeeded"
    assert seen and seen[-1][0] == seen[-1][1] > 0
    after = state(with_photo)
    assert after[0]["enterprises"] == before[0]["enterprises"] + 1
    assert len(after[1]) == len(before[1]) + 1  # the other laptop's photo
    assert main_window.data_menu.bundle_dialog.isVisible()


# -- integrity check ---------------------------------------------------------------------


def test_integrity_check_cancel_shows_no_report(
    qtbot, main_window, with_photo, message_boxes, monkeypatch
):
    monkeypatch.setattr(integrity, "check", gate(integrity.check, lambda done, total: True))
    before = state(with_photo)

    task = main_window.data_menu.check_integrity()
    press_cancel(qtbot, task)

    assert main_window.data_menu.integrity_dialog is None
    assert state(with_photo) == before
    assert status_text(main_window) == "已取消检查，未生成报告。"
    assert message_boxes == []


def test_integrity_check_progress_reaches_total(qtbot, main_window, with_photo):
    task = main_window.data_menu.check_integrity()
    seen = watch(task)
    assert finish(qtbot, task) == "succeeded"
    audit = with_photo.scalar("SELECT COUNT(*) FROM audit_log")
    total = (
        audit + len(record_replay.record_tables(with_photo)) + 2
    )  # database, entries, tables, photo
    assert seen and seen[-1] == (total, total)
    assert main_window.data_menu.integrity_dialog.report.ok


# -- enterprise import -------------------------------------------------------------------


def workbook(path: Path, count: int) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["企业名称", "统一社会信用代码", "镇街", "危险废物类别"])
    for i in range(count):
        sheet.append([f"测试企业{i:03d}有限公司", None, "城阳街道", "HW08"])
    book.save(path)
    return path


def test_enterprise_import_cancel_changes_nothing(
    qtbot, main_window, store, message_boxes, tmp_path, monkeypatch
):
    monkeypatch.setattr(
        enterprise_import,
        "import_enterprises",
        gate(enterprise_import.import_enterprises, lambda done, total: True),
    )
    source = workbook(tmp_path / "名录.xlsx", 30)
    before = state(store)

    task = main_window.data_menu.import_enterprises_from(source)
    press_cancel(qtbot, task)

    assert state(store) == before
    assert main_window.data_menu.report_dialog is None
    assert status_text(main_window) == "已取消导入，未做任何更改。"
    assert message_boxes == []


def test_enterprise_import_progress_reaches_total(
    qtbot, main_window, store, message_boxes, tmp_path
):
    source = workbook(tmp_path / "名录.xlsx", 30)
    task = main_window.data_menu.import_enterprises_from(source)
    seen = watch(task)
    assert finish(qtbot, task) == "succeeded", task.error
    assert seen and seen[-1][0] == seen[-1][1] > 0
    assert store.scalar("SELECT COUNT(*) FROM enterprises") == 30
    assert main_window.data_menu.report_dialog.isVisible()


def test_cancel_messages_are_translated():
    from envhelp.gui import language
    from envhelp.gui.qt import QCoreApplication

    language.apply_language("en")
    try:
        tr = QCoreApplication.translate
        assert (
            tr("DataMenu", "已取消导入，未做任何更改。") == "Import cancelled; nothing was changed."
        )
        assert (
            tr("DataMenu", "已取消导出，未生成文件。") == "Export cancelled; no file was written."
        )
        assert tr("DataMenu", "已取消检查，未生成报告。") == "Check cancelled; no report was made."
        assert tr("Backup", "已取消恢复，数据库未做任何更改。") == (
            "Restore cancelled; the database was not changed."
        )
    finally:
        language.apply_language("zh")


# -- manual backup and restore (File menu) -----------------------------------------------


def test_manual_backup_cancel_leaves_no_file(
    qtbot, main_window, with_photo, message_boxes, tmp_path, monkeypatch
):
    from envhelp.gui.dialogs import backup as backup_dialogs
    from envhelp.storage import backup

    monkeypatch.setattr(backup, "backup_to", gate(backup.backup_to, lambda done, total: True))
    folder = tmp_path / "stick"
    target = folder / "b.zip"

    task = backup_dialogs.write_backup(main_window, with_photo, target)
    press_cancel(qtbot, task)

    assert list(folder.iterdir()) == []  # no backup, no .part, no temporary folder
    assert status_text(main_window) == "已取消备份，未生成文件。"
    assert message_boxes == []


def test_restore_cancel_keeps_the_database(
    qtbot, main_window, with_photo, message_boxes, tmp_path, monkeypatch
):
    from envhelp.domain import enterprises
    from envhelp.gui.dialogs import backup as backup_dialogs
    from envhelp.storage import backup

    saved = tmp_path / "saved.zip"
    backup.backup_to(with_photo, saved)
    enterprises.add(with_photo, {"name": "备份之后新增的企业"})
    db_path = with_photo.path
    before = state(with_photo)
    folder_before = sorted(p.name for p in db_path.parent.iterdir())
    # Held in the middle of the restore: the check is done (its two reports), the copy
    # of the current database is being made, the swap is still to come.
    reports = []
    monkeypatch.setattr(
        backup,
        "restore",
        gate(backup.restore, lambda done, total: reports.append(done) or len(reports) == 3),
    )

    task = backup_dialogs.run_restore(main_window, saved)
    press_cancel(qtbot, task)

    qtbot.waitUntil(lambda: main_window.store is not with_photo, timeout=10000)
    assert main_window.store.path == db_path
    assert state(main_window.store) == before  # the enterprise added after the backup is there
    assert sorted(p.name for p in db_path.parent.iterdir()) == folder_before  # no safety copy
    assert status_text(main_window) == "已取消恢复，数据库未做任何更改。"
    assert message_boxes == []
