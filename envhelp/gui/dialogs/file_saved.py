"""After an export: "saved" with buttons to open the file or its folder.

Shared by the ledger export (Problems page) and the monthly summary (Reports page);
:func:`open_in_viewer` also opens the PDFs (:mod:`envhelp.gui.pdf_export`).
"""

from __future__ import annotations

from pathlib import Path

from envhelp.gui.qt import QCoreApplication, QDesktopServices, QMessageBox, QUrl, QWidget

# lupdate reads calls named translate("context", "literal"): keep both arguments literal.
translate = QCoreApplication.translate


def open_in_viewer(path: Path) -> bool:
    """Open a file or folder with the system's default application."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def show_file_saved(parent: QWidget, text: str, target: Path) -> QMessageBox:
    """A non-blocking message (object name ``exportDone``) saying ``text``, with
    打开文件 / 打开所在文件夹 / 关闭; it deletes itself when closed."""
    box = QMessageBox(parent)
    box.setObjectName("exportDone")
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(translate("FileSaved", "导出完成"))
    box.setText(text)
    open_file = box.addButton(translate("FileSaved", "打开文件"), QMessageBox.ButtonRole.AcceptRole)
    open_folder = box.addButton(
        translate("FileSaved", "打开所在文件夹"), QMessageBox.ButtonRole.ActionRole
    )
    box.addButton(translate("FileSaved", "关闭"), QMessageBox.ButtonRole.RejectRole)

    def clicked(button) -> None:
        if button is open_file:
            open_in_viewer(target)
        elif button is open_folder:
            open_in_viewer(target.parent)

    box.buttonClicked.connect(clicked)
    box.finished.connect(box.deleteLater)
    box.open()
    return box
