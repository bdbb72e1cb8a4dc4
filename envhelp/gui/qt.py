"""The one place that imports Qt: every GUI module takes Qt names from here.

Keeping the binding behind this module means a later switch (or a shim for
tests) touches one file, and the rest of the code base can be grepped for Qt use.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QEvent,
    QLibraryInfo,
    QLocale,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSettings,
    QSize,
    QStringListModel,
    Qt,
    QThread,
    QTime,
    QTimer,
    QTranslator,
    QUrl,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QAction,
    QBrush,
    QColor,
    QDesktopServices,
    QFont,
    QFontDatabase,
    QIcon,
    QImage,
    QImageReader,
    QKeySequence,
    QPalette,
    QPixmap,
    QUndoCommand,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenuBar,
    QMessageBox,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QStatusBar,
    QStyle,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

__all__ = [
    "QAbstractItemView", "QAbstractTableModel", "QAction", "QApplication", "QBrush",
    "QCheckBox", "QColor", "QComboBox", "QCompleter", "QCoreApplication", "QDate", "QDateEdit",
    "QDialog", "QDialogButtonBox", "QEvent", "QFileDialog", "QFont", "QFontDatabase",
    "QFormLayout", "QFrame", "QGridLayout", "QGroupBox", "QHBoxLayout", "QHeaderView", "QIcon", "QImage",
    "QImageReader", "QKeySequence", "QLabel", "QLibraryInfo", "QLineEdit", "QListView",
    "QListWidget", "QListWidgetItem", "QLocale", "QMainWindow", "QMenuBar", "QMessageBox",
    "QMimeData", "QModelIndex", "QObject", "QPalette", "QPersistentModelIndex", "QPixmap",
    "QPlainTextEdit", "QPushButton", "QRadioButton", "QScrollArea", "QSettings", "QSize",
    "QSizePolicy", "QSplitter", "QStackedWidget", "QStatusBar", "QStringListModel", "QStyle",
    "Qt", "QTableView", "QTableWidget", "QTableWidgetItem", "QTabWidget", "QTime", "QTimeEdit",
    "QTimer", "QTranslator", "QUndoCommand", "QUndoStack", "QUrl", "QVBoxLayout", "QWidget",
    "Signal", "Slot",
]  # fmt: skip
__all__ += ["QDesktopServices", "QProgressDialog", "QSpinBox", "QThread"]

# Reports page: the bar chart is painted by hand (QtCharts is not in PySide6-Essentials).
from PySide6.QtCore import QPointF, QRectF  # noqa: E402
from PySide6.QtGui import QFontMetrics, QPainter, QPen  # noqa: E402
from PySide6.QtWidgets import QProgressBar  # noqa: E402

__all__ += ["QFontMetrics", "QPainter", "QPen", "QPointF", "QProgressBar", "QRectF"]
