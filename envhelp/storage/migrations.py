"""Ordered schema migrations; ``PRAGMA user_version`` is the number applied.

Never edit a migration that has shipped: add a new one at the end. The first seven live
in :mod:`envhelp.storage.schema_v1_v7` with ``run_script``. Each runs
in its own transaction, so a failure leaves the database at the previous
version. Tests build a database at every older version and upgrade it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from envhelp.storage.schema_v1_v7 import (
    RECORD_COLUMNS,
    run_script,
    v1_foundation,
    v2_checklists_and_ledger,
    v3_visit_amendments,
    v4_search_and_list_indexes,
    v5_summary_indexes,
    v6_enterprise_open_problems_index,
    v7_check_scope,
)


def _visit_materials(conn: sqlite3.Connection) -> None:
    """``visits.materials``: copies of publicity material handed out on the visit (份),
    a figure of the monthly report (docs/summary.md); 0 for the visits made before."""
    run_script(
        conn,
        "ALTER TABLE visits ADD COLUMN materials INTEGER NOT NULL DEFAULT 0 "
        "CHECK (materials >= 0);",
    )


def _photo_taken_at(conn: sqlite3.Connection) -> None:
    """When a photo was taken: ``attachments.taken_at`` (local time, ISO, to the second)
    and ``taken_from`` ("exif" from the camera, "added" the time it was attached).

    Files attached before keep NULL and '' (the record then shows no time taken).
    """
    run_script(
        conn,
        """
        ALTER TABLE attachments ADD COLUMN taken_at TEXT;
        ALTER TABLE attachments ADD COLUMN taken_from TEXT NOT NULL DEFAULT '';
        """,
    )


# The record tables that exchange bundles merge by version (see _exchange_merge).
_VERSIONED_TABLES = (
    "officers",
    "enterprises",
    "visits",
    "visit_amendments",
    "checks",
    "check_results",
    "problems",
    "attachments",
)


def _exchange_merge(conn: sqlite3.Connection) -> None:
    """What merging bundles from several laptops needs (docs/bundle-format.md, "Merge rules").

    - ``versions`` on every record table: a version vector, JSON ``{laptop id: number of
      changes}``. An import compares vectors instead of clocks to tell a later change
      (one made after seeing the other) from a concurrent one (a conflict).
      ``field_versions``: for each field changed since, ``[laptop id, count]`` of the
      change that set it, so that two laptops changing different fields both keep theirs.
    - ``problem_events.lamport``: a per-problem counter, one more than the largest the
      laptop knew when it wrote the event; the problem's state is replayed in
      (lamport, at, id) order. Existing events are numbered in their (at, rowid) order.
    - ``merge_conflicts``: the value that lost when two laptops changed the same record,
      kept for the record's history and the import report.
    """

    for table in _VERSIONED_TABLES:
        conn.execute(f"ALTER TABLE [{table}] ADD COLUMN versions TEXT NOT NULL DEFAULT '{{}}'")
        conn.execute(
            f"ALTER TABLE [{table}] ADD COLUMN field_versions TEXT NOT NULL DEFAULT '{{}}'"
        )
    # This database's name in version vectors (local.laptop_id) is made, audited like any
    # setting, by storage/versions.py on the first change: a row written here without an
    # audit entry would be reported by `envhelp check` as inserted outside the app.
    run_script(
        conn,
        """
        ALTER TABLE problem_events ADD COLUMN lamport INTEGER;
        UPDATE problem_events SET lamport = (
            SELECT count(*) FROM problem_events e
            WHERE e.problem_id = problem_events.problem_id
              AND (e.at < problem_events.at
                   OR (e.at = problem_events.at AND e.rowid <= problem_events.rowid))
        );
        CREATE TABLE merge_conflicts (
            id TEXT PRIMARY KEY,
            table_name TEXT NOT NULL,
            record_id TEXT NOT NULL,
            field TEXT NOT NULL,
            kept_value TEXT,
            other_value TEXT,
            kept_by TEXT NOT NULL DEFAULT '',
            other_by TEXT NOT NULL DEFAULT '',
            kept_at TEXT,
            other_at TEXT,
            rule TEXT NOT NULL,
            detected_at TEXT NOT NULL,
            detected_by TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX merge_conflicts_record ON merge_conflicts(table_name, record_id);
        """,
    )


def _enterprise_pinyin_sort_key(conn: sqlite3.Connection) -> None:
    """``enterprises.sort_key``: the name's pinyin, so lists sort 安 … 北 … 青 as officers
    expect, with an index for the list's default order. The domain computes it
    (``enterprises.sort_key``); rows stored before, or arriving without one in an older
    app's bundle, get theirs when the list is next read (``enterprises.fill_sort_keys``)."""
    run_script(
        conn,
        """
        ALTER TABLE enterprises ADD COLUMN sort_key TEXT NOT NULL DEFAULT '';
        CREATE INDEX enterprises_sort_key ON enterprises(sort_key, id);
        """,
    )


def _bundle_keys(conn: sqlite3.Connection) -> None:
    """Public keys of the laptops whose signed bundles this database has met, and whether
    this laptop trusts them (docs/bundle-format.md, "Signature and trust"). ``id`` is the
    key's fingerprint; ``created_at`` when it was first met, ``updated_*`` the decision."""
    run_script(
        conn,
        f"""
        CREATE TABLE bundle_keys (
            id TEXT PRIMARY KEY,
            public_key TEXT NOT NULL,
            officer TEXT NOT NULL DEFAULT '',
            laptop TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL CHECK (status IN ('unknown', 'trusted', 'revoked')),
            {RECORD_COLUMNS}
        );
        """,
    )


def _attachment_position(conn: sqlite3.Connection) -> None:
    """``attachments.position``: the order an officer put a visit's photos in (0 for
    those stored before, which keep their order by time)."""
    run_script(conn, "ALTER TABLE attachments ADD COLUMN position INTEGER NOT NULL DEFAULT 0;")


def _check_result_points(conn: sqlite3.Connection) -> None:
    """``check_results.points``: the points an officer chose for an item of a scored
    assessment (docs/checklists.md, "Scoring"), as decimal text ("1", "1.5"): exact, and
    a bundle carries no floats. NULL for every answer stored before and for unscored
    templates: an item then earns what its result implies."""
    run_script(conn, "ALTER TABLE check_results ADD COLUMN points TEXT;")


def _inspection_record_fields(conn: sqlite3.Connection) -> None:
    """What a 现场检查（勘察）笔录 records beyond the visit's date and officers, the numbers
    of the documents issued on a visit, and a follow-up's finding on each problem.

    ``visits``: ``end_time`` (the start is ``time``), ``place`` (empty: the enterprise's
    address), the person on site's post and phone (``representative`` is the name),
    ``recorder_id``, ``witness``, ``party_answer`` (the answer to the notices given at
    the start), and ``notice_no`` / ``order_no`` (given when the document is first
    issued). ``problem_events.finding``: ``fixed`` / ``partial`` / ``not_fixed`` on the
    event a follow-up visit recorded for the problem. Follow-ups recorded before keep
    NULL: their finding is read from the event itself (followups.followup_findings), since
    a row rewritten here, outside the audit log, would fail ``envhelp check``.
    """
    run_script(
        conn,
        """
        ALTER TABLE visits ADD COLUMN end_time TEXT NOT NULL DEFAULT '';
        ALTER TABLE visits ADD COLUMN place TEXT NOT NULL DEFAULT '';
        ALTER TABLE visits ADD COLUMN representative_post TEXT NOT NULL DEFAULT '';
        ALTER TABLE visits ADD COLUMN representative_phone TEXT NOT NULL DEFAULT '';
        ALTER TABLE visits ADD COLUMN recorder_id TEXT REFERENCES officers(id);
        ALTER TABLE visits ADD COLUMN witness TEXT NOT NULL DEFAULT '';
        ALTER TABLE visits ADD COLUMN party_answer TEXT NOT NULL DEFAULT '';
        ALTER TABLE visits ADD COLUMN notice_no TEXT;
        ALTER TABLE visits ADD COLUMN order_no TEXT;
        CREATE UNIQUE INDEX visits_notice_no ON visits(notice_no) WHERE notice_no IS NOT NULL;
        CREATE UNIQUE INDEX visits_order_no ON visits(order_no) WHERE order_no IS NOT NULL;

        ALTER TABLE problem_events ADD COLUMN finding TEXT;
        CREATE INDEX problem_events_visit ON problem_events(visit_id) WHERE visit_id IS NOT NULL;
        """,
    )


# The version vectors every record table carries since _exchange_merge.
MERGE_COLUMNS = """
    versions TEXT NOT NULL DEFAULT '{}',
    field_versions TEXT NOT NULL DEFAULT '{}'
"""


def _inspection_rules(conn: sqlite3.Connection) -> None:
    """The 2025 inspection rules and 双随机一公开 (docs/inspection-rules.md).

    Enterprises gain their supervision class for random checks (重点/特殊/一般, with
    the reason for 特殊), credit grade, 正面清单 membership and whether they asked for
    visits; officers a period when they cannot be drawn; visits their task source,
    inspection kind and the reason recorded when one went over the yearly cap. A
    random draw (``random_draws``) keeps its seed, quotas and candidate digests so it
    can be re-run; its tasks (``random_tasks``) name the enterprise, the officers and,
    once started, the visit. Rows made before: class 一般, no grade, source 日常监管.
    """
    run_script(
        conn,
        f"""
        ALTER TABLE enterprises ADD COLUMN supervision_class TEXT NOT NULL DEFAULT 'general';
        ALTER TABLE enterprises ADD COLUMN supervision_reason TEXT NOT NULL DEFAULT '';
        ALTER TABLE enterprises ADD COLUMN credit_grade TEXT NOT NULL DEFAULT '';
        ALTER TABLE enterprises ADD COLUMN positive_list INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE enterprises ADD COLUMN invites_visits INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE officers ADD COLUMN unavailable_from TEXT;
        ALTER TABLE officers ADD COLUMN unavailable_to TEXT;
        ALTER TABLE visits ADD COLUMN task_source TEXT NOT NULL DEFAULT 'routine';
        ALTER TABLE visits ADD COLUMN inspection_kind TEXT NOT NULL DEFAULT 'routine';
        ALTER TABLE visits ADD COLUMN cap_reason TEXT NOT NULL DEFAULT '';

        CREATE TABLE random_draws (
            id TEXT PRIMARY KEY,
            period TEXT NOT NULL,
            seed INTEGER NOT NULL,
            quotas TEXT NOT NULL,
            officers_per_task INTEGER NOT NULL,
            include_positive INTEGER NOT NULL DEFAULT 0,
            enterprises_digest TEXT NOT NULL,
            officers_digest TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'replaced')),
            replace_reason TEXT NOT NULL DEFAULT '',
            {RECORD_COLUMNS},
            {MERGE_COLUMNS}
        );
        -- One plan in force per period; a redraw marks the old one replaced.
        CREATE UNIQUE INDEX random_draws_active_period ON random_draws(period)
            WHERE status = 'active';

        CREATE TABLE random_tasks (
            id TEXT PRIMARY KEY,
            draw_id TEXT NOT NULL REFERENCES random_draws(id),
            position INTEGER NOT NULL,
            enterprise_id TEXT NOT NULL REFERENCES enterprises(id),
            supervision_class TEXT NOT NULL,
            officer_ids TEXT NOT NULL,
            visit_id TEXT REFERENCES visits(id),
            {RECORD_COLUMNS},
            {MERGE_COLUMNS}
        );
        CREATE INDEX random_tasks_draw ON random_tasks(draw_id, position);
        CREATE INDEX random_tasks_enterprise ON random_tasks(enterprise_id);
        """,
    )


def _discharge_permits(conn: sqlite3.Connection) -> None:
    """The discharge permit on file (排污许可, docs/permits.md): one permit per enterprise,
    its outlets (pollutants with permitted concentration, yearly quantity and monitoring
    frequency as JSON), and what the enterprise showed for each report that fell due.
    Each table carries ``versions``/``field_versions`` like the other records, so bundles
    merge them by the same rules (docs/bundle-format.md). ``check_answers.permit_items``: the
    permit's outlets a permit checklist was expanded from (JSON; NULL for other checks)."""
    run_script(
        conn,
        f"""
        CREATE TABLE permits (
            id TEXT PRIMARY KEY,
            enterprise_id TEXT NOT NULL REFERENCES enterprises(id),
            permit_no TEXT NOT NULL,
            management_class TEXT NOT NULL
                CHECK (management_class IN ('key', 'simplified', 'registration')),
            issuing_authority TEXT NOT NULL DEFAULT '',
            issued_on TEXT NOT NULL,
            valid_until TEXT NOT NULL CHECK (valid_until > issued_on),
            report_frequencies TEXT NOT NULL DEFAULT '[]',
            notes TEXT NOT NULL DEFAULT '',
            versions TEXT NOT NULL DEFAULT '{{}}',
            field_versions TEXT NOT NULL DEFAULT '{{}}',
            {RECORD_COLUMNS}
        );
        CREATE UNIQUE INDEX permits_enterprise ON permits(enterprise_id);
        CREATE UNIQUE INDEX permits_permit_no ON permits(permit_no);
        CREATE INDEX permits_valid_until ON permits(valid_until);

        CREATE TABLE permit_outlets (
            id TEXT PRIMARY KEY,
            permit_id TEXT NOT NULL REFERENCES permits(id),
            position INTEGER NOT NULL DEFAULT 0,
            code TEXT NOT NULL,
            name TEXT NOT NULL DEFAULT '',
            medium TEXT NOT NULL CHECK (medium IN ('air', 'water')),
            kind TEXT NOT NULL CHECK (kind IN ('organised', 'fugitive')),
            pollutants TEXT NOT NULL DEFAULT '[]',
            versions TEXT NOT NULL DEFAULT '{{}}',
            field_versions TEXT NOT NULL DEFAULT '{{}}',
            {RECORD_COLUMNS}
        );
        CREATE UNIQUE INDEX permit_outlets_code ON permit_outlets(permit_id, code);

        CREATE TABLE permit_reports (
            id TEXT PRIMARY KEY,
            permit_id TEXT NOT NULL REFERENCES permits(id),
            kind TEXT NOT NULL
                CHECK (kind IN ('annual', 'semiannual', 'quarterly', 'monthly', 'renewal')),
            period TEXT NOT NULL,
            due_on TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('on_time', 'late', 'missing')),
            shown_on TEXT,
            note TEXT NOT NULL DEFAULT '',
            versions TEXT NOT NULL DEFAULT '{{}}',
            field_versions TEXT NOT NULL DEFAULT '{{}}',
            {RECORD_COLUMNS}
        );
        CREATE UNIQUE INDEX permit_reports_period ON permit_reports(permit_id, kind, period);

        ALTER TABLE checks ADD COLUMN permit_items TEXT;
        """,
    )


def _permit_status(conn: sqlite3.Connection) -> None:
    """A permit on file taken out of force (docs/permits.md): 注销, 撤销 or entered in error,
    with its day and reason; an update, so bundles and the hub carry it and it can be undone.
    The number is no longer unique in the schema: one voided under the wrong enterprise is
    entered for the right one, and a bundle may bring the two rows in either order. Local
    entry still refuses a number in force elsewhere (``permits._check_number_free``)."""
    run_script(
        conn,
        """
        ALTER TABLE permits ADD COLUMN status TEXT NOT NULL DEFAULT 'in_force'
            CHECK (status IN ('in_force', 'cancelled', 'revoked', 'void'));
        ALTER TABLE permits ADD COLUMN status_on TEXT;
        ALTER TABLE permits ADD COLUMN status_reason TEXT NOT NULL DEFAULT '';
        DROP INDEX permits_permit_no;
        CREATE INDEX permits_permit_no ON permits(permit_no);
        """,
    )


def _tombstones(conn: sqlite3.Connection) -> None:
    """Deletions that travel between laptops (docs/bundle-format.md, "Deletions"): one row
    per deleted record, with its version vector at the deletion (storage/tombstones.py)."""
    run_script(
        conn,
        """
        CREATE TABLE tombstones (
            table_name TEXT NOT NULL,
            record_id TEXT NOT NULL,
            versions TEXT NOT NULL DEFAULT '{}',
            deleted_at TEXT NOT NULL,
            deleted_by TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (table_name, record_id)
        );
        """,
    )


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    v1_foundation,
    v2_checklists_and_ledger,
    v3_visit_amendments,
    v4_search_and_list_indexes,
    v5_summary_indexes,
    v6_enterprise_open_problems_index,
    v7_check_scope,
    _visit_materials,
    _photo_taken_at,
    _enterprise_pinyin_sort_key,
    _attachment_position,
    _exchange_merge,
    _bundle_keys,
    _check_result_points,
    _inspection_record_fields,
    _inspection_rules,
    _discharge_permits,
    _permit_status,
    _tombstones,
]

LATEST = len(MIGRATIONS)
