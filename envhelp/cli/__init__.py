"""The ``envhelp`` command line: the same core as the GUI, without Qt.

Exit codes: 0 ok, 1 unexpected internal error, 2 usage or unreadable input,
3 some data rejected. See README for every command.
"""

from __future__ import annotations

import click

from envhelp import __version__, i18n
from envhelp.cli.common import CliState, pass_store
from envhelp.paths import DB_ENV_VAR


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False),
    envvar=DB_ENV_VAR,
    help=f"Database file (default: ${DB_ENV_VAR}, else the user data folder).",
)
@click.option(
    "--lang",
    type=click.Choice(i18n.SUPPORTED),
    default="zh",
    show_default=True,
    help="Language of messages and reports.",
)
@click.option(
    "--read-only",
    is_flag=True,
    help="Open the database read-only (e.g. on a CD or write-protected stick); changes are refused.",
)
@click.version_option(__version__, prog_name="envhelp")
@click.pass_context
def cli(ctx: click.Context, db_path: str | None, lang: str, read_only: bool) -> None:
    """EnvHelp: enforcement assistance visits, checks and the problem ledger."""
    i18n.set_language(lang)
    state = CliState(db_path, read_only=read_only)
    ctx.obj = state
    ctx.call_on_close(state.close)


@cli.command()
@pass_store(create=True)
def init(store) -> None:
    """Create the database (or upgrade it to the current schema) and print its path."""
    click.echo(i18n.pick(f"数据库已就绪：{store.path}", f"Database ready: {store.path}"))


def _register_commands() -> None:
    # Each area keeps its commands in its own module; importing adds them to `cli`.
    from envhelp.cli import (  # noqa: F401
        demo,
        enterprises,
        exchange,
        hub,
        ledger,
        officers,
        permits,
        problems,
        random_checks,
        report,
        safety,
        settings,
        summary,
        templates,
        visits,
    )


_register_commands()


def main() -> None:
    """Console entry point: unexpected errors become one line and exit code 1."""
    import os
    import sys

    try:
        cli(prog_name="envhelp")
    except Exception as exc:  # last resort: never show a traceback to an officer
        if os.environ.get("ENVHELP_DEBUG"):
            raise
        click.echo(
            i18n.pick(
                f"内部错误：{exc}（设置 ENVHELP_DEBUG=1 可查看详情）",
                f"Internal error: {exc} (set ENVHELP_DEBUG=1 for details)",
            ),
            err=True,
        )
        sys.exit(1)
