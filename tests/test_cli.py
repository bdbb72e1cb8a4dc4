"""The command line: JSON keys, exit codes, --db and ENVHELP_DB."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from envhelp.cli import cli
from envhelp.storage import Store
from tests.conftest import VALID_USCC, draft_visit


@pytest.fixture
def run(db_path):
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", str(db_path), "init"]).exit_code == 0

    def invoke(*args, env=None):
        return runner.invoke(cli, ["--db", str(db_path), *args], env=env, catch_exceptions=False)

    return invoke


def test_init_creates_database(run, db_path):
    result = run("init")
    assert result.exit_code == 0 and str(db_path) in result.output
    assert db_path.exists()


def test_env_var_chooses_database(tmp_path):
    target = tmp_path / "from-env.sqlite3"
    result = CliRunner().invoke(cli, ["init"], env={"ENVHELP_DB": str(target)})
    assert result.exit_code == 0 and target.exists()


def test_enterprise_add_and_list_json(run):
    result = run(
        "enterprises",
        "add",
        "--name",
        "青岛精锐机械有限公司",
        "--uscc",
        VALID_USCC[0],
        "--town",
        "城阳街道",
        "--hw",
        "HW08",
    )
    assert result.exit_code == 0, result.output
    listed = json.loads(run("enterprises", "list", "--json").output)
    assert len(listed) == 1
    row = listed[0]
    for key in ("id", "name", "uscc", "town", "hw_categories", "created_at", "updated_by"):
        assert key in row
    assert row["uscc"] == VALID_USCC[0] and row["hw_categories"] == ["HW08"]
    assert (
        json.loads(run("enterprises", "list", "--json", "--search", "qdjr").output)[0]["id"]
        == row["id"]
    )
    assert json.loads(run("enterprises", "list", "--json", "--search", "无此企业").output) == []


def test_rejected_data_exit_3_with_message(run):
    result = run("enterprises", "add", "--name", "甲", "--uscc", "91350100M000100Y44")
    assert result.exit_code == 3
    assert "校验位" in result.output
    assert json.loads(run("enterprises", "list", "--json").output) == []


def test_english_messages(db_path):
    Store(db_path).close()
    result = CliRunner().invoke(
        cli, ["--lang", "en", "--db", str(db_path), "enterprises", "add", "--name", " "]
    )
    assert result.exit_code == 3
    assert "Enterprise name is required" in result.output


def test_usage_error_exit_2(run):
    assert run("visits", "list", "--month", "2026-13").exit_code == 2
    assert run("no-such-command").exit_code == 2


def test_visits_and_problems_json_keys(run, db_path):
    from envhelp.domain import enterprises, officers, problems
    from envhelp.storage import Store

    with Store(db_path) as store:
        e = enterprises.add(store, {"name": "甲公司"})
        o = officers.add(store, {"name": "王敏"})
        v = draft_visit(store, e["id"], [o["id"]], "follow_up", day="2026-03-05", time=None)
        problems.create(
            store,
            {
                "enterprise_id": e["id"],
                "visit_id": v["id"],
                "found_on": "2026-03-05",
                "description": "台账不全",
                "deadline": "2026-03-10",
            },
        )
    listed = json.loads(run("visits", "list", "--json", "--month", "2026-03").output)
    assert {"id", "enterprise_id", "date", "type", "status"} <= set(listed[0])
    assert listed[0]["date"] == "2026-03-05" and listed[0]["type"] == "follow_up"
    assert json.loads(run("visits", "list", "--json", "--month", "2026-04").output) == []
    plist = json.loads(run("problems", "list", "--json", "--status", "open").output)
    assert {"id", "enterprise_id", "visit_id", "status", "deadline"} <= set(plist[0])
    assert plist[0]["overdue"] is True


def test_demo_command(run):
    result = run("demo", "--seed", "3", "--end", "2026-11-27")
    assert result.exit_code == 0, result.output
    assert "企业 40 家" in result.output
    assert len(json.loads(run("enterprises", "list", "--json").output)) == 40
    assert json.loads(run("visits", "list", "--json", "--month", "2026-11").output)
    again = run("demo")
    assert again.exit_code == 3 and "空数据库" in again.output
