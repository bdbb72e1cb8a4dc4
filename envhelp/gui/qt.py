"""The one place that imports Qt: every GUI module takes Qt names from here.

Keeping the binding behind this module means a later switch (or a shim for
tests) touches one file, and the rest of the code base can be grepped for Qt use.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QLibraryInfo,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSettings,
    QSize,
    Qt,
    QTimer,
    QTranslator,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QAction,
    QBrush,
    QColor,
    QFont,
    QFontDatabase,
    QKeySequence,
    QPalette,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenuBar,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QStatusBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

__all__ = [
    "QAbstractItemView", "QAbstractTableModel", "QAction", "QApplication", "QBrush",
    "QCheckBox", "QColor", "QComboBox", "QCompleter", "QCoreApplication", "QDialog",
    "QDialogButtonBox", "QEvent", "QFont", "QFontDatabase", "QFormLayout", "QFrame",
    "QGridLayout", "QGroupBox", "QHBoxLayout", "QHeaderView", "QKeySequence", "QLabel",
    "QLibraryInfo", "QLineEdit", "QListWidget", "QListWidgetItem", "QLocale", "QMainWindow",
    "QMenuBar", "QMessageBox", "QModelIndex", "QObject", "QPalette", "QPersistentModelIndex",
    "QPlainTextEdit", "QPushButton", "QRadioButton", "QSettings", "QSize", "QSizePolicy",
    "QSplitter", "QStackedWidget", "QStatusBar", "Qt", "QTableView", "QTimer", "QTranslator",
    "QVBoxLayout", "QWidget", "Signal", "Slot",
]  # fmt: skip
