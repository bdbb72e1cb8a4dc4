"""``envhelp summary --month YYYY-MM [-o FILE.xlsx] [--rounded] [--json]``: the monthly summary.

With ``-o`` the Excel workbook is written (atomically); in every case the
paste-ready paragraphs for the month and the year to date are printed, after
the headline figures (or, with ``--json``, everything as one JSON object).
Figures are defined in docs/summary.md.
"""

from __future__ import annotations

import json

import click

from envhelp import i18n
from envhelp.cli import cli
from envhelp.cli.common import EXIT_USAGE, fail, pass_store
from envhelp.errors import ValidationError
from envhelp.reports import report_text
from envhelp.reports.summary import FIGURES, build_summary, parse_month


def _month(ctx: click.Context, param: click.Parameter, value: str) -> str:
    try:
        parse_month(value)
    except ValidationError as error:
        raise click.BadParameter(str(error)) from error
    return value


def _show(value) -> str:
    return "—" if value is None else str(value)


def _rate(value) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


@cli.command("summary")
@click.option(
    "--month",
    required=True,
    callback=_month,
    metavar="YYYY-MM",
    help="The month to sum up, e.g. 2025-03 (year to date runs to its end).",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), help="Write the Excel workbook here (.xlsx)."
)
@click.option(
    "--rounded",
    is_flag=True,
    help="Paragraph with rounded 「余」 figures (50余次) instead of exact numbers.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON object.")
@pass_store
def summary(store, month: str, output: str | None, rounded: bool, as_json: bool) -> None:
    """Monthly assistance summary: figures, paragraph, and the workbook with -o."""
    if output:
        from envhelp.reports.summary_xlsx import write_summary_xlsx

        try:
            result = write_summary_xlsx(store, month, output, rounded=rounded)
        except OSError as error:
            fail(
                i18n.pick(
                    f"无法写入文件 {output}：{error.strerror or error}",
                    f"Cannot write {output}: {error.strerror or error}",
                ),
                EXIT_USAGE,
            )
            return
    else:
        result = build_summary(store, month)
    paragraphs = report_text.summary_paragraphs(result, rounded=rounded)
    if as_json:
        click.echo(
            json.dumps(
                {
                    "month": result.month,
                    "start": result.start.isoformat(),
                    "end": result.end.isoformat(),
                    "month_figures": result.month_figures,
                    "year_figures": result.year_figures,
                    "snapshot": result.snapshot,
                    "top_failed": result.top_failed,
                    "failed_indicators": result.failed_indicators,
                    "breakdowns": result.breakdowns,
                    "series": result.series,
                    "permit_items": result.permit_items,
                    "paragraphs": paragraphs,
                    "output": output,
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    click.echo(
        "\t".join(
            [
                i18n.pick("指标", "Figure"),
                i18n.pick("本月", "This month"),
                i18n.pick("本年累计", "Year to date"),
            ]
        )
    )
    for figure in FIGURES:  # the labels the Reports page and the workbook show
        fmt = _rate if figure.rate else _show
        month_value, year_value = figure.values(result)
        click.echo("\t".join([figure.label, fmt(month_value), fmt(year_value)]))
    click.echo("")
    click.echo(paragraphs["month"])
    click.echo(paragraphs["year"])
    if output:
        click.echo(i18n.pick(f"已生成：{output}", f"Written: {output}"))
