"""The visit editor and the visits page, driven through the keyboard where a user would type."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from envhelp.domain import (
    attachments,
    check_answers,
    images,
    officers,
    problems,
    stored_templates,
    templates,
    visits,
)
from envhelp.gui.qt import QDate, QImage, QLabel, QMimeData, Qt, QUrl
from envhelp.gui.visit_editor.checklist_model import COL
from tests.gui.conftest import show_visit_editor

# Single-officer assistance visits, as a bureau that relaxed the two-officer rule records.
pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("one_officer_publicity")]

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
TEMPLATE = "gb18597-2023-storage"


@pytest.fixture
def current_officer(store, officer):
    officers.set_current(store, officer["id"])
    return officer


def draft(store, enterprise, officer_ids, **extra):
    data = {
        "enterprise_id": enterprise["id"],
        "date": date.today().isoformat(),
        "time": "09:30",
        "type": "stationed",
        "officer_ids": officer_ids,
        **extra,
    }
    return visits.create(store, data)


def item_rows(view):
    model = view.model()
    return [r for r in range(model.rowCount()) if model.entry(r) is not None]


def db_results(store, visit_id):
    return store.query(
        "SELECT r.id, r.item_code, r.result, r.note FROM check_results r "
        "JOIN checks c ON c.id = r.check_id WHERE c.visit_id = ? ORDER BY r.item_code",
        (visit_id,),
    )


def test_whole_visit_with_the_keyboard_only(
    qtbot, store, current_officer, officer2, enterprise, type_text, message_boxes
):
    editor = show_visit_editor(qtbot, store, active=True)
    form = editor.form
    assert form.officers.checked() == [current_officer["id"]]  # the current officer by default

    # Enterprise by pinyin initials, then Enter takes the match.
    qtbot.keyClicks(form.enterprise, "qdjr")
    qtbot.keyClick(form.enterprise, Qt.Key.Key_Return)
    assert form.enterprise.enterprise_id == enterprise["id"]
    assert editor.visit is not None  # the draft exists as soon as the enterprise is chosen

    qtbot.keyClick(form.type, Qt.Key.Key_Down)  # 入厂驻企
    qtbot.keyClick(form.type, Qt.Key.Key_Down)  # 现场检查
    assert form.type.currentData() == "inspection"
    qtbot.keyClick(form.officers, Qt.Key.Key_Home)  # 李强 sorts first
    qtbot.keyClick(form.officers, Qt.Key.Key_Space)
    assert set(form.officers.checked()) == {current_officer["id"], officer2["id"]}
    type_text(form.representative, "张经理")
    type_text(form.guidance, "讲解危废贮存要求")
    qtbot.keyClick(form.laws, Qt.Key.Key_Home)
    qtbot.keyClick(form.laws, Qt.Key.Key_Space)

    # Ctrl+T starts the default (GB 18597-2023) checklist; answer every item by keys.
    qtbot.keyClick(form.notes, Qt.Key.Key_T, CTRL)
    view = editor.checklist.view
    assert editor.checklist.current_model().check["template_id"] == TEMPLATE
    total = len(item_rows(view))
    assert total == 50
    bad = {2: Qt.Key.Key_2, 7: Qt.Key.Key_N}
    for number in range(total):
        key = bad.get(number, Qt.Key.Key_1 if number % 2 else Qt.Key.Key_Y)
        qtbot.keyClick(view, key)
    assert "已作答 50/50" in editor.checklist.progress.text()
    assert "不符合 2" in editor.checklist.progress.text()

    # The two non-compliant items are proposed as problems; Enter registers each.
    qtbot.keyClick(view, Qt.Key.Key_3, CTRL)
    assert editor.tabs.currentIndex() == 2
    assert len(editor.problems.pending()) == 2
    qtbot.keyClick(editor.problems.list, Qt.Key.Key_Return)
    qtbot.keyClick(editor.problems.list, Qt.Key.Key_R, CTRL)
    assert editor.problems.pending() == []

    qtbot.keyClick(editor.problems.list, Qt.Key.Key_Return, CTRL)  # finalize
    assert editor.read_only

    visit = visits.to_public(store, store.get("visits", editor.visit["id"]))
    assert visit["status"] == "final"
    assert visit["record_no"].startswith("环帮〔")
    assert visit["type"] == "inspection"
    assert visit["representative"] == "张经理"
    assert visit["guidance"] == "讲解危废贮存要求"
    assert len(visit["officer_ids"]) == 2 and len(visit["laws"]) == 1
    results = db_results(store, visit["id"])
    assert len(results) == 50
    non_compliant = {r["item_code"]: r["id"] for r in results if r["result"] == "non_compliant"}
    assert set(non_compliant) == {"GB18597-ST-03", "GB18597-ST-08"}
    assert all(r["result"] == "compliant" for r in results if r["item_code"] not in non_compliant)

    template = templates.items_by_code(stored_templates.get_template(store, TEMPLATE))
    found = problems.list_page(store, visit_id=visit["id"], limit=None)
    assert {p["item_code"] for p in found} == set(non_compliant)
    for problem in found:
        item = template[problem["item_code"]]
        assert problem["check_result_id"] == non_compliant[problem["item_code"]]
        assert problem["found_on"] == visit["date"]
        expected = date.fromisoformat(visit["date"]) + timedelta(days=item["deadline_days"])
        assert problem["deadline"] == expected.isoformat()
        assert problem["severity"] == item["severity"]
        assert problem["status"] == "open"


def test_autosave_keeps_typed_value_after_reopening(qtbot, store, officer, enterprise, type_text):
    visit = draft(store, enterprise, [officer["id"]])
    editor = show_visit_editor(qtbot, store, visit["id"], active=True)
    type_text(editor.form.representative, "刘主任")
    qtbot.waitUntil(
        lambda: store.get("visits", visit["id"])["representative"] == "刘主任", timeout=10000
    )
    editor.close()
    again = show_visit_editor(qtbot, store, visit["id"], active=True)
    assert again.form.representative.text() == "刘主任"


def test_materials_handed_out_are_saved_and_shown(qtbot, store, officer, enterprise):
    """The copies of publicity material (a figure of the monthly report) are typed in the
    form, saved with the draft and shown again."""
    visit = draft(store, enterprise, [officer["id"]], materials=12)
    editor = show_visit_editor(qtbot, store, visit["id"], active=True)
    assert editor.form.materials.value() == 12
    editor.form.materials.setValue(40)
    qtbot.waitUntil(lambda: store.get("visits", visit["id"])["materials"] == 40, timeout=10000)
    editor.close()
    assert show_visit_editor(qtbot, store, visit["id"], active=True).form.materials.value() == 40


def test_autosave_error_is_shown_beside_the_field_and_the_rest_is_saved(
    qtbot, store, officer, enterprise, type_text
):
    visit = draft(store, enterprise, [officer["id"]])
    editor = show_visit_editor(qtbot, store, visit["id"], active=True)
    type_text(editor.form.guidance, "指导")
    qtbot.keyClicks(editor.form.representative, "x" * 101)  # 100 characters at most
    error = editor.form.errors["representative"]
    qtbot.waitUntil(lambda: error.isVisible(), timeout=10000)
    assert "100" in error.text() or "现场负责人" in error.text()
    assert editor.form.representative.text() == "x" * 101  # the text is kept
    stored = store.get("visits", visit["id"])
    assert stored["guidance"] == "指导"  # the other field was still saved
    assert stored["representative"] == ""
    assert "representative" in editor.field_errors


def test_finalize_is_refused_with_the_missing_list(
    qtbot, store, officer, enterprise, message_boxes
):
    visit = draft(store, enterprise, [officer["id"]], type="inspection")
    check_answers.start_check(store, visit["id"], TEMPLATE)
    editor = show_visit_editor(qtbot, store, visit["id"], active=True)
    qtbot.keyClick(editor.checklist.view, Qt.Key.Key_Return, CTRL)
    assert not editor.read_only
    text = editor.missing.text()
    assert editor.missing.isVisible()
    assert "现场检查须有两名以上持执法证的执法人员" in text
    assert "50 项未作答" in text
    assert message_boxes and message_boxes[-1][0] == "warning"
    assert store.get("visits", visit["id"])["status"] == "draft"


def final_visit(store, enterprise, officer_ids, day, answers=None):
    visit = draft(store, enterprise, officer_ids, date=day)
    check = check_answers.start_check(store, visit["id"], TEMPLATE)
    for row in check_answers.results(store, check["id"]):
        result, note = (answers or {}).get(row["code"], ("compliant", ""))
        check_answers.set_result(store, row["result_id"], result, note)
    return visits.finalize(store, visit["id"]), check


def test_final_visit_is_read_only_and_can_be_amended(
    qtbot, store, officer, enterprise, message_boxes
):
    visit, check = final_visit(store, enterprise, [officer["id"]], "2026-03-02")
    editor = show_visit_editor(qtbot, store, visit["id"], active=True)
    assert editor.read_only
    assert editor.form.representative.isReadOnly()
    assert not editor.form.type.isEnabled()
    assert not editor.finalize_button.isVisible() and editor.amend_button.isVisible()
    assert not editor.checklist.add_button.isEnabled()
    view = editor.checklist.view
    first = item_rows(view)[0]
    view.setCurrentIndex(view.model().index(first, COL["result"]))
    qtbot.keyClick(view, Qt.Key.Key_2)
    assert all(r["result"] == "compliant" for r in db_results(store, visit["id"]))
    assert not view.model().flags(view.model().index(first, COL["note"])) & (
        Qt.ItemFlag.ItemIsEditable
    )

    dialog = editor.open_amend()
    dialog.form.representative.setText("周经理")
    dialog.accept()
    assert dialog.error.isVisible()  # the reason is required
    dialog.reason.setPlainText("陪同人员记错")
    dialog.accept()
    assert store.get("visits", visit["id"])["representative"] == "周经理"
    assert "陪同人员记错" in editor.history.toPlainText()
    assert "周经理" in editor.history.toPlainText()


def test_unanswered_filter_undo_and_dropped_proposal(qtbot, store, officer, enterprise):
    visit = draft(store, enterprise, [officer["id"]])
    editor = show_visit_editor(qtbot, store, visit["id"], active=True)
    qtbot.keyClick(editor.form.notes, Qt.Key.Key_T, CTRL)
    view = editor.checklist.view
    for key in (Qt.Key.Key_1, Qt.Key.Key_3, Qt.Key.Key_0):
        qtbot.keyClick(view, key)
    qtbot.keyClick(view, Qt.Key.Key_U, CTRL)
    visible = [r for r in item_rows(view) if not view.isRowHidden(r)]
    assert len(visible) == 47
    assert all(view.model().entry(r)["result"] == "unanswered" for r in visible)
    qtbot.keyClick(view, Qt.Key.Key_U, CTRL)
    assert len([r for r in item_rows(view) if not view.isRowHidden(r)]) == 50

    # Non-compliant proposes a problem; changing the answer drops it; Ctrl+Z undoes.
    row = item_rows(view)[3]
    view.setCurrentIndex(view.model().index(row, COL["result"]))
    qtbot.keyClick(view, Qt.Key.Key_2)
    assert len(editor.problems.pending()) == 1
    view.setCurrentIndex(view.model().index(row, COL["result"]))
    qtbot.keyClick(view, Qt.Key.Key_1)
    assert editor.problems.pending() == []
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
    result_id = view.model().entry(row)["result_id"]
    assert store.get("check_results", result_id)["result"] == "non_compliant"
    assert len(editor.problems.pending()) == 1
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
    assert store.get("check_results", result_id)["result"] == "unanswered"
    assert editor.problems.pending() == []


def test_previous_answers_are_shown_and_confirmed_with_enter(qtbot, store, officer, enterprise):
    final_visit(
        store,
        enterprise,
        [officer["id"]],
        "2026-01-10",
        {"GB18597-ST-01": ("non_compliant", "桶盖未盖")},
    )
    visit = draft(store, enterprise, [officer["id"]], date="2026-03-05")
    editor = show_visit_editor(qtbot, store, visit["id"], active=True)
    qtbot.keyClick(editor.form.notes, Qt.Key.Key_T, CTRL)
    view = editor.checklist.view
    model = view.model()
    first = item_rows(view)[0]
    assert model.index(first, COL["previous"]).data() == "不符合（2026-01-10）"
    assert model.index(item_rows(view)[1], COL["previous"]).data() == "符合（2026-01-10）"

    qtbot.keyClick(view, Qt.Key.Key_C, CTRL | SHIFT)
    assert "建议：不符合" in model.index(first, COL["result"]).data()
    assert model.index(first, COL["note"]).data() == "桶盖未盖"
    result_id = model.entry(first)["result_id"]
    assert store.get("check_results", result_id)["result"] == "unanswered"
    view.setCurrentIndex(model.index(first, COL["result"]))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    stored = store.get("check_results", result_id)
    assert (stored["result"], stored["note"]) == ("non_compliant", "桶盖未盖")
    assert view.currentIndex().row() == item_rows(view)[1]  # moved on
    assert "现场情况：桶盖未盖" in editor.problems.pending()[0]["description"]


def test_followup_panel_closes_one_problem_and_extends_another(
    qtbot, store, officer, enterprise, type_text
):
    base = {
        "enterprise_id": enterprise["id"],
        "found_on": "2026-01-05",
        "category": "hazardous_waste",
    }
    fixed = problems.create(store, {**base, "description": "标签缺失", "deadline": "2026-02-01"})
    late = problems.create(store, {**base, "description": "台账不全", "deadline": "2026-02-20"})
    visit = draft(store, enterprise, [officer["id"]], type="follow_up", date="2026-03-01")
    editor = show_visit_editor(qtbot, store, visit["id"], active=True)
    panel = editor.followup
    assert editor.tabs.isTabEnabled(3)
    assert [r["problem"]["id"] for r in panel.rows] == [fixed["id"], late["id"]]
    qtbot.keyClick(panel.rows[0]["decision"], Qt.Key.Key_Down)  # verified fixed
    for _ in range(3):  # past 已整改 and 部分整改 to 仍未整改
        qtbot.keyClick(panel.rows[1]["decision"], Qt.Key.Key_Down)
    type_text(panel.rows[1]["note"], "台账仍未补齐")
    qtbot.keyClicks(panel.rows[1]["deadline"], "2026-04-15")
    qtbot.keyClick(panel.rows[1]["deadline"], Qt.Key.Key_A, CTRL | SHIFT)

    closed = store.get("problems", fixed["id"])
    assert closed["status"] == "closed"
    assert closed["close_visit_id"] == visit["id"]
    assert closed["close_method"] == "follow_up_visit"
    still = store.get("problems", late["id"])
    assert still["status"] == "open" and still["deadline"] == "2026-04-15"
    # Both are concluded now: shown with their conclusions, not offered again.
    assert panel.rows == []
    assert panel.findChild(QLabel, "concluded_2_1").text() == "未整改，延期"


def test_followup_conclusions_stay_after_finalizing(
    qtbot, store, officer, officer2, enterprise, message_boxes
):
    """The 回头看 tab of a final visit shows what it concluded, not "未核查" again."""
    base = {"enterprise_id": enterprise["id"], "found_on": "2026-01-05", "deadline": "2026-02-01"}
    found = [problems.create(store, {**base, "description": f"问题{n}"}) for n in range(3)]
    visit = draft(
        store, enterprise, [officer["id"], officer2["id"]], type="follow_up", date="2026-03-01"
    )
    editor = show_visit_editor(qtbot, store, visit["id"], active=True)
    panel = editor.followup
    # Rows come in deadline order (all equal here), so find each problem's row by id.
    row = {r["problem"]["id"]: r for r in panel.rows}
    row[found[0]["id"]]["decision"].setCurrentIndex(1)  # 已整改
    row[found[1]["id"]]["decision"].setCurrentIndex(2)  # 部分整改
    row[found[1]["id"]]["note"].setText("已整改一半")
    row[found[1]["id"]]["deadline"].setDate(QDate(2026, 4, 1))
    row[found[2]["id"]]["decision"].setCurrentIndex(4)  # 移交立案
    row[found[2]["id"]]["note"].setText("拒不整改")
    assert editor.finalize()
    assert store.get("visits", visit["id"])["status"] == "final"
    editor.close()
    reopened = show_visit_editor(qtbot, store, visit["id"], active=True)
    panel = reopened.followup
    assert panel.rows == []  # nothing left to choose on a final visit
    shown = {
        (
            panel.findChild(QLabel, f"concluded_{n}_1").text(),
            panel.findChild(QLabel, f"concluded_{n}_2").text(),
        )
        for n in (1, 2, 3)
    }
    assert shown == {
        ("已整改，销号", "回头看现场复核，已整改到位"),
        ("部分整改，延期", "已整改一半"),
        ("未整改，移交立案", "拒不整改"),
    }
    assert "本次已核查 3 个问题" in panel.info.text()
    assert store.get("problems", found[2]["id"])["handling"] == "case"


def test_followup_note_is_required_for_a_problem_still_open(qtbot, store, officer, enterprise):
    base = {"enterprise_id": enterprise["id"], "found_on": "2026-01-05", "deadline": "2026-02-01"}
    problem = problems.create(store, {**base, "description": "标签缺失"})
    visit = draft(store, enterprise, [officer["id"]], type="follow_up", date="2026-03-01")
    editor = show_visit_editor(qtbot, store, visit["id"], active=True)
    panel = editor.followup
    panel.rows[0]["decision"].setCurrentIndex(2)
    assert panel.apply() is None
    assert not panel.error.isHidden() and "核查说明" in panel.error.text()
    assert store.get("problems", problem["id"])["status"] == "open"


def png(path, size=(1200, 900)):
    image = QImage(*size, QImage.Format.Format_RGB32)
    image.fill(0x3366AA)
    assert image.save(str(path))
    return path


def file_mime(*paths):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


def test_dropping_photos_stores_attachments(qtbot, store, officer, enterprise, tmp_path):
    photo = png(tmp_path / "现场.png")
    visit = draft(store, enterprise, [officer["id"]])
    editor = show_visit_editor(qtbot, store, visit["id"], active=True)
    qtbot.keyClick(editor.form.notes, Qt.Key.Key_T, CTRL)
    view = editor.checklist.view
    row = item_rows(view)[4]
    assert view.handle_drop(row, file_mime(photo))
    result_id = view.model().entry(row)["result_id"]
    stored = attachments.list_for(store, check_result_id=result_id)
    assert [a["filename"] for a in stored] == ["现场.png"]
    assert view.model().index(row, COL["photos"]).data() == "1"
    assert attachments.stored_path(store, stored[0]).is_file()
    # The print rendition is made once, on a worker thread.
    rendition = images.cache_dir_for(store.attachments_dir) / f"{stored[0]['sha256']}-1200.jpg"
    task = editor.checklist.item_photos.rendition_task
    assert task is not None
    qtbot.waitUntil(lambda: task.outcome == "succeeded", timeout=10000)
    assert rendition.is_file()

    assert editor.visit_photos.handle_drop(file_mime(photo))
    on_visit = attachments.list_for(store, visit_id=visit["id"])
    assert len(on_visit) == 1
    strip = editor.visit_photos
    assert strip.count() == 1
    assert not strip.item(0).icon().isNull()
    icon_size = strip.item(0).icon().availableSizes()[0]
    assert max(icon_size.width(), icon_size.height()) <= 96  # decoded small, not 1200 px
    strip.item(0).setText("危废间门口")
    assert store.get("attachments", on_visit[0]["id"])["caption"] == "危废间门口"


# -- the visits page ------------------------------------------------------------


def test_visits_page_new_open_filter_and_delete(
    main_window, qtbot, store, officer, enterprise, message_boxes
):
    main_window.show_page(2)
    page = main_window.current_page()
    old, _ = final_visit(store, enterprise, [officer["id"]], "2026-01-10")
    current = draft(store, enterprise, [officer["id"]], date="2026-03-05")
    page.refresh()
    assert page.model.total == 2

    qtbot.keyClick(page.table, Qt.Key.Key_N, CTRL)
    assert page.editors and page.editors[-1].visit is None
    page.editors[-1].close()

    page.status_combo.setCurrentIndex(page.status_combo.findData("final"))
    assert page.model.total == 1
    page.status_combo.setCurrentIndex(0)
    page.month_box.setChecked(True)
    page.month_edit.setDate(page.month_edit.date().fromString("2026-03", "yyyy-MM"))
    assert page.model.total == 1 and page.model.row_record(0)["id"] == current["id"]
    page.month_box.setChecked(False)

    row = page.model.row_of_id(current["id"])
    page.table.setCurrentIndex(page.model.index(row, 0))
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert page.editors[-1].visit["id"] == current["id"]

    row = page.model.row_of_id(old["id"])
    page.table.setCurrentIndex(page.model.index(row, 0))
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert message_boxes[-1][0] == "information"  # a final visit is never deleted
    assert store.find("visits", old["id"]) is not None

    row = page.model.row_of_id(current["id"])
    page.table.setCurrentIndex(page.model.index(row, 0))
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert message_boxes[-1][0] == "question"
    assert store.find("visits", current["id"]) is None
    assert page.model.total == 1


def test_followup_new_deadline_is_a_date_picker_keeping_the_deadline_unless_changed(
    qtbot, store, officer, enterprise, type_text
):
    from envhelp.gui.qt import QDateEdit

    base = {
        "enterprise_id": enterprise["id"],
        "found_on": "2026-01-05",
        "category": "hazardous_waste",
    }
    kept = problems.create(store, {**base, "description": "标签缺失", "deadline": "2026-02-01"})
    moved = problems.create(store, {**base, "description": "台账不全", "deadline": "2026-02-20"})
    visit = draft(store, enterprise, [officer["id"]], type="follow_up", date="2026-03-01")
    editor = show_visit_editor(qtbot, store, visit["id"], active=True)
    rows = editor.followup.rows
    picker = rows[1]["deadline"]
    assert isinstance(picker, QDateEdit) and picker.calendarPopup()
    assert picker.date().toString("yyyy-MM-dd") == "2026-02-20"  # starts on the deadline
    assert not picker.isEnabled()  # only a problem still open gets a new deadline
    for row in rows:
        row["decision"].setCurrentIndex(row["decision"].findData("still_open"))
        type_text(row["note"], "仍未整改")
    assert picker.isEnabled()
    qtbot.keyClick(picker, Qt.Key.Key_Up)  # the day section: one day later
    qtbot.keyClick(rows[1]["note"], Qt.Key.Key_A, CTRL | SHIFT)
    assert store.get("problems", kept["id"])["deadline"] == "2026-02-01"  # untouched: kept
    assert store.get("problems", moved["id"])["deadline"] > "2026-02-20"
