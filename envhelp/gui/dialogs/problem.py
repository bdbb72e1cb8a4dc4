"""One problem of the ledger: what it is, its full history, and what can be done with it.

The action buttons are exactly :func:`envhelp.domain.ledger.allowed_actions` of
the problem's state; each opens its form from :mod:`.problem_actions`. The
description fields of an open problem can be corrected here
(:func:`envhelp.domain.problems.update_details`); the deadline changes only by
an extension, so its history is kept. After any change the dialog re-reads the
problem and emits :attr:`ProblemDialog.changed` so the ledger list refreshes.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from envhelp import i18n
from envhelp.domain import (
    attachments,
    enterprises,
    ledger,
    ledger_list,
    officers,
    problem_history,
    problems,
    vocab,
)
from envhelp.errors import EnvHelpError, ValidationError
from envhelp.gui.dialogs.problem_actions import ActionDialog, action_dialog, field_label, text_box
from envhelp.gui.geometry import place_window
from envhelp.gui.models import local_time
from envhelp.gui.qt import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSize,
    QSplitter,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
)
from envhelp.gui.widgets import ErrorLabel, lock_if_read_only, mark_invalid, show_error_at
from envhelp.storage import Store

# Description fields corrected here; the deadline moves only by an extension (kept in history).
DETAIL_FIELDS = ("category", "severity", "handling", "description", "requirement", "legal_basis")
STATUS_COLORS = {
    "open": "#a15c00",
    "rectifying": "#1f5fa8",
    "closed": "#2e7d32",
    "cancelled": "#666666",
}
HISTORY_COLUMNS = (
    ("时间", "When"),
    ("人员", "Who"),
    ("事件", "Event"),
    ("原状态", "From"),
    ("新状态", "To"),
    ("原因 / 说明", "Why"),
)


def status_label(code: str | None) -> str:
    return vocab.label(vocab.PROBLEM_STATUSES, code) if code else ""


# Problem fields that hold codes: a conflict shows their labels.
CODED_FIELDS = {
    "category": vocab.PROBLEM_CATEGORIES,
    "severity": vocab.SEVERITIES,
    "handling": vocab.HANDLING,
}


class ProblemDialog(QDialog):
    """Shows one problem and acts on it; ``today`` pins the date in tests."""

    changed = Signal(str)  # the problem's id, after any saved change

    def __init__(self, store: Store, problem_id: str, parent=None, *, today: date | None = None):
        super().__init__(parent)
        self.store = store
        self.problem_id = problem_id
        self.today = today
        self.action_dialog: ActionDialog | None = None
        self.relapse_dialog: ProblemDialog | None = None
        self.action_buttons: dict[str, QPushButton] = {}
        self.setObjectName("problemDialog")
        self._build()
        self.reload()
        place_window(self, "problem", QSize(920, 720))

    # -- layout -------------------------------------------------------------

    def _info_label(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def _build(self) -> None:
        self.heading = QLabel(self)
        self.heading.setObjectName("problemHeading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)

        self.info: dict[str, QLabel] = {}
        left = QFormLayout()
        right = QFormLayout()
        rows = (
            (left, "status", self.tr("状态")),
            (left, "enterprise", field_label(problems.F_ENTERPRISE)),
            (left, "visit", field_label(problems.F_VISIT)),
            (left, "found_on", field_label(problems.F_FOUND_ON)),
            (right, "deadline", field_label(problems.F_DEADLINE)),
            (right, "rectify", self.tr("整改方案")),
            (right, "outcome", self.tr("销号 / 撤销")),
            (right, "photos", field_label(ledger.F_PHOTOS)),
        )
        for form, key, caption in rows:
            self.info[key] = self._info_label(f"info_{key}")
            form.addRow(caption + "：", self.info[key])
        self.relapse_button = QPushButton(self)
        self.relapse_button.setObjectName("relapseLink")
        self.relapse_button.setFlat(True)
        self.relapse_button.setStyleSheet("color: #a61b1b; text-align: left;")
        self.relapse_button.clicked.connect(self.open_relapse_source)
        left.addRow(self.tr("反弹："), self.relapse_button)
        facts = QHBoxLayout()
        facts.addLayout(left, 1)
        facts.addSpacing(20)
        facts.addLayout(right, 1)

        # Editable description (only while open / rectifying).
        self.details = QGroupBox(self.tr("问题内容"), self)
        self.detail_fields: dict[str, QWidget] = {}
        for key, vocabulary in (
            ("category", vocab.PROBLEM_CATEGORIES),
            ("severity", vocab.SEVERITIES),
            ("handling", vocab.HANDLING),
        ):
            combo = QComboBox(self.details)
            combo.setObjectName(key)
            for code in vocabulary:
                combo.addItem(vocab.label(vocabulary, code), code)
            self.detail_fields[key] = combo
        for key, height in (("description", 64), ("requirement", 52), ("legal_basis", 40)):
            self.detail_fields[key] = text_box(self.details, key, height)
        combos = QHBoxLayout()
        for key, fld in (
            ("category", problems.F_CATEGORY),
            ("severity", problems.F_SEVERITY),
            ("handling", problems.F_HANDLING),
        ):
            combos.addWidget(QLabel(field_label(fld) + "：", self.details))
            combos.addWidget(self.detail_fields[key])
            combos.addSpacing(10)
        combos.addStretch(1)
        detail_form = QFormLayout()
        for key, fld in (
            ("description", problems.F_DESCRIPTION),
            ("requirement", problems.F_REQUIREMENT),
            ("legal_basis", problems.F_LEGAL_BASIS),
        ):
            detail_form.addRow(
                field_label(fld, key == "description") + "：", self.detail_fields[key]
            )
        self.details_error = ErrorLabel(self.details)
        self.details_error.setObjectName("detailsError")
        self.save_details_button = QPushButton(self.tr("保存修改"), self.details)
        self.save_details_button.setObjectName("saveDetails")
        self.save_details_button.clicked.connect(self.save_details)
        save_row = QHBoxLayout()
        save_row.addWidget(self.details_error, 1)
        save_row.addWidget(self.save_details_button)
        details_layout = QVBoxLayout(self.details)
        details_layout.addLayout(combos)
        details_layout.addLayout(detail_form)
        details_layout.addLayout(save_row)

        history_box = QGroupBox(self.tr("处理记录"), self)
        self.history = QTableWidget(0, len(HISTORY_COLUMNS), history_box)
        self.history.setObjectName("problemHistory")
        self.history.setHorizontalHeaderLabels([i18n.pick(zh, en) for zh, en in HISTORY_COLUMNS])
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history.verticalHeader().setVisible(False)
        self.history.setWordWrap(True)
        header = self.history.horizontalHeader()
        header.setStretchLastSection(True)
        for column, width in enumerate((130, 70, 90, 70, 70)):
            self.history.setColumnWidth(column, width)
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        history_layout = QVBoxLayout(history_box)
        history_layout.addWidget(self.history)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.details)
        splitter.addWidget(history_box)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([250, 330])
        header.sectionResized.connect(lambda *_: self.history.resizeRowsToContents())

        self.action_row = QHBoxLayout()
        for action in ledger.ACTIONS:
            button = QPushButton(vocab.label(ledger.ACTIONS, action) + "…", self)
            button.setObjectName(f"action_{action}")
            button.clicked.connect(lambda _=False, a=action: self.start_action(a))
            self.action_buttons[action] = button
            self.action_row.addWidget(button)
        lock_if_read_only(self.store, *self.action_buttons.values())
        self.action_row.addStretch(1)
        self.error = ErrorLabel(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        self.action_row.addWidget(self.buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(facts)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.error)
        layout.addLayout(self.action_row)

    def showEvent(self, event) -> None:  # noqa: N802 — Qt override
        super().showEvent(event)
        # Row heights depend on the final column widths, known only once shown.
        self.history.resizeRowsToContents()

    # -- reading ------------------------------------------------------------

    def day(self) -> date:
        return self.today or date.today()

    def reload(self) -> None:
        """Re-read the problem, its history and what its state allows."""
        p = self.store.get("problems", self.problem_id)
        ent = enterprises.get(self.store, p["enterprise_id"])
        p["enterprise_name"] = ent["name"]
        self.problem = p
        self.setWindowTitle(self.tr("问题 — {name}").format(name=ent["name"]))
        self.heading.setText(p["description"])

        status = p["status"]
        self.info["status"].setText(status_label(status))
        self.info["status"].setStyleSheet(
            f"color: {STATUS_COLORS.get(status, '#000')}; font-weight: bold;"
        )
        town = f"（{ent['town']}）" if ent.get("town") else ""
        self.info["enterprise"].setText(ent["name"] + town)
        self.info["visit"].setText(self._visit_text(p.get("visit_id")))
        self.info["found_on"].setText(p["found_on"])
        self.info["deadline"].setText(self._deadline_text(p))
        self.info["deadline"].setStyleSheet(
            "color: #a61b1b; font-weight: bold;" if problems.is_overdue(p, self.day()) else ""
        )
        plan = ""
        if p.get("rectify_plan"):
            plan = self.tr("{plan}（承诺 {day} 前完成）").format(
                plan=p["rectify_plan"], day=p.get("promised_on") or "?"
            )
        self.info["rectify"].setText(plan or "—")
        self.info["outcome"].setText(self._outcome_text(p))
        photos = attachments.list_for(self.store, problem_id=self.problem_id)
        self.info["photos"].setText("、".join(a["filename"] for a in photos) if photos else "—")
        self._show_relapse(p)
        self._fill_details(p)
        self._fill_history()
        allowed = set(ledger.allowed_actions(p))
        for action, button in self.action_buttons.items():
            button.setVisible(action in allowed)
        self.allowed = allowed

    def _visit_text(self, visit_id: str | None) -> str:
        if not visit_id:
            return self.tr("（无）")
        visit = self.store.find("visits", visit_id)
        if visit is None:
            return visit_id
        number = visit.get("record_no") or vocab.label(vocab.VISIT_STATUSES, visit["status"])
        return f"{visit['date']}  {vocab.label(vocab.VISIT_TYPES, visit['type'])}  {number}"

    def _deadline_text(self, p: dict[str, Any]) -> str:
        if not p.get("deadline"):
            return self.tr("（无，{handling}）").format(
                handling=vocab.label(vocab.HANDLING, p["handling"])
            )
        deadline = p["deadline"]
        if p["status"] not in problems.OPEN_STATUSES:
            late = ledger_list.days_overdue(p, self.day())
            if p["status"] == "closed" and late:
                return self.tr("{day}（逾期 %n 天后销号）", "", late).format(day=deadline)
            return deadline
        left = (date.fromisoformat(deadline) - self.day()).days
        if left < 0:
            return self.tr("{day}（已逾期 %n 天）", "", -left).format(day=deadline)
        if left == 0:
            return self.tr("{day}（今天到期）").format(day=deadline)
        return self.tr("{day}（还剩 %n 天）", "", left).format(day=deadline)

    def _outcome_text(self, p: dict[str, Any]) -> str:
        if p["status"] == "closed":
            officer = self.store.find("officers", p["closed_by"]) if p.get("closed_by") else None
            method = p.get("close_method") or ""
            text = self.tr("{day} 由 {officer} 核查，{method}：{note}").format(
                day=p.get("closed_on") or "?",
                officer=officer["name"] if officer else "?",
                method=vocab.label(ledger.CLOSE_METHODS, method) if method else "?",
                note=p.get("close_note") or "",
            )
            if p.get("close_visit_id"):
                text += "\n" + self.tr("复核走访：{visit}").format(
                    visit=self._visit_text(p["close_visit_id"])
                )
            return text
        if p["status"] == "cancelled":
            return self.tr("已撤销：{reason}").format(reason=p.get("cancel_reason") or "")
        return "—"

    def _show_relapse(self, p: dict[str, Any]) -> None:
        source = self.store.find("problems", p["relapse_of"]) if p.get("relapse_of") else None
        if source is None:
            self.relapse_button.setText(self.tr("否"))
            self.relapse_button.setEnabled(False)
            self.relapse_button.setStyleSheet("text-align: left;")
            return
        self.relapse_button.setEnabled(True)
        self.relapse_button.setStyleSheet("color: #a61b1b; text-align: left;")
        self.relapse_button.setText(
            self.tr("是：同一检查项曾于 {day} 销号（点击查看原问题）").format(
                day=source.get("closed_on") or source["found_on"]
            )
        )

    def open_relapse_source(self) -> ProblemDialog | None:
        source_id = self.problem.get("relapse_of")
        if not source_id:
            return None
        dialog = ProblemDialog(self.store, source_id, self, today=self.today)
        dialog.changed.connect(lambda _: self.reload())
        dialog.finished.connect(dialog.deleteLater)
        self.relapse_dialog = dialog
        dialog.open()
        return dialog

    def _fill_details(self, p: dict[str, Any]) -> None:
        for key in ("category", "severity", "handling"):
            combo: QComboBox = self.detail_fields[key]
            combo.setCurrentIndex(max(0, combo.findData(p[key])))
        for key in ("description", "requirement", "legal_basis"):
            self.detail_fields[key].setPlainText(p.get(key) or "")
        editable = p["status"] in problems.OPEN_STATUSES
        for widget in self.detail_fields.values():
            mark_invalid(widget, False)
            widget.setEnabled(editable and not self.store.read_only)
        self.save_details_button.setVisible(editable)
        lock_if_read_only(self.store, self.save_details_button)
        self.details_error.clear_message()
        self.details.setTitle(
            self.tr("问题内容") if editable else self.tr("问题内容（已销号或撤销的问题不能修改）")
        )

    def _fill_history(self) -> None:
        # Values a bundle import did not use.
        from envhelp.io.merge import conflicts_of, field_words, visit_words

        events = problem_history.history(self.store, self.problem_id)
        conflicts = conflicts_of(self.store, "problems", self.problem_id)
        self.history.setRowCount(len(events) + len(conflicts))
        for row, ev in enumerate(events):
            why = ev.get("reason") or ""
            if ev["kind"] == "extension":
                why = self.tr("期限 {old} → {new}：{why}").format(
                    old=ev.get("old_deadline") or "—", new=ev.get("new_deadline"), why=why
                )
            why += problem_history.event_note(ev)
            cells = (
                local_time(ev["at"]),
                officers.actor_name(ev["actor"]),
                vocab.label(ledger.EVENT_KINDS, ev["kind"]),
                status_label(ev.get("from_status")),
                status_label(ev["to_status"]),
                why,
            )
            self._history_row(row, cells)
        for row, c in enumerate(conflicts, start=len(events)):
            codes = CODED_FIELDS.get(c["field"])
            kept, other = (
                (
                    vocab.label(codes, v or "")
                    if codes
                    else visit_words(self.store, v)
                    if v and c["field"] == "visit_id"
                    else v or ""
                )
                for v in (c["kept_value"], c["other_value"])
            )
            why = self.tr("{field}：保留“{kept}”，未采用“{other}”（{who}）").format(
                field=i18n.pick(*field_words("problems", c["field"], c["rule"])),
                kept=kept,
                other=other,
                who=officers.actor_name(c["other_by"]),
            )
            self._history_row(
                row,
                (
                    local_time(c["detected_at"]),
                    officers.actor_name(c["detected_by"]),
                    self.tr("合并冲突"),
                    "",
                    "",
                    why,
                ),
            )
        self.history.resizeRowsToContents()
        self.history.scrollToBottom()

    def _history_row(self, row: int, cells: tuple[str, ...]) -> None:
        for column, value in enumerate(cells):
            item = QTableWidgetItem(value)
            item.setToolTip(value)
            self.history.setItem(row, column, item)

    # -- acting -------------------------------------------------------------

    def start_action(self, action: str) -> ActionDialog | None:
        """Open the form of ``action`` (only the state's allowed actions have a button)."""
        if action not in self.allowed or self.store.read_only:
            return None
        self.error.clear_message()
        dialog = action_dialog(action, self.store, self.problem, self, today=self.today)
        dialog.accepted.connect(self._action_done)
        dialog.finished.connect(dialog.deleteLater)
        self.action_dialog = dialog
        dialog.open()
        return dialog

    def _action_done(self) -> None:
        self.reload()
        self.changed.emit(self.problem_id)

    def detail_values(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for key in DETAIL_FIELDS:
            widget = self.detail_fields[key]
            data[key] = (
                widget.currentData() if isinstance(widget, QComboBox) else (widget.toPlainText())
            )
        return data

    def save_details(self) -> bool:
        """Correct the description fields through the core; errors stay beside the field."""
        for widget in self.detail_fields.values():
            mark_invalid(widget, False)
        self.details_error.clear_message()
        try:
            problems.update_details(self.store, self.problem_id, self.detail_values())
        except ValidationError as exc:
            show_error_at(self.details_error, str(exc), self.detail_fields.get(exc.field))
            return False
        except EnvHelpError as exc:
            self.details_error.show_message(str(exc))
            return False
        self.reload()
        self.changed.emit(self.problem_id)
        return True
