"""Shared plumbing for CLI commands: the store, errors → exit codes, output."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import click

from envhelp.errors import (
    WRITE_FAULTS,
    EnvHelpError,
    NotFoundError,
    StateError,
    StorageError,
    ValidationError,
    write_fault,
)

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_USAGE = 2  # usage errors and unreadable input (click uses 2 for usage too)
EXIT_REJECTED = 3  # some data was rejected by validation or the record's state


class CliState:
    """Carried in click's context: where the database is, opened on first use."""

    def __init__(self, db_path: str | None, *, read_only: bool = False):
        self.db_path = db_path
        self.read_only = read_only
        self._store = None

    @property
    def store(self):
        """The database, which must exist (a missing or empty file: "no database here")."""
        return self.open(create=False)

    def open(self, *, create: bool):
        """Open the database; ``create`` only for ``init`` and ``demo``."""
        if self._store is None:
            from envhelp.storage import open_store

            self._store = open_store(self.db_path, create=create, read_only=self.read_only)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


def fail(message: str, code: int) -> None:
    click.echo(message, err=True)
    sys.exit(code)


def exit_code_for(error: EnvHelpError) -> int:
    if isinstance(error, ValidationError | StateError):
        return EXIT_REJECTED
    if isinstance(error, NotFoundError | StorageError):
        return EXIT_USAGE
    return EXIT_REJECTED


def handle_errors(func: Callable) -> Callable:
    """Show EnvHelp errors as one line in the user's language with the documented exit code.

    A file that cannot be written (disk full, read-only target, no permission) is
    the user's to fix, not an internal error: one line and exit 2 as well.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except EnvHelpError as error:
            fail(str(error), exit_code_for(error))
        except OSError as error:
            if error.errno not in WRITE_FAULTS:
                raise
            fail(str(write_fault(error)), EXIT_USAGE)

    return wrapper


def pass_store(func: Callable | None = None, *, create: bool = False) -> Callable:
    """Give the command the open Store as its first argument, with error handling.

    ``create=True`` (``init``, ``demo``): a missing or empty file becomes a new
    database; every other command refuses it with exit 2.
    """
    if func is None:
        return functools.partial(pass_store, create=create)

    @click.pass_obj
    @handle_errors
    @functools.wraps(func)
    def wrapper(state: CliState, *args: Any, **kwargs: Any) -> Any:
        return func(state.open(create=create), *args, **kwargs)

    return wrapper


def echo_json(records: Iterable[dict[str, Any]]) -> None:
    """A JSON array of objects, streamed so long lists are never held twice in memory."""
    separator = "[\n"
    for record in records:
        click.echo(separator + json.dumps(record, ensure_ascii=False), nl=False)
        separator = ",\n"
    click.echo("[]" if separator == "[\n" else "\n]")


def run_import(
    do_import: Callable[[], Any],
    as_json: bool,
    summary: Callable[[Any], str],
    notes: Callable[[Any], Iterable[str]],
) -> None:
    """An .xlsx import as every ``… import`` command reports it: an unreadable file exits 2;
    else the result as JSON, or its summary and ``notes`` (one line per rejected row, …);
    exit 3 when rows were rejected (the good rows are saved all the same)."""
    from envhelp.io.errors import UnreadableInputError

    try:
        result = do_import()
    except UnreadableInputError as error:
        fail(str(error), EXIT_USAGE)
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(summary(result))
        for line in notes(result):
            click.echo(line)
    raise SystemExit(EXIT_REJECTED if result.rejected else EXIT_OK)


def echo_table(rows: Iterable[dict[str, Any]], columns: Sequence[tuple[str, str]]) -> None:
    """Tab-separated rows under a header, for people reading a terminal."""
    click.echo("\t".join(title for _, title in columns))
    for row in rows:
        click.echo("\t".join("" if row.get(k) is None else str(row.get(k)) for k, _ in columns))


def iter_pages(
    list_page: Callable[..., list[dict[str, Any]]], store: Any, page_size: int = 500, **filters: Any
):
    """Every row of a paged list function, one page in memory at a time."""
    offset = 0
    while True:
        page = list_page(store, limit=page_size, offset=offset, **filters)
        yield from page
        if len(page) < page_size:
            return
        offset += page_size
