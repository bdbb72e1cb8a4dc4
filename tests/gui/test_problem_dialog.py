"""The problem dialog: details, history, and the ledger actions typed in like a user."""

from __future__ import annotations

from datetime import date

import pytest

from envhelp.domain import ledger, officers, problem_history, problems, visits
from envhelp.gui.dialogs.problem import ProblemDialog
from envhelp.gui.dialogs.problem_actions import CloseDialog, ExtendDialog, ReasonDialog
from envhelp.gui.pages.problems import ProblemsPage
from envhelp.gui.qt import QDialogButtonBox, Qt

# Single-officer assistance visits, as a bureau that relaxed the two-officer rule records.
pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("one_officer_publicity")]

TODAY = date(2026, 6, 15)


@pytest.fixture
def problem(store, officer, officer2, enterprise):
    officers.set_current(store, officer2["id"])
    visit = visits.create(
        store,
        {
            "enterprise_id": enterprise["id"],
            "date": "2026-06-01",
            "type": "law_publicity",
            "officer_ids": [officer["id"]],
            "guidance": "危废贮存规范化指导",
        },
    )
    visits.finalize(store, visit["id"])
    return problems.create(
        store,
        {
            "enterprise_id": enterprise["id"],
            "visit_id": visit["id"],
            "found_on": "2026-06-01",
            "deadline": "2026-06-30",
            "category": "hazardous_waste",
            "severity": "major",
            "description": "危废贮存间未设置分区标志",
        },
    )


def ok(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


@pytest.fixture
def page(qtbot, store, problem):
    page = ProblemsPage(store)
    page.model.today = TODAY
    page.refresh()
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    return page


def open_first(qtbot, page) -> ProblemDialog:
    page.table.setFocus()
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)  # Enter opens the problem
    assert isinstance(page.dialog, ProblemDialog) and page.dialog.isVisible()
    return page.dialog


def test_close_problem_through_dialog_with_key_presses(
    qtbot, page, store, problem, officer2, type_text
):
    dialog = open_first(qtbot, page)
    assert dialog.info["status"].text() == "待整改"
    assert "还剩 15 天" in dialog.info["deadline"].text()
    visible = {a for a, b in dialog.action_buttons.items() if b.isVisibleTo(dialog)}
    assert (
        visible
        == set(ledger.allowed_actions(problem))
        == {"rectifying", "close", "cancel", "extend"}
    )
    qtbot.mouseClick(dialog.action_buttons["close"], Qt.MouseButton.LeftButton)
    form = dialog.action_dialog
    assert isinstance(form, CloseDialog) and form.isVisible()
    assert form.officer.currentData() == officer2["id"]  # the current officer by default

    form.verified_on.setFocus()
    form.verified_on.selectAll()
    qtbot.keyClicks(form.verified_on, "2026-06-12")
    form.method.setFocus()
    qtbot.keyClick(form.method, Qt.Key.Key_Down)  # 回头看现场复核
    qtbot.keyClick(form.method, Qt.Key.Key_Down)  # 资料审核
    assert form.method.currentData() == "document_review"
    assert not form.visit.isEnabled()  # only a follow-up visit needs a visit
    form.note.setFocus()
    type_text(form.note, "企业提交分区标志照片及台账，核查属实")
    qtbot.mouseClick(ok(form), Qt.MouseButton.LeftButton)

    assert not form.isVisible()
    stored = store.get("problems", problem["id"])
    assert stored["status"] == "closed"
    assert stored["closed_on"] == "2026-06-12"
    assert stored["closed_by"] == officer2["id"]
    assert stored["close_method"] == "document_review"
    assert stored["close_note"] == "企业提交分区标志照片及台账，核查属实"
    last = problem_history.history(store, problem["id"])[-1]
    assert (last["from_status"], last["to_status"]) == ("open", "closed")
    assert last["reason"] == "企业提交分区标志照片及台账，核查属实"
    assert last["actor"].startswith("李强")
    # The dialog re-read the problem: new status, new history row, only "reopen" left.
    assert dialog.info["status"].text() == "已销号"
    assert dialog.history.rowCount() == 2
    assert dialog.history.item(1, 4).text() == "已销号"
    assert {a for a, b in dialog.action_buttons.items() if b.isVisibleTo(dialog)} == {"reopen"}
    assert not dialog.detail_fields["description"].isEnabled()
    # …and the list behind it too: it shows what is still to do, the closed one has left.
    assert page.model.rowCount() == 0 and page.model.total == 0


def test_close_with_missing_note_shows_message_and_changes_nothing(qtbot, page, store, problem):
    before = store.get("problems", problem["id"])
    events = len(problem_history.history(store, problem["id"]))
    dialog = open_first(qtbot, page)
    form = dialog.start_action("close")
    form.method.setCurrentIndex(form.method.findData("photo_evidence"))
    qtbot.mouseClick(ok(form), Qt.MouseButton.LeftButton)
    assert form.isVisible()  # kept open with what was typed
    message = form.field_errors["note"]
    assert message.isVisible() and "核查说明" in message.text()
    assert form.focusWidget() is form.note
    assert form.method.currentData() == "photo_evidence"
    assert not form.error.isVisible()
    assert store.get("problems", problem["id"]) == before
    assert len(problem_history.history(store, problem["id"])) == events


def test_follow_up_visit_method_needs_a_visit_of_the_enterprise(qtbot, page, problem):
    form = open_first(qtbot, page).start_action("close")
    form.method.setCurrentIndex(form.method.findData("follow_up_visit"))
    assert form.visit.isEnabled() and form.visit.count() == 2  # (none) + the visit
    form.note.setPlainText("回头看现场复核")
    qtbot.mouseClick(ok(form), Qt.MouseButton.LeftButton)
    assert form.field_errors["visit_id"].isVisible()
    assert "复核走访" in form.field_errors["visit_id"].text()
    form.visit.setCurrentIndex(1)
    qtbot.mouseClick(ok(form), Qt.MouseButton.LeftButton)
    assert not form.isVisible()
    assert page.dialog.problem["close_visit_id"] == problem["visit_id"]


def test_extend_by_working_days_shows_date_and_calendar_warning(qtbot, page, store, problem):
    dialog = open_first(qtbot, page)
    form = dialog.start_action("extend")
    assert isinstance(form, ExtendDialog)
    form.days.setValue(3)
    form.day_kind.setCurrentIndex(form.day_kind.findData(True))
    # 2026-06-30 is a Tuesday: 3 working days later is Friday 3 July.
    assert form.computed.text() == "新整改期限：2026-07-03"
    assert not form.warning.isVisible()
    form.days.setValue(200)  # runs into 2027, which the holiday calendar does not know
    assert form.warning.isVisibleTo(form) and "2027" in form.warning.text()

    form.days.setValue(10)
    form.day_kind.setCurrentIndex(form.day_kind.findData(False))
    assert form.computed.text() == "新整改期限：2026-07-10"
    qtbot.mouseClick(ok(form), Qt.MouseButton.LeftButton)
    assert "原因" in form.field_errors["reason"].text()  # reason required; nothing saved
    assert store.get("problems", problem["id"])["deadline"] == "2026-06-30"
    form.reason.setPlainText("企业需采购标识牌，申请延期")
    qtbot.mouseClick(ok(form), Qt.MouseButton.LeftButton)
    assert store.get("problems", problem["id"])["deadline"] == "2026-07-10"
    last = problem_history.history(store, problem["id"])[-1]
    assert (last["kind"], last["old_deadline"], last["new_deadline"]) == (
        "extension",
        "2026-06-30",
        "2026-07-10",
    )
    assert "2026-06-30 → 2026-07-10" in dialog.history.item(1, 5).text()


def test_rectifying_cancel_and_reopen(qtbot, page, store, problem):
    dialog = open_first(qtbot, page)
    form = dialog.start_action("rectifying")
    form.plan.setPlainText("一周内设置分区标志")
    qtbot.mouseClick(ok(form), Qt.MouseButton.LeftButton)
    assert store.get("problems", problem["id"])["status"] == "rectifying"
    assert "一周内设置分区标志" in dialog.info["rectify"].text()

    form = dialog.start_action("cancel")
    assert isinstance(form, ReasonDialog)
    form.reason.setPlainText("重复登记")
    qtbot.mouseClick(ok(form), Qt.MouseButton.LeftButton)
    assert store.get("problems", problem["id"])["status"] == "cancelled"
    assert dialog.start_action("close") is None  # not allowed for a cancelled problem

    form = dialog.start_action("reopen")
    form.reason.setPlainText("误撤销")
    qtbot.mouseClick(ok(form), Qt.MouseButton.LeftButton)
    assert store.get("problems", problem["id"])["status"] == "open"
    kinds = [
        (e["from_status"], e["to_status"]) for e in problem_history.history(store, problem["id"])
    ]
    assert kinds[1:] == [("open", "rectifying"), ("rectifying", "cancelled"), ("cancelled", "open")]


def test_edit_details_of_open_problem(qtbot, page, store, problem):
    dialog = open_first(qtbot, page)
    dialog.detail_fields["description"].setPlainText("")
    assert not dialog.save_details()
    assert dialog.details_error.isVisible() and "问题描述" in dialog.details_error.text()
    assert store.get("problems", problem["id"])["description"] == "危废贮存间未设置分区标志"
    dialog.detail_fields["description"].setPlainText("危废贮存间未设置分区标志和标签")
    severity = dialog.detail_fields["severity"]
    severity.setCurrentIndex(severity.findData("minor"))
    qtbot.mouseClick(dialog.save_details_button, Qt.MouseButton.LeftButton)
    stored = store.get("problems", problem["id"])
    assert stored["description"] == "危废贮存间未设置分区标志和标签"
    assert stored["severity"] == "minor" and stored["deadline"] == "2026-06-30"
    assert page.model.row_record(0)["description"] == "危废贮存间未设置分区标志和标签"


def test_relapse_link_opens_the_earlier_problem(qtbot, store, problem, officer, enterprise):
    ledger.close(
        store,
        problem["id"],
        verified_on="2026-06-10",
        officer_id=officer["id"],
        method="document_review",
        note="已整改",
        today=TODAY,
    )
    store.update("problems", problem["id"], {"item_code": "GB18597-6.1"})
    again = problems.create(
        store,
        {
            "enterprise_id": enterprise["id"],
            "found_on": "2026-06-14",
            "deadline": "2026-06-20",
            "description": "分区标志缺失（再次发现）",
            "item_code": "GB18597-6.1",
        },
    )
    assert again["relapse_of"] == problem["id"]
    dialog = ProblemDialog(store, again["id"], today=TODAY)
    qtbot.addWidget(dialog)
    assert dialog.relapse_button.isEnabled() and "2026-06-10" in dialog.relapse_button.text()
    earlier = dialog.open_relapse_source()
    assert earlier.problem_id == problem["id"]
    assert earlier.info["status"].text() == "已销号"
