"""The 2025 rules on inspecting enterprises: the yearly cap and 综合查一次.

国办发〔2024〕54号 caps how often one enterprise may be inspected on site in a year
(the province sets the number: settings ``inspection_yearly_cap``) and asks for one
combined visit instead of several by different bodies. Inspections whose task source,
kind or the enterprise's credit grade is exempt (settings ``cap_exempt_sources``) do
not count. See docs/inspection-rules.md.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from envhelp import i18n
from envhelp.domain import settings, vocab
from envhelp.domain.fields import Field
from envhelp.errors import ValidationError
from envhelp.storage import Store

# Visit types that are on-site inspections in the sense of the cap.
ON_SITE_TYPES = ("inspection",)
# What decides whether a visit counts against the cap: a draft is checked again only
# when one of these changes (an edit of its notes never asks for a reason).
CAP_FIELDS = ("enterprise_id", "date", "type", "task_source", "inspection_kind", "cap_reason")
F_CAP_REASON = Field("cap_reason", "超出年度检查上限的理由", "Reason for going over the yearly cap")


def this_year() -> int:
    return date.today().year


def _exemptions(store: Store) -> tuple[set[str], str | None]:
    """The exempt codes and the lowest credit grade (None when that grade is not exempt)."""
    exempt = set(settings.get(store, settings.CAP_EXEMPT_SOURCES) or [])
    grades = settings.get(store, settings.CREDIT_GRADES) or []
    lowest = grades[-1] if grades and "lowest_credit" in exempt else None
    return exempt, lowest


def exempt_reason(
    exemptions: tuple[set[str], str | None], task_source: str, kind: str, credit_grade: str
) -> str | None:
    """Why an inspection stays outside the cap (a label), or None when it counts."""
    exempt, lowest = exemptions
    if task_source in exempt:
        return vocab.label(vocab.TASK_SOURCES, task_source)
    if kind == "case" and "case" in exempt:
        return vocab.label(vocab.CAP_EXEMPTIONS, "case")
    if lowest is not None and credit_grade == lowest:
        return i18n.pick(f"信用等级 {lowest}", f"credit grade {lowest}")
    return None


def _inspections(store: Store, year: int, enterprise_id: str | None = None) -> list[dict[str, Any]]:
    types = ", ".join("?" * len(ON_SITE_TYPES))
    sql = (
        "SELECT v.id, v.enterprise_id, v.date, v.task_source, v.inspection_kind, "
        "e.name AS enterprise_name, e.credit_grade FROM visits v "
        f"JOIN enterprises e ON e.id = v.enterprise_id WHERE v.type IN ({types}) "
        "AND v.date BETWEEN ? AND ?"
    )
    params: list[Any] = [*ON_SITE_TYPES, f"{year}-01-01", f"{year}-12-31"]
    if enterprise_id:
        sql += " AND v.enterprise_id = ?"
        params.append(enterprise_id)
    return store.query(sql + " ORDER BY v.date, v.id", params)


def inspections_by_enterprise(
    store: Store, year: int | None = None, enterprise_ids: list[str] | None = None
) -> dict[str, int]:
    """On-site inspections of the year per enterprise id (every one, exempt or not);
    ``enterprise_ids`` limits the count to those (one list page)."""
    year = year or this_year()
    if enterprise_ids is None:
        counts: dict[str, int] = defaultdict(int)
        for row in _inspections(store, year):
            counts[row["enterprise_id"]] += 1
        return dict(counts)
    if not enterprise_ids:
        return {}
    types = ", ".join("?" * len(ON_SITE_TYPES))
    rows = store.query(
        "SELECT enterprise_id, count(*) AS n FROM visits "
        f"WHERE enterprise_id IN ({', '.join('?' * len(enterprise_ids))}) "
        f"AND date BETWEEN ? AND ? AND type IN ({types}) GROUP BY enterprise_id",
        [*enterprise_ids, f"{year}-01-01", f"{year}-12-31", *ON_SITE_TYPES],
    )
    return {r["enterprise_id"]: r["n"] for r in rows}


def year_summary(store: Store, enterprise_id: str, year: int | None = None) -> dict[str, int]:
    """This year's on-site inspections of one enterprise, those against the cap, the cap."""
    year = year or this_year()
    return {
        "inspections": len(_inspections(store, year, enterprise_id)),
        "counted": counted(store, enterprise_id, year),
        "cap": settings.get(store, settings.INSPECTION_YEARLY_CAP),
    }


def counted(store: Store, enterprise_id: str, year: int, *, leave_out: str | None = None) -> int:
    """The enterprise's inspections of the year that count against the cap."""
    exemptions = _exemptions(store)
    return sum(
        1
        for r in _inspections(store, year, enterprise_id)
        if r["id"] != leave_out
        and exempt_reason(exemptions, r["task_source"], r["inspection_kind"], r["credit_grade"])
        is None
    )


def cap_warning(
    store: Store, visit: dict[str, Any], visit_id: str | None = None
) -> tuple[str, str] | None:
    """The warning (Chinese, English) for a visit that would go over the yearly cap, or None.

    ``visit`` holds the clean values (enterprise_id, date, type, task_source,
    inspection_kind); ``visit_id`` is the visit itself when it is already stored."""
    if visit["type"] not in ON_SITE_TYPES:
        return None
    enterprise = store.get("enterprises", visit["enterprise_id"])
    reason = exempt_reason(
        _exemptions(store),
        visit["task_source"],
        visit["inspection_kind"],
        enterprise["credit_grade"],
    )
    if reason is not None:
        return None
    year = int(visit["date"][:4])
    done = counted(store, visit["enterprise_id"], year, leave_out=visit_id)
    cap = settings.get(store, settings.INSPECTION_YEARLY_CAP)
    if done < cap:
        return None
    return (
        f"“{enterprise['name']}”{year} 年已有 {done} 次计入上限的现场检查，本省上限为每年 {cap} 次。"
        "本次任务来源不在豁免范围内，请填写超出上限的理由（将记录在案），或考虑综合查一次。",
        f"“{enterprise['name']}” already had {done} on-site inspection(s) counted against the "
        f"cap in {year}; the province allows {cap} a year. This task source is not exempt: give "
        "the reason for going over the cap (it is recorded), or combine the checks into one visit.",
    )


def require_cap_reason(store: Store, visit: dict[str, Any], visit_id: str | None = None) -> None:
    """Refuse an inspection over the cap unless ``visit["cap_reason"]`` says why."""
    if visit.get("cap_reason"):
        return
    warning = cap_warning(store, visit, visit_id)
    if warning:
        raise ValidationError(F_CAP_REASON.key, *warning)


def cap_overview(store: Store, year: int | None = None) -> list[dict[str, Any]]:
    """Enterprises over or at the yearly cap (the next inspection would exceed it), and,
    with a cap of 3 or more, one short of it; most inspected first.

    Each row: enterprise_id, enterprise_name, inspections (all on-site inspections),
    counted (those against the cap), cap, and state "over" / "at" / "near"."""
    year = year or this_year()
    cap = settings.get(store, settings.INSPECTION_YEARLY_CAP)
    exemptions = _exemptions(store)
    per: dict[str, dict[str, Any]] = {}
    for r in _inspections(store, year):
        row = per.setdefault(
            r["enterprise_id"],
            {
                "enterprise_id": r["enterprise_id"],
                "enterprise_name": r["enterprise_name"],
                "inspections": 0,
                "counted": 0,
                "cap": cap,
            },
        )
        row["inspections"] += 1
        if (
            exempt_reason(exemptions, r["task_source"], r["inspection_kind"], r["credit_grade"])
            is None
        ):
            row["counted"] += 1
    out = []
    for row in per.values():
        if row["counted"] > cap:
            row["state"] = "over"
        elif row["counted"] == cap:
            row["state"] = "at"
        elif row["counted"] == cap - 1 and cap >= 3:  # with a cap of 2, "at" is the warning
            row["state"] = "near"
        else:
            continue
        out.append(row)
    return sorted(out, key=lambda r: (-r["counted"], r["enterprise_name"]))


CAP_STATES = {
    "over": ("已超上限", "Over the cap"),
    "at": ("已达上限，再查即超", "At the cap: the next one exceeds it"),
    "near": ("接近上限", "Near the cap"),
}


def combine_candidates(store: Store, year: int | None = None) -> list[dict[str, Any]]:
    """Enterprises inspected in one month for more than one task source: 综合查一次.

    Each row: enterprise_id, enterprise_name, month ("YYYY-MM"), visits and the
    task sources' labels, in month order."""
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    for r in _inspections(store, year or this_year()):
        key = (r["enterprise_id"], r["date"][:7])
        group = groups.setdefault(
            key,
            {
                "enterprise_id": r["enterprise_id"],
                "enterprise_name": r["enterprise_name"],
                "month": r["date"][:7],
                "visits": 0,
                "sources": [],
            },
        )
        group["visits"] += 1
        if r["task_source"] not in group["sources"]:
            group["sources"].append(r["task_source"])
    flagged = [g for g in groups.values() if len(g["sources"]) > 1]
    for g in flagged:
        g["sources"] = [vocab.label(vocab.TASK_SOURCES, s) for s in g["sources"]]
    return sorted(flagged, key=lambda g: (g["month"], g["enterprise_name"]))
