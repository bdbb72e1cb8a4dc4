"""``envhelp sync``: push this laptop's changes to the bureau hub, pull everyone else's.

A change set is an exchange bundle (envhelp/io/bundle_export.py) limited to the rows written
since the last push, signed with this laptop's key. Pulled change sets go through the
ordinary bundle import, so they meet the same checks (signature, every row validated)
and merge rules as a bundle brought on a USB stick. docs/bureau-hub.md has the design.

Nothing is lost when a sync is interrupted at any moment:
- the push commits its change set in one hub transaction, and only then moves the local
  mark ``local.hub_pushed_seq`` (the last audit log entry pushed); killed in between,
  the next sync pushes the same rows again, which the merge rules make harmless;
- the pull imports every new change set and moves ``local.hub_pulled_id`` (the last
  change set applied) in ONE local transaction: all of it or none of it.
Rows pulled from colleagues are not pushed back: when nothing was written here between
the push and the pull, the pull moves the push mark past its own writes too (every
laptop merges the same change sets by the same rules, so the merged rows need no
second trip). When something was, they go back once, and importing them again
elsewhere changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from envhelp.domain import settings
from envhelp.io import bundle_export, bundle_format, bundle_import, hub, signing
from envhelp.io.bundle_summary import ImportSummary, TableSummary
from envhelp.storage import Store
from envhelp.storage.clock import utc_now
from envhelp.storage.progress import CancelledFn, ProgressFn, Steps

PUSHED_SEQ_KEY = "local.hub_pushed_seq"  # local settings: never exported
PULLED_ID_KEY = "local.hub_pulled_id"


@dataclass
class SyncReport:
    pushed_rows: int = 0
    pulled_change_sets: int = 0
    imports: list[ImportSummary] = field(default_factory=list)

    def combined(self) -> ImportSummary:
        """Every pulled change set's import as one summary (per table, all conflicts)."""
        whole = ImportSummary()
        for summary in self.imports:
            for table, counts in summary.tables.items():
                total = whole.tables.setdefault(table, TableSummary())
                for name, value in vars(counts).items():
                    setattr(total, name, getattr(total, name) + value)
            whole.files_written += summary.files_written
            whole.files_present += summary.files_present
            whole.merge.conflicts.extend(summary.merge.conflicts)
            whole.merge.conflict_count += summary.merge.conflict_count
            whole.merge.clock_warnings.extend(summary.merge.clock_warnings)
            whole.merge.clock_warning_count += summary.merge.clock_warning_count
        return whole

    def totals(self) -> dict[str, int]:
        total = TableSummary()
        for counts in self.combined().tables.values():
            for name, value in vars(counts).items():
                setattr(total, name, getattr(total, name) + value)
        return vars(total)

    @property
    def conflicts(self) -> list[dict[str, Any]]:
        return [c.to_dict() for s in self.imports for c in s.merge.conflicts]

    def to_dict(self) -> dict[str, Any]:
        totals = self.totals()
        return {
            "pushed_rows": self.pushed_rows,
            "pulled_change_sets": self.pulled_change_sets,
            "added": totals["added"],
            "updated": totals["updated"],
            "kept_local": totals["kept_local"],
            "unchanged": totals["unchanged"],
            "conflicts": self.conflicts,
            "conflict_count": sum(s.merge.conflict_count for s in self.imports),
        }


def hub_url(store: Store, url: str | None) -> str:
    """The URL given, else the ``hub_url`` setting; a clear error when neither is set."""
    chosen = url or settings.get(store, settings.HUB_URL)
    if not chosen:
        raise hub.HubError(
            "未指定数据中心地址：请在命令中给出，或先运行 envhelp settings set hub_url 地址。",
            "No hub URL: give one, or set it first with `envhelp settings set hub_url URL`.",
        )
    return chosen


def _register(conn, store: Store) -> None:
    """This laptop's key on the hub, registered under its role on the first sync."""
    signer = signing.signer_of(store)
    role = conn.execute("SELECT current_user").fetchone()[0]
    row = conn.execute(
        f"SELECT fingerprint FROM {hub.SCHEMA}.laptops WHERE role = %s", (role,)
    ).fetchone()
    if row is None:
        conn.execute(
            f"INSERT INTO {hub.SCHEMA}.laptops (fingerprint, public_key, officer, laptop) "
            "VALUES (%s, %s, %s, %s)",
            (signer.fingerprint, signer.public_key, signer.officer, signer.laptop),
        )
    elif row[0] != signer.fingerprint:
        raise hub.HubError(
            f"数据中心账号 {role} 已登记了另一台电脑的签名密钥。每台电脑需要自己的账号；"
            "如确为更换电脑，请信息科删除旧登记。",
            f"The hub role {role} is registered with another laptop's signing key. Each "
            "laptop needs its own role; if this laptop replaces the old one, IT must remove "
            "the old registration.",
        )
    conn.commit()


def _push(conn, store: Store, workdir: Path, steps: Steps) -> int:
    since = int(store.get_setting(PUSHED_SEQ_KEY, 0))
    path = workdir / "push.zip"
    manifest = bundle_export.export_bundle(store, path, since_audit_seq=since)
    rows = sum(manifest["counts"].values())
    if rows:
        data = path.read_bytes()
        with conn.transaction():
            change_id = conn.execute(
                f"INSERT INTO {hub.SCHEMA}.change_log (fingerprint, bundle_sha256, bundle, "
                "record_count) VALUES (%s, %s, %s, %s) RETURNING id",
                (manifest["signer"]["fingerprint"], hashlib.sha256(data).hexdigest(), data, rows),
            ).fetchone()[0]
            with conn.cursor() as cur:
                cur.executemany(
                    f"INSERT INTO {hub.SCHEMA}.change_records (change_id, table_name, "
                    "record_key, versions) VALUES (%s, %s, %s, %s)",
                    [
                        (change_id, table, key, versions)
                        for table, key, versions in _records_of(path, manifest)
                    ],
                )
            conn.execute(
                f"UPDATE {hub.SCHEMA}.laptops SET last_push_at = now() WHERE role = current_user"
            )
    steps.check()
    store.set_setting(PUSHED_SEQ_KEY, manifest["audit_seq"])
    return rows


def _records_of(path: Path, manifest: dict[str, Any]):
    """(table, key, version vector) of each record a change set carries."""
    with zipfile.ZipFile(path) as zf:
        for table, mode in bundle_format.TABLES.items():
            if mode != bundle_format.RECORD or not manifest["counts"].get(table):
                continue
            with zf.open(bundle_format.table_member(table)) as member:
                for line in member:
                    row = json.loads(line)
                    yield table, str(row["id"]), row.get("versions") or "{}"


def _pull(conn, store: Store, workdir: Path, steps: Steps, report: SyncReport) -> None:
    own = signing.own_fingerprint(store)
    after = int(store.get_setting(PULLED_ID_KEY, 0))
    log, newer = f"{hub.SCHEMA}.change_log c", "c.id > %s AND c.fingerprint <> %s"
    steps.total = (
        conn.execute(f"SELECT count(*) FROM {log} WHERE {newer}", (after, own)).fetchone()[0] + 1
    )
    last = after
    # A server-side cursor: the change sets stream in batches, however many there are.
    with store.transaction(), conn.cursor(name="envhelp_pull") as pending:
        # Written here since the push: nothing but this pull (the transaction holds the
        # write lock). Then the rows this pull writes need not go back to the hub: every
        # laptop merges the same change sets by the same rules.
        quiet = not _written_since(store, int(store.get_setting(PUSHED_SEQ_KEY, 0)))
        pending.itersize = 50
        pending.execute(
            f"SELECT c.id, c.fingerprint, l.fingerprint, c.bundle FROM {log} "
            f"JOIN {hub.SCHEMA}.laptops l ON l.role = c.role WHERE {newer} ORDER BY c.id",
            (after, own),
        )
        for change_id, fingerprint, registered, data in pending:
            steps.check()
            path = workdir / f"pull-{change_id}.zip"
            path.write_bytes(data)
            _check_signer(path, fingerprint, registered)
            # The hub's laptops table is the trust anchor: its keys were registered by
            # their own roles, which the bureau's IT gave out. A revoked key stays refused.
            report.imports.append(bundle_import.import_bundle(store, path, trust=True))
            path.unlink()
            report.pulled_change_sets += 1
            last = change_id
            steps.advance()
        if last != after:
            store.set_setting(PULLED_ID_KEY, last)
            if quiet:
                store.set_setting(PUSHED_SEQ_KEY, store.scalar("SELECT MAX(seq) FROM audit_log"))
        steps.check()  # the last moment a cancel still rolls the whole pull back
    conn.execute(f"UPDATE {hub.SCHEMA}.laptops SET last_pull_at = now() WHERE role = current_user")
    conn.commit()


def _written_since(store: Store, audit_seq: int) -> bool:
    """Whether anything a change set carries was written after that audit log entry."""
    return bool(
        store.scalar(
            "SELECT EXISTS (SELECT 1 FROM audit_log WHERE seq > ? "
            "AND NOT (table_name = 'settings' AND record_id LIKE 'local.%'))",
            (audit_seq,),
        )
    )


def _check_signer(path: Path, fingerprint: str, registered: str) -> None:
    """The change set must be signed by the key the hub holds for the role that pushed it."""
    with zipfile.ZipFile(path) as zf:
        manifest = json.loads(zf.read(bundle_format.MANIFEST))
    signer = (manifest.get("signer") or {}).get("fingerprint")
    if not (signer == fingerprint == registered):
        raise signing.altered(
            "变更集的签名者与数据中心登记的电脑不符 / the change set's signer is not the "
            "laptop registered on the hub"
        )


def sync(
    store: Store,
    url: str | None = None,
    *,
    progress: ProgressFn | None = None,
    cancelled: CancelledFn | None = None,
) -> SyncReport:
    """Push, then pull and apply; see the module's docstring for what an interruption keeps.

    Raises HubOfflineError when the hub cannot be reached, HubError when it refuses,
    BundleError when a change set is refused (nothing of that pull is applied).
    """
    target = hub_url(store, url)
    steps = Steps(progress=progress, cancelled=cancelled)
    report = SyncReport()
    with (
        hub.connect(target) as conn,
        tempfile.TemporaryDirectory(prefix="envhelp-sync-", dir=store.path.parent) as tmp,
    ):
        hub.require_schema(conn)
        conn.commit()
        try:
            _register(conn, store)
            report.pushed_rows = _push(conn, store, Path(tmp), steps)
            _pull(conn, store, Path(tmp), steps, report)
        except _refused_errors() as exc:
            raise hub.HubError(
                f"数据中心拒绝了本机的变更集（{exc}）。请信息科核对本机账号登记的签名密钥。",
                f"The hub refused this laptop's change set ({exc}). IT should check the "
                "signing key registered for this laptop's role.",
            ) from exc
        except _offline_errors() as exc:
            raise hub.HubOfflineError(
                "与数据中心的连接中断。已完成的部分不会丢失，请稍后再次同步。",
                f"The connection to the hub was lost ({exc}). Nothing done so far is lost; "
                "sync again later.",
            ) from exc
    store.set_setting(settings.HUB_LAST_SYNC, utc_now())
    steps.finish()
    return report


def _refused_errors() -> tuple[type[Exception], ...]:
    import psycopg

    return (psycopg.errors.InsufficientPrivilege,)


def _offline_errors() -> tuple[type[Exception], ...]:
    import psycopg

    return (psycopg.OperationalError,)
