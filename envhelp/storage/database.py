"""The one SQLite database: opening, migrating, and audited writes.

Every change to a record goes through :meth:`Store.insert`, :meth:`Store.update`
or :meth:`Store.delete`, inside :meth:`Store.transaction`, so that each user
action is all-or-nothing and leaves an entry in the hash-chained audit log.
"""

from __future__ import annotations

import getpass
import json
import shutil
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from envhelp import paths
from envhelp.errors import NotFoundError, StorageError
from envhelp.storage import migrations, process_lock, tombstones, versions
from envhelp.storage.clock import new_id, utc_now

if TYPE_CHECKING:
    import sqlite_utils

BUSY_TIMEOUT_MS = 5000
GENESIS_HASH = "0" * 64
AUDIT_COLUMNS = ("created_at", "updated_at", "created_by", "updated_by")
BULK_CHUNK = 500  # ids per "IN (...)" look-up of insert_many (well under SQLite's limit)
_PLAIN_TYPES = frozenset({str, int, float, bytes, type(None)})  # stored as they are


# One encoder for every call: json.dumps with options builds a new one each time, which
# cost a quarter of a call (bulk imports encode two per audited record). Same output.
_CANONICAL = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def canonical_json(value: Any) -> str:
    """Stable JSON (sorted keys, no spaces) used for hashing and the audit log."""
    return _CANONICAL.encode(value)


HASHED_FIELDS = ("at", "actor", "action", "table_name", "record_id", "before", "after")


def audit_hash(prev_hash: str, entry: Mapping[str, Any]) -> str:
    """Hash of one audit entry chained to the one before it."""
    fields = {k: entry.get(k) for k in HASHED_FIELDS}
    import hashlib  # here, not at the top: OpenSSL loads in 2 ms the GUI's start can skip

    return hashlib.sha256((prev_hash + canonical_json(fields)).encode("utf-8")).hexdigest()


# The same canonical JSON of an audit_log row's hashed fields, built by SQLite (json_quote
# escapes exactly as canonical_json does): the chain check then hashes it without
# decoding and re-encoding each entry in Python, a third of its time on a decade's log.
AUDIT_CANONICAL_SQL = (
    "'{' || "
    + " || ',' || ".join(f"'\"{name}\":' || json_quote([{name}])" for name in sorted(HASHED_FIELDS))
    + " || '}'"
)


def _default_actor() -> str:
    try:
        return f"system:{getpass.getuser()}"
    except (KeyError, OSError):
        return "system"


class Store:
    """An open EnvHelp database.

    Args:
        path: the SQLite file (created when missing and ``create`` is true).
        actor: who is making changes; defaults to the current officer from
            the settings, else the operating-system user.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        create: bool = True,
        actor: str | None = None,
        read_only: bool = False,
    ):
        self.path = Path(path)
        # Read-only: opened through SQLite's ``mode=ro`` URI, exactly what SQLite falls
        # back to on write-protected media; every write is then refused by SQLite itself.
        self.read_only = read_only
        if (read_only or not create) and not self._holds_a_database():
            raise no_database_here(self.path)
        if create and not read_only:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StorageError(
                    f"无法在此位置创建数据库：{self.path.parent}（{exc.strerror}）。"
                    "请选择一个可写的文件夹。",
                    f"Cannot create the database here: {self.path.parent} ({exc.strerror}). "
                    "Choose a folder you can write to.",
                    kind=StorageError.CANNOT_CREATE,
                ) from exc
        first_in_process = self._lock()
        self._locked = True  # until close() lets go of this process's lock
        try:
            self.conn = self._connect()
            self._configure()
            self._migrate()
            self.actor = actor or self._actor_from_settings() or _default_actor()
        except BaseException as exc:
            if hasattr(self, "conn"):
                self.conn.close()
            process_lock.release_shared(self.path)
            if isinstance(exc, sqlite3.DatabaseError):
                raise _storage_error(self.path, exc) from exc
            raise
        if first_in_process and not read_only and process_lock.alone(self.path):
            clean_leftovers(self.path)  # no other process can be writing them now

    def _holds_a_database(self) -> bool:
        """A file is there and not empty (0 bytes: an interrupted copy, never a database)."""
        try:
            return self.path.stat().st_size > 0
        except OSError:
            return False

    def _lock(self) -> bool:
        """Take this process's shared lock on the database (see process_lock)."""
        try:
            return process_lock.acquire_shared(self.path)
        except process_lock.LockBusy as exc:
            raise StorageError(
                f"数据库正在被恢复（{'、'.join(exc.holders) or '另一个 EnvHelp 程序'}），"
                f"请稍后再试：{self.path}",
                f"The database is being restored ({', '.join(exc.holders) or 'another EnvHelp'}); "
                f"try again in a moment: {self.path}",
                kind=StorageError.LOCKED,
            ) from exc

    def _connect(self) -> sqlite3.Connection:
        timeout = BUSY_TIMEOUT_MS / 1000
        if not self.read_only:
            return sqlite3.connect(str(self.path), timeout=timeout)
        uri = self.path.resolve().as_uri()
        conn = sqlite3.connect(uri + "?mode=ro", uri=True, timeout=timeout)
        try:
            conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
            return conn
        except sqlite3.OperationalError:
            # Read-only media: a WAL database cannot make its -shm file there. Nobody can
            # be writing to such media, so SQLite may treat the file as immutable.
            conn.close()
            return sqlite3.connect(uri + "?mode=ro&immutable=1", uri=True, timeout=timeout)

    # -- connection ---------------------------------------------------------

    def _configure(self) -> None:
        self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if self.read_only:
            self.conn.execute("PRAGMA foreign_keys = ON")
            return
        mode = self.conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal":  # e.g. read-only media: WAL cannot be set up there
            raise StorageError(
                f"无法以 WAL 模式打开数据库（当前为 {mode}），文件所在位置可能是只读的：{self.path}",
                f"Cannot open the database in WAL mode (got {mode}); its location may be "
                f"read-only: {self.path}",
                kind=StorageError.READ_ONLY_MEDIA,
            )
        # FULL: a commit reported to the user survives a power cut, not only a crash.
        self.conn.execute("PRAGMA synchronous = FULL")
        self.conn.execute("PRAGMA foreign_keys = ON")

    @cached_property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils over the same connection, made on first use.

        Imported lazily: importing sqlite-utils costs ≈ 40 ms, a third of the GUI's
        start-up budget, and opening and reading the database does not need it.
        """
        import sqlite_utils

        return sqlite_utils.Database(self.conn)

    def close(self) -> None:
        """Close, moving the WAL's commits into the database file first.

        A copy of the file alone then holds everything (``envhelp backup`` is still
        the way to copy a database that is open).
        """
        try:
            # PASSIVE never waits for another connection's readers (the last connection
            # to close also empties and removes the WAL, SQLite's own doing).
            if not self.read_only and not self.conn.in_transaction:
                self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        except sqlite3.Error:  # closed already: nothing to move
            pass
        finally:
            self.conn.close()
            if self._locked:  # close() may be called twice
                self._locked = False
                process_lock.release_shared(self.path)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def attachments_dir(self) -> Path:
        return paths.attachments_dir(self.path)

    # -- schema -------------------------------------------------------------

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self) -> None:
        current = self.schema_version
        if current > migrations.LATEST:
            raise StorageError(
                f"此数据库由更新版本的 EnvHelp 创建（结构版本 {current}），请升级软件后再打开。",
                f"This database was made by a newer EnvHelp (schema {current}); "
                "upgrade the app to open it.",
                kind=StorageError.NEWER_SCHEMA,
            )
        if current == migrations.LATEST:
            return
        if self.read_only:
            raise StorageError(
                f"此数据库需要升级（结构版本 {current} → {migrations.LATEST}），只读方式无法升级：{self.path}。"
                "请把它复制到可写的文件夹后再打开。",
                f"This database needs an upgrade (schema {current} → {migrations.LATEST}), which "
                f"cannot be done read-only: {self.path}. Copy it to a writable folder and open it "
                "there.",
                kind=StorageError.NEEDS_UPGRADE,
            )
        if current > 0:
            self._backup_before_migration(current)
        for number in range(current + 1, migrations.LATEST + 1):
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                migrations.MIGRATIONS[number - 1](self.conn)
                self.conn.execute(f"PRAGMA user_version = {number}")
                self.conn.execute("COMMIT")
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise

    def _backup_before_migration(self, version: int) -> None:
        target = self.path.with_name(f"{self.path.name}.v{version}-{utc_now()[:10]}.bak")
        if target.exists():
            return
        dest = sqlite3.connect(str(target))
        try:
            self.conn.backup(dest)
        finally:
            dest.close()

    # -- transactions -------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """One user action: commits on success, rolls back everything on any error.

        Nested calls become savepoints of the outer transaction.
        """
        if self.conn.in_transaction:
            with self.db.atomic():
                yield self
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise _storage_error(self.path, exc) from exc
        try:
            yield self
        except BaseException as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            if _is_storage_fault(exc):  # disk full, read-only, locked, damaged: say so
                raise _storage_error(self.path, exc) from exc
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise _storage_error(self.path, exc) from exc

    # -- reading ------------------------------------------------------------

    def iter_query(self, sql: str, params: Any = ()) -> Iterator[dict[str, Any]]:
        """Rows as dicts, one at a time (for exports that must not hold a whole table)."""
        try:
            cursor = self.conn.execute(sql, params)
            columns = [d[0] for d in cursor.description]
            for row in cursor:
                yield dict(zip(columns, row, strict=True))
        except sqlite3.DatabaseError as exc:
            if _is_storage_fault(exc):  # e.g. a damaged page met while reading
                raise _storage_error(self.path, exc) from exc
            raise

    def query(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        return list(self.iter_query(sql, params))

    def query_one(self, sql: str, params: Any = ()) -> dict[str, Any] | None:
        return next(self.iter_query(sql, params), None)

    def scalar(self, sql: str, params: Any = ()) -> Any:
        try:
            row = self.conn.execute(sql, params).fetchone()
        except sqlite3.DatabaseError as exc:
            if _is_storage_fault(exc):
                raise _storage_error(self.path, exc) from exc
            raise
        return row[0] if row is not None else None

    def get(self, table: str, record_id: str) -> dict[str, Any]:
        row = self.query_one(f"SELECT * FROM [{table}] WHERE id = ?", (record_id,))
        if row is None:
            raise NotFoundError(
                f"找不到记录：{table} {record_id}",
                f"No such record: {table} {record_id}",
            )
        return row

    def find(self, table: str, record_id: str) -> dict[str, Any] | None:
        return self.query_one(f"SELECT * FROM [{table}] WHERE id = ?", (record_id,))

    # -- audited writes -----------------------------------------------------

    def insert(self, table: str, record: Mapping[str, Any]) -> dict[str, Any]:
        """Insert a record, filling id and the who/when columns; returns the stored row."""
        now = utc_now()
        row = dict(record)
        row.setdefault("id", new_id())
        row.setdefault("created_at", now)
        row.setdefault("updated_at", now)
        row.setdefault("created_by", self.actor)
        row.setdefault("updated_by", self.actor)
        with self.transaction():
            if "id" in record:  # a deleted record put back: newer than its deletion
                row = tombstones.revive(self, table, row)
            self.db.table(table).insert(row)
            stored = self.get(table, row["id"])
            self._audit("create", table, row["id"], None, stored)
        return stored

    def insert_many(self, table: str, records: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        """Insert many records at once, audited as if by :meth:`insert` one after another.

        Same filled-in id and who/when columns and one ``create`` entry per record,
        chained in order; but the rows go in (and come back) many per statement, and
        the audit chain is computed in memory from the last hash (a per-record insert
        reads it back each time). Every record must have the same keys. Returns the
        stored rows, in order.
        """
        if not records:
            return []
        from sqlite_utils.db import jsonify_if_needed  # the value conversion of insert()

        now = utc_now()
        columns = list(dict.fromkeys([*records[0], "id", *AUDIT_COLUMNS]))
        filled = {
            "created_at": now,
            "updated_at": now,
            "created_by": self.actor,
            "updated_by": self.actor,
        }
        keys = records[0].keys()
        params = []
        ids = []
        for record in records:
            if record.keys() != keys:
                raise ValueError(f"insert_many into {table}: every record needs the same keys")
            row = {**filled, **record}
            row["id"] = row.get("id") or new_id()
            ids.append(row["id"])
            params.append(
                [
                    value if type(value) in _PLAIN_TYPES else jsonify_if_needed(value)
                    for value in map(row.__getitem__, columns)
                ]
            )
        with self.transaction():
            self._insert_rows(table, columns, params)
            stored: dict[str, dict[str, Any]] = {}
            for start in range(0, len(ids), BULK_CHUNK):
                chunk = ids[start : start + BULK_CHUNK]
                stored.update(
                    (row["id"], row)
                    for row in self.iter_query(
                        f"SELECT * FROM [{table}] WHERE id IN ({', '.join('?' * len(chunk))})",
                        chunk,
                    )
                )
            rows = [stored[i] for i in ids]
            prev = self._last_audit_hash()
            entries = []
            for row in rows:
                entry = self._audit_entry(prev, "create", table, row["id"], None, row, at=now)
                entries.append(entry)
                prev = entry["hash"]
            fields = list(entries[0])
            self._insert_rows("audit_log", fields, [[e[k] for k in fields] for e in entries])
        return rows

    def _insert_rows(self, table: str, columns: list[str], params: list[list[Any]]) -> None:
        """INSERT rows of plain values, as many per statement as SQLite takes (≤ BULK_CHUNK).

        Not executemany: a full-text index kept by a trigger (enterprises_fts) writes
        its pending terms out at the end of every statement, which made one-row
        statements ≈ 8× slower than the insert itself.
        """
        names = ", ".join(f"[{c}]" for c in columns)
        marks = "(" + ", ".join("?" * len(columns)) + ")"
        per_statement = max(1, min(BULK_CHUNK, self._max_variables() // len(columns)))
        for start in range(0, len(params), per_statement):
            chunk = params[start : start + per_statement]
            self.conn.execute(
                f"INSERT INTO [{table}] ({names}) VALUES {', '.join([marks] * len(chunk))}",
                [value for row in chunk for value in row],
            )

    def update(self, table: str, record_id: str, changes: Mapping[str, Any]) -> dict[str, Any]:
        """Apply changes; only fields that really change are logged. Returns the new row."""
        with self.transaction():
            before = self.get(table, record_id)
            diff = {k: v for k, v in changes.items() if before.get(k) != v}
            if not diff:
                return before
            # An import passes the bundle's stamps and versions; a change made here gets
            # new ones (storage/versions.py: how merges tell later from concurrent).
            changed = list(diff)
            diff["updated_at"] = changes.get("updated_at") or utc_now()
            diff["updated_by"] = changes.get("updated_by") or self.actor
            if "versions" in before and "versions" not in changes:
                diff["versions"] = versions.bump(before["versions"], self.laptop_id)
                count = versions.parse(diff["versions"])[self.laptop_id]
                diff["field_versions"] = versions.stamp_fields(
                    before.get("field_versions"), changed, self.laptop_id, count
                )
            self.db.table(table).update(record_id, diff)
            after = self.get(table, record_id)
            self._audit(
                "update",
                table,
                record_id,
                {k: before.get(k) for k in diff if k not in AUDIT_COLUMNS},
                {k: after.get(k) for k in diff if k not in AUDIT_COLUMNS},
            )
            return after

    def delete(self, table: str, record_id: str, *, tombstone: bool = True) -> None:
        """Delete a record; one with versions leaves a tombstone (storage/tombstones.py)
        unless the deletion is itself an import's (which brings its own)."""
        with self.transaction():
            before = self.get(table, record_id)
            self.conn.execute(f"DELETE FROM [{table}] WHERE id = ?", (record_id,))
            self._audit("delete", table, record_id, before, None)
            if tombstone and "versions" in before:
                tombstones.record(self, table, before)

    def insert_link(self, table: str, row: Mapping[str, Any], record_id: str) -> None:
        """Insert a row of a link table (no id of its own), audited under ``record_id``."""
        with self.transaction():
            self.db.table(table).insert(dict(row))
            self._audit("create", table, record_id, None, dict(row))

    def delete_links(self, table: str, where: str, params: Any, record_id: str) -> None:
        with self.transaction():
            rows = self.query(f"SELECT * FROM [{table}] WHERE {where}", params)
            if not rows:
                return
            self.conn.execute(f"DELETE FROM [{table}] WHERE {where}", params)
            self._audit("delete", table, record_id, {"rows": rows}, None)

    def _max_variables(self) -> int:
        """How many ``?`` one statement may hold (999 in SQLite before 3.32)."""
        return self.conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)

    def change_stamp(self) -> int:
        """The newest audit entry's number (0 when none): every write is audited, so it
        tells whether anything changed since it was last read (one indexed read)."""
        return int(self.scalar("SELECT max(seq) FROM audit_log") or 0)

    def _last_audit_hash(self) -> str:
        return self.scalar("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1") or GENESIS_HASH

    def _audit_entry(
        self,
        prev: str,
        action: str,
        table: str,
        record_id: str,
        before: Mapping[str, Any] | None,
        after: Mapping[str, Any] | None,
        *,
        at: str | None = None,
    ) -> dict[str, Any]:
        """The audit-log row of one change, chained to the entry whose hash is ``prev``."""
        entry = {
            "at": at or utc_now(),
            "actor": self.actor,
            "action": action,
            "table_name": table,
            "record_id": record_id,
            "before": canonical_json(before) if before is not None else None,
            "after": canonical_json(after) if after is not None else None,
        }
        entry["prev_hash"] = prev
        entry["hash"] = audit_hash(prev, entry)
        return entry

    def _audit(
        self,
        action: str,
        table: str,
        record_id: str,
        before: Mapping[str, Any] | None,
        after: Mapping[str, Any] | None,
    ) -> None:
        entry = self._audit_entry(self._last_audit_hash(), action, table, record_id, before, after)
        self.db.table("audit_log").insert(entry)

    # -- settings -----------------------------------------------------------

    def get_setting(self, key: str, default: Any = None) -> Any:
        value = self.scalar("SELECT value FROM settings WHERE key = ?", (key,))
        return json.loads(value) if value is not None else default

    def set_setting(self, key: str, value: Any) -> None:
        encoded = canonical_json(value)
        with self.transaction():
            old = self.scalar("SELECT value FROM settings WHERE key = ?", (key,))
            if old == encoded:
                return
            self.db.table("settings").upsert(
                {"key": key, "value": encoded, "updated_at": utc_now(), "updated_by": self.actor},
                pk="key",
            )
            self._audit(
                "update" if old is not None else "create",
                "settings",
                key,
                {"value": json.loads(old)} if old is not None else None,
                {"value": value},
            )

    @cached_property
    def laptop_id(self) -> str:
        """This database's id in version vectors (never exported); see storage/versions.py."""
        return versions.laptop_id(self)

    def _actor_from_settings(self) -> str | None:
        officer_id = self.get_setting("current_officer_id")
        if not officer_id:
            return None
        officer = self.find("officers", officer_id)
        return f"{officer['name']} <{officer_id}>" if officer else None


def no_database_here(path: Path) -> StorageError:
    """A missing or empty (0-byte) file: only ``init``, ``demo`` or the app's first start
    create a database; everything else says so."""
    what = "是空文件（0 字节，可能是中断的复制）" if path.exists() else "不存在"
    what_en = (
        "is empty (0 bytes, perhaps an interrupted copy)" if path.exists() else "does not exist"
    )
    return StorageError(
        f"这里没有数据库：{path} {what}。请检查路径（U 盘是否已插好）；新建数据库请用 envhelp init，"
        "或用 envhelp restore 从备份恢复。",
        f"No database here: {path} {what_en}. Check the path (is the USB stick plugged in?); "
        "create one with `envhelp init`, or restore a backup with `envhelp restore`.",
        kind=StorageError.MISSING,
    )


# Files that killed runs leave behind beside a database, relative to its folder
# ({stem} is the database's name without suffix). Cleaned when a process opens the
# database while no other process has it open.
LEFTOVER_PATTERNS = (
    "backups/*/{stem}-*.part",  # automatic backups' work folders (envhelp.storage.backup)
    "backups/*/.{stem}-*.part",  # files being written (envhelp.storage.files.atomic_save)
    "{stem}-attachments/*.part",  # attachment copies (envhelp.domain.attachments)
    ".{name}.restore-*",  # restore work folders (envhelp.storage.backup)
)


def clean_leftovers(db_path: Path) -> list[Path]:
    """Remove the partial files of killed backups, copies and restores; returns them."""
    removed = []
    for pattern in LEFTOVER_PATTERNS:
        glob = pattern.format(stem=db_path.stem, name=db_path.name)
        for path in db_path.parent.glob(glob):
            try:
                if path.is_dir():
                    shutil.rmtree(path)
                else:
                    path.unlink()
            except OSError:  # read-only or in use: the next start tries again
                continue
            removed.append(path)
    return removed


def _is_storage_fault(exc: BaseException) -> bool:
    """SQLite errors about the file or the disk, not about the data or the SQL.

    Constraint failures (IntegrityError) and programming errors keep their type:
    callers handle those themselves.
    """
    return isinstance(exc, sqlite3.OperationalError) or type(exc) is sqlite3.DatabaseError


def _storage_error(path: Path, exc: sqlite3.DatabaseError) -> StorageError:
    """Turn SQLite's exceptions into messages an officer can act on."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return StorageError(
            f"数据库正被另一个 EnvHelp 窗口或程序使用：{path}。请关闭另一个窗口后重试。",
            f"The database is in use by another EnvHelp window or program: {path}. "
            "Close the other one and try again.",
            kind=StorageError.LOCKED,
        )
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return StorageError(
            f"无法写入数据库：{path}。文件或其所在文件夹可能是只读的，请复制到可写位置后再打开。",
            f"Cannot write to the database: {path}. The file or its folder may be read-only; "
            "copy it to a writable place and open it there.",
            kind=StorageError.READ_ONLY_MEDIA,
        )
    if "full" in text:
        return StorageError(
            f"磁盘空间已满，未能保存：{path}。请释放空间后重试，已保存的记录不受影响。",
            f"The disk is full; nothing was saved: {path}. Free some space and try again; "
            "records saved earlier are intact.",
            kind=StorageError.DISK_FULL,
        )
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return StorageError(
            f"数据库文件已损坏或不是 EnvHelp 数据库：{path}。请从备份恢复。",
            f"The database file is damaged or not an EnvHelp database: {path}. "
            "Restore it from a backup.",
            kind=StorageError.CORRUPT,
        )
    return StorageError(f"数据库错误：{exc}（{path}）", f"Database error: {exc} ({path})")


def open_store(
    path: str | Path | None = None, *, create: bool = True, read_only: bool = False
) -> Store:
    """Open the database at ``path``, or the default location (``ENVHELP_DB`` or data dir)."""
    return Store(
        path if path is not None else paths.default_db_path(), create=create, read_only=read_only
    )


def copy_database(
    source: Store, target: Path, *, progress: Callable[[int, int], None] | None = None
) -> None:
    """Consistent copy of a live database through SQLite's online backup API.

    With ``progress(pages_done, pages_total)`` the copy goes in steps and reports after
    each; an exception it raises (a cancel) stops the copy and no file is left.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
    dest = sqlite3.connect(str(tmp))
    try:
        if progress is None:
            source.conn.backup(dest)
        else:
            source.conn.backup(
                dest,
                pages=COPY_STEP_PAGES,
                progress=lambda _status, remaining, total: progress(total - remaining, total),
            )
    except BaseException:
        dest.close()
        tmp.unlink(missing_ok=True)
        raise
    dest.close()
    shutil.move(str(tmp), str(target))


COPY_STEP_PAGES = 4096  # pages per step of a reported copy (16 MiB at the default page size)
