"""数据 → 签名密钥…: the signing keys this laptop has met, to trust or revoke one.

The GUI face of ``envhelp keys list|trust|revoke`` (docs/bundle-format.md, "Signature
and trust"): the rules are the core's (:mod:`envhelp.io.signing`); this dialog lists
the keys, and its two buttons call :func:`envhelp.io.signing.decide` on the selected one.
"""

from __future__ import annotations

from datetime import date

from envhelp.errors import EnvHelpError
from envhelp.gui.qt import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    Qt,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from envhelp.gui.widgets import lock_if_read_only, read_only_table
from envhelp.io import signing
from envhelp.reports.xlsx_common import long_date
from envhelp.storage import Store

ERROR_STYLE = "color: #b3261e;"


class SigningKeysDialog(QDialog):
    """This laptop's own key and every key met with a bundle, with Trust and Revoke."""

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.setObjectName("signingKeysDialog")
        self.setWindowTitle(self.tr("签名密钥"))
        self.resize(900, 400)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "交换包由导出它的电脑签名。收到同事的第一个交换包时，请与对方当面或电话核对"
                "指纹后再信任该密钥；撤销后，该密钥签名的交换包都会被拒绝。"
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        headers = [
            self.tr("状态"),
            self.tr("签名人"),
            self.tr("电脑"),
            self.tr("指纹"),
            self.tr("首次收到"),
        ]
        self.table = read_only_table(self, headers, "keysTable")
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        for column in range(len(headers)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)

        self.message = QLabel(self)
        self.message.setObjectName("keysMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.hide()
        layout.addWidget(self.message)

        row = QHBoxLayout()
        self.trust_button = QPushButton(self.tr("信任(&T)"), self, objectName="trustKeyButton")
        self.revoke_button = QPushButton(self.tr("撤销(&R)"), self, objectName="revokeKeyButton")
        self.trust_button.clicked.connect(lambda: self.decide("trusted"))
        self.revoke_button.clicked.connect(lambda: self.decide("revoked"))
        row.addWidget(self.trust_button)
        row.addWidget(self.revoke_button)
        row.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        row.addWidget(buttons)
        layout.addLayout(row)

        self.keys: list[dict] = []
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.reload()

    def _status_text(self, status: str) -> str:
        return {
            "own": self.tr("本机"),
            "trusted": self.tr("已信任"),
            "revoked": self.tr("已撤销"),
            "unknown": self.tr("未信任"),
        }[status]

    def reload(self) -> None:
        selected = self.selected()
        self.keys = signing.list_keys(self.store)
        self.table.setRowCount(len(self.keys))
        for number, key in enumerate(self.keys):
            seen = key["first_seen_at"]
            cells = [
                self._status_text(key["status"]),
                key["officer"],
                key["laptop"],
                signing.grouped(key["fingerprint"]),
                long_date(date.fromisoformat(seen[:10])) if seen else "—",
            ]
            for column, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, key["fingerprint"])
                self.table.setItem(number, column, item)
            if selected and key["fingerprint"] == selected["fingerprint"]:
                self.table.selectRow(number)
        self._update_buttons()

    def selected(self) -> dict | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.keys[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        key = self.selected()
        other = key is not None and key["status"] != "own"  # the own key is always trusted
        self.trust_button.setEnabled(other and key["status"] != "trusted")
        self.revoke_button.setEnabled(other and key["status"] != "revoked")
        lock_if_read_only(self.store, self.trust_button, self.revoke_button)

    def decide(self, status: str) -> None:
        key = self.selected()
        if key is None or key["status"] == "own":
            return
        try:
            signing.decide(self.store, key["fingerprint"], status)
        except EnvHelpError as exc:
            self.message.setText(str(exc))  # in the current language
            self.message.show()
            return
        self.message.hide()
        self.reload()
