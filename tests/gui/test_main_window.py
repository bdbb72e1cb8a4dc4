"""The main window: status bar, navigation shortcuts, settings, language switch."""

from __future__ import annotations

import pytest

from envhelp import i18n
from envhelp.domain import officers
from envhelp.gui import language
from envhelp.gui.dialogs.enterprise import EnterpriseDialog
from envhelp.gui.pages.enterprises import EnterprisesPage
from envhelp.gui.pages.problems import ProblemsPage
from envhelp.gui.pages.reports import ReportsPage
from envhelp.gui.qt import QDialogButtonBox, Qt

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier


def nav_labels(window):
    return [window.nav.item(i).text() for i in range(window.nav.count())]


def test_opens_over_temp_db_and_status_bar_shows_path(main_window, db_path, officer, store):
    assert str(db_path) in main_window.db_label.text()
    assert main_window.statusBar().isAncestorOf(main_window.db_label)
    assert "未选择" in main_window.officer_label.text()
    assert nav_labels(main_window) == ["仪表盘", "企业", "走访", "问题台账", "报表", "双随机"]
    officers.set_current(store, officer["id"])
    main_window.update_officer_label()
    assert main_window.officer_label.text() == "当前执法人员：王敏"


def test_ctrl_number_switches_pages(qtbot, main_window):
    qtbot.keyClick(main_window.nav, Qt.Key.Key_4, CTRL)
    assert isinstance(main_window.current_page(), ProblemsPage)
    qtbot.keyClick(main_window.nav, Qt.Key.Key_5, CTRL)
    assert isinstance(main_window.current_page(), ReportsPage)
    assert not main_window.new_action.isEnabled()  # nothing to create on the reports page
    qtbot.keyClick(main_window.nav, Qt.Key.Key_2, CTRL)
    page = main_window.current_page()
    assert isinstance(page, EnterprisesPage) and main_window.new_action.isEnabled()
    qtbot.keyClick(main_window.nav, Qt.Key.Key_F, CTRL)
    assert main_window.focusWidget() is page.search
    qtbot.keyClick(page.search, Qt.Key.Key_N, CTRL)
    assert isinstance(page.dialog, EnterpriseDialog) and page.dialog.isVisible()


def test_dashboard_and_lists_show_counts(main_window, enterprise):
    main_window.show_page(0)
    dashboard = main_window.current_page()
    dashboard.refresh()
    assert dashboard.values["enterprises"].text() == "1"
    main_window.show_page(2)
    assert main_window.current_page().count_label.text() == "共 0 次走访，0 家企业"


def test_settings_adds_officer_and_the_user_chooses_the_current_one(qtbot, main_window, store):
    dialog = main_window.open_settings()
    fields = dialog.officer_fields
    fields["name"].setText("赵磊")
    fields["phone"].setText("电话号码")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.officer_error.isVisible() and "电话" in dialog.officer_error.text()
    assert dialog.focusWidget() is fields["phone"]
    assert officers.list_all(store) == []

    fields["phone"].setText("13800000000")
    qtbot.keyClicks(fields["cert_no"], "37020099999")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    [added] = officers.list_all(store)
    assert added["cert_no"] == "37020099999"
    assert dialog.chosen_officer_id() is None  # adding is not choosing
    assert "赵磊" in dialog.added_label.text()
    dialog.officer_combo.setCurrentIndex(dialog.officer_combo.findData(added["id"]))
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert officers.current(store)["id"] == added["id"]
    assert main_window.officer_label.text() == "当前执法人员：赵磊"


def test_adding_a_colleague_keeps_the_current_officer(qtbot, main_window, store, officer):
    officers.set_current(store, officer["id"])
    dialog = main_window.open_settings()
    dialog.officer_fields["name"].setText("李强")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert {o["name"] for o in officers.list_all(store)} == {"王敏", "李强"}
    assert dialog.chosen_officer_id() == officer["id"]
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert officers.current(store)["id"] == officer["id"]
    assert store.actor.startswith("王敏")
    assert main_window.officer_label.text() == "当前执法人员：王敏"


def test_language_switch_to_english(qtbot, main_window, gui_settings):
    main_window.show_page(1)
    dialog = main_window.open_settings()
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("en"))
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

    assert nav_labels(main_window) == [
        "Dashboard",
        "Enterprises",
        "Visits",
        "Problems",
        "Reports",
        "Random checks",
    ]
    assert main_window.menuBar().actions()[0].text() == "&File"
    assert main_window.db_label.text().startswith("Database: ")
    assert "Current officer" in main_window.officer_label.text()
    page = main_window.current_page()
    assert isinstance(page, EnterprisesPage)  # same page after the rebuild
    assert page.model.headerData(0, Qt.Orientation.Horizontal) == "Enterprise name"
    assert page.add_button.text() == "New enterprise"
    assert i18n.language() == "en"  # core messages follow
    assert language.saved_language() == "en"  # remembered for the next start

    enterprise_dialog = page.new_record()
    assert enterprise_dialog.windowTitle() == "New enterprise"
    enterprise_dialog.accept()  # empty name: the core's message is English now
    assert "Enterprise name is required" in enterprise_dialog.error.text()

    main_window.set_language("zh")
    assert nav_labels(main_window)[0] == "仪表盘"
    assert i18n.language() == "zh"
