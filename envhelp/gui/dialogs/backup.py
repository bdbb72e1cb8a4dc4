"""Backups in the GUI: automatic on close, "File → Back up data…", "File → Restore from backup…".

The work is :mod:`envhelp.storage.backup`'s; this module asks for files, runs the
slow parts on a worker thread (:mod:`envhelp.gui.tasks`) and says what happened.

- :func:`auto_backup_on_close`: today's automatic backup (at most one a day) when the
  main window closes. A failure is logged and remembered, and shown without blocking
  at the next start (:func:`show_pending_notes`); the window closes regardless.
- :func:`backup_now`: a backup to a file the user chooses.
- :func:`restore_from_backup`: the chosen file is checked completely first
  (:func:`~envhelp.storage.backup.inspect_backup`), the user sees what it holds and
  confirms; the window then lets go of its database, the restore runs, and the
  window is rebuilt over the restored file.

The manual backup, the check and the restore can be cancelled from their progress
dialogs: the core stops with OperationCancelled leaving no backup file, and a
restore cancelled before its final swap leaves the database as it was.
- :class:`BackupPickerDialog` / :func:`choose_backup`: the automatic backups beside a
  database, newest first, or any other backup file (used by the start-up recovery).
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from envhelp.gui import errors, language, startup, tasks
from envhelp.gui.dialogs import files
from envhelp.gui.models import local_time
from envhelp.gui.qt import (
    QCoreApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
)
from envhelp.storage import Store, backup

log = logging.getLogger("envhelp.gui")

BACKUP_DIR_KEY = "backup/last_dir"
AUTO_FAILURE_KEY = "backup/auto_backup_failure"
PATH_ROLE = Qt.ItemDataRole.UserRole

translate = QCoreApplication.translate  # lupdate reads translate("Backup", "literal")


def default_backup_name(today: date | None = None) -> str:
    return f"envhelp-backup-{(today or date.today()).isoformat()}.zip"


def backup_filter() -> str:
    return translate("Backup", "EnvHelp 备份 (*.zip);;所有文件 (*)")


# -- automatic backups -----------------------------------------------------------------


def automatic_backups(db_path: Path) -> list[Path]:
    """The automatic backups of ``db_path`` (daily and monthly), newest made first."""
    return backup.automatic_backups(db_path)


def _store_is_open(store: Store) -> bool:
    try:
        store.conn.total_changes  # noqa: B018 — raises once the connection is closed
    except Exception:  # sqlite3.ProgrammingError: nothing left to back up
        return False
    return True


def auto_backup_on_close(window: QWidget, done: Callable[[], None]) -> tasks.Task | None:
    """Run today's automatic backup of ``window.store``, then call ``done`` whatever happened.

    None (and ``done`` is not called) when there is nothing to do: the database is
    read-only (its folder may not be writable either) or already closed.
    """
    store: Store = window.store
    if store.read_only or not _store_is_open(store):
        return None

    def failed(exc: BaseException) -> None:
        log.warning("automatic backup of %s failed: %s", store.path, exc)
        settings = language.ui_settings()
        settings.setValue(AUTO_FAILURE_KEY, f"{date.today().isoformat()}  {exc}")
        settings.sync()
        done()

    def succeeded(path: Path | None) -> None:
        if path is not None:
            log.info("automatic backup written: %s", path)
        done()

    def skipped() -> None:
        # The user would rather close now (a large database takes a while): nothing was
        # written, and the next close makes today's backup.
        log.info("automatic backup of %s cancelled by the user", store.path)
        done()

    return tasks.run_with_progress(
        window,
        translate("Backup", "自动备份"),
        translate("Backup", "正在备份今天的数据，请稍候…（取消则跳过本次备份，下次关闭时再做）"),
        tasks.store_job(
            store.path,
            lambda db, progress, cancelled: backup.auto_backup(
                db, progress=progress, cancelled=cancelled
            ),
        ),
        on_success=succeeded,
        on_error=failed,
        on_cancel=skipped,
        min_duration_ms=700,
    )


def show_pending_notes(parent: QWidget) -> QMessageBox | None:
    """Tell (without blocking) about an automatic backup that failed last time, once."""
    settings = language.ui_settings()
    note = settings.value(AUTO_FAILURE_KEY)
    if not note:
        return None
    settings.remove(AUTO_FAILURE_KEY)
    settings.sync()
    box = QMessageBox(parent)
    box.setObjectName("autoBackupNote")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(translate("Backup", "自动备份未完成"))
    box.setText(translate("Backup", "上次关闭时的自动备份没有完成，数据本身未受影响："))
    box.setInformativeText(
        str(note) + "\n\n" + translate("Backup", "可以用“文件 → 备份数据…”手动备份一次。")
    )
    box.setModal(False)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.show()
    return box


# -- manual backup -----------------------------------------------------------------------


def backup_now(window: QWidget) -> tasks.Task | None:
    """Ask for a file and write a backup of ``window.store`` to it off the GUI thread."""
    store: Store = window.store
    suggested = files.last_folder(BACKUP_DIR_KEY) / default_backup_name()
    path, _ = QFileDialog.getSaveFileName(
        window, translate("Backup", "备份数据"), str(suggested), backup_filter()
    )
    if not path:
        return None
    target = Path(path)
    if target.suffix.lower() != ".zip":
        target = target.with_name(target.name + ".zip")
    files.remember_folder(BACKUP_DIR_KEY, target.parent)
    return write_backup(window, store, target)


def write_backup(window: QWidget, store: Store, target: Path) -> tasks.Task:
    def job(db: Store, progress, cancelled) -> backup.BackupInfo:
        # A cancel stops it with OperationCancelled; backup_to leaves no file then.
        return backup.backup_to(db, target, progress=progress, cancelled=cancelled)

    def cancelled() -> None:
        window.statusBar().showMessage(translate("Backup", "已取消备份，未生成文件。"), 8000)

    def succeeded(info: backup.BackupInfo) -> None:
        text = translate("Backup", "备份已保存：{path}\n附件 {n} 个。").format(
            path=info.path, n=info.attachments
        )
        window.statusBar().showMessage(str(info.path), 8000)
        files.show_file_saved(window, text, info.path)

    return tasks.run_with_progress(
        window,
        translate("Backup", "备份数据"),
        translate("Backup", "正在备份到 {name}…").format(name=target.name),
        tasks.store_job(store.path, job, read_only=store.read_only),
        on_success=succeeded,
        on_error=lambda exc: errors.show_error(window, exc),
        on_cancel=cancelled,
    )


# -- restore -----------------------------------------------------------------------------


def restore_confirmation_box(parent: QWidget, path: Path, manifest: dict[str, Any]) -> QMessageBox:
    """What the backup holds and what restoring it does; objectName "restore" confirms."""
    box = QMessageBox(parent)
    box.setObjectName("restoreConfirm")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(translate("Backup", "从备份恢复"))
    box.setText(translate("Backup", "备份文件已检查，内容完整。用它替换当前数据库吗？"))
    details = [
        translate("Backup", "备份文件：{path}").format(path=path),
        translate("Backup", "备份时间：{when}").format(when=local_time(manifest.get("created_at"))),
        translate("Backup", "数据结构版本：{v}").format(v=manifest.get("schema_version")),
        translate("Backup", "附件：{n} 个").format(n=len(manifest.get("attachments", {}))),
        "",
        translate(
            "Backup",
            "当前数据库会先另存一份副本，恢复后窗口重新打开。备份之后所做的修改将不在恢复后的数据中。",
        ),
    ]
    box.setInformativeText("\n".join(details))
    startup.widen(box, 540)
    restore = box.addButton(translate("Backup", "恢复"), QMessageBox.ButtonRole.AcceptRole)
    restore.setObjectName("restore")
    cancel = box.addButton(translate("Backup", "取消"), QMessageBox.ButtonRole.RejectRole)
    cancel.setObjectName("cancel")
    box.setDefaultButton(cancel)  # replacing the data must be a deliberate choice
    return box


def confirm_restore(parent: QWidget, path: Path, manifest: dict[str, Any]) -> bool:
    box = restore_confirmation_box(parent, path, manifest)
    box.exec()
    clicked = box.clickedButton()
    return clicked is not None and clicked.objectName() == "restore"


def restore_from_backup(window: QWidget) -> tasks.Task | None:
    """Choose a backup file, check it (off the GUI thread), confirm, restore, reopen."""
    if window.store.read_only:
        QMessageBox.information(
            window,
            translate("Backup", "从备份恢复"),
            translate("Backup", "数据库以只读方式打开，不能恢复。请以正常方式打开后再试。"),
        )
        return None
    path, _ = QFileDialog.getOpenFileName(
        window,
        translate("Backup", "选择备份文件"),
        str(files.last_folder(BACKUP_DIR_KEY)),
        backup_filter(),
    )
    if not path:
        return None
    chosen = Path(path)
    files.remember_folder(BACKUP_DIR_KEY, chosen.parent)
    workdir = tempfile.mkdtemp(prefix="envhelp-inspect-")

    def job(progress, cancelled) -> dict[str, Any]:
        manifest, _db = backup.inspect_backup(
            chosen, Path(workdir), progress=progress, cancelled=cancelled
        )
        return manifest

    def finish() -> None:
        shutil.rmtree(workdir, ignore_errors=True)

    def checked(manifest: dict[str, Any]) -> None:
        finish()
        if confirm_restore(window, chosen, manifest):
            run_restore(window, chosen)

    def refused(exc: BaseException) -> None:
        finish()
        tasks.show_failure(window, exc, translate("Backup", "无法恢复"))

    def cancelled() -> None:
        finish()

    return tasks.run_with_progress(
        window,
        translate("Backup", "从备份恢复"),
        translate("Backup", "正在检查备份文件 {name}…").format(name=chosen.name),
        job,
        on_success=checked,
        on_error=refused,
        on_cancel=cancelled,
    )


def run_restore(window: QWidget, backup_file: Path) -> tasks.Task:
    """Close the window's database, restore ``backup_file`` over it, reopen it."""
    db_path = window.store.path
    window.release_store()  # restore needs every connection of ours closed

    def reopen() -> bool:
        store = startup.open_store(db_path, window, create=False, in_app=True)
        if store is None:  # the user gave up on the file: nothing left to show
            window.close()
            return False
        window.use_store(store)
        return True

    def restored(aside: Path | None) -> None:
        if not reopen():
            return
        text = translate("Backup", "已从备份恢复：{backup}").format(backup=backup_file)
        if aside is not None:
            text += "\n" + translate("Backup", "恢复前的数据库已另存为：{path}").format(path=aside)
        window.statusBar().showMessage(translate("Backup", "已从备份恢复。"), 8000)
        QMessageBox.information(window, translate("Backup", "恢复完成"), text)

    def refused(exc: BaseException) -> None:
        if reopen():
            tasks.show_failure(window, exc, translate("Backup", "无法恢复"))

    def cancelled() -> None:
        # The core stopped before its swap and took back the files it had added.
        if reopen():
            window.statusBar().showMessage(
                translate("Backup", "已取消恢复，数据库未做任何更改。"), 8000
            )

    return tasks.run_with_progress(
        window,
        translate("Backup", "从备份恢复"),
        translate("Backup", "正在恢复 {name}…").format(name=backup_file.name),
        lambda progress, cancelled: backup.restore(
            db_path, backup_file, progress=progress, cancelled=cancelled
        ),
        on_success=restored,
        on_error=refused,
        on_cancel=cancelled,
    )


# -- choosing a backup -----------------------------------------------------------------------


class BackupPickerDialog(QDialog):
    """The automatic backups beside a database, newest first, or another backup file."""

    def __init__(self, db_path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("backupPicker")
        self.setWindowTitle(self.tr("从备份恢复"))
        self.resize(560, 380)
        self.db_path = db_path
        self.other_file: Path | None = None

        self.list = QListWidget(self)
        self.list.setObjectName("backupList")
        for path in automatic_backups(db_path):
            kind = self.tr("每日") if path.parent.name == "daily" else self.tr("每月")
            date_text = path.stem[len(db_path.stem) + 1 :]
            item = QListWidgetItem(f"{date_text}　{kind}　{_size(path)}", self.list)
            item.setData(PATH_ROLE, str(path))
            item.setToolTip(str(path))
        if self.list.count():
            self.list.setCurrentRow(0)
            intro = self.tr("选择一个自动备份（最新的在最上面），恢复前会先检查它是否完整：")
        else:
            intro = self.tr("在 {folder} 中没有找到自动备份。可以选择其他备份文件：").format(
                folder=db_path.parent / "backups"
            )
        label = QLabel(intro, self)
        label.setWordWrap(True)
        self.list.itemDoubleClicked.connect(lambda _: self.accept())

        other = QPushButton(self.tr("其他备份文件…"), self)
        other.setObjectName("otherBackup")
        other.clicked.connect(self.choose_other)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("恢复"))
        buttons.addButton(other, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.list.count() > 0)

        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)

    def choose_other(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("选择备份文件"), str(self.db_path.parent), backup_filter()
        )
        if path:
            self.other_file = Path(path)
            self.accept()

    def selected_path(self) -> Path | None:
        if self.other_file is not None:
            return self.other_file
        item = self.list.currentItem()
        return Path(item.data(PATH_ROLE)) if item is not None else None


def _size(path: Path) -> str:
    size = path.stat().st_size
    return f"{size / 1024**2:.1f} MB" if size >= 1024**2 else f"{max(1, round(size / 1024))} KB"


def choose_backup(parent: QWidget | None, db_path: Path) -> Path | None:
    dialog = BackupPickerDialog(db_path, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.selected_path()
