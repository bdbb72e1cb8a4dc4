"""Writers on a full disk or a read-only target, and a database on read-only media (issue 15).

Real faults, not mocks: a small tmpfs filled to the last byte (ENOSPC) or
remounted read-only (EROFS). Mounting needs root, as the tests run here and in
CI; elsewhere these tests are skipped with the reason shown (``pytest -rs``).
"""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from envhelp.cli import cli
from envhelp.domain import enterprises, problems, visits
from envhelp.storage import Store, backup
from envhelp.storage.files import file_sha256


@pytest.fixture
def mount(tmp_path):
    """``mount(name, size)``: a fresh tmpfs of ``size`` under tmp_path; unmounted afterwards."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip(
            "needs root and mount(8) to make a small tmpfs (a real full disk and a "
            "real read-only file system); CI runs as root"
        )
    mounted = []

    def make(name: str, size: str = "512k"):
        point = tmp_path / name
        point.mkdir()
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(point)],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
        mounted.append(point)
        return point

    yield make
    collect_abandoned_zip_writers()
    for point in mounted:
        subprocess.run(["umount", "-l", str(point)], check=False)


def fill(point) -> None:
    """Leave not one byte free."""
    with open(point / "filler", "wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 4096)
        except OSError:
            pass
    for size in (512, 64, 1):  # the last partial block too
        with open(point / "filler", "ab", buffering=0) as handle:
            try:
                while True:
                    handle.write(b"\0" * size)
            except OSError:
                pass


def read_only(point) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(point)], check=True)


@pytest.fixture
def data(store, officer, enterprise, bureau):
    """A final visit in March 2026 with a problem: every writer has something to write."""
    visit = visits.create(
        store,
        {
            "enterprise_id": enterprise["id"],
            "date": "2026-03-05",
            "type": "law_publicity",
            "officer_ids": [officer["id"]],
            "guidance": "讲解台账要求",
        },
    )
    problems.create(
        store,
        {
            "enterprise_id": enterprise["id"],
            "visit_id": visit["id"],
            "description": "危废标签缺失",
            "found_on": "2026-03-05",
            "category": "hazardous_waste",
            "deadline": "2026-03-20",
        },
    )
    visits.finalize(store, visit["id"])
    return store


WRITERS = {
    "export": lambda out: ["export", "-o", str(out / "bundle.zip")],
    "backup": lambda out: ["backup", "-o", str(out / "backup.zip")],
    "month PDFs": lambda out: ["report", "month", "2026-03", "-o", str(out / "pdf")],
    "ledger": lambda out: ["ledger", "-o", str(out / "ledger.xlsx")],
    "summary workbook": lambda out: ["summary", "--month", "2026-03", "-o", str(out / "s.xlsx")],
}


def one_line_exit_2(result) -> str:
    assert result.exit_code == 2, result.output
    assert "Internal error" not in result.output and "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    return lines[0]


def collect_abandoned_zip_writers() -> None:
    """openpyxl leaves its ZipFile open when a save fails; collected, it tries to write its
    directory again and fails again (ENOSPC) in ``__del__``, after our message was shown.
    Collected here, quietly, once the test (and its result's traceback) is gone, so that
    it is not reported against another test or at the end of the run."""
    previous = sys.unraisablehook
    sys.unraisablehook = lambda _unraisable: None
    try:
        gc.collect()
    finally:
        sys.unraisablehook = previous


@pytest.mark.parametrize("writer", WRITERS)
def test_writer_on_a_full_disk_exits_2_with_one_line(data, db_path, mount, writer):
    out = mount("full")
    fill(out)
    result = CliRunner().invoke(cli, ["--db", str(db_path), "--lang", "en", *WRITERS[writer](out)])
    line = one_line_exit_2(result)
    assert "disk is full" in line or "No space left on device" in line
    assert sorted(p.name for p in out.iterdir()) in (["filler"], ["filler", "pdf"])
    assert not list(out.rglob("*.part")) and not list(out.rglob("*.pdf"))


@pytest.mark.parametrize("writer", WRITERS)
def test_writer_to_a_read_only_target_exits_2_with_one_line(data, db_path, mount, writer):
    out = mount("readonly")
    read_only(out)
    result = CliRunner().invoke(cli, ["--db", str(db_path), *WRITERS[writer](out)])
    line = one_line_exit_2(result)
    assert "无法写入" in line
    assert list(out.iterdir()) == []


def test_restore_on_a_full_disk_changes_nothing(mount, tmp_path):
    disk = mount("stick", "2m")
    path = disk / "envhelp.sqlite3"
    with Store(path) as store:
        enterprises.add(store, {"name": "恢复前的企业"})
        made = backup.backup_to(store, tmp_path / "backup.zip").path
        enterprises.add(store, {"name": "备份之后的企业"})
    before = file_sha256(path)
    fill(disk)
    result = CliRunner().invoke(cli, ["--db", str(path), "--lang", "en", "restore", str(made)])
    line = one_line_exit_2(result)
    assert "Cannot restore" in line and "disk is full" in line
    assert "current database was not changed" in line
    assert file_sha256(path) == before
    # Nothing left behind: no safety copy, no restore folder, no partial file.
    assert sorted(p.name for p in disk.iterdir() if not p.name.startswith("envhelp.sqlite3")) == [
        "filler"
    ]


def test_a_database_on_read_only_media_opens_with_read_only(mount):
    media = mount("cdrom", "4m")
    path = media / "envhelp.sqlite3"
    with Store(path) as store:
        enterprises.add(store, {"name": "光盘上的企业"})
    assert not (media / "envhelp.sqlite3-wal").exists()  # checkpointed and removed on close
    read_only(media)

    listed = CliRunner().invoke(cli, ["--db", str(path), "--read-only", "enterprises", "list"])
    assert listed.exit_code == 0, listed.output
    assert "光盘上的企业" in listed.output
    checked = CliRunner().invoke(cli, ["--db", str(path), "--read-only", "--lang", "en", "check"])
    assert checked.exit_code == 0, checked.output
    assert "Records match the audit log: OK" in checked.output

    # Without --read-only: one line saying what to do, exit 2.
    refused = CliRunner().invoke(cli, ["--db", str(path), "--lang", "en", "enterprises", "list"])
    assert "read-only" in one_line_exit_2(refused)
