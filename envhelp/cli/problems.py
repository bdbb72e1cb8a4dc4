"""``envhelp problems list|show|close|cancel|reopen|rectifying|extend``: the ledger's
problems; the life-cycle commands call the same core functions as the GUI
(:mod:`envhelp.domain.ledger`) and refusals exit with 3."""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from envhelp import i18n
from envhelp.cli import cli
from envhelp.cli.common import echo_json, echo_table, iter_pages, pass_store
from envhelp.domain import ledger, ledger_list, officers, problem_history, problems, vocab

DATE = click.DateTime(formats=["%Y-%m-%d"])


def _day(value: Any) -> date | None:
    return value.date() if value is not None else None


@cli.group("problems")
def problems_group() -> None:
    """Problems on the ledger."""


@problems_group.command("list")
@click.option("--status", type=click.Choice(list(vocab.PROBLEM_STATUSES)))
@click.option("--town")
@click.option("--overdue", is_flag=True, help="Only problems past their deadline.")
@click.option("--json", "as_json", is_flag=True)
@pass_store
def problems_list(
    store, status: str | None, town: str | None, overdue: bool, as_json: bool
) -> None:
    """List problems, earliest deadline first."""
    today = date.today()
    rows = (
        {**r, "overdue": problems.is_overdue(r, today)}
        for r in iter_pages(
            problems.list_page,
            store,
            status=status,
            town=town,
            overdue_on=today if overdue else None,
        )
    )
    if as_json:
        echo_json(rows)
    else:
        echo_table(
            (
                {
                    **r,
                    "status": vocab.label(vocab.PROBLEM_STATUSES, r["status"])
                    + (i18n.pick("（逾期）", " (overdue)") if r["overdue"] else ""),
                }
                for r in rows
            ),
            [
                ("deadline", i18n.pick("整改期限", "Deadline")),
                ("status", i18n.pick("状态", "Status")),
                ("enterprise_name", i18n.pick("企业", "Enterprise")),
                ("description", i18n.pick("问题描述", "Description")),
                ("id", "ID"),
            ],
        )


def _show_status(row: dict[str, Any]) -> str:
    return vocab.label(vocab.PROBLEM_STATUSES, row["status"])


def _done(row: dict[str, Any]) -> None:
    click.echo(
        i18n.pick(
            f"问题 {row['id']} 当前状态：{_show_status(row)}",
            f"Problem {row['id']} is now: {_show_status(row)}",
        )
    )


@problems_group.command("show")
@click.argument("problem_id")
@click.option("--json", "as_json", is_flag=True, help="Print the problem and its history as JSON.")
@pass_store
def problems_show(store, problem_id: str, as_json: bool) -> None:
    """Show one problem with its history."""
    row = ledger_list.decorate(dict(store.get("problems", problem_id)))
    events = problem_history.history(store, problem_id)
    if as_json:
        echo_json([{**row, "history": events}])
        return
    labels = [
        ("id", "ID", "ID"),
        ("found_on", "发现日期", "Found on"),
        ("description", "问题描述", "Description"),
        ("requirement", "整改要求", "Requirement"),
        ("deadline", "整改期限", "Deadline"),
        ("status", "状态", "Status"),
        ("rectify_plan", "整改方案", "Plan"),
        ("promised_on", "承诺完成", "Promised on"),
        ("closed_on", "销号日期", "Closed on"),
        ("close_method", "核查方式", "Method"),
        ("close_note", "核查说明", "Note"),
        ("cancel_reason", "撤销原因", "Cancel reason"),
        ("relapse_of", "反弹自", "Relapse of"),
        ("days_overdue", "逾期天数", "Days overdue"),
    ]
    shown = {
        **row,
        "status": _show_status(row),
        "close_method": vocab.label(ledger.CLOSE_METHODS, row["close_method"])
        if row["close_method"]
        else "",
    }
    for key, zh, en in labels:
        value = shown.get(key)
        if value not in (None, "", 0) or key in ("status", "description"):
            click.echo(f"{i18n.pick(zh, en)}: {value}")
    click.echo(i18n.pick("— 历史 —", "— History —"))
    for event in events:
        kind = vocab.label(ledger.EVENT_KINDS, event["kind"])
        move = f"{event['from_status'] or ''}→{event['to_status']}"
        extra = f" {event['old_deadline']}→{event['new_deadline']}" if event["new_deadline"] else ""
        click.echo(
            f"{event['at']}\t{event['actor']}\t{kind}\t{move}{extra}\t{event['reason']}"
            f"{problem_history.event_note(event)}"
        )


def _officer_id(store, value: str) -> str:
    """An officer id, or a name that matches exactly one officer."""
    if store.find("officers", value):
        return value
    matches = officers.ids_named(store, value)
    return matches[0] if len(matches) == 1 else value


@problems_group.command("close")
@click.argument("problem_id")
@click.option("--verified-on", type=DATE, help="Date the fix was verified (YYYY-MM-DD).")
@click.option("--officer", help="Verifying officer (id, or a unique name).")
@click.option(
    "--method",
    type=click.Choice(list(ledger.CLOSE_METHODS)),
    help="How the fix was verified.",
)
@click.option("--note", help="What was verified.")
@click.option("--visit", "visit_id", help="The follow-up visit (required with follow_up_visit).")
@click.option(
    "--photo",
    "photos",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="Evidence photo (repeatable).",
)
@pass_store
def problems_close(store, problem_id, verified_on, officer, method, note, visit_id, photos):
    """Close out (销号) a problem after verification."""
    row = ledger.close(
        store,
        problem_id,
        verified_on=_day(verified_on),
        officer_id=_officer_id(store, officer) if officer else None,
        method=method,
        note=note,
        visit_id=visit_id,
        photos=photos,
    )
    _done(row)


@problems_group.command("cancel")
@click.argument("problem_id")
@click.option("--reason", help="Why the problem was recorded in error.")
@pass_store
def problems_cancel(store, problem_id: str, reason: str | None) -> None:
    """Cancel a problem recorded in error."""
    _done(ledger.cancel(store, problem_id, reason))


@problems_group.command("reopen")
@click.argument("problem_id")
@click.option("--reason", help="Why the problem is reopened.")
@pass_store
def problems_reopen(store, problem_id: str, reason: str | None) -> None:
    """Reopen a closed or cancelled problem."""
    _done(ledger.reopen(store, problem_id, reason))


@problems_group.command("rectifying")
@click.argument("problem_id")
@click.option("--plan", help="The enterprise's rectification plan.")
@click.option("--promised-on", type=DATE, help="Date the enterprise promised (YYYY-MM-DD).")
@pass_store
def problems_rectifying(store, problem_id: str, plan: str | None, promised_on) -> None:
    """Record the enterprise's plan and promised date (open → rectifying)."""
    _done(ledger.mark_rectifying(store, problem_id, plan=plan, promised_on=_day(promised_on)))


@problems_group.command("extend")
@click.argument("problem_id")
@click.option("--deadline", type=DATE, help="The new deadline (YYYY-MM-DD).")
@click.option("--reason", help="Why the deadline moves.")
@pass_store
def problems_extend(store, problem_id: str, deadline, reason: str | None) -> None:
    """Move the deadline of an open problem (old and new are kept)."""
    row = ledger.extend_deadline(store, problem_id, _day(deadline), reason)
    click.echo(
        i18n.pick(
            f"问题 {row['id']} 新整改期限：{row['deadline']}",
            f"Problem {row['id']} new deadline: {row['deadline']}",
        )
    )
