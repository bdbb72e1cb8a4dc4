"""The small forms behind the problem dialog's action buttons.

One dialog per ledger action — record a rectification plan, close out (销号),
extend the deadline, cancel, reopen. Each only collects input and calls the
core (:mod:`envhelp.domain.ledger`), which enforces every rule. A
ValidationError is shown in red right under the field it names (that field
gets the focus and a red outline); a StateError or any other refusal is shown
under the form. The dialog stays open with what was typed.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from envhelp import i18n
from envhelp.domain import ledger, officers, visits, vocab, workdays
from envhelp.domain.fields import Field
from envhelp.errors import EnvHelpError, ValidationError
from envhelp.gui.dialogs.files import PHOTO_DIR_KEY, ask_open_files
from envhelp.gui.qt import (
    QComboBox,
    QDate,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    Qt,
    QVBoxLayout,
    QWidget,
)
from envhelp.gui.widgets import ErrorLabel, lock_if_read_only, mark_invalid
from envhelp.storage import Store


def field_label(field: Field, required: bool = False) -> str:
    return i18n.pick(field.zh, field.en) + (" *" if required else "")


def date_edit(parent: QWidget, value: date | str | None, name: str) -> QDateEdit:
    edit = QDateEdit(parent)
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    iso = value.isoformat() if isinstance(value, date) else (value or date.today().isoformat())
    edit.setDate(QDate.fromString(iso, "yyyy-MM-dd"))
    return edit


def iso_of(edit: QDateEdit) -> str:
    return edit.date().toString("yyyy-MM-dd")


def text_box(parent: QWidget, name: str, height: int = 70) -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setObjectName(name)
    box.setTabChangesFocus(True)
    box.setFixedHeight(height)
    return box


class ActionDialog(QDialog):
    """Base: a form whose rows each carry their own (hidden) error line.

    Subclasses add rows with :meth:`add_field` in ``build()`` and call the core in
    ``submit()``; :attr:`updated` keeps the updated problem after OK.
    """

    action = ""

    def __init__(self, store: Store, problem: dict[str, Any], parent=None, *, today=None):
        super().__init__(parent)
        self.store = store
        self.problem = problem
        self.today: date = today or date.today()
        self.updated: dict[str, Any] | None = None
        self.fields: dict[str, QWidget] = {}
        self.field_errors: dict[str, ErrorLabel] = {}
        self.setObjectName(f"{self.action}Dialog")
        self.setWindowTitle(vocab.label(ledger.ACTIONS, self.action))
        self.setMinimumWidth(520)
        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        heading = QLabel(
            self.tr("{enterprise}：{description}").format(
                enterprise=problem.get("enterprise_name", ""), description=problem["description"]
            ),
            self,
        )
        heading.setWordWrap(True)
        heading.setObjectName("actionHeading")
        self.error = ErrorLabel(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lock_if_read_only(store, self.buttons.button(QDialogButtonBox.StandardButton.Ok))
        self.build()
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def add_field(self, key: str, label: str, widget: QWidget, extra: QWidget | None = None):
        """A form row: the widget (plus ``extra`` below it) and its own error line."""
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        if extra is not None:
            column.addWidget(extra)
        error = ErrorLabel(box)
        error.setObjectName(f"{key}Error")
        column.addWidget(error)
        self.fields[key] = widget
        self.field_errors[key] = error
        self.form.addRow(label, box)

    def build(self) -> None:
        raise NotImplementedError

    def field_widget(self, key: str) -> QWidget | None:
        """The input to outline and focus for an error on ``key``."""
        return self.fields.get(key)

    def submit(self) -> dict[str, Any]:
        raise NotImplementedError

    def clear_errors(self) -> None:
        self.error.clear_message()
        for key, label in self.field_errors.items():
            label.clear_message()
            mark_invalid(self.field_widget(key), False)

    def accept(self) -> None:
        self.clear_errors()
        try:
            self.updated = self.submit()
        except ValidationError as exc:
            self.show_validation_error(exc)
            return
        except EnvHelpError as exc:  # StateError, a locked database…: say so, keep the form
            self.error.show_message(str(exc))
            return
        super().accept()

    def show_validation_error(self, exc: ValidationError) -> None:
        widget = self.field_widget(exc.field)
        if widget is None:
            self.error.show_message(str(exc))
            return
        self.field_errors[exc.field].show_message(str(exc))
        mark_invalid(widget, True)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        if isinstance(widget, QLineEdit):
            widget.selectAll()


class RectifyingDialog(ActionDialog):
    """open → rectifying: the enterprise's plan and promised completion date."""

    action = "rectifying"

    def build(self) -> None:
        self.plan = text_box(self, "plan", 90)
        self.promised_on = date_edit(
            self, self.problem.get("deadline") or self.today, "promised_on"
        )
        self.add_field("plan", field_label(ledger.F_PLAN, True), self.plan)
        self.add_field("promised_on", field_label(ledger.F_PROMISED_ON, True), self.promised_on)
        self.plan.setFocus()

    def submit(self) -> dict[str, Any]:
        return ledger.mark_rectifying(
            self.store,
            self.problem["id"],
            plan=self.plan.toPlainText(),
            promised_on=iso_of(self.promised_on),
        )


class CloseDialog(ActionDialog):
    """Close-out (销号): verification date, officer, method, note, visit, photos."""

    action = "close"

    def build(self) -> None:
        self.verified_on = date_edit(self, self.today, "verified_on")
        self.verified_on.setMaximumDate(QDate.fromString(self.today.isoformat(), "yyyy-MM-dd"))

        self.officer = QComboBox(self)
        self.officer.setObjectName("officer_id")
        self.officer.addItem(self.tr("（请选择）"), "")
        for row in officers.list_all(self.store, active_only=True):
            self.officer.addItem(row["name"], row["id"])
        current = officers.current(self.store)
        if current:
            self.officer.setCurrentIndex(max(0, self.officer.findData(current["id"])))

        self.method = QComboBox(self)
        self.method.setObjectName("method")
        self.method.addItem(self.tr("（请选择）"), "")
        for code, pair in ledger.CLOSE_METHODS.items():
            if code == "on_site" and self.problem["handling"] != "on_the_spot":
                continue  # the core refuses it for other problems; do not offer it
            self.method.addItem(i18n.pick(*pair), code)
        self.method.currentIndexChanged.connect(self._method_changed)

        self.visit = QComboBox(self)
        self.visit.setObjectName("visit_id")
        self.visit.addItem(self.tr("（不关联走访）"), "")
        for row in visits.list_page(
            self.store, enterprise_id=self.problem["enterprise_id"], limit=100
        ):
            if row["date"] < self.problem["found_on"]:
                continue  # a visit before the problem was found cannot have verified it
            status = vocab.label(vocab.VISIT_STATUSES, row["status"])
            self.visit.addItem(
                f"{row['date']}  {visits.type_label(row['type'])}  "
                f"{row.get('record_no') or status}",
                row["id"],
            )
        self.visit_hint = QLabel(self.tr("以回头看方式销号时，须选择本企业的复核走访。"), self)
        self.visit_hint.setStyleSheet("color: #555;")

        self.note = text_box(self, "note")
        self.photos = QListWidget(self)
        self.photos.setObjectName("photos")
        self.photos.setFixedHeight(64)
        add_photo = QPushButton(self.tr("添加照片…"), self)
        add_photo.setObjectName("addPhotos")
        add_photo.clicked.connect(self.choose_photos)
        remove_photo = QPushButton(self.tr("移除"), self)
        remove_photo.clicked.connect(lambda: self.photos.takeItem(self.photos.currentRow()))
        photo_buttons = QWidget(self)
        row = QHBoxLayout(photo_buttons)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(add_photo)
        row.addWidget(remove_photo)
        row.addStretch(1)

        self.add_field("verified_on", field_label(ledger.F_VERIFIED_ON, True), self.verified_on)
        self.add_field("officer_id", field_label(ledger.F_OFFICER, True), self.officer)
        self.add_field("method", field_label(ledger.F_METHOD, True), self.method)
        self.add_field("visit_id", field_label(ledger.F_VISIT), self.visit, self.visit_hint)
        self.add_field("note", field_label(ledger.F_NOTE, True), self.note)
        self.add_field("photos", field_label(ledger.F_PHOTOS), self.photos, photo_buttons)
        self._method_changed()
        self.verified_on.setFocus()

    def _method_changed(self) -> None:
        follow_up = self.method.currentData() in ("follow_up_visit", "on_site")
        self.visit.setEnabled(follow_up)
        self.visit_hint.setVisible(follow_up)
        if not follow_up:
            self.visit.setCurrentIndex(0)

    def choose_photos(self) -> None:
        paths = ask_open_files(
            self,
            self.tr("选择佐证照片"),
            PHOTO_DIR_KEY,
            self.tr("图片 (*.jpg *.jpeg *.png *.bmp *.gif *.webp);;所有文件 (*)"),
        )
        self.add_photos([str(p) for p in paths])

    def add_photos(self, paths: list[str]) -> None:
        present = {self.photos.item(i).text() for i in range(self.photos.count())}
        for path in paths:
            if path not in present:
                self.photos.addItem(path)

    def photo_paths(self) -> list[Path]:
        return [Path(self.photos.item(i).text()) for i in range(self.photos.count())]

    def submit(self) -> dict[str, Any]:
        return ledger.close(
            self.store,
            self.problem["id"],
            verified_on=iso_of(self.verified_on),
            officer_id=self.officer.currentData() or None,
            method=self.method.currentData() or None,
            note=self.note.toPlainText(),
            visit_id=self.visit.currentData() or None,
            photos=self.photo_paths(),
            today=self.today,
        )


class ExtendDialog(ActionDialog):
    """A new deadline: a date, or N calendar / working days after the current deadline."""

    action = "extend"

    def build(self) -> None:
        self.base = date.fromisoformat(self.problem.get("deadline") or self.today.isoformat())
        self.by_date = QRadioButton(self.tr("指定新日期"), self)
        self.by_date.setObjectName("byDate")
        self.by_days = QRadioButton(self.tr("顺延天数"), self)
        self.by_days.setObjectName("byDays")
        self.by_days.setChecked(True)
        self.new_date = date_edit(self, self.base, "newDate")
        self.days = QSpinBox(self)
        self.days.setObjectName("days")
        self.days.setRange(1, workdays.MAX_DAYS)
        self.days.setValue(15)
        self.day_kind = QComboBox(self)
        self.day_kind.setObjectName("dayKind")
        self.day_kind.addItem(self.tr("个工作日"), True)
        self.day_kind.addItem(self.tr("个自然日"), False)

        choice = QWidget(self)
        grid = QVBoxLayout(choice)
        grid.setContentsMargins(0, 0, 0, 0)
        days_row = QHBoxLayout()
        days_row.addWidget(self.by_days)
        days_row.addWidget(self.days)
        days_row.addWidget(self.day_kind)
        days_row.addWidget(
            QLabel(self.tr("（自原期限 {day} 起算）").format(day=self.base.isoformat()), self)
        )
        days_row.addStretch(1)
        date_row = QHBoxLayout()
        date_row.addWidget(self.by_date)
        date_row.addWidget(self.new_date)
        date_row.addStretch(1)
        grid.addLayout(days_row)
        grid.addLayout(date_row)

        self.computed = QLabel(self)
        self.computed.setObjectName("computedDeadline")
        font = self.computed.font()
        font.setBold(True)
        self.computed.setFont(font)
        self.warning = QLabel(self)
        self.warning.setObjectName("calendarWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #9a5b00;")
        self.warning.hide()
        result = QWidget(self)
        result_column = QVBoxLayout(result)
        result_column.setContentsMargins(0, 0, 0, 0)
        result_column.addWidget(self.computed)
        result_column.addWidget(self.warning)

        self.reason = text_box(self, "reason")
        self.add_field("new_deadline", field_label(ledger.F_NEW_DEADLINE, True), choice, result)
        self.add_field("reason", field_label(ledger.F_REASON, True), self.reason)
        for signal in (
            self.by_date.toggled,
            self.days.valueChanged,
            self.day_kind.currentIndexChanged,
            self.new_date.dateChanged,
        ):
            signal.connect(self.update_computed)
        self.update_computed()
        self.days.setFocus()

    def field_widget(self, key: str) -> QWidget | None:
        if key == "new_deadline":  # the row holds two inputs: blame the one in use
            return self.new_date if self.by_date.isChecked() else self.days
        return super().field_widget(key)

    def new_deadline(self) -> workdays.Deadline | str:
        """The chosen date: a computed :class:`Deadline`, or the typed ISO date."""
        if self.by_date.isChecked():
            return iso_of(self.new_date)
        return workdays.add_days(self.base, self.days.value(), working=self.day_kind.currentData())

    def update_computed(self) -> None:
        self.new_date.setEnabled(self.by_date.isChecked())
        self.days.setEnabled(self.by_days.isChecked())
        self.day_kind.setEnabled(self.by_days.isChecked())
        chosen = self.new_deadline()
        warning = None
        if isinstance(chosen, workdays.Deadline):
            warning = chosen.warning
            chosen = chosen.iso
        self.computed.setText(self.tr("新整改期限：{day}").format(day=chosen))
        self.warning.setText(warning or "")
        self.warning.setVisible(bool(warning))

    def submit(self) -> dict[str, Any]:
        chosen = self.new_deadline()
        iso = chosen.iso if isinstance(chosen, workdays.Deadline) else chosen
        return ledger.extend_deadline(
            self.store, self.problem["id"], iso, self.reason.toPlainText()
        )


class ReasonDialog(ActionDialog):
    """Cancel (recorded in error) or reopen: only a reason is asked."""

    def __init__(self, store, problem, action: str, parent=None, *, today=None):
        self.action = action
        super().__init__(store, problem, parent, today=today)

    def build(self) -> None:
        self.reason = text_box(self, "reason", 90)
        self.add_field("reason", field_label(ledger.F_REASON, True), self.reason)
        if self.action == "cancel":
            hint = QLabel(self.tr("撤销仅用于登记错误的问题；撤销后不计入统计。"), self)
        else:
            hint = QLabel(self.tr("重新打开后，原销号或撤销信息将清除（历史记录中仍保留）。"), self)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        self.form.addRow("", hint)
        self.reason.setFocus()

    def submit(self) -> dict[str, Any]:
        call = ledger.cancel if self.action == "cancel" else ledger.reopen
        return call(self.store, self.problem["id"], self.reason.toPlainText())


def action_dialog(
    action: str, store: Store, problem: dict[str, Any], parent=None, *, today=None
) -> ActionDialog:
    """The dialog for one of :data:`envhelp.domain.ledger.ACTIONS`."""
    if action == "rectifying":
        return RectifyingDialog(store, problem, parent, today=today)
    if action == "close":
        return CloseDialog(store, problem, parent, today=today)
    if action == "extend":
        return ExtendDialog(store, problem, parent, today=today)
    if action in ("cancel", "reopen"):
        return ReasonDialog(store, problem, action, parent, today=today)
    raise ValueError(f"unknown ledger action {action!r}")
