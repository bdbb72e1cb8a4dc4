"""The officers of the database (设置 → 管理执法人员…): correct a name or a certificate
number, take an officer out of service, mark the days one cannot be drawn for random
checks (leave, training).

Documents print the certificate numbers, so a typo must be fixable where officers work,
not only with ``envhelp officers``. Every change goes through
:func:`envhelp.domain.officers.update` (checked, audited). Edits are kept when another
officer is chosen in the list (saved first; a refused value keeps the officer chosen and
says why), and closing the dialog asks before unsaved edits are dropped.
"""

from __future__ import annotations

from typing import Any

from envhelp import i18n
from envhelp.domain import officers
from envhelp.errors import EnvHelpError, ValidationError
from envhelp.gui.geometry import place_window
from envhelp.gui.qt import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QSize,
    Qt,
    QVBoxLayout,
    QWidget,
)
from envhelp.gui.widgets import ErrorLabel, lock_if_read_only, mark_invalid, show_error_at
from envhelp.storage import Store

TEXT_FIELDS = (
    officers.F_NAME,
    officers.F_CERT,
    officers.F_UNIT,
    officers.F_PHONE,
    officers.F_AWAY_FROM,
    officers.F_AWAY_TO,
)
DATE_KEYS = (officers.F_AWAY_FROM.key, officers.F_AWAY_TO.key)


class OfficersDialog(QDialog):
    """A list of every officer (those out of service too) beside the chosen one's form."""

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.officer_id: str | None = None
        self.loaded: dict[str, Any] = {}
        self.setObjectName("officersDialog")
        self.setWindowTitle(self.tr("管理执法人员"))

        self.list = QListWidget(self)
        self.list.setObjectName("officerList")
        self.list.currentItemChanged.connect(self._chosen)

        form_box = QWidget(self)
        form = QFormLayout(form_box)
        self.fields: dict[str, QLineEdit] = {}
        for field in TEXT_FIELDS:
            edit = QLineEdit(form_box)
            edit.setObjectName(f"officer_{field.key}")
            if field.key in DATE_KEYS:
                edit.setPlaceholderText(self.tr("例如 2026-12-01（留空表示可以抽取）"))
            self.fields[field.key] = edit
            label = i18n.pick(field.zh, field.en) + (" *" if field is officers.F_NAME else "")
            form.addRow(label, edit)
        self.active_box = QCheckBox(self.tr("在岗（可选为走访的执法人员）"), form_box)
        self.active_box.setObjectName("officer_active")
        form.addRow(self.active_box)
        note = QLabel(
            self.tr(
                "执法证号印在笔录和文书上。不可抽取的日期内，双随机抽查不会抽到这名执法人员；"
                "不在岗的执法人员不再出现在走访的人员选择中，以前的记录不受影响。"
            ),
            form_box,
        )
        note.setWordWrap(True)
        form.addRow(note)
        self.error = ErrorLabel(form_box)
        form.addRow(self.error)
        self.saved_label = QLabel(form_box)
        self.saved_label.setObjectName("officerSaved")
        form.addRow(self.saved_label)

        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton(
            self.tr("保存修改"), QDialogButtonBox.ButtonRole.ApplyRole
        )
        self.save_button.setObjectName("saveOfficer")
        self.save_button.setDefault(True)  # Enter in a field saves
        self.save_button.clicked.connect(self.save)
        close = self.buttons.addButton(self.tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole)
        close.setObjectName("closeOfficers")
        close.setAutoDefault(False)
        self.buttons.rejected.connect(self.reject)

        row = QHBoxLayout()
        row.addWidget(self.list, 2)
        row.addWidget(form_box, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(row, 1)
        layout.addWidget(self.buttons)
        lock_if_read_only(store, *self.fields.values(), self.active_box, self.save_button)
        self.reload()
        place_window(self, "officers", QSize(760, 420))

    # -- the list --------------------------------------------------------------------

    def reload(self, select_id: str | None = None) -> None:
        select_id = select_id or self.officer_id
        self.list.blockSignals(True)
        self.list.clear()
        for officer in officers.list_all(self.store):
            item = QListWidgetItem(self._item_text(officer), self.list)
            item.setData(Qt.ItemDataRole.UserRole, officer["id"])
            if officer["id"] == select_id:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        else:
            self._show(self.list.currentItem())

    def _item_text(self, officer: dict[str, Any]) -> str:
        text = officer["name"]
        if officer["cert_no"]:
            text += f"（{officer['cert_no']}）"
        if not officer["active"]:
            text += self.tr(" · 不在岗")
        elif officer["unavailable_from"]:
            text += self.tr(" · {start} 至 {end} 不可抽取").format(
                start=officer["unavailable_from"], end=officer["unavailable_to"]
            )
        return text

    def _chosen(self, current: QListWidgetItem | None, previous: QListWidgetItem | None) -> None:
        if previous is not None and self.is_dirty() and not self.save():
            # The edits were refused: stay on that officer, with the message shown.
            self.list.blockSignals(True)
            self.list.setCurrentItem(previous)
            self.list.blockSignals(False)
            return
        self._show(current)

    def _show(self, item: QListWidgetItem | None) -> None:
        self.error.clear_message()
        self.saved_label.clear()
        for edit in self.fields.values():
            mark_invalid(edit, False)
        self.officer_id = item.data(Qt.ItemDataRole.UserRole) if item else None
        officer = self.store.get("officers", self.officer_id) if self.officer_id else {}
        self.loaded = self._form_values(officer)
        for key, edit in self.fields.items():
            edit.setText(self.loaded[key])
        self.active_box.setChecked(bool(self.loaded["active"]))

    # -- editing ---------------------------------------------------------------------

    @staticmethod
    def _form_values(officer: dict[str, Any]) -> dict[str, Any]:
        values = {field.key: officer.get(field.key) or "" for field in TEXT_FIELDS}
        values["active"] = bool(officer.get("active", 1))
        return values

    def values(self) -> dict[str, Any]:
        values = {key: edit.text().strip() for key, edit in self.fields.items()}
        values["active"] = self.active_box.isChecked()
        return values

    def is_dirty(self) -> bool:
        return self.officer_id is not None and self.values() != self.loaded

    def save(self) -> bool:
        """Store the form's values for the chosen officer; False (and the reason shown
        beside the field) when they are refused. Nothing to save counts as saved."""
        if not self.is_dirty():
            return True
        for edit in self.fields.values():
            mark_invalid(edit, False)
        self.error.clear_message()
        values = self.values()
        try:
            officer = officers.update(
                self.store, self.officer_id, {k: v or None for k, v in values.items()}
            )
        except ValidationError as exc:
            show_error_at(self.error, str(exc), self.fields.get(exc.field))
            return False
        except EnvHelpError as exc:
            self.error.show_message(str(exc))
            return False
        self.loaded = self._form_values(officer)
        item = self._item_for(officer["id"])
        if item is not None:
            item.setText(self._item_text(officer))
        self.saved_label.setText(self.tr("已保存 {name} 的修改。").format(name=officer["name"]))
        return True

    def _item_for(self, officer_id: str) -> QListWidgetItem | None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == officer_id:
                return item
        return None

    def reject(self) -> None:
        if self.is_dirty():
            answer = QMessageBox.question(
                self,
                self.tr("管理执法人员"),
                self.tr("对这名执法人员的修改还没有保存。放弃这些修改吗？"),
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                return
        super().reject()
