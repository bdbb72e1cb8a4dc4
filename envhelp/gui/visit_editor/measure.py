"""The 测算 dialog: type what was measured, see the verdict, take it as the item's answer.

The verdict and its note come from :func:`envhelp.domain.check_answers.measure` as the officer
types; "采用结果" is enabled once every value is valid. The checklist panel then
answers the item through its undo stack, so Ctrl+Z takes the answer back.
"""

from __future__ import annotations

from typing import Any

from envhelp.domain import check_answers, measures
from envhelp.errors import EnvHelpError, ValidationError
from envhelp.gui.qt import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)
from envhelp.gui.visit_editor.common import field_label
from envhelp.gui.widgets import mark_invalid
from envhelp.storage import Store

VERDICT_COLORS = {"compliant": "#1b6e2d", "non_compliant": "#b3261e"}
WARNING_COLOR = "#8a6d00"  # met, but close to a limit (e.g. storage time)


class MeasureDialog(QDialog):
    """Inputs of one item's numeric check, with the live verdict."""

    def __init__(self, store: Store, entry: dict[str, Any], parent=None):
        super().__init__(parent)
        self.store = store
        self.entry = entry
        self.measurement: measures.Measurement | None = None
        self.setObjectName("measureDialog")
        self.setWindowTitle(self.tr("测算：{code}").format(code=entry["code"]))
        self.setMinimumWidth(480)

        requirement = QLabel(entry["requirement"], self)
        requirement.setWordWrap(True)
        form = QFormLayout()
        self.inputs: dict[str, QLineEdit] = {}
        for spec in measures.INPUTS[entry["measure"]["kind"]]:
            edit = QLineEdit(self)
            edit.setObjectName(f"measure_{spec.key}")
            if spec.unit == "date":
                edit.setPlaceholderText("YYYY-MM-DD")
                label = field_label(spec.field)
            else:
                edit.setPlaceholderText(self.tr("数字"))
                label = f"{field_label(spec.field)}（{spec.unit}）"
            edit.textChanged.connect(self._update)
            self.inputs[spec.key] = edit
            form.addRow(label, edit)
        self.verdict = QLabel(self)
        self.verdict.setObjectName("measureVerdict")
        self.verdict.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("采用结果"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(requirement)
        layout.addLayout(form)
        layout.addWidget(self.verdict)
        layout.addWidget(self.buttons)
        self._update()

    def values(self) -> dict[str, str]:
        return {key: edit.text() for key, edit in self.inputs.items()}

    def _update(self) -> None:
        """Judge again; say what is missing or wrong while the values are incomplete."""
        for edit in self.inputs.values():
            mark_invalid(edit, False)
        self.measurement = None
        try:
            self.measurement = check_answers.measure(
                self.store, self.entry["result_id"], self.values()
            )
        except ValidationError as exc:
            typed = self.inputs.get(exc.field)
            if typed is not None and typed.text().strip():  # only what was typed is wrong
                mark_invalid(typed, True)
            self.verdict.setStyleSheet("")
            self.verdict.setText(str(exc))
        except EnvHelpError as exc:
            self.verdict.setText(str(exc))
        else:
            color = (
                WARNING_COLOR
                if self.measurement.warning
                else VERDICT_COLORS[self.measurement.result]
            )
            self.verdict.setStyleSheet(f"color: {color};")
            self.verdict.setText(
                f"<b>{check_answers.result_label(self.measurement.result)}</b><br>{self.measurement.note}"
            )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            self.measurement is not None
        )

    def accept(self) -> None:
        if self.measurement is not None:
            super().accept()
