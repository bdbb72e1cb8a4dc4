"""The main window: navigation list, page stack, menus with shortcuts, status bar.

Start-up speed: a page is built the first time it is shown (:meth:`MainWindow.page`),
and the dialogs behind the menus are imported when first opened, so showing the
window costs one page (the dashboard, which reads its figures off the GUI thread).
Nothing on this path imports reportlab or openpyxl (tests/gui/test_startup_speed.py).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from envhelp import __version__, i18n
from envhelp.domain import officers
from envhelp.gui import language, startup
from envhelp.gui.data_menu import install_data_menu
from envhelp.gui.geometry import place_window
from envhelp.gui.pages import PAGES, PageEntry, page_title
from envhelp.gui.pages.base import Page
from envhelp.gui.qt import (
    QAction,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QListWidget,
    QMainWindow,
    QMenuBar,
    QMessageBox,
    QSize,
    QStackedWidget,
    QStatusBar,
    QWidget,
)
from envhelp.gui.widgets import lock_if_read_only
from envhelp.storage import Store

if TYPE_CHECKING:
    from envhelp.gui.dialogs.settings import SettingsDialog

# Narrow enough that the window works at 1024 px beside another one.
NAV_WIDTH = 124
NAV_STYLE = """
QListWidget#navigation { font-size: 11pt; padding-top: 6px; }
QListWidget#navigation::item { padding: 8px 12px; }
"""


def page_class(entry: PageEntry) -> type[Page]:
    """The page's class, its module imported when the page is first shown (start-up speed)."""
    return getattr(importlib.import_module(entry.module), entry.class_name)


class MainWindow(QMainWindow):
    """Everything is built in :meth:`_build`, so a language switch (or another database,
    :meth:`use_store`) simply rebuilds it.

    ``auto_backup``: make today's automatic backup when the window closes (the app
    turns it on; tests that only drive pages leave it off).
    """

    def __init__(self, store: Store, parent: QWidget | None = None, *, auto_backup: bool = False):
        super().__init__(parent)
        self.store = store
        self.setObjectName("mainWindow")
        self.settings_dialog: SettingsDialog | None = None
        self._pages: list[Page | None] = []  # None: not built yet
        # What pages rebuilt after a language switch take over (Page.state / restore_state).
        self._page_states: dict[str, dict] = {}
        self.auto_backup = auto_backup
        self._close_backup_done = False
        self._close_backup_task = None
        self._build(0)
        # 1280 × 800, or where the user left it; inside the screen's free area either way.
        place_window(self, "main", QSize(1280, 800))

    # -- construction -------------------------------------------------------

    def _build(self, page_index: int) -> None:
        title = self.tr("EnvHelp 执法帮扶 — {name}").format(name=self.store.path.name)
        if self.store.read_only:
            title += self.tr("（只读）")
        self.setWindowTitle(title)
        self._pages = [None] * len(PAGES)

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(NAV_WIDTH)
        self.nav.setStyleSheet(NAV_STYLE)
        self.stack = QStackedWidget()
        for number, entry in enumerate(PAGES, start=1):
            self.nav.addItem(page_title(entry.key))
            self.nav.item(number - 1).setToolTip(f"Ctrl+{number}")
            self.stack.addWidget(QWidget())  # stands in until the page is first shown
        self.nav.currentRowChanged.connect(self._page_changed)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)  # deletes the previous one on a rebuild

        self._build_menus()
        self._build_status_bar()
        # The 数据 menu (envhelp/gui/data_menu.py); after the status bar, which shows its
        # last sync.
        install_data_menu(self)
        self.nav.setCurrentRow(page_index)  # a new list starts at -1, so this always fires

    def _build_menus(self) -> None:
        bar = QMenuBar(self)
        self.setMenuBar(bar)  # the old bar and its actions go with it

        file_menu = bar.addMenu(self.tr("文件(&F)"))
        self.new_db_action = self._action(file_menu, self.tr("新建数据库(&W)…"))
        self.new_db_action.triggered.connect(lambda: startup.new_database(self))
        self.open_db_action = self._action(
            file_menu, self.tr("打开数据库(&O)…"), QKeySequence.StandardKey.Open
        )
        self.open_db_action.triggered.connect(lambda: startup.switch_database(self))
        file_menu.addSeparator()
        self.backup_action = self._action(file_menu, self.tr("备份数据(&B)…"))
        self.backup_action.triggered.connect(lambda: _backup_dialogs().backup_now(self))
        self.restore_action = self._action(file_menu, self.tr("从备份恢复(&R)…"))
        self.restore_action.triggered.connect(lambda: _backup_dialogs().restore_from_backup(self))
        lock_if_read_only(self.store, self.restore_action)
        file_menu.addSeparator()
        self.settings_action = self._action(file_menu, self.tr("设置(&S)…"), "Ctrl+,")
        self.settings_action.triggered.connect(self.open_settings)
        file_menu.addSeparator()
        quit_action = self._action(file_menu, self.tr("退出(&Q)"), QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)

        edit_menu = bar.addMenu(self.tr("编辑(&E)"))
        self.new_action = self._action(edit_menu, self.tr("新建(&N)"), "Ctrl+N")
        self.new_action.triggered.connect(lambda: self._call_page("new_record"))
        self.find_action = self._action(edit_menu, self.tr("查找(&F)"), "Ctrl+F")
        self.find_action.triggered.connect(lambda: self._call_page("focus_search"))

        view_menu = bar.addMenu(self.tr("视图(&V)"))
        self.nav_actions: list[QAction] = []
        for number, entry in enumerate(PAGES, start=1):
            action = self._action(view_menu, page_title(entry.key), f"Ctrl+{number}")
            action.triggered.connect(lambda _=False, row=number - 1: self.show_page(row))
            self.nav_actions.append(action)
        view_menu.addSeparator()
        refresh = self._action(view_menu, self.tr("刷新(&R)"), "F5")
        refresh.triggered.connect(lambda: self.current_page().refresh())

        help_menu = bar.addMenu(self.tr("帮助(&H)"))
        guide = self._action(help_menu, self.tr("使用指南(&G)"), "F1")
        guide.triggered.connect(lambda: self.show_help("guide"))
        keys = self._action(help_menu, self.tr("快捷键(&K)"))
        keys.triggered.connect(lambda: self.show_help("shortcuts"))
        help_menu.addSeparator()
        about = self._action(help_menu, self.tr("关于 EnvHelp(&A)"))
        about.triggered.connect(self.show_about)

    def _action(self, menu, text: str, shortcut=None) -> QAction:
        action = menu.addAction(text)
        if isinstance(shortcut, QKeySequence.StandardKey):
            action.setShortcuts(shortcut)  # every binding the platform has for it
        elif shortcut is not None:
            # setShortcuts([…]), not setShortcut(…): resolving the latter's overloads makes
            # PySide build the whole Qt enum namespace, ≈ 11 ms of the window's start.
            action.setShortcuts([QKeySequence(shortcut)])
        return action

    def _build_status_bar(self) -> None:
        bar = QStatusBar(self)
        self.setStatusBar(bar)
        self.db_label = QLabel(self.tr("数据库：{path}").format(path=self.store.path))
        self.db_label.setObjectName("dbPathLabel")
        self.db_label.setToolTip(str(self.store.path))
        self.officer_label = QLabel()
        self.officer_label.setObjectName("officerLabel")
        bar.addWidget(self.db_label, 1)
        if self.store.read_only:
            read_only = QLabel(self.tr("只读"))
            read_only.setObjectName("readOnlyLabel")
            read_only.setStyleSheet("QLabel { color: #b00020; font-weight: bold; }")
            read_only.setToolTip(self.tr("数据库以只读方式打开：可以查看，不能保存修改。"))
            bar.addPermanentWidget(read_only)
        bar.addPermanentWidget(self.officer_label)
        self.update_officer_label()

    def update_officer_label(self) -> None:
        officer = officers.current(self.store)
        if officer:
            text = self.tr("当前执法人员：{name}").format(name=officer["name"])
        else:
            text = self.tr("当前执法人员：未选择（文件 → 设置）")
        self.officer_label.setText(text)

    # -- navigation ---------------------------------------------------------

    def page(self, row: int) -> Page:
        """The page at ``row`` of the navigation, built now if it has not been shown yet."""
        page = self._pages[row]
        if page is None:
            # Made inside the stack: a page re-parented later is styled all over again.
            page = page_class(PAGES[row])(self.store, self.stack)
            if hasattr(page, "navigate"):  # pages that link to others (the dashboard's figures)
                page.navigate.connect(self.navigate)
            current = self.stack.currentIndex()
            placeholder = self.stack.widget(row)
            self.stack.insertWidget(row, page)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self.stack.setCurrentIndex(current)
            self._pages[row] = page
            if entry_state := self._page_states.pop(PAGES[row].key, None):
                page.restore_state(entry_state)
        return page

    @property
    def pages(self) -> list[Page]:
        """Every page, each built on demand (tests and links; the window itself builds lazily)."""
        return [self.page(row) for row in range(len(self._pages))]

    def built_pages(self) -> list[Page]:
        """The pages built so far."""
        return [page for page in self._pages if page is not None]

    def current_page(self) -> Page:
        return self.page(self.stack.currentIndex())

    def show_page(self, row: int) -> None:
        self.nav.setCurrentRow(row)
        page = self.page(row)
        page.setFocus()

    def _page_changed(self, row: int) -> None:
        if row < 0:
            return
        page = self.page(row)
        self.stack.setCurrentIndex(row)
        page.on_activated()
        self.new_action.setEnabled(hasattr(page, "new_record"))
        lock_if_read_only(self.store, self.new_action)  # every page's new_record writes
        self.find_action.setEnabled(hasattr(page, "focus_search"))

    def page_row(self, name: str) -> int:
        """Row of the page named ``name`` (e.g. "problems"), -1 if there is none."""
        return next((i for i, entry in enumerate(PAGES) if entry.key == name), -1)

    def page_named(self, name: str) -> Page | None:
        """The page whose objectName is ``name + "Page"`` (e.g. "problems"), if any."""
        row = self.page_row(name)
        return self.page(row) if row >= 0 and self._pages else None

    def navigate(self, kind: str, payload=None) -> None:
        """Follow a link from a page: ``("problems", {"filter": …, "order_by": …,
        "descending": …})``, ``("visits", {"date_from": …, "date_to": …, "status": …})``,
        ``("page", name)`` or ``("enterprise", enterprise_id)``."""
        if kind == "problems":
            self.open_problems(**(payload or {}))
        elif kind == "visits" and (row := self.page_row("visits")) >= 0:
            self.show_page(row)
            self.page(row).apply_filter(**(payload or {}))
        elif kind == "enterprise":
            self.open_enterprise(payload)
        elif kind == "page" and (row := self.page_row(payload)) >= 0:
            self.show_page(row)

    def open_problems(self, filter=None, order_by=None, descending=False) -> Page | None:  # noqa: A002
        """Show the Problems page with the given ledger filter and order."""
        row = self.page_row("problems")
        if row < 0:
            return None
        self.show_page(row)
        page = self.page(row)
        page.apply_filter(filter, order_by=order_by, descending=descending)
        return page

    def open_enterprise(self, enterprise_id: str):
        """Show the Enterprises page and open the enterprise's form."""
        row = self.page_row("enterprises")
        if row < 0:
            return None
        self.show_page(row)
        return self.page(row)._open_dialog(enterprise_id)

    def _call_page(self, hook: str) -> None:
        method = getattr(self.current_page(), hook, None)
        if method is not None:
            method()

    # -- settings and language ---------------------------------------------

    def open_settings(self) -> SettingsDialog:
        from envhelp.gui.dialogs.settings import SettingsDialog

        dialog = SettingsDialog(self.store, i18n.language(), self)
        dialog.accepted.connect(lambda: self._settings_accepted(dialog))
        dialog.finished.connect(dialog.deleteLater)
        self.settings_dialog = dialog
        dialog.open()
        return dialog

    def _settings_accepted(self, dialog: SettingsDialog) -> None:
        self.update_officer_label()
        chosen = dialog.chosen_language()
        if chosen != i18n.language():
            self.set_language(chosen)

    def set_language(self, lang: str) -> None:
        """Switch the UI (and the core's messages) to ``lang`` and remember it."""
        language.apply_language(lang)
        language.save_language(lang)
        self._page_states = {page.key: page.state() for page in self.built_pages()}
        self._build(self.stack.currentIndex())

    def show_help(self, page: str):
        """The user guide or the shortcut list, beside the window (帮助 menu, F1)."""
        from envhelp.gui.dialogs.help import HelpDialog  # on first use: start-up speed

        dialog = HelpDialog(page, self)
        dialog.finished.connect(dialog.deleteLater)
        self.help_dialog = dialog
        dialog.show()
        return dialog

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("关于 EnvHelp"),
            self.tr("EnvHelp {version}\n生态环境执法帮扶案件管理工具。").format(
                version=__version__
            ),
        )

    # -- the database: another one, a restore, closing ------------------------

    def _close_editors(self) -> None:
        """Close the visit editors first: each saves its pending draft on closing; and
        let go of background reads (the dashboard's) before the database is closed."""
        for page in self.built_pages():
            for editor in list(getattr(page, "editors", [])):
                editor.close()
            if hasattr(page, "stop_loading"):
                page.stop_loading()

    def release_store(self) -> None:
        """Let go of the database (for a restore): editors closed, pages gone, store closed.

        Call :meth:`use_store` afterwards to show a database again.
        """
        self._close_editors()
        placeholder = QLabel(self.tr("正在处理数据库，请稍候…"))
        placeholder.setObjectName("storeReleased")
        self.setCentralWidget(placeholder)  # the pages (and their models) go with the old one
        self._pages = []
        self.menuBar().setEnabled(False)
        self.store.close()

    def use_store(self, store: Store) -> None:
        """Show ``store`` instead of the current database (which is closed)."""
        old = self.store
        if self._pages:
            self._close_editors()
        self.store = store
        self._build(0)
        if old is not store:
            old.close()  # closing twice (after release_store) is harmless
        self.statusBar().showMessage(self.tr("已打开数据库：{path}").format(path=store.path), 8000)

    def closeEvent(self, event) -> None:
        if self.auto_backup and not self._close_backup_done:
            # Close once today's automatic backup is written (or has failed): never lost,
            # never stuck — the backup's own callback closes the window again.
            if self._close_backup_task is None:
                self._close_editors()
                self._close_backup_task = _backup_dialogs().auto_backup_on_close(
                    self, self._auto_backup_finished
                )
            if self._close_backup_task is not None:
                event.ignore()
                return
        super().closeEvent(event)

    def _auto_backup_finished(self) -> None:
        self._close_backup_done = True
        self._close_backup_task = None
        self.close()


def _backup_dialogs():
    """envhelp.gui.dialogs.backup, imported when a backup is first made (start-up speed)."""
    from envhelp.gui.dialogs import backup as backup_dialogs

    return backup_dialogs
