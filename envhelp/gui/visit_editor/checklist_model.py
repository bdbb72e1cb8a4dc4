"""The checklist table's model: one row per item of a check, a header row per category,
and what a row shows (result, suggestion, points, note, photo count); an item's answer
as undo keeps it, and the undo command of one answer."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from envhelp.domain import applicability, check_answers, scoring, vocab
from envhelp.gui.qt import (
    QAbstractTableModel,
    QBrush,
    QColor,
    QFont,
    QModelIndex,
    Qt,
    QUndoCommand,
    Signal,
)
from envhelp.gui.visit_editor.checklist_scoring import options_text, points_text
from envhelp.storage import Store

if TYPE_CHECKING:
    from envhelp.gui.visit_editor.checklist import ChecklistPanel

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


def chosen_points(entry: dict[str, Any]) -> int | float | None:
    """The points a scored item earns as answered (None: unscored, unanswered, not applicable)."""
    if entry.get("max_points") is None or entry["result"] not in ("compliant", "non_compliant"):
        return None
    return entry["points"]


def answer_of(entry: dict[str, Any]) -> tuple[str, str, Any]:
    """(result, note, points) of an item as it stands: what undo puts back."""
    return (entry["result"], entry["note"], chosen_points(entry))


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
