"""A throwaway PostgreSQL cluster for the bureau hub's tests (docs/bureau-hub.md); fixtures
imported by tests/conftest.py.

One cluster per test session (initdb + pg_ctl from the Debian server package, started
on a free port of 127.0.0.1 only, trust authentication, fsync off: it lives in a
temporary folder and dies with the session), and a fresh database per test. As root
the cluster runs as the unprivileged ``postgres`` system user, since PostgreSQL
refuses to run as root. Without the server binaries or psycopg the tests fail in CI
(``CI=true``) and are skipped with the reason elsewhere: `scripts/setup.sh --test`
installs both.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

SUPERUSER = "hub_test_admin"
MISSING = (
    "PostgreSQL server binaries (initdb, pg_ctl) not found: run `scripts/setup.sh --test` "
    "(Debian package postgresql) to run the bureau hub tests."
)


def _server_bin() -> Path | None:
    """The newest /usr/lib/postgresql/<major>/bin holding initdb (or initdb on PATH)."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("initdb")
    return Path(on_path).parent if on_path else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run_as(user: str | None) -> list[str]:
    return ["runuser", "-u", user, "--"] if user else []


def _unprivileged_user() -> str | None:
    """None when not root; else the ``postgres`` system user (made when missing)."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "postgres"], check=True)
    return "postgres"


@dataclass
class Cluster:
    port: int

    def url(self, database: str = "postgres", user: str = SUPERUSER) -> str:
        # The test cluster has no TLS, so the URL says so explicitly (the hub's default
        # for URLs that do not is sslmode=require).
        return f"postgresql://{user}@127.0.0.1:{self.port}/{database}?sslmode=disable"

    def admin(self, database: str = "postgres"):
        import psycopg

        return psycopg.connect(self.url(database), autocommit=True)


class ServerMissing(RuntimeError):
    pass


@contextmanager
def temporary_cluster() -> Iterator[Cluster]:
    """A running throwaway cluster, stopped and removed on exit (tests and bench/bench_hub.py)."""
    bin_dir = _server_bin()
    if bin_dir is None:
        raise ServerMissing(MISSING)
    user = _unprivileged_user()
    home = Path(tempfile.mkdtemp(prefix="envhelp-pg-"))
    if user:
        shutil.chown(home, user)
    data, log = home / "data", home / "server.log"
    as_user = _run_as(user)
    try:
        subprocess.run(
            [
                *as_user,
                str(bin_dir / "initdb"),
                "-D",
                str(data),
                "-U",
                SUPERUSER,
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "-N",
            ],
            check=True,
            capture_output=True,
        )
        port = _free_port()
        options = (
            f"-p {port} -c listen_addresses=127.0.0.1 -k {home} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off"
        )
        started = subprocess.run(
            [
                *as_user,
                str(bin_dir / "pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(log),
                "-o",
                options,
                "-w",
                "-t",
                "60",
                "start",
            ],
            capture_output=True,
            text=True,
        )
        if started.returncode != 0:
            detail = log.read_text(errors="replace") if log.exists() else started.stderr
            raise RuntimeError(f"the test PostgreSQL cluster did not start:\n{detail}")
        try:
            yield Cluster(port)
        finally:
            subprocess.run(
                [
                    *as_user,
                    str(bin_dir / "pg_ctl"),
                    "-D",
                    str(data),
                    "-m",
                    "immediate",
                    "-w",
                    "stop",
                ],
                capture_output=True,
            )
    finally:
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    try:
        import psycopg  # noqa: F401

        with temporary_cluster() as cluster:
            yield cluster
    except (ImportError, ServerMissing) as exc:
        reason = (
            MISSING
            if isinstance(exc, ServerMissing)
            else ("psycopg (the hub extra) is not installed: run `scripts/setup.sh --test`.")
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)


@dataclass
class HubDatabase:
    cluster: Cluster
    name: str
    prefix: str  # roles made by this test start with it (roles are cluster-wide)

    @property
    def url(self) -> str:
        return self.cluster.url(self.name)

    def url_as(self, role: str) -> str:
        return self.cluster.url(self.name, role)

    def admin(self):
        return self.cluster.admin(self.name)


@pytest.fixture
def hub_db(pg_cluster: Cluster) -> Iterator[HubDatabase]:
    """A fresh, empty database on the session's cluster; dropped (with its roles) after."""
    token = uuid.uuid4().hex[:10]
    db = HubDatabase(pg_cluster, f"hub_{token}", f"t{token}_")
    with pg_cluster.admin() as conn:
        conn.execute(f'CREATE DATABASE "{db.name}"')
    try:
        yield db
    finally:
        with pg_cluster.admin() as conn:
            conn.execute(f'DROP DATABASE "{db.name}" WITH (FORCE)')
            roles = [
                r[0]
                for r in conn.execute(
                    "SELECT rolname FROM pg_roles WHERE rolname LIKE %s", (db.prefix + "%",)
                )
            ]
            for role in roles:
                conn.execute(f'DROP ROLE "{role}"')
