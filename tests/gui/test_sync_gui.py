"""数据 → 同步 against a real PostgreSQL hub: the result and conflicts in the bundle report
dialog, the last sync in the status bar, a cancel that merges nothing, no hub set."""

from __future__ import annotations

import pytest

from envhelp.domain import settings, visits
from envhelp.gui.qt import QAction, QLabel
from tests.conftest import seed_laptop
from tests.gui.conftest import show_main_window

pytestmark = pytest.mark.gui


def sync_from_menu(qtbot, window):
    window.findChild(QAction, "syncAction").trigger()
    task = window.data_menu.task
    qtbot.waitUntil(lambda: task.outcome is not None, timeout=30000)
    return task


def test_sync_from_the_menu_lists_the_conflict_and_shows_the_last_sync(
    qtbot, hub_laptops, message_boxes
):
    a, b = hub_laptops("wang", "王敏", "A"), hub_laptops("li", "李强", "B")
    ids = seed_laptop(a.store)
    a.sync()
    b.sync()
    visits.finalize(a.store, ids["visit"])
    a.sync()
    visits.update(b.store, ids["visit"], {"notes": "草稿上后来补写的备注"})
    settings.put(b.store, settings.HUB_URL, b.url)
    window = show_main_window(qtbot, b.store)
    label = window.findChild(QLabel, "lastSyncLabel")
    assert label.isVisible() and label.text().startswith("上次同步：")

    task = sync_from_menu(qtbot, window)

    assert task.outcome == "succeeded", message_boxes
    dialog = window.data_menu.bundle_dialog
    assert dialog.windowTitle() == "同步结果"
    assert dialog.conflicts is not None and dialog.conflicts.rowCount() == 1
    assert b.store.get("visits", ids["visit"])["status"] == "final"
    assert label.text().startswith("上次同步：")
    dialog.grab().save("/tmp/hub-sync-dialog.png")
    window.grab().save("/tmp/hub-sync-window.png")


def test_a_cancelled_sync_merges_nothing_and_the_next_sync_completes(
    qtbot, hub_laptops, message_boxes
):
    a, b = hub_laptops("wang", "王敏", "A"), hub_laptops("li", "李强", "B")
    seed_laptop(a.store)
    a.sync()
    settings.put(b.store, settings.HUB_URL, b.url)
    window = show_main_window(qtbot, b.store)

    window.findChild(QAction, "syncAction").trigger()
    task = window.data_menu.task
    task.cancel()  # pressed before the job's first look: it connects to the hub first
    qtbot.waitUntil(lambda: task.outcome is not None, timeout=30000)

    assert task.outcome == "cancelled"
    assert b.store.scalar("SELECT COUNT(*) FROM enterprises") == 0
    assert "已取消同步" in window.statusBar().currentMessage()
    assert sync_from_menu(qtbot, window).outcome == "succeeded"
    assert b.store.scalar("SELECT COUNT(*) FROM enterprises") == 1


def test_sync_without_a_hub_says_where_to_set_it(qtbot, store, message_boxes):
    window = show_main_window(qtbot, store)
    assert not window.findChild(QLabel, "lastSyncLabel").isVisible()
    window.findChild(QAction, "syncAction").trigger()
    assert window.data_menu.task is None
    ((kind, title, text),) = message_boxes
    assert title == "同步" and "数据中心地址" in text
