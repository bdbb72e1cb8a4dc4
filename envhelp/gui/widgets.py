"""Small reusable widgets: a record table, an inline error label, the read-only lock,
and :func:`after_paint` (work that should wait until a widget is on screen)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from envhelp.errors import EnvHelpError, ValidationError
from envhelp.gui.qt import (
    QAbstractItemView,
    QAction,
    QCoreApplication,
    QEvent,
    QHeaderView,
    QLabel,
    QLineEdit,
    QModelIndex,
    QObject,
    Qt,
    QTableView,
    QTableWidget,
    QTimer,
    QWidget,
    Signal,
)


class RecordTable(QTableView):
    """A read-only, row-selecting table; double-click or Enter asks to open the row,
    F2 to edit it (for lists that tell the two apart)."""

    open_requested = Signal(QModelIndex)
    edit_requested = Signal(QModelIndex)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(28)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.doubleClicked.connect(self.open_requested)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.open_requested.emit(self.currentIndex())
            return
        if event.key() == Qt.Key.Key_F2 and self.currentIndex().isValid():
            self.edit_requested.emit(self.currentIndex())
            return
        super().keyPressEvent(event)

    def set_column_widths(self, widths: list[int]) -> None:
        """Preferred widths, widened where the (translated) header text needs more."""
        header = self.horizontalHeader()
        for column, width in enumerate(widths):
            self.setColumnWidth(column, max(width, header.sectionSizeHint(column)))


class EmptyHint(QLabel):
    """What an empty list means and how to fill it, shown above the list while it is empty
    (a page of nothing but headers tells a new user nothing)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("emptyHint")
        self.setWordWrap(True)
        self.setStyleSheet(
            "QLabel#emptyHint { color: #35506b; background: #eef4fb;"
            " border: 1px solid #c9d9ec; padding: 8px; }"
        )
        self.hide()

    def show_for(self, empty: bool, text: str) -> None:
        self.setText(text)
        self.setVisible(empty)


class ErrorLabel(QLabel):
    """Red, wrapping text under a form; hidden while there is nothing to say."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("formError")
        self.setWordWrap(True)
        self.setStyleSheet("color: #b3261e; font-weight: bold;")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_message(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))

    def clear_message(self) -> None:
        self.show_message("")


INVALID_STYLE = "border: 2px solid #b3261e;"


def mark_invalid(widget: QWidget | None, invalid: bool) -> None:
    """Outline the field at fault (cleared on the next attempt)."""
    if widget is not None:
        widget.setStyleSheet(INVALID_STYLE if invalid else "")


def show_error_at(error: ErrorLabel, message: str, widget: QWidget | None) -> None:
    """Say under the form what is wrong, then outline the field at fault (when the error
    names one), put the cursor in it and select what is there, ready to be typed over."""
    error.show_message(message)
    if widget is None:
        return
    mark_invalid(widget, True)
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    if isinstance(widget, QLineEdit):
        widget.selectAll()


def submit_form(error: ErrorLabel, fields: dict[str, Any], save: Callable[[], Any]) -> bool:
    """Clear a form's marks and call ``save``; True when it saved. A ValidationError is shown
    at the field of ``fields`` it names (the form keeps what was typed), any other refusal
    under the form."""
    error.clear_message()
    for widget in fields.values():
        mark_invalid(widget, False)
    try:
        save()
    except ValidationError as exc:
        show_error_at(error, str(exc), fields.get(exc.field))
        return False
    except EnvHelpError as exc:
        error.show_message(str(exc))
        return False
    return True


VIEW_ONLY_STYLE = "background: #f1f3f5; color: #1f2933;"


def set_view_only(widget: QWidget, view_only: bool) -> None:
    """Read-only that looks it (a final record): grey, no clear button, no typing hint;
    the field's own clear button and placeholder come back when it is editable again.
    ``widget`` is a QLineEdit or QPlainTextEdit."""
    widget.setReadOnly(view_only)
    if widget.property("typingHint") is None:
        widget.setProperty("typingHint", widget.placeholderText())
    widget.setPlaceholderText("" if view_only else widget.property("typingHint"))
    if isinstance(widget, QLineEdit):
        if widget.property("clearButton") is None:
            widget.setProperty("clearButton", widget.isClearButtonEnabled())
        widget.setClearButtonEnabled(not view_only and bool(widget.property("clearButton")))
    widget.setStyleSheet(VIEW_ONLY_STYLE if view_only else "")


def read_only_reason() -> str:
    """Why a write action is unavailable (tooltip of every locked button and action)."""
    return QCoreApplication.translate("ReadOnly", "数据库以只读方式打开，不能修改")


def lock_if_read_only(store, *targets: QWidget | QAction | None) -> bool:
    """Over a read-only ``store``, disable each widget or action that writes and say why.

    Disabled actions do not fire their shortcuts, so the same call also stops the keys.
    Idempotent: call it again after any code that re-enables a target. Returns
    ``store.read_only``, for callers that also make their fields read-only.
    """
    if not store.read_only:
        return False
    reason = read_only_reason()
    for target in targets:
        if target is None:
            continue
        target.setEnabled(False)
        target.setToolTip(reason)
        target.setStatusTip(reason)
        if isinstance(target, QAction):
            for owner in target.associatedObjects():  # menus hide action tooltips by default
                if hasattr(owner, "setToolTipsVisible"):
                    owner.setToolTipsVisible(True)
    return True


# How long after_paint waits for a paint that may never come (hidden or minimised).
AFTER_PAINT_FALLBACK_MS = 100
# A shown widget is surely painted soon; on a busy laptop that can take longer than the
# fallback, and the work must still not compete with that paint. Waited for up to:
AFTER_PAINT_SHOWN_CAP_MS = 2000


class _AfterPaint(QObject):
    """Calls ``callback`` once, from the event loop, after ``widget``'s next paint."""

    def __init__(self, widget: QWidget, callback, fallback_ms: int, shown_cap_ms: int):
        super().__init__(widget)  # goes with the widget: a deleted widget cancels the call
        self._callback = callback
        self._fallback_ms = fallback_ms
        self._waited = 0
        self._shown_cap_ms = shown_cap_ms
        widget.installEventFilter(self)
        QTimer.singleShot(fallback_ms, self, self._no_paint_yet)

    def _no_paint_yet(self) -> None:
        widget = self.parent()
        self._waited += self._fallback_ms
        if (
            self._callback is not None
            and widget.isVisible()
            and not widget.window().isMinimized()
            and self._waited < self._shown_cap_ms
        ):
            QTimer.singleShot(self._fallback_ms, self, self._no_paint_yet)
            return
        self._fire()

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            # A zero timer runs once this paint (and the rest of the window's) is done.
            QTimer.singleShot(0, self, self._fire)
        return False

    def _fire(self) -> None:
        callback, self._callback = self._callback, None
        if callback is None:
            return
        self.parent().removeEventFilter(self)
        self.deleteLater()
        callback()


def after_paint(
    widget: QWidget,
    callback,
    *,
    fallback_ms: int = AFTER_PAINT_FALLBACK_MS,
    shown_cap_ms: int = AFTER_PAINT_SHOWN_CAP_MS,
) -> None:
    """Run ``callback()`` from the event loop once ``widget`` has next been painted, so
    what it starts (a worker thread, a note, an import) cannot hold up the paint the
    user is waiting for — at start-up, the window being shown at all.

    A widget that is not painted within ``fallback_ms`` and is not on screen (hidden,
    minimised) gets the call then; one that is shown is waited for up to
    ``shown_cap_ms``. Never called if ``widget`` is deleted first.
    """
    _AfterPaint(widget, callback, fallback_ms, shown_cap_ms)


def read_only_table(parent: QWidget, headers: list[str], name: str) -> QTableWidget:
    """A table of rows to read and select (whole rows), not to edit."""
    table = QTableWidget(0, len(headers), parent)
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(True)
    return table
