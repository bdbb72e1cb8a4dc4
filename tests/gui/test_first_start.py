"""First start over an empty database: the bureau, the unit and the officer (with the
certificate number) first, then the enterprises; empty pages say what to do; 帮助 opens
a Chinese user guide and the shortcut list."""

from __future__ import annotations

import pytest

from envhelp.domain import officers, settings
from envhelp.gui.dialogs import first_start
from envhelp.gui.qt import QPushButton

pytestmark = pytest.mark.gui


def test_first_start_asks_who_is_working_then_offers_the_enterprises(
    qtbot, main_window, store, type_text
):
    dialog = first_start.offer(main_window)
    assert dialog is not None and dialog.isVisible() and dialog.pages.currentIndex() == 0
    form = dialog.bureau_form.fields
    type_text(form[settings.BUREAU_NAME], "青岛市即墨生态环境分局")
    type_text(dialog.officer_name, "王敏")
    # The unit and the certificate number are required: refused, nothing stored.
    assert not dialog.save_who()
    assert dialog.bureau_form.error.isVisible() and "执法单位" in dialog.bureau_form.error.text()
    assert not settings.is_set(store, settings.BUREAU_NAME) and officers.list_all(store) == []
    type_text(form[settings.UNIT_NAME], "即墨区生态环境保护综合行政执法大队")
    assert not dialog.save_who()
    assert "执法证号" in dialog.error.text() and dialog.focusWidget() is dialog.officer_cert
    assert officers.list_all(store) == []
    type_text(dialog.officer_cert, "37020012345")
    assert dialog.save_who()

    assert settings.get(store, settings.BUREAU_NAME) == "青岛市即墨生态环境分局"
    assert settings.get(store, settings.UNIT_NAME) == "即墨区生态环境保护综合行政执法大队"
    current = officers.current(store)
    assert (current["name"], current["cert_no"]) == ("王敏", "37020012345")
    assert "王敏" in main_window.officer_label.text()
    assert dialog.pages.currentIndex() == 1
    names = {b.objectName() for b in dialog.findChildren(QPushButton) if b.isVisibleTo(dialog)}
    assert {"firstStartTemplate", "firstStartImport", "firstStartAdd"} <= names

    dialog.findChild(QPushButton, "firstStartAdd").click()
    page = main_window.current_page()
    assert page.key == "enterprises" and page.dialog.isVisible()  # the new-enterprise form
    assert not first_start.needed(store)  # asked once


def test_a_database_already_in_use_is_not_asked(qtbot, main_window, store, officer):
    officers.set_current(store, officer["id"])
    assert first_start.offer(main_window) is None


def test_empty_pages_explain_themselves(qtbot, main_window, store):
    for name, words in (("enterprises", "Ctrl+N"), ("visits", "Ctrl+N"), ("problems", "登记")):
        main_window.show_page(main_window.page_row(name))
        hint = main_window.current_page().empty_hint
        assert hint.isVisible() and words in hint.text(), name


def test_help_opens_the_chinese_guide_and_the_shortcut_list(qtbot, main_window):
    guide = main_window.show_help("guide")
    text = guide.browser.toPlainText()
    assert guide.isVisible() and "使用指南" in text and "Ctrl+T" in text
    keys = main_window.show_help("shortcuts")
    assert "快捷键" in keys.browser.toPlainText() and "Ctrl+Enter" in keys.browser.toPlainText()
    actions = [a.text() for a in main_window.menuBar().actions()[-1].menu().actions()]
    assert "使用指南(&G)" in actions and "快捷键(&K)" in actions


def test_an_empty_dashboard_says_where_to_start(qtbot, main_window):
    page = main_window.page(0)
    page.refresh()
    assert page.empty_hint.isVisible() and "导入企业" in page.empty_hint.text()
