"""Qt is imported in one place only: envhelp/gui/qt.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import envhelp.gui

pytestmark = pytest.mark.gui

QT_IMPORT = re.compile(r"^\s*(from|import)\s+(PySide6|PyQt\d|shiboken6)\b", re.MULTILINE)


def test_only_qt_module_imports_the_binding():
    root = Path(envhelp.gui.__file__).parent
    offenders = [
        str(path.relative_to(root))
        for path in sorted(root.rglob("*.py"))
        if path.name != "qt.py" and QT_IMPORT.search(path.read_text("utf-8"))
    ]
    assert offenders == []
    assert QT_IMPORT.search((root / "qt.py").read_text("utf-8"))
