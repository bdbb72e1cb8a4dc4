"""The settings dialog's record-number series: saved on OK, validated, locked when read-only."""

from __future__ import annotations

from envhelp.domain import record_numbers
from envhelp.gui.dialogs.settings import SettingsDialog
from envhelp.gui.qt import QDialogButtonBox, QLabel, QLineEdit
from envhelp.gui.widgets import INVALID_STYLE
from envhelp.storage import Store


def ok(dialog):
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()


def test_series_is_explained_and_saved_on_ok(qtbot, main_window, store):
    dialog = main_window.open_settings()
    edit = dialog.findChild(QLineEdit, "recordSeriesEdit")
    assert edit is dialog.series_edit and edit.text() == "" and edit.isEnabled()
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert "多台电脑合并数据时，每台电脑设置不同的编号系列，避免记录编号重复" in texts

    qtbot.keyClicks(edit, "a1")
    ok(dialog)
    assert not dialog.isVisible()
    assert record_numbers.record_series(store) == "A1"
    again = main_window.open_settings()
    assert again.series_edit.text() == "A1"  # shows the stored series next time
    again.reject()


def test_bad_series_keeps_the_dialog_open_and_saves_nothing(qtbot, main_window, store):
    dialog = main_window.open_settings()
    qtbot.keyClicks(dialog.series_edit, "A-")
    ok(dialog)
    assert dialog.isVisible()
    assert dialog.error.isVisible() and "编号系列" in dialog.error.text()
    assert dialog.series_edit.styleSheet() == INVALID_STYLE
    assert record_numbers.record_series(store) == ""

    dialog.series_edit.clear()
    qtbot.keyClicks(dialog.series_edit, "B")
    ok(dialog)
    assert not dialog.isVisible() and record_numbers.record_series(store) == "B"


def test_series_is_locked_over_a_read_only_database(qtbot, store, db_path):
    record_numbers.set_record_series(store, "C")
    read_only = Store(db_path, read_only=True)
    try:
        dialog = SettingsDialog(read_only, "zh")
        qtbot.addWidget(dialog)
        assert dialog.series_edit.text() == "C"
        assert not dialog.series_edit.isEnabled()
        assert dialog.series_edit.toolTip()  # says why
        dialog.show()
        dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("en"))
        ok(dialog)  # accepting writes nothing, so a read-only database does not stop it
        assert dialog.result() == SettingsDialog.DialogCode.Accepted
        assert dialog.chosen_language() == "en"
    finally:
        read_only.close()
