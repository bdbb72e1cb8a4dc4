"""The bundle import report lists the conflicts an import met, for a person to check."""

from __future__ import annotations

import pytest

from envhelp.domain import enterprises, record_numbers, stored_templates, visits
from envhelp.gui.dialogs.import_report import BundleReportDialog
from envhelp.io import bundle_export, bundle_import
from tests.conftest import VALID_USCC, publicity_visit, send_bundle

pytestmark = pytest.mark.gui


def test_report_lists_a_draft_edit_that_met_a_final_record(qtbot, laptop_pair, tmp_path):
    a, b = laptop_pair
    record_numbers.set_record_series(a, "A")
    ids = publicity_visit(a, notes="初稿")
    send_bundle(a, b, tmp_path)
    final = visits.finalize(a, ids["visit"])
    visits.update(b, ids["visit"], {"notes": "草稿上后来补写的备注"})
    bundle_export.export_bundle(b, tmp_path / "b.zip")
    summary = bundle_import.import_bundle(a, tmp_path / "b.zip", trust=True)

    dialog = BundleReportDialog(summary, tmp_path / "b.zip")
    qtbot.addWidget(dialog)
    dialog.resize(900, 600)
    dialog.show()
    table = dialog.conflicts
    assert table is not None and table.rowCount() == 1
    cells = [table.item(0, c).text() for c in range(table.columnCount())]
    assert final["record_no"] in cells[0] and "青岛精锐机械有限公司" in cells[0]
    assert cells[1:4] == ["备注", "初稿", "草稿上后来补写的备注"]
    assert "已定稿" in cells[4]
    assert ids["visit"] not in " ".join(cells)  # no internal id for a person to read
    dialog.grab().save(str(tmp_path / "conflicts.png"))


def test_visit_history_shows_the_value_an_import_did_not_use(laptop_pair, tmp_path):
    from envhelp.gui.visit_editor.amend import history_text

    a, b = laptop_pair
    ids = publicity_visit(a)
    send_bundle(a, b, tmp_path)
    visits.update(a, ids["visit"], {"notes": "甲的备注"})
    visits.update(b, ids["visit"], {"notes": "乙的备注"})
    send_bundle(b, a, tmp_path)
    text = history_text(a, ids["visit"])
    assert "合并交换包时的冲突：备注" in text
    assert "甲的备注" in text and "乙的备注" in text and "李强" in text


def test_visit_history_shows_a_checklist_answer_the_final_record_kept(laptop_pair, tmp_path):
    from envhelp.domain import check_answers
    from envhelp.gui.visit_editor.amend import history_text

    a, b = laptop_pair
    record_numbers.set_record_series(a, "A")
    ids = publicity_visit(a)
    stored_templates.ensure_builtin_templates(a)
    check = check_answers.start_check(a, ids["visit"], "gb18597-2023-storage", scope=None)
    items = check_answers.results(a, check["id"])
    for item in items:
        check_answers.set_result(a, item["result_id"], "compliant")
    send_bundle(a, b, tmp_path)
    visits.finalize(a, ids["visit"])
    check_answers.set_result(b, items[0]["result_id"], "non_compliant")
    send_bundle(b, a, tmp_path)
    text = history_text(a, ids["visit"])
    assert f"检查项 {items[0]['code']} 的结果" in text
    assert "保留：符合" in text and "未采用：不符合" in text


def test_problem_history_lists_a_conflict_with_labels(qtbot, laptop_pair, tmp_path):
    from envhelp.domain import problems
    from envhelp.gui.dialogs.problem import ProblemDialog

    a, b = laptop_pair
    firm = enterprises.add(a, {"name": "青岛精锐机械有限公司", "uscc": VALID_USCC[0]})
    problem = problems.create(
        a,
        {
            "enterprise_id": firm["id"],
            "found_on": "2026-03-05",
            "description": "标签缺失",
            "deadline": "2026-03-20",
        },
    )
    send_bundle(a, b, tmp_path)
    problems.update_details(a, problem["id"], {"severity": "major"})
    problems.update_details(
        b,
        problem["id"],
        {"severity": "minor", "category": "air", "description": "危废包装标签缺失"},
    )
    problems.update_details(b, problem["id"], {"severity": "major"})
    problems.update_details(b, problem["id"], {"severity": "minor"})
    send_bundle(b, a, tmp_path)

    # Only B changed the description and category: taken. Both changed the severity.
    merged_problem = a.get("problems", problem["id"])
    assert merged_problem["description"] == "危废包装标签缺失"
    dialog = ProblemDialog(a, problem["id"])
    qtbot.addWidget(dialog)
    rows = [
        [dialog.history.item(r, c).text() for c in range(dialog.history.columnCount())]
        for r in range(dialog.history.rowCount())
    ]
    merged = [r for r in rows if r[2] == "合并冲突"]
    assert [r[5].split("：")[0] for r in merged] == ["严重程度"]
    assert "重大" in merged[0][5] and "一般" in merged[0][5]  # labels, not codes


def test_problem_history_names_the_final_record_it_was_kept_off(qtbot, laptop_pair, tmp_path):
    from envhelp.domain import problems
    from envhelp.gui.dialogs.problem import ProblemDialog

    a, b = laptop_pair
    record_numbers.set_record_series(a, "A")
    ids = publicity_visit(a)
    send_bundle(a, b, tmp_path)
    final = visits.finalize(a, ids["visit"])
    late = problems.create(
        b,
        {
            "enterprise_id": ids["firm"],
            "visit_id": ids["visit"],
            "found_on": "2026-03-05",
            "description": "围堰破损",
            "deadline": "2026-03-30",
        },
    )
    send_bundle(b, a, tmp_path)

    dialog = ProblemDialog(a, late["id"])
    qtbot.addWidget(dialog)
    rows = [
        [dialog.history.item(r, c).text() for c in range(dialog.history.columnCount())]
        for r in range(dialog.history.rowCount())
    ]
    (merged,) = [r for r in rows if r[2] == "合并冲突"]
    assert merged[5].startswith("所属走访记录")
    assert final["record_no"] in merged[5] and "青岛精锐机械有限公司" in merged[5]
    assert ids["visit"] not in " ".join(merged)  # no internal id for a person to read
