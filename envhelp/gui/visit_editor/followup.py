"""Follow-up (回头看) panel: the enterprise's open problems and what this visit found.

One row per open problem (``followups.open_problems_for_followup``): not reviewed,
verified fixed, partly fixed or not fixed (a note, optionally a new deadline), or not
fixed and handed over for a case. The decisions are applied together with
``followups.apply_followup`` (one transaction) when the officer clicks Apply, or at
finalize. What the visit already concluded (``followups.followup_findings``) is listed
above them and stays after the visit is final.
"""

from __future__ import annotations

from typing import Any

from envhelp.domain import followups, problems, vocab
from envhelp.errors import EnvHelpError, ValidationError
from envhelp.gui.dialogs.problem_actions import date_edit, iso_of
from envhelp.gui.models import OVERDUE_FOREGROUND
from envhelp.gui.qt import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from envhelp.gui.widgets import ErrorLabel, lock_if_read_only, mark_invalid
from envhelp.storage import Store

NOT_REVIEWED, FIXED, PARTIAL, STILL_OPEN, ESCALATE = (
    "",
    "fixed",
    "partial",
    "still_open",
    "escalate",
)


def new_deadline(row: dict[str, Any]) -> str | None:
    """The row's picked deadline, None when it is still the problem's own (no extension)."""
    picked = iso_of(row["deadline"])
    return None if picked == (row["problem"]["deadline"] or "") else picked


class FollowupPanel(QWidget):
    applied = Signal(dict)

    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self.store = store
        self.setObjectName("followupPanel")
        self.visit: dict[str, Any] | None = None
        self.read_only = False
        self.rows: list[dict[str, Any]] = []
        self.summary: dict[str, list[str]] = {"closed": [], "still_open": [], "extended": []}

        self.info = QLabel(self)
        self.info.setObjectName("followupInfo")
        self.info.setWordWrap(True)
        self.grid_host = QWidget(self)
        self.grid = QGridLayout(self.grid_host)
        self.grid.setColumnStretch(0, 3)
        self.grid.setColumnStretch(2, 2)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.grid_host)
        self.error = ErrorLabel(self)
        self.apply_button = QPushButton(self.tr("应用回头看结论"), self)
        self.apply_button.setObjectName("applyFollowup")
        self.apply_button.setToolTip(
            self.tr("已整改的问题销号，仍未整改的记录说明和新期限（Ctrl+Shift+A；定稿时也会应用）")
        )
        self.apply_button.clicked.connect(self.apply)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.apply_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)

    # -- loading ------------------------------------------------------------

    def set_visit(self, visit: dict[str, Any] | None) -> None:
        same = (
            self.visit is not None
            and visit is not None
            and (
                (self.visit["enterprise_id"], self.visit["type"], self.visit["status"])
                == (visit["enterprise_id"], visit["type"], visit["status"])
            )
        )
        self.visit = visit
        if not same:
            self.reload()

    def active(self) -> bool:
        return bool(self.visit) and self.visit["type"] == "follow_up"

    def reload(self) -> None:
        while self.grid.count():
            widget = self.grid.takeAt(0).widget()
            if widget is not None:
                widget.hide()  # deleteLater alone leaves it painted until the next loop
                widget.deleteLater()
        self.rows = []
        self.error.clear_message()
        if not self.active():
            self.info.setText(
                self.tr("帮扶类型为“回头看”时，这里列出该企业未销号的问题以便逐一核查。")
            )
            self.apply_button.setEnabled(False)
            return
        found = followups.followup_findings(self.store, self.visit["id"])
        reviewed = {f["problem"]["id"] for f in found}
        open_rows = (
            []
            if self.visit["status"] == "final"
            else [
                p
                for p in followups.open_problems_for_followup(
                    self.store, self.visit["enterprise_id"]
                )
                # A problem found on this very visit, or already concluded, is not reviewed again.
                if p["visit_id"] != self.visit["id"] and p["id"] not in reviewed
            ]
        )
        headers = (self.tr("问题"), self.tr("结论"), self.tr("说明"), self.tr("新整改期限"))
        for column, text in enumerate(headers):
            label = QLabel(f"<b>{text}</b>", self.grid_host)
            self.grid.addWidget(label, 0, column)
        for row, finding in enumerate(found, start=1):
            self._add_concluded(row, finding)
        for number, problem in enumerate(open_rows, start=1):
            self._add_row(len(found) + number, problem)
        self.grid.setRowStretch(len(found) + len(open_rows) + 1, 1)
        parts = []
        if found:
            parts.append(self.tr("本次已核查 {n} 个问题（结论见下）。").format(n=len(found)))
        if open_rows:
            parts.append(
                self.tr(
                    "该企业还有 {n} 个未销号问题。逐项选择结论后点“应用”（或定稿时一并应用）。"
                ).format(n=len(open_rows))
            )
        self.info.setText("".join(parts) or self.tr("该企业没有未销号的问题。"))
        self.apply_button.setEnabled(bool(open_rows) and not self.read_only)
        lock_if_read_only(self.store, self.apply_button)

    def _add_concluded(self, row: int, finding: dict[str, Any]) -> None:
        """A conclusion this visit already recorded: shown, no longer chosen."""
        problem = finding["problem"]
        where = finding["found_record_no"] or problem["found_on"]
        outcome = vocab.label(followups.FOLLOWUP_OUTCOMES, finding["outcome"])
        texts = (
            self.tr("{desc}\n发现 {where}").format(
                desc=problem["description"].split("\n")[0], where=where
            ),
            vocab.label(followups.FOLLOWUP_FINDINGS, finding["finding"]) + "，" + outcome,
            finding["note"] or "—",
            finding["new_deadline"] or "—",
        )
        for column, text in enumerate(texts):
            label = QLabel(text, self.grid_host)
            label.setObjectName(f"concluded_{row}_{column}")
            label.setWordWrap(True)
            self.grid.addWidget(label, row, column, Qt.AlignmentFlag.AlignTop)

    def _add_row(self, number: int, problem: dict[str, Any]) -> None:
        overdue = problems.is_overdue(problem)
        text = self.tr("{desc}\n发现 {found}　期限 {deadline}　{status}").format(
            desc=problem["description"].split("\n")[0],
            found=problem["found_on"],
            deadline=problem["deadline"] or "—",
            status=vocab.label(vocab.PROBLEM_STATUSES, problem["status"])
            + (self.tr("（已逾期）") if overdue else ""),
        )
        label = QLabel(text, self.grid_host)
        label.setWordWrap(True)
        if overdue:
            label.setStyleSheet(f"color: {OVERDUE_FOREGROUND.name()};")
        decision = QComboBox(self.grid_host)
        decision.setObjectName(f"decision_{number}")
        decision.addItem(self.tr("未核查"), NOT_REVIEWED)
        decision.addItem(self.tr("已整改，销号"), FIXED)
        decision.addItem(self.tr("部分整改"), PARTIAL)
        decision.addItem(self.tr("仍未整改"), STILL_OPEN)
        decision.addItem(self.tr("未整改，移交立案"), ESCALATE)
        note = QLineEdit(self.grid_host)
        note.setObjectName(f"note_{number}")
        note.setPlaceholderText(self.tr("核查说明（仍未整改时必填）"))
        # The same calendar picker as the ledger's 延期; it starts on the current deadline,
        # which stands unless a later one is picked (enabled for 部分整改 and 仍未整改 only).
        deadline = date_edit(self.grid_host, problem["deadline"], f"deadline_{number}")
        deadline.setToolTip(self.tr("新的整改期限：不改则保持原期限（Alt+↓ 打开日历）"))
        for widget in (decision, note):
            widget.setEnabled(not self.read_only)
        deadline.setEnabled(False)
        decision.currentIndexChanged.connect(
            lambda _=0, d=decision, e=deadline: e.setEnabled(
                d.currentData() in (PARTIAL, STILL_OPEN) and not self.read_only
            )
        )
        self.grid.addWidget(label, number, 0)
        self.grid.addWidget(decision, number, 1, Qt.AlignmentFlag.AlignTop)
        self.grid.addWidget(note, number, 2, Qt.AlignmentFlag.AlignTop)
        self.grid.addWidget(deadline, number, 3, Qt.AlignmentFlag.AlignTop)
        self.rows.append(
            {"problem": problem, "decision": decision, "note": note, "deadline": deadline}
        )

    # -- applying -----------------------------------------------------------

    def decisions(self) -> list[followups.FollowupDecision]:
        out = []
        for row in self.rows:
            choice = row["decision"].currentData()
            if choice == NOT_REVIEWED:
                continue
            out.append(
                followups.FollowupDecision(
                    problem_id=row["problem"]["id"],
                    fixed=choice == FIXED,
                    note=row["note"].text().strip(),
                    new_deadline=new_deadline(row) if choice in (PARTIAL, STILL_OPEN) else None,
                    partial=choice == PARTIAL,
                    escalate=choice == ESCALATE,
                )
            )
        return out

    def apply(self) -> dict[str, list[str]] | None:
        """Apply the chosen decisions; None (with the message shown) when refused."""
        if not self.active() or self.read_only:
            return None
        decisions = self.decisions()
        if not decisions:
            return {"closed": [], "still_open": [], "extended": []}
        for row in self.rows:
            for widget in (row["note"], row["deadline"]):
                mark_invalid(widget, False)
        self.error.clear_message()
        try:
            result = followups.apply_followup(self.store, self.visit["id"], decisions)
        except ValidationError as exc:
            self.error.show_message(str(exc))
            self._mark_field(exc.field)
            return None
        except EnvHelpError as exc:
            self.error.show_message(str(exc))
            return None
        for key in self.summary:
            self.summary[key] += result[key]
        self.reload()
        self.info.setText(
            self.info.text()
            + self.tr("　本次已销号 {closed} 个，仍未整改 {open} 个（其中延期 {ext} 个）。").format(
                closed=len(self.summary["closed"]),
                open=len(self.summary["still_open"]),
                ext=len(self.summary["extended"]),
            )
        )
        self.applied.emit(result)
        return result

    def _mark_field(self, field: str) -> None:
        # The core names the field (note / new_deadline); outline it on the rows in question.
        key = {"note": "note", "reason": "note", "new_deadline": "deadline"}.get(field)
        if key is None:
            return
        for row in self.rows:
            if row["decision"].currentData() in (PARTIAL, STILL_OPEN, ESCALATE):
                widget = row[key]
                if key == "note" and widget.text().strip():
                    continue
                mark_invalid(widget, True)

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.reload()
