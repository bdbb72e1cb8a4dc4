"""One enterprise at a glance: details, HW categories, visits, open problems, compliance rate.

The visits and problems are paged table models (rows come from SQL a page at a
time); overdue problems are highlighted by the ledger model's own styling.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from envhelp import i18n
from envhelp.domain import (
    check_answers,
    check_totals,
    enterprises,
    inspection_rules,
    ledger_list,
    permit_calendar,
    permits,
    problems,
    visits,
    vocab,
)
from envhelp.gui.dialogs.enterprise import EnterpriseDialog, field_label
from envhelp.gui.geometry import place_window
from envhelp.gui.models import ID_ROLE, ProblemTableModel
from envhelp.gui.pages.visits import FilteredVisitModel
from envhelp.gui.qt import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QModelIndex,
    QPushButton,
    QSize,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)
from envhelp.gui.widgets import RecordTable, lock_if_read_only
from envhelp.storage import Store

if TYPE_CHECKING:
    from envhelp.gui.dialogs.problem import ProblemDialog
    from envhelp.gui.visit_editor import VisitEditor

DETAIL_FIELDS = (
    enterprises.F_USCC,
    enterprises.F_LEGAL,
    enterprises.F_CONTACT,
    enterprises.F_PHONE,
    enterprises.F_ADDRESS,
    enterprises.F_TOWN,
    enterprises.F_INDUSTRY,
    enterprises.F_PERMIT,
    enterprises.F_PERMIT_CLASS,
    enterprises.F_CLASS,
    enterprises.F_CREDIT,
    enterprises.F_NOTES,
)
VISITS_PER_LOOKUP = 20


def latest_compliance(store: Store, enterprise_id: str) -> dict[str, Any] | None:
    """Figures of the newest final visit that had a check (all its checks added up)."""
    offset = 0
    while True:
        page = visits.list_page(
            store,
            enterprise_id=enterprise_id,
            status="final",
            limit=VISITS_PER_LOOKUP,
            offset=offset,
        )
        for visit in page:
            found = check_answers.list_checks(store, visit["id"])
            if not found:
                continue
            compliant = non_compliant = 0
            for check in found:
                fig = check_totals.figures(store, check["id"])
                compliant += fig["compliant"]
                non_compliant += fig["non_compliant"]
            checked = compliant + non_compliant
            return {
                "visit": visit,
                "compliant": compliant,
                "non_compliant": non_compliant,
                "rate": compliant / checked if checked else None,
            }
        if len(page) < VISITS_PER_LOOKUP:
            return None
        offset += VISITS_PER_LOOKUP


class EnterpriseProblemModel(ProblemTableModel):
    """The enterprise's open and rectifying problems, earliest deadline first."""

    def __init__(self, store: Store, enterprise_id: str, parent=None):
        super().__init__(store, parent)
        self.enterprise_id = enterprise_id
        self.filter = ledger_list.LedgerFilter(
            status=tuple(problems.OPEN_STATUSES), enterprise_id=enterprise_id
        )


class EnterpriseDetailDialog(QDialog):
    def __init__(self, store: Store, enterprise_id: str, parent=None):
        super().__init__(parent)
        self.store = store
        self.enterprise_id = enterprise_id
        self.editors: list[VisitEditor] = []
        self.edit_dialog: EnterpriseDialog | None = None
        self.setObjectName("enterpriseDetail")

        self.name_label = QLabel(self)
        self.name_label.setObjectName("enterpriseName")
        font = self.name_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.35)
        self.name_label.setFont(font)
        self.rate_label = QLabel(self)
        self.rate_label.setObjectName("complianceRate")
        self.score_label = QLabel(self)
        self.score_label.setObjectName("assessmentScore")
        self.details = QFormLayout()
        self.detail_labels: dict[str, QLabel] = {}
        for fld in DETAIL_FIELDS:
            label = QLabel(self)
            label.setObjectName(f"detail_{fld.key}")
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.detail_labels[fld.key] = label
            self.details.addRow(field_label(fld), label)
        self.inspections_label = QLabel(self)
        self.inspections_label.setObjectName("inspectionsThisYear")
        self.details.addRow(self.tr("本年现场检查"), self.inspections_label)
        self.hw_label = QLabel(self)
        self.hw_label.setObjectName("hwCategories")
        self.hw_label.setWordWrap(True)
        self.hw_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.scope_label = QLabel(self)
        self.scope_label.setObjectName("storageScope")
        self.scope_label.setWordWrap(True)
        self.scope_label.setToolTip(self.tr("最近一次检查所选的检查范围；新检查表沿用它"))

        self.permit_label = QLabel(self)
        self.permit_label.setObjectName("permitOnFile")
        self.permit_label.setWordWrap(True)
        self.outlet_table = QTableWidget(0, 4, self)
        self.outlet_table.setObjectName("permitOutlets")
        self.outlet_table.setHorizontalHeaderLabels(
            [
                self.tr("排放口"),
                self.tr("类别"),
                self.tr("污染物及许可排放浓度、年排放量"),
                self.tr("自行监测频次"),
            ]
        )
        self.outlet_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.outlet_table.verticalHeader().hide()
        self.outlet_table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((110, 110, 460)):
            self.outlet_table.setColumnWidth(column, width)
        self.outlet_table.setMaximumHeight(110)

        self.visit_model = FilteredVisitModel(store, self)
        self.visit_model.enterprise_id = enterprise_id
        self.visit_table = RecordTable(self)
        self.visit_table.setObjectName("enterpriseVisits")
        self.visit_table.setModel(self.visit_model)
        self.visit_table.set_column_widths([95, 55, 0, 110, 150, 70])
        self.visit_table.hideColumn(2)  # the enterprise column: always this one
        self.visit_table.open_requested.connect(self.open_visit)
        self.problem_model = EnterpriseProblemModel(store, enterprise_id, self)
        self.problem_table = RecordTable(self)
        self.problem_table.setObjectName("enterpriseProblems")
        self.problem_table.setModel(self.problem_model)
        self.problem_table.hideColumn(0)
        self.problem_table.hideColumn(1)
        self.problem_table.set_column_widths([0, 0, 80, 220, 50, 90, 90])
        self.problem_table.open_requested.connect(self.open_problem)
        self.problem_dialog: ProblemDialog | None = None

        self.new_visit_button = new_visit = QPushButton(self.tr("新建走访"), self)
        new_visit.setObjectName("newVisitHere")
        new_visit.setToolTip(self.tr("为该企业新建走访记录（Ctrl+N）"))
        new_visit.setShortcut("Ctrl+N")
        new_visit.clicked.connect(self.new_visit)
        self.edit_button = edit = QPushButton(self.tr("编辑企业…"), self)
        edit.setObjectName("editEnterpriseHere")
        edit.setToolTip(self.tr("编辑企业信息（F2）"))
        edit.setShortcut("F2")
        edit.clicked.connect(self.edit_enterprise)
        self.permit_button = permit_button = QPushButton(self.tr("排污许可证…"), self)
        permit_button.setObjectName("editPermitHere")
        permit_button.setToolTip(self.tr("登记或修改排污许可证及其排放口"))
        permit_button.clicked.connect(self.edit_permit)
        self.permit_dialog = None
        self.permit: dict[str, Any] | None = None  # the permit on file, read by refresh()
        self.reports_button = reports_button = QPushButton(self.tr("执行报告…"), self)
        reports_button.setObjectName("permitReportsHere")
        reports_button.setToolTip(self.tr("记录或更正执行报告、延续申请的提交情况"))
        reports_button.clicked.connect(self.open_permit_calendar)
        self.status_button = status_button = QPushButton(self.tr("注销/撤销…"), self)
        status_button.setObjectName("permitStatusHere")
        status_button.clicked.connect(self.change_permit_status)
        # Read-only: the visits still open (read-only) from the list.
        lock_if_read_only(store, new_visit, edit, permit_button, status_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)

        details_box = QGroupBox(self.tr("基本信息"), self)
        details_box.setLayout(self.details)
        hw_box = QGroupBox(field_label(enterprises.F_HW), self)
        hw_layout = QVBoxLayout(hw_box)
        hw_layout.addWidget(self.hw_label)
        hw_layout.addStretch(1)
        hw_layout.addWidget(self.scope_label)
        top = QHBoxLayout()
        top.addWidget(details_box, 3)
        top.addWidget(hw_box, 2)
        permit_box = QGroupBox(self.tr("排污许可证"), self)
        permit_layout = QVBoxLayout(permit_box)
        permit_layout.addWidget(self.permit_label)
        permit_layout.addWidget(self.outlet_table)
        visits_box = QGroupBox(self.tr("走访记录（Enter 打开）"), self)
        QVBoxLayout(visits_box).addWidget(self.visit_table)
        problems_box = QGroupBox(self.tr("未销号问题（红色：已逾期；Enter 打开）"), self)
        QVBoxLayout(problems_box).addWidget(self.problem_table)
        lists = QHBoxLayout()
        lists.addWidget(visits_box, 1)
        lists.addWidget(problems_box, 1)
        header = QHBoxLayout()
        header.addWidget(self.name_label, 1)
        rates = QVBoxLayout()
        rates.addWidget(self.rate_label, 0, Qt.AlignmentFlag.AlignRight)
        rates.addWidget(self.score_label, 0, Qt.AlignmentFlag.AlignRight)
        header.addLayout(rates)
        actions = QHBoxLayout()
        actions.addWidget(new_visit)
        actions.addWidget(edit)
        actions.addWidget(permit_button)
        actions.addWidget(reports_button)
        actions.addWidget(status_button)
        actions.addStretch(1)
        actions.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addLayout(top)
        layout.addWidget(permit_box)
        layout.addLayout(lists, 1)
        layout.addLayout(actions)
        self.refresh()
        place_window(self, "enterprise_detail", QSize(1100, 760))
        self.visit_table.setFocus()

    def refresh(self) -> None:
        record = enterprises.get(self.store, self.enterprise_id)
        self.setWindowTitle(self.tr("企业详情 — {name}").format(name=record["name"]))
        self.name_label.setText(record["name"])
        for key, label in self.detail_labels.items():
            value = record.get(key) or ""
            if key == "permit_class":
                value = vocab.label(vocab.PERMIT_CLASSES, value) if value else ""
            if key == "supervision_class":
                value = vocab.label(vocab.SUPERVISION_CLASSES, value) + "".join(
                    f"（{r}）" for r in [record["supervision_reason"]] if r
                )
                if record["positive_list"]:
                    value += self.tr("；正面清单")
            label.setText(str(value) or "—")
        year = inspection_rules.year_summary(self.store, self.enterprise_id)
        self.inspections_label.setText(
            self.tr("{n} 次（计入上限 {counted} 次，上限每年 {cap} 次）").format(
                n=year["inspections"], counted=year["counted"], cap=year["cap"]
            )
        )
        names = vocab.hw_categories()
        lines = [
            f"{code}　{i18n.pick(*names[code])}" if code in names else code
            for code in record["hw_categories"]
        ]
        self.hw_label.setText("\n".join(lines) or self.tr("未登记"))
        scope = check_answers.last_scope(self.store, self.enterprise_id)
        self.scope_label.setText(
            self.tr("最近检查范围：{scope}").format(scope=check_answers.scope_text(scope))
            if scope
            else self.tr("最近检查范围：尚未选定")
        )
        self._show_permit()
        latest = latest_compliance(self.store, self.enterprise_id)
        if latest is None:
            self.rate_label.setText(self.tr("最近符合率：暂无已定稿的检查"))
        else:
            rate = "—" if latest["rate"] is None else f"{latest['rate'] * 100:.1f}%"
            self.rate_label.setText(
                self.tr("最近符合率 {rate}（{date}，符合 {ok} / 不符合 {bad}）").format(
                    rate=rate,
                    date=latest["visit"]["date"],
                    ok=latest["compliant"],
                    bad=latest["non_compliant"],
                )
            )
        self.score_label.setText(self._assessment_text())
        self.visit_model.refresh()
        self.problem_model.refresh()

    def _show_permit(self) -> None:
        """The permit on file: its facts, what falls due, and one row per outlet."""
        from envhelp.reports.xlsx_common import long_date

        permit = self.permit = permits.for_enterprise(self.store, self.enterprise_id)
        self.outlet_table.setVisible(permit is not None)
        in_force = permit is not None and permit["status"] == permits.IN_FORCE
        self.reports_button.setEnabled(in_force)
        self.status_button.setVisible(permit is not None)
        self.status_button.setText(self.tr("注销/撤销…") if in_force else self.tr("恢复有效…"))
        self.status_button.setToolTip(
            self.tr("许可证注销、撤销或录入有误：不再列入到期事项和走访计划")
            if in_force
            else self.tr("将许可证恢复为有效")
        )
        if permit is None:
            self.permit_label.setText(self.tr("未登记排污许可证。"))
            return
        reports = "、".join(
            vocab.label(vocab.REPORT_FREQUENCIES, f) for f in permit["report_frequencies"]
        ) or self.tr("无")
        due = permit_calendar.due(self.store, within=60, enterprise_id=self.enterprise_id)
        due_text = "；".join(
            f"{r['kind_label']} {r['period_label']}：{r['state_label']}"
            f"（{long_date(date.fromisoformat(r['due_on']))}）"
            for r in due[:4]
        )
        self.permit_label.setText(
            self.tr(
                "{no}　{cls}　发证机关：{authority}　有效期：{issued} 至 {valid}　执行报告：{reports}"
            ).format(
                no=permit["permit_no"],
                cls=vocab.label(vocab.PERMIT_FILE_CLASSES, permit["management_class"]),
                authority=permit["issuing_authority"] or "—",
                issued=long_date(date.fromisoformat(permit["issued_on"])),
                valid=long_date(date.fromisoformat(permit["valid_until"])),
                reports=reports,
            )
            + ("\n" + self.tr("60 天内到期或逾期：") + due_text if due else "")
            + ("" if in_force else "\n" + self.tr("状态：") + permits.status_text(permit))
        )
        self.permit_label.setStyleSheet("" if in_force else "color: #8b0000;")
        self.outlet_table.setRowCount(len(permit["outlets"]))
        for row, outlet in enumerate(permit["outlets"]):
            monitoring = "、".join(
                sorted(
                    {
                        vocab.label(vocab.MONITORING_FREQUENCIES, p["monitoring"])
                        for p in outlet["pollutants"]
                        if p["monitoring"]
                    }
                )
            )
            code = outlet["code"] + (f" {outlet['name']}" if outlet["name"] else "")
            for column, value in enumerate(
                (
                    code,
                    permits.outlet_kind_text(outlet),
                    permits.pollutants_text(outlet),
                    monitoring or "—",
                )
            ):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.outlet_table.setItem(row, column, item)

    def _assessment_text(self) -> str:
        """The last assessment's score and verdict, and the trend of the shares (oldest first)."""
        history = check_totals.assessment_history(self.store, self.enterprise_id)
        if not history:
            return self.tr("规范化评估：暂无已定稿的评估")
        last = history[0]
        percent = "—" if last["percent"] is None else f"{last['percent']:.1f}%"
        text = self.tr("最近评估 {score}/{maximum}（{percent}，{verdict}，{date}）").format(
            score=last["score"],
            maximum=last["max_score"],
            percent=percent,
            verdict=last["verdict_label"] or "—",
            date=last["date"],
        )
        shares = [h["percent"] for h in reversed(history) if h["percent"] is not None]
        if len(shares) > 1:
            arrow = "↑" if shares[-1] > shares[-2] else "↓" if shares[-1] < shares[-2] else "→"
            trend = " → ".join(f"{share:.1f}%" for share in shares)
            text += self.tr("　趋势 {arrow} {trend}").format(arrow=arrow, trend=trend)
        return text

    def open_visit(self, index: QModelIndex) -> VisitEditor | None:
        if not index.isValid():
            return None
        return self._editor(self.visit_model.index(index.row(), 0).data(ID_ROLE))

    def new_visit(self) -> VisitEditor:
        return self._editor(None)

    def _editor(self, visit_id: str | None) -> VisitEditor:
        from envhelp.gui.visit_editor import VisitEditor  # on first use: start-up speed

        # Owned by the main window, not by this dialog: closing the details must never
        # close (and lose) a visit being edited. The page that opened the details lists
        # it with its own editors, so closing the main window saves it.
        page = self.parentWidget()
        editor = VisitEditor(
            self.store,
            visit_id,
            page.window() if page is not None else None,
            enterprise_id=None if visit_id else self.enterprise_id,
        )
        editor.closed.connect(self.refresh)
        self.editors.append(editor)
        if page is not None and isinstance(getattr(page, "editors", None), list):
            page.editors.append(editor)
        editor.show()
        return editor

    def open_problem(self, index: QModelIndex) -> ProblemDialog | None:
        """Enter or double-click on an open problem: its dialog (details, history, actions)."""
        if not index.isValid():
            return None
        from envhelp.gui.dialogs.problem import ProblemDialog  # on first use

        problem_id = self.problem_model.index(index.row(), 0).data(ID_ROLE)
        dialog = ProblemDialog(self.store, problem_id, self)
        dialog.changed.connect(lambda _id: self.refresh())
        dialog.finished.connect(dialog.deleteLater)
        self.problem_dialog = dialog
        dialog.open()
        return dialog

    def edit_permit(self):
        from envhelp.gui.dialogs.permit import PermitDialog  # on first use

        dialog = PermitDialog(self.store, self.enterprise_id, self)
        dialog.accepted.connect(self.refresh)
        dialog.finished.connect(dialog.deleteLater)
        self.permit_dialog = dialog
        dialog.open()
        return dialog

    def open_permit_calendar(self):
        """The permit's reports and renewal due or recorded: record or correct an answer."""
        from envhelp.gui.dialogs.permit_calendar import PermitCalendarDialog  # on first use

        dialog = PermitCalendarDialog(self.store, self, enterprise_id=self.enterprise_id)
        dialog.changed.connect(self.refresh)
        dialog.finished.connect(dialog.deleteLater)
        self.permit_dialog = dialog
        dialog.open()
        return dialog

    def change_permit_status(self):
        """注销/撤销 (or entered in error) the permit on file, or put it back in force."""
        from envhelp.gui.dialogs.permit import PermitStatusDialog  # on first use

        dialog = PermitStatusDialog(self.store, self.permit, self)
        dialog.accepted.connect(self.refresh)
        dialog.finished.connect(dialog.deleteLater)
        self.permit_dialog = dialog
        dialog.open()
        return dialog

    def edit_enterprise(self) -> EnterpriseDialog:
        dialog = EnterpriseDialog(self.store, self.enterprise_id, self)
        dialog.accepted.connect(self.refresh)
        dialog.finished.connect(dialog.deleteLater)
        self.edit_dialog = dialog
        dialog.open()
        return dialog
