"""The one place that imports Qt: every GUI module takes Qt names from here.

Keeping the binding behind this module means a later switch (or a shim for
tests) touches one file, and the rest of the code base can be grepped for Qt use.

Names are looked up in the binding on first use (PEP 562 ``__getattr__``): PySide6
makes each class's Python type when it is first touched, ≈ 30 ms for this whole
list, and the start-up path only needs part of it (tests/gui/test_startup_speed.py).
``from envhelp.gui.qt import QLabel`` works as before.

``Qt`` itself is a stand-in (:class:`LazyNamespace`) until one of its enums is used:
PySide builds all ≈ 90 enums of the namespace the first time the class is touched
(≈ 11 ms of Python enum creation), and nothing before the window's first paint
needs them.
"""

from __future__ import annotations

from typing import Any

from PySide6 import QtCore, QtGui, QtWidgets

_CORE = (
    "QAbstractTableModel",
    "QCoreApplication",
    "QDate",
    "QDateTime",
    "QEvent",
    "QEventLoop",
    "QLibraryInfo",
    "QLocale",
    "QMimeData",
    "QModelIndex",
    "QObject",
    "QPersistentModelIndex",
    "QPointF",
    "QRect",
    "QRectF",
    "QSettings",
    "QSize",
    "QStandardPaths",
    "QStringListModel",
    "Qt",
    "QThread",
    "QTime",
    "QTimer",
    "QTranslator",
    "QUrl",
    "Signal",
    "Slot",
)
_GUI = (
    "QAction",
    "QBrush",
    "QColor",
    "QDesktopServices",
    "QFont",
    "QFontDatabase",
    "QFontMetrics",
    "QIcon",
    "QImage",
    "QImageReader",
    "QKeySequence",
    "QPainter",
    "QPalette",
    "QPen",
    "QPixmap",
    "QUndoCommand",
    "QUndoStack",
    "QValidator",
)
_WIDGETS = (
    "QAbstractItemView",
    "QApplication",
    "QCheckBox",
    "QComboBox",
    "QCompleter",
    "QDateEdit",
    "QDialog",
    "QDialogButtonBox",
    "QFileDialog",
    "QFormLayout",
    "QFrame",
    "QGridLayout",
    "QGroupBox",
    "QHBoxLayout",
    "QHeaderView",
    "QInputDialog",
    "QLabel",
    "QLineEdit",
    "QListView",
    "QListWidget",
    "QListWidgetItem",
    "QMainWindow",
    "QMenu",
    "QMenuBar",
    "QMessageBox",
    "QPlainTextEdit",
    "QProgressBar",
    "QProgressDialog",
    "QPushButton",
    "QRadioButton",
    "QScrollArea",
    "QSizePolicy",
    "QSpinBox",
    "QSplitter",
    "QStackedWidget",
    "QStatusBar",
    "QStyle",
    "QTableView",
    "QTableWidget",
    "QTableWidgetItem",
    "QTabWidget",
    "QTextBrowser",
    "QTimeEdit",
    "QVBoxLayout",
    "QWidget",
)
# Printing: its module is imported when first used (not on the way to the first paint).
_PRINT_SUPPORT = ("QPrintDialog", "QPrinter")
_MODULES = {
    **dict.fromkeys(_CORE, QtCore),
    **dict.fromkeys(_GUI, QtGui),
    **dict.fromkeys(_WIDGETS, QtWidgets),
}
__all__ = sorted([*_MODULES, *_PRINT_SUPPORT])


class LazyNamespace:
    """``module.name`` looked up on first attribute use; each attribute is then kept on
    the instance, so later look-ups are plain attribute hits."""

    def __init__(self, module: Any, name: str):
        self._module = module
        self._name = name

    def __getattr__(self, attr: str) -> Any:
        value = getattr(getattr(self._module, self._name), attr)
        setattr(self, attr, value)
        return value

    def __repr__(self) -> str:
        return f"<lazy {self._module.__name__}.{self._name}>"


def __getattr__(name: str) -> Any:
    if name in _PRINT_SUPPORT:
        from PySide6 import QtPrintSupport

        _MODULES.update(dict.fromkeys(_PRINT_SUPPORT, QtPrintSupport))
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = LazyNamespace(module, name) if name == "Qt" else getattr(module, name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
