"""``envhelp templates list|import|export``: checklist templates from the terminal."""

from __future__ import annotations

import click

from envhelp import i18n
from envhelp.cli import cli
from envhelp.cli.common import echo_json, echo_table, iter_pages, pass_store
from envhelp.domain import stored_templates, templates


@cli.group("templates")
def templates_group() -> None:
    """Checklist templates: list the stored ones, import a bureau's file."""


@templates_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@pass_store
def templates_list(store, as_json: bool) -> None:
    """List stored templates and versions (the shipped ones are registered first)."""
    rows = iter_pages(stored_templates.list_templates, store)
    if as_json:
        echo_json(rows)
        return
    echo_table(
        ({**r, "title": i18n.pick(r["title_zh"], r["title_en"])} for r in rows),
        [
            ("id", "ID"),
            ("version", i18n.pick("版本", "Version")),
            ("items", i18n.pick("条目数", "Items")),
            ("standard", i18n.pick("标准", "Standard")),
            ("title", i18n.pick("名称", "Title")),
        ],
    )


@templates_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@pass_store
def templates_import(store, file: str) -> None:
    """Validate a template JSON file and store it (exit 3 when rejected, nothing saved)."""
    outcome = stored_templates.import_template(store, file)
    if outcome["status"] == "added":
        click.echo(
            i18n.pick(
                f"已导入模板 {outcome['id']} 版本 {outcome['version']}。",
                f"Imported template {outcome['id']} version {outcome['version']}.",
            )
        )
    else:
        click.echo(
            i18n.pick(
                f"模板 {outcome['id']} 版本 {outcome['version']} 已存在且内容相同，未作改动。",
                f"Template {outcome['id']} version {outcome['version']} is already "
                "stored with the same content; nothing changed.",
            )
        )


@templates_group.command("export")
@click.argument("template_id")
@click.option("--version", "version", help="Version to export (default: the latest).")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="File to write (default: print to standard output).",
)
@pass_store
def templates_export(store, template_id: str, version: str | None, output: str | None) -> None:
    """Write a stored template as JSON, to edit and import as the bureau's own version."""
    if output is None:
        template = stored_templates.get_template(store, template_id, version)
        click.echo(templates.template_text(template), nl=False)
        return
    outcome = stored_templates.export_template(store, template_id, output, version)
    click.echo(
        i18n.pick(
            f"已导出模板 {outcome['id']} 版本 {outcome['version']}：{outcome['path']}。"
            "修改后请提高 version 再导入。",
            f"Exported template {outcome['id']} version {outcome['version']}: "
            f"{outcome['path']}. Raise its version before importing an edited copy.",
        ),
        err=True,
    )
