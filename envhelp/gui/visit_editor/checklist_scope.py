"""The checklist's scope (GB template): the site's facility types and HW management class,
and the undo command of a scope change with the answers it made."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from envhelp.domain import vocab
from envhelp.gui.qt import QCheckBox, QComboBox, QHBoxLayout, QLabel, QUndoCommand, QWidget, Signal

if TYPE_CHECKING:
    from envhelp.gui.visit_editor.checklist import ChecklistPanel


class ScopeBar(QWidget):
    """Facility types and HW class of the site: the items they rule out are "not applicable".

    ``edited`` fires when the officer changes a box or the class (not on ``show_scope``)."""

    edited = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("scopeBar")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        title = QLabel(self.tr("检查范围："), self)
        title.setToolTip(
            self.tr(
                "企业现有的贮存设施类型和危废管理类别；只适用于其他类型的检查项自动标为"
                "“不适用”，已作答的项不变。新检查表沿用该企业上次的范围。"
            )
        )
        row.addWidget(title)
        self.boxes: dict[str, QCheckBox] = {}
        for code in vocab.FACILITY_TYPES:
            box = QCheckBox(vocab.label(vocab.FACILITY_TYPES, code), self)
            box.setObjectName(f"scope_{code}")
            box.toggled.connect(self.edited)
            self.boxes[code] = box
            row.addWidget(box)
        row.addSpacing(12)
        row.addWidget(QLabel(self.tr("危废管理类别："), self))
        self.class_combo = QComboBox(self)
        self.class_combo.setObjectName("scopeClass")
        self.class_combo.setToolTip(
            self.tr(
                "HJ 1259-2022 按生产场所划分：年产生危废≥100 吨、自建利用处置设施或持有"
                "经营许可证的为重点监管单位；其余≥10 吨/年为简化管理单位，<10 吨/年为"
                "登记管理单位"
            )
        )
        self.class_combo.addItem(self.tr("未设定"), "")
        for code in vocab.HW_MANAGEMENT_CLASSES:
            self.class_combo.addItem(vocab.label(vocab.HW_MANAGEMENT_CLASSES, code), code)
        self.class_combo.currentIndexChanged.connect(self.edited)
        row.addWidget(self.class_combo)
        row.addStretch(1)

    def widgets(self) -> list[QWidget]:
        return [*self.boxes.values(), self.class_combo]

    def scope(self) -> dict[str, Any] | None:
        """The scope as ticked (None: no limit)."""
        scope: dict[str, Any] = {}
        types = [code for code, box in self.boxes.items() if box.isChecked()]
        if types:
            scope["facility_types"] = types
        if self.class_combo.currentData():
            scope["management_class"] = self.class_combo.currentData()
        return scope or None

    def show_scope(self, scope: dict[str, Any] | None) -> None:
        """Put a check's stored scope into the widgets (without treating it as an edit)."""
        scope = scope or {}
        for code, box in self.boxes.items():
            box.blockSignals(True)
            box.setChecked(code in scope.get("facility_types", []))
            box.blockSignals(False)
        self.class_combo.blockSignals(True)
        self.class_combo.setCurrentIndex(
            max(0, self.class_combo.findData(scope.get("management_class", "")))
        )
        self.class_combo.blockSignals(False)


class ScopeCommand(QUndoCommand):
    """A check's scope change with the answers it made; undo puts those answers back."""

    def __init__(
        self,
        panel: ChecklistPanel,
        check_id: str,
        before: dict | None,
        after: dict | None,
        text: str,
    ):
        super().__init__(text)
        self.panel = panel
        self.check_id = check_id
        self.before = before
        self.after = after
        self.changed: list[dict[str, Any]] = []

    def redo(self) -> None:
        self.changed = self.panel.apply_scope(self.check_id, self.after)

    def undo(self) -> None:
        self.panel.apply_scope(self.check_id, self.before, restore=self.changed)
