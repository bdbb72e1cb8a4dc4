"""The enterprise import eases the garbage collector's work, and undoes it afterwards.

During the import the older objects are frozen (``gc.freeze``) and the youngest
generation is collected less often; objects made by the import are still
collected, and afterwards everything is as it was — whether the import
succeeded, failed or was cancelled, and also when something else in the
process had frozen objects itself.
"""

from __future__ import annotations

import gc
import subprocess
import sys
import textwrap
import weakref

import pytest

from envhelp.errors import OperationCancelled
from envhelp.io import enterprise_import
from envhelp.io.enterprise_import import import_enterprises
from envhelp.io.errors import UnreadableInputError
from tests.conftest import VALID_USCC
from tests.test_enterprise_import import ZH_HEADER, make_xlsx, row


class _Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the cyclic collector frees it


@pytest.fixture
def sheet(tmp_path):
    rows = [ZH_HEADER] + [row(f"青岛测试企业{i}有限公司", town="城阳街道") for i in range(30)]
    rows.append(row("青岛蓝海化工有限公司", VALID_USCC[1], "城阳街道"))
    return make_xlsx(tmp_path / "gc.xlsx", rows)


@pytest.fixture(autouse=True)
def _nothing_frozen():
    assert gc.get_freeze_count() == 0  # the tests below start from a process with none
    threshold = gc.get_threshold()
    yield
    assert gc.get_threshold() == threshold
    if gc.get_freeze_count():  # a failing test must not leave the whole run frozen
        gc.unfreeze()


def test_older_objects_frozen_during_the_import_and_released_after(store, sheet, monkeypatch):
    monkeypatch.setattr(enterprise_import, "CHUNK_ROWS", 10)  # progress calls while reading
    old = _Node()
    old_ref = weakref.ref(old)
    seen = []

    def progress(done, total):
        from pypinyin.constants import PHRASES_DICT

        seen.append(gc.get_freeze_count())
        assert not any(o is PHRASES_DICT for o in gc.get_objects())  # set aside
        assert gc.get_threshold()[0] >= enterprise_import._EasedCollector.YOUNG
        made = _Node()  # made during the import: still collected at once
        made_ref = weakref.ref(made)
        del made
        gc.collect()
        assert made_ref() is None

    result = import_enterprises(store, sheet, progress=progress)
    assert result.added == 31 and not result.rejected
    assert seen and all(count > 0 for count in seen)
    assert gc.get_freeze_count() == 0
    del old
    gc.collect()  # the older cycle is collectable again
    assert old_ref() is None


def test_released_after_a_failed_or_cancelled_import(store, sheet, tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a workbook")
    with pytest.raises(UnreadableInputError):
        import_enterprises(store, bad)
    assert gc.get_freeze_count() == 0
    with pytest.raises(OperationCancelled):
        import_enterprises(store, sheet, cancelled=lambda: True)
    assert gc.get_freeze_count() == 0
    assert store.scalar("SELECT count(*) FROM enterprises") == 0


def test_leaves_objects_frozen_by_someone_else_alone(store, sheet):
    gc.freeze()
    before = gc.get_freeze_count()
    seen = []
    import_enterprises(store, sheet, progress=lambda done, total: seen.append(1))
    assert seen
    # Not unfrozen by the import: gc.unfreeze() would empty the permanent generation. (A
    # frozen object may still be freed when its last reference goes: the count can drop,
    # by some hundreds of the ~80,000 here, depending on what the fixtures left behind:
    # one more schema migration took it from 14 to 205.)
    assert before > 0 and gc.get_freeze_count() >= before * 0.9


def test_thresholds_restored_as_found(store, sheet):
    old = gc.get_threshold()
    try:
        gc.set_threshold(123, 4, 5)
        import_enterprises(store, sheet)
        assert gc.get_threshold() == (123, 4, 5)
        gc.set_threshold(0)  # collection switched off stays off during the import
        seen = []
        import_enterprises(
            store, sheet, progress=lambda done, total: seen.append(gc.get_threshold()[0])
        )
        assert seen and set(seen) == {0}
    finally:
        gc.set_threshold(*old)


def test_nested_imports_undo_once_the_last_ends():
    eased = enterprise_import._EasedCollector()
    old = gc.get_threshold()
    with eased:
        with eased:
            assert gc.get_freeze_count() > 0
        assert gc.get_freeze_count() > 0  # the outer one still runs
        assert gc.get_threshold()[0] >= eased.YOUNG
    assert gc.get_freeze_count() == 0 and gc.get_threshold() == old


def test_pinyin_loaded_by_the_first_import_is_set_aside_too(sheet, tmp_path):
    """In a fresh process (the CLI's case) the import loads pypinyin before the freeze."""
    script = textwrap.dedent(f"""
        import gc, sys
        from envhelp.io.enterprise_import import import_enterprises
        from envhelp.storage import Store
        assert "pypinyin" not in sys.modules
        seen = []
        def progress(done, total):
            from pypinyin.constants import PHRASES_DICT
            seen.append(any(o is PHRASES_DICT for o in gc.get_objects()))
        with Store({str(tmp_path / "fresh.db")!r}, actor="test") as store:
            assert import_enterprises(store, {str(sheet)!r}, progress=progress).added == 31
        assert seen and not any(seen), seen
        assert gc.get_freeze_count() == 0
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
