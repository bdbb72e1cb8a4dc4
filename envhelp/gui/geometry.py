"""Windows open inside the screen's free area and come back the size the user left them.

Officers work on 1366 × 768 laptops, often beside another window: a window must never
open larger than the available area (taskbar excluded) or with its title bar or status
bar off screen, and its size, place and maximized state are kept per user in QSettings
(``geometry/<name>``, through :func:`envhelp.gui.language.ui_settings`).
"""

from __future__ import annotations

from envhelp.gui.language import ui_settings
from envhelp.gui.qt import QEvent, QObject, QRect, QSize, QWidget

GEOMETRY_KEY = "geometry/{name}"
# The window manager's frame is not known before the window is shown: leave room for a
# title bar above and a border at each side, so the frame lands inside the free area too.
FRAME_TOP, FRAME_SIDE = 32, 4
# The window's dynamic property that says its geometry is already kept. Not findChild():
# PySide wraps every child of the window in a Python object to test its type (≈ 2 ms of
# the main window's start).
KEPT_PROPERTY = "envhelpGeometryKept"


def fitted(wanted: QRect, minimum: QSize, available: QRect) -> QRect:
    """``wanted`` moved and shrunk (never below ``minimum`` unless the screen is smaller)
    so that it lies inside ``available`` with room for the window frame."""
    room = available.adjusted(FRAME_SIDE, FRAME_TOP, -FRAME_SIDE, -FRAME_SIDE)
    width = min(max(wanted.width(), minimum.width()), room.width())
    height = min(max(wanted.height(), minimum.height()), room.height())
    left = min(max(wanted.x(), room.left()), room.right() + 1 - width)
    top = min(max(wanted.y(), room.top()), room.bottom() + 1 - height)
    return QRect(left, top, width, height)


def available_area(window: QWidget) -> QRect:
    screen = window.screen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 728)


def place_window(
    window: QWidget, name: str, default: QSize, *, available: QRect | None = None
) -> QRect:
    """Give ``window`` its remembered geometry, else ``default`` centred; either way inside
    ``available`` (default: its screen's free area). The geometry is saved again whenever
    the window is hidden or closed. Returns the geometry set."""
    area = available if available is not None else available_area(window)
    saved = ui_settings().value(GEOMETRY_KEY.format(name=name))
    maximized = False
    if saved is not None and window.restoreGeometry(saved):
        wanted = window.geometry()
        maximized = window.isMaximized()
    else:
        wanted = QRect(0, 0, default.width(), default.height())
        wanted.moveCenter(area.center())
    rect = fitted(wanted, window.minimumSizeHint().expandedTo(window.minimumSize()), area)
    if not maximized:
        window.setGeometry(rect)
    if not window.property(KEPT_PROPERTY):
        _GeometryKeeper(window, name)
    return rect


def save_geometry(window: QWidget, name: str) -> None:
    settings = ui_settings()
    settings.setValue(GEOMETRY_KEY.format(name=name), window.saveGeometry())
    settings.sync()


class _GeometryKeeper(QObject):
    """Saves its window's geometry when the window is hidden or closed."""

    def __init__(self, window: QWidget, name: str):
        super().__init__(window)
        self.name = name
        window.installEventFilter(self)
        window.setProperty(KEPT_PROPERTY, True)

    def eventFilter(self, watched, event) -> bool:
        if watched is self.parent() and event.type() in (QEvent.Type.Close, QEvent.Type.Hide):
            save_geometry(watched, self.name)
        return False
