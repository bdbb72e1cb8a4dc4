"""Enterprises page: search-as-you-type over a paged, sortable table; add and edit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from envhelp.gui.dialogs.enterprise import EnterpriseDialog
from envhelp.gui.models import ID_ROLE, EnterpriseTableModel
from envhelp.gui.pages.base import Page
from envhelp.gui.qt import (
    QEvent,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QModelIndex,
    QPushButton,
    Qt,
    QTimer,
    QVBoxLayout,
)
from envhelp.gui.widgets import EmptyHint, RecordTable, lock_if_read_only
from envhelp.storage import Store

if TYPE_CHECKING:
    from envhelp.gui.dialogs.enterprise_detail import EnterpriseDetailDialog

SEARCH_DELAY_MS = 150  # debounce: one query after typing pauses, not one per key
COLUMN_WIDTHS = [260, 170, 100, 180, 70, 115, 120]


class EnterprisesPage(Page):
    key = "enterprises"

    def __init__(self, store: Store, parent=None):
        super().__init__(store, parent)
        self.setObjectName(f"{self.key}Page")
        self.dialog: EnterpriseDialog | None = None
        self.detail_dialog: EnterpriseDetailDialog | None = None
        self.editors: list = []  # visit editors opened from the details (saved on close)
        self.model = EnterpriseTableModel(store, self)

        self.search = QLineEdit(self)
        self.search.setObjectName("enterpriseSearch")
        self.search.setPlaceholderText(
            self.tr("搜索：企业名称、统一社会信用代码或拼音首字母（如 qdjr）")
        )
        self.search.setClearButtonEnabled(True)
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self.apply_search)
        self.search.textChanged.connect(self.search_timer.start)
        self.search.returnPressed.connect(self._search_entered)
        self.search.installEventFilter(self)

        self.add_button = QPushButton(self.tr("新建企业"), self)
        self.add_button.setObjectName("addEnterprise")
        self.add_button.setToolTip(self.tr("新建企业（Ctrl+N）"))
        self.add_button.clicked.connect(self.new_record)
        self.edit_button = QPushButton(self.tr("编辑"), self)
        self.edit_button.setObjectName("editEnterprise")
        self.edit_button.setToolTip(self.tr("编辑选中的企业（F2）"))
        self.edit_button.clicked.connect(lambda: self.edit_record(self.table.currentIndex()))
        self.details_button = QPushButton(self.tr("详情"), self)
        self.details_button.setObjectName("enterpriseDetails")
        self.details_button.setToolTip(
            self.tr("企业详情：走访、未销号问题、符合率（Enter、双击或 Ctrl+D）")
        )
        self.details_button.setShortcut("Ctrl+D")
        self.details_button.clicked.connect(lambda: self.show_details(self.table.currentIndex()))
        self.count_label = QLabel(self)
        self.count_label.setObjectName("enterpriseCount")
        # Read-only: Enter / double-click still open the form, as a view (EnterpriseDialog).
        lock_if_read_only(store, self.add_button, self.edit_button)

        self.table = RecordTable(self)
        self.table.setObjectName("enterpriseTable")
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        header.sortIndicatorChanged.connect(self._keep_sortable_indicator)
        self.table.set_column_widths(COLUMN_WIDTHS)
        self.table.open_requested.connect(self.show_details)  # edit from the details
        self.table.edit_requested.connect(self.edit_record)
        self.model.modelReset.connect(self._update_count)

        row, _ = self.header(self.title())
        row.addWidget(self.count_label)
        tools = QHBoxLayout()
        tools.addWidget(self.search, 1)
        tools.addWidget(self.add_button)
        tools.addWidget(self.edit_button)
        tools.addWidget(self.details_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addLayout(tools)
        self.empty_hint = EmptyHint(self)
        layout.addWidget(self.empty_hint)
        layout.addWidget(self.table, 1)
        self.setFocusProxy(self.search)
        self._update_count()

    def on_activated(self) -> None:
        # Keep the user's scroll position and search; this page refreshes after its own saves.
        pass

    def refresh(self) -> None:
        self.model.refresh()

    def apply_search(self) -> None:
        self.search_timer.stop()
        self.model.set_search(self.search.text())

    def eventFilter(self, watched, event) -> bool:
        # ↓ (or PgDn) in the search box goes on into the list.
        if (
            watched is self.search
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_PageDown)
        ):
            self.focus_list()
            return True
        return super().eventFilter(watched, event)

    def _search_entered(self) -> None:
        """Enter in the search box: search now, then go on into the list."""
        self.apply_search()
        self.focus_list()

    def focus_list(self) -> None:
        """The cursor into the list, on the first row unless one is chosen already."""
        if self.model.rowCount() == 0:
            return
        if not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.model.index(0, 0))
        self.table.selectRow(self.table.currentIndex().row())
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _update_count(self) -> None:
        self.count_label.setText(self.tr("共 %n 家", "", self.model.total))
        searching = bool(self.search.text().strip())
        self.empty_hint.show_for(
            self.model.total == 0,
            self.tr("没有找到匹配的企业：试试名称中的一个词、信用代码或拼音首字母。")
            if searching
            else self.tr(
                "还没有企业。按 Ctrl+N 新建一家，或用“数据 → 导入企业（Excel）”按模板"
                "一次导入（模板在“数据 → 下载企业导入模板”）。"
            ),
        )

    def _keep_sortable_indicator(self, column: int, order: Qt.SortOrder) -> None:
        # Only columns the core can ORDER BY are sortable; put the arrow back otherwise.
        if not self.model.is_sortable(column):
            order = (
                Qt.SortOrder.DescendingOrder
                if self.model.descending
                else Qt.SortOrder.AscendingOrder
            )
            self.table.horizontalHeader().setSortIndicator(self.model.sort_column(), order)

    # -- dialogs ------------------------------------------------------------

    def new_record(self) -> EnterpriseDialog:
        return self._open_dialog(None)

    def edit_record(self, index: QModelIndex) -> EnterpriseDialog | None:
        if not index.isValid():
            return None
        return self._open_dialog(self.model.index(index.row(), 0).data(ID_ROLE))

    def _open_dialog(self, enterprise_id: str | None) -> EnterpriseDialog:
        # open(), not exec(): window-modal without a nested event loop.
        dialog = EnterpriseDialog(self.store, enterprise_id, self)
        dialog.accepted.connect(lambda: self._saved(dialog.saved))
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        return dialog

    def show_details(self, index: QModelIndex) -> EnterpriseDetailDialog | None:
        if not index.isValid():
            return None
        # Imported on first use: it pulls in the visit list and editor (start-up speed).
        from envhelp.gui.dialogs.enterprise_detail import EnterpriseDetailDialog

        dialog = EnterpriseDetailDialog(
            self.store, self.model.index(index.row(), 0).data(ID_ROLE), self
        )
        dialog.finished.connect(dialog.deleteLater)
        self.detail_dialog = dialog
        dialog.open()
        return dialog

    def _saved(self, saved: dict | None) -> None:
        self.model.refresh()
        if saved:
            row = self.model.row_of_id(saved["id"])
            if row >= 0:
                self.table.selectRow(row)
                self.table.scrollTo(self.model.index(row, 0))
        self.table.setFocus()
