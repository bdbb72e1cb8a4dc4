"""What the permits' calendar asks of the officer: the 执行报告 and renewals that fall due, and
what the enterprise showed for each (docs/permits.md, "The reporting calendar").

:class:`PermitCalendarDialog` lists them, from the dashboard (every enterprise) or from one
enterprise's details (with what was already recorded, to correct it); Enter or a double
click on a row opens :class:`ReportRecordDialog`, which records through
:func:`envhelp.domain.permit_calendar.record`, the function behind ``permits record``. A
correction is an update of the same record, so it is audited like every change.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from envhelp import i18n
from envhelp.domain import enterprises, permit_calendar, vocab
from envhelp.gui.dialogs.problem_actions import date_edit, field_label, iso_of
from envhelp.gui.geometry import place_window
from envhelp.gui.qt import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSize,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    Signal,
)
from envhelp.gui.widgets import ErrorLabel, lock_if_read_only, submit_form
from envhelp.storage import Store

LOOK_AHEAD_DAYS = 60  # as the dashboard's line: the renewal lead of 条例 第十四条
WARNING_STATES = {"overdue", "missing", "expired"}  # shown in red


def _long_date(iso: str) -> str:
    day = date.fromisoformat(iso)
    return i18n.pick(f"{day.year}年{day.month}月{day.day}日", iso)


class DueTable(QTableWidget):
    """Rows to read; Enter or a double click asks to record the current row (the dialog's
    buttons never see that Enter)."""

    open_requested = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)  # one line a row: the whole text is in the tooltip
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(26)
        self.horizontalHeader().setStretchLastSection(True)
        self.cellDoubleClicked.connect(lambda row, _column: self.open_requested.emit(row))

    def keyPressEvent(self, event) -> None:  # noqa: N802 — Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentRow() >= 0:
            self.open_requested.emit(self.currentRow())
            return
        super().keyPressEvent(event)


class PermitCalendarDialog(QDialog):
    """The 执行报告 and renewals due within 60 days or overdue, of every enterprise or of one;
    :attr:`changed` after each answer recorded."""

    changed = Signal()

    def __init__(
        self,
        store: Store,
        parent=None,
        *,
        enterprise_id: str | None = None,
        today: date | None = None,
    ):
        super().__init__(parent)
        self.store = store
        self.enterprise_id = enterprise_id
        self.today = today or date.today()
        self.rows: list[dict[str, Any]] = []
        self.record_dialog: ReportRecordDialog | None = None
        self.setObjectName("permitCalendarDialog")
        if enterprise_id:
            name = enterprises.get(store, enterprise_id)["name"]
            self.setWindowTitle(self.tr("执行报告与许可证延续 — {name}").format(name=name))
        else:
            self.setWindowTitle(self.tr("排污许可到期事项"))
        hint = QLabel(
            self.tr(
                "{d} 天内到期或已逾期的执行报告和许可证延续申请。选中一行按 Enter（或双击）"
                "记录企业的提交情况；记录错了可再次记录更正。"
            ).format(d=LOOK_AHEAD_DAYS),
            self,
        )
        hint.setWordWrap(True)
        self.show_recorded = QCheckBox(self.tr("同时显示已记录提交的（可更正）"), self)
        self.show_recorded.setObjectName("showRecorded")
        self.show_recorded.setChecked(enterprise_id is not None)
        self.show_recorded.toggled.connect(self.reload)
        self.table = DueTable(self)
        self.table.setObjectName("permitDueRows")
        self.table.setColumnCount(7)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("截止日期"),
                self.tr("状态"),
                self.tr("企业"),
                self.tr("事项"),
                self.tr("报告期"),
                self.tr("已记录"),
                self.tr("备注"),
            ]
        )
        for column, width in enumerate((115, 95, 220, 80, 180, 275)):
            self.table.setColumnWidth(column, width)
        self.table.setColumnHidden(2, enterprise_id is not None)
        self.table.open_requested.connect(self.record_row)
        self.record_button = QPushButton(self.tr("记录提交情况…"), self)
        self.record_button.setObjectName("recordReport")
        self.record_button.setAutoDefault(False)
        self.record_button.clicked.connect(lambda: self.record_row(self.table.currentRow()))
        lock_if_read_only(store, self.record_button)
        self.empty_label = QLabel(self)
        self.empty_label.setObjectName("permitDueEmpty")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        actions = QHBoxLayout()
        actions.addWidget(self.record_button)
        actions.addWidget(self.empty_label, 1)
        actions.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.show_recorded)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        self.reload()
        place_window(self, "permit_calendar", QSize(1000, 520))
        self.table.setFocus()

    def reload(self) -> None:
        current = self.table.currentRow()
        self.rows = permit_calendar.due(
            self.store,
            today=self.today,
            within=LOOK_AHEAD_DAYS,
            enterprise_id=self.enterprise_id,
            include_shown=self.show_recorded.isChecked(),
        )
        self.table.setRowCount(len(self.rows))
        for row, entry in enumerate(self.rows):
            recorded = entry["status_label"]
            if entry["shown_on"]:
                recorded += self.tr("（核查日期 {day}）").format(day=_long_date(entry["shown_on"]))
            cells = (
                _long_date(entry["due_on"]),
                entry["state_label"],
                entry["enterprise"],
                entry["kind_label"],
                entry["period_label"],
                recorded or self.tr("未记录"),
                entry["note"],
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if column == 1 and entry["state"] in WARNING_STATES:
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(row, column, item)
        self.empty_label.setText("" if self.rows else self.tr("没有需要记录的事项。"))
        self.record_button.setEnabled(bool(self.rows) and not self.store.read_only)
        if self.rows:
            self.table.selectRow(min(max(current, 0), len(self.rows) - 1))

    def record_row(self, row: int) -> ReportRecordDialog | None:
        if not 0 <= row < len(self.rows) or self.store.read_only:
            return None
        dialog = ReportRecordDialog(self.store, self.rows[row], self, today=self.today)
        dialog.accepted.connect(self._recorded)
        dialog.finished.connect(dialog.deleteLater)
        self.record_dialog = dialog
        dialog.open()
        return dialog

    def _recorded(self) -> None:
        self.reload()
        self.changed.emit()


class ReportRecordDialog(QDialog):
    """What the enterprise showed for one report period or renewal: on time, late or
    missing, the day the officer checked, a note. Prefilled with an earlier answer."""

    def __init__(self, store: Store, entry: dict[str, Any], parent=None, *, today=None):
        super().__init__(parent)
        self.store = store
        self.entry = entry
        self.setObjectName("reportRecordDialog")
        self.setWindowTitle(self.tr("记录提交情况"))
        self.setMinimumWidth(480)
        heading = QLabel(
            self.tr("{enterprise}　{kind} {period}\n排污许可证 {no}，截止 {due}").format(
                enterprise=entry["enterprise"],
                kind=entry["kind_label"],
                period=entry["period_label"],
                no=entry["permit_no"],
                due=_long_date(entry["due_on"]),
            ),
            self,
        )
        heading.setObjectName("recordHeading")
        heading.setWordWrap(True)
        self.status = QComboBox(self)
        self.status.setObjectName("status")
        for code, pair in vocab.REPORT_STATUSES.items():
            self.status.addItem(i18n.pick(*pair), code)
        default = entry["status"] or ("late" if entry["days_left"] < 0 else "on_time")
        self.status.setCurrentIndex(self.status.findData(default))
        self.shown_on = date_edit(self, entry["shown_on"] or (today or date.today()), "shown_on")
        self.note = QLineEdit(entry["note"], self)
        self.note.setObjectName("note")
        self.fields = {"status": self.status, "shown_on": self.shown_on, "note": self.note}
        form = QFormLayout()
        form.addRow(field_label(permit_calendar.F_STATUS, True), self.status)
        form.addRow(field_label(permit_calendar.F_SHOWN), self.shown_on)
        form.addRow(field_label(permit_calendar.F_NOTE), self.note)
        self.error = ErrorLabel(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setDefault(True)
        lock_if_read_only(store, self.buttons.button(QDialogButtonBox.StandardButton.Ok))
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setTabOrder(self.status, self.shown_on)
        self.setTabOrder(self.shown_on, self.note)
        self.setTabOrder(self.note, self.buttons)
        self.status.setFocus()

    def accept(self) -> None:
        if submit_form(self.error, self.fields, self._save):
            super().accept()

    def _save(self) -> None:
        permit_calendar.record(
            self.store,
            self.entry["permit_id"],
            self.entry["kind"],
            self.entry["period"],
            self.status.currentData(),
            iso_of(self.shown_on),
            self.note.text(),
        )
