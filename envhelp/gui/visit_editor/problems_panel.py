"""Problems of the visit: proposals from non-compliant items, free problems, registered ones.

The rules live in :mod:`envhelp.domain.proposals` (which items get a proposal, the
defaults of a free problem, recording in one transaction, the drafts kept through
``problem_drafts``); this panel shows its :class:`~envhelp.domain.proposals.VisitProposals`
and forwards the officer's actions to it. The window writes the drafts with its
autosave rhythm (``drafts_changed`` → ``save_drafts`` after a pause); dismissing
writes at once. Reopening the visit restores them: an edited proposal comes back over
its item's proposal, unless the item is no longer non-compliant or already has a
problem; an item changed away from non-compliant drops its proposal and its dismissal.
"""

from __future__ import annotations

from typing import Any

from envhelp.domain import problems, proposals, vocab
from envhelp.errors import EnvHelpError, ValidationError
from envhelp.gui.qt import (
    QBrush,
    QColor,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from envhelp.gui.visit_editor.common import field_label, iso, qdate
from envhelp.gui.widgets import (
    ErrorLabel,
    lock_if_read_only,
    mark_invalid,
    set_view_only,
    show_error_at,
)
from envhelp.storage import Store

KEY_ROLE = Qt.ItemDataRole.UserRole
PENDING_COLOR = QColor("#8a4b00")


class ProblemsPanel(QWidget):
    """List on the left (proposals first), the selected problem's form on the right."""

    registered = Signal(dict)
    error = Signal(str)
    drafts_changed = Signal()  # an edit worth keeping: the window saves the drafts after a pause

    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self.store = store
        self.setObjectName("problemsPanel")
        self.visit: dict[str, Any] | None = None
        self.waiting = proposals.VisitProposals(store)  # the problems not recorded yet
        self.registered_rows: list[dict[str, Any]] = []
        self._loading = False
        self.read_only = False
        self._build()

    # -- layout -------------------------------------------------------------

    def _build(self) -> None:
        self.list = QListWidget(self)
        self.list.setObjectName("problemList")
        self.list.setWordWrap(True)
        self.list.currentItemChanged.connect(self._show_current)
        self.list.itemActivated.connect(lambda _: self.register_current())

        self.source = QLabel(self)
        self.source.setObjectName("problemSource")
        self.source.setWordWrap(True)
        self.category = QComboBox(self)
        for code in vocab.PROBLEM_CATEGORIES:
            self.category.addItem(vocab.label(vocab.PROBLEM_CATEGORIES, code), code)
        self.severity = QComboBox(self)
        for code in vocab.SEVERITIES:
            self.severity.addItem(vocab.label(vocab.SEVERITIES, code), code)
        self.handling = QComboBox(self)
        for code in vocab.HANDLING:
            self.handling.addItem(vocab.label(vocab.HANDLING, code), code)
        self.deadline = QDateEdit(self)
        self.deadline.setCalendarPopup(True)
        self.deadline.setDisplayFormat("yyyy-MM-dd")
        self.description = QPlainTextEdit(self)
        self.description.setTabChangesFocus(True)
        self.requirement = QPlainTextEdit(self)
        self.requirement.setTabChangesFocus(True)
        self.requirement.setFixedHeight(60)
        self.legal_basis = QLineEdit(self)
        self.fields: dict[str, QWidget] = {
            "category": self.category,
            "severity": self.severity,
            "handling": self.handling,
            "deadline": self.deadline,
            "description": self.description,
            "requirement": self.requirement,
            "legal_basis": self.legal_basis,
        }
        for key, widget in self.fields.items():
            widget.setObjectName(f"problem_{key}")
            signal = (
                getattr(widget, "currentIndexChanged", None)
                or getattr(widget, "dateChanged", None)
                or widget.textChanged
            )
            signal.connect(lambda *_, k=key: self._edited(k))

        self.register_button = QPushButton(self.tr("登记问题"), self)
        self.register_button.setObjectName("registerProblem")
        self.register_button.setToolTip(
            self.tr("把选中的建议登记为问题（Ctrl+R，或在列表中按 Enter）")
        )
        self.register_button.clicked.connect(self.register_current)
        self.dismiss_button = QPushButton(self.tr("不登记"), self)
        self.dismiss_button.setObjectName("dismissProposal")
        self.dismiss_button.setToolTip(self.tr("该不符合项不作为问题登记（例如已当场说明）"))
        self.dismiss_button.clicked.connect(self.dismiss_current)
        self.free_button = QPushButton(self.tr("新增其他问题"), self)
        self.free_button.setObjectName("addFreeProblem")
        self.free_button.setToolTip(self.tr("登记不来自检查表的问题（Ctrl+Shift+N）"))
        self.free_button.clicked.connect(self.add_free)
        self.form_error = ErrorLabel(self)

        form_box = QWidget(self)
        form = QFormLayout()
        form.addRow(self.tr("来源"), self.source)
        for fld, key in (
            (problems.F_CATEGORY, "category"),
            (problems.F_DESCRIPTION, "description"),
            (problems.F_SEVERITY, "severity"),
            (problems.F_REQUIREMENT, "requirement"),
            (problems.F_LEGAL_BASIS, "legal_basis"),
            (problems.F_HANDLING, "handling"),
            (problems.F_DEADLINE, "deadline"),
        ):
            form.addRow(field_label(fld), self.fields[key])
        buttons = QHBoxLayout()
        buttons.addWidget(self.register_button)
        buttons.addWidget(self.dismiss_button)
        buttons.addStretch(1)
        buttons.addWidget(self.free_button)
        right = QVBoxLayout(form_box)
        right.addLayout(form)
        right.addWidget(self.form_error)
        right.addLayout(buttons)
        right.addStretch(1)

        self.hint = QLabel(self)
        self.hint.setObjectName("problemHint")
        self.hint.setWordWrap(True)
        left_box = QWidget(self)
        left = QVBoxLayout(left_box)
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(self.hint)
        left.addWidget(self.list, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left_box)
        splitter.addWidget(form_box)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.setFocusProxy(self.list)
        self._refresh_list()

    # -- state --------------------------------------------------------------

    def set_visit(self, visit: dict[str, Any] | None) -> None:
        date_changed = (self.visit or {}).get("date") != (visit or {}).get("date")
        other_visit = (self.visit or {}).get("id") != (visit or {}).get("id")
        self.visit = visit
        if other_visit:  # the stored drafts of the (new) visit: free ones now, edits at sync
            self.waiting = proposals.VisitProposals(self.store, visit)
        self.reload_registered()
        if date_changed:  # found_on and deadlines follow the visit date until edited
            self._show_errors(self.waiting.repropose_unedited())
        self._refresh_list()

    @property
    def proposals(self) -> dict[str, dict[str, Any]]:
        """The problems waiting to be recorded, by key (see ``VisitProposals``)."""
        return self.waiting.proposals

    @property
    def dismissed(self) -> set[str]:
        return self.waiting.dismissed

    def _show_errors(self, messages: list[str]) -> None:
        for message in messages:
            self.error.emit(message)

    def reload_registered(self) -> None:
        if self.visit is None:
            self.registered_rows = []
            return
        self.registered_rows = problems.list_page(self.store, visit_id=self.visit["id"], limit=None)

    def pending(self) -> list[dict[str, Any]]:
        return list(self.proposals.values())

    # -- stored drafts ------------------------------------------------------------

    def drafts(self, without: str | None = None) -> dict[str, Any]:
        """What ``problem_drafts`` keeps of the current state (``without``: a key being recorded)."""
        return self.waiting.drafts(without)

    def can_store_drafts(self) -> bool:
        return not self.read_only and self.waiting.can_store()

    def save_drafts(self) -> bool:
        """Write the drafts now (the window calls this after a pause and on closing)."""
        if not self.can_store_drafts():
            return False
        try:
            self.waiting.save()
        except EnvHelpError as exc:
            self.error.emit(str(exc))
            return False
        return True

    def sync(self, items: list[dict[str, Any]], changed: str | None = None) -> None:
        """Keep one proposal per non-compliant item without a problem (and only those)."""
        if self.visit is None:
            return
        drafts_changed, errors = self.waiting.sync(items, self.registered_rows, changed)
        self._show_errors(errors)
        self._refresh_list()
        if drafts_changed:  # e.g. an edited proposal dropped: store that
            self.drafts_changed.emit()

    # -- list and form --------------------------------------------------------

    def _refresh_list(self, select: str | None = None) -> None:
        current = select or (
            self.list.currentItem().data(KEY_ROLE) if self.list.currentItem() else None
        )
        self.list.blockSignals(True)
        self.list.clear()
        for key, proposal in self.proposals.items():
            label = proposal.get("item_code") or self.tr("其他问题")
            text = self.tr("【待登记】{label}　{text}").format(
                label=label, text=(proposal["description"] or "").split("\n")[0]
            )
            item = QListWidgetItem(text, self.list)
            item.setData(KEY_ROLE, key)
            item.setForeground(QBrush(PENDING_COLOR))
        for row in self.registered_rows:
            label = row.get("item_code") or self.tr("其他问题")
            text = self.tr("【已登记】{label}　{text}　期限 {deadline}").format(
                label=label,
                text=row["description"].split("\n")[0],
                deadline=row["deadline"] or "—",
            )
            item = QListWidgetItem(text, self.list)
            item.setData(KEY_ROLE, "problem:" + row["id"])
        self.list.blockSignals(False)
        keys = [self.list.item(i).data(KEY_ROLE) for i in range(self.list.count())]
        row = keys.index(current) if current in keys else (0 if keys else -1)
        self.list.setCurrentRow(row)
        self._show_current()
        self._update_hint()

    def current_key(self) -> str | None:
        item = self.list.currentItem()
        return item.data(KEY_ROLE) if item else None

    def _show_current(self, *_: Any) -> None:
        key = self.current_key()
        self.form_error.clear_message()
        for widget in self.fields.values():
            mark_invalid(widget, False)
        record: dict[str, Any] | None = None
        editable = False
        if key and key.startswith("problem:"):
            record = next(r for r in self.registered_rows if r["id"] == key[8:])
            self.source.setText(
                self.tr("已登记（{status}）").format(
                    status=vocab.label(vocab.PROBLEM_STATUSES, record["status"])
                )
            )
        elif key:
            record = self.proposals[key]
            editable = not self.read_only
            self.source.setText(
                self.tr("检查项 {code}，发现日期 {found}").format(
                    code=record["item_code"], found=record["found_on"]
                )
                if record.get("item_code")
                else self.tr("不来自检查表，发现日期 {found}").format(found=record["found_on"])
            )
        else:
            self.source.setText(self.tr("没有问题。检查项标为“不符合”时会在这里生成建议。"))
        self._loading = True
        try:
            record = record or {}
            for combo, key_name in (
                (self.category, "category"),
                (self.severity, "severity"),
                (self.handling, "handling"),
            ):
                combo.setCurrentIndex(max(0, combo.findData(record.get(key_name))))
            self.deadline.setDate(qdate(record.get("deadline")))
            self.description.setPlainText(record.get("description") or "")
            self.requirement.setPlainText(record.get("requirement") or "")
            self.legal_basis.setText(record.get("legal_basis") or "")
        finally:
            self._loading = False
        for widget in self.fields.values():
            if isinstance(widget, (QPlainTextEdit, QLineEdit)):
                set_view_only(widget, not editable)
            else:
                widget.setEnabled(editable)
        self.register_button.setEnabled(editable)
        self.dismiss_button.setEnabled(editable and bool(record.get("check_result_id")))
        self.free_button.setEnabled(self.visit is not None and not self.read_only)
        lock_if_read_only(self.store, self.register_button, self.dismiss_button, self.free_button)

    def _edited(self, key: str) -> None:
        if self._loading:
            return
        if not self.waiting.edit(self.current_key() or "", self.form_values()):
            return
        mark_invalid(self.fields[key], False)
        self.drafts_changed.emit()

    def form_values(self) -> dict[str, Any]:
        return {
            "category": self.category.currentData(),
            "severity": self.severity.currentData(),
            "handling": self.handling.currentData(),
            "deadline": iso(self.deadline.date()),
            "description": self.description.toPlainText(),
            "requirement": self.requirement.toPlainText(),
            "legal_basis": self.legal_basis.text(),
        }

    # -- actions --------------------------------------------------------------

    def register_current(self) -> dict[str, Any] | None:
        key = self.current_key()
        if self.read_only or not key or key not in self.proposals:
            return None
        try:
            created = self.waiting.record(key, self.form_values())
        except ValidationError as exc:
            show_error_at(self.form_error, str(exc), self.fields.get(exc.field))
            return None
        except EnvHelpError as exc:
            self.form_error.show_message(str(exc))
            return None
        self.reload_registered()
        following = next(iter(self.proposals), None)
        self._refresh_list(select=following or "problem:" + created["id"])
        self.list.setFocus()
        self.registered.emit(created)
        return created

    def dismiss_current(self) -> None:
        if self.read_only or not self.waiting.dismiss(self.current_key() or ""):
            return
        self._refresh_list()
        self.save_drafts()  # a decision, written at once like a checklist answer

    def add_free(self) -> str | None:
        if self.visit is None or self.read_only:
            return None
        key = self.waiting.add_free()
        self._refresh_list(select=key)
        self.description.setFocus()
        self.drafts_changed.emit()
        return key

    def _update_hint(self) -> None:
        if self.read_only:  # a final record: nothing to register, no keys to suggest
            self.hint.setText(self.tr("已登记 %n 条问题。", "", len(self.registered_rows)))
            return
        self.hint.setText(
            self.tr(
                "待登记 {pending} 条，已登记 {done} 条。选中后按 Enter 或 Ctrl+R 登记；"
                "可先在右侧修改。"
            ).format(pending=len(self.proposals), done=len(self.registered_rows))
        )

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self._update_hint()
        self._show_current()
