"""The 数据 menu, driven through its actions: enterprise import, templates, bundles, integrity."""

from __future__ import annotations

import json
import zipfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from envhelp.domain import attachments, enterprises, visits
from envhelp.gui import data_menu
from envhelp.gui.language import ui_settings
from envhelp.gui.qt import QAction, QFileDialog, QLabel, QMessageBox, Qt
from envhelp.io import signing
from envhelp.storage import Store
from tests.conftest import VALID_USCC, draft_visit

pytestmark = pytest.mark.gui

HEADER = ["企业名称", "统一社会信用代码", "镇街", "危险废物类别"]


class FileDialogs:
    """Stands in for QFileDialog's static pickers: answers from a queue, records the calls."""

    def __init__(self, monkeypatch):
        self.answers: list[Path | None] = []
        self.calls: list[tuple[str, str, str]] = []  # (kind, title, suggested path)
        for kind in ("getOpenFileName", "getSaveFileName"):
            monkeypatch.setattr(QFileDialog, kind, self._picker(kind))

    def _picker(self, kind):
        def pick(parent, title="", directory="", file_filter="", *args, **kwargs):
            self.calls.append((kind, title, directory))
            answer = self.answers.pop(0)
            return (str(answer) if answer else "", file_filter.split(";;")[0])

        return staticmethod(pick)


@pytest.fixture
def file_dialogs(monkeypatch):
    return FileDialogs(monkeypatch)


def action(window, name: str) -> QAction:
    found = window.findChild(QAction, name)
    assert found is not None, name
    return found


def run_action(qtbot, window, name: str):
    """Trigger a menu action and wait for the job it starts (if any) to end."""
    action(window, name).trigger()
    task = window.data_menu.task
    if task is not None:
        qtbot.waitUntil(lambda: task.outcome is not None, timeout=20000)
    return task


def counts(store) -> tuple[int, int]:
    return (
        store.scalar("SELECT count(*) FROM enterprises"),
        store.scalar("SELECT count(*) FROM audit_log"),
    )


def make_xlsx(path: Path, rows) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def test_menu_sits_before_help_with_every_action(main_window):
    titles = [a.text() for a in main_window.menuBar().actions()]
    assert titles.index("数据(&D)") == titles.index("帮助(&H)") - 1
    texts = [a.text() for a in main_window.data_menu.menu.actions() if not a.isSeparator()]
    assert texts == [
        "导入企业（Excel）(&I)…",
        "下载企业导入模板(&T)…",
        "检查表模板(&C)…",
        "导出交换包(&E)…",
        "导入交换包(&M)…",
        "同步(&S)",
        "签名密钥(&G)…",
        "检查数据完整性(&K)",
        "核验 PDF(&V)…",
    ]


def test_menu_is_rebuilt_after_a_language_switch(main_window):
    main_window.set_language("en")
    titles = [a.text() for a in main_window.menuBar().actions()]
    assert "&Data" in titles and titles.index("&Data") == titles.index("&Help") - 1
    assert action(main_window, "importBundleAction").text() == "&Import exchange bundle…"


def test_excel_import_reports_counts_and_the_bad_row(
    qtbot, main_window, store, file_dialogs, message_boxes, tmp_path
):
    source = make_xlsx(
        tmp_path / "名录.xlsx",
        [
            HEADER,
            ["青岛蓝海化工有限公司", VALID_USCC[1], "城阳街道", "HW08"],
            ["坏代码公司", "91350100M000100Y44", "流亭街道", ""],  # wrong check character: row 3
            ["平度金属制品有限公司", VALID_USCC[3], "同和街道", ""],
        ],
    )
    page = main_window.page_named("enterprises")
    assert page.model.total == 0
    file_dialogs.answers = [source]

    task = run_action(qtbot, main_window, "importEnterprisesAction")

    assert task.outcome == "succeeded"
    dialog = main_window.data_menu.report_dialog
    assert dialog is not None and dialog.isVisible()
    numbers = {
        name: dialog.findChild(QLabel, name).text()
        for name in ("addedCount", "updatedCount", "unchangedCount", "rejectedCount")
    }
    assert numbers == {
        "addedCount": "2",
        "updatedCount": "0",
        "unchangedCount": "0",
        "rejectedCount": "1",
    }
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 0).text() == "3"  # the row number Excel shows
    assert dialog.table.item(0, 1).text() == "统一社会信用代码"
    assert "校验位" in dialog.table.item(0, 2).text()
    names = {r["name"] for r in store.query("SELECT name FROM enterprises")}
    assert names == {"青岛蓝海化工有限公司", "平度金属制品有限公司"}
    assert page.model.total == 2  # the Enterprises page re-read the table
    assert message_boxes == []
    assert ui_settings().value(data_menu.EXCEL_DIR_KEY) == str(tmp_path)


def test_unreadable_workbook_is_refused_and_nothing_changes(
    qtbot, main_window, store, file_dialogs, message_boxes, tmp_path
):
    bogus = tmp_path / "不是表格.xlsx"
    bogus.write_bytes(b"this is not a zip, let alone a workbook")
    before = counts(store)
    file_dialogs.answers = [bogus]

    task = run_action(qtbot, main_window, "importEnterprisesAction")

    assert task.outcome == "failed"
    assert main_window.data_menu.report_dialog is None
    [(kind, title, text)] = message_boxes
    assert kind == "warning" and title == "导入企业"
    assert "不是表格.xlsx" in text and ".xlsx" in text
    assert counts(store) == before
    assert action(main_window, "importEnterprisesAction").isEnabled()  # usable again


def test_cancelled_file_choice_starts_nothing(main_window, file_dialogs, message_boxes):
    file_dialogs.answers = [None]
    action(main_window, "importEnterprisesAction").trigger()
    assert main_window.data_menu.task is None and message_boxes == []


def test_download_template_saves_an_importable_sheet(
    main_window, store, file_dialogs, message_boxes, tmp_path
):
    target = tmp_path / "out" / "模板"  # no suffix typed: .xlsx is added
    target.parent.mkdir()
    file_dialogs.answers = [target]
    action(main_window, "downloadTemplateAction").trigger()
    saved = target.with_name("模板.xlsx")
    assert saved.is_file()
    assert load_workbook(saved).active["A1"].value == "企业名称"
    assert str(saved) in main_window.data_menu.saved_message.text()
    assert file_dialogs.calls[0][2].endswith("企业导入模板.xlsx")


def template_file(tmp_path: Path, name: str, **changes) -> Path:
    data = {
        "id": "bureau-test",
        "version": "1",
        "title_zh": "局内检查表",
        "title_en": "Bureau list",
        "standard": "GB 18597-2023",
        "items": [
            {
                "code": "T-01",
                "category": {"zh": "防渗", "en": "Seepage"},
                "requirement_zh": "地面做了防渗。",
                "requirement_en": "The floor is sealed.",
                "clause": "6.1.4",
                "severity": "major",
                "deadline_days": 30,
            }
        ],
    }
    data.update(changes)
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def test_templates_dialog_lists_and_imports(
    qtbot, main_window, store, file_dialogs, message_boxes, tmp_path
):
    action(main_window, "checklistTemplatesAction").trigger()
    dialog = main_window.data_menu.templates_dialog
    assert dialog.isVisible()
    listed = {
        dialog.table.item(r, 0).text(): dialog.table.item(r, 4).text()
        for r in range(dialog.table.rowCount())
    }
    assert listed == {
        "gb18597-2023-storage": "50",
        "us-rcra-lqg-container-storage": "16",
        "pw-permit-execution": "9",
        "hw-assessment-producer": "17",
    }
    stored = store.scalar("SELECT count(*) FROM checklist_templates")

    bad_item = {
        "code": "T-01",
        "category": {"zh": "防渗", "en": "Seepage"},
        "requirement_zh": "地面。",
        "requirement_en": "Floor.",
        "clause": "6.1.4",
        "severity": "huge",
        "deadline_days": 30,
    }
    file_dialogs.answers = [template_file(tmp_path, "bad.json", items=[bad_item])]
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.message.isVisible()
    assert "items[0].severity" in dialog.message.text() and "bad.json" in dialog.message.text()
    assert store.scalar("SELECT count(*) FROM checklist_templates") == stored
    assert dialog.table.rowCount() == len(listed)  # nothing added

    broken = tmp_path / "broken.json"
    broken.write_text('{\n  "id": "x",\n  "version": "1"\n  "items": []\n}', encoding="utf-8")
    file_dialogs.answers = [broken]
    dialog.import_button.click()
    assert "第 4 行" in dialog.message.text()  # the JSON syntax error names its line
    assert store.scalar("SELECT count(*) FROM checklist_templates") == stored

    file_dialogs.answers = [template_file(tmp_path, "good.json")]
    dialog.import_button.click()
    assert dialog.message.text() == "已导入模板 bureau-test 版本 1。"
    row = dialog.row_of("bureau-test", "1")
    assert row >= 0 and dialog.table.item(row, 2).text() == "局内检查表"
    assert dialog.table.item(row, 4).text() == "1"
    assert dialog.table.selectionModel().isRowSelected(row)
    assert store.scalar("SELECT count(*) FROM checklist_templates") == stored + 1
    assert message_boxes == []


def test_templates_dialog_exports_the_selected_template(
    qtbot, main_window, store, file_dialogs, tmp_path
):
    action(main_window, "checklistTemplatesAction").trigger()
    dialog = main_window.data_menu.templates_dialog
    dialog.table.clearSelection()
    dialog.table.setCurrentCell(-1, -1)
    assert dialog.choose_and_export() is None
    assert dialog.message.text() == "请先在列表中选择要导出的模板。"

    dialog.table.selectRow(dialog.row_of("gb18597-2023-storage", "3"))
    file_dialogs.answers = [tmp_path / "本局检查表"]  # .json is added
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    target = tmp_path / "本局检查表.json"
    assert json.loads(target.read_text(encoding="utf-8"))["version"] == "3"
    assert str(target) in dialog.message.text() and "提高 version" in dialog.message.text()
    assert file_dialogs.calls[-1][2].endswith("gb18597-2023-storage-v3.json")


def test_bundle_export_then_import_into_another_database(
    qtbot,
    main_window,
    store,
    enterprise,
    officer,
    file_dialogs,
    message_boxes,
    tmp_path,
    freeze_today,
    monkeypatch,
):
    today = freeze_today(date(2026, 12, 31), data_menu)  # the file name's day, past midnight too
    enterprises.add(store, {"name": "胶州宏达印染厂", "town": "胶东街道"})
    folder = tmp_path / "bundles"
    folder.mkdir()
    target = folder / "交换"  # .zip is added
    file_dialogs.answers = [target]

    task = run_action(qtbot, main_window, "exportBundleAction")

    assert task.outcome == "succeeded"
    suggested = Path(file_dialogs.calls[0][2])
    assert suggested.name == f"envhelp-bundle-{today:%Y-%m-%d}.zip"
    bundle_path = folder / "交换.zip"
    assert zipfile.is_zipfile(bundle_path)
    saved = main_window.data_menu.saved_message.text()
    assert str(bundle_path) in saved
    assert "编号系列" not in saved  # no final records yet: nothing to advise
    assert ui_settings().value(data_menu.BUNDLE_DIR_KEY) == str(folder)

    other_store = Store(tmp_path / "other.sqlite3", actor="colleague")
    try:
        from envhelp.gui.main_window import MainWindow

        other = MainWindow(other_store)
        qtbot.addWidget(other)
        questions = []

        def trust_it(parent, title, text, *args):
            questions.append(text)
            return QMessageBox.StandardButton.Yes

        monkeypatch.setattr(QMessageBox, "question", trust_it)
        file_dialogs.answers = [bundle_path]
        first = run_action(qtbot, other, "importBundleAction")
        # A key met for the first time: the officer is asked, and the import runs again.
        assert first.outcome == "failed"
        qtbot.waitUntil(lambda: other.data_menu.task is not first, timeout=20000)
        task = other.data_menu.task
        qtbot.waitUntil(lambda: task.outcome is not None, timeout=20000)
        assert task.outcome == "succeeded"
        (question,) = questions
        assert signing.grouped(signing.own_fingerprint(store)) in question
        assert "核对指纹" in question
        # The picker opened in the folder remembered from the export.
        assert file_dialogs.calls[-1][2] == str(folder)
        names = {r["name"] for r in other_store.query("SELECT name FROM enterprises")}
        assert names == {"青岛精锐机械有限公司", "胶州宏达印染厂"}
        assert other_store.scalar("SELECT count(*) FROM officers") == 1
        report = other.data_menu.bundle_dialog
        assert report.isVisible()
        assert report.row_for("enterprises") == ["企业", "2", "0", "0", "0"]
        assert report.row_for("officers")[1] == "1"
        assert other.page_named("enterprises").model.total == 2

        # The same bundle again: everything is already there and unchanged.
        file_dialogs.answers = [bundle_path]
        run_action(qtbot, other, "importBundleAction")
        again = other.data_menu.bundle_dialog
        assert again.row_for("enterprises") == ["企业", "0", "2", "0", "0"]
    finally:
        other_store.close()


def test_refused_bundle_shows_the_reason_and_writes_nothing(
    qtbot, main_window, store, file_dialogs, message_boxes, tmp_path
):
    fake = tmp_path / "fake.zip"
    with zipfile.ZipFile(fake, "w") as zf:
        zf.writestr("notes.txt", "hello")
    before = counts(store)
    file_dialogs.answers = [fake]
    task = run_action(qtbot, main_window, "importBundleAction")
    assert task.outcome == "failed"
    [(kind, title, text)] = message_boxes
    assert kind == "warning" and title == "导入交换包"
    assert text.startswith("数据包无法导入：") and "notes.txt" in text
    assert counts(store) == before
    assert main_window.data_menu.bundle_dialog is None


def test_integrity_check_clean_then_a_missing_attachment(
    qtbot, main_window, store, enterprise, officer, tmp_path
):
    task = run_action(qtbot, main_window, "integrityCheckAction")
    assert task.outcome == "succeeded"
    dialog = main_window.data_menu.integrity_dialog
    assert dialog.isVisible() and dialog.report.ok
    assert dialog.findChild(QLabel, "integrityVerdict").text().startswith("✔ 全部正常")
    assert dialog.findings_text.isHidden()
    dialog.close()

    visit = draft_visit(
        store, enterprise["id"], [officer["id"]], "stationed", day="2026-03-05", time=None
    )
    photo = tmp_path / "现场照片.jpg"
    photo.write_bytes(b"\xff\xd8\xff not much of a photo")
    row = attachments.add(store, photo, visit_id=visit["id"])
    attachments.stored_path(store, row).unlink()

    run_action(qtbot, main_window, "integrityCheckAction")
    dialog = main_window.data_menu.integrity_dialog
    assert not dialog.report.ok
    assert dialog.findChild(QLabel, "attachmentsState").text() == "有问题"
    assert dialog.findChild(QLabel, "databaseState").text() == "正常"
    text = dialog.findings_text.toPlainText()
    assert "现场照片.jpg" in text and "丢失" in text
    assert "处理办法：把原文件放回" in text
    assert dialog.findings_text.isVisible()


def test_verify_pdf_says_match_then_names_what_changed(
    qtbot,
    main_window,
    store,
    bureau,
    one_officer_publicity,
    enterprise,
    officer,
    file_dialogs,
    tmp_path,
):
    from envhelp.reports.pdf import collect_visit_record, render_visit_record

    visit = draft_visit(
        store, enterprise["id"], [officer["id"]], "law_publicity", day="2026-03-05", time=None
    )
    number = visits.finalize(store, visit["id"])["record_no"]
    pdf = tmp_path / "记录.pdf"
    pdf.write_bytes(render_visit_record(collect_visit_record(store, visit["id"])))

    file_dialogs.answers.append(pdf)
    run_action(qtbot, main_window, "verifyPdfAction")
    box = main_window.data_menu.verify_message
    assert box is not None and box.text().startswith("一致：记录.pdf 与数据库相符")
    assert f"（记录 {number}，指纹" in box.text()  # the number on the paper, not the id
    assert ui_settings().value(data_menu.VERIFY_DIR_KEY) == str(tmp_path)
    box.close()

    enterprises.update(store, enterprise["id"], {"town": "夏庄街道"})
    main_window.data_menu.verify_pdf_file(pdf)
    qtbot.waitUntil(lambda: main_window.data_menu.task.outcome is not None, timeout=20000)
    box = main_window.data_menu.verify_message
    assert box.text().startswith("不一致：记录.pdf 与数据库不符")
    assert "企业 · 镇街：城阳街道 → 夏庄街道" in box.informativeText()
    box.close()

    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"not a pdf")
    main_window.data_menu.verify_pdf_file(junk)
    qtbot.waitUntil(lambda: main_window.data_menu.task.outcome is not None, timeout=20000)
    assert "不是可读的 EnvHelp PDF" in main_window.data_menu.verify_message.text()


def test_bundle_export_advises_a_number_series(
    qtbot,
    main_window,
    store,
    one_officer_publicity,
    enterprise,
    officer,
    file_dialogs,
    message_boxes,
    tmp_path,
):
    visit = draft_visit(
        store, enterprise["id"], [officer["id"]], "law_publicity", day="2026-03-05", time=None
    )
    visits.finalize(store, visit["id"])
    file_dialogs.answers = [tmp_path / "b.zip"]
    run_action(qtbot, main_window, "exportBundleAction")
    text = main_window.data_menu.saved_message.text()
    assert "交换包已保存" in text
    assert "本机没有设置记录编号系列" in text and "1 份定稿记录" in text
