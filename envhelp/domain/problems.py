"""Problems (问题) found on visits: recording them and listing the ledger.

State changes (rectifying, close-out, cancel, reopen, extensions) live in
:mod:`envhelp.domain.ledger`; this module records problems and reads them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from envhelp.domain import vocab
from envhelp.domain.fields import Field, choice, iso_date, text
from envhelp.errors import ValidationError
from envhelp.storage import Store

F_ENTERPRISE = Field("enterprise_id", "企业", "Enterprise")
F_VISIT = Field("visit_id", "发现时的走访", "Visit found on")
F_FOUND_ON = Field("found_on", "发现日期", "Date found")
F_CATEGORY = Field("category", "问题类别", "Category")
F_DESCRIPTION = Field("description", "问题描述", "Description")
F_SEVERITY = Field("severity", "严重程度", "Severity")
F_REQUIREMENT = Field("requirement", "整改要求", "Rectification requirement")
F_LEGAL_BASIS = Field("legal_basis", "依据", "Legal basis")
F_HANDLING = Field("handling", "处理方式", "Handling")
F_DEADLINE = Field("deadline", "整改期限", "Deadline")

EDITABLE = (
    "category", "description", "severity", "requirement", "legal_basis",
    "handling", "deadline",
)  # fmt: skip
OPEN_STATUSES = ("open", "rectifying")


def clean(store: Store, data: dict[str, Any]) -> dict[str, Any]:
    enterprise_id = text(data.get("enterprise_id"), F_ENTERPRISE, required=True, max_len=64)
    if store.find("enterprises", enterprise_id) is None:
        raise ValidationError(
            F_ENTERPRISE.key, "所选企业不存在。", "The chosen enterprise does not exist."
        )
    visit_id = data.get("visit_id") or None
    if visit_id is not None:
        visit = store.find("visits", visit_id)
        if visit is None or visit["enterprise_id"] != enterprise_id:
            raise ValidationError(
                F_VISIT.key,
                "问题所属的走访不存在或不是该企业的走访。",
                "The visit of this problem does not exist or belongs to another enterprise.",
            )
    handling = choice(data.get("handling") or "deadline", F_HANDLING, vocab.HANDLING)
    found_on = iso_date(data.get("found_on"), F_FOUND_ON)
    deadline = iso_date(data.get("deadline"), F_DEADLINE, required=False)
    if handling != "on_the_spot" and deadline is None:
        raise ValidationError(
            F_DEADLINE.key,
            "请填写整改期限（立行立改的问题除外）。",
            "A deadline is required unless the problem was fixed on the spot.",
        )
    if deadline is not None and found_on is not None and deadline < found_on:
        raise ValidationError(
            F_DEADLINE.key,
            f"整改期限 {deadline} 早于发现日期 {found_on}，请更正。",
            f"The deadline {deadline} is before the date found {found_on}; correct it.",
        )
    return {
        "enterprise_id": enterprise_id,
        "visit_id": visit_id,
        "found_on": found_on,
        "category": choice(data.get("category") or "other", F_CATEGORY, vocab.PROBLEM_CATEGORIES),
        "description": text(data.get("description"), F_DESCRIPTION, required=True, max_len=2000),
        "severity": choice(data.get("severity") or "minor", F_SEVERITY, vocab.SEVERITIES),
        "requirement": text(data.get("requirement"), F_REQUIREMENT, max_len=2000),
        "legal_basis": text(data.get("legal_basis"), F_LEGAL_BASIS, max_len=500),
        "handling": handling,
        "deadline": deadline,
    }


def create(store: Store, data: dict[str, Any]) -> dict[str, Any]:
    """Record a new open problem (links to a checklist item are kept when given)."""
    values = clean(store, data)
    for key in ("check_result_id", "item_code", "id"):
        if data.get(key):
            values[key] = data[key]
    return store.insert("problems", values)


def update_details(store: Store, problem_id: str, data: dict[str, Any]) -> dict[str, Any]:
    """Correct a problem's description fields (not its state)."""
    with store.transaction():
        current = store.get("problems", problem_id)
        merged = dict(current)
        merged.update({k: v for k, v in data.items() if k in EDITABLE})
        values = clean(store, merged)
        return store.update("problems", problem_id, {k: values[k] for k in EDITABLE})


def is_overdue(problem: dict[str, Any], today: date | None = None) -> bool:
    """Not closed or cancelled, and today is past the deadline (dates, not times, decide)."""
    if problem["status"] not in OPEN_STATUSES or not problem.get("deadline"):
        return False
    return (today or date.today()).isoformat() > problem["deadline"]


def _where(
    status: str | None,
    enterprise_id: str | None,
    visit_id: str | None,
    town: str | None,
    overdue_on: date | None,
) -> tuple[str, list[Any]]:
    clauses, params = [], []
    if status:
        clauses.append("p.status = ?")
        params.append(status)
    if enterprise_id:
        clauses.append("p.enterprise_id = ?")
        params.append(enterprise_id)
    if visit_id:
        clauses.append("p.visit_id = ?")
        params.append(visit_id)
    if town:
        clauses.append("e.town = ?")
        params.append(town)
    if overdue_on:
        clauses.append("p.status IN ('open', 'rectifying') AND p.deadline < ?")
        params.append(overdue_on.isoformat())
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def list_page(
    store: Store,
    *,
    status: str | None = None,
    enterprise_id: str | None = None,
    visit_id: str | None = None,
    town: str | None = None,
    overdue_on: date | None = None,
    limit: int | None = 200,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Problems with their enterprise's name and town, earliest deadline first."""
    where, params = _where(status, enterprise_id, visit_id, town, overdue_on)
    sql = (
        "SELECT p.*, e.name AS enterprise_name, e.town AS town FROM problems p "
        f"JOIN enterprises e ON e.id = p.enterprise_id{where} "
        "ORDER BY p.deadline IS NULL, p.deadline, p.found_on, p.id"
    )
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [limit, offset]
    return store.query(sql, params)


def count(
    store: Store,
    *,
    status: str | None = None,
    enterprise_id: str | None = None,
    visit_id: str | None = None,
    town: str | None = None,
    overdue_on: date | None = None,
) -> int:
    where, params = _where(status, enterprise_id, visit_id, town, overdue_on)
    return store.scalar(
        f"SELECT count(*) FROM problems p JOIN enterprises e ON e.id = p.enterprise_id{where}",
        params,
    )
