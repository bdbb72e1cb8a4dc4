"""The visit editor window: header form, checklists, problems, follow-up, photos, amendments.

Drafts save themselves: each field change restarts a 500 ms timer and the
whole form is then written through ``visits.create`` / ``visits.update``. A
ValidationError is shown under the field at fault and the rest of the form is
still saved (the field keeps what was typed). Finalizing (Ctrl+Enter) lists
what is missing, applies the follow-up decisions and calls ``visits.finalize``
in one transaction; a final visit is shown read-only and can only be amended.
Unrecorded problems (edited proposals, free problems, dismissals) are kept with
``problem_drafts`` on their own timer of the same delay, so a crash loses at most
the last half second of typing; finalizing refuses while any is unrecorded.
"""

from __future__ import annotations

from typing import Any

from envhelp import i18n
from envhelp.domain import (
    attachments,
    check_answers,
    check_totals,
    enterprises,
    followups,
    officers,
    problem_drafts,
    visits,
    vocab,
)
from envhelp.errors import EnvHelpError, ValidationError
from envhelp.gui import pdf_export
from envhelp.gui.dialogs.files import PHOTO_DIR_KEY, ask_open_files
from envhelp.gui.geometry import place_window
from envhelp.gui.qt import (
    QAction,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSize,
    QStatusBar,
    Qt,
    QTabWidget,
    QTimer,
    QUndoStack,
    QVBoxLayout,
    QWidget,
    Signal,
)
from envhelp.gui.visit_editor.amend import AmendDialog, history_text
from envhelp.gui.visit_editor.checklist import ChecklistPanel
from envhelp.gui.visit_editor.common import PhotoStrip, make_renditions_in_background
from envhelp.gui.visit_editor.followup import FollowupPanel
from envhelp.gui.visit_editor.form import VisitForm
from envhelp.gui.visit_editor.problems_panel import ProblemsPanel
from envhelp.gui.widgets import ErrorLabel, lock_if_read_only, set_view_only
from envhelp.storage import Store

SAVE_DELAY_MS = 500
TAB_FORM, TAB_CHECKS, TAB_PROBLEMS, TAB_FOLLOWUP, TAB_PHOTOS, TAB_HISTORY = range(6)
CONFIRMED = (QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.Ok)


class VisitEditor(QMainWindow):
    """Edit one visit. ``visit_id`` None starts a new draft (saved once an enterprise is chosen)."""

    saved = Signal(str)  # visit id, after every save
    closed = Signal()

    def __init__(
        self,
        store: Store,
        visit_id: str | None = None,
        parent: QWidget | None = None,
        *,
        enterprise_id: str | None = None,
    ):
        super().__init__(parent)
        if parent is not None:
            self.setWindowFlag(Qt.WindowType.Window, True)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.setObjectName("visitEditor")
        self.store = store
        self.visit: dict[str, Any] | None = None
        self.read_only = False
        self.field_errors: dict[str, str] = {}
        self.amend_dialog: AmendDialog | None = None
        self.rendition_task = None  # print renditions of the visit photos added last
        self.undo_stack = QUndoStack(self)
        self.save_timer = QTimer(self)
        self.save_timer.setSingleShot(True)
        self.save_timer.setInterval(SAVE_DELAY_MS)
        self.save_timer.timeout.connect(self.save_now)
        self.draft_timer = QTimer(self)  # problem drafts: the same rhythm as the form
        self.draft_timer.setSingleShot(True)
        self.draft_timer.setInterval(SAVE_DELAY_MS)
        self.draft_timer.timeout.connect(self.save_drafts)
        self._build()
        self._build_menus()
        place_window(self, "visit_editor", QSize(1320, 860))
        if store.read_only:  # a read-only database: every visit, even a draft, is a view
            self.set_read_only(True)
        if visit_id:
            self.load(visit_id)
        else:
            current = officers.current(store)
            if current:
                self.form.set_officers([current["id"]])
            if enterprise_id:
                self.form.enterprise.set_enterprise(enterprise_id)
                self.save_now()
        self._update_title()
        self.form.enterprise.setFocus()

    # -- construction -------------------------------------------------------

    def _build(self) -> None:
        self.form = VisitForm(self.store, self)
        self.form.changed.connect(self.schedule_save)
        self.form.enterprise_chosen.connect(lambda _: self.save_now())
        form_scroll = QScrollArea(self)
        form_scroll.setWidgetResizable(True)
        form_scroll.setWidget(self.form)
        form_scroll.setFocusProxy(self.form.enterprise)

        self.checklist = ChecklistPanel(self.store, self.undo_stack, self)
        self.checklist.result_changed.connect(self._result_changed)
        self.checklist.note_changed.connect(self._note_changed)
        self.checklist.error.connect(self.show_status)
        self.problems = ProblemsPanel(self.store, self)
        self.problems.error.connect(self.show_status)
        self.problems.registered.connect(lambda _: self._update_tab_titles())
        self.problems.drafts_changed.connect(self.schedule_drafts)
        self.followup = FollowupPanel(self.store, self)
        self.followup.applied.connect(lambda _: self.show_status(self.tr("回头看结论已应用。")))

        self.visit_photos = PhotoStrip(self)
        self.visit_photos.setObjectName("visitPhotos")
        self.visit_photos.files_dropped.connect(self.add_visit_photos)
        self.visit_photos.caption_edited.connect(self._caption_edited)
        self.visit_photos.attach(self.store, self.undo_stack)
        self.visit_photos.changed.connect(self._load_visit_photos)
        self.visit_photos.error.connect(self.show_status)
        self.visit_photo_button = QPushButton(self.tr("添加走访照片…"), self)
        self.visit_photo_button.setObjectName("addVisitPhoto")
        self.visit_photo_button.setToolTip(
            self.tr("添加现场照片（Ctrl+Shift+P，也可拖入文件）；F2 编辑说明")
        )
        self.visit_photo_button.clicked.connect(self.add_visit_photo_dialog)
        photos_page = QWidget(self)
        photos_layout = QVBoxLayout(photos_page)
        photos_layout.addWidget(
            QLabel(self.tr("走访现场照片（不属于某一检查项）。选中后按 F2 编辑说明。"), self)
        )
        photos_layout.addWidget(self.visit_photos, 1)
        photos_layout.addWidget(self.visit_photo_button, 0, Qt.AlignmentFlag.AlignRight)
        photos_page.setFocusProxy(self.visit_photos)

        self.history = QPlainTextEdit(self)
        self.history.setObjectName("amendmentHistory")
        self.history.setReadOnly(True)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("visitTabs")
        self.tabs.addTab(form_scroll, self.tr("基本信息"))
        self.tabs.addTab(self.checklist, self.tr("检查表"))
        self.tabs.addTab(self.problems, self.tr("问题"))
        self.tabs.addTab(self.followup, self.tr("回头看"))
        self.tabs.addTab(photos_page, self.tr("照片"))
        self.tabs.addTab(self.history, self.tr("修正记录"))
        for index in range(self.tabs.count()):
            self.tabs.setTabToolTip(index, f"Ctrl+{index + 1}")

        self.state_label = QLabel(self)
        self.state_label.setObjectName("visitState")
        font = self.state_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.state_label.setFont(font)
        self.finalize_button = QPushButton(self.tr("定稿…"), self)
        self.finalize_button.setObjectName("finalizeVisit")
        self.finalize_button.setToolTip(self.tr("检查是否完整并定稿（Ctrl+Enter）"))
        self.finalize_button.clicked.connect(self.finalize)
        self.amend_button = QPushButton(self.tr("修正…"), self)
        self.amend_button.setObjectName("amendVisit")
        self.amend_button.setToolTip(self.tr("更正定稿记录，须说明原因"))
        self.amend_button.clicked.connect(self.open_amend)
        self.missing = ErrorLabel(self)
        self.missing.setObjectName("missingList")

        top = QHBoxLayout()
        top.addWidget(self.state_label, 1)
        top.addWidget(self.amend_button)
        top.addWidget(self.finalize_button)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.addLayout(top)
        layout.addWidget(self.missing)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self.setStatusBar(QStatusBar(self))
        self.setTabOrder(self.form.notes, self.tabs)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        visit_menu = bar.addMenu(self.tr("走访(&V)"))
        self.save_action = self._action(
            visit_menu, self.tr("立即保存(&S)"), "Ctrl+S", self.save_now
        )
        self.finalize_action = self._action(visit_menu, self.tr("定稿(&F)…"), None, self.finalize)
        self.finalize_action.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        self.amend_action = self._action(visit_menu, self.tr("修正(&A)…"), None, self.open_amend)
        visit_menu.addSeparator()
        # Ctrl+P / Ctrl+Shift+P already add photos, hence E(xport).
        self.pdf_action = self._action(
            visit_menu, self.tr("导出PDF(&E)…"), "Ctrl+E", lambda: self.export_pdf("record")
        )
        self.notice_action = self._action(
            visit_menu,
            self.tr("整改告知书(&N)…"),
            "Ctrl+Shift+E",
            lambda: self.export_pdf("notice"),
        )
        self.order_action = self._action(
            visit_menu,
            self.tr("责令改正违法行为决定书(&O)…"),
            None,
            lambda: self.export_pdf("order"),
        )
        receipts = visit_menu.addMenu(self.tr("送达回证(&R)"))
        self._action(
            receipts,
            self.tr("整改告知书的送达回证(&N)…"),
            None,
            lambda: self.export_pdf("receipt_notice"),
        )
        self._action(
            receipts,
            self.tr("责令改正决定书的送达回证(&O)…"),
            None,
            lambda: self.export_pdf("receipt_order"),
        )
        visit_menu.addSeparator()
        self._action(visit_menu, self.tr("关闭(&C)"), "Ctrl+W", self.close)

        edit_menu = bar.addMenu(self.tr("编辑(&E)"))
        self.undo_action = self.undo_stack.createUndoAction(self, self.tr("撤销"))
        self.undo_action.setShortcut(QKeySequence("Ctrl+Z"))
        self.redo_action = self.undo_stack.createRedoAction(self, self.tr("重做"))
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)

        check_menu = bar.addMenu(self.tr("检查表(&K)"))
        # The actions that write, besides save / finalize / amend (locked when read-only).
        self.write_actions = [
            self._action(check_menu, self.tr("添加检查表(&T)"), "Ctrl+T", self.add_check),
            self._action(
                check_menu,
                self.tr("复制上次结果(&C)"),
                "Ctrl+Shift+C",
                self.checklist.copy_previous,
            ),
        ]
        self.write_actions.append(
            self._action(
                check_menu,
                self.tr("导入企业自评(&I)…"),
                "",
                self.checklist.self_assessment.import_dialog,
            )
        )
        self._action(
            check_menu,
            self.tr("导出企业自评表(&F)…"),
            "",
            self.checklist.self_assessment.export_form,
        )
        self.unanswered_action = self._action(
            check_menu, self.tr("只看未作答(&U)"), "Ctrl+U", self.checklist.toggle_unanswered
        )
        self.write_actions += [
            self._action(
                check_menu,
                self.tr("为当前项添加照片(&P)…"),
                "Ctrl+P",
                self.checklist.item_photos.add_dialog,
            ),
            self._action(
                check_menu, self.tr("测算当前项(&M)…"), "Ctrl+M", self.checklist.measure_dialog
            ),
        ]

        problem_menu = bar.addMenu(self.tr("问题(&P)"))
        self.write_actions += [
            self._action(
                problem_menu, self.tr("登记选中的问题(&R)"), "Ctrl+R", self.register_problem
            ),
            self._action(
                problem_menu, self.tr("新增其他问题(&N)"), "Ctrl+Shift+N", self.add_free_problem
            ),
            self._action(
                problem_menu, self.tr("应用回头看结论(&A)"), "Ctrl+Shift+A", self.followup.apply
            ),
            self._action(
                problem_menu,
                self.tr("添加走访照片(&H)…"),
                "Ctrl+Shift+P",
                self.add_visit_photo_dialog,
            ),
        ]
        lock_if_read_only(self.store, self.save_action, *self.write_actions)

        view_menu = bar.addMenu(self.tr("视图(&W)"))
        for index in range(self.tabs.count()):
            self._action(
                view_menu,
                self.tabs.tabText(index),
                f"Ctrl+{index + 1}",
                lambda _=False, i=index: self.show_tab(i),
            )

    def _action(self, menu, text: str, shortcut, slot) -> QAction:
        action = menu.addAction(text)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _=False: slot())
        return action

    def show_tab(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)
        self.tabs.currentWidget().setFocus(Qt.FocusReason.ShortcutFocusReason)

    # -- loading and saving -------------------------------------------------

    def load(self, visit_id: str) -> None:
        visit = visits.to_public(self.store, self.store.get("visits", visit_id))
        self.form.set_values(visit)
        self._visit_changed(visit)
        self._sync_problems()
        self.set_read_only(visit["status"] == "final" or self.store.read_only)

    def schedule_save(self, key: str) -> None:
        self.field_errors.pop(key, None)
        if not self.read_only:
            self.save_timer.start()

    def schedule_drafts(self) -> None:
        if self.problems.can_store_drafts():
            self.draft_timer.start()

    def save_drafts(self) -> bool:
        """Write the unrecorded problems now (also done by save_now and on closing)."""
        self.draft_timer.stop()
        return self.problems.save_drafts()

    def save_now(self) -> bool:
        """Write the form now. False when nothing could be saved (e.g. no enterprise yet)."""
        self.save_timer.stop()
        if self.draft_timer.isActive():
            self.save_drafts()
        if self.read_only:
            return True
        data = self.form.values()
        if self.visit is None and not data["enterprise_id"]:
            self.show_status(self.tr("选择企业后草稿会自动保存。"))
            return False
        failed: dict[str, str] = {}
        saved = None
        while saved is None:
            try:
                if self.visit is None:
                    saved = visits.create(self.store, data)
                else:
                    saved = visits.update(self.store, self.visit["id"], data)
            except ValidationError as exc:
                if exc.field not in data or exc.field in failed or exc.field == "enterprise_id":
                    failed[exc.field] = str(exc)
                    break
                # Save everything else; the stored value of this field stays as it was.
                failed[exc.field] = str(exc)
                data.pop(exc.field)
            except EnvHelpError as exc:
                self.show_status(str(exc))
                return False
        self.field_errors = failed
        for key, message in failed.items():
            self.form.show_error(key, message)
        if saved is None:
            self.show_status(next(iter(failed.values()), ""))
            return False
        self._visit_changed(saved)
        self.show_status(
            self.tr("草稿已自动保存") + (self.tr("（有字段未通过校验，见红字）") if failed else "")
        )
        self.saved.emit(saved["id"])
        return True

    def _visit_changed(self, visit: dict[str, Any]) -> None:
        self.visit = visit
        self.checklist.set_visit(visit)
        self.problems.set_visit(visit)
        self.followup.set_visit(visit)
        self._load_visit_photos()
        has_checks = bool(self.checklist.models)
        self.form.enterprise.setReadOnly(self.read_only or has_checks)
        if has_checks and not self.read_only:
            self.form.enterprise.setToolTip(self.tr("已有检查表，不能再更换企业"))
        self.history.setPlainText(
            history_text(self.store, visit["id"]) or self.tr("没有修正记录。")
        )
        self._update_title()
        self._update_tab_titles()

    def _update_title(self) -> None:
        if self.visit is None:
            self.setWindowTitle(self.tr("新建走访记录"))
            self.state_label.setText(
                self.tr("新建走访：先选择企业（输入名称、信用代码或拼音首字母）")
            )
        else:
            name = enterprises.get(self.store, self.visit["enterprise_id"])["name"]
            kind = vocab.label(vocab.VISIT_TYPES, self.visit["type"])
            if self.visit["status"] == "final":
                state = self.tr("已定稿 {no}").format(no=self.visit["record_no"])
            else:
                state = self.tr("草稿（自动保存）")
            self.setWindowTitle(f"{name} — {kind} — {self.visit['date']} — {state}")
            self.state_label.setText(f"{name}　{kind}　{self.visit['date']}　{state}")
        final = self.visit is not None and self.visit["status"] == "final"
        self.finalize_button.setVisible(not final)
        self.finalize_action.setEnabled(not final)
        self.amend_button.setVisible(final)
        self.amend_action.setEnabled(final)
        lock_if_read_only(
            self.store,
            self.finalize_button,
            self.finalize_action,
            self.amend_button,
            self.amend_action,
        )

    def _update_tab_titles(self) -> None:
        pending = len(self.problems.pending())
        done = len(self.problems.registered_rows)
        self.tabs.setTabText(
            TAB_PROBLEMS,
            self.tr("问题（待登记 {p}）").format(p=pending)
            if pending
            else self.tr("问题（{n}）").format(n=done),
        )
        self.tabs.setTabEnabled(
            TAB_FOLLOWUP, bool(self.visit) and self.visit["type"] == "follow_up"
        )

    def show_status(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    # -- checks and problems ------------------------------------------------

    def add_check(self) -> str | None:
        if self.visit is None or self.save_timer.isActive():
            self.save_now()
        check_id = self.checklist.add_check()
        if check_id:
            self.tabs.setCurrentIndex(TAB_CHECKS)
            self.checklist.view.setFocus()
            self._visit_changed(self.visit)
        return check_id

    def _result_changed(self, result_id: str, old: str, new: str) -> None:
        if "non_compliant" in (old, new):
            self._sync_problems(changed=result_id)

    def _note_changed(self, result_id: str) -> None:
        if result_id in self.problems.proposals:
            self._sync_problems(changed=result_id)

    def _sync_problems(self, changed: str | None = None) -> None:
        self.problems.sync(self.checklist.all_items(), changed)
        self._update_tab_titles()

    def register_problem(self) -> None:
        if self.tabs.currentIndex() != TAB_PROBLEMS:
            self.show_tab(TAB_PROBLEMS)
            return
        self.problems.register_current()

    def add_free_problem(self) -> None:
        self.tabs.setCurrentIndex(TAB_PROBLEMS)
        self.problems.add_free()

    # -- photos -------------------------------------------------------------

    def _load_visit_photos(self) -> None:
        rows = attachments.list_for(self.store, visit_id=self.visit["id"]) if self.visit else []
        self.visit_photos.set_attachments(self.store, rows)

    def add_visit_photo_dialog(self) -> None:
        if self.visit is None or self.read_only:
            return
        files = ask_open_files(
            self,
            self.tr("添加走访照片"),
            PHOTO_DIR_KEY,
            self.tr("图片 (*.jpg *.jpeg *.png *.heic *.bmp *.gif);;所有文件 (*)"),
        )
        if files:
            self.add_visit_photos(files)

    def add_visit_photos(self, files: list) -> list[dict[str, Any]]:
        if self.visit is None or self.read_only:
            return []
        added = []
        for path in files:
            try:
                added.append(
                    attachments.add(self.store, path, visit_id=self.visit["id"], rendition=False)
                )
            except EnvHelpError as exc:
                self.show_status(str(exc))
        self.rendition_task = make_renditions_in_background(self.store, added)
        self._load_visit_photos()
        self.tabs.setCurrentIndex(TAB_PHOTOS)
        return added

    def _caption_edited(self, attachment_id: str, caption: str) -> None:
        try:
            attachments.set_caption(self.store, attachment_id, caption)
        except EnvHelpError as exc:
            self.show_status(str(exc))

    # -- finalize, read-only, amend -----------------------------------------

    def missing_items(self) -> list[str]:
        """What stops finalizing, as sentences for the officer (empty when complete)."""
        if self.visit is None:
            return [self.tr("请选择企业。")]
        missing = [
            i18n.pick(zh, en) for _, zh, en in visits.completeness_problems(self.store, self.visit)
        ]
        if self.field_errors:
            missing += list(self.field_errors.values())
        pending = len(self.problems.pending())
        if pending:
            missing.append(
                self.tr("还有 {n} 条问题建议未登记（在“问题”页登记或选择不登记）。").format(
                    n=pending
                )
            )
        return missing

    def finalize(self) -> bool:
        if self.read_only:
            return False
        self.save_now()
        missing = self.missing_items()
        if missing:
            text = self.tr("无法定稿，还缺：") + "\n" + "\n".join("• " + m for m in missing)
            self.missing.show_message(text)
            QMessageBox.warning(self, self.tr("无法定稿"), text)
            return False
        self.missing.clear_message()
        decisions = self.followup.decisions() if self.followup.active() else []
        summary = [self.tr("定稿后记录将被锁定，只能通过“修正”更正。")]
        for check in check_answers.list_checks(self.store, self.visit["id"]):
            fig = check_totals.figures(self.store, check["id"])
            rate = "—" if fig["rate"] is None else f"{fig['rate'] * 100:.1f}%"
            summary.append(
                self.tr("{title}：符合 {ok}，不符合 {bad}，符合率 {rate}").format(
                    title=check["title"], ok=fig["compliant"], bad=fig["non_compliant"], rate=rate
                )
            )
        if decisions:
            summary.append(self.tr("将同时应用 {n} 条回头看结论。").format(n=len(decisions)))
        answer = QMessageBox.question(self, self.tr("确认定稿"), "\n".join(summary))
        if answer not in CONFIRMED:
            return False
        try:
            with self.store.transaction():
                if decisions:
                    followups.apply_followup(self.store, self.visit["id"], decisions)
                final = visits.finalize(self.store, self.visit["id"])
                # Nothing is pending (checked above); what is left are dismissals.
                problem_drafts.clear(self.store, self.visit["id"])
        except EnvHelpError as exc:
            self.missing.show_message(str(exc))
            QMessageBox.warning(self, self.tr("无法定稿"), str(exc))
            return False
        self.undo_stack.clear()
        self._visit_changed(final)
        self.set_read_only(True)
        self.saved.emit(final["id"])
        self.show_status(self.tr("已定稿，记录编号 {no}").format(no=final["record_no"]))
        return True

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        if read_only:
            self.save_timer.stop()
            self.draft_timer.stop()
        self.form.set_read_only(read_only)
        set_view_only(self.form.enterprise, read_only or bool(self.checklist.models))
        self.checklist.set_read_only(read_only)
        self.problems.set_read_only(read_only)
        self.followup.set_read_only(read_only)
        self.visit_photos.read_only = read_only
        self._load_visit_photos()
        self.visit_photo_button.setEnabled(not read_only)
        self.save_action.setEnabled(not read_only)
        lock_if_read_only(self.store, self.visit_photo_button, self.save_action)
        self._update_title()

    def open_amend(self) -> AmendDialog | None:
        if self.visit is None or self.visit["status"] != "final" or self.store.read_only:
            return None
        dialog = AmendDialog(self.store, self.visit, self)
        dialog.accepted.connect(lambda: self._amended(dialog.saved))
        dialog.finished.connect(dialog.deleteLater)
        self.amend_dialog = dialog
        dialog.open()
        return dialog

    def _amended(self, visit: dict[str, Any] | None) -> None:
        if visit:
            self.form.set_values(visit)
            self._visit_changed(visit)
            self.tabs.setCurrentIndex(TAB_HISTORY)
            self.saved.emit(visit["id"])

    # -- PDF ----------------------------------------------------------------

    def export_pdf(self, kind: str = "record"):
        """Write the visit's record or one of its documents (``pdf_export.KINDS``) as PDF."""
        if self.visit is None:
            self.show_status(self.tr("请先选择企业，走访记录保存后才能导出。"))
            return None
        if self.save_timer.isActive():  # the PDF shows what was just typed
            self.save_now()
        return pdf_export.export_visit_pdf(self, self.store, self.visit["id"], kind=kind)

    # -- closing ------------------------------------------------------------

    def closeEvent(self, event) -> None:
        if self.save_timer.isActive():
            self.save_now()
        if self.draft_timer.isActive():
            self.save_drafts()
        self.closed.emit()
        super().closeEvent(event)
