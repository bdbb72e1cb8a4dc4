"""A database opened read-only: every write action is unavailable and says why, while
viewing, searching and exporting still work. Each GUI check runs over the same records
opened read-only and writable, so an action left enabled (or one locked for no reason)
fails."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from envhelp.domain import problems, stored_templates, visits
from envhelp.gui import tasks
from envhelp.gui.qt import QDialogButtonBox, QLineEdit, Qt
from envhelp.gui.widgets import read_only_reason
from envhelp.storage import Store, database
from tests.gui.conftest import show_main_window

# Single-officer assistance visits, as a bureau that relaxed the two-officer rule records.
pytestmark = pytest.mark.usefixtures("one_officer_publicity")

CTRL = Qt.KeyboardModifier.ControlModifier
REASON = "数据库以只读方式打开，不能修改"


@pytest.fixture
def records(store, officer, enterprise):
    """A draft visit, a final visit and an open problem of the enterprise; the shipped
    checklist templates stored, as in any database the app has opened writable."""
    stored_templates.ensure_builtin_templates(store)
    base = {
        "enterprise_id": enterprise["id"],
        "type": "law_publicity",
        "officer_ids": [officer["id"]],
        "guidance": "危废贮存规范化指导",
    }
    final = visits.create(store, {**base, "date": "2026-05-01"})
    final = visits.finalize(store, final["id"])
    draft = visits.create(store, {**base, "date": date.today().isoformat()})
    problem = problems.create(
        store,
        {
            "enterprise_id": enterprise["id"],
            "visit_id": final["id"],
            "found_on": "2026-05-01",
            "deadline": "2099-06-30",
            "category": "hazardous_waste",
            "severity": "major",
            "description": "危废贮存间未设置分区标志",
        },
    )
    return {"draft": draft, "final": final, "problem": problem}


@pytest.fixture(params=[True, False], ids=["read_only", "writable"])
def window(request, qtbot, store, db_path, records, message_boxes):
    """The main window over the records, read-only or not (``window.store.read_only``)."""
    shown = Store(db_path, read_only=True) if request.param else store
    win = show_main_window(qtbot, shown)
    yield win
    win._close_editors()
    win.close()
    if shown is not store:
        shown.close()


def assert_write(target, read_only: bool) -> None:
    """A write action: unavailable and saying why when read-only, usable otherwise."""
    name = target.objectName() or target.text()
    assert target.isEnabled() is not read_only, name
    if read_only:
        assert target.toolTip() == REASON, name


def assert_read(target) -> None:
    assert target.isEnabled(), target.objectName() or target.text()
    assert target.toolTip() != REASON


def activate(qtbot, widget) -> None:
    widget.activateWindow()  # window shortcuts need the active window
    qtbot.waitUntil(widget.isActiveWindow)


def test_the_reason_is_translated(qtbot):
    assert read_only_reason() == REASON


def test_write_actions_are_locked_and_reads_stay_available(qtbot, window):
    ro = window.store.read_only
    data = window.data_menu
    window.show_page(window.page_row("enterprises"))
    enterprises = window.current_page()
    for target in (
        window.new_action,
        window.restore_action,
        data.import_action,
        data.import_bundle_action,
        enterprises.add_button,
        enterprises.edit_button,
    ):
        assert_write(target, ro)
    for target in (
        window.open_db_action,
        window.new_db_action,
        window.backup_action,
        window.settings_action,
        window.find_action,
        data.export_action,
        data.check_action,
        data.template_action,
        data.templates_action,
        enterprises.details_button,
        enterprises.search,
    ):
        assert_read(target)
    if ro:  # menus show the reason of a greyed-out item
        assert data.menu.toolTipsVisible()

    window.show_page(window.page_row("visits"))
    visits_page = window.current_page()
    assert_write(window.new_action, ro)  # re-checked on every page change
    assert_write(visits_page.new_button, ro)
    assert_write(visits_page.delete_button, ro)
    assert_read(visits_page.open_button)
    for button in visits_page.findChildren(type(visits_page.open_button)):
        if "PDF" in button.text() or "通知书" in button.text():
            assert_read(button)

    window.show_page(window.page_row("problems"))
    problems_page = window.current_page()
    assert_read(problems_page.open_button)
    assert_read(problems_page.export_button)

    window.show_page(window.page_row("reports"))
    reports = window.current_page()
    qtbot.waitUntil(lambda: not reports.is_computing(), timeout=10000)
    assert reports.summary is not None  # the figures were read over this database
    assert_read(reports.export_button)
    assert_read(reports.pdf_button)

    settings = window.open_settings()
    assert_write(settings.add_button, ro)
    assert_write(settings.officer_combo, ro)
    assert_write(settings.officer_fields["name"], ro)
    assert settings.language_combo.isEnabled()  # per-user setting, not in the database
    settings.reject()
    dialog = data.open_templates()
    assert_write(dialog.import_button, ro)
    assert dialog.table.rowCount() >= 1
    dialog.reject()


def test_viewing_dialogs_open_without_an_enabled_save(qtbot, window, records):
    ro = window.store.read_only
    window.show_page(window.page_row("enterprises"))
    page = window.current_page()
    page.table.setFocus()
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key.Key_F2)  # F2 opens the enterprise's form
    form = page.dialog
    assert form.isVisible()
    assert_write(form.buttons.button(QDialogButtonBox.StandardButton.Ok), ro)
    assert form.fields["name"].isReadOnly() is ro
    assert form.fields["notes"].isReadOnly() is ro
    assert form.fields["permit_class"].isEnabled() is not ro
    assert ("只读" in form.windowTitle()) is ro
    form.reject()

    details = page.show_details(page.table.currentIndex())
    assert_write(details.new_visit_button, ro)
    assert_write(details.edit_button, ro)
    details.reject()

    window.show_page(window.page_row("problems"))
    ledger = window.current_page()
    ledger.table.selectRow(0)
    dialog = ledger.open_problem(ledger.table.currentIndex())
    assert dialog.isVisible()
    assert dialog.save_details_button.isVisible()  # an open problem: its text is correctable
    assert_write(dialog.save_details_button, ro)
    assert dialog.detail_fields["description"].isEnabled() is not ro
    visible = [b for b in dialog.action_buttons.values() if b.isVisibleTo(dialog)]
    assert visible  # an open problem has actions (close, extend, …)
    for button in visible:
        assert_write(button, ro)
    action = dialog.start_action(next(iter(dialog.allowed)))
    assert (action is None) is ro
    if action is not None:
        action.reject()
    dialog.reject()

    window.show_page(window.page_row("visits"))
    visits_page = window.current_page()
    draft = visits_page._open_editor(records["draft"]["id"])
    assert draft.read_only is ro  # a draft is a view over a read-only database
    assert draft.form.representative.isReadOnly() is ro
    for target in (
        draft.save_action,
        draft.finalize_action,
        draft.finalize_button,
        draft.visit_photo_button,
        draft.checklist.add_button,
        draft.problems.free_button,
        *draft.write_actions,
    ):
        assert_write(target, ro)
    assert_read(draft.pdf_action)
    assert_read(draft.notice_action)
    final = visits_page._open_editor(records["final"]["id"])
    assert final.amend_button.isVisible()
    assert_write(final.amend_button, ro)
    assert_write(final.amend_action, ro)
    assert (final.open_amend() is None) is ro
    if final.amend_dialog is not None:
        final.amend_dialog.reject()
    assert_read(final.pdf_action)


def test_shortcuts_of_write_actions_do_nothing(qtbot, window, store, records, message_boxes):
    ro = window.store.read_only
    window.show_page(window.page_row("enterprises"))
    page = window.current_page()
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)  # 新建企业
    assert (page.dialog is None) is ro
    if page.dialog is not None:
        assert page.dialog.windowTitle() == "新建企业"
        page.dialog.reject()

    window.show_page(window.page_row("visits"))
    visits_page = window.current_page()
    row = visits_page.model.row_of_id(records["draft"]["id"])
    visits_page.table.setFocus()
    visits_page.table.selectRow(row)
    qtbot.keyClick(visits_page.table, Qt.Key.Key_Delete)  # delete the draft (asks first)
    assert (store.find("visits", records["draft"]["id"]) is not None) is ro
    assert bool(message_boxes) is not ro  # read-only: not even the question

    editor = visits_page._open_editor(records["final"]["id"] if ro else None)
    activate(qtbot, editor)
    before = store.scalar("SELECT COUNT(*) FROM problems")
    editor.show_tab(0)
    qtbot.keyClick(editor.tabs, Qt.Key.Key_N, CTRL | Qt.KeyboardModifier.ShiftModifier)
    if ro:  # 新增其他问题 did not fire: no proposal appeared, nothing written
        assert editor.problems.list.count() == 0 or not editor.problems.free_button.isEnabled()
        assert editor.tabs.currentIndex() == 0
    assert store.scalar("SELECT COUNT(*) FROM problems") == before


def test_data_menu_keeps_imports_locked_after_a_job(qtbot, window):
    ro = window.store.read_only
    task = window.data_menu.check_integrity()  # a read: allowed either way
    qtbot.waitUntil(lambda: window.data_menu.integrity_dialog is not None, timeout=20000)
    assert task.outcome == "succeeded"
    assert_write(window.data_menu.import_action, ro)
    assert_write(window.data_menu.import_bundle_action, ro)
    assert_read(window.data_menu.export_action)
    window.data_menu.integrity_dialog.reject()


def test_exports_work_when_the_database_cannot_be_opened_for_writing(
    qtbot, monkeypatch, tmp_path, db_path, records, message_boxes
):
    """Write-protected media: only a read-only connection opens, workers included."""
    real_store = tasks.Store

    def write_protected(path, *, create=True, read_only=False):
        if not read_only:  # what SQLite reports for a write on a write-protected stick
            raise database._storage_error(
                path, sqlite3.OperationalError("attempt to write a readonly database")
            )
        return real_store(path, create=create, read_only=True)

    monkeypatch.setattr(tasks, "Store", write_protected)
    shown = Store(db_path, read_only=True)
    try:
        win = show_main_window(qtbot, shown)
        win.show_page(win.page_row("problems"))
        ledger = win.current_page()
        target = tmp_path / "台账.xlsx"
        task = ledger.export_to(target)
        qtbot.waitUntil(lambda: task.outcome is not None, timeout=20000)
        assert task.outcome == "succeeded", task.error
        assert target.exists() and message_boxes == []

        win.show_page(win.page_row("reports"))
        reports = win.current_page()
        qtbot.waitUntil(lambda: not reports.is_computing(), timeout=10000)
        assert reports.summary is not None
        summary = tmp_path / "月报.xlsx"
        task = reports.export_to(summary)
        qtbot.waitUntil(lambda: task.outcome is not None, timeout=20000)
        assert task.outcome == "succeeded", task.error
        assert summary.exists()
        win.close()
    finally:
        shown.close()


def test_a_line_edit_of_a_locked_form_keeps_its_text(qtbot, store, db_path, records):
    """Read-only fields still show (and let one copy) the stored values."""
    from envhelp.gui.dialogs.enterprise import EnterpriseDialog

    shown = Store(db_path, read_only=True)
    try:
        dialog = EnterpriseDialog(shown, records["draft"]["enterprise_id"])
        qtbot.addWidget(dialog)
        name: QLineEdit = dialog.fields["name"]
        assert name.text() and name.isReadOnly() and name.isEnabled()
    finally:
        shown.close()
