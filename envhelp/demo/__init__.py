"""A realistic demo district: towns, enterprises, officers, a year of visits and problems.

Everything is drawn from one ``random.Random(seed)`` and goes through the same
core services an officer's actions use (so the demo also exercises the rules).
The same seed and end date give the same database, ids included.

The district's standing data is in demo/district.py, its year of work in
demo/year_of_visits.py; :func:`generate` makes them in a fixed order of draws.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from envhelp.demo import district, year_of_visits
from envhelp.domain import enterprises, officers, settings, stored_templates
from envhelp.storage import Store
from envhelp.storage.clock import seeded_ids


@dataclass
class DemoSummary:
    officers: int = 0
    enterprises: int = 0
    visits: int = 0
    problems: int = 0
    assessments: int = 0
    extra: dict[str, int] = field(default_factory=dict)


def generate(
    store: Store,
    *,
    seed: int = 1,
    end: date | None = None,
    enterprise_count: int = 40,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> DemoSummary:
    """Fill ``store`` with the demo district: 12 months of work ending with ``end``'s month.

    Runs as one transaction; refuses a database that already holds enterprises.
    ``progress(done, total)`` hears of each visit made; when ``cancelled()`` turns true
    it stops with OperationCancelled and nothing is written.
    """
    from envhelp.errors import OperationCancelled, StateError

    rng = random.Random(seed)
    end = end or date.today()
    summary = DemoSummary()
    with store.transaction(), seeded_ids(random.Random(seed + 1)):
        if store.scalar("SELECT count(*) FROM enterprises"):
            raise StateError(
                "数据库中已有企业，演示数据只能写入空数据库。",
                "The database already holds enterprises; demo data goes into an empty one only.",
            )
        settings.put_many(store, district.BUREAU_SETTINGS)
        officer_rows = [
            officers.add(
                store,
                {"name": n, "cert_no": c, "unit": district.UNIT, "phone": district.phone(rng)},
            )
            for n, c in district.OFFICERS
        ]
        officers.set_current(store, officer_rows[0]["id"])
        stored_templates.ensure_builtin_templates(store)
        summary.officers = len(officer_rows)
        # The inspection-rules part draws from its own generator, so the rest of the
        # district stays what it was before those rules were added.
        rules_rng = random.Random(seed + 3)
        records = district.classify(rules_rng, district.enterprise_records(rng, enterprise_count))
        ents = [enterprises.add(store, rec) for rec in records]
        summary.enterprises = len(ents)
        by_id = {e["id"]: e for e in ents}
        plan = year_of_visits.visit_plan(rng, ents, end)
        # The assessments draw their ids from their own stream, so the rest of the
        # district (and the figures the tests know) is the same with or without them.
        assessment_ids = random.Random(seed + 2)
        for done, (visit_date, enterprise, visit_type) in enumerate(plan):
            if progress is not None:
                progress(done, len(plan))
            if cancelled is not None and cancelled():
                raise OperationCancelled("已取消生成演示数据。", "Demo data cancelled.")
            if visit_type == "follow_up":
                enterprise = (
                    year_of_visits.needs_follow_up(store, rng, visit_date, by_id) or enterprise
                )
            year_of_visits.make_visit(
                store,
                rng,
                enterprise,
                visit_type,
                visit_date,
                officer_rows,
                end,
                summary,
                assessment_ids,
                rules_rng,
            )
        year_of_visits.review_documents(store, rng, officer_rows, end)
        year_of_visits.random_quarter(store, rules_rng, seed, end)
        district.add_permits(
            store, random.Random(seed + 2), ents, end
        )  # own generator: visits unchanged
        summary.visits = store.scalar("SELECT count(*) FROM visits")
        summary.problems = store.scalar("SELECT count(*) FROM problems")
    return summary


def example_visits(store: Store) -> tuple[str, str]:
    """Two demo visits worth printing (docs/examples, tests): the latest final inspection
    with problems still to rectify (one fixed on the spot if any), and the final 回头看
    that concluded on the most problems."""
    inspection = store.scalar(
        "SELECT v.id FROM visits v WHERE v.status = 'final' AND v.type = 'inspection' "
        "AND EXISTS (SELECT 1 FROM problems p WHERE p.visit_id = v.id "
        "            AND p.status IN ('open', 'rectifying')) "
        "ORDER BY EXISTS (SELECT 1 FROM problems p WHERE p.visit_id = v.id "
        "                 AND p.handling = 'on_the_spot') DESC, v.date DESC LIMIT 1"
    )
    follow_up = store.scalar(
        "SELECT e.visit_id FROM problem_events e JOIN visits v ON v.id = e.visit_id "
        "WHERE e.finding IS NOT NULL AND v.status = 'final' "
        "GROUP BY e.visit_id ORDER BY count(*) DESC, v.date DESC LIMIT 1"
    )
    return inspection, follow_up
