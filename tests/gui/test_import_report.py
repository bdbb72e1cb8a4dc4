"""The report dialogs of the 数据 menu: rejected rows copied and saved, bundle and check reports."""

from __future__ import annotations

import csv

import pytest
from openpyxl import load_workbook

from envhelp.gui.dialogs.import_report import (
    SAVE_DIR_KEY,
    BundleReportDialog,
    ImportReportDialog,
    IntegrityReportDialog,
)
from envhelp.gui.language import ui_settings
from envhelp.gui.qt import QApplication, QFileDialog, QLabel
from envhelp.io.bundle_summary import ImportSummary, TableSummary
from envhelp.io.enterprise_import_result import ImportResult, RejectedRow
from envhelp.storage.integrity_report import Finding, IntegrityReport

pytestmark = pytest.mark.gui


@pytest.fixture
def result():
    return ImportResult(
        added=5,
        updated=1,
        unchanged=2,
        sheet="企业名录",
        header_row=1,
        ignored_columns=["经度"],
        rejected=[
            RejectedRow(3, "uscc", "统一社会信用代码校验位不正确。"),
            RejectedRow(7, "name", "企业名称不能为空。"),
            RejectedRow(9, "notes", '=HYPERLINK("http://x") 太长'),  # must stay text
        ],
    )


@pytest.fixture
def dialog(qtbot, result, tmp_path):
    dialog = ImportReportDialog(result, tmp_path / "名录.xlsx")
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def label(dialog, name):
    return dialog.findChild(QLabel, name).text()


def test_counts_and_rows_are_shown(dialog):
    assert [
        label(dialog, n) for n in ("addedCount", "updatedCount", "unchangedCount", "rejectedCount")
    ] == ["5", "1", "2", "3"]
    assert "经度" in label(dialog, "ignoredColumns")
    rows = [[dialog.table.item(r, c).text() for c in range(3)] for r in range(3)]
    assert rows[0] == ["3", "统一社会信用代码", "统一社会信用代码校验位不正确。"]
    assert rows[1][:2] == ["7", "企业名称"]
    assert dialog.copy_button.isEnabled() and dialog.save_button.isEnabled()


def test_copy_takes_the_selection_or_everything(dialog):
    text = dialog.copy_rows()
    lines = text.split("\n")
    assert lines[0] == "Excel 行号\t字段\t问题" and len(lines) == 4
    assert QApplication.clipboard().text() == text
    dialog.table.selectRow(1)
    assert dialog.copy_rows().split("\n")[1:] == ["7\t企业名称\t企业名称不能为空。"]


def test_save_as_csv_and_xlsx(dialog, monkeypatch, tmp_path):
    answers = [
        (str(tmp_path / "out" / "rejected.csv"), "CSV 文件 (*.csv)"),
        (str(tmp_path / "rejected"), "Excel 工作簿 (*.xlsx)"),
    ]
    seen = []

    def pick(parent, title, directory, file_filter):
        seen.append(directory)
        return answers.pop(0)

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(pick))
    (tmp_path / "out").mkdir()
    csv_path = dialog.save_rows()
    assert seen[0] == str(tmp_path / "名录-未导入的行.xlsx")  # beside the imported file
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads the Chinese correctly
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0] == ["Excel 行号", "字段", "问题"] and rows[1][0] == "3"
    assert rows[3][2].startswith("'=HYPERLINK")  # no formula when opened in Excel
    assert ui_settings().value(SAVE_DIR_KEY) == str(tmp_path / "out")

    xlsx_path = dialog.save_rows()
    assert xlsx_path == tmp_path / "rejected.xlsx"  # the chosen filter's suffix was added
    assert seen[1].startswith(str(tmp_path / "out"))  # the folder was remembered
    sheet = load_workbook(xlsx_path).active
    assert [c.value for c in sheet[1]] == ["Excel 行号", "字段", "问题"]
    assert sheet["A2"].value == 3 and sheet["B3"].value == "企业名称"
    assert sheet["C4"].data_type == "s" and sheet["C4"].value.startswith("=HYPERLINK")


def test_save_failure_is_a_message_not_a_crash(dialog, monkeypatch, message_boxes, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert dialog.save_to(blocker / "sub" / "rows.csv") is None  # parent is a file
    assert message_boxes and message_boxes[0][:2] == ("warning", "保存失败")


def test_nothing_rejected_hides_the_table(qtbot, tmp_path):
    dialog = ImportReportDialog(ImportResult(added=2), tmp_path / "a.xlsx")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.table.isHidden() and dialog.findChild(QLabel, "allImported").isVisible()
    assert not dialog.copy_button.isEnabled() and not dialog.save_button.isEnabled()


def test_bundle_report_rows(qtbot, tmp_path):
    summary = ImportSummary(
        tables={
            "enterprises": TableSummary(added=3, unchanged=1, updated=2, kept_local=1),
            "problems": TableSummary(unchanged=4),
        },
        files_written=2,
        files_present=5,
        bundle={"created_at": "2026-03-31T08:15:02.123Z", "app_version": "0.1.0"},
    )
    dialog = BundleReportDialog(summary, tmp_path / "b.zip")
    qtbot.addWidget(dialog)
    assert dialog.row_for("enterprises") == ["企业", "3", "1", "2", "1"]
    assert dialog.row_for("problems") == ["问题", "0", "4", "0", "0"]
    assert label(dialog, "bundleFiles") == "附件文件：新写入 2 个，本机已有 5 个。"


def test_integrity_report_gives_each_finding_a_way_forward(qtbot):
    report = IntegrityReport(audit_entries=12, attachments_checked=2, files_checked=1)
    report.findings = [
        Finding(
            "audit_log",
            "hash_mismatch",
            "审计日志第 5 条的内容在软件之外被改动过（校验值不符）。",
            "Audit log entry 5 was altered",
        ),
        Finding(
            "attachments", "sha256_mismatch", "附件“a.jpg”的文件内容与记录不符", "a.jpg differs"
        ),
    ]
    dialog = IntegrityReportDialog(report)
    qtbot.addWidget(dialog)
    assert label(dialog, "integrityVerdict") == "✘ 发现 2 个问题，请按下方说明处理。"
    assert label(dialog, "audit_logState") == "有问题"
    assert label(dialog, "databaseState") == "正常"
    text = dialog.findings_text.toPlainText()
    first, second = text.split("\n\n")
    assert first.startswith("1. 审计日志第 5 条") and "envhelp restore" in first
    assert second.startswith("2. 附件“a.jpg”") and "从备份中取回原文件" in second
