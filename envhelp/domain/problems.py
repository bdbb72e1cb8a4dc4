"""Problems (问题) found on visits: recording them and listing the ledger.

State changes (rectifying, close-out, cancel, reopen, extensions) live in
:mod:`envhelp.domain.ledger`; this module records problems and reads them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from envhelp.domain import figures, vocab
from envhelp.domain.fields import Field, choice, date_range_clause, iso_date, text
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
# The ledger list's date-range filters (inclusive bounds).
F_RANGE = {
    "found_from": Field("found_from", "发现日期（起）", "Found from"),
    "found_to": Field("found_to", "发现日期（止）", "Found to"),
    "deadline_from": Field("deadline_from", "整改期限（起）", "Deadline from"),
    "deadline_to": Field("deadline_to", "整改期限（止）", "Deadline to"),
    "closed_from": Field("closed_from", "销号日期（起）", "Closed from"),
    "closed_to": Field("closed_to", "销号日期（止）", "Closed to"),
}

EDITABLE = (
    "category",
    "description",
    "severity",
    "requirement",
    "legal_basis",
    "handling",
    "deadline",
)
FIELDS_BY_KEY = {
    f.key: f
    for f in (
        F_CATEGORY,
        F_DESCRIPTION,
        F_SEVERITY,
        F_REQUIREMENT,
        F_LEGAL_BASIS,
        F_HANDLING,
        F_DEADLINE,
    )
}
OPEN_STATUSES = ("open", "rectifying")


def clean(store: Store, data: dict[str, Any]) -> dict[str, Any]:
    enterprise_id = text(data.get("enterprise_id"), F_ENTERPRISE, required=True, max_len=64)
    if store.find("enterprises", enterprise_id) is None:
        raise ValidationError(
            F_ENTERPRISE.key, "所选企业不存在。", "The chosen enterprise does not exist."
        )
    visit_id = text(data.get("visit_id"), F_VISIT, max_len=64) or None  # ids are text
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
    """Record a new open problem (links to a checklist item are kept when given).

    In the same transaction the ledger starts its history, flags a relapse of
    the same checklist item and closes an on-the-spot (立行立改) problem at once;
    ``data["closed_by"]`` may name the verifying officer for that case.
    """
    from envhelp.domain import ledger  # ledger builds on this module

    values = clean(store, data)
    for key in ("check_result_id", "item_code", "id"):
        if data.get(key):
            values[key] = data[key]
    with store.transaction():
        stored = store.insert("problems", values)
        return ledger.after_create(store, stored, closed_by=data.get("closed_by"))


def update_details(store: Store, problem_id: str, data: dict[str, Any]) -> dict[str, Any]:
    """Correct a problem's description fields (not its state).

    Moving a deadline once set is an extension (``ledger.extend_deadline``), which keeps
    the old date and the reason in the problem's history and the month-end figures.
    """
    with store.transaction():
        current = store.get("problems", problem_id)
        merged = dict(current)
        merged.update({k: v for k, v in data.items() if k in EDITABLE})
        values = clean(store, merged)
        if current["deadline"] and values["deadline"] != current["deadline"]:
            raise ValidationError(
                F_DEADLINE.key,
                f"整改期限已定为 {current['deadline']}，不能在此修改；请使用“延期”，"
                "系统会记录原期限和延期原因。",
                f"The deadline is already set ({current['deadline']}) and cannot be changed "
                "here; use Extend, which records the old date and the reason.",
            )
        return store.update("problems", problem_id, {k: values[k] for k in EDITABLE})


def is_overdue(problem: dict[str, Any], today: date | None = None) -> bool:
    """Not closed or cancelled, and today is past the deadline (dates, not times, decide)."""
    if problem["status"] not in OPEN_STATUSES or not problem.get("deadline"):
        return False
    return (today or date.today()).isoformat() > problem["deadline"]


# Ledger sort keys → SQL (``{d}`` is ASC or DESC); rows without a date sort last.
SORT_KEYS = {
    "deadline": "p.deadline IS NULL, p.deadline {d}",
    "found_on": "p.found_on {d}",
    "closed_on": "p.closed_on IS NULL, p.closed_on {d}",
    "enterprise": "e.name {d}",
    "town": "e.town {d}",
    "status": "p.status {d}",
    "severity": "p.severity {d}",
    "category": "p.category {d}",
}


def _range_bound(value: date | str | None, key: str) -> str | None:
    """A date-range bound as ISO text (None: unbounded); a bad date raises
    ValidationError naming the filter field."""
    return iso_date(value, F_RANGE[key], required=False)


def _where(
    status: str | Sequence[str] | None = None,
    enterprise_id: str | None = None,
    visit_id: str | None = None,
    town: str | None = None,
    overdue_on: date | None = None,
    *,
    category: str | None = None,
    severity: str | None = None,
    officer_id: str | None = None,
    found_from: date | str | None = None,
    found_to: date | str | None = None,
    deadline_from: date | str | None = None,
    deadline_to: date | str | None = None,
    search: str | None = None,
    final_visits_only: bool = False,
    closed_from: date | str | None = None,
    closed_to: date | str | None = None,
) -> tuple[str, list[Any]]:
    """WHERE clause of the ledger filters (all optional; date ranges are inclusive).

    ``final_visits_only`` keeps problems found on a final visit or without a visit
    (what the monthly summary counts: drafts never count). ``closed_from`` /
    ``closed_to`` bound the close-out date (only closed problems have one).
    """
    clauses, params = [], []
    closed_lo = _range_bound(closed_from, "closed_from")
    closed_hi = _range_bound(closed_to, "closed_to")
    if final_visits_only:
        clauses.append(figures.counted_problem("p"))
    # With a found or close-out date range (the dashboard's figures: a month of 150,000
    # problems) the unary + keeps SQLite on that range's index: without statistics it
    # would rather walk every closed problem through the status index (~30x slower).
    # A deadline range keeps the (status, deadline) index.
    by_date = (found_from or found_to or closed_lo or closed_hi) and not (
        deadline_from or deadline_to
    )
    status_col = "+p.status" if by_date else "p.status"
    if isinstance(status, str) and status:
        clauses.append(f"{status_col} = ?")
        params.append(status)
    elif status:
        clauses.append(f"{status_col} IN ({', '.join('?' * len(status))})")
        params.extend(status)
    simple = (
        ("p.enterprise_id = ?", enterprise_id),
        ("p.visit_id = ?", visit_id),
        # A sub-query, not the join's e.town: SQLite then walks the town's enterprises
        # through (enterprise_id, status, deadline), and the page and count need no join
        # (overdue in one town on the decade database: 17 ms → 1.5 ms a query).
        ("p.enterprise_id IN (SELECT id FROM enterprises WHERE town = ?)", town),
        ("p.category = ?", category),
        ("p.severity = ?", severity),
        ("p.found_on >= ?", _range_bound(found_from, "found_from")),
        ("p.found_on <= ?", _range_bound(found_to, "found_to")),
        ("p.deadline >= ?", _range_bound(deadline_from, "deadline_from")),
        ("p.deadline <= ?", _range_bound(deadline_to, "deadline_to")),
    )
    for clause, value in simple:
        if value:
            clauses.append(clause)
            params.append(value)
    closed, closed_params = date_range_clause("p.closed_on", closed_lo, closed_hi)
    if closed:
        clauses.append(closed)
        params += closed_params
    if officer_id:
        # The officers of the visit where the problem was found.
        clauses.append(
            "EXISTS (SELECT 1 FROM visit_officers vo WHERE vo.visit_id = p.visit_id "
            "AND vo.officer_id = ?)"
        )
        params.append(officer_id)
    if overdue_on:
        clauses.append("p.status IN ('open', 'rectifying') AND p.deadline < ?")
        params.append(overdue_on.isoformat())
    for token in (search or "").lower().split():
        escaped = token.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        clauses.append("(p.description LIKE ? ESCAPE '\\' OR e.search_text LIKE ? ESCAPE '\\')")
        params += [f"%{escaped}%", f"%{escaped}%"]
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _without_repeats(order: str) -> str:
    """An ORDER BY list without the terms whose expression came earlier: a repeat never
    breaks a tie, but it stops SQLite from reading the order off an index. The view's
    sort indicator asks for "deadline" ascending, which is the default order itself —
    repeated, it sorted all 150,000 problems for every page (bench_gui_lists). Terms are
    split at commas: the sort keys hold no function call with arguments."""
    seen, kept = set(), []
    for term in (t.strip() for t in order.split(",")):
        expression = re.sub(r"\s+(ASC|DESC)$", "", term, flags=re.IGNORECASE)
        if expression not in seen:
            seen.add(expression)
            kept.append(term)
    return ", ".join(kept)


def select_sql(
    *, order_by: str | None = None, descending: bool = False, **filters: Any
) -> tuple[str, list[Any]]:
    """The ledger query (problem + enterprise name, USCC, town + closing officer's name)."""
    where, params = _where(**filters)
    default_order = "p.deadline IS NULL, p.deadline, p.found_on, p.id"
    if order_by is None:
        order = default_order
    elif order_by in SORT_KEYS:
        # Ties keep the default order, so a sorted page is stable from one fetch to the next.
        order = _without_repeats(
            SORT_KEYS[order_by].format(d="DESC" if descending else "ASC") + ", " + default_order
        )
    else:
        raise ValueError(f"cannot sort problems by {order_by!r}; use one of {sorted(SORT_KEYS)}")
    sql = (
        "SELECT p.*, e.name AS enterprise_name, e.town AS town, e.uscc AS uscc, "
        "o.name AS closed_by_name FROM problems p "
        "JOIN enterprises e ON e.id = p.enterprise_id "
        f"LEFT JOIN officers o ON o.id = p.closed_by{where} ORDER BY {order}"
    )
    return sql, params


# The enterprise's alias in the ledger query: filters or orders on it need the join.
ENTERPRISE_ALIAS = re.compile(r"\be\.")


def list_page(
    store: Store,
    *,
    limit: int | None = 200,
    offset: int = 0,
    order_by: str | None = None,
    descending: bool = False,
    **filters: Any,
) -> list[dict[str, Any]]:
    """Problems with their enterprise's name and town, earliest deadline first.

    ``filters`` are the keyword arguments of :func:`_where` (status, enterprise_id,
    visit_id, town, overdue_on, category, severity, officer_id, found_from/to,
    deadline_from/to, closed_from/to, final_visits_only, search); ``order_by`` is a
    key of :data:`SORT_KEYS`.
    """
    sql, params = select_sql(order_by=order_by, descending=descending, **filters)
    if limit is None:
        return store.query(sql, params)
    where, where_params = _where(**filters)
    unfiltered, _ = select_sql(order_by=order_by, descending=descending)
    head, order = unfiltered.rsplit(" ORDER BY ", 1)
    if ENTERPRISE_ALIAS.search(where + order):
        return store.query(sql + " LIMIT ? OFFSET ?", [*params, limit, offset])
    # Deferred join: pick the page's rowids from the ordering index alone, then
    # read only those rows. A deep OFFSET (the end of a 150,000-row ledger) then
    # skips index entries instead of whole joined rows (bench/README.md).
    page = f"SELECT p.rowid FROM problems p{where} ORDER BY {order} LIMIT ? OFFSET ?"
    return store.query(
        f"{head} WHERE p.rowid IN ({page}) ORDER BY {order}", [*where_params, limit, offset]
    )


def iter_rows(
    store: Store, *, order_by: str | None = None, descending: bool = False, **filters: Any
) -> Iterator[dict[str, Any]]:
    """Every matching row, streamed one at a time (for exports of the whole ledger)."""
    sql, params = select_sql(order_by=order_by, descending=descending, **filters)
    return store.iter_query(sql, params)


def count(store: Store, **filters: Any) -> int:
    where, params = _where(**filters)
    # Every problem has its enterprise (NOT NULL foreign key), so the join only matters
    # when a filter reads the enterprise; without it the count is an index scan.
    join = " JOIN enterprises e ON e.id = p.enterprise_id" if ENTERPRISE_ALIAS.search(where) else ""
    return store.scalar(f"SELECT count(*) FROM problems p{join}{where}", params)
