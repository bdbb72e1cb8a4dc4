"""The main window fits a common laptop screen (1366 × 768) on every page.

Officers work on laptops; a window whose minimum width exceeds the screen is cut
off at the right edge (the dashboard's eight figure cards once needed 1,476 pixels).
"""

from __future__ import annotations

from envhelp.gui.main_window import MainWindow

LAPTOP_WIDTH, LAPTOP_HEIGHT = 1366, 768
TASKBAR = 48


def test_every_page_fits_a_1366_by_768_screen(qtbot, store, enterprise):
    window = MainWindow(store)
    qtbot.addWidget(window)
    # The default size: 1280 × 800 or the screen's free area, whichever is smaller (but
    # never below the window's minimum).
    window.show()
    qtbot.waitExposed(window)
    free = window.screen().availableGeometry()
    minimum = window.minimumSizeHint()
    assert window.width() == max(min(1280, free.width()), minimum.width())
    assert window.height() == max(min(800, free.height()), minimum.height())
    for row in range(len(window.pages)):
        window.show_page(row)
        hint = window.minimumSizeHint()
        assert hint.width() <= LAPTOP_WIDTH, (row, hint.width())
        assert hint.height() <= LAPTOP_HEIGHT - TASKBAR, (row, hint.height())
