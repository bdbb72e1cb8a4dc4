"""A final record looks final: its fields are greyed read-only, without clear buttons or
hints inviting input (按 Enter 登记, the answer keys), and a draft's look comes back."""

from __future__ import annotations

import pytest

from envhelp.domain import check_answers, problems, visits
from envhelp.gui.qt import QLineEdit, QPlainTextEdit
from envhelp.gui.visit_editor import VisitEditor
from envhelp.gui.widgets import VIEW_ONLY_STYLE
from tests.conftest import draft_visit

pytestmark = pytest.mark.gui


def test_final_visit_fields_look_read_only(qtbot, store, officer, enterprise):
    visit = draft_visit(store, enterprise["id"], [officer["id"]], "stationed", day="2026-03-05")
    check = check_answers.start_check(store, visit["id"], "gb18597-2023-storage")
    results = check_answers.results(store, check["id"])
    for row in results:
        check_answers.set_result(store, row["result_id"], "compliant")
    check_answers.set_result(store, results[0]["result_id"], "non_compliant", "桶盖未盖")
    problems.create(store, check_answers.propose_problem(store, results[0]["result_id"]))

    draft = VisitEditor(store, visit["id"])
    qtbot.addWidget(draft)
    draft.show()
    form = draft.form
    assert form.representative.styleSheet() == "" and not form.representative.isReadOnly()
    assert form.other_laws.placeholderText()  # a draft invites input
    draft.close()

    visits.finalize(store, visit["id"])
    editor = VisitEditor(store, visit["id"])
    qtbot.addWidget(editor)
    editor.show()
    form = editor.form
    for widget in (
        form.enterprise,
        form.representative,
        form.other_laws,
        form.guidance,
        form.notes,
        editor.checklist.note_edit,
    ):
        assert widget.isReadOnly(), widget.objectName()
        assert widget.styleSheet() == VIEW_ONLY_STYLE, widget.objectName()
        assert widget.placeholderText() == "", widget.objectName()
    assert not form.enterprise.isClearButtonEnabled()
    assert "Enter" not in editor.problems.hint.text() and "登记" in editor.problems.hint.text()
    assert editor.checklist.key_legend.isHidden()
    for widget in editor.problems.fields.values():
        if isinstance(widget, (QLineEdit, QPlainTextEdit)):
            assert widget.isReadOnly() and widget.styleSheet() == VIEW_ONLY_STYLE
        else:
            assert not widget.isEnabled()
