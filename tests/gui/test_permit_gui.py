"""The permit on file in the enterprise details, and the permits line of the dashboard."""

from __future__ import annotations

from datetime import date

import pytest

from envhelp.domain import permit_calendar, permits
from envhelp.gui.dialogs.enterprise_detail import EnterpriseDetailDialog
from envhelp.gui.pages.dashboard import DashboardPage, read_dashboard
from tests.conftest import VALID_USCC

pytestmark = pytest.mark.gui


def test_details_show_the_permit_its_outlets_and_what_falls_due(qtbot, store, enterprise):
    dialog = EnterpriseDetailDialog(store, enterprise["id"])
    qtbot.addWidget(dialog)
    assert dialog.permit_label.text() == "未登记排污许可证。"
    assert dialog.outlet_table.isHidden()

    permit = permits.save(
        store,
        enterprise["id"],
        {
            "permit_no": VALID_USCC[0] + "001P",
            "management_class": "simplified",
            "issuing_authority": "青岛市生态环境局",
            "issued_on": "2021-03-01",
            "valid_until": "2026-02-28",
            "report_frequencies": ["annual"],
            "outlets": [
                {
                    "code": "DA001",
                    "name": "1#排气筒",
                    "medium": "air",
                    "kind": "organised",
                    "pollutants": [
                        {"name": "颗粒物", "limit": 20, "yearly_t": 1.5, "monitoring": "semiannual"}
                    ],
                }
            ],
        },
    )
    permit_calendar.record(store, permit["id"], "annual", "2024", "on_time")
    dialog.refresh()
    text = dialog.permit_label.text()
    assert "简化管理" in text and "2021年3月1日 至 2026年2月28日" in text and "年报" in text
    assert "许可证已过期" in text  # the renewal, expired before today
    assert [dialog.outlet_table.item(0, c).text() for c in range(4)] == [
        "DA001 1#排气筒",
        "废气·有组织",
        "颗粒物 ≤20 mg/m³，1.5 吨/年",
        "每半年",
    ]


def test_dashboard_counts_what_falls_due(qtbot, store, enterprise):
    permits.save(
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
    page = DashboardPage(store)
    qtbot.addWidget(page)
    page._show(read_dashboard(store, date(2026, 12, 4)))
    # The 2025 report (due 2026-01-15, overdue), the 2026 one (due 2027-01-15), the renewal.
    assert (
        "60 天内到期或已逾期 3 项（执行报告 2 项，许可证延续 1 项，其中许可证已过期 0 份）"
        in page.permits_label.text()
    )
    assert "延续申请" in page.permits_label.toolTip()


def test_the_permit_form_saves_rows_and_names_a_bad_field(qtbot, store, enterprise):
    from envhelp.gui.dialogs.permit import PermitDialog

    detail = EnterpriseDetailDialog(store, enterprise["id"])
    qtbot.addWidget(detail)
    dialog = detail.edit_permit()
    dialog.fields["permit_no"].setText(VALID_USCC[0] + "001P")
    dialog.fields["issued_on"].setText("2024-05-01")
    dialog.fields["valid_until"].setText("2024-04-30")  # before issued
    dialog.frequency_boxes["quarterly"].setChecked(True)
    dialog.add_row(
        {
            "code": "DA001",
            "medium": "废气",
            "kind": "有组织",
            "pollutant": "颗粒物",
            "limit": "20",
            "monitoring": "每季度",
        }
    )
    dialog.add_row({"code": "DA001", "pollutant": "二氧化硫", "limit": "50"})
    dialog.accept()
    assert dialog.isVisible() and "有效期至" in dialog.error.text()
    assert permits.for_enterprise(store, enterprise["id"]) is None  # nothing saved
    dialog.fields["valid_until"].setText("2029-04-30")
    dialog.accept()
    assert not dialog.isVisible()
    permit = permits.for_enterprise(store, enterprise["id"])
    assert permit["report_frequencies"] == ["quarterly"]
    assert [p["name"] for p in permit["outlets"][0]["pollutants"]] == ["颗粒物", "二氧化硫"]
    assert detail.outlet_table.item(0, 0).text() == "DA001"
    again = PermitDialog(store, enterprise["id"])
    qtbot.addWidget(again)
    assert again.table.rowCount() == 2 and again.fields["valid_until"].text() == "2029-04-30"
