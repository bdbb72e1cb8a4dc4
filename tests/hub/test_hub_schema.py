"""`envhelp hub init|status`: the hub's schema, its upgrade, and what a laptop's role may do."""

from __future__ import annotations

import json

import psycopg
import pytest
from click.testing import CliRunner

from envhelp.cli import cli
from envhelp.io import hub

FINGERPRINT_A = "a" * 64
FINGERPRINT_B = "b" * 64


def invoke(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def officer_role(hub_db, name: str) -> str:
    """A login role for one officer, made with the documented script."""
    role = hub_db.prefix + name
    with hub_db.admin() as conn:
        conn.execute(hub.roles_script(role, hub_db.name))
    return role


def register(hub_db, role: str, fingerprint: str) -> None:
    with psycopg.connect(hub_db.url_as(role), autocommit=True) as conn:
        conn.execute(
            "INSERT INTO envhelp_hub.laptops (fingerprint, public_key, officer, laptop) "
            "VALUES (%s, 'key', '王敏', 'CY-01')",
            (fingerprint,),
        )


def push_raw(hub_db, role: str, fingerprint: str, sha: str = "c" * 64) -> None:
    with psycopg.connect(hub_db.url_as(role), autocommit=True) as conn:
        conn.execute(
            "INSERT INTO envhelp_hub.change_log (fingerprint, bundle_sha256, bundle, record_count) "
            "VALUES (%s, %s, 'zip', 0)",
            (fingerprint, sha),
        )


def test_init_creates_the_schema_and_a_second_init_changes_nothing(hub_db):
    first = invoke("hub", "init", hub_db.url)
    assert first.exit_code == 0, first.output
    assert f"0 升级到 {len(hub.MIGRATIONS)}" in first.output
    again = invoke("hub", "init", hub_db.url)
    assert again.exit_code == 0 and "已是最新" in again.output
    state = json.loads(invoke("hub", "status", hub_db.url, "--json").output)
    assert state == {
        "schema_version": len(hub.MIGRATIONS),
        "laptops": [],
        "change_sets": 0,
        "change_set_bytes": 0,
        "records": 0,
    }


def test_an_older_hub_is_upgraded_in_place_keeping_its_change_sets(hub_db):
    hub.init(hub_db.url, hub.MIGRATIONS[:1])
    role = officer_role(hub_db, "wang")
    register(hub_db, role, FINGERPRINT_A)
    push_raw(hub_db, role, FINGERPRINT_A)
    refused = invoke("hub", "status", hub_db.url)
    assert refused.exit_code == 3 and "hub init" in refused.output
    assert hub.init(hub_db.url) == {"before": 1, "after": len(hub.MIGRATIONS)}
    state = hub.status(hub_db.url)
    assert state["change_sets"] == 1
    assert [(lt["role"], lt["change_sets"]) for lt in state["laptops"]] == [(role, 1)]


def test_a_newer_hub_is_refused_rather_than_downgraded(hub_db):
    hub.init(hub_db.url)
    with hub_db.admin() as conn:
        conn.execute("UPDATE envhelp_hub.hub_meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(hub.HubError, match="版本 99 比本软件"):
        hub.init(hub_db.url)


def test_the_change_log_is_append_only_for_a_laptop(hub_db):
    hub.init(hub_db.url)
    role = officer_role(hub_db, "wang")
    register(hub_db, role, FINGERPRINT_A)
    push_raw(hub_db, role, FINGERPRINT_A)
    with psycopg.connect(hub_db.url_as(role), autocommit=True) as conn:
        for statement in (
            "UPDATE envhelp_hub.change_log SET bundle = 'x'",
            "DELETE FROM envhelp_hub.change_log",
            "UPDATE envhelp_hub.laptops SET fingerprint = repeat('d', 64)",
            "TRUNCATE envhelp_hub.change_log",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
    assert hub.status(hub_db.url)["change_sets"] == 1


def test_row_level_security_refuses_a_change_set_signed_with_another_laptops_key(hub_db):
    hub.init(hub_db.url)
    wang, li = officer_role(hub_db, "wang"), officer_role(hub_db, "li")
    register(hub_db, wang, FINGERPRINT_A)
    register(hub_db, li, FINGERPRINT_B)
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        push_raw(hub_db, li, FINGERPRINT_A)
    # Nor may a laptop register a key under a colleague's role.
    with (
        psycopg.connect(hub_db.url_as(li), autocommit=True) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        conn.execute(
            "INSERT INTO envhelp_hub.laptops (role, fingerprint, public_key, officer, "
            "laptop) VALUES (%s, %s, 'k', '王敏', 'X')",
            (wang + "x", "e" * 64),
        )
    push_raw(hub_db, li, FINGERPRINT_B)
    assert hub.status(hub_db.url)["change_sets"] == 1


def test_tls_is_required_unless_the_url_says_otherwise(hub_db):
    assert "sslmode=require" in hub.conninfo("postgresql://wang@hub.example/envhelp")
    assert "sslmode=verify-full" in hub.conninfo(
        "postgresql://wang@hub.example/envhelp?sslmode=verify-full"
    )
    # The test cluster has no TLS: without sslmode=disable the connection is refused.
    without_ssl = hub_db.url.replace("?sslmode=disable", "")
    result = invoke("hub", "status", without_ssl)
    assert result.exit_code == 2 and "无法连接数据中心" in result.output


def test_a_password_in_the_url_is_refused():
    with pytest.raises(hub.HubError, match="pgpass"):
        hub.conninfo("postgresql://wang:secret@hub.example/envhelp")


def test_an_unreachable_hub_is_a_clear_message_and_exit_2(pg_cluster):
    from tests.pg_cluster import _free_port

    url = f"postgresql://nobody@127.0.0.1:{_free_port()}/envhelp?sslmode=disable"
    result = invoke("--lang", "en", "hub", "status", url)
    assert result.exit_code == 2
    assert "Cannot reach the hub" in result.output and "sync again later" in result.output


def test_the_hub_url_setting_refuses_a_password_naming_the_key(store):
    from envhelp.domain import settings
    from envhelp.errors import ValidationError

    with pytest.raises(ValidationError) as refused:
        settings.put(store, settings.HUB_URL, "postgresql://wang:secret@hub.example/envhelp")
    assert refused.value.field == "hub_url" and ".pgpass" in refused.value.message_zh
    settings.put(store, settings.HUB_URL, "postgresql://wang@hub.example/envhelp")
    assert settings.get(store, settings.HUB_URL) == "postgresql://wang@hub.example/envhelp"
