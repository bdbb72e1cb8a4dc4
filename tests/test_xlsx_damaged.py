"""A damaged or hostile .xlsx is refused whole, the same way by every importer that reads
one (enterprises, permits, a self-assessment): UnreadableInputError naming the file and
saying it is damaged, in Chinese and English, and nothing written.

The damages are those the property tests met in the zip's central directory: a "version
needed to extract" zipfile does not know (it raised NotImplementedError while opening),
a member flagged as encrypted (RuntimeError while reading it) and a compression method
other than stored or deflated.
"""

from __future__ import annotations

import struct
import zipfile

import pytest
from openpyxl import Workbook

from envhelp.domain import check_answers
from envhelp.io.enterprise_import import import_enterprises
from envhelp.io.errors import UnreadableInputError
from envhelp.io.permit_import import import_permits
from envhelp.io.self_assessment import import_self_assessment
from tests.test_enterprise_import import _inflated

SHEET = "xl/worksheets/sheet1.xml"
CENTRAL_HEADER = b"PK\x01\x02"
# Offsets inside a central directory header (APPNOTE 4.3.12).
VERSION_NEEDED, FLAGS, METHOD = 6, 8, 10


def _workbook(path):
    book = Workbook()
    book.active.append(["企业名称", "统一社会信用代码"])
    book.active.append(["青岛精锐机械有限公司", "91350100M000100Y43"])
    book.save(path)
    return path


def patched_directory(path, field: int, value: int, member: str = SHEET):
    """``path`` with one 2-byte field of ``member``'s central directory header replaced."""
    raw = bytearray(path.read_bytes())
    at = raw.find(CENTRAL_HEADER)
    while at >= 0:
        name_length = struct.unpack_from("<H", raw, at + 28)[0]
        if raw[at + 46 : at + 46 + name_length].decode() == member:
            struct.pack_into("<H", raw, at + field, value)
            path.write_bytes(bytes(raw))
            return path
        at = raw.find(CENTRAL_HEADER, at + 1)
    raise AssertionError(f"{member} not in {path}")


DAMAGES = {
    "unknown zip version": lambda p: patched_directory(
        p, VERSION_NEEDED, 64
    ),  # "zip file version 6.4"
    "encrypted member": lambda p: patched_directory(p, FLAGS, 0x1),
    "LZMA member": lambda p: patched_directory(p, METHOD, zipfile.ZIP_LZMA),
    "unknown method": lambda p: patched_directory(p, METHOD, 99),
}


@pytest.fixture
def self_assessment_check(store, inspection):
    return check_answers.start_check(store, inspection["id"], "hw-assessment-producer")


@pytest.fixture(params=["enterprises", "permits", "self-assessment"])
def run_import(request, store):
    if request.param == "enterprises":
        return lambda path: import_enterprises(store, path)
    if request.param == "permits":
        return lambda path: import_permits(store, path)
    check = request.getfixturevalue("self_assessment_check")
    return lambda path: import_self_assessment(store, check["id"], path)


def _refused(store, run_import, path, words_zh: str, words_en: str) -> None:
    before = store.scalar("SELECT count(*) FROM audit_log")
    with pytest.raises(UnreadableInputError) as info:
        run_import(path)
    error = info.value
    assert path.name in error.message_zh and words_zh in error.message_zh
    assert path.name in error.message_en and words_en in error.message_en
    assert store.scalar("SELECT count(*) FROM audit_log") == before
    assert not store.conn.in_transaction


@pytest.mark.parametrize("damage", DAMAGES, ids=list(DAMAGES))
def test_a_damaged_workbook_is_refused_by_name_by_every_importer(
    store, run_import, tmp_path, damage
):
    path = DAMAGES[damage](_workbook(tmp_path / "名录.xlsx"))
    _refused(store, run_import, path, "损坏", "damaged")


def test_a_zip_bomb_is_refused_by_every_importer_before_it_is_inflated(store, run_import, tmp_path):
    bomb = _inflated(_workbook(tmp_path / "good.xlsx"), tmp_path / "bomb.xlsx")
    _refused(store, run_import, bomb, "压缩炸弹", "zip bomb")
