"""双随机一公开: quotas, officers, reproducibility, the audit entry, bad input, the 公开 list."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from envhelp.cli import cli
from envhelp.domain import enterprises, officers, problems, random_checks, settings, visits
from envhelp.errors import ValidationError

CLASSES = {"key": 8, "special": 7, "general": 41}


@pytest.fixture
def register(store):
    """56 enterprises (8 key, 7 special, 41 general, 3 of them on the 正面清单), 6 officers."""
    ids = {}
    for code, count in CLASSES.items():
        for n in range(count):
            firm = enterprises.add(
                store,
                {
                    "name": f"{code}企业{n:02d}",
                    "supervision_class": code,
                    "supervision_reason": "上年度受到处罚" if code == "special" else "",
                    "positive_list": code == "general" and n < 3,
                },
            )
            ids[firm["id"]] = code
    for n, name in enumerate(("王敏", "李强", "张晓峰", "刘静", "陈志刚", "赵雪")):
        officers.add(store, {"name": name, "cert_no": f"3702001000{n}"})  # inspections need two
    return ids


def tasks_of(plan):
    return [(t["enterprise_id"], tuple(t["officer_ids"])) for t in plan["tasks"]]


def test_quotas_per_class_round_up_and_skip_the_positive_list(store, register):
    plan = random_checks.draw(store, "2026-Q1", seed=11)
    by_class = {}
    for task in plan["tasks"]:
        by_class[task["supervision_class"]] = by_class.get(task["supervision_class"], 0) + 1
        assert register[task["enterprise_id"]] == task["supervision_class"]
    # 25 % of 8 = 2; 15 % of 7 = 1.05 → 2; 5 % of the 38 general ones not listed = 1.9 → 2.
    assert by_class == {"key": 2, "special": 2, "general": 2}
    positive = {e["id"] for e in enterprises.list_page(store) if e["positive_list"]}
    assert not positive & {t["enterprise_id"] for t in plan["tasks"]}
    settings.put(store, settings.RANDOM_OFFICER_RATIO, 100)
    everyone = random_checks.draw(
        store, "2026-Q2", seed=11, include_positive=True, quotas="一般=100%,重点=0,特殊=0"
    )
    assert {t["enterprise_id"] for t in everyone["tasks"]} == {
        e for e, code in register.items() if code == "general"
    }


def test_two_distinct_available_officers_per_task_within_the_ratio(store, register):
    away = officers.list_all(store)[0]
    officers.update(
        store, away["id"], {"unavailable_from": "2026-03-01", "unavailable_to": "2026-03-15"}
    )
    settings.put(store, settings.RANDOM_OFFICER_RATIO, 4)
    plan = random_checks.draw(store, "2026-Q1", seed=5, officers_per_task=3)
    load = {}
    for task in plan["tasks"]:
        assert len(task["officer_ids"]) == 3 == len(set(task["officer_ids"]))
        assert away["id"] not in task["officer_ids"]
        for officer_id in task["officer_ids"]:
            load[officer_id] = load.get(officer_id, 0) + 1
    assert max(load.values()) <= 4
    # The ratio also holds across the year's draws: 5 officers × 4 = 20 slots, 18 used.
    with pytest.raises(ValidationError) as err:
        random_checks.draw(store, "2026-Q2", seed=5, officers_per_task=3)
    assert err.value.field == settings.RANDOM_OFFICER_RATIO


def test_same_state_seed_and_quotas_give_the_same_tasks(store, register):
    first = random_checks.draw(store, "2026-Q1", seed=42)
    again = random_checks.draw(store, "2026-Q1", seed=42, replace_reason="复核抽取过程")
    assert tasks_of(again) == tasks_of(first)
    assert again["enterprises_digest"] == first["enterprises_digest"]
    other = random_checks.draw(store, "2026-Q1", seed=43, replace_reason="换种子")
    assert tasks_of(other) != tasks_of(first)
    # Only the latest plan is in force; the replaced ones are kept.
    assert [d["seed"] for d in random_checks.list_draws(store)] == [43]
    assert store.scalar("SELECT count(*) FROM random_draws WHERE status = 'replaced'") == 2


def test_the_draw_is_in_the_audit_log(store, register):
    plan = random_checks.draw(store, "2026-Q1", seed=9, quotas="重点=50%")
    entry = store.query_one(
        "SELECT after FROM audit_log WHERE table_name = 'random_draws' AND record_id = ?",
        (plan["id"],),
    )
    logged = json.loads(entry["after"])
    assert logged["seed"] == 9
    assert json.loads(logged["quotas"]) == {"key": "50", "special": "15", "general": "5"}
    assert len(logged["enterprises_digest"]) == 64 and len(logged["officers_digest"]) == 64


@pytest.mark.parametrize(
    ("args", "field_word"),
    [
        (["--quota", "重点=120%"], "抽查比例"),
        (["--quota", "超级=5%"], "抽查比例"),
        (["--officers-per-task", "1"], "至少派 2 名"),
        (["--period", "2026-Q5"], "抽查期间"),
    ],
)
def test_bad_input_is_refused_and_nothing_written(store, db_path, register, args, field_word):
    base = ["--db", str(db_path), "random", "draw", "--seed", "1"]
    if "--period" not in args:
        base += ["--period", "2026-Q1"]
    result = CliRunner().invoke(cli, base + args)
    assert result.exit_code == 3 and field_word in result.output
    assert store.scalar("SELECT count(*) FROM random_draws") == 0


def test_too_few_officers_and_a_drawn_period(store, db_path, register):
    run = CliRunner()
    for officer in officers.list_all(store)[1:]:
        officers.update(store, officer["id"], {"active": 0})
    result = run.invoke(cli, ["--db", str(db_path), "random", "draw", "--period", "2026-Q1"])
    assert result.exit_code == 3 and "只有 1 名" in result.output
    for officer in officers.list_all(store):
        officers.update(store, officer["id"], {"active": 1})
    ok = run.invoke(cli, ["--db", str(db_path), "random", "draw", "--period", "2026-Q1", "--json"])
    assert ok.exit_code == 0 and json.loads(ok.output)[0]["seed"] > 0  # random, and shown
    again = run.invoke(cli, ["--db", str(db_path), "random", "draw", "--period", "2026-Q1"])
    assert again.exit_code == 3 and "--replace" in again.output
    no_reason = run.invoke(
        cli, ["--db", str(db_path), "random", "draw", "--period", "2026-Q1", "--replace"]
    )
    assert no_reason.exit_code == 2 and "--reason" in no_reason.output
    assert store.scalar("SELECT count(*) FROM random_draws") == 1


def test_start_visit_and_the_public_export(store, db_path, register, tmp_path):
    plan = random_checks.draw(store, "2026-Q1", seed=3)
    first, second = plan["tasks"][:2]
    visit = random_checks.start_visit(store, first["id"], "2026-02-03")
    assert (visit["enterprise_id"], visit["officer_ids"], visit["task_source"], visit["type"]) == (
        first["enterprise_id"],
        first["officer_ids"],
        "random",
        "inspection",
    )
    problems.create(
        store,
        {
            "enterprise_id": first["enterprise_id"],
            "visit_id": visit["id"],
            "found_on": "2026-02-03",
            "description": "危废标签缺失",
            "deadline": "2026-02-20",
        },
    )
    visits.finalize(store, visit["id"])
    with pytest.raises(ValidationError):
        random_checks.start_visit(store, first["id"], "2026-02-04")
    path = tmp_path / "公开.xlsx"
    result = CliRunner().invoke(
        cli, ["--db", str(db_path), "random", "export", "2026-Q1", "-o", str(path)]
    )
    assert result.exit_code == 0, result.output
    sheet = load_workbook(path).active
    rows = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    header = rows.index(
        [
            "序号",
            "企业名称",
            "统一社会信用代码",
            "检查日期",
            "执法人员",
            "检查结果",
            "发现的问题",
            "整改情况",
        ]
    )
    body = rows[header + 1 :]
    assert len(body) == len(plan["tasks"])
    done = body[0]
    assert done[1] == first["enterprise_name"] and done[3].date().isoformat() == "2026-02-03"
    assert done[4] == "、".join(first["officer_names"])
    assert (done[5], done[6], done[7]) == ("发现问题 1 项", "1. 危废标签缺失", "1. 待整改")
    assert body[1][5] == "尚未检查" and body[1][1] == second["enterprise_name"]
    text = json.dumps(rows, ensure_ascii=False, default=str)
    for internal in (plan["id"], first["id"], visit["id"], first["officer_ids"][0], "None"):
        assert internal not in text


def pdf_text(path) -> str:
    import subprocess

    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_plan_pdf_lists_tasks_officers_basis_and_approver(store, db_path, register, tmp_path):
    run = CliRunner()
    plan = random_checks.draw(store, "2026-Q1", seed=3)
    out = tmp_path / "plan.pdf"
    refused = run.invoke(cli, ["--db", str(db_path), "report", "plan", "2026-Q1", "-o", str(out)])
    assert refused.exit_code == 3 and "bureau_name" in refused.output and not out.exists()
    settings.put_many(
        store,
        {
            settings.BUREAU_NAME: "青岛市生态环境局城阳分局",
            settings.UNIT_NAME: "城阳生态环境综合行政执法大队",
        },
    )
    result = run.invoke(cli, ["--db", str(db_path), "report", "plan", "2026-Q1", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = pdf_text(out)
    assert "2026-Q1“双随机、一公开”抽查计划" in text and "青岛市生态环境局城阳分局" in text
    assert "2026年1月1日 — 2026年3月31日" in text and "随机种子 3" in text
    for task in plan["tasks"]:
        assert task["enterprise_name"] in text
        for name in task["officer_names"]:
            assert name in text
    assert "国办发〔2024〕54号" in text and "国办发〔2015〕58号" in text
    assert "批准人（签字）" in text
    assert plan["id"] not in text and "None" not in text
    notice = tmp_path / "notice.pdf"
    first = plan["tasks"][0]
    result = run.invoke(
        cli, ["--db", str(db_path), "report", "inspection-notice", "2026-Q1/1", "-o", str(notice)]
    )
    assert result.exit_code == 0, result.output
    text = pdf_text(notice)
    assert "行政检查通知书" in text and first["enterprise_name"] in text
    assert "回避" in text and "陈述和申辩" in text and "2026-Q1 抽查计划第 1 项" in text
    missing = run.invoke(
        cli, ["--db", str(db_path), "report", "inspection-notice", "2026-Q1/99", "-o", str(notice)]
    )
    assert missing.exit_code == 2 and "第 99 项" in missing.output
