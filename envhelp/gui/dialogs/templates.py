"""The stored checklist templates (id, version, title, item count), importing a new one and
exporting one to edit as the bureau's own version.

Validation is the core's (:func:`envhelp.domain.stored_templates.import_template`): a
rejected file leaves the database as it was and its message, which names the
JSON line or the field path, is shown under the list.
"""

from __future__ import annotations

from pathlib import Path

from envhelp import i18n
from envhelp.domain import stored_templates
from envhelp.errors import EnvHelpError
from envhelp.gui.dialogs import files
from envhelp.gui.qt import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QPushButton,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from envhelp.gui.widgets import lock_if_read_only
from envhelp.storage import Store

TEMPLATE_DIR_KEY = "data/template_dir"
PAGE_SIZE = 200  # templates are few; a page keeps the list bounded all the same
ERROR_STYLE = "color: #b3261e;"


class TemplatesDialog(QDialog):
    """List of stored checklist templates with an Import… button."""

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.setObjectName("templatesDialog")
        self.setWindowTitle(self.tr("检查表模板"))
        self.resize(960, 460)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "检查表模板是 JSON 文件（格式见 docs/checklists.md）。已存档的版本不会被修改；"
                "要改动模板，请在文件中提高 version 后再导入。"
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        headers = [
            self.tr("模板编号"),
            self.tr("版本"),
            self.tr("标题"),
            self.tr("依据标准"),
            self.tr("检查项"),
            self.tr("导入时间"),
        ]
        self.table = QTableWidget(0, len(headers), self)
        self.table.setObjectName("templatesTable")
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        for column in range(len(headers)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)

        self.more_button = QPushButton(self, objectName="moreButton")
        self.more_button.clicked.connect(self.load_more)
        layout.addWidget(self.more_button, 0, Qt.AlignmentFlag.AlignLeft)

        self.message = QLabel(self)
        self.message.setObjectName("templateMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        layout.addWidget(self.message)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.import_button = QPushButton(self.tr("导入(&I)…"), self)
        self.import_button.setObjectName("importTemplateButton")
        lock_if_read_only(store, self.import_button)
        buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.import_button.clicked.connect(self.choose_and_import)
        self.export_button = QPushButton(self.tr("导出(&E)…"), self)
        self.export_button.setObjectName("exportTemplateButton")
        self.export_button.setToolTip(
            self.tr("把所选模板存为 JSON 文件：修改后提高 version，再导入为本单位的版本")
        )
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.export_button.clicked.connect(self.choose_and_export)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.total = 0
        self.refresh()

    # -- list ---------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the first page of templates."""
        self.table.setRowCount(0)
        self.total = stored_templates.count_templates(self.store)
        self.load_more()

    def load_more(self) -> None:
        rows = stored_templates.list_templates(
            self.store, limit=PAGE_SIZE, offset=self.table.rowCount()
        )
        for row in rows:
            index = self.table.rowCount()
            self.table.insertRow(index)
            values = [
                row["id"],
                row["version"],
                i18n.pick(row["title_zh"], row["title_en"]),
                row["standard"],
                row["items"],
                str(row["imported_at"])[:10],
            ]
            for column, value in enumerate(values):
                item = QTableWidgetItem()
                item.setData(Qt.ItemDataRole.DisplayRole, value)
                if column == 4:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if column == 2:
                    item.setToolTip(f"{row['title_zh']}\n{row['title_en']}")
                self.table.setItem(index, column, item)
        remaining = self.total - self.table.rowCount()
        self.more_button.setText(self.tr("再显示 {n} 个").format(n=min(remaining, PAGE_SIZE)))
        self.more_button.setVisible(remaining > 0)

    def row_of(self, template_id: str, version: str) -> int:
        """Row index of a template in the table, or -1."""
        for row in range(self.table.rowCount()):
            if (self.table.item(row, 0).text(), self.table.item(row, 1).text()) == (
                template_id,
                version,
            ):
                return row
        return -1

    # -- import -------------------------------------------------------------

    def choose_and_import(self) -> dict[str, str] | None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("导入检查表模板"),
            str(files.last_folder(TEMPLATE_DIR_KEY)),
            self.tr("检查表模板 (*.json);;所有文件 (*)"),
        )
        if not path:
            return None
        files.remember_folder(TEMPLATE_DIR_KEY, Path(path).parent)
        return self.import_file(Path(path))

    # -- export -------------------------------------------------------------

    def selected_template(self) -> tuple[str, str] | None:
        row = self.table.currentRow()
        if row < 0:
            return None
        return self.table.item(row, 0).text(), self.table.item(row, 1).text()

    def choose_and_export(self) -> Path | None:
        selected = self.selected_template()
        if selected is None:
            self._show(self.tr("请先在列表中选择要导出的模板。"), error=True)
            return None
        template_id, version = selected
        target = files.ask_save_file(
            self,
            self.tr("导出检查表模板"),
            TEMPLATE_DIR_KEY,
            f"{template_id}-v{version}.json",
            self.tr("检查表模板 (*.json)"),
            ".json",
        )
        if target is None:
            return None
        try:
            stored_templates.export_template(self.store, template_id, target, version)
        except (EnvHelpError, OSError) as exc:  # e.g. a folder that cannot be written
            self._show(str(exc), error=True)
            return None
        self._show(
            self.tr("已导出到 {path}。修改后请提高 version，再用“导入”存为新版本。").format(
                path=target
            ),
            error=False,
        )
        return target

    def import_file(self, path: Path) -> dict[str, str] | None:
        """Validate and store one template file; show the outcome under the list."""
        try:
            outcome = stored_templates.import_template(self.store, path)
        except EnvHelpError as exc:  # ValidationError (file/line/field) or StateError (version)
            self._show(str(exc), error=True)
            return None
        if outcome["status"] == "added":
            text = self.tr("已导入模板 {id} 版本 {version}。")
        else:
            text = self.tr("模板 {id} 版本 {version} 已存在且内容相同，未作改动。")
        self._show(text.format(id=outcome["id"], version=outcome["version"]), error=False)
        self.refresh()
        while (
            row := self.row_of(outcome["id"], outcome["version"])
        ) < 0 and self.more_button.isVisible():
            self.load_more()
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollToItem(self.table.item(row, 0))
        return outcome

    def _show(self, text: str, *, error: bool) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(ERROR_STYLE if error else "")
        self.message.setVisible(True)
