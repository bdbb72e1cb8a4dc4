"""Small shared widgets: the inline error and the field it points at."""

from __future__ import annotations

import pytest

from envhelp.gui.qt import QLineEdit, QVBoxLayout, QWidget
from envhelp.gui.widgets import INVALID_STYLE, ErrorLabel, mark_invalid, show_error_at

pytestmark = pytest.mark.gui


def test_show_error_at_says_outlines_focuses_and_selects(qtbot):
    form = QWidget()
    qtbot.addWidget(form)
    layout = QVBoxLayout(form)
    name, phone = QLineEdit("青岛某某公司"), QLineEdit("12")
    error = ErrorLabel(form)
    for widget in (name, phone, error):
        layout.addWidget(widget)
    form.show()
    qtbot.waitExposed(form)

    show_error_at(error, "联系电话格式不正确", phone)
    assert error.isVisible() and error.text() == "联系电话格式不正确"
    assert phone.styleSheet() == INVALID_STYLE and name.styleSheet() == ""
    qtbot.waitUntil(phone.hasFocus)
    assert phone.selectedText() == "12"  # ready to be typed over

    mark_invalid(phone, False)
    error.clear_message()
    show_error_at(error, "数据库被占用", None)  # an error that names no field
    assert error.text() == "数据库被占用" and phone.styleSheet() == ""
