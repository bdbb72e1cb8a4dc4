"""The visit editor's 导出PDF / 整改通知书 actions write the PDF and open it."""

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
