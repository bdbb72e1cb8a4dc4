"""A form built from the settings registry: one field per setting of the groups asked for.

Used by the Settings dialog (本单位 and 文书) and by the first-start questions, so a new
setting in :mod:`envhelp.domain.settings` appears in both without widget code.
"""

from __future__ import annotations

from typing import Any

from envhelp import i18n
from envhelp.domain import settings
from envhelp.errors import ValidationError
from envhelp.gui.qt import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from envhelp.gui.widgets import ErrorLabel, lock_if_read_only, mark_invalid, show_error_at
from envhelp.storage import Store

EDITABLE_KINDS = (settings.TEXT, settings.BOOL, settings.CHOICE, settings.INT, settings.LIST)


class SettingsForm(QWidget):
    """Fields for the settings of ``groups``; :meth:`save` stores what changed, all or nothing."""

    def __init__(self, store: Store, groups: tuple[str, ...], parent=None, *, required=()):
        super().__init__(parent)
        self.store = store
        self.required = tuple(required)
        self.fields: dict[str, QWidget] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for group in groups:
            entries = [s for s in settings.in_group(group) if s.kind in EDITABLE_KINDS]
            if not entries:
                continue
            box = QGroupBox(i18n.pick(*settings.GROUPS[group]), self)
            form = QFormLayout(box)
            for entry in entries:
                field = self._field_for(entry, box)
                field.setObjectName(f"setting_{entry.key}")
                if entry.help:
                    field.setToolTip(entry.help)
                self.fields[entry.key] = field
                label = entry.label + (" *" if entry.key in self.required else "")
                if entry.kind == settings.BOOL:
                    form.addRow(field)
                else:
                    form.addRow(label, field)
            layout.addWidget(box)
        self.error = ErrorLabel(self)
        layout.addWidget(self.error)
        layout.addStretch(1)
        lock_if_read_only(store, *self.fields.values())

    def _field_for(self, entry: settings.Setting, parent: QWidget) -> QWidget:
        value = settings.get(self.store, entry.key)
        if entry.kind == settings.BOOL:
            box = QCheckBox(entry.label, parent)
            box.setChecked(bool(value))
            return box
        if entry.kind == settings.CHOICE:
            combo = QComboBox(parent)
            for code, zh, en in entry.choices:
                combo.addItem(i18n.pick(zh, en), code)
            combo.setCurrentIndex(max(0, combo.findData(value)))
            return combo
        if entry.kind == settings.INT:
            spin = QSpinBox(parent)
            spin.setRange(entry.minimum, entry.maximum)
            spin.setValue(int(value if value is not None else entry.minimum))
            return spin
        if entry.kind == settings.LIST and entry.choices:
            return ChoiceList(entry, value or [], parent)
        if entry.kind == settings.LIST:  # free words, in order: shown comma-separated
            value = ",".join(value or [])
        edit = QLineEdit("" if value is None else str(value), parent)
        edit.setMaxLength(entry.max_len if entry.kind == settings.TEXT else 200)
        if entry.example:
            edit.setPlaceholderText(i18n.pick(f"例如 {entry.example}", f"e.g. {entry.example}"))
        return edit

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, field in self.fields.items():
            if isinstance(field, QCheckBox):
                out[key] = field.isChecked()
            elif isinstance(field, QComboBox):
                out[key] = field.currentData()
            elif isinstance(field, QSpinBox):
                out[key] = field.value()
            elif isinstance(field, ChoiceList):
                out[key] = field.codes()
            else:
                out[key] = field.text()
        return out

    def changed(self) -> dict[str, Any]:
        """The values that differ from what is stored (after the registry's cleaning)."""
        out = {}
        for key, value in self.values().items():
            if not self.fields[key].isEnabled():  # locked over a read-only database
                continue
            try:
                clean = settings.setting(key).clean(value)
            except ValidationError:
                out[key] = value  # let save() report it
                continue
            # Compared with the value in force, so a default shown and left alone is not stored.
            if clean != settings.get(self.store, key):
                out[key] = value
        return out

    def _check_required(self) -> None:
        for key in self.required:
            field = self.fields[key]
            if isinstance(field, QLineEdit) and not field.text().strip():
                entry = settings.setting(key)
                raise ValidationError(
                    key,
                    f"请填写“{entry.zh}”，文书抬头要用到。",
                    f"{entry.en} is required; documents print it at the top.",
                )

    def save(self) -> None:
        """Store every changed value (in the caller's transaction, if any).

        A refused value is shown beside its field and re-raised, so the caller can roll
        back and keep the dialog open."""
        for field in self.fields.values():
            mark_invalid(field, False)
        self.error.clear_message()
        try:
            self._check_required()
            settings.put_many(self.store, self.changed())
        except ValidationError as exc:
            show_error_at(self.error, str(exc), self.fields.get(exc.field))
            raise


class ChoiceList(QWidget):
    """A list setting with fixed choices: one check box per choice, in the registry's
    order, two to a row (ten choices in one row would not fit the dialog)."""

    COLUMNS = 2

    def __init__(self, entry: settings.Setting, codes: list[str], parent=None):
        super().__init__(parent)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        for n, (code, zh, en) in enumerate(entry.choices):
            box = QCheckBox(i18n.pick(zh, en), self)
            box.setObjectName(f"setting_{entry.key}_{code}")
            box.setChecked(code in codes)
            layout.addWidget(box, n // self.COLUMNS, n % self.COLUMNS)
            self.boxes[code] = box

    def codes(self) -> list[str]:
        return [code for code, box in self.boxes.items() if box.isChecked()]
