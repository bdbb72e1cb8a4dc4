"""Files for exports: where to save one (:func:`ask_save_file`, starting in the folder
used last) and, afterwards, "saved" with buttons to open the file or its folder
(:func:`show_file_saved`).

Shared by the ledger export (Problems page), the monthly summary (Reports page) and
the 数据 menu; :func:`open_in_viewer` also opens the PDFs (:mod:`envhelp.gui.pdf_export`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from envhelp.gui import language
from envhelp.gui.qt import (
    QCoreApplication,
    QDesktopServices,
    QFileDialog,
    QMessageBox,
    QStandardPaths,
    QUrl,
    QWidget,
)

# lupdate reads calls named translate("context", "literal"): keep both arguments literal.
translate = QCoreApplication.translate


PHOTO_DIR_KEY = "photos/last_dir"


def documents_folder() -> Path:
    """The user's documents folder (文档 / Documents), else the home folder: where a file
    dialog starts the first time, never the program's own folder."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found and Path(found).is_dir() else Path.home()


def last_folder(key: str) -> Path:
    """The folder kept under the settings ``key`` (the documents folder at first, or when
    the one kept is gone)."""
    kept = language.ui_settings().value(key)
    return Path(str(kept)) if kept and Path(str(kept)).is_dir() else documents_folder()


def remember_folder(key: str, folder: Path) -> None:
    """Keep ``folder`` under the settings ``key``, for the next file dialog there."""
    language.ui_settings().setValue(key, str(folder))


def ask_save_file(
    parent: QWidget, title: str, key: str, name: str, file_filter: str, suffix: str
) -> Path | None:
    """Ask where to save, suggesting ``name`` in the folder used last (settings ``key``);
    ``suffix`` (e.g. ".xlsx") is added when the name typed lacks it. None: cancelled."""
    path, _ = QFileDialog.getSaveFileName(parent, title, str(last_folder(key) / name), file_filter)
    if not path:
        return None
    target = Path(path)
    if target.suffix.lower() != suffix:
        target = target.with_name(target.name + suffix)
    remember_folder(key, target.parent)
    return target


def ask_open_files(parent: QWidget, title: str, key: str, file_filter: str) -> list[Path]:
    """Files to open (photos…), starting in the folder used last under ``key``."""
    paths, _ = QFileDialog.getOpenFileNames(parent, title, str(last_folder(key)), file_filter)
    if paths:
        remember_folder(key, Path(paths[0]).parent)
    return [Path(p) for p in paths]


def open_in_viewer(path: Path) -> bool:
    """Open a file or folder with the system's default application."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


# What the system can print as it is (through a print verb or a spooler).
PRINTABLE = (".pdf",)


def can_print(path: Path) -> bool:
    """Windows prints any file its program can (the "print" verb); elsewhere a PDF goes
    to the CUPS spooler (``lp``)."""
    if sys.platform == "win32":
        return True
    return path.suffix.lower() in PRINTABLE


def print_file(parent: QWidget, path: Path) -> bool:
    """Print ``path``: Windows hands it to its program's print verb; elsewhere Qt's print
    dialog picks the printer and copies, and ``lp`` prints it. Without a spooler the file
    opens in the system viewer, to print from there. True when a job was sent."""
    if sys.platform == "win32":
        os.startfile(str(path), "print")  # type: ignore[attr-defined]  # noqa: S606
        return True
    spooler = shutil.which("lp")
    if spooler is None:
        QMessageBox.information(
            parent,
            translate("FileSaved", "打印"),
            translate("FileSaved", "本机没有打印服务（lp）。将用默认程序打开文件，请从那里打印。"),
        )
        open_in_viewer(path)
        return False
    from envhelp.gui.qt import QPrintDialog, QPrinter

    printer = QPrinter()
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    command = [spooler, "-n", str(max(1, printer.copyCount())), str(path)]
    if printer.printerName():
        command[1:1] = ["-d", printer.printerName()]
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        QMessageBox.warning(
            parent,
            translate("FileSaved", "打印"),
            translate("FileSaved", "打印失败：{error}").format(error=done.stderr.strip()),
        )
        return False
    return True


def show_file_saved(parent: QWidget, text: str, target: Path) -> QMessageBox:
    """The one message every export ends with (object name ``exportDone``): ``text``, then
    打开文件 / 打开所在文件夹 / 打印… (when the file can be printed) / 关闭. Non-blocking;
    it deletes itself when closed."""
    box = QMessageBox(parent)
    box.setObjectName("exportDone")
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(translate("FileSaved", "导出完成"))
    box.setText(text)
    open_file = box.addButton(translate("FileSaved", "打开文件"), QMessageBox.ButtonRole.AcceptRole)
    open_file.setObjectName("openFile")
    open_folder = box.addButton(
        translate("FileSaved", "打开所在文件夹"), QMessageBox.ButtonRole.ActionRole
    )
    open_folder.setObjectName("openFolder")
    print_button = None
    if can_print(target):
        print_button = box.addButton(
            translate("FileSaved", "打印…"), QMessageBox.ButtonRole.ActionRole
        )
        print_button.setObjectName("printFile")
    box.addButton(translate("FileSaved", "关闭"), QMessageBox.ButtonRole.RejectRole)

    def clicked(button) -> None:
        if button is open_file:
            open_in_viewer(target)
        elif button is open_folder:
            open_in_viewer(target.parent)
        elif print_button is not None and button is print_button:
            print_file(parent, target)

    box.buttonClicked.connect(clicked)
    box.finished.connect(box.deleteLater)
    box.open()
    return box
