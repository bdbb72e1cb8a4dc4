"""The settings dialog's 检查频次与双随机 tab: the whole numbers and lists of the inspection
rules, built from the registry and saved with the rest on OK."""

from __future__ import annotations

from envhelp.domain import settings
from envhelp.gui.qt import QCheckBox, QDialogButtonBox, QLineEdit, QSpinBox
from envhelp.gui.widgets import INVALID_STYLE


def ok(dialog):
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()


def test_every_inspection_rule_has_a_field_showing_what_is_in_force(qtbot, main_window):
    dialog = main_window.open_settings()
    assert set(dialog.rules_form.fields) == {s.key for s in settings.in_group("inspections")}
    cap = dialog.findChild(QSpinBox, "setting_inspection_yearly_cap")
    assert cap.value() == 2 and (cap.minimum(), cap.maximum()) == (1, 52)
    assert dialog.findChild(QLineEdit, "setting_credit_grades").text() == "A,B,C,D"
    complaint = dialog.findChild(QCheckBox, "setting_cap_exempt_sources_complaint")
    random_task = dialog.findChild(QCheckBox, "setting_cap_exempt_sources_random")
    assert complaint.isChecked() and complaint.text() == "投诉举报/12345"
    assert not random_task.isChecked()
    assert dialog.tabs.tabText(2) == "检查频次与双随机"
    dialog.reject()


def test_rules_are_saved_on_ok(qtbot, type_text, main_window, store):
    dialog = main_window.open_settings()
    dialog.tabs.setCurrentIndex(2)
    dialog.findChild(QSpinBox, "setting_inspection_yearly_cap").setValue(3)
    dialog.findChild(QSpinBox, "setting_random_officer_ratio").setValue(8)
    grades = dialog.findChild(QLineEdit, "setting_credit_grades")
    grades.clear()
    type_text(grades, "绿,蓝,黄,红")
    dialog.findChild(QCheckBox, "setting_cap_exempt_sources_complaint").setChecked(False)
    ok(dialog)
    assert not dialog.isVisible()
    assert settings.get(store, "inspection_yearly_cap") == 3
    assert settings.get(store, "random_officer_ratio") == 8
    assert settings.get(store, "credit_grades") == ["绿", "蓝", "黄", "红"]
    exempt = settings.get(store, "cap_exempt_sources")
    assert "complaint" not in exempt and "case" in exempt


def test_a_bad_list_marks_its_field_and_saves_nothing(qtbot, type_text, main_window, store):
    dialog = main_window.open_settings()
    dialog.tabs.setCurrentIndex(0)
    dialog.findChild(QSpinBox, "setting_inspection_yearly_cap").setValue(4)
    grades = dialog.findChild(QLineEdit, "setting_credit_grades")
    grades.clear()
    type_text(grades, "A,B,甲乙丙丁戊己庚辛壬癸")  # a grade longer than 8 characters
    ok(dialog)
    assert dialog.isVisible() and dialog.tabs.currentIndex() == 2
    assert grades.styleSheet() == INVALID_STYLE
    assert "信用等级" in dialog.rules_form.error.text()
    assert settings.get(store, "inspection_yearly_cap") == 2  # all or nothing


def test_unticking_every_exemption_means_none(qtbot, main_window, store):
    dialog = main_window.open_settings()
    for box in dialog.findChildren(QCheckBox):
        if box.objectName().startswith("setting_cap_exempt_sources_"):
            box.setChecked(False)
    ok(dialog)
    assert settings.get(store, "cap_exempt_sources") == []
    settings.put(store, "cap_exempt_sources", "")  # the command line's "clear"
    assert "complaint" in settings.get(store, "cap_exempt_sources")
