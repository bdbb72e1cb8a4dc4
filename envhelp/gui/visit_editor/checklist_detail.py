"""The current checklist item beside and under the table: its note editor (several
lines, F2 to enter, Esc to leave) and its detail in full (requirement, basis, hint,
how to measure or score it, the answer suggested to confirm)."""

from __future__ import annotations

from typing import Any

from envhelp.domain import check_answers, scoring
from envhelp.gui.qt import QLabel, QPlainTextEdit, Qt, Signal
from envhelp.gui.visit_editor.checklist_scoring import options_text


class NoteEditor(QPlainTextEdit):
    """The current item's note, several lines; Esc (or leaving it) keeps the text and
    ``leave`` asks the panel to put the cursor back on the table."""

    commit = Signal()
    leave = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("itemNote")
        self.setTabChangesFocus(True)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.commit.emit()
            self.leave.emit()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event) -> None:
        self.commit.emit()
        super().focusOutEvent(event)


class ItemDetail(QLabel):
    """The current item in full, under the table."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("itemDetail")
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)

    def show_entry(self, entry: dict[str, Any] | None) -> None:
        if entry is None:
            self.clear()
            return
        parts = [
            f"<b>{entry['code']}</b>　{entry['requirement']}",
            self.tr("依据：{basis}").format(basis=entry["legal_basis"]),
        ]
        if entry.get("hint"):
            parts.append(self.tr("提示：{hint}").format(hint=entry["hint"]))
        if entry.get("measure"):
            parts.append(self.tr("本项可按实测数值判定：按 Ctrl+M 或点“测算…”。"))
        if entry.get("max_points") is not None:
            hint = self.tr("按 −/+ 调整得分，1/Y 满分，2/N 最低分。")
            parts.append(options_text(entry, hint).replace("\n", "<br>"))
        suggested = entry.get("suggested")
        if suggested and suggested.get("source") == "self":
            value = (
                self.tr("不适用")
                if suggested["points"] is None
                else self.tr("{points} 分").format(points=scoring.points_text(suggested["points"]))
            )
            parts.append(
                self.tr("企业自评：{value}，按 Enter 确认或另行作答。").format(value=value)
            )
        elif suggested:
            parts.append(
                self.tr("上次结果（{date}）：{result}，按 Enter 确认或按数字键另行作答。").format(
                    date=suggested["date"],
                    result=check_answers.result_label(suggested["result"]),
                )
            )
        self.setText("<br>".join(parts))
