"""Unrecorded problems of a draft visit survive a crash: the editor keeps them with
``problem_drafts`` on its autosave rhythm and brings them back when the visit is reopened."""

from __future__ import annotations

import pytest

from envhelp.domain import check_answers, problem_drafts, problems
from envhelp.gui.qt import Qt
from envhelp.storage import Store
from tests.conftest import draft_visit
from tests.gui.conftest import show_visit_editor

# Single-officer assistance visits, as a bureau that relaxed the two-officer rule records.
pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("one_officer_publicity")]

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
TEMPLATE = "gb18597-2023-storage"


def crash(editor):
    """The laptop dies: no closeEvent, no pending timer ever fires."""
    editor.save_timer.stop()
    editor.draft_timer.stop()
    editor.hide()


@pytest.fixture
def visit(store, officer, enterprise):
    """A draft with a checklist: items 1 and 2 non-compliant (proposed), the rest compliant."""
    visit = draft_visit(store, enterprise["id"], [officer["id"]], "stationed")
    check = check_answers.start_check(store, visit["id"], TEMPLATE)
    rows = check_answers.results(store, check["id"])
    for number, row in enumerate(rows):
        result = "non_compliant" if number in (0, 1) else "compliant"
        check_answers.set_result(store, row["result_id"], result, "")
    visit["bad"] = [rows[0]["result_id"], rows[1]["result_id"]]
    return visit


def select(panel, key):
    keys = [panel.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(panel.list.count())]
    panel.list.setCurrentRow(keys.index(key))


def free_keys(panel):
    return [k for k, p in panel.proposals.items() if not p.get("check_result_id")]


def stored(store, visit):
    return problem_drafts.load(store, visit["id"])


def test_edits_and_free_problem_survive_a_crash(qtbot, store, visit, type_text, message_boxes):
    first, second = visit["bad"]
    editor = show_visit_editor(qtbot, store, visit["id"], active=True)
    panel = editor.problems
    assert set(panel.proposals) == {first, second}
    assert stored(store, visit) == problem_drafts.empty()  # unedited proposals are not stored

    select(panel, first)
    panel.description.selectAll()
    type_text(panel.description, "桶盖未盖严")
    # Debounced: nothing is written per keystroke, the timer waits for a pause.
    assert editor.draft_timer.isActive()
    assert stored(store, visit)["proposals"] == {}
    qtbot.keyClick(editor.checklist.view, Qt.Key.Key_N, CTRL | SHIFT)  # a free problem
    type_text(panel.description, "危废间门锁损坏")
    qtbot.waitUntil(lambda: stored(store, visit)["free"] != [], timeout=10000)
    qtbot.waitUntil(lambda: not editor.draft_timer.isActive(), timeout=10000)
    saved = stored(store, visit)
    assert saved["proposals"][first]["description"] == "桶盖未盖严"
    assert second not in saved["proposals"]
    assert [f["description"] for f in saved["free"]] == ["危废间门锁损坏"]
    crash(editor)

    again = show_visit_editor(qtbot, store, visit["id"], active=True)
    panel = again.problems
    assert panel.proposals[first]["description"] == "桶盖未盖严"
    assert panel.proposals[first]["edited"]
    assert panel.proposals[second]["description"].startswith("未满足：")  # rebuilt from its item
    (free,) = free_keys(panel)
    assert panel.proposals[free]["description"] == "危废间门锁损坏"
    select(panel, first)
    assert panel.description.toPlainText() == "桶盖未盖严"

    # Finalizing refuses while the restored drafts are unrecorded; nothing is dropped.
    qtbot.keyClick(panel.list, Qt.Key.Key_Return, CTRL)
    assert "3 条问题建议未登记" in again.missing.text()
    assert store.get("visits", visit["id"])["status"] == "draft"
    assert len(problem_drafts.load(store, visit["id"])["free"]) == 1

    # Record the free problem, dismiss the unedited proposal; reopen.
    again.show_tab(2)
    select(panel, free)
    qtbot.keyClick(panel.list, Qt.Key.Key_R, CTRL)
    select(panel, second)
    panel.dismiss_button.click()
    assert stored(store, visit)["free"] == []  # written with the problem, at once
    assert stored(store, visit)["dismissed"] == [second]
    crash(again)

    third = show_visit_editor(qtbot, store, visit["id"], active=True)
    panel = third.problems
    assert set(panel.proposals) == {first}  # the free one is recorded, the dismissal stays
    assert panel.proposals[first]["description"] == "桶盖未盖严"
    recorded = problems.list_page(store, visit_id=visit["id"], limit=None)
    assert [p["description"] for p in recorded] == ["危废间门锁损坏"]

    # Recording the last one and finalizing leaves nothing stored for the final visit.
    third.show_tab(2)
    select(panel, first)
    qtbot.keyClick(panel.list, Qt.Key.Key_R, CTRL)
    assert stored(store, visit)["proposals"] == {}
    qtbot.keyClick(panel.list, Qt.Key.Key_Return, CTRL)
    assert store.get("visits", visit["id"])["status"] == "final"
    assert store.get_setting(problem_drafts.key(visit["id"])) is None
    descriptions = {p["description"] for p in problems.list_page(store, visit_id=visit["id"])}
    assert descriptions == {"危废间门锁损坏", "桶盖未盖严"}


def test_closing_the_window_writes_pending_drafts(qtbot, store, visit, type_text):
    editor = show_visit_editor(qtbot, store, visit["id"], active=True)
    editor.add_free_problem()
    type_text(editor.problems.description, "x")
    assert editor.draft_timer.isActive()
    editor.close()
    assert [f["description"] for f in stored(store, visit)["free"]] == ["x"]


def test_stale_drafts_are_dropped_on_reopening(qtbot, store, visit):
    first, second = visit["bad"]
    problem_drafts.save(
        store,
        visit["id"],
        {
            "proposals": {first: {"description": "已改为符合"}, second: {"description": "已登记"}},
            "free": [],
            "dismissed": [first],
        },
    )
    check_answers.set_result(store, first, "compliant", "")
    proposal = check_answers.propose_problem(store, second)
    problems.create(store, proposal)
    editor = show_visit_editor(qtbot, store, visit["id"], active=True)
    assert editor.problems.proposals == {}
    # What was dropped is written back after the usual pause.
    qtbot.waitUntil(
        lambda: store.get_setting(problem_drafts.key(visit["id"])) is None, timeout=10000
    )


def test_read_only_database_shows_drafts_and_writes_nothing(qtbot, store, db_path, visit):
    first, _ = visit["bad"]
    problem_drafts.save(
        store,
        visit["id"],
        {
            "proposals": {first: {"description": "桶盖未盖严"}},
            "free": [{"description": "门锁损坏"}],
            "dismissed": [],
        },
    )
    audit = store.scalar("SELECT count(*) FROM audit_log")
    viewer = Store(db_path, read_only=True)
    try:
        editor = show_visit_editor(qtbot, viewer, visit["id"], active=True)
        panel = editor.problems
        assert panel.proposals[first]["description"] == "桶盖未盖严"
        assert [panel.proposals[k]["description"] for k in free_keys(panel)] == ["门锁损坏"]
        assert panel.description.isReadOnly() and not panel.register_button.isEnabled()
        assert not panel.free_button.isEnabled() and not panel.save_drafts()
        editor.close()
        editor.deleteLater()
    finally:
        viewer.close()
    assert store.scalar("SELECT count(*) FROM audit_log") == audit
