"""The 2025 inspection rules in the GUI: the visit's task source and the cap reason."""

from __future__ import annotations

from datetime import date

import pytest

from envhelp.domain import visits
from tests.conftest import draft_visit
from tests.gui.conftest import show_visit_editor

pytestmark = pytest.mark.gui


def test_over_the_cap_the_editor_asks_for_the_reason_and_records_it(
    qtbot, store, officer, officer2, enterprise, type_text
):
    team = [officer["id"], officer2["id"]]
    today = date.today().isoformat()
    for _ in range(2):
        draft_visit(store, enterprise["id"], team, "inspection", day=today, time=None)
    editor = show_visit_editor(qtbot, store)
    form = editor.form
    form.enterprise.set_enterprise(enterprise["id"])
    form.type.setCurrentIndex(form.type.findData("inspection"))
    form.task_source.setCurrentIndex(form.task_source.findData("campaign"))
    form.set_officers(team)
    assert not editor.save_now()
    assert "上限为每年 2 次" in form.errors["cap_reason"].text()
    assert store.scalar("SELECT count(*) FROM visits") == 2  # nothing saved without a reason
    type_text(form.cap_reason, "省厅专项行动部署")
    assert editor.save_now()
    assert form.errors["cap_reason"].text() == ""
    saved = store.get("visits", editor.visit["id"])
    assert (saved["task_source"], saved["cap_reason"]) == ("campaign", "省厅专项行动部署")
    # An exempt source needs no reason.
    form.cap_reason.clear()
    form.task_source.setCurrentIndex(form.task_source.findData("complaint"))
    assert editor.save_now()
    assert store.get("visits", editor.visit["id"])["task_source"] == "complaint"


def test_dashboard_and_details_show_the_years_inspections(
    qtbot, store, officer, officer2, enterprise
):
    from envhelp.gui.dialogs.enterprise_detail import EnterpriseDetailDialog
    from envhelp.gui.models import EnterpriseTableModel
    from envhelp.gui.pages.dashboard import DashboardPage

    team = [officer["id"], officer2["id"]]
    today = date.today()
    month = today.replace(day=1).isoformat()
    for source in ("routine", "complaint", "random"):
        visits.create(
            store,
            {
                "enterprise_id": enterprise["id"],
                "date": month,
                "type": "inspection",
                "officer_ids": team,
                "task_source": source,
            },
        )
    page = DashboardPage(store)
    qtbot.addWidget(page)
    page.refresh()
    text = page.cap_label.text()
    assert not page.cap_label.isHidden()
    assert f"{enterprise['name']}：本年 2 次计入上限（上限 2 次，已达上限，再查即超）" in text
    assert "宜综合查一次" in text and "投诉举报/12345" in text
    details = EnterpriseDetailDialog(store, enterprise["id"])
    qtbot.addWidget(details)
    assert details.inspections_label.text() == "3 次（计入上限 2 次，上限每年 2 次）"
    model = EnterpriseTableModel(store)
    model.refresh()
    column = next(i for i, c in enumerate(model.columns) if c.key == "inspections_this_year")
    assert model.data(model.index(0, column)) == "3"


def test_random_page_draws_lists_and_starts_a_task(qtbot, store, officer, officer2, enterprise):
    from envhelp.domain import enterprises
    from envhelp.gui.pages.random_checks import DrawDialog, RandomChecksPage

    enterprises.update(store, enterprise["id"], {"supervision_class": "key"})
    page = RandomChecksPage(store)
    qtbot.addWidget(page)
    assert page.table.rowCount() == 0 and "还没有抽查计划" in page.summary.text()
    dialog = DrawDialog(store, "2026-Q1", page)
    qtbot.addWidget(dialog)
    dialog.quota.setText("重点=120%")
    dialog.accept()
    assert "抽查比例" in dialog.error.text() and dialog.plan is None
    assert store.scalar("SELECT count(*) FROM random_draws") == 0
    dialog.quota.setText("重点=100%")
    dialog.seed.setText("5")
    dialog.accept()
    assert dialog.plan is not None and dialog.plan["seed"] == 5
    page.refresh()
    assert page.table.rowCount() == 1
    assert page.table.item(0, 1).text() == enterprise["name"]
    assert page.table.item(0, 4).text() == "未开始"
    editor = page.start_task(0)
    qtbot.addWidget(editor)
    form = editor.form
    assert form.enterprise.enterprise_id == enterprise["id"]
    assert sorted(form.officers.checked()) == sorted([officer["id"], officer2["id"]])
    assert form.task_source.currentData() == "random" and form.type.currentData() == "inspection"
    assert "草稿" in page.table.item(0, 4).text()
