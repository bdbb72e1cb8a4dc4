"""envhelp.gui.pdf_export: a visit's record and documents, and a month's records in a batch."""

from __future__ import annotations

import threading

import pytest
from pypdf import PdfReader

from envhelp.gui import pdf_export
from envhelp.gui.dialogs import files
from envhelp.gui.language import ui_settings
from envhelp.gui.pages.reports import ReportsPage
from envhelp.gui.pages.visits import VisitsPage
from envhelp.gui.qt import (
    QAction,
    QFileDialog,
    QMessageBox,
    QPushButton,
    QWidget,
)
from envhelp.reports.pdf import collect_visit_record, final_visit_ids
from envhelp.reports.pdf.export import default_filename
from tests.gui.conftest import open_saved_file

pytestmark = pytest.mark.gui

MONTH = "2026-10"


@pytest.fixture
def parent(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def save_as(monkeypatch, tmp_path):
    """QFileDialog.getSaveFileName answers with a file in tmp_path/pdf; records the suggestion."""
    folder = tmp_path / "pdf"
    folder.mkdir()
    asked: list[str] = []

    def dialog(parent, title, suggested, filters):
        asked.append(suggested)
        return str(folder / f"out{len(asked)}"), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog)
    return folder, asked


def problem_count(store, visit_id) -> int:
    """Problems the visit left to rectify (a notice lists only these)."""
    return store.scalar(
        "SELECT count(*) FROM problems WHERE visit_id = ? AND status IN ('open', 'rectifying')",
        (visit_id,),
    )


def month_visit(store, with_problems: bool) -> str:
    return next(
        v for v in final_visit_ids(store, MONTH) if bool(problem_count(store, v)) == with_problems
    )


def pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_visit_record_is_written_off_the_gui_thread_and_opened(
    qtbot, parent, demo_store, save_as, opened
):
    folder, asked = save_as
    visit_id = month_visit(demo_store, with_problems=True)
    record = collect_visit_record(demo_store, visit_id)
    task = pdf_export.export_visit_pdf(parent, demo_store, visit_id)
    qtbot.waitUntil(lambda: task.outcome is not None, timeout=30000)
    assert task.outcome == "succeeded"
    target = folder / "out1.pdf"  # ".pdf" added to the typed name
    open_saved_file(qtbot, parent)
    assert asked == [str(files.documents_folder() / default_filename(record))]  # nothing kept yet
    assert record.visit.record_no in pdf_text(target)
    assert PdfReader(target).metadata["/EnvHelpKind"] == "record"
    assert opened == [str(target)]
    assert ui_settings().value(pdf_export.PDF_DIR_KEY) == str(folder)

    # The notice of the same visit; its suggested name starts in the folder used last.
    task = pdf_export.export_visit_pdf(parent, demo_store, visit_id, kind="notice")
    qtbot.waitUntil(lambda: task.outcome is not None, timeout=30000)
    assert asked[1] == str(folder / default_filename(record, "notice"))
    notice = folder / "out2.pdf"
    assert PdfReader(notice).metadata["/EnvHelpKind"] == "notice"
    assert "整改告知书" in pdf_text(notice)
    open_saved_file(qtbot, parent)
    assert opened[-1] == str(notice)


def test_notice_without_problems_and_cancelled_dialog_write_nothing(
    parent, demo_store, monkeypatch, message_boxes, opened
):
    calls: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: calls.append(a[2]) or ("", ""))
    quiet = month_visit(demo_store, with_problems=False)
    assert pdf_export.export_visit_pdf(parent, demo_store, quiet, kind="notice") is None
    assert calls == []  # refused before asking for a file name
    assert message_boxes and "无需出具整改告知书" in message_boxes[-1][2]
    # The user closes the save dialog: nothing runs.
    assert pdf_export.export_visit_pdf(parent, demo_store, quiet) is None
    assert len(calls) == 1 and opened == []
    with pytest.raises(ValueError):
        pdf_export.export_visit_pdf(parent, demo_store, quiet, kind="letter")


def test_batch_writes_one_file_per_final_visit_of_the_month(
    qtbot, parent, demo_store, tmp_path, opened
):
    folder = tmp_path / "month"
    folder.mkdir()
    ids = final_visit_ids(demo_store, MONTH)
    assert len(ids) == 5
    task = pdf_export.write_month_pdfs(parent, demo_store, MONTH, folder)
    qtbot.waitUntil(lambda: task.outcome is not None, timeout=60000)
    assert task.outcome == "succeeded" and not task.result.cancelled
    expected = {default_filename(collect_visit_record(demo_store, v)) for v in ids}
    assert {p.name for p in folder.iterdir()} == expected
    box = parent.findChild(QMessageBox, "pdfExportDone")
    assert "已导出 5 份走访记录" in box.text()
    {b.text(): b for b in box.buttons()}["打开文件夹"].click()
    assert opened == [str(folder)]
    assert ui_settings().value(pdf_export.PDF_DIR_KEY) == str(folder)


def test_batch_can_be_cancelled(qtbot, parent, demo_store, tmp_path, monkeypatch):
    started, release = threading.Event(), threading.Event()
    real = pdf_export.export_month

    def slow(store, month, folder, *, progress, cancelled):
        def held(done, total, path):
            progress(done, total, path)
            started.set()
            release.wait(60)  # hold after the first file until Cancel was pressed

        return real(store, month, folder, progress=held, cancelled=cancelled)

    monkeypatch.setattr(pdf_export, "export_month", slow)
    folder = tmp_path / "cancel"
    folder.mkdir()
    task = pdf_export.write_month_pdfs(parent, demo_store, MONTH, folder)
    assert started.wait(30)
    task.dialog.findChild(QPushButton).click()  # the progress dialog's Cancel button
    release.set()
    qtbot.waitUntil(lambda: task.outcome is not None, timeout=30000)
    assert task.result.cancelled and task.result.total == 5
    assert [p.name for p in folder.iterdir()] == [task.result.written[0].name]
    box = parent.findChild(QMessageBox, "pdfExportDone")
    assert "已取消：已导出 1 / 5 份" in box.text()


def test_reports_page_button_exports_the_months_records(
    qtbot, demo_store, tmp_path, monkeypatch, message_boxes
):
    folder = tmp_path / "chosen"
    folder.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a: str(folder))
    page = ReportsPage(demo_store)
    qtbot.addWidget(page)
    page.set_month(2026, 10)
    page.pdf_button.click()
    qtbot.waitUntil(lambda: page.pdf_task.outcome is not None, timeout=60000)
    assert len(list(folder.glob("*.pdf"))) == 5
    # A month without final visits is refused before asking for a folder.
    page.set_month(2027, 5)
    page.compute()
    qtbot.waitUntil(
        lambda: page.summary is not None and page.summary.month == "2027-05", timeout=15000
    )
    assert page.export_month_pdfs() is None
    assert "没有已定稿的走访记录" in message_boxes[-1][2]


def test_visits_page_exports_the_selected_visit(qtbot, demo_store, save_as, opened, message_boxes):
    folder, _ = save_as
    page = VisitsPage(demo_store)
    qtbot.addWidget(page)
    record_button = page.findChild(QPushButton, "exportVisitPdf")
    record_button.click()  # nothing selected yet
    assert "请先在列表中选择一次走访" in message_boxes[-1][2]
    row = next(
        r
        for r in range(page.model.rowCount())
        if problem_count(demo_store, page.model.row_record(r)["id"])
    )
    page.table.selectRow(row)
    visit_id = page.selected_visit_id()
    assert visit_id == page.model.row_record(row)["id"]
    documents = page.findChild(QPushButton, "exportDocumentPdf")
    assert [a.objectName() for a in documents.menu().actions() if a.objectName()] == [
        "export_notice",
        "export_order",
        "export_receipt_notice",
        "export_receipt_order",
    ]
    documents.menu().findChild(QAction, "export_notice").trigger()
    open_saved_file(qtbot, page, shown=message_boxes)
    assert opened == [str(folder / "out1.pdf")]
    notice = PdfReader(opened[0]).metadata
    assert (notice["/EnvHelpKind"], notice["/EnvHelpRecordId"]) == ("notice", visit_id)
    record_button.click()
    open_saved_file(qtbot, page, shown=message_boxes)
    record = PdfReader(opened[1]).metadata
    assert (record["/EnvHelpKind"], record["/EnvHelpRecordId"]) == ("record", visit_id)


def final_inspection_with_problems(store) -> str:
    return next(
        v
        for v in final_visit_ids(store, MONTH)
        if problem_count(store, v) and store.get("visits", v)["type"] == "inspection"
    )


def test_order_and_proofs_of_delivery_are_issued_from_the_gui(
    qtbot, parent, demo_store, save_as, opened, message_boxes
):
    """The order gets its number when written, like ``envhelp report order``; a proof of
    delivery is refused, before a file name is asked, until its document was issued."""
    folder, asked = save_as
    visit_id = final_inspection_with_problems(demo_store)
    assert not demo_store.get("visits", visit_id)["order_no"]

    assert pdf_export.export_visit_pdf(parent, demo_store, visit_id, "receipt_order") is None
    assert asked == [] and "尚未出具" in message_boxes[-1][2]

    task = pdf_export.export_visit_pdf(parent, demo_store, visit_id, "order")
    qtbot.waitUntil(lambda: task.outcome is not None, timeout=30000)
    assert task.outcome == "succeeded"
    open_saved_file(qtbot, parent, shown=message_boxes)
    number = demo_store.get("visits", visit_id)["order_no"]
    order = folder / "out1.pdf"
    assert number and number in pdf_text(order)
    assert PdfReader(order).metadata["/EnvHelpKind"] == "order"
    assert asked[0].endswith("责令改正决定书.pdf")

    task = pdf_export.export_visit_pdf(parent, demo_store, visit_id, "receipt_order")
    qtbot.waitUntil(lambda: task.outcome is not None, timeout=30000)
    open_saved_file(qtbot, parent, shown=message_boxes)
    receipt = folder / "out2.pdf"
    assert PdfReader(receipt).metadata["/EnvHelpKind"] == "receipt_order"
    assert "送达回证" in pdf_text(receipt) and number in pdf_text(receipt)
    # Printing the order again keeps its number.
    task = pdf_export.export_visit_pdf(parent, demo_store, visit_id, "order")
    qtbot.waitUntil(lambda: task.outcome is not None, timeout=30000)
    open_saved_file(qtbot, parent, shown=message_boxes)
    assert demo_store.get("visits", visit_id)["order_no"] == number
    assert opened == [str(order), str(receipt), str(folder / "out3.pdf")]


def test_an_order_is_refused_for_a_visit_that_is_not_an_inspection(
    parent, demo_store, save_as, message_boxes
):
    _, asked = save_as
    visit_id = next(
        v
        for v in final_visit_ids(demo_store, MONTH)
        if demo_store.get("visits", v)["type"] != "inspection"
    )
    assert pdf_export.export_visit_pdf(parent, demo_store, visit_id, "order") is None
    assert asked == []
    assert "只对现场检查出具" in message_boxes[-1][2]
    assert message_boxes[-1][1] == "责令改正违法行为决定书"


def test_a_failed_export_ends_the_wait_with_its_reason(
    qtbot, parent, demo_store, save_as, monkeypatch, message_boxes
):
    """open_saved_file stops at a failure (the failed CI run only said that no "saved"
    message came in time)."""
    from envhelp.reports import pdf

    def broken(*args, **kwargs):
        raise RuntimeError("the renderer broke")

    monkeypatch.setattr(pdf, "render_visit_record", broken)
    task = pdf_export.export_visit_pdf(parent, demo_store, month_visit(demo_store, True))
    with pytest.raises(AssertionError, match="the renderer broke"):
        open_saved_file(qtbot, parent, shown=message_boxes)
    assert task.outcome == "failed"
    assert [kind for kind, _, _ in message_boxes] == ["critical"]  # what the user sees
