"""Every record against its audit entries, for ``envhelp check``: the state the entries
produce must be the record's current state, so a record changed, inserted or deleted with
plain SQL, a forged or removed entry, an emptied log all show (see :class:`Replay`).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from envhelp.storage.database import Store, canonical_json
from envhelp.storage.integrity_report import RESTORE_HINT, Finding, IntegrityReport, add_finding
from envhelp.storage.progress import Steps

# Not compared with the audit entries: updates do not log who and when, and the merge
# bookkeeping (version vectors, per-problem event counters) is numbered by migrations and
# imports for ordering changes, not part of what a record says.
UNLOGGED_COLUMNS = frozenset({"updated_at", "updated_by", "versions", "field_versions", "lamport"})
MASK = (1 << 64) - 1


@dataclass
class RecordTable:
    name: str
    pk: tuple[str, ...]
    columns: tuple[str, ...]  # those compared (not the pk, not the unlogged ones)
    defaults: dict[str, Any]


def record_tables(store: Store) -> dict[str, RecordTable]:
    """The record tables: every table but the log, SQLite's own and full-text indexes."""
    rows = store.conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'").fetchall()
    virtual = [name for name, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL")]
    tables = {}
    for name, _sql in rows:
        if (
            name == "audit_log"
            or name.startswith("sqlite_")
            or any(name == v or name.startswith(v + "_") for v in virtual)
        ):
            continue
        info = store.conn.execute(f"PRAGMA table_info([{name}])").fetchall()
        pk = tuple(col for _, col, *_ in sorted((r for r in info if r[5]), key=lambda r: r[5]))
        defaults = {}
        for _cid, col, _type, _notnull, default, _pk in info:
            # Column defaults are SQL literals: SQLite itself says what they stand for.
            defaults[col] = (
                None if default is None else store.conn.execute(f"SELECT {default}").fetchone()[0]
            )
        columns = tuple(r[1] for r in info if r[1] not in pk and r[1] not in UNLOGGED_COLUMNS)
        tables[name] = RecordTable(name, pk, columns, defaults)
    return tables


class Replay:
    """What the audit entries say every record holds, as a sum per table.

    Each (record, column, value) that differs from the column's default adds a
    64-bit hash to its table's sum: a create adds its row's, an update takes away
    the values before and adds those after, a delete takes its row's away. Summed
    the same way, the current rows must give the same figure, so no record's state
    needs to be held in memory; only a table whose sums differ is replayed record by
    record (:func:`_locate`) to name the records. Columns added by a later schema
    version hold their default in old rows and count for nothing, like values the
    entries never mention. Python's hash of text is keyed anew in every process, so
    nobody can prepare edits whose hashes cancel out.
    """

    def __init__(self, tables: dict[str, RecordTable]):
        self.tables = tables
        self.sums: dict[str, int] = defaultdict(int)
        self.unknown: set[str] = set()  # entries naming tables that do not exist

    def apply(
        self,
        table: str | bytes,
        action: str | bytes,
        record_id: str | bytes,
        before: str | bytes | None,
        after: str | bytes | None,
    ) -> None:
        """Add one entry (its text as str, or as the bytes stored: the chain's pass)."""
        try:
            table, action, record_id = (_str(v) for v in (table, action, record_id))
            spec = self.tables.get(table)
            if spec is None:
                self.unknown.add(table)
                return
            entry_changes = list(changes(spec, action, record_id, before, after))
        except (ValueError, TypeError, KeyError):  # a damaged entry: the chain names it
            return
        for sign, ident, values, whole in entry_changes:
            self.sums[table] = (
                self.sums[table] + sign * _row_sum(spec, ident, values, whole)
            ) & MASK


def _str(value: Any) -> Any:
    return value.decode() if isinstance(value, bytes) else value


def changes(
    spec: RecordTable, action: str, record_id: str, before: str | None, after: str | None
) -> Iterator[tuple[int, tuple, dict[str, Any], bool]]:
    """(−1 or +1, record identity, values, whole row?) of one audit entry, in the table's
    terms (an update logs only the values it changed)."""
    old = json.loads(before) if before is not None else None
    new = json.loads(after) if after is not None else None
    if isinstance(old, dict) and "rows" in old and "rows" not in spec.defaults:
        for row in old["rows"]:  # delete_links: every row went
            yield -1, _ident(spec, row, record_id), row, True
        old = None
    for sign, values in ((-1, old), (1, new)):
        if values is None:
            continue
        if spec.name == "settings" and "key" not in values:  # set_setting logs decoded values
            values = {"value": canonical_json(values["value"])}
        whole = action != "update"
        yield sign, _ident(spec, values, record_id, whole), values, whole


def _ident(spec: RecordTable, values: dict[str, Any], record_id: str, whole: bool = True) -> tuple:
    if whole and spec.pk and all(c in values for c in spec.pk):
        return tuple(values[c] for c in spec.pk)
    return (record_id,)


def _value(value: Any) -> Any:
    return int(value) if isinstance(value, bool) else value


def _row_sum(spec: RecordTable, ident: tuple, values: dict[str, Any], whole: bool = True) -> int:
    # Hashes of text (SipHash, keyed anew in each process), not of tuples: a tuple's hash
    # is nearly additive in its items, so two records swapping a value would cancel out.
    key = repr(ident)
    total = hash(key) if whole else 0  # the row's presence: a link row may hold only its key
    for column, value in values.items():
        if column in spec.pk or column in UNLOGGED_COLUMNS:
            continue
        value = _value(value)
        if value != spec.defaults.get(column):
            total += hash(f"{key}\x1f{column}\x1f{value!r}")
    return total


def _current_rows(store: Store, spec: RecordTable) -> Iterator[tuple[tuple, dict[str, Any]]]:
    names = [*spec.pk, *spec.columns] if spec.pk else ["rowid", *spec.columns]
    cursor = store.conn.execute(f"SELECT {', '.join(f'[{n}]' for n in names)} FROM [{spec.name}]")
    width = len(spec.pk) if spec.pk else 1
    for row in cursor:
        yield tuple(row[:width]), dict(zip(spec.columns, row[width:], strict=True))


def check_records(
    store: Store,
    report: IntegrityReport,
    steps: Steps | None = None,
    replay: Replay | None = None,
) -> None:
    """Every record's current state must be the one its audit entries produce."""
    steps = steps or Steps()
    if replay is None:
        replay = Replay(record_tables(store))
        for entry in store.conn.execute(
            "SELECT table_name, action, record_id, before, after FROM audit_log ORDER BY seq"
        ):
            replay.apply(*entry)
    for spec in replay.tables.values():
        current = 0
        for ident, values in _current_rows(store, spec):
            current = (current + _row_sum(spec, ident, values)) & MASK
        steps.advance()
        if current != replay.sums[spec.name]:
            _locate(store, spec, report)


def _locate(store: Store, spec: RecordTable, report: IntegrityReport) -> None:
    """Replay one table's entries record by record and name the records that differ."""
    expected: dict[tuple, dict[str, Any]] = {}
    for action, record_id, before, after in store.conn.execute(
        "SELECT action, record_id, before, after FROM audit_log WHERE table_name = ? ORDER BY seq",
        (spec.name,),
    ):
        for sign, ident, values, _whole in changes(spec, action, record_id, before, after):
            if sign < 0 and action != "update":
                expected.pop(ident, None)
            elif sign > 0:
                expected.setdefault(ident, {}).update(values)
    found = 0
    for ident, values in _current_rows(store, spec):
        wanted = expected.pop(ident, None)
        if wanted is None:
            _record_finding(
                report,
                spec,
                ident,
                values,
                "inserted_outside",
                "没有任何审计记录：它是在软件之外插入的",
                "has no audit entry: it was inserted outside the app",
            )
            found += 1
            continue
        differing = sorted(
            c
            for c in spec.columns
            if _value(values[c]) != _value(wanted.get(c, spec.defaults.get(c)))
        )
        if differing:
            _record_finding(
                report,
                spec,
                ident,
                values,
                "changed_outside",
                f"的 {', '.join(differing)} 与审计日志不符：它在软件之外被改动过",
                f"differs from its audit entries in {', '.join(differing)}: it was "
                "changed outside the app",
                columns=differing,
            )
            found += 1
    for ident, values in expected.items():
        _record_finding(
            report,
            spec,
            ident,
            values,
            "deleted_outside",
            "按审计日志应当存在，但已不在：它是在软件之外删除的",
            "should exist by its audit entries but is gone: it was deleted outside the app",
        )
        found += 1
    if not found:  # sums differ but no record does: the log itself was tampered with
        _record_finding(
            report,
            spec,
            ("?",),
            {},
            "changed_outside",
            "的数据与审计日志不符",
            "does not match its audit entries",
        )


# The record tables, as people call them (the check's findings, the import report).
TABLE_LABELS = {
    "officers": ("执法人员", "Officers"),
    "enterprises": ("企业", "Enterprises"),
    "visits": ("走访", "Visits"),
    "visit_officers": ("走访人员", "Visit officers"),
    "visit_amendments": ("走访更正", "Visit amendments"),
    "checklist_templates": ("检查表模板", "Checklist templates"),
    "checks": ("检查", "Checks"),
    "check_results": ("检查结果", "Check results"),
    "problems": ("问题", "Problems"),
    "problem_events": ("问题处理记录", "Problem history"),
    "attachments": ("附件", "Attachments"),
    "settings": ("设置", "Settings"),
    "merge_conflicts": ("合并冲突记录", "Merge conflicts"),
    "tombstones": ("已删除记录", "Deleted records"),
}

# Columns that tell a person which record it is, in order of preference.
LABEL_COLUMNS = ("name", "record_no", "title_zh", "description", "filename", "reason", "date")


def _record_finding(
    report: IntegrityReport,
    spec: RecordTable,
    ident: tuple,
    values: dict[str, Any],
    kind: str,
    zh: str,
    en: str,
    **details: Any,
) -> None:
    """A finding naming the table and the record: by what people call it (its name, record
    number …), the id only where a record has nothing else (the JSON report has both)."""
    record = "/".join(str(part) for part in ident)
    text = next((str(values[c]) for c in LABEL_COLUMNS if values.get(c)), None)
    shown = f"“{text[:40]}”" if text else record
    table_zh, table_en = TABLE_LABELS.get(spec.name, (spec.name, spec.name))
    add_finding(
        report,
        Finding(
            "records",
            kind,
            f"{table_zh}（{spec.name}）中的记录 {shown} {zh}。{RESTORE_HINT[0]}",
            f"{table_en} ({spec.name}) record {shown} {en}. {RESTORE_HINT[1]}",
            {"table": spec.name, "record_id": record, **details},
        ),
    )
