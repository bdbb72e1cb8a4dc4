"""设置 → 管理执法人员…: correct an officer, take one out of service, mark days away."""

from __future__ import annotations

import pytest

from envhelp.domain import officers
from envhelp.gui.dialogs.officers import OfficersDialog
from envhelp.gui.qt import QMessageBox, QPushButton, Qt
from envhelp.gui.widgets import INVALID_STYLE


@pytest.fixture
def two_officers(store):
    wang = officers.add(store, {"name": "王敏", "cert_no": "37020001", "unit": "即墨分局"})
    li = officers.add(store, {"name": "李强", "cert_no": "37020002"})
    return wang, li


@pytest.fixture
def dialog(qtbot, store, two_officers, message_boxes):
    # message_boxes: closing with unsaved edits asks; at teardown the answer is "not now".
    dialog = OfficersDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def choose(dialog, name):
    for row in range(dialog.list.count()):
        if dialog.list.item(row).text().startswith(name):
            dialog.list.setCurrentRow(row)
            return
    raise AssertionError(name)


def test_a_certificate_number_is_corrected_with_the_keyboard(qtbot, dialog, store, two_officers):
    wang, _ = two_officers
    choose(dialog, "王敏")
    edit = dialog.fields["cert_no"]
    assert edit.text() == "37020001"
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "37020011")
    qtbot.keyClick(edit, Qt.Key.Key_Return)  # Enter saves
    assert store.get("officers", wang["id"])["cert_no"] == "37020011"
    assert "37020011" in dialog.list.currentItem().text()
    assert "王敏" in dialog.saved_label.text()
    history = store.query(
        "SELECT after FROM audit_log WHERE table_name = 'officers' AND record_id = ? "
        "AND action = 'update'",
        (wang["id"],),
    )
    assert history and "37020011" in history[-1]["after"]


def test_out_of_service_and_days_away(qtbot, dialog, store, two_officers):
    _, li = two_officers
    choose(dialog, "李强")
    dialog.fields["unavailable_from"].setText("2026-12-01")
    dialog.fields["unavailable_to"].setText("2026-12-20")
    assert dialog.save()
    assert [o["name"] for o in officers.available(store, "2026-12-05", "2026-12-05")] == ["王敏"]
    assert "2026-12-01 至 2026-12-20 不可抽取" in dialog.list.currentItem().text()
    dialog.active_box.setChecked(False)
    assert dialog.save()
    assert [o["name"] for o in officers.list_all(store, active_only=True)] == ["王敏"]
    assert "不在岗" in dialog.list.currentItem().text()


def test_a_refused_value_is_named_and_keeps_the_officer_chosen(qtbot, dialog, store, two_officers):
    wang, _ = two_officers
    choose(dialog, "王敏")
    dialog.fields["unavailable_from"].setText("2026-12-10")  # no end date
    choose(dialog, "李强")  # moving on saves first: refused, so it stays
    assert dialog.officer_id == wang["id"]
    assert dialog.list.currentItem().text().startswith("王敏")
    assert dialog.fields["unavailable_to"].styleSheet() == INVALID_STYLE
    assert "不可抽取（止）" in dialog.error.text()
    assert store.get("officers", wang["id"])["unavailable_from"] is None
    dialog.fields["unavailable_from"].clear()
    dialog.fields["name"].clear()
    assert not dialog.save()
    assert "姓名" in dialog.error.text()
    assert store.get("officers", wang["id"])["name"] == "王敏"  # nothing saved


def test_closing_asks_before_unsaved_edits_are_dropped(qtbot, dialog, store, monkeypatch):
    choose(dialog, "王敏")
    dialog.fields["phone"].setText("0532-88889999")
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: answers.pop(0))
    dialog.reject()
    assert dialog.isVisible()  # Cancel: still open, edits kept
    assert dialog.fields["phone"].text() == "0532-88889999"
    dialog.reject()
    assert not dialog.isVisible()
    assert store.get("officers", dialog.officer_id)["phone"] in (None, "")


def test_the_settings_dialog_opens_it_and_reads_the_officers_again(
    qtbot, main_window, store, two_officers
):
    wang, _ = two_officers
    settings_dialog = main_window.open_settings()
    button = settings_dialog.findChild(QPushButton, "manageOfficers")
    button.click()
    officers_dialog = settings_dialog.findChild(OfficersDialog)
    assert officers_dialog is not None and officers_dialog.isVisible()
    choose(officers_dialog, "王敏")
    officers_dialog.fields["name"].setText("王敏华")
    assert officers_dialog.save()
    officers_dialog.reject()
    combo_texts = [
        settings_dialog.officer_combo.itemText(i)
        for i in range(settings_dialog.officer_combo.count())
    ]
    assert any(t.startswith("王敏华") for t in combo_texts)
    settings_dialog.reject()
