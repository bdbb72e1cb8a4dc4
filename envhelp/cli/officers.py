"""``envhelp officers list|add|unavailable``: the officers who sign records."""

from __future__ import annotations

import click

from envhelp import i18n
from envhelp.cli import cli
from envhelp.cli.common import echo_json, echo_table, pass_store
from envhelp.domain import officers


@cli.group("officers")
def officers_group() -> None:
    """Officers: list, add, choose the current one."""


@officers_group.command("list")
@click.option("--json", "as_json", is_flag=True)
@pass_store
def officers_list(store, as_json: bool) -> None:
    rows = officers.list_all(store)
    if as_json:
        echo_json(rows)
    else:
        echo_table(
            rows,
            [
                ("name", i18n.pick("姓名", "Name")),
                ("cert_no", i18n.pick("执法证号", "Certificate")),
                ("unit", i18n.pick("单位", "Unit")),
                ("id", "ID"),
            ],
        )


@officers_group.command("add")
@click.option("--name", required=True)
@click.option("--cert-no", default="")
@click.option("--unit", default="")
@click.option("--phone", default="")
@click.option("--current", is_flag=True, help="Make this the officer using the app.")
@pass_store
def officers_add(store, current: bool, **fields: str) -> None:
    record = officers.add(store, fields)
    if current:
        officers.set_current(store, record["id"])
    click.echo(record["id"])


@officers_group.command("unavailable")
@click.argument("officer_id")
@click.option("--from", "start", help="First day the officer cannot be drawn (YYYY-MM-DD).")
@click.option("--to", "end", help="Last day (YYYY-MM-DD).")
@click.option("--clear", is_flag=True, help="The officer can be drawn again.")
@pass_store
def officers_unavailable(
    store, officer_id: str, start: str | None, end: str | None, clear: bool
) -> None:
    """Mark an officer unavailable for random checks for a period (leave, training…)."""
    period = (
        {"unavailable_from": None, "unavailable_to": None}
        if clear
        else {"unavailable_from": start, "unavailable_to": end}
    )
    record = officers.update(store, officer_id, period)
    if record["unavailable_from"]:
        click.echo(
            i18n.pick(
                f"{record['name']} {record['unavailable_from']} 至 {record['unavailable_to']} 不参加抽取",
                f"{record['name']} cannot be drawn from {record['unavailable_from']} to "
                f"{record['unavailable_to']}",
            )
        )
    else:
        click.echo(i18n.pick(f"{record['name']} 可参加抽取", f"{record['name']} can be drawn"))
