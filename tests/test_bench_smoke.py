"""Keep the benchmark scripts working: build a tiny synthetic database, run each benchmark once.

No timing is asserted here; the figures live in bench/README.md.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import (  # noqa: E402
    bench_check,
    bench_hostile_inputs,
    bench_ledger_io,
    bench_lists,
    bench_pdf,
    bench_photos,
    bench_search,
    bench_summary,
    common,
    make_db,
)
from envhelp.domain import enterprises, stored_templates, uscc  # noqa: E402
from envhelp.storage import Store  # noqa: E402


@pytest.fixture(scope="module")
def tiny_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("bench") / "tiny.db"
    counts = make_db.build(path, "tiny", seed=3)
    return path, counts


@pytest.fixture
def tiny_store(tiny_db):
    with Store(tiny_db[0], create=False, actor="test") as store:
        yield store


def test_make_db_counts_match_the_scale(tiny_db):
    _, counts = tiny_db
    scale = make_db.SCALES["tiny"]
    assert counts["enterprises"] == scale.enterprises
    assert counts["visits"] == scale.visits
    assert counts["checks"] == scale.checks
    assert counts["problems"] == scale.problems
    assert counts["attachments"] == scale.photos


def test_make_db_is_deterministic(tmp_path, tiny_db):
    make_db.build(tmp_path / "again.db", "tiny", seed=3)
    query = "SELECT id, name, uscc FROM enterprises ORDER BY id"
    with Store(tiny_db[0], create=False) as a, Store(tmp_path / "again.db", create=False) as b:
        assert a.query(query) == b.query(query)
        assert a.scalar("SELECT count(*) FROM problem_events") == b.scalar(
            "SELECT count(*) FROM problem_events"
        )


def test_make_db_refuses_to_overwrite_without_force(tiny_db):
    with pytest.raises(SystemExit):
        make_db.build(tiny_db[0], "tiny")


def test_make_db_rows_follow_the_rules(tiny_store):
    store = tiny_store
    for row in store.query("SELECT * FROM enterprises"):
        assert uscc.is_valid(row["uscc"])
        assert row["search_text"] == enterprises.search_text(row["name"], row["uscc"])
        # The trigram index (migration v4) was filled by its triggers.
        fragment = row["name"][2:6]
        assert row["id"] in {e["id"] for e in enterprises.list_page(store, search=fragment)}
    # Every check holds one answered result per item of its stored template.
    for check in store.query("SELECT * FROM checks"):
        template = stored_templates.get_template(
            store, check["template_id"], check["template_version"]
        )
        codes = [
            r["item_code"]
            for r in store.query(
                "SELECT item_code FROM check_results WHERE check_id = ?", (check["id"],)
            )
        ]
        assert sorted(codes) == sorted(i["code"] for i in template["items"])
    assert store.scalar("SELECT count(*) FROM check_results WHERE result = 'unanswered'") == 0
    states = {r["status"] for r in store.query("SELECT DISTINCT status FROM problems")}
    assert {"open", "closed"} <= states
    assert (
        store.scalar(
            "SELECT count(*) FROM problems WHERE status = 'closed' AND (closed_on IS NULL "
            "OR closed_by IS NULL OR close_method = '' OR closed_on < found_on)"
        )
        == 0
    )
    assert (
        store.scalar(
            "SELECT count(*) FROM problems p WHERE NOT EXISTS (SELECT 1 FROM problem_events e "
            "WHERE e.problem_id = p.id AND e.kind = 'created')"
        )
        == 0
    )
    # One create entry per record, chained: `envhelp check` finds every record accounted for.
    from envhelp.storage.integrity import check

    report = check(store)
    assert report.ok, report.findings[:3]
    assert report.audit_entries > store.scalar("SELECT count(*) FROM check_results")
    assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []
    # Record numbers continue after the synthetic ones.
    year = store.scalar("SELECT max(substr(date, 1, 4)) FROM visits WHERE status = 'final'")
    finals = store.scalar(
        "SELECT count(*) FROM visits WHERE status = 'final' AND date LIKE ?", (f"{year}-%",)
    )
    assert store.get_setting(f"record_seq:{year}") == finals


def test_make_db_photos_are_stored_under_their_hash(tiny_store):
    from envhelp.domain import attachments

    for row in tiny_store.query("SELECT * FROM attachments"):
        path = attachments.stored_path(tiny_store, row)
        assert path.is_file()
        assert attachments.file_sha256(path) == row["sha256"]
        assert row["mime"] in ("image/png", "image/jpeg")


def test_check_benchmark_runs(tiny_store):
    results = bench_check.run(tiny_store, repeat=1)
    assert [r.name.split(" (")[0] for r in results][0] == "audit chain"


def test_search_benchmark_runs(tiny_store):
    results = bench_search.run(tiny_store, repeat=1)
    assert len(results) == 4 and all(r.seconds > 0 and r.floor for r in results)


def test_lists_benchmark_runs(tiny_store):
    results = bench_lists.run(tiny_store, repeat=1, today=date(2026, 10, 31))
    assert len(results) == 9 and all(r.seconds > 0 for r in results)


def test_pdf_benchmark_runs(tiny_store):
    results = bench_pdf.run(tiny_store, repeat=1, first=True)
    assert [r.target for r in results] == [bench_pdf.TARGET_FIRST, bench_pdf.TARGET_WARM]


def test_photos_benchmark_runs():
    results = bench_photos.run(repeat=1, count=3, size=(640, 480))
    assert [r.max_ratio for r in results] == [bench_photos.MAX_RATIO, bench_photos.MAX_RATIO, None]
    assert "peak" in results[0].note


def test_photos_are_different_noisy_jpegs_with_a_camera_time(tmp_path):
    from PIL import Image

    paths = bench_photos.phone_photos(tmp_path, count=2, size=(640, 480))
    assert paths[0].read_bytes() != paths[1].read_bytes()
    with Image.open(paths[0]) as im:
        assert im.size == (640, 480)
        assert im.getexif().get_ifd(bench_photos.EXIF_IFD)[bench_photos.DATETIME_ORIGINAL]


def test_summary_benchmark_runs(tiny_store):
    results = bench_summary.run(tiny_store, repeat=1)
    assert len(results) == 2 and all(r.floor for r in results)


def test_ledger_io_benchmark_runs(tiny_store):
    results = bench_ledger_io.run(tiny_store, repeat=1, today=date(2026, 10, 31))
    assert "90 problems" in results[0].name
    assert "6 rows" in results[1].name


def test_report_table_and_readme_block(tmp_path, monkeypatch):
    monkeypatch.setattr(common, "README", tmp_path / "README.md")
    (tmp_path / "README.md").write_text("# B\n\n<!-- bench:x -->\nold\n<!-- /bench:x -->\nend\n")
    slow = common.Result("slow", 2.0, 1.0, "floor", target=1.0)
    fine = common.Result("fine", 0.5, 0.25, "floor", max_ratio=3)
    text = common.report("x", "Title", [slow, fine], write_readme=True)
    readme = (tmp_path / "README.md").read_text()
    assert "old" not in readme and readme.endswith("end\n") and text in readme
    assert "**missed**" in slow.row() and "| ok |" in fine.row()
    assert slow.ratio == 2.0


def test_make_db_command_line(tmp_path, capsys):
    assert make_db.main(["--scale", "tiny", "--out", str(tmp_path / "cli.db")]) == 0
    assert json.loads(capsys.readouterr().out)["enterprises"] == 6


def isolated_gui_child(monkeypatch, home) -> None:
    """The benchmark's child app gets its own settings and data folders (not the user's,
    whose full GUI log or saved settings would change what the child does)."""
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))


def test_gui_start_benchmark_runs(tiny_db, monkeypatch, tmp_path):
    from bench import bench_gui_start

    isolated_gui_child(monkeypatch, tmp_path)
    shown, filled = bench_gui_start.run(tiny_db[0], repeat=1)
    assert shown.floor > 0 and shown.max_ratio == bench_gui_start.TARGET_RATIO
    assert 0 < shown.seconds <= filled.seconds  # filled comes after the first paint


def test_gui_lists_benchmark_runs(tiny_db, monkeypatch, tmp_path):
    from bench import bench_gui_lists

    isolated_gui_child(monkeypatch, tmp_path)
    results = bench_gui_lists.run(tiny_db[0])
    names = [r.name for r in results]
    assert "visits: first page shown" in names and "problems: first page shown" in names
    scrolled = [r for r in results if "longest stall" in r.name]
    assert len(scrolled) == 2 and all(r.seconds > 0 and r.floor > 0 for r in scrolled)
    assert all(
        f"{n:,} of {n:,} rows" in r.note
        for r, n in zip(scrolled, (tiny_db[1]["visits"], tiny_db[1]["problems"]), strict=True)
    )  # every row
    memory = [r for r in results if r.name.startswith("peak RSS")]
    assert len(memory) == 6 and all(r.seconds > r.floor > 0 for r in memory)
    assert "MB" in memory[0].row()


def test_hostile_inputs_benchmark_runs():
    results = bench_hostile_inputs.run(rows=1_000, inflated=64 * 1024**2)
    assert [m["outcome"].split(":")[0] for _label, _file, m in results] == [
        "BundleError",
        "UnreadableInputError",
        "BundleError",
    ]


def test_bench_hub_runs_a_small_bureau(pg_cluster, tmp_path, capsys):
    from bench import bench_hub

    figures = bench_hub.run(pg_cluster, laptops=2, days=1, workdir=tmp_path)
    # Each laptop's last sync pushed its visit and pulled the other's; a newcomer got all.
    assert figures["daily_rows"] >= 2
    assert figures["first_pull_change_sets"] == figures["change_sets"]
    assert figures["first_pull_rows"] >= 2 + 2 + 20  # officers, visits, enterprises
    text = bench_hub.report(figures)
    assert "daily sync, 2 laptops" in text and "per year" in text


def test_bench_hub_measures_storage_and_the_decade_pull(pg_cluster, tiny_db, tmp_path):
    from bench import bench_hub

    year = bench_hub.run_storage(pg_cluster, laptops=2, days=2, workdir=tmp_path / "year")
    # Setup (2 rounds × 2 laptops, the first pushes) and 2 days × 2 laptops of pushes.
    assert year["change_sets"] >= 2 + 4
    assert year["hub_bytes"] > year["setup_bytes"] > 0
    decade = bench_hub.run_decade(pg_cluster, tiny_db[0], tmp_path / "decade")
    assert decade["pushed_rows"] > 0 and decade["pulled_rows"] > 0
    assert decade["change_set_bytes"] > 0 and decade["hub_bytes"] > decade["change_set_bytes"]
    assert "per year" in bench_hub.report_storage(year)
    assert "first full pull" in bench_hub.report_decade(decade)
