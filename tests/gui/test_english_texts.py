"""The English UI speaks English: generated texts, counts with their plurals, and a
Settings dialog whose longer English labels still leave every field its height."""

from __future__ import annotations

import pytest

from envhelp.domain import check_answers, officers, visits
from envhelp.gui import language
from envhelp.gui.dialogs.settings import SettingsDialog
from envhelp.gui.visit_editor import VisitEditor
from envhelp.gui.visit_editor.checklist_model import COL
from tests.conftest import draft_visit

pytestmark = pytest.mark.gui


@pytest.fixture
def english():
    language.apply_language("en")


@pytest.fixture
def visit(store, officer, enterprise):
    officers.set_current(store, officer["id"])
    return draft_visit(store, enterprise["id"], [officer["id"]], "stationed")


def test_scope_notes_and_proposals_are_english_and_the_record_keeps_its_line(
    qtbot, store, visit, english
):
    editor = VisitEditor(store, visit["id"])
    qtbot.addWidget(editor)
    editor.show()
    panel = editor.checklist
    check_id = panel.add_check()
    panel.scope_bar.boxes["warehouse"].setChecked(True)
    model = panel.current_model()
    row = next(r for r, e in enumerate(model.rows) if e.get("code") == "GB18597-ST-33")
    shown = model.index(row, COL["note"]).data()
    assert shown == "[Out of scope] applies only to: Storage yard", shown

    # Adding a line in the note editor keeps the stored (record) line as it was, so the
    # scope still knows the answer as its own.
    panel.view.setCurrentIndex(model.index(row, COL["code"]))
    panel.note_edit.setPlainText(shown + "\nno yard on site")
    panel.commit_note()
    stored = {r["code"]: r["note"] for r in check_answers.results(store, check_id)}["GB18597-ST-33"]
    assert stored == "〔范围外〕仅适用于：贮存场\nno yard on site"

    first = next(r for r, e in enumerate(model.rows) if e.get("result") == "unanswered")
    panel.mark(first, "non_compliant")
    [proposal] = editor.problems.pending()
    assert proposal["description"].startswith("Not met: ")
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in proposal["requirement"])


def test_counts_use_singular_and_plural(qtbot, store, visit, english, message_boxes):
    from tests.gui.conftest import show_main_window

    window = show_main_window(qtbot, store)
    window.show_page(window.page_row("visits"))
    page = window.current_page()
    page.refresh()
    assert page.count_label.text() == "1 visit, 1 enterprise"
    visits.create(
        store,
        {
            **{k: visit[k] for k in ("enterprise_id", "date", "type")},
            "time": "14:00",
            "officer_ids": visit["officer_ids"],
        },
    )
    page.refresh()
    assert page.count_label.text() == "2 visits, 1 enterprise"
    window.show_page(window.page_row("enterprises"))
    assert window.current_page().count_label.text() == "1 enterprise"


def test_settings_in_english_gives_each_officer_field_its_height(qtbot, store, english):
    dialog = SettingsDialog(store, "en")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    for edit in dialog.officer_fields.values():
        assert edit.height() >= edit.sizeHint().height()
    assert dialog.add_button.height() >= dialog.add_button.sizeHint().height()
