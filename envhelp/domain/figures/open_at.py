"""The state of the problems at the end of a day, replayed from ``problem_events``.

A problem closed, cancelled, reopened or given a new deadline *after* that day is
shown as it stood on that day: :func:`snapshot` counts the problems open and overdue
then (per grouping), :func:`iter_open_at` lists them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from typing import Any

from envhelp.domain import vocab
from envhelp.domain.figures import F_DAY, PROBLEM_GROUPS, counted_problem, grouping_rows, iso
from envhelp.storage import Store

# The state of every counted problem found by :day, at the end of that day.
#   status_at: the current close counts from its verification date (closed_on),
#     even when it was entered later; otherwise the last life-cycle event recorded
#     on or before the day (local date of problem_events.at) decides; a problem
#     with no event recorded by then (entered later, dated earlier) was open;
#     one without any history (made before the ledger kept it) has its current status.
#   deadline_at: a deadline extended after the day still had its old value then.
# Every user of these rows keeps only the problems open at the day's end, so those
# closed by then (status closed, closed_on <= :day: their status_at is 'closed') are
# left out up front, through the indexes on status and closed_on: at a recent month
# end that is ~90 % of all problems, and the history sub-queries then run for the rest.
# (The unary + keeps SQLite from walking the found_on index instead, which at a recent
# month end would visit every problem.)
# ``ev.at > :day`` (UTC text) is implied by a local date after the day, in any time
# zone (offsets stay under a day), and lets the problem_events index skip every
# earlier event instead of converting each one to local time.
_NOT_CLOSED = ", ".join(f"'{s}'" for s in vocab.PROBLEM_STATUSES if s != "closed")
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
            WHERE ev.problem_id = p.id AND ev.at > :day AND ev.kind = 'extension'
              AND date(ev.at, 'localtime') > :day
            ORDER BY ev.at, ev.rowid LIMIT 1), p.deadline) AS deadline_at
    FROM problems p
    WHERE +p.found_on <= :day AND {counted_problem("p")}
      AND (p.status IN ({_NOT_CLOSED}) OR p.closed_on > :day OR p.closed_on IS NULL)
"""
_OPEN_AT = "p.status_at IN ('open', 'rectifying')"
_OVERDUE_AT = f"{_OPEN_AT} AND p.deadline_at IS NOT NULL AND p.deadline_at < :day"


def snapshot_sets(
    store: Store, day: date | str, group_sets: Sequence[str | None] = (None,)
) -> dict[str | None, list[dict[str, Any]]]:
    """:func:`snapshot` for several groupings at once: ``{group_by: rows}``.

    The state at the end of ``day`` is replayed once (a MATERIALIZED CTE of the
    problems open then, with their overdue flag). The groupings without a join of
    their own and the total are counted in one GROUP BY over all their keys and
    added up here; officer has its own SELECT.
    """
    plain = [g for g in group_sets if g is not None and not PROBLEM_GROUPS[g][2]]
    joined = [g for g in group_sets if g is not None and PROBLEM_GROUPS[g][2]]
    width = max(len(plain), 1)

    def select(index: int, groups: list[str]) -> str:
        keys = [PROBLEM_GROUPS[g][:2] for g in groups]
        keys += [("NULL", "NULL")] * (width - len(keys))
        cols = ", ".join(f"{k} AS key_{i}, {lab} AS label_{i}" for i, (k, lab) in enumerate(keys))
        joins = "".join(PROBLEM_GROUPS[g][2] for g in groups)
        group_sql = f" GROUP BY {', '.join(PROBLEM_GROUPS[g][0] for g in groups)}" if groups else ""
        return (
            f"SELECT {index} AS grouping, {cols}, count(*) AS open, "
            f"coalesce(sum(p.overdue_at), 0) AS overdue "
            f"FROM a p JOIN enterprises e ON e.id = p.enterprise_id{joins}{group_sql}"
        )

    selects = [select(-1, plain)] + [select(group_sets.index(g), [g]) for g in joined]
    as_of = _AS_OF_SQL.replace("SELECT p.*,", _AS_OF_COLUMNS, 1)
    sql = f"""
        WITH s AS MATERIALIZED ({as_of}),
        a AS MATERIALIZED (
            SELECT p.id, p.enterprise_id, p.visit_id, p.category, p.severity, p.handling,
                ({_OVERDUE_AT}) AS overdue_at
            FROM s p WHERE {_OPEN_AT}
        )
        {" UNION ALL ".join(selects)}
    """
    acc: dict[str | None, dict[Any, dict[str, Any]]] = {g: {} for g in group_sets}

    def add(group_by: str | None, key: Any, label: Any, row: Mapping[str, Any]) -> None:
        into = acc[group_by].setdefault(key, {"key": key, "label": label, "open": 0, "overdue": 0})
        into["open"] += row["open"]
        into["overdue"] += row["overdue"]

    rows = store.query(sql, {"day": iso(day, F_DAY)})
    for group_by, key, label, row in grouping_rows(rows, group_sets, plain):
        add(group_by, key, label, row)
    out: dict[str | None, list[dict[str, Any]]] = {}
    for group_by, groups in acc.items():
        rows = list(groups.values())
        if group_by is None and not rows:
            rows = [{"key": None, "label": None, "open": 0, "overdue": 0}]
        # ORDER BY open DESC, label (NULL first, then text in byte = code point order).
        rows.sort(key=lambda r: (-r["open"], r["label"] is not None, r["label"]))
        out[group_by] = rows
    return out


# The as-of columns the snapshot counts need (iter_open_at reads every column).
_AS_OF_COLUMNS = (
    "SELECT p.id, p.enterprise_id, p.visit_id, p.category, p.severity, p.handling, p.deadline,"
)


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
    return snapshot_sets(store, day, (group_by,))[group_by]


def snapshot_totals(store: Store, day: date | str) -> dict[str, int]:
    """``{"open": n, "overdue": m}`` at the end of ``day`` (see :func:`snapshot`)."""
    (row,) = snapshot(store, day)
    return {"open": row["open"], "overdue": row["overdue"]}


# The problem columns every open-at row carries (its state, order and officers need them).
_OPEN_AT_KEYS = ("id", "enterprise_id", "visit_id", "found_on", "deadline", "status", "closed_on")


def iter_open_at(
    store: Store, day: date | str, *, columns: Sequence[str] | None = None
) -> Iterator[dict[str, Any]]:
    """Every problem open at the end of ``day`` (see :func:`snapshot`), streamed.

    Keys: the problem's columns (``columns``: only those, plus id, enterprise_id,
    visit_id, found_on, deadline, status and closed_on; default every column) plus
    status_at, deadline_at, overdue_at (bool), days_overdue_at, enterprise_name,
    uscc, town, industry, officer_names (the officers of the visit where it was
    found, in the visit's order). Earliest deadline first.
    """
    if columns is None:
        select = "SELECT p.*,"
    else:
        wanted = dict.fromkeys((*_OPEN_AT_KEYS, *columns))
        if not all(c.isidentifier() for c in wanted):
            raise ValueError(f"not column names: {sorted(wanted)}")
        select = f"SELECT {', '.join(f'p.{c}' for c in wanted)},"
    # MATERIALIZED: the state and deadline at the day are used several times per row;
    # inlined, their history sub-queries would run once per use.
    sql = f"""
        WITH s AS MATERIALIZED ({_AS_OF_SQL.replace("SELECT p.*,", select, 1)})
        SELECT p.*, e.name AS enterprise_name, e.uscc AS uscc, e.town AS town,
            e.industry AS industry,
            ({_OVERDUE_AT}) AS overdue_at,
            CASE WHEN {_OVERDUE_AT}
                THEN CAST(julianday(:day) - julianday(p.deadline_at) AS INTEGER) ELSE 0
            END AS days_overdue_at,
            (SELECT group_concat(name, '、') FROM (
                SELECT o.name FROM visit_officers vo JOIN officers o ON o.id = vo.officer_id
                WHERE vo.visit_id = p.visit_id ORDER BY vo.position)) AS officer_names
        FROM s p JOIN enterprises e ON e.id = p.enterprise_id
        WHERE {_OPEN_AT}
        ORDER BY p.deadline_at IS NULL, p.deadline_at, p.found_on, e.name, p.id
    """
    for row in store.iter_query(sql, {"day": iso(day, F_DAY)}):
        row["overdue_at"] = bool(row["overdue_at"])
        yield row
