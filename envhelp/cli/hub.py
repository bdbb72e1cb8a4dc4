"""``envhelp hub init|status|verify|role`` and ``envhelp sync``: the bureau hub (docs/bureau-hub.md)."""

from __future__ import annotations

import json

import click

from envhelp import i18n
from envhelp.cli import cli
from envhelp.cli.common import EXIT_REJECTED, EXIT_USAGE, fail, pass_store


def _run(action):
    """``action()``; an unreachable hub exits 2, a refusal (by the hub, or of a change
    set pulled from it) exits 3."""
    from envhelp.io.errors import BundleRefusedError, UnreadableInputError
    from envhelp.io.hub import HubError, HubOfflineError

    try:
        return action()
    except HubOfflineError as error:
        fail(str(error), EXIT_USAGE)
    except (HubError, BundleRefusedError, UnreadableInputError) as error:
        fail(str(error), EXIT_REJECTED)


def _print_json(value: object) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


@cli.group()
def hub() -> None:
    """The bureau hub: a PostgreSQL database every laptop syncs through."""


@hub.command("init")
@click.argument("url")
def hub_init(url: str) -> None:
    """Create or upgrade the hub's schema at URL (run as the database's owner).

    TLS is required unless URL names an sslmode; passwords come from .pgpass,
    PGPASSWORD or a service file, never from EnvHelp.
    """
    from envhelp.io import hub as hub_io

    result = _run(lambda: hub_io.init(url))
    if result["before"] == result["after"]:
        click.echo(
            i18n.pick(
                f"数据中心结构已是最新（版本 {result['after']}）。",
                f"The hub's schema is up to date (version {result['after']}).",
            )
        )
    else:
        click.echo(
            i18n.pick(
                f"数据中心结构已从版本 {result['before']} 升级到 {result['after']}。",
                f"The hub's schema went from version {result['before']} to {result['after']}.",
            )
        )


@hub.command("status")
@click.argument("url")
@click.option("--json", "as_json", is_flag=True, help="Print the status as JSON.")
def hub_status(url: str, as_json: bool) -> None:
    """Laptops, their last sync, and the hub's counts. Exit 2 when the hub is unreachable."""
    from envhelp.io import hub as hub_io

    state = _run(lambda: hub_io.status(url))
    if as_json:
        _print_json(state)
        return
    click.echo(
        i18n.pick(
            f"数据中心：变更集 {state['change_sets']} 个，记录 {state['records']} 条，"
            f"笔记本电脑 {len(state['laptops'])} 台。",
            f"Hub: {state['change_sets']} change set(s), {state['records']} record(s), "
            f"{len(state['laptops'])} laptop(s).",
        )
    )
    never = i18n.pick("从未", "never")
    for laptop in state["laptops"]:
        click.echo(
            "\t".join(
                (
                    laptop["officer"],
                    laptop["laptop"],
                    laptop["role"],
                    i18n.pick("上传：", "pushed: ") + (laptop["last_push_at"] or never)[:19],
                    i18n.pick("下载：", "pulled: ") + (laptop["last_pull_at"] or never)[:19],
                    i18n.pick(
                        f"变更集 {laptop['change_sets']} 个",
                        f"{laptop['change_sets']} change set(s)",
                    ),
                )
            )
        )


@hub.command("verify")
@click.argument("url")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def hub_verify(url: str, as_json: bool) -> None:
    """Check every laptop key and change set signature on the hub (run as its owner).

    Exit 0 when all verify, 3 when some do not (each is listed), 2 when the hub is
    unreachable.
    """
    from envhelp.io import hub_verify as hub_verify_io

    report = _run(lambda: hub_verify_io.verify(url))
    if as_json:
        _print_json(report.to_dict())
    else:
        click.echo(
            i18n.pick(
                f"已核对笔记本电脑密钥 {report.laptops} 个、变更集 {report.change_sets} 个："
                + ("全部通过。" if report.ok else f"{len(report.failures)} 个未通过："),
                f"Checked {report.laptops} laptop key(s) and {report.change_sets} change set(s): "
                + ("all verify." if report.ok else f"{len(report.failures)} do not:"),
            )
        )
        for failure in report.failures:
            what = i18n.pick(
                f"变更集 {failure.ident}" if failure.kind == "change_set" else "登记的密钥",
                f"change set {failure.ident}" if failure.kind == "change_set" else "registered key",
            )
            who = " ".join(v for v in (failure.officer, failure.role) if v)
            when = (failure.at or "")[:19]
            reason = i18n.pick(failure.reason_zh, failure.reason_en)
            click.echo(f"  {what}\t{who}\t{when}\t{reason}")
    if not report.ok:
        raise SystemExit(EXIT_REJECTED)


@hub.command("role")
@click.argument("role")
@click.option("--database", default="envhelp", show_default=True, help="The hub's database.")
def hub_role(role: str, database: str) -> None:
    """Print the SQL that gives one officer's laptop the login ROLE on the hub."""
    from envhelp.io import hub as hub_io

    click.echo(hub_io.roles_script(role, database), nl=False)


@cli.command("sync")
@click.argument("url", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_store
def sync_command(store, url: str | None, as_json: bool) -> None:
    """Push this laptop's changes to the bureau hub and pull everyone else's.

    URL defaults to the hub_url setting. Exit code 2 when the hub cannot be reached
    (nothing is lost; sync again later); 3 when the hub or a change set is refused.
    """
    from envhelp.io.bundle_summary import conflict_lines
    from envhelp.io.sync import sync

    report = _run(lambda: sync(store, url))
    result = report.to_dict()
    if as_json:
        _print_json(result)
        return
    click.echo(
        i18n.pick(
            f"同步完成：上传 {result['pushed_rows']} 行；收到变更集 {result['pulled_change_sets']} 个，"
            f"新增 {result['added']}，更新 {result['updated']}，冲突 {result['conflict_count']}。",
            f"Synced: pushed {result['pushed_rows']} row(s); pulled {result['pulled_change_sets']} "
            f"change set(s): {result['added']} added, {result['updated']} updated, "
            f"{result['conflict_count']} conflict(s).",
        )
    )
    for summary in report.imports:
        for line in conflict_lines(summary):
            click.echo("  " + line)
