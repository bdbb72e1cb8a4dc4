"""Photos of a visit: viewed large with the arrow keys, captioned, removed with undo and
reordered before finalizing; a final visit's photos stay as they are."""

from __future__ import annotations

import pytest

from envhelp.domain import attachments, officers, visits
from envhelp.errors import StateError
from envhelp.gui.qt import Qt
from tests.conftest import draft_visit
from tests.gui.conftest import make_png, show_visit_editor

pytestmark = pytest.mark.gui
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def editor(qtbot, store, officer, enterprise, tmp_path):
    officers.set_current(store, officer["id"])
    visit = draft_visit(store, enterprise["id"], [officer["id"]], "stationed")
    editor = show_visit_editor(qtbot, store, visit["id"])
    editor.add_visit_photos(
        [
            make_png(tmp_path / f"{n}.png", color)
            for n, color in (("a", 0xFF0000), ("b", 0x00FF00), ("c", 0x0000FF))
        ]
    )
    return editor


def names(store, visit_id):
    return [r["filename"] for r in attachments.list_for(store, visit_id=visit_id)]


def test_viewer_goes_through_photos_with_arrow_keys_and_saves_captions(qtbot, store, editor):
    strip = editor.visit_photos
    strip.setCurrentRow(0)
    qtbot.keyClick(strip, Qt.Key.Key_Return)
    viewer = strip.viewer
    assert viewer.isVisible() and viewer.position.text() == "1 / 3"
    assert not viewer.image.pixmap().isNull() and viewer.image.pixmap().width() > 200
    qtbot.keyClick(viewer, Qt.Key.Key_Right)
    assert viewer.position.text() == "2 / 3" and "b.png" in viewer.windowTitle()
    viewer.caption.setText("危废间东侧围堰裂缝")
    qtbot.keyClick(viewer, Qt.Key.Key_Right)  # moving on keeps the caption
    qtbot.keyClick(viewer, Qt.Key.Key_Right)  # stops at the last one
    assert viewer.position.text() == "3 / 3"
    qtbot.keyClick(viewer, Qt.Key.Key_Left)
    assert viewer.caption.text() == "危废间东侧围堰裂缝"
    rows = attachments.list_for(store, visit_id=editor.visit["id"])
    assert rows[1]["caption"] == "危废间东侧围堰裂缝"


def test_remove_with_undo_and_reorder_before_finalizing(qtbot, store, editor):
    visit_id = editor.visit["id"]
    strip = editor.visit_photos
    strip.setCurrentRow(1)
    qtbot.keyClick(strip, Qt.Key.Key_Delete)
    assert names(store, visit_id) == ["a.png", "c.png"] and strip.count() == 2
    editor.undo_stack.undo()
    assert names(store, visit_id) == ["a.png", "b.png", "c.png"] and strip.count() == 3

    strip.setCurrentRow(0)
    qtbot.keyClick(strip, Qt.Key.Key_Right, CTRL)
    assert names(store, visit_id) == ["b.png", "a.png", "c.png"]
    assert strip.currentRow() == 1
    assert [strip.item(i).toolTip().split("\n")[0] for i in range(3)] == ["b.png", "a.png", "c.png"]

    strip.setCurrentRow(2)
    qtbot.keyClick(strip, Qt.Key.Key_Return)
    qtbot.keyClick(strip.viewer, Qt.Key.Key_Delete)  # from the viewer too
    assert names(store, visit_id) == ["b.png", "a.png"]

    visits.finalize(store, visit_id)
    with pytest.raises(StateError):
        attachments.remove(store, attachments.list_for(store, visit_id=visit_id)[0]["id"])
