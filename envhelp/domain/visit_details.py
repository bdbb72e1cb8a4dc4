"""Everything recorded on one visit, for ``envhelp visits show``: the visit, its
enterprise, each check with its figures and answers, and its problems.
"""

from __future__ import annotations

from typing import Any

from envhelp.domain import check_answers, check_totals, problems, visits
from envhelp.storage import Store


def show_visit(store: Store, visit_id: str) -> dict[str, Any]:
    """Everything recorded on one visit: the visit, its checks with figures and results, problems."""
    visit = visits.to_public(store, store.get("visits", visit_id))
    enterprise = store.get("enterprises", visit["enterprise_id"])
    checks = []
    for check in store.query(
        "SELECT * FROM checks WHERE visit_id = ? ORDER BY position, created_at", (visit_id,)
    ):
        template = check_answers.template_of(store, check)
        items = check_answers.item_results(store, check, template)
        public = check_answers.public_check(check, template)
        public["figures"] = check_totals.count_results(
            [{"item_code": i["code"], "result": i["result"]} for i in items],
            {i["code"]: i["severity"] for i in template["items"]},
        )
        public["results"] = items
        if public["scored"]:
            public.update(check_totals.score_figures(store, check["id"]))
        checks.append(public)
    return {
        "visit": visit,
        "enterprise": {k: enterprise[k] for k in ("id", "name", "uscc", "town", "address")},
        "checks": checks,
        "problems": problems.list_page(store, visit_id=visit_id, limit=None),
    }
