"""``envhelp permits``: the discharge permits on file (docs/permits.md)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import click

from envhelp import i18n
from envhelp.cli import cli
from envhelp.cli.common import (
    echo_json,
    echo_table,
    pass_store,
    run_import,
)


@cli.group("permits")
def permits_group() -> None:
    """Discharge permits: import from Excel, what falls due, what was shown, in force."""


@permits_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_store
def permits_import(store, file: Path, as_json: bool) -> None:
    """Import permits from an .xlsx workbook (a permits sheet and an outlets sheet).

    Exit code 3 when some rows were rejected (the other permits are still saved).
    """
    from envhelp.io.permit_import import import_permits, summary_message

    def notes(result) -> Iterator[str]:
        for r in result.rejected:
            yield i18n.pick(
                f"{r.sheet} 第 {r.row} 行 [{r.field}]：{r.message}",
                f"{r.sheet} row {r.row} [{r.field}]: {r.message}",
            )

    run_import(lambda: import_permits(store, file), as_json, summary_message, notes)


@permits_group.command("due")
@click.option(
    "--within",
    default=60,
    show_default=True,
    type=click.IntRange(0, 3650),
    help="Days ahead to look.",
)
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), hidden=True)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@pass_store
def permits_due(store, within: int, today, as_json: bool) -> None:
    """Execution reports and renewals that fall due within DAYS or are overdue."""
    from envhelp.domain import permit_calendar

    rows = permit_calendar.due(store, today=today.date() if today else None, within=within)
    if as_json:
        echo_json(rows)
        return
    echo_table(
        rows,
        [
            ("due_on", i18n.pick("截止日期", "Due")),
            ("state_label", i18n.pick("状态", "State")),
            ("enterprise", i18n.pick("企业名称", "Enterprise")),
            ("kind_label", i18n.pick("事项", "Item")),
            ("period_label", i18n.pick("报告期", "Period")),
            ("permit_no", i18n.pick("排污许可证编号", "Permit number")),
        ],
    )


@permits_group.command("record")
@click.argument("permit_no")
@click.argument("kind")
@click.argument("period")
@click.argument("status")
@click.option("--shown-on", default="", help="Date the officer checked it (YYYY-MM-DD).")
@click.option("--note", default="")
@pass_store
def permits_record(
    store, permit_no: str, kind: str, period: str, status: str, shown_on: str, note: str
) -> None:
    """Record what the enterprise showed: KIND annual|semiannual|quarterly|monthly|renewal,
    PERIOD 2026 / 2026-H1 / 2026-Q3 / 2026-07 (renewal: the valid-until date),
    STATUS on_time|late|missing."""
    from envhelp.domain import permit_calendar, permits

    permit_id = permits.id_by_number(store, permit_no)
    permit_calendar.record(store, permit_id, kind, period, status, shown_on or None, note)
    click.echo(i18n.pick("已记录。", "Recorded."))


@permits_group.command("status")
@click.argument("permit_no")
@click.argument("status")
@click.option("--on", "on", default="", help="Day it was taken out of force (YYYY-MM-DD).")
@click.option("--reason", default="", help="Why (required unless STATUS is in_force).")
@click.option("--json", "as_json", is_flag=True, help="Print the permit's status as JSON.")
@pass_store
def permits_status(store, permit_no: str, status: str, on: str, reason: str, as_json: bool) -> None:
    """Take a permit out of force or put it back: STATUS cancelled (注销) | revoked (撤销或吊销)
    | void (entered in error) | in_force. Exit 0 done, 2 no such permit, 3 bad input
    (nothing saved)."""
    from envhelp.domain import permits, vocab

    permit_id = permits.id_by_number(store, permit_no)
    row = permits.set_status(store, permit_id, status, on or None, reason)
    if as_json:
        keys = ("permit_no", "status", "status_on", "status_reason")
        click.echo(json.dumps({k: row[k] for k in keys}, ensure_ascii=False))
        return
    click.echo(
        i18n.pick("已记录：", "Recorded: ")
        + (permits.status_text(row) or vocab.label(vocab.PERMIT_STATUSES, row["status"]))
    )
