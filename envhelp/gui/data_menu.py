"""The 数据(D) menu: the core's import / export features in the GUI.

- 导入企业（Excel）… and 下载企业导入模板… (:mod:`envhelp.io.enterprise_import`, :mod:`envhelp.io.enterprise_template`)
- 检查表模板… (:class:`envhelp.gui.dialogs.templates.TemplatesDialog`)
- 导出交换包… / 导入交换包… (:mod:`envhelp.io.bundle_export`, :mod:`envhelp.io.bundle_import`); 签名密钥… (trust or revoke a
  colleague's key: :class:`envhelp.gui.dialogs.keys.SigningKeysDialog`)
- 同步 (:mod:`envhelp.io.sync`): push and pull through the bureau hub, the result in the
  bundle import report; the status bar shows the last sync
- 检查数据完整性 (:func:`envhelp.storage.integrity.check`)
- 核验 PDF… (:func:`envhelp.reports.pdf.verify_pdf`): does a record or notice, say one
  an enterprise sends back, still show what the database holds?

The main window calls :func:`install_data_menu` once per menu bar it builds. Every
long job runs off the GUI thread through :mod:`envhelp.gui.tasks` on its own
database connection, behind a progress dialog whose Cancel the core honours
(``progress``/``cancelled``, raising OperationCancelled: an import rolls back and
removes the files it added, an export leaves no file, the check just stops); the
core does all validation and writes (each in one transaction), this module only
asks for files and shows what happened. The core modules and the report dialogs are
imported when a job starts or a dialog opens, not with the menu (start-up speed).
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from envhelp.gui import tasks
from envhelp.gui.qt import QAction, QCoreApplication, QFileDialog, QLabel, QMessageBox
from envhelp.gui.widgets import lock_if_read_only

if TYPE_CHECKING:
    from envhelp.gui.dialogs.import_report import (
        BundleReportDialog,
        ImportReportDialog,
        IntegrityReportDialog,
    )
    from envhelp.gui.dialogs.keys import SigningKeysDialog
    from envhelp.gui.dialogs.templates import TemplatesDialog
    from envhelp.io.bundle_summary import ImportSummary
    from envhelp.io.enterprise_import_result import ImportResult
    from envhelp.io.sync import SyncReport
    from envhelp.reports.pdf.verify import Verification
    from envhelp.storage.integrity_report import IntegrityReport

EXCEL_DIR_KEY = "data/excel_dir"
BUNDLE_DIR_KEY = "data/bundle_dir"
VERIFY_DIR_KEY = "data/verify_dir"
VERIFY_LINES_SHOWN = 12  # differences listed in the message; all under "Show Details"


translate = QCoreApplication.translate  # literal context and text, so lupdate finds them


def install_data_menu(window) -> DataMenu:
    """Add the 数据 menu to ``window``'s menu bar (before 帮助 when there is one)."""
    controller = DataMenu(window)
    window.data_menu = controller
    return controller


def bundle_file_name(day: date | None = None) -> str:
    return f"envhelp-bundle-{(day or date.today()):%Y-%m-%d}.zip"


class DataMenu:
    """The menu's actions and what they do. Dialogs are kept as attributes (tests look)."""

    def __init__(self, window):
        self.window = window
        self.store = window.store
        self.saved_message: QMessageBox | None = None  # the last "saved" message
        bar = window.menuBar()
        self.menu = bar.addMenu(translate("DataMenu", "数据(&D)"))
        self.menu.setObjectName("dataMenu")
        help_title = QCoreApplication.translate("MainWindow", "帮助(&H)")
        help_action = next((a for a in bar.actions() if a.text() == help_title), None)
        if help_action is not None:  # File, Edit, View, Data, Help: Help stays last
            bar.removeAction(self.menu.menuAction())
            bar.insertAction(help_action, self.menu.menuAction())

        self.import_action = self._add(
            "importEnterprisesAction",
            translate("DataMenu", "导入企业（Excel）(&I)…"),
            self.import_enterprises,
        )
        self.template_action = self._add(
            "downloadTemplateAction",
            translate("DataMenu", "下载企业导入模板(&T)…"),
            self.save_import_template,
        )
        self.menu.addSeparator()
        self.templates_action = self._add(
            "checklistTemplatesAction",
            translate("DataMenu", "检查表模板(&C)…"),
            self.open_templates,
        )
        self.menu.addSeparator()
        self.export_action = self._add(
            "exportBundleAction", translate("DataMenu", "导出交换包(&E)…"), self.export_bundle
        )
        self.import_bundle_action = self._add(
            "importBundleAction",
            translate("DataMenu", "导入交换包(&M)…"),
            self.import_bundle,
        )
        self.sync_action = self._add("syncAction", translate("DataMenu", "同步(&S)"), self.sync)
        self.keys_action = self._add(
            "signingKeysAction", translate("DataMenu", "签名密钥(&G)…"), self.open_keys
        )
        self.menu.addSeparator()
        self.check_action = self._add(
            "integrityCheckAction",
            translate("DataMenu", "检查数据完整性(&K)"),
            self.check_integrity,
        )
        self.verify_action = self._add(
            "verifyPdfAction", translate("DataMenu", "核验 PDF(&V)…"), self.verify_pdf
        )
        self.task: tasks.Task | None = None
        self.verify_message: QMessageBox | None = None
        self.report_dialog: ImportReportDialog | None = None
        self.bundle_dialog: BundleReportDialog | None = None
        self.integrity_dialog: IntegrityReportDialog | None = None
        self.templates_dialog: TemplatesDialog | None = None
        self.keys_dialog: SigningKeysDialog | None = None
        self.sync_label = QLabel()
        self.sync_label.setObjectName("lastSyncLabel")
        window.statusBar().addPermanentWidget(self.sync_label)
        self.update_sync_label()
        self._lock_writes()

    def _lock_writes(self) -> None:
        """The imports write: unavailable (with the reason) over a read-only database."""
        lock_if_read_only(
            self.store, self.import_action, self.import_bundle_action, self.sync_action
        )

    def _add(self, name: str, text: str, slot) -> QAction:
        action = self.menu.addAction(text)
        action.setObjectName(name)
        action.triggered.connect(lambda _=False: slot())
        return action

    @property
    def job_actions(self) -> list[QAction]:
        return [
            self.import_action,
            self.export_action,
            self.import_bundle_action,
            self.sync_action,
            self.check_action,
            self.verify_action,
        ]

    # -- shared -------------------------------------------------------------

    def _open_file(self, title: str, key: str, file_filter: str) -> Path | None:
        from envhelp.gui.dialogs import files

        path, _ = QFileDialog.getOpenFileName(
            self.window, title, str(files.last_folder(key)), file_filter
        )
        if not path:
            return None
        files.remember_folder(key, Path(path).parent)
        return Path(path)

    def _save_file(
        self, title: str, key: str, name: str, file_filter: str, suffix: str
    ) -> Path | None:
        from envhelp.gui.dialogs import files  # imported with the first dialog (start-up)

        return files.ask_save_file(self.window, title, key, name, file_filter, suffix)

    def _run(
        self, title: str, label: str, job, on_success, cancelled_text: str, on_error=None
    ) -> tasks.Task:
        """Run ``job(store, progress, cancelled)`` behind a cancellable progress dialog.

        The job passes ``progress`` and ``cancelled`` to the core, which stops with
        OperationCancelled having changed nothing; ``cancelled_text`` then goes to the
        status bar. (A Cancel pressed after the core's last look lets the job finish.)
        """
        for action in self.job_actions:
            action.setEnabled(False)

        def finished() -> None:
            for action in self.job_actions:
                action.setEnabled(True)
            self._lock_writes()

        def failed(exc: BaseException) -> None:
            (on_error or self._failed)(title, exc)

        def cancelled() -> None:
            self.window.statusBar().showMessage(cancelled_text, 8000)

        task = tasks.run_with_progress(
            self.window,
            title,
            label,
            tasks.store_job(self.store.path, job, read_only=self.store.read_only),
            on_success=on_success,
            on_error=failed,
            on_cancel=cancelled,
        )
        task.finished.connect(finished)
        self.task = task
        return task

    def _failed(self, title: str, exc: BaseException) -> None:
        tasks.show_failure(self.window, exc, title)  # logged by the task

    def _refresh_pages(self) -> None:
        """Re-read the pages that show records (others re-read when they are shown)."""
        page = self.window.page_named("enterprises") if hasattr(self.window, "page_named") else None
        if page is not None:
            page.refresh()
        current = self.window.current_page() if hasattr(self.window, "current_page") else None
        if current is not None and current is not page:
            current.refresh()

    # -- enterprises --------------------------------------------------------

    def import_enterprises(self) -> tasks.Task | None:
        path = self._open_file(
            translate("DataMenu", "导入企业"),
            EXCEL_DIR_KEY,
            translate("DataMenu", "Excel 工作簿 (*.xlsx)"),
        )
        return self.import_enterprises_from(path) if path else None

    def import_enterprises_from(self, path: Path) -> tasks.Task:
        def job(store, progress, cancelled) -> ImportResult:
            from envhelp.io import enterprise_import

            return enterprise_import.import_enterprises(
                store, path, progress=progress, cancelled=cancelled
            )

        return self._run(
            translate("DataMenu", "导入企业"),
            translate("DataMenu", "正在导入 {name}…").format(name=path.name),
            job,
            lambda result: self._enterprises_imported(path, result),
            translate("DataMenu", "已取消导入，未做任何更改。"),
        )

    def _enterprises_imported(self, path: Path, result) -> None:
        self._refresh_pages()
        from envhelp.gui.dialogs.import_report import ImportReportDialog

        dialog = ImportReportDialog(result, path, self.window)
        dialog.finished.connect(dialog.deleteLater)
        self.report_dialog = dialog
        dialog.open()

    def save_import_template(self) -> Path | None:
        target = self._save_file(
            translate("DataMenu", "下载企业导入模板"),
            EXCEL_DIR_KEY,
            translate("DataMenu", "企业导入模板.xlsx"),
            translate("DataMenu", "Excel 工作簿 (*.xlsx)"),
            ".xlsx",
        )
        if target is None:
            return None
        from envhelp.io import enterprise_template

        try:
            enterprise_template.write_import_template(target)
        except OSError as exc:
            QMessageBox.warning(
                self.window,
                translate("DataMenu", "下载企业导入模板"),
                translate("DataMenu", "无法保存到 {path}：{error}").format(
                    path=target, error=exc.strerror or exc
                ),
            )
            return None
        from envhelp.gui.dialogs import files

        self.saved_message = files.show_file_saved(
            self.window,
            translate(
                "DataMenu",
                "导入模板已保存：\n{path}\n\n在“企业名录”工作表中每行填写一家企业，"
                "然后用“数据 → 导入企业（Excel）”导入。",
            ).format(path=target),
            target,
        )
        return target

    # -- checklist templates ------------------------------------------------

    def open_templates(self) -> TemplatesDialog:
        from envhelp.gui.dialogs.templates import TemplatesDialog

        dialog = TemplatesDialog(self.store, self.window)
        dialog.finished.connect(dialog.deleteLater)
        self.templates_dialog = dialog
        dialog.open()
        return dialog

    # -- exchange bundles ---------------------------------------------------

    def open_keys(self) -> SigningKeysDialog:
        from envhelp.gui.dialogs.keys import SigningKeysDialog

        dialog = SigningKeysDialog(self.store, self.window)
        dialog.finished.connect(dialog.deleteLater)
        self.keys_dialog = dialog
        dialog.open()
        return dialog

    def export_bundle(self) -> tasks.Task | None:
        target = self._save_file(
            translate("DataMenu", "导出交换包"),
            BUNDLE_DIR_KEY,
            bundle_file_name(),
            translate("DataMenu", "EnvHelp 交换包 (*.zip)"),
            ".zip",
        )
        return self.export_bundle_to(target) if target else None

    def export_bundle_to(self, target: Path) -> tasks.Task:
        def job(store, progress, cancelled) -> dict[str, Any]:
            from envhelp.io import bundle_export

            return bundle_export.export_bundle(
                store, target, progress=progress, cancelled=cancelled
            )

        return self._run(
            translate("DataMenu", "导出交换包"),
            translate("DataMenu", "正在导出全部记录和附件到 {name}…").format(name=target.name),
            job,
            lambda manifest: self._bundle_exported(target, manifest),
            translate("DataMenu", "已取消导出，未生成文件。"),
        )

    def _bundle_exported(self, target: Path, manifest: dict[str, Any]) -> None:
        from envhelp.domain import record_numbers

        records = sum(manifest["counts"].values())
        files = sum(1 for name in manifest["members"] if name.startswith("attachments/"))
        text = translate(
            "DataMenu",
            "交换包已保存：\n{path}\n\n共 {records} 条记录，附件文件 {files} 个。"
            "在另一台电脑上用“数据 → 导入交换包”合并。",
        ).format(path=target, records=records, files=files)
        advice = record_numbers.series_advice(self.store)
        if advice:
            text += "\n\n" + advice
        from envhelp.gui.dialogs import files

        self.saved_message = files.show_file_saved(self.window, text, target)

    def import_bundle(self) -> tasks.Task | None:
        path = self._open_file(
            translate("DataMenu", "导入交换包"),
            BUNDLE_DIR_KEY,
            translate("DataMenu", "EnvHelp 交换包 (*.zip)"),
        )
        return self.import_bundle_from(path) if path else None

    def import_bundle_from(self, path: Path, *, trust: bool = False) -> tasks.Task:
        def job(store, progress, cancelled) -> ImportSummary:
            from envhelp.io import bundle_import

            return bundle_import.import_bundle(
                store, path, trust=trust, progress=progress, cancelled=cancelled
            )

        return self._run(
            translate("DataMenu", "导入交换包"),
            translate("DataMenu", "正在检查并合并 {name}…").format(name=path.name),
            job,
            lambda summary: self._bundle_imported(path, summary),
            translate("DataMenu", "已取消导入，未做任何更改。"),
            on_error=lambda title, exc: self._bundle_failed(path, title, exc),
        )

    def _bundle_failed(self, path: Path, title: str, exc: BaseException) -> None:
        """A bundle from a key met for the first time: ask whether to trust it."""
        from envhelp.io.errors import BundleUntrustedError
        from envhelp.io.signing import grouped

        signer = getattr(exc, "signer", None)
        if not isinstance(exc, BundleUntrustedError) or signer is None:
            self._failed(title, exc)
            return
        question = translate(
            "DataMenu",
            "这是第一次收到以下密钥签名的交换包：\n\n执法人员：{officer}\n电脑：{laptop}\n"
            "密钥指纹：{fingerprint}\n\n请先通过电话或当面与对方核对指纹。信任此密钥并导入吗？"
            "以后来自它的交换包将直接导入。",
        ).format(
            officer=signer.officer, laptop=signer.laptop, fingerprint=grouped(signer.fingerprint)
        )
        answer = QMessageBox.question(
            self.window,
            translate("DataMenu", "信任新的签名密钥？"),
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.import_bundle_from(path, trust=True)

    def _bundle_imported(self, path: Path, summary: ImportSummary) -> None:
        self._refresh_pages()
        from envhelp.gui.dialogs.import_report import BundleReportDialog

        dialog = BundleReportDialog(summary, path, self.window)
        dialog.finished.connect(dialog.deleteLater)
        self.bundle_dialog = dialog
        dialog.open()

    # -- bureau hub -----------------------------------------------------------

    def update_sync_label(self) -> None:
        """``上次同步：12月4日 22:30`` in the status bar, once this laptop uses a hub."""
        from envhelp.domain import settings

        last = settings.last_sync(self.store)
        if last:
            moment = datetime.fromisoformat(last.replace("Z", "+00:00")).astimezone()
            text = translate("DataMenu", "上次同步：{month}月{day}日 {time}").format(
                month=moment.month, day=moment.day, time=f"{moment:%H:%M}"
            )
        elif settings.get(self.store, settings.HUB_URL):
            text = translate("DataMenu", "尚未同步")
        else:
            text = ""
        self.sync_label.setText(text)
        self.sync_label.setVisible(bool(text))

    def sync(self) -> tasks.Task | None:
        from envhelp.domain import settings

        url = settings.get(self.store, settings.HUB_URL)
        if not url:
            QMessageBox.information(
                self.window,
                translate("DataMenu", "同步"),
                translate(
                    "DataMenu",
                    "尚未设置数据中心地址。请在“设置”中填写“数据中心地址”（由信息科提供），密码请按信息科的说明保存在 .pgpass 文件中。",
                ),
            )  # noqa: E501
            return None

        def job(store, progress, cancelled) -> SyncReport:
            from envhelp.io import sync

            return sync.sync(store, url, progress=progress, cancelled=cancelled)

        return self._run(
            translate("DataMenu", "同步"),
            translate("DataMenu", "正在与数据中心同步…"),
            job,
            self._synced,
            translate("DataMenu", "已取消同步：本机未合并任何变更，下次同步会继续。"),
        )

    def _synced(self, report: SyncReport) -> None:
        from envhelp.gui.dialogs.import_report import BundleReportDialog

        self._refresh_pages()
        self.update_sync_label()
        result = report.to_dict()
        intro = translate(
            "DataMenu",
            "同步完成：上传 {pushed} 行；收到其他电脑的变更集 {pulled} 个。同步不会删除本机的任何记录。",
        ).format(  # noqa: E501
            pushed=result["pushed_rows"], pulled=result["pulled_change_sets"]
        )
        dialog = BundleReportDialog(
            report.combined(),
            "",
            self.window,
            title=translate("DataMenu", "同步结果"),
            intro_text=intro,
        )
        dialog.finished.connect(dialog.deleteLater)
        self.bundle_dialog = dialog
        dialog.open()

    # -- integrity ----------------------------------------------------------

    def check_integrity(self) -> tasks.Task:
        def job(store, progress, cancelled) -> IntegrityReport:
            from envhelp.storage import integrity

            return integrity.check(store, progress=progress, cancelled=cancelled)

        return self._run(
            translate("DataMenu", "检查数据完整性"),
            translate("DataMenu", "正在检查数据库、审计日志和每个附件文件…"),
            job,
            self._integrity_checked,
            translate("DataMenu", "已取消检查，未生成报告。"),
        )

    def _integrity_checked(self, report: IntegrityReport) -> None:
        from envhelp.gui.dialogs.import_report import IntegrityReportDialog

        dialog = IntegrityReportDialog(report, self.window)
        dialog.finished.connect(dialog.deleteLater)
        self.integrity_dialog = dialog
        dialog.open()

    # -- PDF verification ---------------------------------------------------

    def verify_pdf(self) -> tasks.Task | None:
        path = self._open_file(
            translate("DataMenu", "核验 PDF"),
            VERIFY_DIR_KEY,
            translate("DataMenu", "PDF 文件 (*.pdf)"),
        )
        return self.verify_pdf_file(path) if path else None

    def verify_pdf_file(self, path: Path) -> tasks.Task:
        def job(store, progress, cancelled) -> Verification | None:
            from envhelp.reports.pdf import verify_pdf
            from envhelp.reports.pdf.fingerprint import NotEnvHelpPdf

            try:
                return verify_pdf(store, path)
            except NotEnvHelpPdf:
                return None

        return self._run(
            translate("DataMenu", "核验 PDF"),
            translate("DataMenu", "正在对照数据库核验 PDF 的数据和页面文字…"),
            job,
            lambda result: self._pdf_verified(path, result),
            translate("DataMenu", "已取消核验。"),
        )

    def _pdf_verified(self, path: Path, result: Verification | None) -> None:
        from envhelp.reports.pdf.verify_report import describe, unreadable

        box = QMessageBox(self.window)
        box.setObjectName("verifyResult")
        box.setWindowTitle(translate("DataMenu", "核验 PDF"))
        if result is None:
            box.setIcon(QMessageBox.Icon.Warning)
            box.setText(unreadable(path.name))
        else:
            words = describe(result, path.name)
            box.setIcon(
                QMessageBox.Icon.Information if words.verified else QMessageBox.Icon.Warning
            )
            box.setText(words.headline)
            if words.details:
                shown = words.details[:VERIFY_LINES_SHOWN]
                if len(words.details) > len(shown):
                    shown.append(
                        translate("DataMenu", "……共 {n} 项，见“详细信息”").format(
                            n=len(words.details)
                        )
                    )
                box.setInformativeText("\n".join(shown))
                box.setDetailedText("\n".join(words.details))
        box.finished.connect(box.deleteLater)
        self.verify_message = box
        box.open()
