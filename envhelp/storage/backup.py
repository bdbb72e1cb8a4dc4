"""Backups: a consistent copy of the database (SQLite online backup API) plus attachments.

A backup is a zip file holding ``manifest.json``, ``envhelp.sqlite3`` and
``attachments/<sha256><ext>``. Automatic backups go to ``backups/`` beside the
database, at most one a day, rotated (14 daily, 12 monthly). Restore checks the
file completely before touching anything, keeps a copy of the current database,
and swaps the database file in one atomic rename.

Backup, inspection and restore take ``progress``/``cancelled`` (envhelp.errors'
contract, counted in KiB read or written). A cancelled backup leaves no file; a
cancelled restore stops before the swap and takes back what it had added (the
safety copy, attachment files), so the current database stays as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO

from envhelp import __version__, paths
from envhelp.errors import StorageError
from envhelp.storage import migrations
from envhelp.storage.clock import utc_now
from envhelp.storage.database import Store, copy_database
from envhelp.storage.files import CHUNK, ZIP_READ_ERRORS, atomic_save
from envhelp.storage.progress import CancelledFn, ProgressFn, Steps

FORMAT = "envhelp-backup"
FORMAT_VERSION = 1
DB_MEMBER = "envhelp.sqlite3"
KEEP_DAILY = 14
KEEP_MONTHLY = 12
# A backup member larger than this is refused on restore (guards against zip bombs).
MAX_MEMBER_BYTES = 8 * 1024**3

Progress = Callable[[int, int], None]


@dataclass
class BackupInfo:
    path: Path
    created_at: str
    schema_version: int
    attachments: int


def _steps(progress: ProgressFn | None, cancelled: CancelledFn | None) -> Steps:
    """Steps counted in bytes and reported in KiB (a Qt progress bar holds 32-bit ints)."""
    report = None if progress is None else lambda done, total: progress(done >> 10, total >> 10)
    return Steps(progress=report, cancelled=cancelled)


def _copy(src: BinaryIO, dst: BinaryIO | None, steps: Steps) -> str:
    """Copy ``src`` to ``dst`` (or only read it) chunk by chunk; returns its sha256."""
    digest = hashlib.sha256()
    for chunk in iter(lambda: src.read(CHUNK), b""):
        digest.update(chunk)
        if dst is not None:
            dst.write(chunk)
        steps.advance(len(chunk))
    return digest.hexdigest()


def _add_file(zf: zipfile.ZipFile, source: Path, name: str, compress: int, steps: Steps) -> str:
    """Write one file into the zip while hashing it (one read instead of two)."""
    info = zipfile.ZipInfo.from_file(source, name)
    info.compress_type = compress
    with source.open("rb") as src, zf.open(info, "w", force_zip64=True) as dst:
        return _copy(src, dst, steps)


def backup_to(
    store: Store,
    target: str | Path,
    progress: Progress | None = None,
    *,
    cancelled: CancelledFn | None = None,
) -> BackupInfo:
    """Write a full backup of ``store`` to ``target`` (written under a temporary name first).

    On a cancel (OperationCancelled) or an error, ``target`` is untouched and no
    temporary file is left.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    files = sorted(p for p in store.attachments_dir.glob("*") if p.is_file() and
                   not p.name.endswith(".part")) if store.attachments_dir.exists() else []
    steps = _steps(progress, cancelled)
    page_size = int(store.scalar("PRAGMA page_size"))
    db_bytes = page_size * int(store.scalar("PRAGMA page_count"))
    # The database is read twice (copied, then zipped); each attachment once.
    steps.total = 2 * db_bytes + sum(p.stat().st_size for p in files)
    steps.report()
    copied = 0

    def pages_copied(done: int, _total: int) -> None:
        nonlocal copied
        steps.advance((done - copied) * page_size)
        copied = done

    try:
        with atomic_save(target) as part, tempfile.TemporaryDirectory(dir=target.parent) as tmp:
            db_copy = Path(tmp) / DB_MEMBER
            copy_database(store, db_copy, progress=pages_copied)
            steps.done = db_bytes  # the copy may be a little smaller than the live file
            with zipfile.ZipFile(part, "w", zipfile.ZIP_DEFLATED) as zf:
                database_sha256 = _add_file(zf, db_copy, DB_MEMBER, zipfile.ZIP_DEFLATED, steps)
                if (key := paths.signing_key_path(store.path)).is_file():  # io/signing.py's
                    _add_file(zf, key, "signing-key", zipfile.ZIP_DEFLATED, steps)
                # Photos are already compressed: store them as they are.
                digests = {p.name: _add_file(zf, p, f"attachments/{p.name}",
                                             zipfile.ZIP_STORED, steps) for p in files}
                manifest = {
                    "format": FORMAT,
                    "format_version": FORMAT_VERSION,
                    "created_at": utc_now(),
                    "app_version": __version__,
                    "schema_version": store.schema_version,
                    "database_sha256": database_sha256,
                    "attachments": digests,
                }
                # Last, because it holds the checksums; readers look members up by name.
                zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
            steps.check()  # the last moment a cancel still leaves no file
    except BaseException as exc:
        if isinstance(exc, OSError):
            raise StorageError(
                f"备份失败：{exc}。原数据未受影响。", f"Backup failed: {exc}. Your data is unchanged."
            ) from exc
        raise
    steps.finish()
    return BackupInfo(target, manifest["created_at"], manifest["schema_version"], len(files))


def backups_dir(store: Store) -> Path:
    return store.path.parent / "backups"


def auto_backup(
    store: Store,
    today: date | None = None,
    *,
    progress: ProgressFn | None = None,
    cancelled: CancelledFn | None = None,
) -> Path | None:
    """Make today's backup if there is none yet, keep a monthly one, and rotate old ones.

    Returns the new backup's path, or None when today's already existed. A cancel
    (OperationCancelled) leaves no file: the next close tries again.
    """
    today = today or date.today()
    root = backups_dir(store)
    daily = root / "daily" / f"{store.path.stem}-{today.isoformat()}.zip"
    if daily.exists():
        return None
    backup_to(store, daily, progress, cancelled=cancelled)
    monthly = root / "monthly" / f"{store.path.stem}-{today:%Y-%m}.zip"
    if not monthly.exists():
        monthly.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(daily, monthly)
    _rotate(root / "daily", KEEP_DAILY)
    _rotate(root / "monthly", KEEP_MONTHLY)
    return daily


def _rotate(folder: Path, keep: int) -> None:
    # Names end in an ISO date or month, so name order is time order.
    for old in sorted(folder.glob("*.zip"))[:-keep]:
        old.unlink()


def _refuse(zh: str, en: str) -> StorageError:
    return StorageError("无法恢复：" + zh + " 当前数据库未做任何改动。",
                        "Cannot restore: " + en + " The current database was not changed.")


def inspect_backup(
    path: str | Path,
    workdir: Path,
    *,
    progress: ProgressFn | None = None,
    cancelled: CancelledFn | None = None,
) -> tuple[dict, Path]:
    """Check a backup file completely and extract its database into ``workdir``.

    Raises StorageError naming what is wrong (OperationCancelled on a cancel);
    nothing outside ``workdir`` is touched.
    """
    steps = _steps(progress, cancelled)
    path = Path(path)
    try:
        zf = zipfile.ZipFile(path)
    except (OSError, *ZIP_READ_ERRORS) as exc:
        raise _refuse(f"{path} 不是有效的 EnvHelp 备份文件（{exc}）。",
                      f"{path} is not a valid EnvHelp backup ({exc}).") from exc
    try:
        with zf:
            names = zf.namelist()
            for info in zf.infolist():
                name = info.filename
                if name.startswith("/") or ".." in Path(name).parts or "\\" in name:
                    raise _refuse(f"备份中含有非法路径：{name}。", f"The backup holds an unsafe path: {name}.")
                if info.file_size > MAX_MEMBER_BYTES:
                    raise _refuse(f"备份中的文件过大：{name}。", f"A file in the backup is too large: {name}.")
            if "manifest.json" not in names or DB_MEMBER not in names:
                raise _refuse("备份缺少清单或数据库文件。", "The backup lacks its manifest or database.")
            try:
                manifest = json.loads(zf.read("manifest.json"))
            except ValueError as exc:
                raise _refuse("备份清单无法读取。", "The backup manifest cannot be read.") from exc
            if manifest.get("format") != FORMAT or manifest.get("format_version", 0) > FORMAT_VERSION:
                raise _refuse("备份格式不受支持（可能来自更新版本）。",
                              "Unsupported backup format (perhaps from a newer version).")
            if int(manifest.get("schema_version", 0)) > migrations.LATEST:
                raise _refuse("备份来自更新版本的 EnvHelp，请先升级软件。",
                              "The backup comes from a newer EnvHelp; upgrade the app first.")
            listed = [f"attachments/{name}" for name in manifest.get("attachments", {})]
            steps.total = sum(zf.getinfo(n).file_size for n in [DB_MEMBER, *listed] if n in names)
            steps.report()
            db_file = workdir / DB_MEMBER
            # "x": never over a file already there (a workdir beside the live database
            # would otherwise overwrite it).
            with zf.open(DB_MEMBER) as src, db_file.open("xb") as dst:
                database_sha256 = _copy(src, dst, steps)
            if database_sha256 != manifest.get("database_sha256"):
                raise _refuse("备份中的数据库校验值不符，文件可能已损坏。",
                              "The database in the backup fails its checksum; the file may be damaged.")
            for name, digest in manifest.get("attachments", {}).items():
                member = f"attachments/{name}"
                if member not in names:
                    raise _refuse(f"备份缺少附件 {name}。", f"The backup lacks attachment {name}.")
                with zf.open(member) as src:
                    actual = _copy(src, None, steps)
                if actual != digest:
                    raise _refuse(f"附件 {name} 校验值不符。", f"Attachment {name} fails its checksum.")
    except ZIP_READ_ERRORS as exc:  # not OSError: writing to workdir failed (disk full)
        raise _refuse(f"备份文件已损坏，无法读取（{exc}）。",
                      f"The backup file is damaged and cannot be read ({exc}).") from exc
    conn = sqlite3.connect(db_file)
    try:
        ok = conn.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        ok = str(exc)
    finally:
        conn.close()
    if ok != "ok":
        raise _refuse(f"备份中的数据库未通过完整性检查（{ok}）。",
                      f"The database in the backup fails its integrity check ({ok}).")
    steps.finish()
    return manifest, db_file


def restore(
    db_path: str | Path,
    backup_file: str | Path,
    *,
    progress: ProgressFn | None = None,
    cancelled: CancelledFn | None = None,
) -> Path:
    """Replace the database at ``db_path`` with the backup; returns the safety copy's path.

    The caller must have closed its own connections to ``db_path``. A cancel is
    honoured until the swap: the safety copy and the attachment files added so far
    are removed again and the current database is left as it was.
    """
    db_path = Path(db_path)
    backup_file = Path(backup_file)
    with tempfile.TemporaryDirectory(dir=db_path.parent) as tmp:
        workdir = Path(tmp)
        manifest, new_db = inspect_backup(
            backup_file, workdir, progress=progress, cancelled=cancelled
        )
        safety = db_path.with_name(f"{db_path.stem}.before-restore-{utc_now()[:19].replace(':', '')}"
                                   f"{db_path.suffix}")
        created: list[Path] = []  # files this restore added (the safety copy, attachments)
        with zipfile.ZipFile(backup_file) as zf:
            # The bar goes on from where the inspection left it: same units (bytes read).
            steps = _steps(progress, cancelled)
            steps.done = steps.total = sum(
                zf.getinfo(n).file_size
                for n in [DB_MEMBER, *(f"attachments/{a}" for a in manifest.get("attachments", {}))]
            )
            try:
                current = Store(db_path) if db_path.exists() else None
                if current is not None:
                    try:
                        _take_exclusive(current)
                        page_size = int(current.scalar("PRAGMA page_size"))
                        base = steps.done
                        steps.total += page_size * int(current.scalar("PRAGMA page_count"))
                        copy_database(
                            current, safety,
                            progress=lambda done, _t: steps.advance(
                                base + done * page_size - steps.done),
                        )  # fmt: skip
                        created.append(safety)
                        current.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                        attachments_dir = current.attachments_dir
                    finally:
                        current.close()
                else:
                    from envhelp import paths

                    attachments_dir = paths.attachments_dir(db_path)
                # Attachments first: they are content-addressed, so adding files is safe.
                attachments_dir.mkdir(parents=True, exist_ok=True)
                missing = [n for n in manifest.get("attachments", {})
                           if not (attachments_dir / n).exists()]
                steps.total += sum(zf.getinfo(f"attachments/{n}").file_size for n in missing)
                for name in missing:
                    target = attachments_dir / name
                    with atomic_save(target) as part, zf.open(f"attachments/{name}") as src, \
                            part.open("wb") as dst:
                        _copy(src, dst, steps)
                    created.append(target)
                with new_db.open("rb") as handle:
                    os.fsync(handle.fileno())
                steps.check()  # past this point the swap runs to its end
            except BaseException:
                for path in created:
                    path.unlink(missing_ok=True)
                raise
        for suffix in ("-wal", "-shm"):
            Path(str(db_path) + suffix).unlink(missing_ok=True)
        os.replace(new_db, db_path)
    steps.finish()
    return safety if safety.exists() else db_path


def _take_exclusive(store: Store) -> None:
    """Refuse to restore under another open EnvHelp writing to the same database."""
    try:
        store.conn.execute("PRAGMA busy_timeout = 200")
        store.conn.execute("BEGIN EXCLUSIVE")
        store.conn.execute("ROLLBACK")
    except sqlite3.OperationalError as exc:
        raise _refuse("数据库正被另一个 EnvHelp 窗口使用，请先关闭它。",
                      "The database is in use by another EnvHelp window; close it first.") from exc
