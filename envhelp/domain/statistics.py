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

Nothing here loops over problems or results in Python to count: each function is
one aggregate query (the ``*_sets`` functions serve several periods and groupings
from one pass; Python only adds up their few grouped rows). The module is Qt-free.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from typing import Any

from envhelp import i18n
from envhelp.domain import checklists, ledger, permit_checks, scoring, vocab
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


# Per-visit amounts that the visit figures add up (docs/summary.md), as SQL over visits v:
#   officer_visits: officers on the visit (人次: a visit by two officers is 2);
#   laws: laws and standards publicized on it (部次: each law on each visit);
#   materials: copies of publicity material handed out (份);
#   rated / satisfied / basic / unsatisfied: the enterprise's satisfaction, when asked.
VISIT_SUMS: dict[str, str] = {
    "officer_visits": "(SELECT count(*) FROM visit_officers vo WHERE vo.visit_id = v.id)",
    "laws": "json_array_length(v.laws)",
    "materials": "v.materials",
    "rated": "(v.satisfaction != '')",
    "satisfied": "(v.satisfaction = 'satisfied')",
    "basic": "(v.satisfaction = 'basic')",
    "unsatisfied": "(v.satisfaction = 'unsatisfied')",
}
_VISIT_SUM_SQL = ", ".join(f"{sql} AS {key}" for key, sql in VISIT_SUMS.items())


def visit_sets(
    store: Store,
    periods: Mapping[str, tuple[date | str, date | str]],
    group_sets: Sequence[str | None] = (None,),
) -> dict[str | None, dict[str, list[dict[str, Any]]]]:
    """Final visits of several date ranges and groupings in one pass: ``{group_by:
    {period name: rows}}``; rows as :func:`visit_breakdown` gives them (key, label,
    visits, enterprises, and the sums of :data:`VISIT_SUMS`; most visits first), one
    row with key None for ``None``.

    The final visits from the earliest start to the latest end are read once
    (MATERIALIZED) and counted per range; the distinct enterprises are counted per
    range and group, so they are never added up across groups.
    """
    names = list(periods)
    bounds = [(_iso(periods[n][0], F_START), _iso(periods[n][1], F_END)) for n in names]
    params: list[Any] = [b for pair in bounds for b in pair]
    flags = ", ".join(
        f"(v.date BETWEEN ?{2 * i + 1} AND ?{2 * i + 2}) AS in_{i}" for i in range(len(names))
    )
    counts = ", ".join(
        f"coalesce(sum(v.in_{i}), 0) AS visits_{i}, "
        f"count(DISTINCT CASE WHEN v.in_{i} THEN v.enterprise_id END) AS enterprises_{i}, "
        + ", ".join(f"coalesce(sum(v.in_{i} * v.{key}), 0) AS {key}_{i}" for key in VISIT_SUMS)
        for i in range(len(names))
    )
    lo = len(params) + 1
    params += [min(b[0] for b in bounds), max(b[1] for b in bounds)]
    selects = []
    for index, group_by in enumerate(group_sets):
        key_sql, label_sql, joins = (
            ("NULL", "NULL", "") if group_by is None else VISIT_GROUPS[group_by]
        )
        group_sql = "" if group_by is None else f" GROUP BY {key_sql}"
        # Totals and types need no enterprise (visit_figures never joined one).
        enterprise = "" if group_by in (None, "type") else (
            " JOIN enterprises e ON e.id = v.enterprise_id"
        )
        selects.append(
            f"SELECT {index} AS grouping, {key_sql} AS key, {label_sql} AS label, {counts} "
            f"FROM fv v{enterprise}{joins}{group_sql}"
        )
    sql = f"""
        WITH fv AS MATERIALIZED (
            SELECT v.id, v.enterprise_id, v.type, {flags}, {_VISIT_SUM_SQL}
            FROM visits v
            WHERE v.status = 'final' AND v.date BETWEEN ?{lo} AND ?{lo + 1}
        )
        {" UNION ALL ".join(selects)}
    """
    out: dict[str | None, dict[str, list[dict[str, Any]]]] = {
        g: {n: [] for n in names} for g in group_sets
    }
    for raw in store.query(sql, params):
        group_by = group_sets[raw["grouping"]]
        for i, name in enumerate(names):
            if group_by is not None and not raw[f"visits_{i}"]:
                continue  # no visit of this group in this range
            out[group_by][name].append(
                {
                    "key": raw["key"],
                    "label": raw["label"],
                    "visits": raw[f"visits_{i}"],
                    "enterprises": raw[f"enterprises_{i}"],
                    **{key: raw[f"{key}_{i}"] for key in VISIT_SUMS},
                }
            )
    for by_period in out.values():
        for rows in by_period.values():
            # ORDER BY visits DESC, label (NULL first, then text in byte order).
            rows.sort(key=lambda r: (-r["visits"], r["label"] is not None, r["label"]))
    return out


def visit_totals(
    totals: Mapping[str, Any], by_type: Sequence[Mapping[str, Any]]
) -> dict[str, Any]:
    """:func:`visit_figures` from the :func:`visit_sets` rows of one range (total, by type)."""
    counts = dict.fromkeys(vocab.VISIT_TYPES, 0)
    for r in by_type:
        counts[r["key"]] = r["visits"]
    rated = totals["rated"]
    return {
        "visits": totals["visits"],
        "enterprises": totals["enterprises"],
        "visits_by_type": counts,
        **{key: totals[key] for key in VISIT_SUMS},
        # (satisfied + basically satisfied) ÷ visits where the enterprise was asked
        "satisfaction_rate": (totals["satisfied"] + totals["basic"]) / rated if rated else None,
    }


def visit_figures(store: Store, start: date | str, end: date | str) -> dict[str, Any]:
    """Final visits dated ``start``..``end``: ``visits``, ``enterprises`` (distinct),
    ``visits_by_type`` (every type code, 0 when none), the sums of :data:`VISIT_SUMS`
    and ``satisfaction_rate``."""
    sets = visit_sets(store, {"range": (start, end)}, (None, "type"))
    return visit_totals(sets[None]["range"][0], sets["type"]["range"])


def check_figures(
    store: Store,
    start: date | str,
    end: date | str,
    *,
    requirements: Sequence[Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    """Checklist checks on final visits dated ``start``..``end`` and their item results.

    ``items_checked`` = compliant + non-compliant (not applicable / not checked
    say nothing about compliance); ``compliance_rate`` = compliant / items_checked,
    None when nothing was checked — the same rule as :func:`envhelp.domain.checks.figures`.
    ``requirements``: the :func:`requirement_figures` rows of the same range, when
    already read; the item counts are then their sums (the same results, grouped)
    and only the checks are counted here.
    """
    params = (_iso(start, F_START), _iso(end, F_END))
    if requirements is not None:
        row = {
            "checks": store.scalar(
                "SELECT count(*) FROM checks c JOIN visits v ON v.id = c.visit_id "
                "WHERE v.status = 'final' AND v.date BETWEEN ? AND ?",
                params,
            ),
            **{
                key: sum(r[key] for r in requirements)
                for key in ("compliant", "non_compliant", "not_applicable", "not_checked")
            },
        }
    else:
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
            params,
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


ASSESSMENT_KEYS = (
    "assessments", "assessments_pass", "assessments_basic", "assessments_fail", "assessment_share",
)  # fmt: skip


def assessment_sets(
    store: Store, periods: Mapping[str, tuple[date | str, date | str]]
) -> dict[str, dict[str, Any]]:
    """Scored assessments (checks of templates with a scoring model) on final visits, per range.

    Each range gets ``assessments`` (scored checks), ``assessments_pass`` / ``_basic`` /
    ``_fail`` (by verdict; a check with nothing applicable has none), ``assessment_share``
    (the average share of the applicable maximum reached, 0–1; None without a verdict)
    and ``indicators``: per scored item (template_id, code, category, requirement)
    ``failed`` (times it earned less than full points) and ``assessed`` (times it was
    answered 符合/不符合), most failed first, items never failed left out.

    Unlike the other figures here, each check is scored in Python by
    :func:`envhelp.domain.scoring.figures` — the one rule for N/A, vetoes and verdicts;
    assessments are few (a yearly sample), and only their results are read.
    """
    names = list(periods)
    bounds = {n: (_iso(periods[n][0], F_START), _iso(periods[n][1], F_END)) for n in names}
    out: dict[str, dict[str, Any]] = {
        n: {**dict.fromkeys(ASSESSMENT_KEYS, 0), "shares": [], "indicators": {}} for n in names
    }
    if not names:
        return {}
    lo, hi = min(b[0] for b in bounds.values()), max(b[1] for b in bounds.values())
    rows = store.query(
        "SELECT c.id, c.template_id, c.template_version, v.date FROM checks c "
        "JOIN visits v ON v.id = c.visit_id WHERE v.status = 'final' AND v.date BETWEEN ? AND ?",
        (lo, hi),
    )
    templates: dict[tuple[str, str], dict[str, Any]] = {}
    for check in rows:
        key = (check["template_id"], check["template_version"])
        if key not in templates:
            templates[key] = checklists.get_template(store, *key)
        template = templates[key]
        if not scoring.is_scored(template):
            continue
        answers = store.query(
            "SELECT item_code, result, points FROM check_results WHERE check_id = ?", (check["id"],)
        )
        figures = scoring.figures(template, answers)
        answered = [a["item_code"] for a in answers if a["result"] in ("compliant", "non_compliant")]
        items = checklists.items_by_code(template)
        for name in names:
            start, end = bounds[name]
            if not start <= check["date"] <= end:
                continue
            period = out[name]
            period["assessments"] += 1
            if figures["verdict"]:
                period[f"assessments_{figures['verdict']}"] += 1
                period["shares"].append(figures["score"] / figures["max_score"])
            for code in answered:
                if "score" not in items.get(code, {}):
                    continue
                row = period["indicators"].setdefault(
                    (template["id"], code), _indicator_row(template["id"], items[code])
                )
                row["assessed"] += 1
                row["failed"] += code in figures["failed"]
    for period in out.values():
        shares = period.pop("shares")
        period["assessment_share"] = sum(shares) / len(shares) if shares else None
        period["indicators"] = sorted(
            (r for r in period.pop("indicators").values() if r["failed"]),
            key=lambda r: (-r["failed"], -r["assessed"], r["template_id"], r["code"]),
        )
    return out


def _indicator_row(template_id: str, item: dict[str, Any]) -> dict[str, Any]:
    return {
        "template_id": template_id,
        "code": item["code"],
        "category": i18n.pick(item["category"]["zh"], item["category"]["en"]),
        "requirement": i18n.pick(item["requirement_zh"], item["requirement_en"]),
        "failed": 0,
        "assessed": 0,
    }


def requirement_sets(
    store: Store, periods: Mapping[str, tuple[date | str, date | str]]
) -> dict[str, list[dict[str, Any]]]:
    """:func:`requirement_figures` (all requirements) of several date ranges in one pass.

    ``periods`` maps a name to (start, end); the results of the final visits from the
    earliest start to the latest end are read once (the covering index
    ``check_results(check_id, item_code, result)``) and counted per range.
    """
    names = list(periods)
    bounds = [(_iso(periods[n][0], F_START), _iso(periods[n][1], F_END)) for n in names]
    params: list[Any] = [b for pair in bounds for b in pair]
    # One row per requirement, result and template version, with how many of those
    # results fall in each range (a narrow GROUP BY; the columns are folded below).
    counts = ", ".join(
        f"sum(v.date BETWEEN ?{2 * i + 1} AND ?{2 * i + 2}) AS n_{i}" for i in range(len(names))
    )
    lo = len(params) + 1
    params += [min(b[0] for b in bounds), max(b[1] for b in bounds)]
    sql = f"""
        SELECT c.template_id, r.item_code AS code, r.result, c.template_version AS version,
            {counts}
        FROM check_results r JOIN checks c ON c.id = r.check_id
        JOIN visits v ON v.id = c.visit_id
        WHERE v.status = 'final' AND v.date BETWEEN ?{lo} AND ?{lo + 1}
        GROUP BY c.template_id, r.item_code, r.result, c.template_version
    """
    results = ("compliant", "non_compliant", "not_applicable", "not_checked")
    found: list[dict[tuple[str, str], dict[str, Any]]] = [{} for _ in names]
    for raw in store.query(sql, params):
        for i, by_item in enumerate(found):
            n = raw[f"n_{i}"]
            if not n:
                continue
            row = by_item.get((raw["template_id"], raw["code"]))
            if row is None:
                row = {"template_id": raw["template_id"], "code": raw["code"],
                       **dict.fromkeys(results, 0), "versions": set()}  # fmt: skip
                by_item[(raw["template_id"], raw["code"])] = row
            if raw["result"] in results:
                row[raw["result"]] += n
            row["versions"].add(raw["version"])
    out: dict[str, list[dict[str, Any]]] = {}
    templates: dict[tuple[str, str], dict[str, Any]] = {}
    for name, by_item in zip(names, found, strict=True):
        out[name] = list(by_item.values())
        for row in out[name]:
            _describe(store, row, row.pop("versions"), templates)
    for rows in out.values():
        # Most non-compliant first, then most checked, then by template and code.
        rows.sort(key=lambda r: (-r["non_compliant"], -r["checked"], r["template_id"], r["code"]))
    return out


def _describe(
    store: Store,
    row: dict[str, Any],
    versions: set[str],
    templates: dict[tuple[str, str], dict[str, Any]],
) -> None:
    """Add requirement, category (newest stored template version holding the item),
    checked and rate to a requirement row."""
    item = None
    for version in sorted(versions, key=checklists.version_key, reverse=True):
        key = (row["template_id"], version)
        if key not in templates:
            templates[key] = checklists.items_by_code(
                checklists.get_template(store, row["template_id"], version)
            )
        # A permit item's copy per outlet or pollutant is described by the item itself.
        code = permit_checks.base_code({"items": list(templates[key].values())}, row["code"])
        item = templates[key].get(code)
        if item:
            break
    row["requirement"] = i18n.pick(item["requirement_zh"], item["requirement_en"]) if item else ""
    row["category"] = i18n.pick(item["category"]["zh"], item["category"]["en"]) if item else ""
    row["checked"] = row["compliant"] + row["non_compliant"]
    row["rate"] = row["compliant"] / row["checked"] if row["checked"] else None


def permit_check_figures(
    store: Store,
    start: date | str,
    end: date | str,
    *,
    requirements: Sequence[Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    """Permit checks (排污许可证执行情况检查) on final visits dated ``start``..``end``.

    ``permit_checks``: how many; ``permit_findings``: their non-compliant items;
    ``permit_items``: one row per item of the template (the copies made per outlet and
    pollutant counted under the item they come from), as :func:`requirement_figures`
    rows, most non-compliant first. ``requirements``: those rows of the same range,
    when already read.
    """
    params = (_iso(start, F_START), _iso(end, F_END))
    checks = store.scalar(
        "SELECT count(*) FROM checks c JOIN visits v ON v.id = c.visit_id "
        "WHERE v.status = 'final' AND v.date BETWEEN ? AND ? AND c.template_id = ?",
        (*params, permit_checks.TEMPLATE_ID),
    )
    if requirements is None:
        requirements = requirement_sets(store, {"range": (start, end)})["range"]
    rows = [r for r in requirements if r["template_id"] == permit_checks.TEMPLATE_ID]
    by_item: dict[str, dict[str, Any]] = {}
    if rows:
        template = checklists.get_template(store, permit_checks.TEMPLATE_ID)
        items = checklists.items_by_code(template)
        results = ("compliant", "non_compliant", "not_applicable", "not_checked")
        for row in rows:
            code = permit_checks.base_code(template, row["code"])
            item = by_item.setdefault(code, {
                "template_id": row["template_id"], "code": code, **dict.fromkeys(results, 0)})
            for key in results:
                item[key] += row[key]
        for item in by_item.values():
            found = items.get(item["code"])
            item["requirement"] = i18n.pick(found["requirement_zh"], found["requirement_en"]) \
                if found else ""
            item["category"] = i18n.pick(found["category"]["zh"], found["category"]["en"]) \
                if found else ""
            item["checked"] = item["compliant"] + item["non_compliant"]
            item["rate"] = item["compliant"] / item["checked"] if item["checked"] else None
    listed = sorted(by_item.values(), key=lambda r: (-r["non_compliant"], r["code"]))
    return {"permit_checks": checks,
            "permit_findings": sum(r["non_compliant"] for r in listed),
            "permit_items": listed}


def failed_most(rows: list[dict[str, Any]], limit: int | None = None) -> list[dict[str, Any]]:
    """The requirements failed at least once, in :func:`requirement_figures` order."""
    failed = [dict(r) for r in rows if r["non_compliant"] > 0]
    return failed if limit is None else failed[:limit]


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
    by the number checked, then by template and code. ``failed_only`` keeps
    requirements failed at least once (the "requirements that failed most" list
    with ``limit``). Texts come from the newest stored template version that has the item.
    """
    rows = requirement_sets(store, {"range": (start, end)})["range"]
    if failed_only:
        return failed_most(rows, limit)
    return rows if limit is None else rows[:limit]


def visit_breakdown(
    store: Store, group_by: str, start: date | str, end: date | str
) -> list[dict[str, Any]]:
    """Final visits in the range per group (key, label, visits, enterprises).

    By officer, a visit counts once for each officer who took part in it.
    """
    return visit_sets(store, {"range": (start, end)}, (group_by,))[group_by]["range"]


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
    WHERE +p.found_on <= :day AND {PROBLEM_COUNTED_SQL}
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
    plain = [g for g in group_sets if g is not None and not SNAPSHOT_GROUPS[g][2]]
    joined = [g for g in group_sets if g is not None and SNAPSHOT_GROUPS[g][2]]
    width = max(len(plain), 1)

    def select(index: int, groups: list[str]) -> str:
        keys = [SNAPSHOT_GROUPS[g][:2] for g in groups]
        keys += [("NULL", "NULL")] * (width - len(keys))
        cols = ", ".join(f"{k} AS key_{i}, {lab} AS label_{i}" for i, (k, lab) in enumerate(keys))
        joins = "".join(SNAPSHOT_GROUPS[g][2] for g in groups)
        group_sql = f" GROUP BY {', '.join(SNAPSHOT_GROUPS[g][0] for g in groups)}" if groups else ""
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
            SELECT p.id, p.enterprise_id, p.visit_id, p.category, p.severity,
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

    rows = store.query(sql, {"day": _iso(day, F_DAY)})
    for group_by, key, label, row in ledger.grouping_rows(rows, group_sets, plain):
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
_AS_OF_COLUMNS = "SELECT p.id, p.enterprise_id, p.visit_id, p.category, p.severity, p.deadline,"


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


def count_open_at(store: Store, day: date | str) -> int:
    return snapshot_totals(store, day)["open"]


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
