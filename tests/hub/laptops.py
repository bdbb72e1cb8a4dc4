"""Officers' laptops for the hub tests: each its own database and its own login role."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from envhelp.cli import cli
from envhelp.domain import enterprises, officers, problems, record_numbers, visits
from envhelp.io import hub, sync
from envhelp.storage import Store
from tests.conftest import VALID_USCC


class Laptop:
    """One officer's laptop: its own database and its own login role on the hub."""

    def __init__(self, hub_db, tmp_path, name: str, actor: str, series: str):
        self.role = hub_db.prefix + name
        with hub_db.admin() as conn:
            conn.execute(hub.roles_script(self.role, hub_db.name))
        self.url = hub_db.url_as(self.role)
        self.path = tmp_path / name / "envhelp.sqlite3"
        self.store = Store(self.path, actor=actor)
        record_numbers.set_record_series(self.store, series)

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


def seed(store: Store) -> dict:
    """An officer, an enterprise, a draft visit and a problem."""
    wang = officers.add(store, {"name": "王敏", "cert_no": "37020012345"})
    firm = enterprises.add(
        store, {"name": "青岛精锐机械有限公司", "uscc": VALID_USCC[0], "town": "城阳街道"}
    )
    visit = visits.create(
        store,
        {
            "enterprise_id": firm["id"],
            "date": "2026-03-05",
            "type": "law_publicity",
            "officer_ids": [wang["id"]],
            "notes": "初稿",
        },
    )
    problem = problems.create(
        store,
        {
            "enterprise_id": firm["id"],
            "visit_id": visit["id"],
            "found_on": "2026-03-05",
            "description": "危废包装无标签",
            "deadline": "2026-03-20",
        },
    )
    return {
        "officer": wang["id"],
        "firm": firm["id"],
        "visit": visit["id"],
        "problem": problem["id"],
    }
