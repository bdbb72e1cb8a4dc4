"""Visits page: the paged list of visits, newest first (forms come later)."""

from __future__ import annotations

from envhelp.gui.models import VisitTableModel
from envhelp.gui.pages.base import Page
from envhelp.gui.qt import QLabel, QVBoxLayout
from envhelp.gui.widgets import RecordTable
from envhelp.storage import Store

COLUMN_WIDTHS = [100, 60, 280, 120, 160, 80]


class VisitsPage(Page):
    def __init__(self, store: Store, parent=None):
        super().__init__(store, parent)
        self.setObjectName("visitsPage")
        self.model = VisitTableModel(store, self)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("visitCount")
        self.table = RecordTable(self)
        self.table.setObjectName("visitTable")
        self.table.setModel(self.model)
        self.table.set_column_widths(COLUMN_WIDTHS)
        self.model.modelReset.connect(self._update_count)

        row, _ = self.header(self.title())
        row.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        self.refresh()

    def title(self) -> str:
        return self.tr("走访")

    def refresh(self) -> None:
        self.model.refresh()

    def _update_count(self) -> None:
        self.count_label.setText(self.tr("共 {n} 次走访").format(n=self.model.total))
