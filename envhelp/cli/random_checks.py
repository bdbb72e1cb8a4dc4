"""``envhelp random draw|list|export|start``: 双随机一公开 from the command line."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import click

from envhelp import i18n
from envhelp.cli import cli
from envhelp.cli.common import EXIT_USAGE, echo_json, fail, pass_store
from envhelp.domain import random_checks, vocab
from envhelp.storage import Store

XLSX_PATH = click.Path(dir_okay=False, writable=True, path_type=Path)


@cli.group("random")
def random_group() -> None:
    """双随机一公开: draw a period's inspections, list and publish them."""


def task_json(task: dict[str, Any]) -> dict[str, Any]:
    return {
        "number": task["position"],
        "task_id": task["id"],
        "enterprise_id": task["enterprise_id"],
        "enterprise": task["enterprise_name"],
        "uscc": task["uscc"],
        "supervision_class": task["supervision_class"],
        "officer_ids": task["officer_ids"],
        "officers": task["officer_names"],
        "visit_id": task["visit_id"],
        "visit_date": task["visit_date"],
        "visit_status": task["visit_status"],
    }


def draw_json(draw: dict[str, Any]) -> dict[str, Any]:
    keys = (
        "id",
        "period",
        "seed",
        "quotas",
        "officers_per_task",
        "include_positive",
        "enterprises_digest",
        "officers_digest",
        "replace_reason",
        "created_at",
    )
    return {**{k: draw[k] for k in keys}, "tasks": [task_json(t) for t in draw["tasks"]]}


def echo_draw(draw: dict[str, Any]) -> None:
    click.echo(
        i18n.pick(
            f"{draw['period']} 抽查计划：{len(draw['tasks'])} 项任务；抽查比例 "
            f"{random_checks.quotas_text(draw['quotas'])}；随机种子 {draw['seed']}",
            f"{draw['period']} plan: {len(draw['tasks'])} task(s); quotas "
            f"{random_checks.quotas_text(draw['quotas'])}; seed {draw['seed']}",
        )
    )
    for task in draw["tasks"]:
        state = task["visit_date"] or ""
        click.echo(
            "\t".join(
                [
                    str(task["position"]),
                    task["enterprise_name"],
                    vocab.label(vocab.SUPERVISION_CLASSES, task["supervision_class"]),
                    i18n.pick("、", ", ").join(task["officer_names"]),
                    state,
                ]
            )
        )


@random_group.command("draw")
@click.option("--period", required=True, help="2026-Q1, 2026-H1, 2026-03 or 2026.")
@click.option("--seed", type=int, help="Seed of the lottery (random when not given; printed).")
@click.option(
    "--quota", help="Share per class, e.g. 重点=25%,特殊=15%,一般=5% (others keep the default)."
)
@click.option("--officers-per-task", type=int, default=2, show_default=True)
@click.option("--include-positive", is_flag=True, help="Also draw 正面清单 enterprises.")
@click.option("--replace", is_flag=True, help="Draw a period again (needs --reason).")
@click.option("--reason", default="", help="Why the period is drawn again.")
@click.option("--json", "as_json", is_flag=True)
@pass_store
def random_draw(
    store: Store,
    period: str,
    seed: int | None,
    quota: str | None,
    officers_per_task: int,
    include_positive: bool,
    replace: bool,
    reason: str,
    as_json: bool,
) -> None:
    """Draw the period's enterprises and officers and save them as its plan."""
    if replace and not reason.strip():
        fail(
            i18n.pick(
                "--replace 需要用 --reason 说明重新抽取的原因。",
                "--replace needs --reason saying why the period is drawn again.",
            ),
            EXIT_USAGE,
        )
    if reason.strip() and not replace:
        fail(
            i18n.pick("--reason 只和 --replace 一起使用。", "--reason goes with --replace only."),
            EXIT_USAGE,
        )
    draw = random_checks.draw(
        store,
        period,
        seed=seed,
        quotas=quota,
        officers_per_task=officers_per_task,
        include_positive=include_positive,
        replace_reason=reason if replace else None,
    )
    if as_json:
        echo_json([draw_json(draw)])
    else:
        echo_draw(draw)


@random_group.command("list")
@click.option("--period", help="Only this period.")
@click.option("--json", "as_json", is_flag=True)
@pass_store
def random_list(store: Store, period: str | None, as_json: bool) -> None:
    """The plans in force with their tasks."""
    draws = random_checks.list_draws(store, period)
    if as_json:
        echo_json(draw_json(d) for d in draws)
        return
    if not draws:
        click.echo(i18n.pick("还没有抽查计划。", "No plans yet."))
    for draw in draws:
        echo_draw(draw)


@random_group.command("export")
@click.argument("period")
@click.option("-o", "--output", type=XLSX_PATH, required=True, help="The .xlsx file to write.")
@pass_store
def random_export(store: Store, period: str, output: Path) -> None:
    """Write the period's 公开 list (results for publication) to an Excel file."""
    from envhelp.reports import random_checks_xlsx

    path = random_checks_xlsx.export(store, period, output)
    click.echo(i18n.pick(f"已生成：{path}", f"Written: {path}"))


@random_group.command("start")
@click.argument("period")
@click.argument("number", type=int)
@click.option(
    "--date",
    "visit_date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Date of the inspection (default: today).",
)
@click.option("--cap-reason", default="", help="Why the inspection goes over the yearly cap.")
@pass_store
def random_start(store: Store, period: str, number: int, visit_date, cap_reason: str) -> None:
    """Start task NUMBER of PERIOD's plan: a draft inspection with its enterprise and officers."""
    task = random_checks.find_task_by_number(store, period, number)
    day = visit_date.date() if visit_date else date.today()
    visit = random_checks.start_visit(store, task["id"], day, cap_reason=cap_reason)
    click.echo(
        i18n.pick(
            f"已开始检查：{task['enterprise_name']}（{day}）",
            f"Inspection started: {task['enterprise_name']} ({day})",
        )
    )
    click.echo(visit["id"])
