"""Reports page (报表): one month's summary on screen, then the workbook and the PDFs.

Pick a month (the one most likely reported: :func:`default_report_month`; ↑↓ step
months, 202612 can be typed) and the page shows, before anything is
exported, the figures of the month and of the year to date, the paragraph for
the work report (exact or 「余」 figures, with a Copy button) and a bar chart
(visits per town, or problems found and closed per month). Everything comes
from :func:`envhelp.reports.summary.build_summary`, computed on a worker
thread with its own database connection (:mod:`envhelp.gui.tasks`): on the
large benchmark database a month takes seconds.

"导出月度汇总…" writes the workbook (:func:`~envhelp.reports.summary_xlsx.write_summary_xlsx`)
behind a cancellable progress dialog (a cancelled export leaves no file) and
then offers to open the file or its folder; "导出本月走访记录 PDF…" writes one
record per final visit of the month (:mod:`envhelp.gui.pdf_export`). The last
folder used is kept in the per-user settings (:func:`envhelp.gui.language.ui_settings`).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from envhelp.domain import visits
from envhelp.gui import pdf_export, tasks
from envhelp.gui.charts import BarChart
from envhelp.gui.dialogs.files import ask_save_file, remember_folder, show_file_saved
from envhelp.gui.month_edit import MonthEdit
from envhelp.gui.pages.base import Page
from envhelp.gui.qt import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDate,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QTimer,
    QVBoxLayout,
    QWidget,
)
from envhelp.reports import report_text
from envhelp.storage import Store

# envhelp.reports.summary and summary_xlsx pull in openpyxl: imported where they are used,
# so the main window (which imports this page) starts without it.
if TYPE_CHECKING:
    from envhelp.reports.summary import MonthlySummary

EXPORT_DIR_KEY = "reports/export_dir"
MONTH_DELAY_MS = 250  # wait until the month stops changing before computing
KEY_ROLE = Qt.ItemDataRole.UserRole
NO_VALUE = "—"  # a rate with nothing to divide by
ERROR_STYLE = "color: #b3261e;"


# In the first days of a month officers still report on the month before.
REPORTING_DAYS = 5


def default_report_month(store: Store, today: date) -> str:
    """The month an officer most likely reports on: this month once it has final visits,
    except in its first days while last month has some; else last month."""
    this_month = today.strftime("%Y-%m")
    last_month = (today.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    has_final = visits.count(store, month=this_month, status="final") > 0
    if has_final and today.day <= REPORTING_DAYS:
        has_final = visits.count(store, month=last_month, status="final") == 0
    return this_month if has_final else last_month


def format_value(value: Any, rate: bool = False) -> str:
    """A figure as the table shows it: counts as is, rates as 92.6%, no rate as —."""
    if rate:
        return NO_VALUE if value is None else f"{value * 100:.1f}%"
    return str(int(value or 0))


def compute_summary(store: Store, month: str, progress, cancelled) -> MonthlySummary:
    """The worker's call (module level so tests can watch or slow it)."""
    from envhelp.reports.summary import build_summary

    return build_summary(store, month, progress=progress, cancelled=cancelled)


def write_workbook(store, month, target, rounded, summary, progress, cancelled) -> MonthlySummary:
    """The export's call on the worker (module level so tests can slow it down)."""
    from envhelp.reports.summary_xlsx import write_summary_xlsx

    return write_summary_xlsx(
        store,
        month,
        target,
        rounded=rounded,
        summary=summary,
        progress=progress,
        cancelled=cancelled,
    )


class ReportsPage(Page):
    key = "reports"

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(store, parent)
        self.setObjectName(f"{self.key}Page")
        self.summary: MonthlySummary | None = None
        self._stamp: tuple[str, int] | None = None  # (month, audit seq) of self.summary
        self._pending_stamp: tuple[str, int] | None = None
        self.figures_task: tasks.Task | None = None
        self.export_task: tasks.Task | None = None
        self.export_message: QMessageBox | None = None
        self.pdf_task: tasks.Task | None = None

        self._month_timer = QTimer(self)
        self._month_timer.setSingleShot(True)
        self._month_timer.setInterval(MONTH_DELAY_MS)
        self._month_timer.timeout.connect(self.compute)

        self._build_controls()
        self._build_layout()
        self.setFocusProxy(self.month_edit)

    # -- construction -------------------------------------------------------

    def _build_controls(self) -> None:
        self.month_edit = MonthEdit(self)
        self.month_edit.setObjectName("reportMonth")
        self.month_edit.set_month(default_report_month(self.store, date.today()))
        self.month_edit.setToolTip(
            self.tr("统计月份：↑↓ 换月，可直接输入如 202612；默认本月（月初几天为上月）")
        )
        self.month_edit.dateChanged.connect(lambda _: self._month_timer.start())

        self.busy = QProgressBar(self)
        self.busy.setObjectName("figuresBusy")
        self.busy.setTextVisible(False)
        self.busy.setMaximumWidth(140)
        self.busy.setMaximumHeight(14)
        self.busy.hide()
        self.status_label = QLabel(self)
        self.status_label.setObjectName("figuresStatus")

        self.export_button = QPushButton(self.tr("导出月度汇总…"), self)
        self.export_button.setObjectName("exportSummary")
        self.export_button.setToolTip(self.tr("把本月的汇总表保存为 Excel 工作簿"))
        self.export_button.clicked.connect(self.export_summary)
        self.pdf_button = QPushButton(self.tr("导出本月走访记录 PDF…"), self)
        self.pdf_button.setObjectName("exportMonthPdf")
        self.pdf_button.setToolTip(
            self.tr("把本月每次已定稿走访的记录导出为 PDF，保存到所选文件夹")
        )
        self.pdf_button.clicked.connect(self.export_month_pdfs)

        self.figures = QTableWidget(0, 3, self)
        self.figures.setObjectName("summaryFigures")
        self.figures.setHorizontalHeaderLabels(
            [self.tr("指标"), self.tr("本月"), self.tr("本年累计")]
        )
        self.figures.verticalHeader().setVisible(False)
        self.figures.verticalHeader().setDefaultSectionSize(26)
        self.figures.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.figures.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.figures.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.figures.setAlternatingRowColors(True)
        header = self.figures.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.figures.setMinimumWidth(400)
        self.figures.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)

        self.failed = QTableWidget(0, 3, self)
        self.failed.setObjectName("topFailed")
        self.failed.setHorizontalHeaderLabels(
            [self.tr("检查要求"), self.tr("本月"), self.tr("本年累计")]
        )
        self.failed.verticalHeader().setVisible(False)
        self.failed.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.failed.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.failed.setAlternatingRowColors(True)
        self.failed.setWordWrap(False)
        self.failed.verticalHeader().setDefaultSectionSize(26)
        header = self.failed.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

        self.rounded_box = QCheckBox(self.tr("约数（“余”）"), self)
        self.rounded_box.setObjectName("roundedParagraph")
        self.rounded_box.setToolTip(
            self.tr(
                "10 以上的数字写成“50余”“140余”（整十、整百时照写原数）；导出的汇总表也用此写法"
            )
        )
        self.rounded_box.toggled.connect(self._show_paragraph)
        self.copy_button = QPushButton(self.tr("复制"), self)
        self.copy_button.setObjectName("copyParagraph")
        self.copy_button.setToolTip(self.tr("复制这两段文字，粘贴到工作报告"))
        self.copy_button.clicked.connect(self.copy_paragraph)
        self.paragraph = QPlainTextEdit(self)
        self.paragraph.setObjectName("summaryParagraph")
        self.paragraph.setReadOnly(True)

        self.chart_combo = QComboBox(self)
        self.chart_combo.setObjectName("chartChoice")
        self.chart_combo.addItem(self.tr("各镇街走访次数"), "town")
        self.chart_combo.addItem(self.tr("各月发现与销号问题"), "series")
        self.chart_combo.currentIndexChanged.connect(self._show_chart)
        self.chart = BarChart(self)

    def _build_layout(self) -> None:
        row, _ = self.header(self.title())
        tools = QHBoxLayout()
        tools.addWidget(QLabel(self.tr("月份："), self))
        tools.addWidget(self.month_edit)
        tools.addSpacing(8)
        tools.addWidget(self.busy)
        tools.addWidget(self.status_label, 1)
        tools.addWidget(self.export_button)
        tools.addWidget(self.pdf_button)

        figures_box = QGroupBox(self.tr("主要数字"), self)
        figures_layout = QVBoxLayout(figures_box)
        figures_layout.addWidget(self.figures, 3)  # the figures first; they scroll if need be
        figures_layout.addWidget(QLabel(self.tr("不符合次数最多的检查要求（本年）"), self))
        figures_layout.addWidget(self.failed, 1)

        chart_box = QGroupBox(self.tr("图表"), self)
        chart_layout = QVBoxLayout(chart_box)
        chart_top = QHBoxLayout()
        chart_top.addWidget(self.chart_combo)
        chart_top.addStretch(1)
        chart_layout.addLayout(chart_top)
        chart_layout.addWidget(self.chart, 1)

        text_box = QGroupBox(self.tr("工作报告用语"), self)
        text_layout = QVBoxLayout(text_box)
        text_top = QHBoxLayout()
        text_top.addWidget(self.rounded_box)
        text_top.addStretch(1)
        text_top.addWidget(self.copy_button)
        text_layout.addLayout(text_top)
        text_layout.addWidget(self.paragraph)

        right = QSplitter(Qt.Orientation.Vertical, self)
        right.addWidget(chart_box)
        right.addWidget(text_box)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 2)
        right.setChildrenCollapsible(False)
        body = QSplitter(Qt.Orientation.Horizontal, self)
        body.addWidget(figures_box)
        body.addWidget(right)
        body.setStretchFactor(0, 2)
        body.setStretchFactor(1, 3)
        body.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addLayout(tools)
        layout.addWidget(body, 1)

    # -- the month's figures --------------------------------------------------

    def month(self) -> str:
        """The chosen month as ``YYYY-MM``."""
        return self.month_edit.month()

    def state(self) -> dict[str, Any]:
        """What a rebuilt page (after a language switch) takes over: the month."""
        return {"month": self.month()}

    def restore_state(self, state: dict[str, Any]) -> None:
        self.month_edit.set_month(state["month"])

    def set_month(self, year: int, month: int) -> None:
        self.month_edit.setDate(QDate(year, month, 1))

    def _data_stamp(self) -> int:
        return self.store.change_stamp()  # changed since the figures were computed?

    def on_activated(self) -> None:
        """Shown again: recompute only if the data changed since."""
        self.compute(force=False)

    def refresh(self) -> None:
        """F5: recompute the month's figures."""
        self.compute(force=True)

    def compute(self, force: bool = True) -> tasks.Task | None:
        """Start computing the chosen month's figures on a worker thread."""
        self._month_timer.stop()
        month = self.month()
        stamp = (month, self._data_stamp())
        if not force and self.summary is not None and stamp == self._stamp:
            return None
        old = self.figures_task
        if old is not None and old.is_running():
            # A newer month wins: the old job stops at its next step and is not listened to.
            old.progressed.disconnect(self._figures_progress)
            old.succeeded.disconnect(self._figures_ready)
            old.failed.disconnect(self._figures_failed)
            old.cancel()
        self._pending_stamp = stamp
        task = tasks.Task(
            tasks.store_job(
                self.store.path,
                lambda store, progress, cancelled: compute_summary(
                    store, month, progress, cancelled
                ),
                read_only=self.store.read_only,  # e.g. write-protected media: still readable
            ),
        )
        task.progressed.connect(self._figures_progress)
        task.succeeded.connect(self._figures_ready)
        task.failed.connect(self._figures_failed)
        self.figures_task = task
        self._set_busy(True, self.tr("正在计算 {month} 的数字…").format(month=month))
        return task.start()

    def is_computing(self) -> bool:
        return self.figures_task is not None and self.figures_task.outcome is None

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self.busy.setVisible(busy)
        if busy:
            self.busy.setRange(0, 0)  # "working" until the first progress report
        self.status_label.setStyleSheet("")
        self.status_label.setText(text)
        for widget in (self.figures, self.failed, self.paragraph, self.chart):
            widget.setEnabled(not busy)

    def _figures_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.busy.setRange(0, total)
            self.busy.setValue(done)

    def _figures_ready(self, summary: MonthlySummary) -> None:
        self.summary = summary
        self._stamp = self._pending_stamp
        self._set_busy(
            False,
            self.tr("本月：{start} 至 {end}；本年累计：{year_start} 起").format(
                start=summary.start.isoformat(),
                end=summary.end.isoformat(),
                year_start=summary.year_start.isoformat(),
            ),
        )
        self._show_figures()
        self._show_failed()
        self._show_paragraph()
        self._show_chart()

    def _figures_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.status_label.setStyleSheet(ERROR_STYLE)
        self.status_label.setText(self.tr("无法计算：{error}").format(error=exc))

    # -- showing them ---------------------------------------------------------

    def figure_rows(self, summary: MonthlySummary) -> list[tuple[str, str, Any, Any, bool]]:
        """(key, label, month value, year value, is a rate) in the order the table shows:
        the summary's one list of figures (:data:`envhelp.reports.summary.FIGURES`), whose
        labels the CLI and the workbook show too."""
        from envhelp.reports.summary import FIGURES

        return [(f.key, f.label, *f.values(summary), f.rate) for f in FIGURES]

    def _tooltips(self) -> dict[str, str]:
        from envhelp.reports.summary import FIGURES

        return {f.key: f.tip for f in FIGURES if f.tip}

    def _show_figures(self) -> None:
        rows = self.figure_rows(self.summary)
        tips = self._tooltips()
        self.figures.setRowCount(len(rows))
        for number, (key, label, month_value, year_value, rate) in enumerate(rows):
            items = [
                QTableWidgetItem(label),
                QTableWidgetItem(format_value(month_value, rate)),
                QTableWidgetItem(format_value(year_value, rate)),
            ]
            for column, item in enumerate(items):
                item.setData(KEY_ROLE, key)
                if key in tips:
                    item.setToolTip(tips[key])
                if column:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.figures.setItem(number, column, item)

        # As tall as its rows where the screen allows (the failed requirements get the
        # rest); on a laptop's 768 pixels the thirty figures scroll instead.
        height = self.figures.horizontalHeader().height() + 2 * self.figures.frameWidth()
        height += sum(self.figures.rowHeight(r) for r in range(self.figures.rowCount()))
        self.figures.setMaximumHeight(height)
        self.figures.setMinimumHeight(min(height, 12 * self.figures.rowHeight(0)))

    def _show_failed(self) -> None:
        """The year's most failed requirements with their month and year counts."""
        month_counts = {
            (r["template_id"], r["code"]): r["non_compliant"]
            for r in self.summary.requirements_month
        }
        rows = self.summary.top_failed["year"]
        self.failed.setRowCount(len(rows))
        for number, r in enumerate(rows):
            text = f"{r['code']} {r['requirement']}"
            counts = (month_counts.get((r["template_id"], r["code"]), 0), r["non_compliant"])
            label = QTableWidgetItem(text)
            label.setToolTip(text)
            self.failed.setItem(number, 0, label)
            for column, count in enumerate(counts, start=1):
                item = QTableWidgetItem(str(count))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.failed.setItem(number, column, item)

    def figure_text(self, key: str, column: int = 1) -> str:
        """The table's text for figure ``key`` (column 1 = month, 2 = year to date)."""
        for row in range(self.figures.rowCount()):
            if self.figures.item(row, 0).data(KEY_ROLE) == key:
                return self.figures.item(row, column).text()
        raise KeyError(key)

    def paragraph_text(self) -> str:
        if self.summary is None:
            return ""
        texts = report_text.summary_paragraphs(self.summary, rounded=self.rounded_box.isChecked())
        return texts["month"] + "\n\n" + texts["year"]

    def _show_paragraph(self) -> None:
        self.paragraph.setPlainText(self.paragraph_text())

    def copy_paragraph(self) -> None:
        QApplication.clipboard().setText(self.paragraph.toPlainText())
        self.status_label.setText(self.tr("已复制工作报告用语。"))

    def _show_chart(self) -> None:
        if self.summary is None:
            return
        if self.chart_combo.currentData() == "series":
            rows = self.summary.series
            self.chart.set_data(
                self.tr("{year}年各月发现与销号问题（个）").format(year=self.summary.year),
                [r["label"] for r in rows],
                [
                    (self.tr("发现问题"), [r["found"] for r in rows]),
                    (self.tr("销号问题"), [r["closed"] for r in rows]),
                ],
                self.tr("本年还没有问题记录"),
            )
            return
        rows = [r for r in self.summary.breakdowns["town"] if r["year_visits"] or r["month_visits"]]
        self.chart.set_data(
            self.tr("各镇街走访次数（次）"),
            [r["label"] for r in rows],
            [
                (self.tr("本月"), [r["month_visits"] for r in rows]),
                (self.tr("本年累计"), [r["year_visits"] for r in rows]),
            ],
            self.tr("本年还没有已定稿的走访"),
        )

    # -- exports ------------------------------------------------------------

    def export_summary(self) -> None:
        """Ask where to save the month's workbook, then write it."""
        year, month = self.month_edit.date().year(), self.month_edit.date().month()
        target = ask_save_file(
            self,
            self.tr("导出月度汇总"),
            EXPORT_DIR_KEY,
            self.tr("{year}年{month}月帮扶工作汇总.xlsx").format(year=year, month=month),
            self.tr("Excel 工作簿 (*.xlsx)"),
            ".xlsx",
        )
        if target is not None:
            self.export_to(target)

    def export_to(self, target: Path) -> tasks.Task:
        """Write the workbook to ``target`` off the GUI thread behind a cancellable dialog."""
        remember_folder(EXPORT_DIR_KEY, target.parent)
        month, rounded = self.month(), self.rounded_box.isChecked()
        # The figures on screen are reused when nothing changed since they were computed.
        fresh = self.summary if self._stamp == (month, self._data_stamp()) else None

        def job(store: Store, progress, cancelled) -> MonthlySummary:
            return write_workbook(store, month, target, rounded, fresh, progress, cancelled)

        self.export_button.setEnabled(False)
        self.export_task = tasks.run_with_progress(
            self,
            self.tr("导出月度汇总"),
            self.tr("正在导出 {month} 的月度汇总到 {name}…").format(month=month, name=target.name),
            tasks.store_job(self.store.path, job, read_only=self.store.read_only),
            on_success=lambda _summary: self._exported(target),
            on_error=self._export_failed,
            on_cancel=self._export_cancelled,
        )
        return self.export_task

    def _exported(self, target: Path) -> None:
        self.export_button.setEnabled(True)
        text = self.tr("月度汇总已保存：\n{path}").format(path=target)
        self.export_message = show_file_saved(self, text, target)

    def _export_failed(self, exc: BaseException) -> None:
        self.export_button.setEnabled(True)
        tasks.show_failure(self, exc, self.tr("导出失败"))

    def _export_cancelled(self) -> None:
        self.export_button.setEnabled(True)
        self.status_label.setText(self.tr("导出已取消，未生成文件。"))

    def export_month_pdfs(self) -> tasks.Task | None:
        """Ask for a folder and write a record PDF per final visit of the month."""
        month = self.month()
        if (
            self.summary is not None
            and self._stamp is not None
            and self._stamp[0] == month
            and not self.summary.month_figures["visits"]
        ):
            QMessageBox.information(
                self,
                self.tr("导出走访记录 PDF"),
                self.tr("{month} 没有已定稿的走访记录。").format(month=month),
            )
            return None
        self.pdf_task = pdf_export.export_month_pdfs(self, self.store, month)
        return self.pdf_task
