"""``envhelp backup`` and ``envhelp restore``."""

from __future__ import annotations

import click

from envhelp import i18n
from envhelp.cli import cli
from envhelp.cli.common import CliState, handle_errors, pass_store


@cli.command()
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(dir_okay=False),
    help="Backup file to write (a .zip).",
)
@pass_store
def backup(store, output: str) -> None:
    """Back up the database and its attachments to one file."""
    from envhelp.storage.backup import backup_to

    info = backup_to(store, output)
    click.echo(
        i18n.pick(
            f"已备份到 {info.path}（附件 {info.attachments} 个）",
            f"Backed up to {info.path} ({info.attachments} attachments)",
        )
    )


@cli.command()
@click.argument("backup_file", type=click.Path(exists=True, dir_okay=False))
@click.pass_obj
@handle_errors
def restore(state: CliState, backup_file: str) -> None:
    """Replace the database with a backup (checked first; the current one is moved aside).

    Works over a damaged, empty or missing database; refused while another EnvHelp
    window or command has the database open.
    """
    from pathlib import Path

    from envhelp import paths
    from envhelp.storage.backup import restore as restore_backup

    state.close()
    db_path = Path(state.db_path) if state.db_path else paths.default_db_path()
    aside = restore_backup(db_path, backup_file)
    if aside is None:
        click.echo(
            i18n.pick(
                f"已从 {backup_file} 恢复到 {db_path}（此前这里没有数据库）。",
                f"Restored from {backup_file} to {db_path} (there was no database here before).",
            )
        )
    else:
        click.echo(
            i18n.pick(
                f"已从 {backup_file} 恢复。原数据库已原样移到 {aside}",
                f"Restored from {backup_file}. The previous database was moved, "
                f"as it was, to {aside}",
            )
        )
