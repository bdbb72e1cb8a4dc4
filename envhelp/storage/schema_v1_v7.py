"""The first seven schema versions (v1–v7, numbered before migrations were named) and the
helpers every migration uses to run a script. Shipped: never edit them; new migrations go
at the end of :data:`envhelp.storage.migrations.MIGRATIONS`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator


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


def v1_foundation(conn: sqlite3.Connection) -> None:
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


def v2_checklists_and_ledger(conn: sqlite3.Connection) -> None:
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


def v3_visit_amendments(conn: sqlite3.Connection) -> None:
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


def v4_search_and_list_indexes(conn: sqlite3.Connection) -> None:
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


def v5_summary_indexes(conn: sqlite3.Connection) -> None:
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


def v6_enterprise_open_problems_index(conn: sqlite3.Connection) -> None:
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


def v7_check_scope(conn: sqlite3.Connection) -> None:
    """``check_answers.scope``: the facility types and management class a check covers (JSON).

    NULL for the checks made before, which keep every item in scope
    (docs/checklists.md, "Applicability").
    """
    run_script(conn, "ALTER TABLE checks ADD COLUMN scope TEXT;")
