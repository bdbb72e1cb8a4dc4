"""The checklist page: one row per item, grouped by category, answered with single keys.

Keys on an item row, whatever its current column: 1/Y compliant, 2/N non-compliant,
3/A not applicable, 0/X not checked, Backspace clears, Enter confirms a copied previous
answer; the cursor then moves to the next item still to answer (items the scope has
answered are passed over). In a scored assessment 1/Y gives full points and 2/N the
lowest option; - and + step the item's points down and up through its options (from an
unanswered item, - gives the first partial score), and the line under the keys shows the
running total, the applicable maximum, the share, the verdict and the vetoes hit. F2 (or a double-click) goes to the multi-line note editor
beside the table; Esc comes back. Every answer goes through :func:`check_answers.set_result` as a
:class:`ResultCommand` on the editor's undo stack, so Ctrl+Z takes it back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from envhelp import i18n
from envhelp.domain import (
    applicability,
    check_answers,
    check_totals,
    measures,
    previous_answers,
    scoring,
    stored_templates,
    vocab,
)
from envhelp.errors import EnvHelpError
from envhelp.gui.dialogs.files import PHOTO_DIR_KEY, ask_open_files, ask_save_file
from envhelp.gui.qt import (
    QAbstractItemView,
    QAbstractTableModel,
    QBrush,
    QCheckBox,
    QColor,
    QComboBox,
    QDialog,
    QFont,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QModelIndex,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    Qt,
    QTableView,
    QUndoCommand,
    QUndoStack,
    QVBoxLayout,
    QWidget,
    Signal,
)
from envhelp.gui.visit_editor.common import PhotoStrip, local_files, make_renditions_in_background
from envhelp.gui.widgets import lock_if_read_only, set_view_only
from envhelp.storage import Store

DEFAULT_TEMPLATE = "gb18597-2023-storage"
SELF_ASSESSMENT_DIR_KEY = "self_assessment/last_dir"
COLUMNS = (
    "code",
    "requirement",
    "clause",
    "severity",
    "previous",
    "result",
    "points",
    "note",
    "photos",
)
COL = {key: i for i, key in enumerate(COLUMNS)}
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
RESULT_COLORS = {
    "compliant": QColor("#1b6e2d"),
    "non_compliant": QColor("#b3261e"),
    "not_applicable": QColor("#6b6b6b"),
    "not_checked": QColor("#8a6d00"),
}
CATEGORY_BACKGROUND = QColor("#e8eef7")
SUGGESTION_COLOR = QColor("#1f5fa8")


def stored_note(entry: dict[str, Any]) -> str:
    """The note without the copied-answer marker (the result column shows the suggestion)."""
    return (
        check_answers.strip_suggestion(entry["note"]) if entry.get("suggested") else entry["note"]
    )


def display_note(entry: dict[str, Any]) -> str:
    """The note as shown: an automatic out-of-scope line in the UI language."""
    return applicability.scope_note_text(stored_note(entry))


def note_to_store(entry: dict[str, Any], shown_text: str) -> str:
    """What the officer left in the note editor, with the automatic line put back as
    stored (so the scope still recognises it as its own)."""
    stored, shown = stored_note(entry), display_note(entry)
    stored_first, shown_first = stored.partition("\n")[0], shown.partition("\n")[0]
    if stored_first != shown_first and shown_text.startswith(shown_first):
        return stored_first + shown_text[len(shown_first) :]
    return shown_text


def points_text(entry: dict[str, Any]) -> str:
    """The points column: "1/2" once answered, "—" when the item does not apply."""
    if entry.get("max_points") is None or entry["result"] == "unanswered":
        return ""
    if entry["points"] is None:
        return "—"
    full = scoring.points_text(entry["max_points"])
    return f"{scoring.points_text(entry['points'])}/{full}"


def options_text(entry: dict[str, Any], keys_hint: str) -> str:
    """An item's scoring options, one a line, the one it earns marked ▶ (veto noted)."""
    lines = []
    for option in entry["score_options"]:
        chosen = entry["result"] not in ("unanswered", "not_applicable") and (
            scoring.plain(scoring.Decimal(str(option["points"]))) == entry["points"]
        )
        label = i18n.pick(option["zh"], option["en"])
        lines.append(f"{'▶' if chosen else '　'} {scoring.points_text(option['points'])} — {label}")
    if entry.get("veto"):
        lines.append(
            i18n.pick(
                "一票否决项：未得满分则评估不达标",
                "Veto item: less than full points fails the assessment",
            )
        )
    lines.append(keys_hint)
    return "\n".join(lines)


def chosen_points(entry: dict[str, Any]) -> int | float | None:
    """The points a scored item earns as answered (None: unscored, unanswered, not applicable)."""
    if entry.get("max_points") is None or entry["result"] not in ("compliant", "non_compliant"):
        return None
    return entry["points"]


def answer_of(entry: dict[str, Any]) -> tuple[str, str, Any]:
    """(result, note, points) of an item as it stands: what undo puts back."""
    return (entry["result"], entry["note"], chosen_points(entry))


VERDICT_COLORS = {"pass": "#1b6e2d", "basic": "#8a6d00", "fail": "#b3261e"}


class ChecklistModel(QAbstractTableModel):
    """Rows of one check: a header row per category, then its items (in template order)."""

    note_edited = Signal(str, str)  # result_id, new note text

    def __init__(self, store: Store, check: dict[str, Any], previous: dict, parent=None):
        super().__init__(parent)
        self.store = store
        self.check = check
        self.previous = previous
        self.read_only = False
        self.rows: list[dict[str, Any]] = []
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self.rows = []
        category = None
        for entry in check_answers.results(self.store, self.check["id"]):
            if entry["category"] != category:
                category = entry["category"]
                self.rows.append({"kind": "category", "label": category})
            entry["kind"] = "item"
            self.rows.append(entry)
        self.endResetModel()

    # -- lookup -------------------------------------------------------------

    def items(self) -> list[dict[str, Any]]:
        return [r for r in self.rows if r["kind"] == "item"]

    def row_of(self, result_id: str) -> int:
        return next((i for i, r in enumerate(self.rows) if r.get("result_id") == result_id), -1)

    def entry(self, row: int) -> dict[str, Any] | None:
        if 0 <= row < len(self.rows) and self.rows[row]["kind"] == "item":
            return self.rows[row]
        return None

    def update_entry(self, stored: dict[str, Any]) -> None:
        """Take a row as returned by ``set_result`` into the table."""
        row = self.row_of(stored["id"])
        entry = self.rows[row]
        entry["result"] = stored["result"]
        entry["note"] = stored["note"]
        entry["points"] = scoring.entry_points(entry, stored["result"], stored.get("points"))
        entry["suggested"] = (
            check_answers.suggestion(stored["note"], entry.get("max_points"))
            if stored["result"] == "unanswered"
            else None
        )
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def set_photos(self, result_id: str, photos: list[dict[str, Any]]) -> None:
        row = self.row_of(result_id)
        self.rows[row]["attachments"] = photos
        index = self.index(row, COL["photos"])
        self.dataChanged.emit(index, index)

    # -- Qt model -----------------------------------------------------------

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation, role: int = 0) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        titles = (
            self.tr("编号"),
            self.tr("检查要求"),
            self.tr("条款"),
            self.tr("严重程度"),
            self.tr("上次结果"),
            self.tr("本次结果"),
            self.tr("得分"),
            self.tr("说明"),
            self.tr("照片"),
        )
        return titles[section] if 0 <= section < len(titles) else None

    def flags(self, index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self.rows[index.row()]["kind"] == "category":
            # Not enabled: the table's arrow keys skip header rows.
            return Qt.ItemFlag.NoItemFlags
        # Never edited in the table: keys answer the item; the note has its own editor.
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if row["kind"] == "category":
            return self._category_data(index, row, role)
        key = COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(row, key, role == Qt.ItemDataRole.EditRole)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, key)
        if role == Qt.ItemDataRole.ForegroundRole:
            if key == "result":
                if row["result"] == "unanswered" and row.get("suggested"):
                    return QBrush(SUGGESTION_COLOR)
                color = RESULT_COLORS.get(row["result"])
                return QBrush(color) if color else None
            if key == "previous" and self.previous.get(row["code"]):
                color = RESULT_COLORS.get(self.previous[row["code"]]["result"])
                return QBrush(color) if color else None
            if key == "severity" and row["severity"] == "major":
                return QBrush(RESULT_COLORS["non_compliant"])
            if key == "points" and row.get("points") is not None and row["result"] != "unanswered":
                full = row["points"] >= row["max_points"]
                return QBrush(RESULT_COLORS["compliant" if full else "non_compliant"])
        if role == Qt.ItemDataRole.FontRole and key == "result" and row["result"] != "unanswered":
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _category_data(self, index, row: dict[str, Any], role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
            return row["label"]
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(CATEGORY_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor("#1d2b45"))
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _text(self, row: dict[str, Any], key: str, editing: bool) -> str:
        if key == "code":
            return row["code"]
        if key == "requirement":
            return row["requirement"]
        if key == "clause":
            return row["clause"]
        if key == "severity":
            return vocab.label(vocab.SEVERITIES, row["severity"])
        if key == "previous":
            prev = self.previous.get(row["code"])
            if not prev:
                return ""
            return f"{check_answers.result_label(prev['result'])}（{prev['visit_date']}）"
        if key == "result":
            suggested = row.get("suggested") if row["result"] == "unanswered" else None
            if suggested and suggested.get("source") == "self":
                if suggested["points"] is None:
                    return self.tr("自评：不适用（Enter）")
                return self.tr("自评：{points} 分（Enter）").format(
                    points=scoring.points_text(suggested["points"])
                )
            if suggested:
                return self.tr("建议：{result}（Enter）").format(
                    result=check_answers.result_label(suggested["result"])
                )
            return (
                "" if row["result"] == "unanswered" else check_answers.result_label(row["result"])
            )
        if key == "points":
            return points_text(row)
        if key == "note":
            return display_note(row)
        if key == "photos":
            count = len(row.get("attachments") or [])
            return str(count) if count else ""
        return ""

    def _tooltip(self, row: dict[str, Any], key: str) -> str:
        if key == "points" and row.get("max_points") is not None:
            return options_text(row, self.tr("−/+ 调整得分"))
        if key == "previous":
            prev = self.previous.get(row["code"])
            if prev:
                return (
                    self.tr("上次结果：{result}，{date} {record}\n{note}")
                    .format(
                        result=check_answers.result_label(prev["result"]),
                        date=prev["visit_date"],
                        record=prev.get("record_no") or "",
                        note=prev.get("note") or "",
                    )
                    .strip()
                )
            return ""
        lines = [row["requirement"], self.tr("依据：{basis}").format(basis=row["legal_basis"])]
        if row.get("hint"):
            lines.append(self.tr("提示：{hint}").format(hint=row["hint"]))
        lines.append(self.tr("1/Y 符合　2/N 不符合　3/A 不适用　0/X 未检查　退格 清除"))
        return "\n".join(lines)

    def setData(self, index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """A note from the note editor (the table itself edits nothing)."""
        if (
            role != Qt.ItemDataRole.EditRole
            or self.read_only
            or COLUMNS[index.column()] != "note"
            or self.entry(index.row()) is None
        ):
            return False
        entry = self.rows[index.row()]
        if str(value) == stored_note(entry):
            return False
        self.note_edited.emit(entry["result_id"], str(value))
        return True


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


class ResultCommand(QUndoCommand):
    """One answer (result, note and, in a scored check, the points chosen) of one item;
    undo puts the previous one back."""

    def __init__(
        self,
        panel: ChecklistPanel,
        check_id: str,
        result_id: str,
        before: tuple,
        after: tuple,
        text: str,
    ):
        super().__init__(text)
        self.panel = panel
        self.check_id = check_id
        self.result_id = result_id
        self.before = before
        self.after = after

    def redo(self) -> None:
        self.panel.apply_result(self.check_id, self.result_id, *self.after)

    def undo(self) -> None:
        self.panel.apply_result(self.check_id, self.result_id, *self.before)


class ScopeCommand(QUndoCommand):
    """A check's scope change with the answers it made; undo puts those answers back."""

    def __init__(
        self,
        panel: ChecklistPanel,
        check_id: str,
        before: dict | None,
        after: dict | None,
        text: str,
    ):
        super().__init__(text)
        self.panel = panel
        self.check_id = check_id
        self.before = before
        self.after = after
        self.changed: list[dict[str, Any]] = []

    def redo(self) -> None:
        self.changed = self.panel.apply_scope(self.check_id, self.after)

    def undo(self) -> None:
        self.panel.apply_scope(self.check_id, self.before, restore=self.changed)


class ChecklistPanel(QWidget):
    """Checks of the visit: add one, answer it, see progress and the current item's photos.

    ``result_changed`` (result_id, old result, new result) lets the editor keep
    the problem proposals in step; ``error`` carries messages for the status line.
    """

    result_changed = Signal(str, str, str)
    note_changed = Signal(str)
    error = Signal(str)

    def __init__(self, store: Store, undo_stack: QUndoStack, parent=None):
        super().__init__(parent)
        self.store = store
        self.undo_stack = undo_stack
        self.visit: dict[str, Any] | None = None
        self.models: dict[str, ChecklistModel] = {}
        self.read_only = False
        self.rendition_task = None  # print renditions of the photos added last
        self.setObjectName("checklistPanel")
        self._build()

    # -- layout -------------------------------------------------------------

    def _build(self) -> None:
        self.template_combo = QComboBox(self)
        self.template_combo.setObjectName("templateCombo")
        for row in stored_templates.list_templates(self.store, limit=100):
            title = i18n.pick(row["title_zh"], row["title_en"])
            if self.template_combo.findData(row["id"]) < 0:
                label = title if row["standard"] in title else f"{title}（{row['standard']}）"
                self.template_combo.addItem(label, row["id"])
        self.template_combo.setCurrentIndex(max(0, self.template_combo.findData(DEFAULT_TEMPLATE)))
        self.add_button = QPushButton(self.tr("添加检查表"), self)
        self.add_button.setObjectName("addCheck")
        self.add_button.setToolTip(self.tr("用左侧选择的模板开始一张检查表（Ctrl+T）"))
        self.add_button.clicked.connect(self.add_check)
        self.check_combo = QComboBox(self)
        self.check_combo.setObjectName("checkCombo")
        self.check_combo.currentIndexChanged.connect(self._show_current_check)
        # Long template titles would set the editor's minimum width: elide them instead.
        for combo in (self.template_combo, self.check_combo):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(14)
            combo.setToolTip(combo.currentText())
        self.copy_button = QPushButton(self.tr("复制上次结果"), self)
        self.copy_button.setObjectName("copyPrevious")
        self.copy_button.setToolTip(
            self.tr("把该企业上次的检查结果填为建议，逐项按 Enter 确认（Ctrl+Shift+C）")
        )
        self.copy_button.clicked.connect(self.copy_previous)
        self.unanswered_box = QCheckBox(self.tr("只看未作答"), self)
        self.unanswered_box.setObjectName("unansweredOnly")
        self.unanswered_box.setToolTip(self.tr("只显示尚未作答的检查项（Ctrl+U）"))
        self.unanswered_box.toggled.connect(self.apply_filter)
        self.progress = QLabel(self)
        self.progress.setObjectName("checkProgress")
        self.score_label = QLabel(self)
        self.score_label.setObjectName("checkScore")
        self.score_label.setTextFormat(Qt.TextFormat.RichText)
        self.scope_bar = self._build_scope_bar()

        self.view = ChecklistView(self)
        self.view.result_key.connect(self._result_key)
        self.view.points_key.connect(self.step_points)
        self.view.confirm_key.connect(self._confirm_key)
        self.view.files_dropped.connect(self._row_files_dropped)
        self.view.note_requested.connect(self.edit_note)
        self.key_legend = QLabel(self)
        self.key_legend.setObjectName("keyLegend")
        self.key_legend.setStyleSheet("color: #4a5568;")
        self.note_edit = NoteEditor(self)
        self.note_edit.setPlaceholderText(self.tr("当前检查项的说明（可多行）"))
        self.note_edit.commit.connect(self.commit_note)
        self.note_edit.leave.connect(lambda: self.view.setFocus(Qt.FocusReason.OtherFocusReason))
        self._note_of: tuple[ChecklistModel, int] | None = None  # whose note the editor shows

        self.detail = QLabel(self)
        self.detail.setObjectName("itemDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.photos = PhotoStrip(self)
        self.photos.setObjectName("itemPhotos")
        self.photos.setFixedHeight(150)
        self.photos.files_dropped.connect(self._strip_files_dropped)
        self.photos.caption_edited.connect(self._caption_edited)
        self.photos.attach(self.store, self.undo_stack)
        self.photos.changed.connect(self._photos_changed)
        self.photos.error.connect(self.error)
        self.photo_button = QPushButton(self.tr("添加照片…"), self)
        self.photo_button.setObjectName("addItemPhoto")
        self.photo_button.setToolTip(self.tr("为当前检查项添加照片（Ctrl+P，也可把文件拖到该行）"))
        self.photo_button.clicked.connect(self.add_photo_dialog)
        self.measure_button = QPushButton(self.tr("测算…"), self)
        self.measure_button.setObjectName("measureItem")
        self.measure_button.setToolTip(
            self.tr("输入实测数值，由软件按标准判定当前项并写出算式（Ctrl+M）")
        )
        self.measure_button.clicked.connect(self.measure_dialog)

        top = QHBoxLayout()
        top.addWidget(self.template_combo, 1)
        top.addWidget(self.add_button)
        top.addSpacing(12)
        top.addWidget(QLabel(self.tr("检查表："), self))
        top.addWidget(self.check_combo, 1)
        top.addWidget(self.copy_button)
        status = QHBoxLayout()
        status.addWidget(self.progress, 1)
        status.addWidget(self.unanswered_box)

        bottom = QWidget(self)
        bottom_row = QHBoxLayout(bottom)
        bottom_row.setContentsMargins(0, 0, 0, 0)
        bottom_row.addWidget(self.detail, 1)
        photo_col = QVBoxLayout()
        photo_col.addWidget(self.photos)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.measure_button)
        buttons.addWidget(self.photo_button)
        photo_col.addLayout(buttons)
        bottom_row.addLayout(photo_col, 1)
        note_column = QWidget(self)
        note_layout = QVBoxLayout(note_column)
        note_layout.setContentsMargins(0, 0, 0, 0)
        note_title = QLabel(self.tr("说明（F2 编辑，Esc 返回表格）"), note_column)
        note_title.setBuddy(self.note_edit)
        note_layout.addWidget(note_title)
        note_layout.addWidget(self.note_edit, 1)
        table_and_note = QSplitter(Qt.Orientation.Horizontal, self)
        table_and_note.addWidget(self.view)
        table_and_note.addWidget(note_column)
        table_and_note.setStretchFactor(0, 3)
        table_and_note.setStretchFactor(1, 1)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(table_and_note)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.scope_bar)
        layout.addLayout(status)
        layout.addWidget(self.score_label)
        layout.addWidget(self.key_legend)
        layout.addWidget(splitter, 1)
        self.setFocusProxy(self.view)
        self._update_enabled()

    def _build_scope_bar(self) -> QWidget:
        """Facility types and HW class of the site: the items they rule out are "not applicable"."""
        bar = QWidget(self)
        bar.setObjectName("scopeBar")
        row = QHBoxLayout(bar)
        row.setContentsMargins(0, 0, 0, 0)
        title = QLabel(self.tr("检查范围："), bar)
        title.setToolTip(
            self.tr(
                "企业现有的贮存设施类型和危废管理类别；只适用于其他类型的检查项自动标为"
                "“不适用”，已作答的项不变。新检查表沿用该企业上次的范围。"
            )
        )
        row.addWidget(title)
        self.scope_boxes: dict[str, QCheckBox] = {}
        for code in vocab.FACILITY_TYPES:
            box = QCheckBox(vocab.label(vocab.FACILITY_TYPES, code), bar)
            box.setObjectName(f"scope_{code}")
            box.toggled.connect(self._scope_edited)
            self.scope_boxes[code] = box
            row.addWidget(box)
        row.addSpacing(12)
        row.addWidget(QLabel(self.tr("危废管理类别："), bar))
        self.class_combo = QComboBox(bar)
        self.class_combo.setObjectName("scopeClass")
        self.class_combo.setToolTip(
            self.tr(
                "HJ 1259-2022 按生产场所划分：年产生危废≥100 吨、自建利用处置设施或持有"
                "经营许可证的为重点监管单位；其余≥10 吨/年为简化管理单位，<10 吨/年为"
                "登记管理单位"
            )
        )
        self.class_combo.addItem(self.tr("未设定"), "")
        for code in vocab.HW_MANAGEMENT_CLASSES:
            self.class_combo.addItem(vocab.label(vocab.HW_MANAGEMENT_CLASSES, code), code)
        self.class_combo.currentIndexChanged.connect(self._scope_edited)
        row.addWidget(self.class_combo)
        row.addStretch(1)
        return bar

    def scope_of_widgets(self) -> dict[str, Any] | None:
        scope: dict[str, Any] = {}
        types = [code for code, box in self.scope_boxes.items() if box.isChecked()]
        if types:
            scope["facility_types"] = types
        if self.class_combo.currentData():
            scope["management_class"] = self.class_combo.currentData()
        return scope or None

    def _show_scope(self, model: ChecklistModel | None) -> None:
        """Put the check's stored scope into the widgets (without treating it as an edit)."""
        self.scope_bar.setVisible(model is not None and model.check.get("scoped", False))
        scope = (model.check.get("scope") if model else None) or {}
        for code, box in self.scope_boxes.items():
            box.blockSignals(True)
            box.setChecked(code in scope.get("facility_types", []))
            box.blockSignals(False)
        self.class_combo.blockSignals(True)
        self.class_combo.setCurrentIndex(
            max(0, self.class_combo.findData(scope.get("management_class", "")))
        )
        self.class_combo.blockSignals(False)

    def _scope_edited(self) -> None:
        model = self.current_model()
        if model is None or self.read_only:
            return
        after = self.scope_of_widgets()
        before = model.check.get("scope")
        if after == before:
            return
        text = check_answers.scope_text(after) or self.tr("不限")
        self.undo_stack.push(
            ScopeCommand(
                self,
                model.check["id"],
                before,
                after,
                self.tr("检查范围改为 {scope}").format(scope=text),
            )
        )

    def apply_scope(
        self, check_id: str, scope: dict | None, restore: list[dict[str, Any]] | None = None
    ) -> list[dict[str, Any]]:
        """Set a check's scope through the core and show it (used by undo and redo).

        Returns the answers the change made (what undo restores).
        """
        model = self.models.get(check_id)
        if model is None:
            return []
        try:
            outcome = check_answers.set_scope(self.store, check_id, scope, restore=restore)
        except Exception as exc:  # a StateError (final visit) or ValidationError: say so
            self.error.emit(str(exc))
            self._show_scope(self.current_model())
            return []
        old = {entry["result_id"]: entry["result"] for entry in model.items()}
        model.check["scope"] = outcome["scope"]
        model.reload()
        if model is self.current_model():
            self._show_scope(model)
            self._layout_table(model)
            self.apply_filter()
            self._update_progress()
        for entry in model.items():
            if old.get(entry["result_id"]) != entry["result"]:
                self.result_changed.emit(
                    entry["result_id"], old[entry["result_id"]], entry["result"]
                )
        return outcome["changed"]

    # -- loading ------------------------------------------------------------

    def set_visit(self, visit: dict[str, Any] | None) -> None:
        enterprise_changed = (self.visit or {}).get("enterprise_id") != (visit or {}).get(
            "enterprise_id"
        )
        self.visit = visit
        if visit is None:
            return
        current = {c["id"] for c in check_answers.list_checks(self.store, visit["id"])}
        if enterprise_changed or set(self.models) != current:
            self.load_checks()
        self._update_enabled()

    def load_checks(self, select: str | None = None) -> None:
        self.models.clear()
        self.check_combo.blockSignals(True)
        self.check_combo.clear()
        if self.visit:
            for check in check_answers.list_checks(self.store, self.visit["id"]):
                previous = previous_answers.previous_results(
                    self.store,
                    self.visit["enterprise_id"],
                    check["template_id"],
                    before_visit_id=self.visit["id"],
                )
                model = ChecklistModel(self.store, check, previous, self)
                model.read_only = self.read_only
                model.note_edited.connect(
                    lambda rid, text, m=model: self._note_edited(m, rid, text)
                )
                self.models[check["id"]] = model
                self.check_combo.addItem(check["title"], check["id"])
        self.check_combo.blockSignals(False)
        if select:
            self.check_combo.setCurrentIndex(self.check_combo.findData(select))
        self._show_current_check()

    def current_model(self) -> ChecklistModel | None:
        return self.models.get(self.check_combo.currentData())

    def all_items(self) -> list[dict[str, Any]]:
        return [entry for model in self.models.values() for entry in model.items()]

    def _show_current_check(self) -> None:
        self.commit_note()
        self._note_of = None
        model = self.current_model()
        old = self.view.selectionModel()
        self.view.setModel(model)
        if old is not None:
            old.deleteLater()
        self._show_scope(model)
        if model is None:
            self._update_progress()
            self._update_enabled()
            return
        self.view.selectionModel().currentRowChanged.connect(self._current_row_changed)
        self._layout_table(model)
        self.apply_filter()
        self.view.first_item()
        self._update_progress()
        self._update_enabled()

    def _show_key_legend(self, model: ChecklistModel | None) -> None:
        legend = self.tr(
            "按键：1/Y 符合　2/N 不符合　3/A 不适用　0/X 未检查　退格 清除　"
            "Enter 确认建议　F2 编辑说明　Ctrl+M 测算　Ctrl+P 照片"
        )
        if model is not None and model.check.get("scored"):
            legend = self.tr(
                "按键：1/Y 满分　2/N 最低分　−/+ 减/加分　3/A 不适用　0/X 未检查　"
                "退格 清除　Enter 确认建议　F2 说明　Ctrl+P 照片"
            )
        self.key_legend.setText(legend)

    def _layout_table(self, model: ChecklistModel) -> None:
        self.view.clearSpans()
        for row, entry in enumerate(model.rows):
            if entry["kind"] == "category":
                self.view.setSpan(row, 0, 1, len(COLUMNS))
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in zip(
            range(len(COLUMNS)), (118, 360, 56, 62, 165, 160, 56, 180, 44), strict=True
        ):
            self.view.setColumnWidth(column, width)
        self.view.setColumnHidden(COL["points"], not model.check.get("scored"))
        # An assessment whose items rest on law articles has no clause numbers to show.
        self.view.setColumnHidden(COL["clause"], not any(e["clause"] for e in model.items()))
        self._show_key_legend(model)
        header.setSectionResizeMode(COL["requirement"], QHeaderView.ResizeMode.Stretch)
        self.view.resizeRowsToContents()

    # -- actions ------------------------------------------------------------

    def add_check(self) -> str | None:
        if self.visit is None or self.read_only:
            self.error.emit(self.tr("请先选择企业（保存草稿后才能添加检查表）。"))
            return None
        template_id = self.template_combo.currentData()
        check = check_answers.start_check(self.store, self.visit["id"], template_id)
        self.load_checks(select=check["id"])
        self.view.setFocus()
        return check["id"]

    def copy_previous(self) -> int:
        model = self.current_model()
        if model is None or self.read_only:
            return 0
        copied = previous_answers.copy_previous(self.store, model.check["id"])
        model.reload()
        self._layout_table(model)
        self.apply_filter()
        self.view.first_item()
        self._update_progress()
        if not copied:
            self.error.emit(self.tr("该企业没有可复制的上次检查结果。"))
        return copied

    def export_self_form(self) -> Path | None:
        """Save the current assessment's self-assessment form (.xlsx) for the enterprise."""
        from envhelp.io.self_assessment import write_form

        model = self.current_model()
        if model is None or not model.check.get("scored"):
            self.error.emit(self.tr("当前检查表不计分，没有企业自评表。"))
            return None
        target = ask_save_file(
            self,
            self.tr("导出企业自评表"),
            SELF_ASSESSMENT_DIR_KEY,
            self.tr("{title}（企业自评）.xlsx").format(title=model.check["title"]),
            self.tr("Excel 工作簿 (*.xlsx)"),
            ".xlsx",
        )
        if target is None:
            return None
        try:
            return write_form(
                self.store, model.check["template_id"], target, model.check["template_version"]
            )
        except (EnvHelpError, OSError) as exc:
            self.error.emit(str(exc))
            return None

    def import_self_assessment_dialog(self) -> int:
        """Ask for the enterprise's filled-in self-assessment and import it as suggestions."""
        if self.current_model() is None or self.read_only:
            return 0
        files = ask_open_files(
            self, self.tr("导入企业自评"), SELF_ASSESSMENT_DIR_KEY, self.tr("Excel 工作簿 (*.xlsx)")
        )
        return self.import_self_assessment(files[0]) if files else 0

    def import_self_assessment(self, path: Path) -> int:
        """Self-assessed scores as suggestions on the current check (confirmed with Enter,
        like copied previous answers). Returns how many items got one; a bad file is
        refused with every bad row named on the status line."""
        from envhelp.io.self_assessment import import_self_assessment

        model = self.current_model()
        if model is None or self.read_only:
            return 0
        try:
            outcome = import_self_assessment(self.store, model.check["id"], path)
        except EnvHelpError as exc:
            self.error.emit(str(exc))
            return 0
        model.reload()
        self._layout_table(model)
        self.apply_filter()
        self.view.first_item()
        self._update_progress()
        message = self.tr("已导入企业自评 {n} 项，逐项按 Enter 确认。").format(
            n=outcome["suggested"]
        )
        if outcome["skipped"]:
            message += self.tr("已作答或已有建议的 {n} 项未改动。").format(
                n=len(outcome["skipped"])
            )
        self.error.emit(message)
        return outcome["suggested"]

    def toggle_unanswered(self) -> None:
        self.unanswered_box.toggle()

    def apply_filter(self) -> None:
        model = self.current_model()
        if model is None:
            return
        only = self.unanswered_box.isChecked()
        header_row = None
        header_visible = False
        for row, entry in enumerate(model.rows):
            if entry["kind"] == "category":
                if header_row is not None:
                    self.view.setRowHidden(header_row, not header_visible)
                header_row, header_visible = row, False
                continue
            hidden = only and entry["result"] != "unanswered"
            self.view.setRowHidden(row, hidden)
            header_visible = header_visible or not hidden
        if header_row is not None:
            self.view.setRowHidden(header_row, not header_visible)
        current = self.view.currentIndex()
        if not current.isValid() or self.view.isRowHidden(current.row()):
            self.view.first_item()

    def mark(self, row: int, result: str, *, advance: bool = True) -> None:
        """Answer the item in ``row`` (undoable) and move on to the next item."""
        model = self.current_model()
        entry = model.entry(row) if model else None
        if entry is None or self.read_only:
            return
        note = entry["note"]
        if result != "unanswered":
            note = check_answers.strip_suggestion(note)
        partial = chosen_points(entry) not in (None, scoring.entry_points(entry, result, None))
        if (entry["result"], entry["note"]) != (result, note) or partial:
            self.undo_stack.push(
                ResultCommand(
                    self,
                    model.check["id"],
                    entry["result_id"],
                    answer_of(entry),
                    (result, note, None),
                    self.tr("{code} 标为“{result}”").format(
                        code=entry["code"], result=check_answers.result_label(result)
                    ),
                )
            )
        if advance:
            self.view.next_item(row)

    def step_points(self, row: int, step: int) -> None:
        """-/+ on a scored item: the next option with fewer (+1) or more (-1) points.

        From an item not yet scored, "-" gives the first score below full points (the
        officer has 1/Y for full points) and "+" full points. Undoable; the cursor stays.
        """
        model = self.current_model()
        entry = model.entry(row) if model else None
        if entry is None or self.read_only or entry.get("max_points") is None:
            return
        values = [scoring.plain(scoring.Decimal(str(o["points"]))) for o in entry["score_options"]]
        scored = entry["result"] in ("compliant", "non_compliant") and entry["points"] in values
        position = values.index(entry["points"]) + step if scored else max(0, step)
        position = min(max(position, 0), len(values) - 1)
        points = values[position]
        if scored and points == entry["points"]:
            return
        note = check_answers.strip_suggestion(entry["note"])
        self.undo_stack.push(
            ResultCommand(
                self,
                model.check["id"],
                entry["result_id"],
                answer_of(entry),
                ("", note, points),
                self.tr("{code} 得 {points} 分").format(
                    code=entry["code"], points=scoring.points_text(points)
                ),
            )
        )

    def _result_key(self, row: int, result: str) -> None:
        self.mark(row, result, advance=result != "unanswered")

    def _confirm_key(self, row: int) -> None:
        model = self.current_model()
        entry = model.entry(row) if model else None
        if entry is None:
            return
        suggested = entry.get("suggested")
        if suggested and suggested.get("points") is not None and entry.get("max_points"):
            self.undo_stack.push(
                ResultCommand(
                    self,
                    model.check["id"],
                    entry["result_id"],
                    answer_of(entry),
                    ("", check_answers.strip_suggestion(entry["note"]), suggested["points"]),
                    self.tr("{code} 确认自评 {points} 分").format(
                        code=entry["code"], points=scoring.points_text(suggested["points"])
                    ),
                )
            )
            self.view.next_item(row)
        elif suggested:
            self.mark(row, suggested["result"])
        else:
            self.view.next_item(row)

    def _note_edited(self, model: ChecklistModel, result_id: str, text: str) -> None:
        entry = model.entry(model.row_of(result_id))
        note = text
        if entry.get("suggested"):  # keep the suggestion's marker until it is confirmed
            note = check_answers.suggestion_prefix(entry["note"]) + text
        before = answer_of(entry)
        self.undo_stack.push(
            ResultCommand(
                self,
                model.check["id"],
                result_id,
                before,
                (before[0], note, before[2]),
                self.tr("{code} 修改说明").format(code=entry["code"]),
            )
        )

    def apply_result(
        self, check_id: str, result_id: str, result: str, note: str, points: Any = None
    ) -> None:
        """Write one answer through the core and show it (used by undo and redo).

        ``points`` (a scored item's chosen option) answers through ``check_answers.set_points``,
        which sets the result that goes with them."""
        model = self.models.get(check_id)
        if model is None:
            return
        entry = model.entry(model.row_of(result_id))
        old = entry["result"]
        old_note = entry["note"]
        try:
            if points is not None:
                stored = check_answers.set_points(self.store, result_id, points, note)
            else:
                stored = check_answers.set_result(self.store, result_id, result, note)
        except Exception as exc:  # a ValidationError (note too long) or StateError: say so
            self.error.emit(str(exc))
            return
        model.update_entry(stored)
        if model is self.current_model():
            self.apply_filter()
            self._update_progress()
            self._current_row_changed(self.view.currentIndex())
        if old != stored["result"]:
            self.result_changed.emit(result_id, old, stored["result"])
        elif old_note != stored["note"]:
            self.note_changed.emit(result_id)

    # -- numeric checks -----------------------------------------------------

    def measure_dialog(self) -> bool:
        """Measure the current item (Ctrl+M); True when its answer was taken."""
        from envhelp.gui.visit_editor.measure import MeasureDialog

        entry = self.current_entry()
        if entry is None or self.read_only:
            return False
        if not entry.get("measure"):
            self.error.emit(self.tr("当前检查项没有测算规则。"))
            return False
        dialog = MeasureDialog(self.store, entry, self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.measurement is None:
            return False
        self.answer_measured(entry, dialog.measurement)
        return True

    def _update_measure_button(self) -> None:
        entry = self.current_entry()
        self.measure_button.setEnabled(
            bool(entry and entry.get("measure"))
            and self.visit is not None
            and not self.read_only
            and not self.store.read_only
        )

    def answer_measured(self, entry: dict[str, Any], measurement: measures.Measurement) -> None:
        """Answer an item with a measurement's verdict and note (undoable)."""
        model = self.current_model()
        note = measures.merged_note(check_answers.strip_suggestion(entry["note"]), measurement.note)
        self.undo_stack.push(
            ResultCommand(
                self,
                model.check["id"],
                entry["result_id"],
                answer_of(entry),
                (measurement.result, note[: check_answers.NOTE_MAX], None),
                self.tr("{code} 按测算标为“{result}”").format(
                    code=entry["code"], result=check_answers.result_label(measurement.result)
                ),
            )
        )

    # -- photos -------------------------------------------------------------

    def current_entry(self) -> dict[str, Any] | None:
        model = self.current_model()
        return model.entry(self.view.currentIndex().row()) if model else None

    def add_photo_dialog(self) -> None:
        if self.current_entry() is None or self.read_only:
            return
        files = ask_open_files(
            self,
            self.tr("添加检查项照片"),
            PHOTO_DIR_KEY,
            self.tr("图片 (*.jpg *.jpeg *.png *.heic *.bmp *.gif);;所有文件 (*)"),
        )
        if files:
            self.add_photos(self.view.currentIndex().row(), files)

    def add_photos(self, row: int, files: list[Path]) -> list[dict[str, Any]]:
        model = self.current_model()
        entry = model.entry(row) if model else None
        if entry is None or self.read_only:
            return []
        added = []
        for path in files:
            try:
                added.append(
                    check_answers.add_photo(self.store, entry["result_id"], path, rendition=False)
                )
            except Exception as exc:  # ValidationError (file missing) or StateError
                self.error.emit(str(exc))
        self._reread_photos(model, entry["result_id"])
        self.rendition_task = make_renditions_in_background(self.store, added)
        if row == self.view.currentIndex().row():
            self._current_row_changed(self.view.currentIndex())
        return added

    def _item_attachments(self, result_id: str) -> list[dict[str, Any]]:
        from envhelp.domain import attachments

        return attachments.list_for(self.store, check_result_id=result_id)

    def _photos_changed(self) -> None:
        """A photo of the current item removed, put back or moved: re-read its photos."""
        entry = self.current_entry()
        if entry is not None:
            self.photos.set_attachments(
                self.store, self._reread_photos(self.current_model(), entry["result_id"])
            )

    def _reread_photos(self, model: ChecklistModel, result_id: str) -> list[dict[str, Any]]:
        """An item's photos read again into its row (the count column); returns them."""
        rows = self._item_attachments(result_id)
        model.set_photos(
            result_id, [{k: r[k] for k in ("id", "filename", "caption", "mime")} for r in rows]
        )
        return rows

    def _row_files_dropped(self, row: int, files: list) -> None:
        self.add_photos(row, files)

    def _strip_files_dropped(self, files: list) -> None:
        self.add_photos(self.view.currentIndex().row(), files)

    def _caption_edited(self, attachment_id: str, caption: str) -> None:
        from envhelp.domain import attachments

        try:
            attachments.set_caption(self.store, attachment_id, caption)
        except Exception as exc:
            self.error.emit(str(exc))

    # -- display ------------------------------------------------------------

    # -- the note editor ----------------------------------------------------

    def edit_note(self) -> None:
        """F2 / double-click: the cursor into the current item's note."""
        if self.current_entry() is None:
            return
        self.note_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.note_edit.moveCursor(self.note_edit.textCursor().MoveOperation.End)

    def commit_note(self) -> None:
        """Keep the note editor's text as the note of the item it shows (undoable)."""
        if self._note_of is None or self.read_only:
            return
        model, row = self._note_of
        entry = model.entry(row)
        if entry is not None:
            text = note_to_store(entry, self.note_edit.toPlainText())
            model.setData(model.index(row, COL["note"]), text)

    def _show_note(self, row: int, entry: dict[str, Any] | None) -> None:
        self._note_of = (self.current_model(), row) if entry is not None else None
        self.note_edit.blockSignals(True)
        self.note_edit.setPlainText(display_note(entry) if entry else "")
        self.note_edit.blockSignals(False)
        self.note_edit.setEnabled(entry is not None)

    def _current_row_changed(self, index) -> None:
        if self._note_of != (self.current_model(), index.row()):
            self.commit_note()  # a note being typed belongs to the row it was typed on
        entry = self.current_model().entry(index.row()) if self.current_model() else None
        self._show_note(index.row(), entry)
        self._update_measure_button()
        if entry is None:
            self.detail.clear()
            self.photos.set_attachments(self.store, [])
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
        self.detail.setText("<br>".join(parts))
        self.photos.set_attachments(self.store, self._item_attachments(entry["result_id"]))

    def figures(self) -> dict[str, Any] | None:
        model = self.current_model()
        return check_totals.figures(self.store, model.check["id"]) if model else None

    def _update_progress(self) -> None:
        fig = self.figures()
        if fig is None:
            self.progress.setText(self.tr("尚未添加检查表。按 Ctrl+T 用所选模板开始检查。"))
            return
        answered = fig["items"] - fig["unanswered"]
        rate = "—" if fig["rate"] is None else f"{fig['rate'] * 100:.1f}%"
        self.progress.setText(
            self.tr(
                "已作答 {answered}/{total}　符合 {ok}　不符合 {bad}（重大 {major}，一般 {minor}）"
                "　不适用 {na}　未检查 {nc}　符合率 {rate}"
            ).format(
                answered=answered,
                total=fig["items"],
                ok=fig["compliant"],
                bad=fig["non_compliant"],
                major=fig["non_compliant_major"],
                minor=fig["non_compliant_minor"],
                na=fig["not_applicable"],
                nc=fig["not_checked"],
                rate=rate,
            )
        )
        self._update_score()

    def _update_score(self) -> None:
        """The running score of a scored assessment (hidden for other checks)."""
        model = self.current_model()
        figures = check_totals.score_figures(self.store, model.check["id"]) if model else None
        self.score_label.setVisible(figures is not None)
        if figures is None:
            return
        self.score_label.setText(self._score_text(figures))

    def _score_text(self, figures: dict[str, Any]) -> str:
        """E.g. "得分 28/31（90.3%）　判定：达标" with the vetoes hit (rich text)."""
        percent = "—" if figures["percent"] is None else f"{figures['percent']:.1f}%"
        text = self.tr("得分 {score}/{maximum}（{percent}）").format(
            score=figures["score"], maximum=figures["max_score"], percent=percent
        )
        if figures["verdict"]:
            color = VERDICT_COLORS[figures["verdict"]]
            label = scoring.verdict_label(figures["verdict"])
            text += self.tr("　判定：") + f'<b style="color:{color}">{label}</b>'
        if figures["vetoes"]:
            text += self.tr("　否决项：{codes}").format(codes="、".join(figures["vetoes"]))
        return text

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.view.read_only = read_only
        self.photos.read_only = read_only
        set_view_only(self.note_edit, read_only)
        self.key_legend.setVisible(not read_only)  # no keys answer a final record
        for model in self.models.values():
            model.read_only = read_only
        self._update_enabled()

    def _update_enabled(self) -> None:
        editable = self.visit is not None and not self.read_only
        has_check = self.current_model() is not None
        self.template_combo.setEnabled(editable)
        self.add_button.setEnabled(editable)
        self.copy_button.setEnabled(editable and has_check)
        self.photo_button.setEnabled(editable and has_check)
        for widget in (*self.scope_boxes.values(), self.class_combo):
            widget.setEnabled(editable and has_check)
        self._update_measure_button()
        lock_if_read_only(
            self.store,
            self.template_combo,
            self.add_button,
            self.copy_button,
            self.photo_button,
            *self.scope_boxes.values(),
            self.class_combo,
        )
