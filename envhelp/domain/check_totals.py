"""The figures of a check: counts of its answers and, for a scored template, its score,
and an enterprise's scored assessments over time.
"""

from __future__ import annotations

from typing import Any

from envhelp.domain import check_answers, scoring, stored_templates, templates
from envhelp.domain.figures import final_visit
from envhelp.storage import Store


def score_figures(store: Store, check_id: str) -> dict[str, Any] | None:
    """The score of a check of a scored template (``scoring.figures``), None otherwise."""
    check = store.get("checks", check_id)
    template = check_answers.template_of(store, check)
    if not scoring.is_scored(template):
        return None
    return scoring.figures(
        template,
        store.query(
            "SELECT item_code, result, points FROM check_results WHERE check_id = ?", (check_id,)
        ),
    )


def assessment_history(store: Store, enterprise_id: str, limit: int = 5) -> list[dict[str, Any]]:
    """The enterprise's scored assessments on final visits, newest first (at most ``limit``).

    Each: ``check_id``, ``visit_id``, ``date``, ``record_no``, ``template_id``, ``title``
    and the figures of :func:`score_figures` (score, max_score, percent, verdict, …).
    The enterprise details show the last one and the trend of the shares.
    """
    out: list[dict[str, Any]] = []
    by_key: dict[tuple[str, str], dict[str, Any]] = {}
    rows = store.query(
        "SELECT c.id, c.template_id, c.template_version, v.id AS visit_id, v.date, v.record_no "
        "FROM checks c JOIN visits v ON v.id = c.visit_id "
        f"WHERE v.enterprise_id = ? AND {final_visit('v')} "
        "ORDER BY v.date DESC, v.time DESC, c.position DESC",
        (enterprise_id,),
    )
    for row in rows:
        key = (row["template_id"], row["template_version"])
        if key not in by_key:
            by_key[key] = stored_templates.get_template(store, *key)
        if not scoring.is_scored(by_key[key]):
            continue
        out.append(
            {
                "check_id": row["id"],
                "visit_id": row["visit_id"],
                "date": row["date"],
                "record_no": row["record_no"],
                "template_id": row["template_id"],
                "title": templates.title(by_key[key]),
                **score_figures(store, row["id"]),
            }
        )
        if len(out) >= limit:
            break
    return out


def figures(store: Store, check_id: str) -> dict[str, Any]:
    """Counts of one check; rate = compliant / (compliant + non_compliant), None when 0."""
    check = store.get("checks", check_id)
    severity = {i["code"]: i["severity"] for i in check_answers.template_of(store, check)["items"]}
    return count_results(
        store.query("SELECT item_code, result FROM check_results WHERE check_id = ?", (check_id,)),
        severity,
    )


def count_results(rows: list[dict[str, Any]], severity: dict[str, str]) -> dict[str, Any]:
    counts = dict.fromkeys(check_answers.RESULTS, 0)
    major = minor = 0
    for row in rows:
        counts[row["result"]] += 1
        if row["result"] == "non_compliant":
            if severity.get(row["item_code"]) == "major":
                major += 1
            else:
                minor += 1
    checked = counts["compliant"] + counts["non_compliant"]
    return {
        "items": len(rows),
        "checked": checked,
        "compliant": counts["compliant"],
        "non_compliant": counts["non_compliant"],
        "non_compliant_major": major,
        "non_compliant_minor": minor,
        "not_applicable": counts["not_applicable"],
        "not_checked": counts["not_checked"],
        "unanswered": counts["unanswered"],
        "rate": counts["compliant"] / checked if checked else None,
    }
