"""The enterprise list as an officer drives it: pinyin order, from the search box into the
list by keyboard, details on double-click, the form's tab order, an error frame that goes
once the field is right, problems opened from the details, and editors that outlive it."""

from __future__ import annotations

import pytest

from envhelp.domain import enterprises, problems
from envhelp.gui.dialogs.enterprise import LEFT_COLUMN, RIGHT_COLUMN, EnterpriseDialog
from envhelp.gui.dialogs.problem import ProblemDialog
from envhelp.gui.qt import QApplication, QDialogButtonBox, QEvent, Qt
from tests.conftest import VALID_USCC

pytestmark = pytest.mark.gui


@pytest.fixture
def three(store):
    for name in ("青岛海岸化工有限公司", "安丘金属制品厂", "北方涂料有限公司"):
        enterprises.add(store, {"name": name})


def names(page):
    return [page.model.row_record(r)["name"] for r in range(page.model.rowCount())]


def test_names_sort_by_pinyin(enterprises_page, three):
    enterprises_page.refresh()
    assert names(enterprises_page) == ["安丘金属制品厂", "北方涂料有限公司", "青岛海岸化工有限公司"]


def test_down_or_enter_goes_from_the_search_box_into_the_list(qtbot, enterprises_page, three):
    page = enterprises_page
    page.refresh()
    page.focus_search()
    qtbot.keyClick(page.search, Qt.Key.Key_Down)
    assert page.table.hasFocus() and page.table.currentIndex().row() == 0
    page.focus_search()
    qtbot.keyClicks(page.search, "bf")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert names(page) == ["北方涂料有限公司"]
    assert page.table.hasFocus() and page.table.currentIndex().row() == 0
    qtbot.keyClick(page.table, Qt.Key.Key_Return)  # Enter on the row: the details
    qtbot.addWidget(page.detail_dialog)  # closed at the end, not left on screen
    assert page.detail_dialog.isVisible()
    assert page.detail_dialog.name_label.text() == "北方涂料有限公司"


def test_tab_follows_the_form_as_it_reads(qtbot, store):
    dialog = EnterpriseDialog(store)
    qtbot.addWidget(dialog)
    fields = {widget: key for key, widget in dialog.fields.items()}
    chain, widget = [], dialog.fields["name"]
    for _ in range(200):
        if widget in fields and fields[widget] not in chain:
            chain.append(fields[widget])
        widget = widget.nextInFocusChain()
    assert chain == [*LEFT_COLUMN, *RIGHT_COLUMN, "address", "notes"]


def test_a_corrected_credit_code_clears_its_frame_at_once(qtbot, store):
    dialog = EnterpriseDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.fields["name"].setText("青岛测试有限公司")
    uscc = dialog.fields["uscc"]
    uscc.setText(VALID_USCC[1][:-1] + "0")  # wrong check character
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert uscc.styleSheet() and dialog.error.isVisible()
    uscc.setText(VALID_USCC[1][:-2])  # still wrong: the frame stays
    assert uscc.styleSheet()
    qtbot.keyClicks(uscc, VALID_USCC[1][-2:])
    assert uscc.text() == VALID_USCC[1]
    assert uscc.styleSheet() == "" and not dialog.error.isVisible()


def test_double_click_on_an_open_problem_opens_it(qtbot, enterprises_page, store, enterprise):
    problem = problems.create(
        store,
        {
            "enterprise_id": enterprise["id"],
            "found_on": "2026-02-10",
            "deadline": "2026-02-20",
            "description": "标识不全",
        },
    )
    page = enterprises_page
    page.refresh()
    details = page.show_details(page.model.index(0, 0))
    table = details.problem_table
    rect = table.visualRect(details.problem_model.index(0, 3))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dialog = details.problem_dialog
    assert isinstance(dialog, ProblemDialog) and dialog.isVisible()
    assert dialog.problem_id == problem["id"]


def test_closing_the_details_leaves_a_visit_editor_open(
    qtbot, main_window, enterprises_page, store, enterprise, officer, type_text
):
    page = enterprises_page
    page.refresh()
    details = page.show_details(page.model.index(0, 0))
    editor = details.new_visit()
    type_text(editor.form.representative, "张经理")
    details.reject()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # the dialog is deleted
    assert editor.isVisible() and editor.parent() is main_window
    assert editor in page.editors
    editor.close()  # saves what was typed
    assert store.get("visits", editor.visit["id"])["representative"] == "张经理"
