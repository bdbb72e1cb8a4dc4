"""The enterprise page: details, HW names, visits, open problems (overdue marked), compliance."""

from __future__ import annotations

import pytest

from envhelp.domain import check_answers, check_totals, problems, visits
from envhelp.gui.dialogs.enterprise_detail import EnterpriseDetailDialog, latest_compliance
from envhelp.gui.qt import Qt
from tests.conftest import draft_visit

# Single-officer assistance visits, as a bureau that relaxed the two-officer rule records.
pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("one_officer_publicity")]
TEMPLATE = "gb18597-2023-storage"


def visit_with_check(store, enterprise, officer, day, bad_codes=(), finalize=True):
    visit = draft_visit(
        store, enterprise["id"], [officer["id"]], "stationed", day=day, time="10:00"
    )
    check = check_answers.start_check(store, visit["id"], TEMPLATE)
    for row in check_answers.results(store, check["id"]):
        result = "non_compliant" if row["code"] in bad_codes else "compliant"
        check_answers.set_result(store, row["result_id"], result)
    return visits.finalize(store, visit["id"]) if finalize else visit


def test_detail_shows_enterprise_visits_problems_and_rate(qtbot, store, officer, enterprise):
    visit_with_check(store, enterprise, officer, "2025-11-03", bad_codes=("GB18597-ST-01",))
    latest = visit_with_check(
        store, enterprise, officer, "2026-02-10", bad_codes=("GB18597-ST-01", "GB18597-ST-02")
    )
    visit_with_check(store, enterprise, officer, "2026-03-01", finalize=False)  # drafts don't count
    base = {"enterprise_id": enterprise["id"], "found_on": "2026-02-10", "description": "标识不全"}
    late = problems.create(store, {**base, "deadline": "2026-02-20"})
    problems.create(store, {**base, "description": "台账缺失", "deadline": "2099-01-01"})

    dialog = EnterpriseDetailDialog(store, enterprise["id"])
    qtbot.addWidget(dialog)
    assert dialog.name_label.text() == "青岛精锐机械有限公司"
    assert dialog.detail_labels["uscc"].text() == enterprise["uscc"]
    assert "HW08　废矿物油与含矿物油废物" in dialog.hw_label.text()
    assert "HW49" in dialog.hw_label.text()
    assert "96.0%" in dialog.rate_label.text() and "2026-02-10" in dialog.rate_label.text()
    assert latest_compliance(store, enterprise["id"])["visit"]["id"] == latest["id"]

    assert dialog.visit_model.total == 3
    assert dialog.problem_model.total == 2
    model = dialog.problem_model
    row = model.row_of_id(late["id"])
    assert model.index(row, 3).data(Qt.ItemDataRole.BackgroundRole) is not None
    other = 1 - row
    assert model.index(other, 3).data(Qt.ItemDataRole.BackgroundRole) is None

    editor = dialog.open_visit(dialog.visit_model.index(0, 0))
    assert editor.visit["date"] == "2026-03-01"
    editor.close()
    new = dialog.new_visit()
    assert new.visit["enterprise_id"] == enterprise["id"]  # a draft for this enterprise
    new.close()
    assert dialog.visit_model.total == 4


def test_no_final_check_means_no_rate(qtbot, store, enterprise):
    dialog = EnterpriseDetailDialog(store, enterprise["id"])
    qtbot.addWidget(dialog)
    assert "暂无" in dialog.rate_label.text()
    assert latest_compliance(store, enterprise["id"]) is None
    assert dialog.scope_label.text() == "最近检查范围：尚未选定"


def test_detail_shows_the_storage_set_up_of_the_latest_check(qtbot, store, officer, enterprise):
    first = draft_visit(
        store, enterprise["id"], [officer["id"]], "stationed", day="2026-01-10", time=None
    )
    check_answers.start_check(store, first["id"], TEMPLATE, scope={"facility_types": ["warehouse"]})
    later = draft_visit(
        store, enterprise["id"], [officer["id"]], "stationed", day="2026-02-10", time=None
    )
    check = check_answers.start_check(store, later["id"], TEMPLATE)
    check_answers.set_scope(
        store, check["id"], {"facility_types": ["warehouse", "point"], "management_class": "key"}
    )
    dialog = EnterpriseDetailDialog(store, enterprise["id"])
    qtbot.addWidget(dialog)
    assert dialog.scope_label.text() == (
        "最近检查范围：设施类型：贮存库、贮存点；危废管理类别：重点监管单位"
    )


def test_enterprises_page_opens_the_detail(main_window, enterprises_page, qtbot, enterprise):
    main_window.activateWindow()  # button shortcuts need the active window
    qtbot.waitUntil(main_window.isActiveWindow)
    page = enterprises_page
    page.refresh()
    page.table.setCurrentIndex(page.model.index(0, 0))
    qtbot.keyClick(page.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(
        lambda: page.detail_dialog is not None, timeout=10000
    )  # a button shortcut clicks a bit later
    assert page.detail_dialog.enterprise_id == enterprise["id"]
    page.detail_dialog.reject()


def assessed_visit(store, enterprise, officer, day, points, finalize=True):
    """A producer assessment, full points except ``points`` (code → points)."""
    visit = draft_visit(
        store, enterprise["id"], [officer["id"]], "stationed", day=day, time="10:00"
    )
    check = check_answers.start_check(store, visit["id"], "hw-assessment-producer")
    for row in check_answers.results(store, check["id"]):
        if row["code"] in points:
            check_answers.set_points(store, row["result_id"], points[row["code"]])
        else:
            check_answers.set_result(store, row["result_id"], "compliant")
    return visits.finalize(store, visit["id"]) if finalize else visit


def test_detail_shows_the_last_assessment_and_its_trend(qtbot, store, officer, enterprise):
    dialog = EnterpriseDetailDialog(store, enterprise["id"])
    qtbot.addWidget(dialog)
    assert dialog.score_label.text() == "规范化评估：暂无已定稿的评估"
    # 27/33 = 81.8 % 基本达标, then 31/33 = 93.9 % 达标, then a draft that does not count.
    assessed_visit(
        store,
        enterprise,
        officer,
        "2025-06-03",
        {"HW-PA-03": 0, "HW-PA-04": 0, "HW-PA-06": 1, "HW-PA-13": 1},
    )
    assessed_visit(store, enterprise, officer, "2025-11-03", {"HW-PA-03": 1, "HW-PA-13": 1})
    assessed_visit(store, enterprise, officer, "2025-12-01", {"HW-PA-10": 0}, finalize=False)
    history = check_totals.assessment_history(store, enterprise["id"])
    assert [(h["date"], h["score"], h["verdict"]) for h in history] == [
        ("2025-11-03", 31, "pass"),
        ("2025-06-03", 27, "basic"),
    ]
    dialog.refresh()
    assert dialog.score_label.text() == (
        "最近评估 31/33（93.9%，达标，2025-11-03）　趋势 ↑ 81.8% → 93.9%"
    )
