"""Activity: final visits, checks and checklist requirements in periods.

Visit figures (:func:`visit_sets`, :func:`visit_figures`) count final visits, their
officers (人次), laws publicized, material handed out and satisfaction; check figures
(:func:`check_figures`) and requirement figures (:func:`requirement_sets`) count the
checklist results of final visits. :func:`iter_visits` streams a period's visits and
:func:`monthly_visits` gives the months of a year's series.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from typing import Any

from envhelp import i18n
from envhelp.domain import permit_checks, scoring, stored_templates, templates, vocab
from envhelp.domain.figures import (
    F_END,
    F_START,
    assessment_check,
    checklist_check,
    final_visit,
    iso,
)
from envhelp.storage import Store

# The groupings visits have (the other breakdowns are of problems only):
# (key, label, joins) over visits v JOIN enterprises e
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

# Final visits dated in a range (parameters: start, end).
_FINAL_IN_RANGE = f"{final_visit('v')} AND v.date BETWEEN ? AND ?"

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
    {period name: rows}}``; rows (key, label,
    visits, enterprises, and the sums of :data:`VISIT_SUMS`; most visits first), one
    row with key None for ``None``.

    The final visits from the earliest start to the latest end are read once
    (MATERIALIZED) and counted per range; the distinct enterprises are counted per
    range and group, so they are never added up across groups.
    """
    names = list(periods)
    bounds = [(iso(periods[n][0], F_START), iso(periods[n][1], F_END)) for n in names]
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
        enterprise = (
            "" if group_by in (None, "type") else (" JOIN enterprises e ON e.id = v.enterprise_id")
        )
        selects.append(
            f"SELECT {index} AS grouping, {key_sql} AS key, {label_sql} AS label, {counts} "
            f"FROM fv v{enterprise}{joins}{group_sql}"
        )
    sql = f"""
        WITH fv AS MATERIALIZED (
            SELECT v.id, v.enterprise_id, v.type, {flags}, {_VISIT_SUM_SQL}
            FROM visits v
            WHERE {final_visit("v")} AND v.date BETWEEN ?{lo} AND ?{lo + 1}
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


def visit_totals(totals: Mapping[str, Any], by_type: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
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
    """Checklist checks on final visits dated ``start``..``end`` and their item results;
    scored assessments are not checklists here (:func:`envhelp.domain.figures.checklist_check`).

    ``items_checked`` = compliant + non-compliant (not applicable / not checked
    say nothing about compliance); ``compliance_rate`` = compliant / items_checked,
    None when nothing was checked — the same rule as :func:`envhelp.domain.check_totals.figures`.
    ``requirements``: the :func:`requirement_figures` rows of the same range, when
    already read; the item counts are then their sums (the same results, grouped)
    and only the checks are counted here.
    """
    params = (iso(start, F_START), iso(end, F_END))
    if requirements is not None:
        row = {
            "checks": store.scalar(
                "SELECT count(*) FROM checks c JOIN visits v ON v.id = c.visit_id "
                f"WHERE {_FINAL_IN_RANGE} AND {checklist_check('c')}",
                params,
            ),
            **{
                key: sum(r[key] for r in requirements)
                for key in ("compliant", "non_compliant", "not_applicable", "not_checked")
            },
        }
    else:
        row = store.query_one(
            f"""
            SELECT count(DISTINCT c.id) AS checks,
                coalesce(sum(r.result = 'compliant'), 0) AS compliant,
                coalesce(sum(r.result = 'non_compliant'), 0) AS non_compliant,
                coalesce(sum(r.result = 'not_applicable'), 0) AS not_applicable,
                coalesce(sum(r.result = 'not_checked'), 0) AS not_checked
            FROM checks c JOIN visits v ON v.id = c.visit_id
            LEFT JOIN check_results r ON r.check_id = c.id
            WHERE {_FINAL_IN_RANGE} AND {checklist_check("c")}
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
    "assessments",
    "assessments_pass",
    "assessments_basic",
    "assessments_fail",
    "assessment_share",
)


def assessment_sets(
    store: Store, periods: Mapping[str, tuple[date | str, date | str]]
) -> dict[str, dict[str, Any]]:
    """Scored assessments (checks of templates with a scoring model,
    :func:`envhelp.domain.figures.assessment_check`) on final visits, per range.

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
    bounds = {n: (iso(periods[n][0], F_START), iso(periods[n][1], F_END)) for n in names}
    out: dict[str, dict[str, Any]] = {
        n: {**dict.fromkeys(ASSESSMENT_KEYS, 0), "shares": [], "indicators": {}} for n in names
    }
    if not names:
        return {}
    lo, hi = min(b[0] for b in bounds.values()), max(b[1] for b in bounds.values())
    rows = store.query(
        "SELECT c.id, c.template_id, c.template_version, v.date FROM checks c "
        f"JOIN visits v ON v.id = c.visit_id WHERE {_FINAL_IN_RANGE} AND {assessment_check('c')}",
        (lo, hi),
    )
    by_key: dict[tuple[str, str], dict[str, Any]] = {}
    for check in rows:
        key = (check["template_id"], check["template_version"])
        if key not in by_key:
            by_key[key] = stored_templates.get_template(store, *key)
        template = by_key[key]
        answers = store.query(
            "SELECT item_code, result, points FROM check_results WHERE check_id = ?", (check["id"],)
        )
        figures = scoring.figures(template, answers)
        answered = [
            a["item_code"] for a in answers if a["result"] in ("compliant", "non_compliant")
        ]
        items = templates.items_by_code(template)
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
    """:func:`requirement_figures` (all requirements of the checklists, assessments left
    out: their items are :func:`assessment_sets` indicators) of several date ranges in one pass.

    ``periods`` maps a name to (start, end); the results of the final visits from the
    earliest start to the latest end are read once (the covering index
    ``check_results(check_id, item_code, result)``) and counted per range.
    """
    names = list(periods)
    bounds = [(iso(periods[n][0], F_START), iso(periods[n][1], F_END)) for n in names]
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
        WHERE {final_visit("v")} AND v.date BETWEEN ?{lo} AND ?{lo + 1} AND {checklist_check("c")}
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
                row = {
                    "template_id": raw["template_id"],
                    "code": raw["code"],
                    **dict.fromkeys(results, 0),
                    "versions": set(),
                }
                by_item[(raw["template_id"], raw["code"])] = row
            if raw["result"] in results:
                row[raw["result"]] += n
            row["versions"].add(raw["version"])
    out: dict[str, list[dict[str, Any]]] = {}
    items_by_key: dict[tuple[str, str], dict[str, Any]] = {}
    for name, by_item in zip(names, found, strict=True):
        out[name] = list(by_item.values())
        for row in out[name]:
            _describe(store, row, row.pop("versions"), items_by_key)
    for rows in out.values():
        # Most non-compliant first, then most checked, then by template and code.
        rows.sort(key=lambda r: (-r["non_compliant"], -r["checked"], r["template_id"], r["code"]))
    return out


def _describe(
    store: Store,
    row: dict[str, Any],
    versions: set[str],
    items_by_key: dict[tuple[str, str], dict[str, Any]],
) -> None:
    """Add requirement, category (newest stored template version holding the item),
    checked and rate to a requirement row."""
    item = None
    for version in sorted(versions, key=stored_templates.version_key, reverse=True):
        key = (row["template_id"], version)
        if key not in items_by_key:
            items_by_key[key] = templates.items_by_code(
                stored_templates.get_template(store, row["template_id"], version)
            )
        # A permit item's copy per outlet or pollutant is described by the item itself.
        code = permit_checks.base_code({"items": list(items_by_key[key].values())}, row["code"])
        item = items_by_key[key].get(code)
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
    params = (iso(start, F_START), iso(end, F_END))
    checks = store.scalar(
        "SELECT count(*) FROM checks c JOIN visits v ON v.id = c.visit_id "
        f"WHERE {final_visit('v')} AND v.date BETWEEN ? AND ? AND c.template_id = ?",
        (*params, permit_checks.TEMPLATE_ID),
    )
    if requirements is None:
        requirements = requirement_sets(store, {"range": (start, end)})["range"]
    rows = [r for r in requirements if r["template_id"] == permit_checks.TEMPLATE_ID]
    by_item: dict[str, dict[str, Any]] = {}
    if rows:
        template = stored_templates.get_template(store, permit_checks.TEMPLATE_ID)
        items = templates.items_by_code(template)
        results = ("compliant", "non_compliant", "not_applicable", "not_checked")
        for row in rows:
            code = permit_checks.base_code(template, row["code"])
            item = by_item.setdefault(
                code, {"template_id": row["template_id"], "code": code, **dict.fromkeys(results, 0)}
            )
            for key in results:
                item[key] += row[key]
        for item in by_item.values():
            found = items.get(item["code"])
            item["requirement"] = (
                i18n.pick(found["requirement_zh"], found["requirement_en"]) if found else ""
            )
            item["category"] = (
                i18n.pick(found["category"]["zh"], found["category"]["en"]) if found else ""
            )
            item["checked"] = item["compliant"] + item["non_compliant"]
            item["rate"] = item["compliant"] / item["checked"] if item["checked"] else None
    listed = sorted(by_item.values(), key=lambda r: (-r["non_compliant"], r["code"]))
    return {
        "permit_checks": checks,
        "permit_findings": sum(r["non_compliant"] for r in listed),
        "permit_items": listed,
    }


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


def iter_visits(store: Store, start: date | str, end: date | str) -> Iterator[dict[str, Any]]:
    """Final visits dated ``start``..``end``, oldest first, streamed (one row per visit).

    Keys: the visit's columns plus enterprise_name, uscc, town, industry,
    officer_names (in the visit's order, joined with 、), checks (its checklists,
    assessments left out), problems
    (counted problems found on the visit, cancelled ones left out).
    """
    sql = f"""
        SELECT v.*, e.name AS enterprise_name, e.uscc AS uscc, e.town AS town,
            e.industry AS industry,
            (SELECT group_concat(name, '、') FROM (
                SELECT o.name FROM visit_officers vo JOIN officers o ON o.id = vo.officer_id
                WHERE vo.visit_id = v.id ORDER BY vo.position)) AS officer_names,
            (SELECT count(*) FROM checks c WHERE c.visit_id = v.id
                AND {checklist_check("c")}) AS checks,
            (SELECT count(*) FROM problems p WHERE p.visit_id = v.id
                AND p.status != 'cancelled') AS problems
        FROM visits v JOIN enterprises e ON e.id = v.enterprise_id
        WHERE {_FINAL_IN_RANGE}
        ORDER BY v.date, v.time, v.record_no, v.id
    """
    return store.iter_query(sql, (iso(start, F_START), iso(end, F_END)))


def monthly_visits(store: Store, start: date | str, end: date | str) -> dict[str, int]:
    """Final visits per month (``"YYYY-MM"`` → count) in the range, months without any left out."""
    rows = store.query(
        "SELECT substr(v.date, 1, 7) AS month, count(*) AS n FROM visits v "
        f"WHERE {_FINAL_IN_RANGE} GROUP BY month",
        (iso(start, F_START), iso(end, F_END)),
    )
    return {r["month"]: r["n"] for r in rows}
