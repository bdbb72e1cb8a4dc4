"""The checklist table's keyboard and drops: single keys answer the item on the cursor's
row, the cursor moves on to the next item still to answer, files dropped on a row are
its photos."""

from __future__ import annotations

from envhelp.domain import applicability
from envhelp.gui.qt import QAbstractItemView, Qt, QTableView, Signal
from envhelp.gui.visit_editor.common import local_files

RESULT_KEYS = {
    Qt.Key.Key_1: "compliant",
    Qt.Key.Key_Y: "compliant",
    Qt.Key.Key_2: "non_compliant",
    Qt.Key.Key_N: "non_compliant",
    Qt.Key.Key_3: "not_applicable",
    Qt.Key.Key_A: "not_applicable",
    Qt.Key.Key_0: "not_checked",
    Qt.Key.Key_X: "not_checked",
    Qt.Key.Key_Backspace: "unanswered",
    Qt.Key.Key_Delete: "unanswered",
}
POINTS_KEYS = {Qt.Key.Key_Minus: 1, Qt.Key.Key_Plus: -1, Qt.Key.Key_Equal: -1}  # option steps


class ChecklistView(QTableView):
    """The item table: result keys, auto-advance, and photo drops on a row."""

    result_key = Signal(int, str)  # row, result code
    points_key = Signal(int, int)  # row, option step (+1: fewer points, -1: more)
    confirm_key = Signal(int)  # row: accept the copied answer
    note_requested = Signal()  # F2 or a double-click: edit the note beside the table
    files_dropped = Signal(int, list)  # row, paths

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("checklistTable")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(True)
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.verticalHeader().setVisible(False)
        self.setToolTip(
            self.tr(
                "1/Y 符合　2/N 不符合　3/A 不适用　0/X 未检查　退格 清除　"
                "Enter 确认上次结果　F2 编辑说明　Ctrl+P 添加照片"
            )
        )
        self.read_only = False

    def keyPressEvent(self, event) -> None:
        index = self.currentIndex()
        plain = not (
            event.modifiers()
            & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
        )
        key = Qt.Key(event.key())
        if plain and key == Qt.Key.Key_F2 and index.isValid():
            self.note_requested.emit()
            return
        if plain and index.isValid() and not self.read_only:
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.confirm_key.emit(index.row())
                return
            if key in RESULT_KEYS:  # in any column: the keys answer the item
                self.result_key.emit(index.row(), RESULT_KEYS[key])
                return
            if key in POINTS_KEYS:
                self.points_key.emit(index.row(), POINTS_KEYS[key])
                return
        super().keyPressEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:
        super().mouseDoubleClickEvent(event)
        if self.indexAt(event.position().toPoint()).isValid():
            self.note_requested.emit()

    def next_item(self, row: int) -> None:
        """Put the cursor on the first visible item after ``row`` (same column) that is
        still to answer by hand: items the scope answered "not applicable" are passed
        over (the arrow keys still reach them)."""
        model = self.model()
        column = max(0, self.currentIndex().column())
        for candidate in range(row + 1, model.rowCount()):
            entry = model.entry(candidate)
            if (
                not self.isRowHidden(candidate)
                and entry is not None
                and not applicability.answered_by_scope(entry["result"], entry["note"])
            ):
                self.setCurrentIndex(model.index(candidate, column))
                self.scrollTo(model.index(candidate, column))
                return

    def first_item(self) -> None:
        self.next_item(-1)

    # -- drops --------------------------------------------------------------

    def dragEnterEvent(self, event) -> None:
        if not self.read_only and local_files(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        row = self.indexAt(event.position().toPoint()).row()
        if not self.read_only and row >= 0 and self.model().entry(row) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event) -> None:
        row = self.indexAt(event.position().toPoint()).row()
        if self.handle_drop(row, event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def handle_drop(self, row: int, mime) -> bool:
        files = local_files(mime)
        if self.read_only or not files or self.model().entry(row) is None:
            return False
        self.files_dropped.emit(row, files)
        return True

    def key_legend(self, scored: bool) -> str:
        """The one line of answer keys shown above the table."""
        if scored:
            return self.tr(
                "按键：1/Y 满分　2/N 最低分　−/+ 减/加分　3/A 不适用　0/X 未检查　"
                "退格 清除　Enter 确认建议　F2 说明　Ctrl+P 照片"
            )
        return self.tr(
            "按键：1/Y 符合　2/N 不符合　3/A 不适用　0/X 未检查　退格 清除　"
            "Enter 确认建议　F2 编辑说明　Ctrl+M 测算　Ctrl+P 照片"
        )
