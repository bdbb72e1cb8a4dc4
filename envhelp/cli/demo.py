"""``envhelp demo``: fill an empty database with the demo district."""

from __future__ import annotations

from datetime import date

import click

from envhelp import i18n
from envhelp.cli import cli
from envhelp.cli.common import pass_store


@cli.command()
@click.option("--seed", default=1, show_default=True, help="Same seed, same data.")
@click.option(
    "--end",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Last day of the demo year (default: today).",
)
@pass_store(create=True)
def demo(store, seed: int, end) -> None:
    """Create a realistic demo district (~40 enterprises, a year of visits and problems)."""
    from envhelp import demo as demo_data

    summary = demo_data.generate(store, seed=seed, end=end.date() if end else date.today())
    click.echo(
        i18n.pick(
            f"演示数据已生成：执法人员 {summary.officers} 名，企业 {summary.enterprises} 家，"
            f"走访 {summary.visits} 次，问题 {summary.problems} 个。（{store.path}）",
            f"Demo data created: {summary.officers} officers, {summary.enterprises} enterprises, "
            f"{summary.visits} visits, {summary.problems} problems. ({store.path})",
        )
    )
