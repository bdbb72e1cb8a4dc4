"""Benchmark 2: enterprise search per keystroke (name fragment and USCC fragment).

Each keystroke runs what the Enterprises page runs: ``enterprises.list_page``
(first page of 200) and ``enterprises.count`` with the text typed so far.
Floor: the same two SQL statements run bare on the connection (no domain
layer). For comparison the figure of the former LIKE-only search (a full scan
of ``search_text``) is measured too. Target: ≤ 50 ms per keystroke.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import Result, measure, store_main  # noqa: E402

TARGET = 0.050


def typed(text: str) -> list[str]:
    """What the search box holds after each keystroke."""
    return [text[: i + 1] for i in range(len(text))]


def fragments(store) -> dict[str, str]:  # noqa: ANN001
    """A 4-character part of a Chinese name and a 10-character part of a USCC (deterministic)."""
    total = store.scalar("SELECT count(*) FROM enterprises")
    row = store.query_one(
        "SELECT name, uscc FROM enterprises ORDER BY id LIMIT 1 OFFSET ?", (total // 2,)
    )
    return {"name": row["name"][2:6], "uscc": row["uscc"][6:16]}


def keystroke(store, text: str) -> int:  # noqa: ANN001
    from envhelp.domain import enterprises

    enterprises.list_page(store, search=text, limit=200)
    return enterprises.count(store, search=text)


def bare_sql(store, text: str) -> int:  # noqa: ANN001
    """The statements list_page and count build, fetched raw."""
    from envhelp.domain import enterprises

    where, params = enterprises._where(text, None)
    store.conn.execute(
        f"SELECT * FROM enterprises{where} ORDER BY name ASC, id LIMIT ? OFFSET ?",
        [*params, 200, 0],
    ).fetchall()
    return store.conn.execute(f"SELECT count(*) FROM enterprises{where}", params).fetchone()[0]


def like_only(store, text: str) -> int:  # noqa: ANN001
    """The search before migration v4: LIKE over search_text for every word."""
    from envhelp.domain import enterprises

    clauses, params = [], []
    for token in text.lower().split():
        clauses.append("search_text LIKE ? ESCAPE '\\'")
        params.append(enterprises.like_pattern(token))
    where = " WHERE " + " AND ".join(clauses)
    store.conn.execute(
        f"SELECT * FROM enterprises{where} ORDER BY name ASC, id LIMIT 200", params
    ).fetchall()
    return store.conn.execute(f"SELECT count(*) FROM enterprises{where}", params).fetchone()[0]


def run(store, repeat: int = 5) -> list[Result]:  # noqa: ANN001
    results = []
    for kind, text in fragments(store).items():
        per_key = []
        for prefix in typed(text):
            hits = keystroke(store, prefix)
            assert hits == bare_sql(store, prefix) == like_only(store, prefix), prefix
            per_key.append(
                (
                    measure(lambda p=prefix: keystroke(store, p), repeat),
                    measure(lambda p=prefix: bare_sql(store, p), repeat),
                    measure(lambda p=prefix: like_only(store, p), repeat),
                    prefix,
                    hits,
                )
            )
        worst = max(per_key)
        mean = [sum(k[i] for k in per_key) / len(per_key) for i in range(3)]
        results.append(
            Result(
                f"search {kind} “{text}”, worst keystroke (“{worst[3]}”, {worst[4]} hits)",
                worst[0],
                worst[1],
                "bare SQL",
                TARGET,
                note=f"LIKE-only scan: {worst[2] * 1000:.1f} ms",
            )
        )
        results.append(
            Result(
                f"search {kind}, mean of {len(per_key)} keystrokes",
                mean[0],
                mean[1],
                "bare SQL",
                TARGET,
                note=f"LIKE-only scan: {mean[2] * 1000:.1f} ms",
            )
        )
    return results


def main() -> None:
    store_main(__doc__, "search", "2. Enterprise search per keystroke", run)


if __name__ == "__main__":
    main()
