"""A writer killed with SIGKILL at random points never loses a reported commit."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

KILLS = int(os.environ.get("ENVHELP_CRASH_KILLS", "25"))

WRITER = r"""
import sys
from envhelp.domain import enterprises, officers, visits
from envhelp.storage import Store
store = Store(sys.argv[1], actor="crash-test")
officer = store.query_one("SELECT id FROM officers") or officers.add(store, {"name": "王敏"})
n = 0
while True:
    n += 1
    with store.transaction():  # one action: an enterprise and a visit to it
        e = enterprises.add(store, {"name": f"企业{sys.argv[2]}-{n}", "town": "甲镇"})
        visits.create(store, {"enterprise_id": e["id"], "date": "2026-03-01",
                              "type": "stationed", "officer_ids": [officer["id"]]})
    print(e["id"], flush=True)  # reported only after COMMIT returned
"""


@pytest.mark.slow
def test_sigkill_during_writes_loses_nothing_reported(tmp_path):
    db = tmp_path / "crash.sqlite3"
    rng = random.Random(20261127)
    reported: list[str] = []
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    for round_no in range(KILLS):
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db), str(round_no)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        # Let it start and commit a few, then kill it at a random moment mid-stream.
        first = proc.stdout.readline().strip()
        assert first, proc.stderr.read()
        reported.append(first)
        time.sleep(rng.uniform(0.0, 0.15))
        os.kill(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        reported.extend(line for line in out.split() if line)

        conn = sqlite3.connect(db)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        present = {r[0] for r in conn.execute("SELECT id FROM enterprises")}
        missing = [i for i in reported if i not in present]
        assert not missing, f"round {round_no}: {len(missing)} reported commits lost"
        # No half-written action: every enterprise has its visit.
        orphans = conn.execute(
            "SELECT count(*) FROM enterprises e WHERE NOT EXISTS "
            "(SELECT 1 FROM visits v WHERE v.enterprise_id = e.id)"
        ).fetchone()[0]
        assert orphans == 0
        conn.close()
    assert len(reported) >= KILLS
