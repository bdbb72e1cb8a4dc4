"""``envhelp visits list|show|series``: visits and this computer's record-number series."""

from __future__ import annotations

import json

import click

from envhelp import i18n
from envhelp.cli import cli
from envhelp.cli.common import echo_json, echo_table, iter_pages, pass_store
from envhelp.domain import check_answers, record_numbers, visit_details, visits, vocab

MONTH = click.DateTime(formats=["%Y-%m"])


@cli.group("visits")
def visits_group() -> None:
    """Visits: list and show; this computer's record-number series."""


@visits_group.command("list")
@click.option("--month", type=MONTH, help="Only visits of this month (YYYY-MM).")
@click.option("--status", type=click.Choice(list(vocab.VISIT_STATUSES)))
@click.option("--json", "as_json", is_flag=True)
@pass_store
def visits_list(store, month, status: str | None, as_json: bool) -> None:
    """List visits, newest first."""
    rows = iter_pages(
        visits.list_page,
        store,
        month=month.strftime("%Y-%m") if month else None,
        status=status,
    )
    if as_json:
        echo_json(rows)
    else:
        echo_table(
            (
                {
                    **r,
                    "type": vocab.label(vocab.VISIT_TYPES, r["type"]),
                    "status": vocab.label(vocab.VISIT_STATUSES, r["status"]),
                }
                for r in rows
            ),
            [
                ("date", i18n.pick("日期", "Date")),
                ("type", i18n.pick("类型", "Type")),
                ("enterprise_name", i18n.pick("企业", "Enterprise")),
                ("status", i18n.pick("状态", "Status")),
                ("record_no", i18n.pick("记录编号", "Record no.")),
                ("id", "ID"),
            ],
        )


@visits_group.command("series")
@click.argument("code", required=False)
@pass_store
def visits_series(store, code: str | None) -> None:
    """Show or set this computer's record-number series (CODE "" clears it).

    Computers whose bundles are merged need different series, e.g. A and B:
    环帮〔2026〕第A0001号. The series stays on this computer (never exported).
    """
    if code is not None:
        record_numbers.set_record_series(store, code)
    series = record_numbers.record_series(store)
    click.echo(series or i18n.pick("（未设置）", "(none)"))


@visits_group.command("show")
@click.argument("visit_id")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@pass_store
def visits_show(store, visit_id: str, as_json: bool) -> None:
    """Show one visit (its id or record number) with its checks and its problems."""
    from envhelp.domain.visits import resolve

    data = visit_details.show_visit(store, resolve(store, visit_id))
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
                f"  {pick('检查范围', 'Scope')}: {check_answers.scope_text(check['scope'])}"
            )
        category = None
        for r in check["results"]:
            if r["category"] != category:
                category = r["category"]
                lines.append(f"  [{category}]")
            lines.append(
                f"    {r['code']}  {check_answers.result_label(r['result'])}  "
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
