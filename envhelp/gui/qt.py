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

import sys
from typing import Any

from PySide6 import QtCore, QtGui, QtWidgets


def _spare_the_feature_scan() -> None:
    """Tell PySide that the Qt-free modules already imported use no ``__feature__``.

    After ``import PySide6`` every import statement hands its module to PySide's
    ``feature_imported``, which reads the module's whole source (``inspect.getsource``)
    the first time it meets the name, to see whether it mentions PySide6 and so may
    switch ``from __feature__ import snake_case``. That would read again the standard
    library and the core that the start imported before Qt (≈ 55 files, ≈ 6 ms of the
    window's start). Neither names PySide6 (the core is Qt-free, tests/test_architecture.py),
    so they are entered as the scan would answer: -1, "not a PySide module". Anything
    else is left to the scan. Without that dictionary (another PySide version) nothing
    changes.
    """
    feature = sys.modules.get("PySide6.support.feature")
    known = getattr(feature, "pyside_feature_dict", None)
    if not isinstance(known, dict):
        return
    for name in list(sys.modules):
        top = name.partition(".")[0]
        core = top == "envhelp" and not name.startswith("envhelp.gui")
        if core or top in sys.stdlib_module_names:
            known.setdefault(name, -1)


_spare_the_feature_scan()

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
