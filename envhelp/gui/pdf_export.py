"""The GUI side of the PDF documents: one visit's record, notice, order or proof of
delivery, or a month's records.

- :func:`export_visit_pdf` asks for a file name (suggested from the record number
  and the enterprise, in the folder used last), renders the document on a worker
  thread and opens it in the system's PDF viewer.
- :func:`export_month_pdfs` asks for a folder and writes one record per final
  visit of the month behind a cancellable progress dialog (files already
  written when Cancel is pressed stay; each is complete, see docs/reports.md).
- :func:`visit_pdf_buttons` makes the two buttons a visit list shows for its
  selected row (导出PDF, and 文书 with the other documents in its menu).

The database is read on the GUI thread for a single visit (``collect_visit_record``
is one quick read, and the renderers need no store, as docs/reports.md intends);
the batch opens its own connection on the worker (:func:`envhelp.gui.tasks.store_job`).
reportlab (behind :mod:`envhelp.reports.pdf`) is imported on the first export, not
when a page with these buttons is built: it is a large part of the app's start-up.
The last folder is kept in the per-user settings (:func:`envhelp.gui.language.ui_settings`)
under :data:`PDF_DIR_KEY`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from envhelp.errors import EnvHelpError, OperationCancelled
from envhelp.gui import tasks
from envhelp.gui.dialogs import files
from envhelp.gui.dialogs.files import open_in_viewer
from envhelp.gui.qt import (
    QCoreApplication,
    QFileDialog,
    QMenu,
    QMessageBox,
    QPushButton,
    QWidget,
)
from envhelp.storage import Store

if TYPE_CHECKING:
    from envhelp.reports.pdf import VisitRecord

PDF_DIR_KEY = "pdf/export_dir"
# Documents besides the record: written through envhelp.reports.pdf's write_* functions.
DOCUMENTS = ("notice", "order", "receipt_notice", "receipt_order")
KINDS = ("record", *DOCUMENTS)


# lupdate reads calls named translate("context", "literal"): keep both arguments literal.
translate = QCoreApplication.translate


def _show_status(parent: QWidget, text: str) -> None:
    window = parent.window()
    if hasattr(window, "statusBar"):
        window.statusBar().showMessage(text, 5000)


def _failed(parent: QWidget, exc: BaseException) -> None:
    tasks.show_failure(parent, exc, translate("pdf_export", "导出 PDF 失败"))


# -- one visit -----------------------------------------------------------------------


def _names() -> dict[str, str]:
    """What the officer calls each document (menus, dialog titles, messages)."""
    return {
        "record": translate("pdf_export", "走访记录"),
        "notice": translate("pdf_export", "整改告知书"),
        "order": translate("pdf_export", "责令改正违法行为决定书"),
        "receipt_notice": translate("pdf_export", "送达回证（整改告知书）"),
        "receipt_order": translate("pdf_export", "送达回证（责令改正决定书）"),
    }


def export_visit_pdf(
    parent: QWidget, store: Store, visit_id: str, kind: str = "record"
) -> tasks.Task | None:
    """Ask for a file name, then write the visit's ``kind`` document and open it.

    A document the visit cannot have (nothing to rectify, an order on a publicity visit,
    a proof of delivery before its document was issued) is refused with the reason
    before a file name is asked. Returns the running task, or None when nothing is
    written (refused, or the user cancelled the file dialog).
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    from envhelp.reports.pdf import collect_visit_record
    from envhelp.reports.pdf.export import default_filename
    from envhelp.reports.pdf.notice import refuse

    name = _names()[kind]
    try:
        record = collect_visit_record(store, visit_id)
        if kind != "record":
            refuse(record, kind)
    except EnvHelpError as exc:
        QMessageBox.information(parent, name, str(exc))
        return None
    suggested = files.last_folder(PDF_DIR_KEY) / default_filename(record, kind)
    path, _ = QFileDialog.getSaveFileName(
        parent,
        translate("pdf_export", "导出{name} PDF").format(name=name),
        str(suggested),
        translate("pdf_export", "PDF 文件 (*.pdf)"),
    )
    if not path:
        return None
    if not path.lower().endswith(".pdf"):
        path += ".pdf"
    if kind == "record":
        return write_visit_pdf(parent, store, record, Path(path))
    return write_document_pdf(parent, store, visit_id, kind, Path(path))


def write_visit_pdf(
    parent: QWidget, store: Store, record: VisitRecord, target: Path, *, open_after: bool = True
) -> tasks.Task:
    """Render the visit's record and write it to ``target`` off the GUI thread, then say so
    with the buttons to open, show or print it (``open_after`` False: a status line only)."""
    from envhelp.reports.pdf import render_visit_record
    from envhelp.reports.pdf.common import write_atomic
    from envhelp.reports.pdf.export import record_options

    options = record_options(store)

    def job(progress, cancelled) -> Path:
        data = render_visit_record(record, options)
        if cancelled():  # rendering is the long part; nothing was written yet
            raise OperationCancelled()
        return write_atomic(target, data)

    return _run_export(parent, target, job, open_after)


def write_document_pdf(
    parent: QWidget, store: Store, visit_id: str, kind: str, target: Path
) -> tasks.Task:
    """Issue and write the notice, the order or a proof of delivery on a worker's own
    connection, through the same core function as ``envhelp report``: a final visit's
    document gets its number in the transaction that writes the file."""
    from envhelp.reports.pdf import write_notice, write_order, write_receipt

    def job(db: Store, progress, cancelled) -> Path:
        if kind == "notice":
            return write_notice(db, visit_id, target)
        if kind == "order":
            return write_order(db, visit_id, target)
        return write_receipt(db, visit_id, kind.removeprefix("receipt_"), target)

    return _run_export(
        parent, target, tasks.store_job(store.path, job, read_only=store.read_only), True
    )


def _run_export(parent: QWidget, target: Path, job, open_after: bool) -> tasks.Task:
    files.remember_folder(PDF_DIR_KEY, target.parent)

    def written(path: Path) -> None:
        if not open_after:
            _show_status(parent, translate("pdf_export", "已保存：{path}").format(path=path))
        else:  # the one "saved" message: open, open the folder, print
            files.show_file_saved(
                parent, translate("pdf_export", "PDF 已保存：\n{path}").format(path=path), path
            )

    return tasks.run_with_progress(
        parent,
        translate("pdf_export", "导出 PDF"),
        translate("pdf_export", "正在生成 {name}…").format(name=target.name),
        job,
        on_success=written,
        on_error=lambda exc: _failed(parent, exc),
        on_cancel=lambda: _show_status(parent, translate("pdf_export", "已取消，未生成文件。")),
    )


def document_menu(parent: QWidget, export: Callable[[str], object]) -> QMenu:
    """The documents a visit can give besides its record, one action each (objectName
    ``export_<kind>``); ``export(kind)`` writes one."""
    menu = QMenu(parent)
    names = _names()
    for kind in DOCUMENTS:
        if kind == "receipt_notice":
            menu.addSeparator()
        action = menu.addAction(names[kind] + "…")
        action.setObjectName(f"export_{kind}")
        action.triggered.connect(lambda _checked=False, k=kind: export(k))
    return menu


def visit_pdf_buttons(
    parent: QWidget, store: Store, selected_visit_id: Callable[[], str | None]
) -> list[QPushButton]:
    """ "导出PDF" and "文书" (notice, order, proofs of delivery) buttons acting on
    ``selected_visit_id()`` (a list's row)."""

    def export(kind: str) -> None:
        visit_id = selected_visit_id()
        if not visit_id:
            QMessageBox.information(
                parent,
                translate("pdf_export", "导出 PDF"),
                translate("pdf_export", "请先在列表中选择一次走访。"),
            )
            return
        export_visit_pdf(parent, store, visit_id, kind)

    record = QPushButton(translate("pdf_export", "导出PDF"), parent)
    record.setObjectName("exportVisitPdf")
    record.setToolTip(translate("pdf_export", "把选中的走访记录导出为 PDF 并打开"))
    record.clicked.connect(lambda: export("record"))
    documents = QPushButton(translate("pdf_export", "文书"), parent)
    documents.setObjectName("exportDocumentPdf")
    documents.setToolTip(
        translate("pdf_export", "为选中的走访出具整改告知书、责令改正决定书或送达回证")
    )
    documents.setMenu(document_menu(documents, export))
    return [record, documents]


# -- a month's final visits ------------------------------------------------------------


def export_month_pdfs(parent: QWidget, store: Store, month: str) -> tasks.Task | None:
    """Ask for a folder, then write a record PDF for every final visit of ``month``."""
    folder = QFileDialog.getExistingDirectory(
        parent,
        translate("pdf_export", "选择保存 {month} 走访记录 PDF 的文件夹").format(month=month),
        str(files.last_folder(PDF_DIR_KEY)),
    )
    if not folder:
        return None
    return write_month_pdfs(parent, store, month, Path(folder))


def export_month(*args, **kwargs):
    """:func:`envhelp.reports.pdf.export_month`, imported on first use (tests may replace it)."""
    from envhelp.reports.pdf import export_month as export

    return export(*args, **kwargs)


def write_month_pdfs(parent: QWidget, store: Store, month: str, folder: Path) -> tasks.Task:
    """Batch-write the month's records into ``folder`` behind a cancellable progress dialog.

    The task's result is the :class:`~envhelp.reports.pdf.ExportResult`; when
    it ends a message box (objectName ``pdfExportDone``) says what was written.
    """
    files.remember_folder(PDF_DIR_KEY, folder)

    def job(db: Store, progress, cancelled):
        return export_month(
            db,
            month,
            folder,
            progress=lambda done, total, _path: progress(done, total),
            cancelled=cancelled,
        )

    return tasks.run_with_progress(
        parent,
        translate("pdf_export", "导出走访记录 PDF"),
        translate("pdf_export", "正在导出 {month} 的走访记录到 {folder}…").format(
            month=month, folder=folder
        ),
        tasks.store_job(store.path, job, read_only=store.read_only),
        on_success=lambda result: _month_done(parent, month, folder, result),
        on_error=lambda exc: _failed(parent, exc),
    )


def _month_done(parent: QWidget, month: str, folder: Path, result) -> QMessageBox:
    box = QMessageBox(parent)
    box.setObjectName("pdfExportDone")
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(translate("pdf_export", "导出走访记录 PDF"))
    if result.total == 0:
        box.setText(
            translate("pdf_export", "{month} 没有已定稿的走访记录，未生成文件。").format(
                month=month
            )
        )
    elif result.cancelled:
        box.setText(
            translate(
                "pdf_export",
                "已取消：已导出 {done} / {total} 份走访记录（已生成的文件保留）：\n{folder}",
            ).format(done=len(result.written), total=result.total, folder=folder)
        )
    else:
        box.setText(
            translate("pdf_export", "已导出 {n} 份走访记录：\n{folder}").format(
                n=len(result.written), folder=folder
            )
        )
    open_folder = None
    if result.written:
        open_folder = box.addButton(
            translate("pdf_export", "打开文件夹"), QMessageBox.ButtonRole.ActionRole
        )
    box.addButton(translate("pdf_export", "关闭"), QMessageBox.ButtonRole.RejectRole)

    def clicked(button) -> None:
        if open_folder is not None and button is open_folder:
            open_in_viewer(folder)

    box.buttonClicked.connect(clicked)
    box.finished.connect(box.deleteLater)
    box.open()
    return box
