"""``envhelp templates list|import|export`` and ``envhelp visits show``: checklists from the
terminal."""

from __future__ import annotations

import json

import click

from envhelp import i18n
from envhelp.cli import cli
from envhelp.cli.common import echo_json, echo_table, iter_pages, pass_store
from envhelp.cli.records import visits
from envhelp.domain import checklists as template_service
from envhelp.domain import checks as check_service
from envhelp.domain import vocab


@cli.group()
def templates() -> None:
    """Checklist templates: list the stored ones, import a bureau's file."""


@templates.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@pass_store
def templates_list(store, as_json: bool) -> None:
    """List stored templates and versions (the shipped ones are registered first)."""
    rows = iter_pages(template_service.list_templates, store)
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


@templates.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@pass_store
def templates_import(store, file: str) -> None:
    """Validate a template JSON file and store it (exit 3 when rejected, nothing saved)."""
    outcome = template_service.import_template(store, file)
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


@templates.command("export")
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
        template = template_service.get_template(store, template_id, version)
        click.echo(template_service.template_text(template), nl=False)
        return
    outcome = template_service.export_template(store, template_id, output, version)
    click.echo(
        i18n.pick(
            f"已导出模板 {outcome['id']} 版本 {outcome['version']}：{outcome['path']}。"
            "修改后请提高 version 再导入。",
            f"Exported template {outcome['id']} version {outcome['version']}: "
            f"{outcome['path']}. Raise its version before importing an edited copy.",
        ),
        err=True,
    )


@visits.command("show")
@click.argument("visit_id")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@pass_store
def visits_show(store, visit_id: str, as_json: bool) -> None:
    """Show one visit (its id or record number) with its checks and its problems."""
    from envhelp.domain.visits import resolve

    data = check_service.show_visit(store, resolve(store, visit_id))
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for line in _visit_lines(data):
        click.echo(line)


def _pct(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


def _visit_lines(data: dict) -> list[str]:
    """Plain text for a terminal: headings, one line per item, notes indented below."""
    pick = i18n.pick
    v = data["visit"]
    lines = [
        f"{pick('走访', 'Visit')} {v['record_no'] or v['id']}  "
        f"[{vocab.label(vocab.VISIT_STATUSES, v['status'])}]",
        f"  {pick('企业', 'Enterprise')}: {data['enterprise']['name']}",
        f"  {pick('日期', 'Date')}: {v['date']} {v['time']}".rstrip(),
        f"  {pick('类型', 'Type')}: {vocab.label(vocab.VISIT_TYPES, v['type'])}",
        f"  {pick('执法人员', 'Officers')}: {'、'.join(v['officer_names']) or '—'}",
    ]
    if v.get("guidance"):
        lines.append(f"  {pick('帮扶指导', 'Guidance')}: {v['guidance']}")
    for check in data["checks"]:
        f = check["figures"]
        lines += [
            "",
            f"{pick('检查表', 'Checklist')}: {check['title']} (v{check['template_version']})",
            "  "
            + pick(
                f"共 {f['items']} 项；已检查 {f['checked']}，符合 {f['compliant']}，"
                f"不符合 {f['non_compliant']}（重大 {f['non_compliant_major']}，一般 "
                f"{f['non_compliant_minor']}），不适用 {f['not_applicable']}，未检查 "
                f"{f['not_checked']}，未作答 {f['unanswered']}；符合率 {_pct(f['rate'])}",
                f"{f['items']} items; checked {f['checked']}, compliant {f['compliant']}, "
                f"non-compliant {f['non_compliant']} (major {f['non_compliant_major']}, minor "
                f"{f['non_compliant_minor']}), not applicable {f['not_applicable']}, not checked "
                f"{f['not_checked']}, unanswered {f['unanswered']}; rate {_pct(f['rate'])}",
            ),
        ]
        if check.get("scope"):
            lines.append(
                f"  {pick('检查范围', 'Scope')}: {check_service.scope_text(check['scope'])}"
            )
        category = None
        for r in check["results"]:
            if r["category"] != category:
                category = r["category"]
                lines.append(f"  [{category}]")
            lines.append(
                f"    {r['code']}  {check_service.result_label(r['result'])}  "
                f"({vocab.label(vocab.SEVERITIES, r['severity'])}; {r['legal_basis']})"
            )
            lines.append(f"      {r['requirement']}")
            if r["note"]:
                lines.append(f"      {pick('说明', 'Note')}: {r['note']}")
    lines += ["", f"{pick('问题', 'Problems')}: {len(data['problems'])}"]
    for p in data["problems"]:
        lines.append(
            f"  - [{vocab.label(vocab.PROBLEM_STATUSES, p['status'])}] "
            f"{vocab.label(vocab.SEVERITIES, p['severity'])}  "
            f"{pick('期限', 'deadline')} {p['deadline'] or '—'}  {p['description']}"
        )
    return lines
