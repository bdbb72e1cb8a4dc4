"""The visit's own fields: enterprise, type, date and time, officers, and what was done.

The form only gathers values and reports each change (``changed``); the editor
window saves them through :mod:`envhelp.domain.visits`. Every field has a red
message line under it for a ValidationError about that field.
"""

from __future__ import annotations

from typing import Any

from envhelp import i18n
from envhelp.domain import enterprises, inspection_rules, officers, visits, vocab
from envhelp.gui.qt import (
    QComboBox,
    QCompleter,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QStringListModel,
    Qt,
    QTime,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
    Signal,
)
from envhelp.gui.visit_editor.common import field_label, iso, qdate
from envhelp.gui.widgets import ErrorLabel, mark_invalid, set_view_only
from envhelp.storage import Store

PICKER_LIMIT = 20  # enough to choose from; typing more narrows it
CODE_ROLE = Qt.ItemDataRole.UserRole


def enterprise_text(row: dict[str, Any]) -> str:
    """How an enterprise appears in the picker (name, then credit code and town)."""
    extra = " ".join(x for x in (row.get("uscc") or "", row.get("town") or "") if x)
    return f"{row['name']}（{extra}）" if extra else row["name"]


class EnterprisePicker(QLineEdit):
    """Type part of a name, the credit code or pinyin initials; pick from the list.

    The list is one page of ``enterprises.list_page(search=...)``, so the picker
    works the same with ten or ten thousand enterprises. Enter takes the first
    match when the popup is not used.
    """

    chosen = Signal(str)

    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self.store = store
        self.enterprise_id: str | None = None
        self._choices: dict[str, str] = {}
        self._model = QStringListModel(self)
        self.completer_ = QCompleter(self._model, self)
        # The SQL search already filtered (pinyin initials do not prefix-match names).
        self.completer_.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer_.setMaxVisibleItems(12)
        self.setCompleter(self.completer_)
        self.completer_.activated.connect(self._activated)
        self.textEdited.connect(self._search)
        self.returnPressed.connect(self._take_first)
        self.setPlaceholderText(self.tr("输入企业名称、统一社会信用代码或拼音首字母，如 qdjr"))
        self.setClearButtonEnabled(True)

    def _search(self, text: str) -> None:
        self.enterprise_id = None
        words = text.split("（")[0].strip()
        rows = enterprises.list_page(self.store, search=words or None, limit=PICKER_LIMIT)
        self._choices = {enterprise_text(r): r["id"] for r in rows}
        self._model.setStringList(list(self._choices))
        if rows and words:
            self.completer_.complete()

    def _activated(self, text: str) -> None:
        enterprise_id = self._choices.get(text)
        if enterprise_id:
            self.set_enterprise(enterprise_id)
            self.chosen.emit(enterprise_id)

    def _take_first(self) -> None:
        if self.enterprise_id is None and self._choices:
            popup = self.completer_.popup()
            current = popup.currentIndex() if popup.isVisible() else None
            text = current.data() if current is not None and current.isValid() else None
            self._activated(text or next(iter(self._choices)))
            popup.hide()

    def set_enterprise(self, enterprise_id: str | None) -> None:
        self.enterprise_id = enterprise_id
        if enterprise_id:
            self.setText(enterprise_text(enterprises.get(self.store, enterprise_id)))
        else:
            self.clear()


class CheckList(QListWidget):
    """A list of checkable entries with codes (officers, laws); Space ticks one."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("checkList")

    def add(self, code: str, text: str, tooltip: str = "") -> None:
        item = QListWidgetItem(text, self)
        item.setData(CODE_ROLE, code)
        item.setToolTip(tooltip or text)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)

    def checked(self) -> list[str]:
        return [
            self.item(i).data(CODE_ROLE)
            for i in range(self.count())
            if self.item(i).checkState() == Qt.CheckState.Checked
        ]

    def codes(self) -> list[str]:
        return [self.item(i).data(CODE_ROLE) for i in range(self.count())]

    def set_checked(self, codes: list[str]) -> None:
        for i in range(self.count()):
            item = self.item(i)
            on = item.data(CODE_ROLE) in codes
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)


class VisitForm(QWidget):
    """The visit header. ``changed`` fires on every edit with the field key."""

    changed = Signal(str)
    enterprise_chosen = Signal(str)
    type_changed = Signal(str)

    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self.store = store
        self.setObjectName("visitForm")
        self._loading = False
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, ErrorLabel] = {}
        self._build()

    # -- layout -------------------------------------------------------------

    def _build(self) -> None:
        self.enterprise = EnterprisePicker(self.store, self)
        self.enterprise.setObjectName("enterprise_id")
        self.enterprise.chosen.connect(self._enterprise_chosen)

        self.type = QComboBox(self)
        self.type.setObjectName("type")
        for code in vocab.VISIT_TYPES:
            self.type.addItem(vocab.label(vocab.VISIT_TYPES, code), code)
        self.type.currentIndexChanged.connect(self._type_changed)

        self._build_why()

        self.date = QDateEdit(self)
        self.date.setObjectName("date")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setDate(qdate(None))
        self.date.setToolTip(self.tr("日期（Alt+↓ 打开日历）"))
        self.date.dateChanged.connect(lambda _: self._changed("date"))
        self.time = QTimeEdit(self)
        self.time.setObjectName("time")
        self.time.setDisplayFormat("HH:mm")
        now = QTime.currentTime()
        self.time.setTime(QTime(now.hour(), now.minute() - now.minute() % 5))
        self.time.timeChanged.connect(lambda _: self._changed("time"))
        # The 笔录 records the inspection from … to …; the end is set when it ends.
        self.end_time = QLineEdit(self)
        self.end_time.setObjectName("end_time")
        self.end_time.setPlaceholderText(self.tr("结束 HH:MM"))
        self.end_time.setToolTip(self.tr("检查结束时间（笔录写明起止时间）"))
        self.end_time.setMaximumWidth(110)
        self.end_time.textEdited.connect(lambda _: self._changed("end_time"))
        when = QWidget(self)
        when_row = QHBoxLayout(when)
        when_row.setContentsMargins(0, 0, 0, 0)
        when_row.addWidget(self.date)
        when_row.addWidget(self.time)
        when_row.addWidget(QLabel(self.tr("至"), self))
        when_row.addWidget(self.end_time)
        when_row.addStretch(1)

        self.place = QLineEdit(self)
        self.place.setObjectName("place")
        self.place.setPlaceholderText(self.tr("留空即企业地址；可写到车间、贮存库"))
        self.place.textEdited.connect(lambda _: self._changed("place"))

        self.officers = CheckList(self)
        self.officers.setObjectName("officer_ids")
        self.officers.setToolTip(self.tr("空格键勾选；现场检查须两名以上执法人员"))
        for row in officers.list_all(self.store, active_only=True):
            detail = " ".join(x for x in (row["cert_no"], row["unit"]) if x)
            self.officers.add(row["id"], f"{row['name']}  {detail}".strip())
        self.officers.setMaximumHeight(96)
        self.officers.itemChanged.connect(lambda _: self._changed("officer_ids"))

        self.representative = QLineEdit(self)
        self.representative.setObjectName("representative")
        self.representative.setPlaceholderText(self.tr("姓名"))
        self.representative.textEdited.connect(lambda _: self._changed("representative"))
        self.representative_post = QLineEdit(self)
        self.representative_post.setObjectName("representative_post")
        self.representative_post.setPlaceholderText(self.tr("职务"))
        self.representative_post.textEdited.connect(lambda _: self._changed("representative_post"))
        self.representative_phone = QLineEdit(self)
        self.representative_phone.setObjectName("representative_phone")
        self.representative_phone.setPlaceholderText(self.tr("联系电话"))
        self.representative_phone.textEdited.connect(
            lambda _: self._changed("representative_phone")
        )
        person = QWidget(self)
        person_row = QHBoxLayout(person)
        person_row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.representative, self.representative_post, self.representative_phone):
            person_row.addWidget(widget)

        self.recorder = QComboBox(self)
        self.recorder.setObjectName("recorder_id")
        self.recorder.addItem(self.tr("（未指定，笔录上手写）"), None)
        for row in officers.list_all(self.store, active_only=True):
            self.recorder.addItem(row["name"], row["id"])
        self.recorder.currentIndexChanged.connect(lambda _: self._changed("recorder_id"))
        self.witness = QLineEdit(self)
        self.witness.setObjectName("witness")
        self.witness.setPlaceholderText(self.tr("见证人姓名（当事人拒签等情形，可空）"))
        self.witness.textEdited.connect(lambda _: self._changed("witness"))
        self.party_answer = QLineEdit(self)
        self.party_answer.setObjectName("party_answer")
        self.party_answer.setPlaceholderText(
            self.tr("如：听清楚了，不申请回避。（留空则在笔录上手写）")
        )
        self.party_answer.setToolTip(
            self.tr(
                "检查开始时已出示执法证件，告知申请回避的权利和如实回答、配合检查的义务；记下当事人的答复"
            )
        )
        self.party_answer.textEdited.connect(lambda _: self._changed("party_answer"))

        self.guidance = QPlainTextEdit(self)
        self.guidance.setObjectName("guidance")
        self.guidance.setTabChangesFocus(True)
        self.guidance.setFixedHeight(70)
        self.guidance.textChanged.connect(lambda: self._changed("guidance"))

        self.laws = CheckList(self)
        self.laws.setObjectName("laws")
        for law in vocab.laws():
            self.laws.add(law["code"], i18n.pick(law["zh"], law["en"]), f"{law['zh']}\n{law['en']}")
        self.laws.setMaximumHeight(110)
        self.laws.itemChanged.connect(lambda _: self._changed("laws"))
        self.other_laws = QLineEdit(self)
        self.other_laws.setObjectName("other_laws")
        self.other_laws.setPlaceholderText(self.tr("其他法律法规或标准，多项用；分隔"))
        self.other_laws.textEdited.connect(lambda _: self._changed("laws"))
        laws_box = QWidget(self)
        laws_col = QVBoxLayout(laws_box)
        laws_col.setContentsMargins(0, 0, 0, 0)
        laws_col.addWidget(self.laws)
        laws_col.addWidget(self.other_laws)

        self.satisfaction = QComboBox(self)
        self.satisfaction.setObjectName("satisfaction")
        for code in vocab.SATISFACTION:
            self.satisfaction.addItem(vocab.label(vocab.SATISFACTION, code), code)
        self.satisfaction.currentIndexChanged.connect(lambda _: self._changed("satisfaction"))

        self.materials = QSpinBox(self)
        self.materials.setObjectName("materials")
        self.materials.setRange(0, visits.MAX_MATERIALS)
        self.materials.setMaximumWidth(140)
        self.materials.valueChanged.connect(lambda _: self._changed("materials"))

        self.notes = QPlainTextEdit(self)
        self.notes.setObjectName("notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(52)
        self.notes.textChanged.connect(lambda: self._changed("notes"))

        self.fields = {
            "enterprise_id": self.enterprise,
            "type": self.type,
            "date": self.date,
            "time": self.time,
            "end_time": self.end_time,
            "place": self.place,
            "officer_ids": self.officers,
            "representative": self.representative,
            "representative_post": self.representative_post,
            "representative_phone": self.representative_phone,
            "recorder_id": self.recorder,
            "witness": self.witness,
            "party_answer": self.party_answer,
            "guidance": self.guidance,
            "laws": self.laws,
            "satisfaction": self.satisfaction,
            "materials": self.materials,
            "notes": self.notes,
            "task_source": self.task_source,
            "inspection_kind": self.inspection_kind,
            "cap_reason": self.cap_reason,
        }
        rows = (
            (visits.F_ENTERPRISE, "enterprise_id", self.enterprise, True),
            (visits.F_TYPE, "type", self.type, True),
            (visits.F_TASK_SOURCE, "task_source", self.why, False),
            (inspection_rules.F_CAP_REASON, "cap_reason", self.cap_reason, False),
            (visits.F_DATE, "date", when, True),
            (visits.F_PLACE, "place", self.place, False),
            (visits.F_OFFICERS, "officer_ids", self.officers, True),
            (visits.F_RECORDER, "recorder_id", self.recorder, False),
            (visits.F_REPRESENTATIVE, "representative", person, False),
            (visits.F_PARTY_ANSWER, "party_answer", self.party_answer, False),
            (visits.F_WITNESS, "witness", self.witness, False),
            (visits.F_GUIDANCE, "guidance", self.guidance, False),
            (visits.F_LAWS, "laws", laws_box, False),
            (visits.F_SATISFACTION, "satisfaction", self.satisfaction, False),
            (visits.F_MATERIALS, "materials", self.materials, False),
            (visits.F_NOTES, "notes", self.notes, False),
        )
        outer = QVBoxLayout(self)
        form = QFormLayout()
        outer.addLayout(form)
        outer.addStretch(1)  # extra height goes below the form, not between its rows
        self.setMaximumWidth(1000)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        for field, key, widget, required in rows:
            label = field_label(field) + (" *" if required else "")
            if key == "date":
                label = field_label(visits.F_DATE) + " / " + field_label(visits.F_TIME) + " *"
            holder = QWidget(self)
            column = QVBoxLayout(holder)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(widget)
            error = ErrorLabel(holder)
            error.setObjectName(f"error_{key}")
            column.addWidget(error)
            self.errors[key] = error
            if key == "date":
                self.errors["time"] = self.errors["end_time"] = error
            if key == "representative":  # one message line for name, post and phone
                self.errors["representative_post"] = self.errors["representative_phone"] = error
            if key == "task_source":
                self.errors["inspection_kind"] = error
            form.addRow(QLabel(label, self), holder)
        self.setTabOrder(self.enterprise, self.type)
        for first, second in (
            (self.type, self.task_source),
            (self.task_source, self.inspection_kind),
            (self.inspection_kind, self.cap_reason),
            (self.cap_reason, self.date),
            (self.date, self.time),
            (self.time, self.end_time),
            (self.end_time, self.place),
            (self.place, self.officers),
            (self.officers, self.recorder),
            (self.recorder, self.representative),
            (self.representative, self.representative_post),
            (self.representative_post, self.representative_phone),
            (self.representative_phone, self.party_answer),
            (self.party_answer, self.witness),
            (self.witness, self.guidance),
            (self.guidance, self.laws),
            (self.laws, self.other_laws),
            (self.other_laws, self.satisfaction),
            (self.satisfaction, self.materials),
            (self.materials, self.notes),
        ):
            self.setTabOrder(first, second)

    def _build_why(self) -> None:
        """Task source and inspection kind (2025 inspection rules), and the reason asked
        for when an inspection goes over the yearly cap (docs/inspection-rules.md)."""
        self.task_source = QComboBox(self)
        self.task_source.setObjectName("task_source")
        for code in vocab.TASK_SOURCES:
            self.task_source.addItem(vocab.label(vocab.TASK_SOURCES, code), code)
        self.task_source.setCurrentIndex(self.task_source.findData("routine"))
        self.task_source.currentIndexChanged.connect(lambda _: self._changed("task_source"))
        self.inspection_kind = QComboBox(self)
        self.inspection_kind.setObjectName("inspection_kind")
        for code in vocab.INSPECTION_KINDS:
            self.inspection_kind.addItem(vocab.label(vocab.INSPECTION_KINDS, code), code)
        self.inspection_kind.setToolTip(field_label(visits.F_INSPECTION_KIND))
        self.inspection_kind.currentIndexChanged.connect(lambda _: self._changed("inspection_kind"))
        self.why = QWidget(self)
        row = QHBoxLayout(self.why)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.task_source, 2)
        row.addWidget(QLabel(field_label(visits.F_INSPECTION_KIND), self.why))
        row.addWidget(self.inspection_kind, 1)
        self.cap_reason = QLineEdit(self)
        self.cap_reason.setObjectName("cap_reason")
        self.cap_reason.setPlaceholderText(
            self.tr("仅当本次现场检查超出本省年度检查次数上限时填写")
        )
        self.cap_reason.textEdited.connect(lambda _: self._changed("cap_reason"))

    # -- events -------------------------------------------------------------

    def _changed(self, key: str) -> None:
        if not self._loading:
            self.clear_error(key)
            self.changed.emit(key)

    def _enterprise_chosen(self, enterprise_id: str) -> None:
        self.clear_error("enterprise_id")
        self.enterprise_chosen.emit(enterprise_id)
        self._changed("enterprise_id")

    def _type_changed(self) -> None:
        self.type_changed.emit(self.type.currentData())
        self._changed("type")

    # -- values -------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        other = [
            part.strip()
            for part in self.other_laws.text().replace("；", ";").split(";")
            if part.strip()
        ]
        return {
            "enterprise_id": self.enterprise.enterprise_id,
            "type": self.type.currentData(),
            "date": iso(self.date.date()),
            "time": self.time.time().toString("HH:mm"),
            "end_time": self.end_time.text(),
            "place": self.place.text(),
            "officer_ids": self.officers.checked(),
            "recorder_id": self.recorder.currentData(),
            "representative": self.representative.text(),
            "representative_post": self.representative_post.text(),
            "representative_phone": self.representative_phone.text(),
            "party_answer": self.party_answer.text(),
            "witness": self.witness.text(),
            "guidance": self.guidance.toPlainText(),
            "laws": self.laws.checked() + other,
            "satisfaction": self.satisfaction.currentData(),
            "materials": self.materials.value(),
            "notes": self.notes.toPlainText(),
            "task_source": self.task_source.currentData(),
            "inspection_kind": self.inspection_kind.currentData(),
            "cap_reason": self.cap_reason.text(),
        }

    def set_values(self, visit: dict[str, Any]) -> None:
        self._loading = True
        try:
            self.enterprise.set_enterprise(visit.get("enterprise_id"))
            self.type.setCurrentIndex(max(0, self.type.findData(visit.get("type"))))
            self.date.setDate(qdate(visit.get("date")))
            if visit.get("time"):
                self.time.setTime(QTime.fromString(visit["time"], "HH:mm"))
            self.end_time.setText(visit.get("end_time") or "")
            self.place.setText(visit.get("place") or "")
            self.set_officers(visit.get("officer_ids") or [])
            self._set_recorder(visit.get("recorder_id"))
            self.representative.setText(visit.get("representative") or "")
            for key in ("representative_post", "representative_phone", "party_answer", "witness"):
                self.fields[key].setText(visit.get(key) or "")
            self.guidance.setPlainText(visit.get("guidance") or "")
            known = set(self.laws.codes())
            laws = visit.get("laws") or []
            self.laws.set_checked([x for x in laws if x in known])
            self.other_laws.setText("；".join(x for x in laws if x not in known))
            index = self.satisfaction.findData(visit.get("satisfaction") or "")
            self.satisfaction.setCurrentIndex(max(0, index))
            self.materials.setValue(int(visit.get("materials") or 0))
            self.notes.setPlainText(visit.get("notes") or "")
            for box in (self.task_source, self.inspection_kind):
                box.setCurrentIndex(max(0, box.findData(visit.get(box.objectName()) or "routine")))
            self.cap_reason.setText(visit.get("cap_reason") or "")
        finally:
            self._loading = False

    def _set_recorder(self, officer_id: str | None) -> None:
        if officer_id and self.recorder.findData(officer_id) < 0:  # an inactive officer
            self.recorder.addItem(self.store.get("officers", officer_id)["name"], officer_id)
        self.recorder.setCurrentIndex(max(0, self.recorder.findData(officer_id)))

    def set_officers(self, officer_ids: list[str]) -> None:
        known = set(self.officers.codes())
        for officer_id in officer_ids:
            if officer_id not in known:  # an inactive officer still named on an old visit
                row = self.store.get("officers", officer_id)
                self.officers.add(officer_id, row["name"])
        self.officers.set_checked(officer_ids)

    # -- errors and state ---------------------------------------------------

    def show_error(self, key: str, message: str) -> None:
        label = self.errors.get(key)
        widget = self.fields.get(key)
        if label is None:
            return
        label.show_message(message)
        mark_invalid(widget, True)

    def clear_error(self, key: str) -> None:
        if key in self.errors:
            self.errors[key].clear_message()
            mark_invalid(self.fields.get(key), False)

    def set_read_only(self, read_only: bool) -> None:
        for widget in (
            self.enterprise,
            self.representative,
            self.other_laws,
            self.end_time,
            self.place,
            self.representative_post,
            self.representative_phone,
            self.party_answer,
            self.witness,
            self.guidance,
            self.notes,
            self.cap_reason,
        ):
            set_view_only(widget, read_only)
        for widget in (
            self.type,
            self.date,
            self.time,
            self.satisfaction,
            self.materials,
            self.recorder,
            self.task_source,
            self.inspection_kind,
        ):
            widget.setEnabled(not read_only)
        for widget in (self.officers, self.laws):
            for i in range(widget.count()):
                item = widget.item(i)
                flags = item.flags()
                if read_only:
                    flags &= ~Qt.ItemFlag.ItemIsUserCheckable
                else:
                    flags |= Qt.ItemFlag.ItemIsUserCheckable
                item.setFlags(flags)
