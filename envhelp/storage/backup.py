"""Backups: a consistent copy of the database (SQLite online backup API) plus attachments.

A backup is a zip file holding ``manifest.json``, ``envhelp.sqlite3``,
``attachments/<sha256><ext>`` and ``companions/<name>`` (the other files that
belong to a database, :data:`COMPANION_FILES`). A database that fails SQLite's
check is not backed up. Automatic backups go to ``backups/`` beside the database,
at most one a day, rotated (14 daily, 12 monthly) in the order they were made,
whatever the clock says. Restore checks the file completely before touching
anything (SQLite's integrity check, the audit chain and the records against it,
every attachment's hash), refuses while another EnvHelp process has the database
open, moves the current database (damaged, empty or sound) aside under a name
never used before, and moves the backup's database in.

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
from envhelp.errors import WRITE_FAULTS, EnvHelpError, StorageError, write_fault
from envhelp.storage import migrations, process_lock
from envhelp.storage.clock import utc_now
from envhelp.storage.database import Store, copy_database
from envhelp.storage.files import CHUNK, ZIP_READ_ERRORS, atomic_save, safe_suffix
from envhelp.storage.progress import CancelledFn, ProgressFn, Steps

FORMAT = "envhelp-backup"
FORMAT_VERSION = 1
DB_MEMBER = "envhelp.sqlite3"
KEEP_DAILY = 14
KEEP_MONTHLY = 12
# A backup member larger than this is refused on restore (guards against zip bombs).
MAX_MEMBER_BYTES = 8 * 1024**3

Progress = Callable[[int, int], None]

# The files beside a database that belong to it, besides the attachments folder:
# member name in a backup -> where the file lives, given the database's path.
# Backups carry each one that exists; restore puts it back (and keeps the current
# one beside the safety copy). One line here adds a file to every backup.
COMPANION_FILES: dict[str, Callable[[Path], Path]] = {
    "signing-key": paths.signing_key_path,  # the key that signs exchange bundles (io/signing.py)
}


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

    Refuses (StorageError) a database that fails SQLite's check: its backup could not
    be restored. On a cancel (OperationCancelled) or an error, ``target`` is untouched
    and no temporary file is left.
    """
    target = Path(target)
    steps = _steps(progress, cancelled)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        files = (
            sorted(
                p
                for p in store.attachments_dir.glob("*")
                if p.is_file() and not p.name.endswith(".part")
            )
            if store.attachments_dir.exists()
            else []
        )
        companions = {
            name: where(store.path)
            for name, where in COMPANION_FILES.items()
            if where(store.path).is_file()
        }
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

        # Named like the backup, so that a killed run's leftovers are found and removed.
        with (
            atomic_save(target) as part,
            tempfile.TemporaryDirectory(
                prefix=f"{target.name}-", suffix=".part", dir=target.parent
            ) as tmp,
        ):
            db_copy = Path(tmp) / DB_MEMBER
            copy_database(store, db_copy, progress=pages_copied)
            audit_head = _refuse_damaged_copy(store, db_copy)
            steps.done = db_bytes  # the copy may be a little smaller than the live file
            with zipfile.ZipFile(part, "w", zipfile.ZIP_DEFLATED) as zf:
                database_sha256 = _add_file(zf, db_copy, DB_MEMBER, zipfile.ZIP_DEFLATED, steps)
                # Photos are already compressed: store them as they are.
                digests = {
                    p.name: _add_file(zf, p, f"attachments/{p.name}", zipfile.ZIP_STORED, steps)
                    for p in files
                }
                companion_digests = {
                    name: _add_file(zf, path, f"companions/{name}", zipfile.ZIP_DEFLATED, steps)
                    for name, path in companions.items()
                }
                manifest = {
                    "format": FORMAT,
                    "format_version": FORMAT_VERSION,
                    "created_at": utc_now(),
                    "app_version": __version__,
                    "schema_version": store.schema_version,
                    "database_sha256": database_sha256,
                    "attachments": digests,
                    "companions": companion_digests,
                    # The chain's last entry: `envhelp check` compares the live log with
                    # it, so a log rewritten and re-chained since this backup shows.
                    "audit_head": audit_head,
                }
                # Last, because it holds the checksums; readers look members up by name.
                zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
            steps.check()  # the last moment a cancel still leaves no file
    except BaseException as exc:
        if isinstance(exc, OSError):
            if exc.errno in WRITE_FAULTS:
                raise write_fault(exc) from exc
            raise StorageError(
                f"备份失败：{exc}。原数据未受影响。",
                f"Backup failed: {exc}. Your data is unchanged.",
            ) from exc
        if isinstance(exc, sqlite3.DatabaseError):  # writing the copy: disk full, read-only
            raise StorageError(
                f"备份失败：{exc}（{target}）。原数据未受影响。",
                f"Backup failed: {exc} ({target}). Your data is unchanged.",
                kind=StorageError.DISK_FULL if "full" in str(exc) else StorageError.OTHER,
            ) from exc
        raise
    steps.finish()
    return BackupInfo(target, manifest["created_at"], manifest["schema_version"], len(files))


def _refuse_damaged_copy(store: Store, db_copy: Path) -> dict | None:
    """SQLite's quick check of the copy (the live file stays free); the audit chain's head.

    The copy holds the same pages as the live file: a damaged page is copied as it is,
    and a backup of it could never be restored.
    """
    conn = sqlite3.connect(db_copy)
    try:
        lines = [line for (line,) in conn.execute("PRAGMA quick_check")]
        head = conn.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    except sqlite3.DatabaseError as exc:
        lines, head = [str(exc)], None
    finally:
        conn.close()
    if lines != ["ok"]:
        raise StorageError(
            f"数据库未通过完整性检查，未做备份（这样的备份无法恢复）：{store.path}（{lines[0]}）。"
            "请运行 envhelp check，并从最近的完好备份恢复。",
            f"The database fails SQLite's integrity check, so it was not backed up (such a "
            f"backup could not be restored): {store.path} ({lines[0]}). Run `envhelp check` "
            "and restore the latest sound backup.",
            kind=StorageError.CORRUPT,
        )
    return {"seq": head[0], "hash": head[1]} if head else None


def backups_dir(store: Store) -> Path:
    return store.path.parent / "backups"


def auto_backup(
    store: Store,
    today: date | None = None,
    *,
    progress: ProgressFn | None = None,
    cancelled: CancelledFn | None = None,
) -> Path | None:
    """Make today's backup if the newest one is not today's, keep a monthly one, rotate.

    Returns the new backup's path, or None when the newest backup is already today's.
    "Newest" is by the order the backups were made, so a clock set back neither
    skips a backup nor lets rotation delete the one just made. A cancel
    (OperationCancelled) leaves no file: the next close tries again.
    """
    today = today or date.today()
    root = backups_dir(store)
    order = _Order(root, store.path.stem)
    made = [p for p in order.all() if p.parent.name == "daily"]
    if made and made[-1].name.startswith(f"{store.path.stem}-{today.isoformat()}"):
        return None
    daily = _unused(root / "daily", f"{store.path.stem}-{today.isoformat()}")
    backup_to(store, daily, progress, cancelled=cancelled)
    monthly = root / "monthly" / f"{store.path.stem}-{today:%Y-%m}.zip"
    if not monthly.exists():
        monthly.parent.mkdir(parents=True, exist_ok=True)
        with atomic_save(monthly) as part:
            shutil.copyfile(daily, part)
        order.add(monthly)  # listed just before its daily twin, as the picker shows them
    order.add(daily)
    order.rotate("daily", KEEP_DAILY, keep=daily)
    order.rotate("monthly", KEEP_MONTHLY, keep=monthly)
    return daily


def _unused(folder: Path, stem: str) -> Path:
    """``<stem>.zip``, or ``<stem>-2.zip`` … when that name is taken (the clock went back)."""
    path = folder / f"{stem}.zip"
    n = 2
    while path.exists():
        path = folder / f"{stem}-{n}.zip"
        n += 1
    return path


class _Order:
    """The order in which a database's automatic backups were made.

    A text file beside them (``backups/<stem>.order``) lists each one as it is made
    ("daily/<name>.zip"). Backups not listed (made before the list existed) count as
    older than every listed one, in name order.
    """

    def __init__(self, root: Path, stem: str):
        self.root = root
        self.stem = stem
        self.file = root / f"{stem}.order"

    def all(self) -> list[Path]:
        """Every automatic backup of the database that exists, oldest first."""
        try:
            listed = [line for line in self.file.read_text("utf-8").splitlines() if line]
        except OSError:
            listed = []
        found = {
            f"{p.parent.name}/{p.name}"
            for folder in ("daily", "monthly")
            for p in (self.root / folder).glob(f"{self.stem}-*.zip")
            if p.is_file()
        }
        ordered = list(dict.fromkeys(name for name in listed if name in found))
        older = sorted(found - set(ordered), key=lambda name: Path(name).stem)  # by date text
        return [self.root / name for name in older + ordered]

    def add(self, path: Path) -> None:
        with self.file.open("a", encoding="utf-8") as handle:
            handle.write(f"{path.parent.name}/{path.name}\n")
            handle.flush()
            os.fsync(handle.fileno())

    def rotate(self, folder: str, count: int, *, keep: Path) -> None:
        """Delete all but the newest ``count`` in ``folder``; never ``keep``."""
        made = [p for p in self.all() if p.parent.name == folder and p != keep]
        for old in made[: max(0, len(made) - (count - 1))]:
            old.unlink()


def automatic_backups(db_path: Path) -> list[Path]:
    """The automatic backups of ``db_path`` (daily and monthly), newest made first."""
    return list(reversed(_Order(db_path.parent / "backups", db_path.stem).all()))


def read_manifest(path: Path) -> dict | None:
    """A backup's manifest, or None when the file is not a readable backup."""
    try:
        with zipfile.ZipFile(path) as zf:
            return json.loads(zf.read("manifest.json"))
    except (OSError, KeyError, *ZIP_READ_ERRORS):
        return None


def _refuse(zh: str, en: str) -> StorageError:
    return StorageError(
        "无法恢复：" + zh + " 当前数据库未做任何改动。",
        "Cannot restore: " + en + " The current database was not changed.",
    )


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
        raise _refuse(
            f"{path} 不是有效的 EnvHelp 备份文件（{exc}）。",
            f"{path} is not a valid EnvHelp backup ({exc}).",
        ) from exc
    try:
        with zf:
            names = zf.namelist()
            for info in zf.infolist():
                name = info.filename
                if name.startswith("/") or ".." in Path(name).parts or "\\" in name:
                    raise _refuse(
                        f"备份中含有非法路径：{name}。", f"The backup holds an unsafe path: {name}."
                    )
                if info.file_size > MAX_MEMBER_BYTES:
                    raise _refuse(
                        f"备份中的文件过大：{name}。", f"A file in the backup is too large: {name}."
                    )
            if "manifest.json" not in names or DB_MEMBER not in names:
                raise _refuse(
                    "备份缺少清单或数据库文件。", "The backup lacks its manifest or database."
                )
            try:
                manifest = json.loads(zf.read("manifest.json"))
            except ValueError as exc:
                raise _refuse("备份清单无法读取。", "The backup manifest cannot be read.") from exc
            if (
                manifest.get("format") != FORMAT
                or manifest.get("format_version", 0) > FORMAT_VERSION
            ):
                raise _refuse(
                    "备份格式不受支持（可能来自更新版本）。",
                    "Unsupported backup format (perhaps from a newer version).",
                )
            if int(manifest.get("schema_version", 0)) > migrations.LATEST:
                raise _refuse(
                    "备份来自更新版本的 EnvHelp，请先升级软件。",
                    "The backup comes from a newer EnvHelp; upgrade the app first.",
                )
            listed = [f"attachments/{name}" for name in manifest.get("attachments", {})]
            steps.total = sum(zf.getinfo(n).file_size for n in [DB_MEMBER, *listed] if n in names)
            steps.report()
            db_file = workdir / DB_MEMBER
            # "x": never over a file already there (a workdir beside the live database
            # would otherwise overwrite it).
            with zf.open(DB_MEMBER) as src, db_file.open("xb") as dst:
                database_sha256 = _copy(src, dst, steps)
            if database_sha256 != manifest.get("database_sha256"):
                raise _refuse(
                    "备份中的数据库校验值不符，文件可能已损坏。",
                    "The database in the backup fails its checksum; the file may be damaged.",
                )
            for name, digest in manifest.get("attachments", {}).items():
                member = f"attachments/{name}"
                if member not in names:
                    raise _refuse(f"备份缺少附件 {name}。", f"The backup lacks attachment {name}.")
                with zf.open(member) as src:
                    actual = _copy(src, None, steps)
                if actual != digest:
                    raise _refuse(
                        f"附件 {name} 校验值不符。", f"Attachment {name} fails its checksum."
                    )
    except ZIP_READ_ERRORS as exc:  # not OSError: writing to workdir failed (disk full)
        raise _refuse(
            f"备份文件已损坏，无法读取（{exc}）。",
            f"The backup file is damaged and cannot be read ({exc}).",
        ) from exc
    conn = sqlite3.connect(db_file)
    try:
        ok = conn.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        ok = str(exc)
    finally:
        conn.close()
    if ok != "ok":
        raise _refuse(
            f"备份中的数据库未通过完整性检查（{ok}）。",
            f"The database in the backup fails its integrity check ({ok}).",
        )
    _verify_content(db_file, manifest)
    steps.finish()
    return manifest, db_file


def _verify_content(db_file: Path, manifest: dict) -> None:
    """Refuse a backup whose database is foreign or newer, whose audit log does not hold
    (chain, records against it) or whose attachment rows lack their files."""
    conn = sqlite3.connect(db_file)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master")}
    finally:
        conn.close()
    if version > migrations.LATEST:
        raise _refuse(
            f"备份中的数据库来自更新版本的 EnvHelp（结构版本 {version}），请先升级软件。",
            f"The database in the backup comes from a newer EnvHelp (schema {version}); "
            "upgrade the app first.",
        )
    if version < 1 or not {"audit_log", "settings", "enterprises"} <= tables:
        raise _refuse(
            "备份中的文件不是 EnvHelp 数据库（缺少 EnvHelp 的数据表）。",
            "The file in the backup is not an EnvHelp database (it lacks EnvHelp's tables).",
        )
    from envhelp.storage import audit_chain, integrity_report, record_replay

    try:
        with Store(db_file, create=False) as store:  # an older schema is upgraded, in the copy
            report = integrity_report.IntegrityReport()
            audit_chain.check_audit_log(store, report)
            record_replay.check_records(store, report)
            rows = store.query("SELECT sha256, filename FROM attachments")
    except (EnvHelpError, sqlite3.DatabaseError) as exc:
        raise _refuse(
            f"备份中的数据库无法打开：{exc}", f"The database in the backup cannot be opened: {exc}"
        ) from exc
    if report.findings:
        first = report.findings[0]
        raise _refuse(
            f"备份中的审计日志与记录不符：{first.message_zh}",
            f"The backup's audit log does not hold: {first.message_en}",
        )
    listed = manifest.get("attachments", {})
    for row in rows:
        if listed.get(_attachment_name(row)) != row["sha256"]:
            raise _refuse(
                f"备份缺少附件“{row['filename']}”或其校验值不符。",
                f"The backup lacks attachment “{row['filename']}” or its checksum does not match.",
            )


def _attachment_name(row: dict) -> str:
    return row["sha256"] + safe_suffix(row["filename"])


def restore(
    db_path: str | Path,
    backup_file: str | Path,
    *,
    progress: ProgressFn | None = None,
    cancelled: CancelledFn | None = None,
) -> Path | None:
    """Replace the database at ``db_path`` with the backup; returns where the previous
    database was moved (None when there was none).

    Works over a damaged, empty or missing database: the current file is renamed,
    never opened or deleted. Refused (StorageError naming the programs to close)
    while another EnvHelp process has the database open; the caller must have
    closed its own connections. A cancel is honoured until the swap: the attachment
    files added so far are removed and the current database is left as it was.
    """
    db_path = Path(db_path)
    backup_file = Path(backup_file)
    try:
        process_lock.acquire_exclusive(db_path)
    except process_lock.LockBusy as exc:
        others = "、".join(exc.holders) or "其他 EnvHelp 窗口或 envhelp 命令"
        others_en = ", ".join(exc.holders) or "the other EnvHelp window or envhelp command"
        raise _refuse(
            f"数据库正被另一个 EnvHelp 程序打开：{others}。请先关闭它再恢复。",
            f"The database is open in another EnvHelp program: {others_en}. "
            "Close it, then restore.",
        ) from exc
    try:
        _nobody_writing(db_path)
        aside = _restore_locked(db_path, backup_file, progress=progress, cancelled=cancelled)
        _mark_restored(db_path, backup_file)
        return aside
    except OSError as exc:
        if exc.errno in WRITE_FAULTS:
            fault = write_fault(exc)
            raise _refuse(fault.message_zh, fault.message_en) from exc
        raise
    finally:
        process_lock.release_exclusive(db_path)


# Setting written (audited) into a database just restored: when, and from which file.
# The backups made before it belong to the history the restore left behind, so
# `envhelp check` no longer compares the log with their chain heads.
RESTORED_KEY = "local.restored_from_backup"  # "local.": never travels in a bundle


def _mark_restored(db_path: Path, backup_file: Path) -> None:
    try:
        with Store(db_path, create=False) as store:
            store.set_setting(RESTORED_KEY, {"backup": backup_file.name, "at": utc_now()})
    except StorageError:
        pass  # the restore itself is done; without the mark, check may name old backups


def _restore_locked(
    db_path: Path,
    backup_file: Path,
    *,
    progress: ProgressFn | None,
    cancelled: CancelledFn | None,
) -> Path | None:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    # Named so that a killed restore's folder is found and removed at the next start.
    with tempfile.TemporaryDirectory(prefix=f".{db_path.name}.restore-", dir=db_path.parent) as tmp:
        workdir = Path(tmp)
        manifest, new_db = inspect_backup(
            backup_file, workdir, progress=progress, cancelled=cancelled
        )
        attachments_dir = paths.attachments_dir(db_path)
        created: list[Path] = []  # attachment files this restore added
        with zipfile.ZipFile(backup_file) as zf:
            # The bar goes on from where the inspection left it: same units (bytes read).
            steps = _steps(progress, cancelled)
            steps.done = steps.total = sum(
                zf.getinfo(n).file_size
                for n in [DB_MEMBER, *(f"attachments/{a}" for a in manifest.get("attachments", {}))]
            )
            try:
                # Attachments first: they are content-addressed, so adding files is safe.
                attachments_dir.mkdir(parents=True, exist_ok=True)
                missing = [
                    n for n in manifest.get("attachments", {}) if not (attachments_dir / n).exists()
                ]
                steps.total += sum(zf.getinfo(f"attachments/{n}").file_size for n in missing)
                for name in missing:
                    target = attachments_dir / name
                    _extract(zf, f"attachments/{name}", target, steps)
                    created.append(target)
                companions = {}
                for name, digest in manifest.get("companions", {}).items():
                    if name in COMPANION_FILES:
                        extracted = workdir / f"companion-{name}"
                        if _extract(zf, f"companions/{name}", extracted, steps) != digest:
                            raise _refuse(
                                f"备份中的 {name} 校验值不符。",
                                f"{name} in the backup fails its checksum.",
                            )
                        companions[name] = extracted
                with new_db.open("rb") as handle:
                    os.fsync(handle.fileno())
                steps.check()  # past this point the swap runs to its end
            except BaseException:
                for path in created:
                    path.unlink(missing_ok=True)
                raise
        aside = _move_aside(db_path)
        os.replace(new_db, db_path)
        for name, extracted in companions.items():
            extracted.chmod(0o600)  # companions are the user's own (a private key)
            os.replace(extracted, COMPANION_FILES[name](db_path))
    steps.finish()
    return aside


def _extract(zf: zipfile.ZipFile, member: str, target: Path, steps: Steps) -> str:
    """One member to ``target``, written whole or not at all; returns its sha256."""
    with atomic_save(target) as part, zf.open(member) as src, part.open("wb") as dst:
        return _copy(src, dst, steps)


def _move_aside(db_path: Path) -> Path | None:
    """Rename the database (with its -wal/-shm and companions) to a name never used before.

    A rename keeps every byte and needs the file to be neither readable nor sound;
    None when there is no file.
    """
    if not db_path.exists():
        return None
    stamp = utc_now()[:23].replace(":", "").replace(".", "")
    sides = ["-wal", "-shm"]
    n = 1
    while True:
        aside = db_path.with_name(
            f"{db_path.stem}.before-restore-{stamp}{'' if n == 1 else f'-{n}'}{db_path.suffix}"
        )
        taken = [
            aside,
            *(Path(str(aside) + s) for s in sides),
            *(aside.with_name(f"{aside.name}.{name}") for name in COMPANION_FILES),
        ]
        if not any(p.exists() for p in taken):
            break
        n += 1
    os.replace(db_path, aside)
    for suffix in sides:
        side = Path(str(db_path) + suffix)
        if side.exists():
            os.replace(side, Path(str(aside) + suffix))
    for name, where in COMPANION_FILES.items():
        if where(db_path).exists():
            os.replace(where(db_path), aside.with_name(f"{aside.name}.{name}"))
    return aside


def _nobody_writing(db_path: Path) -> None:
    """Refuse while a connection of this process (or, without flock, any) is writing."""
    if not db_path.exists():
        return
    conn = sqlite3.connect(str(db_path), timeout=0.2)
    try:
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("ROLLBACK")
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise _refuse(
                "数据库正被另一个 EnvHelp 窗口使用，请先关闭它。",
                "The database is in use by another EnvHelp window; close it first.",
            ) from exc
    except sqlite3.DatabaseError:
        pass  # damaged or not a database: it is moved aside as it is
    finally:
        conn.close()
