"""A visit's checklist answers prefilled from the enterprise's previous final visits.

:func:`previous_results` finds each item's last informative answer; :func:`copy_previous`
writes it into the unanswered items of a draft check as a suggestion only (the note's
``〔上次：…｜date〕`` marker, :func:`envhelp.domain.check_answers.suggestion_marker`): the
result stays unanswered until the officer confirms it.
"""

from __future__ import annotations

from typing import Any

from envhelp.domain import check_answers, visits
from envhelp.domain.figures import final_visit
from envhelp.storage import Store


def previous_results(
    store: Store, enterprise_id: str, template_id: str, before_visit_id: str | None = None
) -> dict[str, dict[str, Any]]:
    """Each item's last informative answer at this enterprise from FINAL visits, by item code.

    Only compliant / non_compliant / not_applicable count ("not checked" says
    nothing about the site). Items are matched by code across template versions.
    With ``before_visit_id``, only visits dated on or before that visit (other
    than itself) count. Values: result, note, result_id, visit_id, visit_date,
    record_no, template_version.
    """
    where = ["v.enterprise_id = ?", final_visit("v"), "c.template_id = ?"]
    params: list[Any] = [enterprise_id, template_id]
    where.append(f"r.result IN ({', '.join('?' * len(check_answers.INFORMATIVE))})")
    params += list(check_answers.INFORMATIVE)
    if before_visit_id:
        before = store.get("visits", before_visit_id)
        where += ["v.id != ?", "v.date <= ?"]
        params += [before_visit_id, before["date"]]
    sql = f"""
        SELECT item_code, result, note, result_id, visit_id, visit_date, record_no,
               template_version
        FROM (
            SELECT r.item_code, r.result, r.note, r.id AS result_id, v.id AS visit_id,
                   v.date AS visit_date, v.record_no, c.template_version,
                   row_number() OVER (
                       PARTITION BY r.item_code
                       ORDER BY v.date DESC, v.time DESC, v.finalized_at DESC, c.position DESC
                   ) AS rn
            FROM check_results r
            JOIN checks c ON c.id = r.check_id
            JOIN visits v ON v.id = c.visit_id
            WHERE {" AND ".join(where)}
        ) WHERE rn = 1
    """
    return {row.pop("item_code"): row for row in store.query(sql, params)}


def copy_previous(store: Store, check_id: str) -> int:
    """Prefill unanswered items with the last answer at this enterprise, as suggestions.

    Results stay 'unanswered' (so finalizing still needs the officer to confirm
    each item); the note gets the marker and the previous note. Items already
    answered or already carrying a suggestion are left alone. Returns how many
    items were prefilled.
    """
    with store.transaction():
        check = store.get("checks", check_id)
        visit = visits.ensure_draft(store, check["visit_id"])
        previous = previous_results(
            store, visit["enterprise_id"], check["template_id"], before_visit_id=visit["id"]
        )
        copied = 0
        for row in store.query(
            "SELECT id, item_code, result, note FROM check_results WHERE check_id = ?", (check_id,)
        ):
            prev = previous.get(row["item_code"])
            if (
                prev is None
                or row["result"] != "unanswered"
                or check_answers.suggestion(row["note"])
            ):
                continue
            body = row["note"] or check_answers.strip_suggestion(prev["note"])
            marker = check_answers.suggestion_marker(prev["result"], prev["visit_date"])
            note = (marker + body)[: check_answers.NOTE_MAX]
            store.update("check_results", row["id"], {"note": note})
            copied += 1
        return copied
