"""Every window fits a common laptop screen (1366 × 768) and comes back as it was left.

Officers work on laptops, often beside another window: a window larger than the free
area is cut off (the status bar once sat below the taskbar), and a size chosen once
should not have to be chosen again.
"""

from __future__ import annotations

import pytest

from envhelp.domain import check_answers, stored_templates
from envhelp.gui import geometry
from envhelp.gui.dialogs.enterprise import EnterpriseDialog
from envhelp.gui.dialogs.enterprise_detail import EnterpriseDetailDialog
from envhelp.gui.main_window import MainWindow
from envhelp.gui.qt import QRect, QSize
from envhelp.gui.visit_editor import VisitEditor
from tests.conftest import draft_visit

pytestmark = pytest.mark.gui

TASKBAR = 40
LAPTOP = QRect(0, 0, 1366, 768 - TASKBAR)  # the free area of a 1366 × 768 screen


def inside(rect: QRect, area: QRect) -> bool:
    return area.contains(rect.adjusted(0, -geometry.FRAME_TOP, 0, 0))


def test_main_window_minimum_leaves_room_for_another_window(qtbot, store, enterprise):
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    for row in range(len(window.pages)):
        window.show_page(row)
        hint = window.minimumSizeHint()
        assert hint.width() <= 1024, (row, hint.width())
        assert hint.height() <= 640, (row, hint.height())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_window_opens_inside_the_laptop_screen(qtbot, store, officer, enterprise, lang):
    from envhelp.gui import language

    language.apply_language(lang)
    visit = draft_visit(store, enterprise["id"], [officer["id"]], "stationed", day="2026-03-05")
    check_answers.start_check(store, visit["id"], stored_templates.list_templates(store)[0]["id"])
    windows = {
        "main": MainWindow(store),
        "visit_editor": VisitEditor(store, visit["id"]),
        "enterprise_detail": EnterpriseDetailDialog(store, enterprise["id"]),
        "enterprise": EnterpriseDialog(store, enterprise["id"]),
    }
    for name, window in windows.items():
        qtbot.addWidget(window)
        if name == "visit_editor":
            window.tabs.setCurrentIndex(1)  # the widest tab: the checklist
        rect = geometry.place_window(window, name, QSize(1400, 900), available=LAPTOP)
        assert inside(rect, LAPTOP), (name, rect)
        minimum = window.minimumSizeHint()
        assert minimum.width() <= LAPTOP.width() and minimum.height() <= LAPTOP.height() - 32
        assert window.geometry() == rect


def test_geometry_and_maximized_state_are_remembered(qtbot, store, enterprise):
    detail = EnterpriseDetailDialog(store, enterprise["id"])
    qtbot.addWidget(detail)
    detail.show()
    qtbot.waitExposed(detail)
    detail.setGeometry(QRect(40, 70, 700, 520))  # Qt keeps it at least the minimum size
    placed = detail.geometry()
    assert placed.topLeft() == QRect(40, 70, 700, 520).topLeft() and placed.width() == 700
    detail.close()
    again = EnterpriseDetailDialog(store, enterprise["id"])
    qtbot.addWidget(again)
    assert again.geometry() == placed
    # Remembered from a bigger screen: brought inside the laptop's free area.
    rect = geometry.place_window(
        again, "enterprise_detail", QSize(1100, 760), available=QRect(0, 0, 640, 480)
    )
    assert inside(rect, QRect(0, 0, 640, 480))

    window = MainWindow(store)
    qtbot.addWidget(window)
    window.showMaximized()
    qtbot.waitUntil(window.isMaximized)
    window.close()
    reopened = MainWindow(store)
    qtbot.addWidget(reopened)
    reopened.show()
    qtbot.waitUntil(reopened.isMaximized)


def test_fitted_moves_before_it_shrinks():
    area = QRect(0, 0, 1366, 728)
    moved = geometry.fitted(QRect(900, 500, 800, 400), QSize(300, 200), area)
    assert moved.size() == QSize(800, 400) and inside(moved, area)
    shrunk = geometry.fitted(QRect(0, 0, 1320, 860), QSize(300, 200), area)
    assert shrunk.height() == 728 - geometry.FRAME_TOP - geometry.FRAME_SIDE
    assert inside(shrunk, area)


def test_a_window_placed_twice_is_kept_by_one_keeper(qtbot):
    from envhelp.gui.qt import QWidget

    window = QWidget()
    qtbot.addWidget(window)
    geometry.place_window(window, "twice", QSize(400, 300), available=LAPTOP)
    geometry.place_window(window, "twice", QSize(400, 300), available=LAPTOP)
    keepers = [c for c in window.children() if isinstance(c, geometry._GeometryKeeper)]
    assert len(keepers) == 1
    window.show()
    window.setGeometry(QRect(50, 60, 420, 310))
    window.close()  # the keeper saves the geometry
    again = QWidget()
    qtbot.addWidget(again)
    geometry.place_window(again, "twice", QSize(400, 300), available=LAPTOP)
    assert again.geometry().size() == QSize(420, 310)
