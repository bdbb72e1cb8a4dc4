"""Problem flows: problems found and closed in periods, per grouping (the ledger's figures).

:func:`figures` (one period, one grouping) and :func:`figure_sets` (several of each in
one pass) count what docs/summary.md defines: found, closed, closed on time, open,
overdue, relapses, on the spot, closed in the period, mean days to close and the
rates. :func:`problem_figures` / :func:`problem_breakdown` are those figures of the
counted problems (:data:`envhelp.domain.figures.COUNTED`), as the summary and the
dashboard show them; :func:`monthly_counts` gives the months of a year's series.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from envhelp import i18n
from envhelp.domain import problems, vocab
from envhelp.domain.figures import (
    COUNTED,
    GROUP_VOCAB,
    PROBLEM_GROUPS,
    Period,
    grouping_rows,
    sort_label,
)
from envhelp.storage import Store

_FIGURE_COLUMNS = (
    "found",
    "closed",
    "closed_on_time",
    "open",
    "overdue",
    "relapses",
    "on_the_spot",
    "closed_in_period",
)
_ALL = (*_FIGURE_COLUMNS, "avg_days_to_close")


def _period_flags(n: int, first: int, columns: Sequence[str]) -> str:
    """Per-problem 0/1 flags of period ``n`` (columns ``<figure>_<n>``), computed once per
    problem in the CTE of :func:`figure_sets` so every grouping only adds them up.

    Parameters ``?first`` .. ``?first+3`` are the period's start, end, as-of day and
    period end: numbered, so one value serves every expression.
    """
    s, e, a, pe = first, first + 1, first + 2, first + 3
    found = f"(p.found_on BETWEEN ?{s} AND ?{e})"
    closed_asof = f"(p.status = 'closed' AND p.closed_on <= ?{a})"
    closed_period = f"(p.status = 'closed' AND p.closed_on BETWEEN ?{s} AND ?{pe})"
    flags = {
        "found": found,
        "closed": f"{found} AND {closed_asof}",
        "closed_on_time": f"{found} AND {closed_asof} "
        "AND (p.deadline IS NULL OR p.closed_on <= p.deadline)",
        "open": f"{found} AND NOT {closed_asof}",
        "overdue": f"{found} AND NOT {closed_asof} "
        f"AND p.deadline IS NOT NULL AND p.deadline < ?{a}",
        "relapses": f"{found} AND p.relapse_of IS NOT NULL",
        "on_the_spot": f"{found} AND p.handling = 'on_the_spot'",
        "closed_in_period": closed_period,
        "avg_days_to_close": f"CASE WHEN {found} AND {closed_asof} "
        "THEN julianday(p.closed_on) - julianday(p.found_on) END",
        "rows": f"{found} OR {closed_period}",
    }
    return ", ".join(f"({flags[c]}) AS {c}_{n}" for c in (*columns, "rows"))


def figure_sets(
    store: Store,
    periods: Mapping[str, Period],
    group_sets: Sequence[str | None] = (None,),
    *,
    figures: Sequence[str] | None = None,
    **filters: Any,
) -> dict[str | None, dict[str, list[dict[str, Any]]]]:
    """:func:`figures` of several periods and groupings in one pass over the problems.

    Returns ``{group_by: {period name: rows}}``; each rows list is exactly what
    ``figures(start=…, end=…, as_of=…, group_by=group_by, **filters)`` returns for
    that period (same keys, same order; a group appears in a period only when one
    of its problems was found or closed in it). The problems are read once,
    through the indexes on ``found_on`` and ``closed_on``: only those found or
    closed between the earliest start and the latest end can count. ``figures``
    limits the columns computed (default: all; rates need found, closed and
    closed_on_time).
    """
    for group_by in group_sets:
        if group_by is not None and group_by not in PROBLEM_GROUPS:
            raise ValueError(
                f"cannot group figures by {group_by!r}; use one of {sorted(PROBLEM_GROUPS)}"
            )
    names = list(periods)
    wanted = {"found", *(figures or _ALL)}  # found: the rows' order
    columns = [c for c in _ALL if c in wanted]
    where, filter_params = problems._where(**filters)
    extra = (where.removeprefix(" WHERE ") + " AND ") if where else ""
    # Parameter numbers: each period's four values are ?1..?4n, used by the flags (and
    # the largest, ?4n, by the last period's "rows" flag); the ledger filters' plain "?"
    # come after them in the text, so SQLite numbers them 4n+1..4n+k; the range of the
    # prefilter follows them.
    first = 1
    values: list[Any] = []
    for name in names:
        period = periods[name]
        values += [period.start, period.end, period.as_of, period.period_end]
    values += filter_params
    lo = len(values) + 1
    values += [
        min(periods[n].start for n in names),
        max(periods[n].end for n in names),
        max(periods[n].period_end for n in names),
    ]
    flags = ",\n                ".join(
        _period_flags(i, first + 4 * i, columns) for i in range(len(names))
    )
    # Sums per period; the mean days to close as sum and count, so that groups of rows
    # can be added up in Python (the day counts are whole numbers: the sums are exact).
    sums = ", ".join(
        f"SUM(p.{c}_{i}) AS {c}_{i}, COUNT(p.{c}_{i}) AS n_{c}_{i}"
        if c == "avg_days_to_close"
        else f"SUM(p.{c}_{i}) AS {c}_{i}"
        for i in range(len(names))
        for c in (*columns, "rows")
    )
    # Groupings without a join of their own (town, category, ...) and the total are read
    # in one GROUP BY over all their keys together and added up per grouping below;
    # a grouping with a join (officer) has its own SELECT.
    plain = [g for g in group_sets if g is not None and not PROBLEM_GROUPS[g][2]]
    joined = [g for g in group_sets if g is not None and PROBLEM_GROUPS[g][2]]
    width = max(len(plain), 1)

    def select(index: int, keys: list[tuple[str, str]], joins: str, grouped: bool) -> str:
        pad = [("NULL", "NULL")] * (width - len(keys))
        cols = ", ".join(
            f"{k} AS key_{i}, {lab} AS label_{i}" for i, (k, lab) in enumerate(keys + pad)
        )
        group_sql = f" GROUP BY {', '.join(k for k, _ in keys)}" if grouped and keys else ""
        enterprise = " JOIN enterprises e ON e.id = p.enterprise_id" if keys else ""
        return f"SELECT {index} AS grouping, {cols}, {sums} FROM f p{enterprise}{joins}{group_sql}"

    selects = []
    if plain or None in group_sets:
        selects.append(select(-1, [PROBLEM_GROUPS[g][:2] for g in plain], "", True))
    for g in joined:
        selects.append(
            select(group_sets.index(g), [PROBLEM_GROUPS[g][:2]], PROBLEM_GROUPS[g][2], True)
        )
    # f: every problem that can count in one of the periods (cancelled ones never do),
    # with its flags per period, read once (MATERIALIZED) for all the groupings. The
    # range test is a superset the two indexes answer (the flags check the status).
    sql = f"""
        WITH f AS MATERIALIZED (
            SELECT p.id, p.enterprise_id, p.visit_id, p.category, p.severity, p.handling,
                {flags}
            FROM problems p JOIN enterprises e ON e.id = p.enterprise_id
            WHERE {extra}p.status != 'cancelled'
              AND (p.found_on BETWEEN ?{lo} AND ?{lo + 1} OR p.closed_on BETWEEN ?{lo} AND ?{lo + 2})
        )
        {" UNION ALL ".join(selects)}
    """
    sum_columns = [f"{c}_{i}" for i in range(len(names)) for c in (*columns, "rows")]
    if "avg_days_to_close" in columns:
        sum_columns += [f"n_avg_days_to_close_{i}" for i in range(len(names))]
    # grouping → key → the summed columns (and the label)
    acc: dict[str | None, dict[Any, dict[str, Any]]] = {g: {} for g in group_sets}

    def add(group_by: str | None, key: Any, label: Any, raw: Mapping[str, Any]) -> None:
        into = acc[group_by].get(key)
        if into is None:
            acc[group_by][key] = {"label": label, **{c: raw[c] for c in sum_columns}}
            return
        for c in sum_columns:
            if raw[c] is not None:
                into[c] = raw[c] if into[c] is None else into[c] + raw[c]

    for group_by, key, label, raw in grouping_rows(store.query(sql, values), group_sets, plain):
        add(group_by, key, label, raw)
    out: dict[str | None, dict[str, list[dict[str, Any]]]] = {
        g: {n: [] for n in names} for g in group_sets
    }
    for group_by, groups in acc.items():
        if group_by is None and not groups:  # no problem at all: one row of zeros
            groups[None] = {"label": None, **dict.fromkeys(sum_columns)}
        for key, sums_of in groups.items():
            for i, name in enumerate(names):
                if group_by is not None and not sums_of[f"rows_{i}"]:
                    continue  # no problem of this group found or closed in this period
                row = {"key": key, "label": sums_of["label"]}
                for column in columns:
                    value = sums_of[f"{column}_{i}"]
                    if column == "avg_days_to_close":
                        n = sums_of[f"n_{column}_{i}"]
                        row[column] = value / n if n else None
                    else:
                        row[column] = int(value or 0)
                out[group_by][name].append(row)
    for group_by, by_period in out.items():
        for rows in by_period.values():
            rows.sort(key=sort_label)
            rows.sort(key=lambda r: r["found"], reverse=True)  # stable: label order within ties
            for row in rows:
                if group_by in GROUP_VOCAB and row["key"] is not None:
                    row["label"] = vocab.label(GROUP_VOCAB[group_by], row["key"])
                if "closed_on_time" in row:
                    found, closed = row["found"], row["closed"]
                    row["rectification_rate"] = closed / found if found else None
                    row["on_time_rate"] = row["closed_on_time"] / closed if closed else None
    return out


def monthly_counts(
    store: Store, start: date | str, end: date | str, **filters: Any
) -> dict[str, dict[str, int]]:
    """Per calendar month ``"YYYY-MM"`` from ``start`` to ``end``: ``found`` and
    ``closed_in_period``, as :func:`figures` gives them for that month alone (as of its
    last day) — months without either are left out. Two index range reads instead of
    one pass per month (the unary ``+`` keeps SQLite on the closed_on index rather
    than walking every closed problem through the status index).
    """
    period = Period.of(start, end, end)
    where, filter_params = problems._where(**filters)
    extra = (" AND " + where.removeprefix(" WHERE ")) if where else ""
    sql = f"""
        SELECT 'found' AS figure, substr(p.found_on, 1, 7) AS month, count(*) AS n
        FROM problems p JOIN enterprises e ON e.id = p.enterprise_id
        WHERE p.status != 'cancelled' AND p.found_on BETWEEN ? AND ?{extra}
        GROUP BY month
        UNION ALL
        SELECT 'closed_in_period', substr(p.closed_on, 1, 7) AS month, count(*)
        FROM problems p JOIN enterprises e ON e.id = p.enterprise_id
        WHERE +p.status = 'closed' AND p.closed_on BETWEEN ? AND ?{extra}
        GROUP BY month
    """
    params = [period.start, period.end, *filter_params, period.start, period.end, *filter_params]
    out: dict[str, dict[str, int]] = {}
    for row in store.query(sql, params):
        out.setdefault(row["month"], {"found": 0, "closed_in_period": 0})[row["figure"]] = row["n"]
    return out


def figures(
    store: Store,
    *,
    start: date | str | None = None,
    end: date | str | None = None,
    as_of: date | str | None = None,
    group_by: str | None = None,
    **filters: Any,
) -> list[dict[str, Any]]:
    """Ledger figures for problems found from ``start`` to ``end`` (inclusive), as of ``as_of``.

    Cancelled problems (recorded in error) never count. Per group (one row
    without ``group_by``; see :data:`PROBLEM_GROUPS`):

    - ``found``: problems found in the range;
    - ``closed``: of those, closed on or before ``as_of`` (default: ``end``, else today);
    - ``closed_on_time``: of those closed, closed on or before their (possibly
      extended) deadline, or without a deadline (on-the-spot);
    - ``open`` = found − closed; ``overdue``: of those found, not closed by ``as_of``
      although ``as_of`` is past the deadline;
    - ``relapses``: found in the range and flagged as a relapse;
    - ``on_the_spot``: found in the range and fixed on the spot;
    - ``closed_in_period``: closed in the range, whenever found (the month's 销号数);
    - ``avg_days_to_close``: mean days from found to closed, of ``closed``;
    - ``rectification_rate`` = closed / found and ``on_time_rate`` =
      closed_on_time / closed (None when the divisor is 0).

    By officer, a problem counts once for each officer of the visit where it
    was found (so the officers' rows can add up to more than the total);
    problems without a visit fall in the group whose key is None.
    ``filters`` are the ledger filters of :func:`envhelp.domain.problems.list_page`
    (town, category, officer_id, enterprise_id, ...). Several periods and
    groupings at once: :func:`figure_sets` (this is its one-period case).
    """
    period = Period.of(start, end, as_of)
    return figure_sets(store, {"period": period}, (group_by,), **filters)[group_by]["period"]


def totals(
    store: Store,
    *,
    start: date | str | None = None,
    end: date | str | None = None,
    as_of: date | str | None = None,
    **filters: Any,
) -> dict[str, Any]:
    """The :func:`figures` of all problems in the range as one dict."""
    (row,) = figures(store, start=start, end=end, as_of=as_of, **filters)
    row["label"] = i18n.pick("合计", "Total")
    return row


def problem_figures(
    store: Store, start: date | str, end: date | str, *, as_of: date | str | None = None
) -> dict[str, Any]:
    """The :func:`totals` of the counted problems (final visits or none)."""
    return totals(store, start=start, end=end, as_of=as_of or end, **COUNTED)


def problem_breakdown(
    store: Store,
    group_by: str,
    start: date | str,
    end: date | str,
    *,
    as_of: date | str | None = None,
) -> list[dict[str, Any]]:
    """The :func:`figures` of the counted problems per group (town, industry, officer, ...)."""
    return figures(store, start=start, end=end, as_of=as_of or end, group_by=group_by, **COUNTED)
