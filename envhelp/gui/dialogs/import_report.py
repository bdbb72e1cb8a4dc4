"""Report dialogs of the 数据 menu: the enterprise import, the exchange-bundle import and the
integrity check. They only show results the core already computed; nothing here writes data.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from envhelp import i18n
from envhelp.domain import enterprises, vocab
from envhelp.gui import language
from envhelp.gui.qt import (
    QApplication,
    QCoreApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFont,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from envhelp.gui.widgets import read_only_table

if TYPE_CHECKING:  # annotations only: the core modules load when a job runs
    from envhelp.io.bundle_summary import ImportSummary
    from envhelp.io.enterprise_import_result import ImportResult
    from envhelp.storage.integrity_report import IntegrityReport

SAVE_DIR_KEY = "data/report_dir"
MAX_FITTED_ROWS = 1000  # above this, rows keep one line (fitting each costs too much)
FIELD_LABELS = {f.key: (f.zh, f.en) for f in enterprises.FIELDS}


def field_label(key: str) -> str:
    """The enterprise field's name in the UI language (the key itself when unknown)."""
    return i18n.pick(*FIELD_LABELS[key]) if key in FIELD_LABELS else key


def _count_box(parent: QWidget, caption: str, value: int, name: str) -> QWidget:
    """A large number over its caption (e.g. 新增 / 2)."""
    box = QWidget(parent)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(12, 4, 12, 4)
    number = QLabel(str(value), box)
    number.setObjectName(name)
    font = number.font()
    font.setPointSizeF(font.pointSizeF() * 1.8)
    font.setBold(True)
    number.setFont(font)
    number.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label = QLabel(caption, box)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    layout.addWidget(number)
    layout.addWidget(label)
    return box


def _item(value) -> QTableWidgetItem:
    item = QTableWidgetItem()
    if isinstance(value, int):
        item.setData(Qt.ItemDataRole.DisplayRole, value)  # sorts as a number
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    else:
        item.setText(str(value))
    return item


class ImportReportDialog(QDialog):
    """What an enterprise import did: four counts and the rejected rows (copy / save)."""

    def __init__(self, result: ImportResult, source: str | Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("importReportDialog")
        self.result = result
        self.source = Path(source)
        self.setWindowTitle(self.tr("企业导入结果"))
        self.resize(820, 520 if result.rejected else 300)
        layout = QVBoxLayout(self)

        where = self.tr("文件：{name}").format(name=self.source.name)
        if result.sheet:
            where += self.tr("　工作表：{sheet}（表头在第 {row} 行）").format(
                sheet=result.sheet, row=result.header_row
            )
        source_label = QLabel(where, self)
        source_label.setToolTip(str(self.source))
        layout.addWidget(source_label)

        counts = QHBoxLayout()
        for caption, value, name in (
            (self.tr("新增"), result.added, "addedCount"),
            (self.tr("更新"), result.updated, "updatedCount"),
            (self.tr("无变化"), result.unchanged, "unchangedCount"),
            (self.tr("拒绝（行）"), len(result.rejected), "rejectedCount"),
        ):
            counts.addWidget(_count_box(self, caption, value, name))
        counts.addStretch(1)
        layout.addLayout(counts)

        if result.ignored_columns:
            ignored = QLabel(
                self.tr("未识别的列（已忽略）：{columns}").format(
                    columns="、".join(result.ignored_columns)
                ),
                self,
            )
            ignored.setObjectName("ignoredColumns")
            ignored.setWordWrap(True)
            layout.addWidget(ignored)

        self.headers = [self.tr("Excel 行号"), self.tr("字段"), self.tr("问题")]
        self.table = read_only_table(self, self.headers, "rejectedTable")
        self.table.setRowCount(len(result.rejected))
        for index, rejected in enumerate(result.rejected):
            for column, value in enumerate(self._row_values(rejected)):
                self.table.setItem(index, column, _item(value))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        if len(result.rejected) <= MAX_FITTED_ROWS:
            # Follows the message column's width as the dialog is resized (cheap for few rows).
            self.table.verticalHeader().setSectionResizeMode(
                QHeaderView.ResizeMode.ResizeToContents
            )

        if result.rejected:
            note = QLabel(
                self.tr(
                    "以下各行未导入，其余行已保存。请在 Excel 中改正这些行后重新导入"
                    "（已导入的企业不会重复）。"
                ),
                self,
            )
            note.setWordWrap(True)
            layout.addWidget(note)
            layout.addWidget(self.table, 1)
        else:
            self.table.hide()
            done = QLabel(self.tr("所有行均已处理，没有被拒绝的行。"), self)
            done.setObjectName("allImported")
            layout.addWidget(done)
            layout.addStretch(1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = QPushButton(self.tr("复制(&C)"), self)
        self.copy_button.setObjectName("copyButton")
        self.copy_button.setToolTip(self.tr("复制选中的行（未选中时复制全部），可粘贴到 Excel"))
        self.save_button = QPushButton(self.tr("另存为(&S)…"), self)
        self.save_button.setObjectName("saveButton")
        for button in (self.copy_button, self.save_button):
            button.setEnabled(bool(result.rejected))
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_rows)
        self.save_button.clicked.connect(self.save_rows)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @staticmethod
    def _row_values(rejected) -> list:
        return [rejected.row, field_label(rejected.field), rejected.message]

    def _rows(self, selected_only: bool) -> list[list]:
        chosen = sorted({i.row() for i in self.table.selectedIndexes()}) if selected_only else []
        indexes = chosen or range(len(self.result.rejected))
        return [self._row_values(self.result.rejected[i]) for i in indexes]

    def copy_rows(self) -> str:
        """Tab-separated text (header line first) on the clipboard; pastes as cells in Excel."""
        lines = ["\t".join(self.headers)]
        for row in self._rows(selected_only=True):
            lines.append("\t".join(str(v).replace("\t", " ").replace("\n", " ") for v in row))
        text = "\n".join(lines)
        QApplication.clipboard().setText(text)
        return text

    def save_rows(self) -> Path | None:
        folder = Path(str(language.ui_settings().value(SAVE_DIR_KEY, str(self.source.parent))))
        suggested = folder / self.tr("{stem}-未导入的行.xlsx").format(stem=self.source.stem)
        xlsx_filter = self.tr("Excel 工作簿 (*.xlsx)")
        path, chosen = QFileDialog.getSaveFileName(
            self,
            self.tr("保存被拒绝的行"),
            str(suggested),
            xlsx_filter + ";;" + self.tr("CSV 文件 (*.csv)"),
        )
        if not path:
            return None
        target = Path(path)
        if target.suffix.lower() not in (".xlsx", ".csv"):
            target = target.with_name(target.name + (".xlsx" if chosen == xlsx_filter else ".csv"))
        return self.save_to(target)

    def save_to(self, target: Path) -> Path | None:
        try:
            from envhelp.reports.table_export import write_table  # openpyxl: only when saving

            write_table(target, self.headers, self._rows(selected_only=False))
        except OSError as exc:
            QMessageBox.warning(
                self,
                self.tr("保存失败"),
                self.tr("无法保存到 {path}：{error}").format(
                    path=target, error=exc.strerror or exc
                ),
            )
            return None
        language.ui_settings().setValue(SAVE_DIR_KEY, str(target.parent))
        return target


def table_label(table: str) -> str:
    from envhelp.storage.record_replay import TABLE_LABELS  # loaded with the report it labels

    return vocab.label(TABLE_LABELS, table)


class BundleReportDialog(QDialog):
    """Per-table result of an exchange-bundle import: added / unchanged / updated / kept."""

    def __init__(
        self,
        summary: ImportSummary,
        source: str | Path,
        parent: QWidget | None = None,
        *,
        title: str | None = None,
        intro_text: str | None = None,
    ):
        """``title``/``intro_text`` replace the bundle's own (a sync merges many)."""
        super().__init__(parent)
        self.setObjectName("bundleReportDialog")
        self.summary = summary
        self.setWindowTitle(title or self.tr("交换包导入结果"))
        self.resize(640, 520)
        layout = QVBoxLayout(self)
        created = str(summary.bundle.get("created_at") or "")[:19].replace("T", " ")
        intro = QLabel(
            self.tr(
                "已合并 {name}（生成于 {created} UTC，EnvHelp {version}）。"
                "导入只删除对方已删除的记录（未见过的修改列在冲突中）。"
            ).format(
                name=Path(source).name,
                created=created or "?",
                version=summary.bundle.get("app_version") or "?",
            ),
            self,
        )
        signer = summary.bundle.get("signer") or {}
        if intro_text is not None:
            intro.setText(intro_text)
        elif signer:
            intro.setText(
                intro.text()
                + self.tr(" 签名：{officer}（电脑 {laptop}）。").format(
                    officer=signer.get("officer") or "?", laptop=signer.get("laptop") or "?"
                )
            )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        headers = [
            self.tr("数据"),
            self.tr("新增"),
            self.tr("无变化"),
            self.tr("更新"),
            self.tr("保留本机"),
        ]
        self.table = read_only_table(self, headers, "bundleTable")
        self.table.setToolTip(
            self.tr(
                "更新：数据包中的记录较新，已替换本机记录。\n"
                "保留本机：两边不同但本机的较新（或不可替换），保留本机记录。"
            )
        )
        self.table.setRowCount(len(summary.tables))
        for index, (table, counts) in enumerate(summary.tables.items()):
            values = [
                table_label(table),
                counts.added,
                counts.unchanged,
                counts.updated,
                counts.kept_local,
            ]
            for column, value in enumerate(values):
                item = _item(value)
                if column == 0:
                    item.setToolTip(table)
                self.table.setItem(index, column, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(64)
        for column in range(1, len(headers)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)

        files = QLabel(
            self.tr("附件文件：新写入 {written} 个，本机已有 {present} 个。").format(
                written=summary.files_written, present=summary.files_present
            ),
            self,
        )
        files.setObjectName("bundleFiles")
        layout.addWidget(files)
        self.conflicts = self._conflict_table(summary)
        if self.conflicts is not None:
            layout.addWidget(self.conflicts, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _conflict_table(self, summary: ImportSummary) -> QTableWidget | None:
        """Records both computers changed: what was kept and what was not (kept in history)."""
        report = summary.merge
        if not report.conflict_count and not report.clock_warning_count:
            return None
        from envhelp.io.bundle_summary import RULE_WORDS
        from envhelp.io.merge import field_words

        title = QLabel(self)
        title.setObjectName("bundleConflictsTitle")
        title.setWordWrap(True)
        text = self.tr(
            "{count} 处冲突：两台电脑都改过同一记录。未采用的值已保存在记录历史中，请核对。"
        ).format(count=report.conflict_count)
        if report.clock_warning_count:
            text += self.tr(
                " 另有 {count} 条修改的时间晚于本机时钟一天以上，对方电脑的时钟可能不准。"
            ).format(count=report.clock_warning_count)
        title.setText(text)
        self.layout().addWidget(title)
        headers = [
            self.tr("记录"),
            self.tr("字段"),
            self.tr("保留的值"),
            self.tr("未采用的值"),
            self.tr("原因"),
        ]
        table = read_only_table(self, headers, "bundleConflicts")
        table.setRowCount(len(report.conflicts))
        empty = self.tr("（空）")
        for row, c in enumerate(report.conflicts):
            cells = (
                c.label or table_label(c.table),
                i18n.pick(*field_words(c.table, c.field, c.rule)),
                c.kept_text or empty,
                c.other_text or empty,
                i18n.pick(*RULE_WORDS[c.rule]),
            )
            for column, value in enumerate(cells):
                item = _item(value)
                item.setToolTip(value)
                table.setItem(row, column, item)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for column in (0, 4):  # the record and the reason are read whole
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        table.resizeRowsToContents()
        return table

    def row_for(self, table: str) -> list[str]:
        """The cells shown for ``table`` (tests, and a quick look from code)."""
        wanted = table_label(table)
        for row in range(self.table.rowCount()):
            if self.table.item(row, 0).text() == wanted:
                return [self.table.item(row, c).text() for c in range(self.table.columnCount())]
        raise KeyError(table)


def way_forward(area: str, kind: str) -> str:
    """What the officer can do about a finding (the database findings already say it)."""
    translate = QCoreApplication.translate
    if area == "attachments" and kind == "missing":
        return translate(
            "IntegrityReportDialog",
            "把原文件放回所示位置（可从备份的 attachments 文件夹或原始照片中找回，文件名须与路径中"
            "的相同），然后再检查一次。",
        )
    if area == "attachments":
        return translate(
            "IntegrityReportDialog",
            "该文件已损坏或被替换：从备份中取回原文件覆盖它，然后再检查一次。",
        )
    if area == "audit_log":
        return translate(
            "IntegrityReportDialog",
            "审计日志在本软件之外被改动过：请保留这份数据库的副本作为凭证，并用 envhelp restore "
            "从改动之前的备份恢复。",
        )
    if area == "records":
        return translate(
            "IntegrityReportDialog",
            "这条记录在本软件之外被插入、改动或删除过：请保留这份数据库的副本作为凭证，并用 "
            "envhelp restore 从改动之前的备份恢复。",
        )
    if kind == "foreign_key":
        return translate(
            "IntegrityReportDialog",
            "记录之间的关联已断开：请用 envhelp restore 从最近的备份恢复（备份在数据库旁的 "
            "backups 文件夹中）。",
        )
    return ""  # "integrity": the core's message already names the restore


class IntegrityReportDialog(QDialog):
    """The integrity check's result: each area's state, then every finding and what to do."""

    def __init__(self, report: IntegrityReport, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("integrityReportDialog")
        self.report = report
        self.setWindowTitle(self.tr("数据完整性检查"))
        self.resize(720, 520 if report.findings else 280)
        layout = QVBoxLayout(self)

        verdict = QLabel(self)
        verdict.setObjectName("integrityVerdict")
        font = QFont(verdict.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        verdict.setFont(font)
        if report.ok:
            verdict.setText(self.tr("✔ 全部正常：数据库、审计日志和附件文件都没有发现问题。"))
            verdict.setStyleSheet("color: #1b7f3b;")
        else:
            verdict.setText(
                self.tr("✘ 发现 {n} 个问题，请按下方说明处理。").format(n=len(report.findings))
            )
            verdict.setStyleSheet("color: #b3261e;")
        verdict.setWordWrap(True)
        layout.addWidget(verdict)

        grid = QGridLayout()
        ok_text, bad_text = self.tr("正常"), self.tr("有问题")
        areas = (
            ("database", self.tr("数据库结构与关联"), ""),
            ("audit_log", self.tr("审计日志"), self.tr("%n 条", "", report.audit_entries)),
            ("records", self.tr("记录与审计日志一致"), ""),
            (
                "attachments",
                self.tr("附件文件"),
                self.tr("%n 条记录", "", report.attachments_checked)
                + self.tr("，%n 个文件", "", report.files_checked),
            ),
        )
        for row, (area, caption, detail) in enumerate(areas):
            state = QLabel(ok_text if report.area_ok(area) else bad_text, self)
            state.setObjectName(f"{area}State")
            state.setStyleSheet(
                "color: #1b7f3b;" if report.area_ok(area) else "color: #b3261e; font-weight: bold;"
            )
            grid.addWidget(QLabel(caption, self), row, 0)
            grid.addWidget(state, row, 1)
            grid.addWidget(QLabel(detail, self), row, 2)
        grid.setColumnStretch(2, 1)
        layout.addLayout(grid)

        self.findings_text = QPlainTextEdit(self)
        self.findings_text.setObjectName("findingsText")
        self.findings_text.setReadOnly(True)
        self.findings_text.setPlainText(self.findings_as_text())
        if report.findings:
            layout.addWidget(self.findings_text, 1)
        else:
            self.findings_text.hide()
            layout.addStretch(1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        if report.findings:
            copy = QPushButton(self.tr("复制(&C)"), self)
            copy.clicked.connect(
                lambda: QApplication.clipboard().setText(self.findings_text.toPlainText())
            )
            buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def findings_as_text(self) -> str:
        blocks = []
        for number, finding in enumerate(self.report.findings, start=1):
            block = f"{number}. {finding.message}"
            hint = way_forward(finding.area, finding.kind)
            if hint:
                block += "\n   " + self.tr("处理办法：") + hint
            blocks.append(block)
        return "\n\n".join(blocks)
