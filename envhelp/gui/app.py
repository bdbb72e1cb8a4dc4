"""Start the GUI: ``python main.py [--db PATH] [--read-only]`` or the ``envhelp-gui`` command.

Order matters: the QApplication and the CJK font first, then the saved language
(so the first-start question is already in it), then the database, then the window.
A database that cannot be opened (locked, read-only media, damaged, newer) is met
with a message and a way forward (:mod:`envhelp.gui.startup`), never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from envhelp import __version__, i18n, paths

# The Qt-free core the start needs comes in before PySide6, which reads the source of
# each module imported after it (looking for ``from __feature__ import``): ≈ 3 ms.
from envhelp.domain import officers, planning  # noqa: F401 (the window's first page)
from envhelp.errors import EnvHelpError
from envhelp.storage import Store

# isort: split
from envhelp.gui import errors, language, startup, tasks
from envhelp.gui.qt import (
    QApplication,
    QCoreApplication,
    QFont,
    QFontDatabase,
    QMessageBox,
)
from envhelp.gui.widgets import after_paint

if TYPE_CHECKING:
    from envhelp.gui.main_window import MainWindow

log = logging.getLogger("envhelp.gui")

CJK_FONT = ("fonts", "wqy-microhei.ttc")
CJK_FAMILY = "WenQuanYi Micro Hei"  # the first family of CJK_FONT
DEMO_SEED = 1
DEMO_PROGRESS_AFTER_MS = 300  # the progress dialog shows once the demo takes this long


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="envhelp-gui", description="EnvHelp desktop app")
    parser.add_argument(
        "--db",
        metavar="PATH",
        help=f"database file (default: ${paths.DB_ENV_VAR}, else the user data folder)",
    )
    parser.add_argument(
        "--read-only",
        action="store_true",
        help="open the database read-only (view only; nothing can be saved)",
    )
    parser.add_argument("--version", action="version", version=f"EnvHelp {__version__}")
    # Qt's own options (-platform, -style …) pass through to QApplication.
    args, _ = parser.parse_known_args(argv)
    return args


def database_path(arg: str | None) -> Path:
    return Path(arg).expanduser() if arg else paths.default_db_path()


def load_cjk_font(app: QApplication) -> str | None:
    """Use WenQuanYi Micro Hei where the default font lacks Chinese (else as its fallback).

    The system's copy is used when it has one (Debian's fonts-wqy-microhei); only
    without it is the bundled file registered, since reading and indexing that 5 MB
    font costs ≈ 8 ms of the start. Returns the family name, or None if the bundled
    file could not be loaded either.
    """
    cjk = CJK_FAMILY if QFontDatabase.hasFamily(CJK_FAMILY) else _register_bundled_font()
    if cjk is None:
        return None
    current = app.font()
    chinese = QFontDatabase.WritingSystem.SimplifiedChinese
    if chinese in QFontDatabase.writingSystems(current.family()):
        # A system font already covers Chinese: keep it, with ours as a fallback.
        current.setFamilies([current.family(), cjk])
    else:
        current = QFont(cjk, max(current.pointSize(), 10))
    app.setFont(current)
    return cjk


def _register_bundled_font() -> str | None:
    font_id = QFontDatabase.addApplicationFont(str(paths.resource(*CJK_FONT)))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        log.warning("could not load the bundled CJK font %s", paths.resource(*CJK_FONT))
        return None
    return families[0]


def create_application(argv: Sequence[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(list(argv or sys.argv[:1]))
    app.setApplicationName("EnvHelp")
    app.setOrganizationName("EnvHelp")
    app.setApplicationVersion(__version__)
    load_cjk_font(app)
    language.apply_language(language.saved_language())
    return app


def generate_demo(store: Store) -> str | None:
    """Fill ``store`` with demo data via ``envhelp.demo.generate``; a message if unavailable."""
    missing = QCoreApplication.translate(
        "Startup", "此版本尚未包含演示数据生成器（envhelp.demo），已创建空数据库。"
    )
    try:
        demo = importlib.import_module("envhelp.demo")
    except ModuleNotFoundError as exc:
        if exc.name != "envhelp.demo":  # the module exists but is broken: a real error
            raise
        return missing
    generate = getattr(demo, "generate", None)
    if generate is None:
        return missing

    def job(db: Store, progress, cancelled):
        # One transaction (all demo records or none), on the worker's own connection.
        return generate(db, seed=DEMO_SEED, progress=progress, cancelled=cancelled)

    # 3–6 s on a laptop: a progress bar, never a blank screen; Cancel leaves it empty.
    task = tasks.run_and_wait(
        None,
        QCoreApplication.translate("Startup", "演示数据"),
        QCoreApplication.translate("Startup", "正在生成演示数据（40 家企业、一年的走访）…"),
        tasks.store_job(store.path, job),
        min_duration_ms=DEMO_PROGRESS_AFTER_MS,
    )
    if task.outcome == "cancelled":
        return QCoreApplication.translate("Startup", "已取消生成演示数据，数据库为空。")
    if task.outcome == "failed":
        raise task.error
    return None


def ask_first_start(path: Path) -> str | None:
    """Ask what to do when there is no database yet: 'empty', 'demo' or None (quit)."""
    box = QMessageBox()
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(QCoreApplication.translate("Startup", "首次使用 EnvHelp"))
    box.setText(QCoreApplication.translate("Startup", "在以下位置还没有数据库：") + f"\n{path}")
    box.setInformativeText(
        QCoreApplication.translate(
            "Startup", "可以新建一个空数据库，或者新建并填入演示数据以便熟悉软件。"
        )
    )
    empty = box.addButton(
        QCoreApplication.translate("Startup", "新建空数据库"), QMessageBox.ButtonRole.AcceptRole
    )
    demo = box.addButton(
        QCoreApplication.translate("Startup", "使用演示数据"), QMessageBox.ButtonRole.AcceptRole
    )
    box.addButton(QCoreApplication.translate("Startup", "退出"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(empty)
    box.exec()
    clicked = box.clickedButton()
    if clicked is empty:
        return "empty"
    if clicked is demo:
        return "demo"
    return None


def open_database(path: Path, *, read_only: bool = False) -> Store | None:
    """Open (or, on first start, create) the database; None when the user gives up.

    A fault while opening is met by :func:`envhelp.gui.startup.open_store`'s question.
    """
    choice = None
    if not path.exists() and not read_only:
        choice = ask_first_start(path)
        if choice is None:
            return None
    # Only the first-start question creates a database: an empty (0-byte) file, say an
    # interrupted copy, is a fault with a way forward, never silently a new database.
    store = startup.open_store(path, create=choice is not None, read_only=read_only)
    if store is None:
        return None
    if choice == "demo":
        try:
            note = generate_demo(store)
        except EnvHelpError as exc:
            errors.show_error(None, exc)
            note = None
        if note:
            QMessageBox.information(None, QCoreApplication.translate("Startup", "演示数据"), note)
    return store


def start(argv: Sequence[str] | None = None) -> tuple[QApplication, MainWindow] | None:
    """Everything up to the main window shown (what the start-up benchmark times);
    None when no database was opened. :func:`main` then runs the event loop."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    errors.setup_logging()
    errors.install_excepthook()
    app = create_application(sys.argv[:1])
    store = open_database(database_path(args.db), read_only=args.read_only)
    if store is None:
        return None
    # Imported late so that a broken page cannot stop the error hook from being installed.
    from envhelp.gui.main_window import MainWindow

    window = MainWindow(store, auto_backup=True)
    window.show()
    # After the first paint: a note about last time's failed backup is no reason to wait;
    # an empty database then asks who is working and where the enterprises come from.
    after_paint(window, lambda: _after_first_paint(window))
    log.info(
        "EnvHelp %s started on %s (language %s%s)",
        __version__,
        store.path,
        i18n.language(),
        ", read-only" if store.read_only else "",
    )
    return app, window


def _after_first_paint(window: MainWindow) -> None:
    from envhelp.gui.dialogs import backup as backup_dialogs
    from envhelp.gui.dialogs import first_start

    backup_dialogs.show_pending_notes(window)
    if window.isVisible():  # not after a window closed (and its database with it) already
        first_start.offer(window)


def main(argv: Sequence[str] | None = None) -> int:
    started = start(argv)
    if started is None:
        return 1
    app, window = started
    try:
        return app.exec()
    finally:
        tasks.stop_all()  # no worker thread may outlive the application
        window.store.close()  # the window may have switched to another database
