"""Benchmark 10: ``envhelp check`` on the decade database, part by part.

    python bench/bench_check.py --db bench/data/decade.db [--repeat 1] [--write-readme]

The database must carry its audit log (bench/make_db.py writes one create entry
per record). Figures: the audit chain alone (target ≤ 10 s, issue 15), the chain
with the records' replay in the same pass, the records' comparison with the
current rows, SQLite's own integrity check, and the whole check as the CLI runs
it. The floor of the chain is reading every entry with plain SQL and hashing the
same bytes once, the least any chain check can cost.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import Result, measure, store_main  # noqa: E402

CHAIN_TARGET = 10.0  # seconds, issue 15


def bare_chain(store) -> int:  # noqa: ANN001
    """Every entry read with plain SQL and its text hashed once: the chain's floor."""
    n = 0
    for row in store.conn.execute(
        "SELECT seq, at, actor, action, table_name, record_id, before, after, prev_hash, hash "
        "FROM audit_log ORDER BY seq"
    ):
        hashlib.sha256("".join(str(v) for v in row).encode()).digest()
        n += 1
    return n


def run(store, repeat: int = 1) -> list[Result]:  # noqa: ANN001
    from envhelp.storage import audit_chain, integrity, integrity_report, record_replay

    entries = store.scalar("SELECT COUNT(*) FROM audit_log")

    def chain_only() -> None:
        report = integrity_report.IntegrityReport()
        audit_chain.check_audit_log(store, report)
        assert report.ok, report.findings[:3]

    def chain_and_replay() -> record_replay.Replay:
        report = integrity_report.IntegrityReport()
        replay = record_replay.Replay(record_replay.record_tables(store))
        audit_chain.check_audit_log(store, report, replay=replay)
        return replay

    replay = chain_and_replay()

    def records() -> None:
        report = integrity_report.IntegrityReport()
        record_replay.check_records(store, report, replay=replay)
        assert report.ok, report.findings[:3]

    def database() -> None:
        integrity.check_database(store, integrity_report.IntegrityReport())

    def whole() -> None:
        assert integrity.check(store).ok

    floor = measure(lambda: bare_chain(store), repeat, warmup=0)
    return [
        Result(
            f"audit chain ({entries:,} entries)",
            measure(chain_only, repeat, warmup=0),
            floor,
            "plain SQL read + one sha256 per entry",
            CHAIN_TARGET,
        ),
        Result(
            "audit chain + records' replay (one pass)",
            measure(chain_and_replay, repeat, 0),
            floor,
            "same floor",
        ),
        Result("records against the replay (every current row)", measure(records, repeat, 0)),
        Result("SQLite integrity_check + foreign_key_check", measure(database, repeat, 0)),
        Result("whole check (as `envhelp check`)", measure(whole, repeat, 0)),
    ]


def main() -> None:
    store_main(__doc__, "check", "10. Integrity check (`envhelp check`)", run)


if __name__ == "__main__":
    main()
