"""Recording what the enterprise showed from the GUI, and a permit taken out of force."""

from __future__ import annotations

from datetime import date

import pytest

from envhelp.domain import permit_calendar, permits
from envhelp.gui.dialogs.enterprise_detail import EnterpriseDetailDialog
from envhelp.gui.pages.dashboard import DashboardPage
from envhelp.gui.qt import Qt
from tests.conftest import VALID_USCC

pytestmark = pytest.mark.gui

TODAY = date(2026, 12, 4)


@pytest.fixture
def permit(store, enterprise):
    return permits.save(
        store,
        enterprise["id"],
        {
            "permit_no": VALID_USCC[0] + "001P",
            "management_class": "key",
            "issued_on": "2022-01-10",
            "valid_until": "2027-01-09",
            "report_frequencies": ["annual"],
        },
    )


def _focused(widget) -> bool:
    """``widget`` (or a part of it, as the line edit inside a date field) has its window's
    focus."""
    focus = widget.window().focusWidget()
    return focus is widget or (focus is not None and widget.isAncestorOf(focus))


def _rows(dialog) -> list[tuple[str, ...]]:
    table = dialog.table
    return [
        tuple(table.item(r, c).text() for c in range(table.columnCount()))
        for r in range(table.rowCount())
    ]


def test_dashboard_records_an_answer_by_keyboard_and_the_due_list_updates(qtbot, store, permit):
    page = DashboardPage(store)
    qtbot.addWidget(page)
    page.today = TODAY
    page.refresh()
    assert "60 天内到期或已逾期 3 项" in page.permits_label.text()
    dialog = page.findChild(type(page.permits_button), "openPermitsDue")
    qtbot.mouseClick(dialog, Qt.MouseButton.LeftButton)
    dialog = page.permits_dialog
    assert dialog.isVisible() and not dialog.show_recorded.isChecked()
    assert [(r[0], r[1], r[3], r[4]) for r in _rows(dialog)] == [
        ("2026年1月15日", "已逾期", "年报", "2025年度"),
        ("2026年11月10日", "已逾期", "延续申请", "有效期至2027年1月9日"),
        ("2027年1月15日", "待提交", "年报", "2026年度"),
    ]
    # Enter on the selected (first) row opens the form, focus in its first field.
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    form = dialog.record_dialog
    assert form.isVisible()
    assert form.status.currentData() == "late"  # overdue: late is the likely answer
    assert _focused(form.status)
    qtbot.keyClick(form.focusWidget(), Qt.Key.Key_Tab)
    assert _focused(form.shown_on)
    for _section in range(3):  # Tab steps through the date's year, month and day, then on
        qtbot.keyClick(form.focusWidget(), Qt.Key.Key_Tab)
    assert _focused(form.note)
    form.note.insert("2月补交")  # (QTest types ASCII only)
    qtbot.keyClick(form.note, Qt.Key.Key_Return)  # Enter: OK
    assert not form.isVisible()
    stored = store.query_one("SELECT * FROM permit_reports")
    assert (stored["kind"], stored["period"], stored["status"], stored["note"]) == (
        "annual",
        "2025",
        "late",
        "2月补交",
    )
    assert stored["shown_on"] == TODAY.isoformat()  # the day the page is as of
    assert [r[4] for r in _rows(dialog)] == ["有效期至2027年1月9日", "2026年度"]
    assert "60 天内到期或已逾期 2 项" in page.permits_label.text()  # the page read again
    # Esc leaves the form without recording anything.
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    qtbot.keyClick(dialog.record_dialog, Qt.Key.Key_Escape)
    assert store.scalar("SELECT count(*) FROM permit_reports") == 1
    dialog.close()


def test_a_recorded_answer_is_corrected_from_the_enterprise_details(
    qtbot, store, enterprise, permit
):
    permit_calendar.record(store, permit["id"], "annual", "2025", "on_time", "2026-01-10")
    details = EnterpriseDetailDialog(store, enterprise["id"])
    qtbot.addWidget(details)
    assert details.reports_button.isEnabled()
    qtbot.mouseClick(details.reports_button, Qt.MouseButton.LeftButton)
    dialog = details.permit_dialog
    assert dialog.show_recorded.isChecked()  # what was recorded is there to correct
    assert dialog.table.isColumnHidden(2)  # one enterprise: no enterprise column
    row = next(i for i, r in enumerate(_rows(dialog)) if r[4] == "2025年度")
    assert _rows(dialog)[row][1:2] + _rows(dialog)[row][5:6] == (
        "已提交",
        "按时提交（核查日期 2026年1月10日）",
    )
    dialog.table.selectRow(row)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    form = dialog.record_dialog
    assert form.status.currentData() == "on_time"
    assert form.shown_on.date().toString("yyyy-MM-dd") == "2026-01-10"
    # Bad input keeps the form open, names the field and changes nothing.
    form.note.setText("很长" * 251)
    form.accept()
    assert form.isVisible() and "备注" in form.error.text()
    assert form.note.styleSheet()
    assert store.get("permit_reports", permits.stable_id("report", permit["id"], "annual", "2025"))[
        "status"
    ] == ("on_time")
    form.note.setText("复核：未见报告")
    form.status.setCurrentIndex(form.status.findData("missing"))
    form.accept()
    corrected = store.query_one("SELECT * FROM permit_reports")
    assert (corrected["status"], corrected["note"]) == ("missing", "复核：未见报告")
    assert (
        store.scalar(
            "SELECT count(*) FROM audit_log WHERE table_name = 'permit_reports' "
            "AND action = 'update'"
        )
        == 1
    )
    assert "核查未提交" in [r[1] for r in _rows(dialog)]
    dialog.close()
    details.close()


def test_a_permit_is_cancelled_and_restored_from_the_enterprise_details(
    qtbot, store, enterprise, permit
):
    details = EnterpriseDetailDialog(store, enterprise["id"])
    qtbot.addWidget(details)
    assert details.status_button.text() == "注销/撤销…"
    qtbot.mouseClick(details.status_button, Qt.MouseButton.LeftButton)
    dialog = details.permit_dialog
    assert [dialog.fields["status"].itemText(i) for i in range(3)] == [
        "已注销",
        "已撤销或吊销",
        "录入有误（作废）",
    ]
    dialog.accept()  # no reason given
    assert dialog.isVisible() and "注销/撤销原因" in dialog.error.text()
    assert _focused(dialog.fields["status_reason"])
    assert store.get("permits", permit["id"])["status"] == "in_force"
    dialog.fields["status_reason"].setText("企业关闭")
    qtbot.keyClick(dialog.fields["status_reason"], Qt.Key.Key_Return)  # Enter: OK
    assert not dialog.isVisible()
    assert store.get("permits", permit["id"])["status"] == "cancelled"
    assert f"状态：已注销（{date.today().year}年" in details.permit_label.text()
    assert not details.reports_button.isEnabled()
    assert details.status_button.text() == "恢复有效…"
    qtbot.mouseClick(details.status_button, Qt.MouseButton.LeftButton)
    details.permit_dialog.accept()
    assert store.get("permits", permit["id"])["status"] == "in_force"
    assert "状态：" not in details.permit_label.text()
    assert details.reports_button.isEnabled()
    details.close()
