"""``envhelp permits``: the discharge permits on file (docs/permits.md)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from envhelp import i18n
from envhelp.cli import cli
from envhelp.cli.common import EXIT_OK, EXIT_REJECTED, EXIT_USAGE, fail, pass_store
from envhelp.io.errors import UnreadableInputError


@cli.group()
def permits() -> None:
    """Discharge permits: import from Excel, what falls due."""


@permits.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_store
def permits_import(store, file: Path, as_json: bool) -> None:
    """Import permits from an .xlsx workbook (a permits sheet and an outlets sheet).

    Exit code 3 when some rows were rejected (the other permits are still saved).
    """
    from envhelp.io.permit_import import import_permits, summary_message

    try:
        result = import_permits(store, file)
    except UnreadableInputError as error:
        fail(str(error), EXIT_USAGE)
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(summary_message(result))
        for r in result.rejected:
            click.echo(i18n.pick(f"{r.sheet} 第 {r.row} 行 [{r.field}]：{r.message}",
                                 f"{r.sheet} row {r.row} [{r.field}]: {r.message}"))
    raise SystemExit(EXIT_REJECTED if result.rejected else EXIT_OK)
