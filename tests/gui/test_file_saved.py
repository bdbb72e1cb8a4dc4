"""Every export ends with the same message: saved — open the file, open its folder, print."""

from __future__ import annotations

import sys

import pytest

from envhelp.gui.dialogs import files
from envhelp.gui.qt import QMessageBox, QPushButton, QWidget

pytestmark = pytest.mark.gui


@pytest.fixture
def parent(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def buttons(box: QMessageBox) -> dict[str, QPushButton]:
    return {b.objectName(): b for b in box.findChildren(QPushButton) if b.objectName()}


def test_a_saved_pdf_offers_open_folder_and_print(qtbot, parent, tmp_path, opened):
    pdf = tmp_path / "记录.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    box = files.show_file_saved(parent, "PDF 已保存", pdf)
    assert box.isVisible() and box.objectName() == "exportDone"
    assert set(buttons(box)) == {"openFile", "openFolder", "printFile"}
    buttons(box)["openFolder"].click()
    assert opened == [str(tmp_path)]


@pytest.mark.skipif(sys.platform == "win32", reason="Windows prints any file through its program")
def test_a_workbook_is_not_offered_for_printing_where_only_pdfs_print(parent, tmp_path):
    box = files.show_file_saved(parent, "已保存", tmp_path / "台账.xlsx")
    assert set(buttons(box)) == {"openFile", "openFolder"}


@pytest.mark.skipif(sys.platform == "win32", reason="Windows has its print verb")
def test_printing_without_a_print_service_opens_the_viewer_and_says_so(
    parent, tmp_path, opened, monkeypatch, message_boxes
):
    monkeypatch.setattr(files.shutil, "which", lambda name: None)  # a machine without CUPS
    pdf = tmp_path / "记录.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    box = files.show_file_saved(parent, "PDF 已保存", pdf)
    buttons(box)["printFile"].click()
    assert opened == [str(pdf)]
    assert message_boxes[-1][0] == "information" and "lp" in message_boxes[-1][2]
