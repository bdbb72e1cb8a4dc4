"""The one helper that writes output files: atomic, flushed to disk, umask respected."""

from __future__ import annotations

import os
import stat

import pytest

from envhelp.storage import files


@pytest.fixture
def umask():
    """Set the process umask for one test and put the old one back."""
    saved = os.umask(0o022)
    yield lambda mask: os.umask(mask)
    os.umask(saved)


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_saved_file_gets_the_mode_the_umask_allows(tmp_path, umask, mask, mode):
    umask(mask)
    target = files.write_atomic(tmp_path / "out" / "report.xlsx", b"data")
    assert target.read_bytes() == b"data"
    assert stat.S_IMODE(target.stat().st_mode) == mode


def test_the_file_is_flushed_before_it_replaces_the_old_one(tmp_path, monkeypatch):
    target = tmp_path / "report.pdf"
    target.write_bytes(b"old")
    events = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        events.append(("fsync", os.fstat(fd).st_size))
        real_fsync(fd)

    def replace(src, dst):
        events.append(("replace", os.path.basename(dst)))
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    files.write_atomic(target, b"new content")
    assert events == [("fsync", len(b"new content")), ("replace", "report.pdf")]
    assert target.read_bytes() == b"new content"


def test_a_failure_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "ledger.xlsx"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), files.atomic_save(target) as tmp:
        tmp.write_bytes(b"half")
        raise RuntimeError("cancelled")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["ledger.xlsx"]
