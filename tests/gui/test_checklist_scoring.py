"""Scoring an assessment in the checklist editor: the same keys answer, -/+ step the
points, the running score, share, verdict and vetoes show as the officer answers."""

from __future__ import annotations

import pytest

from envhelp.domain import check_answers, check_totals
from envhelp.gui.qt import Qt
from envhelp.gui.visit_editor.checklist_model import COL

pytestmark = pytest.mark.gui
PRODUCER = "hw-assessment-producer"


@pytest.fixture
def panel(checklist_panel):
    return checklist_panel("inspection", PRODUCER, size=(1366, 768))


def score(store, panel):
    return check_totals.score_figures(store, panel.current_model().check["id"])


def test_keys_score_and_the_running_total_follows(qtbot, store, panel):
    view, model = panel.view, panel.view.model()
    assert not view.isColumnHidden(COL["points"])
    assert "−/+" in panel.key_legend.text()
    first = view.currentIndex().row()
    qtbot.keyClick(view, Qt.Key.Key_1)  # full points, cursor moves on
    assert model.index(first, COL["points"]).data() == "2/2"
    second = view.currentIndex().row()
    qtbot.keyClick(view, Qt.Key.Key_Minus)  # first partial score, cursor stays
    assert view.currentIndex().row() == second
    assert model.index(second, COL["points"]).data() == "0/1"  # HW-PA-02 is 1/0
    assert model.entry(second)["result"] == "non_compliant"
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    assert model.index(second, COL["points"]).data() == "1/1"
    f = score(store, panel)
    assert (f["score"], f["max_score"]) == (3, 33)
    assert "得分 3/33（9.1%）" in panel.score_label.text() and "不达标" in panel.score_label.text()
    panel.undo_stack.undo()
    assert model.index(second, COL["points"]).data() == "0/1"
    assert score(store, panel)["score"] == 2


def test_partial_points_then_full_with_1_and_vetoes_named(qtbot, store, panel):
    view, model = panel.view, panel.view.model()
    rows = {model.entry(r)["code"]: r for r in range(model.rowCount()) if model.entry(r)}
    for row in rows.values():  # everything full, as fast as keys go
        view.setCurrentIndex(model.index(row, COL["result"]))
        qtbot.keyClick(view, Qt.Key.Key_Y)
    assert score(store, panel)["verdict"] == "pass"
    assert "达标" in panel.score_label.text()
    view.setCurrentIndex(model.index(rows["HW-PA-03"], COL["result"]))
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    assert model.index(rows["HW-PA-03"], COL["points"]).data() == "1/2"
    qtbot.keyClick(view, Qt.Key.Key_1)  # 1 gives the full points back
    assert model.index(rows["HW-PA-03"], COL["points"]).data() == "2/2"
    view.setCurrentIndex(model.index(rows["HW-PA-10"], COL["result"]))
    qtbot.keyClick(view, Qt.Key.Key_N)
    assert "否决项：HW-PA-10" in panel.score_label.text() and "不达标" in panel.score_label.text()
    view.setCurrentIndex(model.index(rows["HW-PA-17"], COL["result"]))
    qtbot.keyClick(view, Qt.Key.Key_A)
    assert model.index(rows["HW-PA-17"], COL["points"]).data() == "—"
    assert score(store, panel)["max_score"] == 31


def test_unscored_checks_hide_the_points(qtbot, store, panel):
    panel.template_combo.setCurrentIndex(panel.template_combo.findData("gb18597-2023-storage"))
    panel.add_check()
    assert panel.view.isColumnHidden(COL["points"])
    assert not panel.score_label.isVisible()
    assert "−/+" not in panel.key_legend.text()


def test_self_assessment_is_suggested_and_enter_confirms_the_points(qtbot, store, panel, tmp_path):
    from openpyxl import load_workbook

    from envhelp.io.self_assessment import write_form

    path = write_form(store, PRODUCER, tmp_path / "self.xlsx")
    workbook = load_workbook(path)
    sheet = workbook.active
    sheet.cell(2, 6).value = 1  # HW-PA-01: 1 of 2
    sheet.cell(3, 6).value = "不适用"  # HW-PA-02
    workbook.save(path)
    messages = []
    panel.error.connect(messages.append)
    assert panel.self_assessment.import_file(path) == 2
    assert "已导入企业自评 2 项" in messages[-1]
    view, model = panel.view, panel.view.model()
    first = view.currentIndex().row()
    assert model.entry(first)["code"] == "HW-PA-01"
    assert model.index(first, COL["result"]).data() == "自评：1 分（Enter）"
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert model.index(first, COL["points"]).data() == "1/2"
    assert model.entry(first)["note"] == ""
    second = view.currentIndex().row()
    assert model.index(second, COL["result"]).data() == "自评：不适用（Enter）"
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert model.entry(second)["result"] == "not_applicable"
    panel.undo_stack.undo()
    panel.undo_stack.undo()
    assert (
        check_answers.suggestion(model.entry(first)["note"], 2)["points"] == 1
    )  # back to a suggestion


def test_a_bad_self_assessment_names_its_rows_on_the_status_line(panel, tmp_path, store):
    from openpyxl import load_workbook

    from envhelp.io.self_assessment import write_form

    path = write_form(store, PRODUCER, tmp_path / "self.xlsx")
    workbook = load_workbook(path)
    workbook.active.cell(4, 6).value = 7
    workbook.save(path)
    messages = []
    panel.error.connect(messages.append)
    assert panel.self_assessment.import_file(path) == 0
    assert "第 4 行：HW-PA-03 的自评得分“7”无效" in messages[-1]
