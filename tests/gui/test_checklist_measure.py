"""测算 in the visit editor: the dialog judges as the officer types, the answer it gives is
undoable, the button follows the current item, and the local storage limit is a setting."""

from __future__ import annotations

import pytest

from envhelp.domain import check_answers, measures, officers
from envhelp.gui.qt import QDialogButtonBox, Qt
from envhelp.gui.visit_editor.measure import MeasureDialog
from envhelp.gui.widgets import INVALID_STYLE
from tests.conftest import draft_visit
from tests.gui.conftest import show_visit_editor

pytestmark = pytest.mark.gui

CONTAINMENT = "GB18597-ST-31"


@pytest.fixture
def editor(qtbot, store, officer, officer2, enterprise):
    officers.set_current(store, officer["id"])
    visit = draft_visit(store, enterprise["id"], [officer["id"], officer2["id"]], "inspection")
    editor = show_visit_editor(qtbot, store, visit["id"])
    editor.checklist.add_check()
    return editor


def go_to(panel, code):
    model = panel.current_model()
    row = next(r for r in range(model.rowCount()) if (model.entry(r) or {}).get("code") == code)
    panel.view.setCurrentIndex(model.index(row, 0))
    return model.entry(row)


def ok_button(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_the_dialog_judges_as_the_officer_types(qtbot, store, editor):
    entry = go_to(editor.checklist, CONTAINMENT)
    dialog = MeasureDialog(store, entry, editor)
    qtbot.addWidget(dialog)
    assert not ok_button(dialog).isEnabled() and "最大液态容器容积" in dialog.verdict.text()

    qtbot.keyClicks(dialog.inputs["largest_container_m3"], "1")
    qtbot.keyClicks(dialog.inputs["total_liquid_m3"], "12x")
    assert dialog.inputs["total_liquid_m3"].styleSheet() == INVALID_STYLE  # typed and wrong
    assert dialog.inputs["containment_m3"].styleSheet() == ""  # not typed yet: not red
    qtbot.keyClick(dialog.inputs["total_liquid_m3"], Qt.Key.Key_Backspace)
    qtbot.keyClicks(dialog.inputs["containment_m3"], "1")
    assert ok_button(dialog).isEnabled()
    assert dialog.measurement.result == "non_compliant"
    assert "不符合" in dialog.verdict.text() and "实有 1 m³，不足" in dialog.verdict.text()
    dialog.inputs["containment_m3"].setText("1.5")
    assert dialog.measurement.result == "compliant"


def test_taking_the_verdict_answers_the_item_keeps_the_note_and_undoes(store, editor):
    panel = editor.checklist
    entry = go_to(panel, CONTAINMENT)
    assert panel.measure_button.isEnabled()
    panel.apply_result(
        panel.current_model().check["id"], entry["result_id"], "unanswered", "东侧围堰有裂缝"
    )
    entry = go_to(panel, CONTAINMENT)
    verdict = check_answers.measure(
        store,
        entry["result_id"],
        {"largest_container_m3": "1", "total_liquid_m3": "30", "containment_m3": "2"},
    )
    panel.answer_measured(entry, verdict)
    stored = store.get("check_results", entry["result_id"])
    assert stored["result"] == "non_compliant"
    assert stored["note"] == verdict.note + "\n东侧围堰有裂缝"
    # A second measurement replaces the first one's line, not the officer's.
    entry = go_to(panel, CONTAINMENT)
    again = check_answers.measure(
        store,
        entry["result_id"],
        {"largest_container_m3": "1", "total_liquid_m3": "30", "containment_m3": "3"},
    )
    panel.answer_measured(entry, again)
    stored = store.get("check_results", entry["result_id"])
    assert (stored["result"], stored["note"]) == ("compliant", again.note + "\n东侧围堰有裂缝")
    editor.undo_stack.undo()
    editor.undo_stack.undo()
    stored = store.get("check_results", entry["result_id"])
    assert (stored["result"], stored["note"]) == ("unanswered", "东侧围堰有裂缝")


def test_the_button_and_ctrl_m_follow_the_current_item(qtbot, editor, message_boxes):
    panel = editor.checklist
    go_to(panel, "GB18597-ST-01")
    assert not panel.measure_button.isEnabled()
    errors = []
    panel.error.connect(errors.append)
    assert panel.measure_dialog() is False and errors == ["当前检查项没有测算规则。"]
    go_to(panel, "GB18597-ST-38")
    assert panel.measure_button.isEnabled()
    action = next(a for a in editor.write_actions if a.shortcut().toString() == "Ctrl+M")
    assert action.isEnabled()


def test_the_storage_limit_is_a_setting_saved_on_ok(qtbot, main_window, store):
    dialog = main_window.open_settings()
    assert dialog.limit_spin.value() == 0 and dialog.limit_spin.text() == "按检查表模板"
    dialog.limit_spin.setValue(180)
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert measures.storage_limit(store) == 180
    again = main_window.open_settings()
    assert again.limit_spin.value() == 180
    again.limit_spin.setValue(0)  # back to the template's limit
    again.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert measures.storage_limit(store) is None
