"""The checklist page's scope bar: ticking the site's facility types answers the items for
other sites "not applicable", Ctrl+Z puts the answers back, and a final visit's bar is locked."""

from __future__ import annotations

import pytest

from envhelp.domain import check_answers, officers, visits
from envhelp.gui.qt import Qt
from envhelp.gui.visit_editor import VisitEditor
from tests.conftest import draft_visit
from tests.gui.conftest import show_visit_editor

pytestmark = pytest.mark.gui

GB = "gb18597-2023-storage"
US = "us-rcra-lqg-container-storage"
NOT_FOR_A_WAREHOUSE = {
    "GB18597-ST-07",
    "GB18597-ST-08",
    "GB18597-ST-13",
    "GB18597-ST-21",
    "GB18597-ST-38",
    "GB18597-ST-33",
    "GB18597-ST-34",
}


@pytest.fixture
def visit(store, officer, officer2, enterprise):
    officers.set_current(store, officer["id"])
    return draft_visit(store, enterprise["id"], [officer["id"], officer2["id"]], "inspection")


@pytest.fixture
def editor(qtbot, store, visit):
    return show_visit_editor(qtbot, store, visit["id"])


def stored(store, check_id):
    return {r["code"]: (r["result"], r["note"]) for r in check_answers.results(store, check_id)}


def shown(panel):
    return {e["code"]: e["result"] for e in panel.current_model().items()}


def test_ticking_a_facility_type_answers_the_other_sites_items_and_undo_restores(
    qtbot, store, editor
):
    panel = editor.checklist
    check_id = panel.add_check()
    assert not panel.scope_bar.isHidden() and panel.scope_bar.scope() is None
    before = stored(store, check_id)
    assert {result for result, _ in before.values()} == {"unanswered"}

    qtbot.mouseClick(panel.scope_bar.boxes["warehouse"], Qt.MouseButton.LeftButton)
    after = stored(store, check_id)
    ruled_out = {code for code, (result, _) in after.items() if result == "not_applicable"}
    assert ruled_out == NOT_FOR_A_WAREHOUSE
    assert after["GB18597-ST-33"][1] == "〔范围外〕仅适用于：贮存场"
    assert check_answers.get_check(store, check_id)["scope"] == {"facility_types": ["warehouse"]}
    assert {c for c, r in shown(panel).items() if r == "not_applicable"} == NOT_FOR_A_WAREHOUSE
    assert "不适用 7" in panel.progress.text()

    # The class combo rules out the key-supervised item as well.
    panel.scope_bar.class_combo.setCurrentIndex(
        panel.scope_bar.class_combo.findData("registration")
    )
    assert stored(store, check_id)["GB18597-ST-42"][0] == "not_applicable"

    editor.undo_stack.undo()
    assert stored(store, check_id)["GB18597-ST-42"] == ("unanswered", "")
    assert panel.scope_bar.class_combo.currentData() == ""
    editor.undo_stack.undo()
    assert stored(store, check_id) == before
    assert not panel.scope_bar.boxes["warehouse"].isChecked()
    assert check_answers.get_check(store, check_id)["scope"] is None
    editor.undo_stack.redo()
    assert {c for c, (r, _) in stored(store, check_id).items() if r == "not_applicable"} == (
        NOT_FOR_A_WAREHOUSE
    )


def test_a_checklist_without_site_rules_has_no_scope_bar(qtbot, editor):
    panel = editor.checklist
    panel.template_combo.setCurrentIndex(panel.template_combo.findData(US))
    panel.add_check()
    assert panel.scope_bar.isHidden()


def test_the_next_visit_starts_with_the_last_scope_and_a_final_visit_is_locked(
    qtbot, store, editor, visit, officer, officer2
):
    panel = editor.checklist
    check_id = panel.add_check()
    qtbot.mouseClick(panel.scope_bar.boxes["point"], Qt.MouseButton.LeftButton)
    for code, (result, _) in stored(store, check_id).items():
        if result == "unanswered":
            row = next(e for e in panel.current_model().items() if e["code"] == code)
            check_answers.set_result(store, row["result_id"], "compliant")
    visits.finalize(store, visit["id"])

    final = VisitEditor(store, visit["id"])
    qtbot.addWidget(final)
    assert final.checklist.scope_bar.boxes["point"].isChecked()
    assert not final.checklist.scope_bar.boxes["point"].isEnabled()

    later = draft_visit(
        store, visit["enterprise_id"], [officer["id"], officer2["id"]], "follow_up", time="15:00"
    )
    second = VisitEditor(store, later["id"])
    qtbot.addWidget(second)
    second.checklist.add_check()
    assert second.checklist.scope_bar.scope() == {"facility_types": ["point"]}
    assert second.checklist.scope_bar.boxes["point"].isEnabled()
