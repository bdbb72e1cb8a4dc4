"""Problem ledger page: paged list, filter by status, overdue rows highlighted."""

from __future__ import annotations

from envhelp.domain import vocab
from envhelp.gui.models import ProblemTableModel
from envhelp.gui.pages.base import Page
from envhelp.gui.qt import QCheckBox, QComboBox, QHBoxLayout, QLabel, QVBoxLayout
from envhelp.gui.widgets import RecordTable
from envhelp.storage import Store

COLUMN_WIDTHS = [240, 100, 90, 300, 70, 100, 100]


class ProblemsPage(Page):
    def __init__(self, store: Store, parent=None):
        super().__init__(store, parent)
        self.setObjectName("problemsPage")
        self.model = ProblemTableModel(store, self)

        self.status_combo = QComboBox(self)
        self.status_combo.setObjectName("problemStatus")
        self.status_combo.addItem(self.tr("全部状态"), None)
        for code in vocab.PROBLEM_STATUSES:
            self.status_combo.addItem(vocab.label(vocab.PROBLEM_STATUSES, code), code)
        self.status_combo.currentIndexChanged.connect(self._filters_changed)
        self.overdue_box = QCheckBox(self.tr("只看逾期"), self)
        self.overdue_box.setObjectName("overdueOnly")
        self.overdue_box.toggled.connect(self._filters_changed)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("problemCount")

        self.table = RecordTable(self)
        self.table.setObjectName("problemTable")
        self.table.setModel(self.model)
        self.table.set_column_widths(COLUMN_WIDTHS)
        self.model.modelReset.connect(self._update_count)

        row, _ = self.header(self.title())
        row.addWidget(self.count_label)
        tools = QHBoxLayout()
        tools.addWidget(QLabel(self.tr("状态："), self))
        tools.addWidget(self.status_combo)
        tools.addSpacing(12)
        tools.addWidget(self.overdue_box)
        tools.addStretch(1)
        legend = QLabel(self.tr("红色底纹：已超过整改期限"), self)
        legend.setStyleSheet("color: #a61b1b;")
        tools.addWidget(legend)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addLayout(tools)
        layout.addWidget(self.table, 1)
        self.refresh()

    def title(self) -> str:
        return self.tr("问题台账")

    def refresh(self) -> None:
        self.model.refresh()

    def _filters_changed(self) -> None:
        self.model.status = self.status_combo.currentData()
        self.model.overdue_only = self.overdue_box.isChecked()
        self.refresh()

    def _update_count(self) -> None:
        self.count_label.setText(self.tr("共 {n} 个问题").format(n=self.model.total))
