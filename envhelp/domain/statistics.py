"""Statistics of assistance work over a date range: SQL aggregates for summaries and dashboards.

Every figure is defined in docs/summary.md. The rules shared by all of them:

- only **final** visits count (drafts never); a visit belongs to the day in its
  local date column ``visits.date`` (its time of day does not matter);
- a problem counts when it was found on a final visit or without a visit;
- problem flow figures (found, closed, rectification and on-time rates,
  relapses) come from :func:`envhelp.domain.ledger.figures`, the same function
  the ledger and the dashboard use, so the numbers never disagree;
- the state at a day's end (:func:`snapshot`, :func:`iter_open_at`) is replayed
  from ``problem_events``, so a problem closed, cancelled, reopened or given a
  new deadline *after* that day is shown as it stood on that day.

Nothing here loops over rows in Python to count: each function is one or two
aggregate queries. The module is Qt-free.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from envhelp import i18n
from envhelp.domain import checklists, ledger, vocab
from envhelp.domain.fields import Field, iso_date
from envhelp.storage import Store

F_START = Field("start", "开始日期", "Start date")
F_END = Field("end", "结束日期", "End date")
F_DAY = Field("day", "统计日期", "Date")

# The ledger filter that keeps problems of final visits or without a visit.
COUNTED = {"final_visits_only": True}

# SQL condition (alias p = problems) equal to the ledger's final_visits_only filter.
PROBLEM_COUNTED_SQL = (
    "(p.visit_id IS NULL OR EXISTS (SELECT 1 FROM visits fv WHERE fv.id = p.visit_id "
    "AND fv.status = 'final'))"
)

# Breakdowns: which of them have visit figures and how visits / problems group.
# visits: (key, label, joins) over visits v JOIN enterprises e
VISIT_GROUPS: dict[str, tuple[str, str, str]] = {
    "town": ("e.town", "e.town", ""),
    "industry": ("e.industry", "e.industry", ""),
    "officer": (
        "vo.officer_id",
        "o.name",
        " JOIN visit_officers vo ON vo.visit_id = v.id JOIN officers o ON o.id = vo.officer_id",
    ),
    "type": ("v.type", "v.type", ""),
}
# snapshot: (key, label, joins) over the as-of problems p JOIN enterprises e
SNAPSHOT_GROUPS: dict[str, tuple[str, str, str]] = {
    "town": ("e.town", "e.town", ""),
    "industry": ("e.industry", "e.industry", ""),
    "officer": (
        "vo.officer_id",
        "o.name",
        " LEFT JOIN visit_officers vo ON vo.visit_id = p.visit_id"
        " LEFT JOIN officers o ON o.id = vo.officer_id",
    ),
    "category": ("p.category", "p.category", ""),
    "severity": ("p.severity", "p.severity", ""),
}
BREAKDOWNS = ("town", "officer", "category", "severity", "industry")
_VOCAB = {
    "category": vocab.PROBLEM_CATEGORIES,
    "severity": vocab.SEVERITIES,
    "type": vocab.VISIT_TYPES,
}


def _iso(value: date | str | None, fld: Field) -> str:
    return iso_date(value, fld)


def group_label(group_by: str, key: Any, label: Any) -> str:
    """A readable label for a breakdown row (vocabulary codes translated, blanks named)."""
    if key is None:
        return i18n.pick("（未关联走访）", "(no visit)") if group_by == "officer" else ""
    if group_by in _VOCAB:
        return vocab.label(_VOCAB[group_by], key)
    if label in (None, ""):
        return i18n.pick("（未填写）", "(not recorded)")
    return str(label)


# -- visits and checks ----------------------------------------------------------------


def visit_figures(store: Store, start: date | str, end: date | str) -> dict[str, Any]:
    """Final visits dated ``start``..``end``: ``visits``, ``enterprises`` (distinct) and
    ``visits_by_type`` (every type code, 0 when none)."""
    params = (_iso(start, F_START), _iso(end, F_END))
    row = store.query_one(
        "SELECT count(*) AS visits, count(DISTINCT enterprise_id) AS enterprises FROM visits v "
        "WHERE v.status = 'final' AND v.date BETWEEN ? AND ?",
        params,
    )
    by_type = dict.fromkeys(vocab.VISIT_TYPES, 0)
    for r in store.query(
        "SELECT v.type, count(*) AS n FROM visits v WHERE v.status = 'final' "
        "AND v.date BETWEEN ? AND ? GROUP BY v.type",
        params,
    ):
        by_type[r["type"]] = r["n"]
    return {"visits": row["visits"], "enterprises": row["enterprises"], "visits_by_type": by_type}


def check_figures(store: Store, start: date | str, end: date | str) -> dict[str, Any]:
    """Checklist checks on final visits dated ``start``..``end`` and their item results.

    ``items_checked`` = compliant + non-compliant (not applicable / not checked
    say nothing about compliance); ``compliance_rate`` = compliant / items_checked,
    None when nothing was checked — the same rule as :func:`envhelp.domain.checks.figures`.
    """
    row = store.query_one(
        """
        SELECT count(DISTINCT c.id) AS checks,
            coalesce(sum(r.result = 'compliant'), 0) AS compliant,
            coalesce(sum(r.result = 'non_compliant'), 0) AS non_compliant,
            coalesce(sum(r.result = 'not_applicable'), 0) AS not_applicable,
            coalesce(sum(r.result = 'not_checked'), 0) AS not_checked
        FROM checks c JOIN visits v ON v.id = c.visit_id
        LEFT JOIN check_results r ON r.check_id = c.id
        WHERE v.status = 'final' AND v.date BETWEEN ? AND ?
        """,
        (_iso(start, F_START), _iso(end, F_END)),
    )
    checked = row["compliant"] + row["non_compliant"]
    return {
        "checks": row["checks"],
        "items_checked": checked,
        "items_compliant": row["compliant"],
        "items_non_compliant": row["non_compliant"],
        "items_not_applicable": row["not_applicable"],
        "items_not_checked": row["not_checked"],
        "compliance_rate": row["compliant"] / checked if checked else None,
    }


def requirement_figures(
    store: Store,
    start: date | str,
    end: date | str,
    *,
    failed_only: bool = False,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Results per checklist requirement (template + item code) on final visits in the range.

    Rows: template_id, code, category, requirement, compliant, non_compliant,
    not_applicable, not_checked, checked, rate. Most non-compliant first, then
    by code. ``failed_only`` keeps requirements failed at least once (the
    "requirements that failed most" list with ``limit``). Texts come from the
    newest stored template version that has the item.
    """
    sql = f"""
        SELECT c.template_id, r.item_code AS code,
            sum(r.result = 'compliant') AS compliant,
            sum(r.result = 'non_compliant') AS non_compliant,
            sum(r.result = 'not_applicable') AS not_applicable,
            sum(r.result = 'not_checked') AS not_checked,
            group_concat(DISTINCT c.template_version) AS versions
        FROM check_results r JOIN checks c ON c.id = r.check_id
        JOIN visits v ON v.id = c.visit_id
        WHERE v.status = 'final' AND v.date BETWEEN ? AND ?
        GROUP BY c.template_id, r.item_code
        {"HAVING sum(r.result = 'non_compliant') > 0" if failed_only else ""}
        ORDER BY non_compliant DESC, compliant + non_compliant DESC, c.template_id, r.item_code
        {"LIMIT ?" if limit is not None else ""}
    """
    params: list[Any] = [_iso(start, F_START), _iso(end, F_END)]
    if limit is not None:
        params.append(limit)
    rows = store.query(sql, params)
    templates: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        versions = sorted(
            (row.pop("versions") or "").split(","), key=checklists.version_key, reverse=True
        )
        item = None
        for version in versions:
            key = (row["template_id"], version)
            if key not in templates:
                templates[key] = checklists.items_by_code(
                    checklists.get_template(store, row["template_id"], version)
                )
            item = templates[key].get(row["code"])
            if item:
                break
        row["requirement"] = (
            i18n.pick(item["requirement_zh"], item["requirement_en"]) if item else ""
        )
        row["category"] = i18n.pick(item["category"]["zh"], item["category"]["en"]) if item else ""
        row["checked"] = row["compliant"] + row["non_compliant"]
        row["rate"] = row["compliant"] / row["checked"] if row["checked"] else None
    return rows


def visit_breakdown(
    store: Store, group_by: str, start: date | str, end: date | str
) -> list[dict[str, Any]]:
    """Final visits in the range per group (key, label, visits, enterprises).

    By officer, a visit counts once for each officer who took part in it.
    """
    key_sql, label_sql, joins = VISIT_GROUPS[group_by]
    rows = store.query(
        f"SELECT {key_sql} AS key, {label_sql} AS label, count(*) AS visits, "
        "count(DISTINCT v.enterprise_id) AS enterprises "
        f"FROM visits v JOIN enterprises e ON e.id = v.enterprise_id{joins} "
        f"WHERE v.status = 'final' AND v.date BETWEEN ? AND ? GROUP BY {key_sql} "
        "ORDER BY visits DESC, label",
        (_iso(start, F_START), _iso(end, F_END)),
    )
    return rows


# -- problems ---------------------------------------------------------------------------


def problem_figures(
    store: Store, start: date | str, end: date | str, *, as_of: date | str | None = None
) -> dict[str, Any]:
    """The ledger's totals (see :func:`envhelp.domain.ledger.figures`) of counted problems."""
    return ledger.totals(store, start=start, end=end, as_of=as_of or end, **COUNTED)


def problem_breakdown(
    store: Store,
    group_by: str,
    start: date | str,
    end: date | str,
    *,
    as_of: date | str | None = None,
) -> list[dict[str, Any]]:
    """The ledger's figures of counted problems per group (town, industry, officer, ...)."""
    return ledger.figures(
        store, start=start, end=end, as_of=as_of or end, group_by=group_by, **COUNTED
    )


# The state of every counted problem found by :day, at the end of that day.
#   status_at: the current close counts from its verification date (closed_on),
#     even when it was entered later; otherwise the last life-cycle event recorded
#     on or before the day (local date of problem_events.at) decides; a problem
#     with no event recorded by then (entered later, dated earlier) was open;
#     one without any history (made before the ledger kept it) has its current status.
#   deadline_at: a deadline extended after the day still had its old value then.
_AS_OF_SQL = f"""
    SELECT p.*,
        CASE WHEN p.status = 'closed' AND p.closed_on <= :day THEN 'closed'
        ELSE coalesce((
            SELECT ev.to_status FROM problem_events ev
            WHERE ev.problem_id = p.id AND ev.kind IN ('created', 'transition')
              AND date(ev.at, 'localtime') <= :day
            ORDER BY ev.at DESC, ev.rowid DESC LIMIT 1),
            CASE WHEN EXISTS (SELECT 1 FROM problem_events ev WHERE ev.problem_id = p.id)
                THEN 'open' ELSE p.status END)
        END AS status_at,
        coalesce((
            SELECT ev.old_deadline FROM problem_events ev
            WHERE ev.problem_id = p.id AND ev.kind = 'extension'
              AND date(ev.at, 'localtime') > :day
            ORDER BY ev.at, ev.rowid LIMIT 1), p.deadline) AS deadline_at
    FROM problems p
    WHERE p.found_on <= :day AND {PROBLEM_COUNTED_SQL}
"""
_OPEN_AT = "p.status_at IN ('open', 'rectifying')"
_OVERDUE_AT = f"{_OPEN_AT} AND p.deadline_at IS NOT NULL AND p.deadline_at < :day"


def snapshot(store: Store, day: date | str, group_by: str | None = None) -> list[dict[str, Any]]:
    """Problems open (and overdue) at the end of ``day``, as that day saw them.

    Open: found on or before ``day``, and at the end of ``day`` neither closed
    (the current close-out counts from its verification date ``closed_on``; an
    earlier close-out later undone counts from the day it was recorded) nor
    cancelled (from the day the cancellation was recorded). Overdue: open, and
    its deadline as it stood that day (before any later extension) is before
    ``day``. Rows: key, label, open, overdue (one row with key None without
    ``group_by``; by officer a problem counts for each officer of its visit).
    """
    params = {"day": _iso(day, F_DAY)}
    if group_by is None:
        key_sql, label_sql, joins, group_sql = "NULL", "NULL", "", ""
    else:
        key_sql, label_sql, joins = SNAPSHOT_GROUPS[group_by]
        group_sql = f" GROUP BY {key_sql}"
    sql = (
        f"SELECT {key_sql} AS key, {label_sql} AS label, "
        f"count(*) AS open, coalesce(sum({_OVERDUE_AT}), 0) AS overdue "
        f"FROM ({_AS_OF_SQL}) p JOIN enterprises e ON e.id = p.enterprise_id{joins} "
        f"WHERE {_OPEN_AT}{group_sql} ORDER BY open DESC, label"
    )
    rows = store.query(sql, params)
    if group_by is None and not rows:
        rows = [{"key": None, "label": None, "open": 0, "overdue": 0}]
    return rows


def snapshot_totals(store: Store, day: date | str) -> dict[str, int]:
    """``{"open": n, "overdue": m}`` at the end of ``day`` (see :func:`snapshot`)."""
    (row,) = snapshot(store, day)
    return {"open": row["open"], "overdue": row["overdue"]}


def count_open_at(store: Store, day: date | str) -> int:
    return snapshot_totals(store, day)["open"]


def iter_open_at(store: Store, day: date | str) -> Iterator[dict[str, Any]]:
    """Every problem open at the end of ``day`` (see :func:`snapshot`), streamed.

    Keys: the problem's columns plus status_at, deadline_at, overdue_at (bool),
    days_overdue_at, enterprise_name, uscc, town, industry, officer_names
    (the officers of the visit where it was found, in the visit's order).
    Earliest deadline first.
    """
    sql = f"""
        SELECT p.*, e.name AS enterprise_name, e.uscc AS uscc, e.town AS town,
            e.industry AS industry,
            ({_OVERDUE_AT}) AS overdue_at,
            CASE WHEN {_OVERDUE_AT}
                THEN CAST(julianday(:day) - julianday(p.deadline_at) AS INTEGER) ELSE 0
            END AS days_overdue_at,
            (SELECT group_concat(name, '、') FROM (
                SELECT o.name FROM visit_officers vo JOIN officers o ON o.id = vo.officer_id
                WHERE vo.visit_id = p.visit_id ORDER BY vo.position)) AS officer_names
        FROM ({_AS_OF_SQL}) p JOIN enterprises e ON e.id = p.enterprise_id
        WHERE {_OPEN_AT}
        ORDER BY p.deadline_at IS NULL, p.deadline_at, p.found_on, e.name, p.id
    """
    for row in store.iter_query(sql, {"day": _iso(day, F_DAY)}):
        row["overdue_at"] = bool(row["overdue_at"])
        yield row


# -- the month's visits -----------------------------------------------------------------


def iter_visits(store: Store, start: date | str, end: date | str) -> Iterator[dict[str, Any]]:
    """Final visits dated ``start``..``end``, oldest first, streamed (one row per visit).

    Keys: the visit's columns plus enterprise_name, uscc, town, industry,
    officer_names (in the visit's order, joined with 、), checks, problems
    (counted problems found on the visit, cancelled ones left out).
    """
    sql = """
        SELECT v.*, e.name AS enterprise_name, e.uscc AS uscc, e.town AS town,
            e.industry AS industry,
            (SELECT group_concat(name, '、') FROM (
                SELECT o.name FROM visit_officers vo JOIN officers o ON o.id = vo.officer_id
                WHERE vo.visit_id = v.id ORDER BY vo.position)) AS officer_names,
            (SELECT count(*) FROM checks c WHERE c.visit_id = v.id) AS checks,
            (SELECT count(*) FROM problems p WHERE p.visit_id = v.id
                AND p.status != 'cancelled') AS problems
        FROM visits v JOIN enterprises e ON e.id = v.enterprise_id
        WHERE v.status = 'final' AND v.date BETWEEN ? AND ?
        ORDER BY v.date, v.time, v.record_no, v.id
    """
    return store.iter_query(sql, (_iso(start, F_START), _iso(end, F_END)))


def count_visits(store: Store, start: date | str, end: date | str) -> int:
    return store.scalar(
        "SELECT count(*) FROM visits WHERE status = 'final' AND date BETWEEN ? AND ?",
        (_iso(start, F_START), _iso(end, F_END)),
    )


def monthly_visits(store: Store, start: date | str, end: date | str) -> dict[str, int]:
    """Final visits per month (``"YYYY-MM"`` → count) in the range, months without any left out."""
    rows = store.query(
        "SELECT substr(date, 1, 7) AS month, count(*) AS n FROM visits "
        "WHERE status = 'final' AND date BETWEEN ? AND ? GROUP BY month",
        (_iso(start, F_START), _iso(end, F_END)),
    )
    return {r["month"]: r["n"] for r in rows}
