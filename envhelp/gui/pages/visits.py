"""Visits page: paged list filtered by month and status; new, open and delete drafts.

Ctrl+N starts a new visit, Enter or a double-click opens the selected one in
the visit editor (a separate window), Delete removes a draft after asking.
A link (the dashboard's visit figures) may open the page limited to a period
(:meth:`VisitsPage.apply_filter`): the period shows as a removable chip, and
choosing a month replaces it. The count label also gives the distinct
enterprises of the listed visits (the 走访企业 figure of that period).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from envhelp.domain import visits, vocab
from envhelp.errors import EnvHelpError
from envhelp.gui import pdf_export
from envhelp.gui.models import ID_ROLE, VisitTableModel
from envhelp.gui.month_edit import MonthEdit
from envhelp.gui.pages.base import Page
from envhelp.gui.qt import (
    QCheckBox,
    QComboBox,
    QDate,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QModelIndex,
    QPushButton,
    Qt,
    QVBoxLayout,
)
from envhelp.gui.widgets import EmptyHint, RecordTable, lock_if_read_only
from envhelp.storage import Store

if TYPE_CHECKING:
    from envhelp.gui.visit_editor import VisitEditor

COLUMN_WIDTHS = [100, 60, 280, 120, 160, 80]
CONFIRMED = (QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.Ok)


class FilteredVisitModel(VisitTableModel):
    """Visits of one month or period and/or one status (all optional), read page by page."""

    def __init__(self, store: Store, parent=None, **kwargs: Any):
        super().__init__(store, parent, **kwargs)
        self.month: str | None = None
        self.status: str | None = None
        self.enterprise_id: str | None = None
        self.date_from: str | None = None  # a period (inclusive ISO dates), from a link
        self.date_to: str | None = None

    def filters(self) -> dict[str, Any]:
        return {
            "month": self.month,
            "status": self.status,
            "enterprise_id": self.enterprise_id,
            "date_from": self.date_from,
            "date_to": self.date_to,
        }


class VisitTable(RecordTable):
    """The visit list; Delete asks to remove the selected draft."""

    def __init__(self, page: VisitsPage):
        super().__init__(page)
        self.page = page

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Delete and self.currentIndex().isValid():
            self.page.delete_selected()
            return
        super().keyPressEvent(event)


class VisitsPage(Page):
    key = "visits"

    def __init__(self, store: Store, parent=None):
        super().__init__(store, parent)
        self.setObjectName(f"{self.key}Page")
        self.editors: list[VisitEditor] = []
        self.model = FilteredVisitModel(store, self)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("visitCount")

        self.month_box = QCheckBox(self.tr("按月份"), self)
        self.month_box.setObjectName("monthFilter")
        self.month_edit = MonthEdit(self)
        self.month_edit.setObjectName("monthEdit")
        self.month_edit.setDate(QDate.currentDate())
        self.month_edit.setEnabled(False)
        self.month_box.toggled.connect(self.month_edit.setEnabled)
        self.month_box.toggled.connect(self._filters_changed)
        self.month_edit.dateChanged.connect(self._filters_changed)
        self.status_combo = QComboBox(self)
        self.status_combo.setObjectName("visitStatus")
        self.status_combo.addItem(self.tr("全部状态"), None)
        for code in vocab.VISIT_STATUSES:
            self.status_combo.addItem(vocab.label(vocab.VISIT_STATUSES, code), code)
        self.status_combo.currentIndexChanged.connect(self._filters_changed)
        self._loading = False  # apply_filter() sets several widgets: read once, at its end
        self.period_chip = QPushButton(self)
        self.period_chip.setObjectName("periodChip")
        self.period_chip.setToolTip(self.tr("点击取消按走访日期筛选"))
        self.period_chip.clicked.connect(self._clear_period)
        self.period_chip.hide()

        self.new_button = QPushButton(self.tr("新建走访"), self)
        self.new_button.setObjectName("newVisit")
        self.new_button.setToolTip(self.tr("新建走访记录（Ctrl+N）"))
        self.new_button.clicked.connect(self.new_record)
        self.open_button = QPushButton(self.tr("打开"), self)
        self.open_button.setObjectName("openVisit")
        self.open_button.setToolTip(self.tr("打开选中的走访（Enter 或双击）"))
        self.open_button.clicked.connect(lambda: self.open_record(self.table.currentIndex()))
        self.delete_button = QPushButton(self.tr("删除草稿"), self)
        self.delete_button.setObjectName("deleteVisit")
        self.delete_button.setToolTip(self.tr("删除选中的草稿（Delete）；已定稿的记录不能删除"))
        self.delete_button.clicked.connect(self.delete_selected)
        # Read-only: 打开 stays, the editor then shows the visit read-only.
        lock_if_read_only(store, self.new_button, self.delete_button)

        self.table = VisitTable(self)
        self.table.setObjectName("visitTable")
        self.table.setModel(self.model)
        self.table.set_column_widths(COLUMN_WIDTHS)
        self.table.open_requested.connect(self.open_record)
        self.model.modelReset.connect(self._update_count)

        row, _ = self.header(self.title())
        row.addWidget(self.count_label)
        tools = QHBoxLayout()
        tools.addWidget(self.month_box)
        tools.addWidget(self.month_edit)
        tools.addSpacing(12)
        tools.addWidget(QLabel(self.tr("状态："), self))
        tools.addWidget(self.status_combo)
        tools.addWidget(self.period_chip)
        tools.addStretch(1)
        tools.addWidget(self.new_button)
        tools.addWidget(self.open_button)
        tools.addWidget(self.delete_button)
        for button in pdf_export.visit_pdf_buttons(self, store, self.selected_visit_id):
            tools.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addLayout(tools)
        self.empty_hint = EmptyHint(self)
        layout.addWidget(self.empty_hint)
        layout.addWidget(self.table, 1)
        self.setFocusProxy(self.table)
        self.refresh()
        self.fresh = True  # read just now: the first show need not read again

    def refresh(self) -> None:
        self.model.refresh()

    def apply_filter(
        self,
        *,
        date_from: date | str | None = None,
        date_to: date | str | None = None,
        status: str | None = None,
    ) -> None:
        """Show the visits dated ``date_from``..``date_to`` (inclusive; shown as a chip that
        removes it) of ``status`` (None: every status); the month filter is switched off.
        A bad date raises ValidationError naming ``date_from`` / ``date_to``."""
        low, high = visits.date_range(date_from, date_to)
        self._loading = True
        try:
            self.month_box.setChecked(False)
            self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(status)))
            self._set_period(low, high)
        finally:
            self._loading = False
        self._filters_changed()

    def _set_period(self, low: str | None, high: str | None) -> None:
        self.model.date_from, self.model.date_to = low, high
        if low or high:
            any_day = self.tr("不限")
            self.period_chip.setText(
                self.tr("走访日期：{start} – {end} ✕").format(
                    start=low or any_day, end=high or any_day
                )
            )
        self.period_chip.setVisible(bool(low or high))

    def _clear_period(self) -> None:
        self._set_period(None, None)
        self._filters_changed()

    def _filters_changed(self) -> None:
        if self._loading:
            return
        if self.month_box.isChecked():
            # One date limit at a time: a chosen month replaces a period from a link.
            self._set_period(None, None)
        self.model.month = (
            self.month_edit.date().toString("yyyy-MM") if self.month_box.isChecked() else None
        )
        self.model.status = self.status_combo.currentData()
        self.refresh()

    def _update_count(self) -> None:
        total = self.model.total
        firms = visits.count_enterprises(self.store, **self.model.filters()) if total else 0
        self.count_label.setText(
            self.tr("共 %n 次走访", "", total) + self.tr("，%n 家企业", "", firms)
        )
        filtered = any(self.model.filters().values())
        self.empty_hint.show_for(
            total == 0,
            self.tr("没有符合筛选条件的走访。")
            if filtered
            else self.tr(
                "还没有走访记录。按 Ctrl+N 新建走访：选企业，按 Ctrl+T 填检查表，"
                "登记问题后按 Ctrl+Enter 定稿。"
            ),
        )

    # -- editor -------------------------------------------------------------

    def selected_visit_id(self) -> str | None:
        index = self.table.currentIndex()
        return self.model.index(index.row(), 0).data(ID_ROLE) if index.isValid() else None

    def new_record(self) -> VisitEditor:
        return self._open_editor(None)

    def open_record(self, index: QModelIndex) -> VisitEditor | None:
        if not index.isValid():
            return None
        return self._open_editor(self.model.index(index.row(), 0).data(ID_ROLE))

    def _open_editor(self, visit_id: str | None) -> VisitEditor:
        for editor in self.editors:  # one window per visit
            if visit_id and editor.visit and editor.visit["id"] == visit_id:
                editor.raise_()
                editor.activateWindow()
                return editor
        from envhelp.gui.visit_editor import VisitEditor  # on first use: start-up speed

        editor = VisitEditor(self.store, visit_id, self)
        editor.saved.connect(lambda _: self.refresh())
        editor.closed.connect(lambda: self._editor_closed(editor))
        self.editors.append(editor)
        editor.show()
        return editor

    def _editor_closed(self, editor: VisitEditor) -> None:
        if editor in self.editors:
            self.editors.remove(editor)
        editor.deleteLater()
        self.refresh()

    def delete_selected(self) -> bool:
        index = self.table.currentIndex()
        if not index.isValid() or self.store.read_only:  # the Delete key, not only the button
            return False
        record = self.model.row_record(index.row())
        if record["status"] != "draft":
            QMessageBox.information(
                self,
                self.tr("不能删除"),
                self.tr("已定稿的走访记录不能删除，如需更正请使用“修正”。"),
            )
            return False
        answer = QMessageBox.question(
            self,
            self.tr("删除草稿"),
            self.tr(
                "删除 {date} 对 {name} 的走访草稿？其检查结果和问题一并删除，不能恢复。"
            ).format(date=record["date"], name=record["enterprise_name"]),
        )
        if answer not in CONFIRMED:
            return False
        for editor in list(self.editors):  # an open editor of this draft goes first
            if editor.visit and editor.visit["id"] == record["id"]:
                editor.close()
        try:
            visits.delete_draft(self.store, record["id"])
        except EnvHelpError as exc:
            QMessageBox.warning(self, self.tr("不能删除"), str(exc))
            return False
        self.refresh()
        return True
