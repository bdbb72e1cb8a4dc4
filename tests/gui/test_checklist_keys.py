"""Answering a checklist with the keyboard: the keys answer whatever column is current,
the note has its own multi-line editor beside the table, a one-line legend names the
keys, and the cursor passes over items the scope has already answered."""

from __future__ import annotations

import pytest

from envhelp.domain import applicability, check_answers
from envhelp.gui.qt import Qt
from envhelp.gui.visit_editor.checklist_model import COL

pytestmark = pytest.mark.gui


@pytest.fixture
def panel(checklist_panel):
    return checklist_panel("stationed")


def stored(store, panel):
    return {
        r["code"]: (r["result"], r["note"])
        for r in check_answers.results(store, panel.current_model().check["id"])
    }


def test_keys_answer_from_the_note_column_and_the_note_has_its_own_editor(
    qtbot, store, panel, type_text
):
    view = panel.view
    model = view.model()
    first = view.currentIndex().row()
    code = model.entry(first)["code"]
    view.setCurrentIndex(model.index(first, COL["note"]))
    qtbot.keyClick(view, Qt.Key.Key_Y)
    assert stored(store, panel)[code] == ("compliant", "")  # not "Y" typed into the note
    assert view.currentIndex().row() > first and view.currentIndex().column() == COL["note"]

    second = view.currentIndex().row()
    second_code = model.entry(second)["code"]
    qtbot.keyClick(view, Qt.Key.Key_F2)
    assert panel.note_edit.hasFocus()
    type_text(panel.note_edit, "桶盖未盖")
    qtbot.keyClick(panel.note_edit, Qt.Key.Key_Return)  # a second line, not "done"
    type_text(panel.note_edit, "已拍照")
    qtbot.keyClick(panel.note_edit, Qt.Key.Key_Escape)
    assert view.hasFocus()
    assert stored(store, panel)[second_code] == ("unanswered", "桶盖未盖\n已拍照")
    qtbot.keyClick(view, Qt.Key.Key_N)
    assert stored(store, panel)[second_code] == ("non_compliant", "桶盖未盖\n已拍照")
    panel.undo_stack.undo()
    assert stored(store, panel)[second_code] == ("unanswered", "桶盖未盖\n已拍照")
    panel.undo_stack.undo()
    assert stored(store, panel)[second_code] == ("unanswered", "")


def test_a_one_line_key_legend_sits_above_the_table(panel):
    legend = panel.key_legend
    assert legend.isVisible() and not legend.wordWrap()
    assert "1/Y" in legend.text() and "F2" in legend.text()
    assert legend.geometry().bottom() < panel.view.mapTo(panel, panel.view.rect().topLeft()).y()


def test_the_cursor_passes_over_items_the_scope_answered(qtbot, store, panel):
    panel.scope_bar.boxes["warehouse"].setChecked(True)  # rules out items for other sites
    view = panel.view
    model = view.model()
    view.first_item()
    visited = []
    while True:
        row = view.currentIndex().row()
        entry = model.entry(row)
        if entry["result"] != "unanswered":
            break  # the last item answered: the cursor stayed
        visited.append(entry["code"])
        qtbot.keyClick(view, Qt.Key.Key_1)
    ruled_out = {
        c for c, (r, n) in stored(store, panel).items() if applicability.answered_by_scope(r, n)
    }
    assert ruled_out and not ruled_out & set(visited)
    assert len(visited) == len(model.items()) - len(ruled_out)
    assert {r for c, (r, _) in stored(store, panel).items() if c not in ruled_out} == {"compliant"}
