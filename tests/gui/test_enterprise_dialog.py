"""Adding and editing enterprises through the dialog, with the core's validation."""

from __future__ import annotations

import pytest

from envhelp.domain import enterprises
from envhelp.gui.qt import QDialogButtonBox, Qt

pytestmark = pytest.mark.gui

VALID_USCC = ["91350100M000100Y43", "91130200699229617X"]


def click_ok(qtbot, dialog):
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )


def check_hw(dialog, code):
    hw = dialog.fields["hw_categories"]
    for i in range(hw.count()):
        if hw.item(i).data(Qt.ItemDataRole.UserRole) == code:
            hw.item(i).setCheckState(Qt.CheckState.Checked)


def test_add_enterprise_by_typing_then_find_it_by_pinyin(
    qtbot, type_text, store, enterprise, enterprises_page
):
    page = enterprises_page
    assert page.model.total == 1
    qtbot.keyClick(
        page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier
    )  # the window's Ctrl+N
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    type_text(dialog.fields["name"], "青岛海晨化工有限公司")
    qtbot.keyClicks(dialog.fields["uscc"], VALID_USCC[1].lower())
    qtbot.keyClicks(dialog.fields["contact_phone"], "0532-88776655")
    type_text(dialog.fields["town"], "流亭街道")
    dialog.fields["permit_class"].setCurrentIndex(dialog.fields["permit_class"].findData("key"))
    check_hw(dialog, "HW08")
    check_hw(dialog, "HW49")
    click_ok(qtbot, dialog)

    assert not dialog.isVisible()
    assert enterprises.count(store) == 2
    saved = enterprises.list_page(store, search="海晨")[0]
    assert saved["uscc"] == VALID_USCC[1]  # cleaned by the core: upper case
    assert saved["permit_class"] == "key"
    assert saved["hw_categories"] == ["HW08", "HW49"]
    assert saved["town"] == "流亭街道"

    qtbot.keyClicks(page.search, "qdhc")  # pinyin initials of 青岛海晨
    qtbot.waitUntil(lambda: page.model.total == 1, timeout=10000)
    assert page.model.rowCount() == 1
    assert page.model.index(0, 0).data() == "青岛海晨化工有限公司"
    assert "1" in page.count_label.text()


def test_search_is_debounced(qtbot, type_text, store, enterprise, enterprises_page, monkeypatch):
    page = enterprises_page
    calls = []
    original = enterprises.count
    monkeypatch.setattr(enterprises, "count", lambda *a, **k: calls.append(k) or original(*a, **k))
    qtbot.keyClicks(page.search, "qdjr")
    assert calls == []  # nothing queried while typing
    qtbot.waitUntil(lambda: len(calls) == 1, timeout=10000)
    assert calls[0]["search"] == "qdjr"
    assert page.model.index(0, 0).data() == "青岛精锐机械有限公司"


def test_invalid_uscc_shows_error_keeps_data_and_saves_nothing(
    qtbot, type_text, store, enterprises_page
):
    page = enterprises_page
    dialog = page.new_record()
    type_text(dialog.fields["name"], "青岛测试公司")
    bad = VALID_USCC[0][:-1] + "4"  # wrong check character
    qtbot.keyClicks(dialog.fields["uscc"], bad)
    click_ok(qtbot, dialog)

    assert dialog.isVisible()
    assert dialog.error.isVisible()
    assert "校验位" in dialog.error.text()
    assert dialog.focusWidget() is dialog.fields["uscc"]
    assert dialog.fields["name"].text() == "青岛测试公司"
    assert dialog.fields["uscc"].text() == bad
    assert enterprises.count(store) == 0
    assert store.scalar("SELECT count(*) FROM audit_log WHERE table_name = 'enterprises'") == 0

    # Correcting the field and pressing OK again saves it.
    dialog.fields["uscc"].setText(VALID_USCC[0])
    click_ok(qtbot, dialog)
    assert not dialog.isVisible()
    assert enterprises.count(store) == 1


def test_missing_name_focuses_name(qtbot, type_text, store, enterprises_page):
    dialog = enterprises_page.new_record()
    type_text(dialog.fields["address"], "城阳区正阳路 1 号")
    click_ok(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.focusWidget() is dialog.fields["name"]
    assert "企业名称" in dialog.error.text()
    assert dialog.fields["address"].text() == "城阳区正阳路 1 号"


def test_edit_on_f2_shows_all_fields_and_updates(
    qtbot, type_text, store, enterprise, enterprises_page
):
    page = enterprises_page
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(0, 0))
    qtbot.keyClick(page.table, Qt.Key.Key_F2)  # F2 edits; Enter opens the details
    dialog = page.dialog
    assert dialog.fields["name"].text() == enterprise["name"]
    assert dialog.fields["uscc"].text() == enterprise["uscc"]
    assert dialog.checked_hw() == ["HW08", "HW49"]
    dialog.fields["industry"].clear()
    type_text(dialog.fields["industry"], "金属制品业")
    click_ok(qtbot, dialog)
    assert enterprises.get(store, enterprise["id"])["industry"] == "金属制品业"
    assert page.model.index(0, 3).data() == "金属制品业"


def test_double_click_opens_details_edit_from_there_and_escape_closes(
    qtbot, type_text, store, enterprise, enterprises_page
):
    page = enterprises_page
    rect = page.table.visualRect(page.model.index(0, 0))
    # A real double-click starts with a press: the view only opens the row it saw pressed.
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    details = page.detail_dialog
    qtbot.addWidget(details)  # closed at the end, not left on screen for the next tests
    assert details.isVisible() and details.enterprise_id == enterprise["id"]
    qtbot.mouseClick(details.edit_button, Qt.MouseButton.LeftButton)
    dialog = details.edit_dialog
    assert dialog.isVisible() and dialog.enterprise_id == enterprise["id"]
    qtbot.keyClick(dialog.fields["name"], Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert enterprises.get(store, enterprise["id"])["updated_at"] == enterprise["updated_at"]
