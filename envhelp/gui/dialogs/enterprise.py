"""Add / edit one enterprise, validated by the same core rules as the CLI and importers."""

from __future__ import annotations

from typing import Any

from envhelp import i18n
from envhelp.domain import enterprises, vocab
from envhelp.domain.fields import Field
from envhelp.errors import EnvHelpError, ValidationError
from envhelp.gui.geometry import place_window
from envhelp.gui.qt import (
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
    enterprises.F_NAME, enterprises.F_USCC, enterprises.F_LEGAL, enterprises.F_CONTACT,
    enterprises.F_PHONE, enterprises.F_ADDRESS, enterprises.F_TOWN, enterprises.F_INDUSTRY,
    enterprises.F_PERMIT,
)  # fmt: skip
LEFT_COLUMN = ("name", "uscc", "legal_rep", "contact_person", "contact_phone", "town", "industry")
RIGHT_COLUMN = ("permit_no", "permit_class", "hw_categories")


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
        order += [self.buttons.button(QDialogButtonBox.StandardButton.Ok),
                  self.buttons.button(QDialogButtonBox.StandardButton.Cancel)]  # fmt: skip
        for first, second in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(first, second)
        for field in LINE_FIELDS:
            self.fields[field.key].textChanged.connect(self._recheck)
        self.invalid_key: str | None = None  # the field outlined after a refused save
        self.fields["name"].setFocus()

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
