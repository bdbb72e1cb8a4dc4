"""双随机 page: a period's plan of random inspections, the draw, and starting a task's visit.

The same core as ``envhelp random`` (:mod:`envhelp.domain.random_checks`): the draw
dialog takes the period, the seed (empty: a random one, shown afterwards) and the
quotas; a refused draw shows the core's message and writes nothing. Starting a task
opens the visit editor on a draft with the task's enterprise, officers and source.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from envhelp.domain import random_checks, vocab
from envhelp.errors import EnvHelpError, ValidationError
from envhelp.gui.pages.base import Page
from envhelp.gui.qt import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from envhelp.gui.widgets import ErrorLabel, lock_if_read_only
from envhelp.storage import Store


def current_quarter(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


class DrawDialog(QDialog):
    """Period, seed and quotas of a draw; ``plan`` holds the saved draw after OK."""

    def __init__(self, store: Store, period: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.plan: dict[str, Any] | None = None
        self.setWindowTitle(self.tr("双随机抽取"))
        self.setMinimumWidth(560)
        self.period = QLineEdit(period, self)
        self.period.setObjectName("period")
        self.seed = QLineEdit(self)
        self.seed.setObjectName("seed")
        self.seed.setPlaceholderText(self.tr("留空则随机产生，抽取后显示"))
        self.quota = QLineEdit(self)
        self.quota.setObjectName("quota")
        self.quota.setText(
            random_checks.quotas_text(random_checks.DEFAULT_QUOTAS)
            .replace(" ", "=")
            .replace("、", ",")
        )
        self.reason = QLineEdit(self)
        self.reason.setObjectName("replace_reason")
        self.reason.setPlaceholderText(self.tr("仅重新抽取已抽过的期间时填写"))
        form = QFormLayout()
        form.addRow(self.tr("抽查期间"), self.period)
        form.addRow(self.tr("随机种子"), self.seed)
        form.addRow(self.tr("抽查比例"), self.quota)
        form.addRow(self.tr("重新抽取的原因"), self.reason)
        self.error = ErrorLabel(self)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def accept(self) -> None:
        seed_text = self.seed.text().strip()
        try:
            if seed_text and not seed_text.isdigit():
                raise ValidationError(
                    "seed", "随机种子应为整数，或留空。", "The seed is a whole number, or empty."
                )
            self.plan = random_checks.draw(
                self.store,
                self.period.text(),
                seed=int(seed_text) if seed_text else None,
                quotas=self.quota.text(),
                replace_reason=self.reason.text() or None,
            )
        except EnvHelpError as exc:
            self.error.show_message(str(exc))
            return
        super().accept()


class RandomChecksPage(Page):
    key = "random"

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(store, parent)
        self.setObjectName("randomPage")
        self.editors: list[Any] = []
        self.tasks: list[dict[str, Any]] = []
        layout = QVBoxLayout(self)
        row, _ = self.header(self.tr("双随机抽查"))
        self.period = QComboBox(self)
        self.period.setObjectName("periodChoice")
        self.period.currentIndexChanged.connect(lambda _: self._show_plan())
        self.draw_button = QPushButton(self.tr("抽取…"), self)
        self.draw_button.clicked.connect(self.open_draw)
        self.start_button = QPushButton(self.tr("开始检查"), self)
        self.start_button.clicked.connect(self.start_selected)
        for widget in (
            QLabel(self.tr("期间"), self),
            self.period,
            self.draw_button,
            self.start_button,
        ):
            row.addWidget(widget)
        lock_if_read_only(store, self.draw_button)
        lock_if_read_only(store, self.start_button)
        layout.addLayout(row)
        self.summary = QLabel(self)
        self.summary.setObjectName("planSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, 5, self)
        self.table.setObjectName("taskTable")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("序号"),
                self.tr("企业"),
                self.tr("类别"),
                self.tr("执法人员"),
                self.tr("检查"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()  # the 序号 column numbers the tasks
        for column, width in enumerate((50, 300, 70, 260)):
            self.table.setColumnWidth(column, width)
        self.table.cellDoubleClicked.connect(lambda r, _c: self.start_task(r))
        layout.addWidget(self.table, 1)
        self.refresh()
        self.fresh = True

    def refresh(self) -> None:
        chosen = self.period.currentText()
        periods = [d["period"] for d in random_checks.list_draws(self.store)]
        self.period.blockSignals(True)
        self.period.clear()
        self.period.addItems(periods)
        if chosen in periods:
            self.period.setCurrentText(chosen)
        self.period.blockSignals(False)
        self._show_plan()

    def _show_plan(self) -> None:
        period = self.period.currentText()
        draws = random_checks.list_draws(self.store, period) if period else []
        if not draws:
            self.tasks = []
            self.table.setRowCount(0)
            self.summary.setText(self.tr("还没有抽查计划。点“抽取…”按比例随机抽取企业和执法人员。"))
            return
        plan = draws[0]
        self.tasks = plan["tasks"]
        self.summary.setText(
            self.tr("{n} 项任务；抽查比例 {quotas}；随机种子 {seed}").format(
                n=len(self.tasks),
                quotas=random_checks.quotas_text(plan["quotas"]),
                seed=plan["seed"],
            )
        )
        self.table.setRowCount(len(self.tasks))
        for row, task in enumerate(self.tasks):
            state = task["visit_date"] or self.tr("未开始")
            if task["visit_status"] == "draft":
                state += self.tr("（草稿）")
            cells = (
                str(task["position"]),
                task["enterprise_name"],
                vocab.label(vocab.SUPERVISION_CLASSES, task["supervision_class"]),
                "、".join(task["officer_names"]),
                state,
            )
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))

    def open_draw(self) -> DrawDialog:
        dialog = DrawDialog(
            self.store, self.period.currentText() or current_quarter(date.today()), self
        )
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.plan:
            self.refresh()
            self.period.setCurrentText(dialog.plan["period"])
            QMessageBox.information(
                self,
                self.tr("抽取完成"),
                self.tr(
                    "{period} 抽取了 {n} 项任务，随机种子 {seed}（已记录，可据此复核）。"
                ).format(
                    period=dialog.plan["period"],
                    n=len(dialog.plan["tasks"]),
                    seed=dialog.plan["seed"],
                ),
            )
        return dialog

    def start_selected(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.start_task(row)

    def start_task(self, row: int, cap_reason: str = "") -> Any:
        """Open the task's visit: start it (a draft) when it has none yet."""
        task = self.tasks[row]
        visit_id = task["visit_id"]
        if visit_id is None:
            try:
                visit_id = random_checks.start_visit(
                    self.store, task["id"], date.today(), cap_reason=cap_reason
                )["id"]
            except ValidationError as exc:
                if exc.field != "cap_reason":
                    QMessageBox.warning(self, self.tr("不能开始检查"), str(exc))
                    return None
                reason, ok = QInputDialog.getText(self, self.tr("超出年度检查上限"), str(exc))
                return self.start_task(row, reason.strip()) if ok and reason.strip() else None
        from envhelp.gui.visit_editor import VisitEditor  # on first use: start-up speed

        editor = VisitEditor(self.store, visit_id, self)
        editor.saved.connect(lambda _: self._show_plan())
        self.editors.append(editor)
        editor.show()
        self._show_plan()
        return editor
