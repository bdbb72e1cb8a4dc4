"""Officers' laptops for the hub tests: each its own database and its own login role."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from envhelp.cli import cli
from envhelp.io import hub, sync
from tests.conftest import laptop_store


class Laptop:
    """One officer's laptop: its own database and its own login role on the hub."""

    def __init__(self, hub_db, tmp_path, name: str, actor: str, series: str):
        self.role = hub_db.prefix + name
        with hub_db.admin() as conn:
            conn.execute(hub.roles_script(self.role, hub_db.name))
        self.url = hub_db.url_as(self.role)
        self.store = laptop_store(tmp_path, name, actor, series)
        self.path = self.store.path

    def sync(self) -> dict:
        return sync.sync(self.store, self.url).to_dict()

    def cli_sync(self):
        return CliRunner().invoke(
            cli, ["--db", str(self.path), "sync", self.url, "--json"], catch_exceptions=False
        )


@pytest.fixture
def hub_laptops(hub_db, tmp_path):
    hub.init(hub_db.url)
    made: list[Laptop] = []

    def laptop(name: str, actor: str, series: str) -> Laptop:
        made.append(Laptop(hub_db, tmp_path, name, actor, series))
        return made[-1]

    yield laptop
    for each in made:
        each.store.close()
