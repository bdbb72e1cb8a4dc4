"""Ordered schema migrations; ``PRAGMA user_version`` is the number applied.

Never edit a migration that has shipped: add a new one at the end. Each runs
in its own transaction, so a failure leaves the database at the previous
version. Tests build a database at every older version and upgrade it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator


def split_statements(script: str) -> Iterator[str]:
    """Yield complete SQL statements (triggers with inner ``;`` stay whole)."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            statement = pending.strip()
            pending = ""
            if statement.strip(";").strip():
                yield statement
    if pending.strip():
        raise ValueError(f"incomplete SQL statement: {pending.strip()[:80]}")


def run_script(conn: sqlite3.Connection, script: str) -> None:
    """Run statements one by one; unlike ``executescript`` this never commits."""
    for statement in split_statements(script):
        conn.execute(statement)


# Columns every record table carries: who made it and when, in UTC ISO-8601.
RECORD_COLUMNS = """
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    created_by TEXT NOT NULL DEFAULT '',
    updated_by TEXT NOT NULL DEFAULT ''
"""


def _v1_foundation(conn: sqlite3.Connection) -> None:
    run_script(
        conn,
        f"""
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            updated_by TEXT NOT NULL DEFAULT ''
        );

        CREATE TABLE officers (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            cert_no TEXT NOT NULL DEFAULT '',
            unit TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            active INTEGER NOT NULL DEFAULT 1,
            {RECORD_COLUMNS}
        );

        CREATE TABLE enterprises (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            uscc TEXT,
            legal_rep TEXT NOT NULL DEFAULT '',
            contact_person TEXT NOT NULL DEFAULT '',
            contact_phone TEXT NOT NULL DEFAULT '',
            address TEXT NOT NULL DEFAULT '',
            town TEXT NOT NULL DEFAULT '',
            industry TEXT NOT NULL DEFAULT '',
            permit_no TEXT NOT NULL DEFAULT '',
            permit_class TEXT NOT NULL DEFAULT '',
            hw_categories TEXT NOT NULL DEFAULT '[]',
            notes TEXT NOT NULL DEFAULT '',
            search_text TEXT NOT NULL DEFAULT '',
            {RECORD_COLUMNS}
        );
        CREATE UNIQUE INDEX enterprises_uscc ON enterprises(uscc) WHERE uscc IS NOT NULL;
        CREATE INDEX enterprises_name ON enterprises(name);
        CREATE INDEX enterprises_town ON enterprises(town);

        CREATE TABLE visits (
            id TEXT PRIMARY KEY,
            enterprise_id TEXT NOT NULL REFERENCES enterprises(id),
            date TEXT NOT NULL,
            time TEXT NOT NULL DEFAULT '',
            type TEXT NOT NULL
                CHECK (type IN ('law_publicity', 'stationed', 'inspection', 'follow_up')),
            representative TEXT NOT NULL DEFAULT '',
            guidance TEXT NOT NULL DEFAULT '',
            laws TEXT NOT NULL DEFAULT '[]',
            satisfaction TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'final')),
            record_no TEXT,
            finalized_at TEXT,
            {RECORD_COLUMNS}
        );
        CREATE INDEX visits_enterprise ON visits(enterprise_id, date);
        CREATE INDEX visits_date ON visits(date);
        CREATE UNIQUE INDEX visits_record_no ON visits(record_no) WHERE record_no IS NOT NULL;

        CREATE TABLE visit_officers (
            visit_id TEXT NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
            officer_id TEXT NOT NULL REFERENCES officers(id),
            position INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (visit_id, officer_id)
        );
        CREATE INDEX visit_officers_officer ON visit_officers(officer_id);

        CREATE TABLE problems (
            id TEXT PRIMARY KEY,
            enterprise_id TEXT NOT NULL REFERENCES enterprises(id),
            visit_id TEXT REFERENCES visits(id),
            found_on TEXT NOT NULL,
            category TEXT NOT NULL DEFAULT '',
            description TEXT NOT NULL,
            severity TEXT NOT NULL DEFAULT 'minor' CHECK (severity IN ('major', 'minor')),
            requirement TEXT NOT NULL DEFAULT '',
            legal_basis TEXT NOT NULL DEFAULT '',
            handling TEXT NOT NULL DEFAULT 'deadline'
                CHECK (handling IN ('on_the_spot', 'deadline', 'supervised', 'case')),
            deadline TEXT,
            status TEXT NOT NULL DEFAULT 'open'
                CHECK (status IN ('open', 'rectifying', 'closed', 'cancelled')),
            {RECORD_COLUMNS}
        );
        CREATE INDEX problems_enterprise ON problems(enterprise_id, status);
        CREATE INDEX problems_visit ON problems(visit_id);
        CREATE INDEX problems_status_deadline ON problems(status, deadline);

        CREATE TABLE attachments (
            id TEXT PRIMARY KEY,
            sha256 TEXT NOT NULL,
            filename TEXT NOT NULL,
            mime TEXT NOT NULL DEFAULT '',
            size INTEGER NOT NULL DEFAULT 0,
            caption TEXT NOT NULL DEFAULT '',
            visit_id TEXT REFERENCES visits(id),
            problem_id TEXT REFERENCES problems(id),
            check_result_id TEXT,
            {RECORD_COLUMNS}
        );
        CREATE INDEX attachments_visit ON attachments(visit_id);
        CREATE INDEX attachments_problem ON attachments(problem_id);

        -- Append-only: the app never updates or deletes a row here, and the
        -- triggers refuse it; each row carries the hash of the one before.
        CREATE TABLE audit_log (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete')),
            table_name TEXT NOT NULL,
            record_id TEXT NOT NULL,
            before TEXT,
            after TEXT,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        );
        CREATE INDEX audit_log_record ON audit_log(table_name, record_id);
        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
        CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
        """,
    )


def _v2_checklists_and_ledger(conn: sqlite3.Connection) -> None:
    """Checklist templates and checks on visits; problem life-cycle fields and history."""
    run_script(
        conn,
        f"""
        CREATE TABLE checklist_templates (
            id TEXT NOT NULL,
            version TEXT NOT NULL,
            title_zh TEXT NOT NULL,
            title_en TEXT NOT NULL DEFAULT '',
            standard TEXT NOT NULL DEFAULT '',
            content TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            imported_at TEXT NOT NULL,
            PRIMARY KEY (id, version)
        );

        CREATE TABLE checks (
            id TEXT PRIMARY KEY,
            visit_id TEXT NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
            template_id TEXT NOT NULL,
            template_version TEXT NOT NULL,
            position INTEGER NOT NULL DEFAULT 0,
            {RECORD_COLUMNS},
            FOREIGN KEY (template_id, template_version)
                REFERENCES checklist_templates(id, version)
        );
        CREATE INDEX checks_visit ON checks(visit_id);

        CREATE TABLE check_results (
            id TEXT PRIMARY KEY,
            check_id TEXT NOT NULL REFERENCES checks(id) ON DELETE CASCADE,
            item_code TEXT NOT NULL,
            result TEXT NOT NULL DEFAULT 'unanswered'
                CHECK (result IN ('unanswered', 'compliant', 'non_compliant',
                                  'not_applicable', 'not_checked')),
            note TEXT NOT NULL DEFAULT '',
            {RECORD_COLUMNS},
            UNIQUE (check_id, item_code)
        );

        ALTER TABLE problems ADD COLUMN check_result_id TEXT REFERENCES check_results(id);
        ALTER TABLE problems ADD COLUMN item_code TEXT NOT NULL DEFAULT '';
        ALTER TABLE problems ADD COLUMN rectify_plan TEXT NOT NULL DEFAULT '';
        ALTER TABLE problems ADD COLUMN promised_on TEXT;
        ALTER TABLE problems ADD COLUMN closed_on TEXT;
        ALTER TABLE problems ADD COLUMN closed_by TEXT REFERENCES officers(id);
        ALTER TABLE problems ADD COLUMN close_method TEXT NOT NULL DEFAULT '';
        ALTER TABLE problems ADD COLUMN close_note TEXT NOT NULL DEFAULT '';
        ALTER TABLE problems ADD COLUMN close_visit_id TEXT REFERENCES visits(id);
        ALTER TABLE problems ADD COLUMN cancel_reason TEXT NOT NULL DEFAULT '';
        ALTER TABLE problems ADD COLUMN relapse_of TEXT REFERENCES problems(id);
        CREATE INDEX problems_item ON problems(enterprise_id, item_code);

        CREATE TABLE problem_events (
            id TEXT PRIMARY KEY,
            problem_id TEXT NOT NULL REFERENCES problems(id) ON DELETE CASCADE,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            from_status TEXT,
            to_status TEXT NOT NULL,
            kind TEXT NOT NULL DEFAULT 'transition',
            reason TEXT NOT NULL DEFAULT '',
            old_deadline TEXT,
            new_deadline TEXT,
            visit_id TEXT REFERENCES visits(id)
        );
        CREATE INDEX problem_events_problem ON problem_events(problem_id, at);
        """,
    )


def _v3_visit_amendments(conn: sqlite3.Connection) -> None:
    """Corrections to final visits: who (created_by), when (created_at), why, before/after."""
    run_script(
        conn,
        f"""
        CREATE TABLE visit_amendments (
            id TEXT PRIMARY KEY,
            visit_id TEXT NOT NULL REFERENCES visits(id),
            reason TEXT NOT NULL,
            before TEXT NOT NULL,
            after TEXT NOT NULL,
            {RECORD_COLUMNS}
        );
        CREATE INDEX visit_amendments_visit ON visit_amendments(visit_id, created_at);
        """,
    )


def _v4_search_and_list_indexes(conn: sqlite3.Connection) -> None:
    """Trigram full-text index over ``enterprises.search_text``; indexes for list orders.

    External content (the text stays only in ``enterprises``), kept in step by
    triggers, so every write path (services, imports, bundles) updates it. The
    FTS rowid is the enterprise's rowid: nothing in EnvHelp runs VACUUM, which
    could renumber rowids of a table without an INTEGER PRIMARY KEY; whoever
    adds one must rebuild the index afterwards
    (``INSERT INTO enterprises_fts(enterprises_fts) VALUES ('rebuild')``).
    Trigram matching needs 3+ characters: shorter words fall back to LIKE
    (see :func:`envhelp.domain.enterprises._where`).
    """
    run_script(
        conn,
        """
        CREATE VIRTUAL TABLE enterprises_fts USING fts5(
            search_text, content='enterprises', content_rowid='rowid', tokenize='trigram'
        );
        CREATE TRIGGER enterprises_fts_insert AFTER INSERT ON enterprises BEGIN
            INSERT INTO enterprises_fts(rowid, search_text) VALUES (new.rowid, new.search_text);
        END;
        CREATE TRIGGER enterprises_fts_delete AFTER DELETE ON enterprises BEGIN
            INSERT INTO enterprises_fts(enterprises_fts, rowid, search_text)
                VALUES ('delete', old.rowid, old.search_text);
        END;
        CREATE TRIGGER enterprises_fts_update AFTER UPDATE ON enterprises BEGIN
            INSERT INTO enterprises_fts(enterprises_fts, rowid, search_text)
                VALUES ('delete', old.rowid, old.search_text);
            INSERT INTO enterprises_fts(rowid, search_text) VALUES (new.rowid, new.search_text);
        END;
        INSERT INTO enterprises_fts(enterprises_fts) VALUES ('rebuild');

        -- The lists' default orders (bench/README.md): without these a page of
        -- the problem ledger sorts all 150,000 rows and a visits page 100,000.
        CREATE INDEX problems_ledger_order ON problems(deadline IS NULL, deadline, found_on, id);
        CREATE INDEX visits_list_order ON visits(date DESC, time DESC, id);
        -- A check's photos (checks.results, the visit record PDF): a scan of every
        -- attachment per check without it.
        CREATE INDEX attachments_check_result ON attachments(check_result_id);
        """,
    )


def _v5_summary_indexes(conn: sqlite3.Connection) -> None:
    """Indexes for the monthly summary's date-range figures (bench/README.md, benchmark 5).

    ``found_on`` and ``closed_on`` let the ledger figures and the month-end state read
    only the problems found or closed in the range (or still open) instead of all of
    them; ``(check_id, item_code, result)`` answers the per-requirement results of a
    year's checks from the index alone, without reading 2,000,000 result rows.
    """
    run_script(
        conn,
        """
        CREATE INDEX problems_found_on ON problems(found_on);
        CREATE INDEX problems_closed_on ON problems(closed_on);
        CREATE INDEX check_results_item_result ON check_results(check_id, item_code, result);
        """,
    )


def _v6_enterprise_open_problems_index(conn: sqlite3.Connection) -> None:
    """``problems(enterprise_id, status, deadline)`` in place of ``(enterprise_id, status)``.

    A ledger filtered by town reads the town's enterprises and, for each, its open or
    overdue problems straight from this index (bench/README.md, benchmark 3); the old
    index is its prefix, so every plan that used it can use this one.
    """
    run_script(
        conn,
        """
        CREATE INDEX problems_enterprise_status_deadline
            ON problems(enterprise_id, status, deadline);
        DROP INDEX problems_enterprise;
        """,
    )


def _v7_check_scope(conn: sqlite3.Connection) -> None:
    """``check_answers.scope``: the facility types and management class a check covers (JSON).

    NULL for the checks made before, which keep every item in scope
    (docs/checklists.md, "Applicability").
    """
    run_script(conn, "ALTER TABLE checks ADD COLUMN scope TEXT;")


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
    NULL: their finding is read from the event itself (ledger.followup_findings), since
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
    _v1_foundation,
    _v2_checklists_and_ledger,
    _v3_visit_amendments,
    _v4_search_and_list_indexes,
    _v5_summary_indexes,
    _v6_enterprise_open_problems_index,
    _v7_check_scope,
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
    _tombstones,
]

LATEST = len(MIGRATIONS)
