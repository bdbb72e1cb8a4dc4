"""``envhelp enterprises|officers|visits|problems``: list and add records; the number series."""

from __future__ import annotations

from datetime import date

import click

from envhelp import i18n
from envhelp.cli import cli
from envhelp.cli.common import echo_json, echo_table, iter_pages, pass_store
from envhelp.domain import enterprises as enterprise_service
from envhelp.domain import inspection_rules, vocab
from envhelp.domain import officers as officer_service
from envhelp.domain import permits as permit_service
from envhelp.domain import problems as problem_service
from envhelp.domain import visits as visit_service

MONTH = click.DateTime(formats=["%Y-%m"])


@cli.group()
def enterprises() -> None:
    """Enterprises: list, add, import from Excel."""


@enterprises.command("list")
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
    rows = enterprise_service.list_page(store, **page)
    on_file = permit_service.valid_until_by_enterprise(store, [r["id"] for r in rows])
    for row in rows:
        permit = on_file.get(row["id"])
        row["permit_valid_until"] = permit["valid_until"] if permit else None
        if permit:
            row["permit_class"] = permit["management_class"]
    return rows


@enterprises.command("add")
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
    record = enterprise_service.add(store, fields)
    if as_json:
        echo_json([record])
    else:
        click.echo(
            i18n.pick(
                f"已添加：{record['name']}（{record['id']}）",
                f"Added: {record['name']} ({record['id']})",
            )
        )


@cli.group()
def officers() -> None:
    """Officers: list, add, choose the current one."""


@officers.command("list")
@click.option("--json", "as_json", is_flag=True)
@pass_store
def officers_list(store, as_json: bool) -> None:
    rows = officer_service.list_all(store)
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


@officers.command("add")
@click.option("--name", required=True)
@click.option("--cert-no", default="")
@click.option("--unit", default="")
@click.option("--phone", default="")
@click.option("--current", is_flag=True, help="Make this the officer using the app.")
@pass_store
def officers_add(store, current: bool, **fields: str) -> None:
    record = officer_service.add(store, fields)
    if current:
        officer_service.set_current(store, record["id"])
    click.echo(record["id"])


@officers.command("unavailable")
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
    record = officer_service.update(store, officer_id, period)
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


@cli.group()
def visits() -> None:
    """Visits: list and show; this computer's record-number series."""


@visits.command("list")
@click.option("--month", type=MONTH, help="Only visits of this month (YYYY-MM).")
@click.option("--status", type=click.Choice(list(vocab.VISIT_STATUSES)))
@click.option("--json", "as_json", is_flag=True)
@pass_store
def visits_list(store, month, status: str | None, as_json: bool) -> None:
    """List visits, newest first."""
    rows = iter_pages(
        visit_service.list_page,
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


@visits.command("series")
@click.argument("code", required=False)
@pass_store
def visits_series(store, code: str | None) -> None:
    """Show or set this computer's record-number series (CODE "" clears it).

    Computers whose bundles are merged need different series, e.g. A and B:
    环帮〔2026〕第A0001号. The series stays on this computer (never exported).
    """
    if code is not None:
        visit_service.set_record_series(store, code)
    series = visit_service.record_series(store)
    click.echo(series or i18n.pick("（未设置）", "(none)"))


@cli.group()
def problems() -> None:
    """Problems on the ledger."""


@problems.command("list")
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
        {**r, "overdue": problem_service.is_overdue(r, today)}
        for r in iter_pages(
            problem_service.list_page,
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
