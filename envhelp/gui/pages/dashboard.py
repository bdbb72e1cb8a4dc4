"""Dashboard page: a few counts from the core (a fuller overview comes later)."""

from __future__ import annotations

from datetime import date

from envhelp.domain import enterprises, problems, visits
from envhelp.gui.pages.base import Page
from envhelp.gui.qt import QFrame, QGridLayout, QLabel, Qt, QVBoxLayout
from envhelp.storage import Store


class DashboardPage(Page):
    def __init__(self, store: Store, parent=None):
        super().__init__(store, parent)
        self.setObjectName("dashboardPage")
        layout = QVBoxLayout(self)
        row, _ = self.header(self.title())
        layout.addLayout(row)
        grid = QGridLayout()
        self.values: dict[str, QLabel] = {}
        cards = (
            ("enterprises", self.tr("企业")),
            ("visits", self.tr("走访记录")),
            ("open_problems", self.tr("未销号问题")),
            ("overdue", self.tr("逾期问题")),
        )
        for column, (key, caption) in enumerate(cards):
            card = QFrame(self)
            card.setFrameShape(QFrame.Shape.StyledPanel)
            card.setMinimumWidth(170)
            box = QVBoxLayout(card)
            value = QLabel("0", card)
            value.setObjectName(f"count_{key}")
            font = value.font()
            font.setPointSizeF(font.pointSizeF() * 2.2)
            font.setBold(True)
            value.setFont(font)
            value.setAlignment(Qt.AlignmentFlag.AlignCenter)
            text = QLabel(caption, card)
            text.setAlignment(Qt.AlignmentFlag.AlignCenter)
            box.addWidget(value)
            box.addWidget(text)
            grid.addWidget(card, 0, column)
            self.values[key] = value
        if "overdue" in self.values:
            self.values["overdue"].setStyleSheet("color: #a61b1b;")
        layout.addLayout(grid)
        layout.addStretch(1)
        self.refresh()

    def title(self) -> str:
        return self.tr("仪表盘")

    def refresh(self) -> None:
        open_count = sum(problems.count(self.store, status=s) for s in problems.OPEN_STATUSES)
        counts = {
            "enterprises": enterprises.count(self.store),
            "visits": visits.count(self.store),
            "open_problems": open_count,
            "overdue": problems.count(self.store, overdue_on=date.today()),
        }
        for key, value in counts.items():
            self.values[key].setText(str(value))
