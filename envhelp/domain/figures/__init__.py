"""Figures: every count the dashboard, the ledger's totals and the monthly summary show.

This package is the one home of the counting rules (docs/summary.md defines each figure):

- only **final** visits count (drafts never): :func:`final_visit`; a visit belongs to
  the day in its local date column ``visits.date`` (its time of day does not matter);
- a check is either an ordinary checklist (:func:`checklist_check`: the checklist
  figures) or a scored assessment (:func:`assessment_check`: the assessment figures),
  never both;
- a problem counts when it was found on a final visit or without a visit:
  :func:`counted_problem` (the ledger filter ``final_visits_only``, :data:`COUNTED`);
  cancelled problems (recorded in error) never count;
- a period is a date range with an as-of day (:class:`Period`).

The modules that count with them:

- :mod:`.flows` — problems found and closed in periods (found, closed, on time,
  overdue, relapses, rates), grouped by town, officer, category, ...;
- :mod:`.activity` — final visits, checks and checklist requirements in periods;
- :mod:`.open_at` — the state of the problems at a day's end, replayed from
  ``problem_events``;
- :mod:`.periods` — the headline figures of one period, read by the dashboard and
  the monthly summary alike, so the two never disagree.

Nothing loops over problems or results in Python to count: each figure is one
aggregate query (the ``*_sets`` functions serve several periods and groupings from
one pass; Python only adds up their few grouped rows). Qt-free.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from envhelp import i18n
from envhelp.domain import vocab
from envhelp.domain.fields import Field, iso_date

F_START = Field("start", "开始日期", "Start date")
F_END = Field("end", "结束日期", "End date")
F_DAY = Field("day", "统计日期", "Date")
F_AS_OF = Field("as_of", "统计截止日期", "As-of date")

FINAL = "final"  # the visit status that counts


def final_visit(alias: str = "v") -> str:
    """SQL condition: the visit ``alias`` is final (drafts never count)."""
    return f"{alias}.status = '{FINAL}'"


def counted_problem(alias: str = "p") -> str:
    """SQL condition: the problem ``alias`` was found on a final visit or without a visit."""
    return (
        f"({alias}.visit_id IS NULL OR EXISTS (SELECT 1 FROM visits fv "
        f"WHERE fv.id = {alias}.visit_id AND {final_visit('fv')}))"
    )


# The stored template versions with a scoring model (docs/checklists.md, "Scoring"): the
# same test as scoring.is_scored, over checklist_templates.content.
_SCORED_TEMPLATES = (
    "SELECT id, version FROM checklist_templates "
    "WHERE json_extract(content, '$.scoring') IS NOT NULL"
)


def assessment_check(alias: str = "c") -> str:
    """SQL condition: the check ``alias`` is a scored assessment (评估): its template
    version has a scoring model."""
    return f"(({alias}.template_id, {alias}.template_version) IN ({_SCORED_TEMPLATES}))"


def checklist_check(alias: str = "c") -> str:
    """SQL condition: the check ``alias`` is an ordinary checklist, not an assessment.

    The two never mix: an assessment counts on its own lines (by verdict, average
    share, failed indicators) and never in the checklist figures (检查表份数, items
    checked, compliance rate, requirements), so a visit that checks the storage and
    assesses the unit reports one checklist and one assessment.
    """
    return f"(NOT {assessment_check(alias)})"


# The ledger filter (domain.problems) that keeps the counted problems.
COUNTED = {"final_visits_only": True}

# How problems group: group_by → (key expression, label expression, extra joins) over
# problems p JOIN enterprises e; by officer, a problem counts for each officer of its visit.
_OFFICER_JOIN = (
    " LEFT JOIN visit_officers vo ON vo.visit_id = p.visit_id"
    " LEFT JOIN officers o ON o.id = vo.officer_id"
)
PROBLEM_GROUPS: dict[str, tuple[str, str, str]] = {
    "enterprise": ("p.enterprise_id", "e.name", ""),
    "town": ("e.town", "e.town", ""),
    "industry": ("e.industry", "e.industry", ""),
    "officer": ("vo.officer_id", "o.name", _OFFICER_JOIN),
    "category": ("p.category", "p.category", ""),
    "severity": ("p.severity", "p.severity", ""),
    "handling": ("p.handling", "p.handling", ""),
}
# The groupings of the monthly summary's breakdown sheets.
BREAKDOWNS = ("town", "officer", "category", "severity", "industry")


def iso(value: date | str | None, fld: Field) -> str:
    """A required date as ISO text (ValidationError naming ``fld`` otherwise)."""
    return iso_date(value, fld)


def _as_iso(value: date | str | None, fld: Field, default: str) -> str:
    return iso_date(value, fld, required=False) or default


@dataclass(frozen=True)
class Period:
    """One date range of figures: found from ``start`` to ``end``, as of ``as_of``."""

    start: str  # ISO dates, inclusive
    end: str
    as_of: str

    @classmethod
    def of(
        cls,
        start: date | str | None = None,
        end: date | str | None = None,
        as_of: date | str | None = None,
    ) -> Period:
        """Validated ISO dates; no start / end = unbounded, ``as_of`` defaults to ``end``
        (else today)."""
        start_iso = _as_iso(start, F_START, "0000-01-01")
        end_iso = _as_iso(end, F_END, "9999-12-31")
        default_as_of = end_iso if end is not None else date.today().isoformat()
        return cls(start_iso, end_iso, _as_iso(as_of, F_AS_OF, default_as_of))

    @property
    def period_end(self) -> str:
        """Last day a close-out counts as "closed in the period" (never after ``as_of``)."""
        return min(self.end, self.as_of)


# Groupings whose keys are stored codes, and the vocabulary that names them.
GROUP_VOCAB = {
    "category": vocab.PROBLEM_CATEGORIES,
    "severity": vocab.SEVERITIES,
    "handling": vocab.HANDLING,
    "type": vocab.VISIT_TYPES,
}


def group_label(group_by: str, key: Any, label: Any) -> str:
    """A readable label for a breakdown row (vocabulary codes translated, blanks named)."""
    if key is None:
        return i18n.pick("（未关联走访）", "(no visit)") if group_by == "officer" else ""
    if group_by in GROUP_VOCAB:
        return vocab.label(GROUP_VOCAB[group_by], key)
    if label in (None, ""):
        return i18n.pick("（未填写）", "(not recorded)")
    return str(label)


def sort_label(row: Mapping[str, Any]) -> tuple[bool, Any]:
    """Sort key of SQLite's ORDER BY label: NULL first, then text in byte (= code point) order."""
    return (row["label"] is not None, row["label"])


def grouping_rows(
    rows: Iterable[Mapping[str, Any]],
    group_sets: Sequence[str | None],
    plain: Sequence[str],
) -> Iterator[tuple[str | None, Any, Any, Mapping[str, Any]]]:
    """``(group_by, key, label, row)`` for each grouping a row of a grouping-sets query
    counts in.

    Such a query (:func:`.flows.figure_sets`, :func:`.open_at.snapshot_sets`) reads the
    groupings without a join of their own (``plain``) and the total in one GROUP BY over
    all their keys, marked ``grouping = -1`` with ``key_i``/``label_i`` per plain
    grouping; each joined grouping has its own SELECT, marked with its index in
    ``group_sets``.
    """
    for row in rows:
        if row["grouping"] == -1:
            if None in group_sets:
                yield None, None, None, row
            for i, group_by in enumerate(plain):
                yield group_by, row[f"key_{i}"], row[f"label_{i}"], row
        else:
            yield group_sets[row["grouping"]], row["key_0"], row["label_0"], row
