"""数据 → 签名密钥…: the keys met with bundles, trusted and revoked from the GUI."""

from __future__ import annotations

import pytest

from envhelp.errors import EnvHelpError
from envhelp.gui.qt import QAction, Qt
from envhelp.io import bundle_export, bundle_import, signing
from envhelp.storage import Store

pytestmark = pytest.mark.gui


def test_a_colleagues_key_is_trusted_then_revoked(qtbot, main_window, store, tmp_path):
    colleague = Store(tmp_path / "colleague" / "envhelp.sqlite3", actor="李强")
    try:
        bundle_export.export_bundle(colleague, tmp_path / "li.zip")
        theirs = signing.own_fingerprint(colleague)
    finally:
        colleague.close()
    with pytest.raises(EnvHelpError):  # the first bundle of a new key waits for a decision
        bundle_import.import_bundle(store, tmp_path / "li.zip")

    main_window.findChild(QAction, "signingKeysAction").trigger()
    dialog = main_window.data_menu.keys_dialog
    assert dialog.isVisible()
    table = dialog.table
    rows = {
        table.item(r, 3).text().replace(" ", ""): [
            table.item(r, c).text() for c in range(table.columnCount())
        ]
        for r in range(table.rowCount())
    }
    assert set(rows) == {signing.own_fingerprint(store), theirs}
    assert rows[signing.own_fingerprint(store)][0] == "本机"
    assert rows[theirs][:2] == ["未信任", "李强"]
    assert "年" in rows[theirs][4]  # first met, as a date a person reads

    table.selectRow(0)  # the own key: always trusted, nothing to decide
    assert not dialog.trust_button.isEnabled() and not dialog.revoke_button.isEnabled()
    theirs_row = next(
        r for r in range(table.rowCount()) if table.item(r, 3).text().replace(" ", "") == theirs
    )
    table.selectRow(theirs_row)
    qtbot.mouseClick(dialog.trust_button, Qt.MouseButton.LeftButton)
    assert signing.key_status(store, theirs) == "trusted"
    assert table.item(theirs_row, 0).text() == "已信任"
    assert not dialog.trust_button.isEnabled() and dialog.revoke_button.isEnabled()
    bundle_import.import_bundle(store, tmp_path / "li.zip")  # trusted: accepted

    qtbot.mouseClick(dialog.revoke_button, Qt.MouseButton.LeftButton)
    assert signing.key_status(store, theirs) == "revoked"
    assert table.item(theirs_row, 0).text() == "已撤销"
    with pytest.raises(EnvHelpError):
        bundle_import.import_bundle(store, tmp_path / "li.zip", trust=True)
    dialog.grab().save(str(tmp_path / "keys.png"))
