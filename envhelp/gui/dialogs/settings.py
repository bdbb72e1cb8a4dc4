"""Settings in three tabs: the bureau's identity and document numbering (built from the
settings registry), officers (current officer, adding one), and this computer (number
series, the local hazardous-waste storage limit, UI language)."""

from __future__ import annotations

from typing import Any

from envhelp import i18n
from envhelp.domain import measures, officers, record_numbers, settings
from envhelp.errors import EnvHelpError, ValidationError
from envhelp.gui.dialogs.officers import OfficersDialog
from envhelp.gui.dialogs.settings_form import SettingsForm
from envhelp.gui.geometry import place_window
from envhelp.gui.language import language_names
from envhelp.gui.qt import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSize,
    QSpinBox,
    Qt,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from envhelp.gui.widgets import ErrorLabel, lock_if_read_only, mark_invalid, show_error_at
from envhelp.storage import Store

OFFICER_FIELDS = (officers.F_NAME, officers.F_CERT, officers.F_UNIT, officers.F_PHONE)


def officer_text(officer: dict[str, Any]) -> str:
    extra = " · ".join(p for p in (officer.get("cert_no"), officer.get("unit")) if p)
    return f"{officer['name']}（{extra}）" if extra else officer["name"]


def _scrolled(widget: QWidget) -> QScrollArea:
    """A page that scrolls rather than making the dialog taller than a laptop screen."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(widget)
    return area


class SettingsDialog(QDialog):
    """Pick the current officer, add officers, set the number series and the storage limit,
    choose the language.

    Adding an officer saves at once (so it can be picked) and never changes the current
    officer; the officer choice, the
    series, the limit and the language take effect when the dialog is accepted. The caller reads
    :meth:`chosen_language` and applies it.
    """

    def __init__(self, store: Store, current_language: str, parent=None):
        super().__init__(parent)
        self.store = store
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("设置"))
        self.setMinimumWidth(520)

        officer_box = QGroupBox(self.tr("当前执法人员"), self)
        self.officer_combo = QComboBox(officer_box)
        self.officer_combo.setObjectName("officerCombo")
        self.manage_button = QPushButton(self.tr("管理执法人员…"), officer_box)
        self.manage_button.setObjectName("manageOfficers")
        self.manage_button.setToolTip(self.tr("修改姓名、执法证号，设置不在岗或不可抽取的日期"))
        self.manage_button.setAutoDefault(False)
        self.manage_button.clicked.connect(self.manage_officers)
        officer_row = QHBoxLayout(officer_box)
        officer_row.addWidget(self.officer_combo, 1)
        officer_row.addWidget(self.manage_button)

        add_box = QGroupBox(self.tr("添加执法人员"), self)
        form = QFormLayout(add_box)
        self.officer_fields: dict[str, QLineEdit] = {}
        for field in OFFICER_FIELDS:
            edit = QLineEdit(add_box)
            edit.setObjectName(f"officer_{field.key}")
            self.officer_fields[field.key] = edit
            label = i18n.pick(field.zh, field.en) + (" *" if field.key == "name" else "")
            form.addRow(label, edit)
        self.add_button = QPushButton(self.tr("添加"), add_box)
        self.add_button.setObjectName("addOfficer")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_officer)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.add_button)
        form.addRow(row)
        self.officer_error = ErrorLabel(add_box)
        form.addRow(self.officer_error)
        self.added_label = QLabel(add_box)
        self.added_label.setObjectName("officerAdded")
        self.added_label.setWordWrap(True)
        form.addRow(self.added_label)

        self.series_edit = QLineEdit(record_numbers.record_series(store), self)
        self.series_edit.setObjectName("recordSeriesEdit")
        self.series_edit.setMaxLength(3)
        self.series_edit.setPlaceholderText(self.tr("例如 A（留空表示不使用系列）"))
        series_box = self._explained_box(
            self.tr("记录编号系列"),
            self.series_edit,
            self.tr("多台电脑合并数据时，每台电脑设置不同的编号系列，避免记录编号重复"),
        )

        self.limit_spin = QSpinBox(self)
        self.limit_spin.setObjectName("storageLimitSpin")
        self.limit_spin.setRange(0, settings.MAX_STORAGE_LIMIT)
        self.limit_spin.setSuffix(self.tr(" 天"))
        self.limit_spin.setSpecialValueText(self.tr("按检查表模板"))  # shown for 0
        self.limit_spin.setValue(measures.storage_limit(store) or 0)
        limit_box = self._explained_box(
            self.tr("危废贮存期限"),
            self.limit_spin,
            self.tr(
                "本辖区对产生单位贮存危险废物的期限，用于“测算”贮存时间；"
                "选“按检查表模板”则用模板中的期限（GB 18597 模板为 365 天）"
            ),
        )

        language_box = QGroupBox(self.tr("界面语言"), self)
        self.language_combo = QComboBox(language_box)
        self.language_combo.setObjectName("languageCombo")
        for code, name in language_names().items():
            self.language_combo.addItem(name, code)
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(current_language)))
        QVBoxLayout(language_box).addWidget(self.language_combo)

        self.error = ErrorLabel(self)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        # Not required here: other settings can be saved before the bureau is known;
        # documents refuse to print without it (settings.require_bureau).
        self.bureau_form = SettingsForm(store, ("bureau", "documents"), self)
        self.rules_form = SettingsForm(store, ("inspections",), self)
        general = QWidget(self)
        general_layout = QVBoxLayout(general)
        for box in (officer_box, add_box, series_box, limit_box, language_box):
            general_layout.addWidget(box)
        general_layout.addStretch(1)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("settingsTabs")
        self.tabs.addTab(general, self.tr("执法人员与本机"))
        self.tabs.addTab(_scrolled(self.bureau_form), self.tr("本单位与文书"))
        self.tabs.addTab(_scrolled(self.rules_form), self.tr("检查频次与双随机"))

        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        current = officers.current(store)
        self._load_officers(current["id"] if current else None)
        # The officers live in the database; the language (per-user settings) can still change.
        lock_if_read_only(
            store,
            self.officer_combo,
            *self.officer_fields.values(),
            self.add_button,
            self.series_edit,
            self.limit_spin,
        )
        # Tall enough for every row at its natural height (wrapped explanations made Qt
        # open it at its minimum, squeezing the officer fields, in English especially).
        width = max(self.minimumWidth(), self.sizeHint().width())
        place_window(self, "settings", QSize(width, self.heightForWidth(width)))

    def _explained_box(self, title: str, field: QWidget, explanation: str) -> QGroupBox:
        """A titled box with one field and, under it, a wrapped line saying what it is for."""
        box = QGroupBox(title, self)
        help_label = QLabel(explanation, box)
        help_label.setWordWrap(True)
        layout = QVBoxLayout(box)
        layout.addWidget(field)
        layout.addWidget(help_label)
        return box

    def _load_officers(self, select_id: str | None) -> None:
        self.officer_combo.clear()
        self.officer_combo.addItem(self.tr("（未选择）"), None)
        for officer in officers.list_all(self.store, active_only=True):
            self.officer_combo.addItem(officer_text(officer), officer["id"])
        self.officer_combo.setCurrentIndex(max(0, self.officer_combo.findData(select_id)))

    def manage_officers(self) -> OfficersDialog:
        """The officers dialog (window-modal); the officer list above is read again when it
        closes, keeping the officer chosen."""
        dialog = OfficersDialog(self.store, self)
        dialog.finished.connect(lambda _result: self._load_officers(self.chosen_officer_id()))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def add_officer(self) -> dict[str, Any] | None:
        for edit in self.officer_fields.values():
            mark_invalid(edit, False)
        self.officer_error.clear_message()
        data = {key: edit.text() for key, edit in self.officer_fields.items()}
        try:
            officer = officers.add(self.store, data)
        except ValidationError as exc:
            show_error_at(self.officer_error, str(exc), self.officer_fields.get(exc.field))
            return None
        except EnvHelpError as exc:
            self.officer_error.show_message(str(exc))
            return None
        for edit in self.officer_fields.values():
            edit.clear()
        # A colleague added here is not who is using the app: the choice above stays.
        self._load_officers(self.chosen_officer_id())
        self.added_label.setText(
            self.tr("已添加 {name}。当前执法人员仍为上方所选，如需更换请在上方选择。").format(
                name=officer["name"]
            )
        )
        return officer

    def chosen_officer_id(self) -> str | None:
        return self.officer_combo.currentData()

    def chosen_language(self) -> str:
        return self.language_combo.currentData()

    def accept(self) -> None:
        officer_id = self.chosen_officer_id()
        current = officers.current(self.store)
        mark_invalid(self.series_edit, False)
        new_officer = officer_id and (current is None or current["id"] != officer_id)
        series = self.series_edit.text()
        # Locked over a read-only database; then nothing here may write.
        new_series = self.series_edit.isEnabled() and series != record_numbers.record_series(
            self.store
        )
        limit = self.limit_spin.value() or None
        new_limit = self.limit_spin.isEnabled() and limit != measures.storage_limit(self.store)
        try:
            with self.store.transaction():  # all of them, or none
                self.bureau_form.save()
                self.rules_form.save()
                if new_officer or new_series or new_limit:
                    if new_officer:
                        officers.set_current(self.store, officer_id)
                    if new_series:
                        record_numbers.set_record_series(self.store, series)
                    if new_limit:
                        measures.set_storage_limit(self.store, limit)
        except ValidationError as exc:
            for tab, form in ((1, self.bureau_form), (2, self.rules_form)):
                if exc.field in form.fields:
                    self.tabs.setCurrentIndex(tab)  # the form shows the message beside the field
                    return
            self.error.show_message(str(exc))
            if exc.field == settings.RECORD_SERIES:
                mark_invalid(self.series_edit, True)
                self.series_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        except EnvHelpError as exc:
            self.error.show_message(str(exc))
            return
        super().accept()
