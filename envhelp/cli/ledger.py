"""``envhelp ledger``: the problem ledger as an Excel workbook."""

from __future__ import annotations

import click

from envhelp import i18n
from envhelp.cli import cli
from envhelp.cli.common import pass_store
from envhelp.domain import ledger_list, vocab
from envhelp.errors import ValidationError
from envhelp.reports import ledger_xlsx


@cli.command("ledger")
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(dir_okay=False),
    help="The .xlsx file to write.",
)
@click.option("--status", type=click.Choice(list(vocab.PROBLEM_STATUSES)))
@click.option("--town", help="Only enterprises of this town/subdistrict.")
@click.option("--overdue", is_flag=True, help="Only problems past their deadline today.")
@click.option(
    "--lang",
    type=click.Choice(i18n.SUPPORTED),
    default=None,
    help="Language of the headers and labels (default: the global --lang).",
)
@pass_store
def ledger_export(
    store, output: str, status: str | None, town: str | None, overdue: bool, lang: str | None
) -> None:
    """Export the problem ledger to Excel, one row per problem."""
    if lang:
        i18n.set_language(lang)
    if not output.lower().endswith(".xlsx"):
        raise ValidationError(
            "output", "导出文件名须以 .xlsx 结尾。", "The output file name must end in .xlsx."
        )
    flt = ledger_list.LedgerFilter(status=status, town=town, overdue=overdue)
    written = ledger_xlsx.export_ledger(store, output, flt)
    click.echo(
        i18n.pick(f"已导出 {written} 条问题：{output}", f"Exported {written} problem(s): {output}")
    )
