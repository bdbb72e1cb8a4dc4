"""The headline figures of one period: what the dashboard's cards and the monthly
summary's overview both show, read by the same function so they never disagree."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from envhelp.domain import vocab
from envhelp.domain.figures import activity, flows
from envhelp.storage import Store


def combine(
    visits: Mapping[str, Any],
    checks: Mapping[str, Any],
    problems: Mapping[str, Any],
    by_handling: Sequence[Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    """One period's figures from its visit, check and problem figures (and the problems
    found per handling, when read): the keys of docs/summary.md's overview."""
    out: dict[str, Any] = {**visits, **checks}
    out["problems_found"] = problems["found"]
    counts = dict.fromkeys(vocab.HANDLING, 0)
    for r in by_handling or ():
        counts[r["key"]] = r["found"]
    if by_handling is None:  # one figure only: fixed on the spot, the rest tracked
        counts["on_the_spot"] = problems["on_the_spot"]
    out["problems_by_handling"] = counts
    out["problems_closed"] = problems["closed_in_period"]
    out["rectification_rate"] = problems["rectification_rate"]
    out["on_time_rate"] = problems["on_time_rate"]
    out["relapses"] = problems["relapses"]
    out["problems_found_closed"] = problems["closed"]
    out["problems_closed_on_time"] = problems["closed_on_time"]
    return out


def period_figures(
    store: Store, start: date, end: date, *, checks: bool = True, handling: bool = True
) -> dict[str, Any]:
    """The headline figures of ``start``..``end`` (problem state as of ``end``).

    The dashboard, which shows neither, passes ``checks=False`` (no checklist or
    assessment figures) and ``handling=False`` (``problems_by_handling`` then holds
    on_the_spot only).
    """
    out = combine(
        activity.visit_figures(store, start, end),
        activity.check_figures(store, start, end) if checks else {},
        flows.problem_figures(store, start, end, as_of=end),
        flows.problem_breakdown(store, "handling", start, end, as_of=end) if handling else None,
    )
    if checks:
        (assessed,) = activity.assessment_sets(store, {"range": (start, end)}).values()
        out.update({k: assessed[k] for k in activity.ASSESSMENT_KEYS})
        permit = activity.permit_check_figures(store, start, end)
        out.update(permit_checks=permit["permit_checks"], permit_findings=permit["permit_findings"])
    return out
