"""Amending a final visit: the same form (enterprise and type locked) plus a reason.

Only the fields that differ are passed to :func:`visit_amendments.amend`, which records
who, when, why and each field before and after.
"""

from __future__ import annotations

import json
from typing import Any

from envhelp import i18n
from envhelp.domain import check_answers, officers, visit_amendments, visits, vocab
from envhelp.errors import EnvHelpError, ValidationError
from envhelp.gui.geometry import place_window
from envhelp.gui.models import local_time
from envhelp.gui.qt import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QSize,
    QVBoxLayout,
)
from envhelp.gui.visit_editor.common import field_label
from envhelp.gui.visit_editor.form import VisitForm
from envhelp.gui.widgets import ErrorLabel, mark_invalid, show_error_at
from envhelp.storage import Store

FIELD_NAMES = {key: visits.FIELDS_BY_KEY[key] for key in visit_amendments.AMENDABLE}


def changed_fields(current: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """The amendable fields whose value differs (laws compare as sets: order is cosmetic)."""
    changes = {}
    for key in visit_amendments.AMENDABLE:
        old, new = current.get(key), values.get(key)
        if key == "laws" and set(old or []) == set(new or []):
            continue
        if (old or "") != (new or "") and not (key == "officer_ids" and old == new):
            changes[key] = new
    return changes


def describe_value(store: Store, key: str, value: Any) -> str:
    if key == "officer_ids":
        names = [r["name"] for oid in value or [] if (r := store.find("officers", oid))]
        return "、".join(names)
    if key == "recorder_id":
        row = store.find("officers", value) if value else None
        return row["name"] if row else ""
    if key == "laws":
        known = {law["code"]: law for law in vocab.laws()}
        return "；".join(
            i18n.pick(known[x]["zh"], known[x]["en"]) if x in known else x for x in value or []
        )
    if key == "satisfaction":
        return vocab.label(vocab.SATISFACTION, value or "")
    return str(value or "")


def history_text(store: Store, visit_id: str) -> str:
    """The amendments of a visit as readable text, oldest first."""
    blocks = []
    for amendment in visit_amendments.amendments(store, visit_id):
        lines = [
            i18n.pick("{when}　{who}　原因：{why}", "{when}  {who}  reason: {why}").format(
                when=local_time(amendment["created_at"]),
                who=officers.actor_name(amendment.get("created_by")),
                why=amendment["reason"],
            )
        ]
        for key, old in amendment["before"].items():
            name = field_label(FIELD_NAMES[key]) if key in FIELD_NAMES else key
            lines.append(
                f"　{name}：{describe_value(store, key, old)} → "
                f"{describe_value(store, key, amendment['after'].get(key))}"
            )
        blocks.append("\n".join(lines))
    from envhelp.io.merge import conflicts_of, who  # the values a bundle import did not use

    for c in conflicts_of(store, "visits", visit_id):
        key = c["field"]
        for side in ("kept_value", "other_value"):  # laws are stored as JSON text
            if key == "laws" and isinstance(c[side], str):
                c[side] = json.loads(c[side])
        name = field_label(FIELD_NAMES[key]) if key in FIELD_NAMES else key
        if c["table_name"] == "check_results":  # an answer of the visit's checklist
            item = check_answers.item_code(store, c["record_id"])
            label = vocab.label(check_answers.RESULTS, c["kept_value"]) if key == "result" else None
            other = (
                vocab.label(check_answers.RESULTS, c["other_value"]) if key == "result" else None
            )
            name = i18n.pick(f"检查项 {item} 的", f"checklist item {item}: ") + (
                i18n.pick("结果", "result") if key == "result" else i18n.pick("说明", "note")
            )
            if label is not None:
                c["kept_value"], c["other_value"] = label, other
        blocks.append(
            i18n.pick(
                "{when}　合并交换包时的冲突：{name}\n　保留：{kept}（{kept_by}）\n　未采用：{other}（{other_by}）",
                "{when}  conflict when merging a bundle: {name}\n  kept: {kept} ({kept_by})\n"
                "  not used: {other} ({other_by})",
            ).format(
                when=local_time(c["detected_at"]),
                name=name,
                kept=describe_value(store, key, c["kept_value"]),
                kept_by=who(c["kept_by"]),
                other=describe_value(store, key, c["other_value"]),
                other_by=who(c["other_by"]),
            )
        )
    return "\n\n".join(blocks)


class AmendDialog(QDialog):
    """Change fields of a final visit with a reason; ``saved`` holds the amended visit."""

    def __init__(self, store: Store, visit: dict[str, Any], parent=None):
        super().__init__(parent)
        self.store = store
        self.visit = visit
        self.saved: dict[str, Any] | None = None
        self.setObjectName("amendDialog")
        self.setWindowTitle(self.tr("修正定稿记录 {no}").format(no=visit["record_no"] or ""))
        self.form = VisitForm(store, self)
        self.form.set_values(visit)
        self.form.enterprise.setReadOnly(True)
        self.form.type.setEnabled(False)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        self.reason = QPlainTextEdit(self)
        self.reason.setObjectName("reason")
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(60)
        self.reason.setPlaceholderText(self.tr("必填：为什么要修正（例如记录时笔误）"))
        self.error = ErrorLabel(self)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("只改需要更正的项；企业和帮扶类型不能修正。"), self))
        layout.addWidget(scroll, 1)
        layout.addWidget(QLabel(field_label(visit_amendments.F_REASON) + " *", self))
        layout.addWidget(self.reason)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        place_window(self, "amend", QSize(760, 720))

    def accept(self) -> None:
        mark_invalid(self.reason, False)
        changes = changed_fields(self.visit, self.form.values())
        try:
            self.saved = visit_amendments.amend(
                self.store, self.visit["id"], changes, self.reason.toPlainText()
            )
        except ValidationError as exc:
            widget = self.reason if exc.field == "reason" else self.form.fields.get(exc.field)
            show_error_at(self.error, str(exc), widget)
            return
        except EnvHelpError as exc:
            self.error.show_message(str(exc))
            return
        super().accept()
