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

from typing import Any

from envhelp import i18n
from envhelp.domain import (
    check_answers,
    check_totals,
    measures,
    previous_answers,
    scoring,
    stored_templates,
)
from envhelp.gui.qt import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    Qt,
    QUndoStack,
    QVBoxLayout,
    QWidget,
    Signal,
)
from envhelp.gui.visit_editor.checklist_detail import ItemDetail, NoteEditor
from envhelp.gui.visit_editor.checklist_model import (
    COL,
    COLUMNS,
    ChecklistModel,
    ResultCommand,
    answer_of,
    chosen_points,
    display_note,
    note_to_store,
)
from envhelp.gui.visit_editor.checklist_photos import ItemPhotos
from envhelp.gui.visit_editor.checklist_scope import ScopeBar, ScopeCommand
from envhelp.gui.visit_editor.checklist_scoring import ScoreLine
from envhelp.gui.visit_editor.checklist_self_assessment import SelfAssessmentForms
from envhelp.gui.visit_editor.checklist_view import ChecklistView
from envhelp.gui.widgets import lock_if_read_only, set_view_only
from envhelp.storage import Store

DEFAULT_TEMPLATE = "gb18597-2023-storage"


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
        self.score_label = ScoreLine(self)
        self.self_assessment = SelfAssessmentForms(self)
        self.scope_bar = ScopeBar(self)
        self.scope_bar.edited.connect(self._scope_edited)

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

        self.detail = ItemDetail(self)
        self.item_photos = ItemPhotos(self.store, self.undo_stack, self)
        self.item_photos.counted.connect(self._photos_counted)
        self.item_photos.error.connect(self.error)
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
        self.item_photos.buttons.insertWidget(1, self.measure_button)
        bottom_row.addWidget(self.item_photos, 1)
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

    def _show_scope(self, model: ChecklistModel | None) -> None:
        self.scope_bar.setVisible(model is not None and model.check.get("scoped", False))
        self.scope_bar.show_scope(model.check.get("scope") if model else None)

    def _scope_edited(self) -> None:
        model = self.current_model()
        if model is None or self.read_only:
            return
        after = self.scope_bar.scope()
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
        self.key_legend.setText(self.view.key_legend(bool(model.check.get("scored"))))
        header.setSectionResizeMode(COL["requirement"], QHeaderView.ResizeMode.Stretch)
        self.view.resizeRowsToContents()

    def show_reloaded(self, model: ChecklistModel) -> None:
        """Read a check's answers again after the core changed many at once."""
        model.reload()
        self._layout_table(model)
        self.apply_filter()
        self.view.first_item()
        self._update_progress()

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
        self.show_reloaded(model)
        if not copied:
            self.error.emit(self.tr("该企业没有可复制的上次检查结果。"))
        return copied

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

    # -- the current item ---------------------------------------------------

    def current_entry(self) -> dict[str, Any] | None:
        model = self.current_model()
        return model.entry(self.view.currentIndex().row()) if model else None

    def _row_files_dropped(self, row: int, files: list) -> None:
        model = self.current_model()
        entry = model.entry(row) if model else None
        if entry is not None and not self.read_only:
            self.item_photos.add(entry["result_id"], files)

    def _photos_counted(self, result_id: str, photos: list[dict[str, Any]]) -> None:
        model = self.current_model()
        if model is not None and model.row_of(result_id) >= 0:
            model.set_photos(result_id, photos)

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
        self.detail.show_entry(entry)
        self.item_photos.show_item(entry["result_id"] if entry else None)

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
        model = self.current_model()
        self.score_label.show_figures(
            check_totals.score_figures(self.store, model.check["id"]) if model else None
        )

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.view.read_only = read_only
        self.item_photos.set_read_only(read_only)
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
        self.item_photos.add_button.setEnabled(editable and has_check)
        for widget in self.scope_bar.widgets():
            widget.setEnabled(editable and has_check)
        self._update_measure_button()
        lock_if_read_only(
            self.store,
            self.template_combo,
            self.add_button,
            self.copy_button,
            self.item_photos.add_button,
            *self.scope_bar.widgets(),
        )
