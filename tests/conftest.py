"""Shared fixtures: a fresh database per test, a few records, and the core's language."""

from __future__ import annotations

import os
from datetime import date

import pytest
from hypothesis import HealthCheck, settings

from envhelp import i18n
from envhelp.domain import record_numbers
from envhelp.io import bundle_export, bundle_import
from envhelp.storage import Store

# Property tests explore new random inputs on every local run (that is how they find
# bugs); CI replays a fixed sequence so that a green main stays green.
# Nor may the machine's speed decide a result: no deadline, no too_slow health check.
settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

VALID_USCC = [
    "91350100M000100Y43",
    "91130200699229617X",
    "91512081MA62K0260E",
    "911302307808371268",
]


class _AnyDate(type):
    """Metaclass of the frozen ``date``: a real ``date`` still passes ``isinstance``."""

    def __instancecheck__(cls, obj) -> bool:
        return isinstance(obj, date)

    def __subclasscheck__(cls, sub) -> bool:
        return issubclass(sub, date)


@pytest.fixture
def freeze_today(monkeypatch):
    """``freeze_today(day, *modules)``: each module's ``date.today()`` answers ``day``.

    Code that reads "today" itself (file names, default months, "overdue") would otherwise
    see a different day than the test's expectation when a run crosses midnight.
    """

    def freeze(day: date, *modules) -> date:
        frozen = _AnyDate("date", (date,), {"today": classmethod(lambda cls: day)})
        for module in modules:
            monkeypatch.setattr(module, "date", frozen)
        return day

    return freeze


@pytest.fixture(autouse=True)
def _chinese_by_default():
    i18n.set_language("zh")
    yield
    i18n.set_language("zh")


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "envhelp.sqlite3"


@pytest.fixture
def store(db_path):
    s = Store(db_path, actor="tester")
    yield s
    s.close()


@pytest.fixture
def officer(store):
    from envhelp.domain import officers

    return officers.add(store, {"name": "王敏", "cert_no": "37020012345", "unit": "执法大队"})


@pytest.fixture
def officer2(store):
    from envhelp.domain import officers

    return officers.add(store, {"name": "李强", "cert_no": "37020054321", "unit": "执法大队"})


@pytest.fixture
def enterprise(store):
    from envhelp.domain import enterprises

    return enterprises.add(
        store,
        {
            "name": "青岛精锐机械有限公司",
            "uscc": VALID_USCC[0],
            "town": "城阳街道",
            "industry": "通用设备制造业",
            "hw_categories": "HW08,HW49",
        },
    )


def draft_visit(
    store, enterprise_id: str, officer_ids: list[str], visit_type: str, *, day=None, time="09:30"
) -> dict:
    """A draft visit of ``day`` (ISO; today when None) from ``time`` (None: no time given),
    by ``officer_ids``."""
    from envhelp.domain import visits

    fields = {
        "enterprise_id": enterprise_id,
        "date": day or date.today().isoformat(),
        "type": visit_type,
        "officer_ids": officer_ids,
    }
    if time is not None:
        fields["time"] = time
    return visits.create(store, fields)


@pytest.fixture
def inspection(store, enterprise, officer, officer2):
    """A draft inspection (现场检查) on 2026-03-05 by two officers, to start checks on."""
    return draft_visit(
        store,
        enterprise["id"],
        [officer["id"], officer2["id"]],
        "inspection",
        day="2026-03-05",
        time=None,
    )


QT_FIXTURES = {"qtbot", "qapp"}


def pytest_collection_modifyitems(config, items):
    """Mark every test that needs Qt as ``gui``, so ``-m "not gui"`` runs the core alone:
    the tests under tests/gui/ and any other test that asks for a Qt fixture."""
    for item in items:
        in_gui_folder = "gui" in item.path.relative_to(config.rootpath).parts[:2]
        if in_gui_folder or QT_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.gui)


# The bureau hub's PostgreSQL fixtures (a cluster per session, a database per test),
# shared by tests/hub and the GUI's sync tests.
from tests.pg_cluster import hub_db, pg_cluster  # noqa: E402, F401

# The issuer every document prints (a bureau sets it at first start); documents refuse
# to print without it, so tests that print set it.
BUREAU = {
    "bureau_name": "青岛市即墨生态环境分局",
    "unit_name": "即墨生态环境综合行政执法大队",
    "bureau_address": "青岛市即墨区鹤山路 1 号",
    "contact_person": "王敏",
    "contact_phone": "0532-88500000",
    "review_body": "青岛市人民政府",
    "court": "青岛市即墨区人民法院",
    "notice_prefix": "即环改告",
    "order_prefix": "即环责改",
}


def set_bureau(store) -> None:
    for key, value in BUREAU.items():
        store.set_setting(key, value)


# -- laptops: each officer's own database, exchanging bundles or syncing via the hub -----


def laptop_store(tmp_path, name: str, actor: str, series: str = "") -> Store:
    """A laptop's own database in ``tmp_path/name``, changed by ``actor``; its record
    numbers in ``series`` (none: the bureau's plain numbers)."""

    store = Store(tmp_path / name / "envhelp.sqlite3", actor=actor)
    if series:
        record_numbers.set_record_series(store, series)
    return store


@pytest.fixture
def laptop_pair(tmp_path):
    """Laptops A (王敏) and B (李强), each with its own empty database."""
    a = laptop_store(tmp_path, "a", "王敏")
    b = laptop_store(tmp_path, "b", "李强")
    yield a, b
    a.close()
    b.close()


def publicity_visit(store, **visit_fields) -> dict:
    """An officer (王敏), an enterprise and his draft publicity visit of 2026-03-05 there,
    with ``visit_fields`` (e.g. notes); returns their ids (officer, firm, visit)."""
    from envhelp.domain import enterprises, officers, visits

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
            **visit_fields,
        },
    )
    return {"officer": wang["id"], "firm": firm["id"], "visit": visit["id"]}


def seed_laptop(store) -> dict:
    """A publicity visit noted 初稿 and a problem found on it: what two laptops then change;
    returns the ids (officer, firm, visit, problem)."""
    from envhelp.domain import problems

    ids = publicity_visit(store, notes="初稿")
    problem = problems.create(
        store,
        {
            "enterprise_id": ids["firm"],
            "visit_id": ids["visit"],
            "found_on": "2026-03-05",
            "description": "危废包装无标签",
            "deadline": "2026-03-20",
        },
    )
    return {**ids, "problem": problem["id"]}


def send_bundle(source, target, tmp_path):
    """``source``'s exchange bundle imported, trusted, into ``target``: the import's summary."""
    from envhelp.storage import clock

    path = tmp_path / f"from-{source.path.parent.name}-{clock.new_id()}.zip"
    bundle_export.export_bundle(source, path)
    return bundle_import.import_bundle(target, path, trust=True)


@pytest.fixture
def bureau(store):
    set_bureau(store)
    return BUREAU


@pytest.fixture
def one_officer_publicity(store):
    """A bureau that lets one officer make a pure publicity visit (送法入企, 入厂驻企 that
    closes nothing): the setting two_officers_for_publicity switched off. Tests of other
    features that record such visits use it; inspections and closing visits still need two."""
    from envhelp.domain import settings

    settings.put(store, settings.TWO_OFFICERS_FOR_PUBLICITY, False)
