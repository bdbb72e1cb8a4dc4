"""Problem ledger page (问题台账): filters, sortable paged table, open a problem, Excel export.

The rows come from :func:`envhelp.domain.ledger_list.list_page` one page at a time
(:class:`LedgerTableModel`, the shared :class:`~envhelp.gui.models.ProblemTableModel`
with the ledger's columns); every filter widget maps to a field of
:class:`~envhelp.domain.ledger_list.LedgerFilter`, and a clicked header re-queries
with ``order_by``. Export runs :func:`envhelp.reports.ledger_xlsx.export_ledger`
with the same filter on a worker thread (:mod:`envhelp.gui.tasks`).
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from envhelp.domain import enterprises, ledger_list, officers, problems, vocab
from envhelp.gui import tasks
from envhelp.gui.dialogs.files import ask_save_file, remember_folder, show_file_saved
from envhelp.gui.models import ID_ROLE, PAGE_SIZE, Column, ProblemTableModel
from envhelp.gui.pages.base import Page
from envhelp.gui.qt import (
    QCheckBox,
    QComboBox,
    QCoreApplication,
    QDate,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QModelIndex,
    QPushButton,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
)
from envhelp.gui.widgets import EmptyHint, RecordTable
from envhelp.storage import Store

if TYPE_CHECKING:
    from envhelp.gui.dialogs.problem import ProblemDialog

SEARCH_DELAY_MS = 200
COLUMN_WIDTHS = [230, 90, 90, 260, 70, 95, 95, 105, 80, 95]
# Shown first after the enterprise (the model's order stays): on a laptop the status and
# how late a problem is are what an officer looks for, not the town or category.
LEADING_COLUMNS = ("status", "days_overdue", "deadline", "description")
# The first screen: what is still to do, earliest deadline (so the overdue) first.
DEFAULT_STATUS = "active"
EXPORT_DIR_KEY = "problems/export_dir"

# Status filter choices → LedgerFilter.status ("" = every status).
STATUS_CHOICES: dict[str, str | tuple[str, ...] | None] = {
    "": None,
    "active": tuple(problems.OPEN_STATUSES),
    "open": "open",
    "rectifying": "rectifying",
    "closed": "closed",
    "cancelled": "cancelled",
    "valid": ("open", "rectifying", "closed"),
}


class LedgerTableModel(ProblemTableModel):
    """The ledger's columns: how many days overdue (or closed late) and the close-out date
    beside the status; the overdue count of the same filter is read with the count."""

    columns = (
        *ProblemTableModel.columns[:-1],
        Column("days_overdue", "逾期", "Overdue"),
        ProblemTableModel.columns[-1],
        Column("closed_on", "销号日期", "Closed on"),
    )
    status_marks_overdue = False

    def __init__(self, store: Store, parent=None, *, page_size: int = PAGE_SIZE):
        super().__init__(store, parent, page_size=page_size)
        self.overdue_total = 0

    def fetch_count(self) -> int:
        # The overdue figure of the same filter, read with the count (one refresh, two counts).
        overdue = dataclasses.replace(self.filter, overdue=True)
        self.overdue_total = ledger_list.count(self.store, overdue, today=self.day())
        return super().fetch_count()

    def display(self, row: dict[str, Any], key: str) -> str:
        if key == "days_overdue":
            if row["overdue"]:
                return QCoreApplication.translate("LedgerTableModel", "逾期 {n} 天").format(
                    n=row["days_overdue"]
                )
            if row["status"] == "closed" and row["days_overdue"]:
                return QCoreApplication.translate("LedgerTableModel", "迟 {n} 天销号").format(
                    n=row["days_overdue"]
                )
            return ""
        return super().display(row, key)


class OptionalDateEdit(QDateEdit):
    """A date field that can be left empty: its lowest date shows as “不限” and means None."""

    EMPTY = QDate(2000, 1, 1)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        self.setMinimumDate(self.EMPTY)
        self.setSpecialValueText(QCoreApplication.translate("OptionalDateEdit", "不限"))
        self.clear_value()

    def clear_value(self) -> None:
        self.setDate(self.EMPTY)

    def value(self) -> str | None:
        day = self.date()
        return None if day == self.EMPTY else day.toString("yyyy-MM-dd")

    def set_value(self, value: date | str | None) -> None:
        if not value:
            self.clear_value()
            return
        iso = value.isoformat() if isinstance(value, date) else value
        self.setDate(QDate.fromString(iso, "yyyy-MM-dd"))


class ProblemsPage(Page):
    """The ledger with its filters. ``apply_filter`` is what the dashboard's figures call."""

    key = "problems"

    def __init__(self, store: Store, parent=None):
        super().__init__(store, parent)
        self.setObjectName(f"{self.key}Page")
        self.dialog: ProblemDialog | None = None
        self.export_task: tasks.Task | None = None
        self.export_message: QMessageBox | None = None
        self.enterprise_id: str | None = None  # set by a click-through, shown as a chip
        # Also only from a click-through (the dashboard's period figures), also as chips.
        self.closed_range: tuple[str | None, str | None] = (None, None)
        self.final_visits_only = False
        self._loading = False  # widgets being set from a filter: no re-query per widget
        self.model = LedgerTableModel(store, self)
        self._build()
        self.refresh()
        self.fresh = True  # read just now: the first show need not read again

    # -- construction -------------------------------------------------------

    def _combo(self, name: str, first: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.addItem(first, "")
        combo.currentIndexChanged.connect(self._filters_changed)
        return combo

    def _build(self) -> None:
        self.search = QLineEdit(self)
        self.search.setObjectName("problemSearch")
        self.search.setPlaceholderText(self.tr("搜索企业名称、信用代码、拼音首字母或问题描述"))
        self.search.setClearButtonEnabled(True)
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self._filters_changed)
        self.search.textChanged.connect(self.search_timer.start)
        self.search.returnPressed.connect(self._filters_changed)

        self.status_combo = self._combo("problemStatus", self.tr("全部状态"))
        self.status_combo.addItem(self.tr("未销号（待整改+整改中）"), "active")
        for code in vocab.PROBLEM_STATUSES:
            self.status_combo.addItem(vocab.label(vocab.PROBLEM_STATUSES, code), code)
        self.status_combo.addItem(self.tr("不含已撤销"), "valid")
        self.status_combo.blockSignals(True)  # the other filters are not built yet
        self.status_combo.setCurrentIndex(self.status_combo.findData(DEFAULT_STATUS))
        self.status_combo.blockSignals(False)
        self.overdue_box = QCheckBox(self.tr("只看逾期"), self)
        self.overdue_box.setObjectName("overdueOnly")
        self.overdue_box.toggled.connect(self._filters_changed)
        self.town_combo = self._combo("problemTown", self.tr("全部镇街"))
        self.category_combo = self._combo("problemCategory", self.tr("全部类别"))
        for code in vocab.PROBLEM_CATEGORIES:
            self.category_combo.addItem(vocab.label(vocab.PROBLEM_CATEGORIES, code), code)
        self.severity_combo = self._combo("problemSeverity", self.tr("全部程度"))
        for code in vocab.SEVERITIES:
            self.severity_combo.addItem(vocab.label(vocab.SEVERITIES, code), code)
        self.officer_combo = self._combo("problemOfficer", self.tr("全部执法人员"))
        self.officer_combo.setToolTip(self.tr("发现问题那次走访的执法人员"))

        self.found_from = OptionalDateEdit(self)
        self.found_to = OptionalDateEdit(self)
        self.deadline_from = OptionalDateEdit(self)
        self.deadline_to = OptionalDateEdit(self)
        for name, edit in (
            ("foundFrom", self.found_from),
            ("foundTo", self.found_to),
            ("deadlineFrom", self.deadline_from),
            ("deadlineTo", self.deadline_to),
        ):
            edit.setObjectName(name)
            edit.dateChanged.connect(self._filters_changed)

        self.enterprise_chip = QPushButton(self)
        self.enterprise_chip.setObjectName("enterpriseChip")
        self.enterprise_chip.setToolTip(self.tr("点击取消按企业筛选"))
        self.enterprise_chip.clicked.connect(self._clear_enterprise)
        self.enterprise_chip.hide()
        self.closed_chip = QPushButton(self)
        self.closed_chip.setObjectName("closedRangeChip")
        self.closed_chip.setToolTip(self.tr("点击取消按销号日期筛选"))
        self.closed_chip.clicked.connect(lambda: self._clear_chip(closed=True))
        self.closed_chip.hide()
        self.final_chip = QPushButton(self.tr("仅定稿走访或无走访的问题 ✕"), self)
        self.final_chip.setObjectName("finalVisitsChip")
        self.final_chip.setToolTip(
            self.tr("与统计口径一致：草稿走访中的问题不计入。点击取消此筛选")
        )
        self.final_chip.clicked.connect(lambda: self._clear_chip(final=True))
        self.final_chip.hide()
        self.clear_button = QPushButton(self.tr("清除筛选"), self)
        self.clear_button.setObjectName("clearFilters")
        self.clear_button.clicked.connect(self.clear_filters)
        self.open_button = QPushButton(self.tr("查看/处理…"), self)
        self.open_button.setObjectName("openProblem")
        self.open_button.setToolTip(self.tr("打开选中的问题（Enter 或双击）"))
        self.open_button.clicked.connect(lambda: self.open_problem(self.table.currentIndex()))
        self.export_button = QPushButton(self.tr("导出 Excel…"), self)
        self.export_button.setObjectName("exportLedger")
        self.export_button.setToolTip(self.tr("按当前筛选条件导出问题台账"))
        self.export_button.clicked.connect(self.export_excel)

        self.count_label = QLabel(self)
        self.count_label.setObjectName("problemCount")
        self.table = RecordTable(self)
        self.table.setObjectName("problemTable")
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        header.setSortIndicator(self.model.sort_column(), Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        header.sortIndicatorChanged.connect(self._keep_sortable_indicator)
        self.table.set_column_widths(COLUMN_WIDTHS)
        keys = [column.key for column in self.model.columns]
        for visual, key in enumerate(LEADING_COLUMNS, start=1):
            header.moveSection(header.visualIndex(keys.index(key)), visual)
        self.table.open_requested.connect(self.open_problem)
        self.model.modelReset.connect(self._update_count)

        title_row, _ = self.header(self.title())
        title_row.addWidget(self.count_label)
        # Three short rows rather than two long ones: the page fits a window 1024 px wide.
        first = QHBoxLayout()
        first.addWidget(self.search, 2)
        first.addWidget(self.status_combo)
        first.addWidget(self.overdue_box)
        first.addWidget(self.town_combo)
        second = QHBoxLayout()
        second.addWidget(self.category_combo)
        second.addWidget(self.severity_combo)
        second.addWidget(self.officer_combo)
        second.addSpacing(12)
        second.addWidget(QLabel(self.tr("发现日期"), self))
        second.addWidget(self.found_from)
        second.addWidget(QLabel("–", self))
        second.addWidget(self.found_to)
        second.addStretch(1)
        third = QHBoxLayout()
        third.addWidget(QLabel(self.tr("整改期限"), self))
        third.addWidget(self.deadline_from)
        third.addWidget(QLabel("–", self))
        third.addWidget(self.deadline_to)
        third.addSpacing(12)
        third.addWidget(self.enterprise_chip)
        third.addWidget(self.closed_chip)
        third.addWidget(self.final_chip)
        third.addWidget(self.clear_button)
        third.addStretch(1)
        legend = QLabel(self.tr("红色：已超过整改期限"), self)
        legend.setStyleSheet("color: #a61b1b;")
        third.addWidget(legend)
        third.addSpacing(12)
        third.addWidget(self.open_button)
        third.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(title_row)
        layout.addLayout(first)
        layout.addLayout(second)
        layout.addLayout(third)
        self.empty_hint = EmptyHint(self)
        layout.addWidget(self.empty_hint)
        layout.addWidget(self.table, 1)
        self.setFocusProxy(self.search)

    # -- filters ------------------------------------------------------------

    def _reload_choices(self) -> None:
        """Towns and officers change as records are added: re-read them, keep the choice."""
        self._loading = True
        try:
            for combo, items in (
                (self.town_combo, [(t, t) for t in enterprises.towns(self.store)]),
                (
                    self.officer_combo,
                    [(o["name"], o["id"]) for o in officers.list_all(self.store)],
                ),
            ):
                chosen = combo.currentData()
                while combo.count() > 1:
                    combo.removeItem(1)
                for text, data in items:
                    combo.addItem(text, data)
                combo.setCurrentIndex(max(0, combo.findData(chosen)))
        finally:
            self._loading = False

    def current_filter(self) -> ledger_list.LedgerFilter:
        """The LedgerFilter the widgets describe (the same one the export uses)."""
        return ledger_list.LedgerFilter(
            status=STATUS_CHOICES.get(self.status_combo.currentData() or ""),
            overdue=self.overdue_box.isChecked(),
            town=self.town_combo.currentData() or None,
            category=self.category_combo.currentData() or None,
            severity=self.severity_combo.currentData() or None,
            officer_id=self.officer_combo.currentData() or None,
            enterprise_id=self.enterprise_id,
            closed_from=self.closed_range[0],
            closed_to=self.closed_range[1],
            final_visits_only=self.final_visits_only,
            found_from=self.found_from.value(),
            found_to=self.found_to.value(),
            deadline_from=self.deadline_from.value(),
            deadline_to=self.deadline_to.value(),
            search=self.search.text().strip() or None,
        )

    def apply_filter(
        self,
        flt: ledger_list.LedgerFilter | None = None,
        *,
        order_by: str | None = None,
        descending: bool = False,
    ) -> None:
        """Show the ledger for ``flt`` (None: everything), setting every filter widget."""
        flt = flt or ledger_list.LedgerFilter()
        self._reload_choices()
        self._loading = True
        try:
            status_key = next((k for k, v in STATUS_CHOICES.items() if v == flt.status), "")
            self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(status_key)))
            self.overdue_box.setChecked(flt.overdue)
            for combo, value in (
                (self.town_combo, flt.town),
                (self.category_combo, flt.category),
                (self.severity_combo, flt.severity),
                (self.officer_combo, flt.officer_id),
            ):
                combo.setCurrentIndex(max(0, combo.findData(value or "")))
            self.found_from.set_value(flt.found_from)
            self.found_to.set_value(flt.found_to)
            self.deadline_from.set_value(flt.deadline_from)
            self.deadline_to.set_value(flt.deadline_to)
            self.search.setText(flt.search or "")
            self.search_timer.stop()
            self._set_enterprise(flt.enterprise_id)
            self._set_chips((flt.closed_from, flt.closed_to), flt.final_visits_only)
        finally:
            self._loading = False
        self.model.order_by = order_by
        self.model.descending = descending
        self.table.horizontalHeader().setSortIndicator(
            self.model.sort_column(),
            Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder,
        )
        self.model.set_filter(self.current_filter())

    def clear_filters(self) -> None:
        self.apply_filter(None)

    def _set_enterprise(self, enterprise_id: str | None) -> None:
        self.enterprise_id = enterprise_id
        if enterprise_id:
            name = enterprises.name_of(self.store, enterprise_id)
            self.enterprise_chip.setText(self.tr("企业：{name} ✕").format(name=name or "?"))
        self.enterprise_chip.setVisible(bool(enterprise_id))

    def _set_chips(self, closed: tuple[Any, Any], final_visits_only: bool) -> None:
        """Keep and show the close-out date range and the final-visits scope."""
        iso = [d.isoformat() if isinstance(d, date) else d or None for d in closed]
        self.closed_range = (iso[0], iso[1])
        self.final_visits_only = bool(final_visits_only)
        if any(iso):
            any_day = self.tr("不限")
            self.closed_chip.setText(
                self.tr("销号日期：{start} – {end} ✕").format(
                    start=iso[0] or any_day, end=iso[1] or any_day
                )
            )
        self.closed_chip.setVisible(any(iso))
        self.final_chip.setVisible(self.final_visits_only)

    def _clear_chip(self, *, closed: bool = False, final: bool = False) -> None:
        self._set_chips(
            (None, None) if closed else self.closed_range,
            False if final else self.final_visits_only,
        )
        self._filters_changed()

    def _clear_enterprise(self) -> None:
        self._set_enterprise(None)
        self._filters_changed()

    def _filters_changed(self) -> None:
        if self._loading:
            return
        self.search_timer.stop()
        self.model.set_filter(self.current_filter())

    def refresh(self) -> None:
        self._reload_choices()
        self.model.filter = self.current_filter()
        self.model.refresh()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _update_count(self) -> None:
        self.count_label.setText(
            self.tr("共 %n 条", "", self.model.total)
            + self.tr("，逾期 %n 条", "", self.model.overdue_total)
        )
        self.empty_hint.show_for(
            self.model.total == 0,
            self.tr(
                "没有符合条件的问题（“清除筛选”显示全部）。问题在走访中登记：检查项标为"
                "“不符合”后，在走访的“问题”页按 Enter 登记。"
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

    # -- one problem --------------------------------------------------------

    def open_problem(self, index: QModelIndex) -> ProblemDialog | None:
        if not index.isValid():
            return None
        problem_id = self.model.index(index.row(), 0).data(ID_ROLE)
        from envhelp.gui.dialogs.problem import ProblemDialog  # on first use: start-up speed

        dialog = ProblemDialog(self.store, problem_id, self, today=self.model.today)
        dialog.changed.connect(lambda pid: self._problem_changed(pid))
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _problem_changed(self, problem_id: str) -> None:
        self.model.refresh()
        row = self.model.row_of_id(problem_id)
        if row >= 0:
            self.table.selectRow(row)

    # -- export -------------------------------------------------------------

    def export_excel(self) -> None:
        """Ask where to save, then export the rows the current filters show."""
        target = ask_save_file(
            self,
            self.tr("导出问题台账"),
            EXPORT_DIR_KEY,
            self.tr("问题台账_{day}.xlsx").format(day=date.today().strftime("%Y%m%d")),
            self.tr("Excel 工作簿 (*.xlsx)"),
            ".xlsx",
        )
        if target is not None:
            self.export_to(target)

    def export_to(self, target: Path) -> tasks.Task:
        """Export to ``target`` off the GUI thread behind a cancellable progress dialog."""
        remember_folder(EXPORT_DIR_KEY, target.parent)
        flt, today = self.current_filter(), self.model.day()
        order_by, descending = self.model.order_by, self.model.descending

        def job(store: Store, progress, cancelled) -> int:
            return ledger_export(
                store, target, flt, today, order_by, descending, progress, cancelled
            )

        self.export_button.setEnabled(False)
        self.export_task = tasks.run_with_progress(
            self,
            self.tr("导出问题台账"),
            self.tr("正在导出 %n 条问题到 {name}…", "", self.model.total).format(name=target.name),
            tasks.store_job(self.store.path, job, read_only=self.store.read_only),
            on_success=lambda rows: self._exported(target, rows),
            on_error=self._export_failed,
            on_cancel=self._export_cancelled,
        )
        return self.export_task

    def _export_done(self) -> None:
        self.export_button.setEnabled(True)

    def _exported(self, target: Path, rows: int) -> None:
        self._export_done()
        text = self.tr("已导出 %n 条问题：\n{path}", "", rows).format(path=target)
        self.export_message = show_file_saved(self, text, target)

    def _export_failed(self, exc: BaseException) -> None:
        self._export_done()
        tasks.show_failure(self, exc, self.tr("导出失败"))

    def _export_cancelled(self) -> None:
        self._export_done()
        window = self.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(self.tr("导出已取消，未生成文件。"), 5000)


def ledger_export(store, target, flt, today, order_by, descending, progress, cancelled) -> int:
    """The export call the worker makes (module level so tests can slow it down)."""
    from envhelp.reports import ledger_xlsx

    return ledger_xlsx.export_ledger(
        store,
        target,
        flt,
        today=today,
        order_by=order_by,
        descending=descending,
        progress=progress,
        cancel=cancelled,
    )
