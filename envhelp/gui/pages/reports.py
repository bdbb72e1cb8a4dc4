"""Reports page (placeholder until the Excel/PDF summaries get their screen)."""

from __future__ import annotations

from envhelp.gui.pages.base import PlaceholderPage
from envhelp.storage import Store


class ReportsPage(PlaceholderPage):
    def __init__(self, store: Store, parent=None):
        super().__init__(store, parent)
        self.setObjectName("reportsPage")
        self.placeholder(
            self.title(),
            self.tr("月度汇总表、走访记录 PDF 等报表将在这里生成。目前可使用命令行 envhelp 导出。"),
        )

    def title(self) -> str:
        return self.tr("报表")
