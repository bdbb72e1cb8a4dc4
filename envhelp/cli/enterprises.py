"""``envhelp enterprises list|add|import``: the enterprise register from the terminal."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import click

from envhelp import i18n
from envhelp.cli import cli
from envhelp.cli.common import (
    echo_json,
    echo_table,
    iter_pages,
    pass_store,
    run_import,
)
from envhelp.domain import (
    enterprises,
    inspection_rules,
    permits,
)

FILE = click.Path(dir_okay=False, path_type=Path)


@cli.group("enterprises")
def enterprises_group() -> None:
    """Enterprises: list, add, import from Excel."""


@enterprises_group.command("list")
@click.option("--search", "-s", help="Part of the name, USCC or pinyin initials.")
@click.option("--town", help="Only this town/subdistrict.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@pass_store
def enterprises_list(store, search: str | None, town: str | None, as_json: bool) -> None:
    """List enterprises (every stored field with --json, inspections_this_year and the
    permit on file's class and valid-until date)."""
    counts = inspection_rules.inspections_by_enterprise(store)
    rows = (
        {**row, "inspections_this_year": counts.get(row["id"], 0)}
        for row in iter_pages(_with_permit, store, search=search, town=town)
    )
    if as_json:
        echo_json(rows)
    else:
        echo_table(
            rows,
            [
                ("uscc", i18n.pick("统一社会信用代码", "USCC")),
                ("name", i18n.pick("企业名称", "Name")),
                ("town", i18n.pick("镇街", "Town")),
                ("industry", i18n.pick("行业", "Industry")),
                ("inspections_this_year", i18n.pick("本年检查次数", "Inspections this year")),
                ("id", "ID"),
            ],
        )


def _with_permit(store, **page) -> list[dict]:
    """A page of enterprises with their permit on file's class and valid-until date."""
    rows = enterprises.list_page(store, **page)
    on_file = permits.valid_until_by_enterprise(store, [r["id"] for r in rows])
    for row in rows:
        permit = on_file.get(row["id"])
        row["permit_valid_until"] = permit["valid_until"] if permit else None
        if permit:
            row["permit_class"] = permit["management_class"]
    return rows


@enterprises_group.command("add")
@click.option("--name", required=True)
@click.option("--uscc", default="")
@click.option("--legal-rep", default="")
@click.option("--contact-person", default="")
@click.option("--contact-phone", default="")
@click.option("--address", default="")
@click.option("--town", default="")
@click.option("--industry", default="")
@click.option("--permit-no", default="")
@click.option("--permit-class", default="", help="key | simplified | registration | none")
@click.option("--hw", "hw_categories", default="", help="HW categories, e.g. 'HW08,HW49'.")
@click.option("--notes", default="")
@click.option("--json", "as_json", is_flag=True, help="Print the stored record as JSON.")
@pass_store
def enterprises_add(store, as_json: bool, **fields: str) -> None:
    """Add one enterprise (validated like the GUI form)."""
    record = enterprises.add(store, fields)
    if as_json:
        echo_json([record])
    else:
        click.echo(
            i18n.pick(
                f"已添加：{record['name']}（{record['id']}）",
                f"Added: {record['name']} ({record['id']})",
            )
        )


@enterprises_group.command("import")
@click.argument("file", type=FILE)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_store
def enterprises_import(store, file: Path, as_json: bool) -> None:
    """Import enterprises from an .xlsx sheet (Chinese or English headers).

    Exit code 3 when some rows were rejected (the good rows are still saved).
    """
    from envhelp.io.enterprise_import import import_enterprises
    from envhelp.io.enterprise_import_result import summary_message

    def notes(result) -> Iterator[str]:
        for rejected in result.rejected:
            yield i18n.pick(
                f"第 {rejected.row} 行 [{rejected.field}]：{rejected.message}",
                f"Row {rejected.row} [{rejected.field}]: {rejected.message}",
            )
        if result.ignored_columns:
            yield i18n.pick("未识别的列（已忽略）：", "Columns not recognized (ignored): ") + (
                ", ".join(result.ignored_columns)
            )

    run_import(lambda: import_enterprises(store, file), as_json, summary_message, notes)
