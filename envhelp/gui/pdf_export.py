"""The GUI side of the PDF documents: one visit's record or notice, or a month's records.

- :func:`export_visit_pdf` asks for a file name (suggested from the record number
  and the enterprise, in the folder used last), renders the document on a worker
  thread and opens it in the system's PDF viewer.
- :func:`export_month_pdfs` asks for a folder and writes one record per final
  visit of the month behind a cancellable progress dialog (files already
  written when Cancel is pressed stay; each is complete, see docs/reports.md).
- :func:`visit_pdf_buttons` makes the two buttons a visit list shows for its
  selected row.

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
    QMessageBox,
    QPushButton,
    QWidget,
)
from envhelp.storage import Store

if TYPE_CHECKING:
    from envhelp.reports.pdf import VisitRecord

PDF_DIR_KEY = "pdf/export_dir"
KINDS = ("record", "notice")


# lupdate reads calls named translate("context", "literal"): keep both arguments literal.
translate = QCoreApplication.translate


def _show_status(parent: QWidget, text: str) -> None:
    window = parent.window()
    if hasattr(window, "statusBar"):
        window.statusBar().showMessage(text, 5000)


def _failed(parent: QWidget, exc: BaseException) -> None:
    tasks.show_failure(parent, exc, translate("pdf_export", "导出 PDF 失败"))


# -- one visit -----------------------------------------------------------------------


def export_visit_pdf(
    parent: QWidget, store: Store, visit_id: str, kind: str = "record"
) -> tasks.Task | None:
    """Ask for a file name, then write the visit's record (or notice) and open it.

    Returns the running task, or None when nothing is written (the user
    cancelled the file dialog, the visit is gone, a notice has no problem).
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    from envhelp.reports.pdf import collect_visit_record
    from envhelp.reports.pdf.export import default_filename

    try:
        record = collect_visit_record(store, visit_id)
    except EnvHelpError as exc:
        _failed(parent, exc)
        return None
    if kind == "notice" and not record.to_rectify:
        QMessageBox.information(
            parent,
            translate("pdf_export", "整改通知书"),
            translate("pdf_export", "这次走访没有记录需要整改的问题，无需出具整改通知书。"),
        )
        return None
    title = (
        translate("pdf_export", "导出走访记录 PDF")
        if kind == "record"
        else translate("pdf_export", "导出整改通知书 PDF")
    )
    suggested = files.last_folder(PDF_DIR_KEY) / default_filename(record, kind)
    path, _ = QFileDialog.getSaveFileName(
        parent, title, str(suggested), translate("pdf_export", "PDF 文件 (*.pdf)")
    )
    if not path:
        return None
    if not path.lower().endswith(".pdf"):
        path += ".pdf"
    if kind == "notice" and not record.is_draft:
        # The notice of a final visit carries its own number, given on first issue.
        from envhelp.domain import documents

        try:
            documents.issue_number(store, visit_id, "notice")
            record = collect_visit_record(store, visit_id)
        except EnvHelpError as exc:
            _failed(parent, exc)
            return None
    return write_visit_pdf(parent, store, record, kind, Path(path))


def write_visit_pdf(
    parent: QWidget,
    store: Store,
    record: VisitRecord,
    kind: str,
    target: Path,
    *,
    open_after: bool = True,
) -> tasks.Task:
    """Render ``record`` and write it to ``target`` off the GUI thread, then say so with
    the buttons to open, show or print it (``open_after`` False: a status line only)."""
    from envhelp.reports.pdf import render_notice, render_visit_record
    from envhelp.reports.pdf.common import write_atomic
    from envhelp.reports.pdf.export import record_options

    files.remember_folder(PDF_DIR_KEY, target.parent)
    options = record_options(store) if kind == "record" else None

    def job(progress, cancelled) -> Path:
        data = render_visit_record(record, options) if kind == "record" else render_notice(record)
        if cancelled():  # rendering is the long part; nothing was written yet
            raise OperationCancelled()
        return write_atomic(target, data)

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


def visit_pdf_buttons(
    parent: QWidget, store: Store, selected_visit_id: Callable[[], str | None]
) -> list[QPushButton]:
    """ "导出PDF" and "整改通知书" buttons acting on ``selected_visit_id()`` (a list's row)."""

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
    notice = QPushButton(translate("pdf_export", "整改通知书"), parent)
    notice.setObjectName("exportNoticePdf")
    notice.setToolTip(translate("pdf_export", "为选中走访发现的问题生成整改通知书 PDF"))
    notice.clicked.connect(lambda: export("notice"))
    return [record, notice]


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
