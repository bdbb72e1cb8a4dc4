"""The enterprise's self-assessment of a scored check, from the checklist panel: export the
form (.xlsx) to hand over, import it back filled in as suggestions to confirm with Enter."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from envhelp.errors import EnvHelpError
from envhelp.gui.dialogs.files import ask_open_files, ask_save_file
from envhelp.gui.qt import QObject

if TYPE_CHECKING:
    from envhelp.gui.visit_editor.checklist import ChecklistPanel

SELF_ASSESSMENT_DIR_KEY = "self_assessment/last_dir"


class SelfAssessmentForms(QObject):
    """The self-assessment actions on the panel's current check; messages and refusals
    go to the panel's status line (``error``)."""

    def __init__(self, panel: ChecklistPanel):
        super().__init__(panel)
        self.panel = panel

    def export_form(self) -> Path | None:
        """Save the current assessment's self-assessment form (.xlsx) for the enterprise."""
        from envhelp.io.self_assessment import write_form

        panel = self.panel
        model = panel.current_model()
        if model is None or not model.check.get("scored"):
            panel.error.emit(self.tr("当前检查表不计分，没有企业自评表。"))
            return None
        target = ask_save_file(
            panel,
            self.tr("导出企业自评表"),
            SELF_ASSESSMENT_DIR_KEY,
            self.tr("{title}（企业自评）.xlsx").format(title=model.check["title"]),
            self.tr("Excel 工作簿 (*.xlsx)"),
            ".xlsx",
        )
        if target is None:
            return None
        try:
            return write_form(
                panel.store, model.check["template_id"], target, model.check["template_version"]
            )
        except (EnvHelpError, OSError) as exc:
            panel.error.emit(str(exc))
            return None

    def import_dialog(self) -> int:
        """Ask for the enterprise's filled-in self-assessment and import it as suggestions."""
        if self.panel.current_model() is None or self.panel.read_only:
            return 0
        files = ask_open_files(
            self.panel,
            self.tr("导入企业自评"),
            SELF_ASSESSMENT_DIR_KEY,
            self.tr("Excel 工作簿 (*.xlsx)"),
        )
        return self.import_file(files[0]) if files else 0

    def import_file(self, path: Path) -> int:
        """Self-assessed scores as suggestions on the current check (confirmed with Enter,
        like copied previous answers). Returns how many items got one; a bad file is
        refused with every bad row named on the status line."""
        from envhelp.io.self_assessment import import_self_assessment

        panel = self.panel
        model = panel.current_model()
        if model is None or panel.read_only:
            return 0
        try:
            outcome = import_self_assessment(panel.store, model.check["id"], path)
        except EnvHelpError as exc:
            panel.error.emit(str(exc))
            return 0
        panel.show_reloaded(model)
        message = self.tr("已导入企业自评 {n} 项，逐项按 Enter 确认。").format(
            n=outcome["suggested"]
        )
        if outcome["skipped"]:
            message += self.tr("已作答或已有建议的 {n} 项未改动。").format(
                n=len(outcome["skipped"])
            )
        panel.error.emit(message)
        return outcome["suggested"]
