"""Opening a database in the GUI when something is wrong with it, with a way forward.

``Store(...)`` raises :class:`~envhelp.errors.StorageError` when the file is locked
by another program, on read-only media, missing, damaged, from a newer EnvHelp …
:func:`decide` maps such an error to what the user can do about it (a pure
function, tested case by case); :func:`ask_fault` shows the message with one
button per choice; :func:`open_store` loops until a database is open or the user
gives up. It serves the start of the app and "File → Open database…" alike
(``in_app``: "Quit" then reads "Cancel" and keeps the current database).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from envhelp.errors import StorageError
from envhelp.gui import errors
from envhelp.gui.qt import QApplication, QCoreApplication, QFileDialog, QMessageBox, Qt, QWidget
from envhelp.storage import Store

log = logging.getLogger("envhelp.gui")

# What went wrong: the core names the fault (StorageError.kind).
LOCKED = StorageError.LOCKED
READ_ONLY_MEDIA = StorageError.READ_ONLY_MEDIA
MISSING = StorageError.MISSING
CORRUPT = StorageError.CORRUPT
NEWER_SCHEMA = StorageError.NEWER_SCHEMA
NEEDS_UPGRADE = StorageError.NEEDS_UPGRADE
CANNOT_CREATE = StorageError.CANNOT_CREATE
OTHER = StorageError.OTHER

# What the user can do about it.
RETRY = "retry"
OPEN_READ_ONLY = "open_read_only"
RESTORE = "restore"
CHOOSE_OTHER = "choose_other"
QUIT = "quit"

# First choice = the default button.
CHOICES: dict[str, tuple[str, ...]] = {
    LOCKED: (RETRY, OPEN_READ_ONLY, QUIT),
    READ_ONLY_MEDIA: (OPEN_READ_ONLY, CHOOSE_OTHER, QUIT),
    MISSING: (CHOOSE_OTHER, RESTORE, QUIT),
    CORRUPT: (RESTORE, CHOOSE_OTHER, QUIT),
    NEWER_SCHEMA: (QUIT,),
    NEEDS_UPGRADE: (CHOOSE_OTHER, QUIT),
    CANNOT_CREATE: (CHOOSE_OTHER, QUIT),
    OTHER: (RETRY, CHOOSE_OTHER, QUIT),
}


@dataclass(frozen=True)
class FaultDecision:
    kind: str
    choices: tuple[str, ...]

    @property
    def default(self) -> str:
        return self.choices[0]


def classify(exc: StorageError) -> str:
    """Which of the known faults ``exc`` describes (``OTHER`` for those without choices)."""
    return exc.kind if exc.kind in CHOICES else OTHER


def decide(exc: StorageError, *, read_only: bool = False) -> FaultDecision:
    """The choices offered for ``exc``. ``read_only``: the failed attempt was already
    read-only, so offering it again would only fail again."""
    kind = classify(exc)
    choices = CHOICES[kind]
    if read_only:
        choices = tuple(c for c in choices if c != OPEN_READ_ONLY)
    return FaultDecision(kind, choices)


# -- the question --------------------------------------------------------------------

translate = QCoreApplication.translate  # lupdate reads translate("Startup", "literal")


def advice(kind: str) -> str:
    """One sentence under the error saying what the buttons do."""
    texts = {
        LOCKED: translate(
            "Startup", "另一个窗口关闭后点“重试”。也可以先以只读方式打开：只能查看，不能修改。"
        ),
        READ_ONLY_MEDIA: translate(
            "Startup",
            "文件所在位置不能写入（如光盘或写保护的 U 盘）。可以只读方式打开查看，"
            "或把文件复制到可写的文件夹后选择那份副本。",
        ),
        MISSING: translate(
            "Startup", "请检查 U 盘等存储设备是否已插好，然后选择数据库文件；也可以从备份恢复。"
        ),
        CORRUPT: translate(
            "Startup",
            "可以从自动备份恢复（损坏的文件会原样另存一份，不会删除），或选择另一个数据库文件。",
        ),
        NEWER_SCHEMA: translate("Startup", "请安装新版本的 EnvHelp 后再打开此数据库。"),
        NEEDS_UPGRADE: translate(
            "Startup", "请把文件复制到可写的文件夹，然后选择那份副本，软件会自动升级它。"
        ),
        CANNOT_CREATE: translate("Startup", "请选择一个可以写入的位置或已有的数据库文件。"),
        OTHER: translate("Startup", "可以重试，或选择另一个数据库文件。"),
    }
    return texts[kind]


def choice_label(choice: str, *, in_app: bool = False) -> str:
    labels = {
        RETRY: translate("Startup", "重试"),
        OPEN_READ_ONLY: translate("Startup", "以只读方式打开"),
        RESTORE: translate("Startup", "从备份恢复…"),
        CHOOSE_OTHER: translate("Startup", "选择其他数据库…"),
        QUIT: translate("Startup", "取消") if in_app else translate("Startup", "退出"),
    }
    return labels[choice]


def widen(box: QMessageBox, min_width: int = 500) -> None:
    """Give a message box room for a file path (Qt sizes it for the shortest line)."""
    box.setStyleSheet(
        f"QLabel#qt_msgbox_label, QLabel#qt_msgbox_informativelabel {{ min-width: {min_width}px; }}"
    )


def fault_box(
    parent: QWidget | None, exc: StorageError, decision: FaultDecision, *, in_app: bool = False
) -> QMessageBox:
    """The message box for ``exc``; each button's objectName is its choice."""
    box = QMessageBox(parent)
    box.setObjectName("storageFault")
    box.setIcon(
        QMessageBox.Icon.Critical
        if decision.kind in (CORRUPT, NEWER_SCHEMA)
        else QMessageBox.Icon.Warning
    )
    box.setWindowTitle(translate("Startup", "无法打开数据库"))
    box.setText(str(exc))
    box.setInformativeText(advice(decision.kind))
    widen(box)
    for choice in decision.choices:
        role = (
            QMessageBox.ButtonRole.RejectRole
            if choice == QUIT
            else QMessageBox.ButtonRole.AcceptRole
        )
        button = box.addButton(choice_label(choice, in_app=in_app), role)
        button.setObjectName(choice)
        if choice == decision.default:
            box.setDefaultButton(button)
    return box


def ask_fault(
    parent: QWidget | None, exc: StorageError, decision: FaultDecision, *, in_app: bool = False
) -> str:
    """Show the fault and return the chosen choice (``QUIT`` when the box is closed)."""
    box = fault_box(parent, exc, decision, in_app=in_app)
    box.exec()
    clicked = box.clickedButton()
    name = clicked.objectName() if clicked is not None else ""
    return name if name in decision.choices else QUIT


# -- ways forward ----------------------------------------------------------------------


def choose_database(parent: QWidget | None, start: Path) -> Path | None:
    """Ask for an existing database file."""
    path, _ = QFileDialog.getOpenFileName(
        parent,
        translate("Startup", "选择数据库文件"),
        str(start),
        translate("Startup", "EnvHelp 数据库 (*.sqlite3 *.db);;所有文件 (*)"),
    )
    return Path(path) if path else None


def restore_over(db_path: Path, backup_file: Path) -> Path | None:
    """Restore ``backup_file`` at ``db_path`` when the file there cannot be opened.

    :func:`envhelp.storage.backup.restore` checks the backup first and then moves the
    file that is there (damaged or not) aside, never deleting it. Returns where the
    old file now is (None when there was none).
    """
    from envhelp.storage import backup  # zipfile and co. only when it comes to this

    return backup.restore(db_path, backup_file)


def restore_at_start(parent: QWidget | None, db_path: Path) -> bool:
    """Let the user pick a backup and restore it over ``db_path``; True when restored."""
    from envhelp.gui.dialogs.backup import choose_backup  # the dialogs import this module

    chosen = choose_backup(parent, db_path)
    if chosen is None:
        return False
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        aside = restore_over(db_path, chosen)
    except (StorageError, OSError) as exc:
        QApplication.restoreOverrideCursor()
        errors.show_error(parent, exc if isinstance(exc, StorageError) else _os_error(exc))
        return False
    QApplication.restoreOverrideCursor()
    text = translate("Startup", "已从备份恢复：{backup}").format(backup=chosen)
    if aside is not None:
        text += "\n" + translate("Startup", "原来的（损坏的）数据库文件已保留为：{path}").format(
            path=aside
        )
    QMessageBox.information(parent, translate("Startup", "已恢复"), text)
    return True


def _os_error(exc: OSError) -> StorageError:
    return StorageError(
        f"无法恢复：{exc}。当前数据库未做任何改动。",
        f"Cannot restore: {exc}. The current database was not changed.",
    )


def open_store(
    path: Path,
    parent: QWidget | None = None,
    *,
    create: bool = True,
    read_only: bool = False,
    in_app: bool = False,
) -> Store | None:
    """Open ``path``; on a StorageError ask what to do and try again. None = the user gave up."""
    while True:
        try:
            return Store(path, create=create and not read_only, read_only=read_only)
        except StorageError as exc:
            log.warning("cannot open %s: %s", path, exc.message_en)
            decision = decide(exc, read_only=read_only)
            choice = ask_fault(parent, exc, decision, in_app=in_app)
        if choice == QUIT:
            return None
        if choice == OPEN_READ_ONLY:
            read_only = True
        elif choice == CHOOSE_OTHER:
            other = choose_database(parent, path.parent)
            if other is not None:
                path, create, read_only = other, False, False
        elif choice == RESTORE and restore_at_start(parent, path):
            read_only = False
        # RETRY (and a cancelled file dialog): simply try again.


# -- File → Open database… / New database… ---------------------------------------------


def switch_database(window) -> Store | None:
    """Open another existing database in ``window`` (a MainWindow); None when nothing changed."""
    path = choose_database(window, window.store.path.parent)
    if path is None or path.resolve() == window.store.path.resolve():
        return None
    store = open_store(path, window, create=False, in_app=True)
    if store is not None:
        window.use_store(store)
    return store


def new_database(window) -> Store | None:
    """An empty database in a new file, shown in ``window``; never over an existing file."""
    path, _ = QFileDialog.getSaveFileName(
        window,
        translate("Startup", "新建数据库"),
        str(window.store.path.parent / "envhelp-new.sqlite3"),
        translate("Startup", "EnvHelp 数据库 (*.sqlite3 *.db);;所有文件 (*)"),
    )
    if not path:
        return None
    target = Path(path)
    if not target.suffix:
        target = target.with_suffix(".sqlite3")
    if target.exists():
        QMessageBox.warning(
            window,
            translate("Startup", "新建数据库"),
            translate(
                "Startup", "文件已存在：{path}\n要使用它，请选择“文件 → 打开数据库…”。"
            ).format(path=target),
        )
        return None
    store = open_store(target, window, in_app=True)
    if store is not None:
        window.use_store(store)
    return store
