"""The 2025 inspection rules in the GUI: the visit's task source and the cap reason."""

from __future__ import annotations

from datetime import date

import pytest

from envhelp.domain import visits
from envhelp.gui.visit_editor import VisitEditor

pytestmark = pytest.mark.gui


def test_over_the_cap_the_editor_asks_for_the_reason_and_records_it(
    qtbot, store, officer, officer2, enterprise, type_text
):
    team = [officer["id"], officer2["id"]]
    today = date.today().isoformat()
    for _ in range(2):
        visits.create(store, {"enterprise_id": enterprise["id"], "date": today,
                              "type": "inspection", "officer_ids": team})  # fmt: skip
    editor = VisitEditor(store, None)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
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
