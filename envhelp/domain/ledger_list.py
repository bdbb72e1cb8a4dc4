"""The ledger list (问题台账): which problems it shows (:class:`LedgerFilter`), one page of
them, their count and every row for exports, each row with its overdue figures.

The SQL is :mod:`envhelp.domain.problems`'; this module adds the filter and the
derived columns (``overdue``, ``days_overdue``) and the one definition of "due soon".
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields
from datetime import date, timedelta
from typing import Any

from envhelp.domain import problems
from envhelp.storage import Store

OPEN_STATUSES = problems.OPEN_STATUSES


@dataclass
class LedgerFilter:
    """What the ledger shows; every field is optional (None/False = no restriction).

    ``status`` is one status or a tuple of them; ``overdue`` keeps only problems
    past their deadline on the day the query runs (or the ``today`` given).
    Date ranges are inclusive ISO dates or :class:`date` objects; ``closed_from`` /
    ``closed_to`` bound the close-out date (销号日期), so a closed range leaves out
    every problem not closed. ``final_visits_only`` keeps problems found on a final
    visit or without a visit (the problems the summary and dashboard figures count).
    """

    status: str | tuple[str, ...] | None = None
    overdue: bool = False
    town: str | None = None
    category: str | None = None
    severity: str | None = None
    officer_id: str | None = None
    enterprise_id: str | None = None
    found_from: date | str | None = None
    found_to: date | str | None = None
    deadline_from: date | str | None = None
    deadline_to: date | str | None = None
    search: str | None = None
    closed_from: date | str | None = None
    closed_to: date | str | None = None
    final_visits_only: bool = False

    def to_kwargs(self, today: date | None = None) -> dict[str, Any]:
        """Keyword filters for :func:`envhelp.domain.problems.list_page` and ``count``."""
        out = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "overdue"}
        out["overdue_on"] = (today or date.today()) if self.overdue else None
        return out


SORT_KEYS = tuple(problems.SORT_KEYS)

# "Due soon" (7 天内到期), the one definition: open or rectifying, and the deadline is
# today or within the next DUE_SOON_DAYS days (a problem due in 7 days counts).
DUE_SOON_DAYS = 7


def due_soon_filter(today: date | None = None) -> LedgerFilter:
    """The problems due soon on ``today``: the dashboard's 「7 天内到期」."""
    today = today or date.today()
    return LedgerFilter(
        status=OPEN_STATUSES,
        deadline_from=today.isoformat(),
        deadline_to=(today + timedelta(days=DUE_SOON_DAYS)).isoformat(),
    )


def is_due_soon(problem: Mapping[str, Any], today: date | None = None) -> bool:
    """Whether ``problem`` is due soon (see :func:`due_soon_filter`)."""
    deadline = problem.get("deadline")
    if problem.get("status") not in OPEN_STATUSES or not deadline:
        return False
    left = (date.fromisoformat(deadline) - (today or date.today())).days
    return 0 <= left <= DUE_SOON_DAYS


def days_overdue(problem: Mapping[str, Any], today: date | None = None) -> int:
    """Days past the deadline: as of ``today`` while open, at the close-out once closed."""
    deadline = problem.get("deadline")
    if not deadline:
        return 0
    if problem["status"] in OPEN_STATUSES:
        end = today or date.today()
    elif problem["status"] == "closed" and problem.get("closed_on"):
        end = date.fromisoformat(problem["closed_on"])
    else:
        return 0
    return max(0, (end - date.fromisoformat(deadline)).days)


def decorate(row: dict[str, Any], today: date | None = None) -> dict[str, Any]:
    """Add the derived ``overdue`` flag and ``days_overdue`` to a ledger row."""
    row["overdue"] = problems.is_overdue(row, today)
    row["days_overdue"] = days_overdue(row, today)
    return row


def list_page(
    store: Store,
    flt: LedgerFilter | None = None,
    *,
    order_by: str | None = None,
    descending: bool = False,
    limit: int | None = 200,
    offset: int = 0,
    today: date | None = None,
) -> list[dict[str, Any]]:
    """One page of the ledger (problem row + enterprise_name, town, uscc, closed_by_name,
    overdue, days_overdue). ``order_by`` is one of :data:`SORT_KEYS` (default: deadline)."""
    today = today or date.today()
    rows = problems.list_page(
        store,
        limit=limit,
        offset=offset,
        order_by=order_by,
        descending=descending,
        **(flt or LedgerFilter()).to_kwargs(today),
    )
    return [decorate(r, today) for r in rows]


def count(store: Store, flt: LedgerFilter | None = None, *, today: date | None = None) -> int:
    """How many problems the filter matches (for paging and progress)."""
    return problems.count(store, **(flt or LedgerFilter()).to_kwargs(today))


def iter_rows(
    store: Store,
    flt: LedgerFilter | None = None,
    *,
    order_by: str | None = None,
    descending: bool = False,
    today: date | None = None,
) -> Iterator[dict[str, Any]]:
    """Every matching ledger row, streamed (exports); same keys as :func:`list_page`."""
    today = today or date.today()
    rows = problems.iter_rows(
        store,
        order_by=order_by,
        descending=descending,
        **(flt or LedgerFilter()).to_kwargs(today),
    )
    return (decorate(r, today) for r in rows)
