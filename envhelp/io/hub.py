"""The bureau hub: a PostgreSQL database every officer's laptop syncs through.

docs/bureau-hub.md describes the design. This module owns the hub's schema (versioned
migrations, like the local store's), the connection (TLS required unless the URL says
otherwise; passwords only through PostgreSQL's own means) and the hub's status.

The hub keeps:
- ``laptops``: one row per officer's PostgreSQL role, with the Ed25519 key its change
  sets are signed with. A laptop registers its own key once; only the bureau's IT can
  change or remove it.
- ``change_log``: every change set ever pushed, append-only (the laptop role has
  INSERT and SELECT only, and row-level security lets it insert only change sets signed
  with the key registered for its own role).
- ``change_records`` and the view ``record_state``: which records each change set
  carries, and so the latest change set (and version vector) of every record.

psycopg is the optional extra ``hub``; it is imported only when a hub is used.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from envhelp.errors import EnvHelpError

SCHEMA = "envhelp_hub"
LAPTOP_ROLE = "envhelp_laptop"  # the group role every officer's login role belongs to


class HubError(EnvHelpError):
    """The hub cannot be used as asked (refused, wrong schema, psycopg missing)."""


class HubOfflineError(HubError):
    """The hub cannot be reached: the laptop keeps working, sync again later (exit 2)."""


# -- connection --------------------------------------------------------------


def _psycopg():
    try:
        import psycopg
    except ImportError as exc:
        raise HubError(
            "未安装数据同步组件（psycopg）。请运行 pip install 'envhelp[hub]'。",
            "The hub component (psycopg) is not installed: pip install 'envhelp[hub]'.",
        ) from exc
    return psycopg


def conninfo(url: str) -> str:
    """``url`` with ``sslmode=require`` added unless it names an sslmode itself."""
    psycopg = _psycopg()
    try:
        params = psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError as exc:
        raise HubError(f"数据中心地址无效：{exc}", f"The hub URL is invalid: {exc}") from exc
    if "password" in params:
        raise HubError(
            "数据中心地址中不能含有密码。请使用 PostgreSQL 的 .pgpass 文件、PGPASSWORD 或服务文件。",
            "The hub URL must not contain a password: use PostgreSQL's .pgpass file, "
            "PGPASSWORD or a service file.",
        )
    params.setdefault("sslmode", "require")
    params.setdefault("connect_timeout", "10")
    params.setdefault("application_name", "envhelp")
    return psycopg.conninfo.make_conninfo(**params)


def connect(url: str):
    """A connection to the hub (autocommit off); HubOfflineError when it cannot be reached."""
    psycopg = _psycopg()
    info = conninfo(url)
    try:
        return psycopg.connect(info)
    except psycopg.OperationalError as exc:
        raise HubOfflineError(
            f"无法连接数据中心（{_first_line(exc)}）。本机数据不受影响，可稍后再同步。",
            f"Cannot reach the hub ({_first_line(exc)}). Nothing here is affected; "
            "sync again later.",
        ) from exc


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


# -- schema ------------------------------------------------------------------


def _v1_change_log(cur) -> None:
    """Laptops and their keys, and the append-only log of signed change sets."""
    cur.execute(f"""
        CREATE TABLE {SCHEMA}.laptops (
            role name PRIMARY KEY DEFAULT current_user,
            fingerprint text NOT NULL UNIQUE CHECK (fingerprint ~ '^[0-9a-f]{{64}}$'),
            public_key text NOT NULL,
            officer text NOT NULL,
            laptop text NOT NULL,
            registered_at timestamptz NOT NULL DEFAULT now(),
            last_push_at timestamptz,
            last_pull_at timestamptz
        );
        CREATE TABLE {SCHEMA}.change_log (
            id bigserial PRIMARY KEY,
            role name NOT NULL DEFAULT current_user REFERENCES {SCHEMA}.laptops(role),
            fingerprint text NOT NULL,
            bundle_sha256 text NOT NULL UNIQUE CHECK (bundle_sha256 ~ '^[0-9a-f]{{64}}$'),
            bundle bytea NOT NULL,
            record_count integer NOT NULL CHECK (record_count >= 0),
            pushed_at timestamptz NOT NULL DEFAULT now()
        );
        ALTER TABLE {SCHEMA}.laptops ENABLE ROW LEVEL SECURITY;
        ALTER TABLE {SCHEMA}.change_log ENABLE ROW LEVEL SECURITY;
        CREATE POLICY laptops_read ON {SCHEMA}.laptops FOR SELECT USING (true);
        CREATE POLICY laptops_register_own ON {SCHEMA}.laptops FOR INSERT
            WITH CHECK (role = current_user);
        CREATE POLICY laptops_mark_own ON {SCHEMA}.laptops FOR UPDATE
            USING (role = current_user) WITH CHECK (role = current_user);
        CREATE POLICY change_log_read ON {SCHEMA}.change_log FOR SELECT USING (true);
        -- A laptop pushes only change sets signed with the key registered for its role.
        CREATE POLICY change_log_push_own ON {SCHEMA}.change_log FOR INSERT
            WITH CHECK (role = current_user AND fingerprint =
                (SELECT l.fingerprint FROM {SCHEMA}.laptops l WHERE l.role = current_user));
        GRANT USAGE ON SCHEMA {SCHEMA} TO {LAPTOP_ROLE};
        GRANT SELECT, INSERT ON {SCHEMA}.laptops, {SCHEMA}.change_log TO {LAPTOP_ROLE};
        GRANT UPDATE (last_push_at, last_pull_at) ON {SCHEMA}.laptops TO {LAPTOP_ROLE};
        GRANT USAGE ON SEQUENCE {SCHEMA}.change_log_id_seq TO {LAPTOP_ROLE};
    """)


def _v2_record_state(cur) -> None:
    """Which records each change set carries; the latest change of every record."""
    cur.execute(f"""
        CREATE TABLE {SCHEMA}.change_records (
            change_id bigint NOT NULL REFERENCES {SCHEMA}.change_log(id),
            table_name text NOT NULL,
            record_key text NOT NULL,
            versions text NOT NULL DEFAULT '{{}}',
            PRIMARY KEY (change_id, table_name, record_key)
        );
        CREATE INDEX change_records_record ON {SCHEMA}.change_records (table_name, record_key);
        ALTER TABLE {SCHEMA}.change_records ENABLE ROW LEVEL SECURITY;
        CREATE POLICY change_records_read ON {SCHEMA}.change_records FOR SELECT USING (true);
        CREATE POLICY change_records_push_own ON {SCHEMA}.change_records FOR INSERT
            WITH CHECK (EXISTS (SELECT 1 FROM {SCHEMA}.change_log c
                                WHERE c.id = change_id AND c.role = current_user));
        CREATE VIEW {SCHEMA}.record_state AS
            SELECT DISTINCT ON (r.table_name, r.record_key)
                   r.table_name, r.record_key, r.versions, r.change_id, c.role, c.pushed_at
              FROM {SCHEMA}.change_records r JOIN {SCHEMA}.change_log c ON c.id = r.change_id
             ORDER BY r.table_name, r.record_key, r.change_id DESC;
        GRANT SELECT, INSERT ON {SCHEMA}.change_records TO {LAPTOP_ROLE};
        GRANT SELECT ON {SCHEMA}.record_state TO {LAPTOP_ROLE};
    """)


# Append new migrations at the end; never edit a shipped one (the hub's schema version
# is the number applied, kept in hub_meta).
MIGRATIONS: list[Callable[[Any], None]] = [_v1_change_log, _v2_record_state]


def schema_version(conn) -> int:
    """The hub's schema version; 0 when ``hub init`` has not run on it."""
    row = conn.execute("SELECT to_regclass(%s) IS NOT NULL", (f"{SCHEMA}.hub_meta",)).fetchone()
    if not row[0]:
        return 0
    return int(
        conn.execute(
            f"SELECT value FROM {SCHEMA}.hub_meta WHERE key = 'schema_version'"
        ).fetchone()[0]
    )


def init(url: str, migrations: list[Callable[[Any], None]] | None = None) -> dict[str, int]:
    """Create or upgrade the hub's schema in one transaction; returns versions before/after.

    Run by the bureau's IT as the database's owner. Two inits at once wait for each
    other (an advisory lock), and a failed step leaves the previous schema untouched.
    """
    steps = MIGRATIONS if migrations is None else migrations
    with connect(url) as conn:
        conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (SCHEMA,))
        before = schema_version(conn)
        if before > len(steps):
            raise HubError(
                f"数据中心的结构版本 {before} 比本软件（{len(steps)}）新，请先升级本软件。",
                f"The hub's schema version {before} is newer than this app's ({len(steps)}); "
                "upgrade this app first.",
            )
        with conn.cursor() as cur:
            if before == 0:
                cur.execute(f"""
                    DO $$ BEGIN
                        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{LAPTOP_ROLE}')
                        THEN CREATE ROLE {LAPTOP_ROLE} NOLOGIN; END IF;
                    END $$;
                    CREATE SCHEMA IF NOT EXISTS {SCHEMA};
                    CREATE TABLE {SCHEMA}.hub_meta (key text PRIMARY KEY, value text NOT NULL);
                    INSERT INTO {SCHEMA}.hub_meta VALUES ('schema_version', '0');
                    GRANT SELECT ON {SCHEMA}.hub_meta TO {LAPTOP_ROLE};
                """)
                cur.execute(f'GRANT CONNECT ON DATABASE "{conn.info.dbname}" TO {LAPTOP_ROLE}')
            for migration in steps[before:]:
                migration(cur)
            cur.execute(
                f"UPDATE {SCHEMA}.hub_meta SET value = %s WHERE key = 'schema_version'",
                (str(len(steps)),),
            )
    return {"before": before, "after": len(steps)}


def require_schema(conn) -> int:
    version = schema_version(conn)
    if version == 0:
        raise HubError(
            "该数据库还不是数据中心，请信息科先运行 envhelp hub init。",
            "This database is not a hub yet: IT must run `envhelp hub init` first.",
        )
    if version > len(MIGRATIONS):
        raise HubError(
            f"数据中心的结构版本 {version} 比本软件（{len(MIGRATIONS)}）新，请先升级本软件。",
            f"The hub's schema version {version} is newer than this app's "
            f"({len(MIGRATIONS)}); upgrade this app first.",
        )
    if version < len(MIGRATIONS):
        raise HubError(
            f"数据中心的结构版本 {version} 较旧，请信息科运行 envhelp hub init 升级。",
            f"The hub's schema version {version} is older than this app's; IT must run "
            "`envhelp hub init` to upgrade it.",
        )
    return version


def status(url: str) -> dict[str, Any]:
    """Laptops with their last sync and change sets, and the hub's totals."""
    with connect(url) as conn:
        version = require_schema(conn)
        laptops = [
            {
                "role": r[0],
                "officer": r[1],
                "laptop": r[2],
                "fingerprint": r[3],
                "registered_at": _iso(r[4]),
                "last_push_at": _iso(r[5]),
                "last_pull_at": _iso(r[6]),
                "change_sets": r[7],
            }
            for r in conn.execute(f"""
                SELECT l.role, l.officer, l.laptop, l.fingerprint, l.registered_at,
                       l.last_push_at, l.last_pull_at,
                       (SELECT count(*) FROM {SCHEMA}.change_log c WHERE c.role = l.role)
                  FROM {SCHEMA}.laptops l ORDER BY l.officer, l.laptop, l.role""")
        ]
        change_sets, size = conn.execute(
            f"SELECT count(*), coalesce(sum(length(bundle)), 0) FROM {SCHEMA}.change_log"
        ).fetchone()
        records = conn.execute(f"SELECT count(*) FROM {SCHEMA}.record_state").fetchone()[0]
    return {
        "schema_version": version,
        "laptops": laptops,
        "change_sets": change_sets,
        "change_set_bytes": int(size),
        "records": records,
    }


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def roles_script(role: str, database: str) -> str:
    """The SQL the bureau's IT runs (as the hub's owner) to give one officer a login role."""
    return (
        f"-- EnvHelp hub: a login role for one officer's laptop (docs/bureau-hub.md).\n"
        f"-- Set the password with psql's \\password {role}; EnvHelp never stores it.\n"
        f'CREATE ROLE "{role}" LOGIN IN ROLE {LAPTOP_ROLE};\n'
        f"-- Nothing else: {LAPTOP_ROLE} may read the hub and append change sets signed\n"
        f"-- with this role's own key; it cannot change or delete anything pushed.\n"
        f'-- To retire the laptop: ALTER ROLE "{role}" NOLOGIN;\n'
        f"-- (database {database})\n"
    )
