"""Qt's own dialogs speak the UI's language, and file dialogs start in the user's
documents folder (then the folder used last), never the program's folder."""

from __future__ import annotations

import re

import pytest

from envhelp.domain import officers
from envhelp.gui import language
from envhelp.gui.dialogs import files
from envhelp.gui.qt import QFileDialog, QLabel, QPushButton, QWidget
from tests.conftest import draft_visit
from tests.gui.conftest import make_png

pytestmark = pytest.mark.gui

LATIN_WORD = re.compile(r"[A-Za-z]{3}")
CJK = re.compile(r"[\u4e00-\u9fff]")


def english_texts(dialog: QWidget) -> list[str]:
    texts = [w.text() for w in dialog.findChildren(QLabel) + dialog.findChildren(QPushButton)]
    return [t for t in texts if LATIN_WORD.search(t) and not CJK.search(t)]


def test_qt_file_dialog_is_chinese_in_the_chinese_ui(qtbot, tmp_path):
    language.apply_language("zh")
    dialog = QFileDialog(None, "选择文件", str(tmp_path), "图片 (*.png)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    qtbot.addWidget(dialog)
    dialog.show()
    labels = [w.text() for w in dialog.findChildren(QLabel)]
    assert "查找范围(&L)：" in labels and "文件类型(&T)：" in labels
    assert english_texts(dialog) == []

    language.apply_language("en")
    english = QFileDialog(None, "Choose", str(tmp_path), "Images (*.png)")
    english.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    qtbot.addWidget(english)
    english.show()
    assert "&Look in:" in [w.text() for w in english.findChildren(QLabel)]


def test_file_dialogs_start_in_documents_then_the_last_folder(
    qtbot, store, officer, enterprise, tmp_path, monkeypatch
):
    from envhelp.gui.visit_editor import VisitEditor

    documents = files.documents_folder()
    assert documents.is_dir()
    assert files.last_folder("anything/never_used") == documents

    asked: list[str] = []
    (tmp_path / "pictures").mkdir()
    photo = make_png(tmp_path / "pictures" / "桶.png")

    def pick(parent, title="", directory="", file_filter="", *args, **kwargs):
        asked.append(directory)
        return ([str(photo)], file_filter)

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(pick))
    officers.set_current(store, officer["id"])
    visit = draft_visit(store, enterprise["id"], [officer["id"]], "stationed")
    editor = VisitEditor(store, visit["id"])
    qtbot.addWidget(editor)
    editor.add_visit_photo_dialog()
    editor.add_visit_photo_dialog()
    assert asked == [str(documents), str(photo.parent)]
