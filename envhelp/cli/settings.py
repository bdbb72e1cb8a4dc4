"""``envhelp settings list|get|set``: the settings registry from the terminal.

An unknown key or a value the registry refuses exits 2 with a message naming the key
(the settings are input to other commands, like a bad flag).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

import click

from envhelp.cli import cli
from envhelp.cli.common import EXIT_USAGE, echo_json, echo_table, fail, pass_store
from envhelp.domain import settings
from envhelp.errors import ValidationError
from envhelp.i18n import pick


def _bad_value_is_usage(func: Callable) -> Callable:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ValidationError as error:
            fail(f"{error.field}: {error}", EXIT_USAGE)  # the key, as typed on the command line

    return wrapper


@cli.group("settings")
def settings_group() -> None:
    """The bureau's identity, document numbering and this computer's settings."""


@settings_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@pass_store
def settings_list(store, as_json: bool) -> None:
    """Every setting with its value (defaults shown where nothing is set)."""
    rows = settings.listing(store)
    if as_json:
        echo_json(
            {
                k: row[k]
                for k in ("key", "label", "group", "kind", "scope", "value", "default", "is_set")
            }
            for row in rows
        )
        return
    echo_table(
        rows,
        [
            ("key", pick("键", "Key")),
            ("label", pick("名称", "Setting")),
            ("display", pick("值", "Value")),
        ],
    )


@settings_group.command("get")
@click.argument("key")
@pass_store
def settings_get(store, key: str) -> None:
    """Print one setting's value (empty when unset and without default)."""
    value = settings.get(store, key)
    if isinstance(value, bool):
        click.echo(json.dumps(value))
    else:
        click.echo("" if value is None else value)


@settings_group.command("set")
@click.argument("key")
@click.argument("value")
@pass_store
@_bad_value_is_usage
def settings_set(store, key: str, value: str) -> None:
    """Set one setting; VALUE "" clears it (its default applies again)."""
    stored = settings.put(store, key, value)
    entry = settings.setting(key)
    shown = settings.display(store, entry, settings.get(store, key))
    if stored is None:
        click.echo(pick(f"已清除“{entry.zh}”", f"Cleared {entry.en}"))
    else:
        click.echo(pick(f"“{entry.zh}”已设为：{shown}", f"{entry.en} set to: {shown}"))
