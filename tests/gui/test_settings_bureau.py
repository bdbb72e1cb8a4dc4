"""The settings dialog's 本单位与文书 tab: built from the registry, saved with the rest on OK."""

from __future__ import annotations

from envhelp.domain import settings
from envhelp.gui.qt import QCheckBox, QComboBox, QDialogButtonBox, QLineEdit
from envhelp.gui.widgets import INVALID_STYLE


def ok(dialog):
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()


def field(dialog, key, kind=QLineEdit):
    return dialog.findChild(kind, f"setting_{key}")


def test_every_bureau_and_document_setting_has_a_field(qtbot, main_window):
    dialog = main_window.open_settings()
    shown = set(dialog.bureau_form.fields)
    expected = {s.key for g in ("bureau", "documents") for s in settings.in_group(g)}
    assert shown == expected
    assert field(dialog, "order_prefix").text() == "环责改"  # the default is shown
    assert "青岛市即墨生态环境分局" in field(dialog, "bureau_name").placeholderText()
    dialog.reject()


def test_bureau_is_saved_on_ok(qtbot, type_text, main_window, store):
    dialog = main_window.open_settings()
    dialog.tabs.setCurrentIndex(1)
    type_text(field(dialog, "bureau_name"), "青岛市即墨生态环境分局")
    type_text(field(dialog, "court"), "青岛市即墨区人民法院")
    field(dialog, "two_officers_for_publicity", QCheckBox).setChecked(False)
    combo = field(dialog, "pdf_checklist_mode", QComboBox)
    combo.setCurrentIndex(combo.findData("non_compliant"))
    ok(dialog)
    assert not dialog.isVisible()
    assert settings.get(store, "bureau_name") == "青岛市即墨生态环境分局"
    assert settings.get(store, "court") == "青岛市即墨区人民法院"
    assert settings.get(store, "two_officers_for_publicity") is False
    assert settings.get(store, "pdf_checklist_mode") == "non_compliant"
    assert not settings.is_set(store, "order_prefix")  # an untouched default is not stored


def test_a_bad_value_marks_its_field_and_saves_nothing(qtbot, type_text, main_window, store):
    dialog = main_window.open_settings()
    type_text(field(dialog, "bureau_name"), "青岛市即墨生态环境分局")
    type_text(field(dialog, "contact_phone"), "office")
    ok(dialog)
    assert dialog.isVisible() and dialog.tabs.currentIndex() == 1
    assert field(dialog, "contact_phone").styleSheet() == INVALID_STYLE
    assert "联系电话" in dialog.bureau_form.error.text()
    assert not settings.is_set(store, "bureau_name")  # all or nothing
