"""The permit on file of one enterprise: its facts and an outlets table, one pollutant a row;
and taking it out of force (注销, 撤销或吊销, entered in error) or back.

Saving goes through :func:`envhelp.domain.permits.save`, like the import, and the status
through :func:`envhelp.domain.permits.set_status`, like ``permits status``; a
ValidationError keeps the dialog open with what was typed and names the field.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from envhelp import i18n
from envhelp.domain import permits, vocab
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
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)
from envhelp.gui.widgets import ErrorLabel, lock_if_read_only, submit_form
from envhelp.storage import Store

# The outlets table: (row key of permits.outlets_from_rows, width).
COLUMNS = (
    ("code", 90),
    ("name", 110),
    ("medium", 75),
    ("kind", 100),
    ("pollutant", 120),
    ("limit", 90),
    ("unit", 70),
    ("yearly_t", 110),
    ("monitoring", 100),
)


class PermitDialog(QDialog):
    def __init__(self, store: Store, enterprise_id: str, parent=None):
        super().__init__(parent)
        self.store = store
        self.enterprise_id = enterprise_id
        self.setObjectName("permitDialog")
        self.setWindowTitle(self.tr("排污许可证"))
        self.fields: dict[str, Any] = {
            key: QLineEdit(self)
            for key in ("permit_no", "issuing_authority", "issued_on", "valid_until")
        }
        self.fields["permit_no"].setPlaceholderText(self.tr("22 位，例如 91130200699229617X001P"))
        for key in ("issued_on", "valid_until"):
            self.fields[key].setPlaceholderText("YYYY-MM-DD")
        self.fields["management_class"] = combo = QComboBox(self)
        for code, pair in vocab.PERMIT_FILE_CLASSES.items():
            combo.addItem(i18n.pick(*pair), code)
        self.frequency_boxes = {
            code: QCheckBox(i18n.pick(*pair), self)
            for code, pair in vocab.REPORT_FREQUENCIES.items()
        }
        form = QFormLayout()
        labels = {
            "permit_no": permits.F_NO,
            "management_class": permits.F_CLASS,
            "issuing_authority": permits.F_AUTHORITY,
            "issued_on": permits.F_ISSUED,
            "valid_until": permits.F_VALID,
        }
        for key, fld in labels.items():
            self.fields[key].setObjectName(key)
            form.addRow(i18n.pick(fld.zh, fld.en), self.fields[key])
        frequencies = QHBoxLayout()
        for box in self.frequency_boxes.values():
            frequencies.addWidget(box)
        frequencies.addStretch(1)
        form.addRow(i18n.pick(permits.F_REPORTS.zh, permits.F_REPORTS.en), frequencies)

        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("permitOutletRows")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("排放口编号"),
                self.tr("排放口名称"),
                self.tr("废气/废水"),
                self.tr("有组织/无组织"),
                self.tr("污染物"),
                self.tr("许可排放浓度"),
                self.tr("浓度单位"),
                self.tr("许可年排放量（吨）"),
                self.tr("自行监测频次"),
            ]
        )
        for column, (_key, width) in enumerate(COLUMNS):
            self.table.setColumnWidth(column, width)
        self.table.setToolTip(
            self.tr("每行一项污染物；同一排放口的多项污染物各占一行，排放口编号相同。")
        )
        add = QPushButton(self.tr("添加一行"), self)
        add.clicked.connect(lambda: self.add_row({}))
        remove = QPushButton(self.tr("删除所选行"), self)
        remove.clicked.connect(self.remove_rows)
        self.error = ErrorLabel(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lock_if_read_only(
            store, add, remove, self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        )
        row_buttons = QHBoxLayout()
        row_buttons.addWidget(add)
        row_buttons.addWidget(remove)
        row_buttons.addStretch(1)
        layout = QVBoxLayout(self)
        on_file = permits.for_enterprise(store, enterprise_id)
        if on_file and on_file["status"] != permits.IN_FORCE:  # say so before anything else
            status = QLabel(self.tr("状态：{status}").format(status=permits.status_text(on_file)))
            status.setObjectName("permitStatus")
            status.setWordWrap(True)
            status.setStyleSheet("color: #8b0000; font-weight: bold;")
            layout.addWidget(status)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addLayout(row_buttons)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.load(on_file)
        place_window(self, "permit", QSize(960, 560))

    def load(self, permit: dict[str, Any] | None) -> None:
        if permit is None:
            return
        for key in ("permit_no", "issuing_authority", "issued_on", "valid_until"):
            self.fields[key].setText(permit[key])
        combo = self.fields["management_class"]
        combo.setCurrentIndex(combo.findData(permit["management_class"]))
        for code, box in self.frequency_boxes.items():
            box.setChecked(code in permit["report_frequencies"])
        for outlet in permit["outlets"]:
            cells = {
                "code": outlet["code"],
                "name": outlet["name"],
                "medium": vocab.label(vocab.OUTLET_MEDIA, outlet["medium"]),
                "kind": vocab.label(vocab.OUTLET_KINDS, outlet["kind"]),
            }
            for p in outlet["pollutants"]:
                self.add_row(
                    {
                        **cells,
                        "pollutant": p["name"],
                        "unit": p["unit"],
                        "limit": "" if p["limit"] is None else str(p["limit"]),
                        "yearly_t": "" if p["yearly_t"] is None else str(p["yearly_t"]),
                        "monitoring": vocab.label(vocab.MONITORING_FREQUENCIES, p["monitoring"])
                        if p["monitoring"]
                        else "",
                    }
                )

    def add_row(self, cells: dict[str, str]) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, (key, _width) in enumerate(COLUMNS):
            self.table.setItem(row, column, QTableWidgetItem(cells.get(key, "")))

    def remove_rows(self) -> None:
        for row in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)

    def values(self) -> dict[str, Any]:
        rows = []
        for row in range(self.table.rowCount()):
            cells = {
                key: (self.table.item(row, c).text() if self.table.item(row, c) else "")
                for c, (key, _w) in enumerate(COLUMNS)
            }
            if any(v.strip() for v in cells.values()):
                rows.append(cells)
        return {
            **{
                key: self.fields[key].text()
                for key in ("permit_no", "issuing_authority", "issued_on", "valid_until")
            },
            "management_class": self.fields["management_class"].currentData(),
            "report_frequencies": [c for c, box in self.frequency_boxes.items() if box.isChecked()],
            "outlets": permits.outlets_from_rows(rows),
        }

    def accept(self) -> None:
        if submit_form(
            self.error,
            self.fields,
            lambda: permits.save(self.store, self.enterprise_id, self.values()),
        ):
            super().accept()


class PermitStatusDialog(QDialog):
    """Take the permit on file out of force (the status, the day, the reason) or, when it is
    out of force, put it back in force. An update, so other laptops get it by sync."""

    def __init__(self, store: Store, permit: dict[str, Any], parent=None, *, today=None):
        super().__init__(parent)
        self.store = store
        self.permit = permit
        self.today: date = today or date.today()
        self.in_force = permit["status"] == permits.IN_FORCE
        self.setObjectName("permitStatusDialog")
        self.setMinimumWidth(480)
        self.fields: dict[str, Any] = {}
        layout = QVBoxLayout(self)
        if self.in_force:
            self.setWindowTitle(self.tr("注销或撤销排污许可证"))
            intro = self.tr(
                "排污许可证 {no} 将不再列入到期事项、走访计划和排污许可检查表；"
                "记录保留，可随时恢复为有效。"
            ).format(no=permit["permit_no"])
        else:
            self.setWindowTitle(self.tr("恢复为有效"))
            intro = self.tr(
                "排污许可证 {no} 目前为：{status}。恢复为有效后，它重新列入到期事项和走访计划。"
            ).format(no=permit["permit_no"], status=permits.status_text(permit))
        heading = QLabel(intro, self)
        heading.setObjectName("statusHeading")
        heading.setWordWrap(True)
        layout.addWidget(heading)
        if self.in_force:
            status = QComboBox(self)
            status.setObjectName("status")
            for code, pair in vocab.PERMIT_STATUSES.items():
                if code != permits.IN_FORCE:
                    status.addItem(i18n.pick(*pair), code)
            self.fields = {
                "status": status,
                "status_on": date_edit(self, self.today, "status_on"),
                "status_reason": QLineEdit(self),  # one line: Enter records
            }
            self.fields["status_reason"].setObjectName("status_reason")
            form = QFormLayout()
            form.addRow(field_label(permits.F_STATUS, True), self.fields["status"])
            form.addRow(field_label(permits.F_STATUS_ON, True), self.fields["status_on"])
            form.addRow(field_label(permits.F_STATUS_REASON, True), self.fields["status_reason"])
            layout.addLayout(form)
        self.error = ErrorLabel(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setDefault(True)
        lock_if_read_only(store, ok)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        (self.fields.get("status") or ok).setFocus()

    def accept(self) -> None:
        if submit_form(self.error, self.fields, self._save):
            super().accept()

    def _save(self) -> None:
        if not self.in_force:
            permits.set_status(self.store, self.permit["id"], permits.IN_FORCE)
            return
        permits.set_status(
            self.store,
            self.permit["id"],
            self.fields["status"].currentData(),
            iso_of(self.fields["status_on"]),
            self.fields["status_reason"].text(),
            today=self.today,
        )
