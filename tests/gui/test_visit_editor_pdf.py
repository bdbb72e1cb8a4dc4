"""The visit editor's 导出PDF, 整改告知书, 责令改正决定书 and 送达回证 actions write the PDF and open it."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from envhelp.gui.qt import QDesktopServices, QFileDialog, QKeySequence, Qt
from envhelp.gui.visit_editor import VisitEditor
from envhelp.reports.pdf import final_visit_ids
from tests.gui.conftest import open_saved_file, show_visit_editor

pytestmark = pytest.mark.gui


def test_export_actions_write_record_and_notice(qtbot, demo_store, tmp_path, monkeypatch):
    visit_id = next(
        v
        for v in final_visit_ids(demo_store, "2026-10")
        if demo_store.scalar(
            "SELECT count(*) FROM problems WHERE visit_id = ? AND status IN ('open', 'rectifying')",
            (v,),
        )
    )
    folder = tmp_path / "pdf"
    folder.mkdir()
    names = iter(["record", "notice"])
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a: (str(folder / next(names)), a[3])
    )
    opened: list[str] = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True
    )
    editor = show_visit_editor(qtbot, demo_store, visit_id)

    assert editor.pdf_action.shortcut() == QKeySequence("Ctrl+E")
    assert editor.notice_action.shortcut() == QKeySequence("Ctrl+Shift+E")
    # No other action of the editor uses these keys.
    taken = [
        k.toString()
        for a in editor.findChildren(type(editor.pdf_action))
        if a not in (editor.pdf_action, editor.notice_action)
        for k in a.shortcuts()
    ]
    assert "Ctrl+E" not in taken and "Ctrl+Shift+E" not in taken

    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow)
    qtbot.keyClick(editor, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    open_saved_file(qtbot, editor)
    assert len(opened) == 1
    assert opened == [str(folder / "record.pdf")]
    assert PdfReader(opened[0]).metadata["/EnvHelpKind"] == "record"

    editor.notice_action.trigger()
    open_saved_file(qtbot, editor)
    assert len(opened) == 2
    assert PdfReader(opened[1]).metadata["/EnvHelpKind"] == "notice"


def test_export_before_the_draft_exists_only_says_so(qtbot, store, monkeypatch):
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: asked.append(a) or ("", ""))
    editor = VisitEditor(store)
    qtbot.addWidget(editor)
    assert editor.export_pdf("record") is None
    assert asked == [] and "选择企业" in editor.statusBar().currentMessage()


def test_the_visit_menu_gives_every_document(qtbot, demo_store, monkeypatch):
    from envhelp.gui import pdf_export

    asked: list[str] = []
    monkeypatch.setattr(
        pdf_export, "export_visit_pdf", lambda parent, store, visit_id, kind: asked.append(kind)
    )
    editor = VisitEditor(demo_store, final_visit_ids(demo_store, "2026-10")[0])
    qtbot.addWidget(editor)
    visit_menu = editor.menuBar().actions()[0].menu()
    receipts = next(a.menu() for a in visit_menu.actions() if a.menu())
    assert editor.notice_action.text().startswith("整改告知书")
    for action in [editor.notice_action, editor.order_action, *receipts.actions()]:
        action.trigger()
    assert asked == ["notice", "order", "receipt_notice", "receipt_order"]
