"""Add / edit one enterprise, validated by the same core rules as the CLI and importers."""

from __future__ import annotations

from typing import Any

from envhelp import i18n
from envhelp.domain import enterprises, vocab
from envhelp.domain.fields import Field
from envhelp.errors import EnvHelpError, ValidationError
from envhelp.gui.geometry import place_window
from envhelp.gui.qt import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    Qt,
    QVBoxLayout,
    QWidget,
)
from envhelp.gui.widgets import ErrorLabel, lock_if_read_only, mark_invalid, show_error_at
from envhelp.storage import Store

# Fields typed as one line of text; the rest have their own widgets below.
LINE_FIELDS = (
    enterprises.F_NAME,
    enterprises.F_USCC,
    enterprises.F_LEGAL,
    enterprises.F_CONTACT,
    enterprises.F_PHONE,
    enterprises.F_ADDRESS,
    enterprises.F_TOWN,
    enterprises.F_INDUSTRY,
    enterprises.F_PERMIT,
)
LEFT_COLUMN = ("name", "uscc", "legal_rep", "contact_person", "contact_phone", "town", "industry")
RIGHT_COLUMN = (
    "permit_no",
    "permit_class",
    "supervision_class",
    "supervision_reason",
    "credit_grade",
    "positive_list",
    "invites_visits",
    "hw_categories",
)
# Yes/no fields (2025 inspection rules): 正面清单, and whether the enterprise asks for visits.
FLAG_FIELDS = (enterprises.F_POSITIVE, enterprises.F_INVITES)


def field_label(field: Field, required: bool = False) -> str:
    return i18n.pick(field.zh, field.en) + (" *" if required else "")


class EnterpriseDialog(QDialog):
    """The enterprise form. ``enterprise_id`` None means a new enterprise.

    Saving goes through :func:`enterprises.add` / :func:`enterprises.update`; a
    ValidationError keeps the dialog open with the typed data, shows the message
    under the form and puts the cursor in the field at fault.
    """

    def __init__(self, store: Store, enterprise_id: str | None = None, parent=None):
        super().__init__(parent)
        self.store = store
        self.enterprise_id = enterprise_id
        self.saved: dict[str, Any] | None = None
        self.setObjectName("enterpriseDialog")
        self.setWindowTitle(self.tr("编辑企业") if enterprise_id else self.tr("新建企业"))
        self.setMinimumWidth(820)
        self.fields: dict[str, QWidget] = {}
        self._build()
        if enterprise_id:
            self.set_values(enterprises.get(store, enterprise_id))
        if store.read_only:
            self._make_read_only()
        place_window(self, "enterprise", self.sizeHint())

    # -- layout -------------------------------------------------------------

    def _build(self) -> None:
        for field in LINE_FIELDS:
            edit = QLineEdit(self)
            edit.setObjectName(field.key)
            self.fields[field.key] = edit
        self.fields["uscc"].setPlaceholderText(self.tr("18 位，例如 91350100M000100Y43"))
        self.fields["uscc"].setMaxLength(40)
        self.fields["permit_no"].setPlaceholderText(self.tr("22 位，例如 91130200699229617X001P"))
        self.fields["contact_phone"].setPlaceholderText(self.tr("多个号码用逗号分隔"))
        towns = enterprises.towns(self.store)
        if towns:
            completer = QCompleter(towns, self)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            self.fields["town"].setCompleter(completer)

        permit = QComboBox(self)
        permit.setObjectName("permit_class")
        for code in vocab.PERMIT_CLASSES:
            permit.addItem(vocab.label(vocab.PERMIT_CLASSES, code), code)
        self.fields["permit_class"] = permit

        self._build_inspection_fields()

        hw = QListWidget(self)
        hw.setObjectName("hw_categories")
        for code, (zh, en) in vocab.hw_categories().items():
            item = QListWidgetItem(f"{code}  {i18n.pick(zh, en)}", hw)
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setToolTip(f"{code} {zh} / {en}")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        hw.setMinimumHeight(200)
        self.fields["hw_categories"] = hw

        notes = QPlainTextEdit(self)
        notes.setObjectName("notes")
        notes.setTabChangesFocus(True)
        notes.setFixedHeight(64)
        self.fields["notes"] = notes

        by_key = {f.key: f for f in enterprises.FIELDS}
        left = QFormLayout()
        right = QFormLayout()
        for form, keys in ((left, LEFT_COLUMN), (right, RIGHT_COLUMN)):
            form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            for key in keys:
                if key in ("positive_list", "invites_visits"):  # one row, labelled by the boxes
                    if key == "positive_list":
                        form.addRow("", self._flags)
                    continue
                form.addRow(field_label(by_key[key], key == "name"), self.fields[key])
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addSpacing(16)
        columns.addLayout(right, 1)
        bottom = QFormLayout()
        bottom.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        bottom.addRow(field_label(enterprises.F_ADDRESS), self.fields["address"])
        bottom.addRow(field_label(enterprises.F_NOTES), notes)

        self.error = ErrorLabel(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addLayout(bottom)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        # Tab follows the form as it reads: down the left column, then the right, then
        # address and notes, then the buttons (not the order the widgets were made in).
        order = [self.fields[key] for key in (*LEFT_COLUMN, *RIGHT_COLUMN, "address", "notes")]
        order += [
            self.buttons.button(QDialogButtonBox.StandardButton.Ok),
            self.buttons.button(QDialogButtonBox.StandardButton.Cancel),
        ]
        for first, second in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(first, second)
        for field in LINE_FIELDS:
            self.fields[field.key].textChanged.connect(self._recheck)
        self.invalid_key: str | None = None  # the field outlined after a refused save
        self.fields["name"].setFocus()

    def _build_inspection_fields(self) -> None:
        """Supervision class (+ reason for 特殊), credit grade and the two yes/no flags
        (docs/inspection-rules.md); the reason is only asked for a 特殊 enterprise."""
        kind = QComboBox(self)
        kind.setObjectName("supervision_class")
        for code in vocab.SUPERVISION_CLASSES:
            kind.addItem(vocab.label(vocab.SUPERVISION_CLASSES, code), code)
        kind.setCurrentIndex(kind.findData("general"))
        self.fields["supervision_class"] = kind
        reason = QLineEdit(self)
        reason.setObjectName("supervision_reason")
        reason.setPlaceholderText(self.tr("如：上年度受到处罚、信用警示、投诉 3 次以上"))
        self.fields["supervision_reason"] = reason
        kind.currentIndexChanged.connect(lambda: reason.setEnabled(kind.currentData() == "special"))
        reason.setEnabled(False)
        grade = QComboBox(self)
        grade.setObjectName("credit_grade")
        grade.addItem(self.tr("未评定"), "")
        for code in enterprises.grades(self.store):
            grade.addItem(code, code)
        self.fields["credit_grade"] = grade
        flags = QWidget(self)
        row = QHBoxLayout(flags)
        row.setContentsMargins(0, 0, 0, 0)
        for field in FLAG_FIELDS:
            box = QCheckBox(field_label(field), flags)
            box.setObjectName(field.key)
            self.fields[field.key] = box
            row.addWidget(box)
        row.addStretch(1)
        self.fields["positive_list"].setText(self.tr("列入正面清单"))
        self.fields["invites_visits"].setText(self.tr("企业邀约/预约检查"))
        self._flags = flags

    def _make_read_only(self) -> None:
        """A read-only database: the form is a view, OK is unavailable and says why."""
        self.setWindowTitle(self.tr("企业信息（只读）"))
        for widget in self.fields.values():
            if isinstance(widget, (QLineEdit, QPlainTextEdit)):
                widget.setReadOnly(True)
            elif isinstance(widget, QListWidget):
                for i in range(widget.count()):
                    item = widget.item(i)
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsUserCheckable)
            else:
                widget.setEnabled(False)
        lock_if_read_only(self.store, self.buttons.button(QDialogButtonBox.StandardButton.Ok))

    # -- values -------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """What the user typed, unvalidated (the core cleans and checks it)."""
        data: dict[str, Any] = {f.key: self.fields[f.key].text() for f in LINE_FIELDS}
        data["permit_class"] = self.fields["permit_class"].currentData()
        data["hw_categories"] = self.checked_hw()
        data["notes"] = self.fields["notes"].toPlainText()
        for key in ("supervision_class", "credit_grade"):
            data[key] = self.fields[key].currentData()
        data["supervision_reason"] = self.fields["supervision_reason"].text()
        for field in FLAG_FIELDS:
            data[field.key] = self.fields[field.key].isChecked()
        return data

    def checked_hw(self) -> list[str]:
        hw: QListWidget = self.fields["hw_categories"]
        return [
            hw.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(hw.count())
            if hw.item(i).checkState() == Qt.CheckState.Checked
        ]

    def set_values(self, record: dict[str, Any]) -> None:
        for field in LINE_FIELDS:
            self.fields[field.key].setText(record.get(field.key) or "")
        permit: QComboBox = self.fields["permit_class"]
        permit.setCurrentIndex(max(0, permit.findData(record.get("permit_class") or "")))
        self.set_hw(record.get("hw_categories") or [])
        self.fields["notes"].setPlainText(record.get("notes") or "")
        for key in ("supervision_class", "credit_grade"):
            box: QComboBox = self.fields[key]
            if box.findData(record.get(key) or "") < 0:  # a grade no longer in the settings
                box.addItem(record.get(key), record.get(key))
            box.setCurrentIndex(max(0, box.findData(record.get(key) or "")))
        self.fields["supervision_reason"].setText(record.get("supervision_reason") or "")
        for field in FLAG_FIELDS:
            self.fields[field.key].setChecked(bool(record.get(field.key)))

    def set_hw(self, codes: list[str]) -> None:
        hw: QListWidget = self.fields["hw_categories"]
        first_checked = None
        for i in range(hw.count()):
            item = hw.item(i)
            checked = item.data(Qt.ItemDataRole.UserRole) in codes
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            if checked and first_checked is None:
                first_checked = item
        if first_checked is not None:
            hw.scrollToItem(first_checked)

    # -- saving -------------------------------------------------------------

    def _recheck(self) -> None:
        """A field outlined as wrong is checked again as it is typed in: once the core's
        rules accept it, its frame and the message go at once."""
        if self.invalid_key is None:
            return
        try:
            enterprises.clean(self.values())
        except ValidationError as exc:
            if exc.field == self.invalid_key:
                return
        mark_invalid(self.fields[self.invalid_key], False)
        self.invalid_key = None
        self.error.clear_message()

    def accept(self) -> None:
        for widget in self.fields.values():
            mark_invalid(widget, False)
        self.invalid_key = None
        self.error.clear_message()
        data = self.values()
        try:
            if self.enterprise_id:
                self.saved = enterprises.update(self.store, self.enterprise_id, data)
            else:
                self.saved = enterprises.add(self.store, data)
        except ValidationError as exc:
            self.show_validation_error(exc)
            return
        except EnvHelpError as exc:  # e.g. the database is locked: say so, keep the form
            self.error.show_message(str(exc))
            return
        super().accept()

    def show_validation_error(self, exc: ValidationError) -> None:
        show_error_at(self.error, str(exc), self.fields.get(exc.field))
        self.invalid_key = exc.field if exc.field in self.fields else None
