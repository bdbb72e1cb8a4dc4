"""Property tests (hypothesis): arbitrary input never crashes a validator or an importer.

Every validator either returns a clean value that obeys its rule or raises
ValidationError naming the field. The enterprise .xlsx import and the bundle
import meet random workbooks, damaged files and mutated bundles: they either
succeed, or refuse with a documented error (ValidationError,
UnreadableInputError, BundleError, StorageError) and write nothing. An .xlsx
import adds exactly the rows it did not reject, and each rejected row carries
its Excel row number and field.

Set ENVHELP_PROPERTY_COUNTS=<file> to have the number of inputs tried per
property written there as JSON (figures for docs/reliability.md).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import io
import json
import os
import shutil
import tempfile
import zipfile
from collections import Counter
from datetime import date, datetime, time
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from PIL import Image

from envhelp.domain import (
    attachments,
    enterprises,
    fields,
    officers,
    problems,
    templates,
    uscc,
    visits,
    vocab,
)
from envhelp.errors import StorageError, ValidationError
from envhelp.io import bundle_export, bundle_format, bundle_import, signing
from envhelp.io.enterprise_headers import HEADER_ALIASES
from envhelp.io.enterprise_import import import_enterprises
from envhelp.io.errors import BundleError, BundleUntrustedError, UnreadableInputError
from envhelp.io.xlsx_input import cell_text
from envhelp.storage import Store
from tests.conftest import VALID_USCC, draft_visit

DOCUMENTED = (ValidationError, UnreadableInputError, BundleError, StorageError)
TRIED: Counter[str] = Counter()
# No deadline and no too_slow health check: both measure wall-clock time, which a loaded
# machine stretches (a failure there would say nothing about the code).
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Tests that read (never write) a function-scoped store across examples.
WITH_STORE = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SLOW = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


@pytest.fixture(scope="module", autouse=True)
def _write_counts():
    yield
    target = os.environ.get("ENVHELP_PROPERTY_COUNTS")
    if target:
        Path(target).write_text(
            json.dumps(dict(sorted(TRIED.items())), indent=1) + "\n", encoding="utf-8"
        )


# -- strategies ---------------------------------------------------------------------

ODD_TEXT = [
    "",
    " ",
    "\u3000",
    "０１２３",
    "二〇二六年三月五日",
    "2026-02-30",
    "24:00",
    "9:5",
    "HW08，hw49；HW12",
    "HW41",
    "91350100M000100Y43",
    "=1+1",
    "@SUM(A1)",
    "\u202e",
    "😀" * 30,
    "A" * 5000,
    "𠀀𠀁",
    "null",
    "None",
    "NaN",
    "-0",
    "1e309",
    "\ufeff名称",
]
# Text openpyxl can store (no C0 controls, no lone surrogates).
CELL_CHARS = st.characters(blacklist_categories=("Cs", "Cc"))
any_text = st.one_of(
    st.text(max_size=60),
    st.sampled_from(ODD_TEXT),
    st.text(CELL_CHARS, min_size=200, max_size=2100),
)
scalar = st.one_of(
    st.none(),
    any_text,
    st.integers(),
    st.floats(allow_nan=True),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.times(),
    st.decimals(allow_nan=False, places=3),
)
anything = st.one_of(
    scalar, st.lists(scalar, max_size=4), st.dictionaries(st.text(max_size=5), scalar, max_size=3)
)
field_def = st.builds(
    fields.Field, st.sampled_from(["a", "name", "x_y"]), st.just("字段"), st.just("Field")
)


def check_field(error: ValidationError, expected: str | None = None) -> None:
    assert error.field, "a rejection must name its field"
    assert error.message_zh and error.message_en
    if expected is not None:
        assert error.field == expected


# -- field validators ---------------------------------------------------------------


@FAST
@given(value=anything, field=field_def, required=st.booleans(), max_len=st.integers(0, 300))
def test_text(value, field, required, max_len):
    TRIED["fields.text"] += 1
    try:
        out = fields.text(value, field, required=required, max_len=max_len)
    except ValidationError as error:
        check_field(error, field.key)
        return
    assert isinstance(out, str) and out == out.strip() and len(out) <= max_len
    assert out or not required


@FAST
@given(
    value=st.one_of(
        anything, st.from_regex(r"\+?[0-9][0-9\- ]{5,19}([,，;][0-9]{6,12})?", fullmatch=True)
    )
)
def test_phone(value):
    TRIED["fields.phone"] += 1
    field = fields.Field("contact_phone", "联系电话", "Contact phone")
    try:
        out = fields.phone(value, field)
    except ValidationError as error:
        check_field(error, "contact_phone")
        return
    assert len(out) <= 40 and all(ch.isdigit() or ch in "+- ,，;；/、" for ch in out)


VOCABS = [
    vocab.VISIT_TYPES,
    vocab.SEVERITIES,
    vocab.PERMIT_CLASSES,
    vocab.HANDLING,
    vocab.PROBLEM_CATEGORIES,
    vocab.SATISFACTION,
]


@FAST
@given(table=st.sampled_from(VOCABS), data=st.data())
def test_choice(table, data):
    TRIED["fields.choice"] += 1
    labels = [x for code, (zh, en) in table.items() for x in (code, zh, en)]
    value = data.draw(st.one_of(anything, st.sampled_from(labels)))
    try:
        out = fields.choice(value, fields.Field("kind", "类别", "Kind"), table)
    except ValidationError as error:
        check_field(error, "kind")
        assert value not in labels
        return
    assert out in table


@FAST
@given(
    value=st.one_of(
        anything,
        st.dates().map(lambda d: f"{d.year}年{d.month}月{d.day}日"),
        st.dates().map(lambda d: f"{d.year}/{d.month}/{d.day}"),
    ),
    required=st.booleans(),
)
def test_iso_date(value, required):
    TRIED["fields.iso_date"] += 1
    try:
        out = fields.iso_date(value, fields.Field("date", "日期", "Date"), required=required)
    except ValidationError as error:
        check_field(error, "date")
        return
    if out is None:
        assert not required
    else:
        assert date.fromisoformat(out).isoformat() == out
    if isinstance(value, date):
        assert out == (value.date() if isinstance(value, datetime) else value).isoformat()


@FAST
@given(value=st.one_of(anything, st.times().map(lambda t: t.strftime("%H：%M"))))
def test_clock_time(value):
    TRIED["fields.clock_time"] += 1
    try:
        out = fields.clock_time(value, fields.Field("time", "时间", "Time"))
    except ValidationError as error:
        check_field(error, "time")
        return
    assert out == "" or time.fromisoformat(out).strftime("%H:%M") == out


# -- USCC ---------------------------------------------------------------------------

body17 = st.text(alphabet=uscc.ALPHABET, min_size=17, max_size=17)


@FAST
@given(
    value=st.one_of(
        st.text(max_size=30), body17, body17.map(lambda b: b + "0"), st.sampled_from(VALID_USCC)
    )
)
def test_uscc_validate(value):
    TRIED["uscc.validate"] += 1
    try:
        out = uscc.validate(value)
    except ValidationError as error:
        check_field(error, "uscc")
        return
    assert len(out) == 18 and set(out) <= set(uscc.ALPHABET)
    assert out[17] == uscc.check_character(out[:17])


@FAST
@given(body=body17, position=st.integers(0, 17), replacement=st.sampled_from(uscc.ALPHABET))
def test_uscc_check_character_catches_every_single_typo(body, position, replacement):
    TRIED["uscc.single_typo"] += 1
    code = body + uscc.check_character(body)
    assert uscc.validate(code.lower()) == code
    typo = code[:position] + replacement + code[position + 1 :]
    assume(typo != code)
    with pytest.raises(ValidationError):
        uscc.validate(typo)


# -- enterprises --------------------------------------------------------------------

ENTERPRISE_KEYS = [f.key for f in enterprises.FIELDS]
hw_value = st.one_of(
    anything,
    st.lists(st.one_of(st.integers(-5, 60), st.text(max_size=6)), max_size=5),
    st.lists(st.sampled_from(sorted(vocab.hw_categories())), max_size=4).map(", ".join),
)
permit_value = st.one_of(
    anything,
    st.sampled_from(VALID_USCC).flatmap(
        lambda c: st.from_regex(r"[0-9]{3}[A-Z]", fullmatch=True).map(lambda s: c + s)
    ),
)


@WITH_STORE
@given(
    data=st.fixed_dictionaries(
        {"name": st.one_of(any_text, st.just("青岛精锐机械有限公司"))},
        optional={
            **{k: anything for k in ENTERPRISE_KEYS if k != "name"},
            "uscc": st.one_of(anything, st.sampled_from(VALID_USCC)),
            "hw_categories": hw_value,
            "permit_no": permit_value,
        },
    )
)
def test_enterprise_clean(data):
    TRIED["enterprises.clean"] += 1
    try:
        out = enterprises.clean(data)
    except ValidationError as error:
        check_field(error)
        assert error.field in ENTERPRISE_KEYS
        return
    assert set(out) == set(ENTERPRISE_KEYS)
    assert out["name"] and len(out["name"]) <= 100
    assert out["uscc"] is None or uscc.is_valid(out["uscc"])
    assert out["hw_categories"] == sorted(set(out["hw_categories"]))
    assert set(out["hw_categories"]) <= set(vocab.hw_categories())
    assert out["permit_no"] == "" or enterprises.PERMIT_RE.match(out["permit_no"])
    assert out["permit_class"] in vocab.PERMIT_CLASSES


@FAST
@given(value=st.one_of(permit_value, hw_value))
def test_permit_and_hw_cleaners(value):
    TRIED["enterprises.permit_no+hw_categories"] += 1
    for cleaner, key in (
        (enterprises.clean_permit_no, "permit_no"),
        (enterprises.clean_hw_categories, "hw_categories"),
    ):
        try:
            cleaner(value)
        except ValidationError as error:
            check_field(error, key)


# -- visits and problems (need records to point at) ----------------------------------


@pytest.fixture
def visit_world(store, officer, enterprise):
    visit = draft_visit(
        store, enterprise["id"], [officer["id"]], "stationed", day="2026-03-05", time=None
    )
    return {"enterprise": enterprise["id"], "officer": officer["id"], "visit": visit["id"]}


def ids(world):
    return st.one_of(
        anything, st.sampled_from([world["enterprise"], world["officer"], world["visit"]])
    )


@WITH_STORE
@given(data=st.data())
def test_visit_clean(store, visit_world, data):
    TRIED["visits.clean"] += 1
    raw = data.draw(
        st.fixed_dictionaries(
            {},
            optional={
                "enterprise_id": ids(visit_world),
                "date": anything,
                "time": anything,
                "type": st.one_of(anything, st.sampled_from(list(vocab.VISIT_TYPES))),
                "officer_ids": st.lists(
                    ids(visit_world).filter(lambda v: isinstance(v, str)), max_size=3
                ),
                "representative": anything,
                "guidance": anything,
                "laws": st.one_of(any_text, st.lists(any_text, max_size=3)),
                "satisfaction": anything,
                "notes": anything,
            },
        )
    )
    audit = store.scalar("SELECT count(*) FROM audit_log")
    try:
        out = visits.clean(store, raw)
    except ValidationError as error:
        check_field(error)
        assert error.field in visits.EDITABLE
        return
    finally:
        assert store.scalar("SELECT count(*) FROM audit_log") == audit  # validation only
    assert out["enterprise_id"] == visit_world["enterprise"]
    assert out["type"] in vocab.VISIT_TYPES and date.fromisoformat(out["date"])
    assert all(o == visit_world["officer"] for o in out["officer_ids"])


@WITH_STORE
@given(data=st.data())
def test_problem_clean(store, visit_world, data):
    TRIED["problems.clean"] += 1
    raw = data.draw(
        st.fixed_dictionaries(
            {},
            optional={
                "enterprise_id": ids(visit_world),
                "visit_id": ids(visit_world),
                "found_on": st.one_of(anything, st.dates()),
                "deadline": st.one_of(anything, st.dates()),
                "category": anything,
                "description": any_text,
                "severity": anything,
                "requirement": anything,
                "legal_basis": anything,
                "handling": st.one_of(anything, st.sampled_from(list(vocab.HANDLING))),
            },
        )
    )
    try:
        out = problems.clean(store, raw)
    except ValidationError as error:
        check_field(error)
        assert error.field in {*problems.EDITABLE, "enterprise_id", "visit_id", "found_on"}
        return
    assert out["description"]
    assert out["deadline"] is None or out["deadline"] >= out["found_on"]
    assert out["handling"] == "on_the_spot" or out["deadline"] is not None


# -- checklist templates --------------------------------------------------------------

GOOD_TEMPLATE = {
    "id": "prop-test",
    "version": "1",
    "title_zh": "检查表",
    "title_en": "Checklist",
    "standard": "GB 18597-2023",
    "items": [
        {
            "code": "A-1",
            "category": {"zh": "贮存", "en": "Storage"},
            "requirement_zh": "应设置标志",
            "requirement_en": "Signs are posted",
            "clause": "6.1",
            "severity": "major",
            "deadline_days": 15,
            "facility_types": ["point"],
            "measure": {"kind": "max_quantity", "limit_t": 3},
        }
    ],
}
json_value = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**6), 10**6),
        st.floats(allow_nan=False),
        st.text(max_size=20),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def _mutate(template, path, value, delete):
    target = template
    for key in path[:-1]:
        target = target[key]
    if delete:
        del target[path[-1]]
    else:
        target[path[-1]] = value


TEMPLATE_PATHS = (
    [
        ("id",),
        ("version",),
        ("title_zh",),
        ("standard",),
        ("items",),
        ("legal_basis_format",),
        ("notes_en",),
        ("extra",),
    ]
    + [
        ("items", 0, k)
        for k in (
            "code",
            "category",
            "clause",
            "severity",
            "deadline_days",
            "confidence",
            "legal_basis_zh",
            "requirement_en",
            "bogus",
            "facility_types",
            "management_classes",
            "measure",
        )
    ]
    + [("items", 0, "measure", k) for k in ("kind", "limit_t", "bands", "bogus")]
)


@FAST
@given(
    text=st.one_of(
        st.text(max_size=200),
        json_value.map(json.dumps),
        st.builds(
            lambda p, v, d: (p, v, d), st.sampled_from(TEMPLATE_PATHS), json_value, st.booleans()
        ),
    )
)
def test_parse_template(text):
    TRIED["checklists.parse_template"] += 1
    if isinstance(text, tuple):
        path, value, delete = text
        template = json.loads(json.dumps(GOOD_TEMPLATE))
        parent = template
        for key in path[:-1]:
            parent = parent[key]
        if delete and path[-1] not in parent:
            delete = False
        _mutate(template, path, value, delete)
        text = json.dumps(template, ensure_ascii=False)
    try:
        out = templates.parse_template(text, "prop.json")
    except ValidationError as error:
        check_field(error)
        assert "prop.json" in error.message_en
        return
    assert out["items"] and templates.ID_RE.match(out["id"])


# -- enterprise .xlsx import ----------------------------------------------------------

HEADER_CHOICES = [aliases[i] for aliases in HEADER_ALIASES.values() for i in (0, -1)]
cell_value = st.one_of(
    st.none(),
    st.text(CELL_CHARS, max_size=30),
    st.sampled_from(ODD_TEXT[:-1]),
    st.text(CELL_CHARS, min_size=90, max_size=250),
    st.integers(-(10**15), 10**15),  # Excel numbers are doubles: exact up to 2**53
    st.floats(-1e12, 1e12).map(lambda f: float(f"{f:.12g}")),
    st.booleans(),  # Excel: 15 digits
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(2100, 1, 1)).map(
        lambda d: d.replace(microsecond=0)
    ),  # Excel keeps milliseconds at best
    st.sampled_from(["=1+1", "=A1", "=SUM(A1:A3)", "=1/0", '=HYPERLINK("http://x")']),
    st.sampled_from(VALID_USCC),
    st.sampled_from(["HW08", "HW08,HW49", "hw99", "HW41"]),
    st.sampled_from(["青岛精锐机械有限公司", "胶州宏达印染厂", "平度金属制品有限公司"]),
)


@st.composite
def workbooks(draw):
    header = draw(
        st.lists(
            st.one_of(st.sampled_from(HEADER_CHOICES), st.text(CELL_CHARS, max_size=12)),
            min_size=1,
            max_size=8,
        )
    )
    name_alias = draw(st.sampled_from(HEADER_ALIASES["name"]))
    header.insert(draw(st.integers(0, len(header))), name_alias)
    titles = draw(st.integers(0, 2))
    rows = draw(st.lists(st.lists(cell_value, min_size=0, max_size=len(header) + 1), max_size=12))
    return titles, header, rows


def _counts(store):
    return {
        t: store.scalar(f"SELECT count(*) FROM [{t}]") for t in (*bundle_format.TABLES, "audit_log")
    }


@SLOW
@given(book=workbooks())
def test_enterprise_import_random_workbooks(book):
    TRIED["import.xlsx.random_workbooks"] += 1
    titles, header, rows = book
    workbook = Workbook()
    sheet = workbook.active
    for _ in range(titles):
        sheet.append(["2026 年企业名录"])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "book.xlsx"
        workbook.save(path)
        with Store(Path(tmp) / "db.sqlite3") as store:
            before = _counts(store)
            try:
                result = import_enterprises(store, path)
            except UnreadableInputError:
                TRIED["import.xlsx.random_workbooks: refused whole"] += 1
                assert _counts(store) == before
                return
            after = _counts(store)
            names = {r["name"] for r in store.query("SELECT name FROM enterprises")}
    header_row = titles + 1
    assert result.header_row == header_row
    # The column the importer used for the name is the first header naming it.
    from envhelp.io.enterprise_headers import _HEADER_INDEX
    from envhelp.io.xlsx_input import normalize_header

    columns: dict[int, str] = {}  # as the importer maps them: the first header of each field
    for i, h in enumerate(header):
        key = _HEADER_INDEX.get(normalize_header(h))
        if key and key not in columns.values():
            columns[i] = key
    name_col = next(i for i, key in columns.items() if key == "name")
    rejected = {r.row for r in result.rejected}
    assert len(rejected) == len(result.rejected)
    good_names = set()
    data_rows = 0
    for number, row in enumerate(rows, start=header_row + 1):
        mapped = [row[i] for i in columns if i < len(row)]
        if all(
            v is None or isinstance(v, str) and (not v.strip() or v.startswith("=")) for v in mapped
        ):
            assert number not in rejected
            continue  # blank (formulas read back as empty: their value was never computed)
        data_rows += 1
        if number not in rejected:
            value = row[name_col] if name_col < len(row) else None
            good_names.add(str(cell_text(value)).strip())
    for r in result.rejected:
        assert header_row < r.row <= header_row + len(rows) and r.field and r.message
    assert result.added + result.updated + result.unchanged + len(rejected) == data_rows
    TRIED["import.xlsx.random_workbooks: rows"] += data_rows
    TRIED["import.xlsx.random_workbooks: rows rejected"] += len(rejected)
    assert names == good_names  # exactly the good rows went in
    assert after["enterprises"] - before["enterprises"] == result.added
    assert after["audit_log"] - before["audit_log"] == result.added + result.updated


@functools.cache
def good_xlsx() -> bytes:
    path = io.BytesIO()
    workbook = Workbook()
    workbook.active.append(["企业名称", "统一社会信用代码", "镇街", "危险废物类别"])
    workbook.active.append(["青岛精锐机械有限公司", VALID_USCC[0], "城阳街道", "HW08"])
    workbook.active.append(["胶州宏达印染厂", VALID_USCC[1], "胶东街道", "HW12"])
    workbook.save(path)
    return path.getvalue()


def damage(raw: bytes, data) -> bytes:
    """Truncate, overwrite, insert or flip bytes of a file at random places."""
    kind = data.draw(st.sampled_from(["truncate", "overwrite", "flip", "insert", "random"]))
    if kind == "random":
        return data.draw(st.binary(max_size=4096))
    if kind == "truncate":
        return raw[: data.draw(st.integers(0, len(raw) - 1))]
    out = bytearray(raw)
    for _ in range(data.draw(st.integers(1, 8))):
        at = data.draw(st.integers(0, len(out) - 1))
        if kind == "flip":
            out[at] ^= 1 << data.draw(st.integers(0, 7))
        elif kind == "overwrite":
            chunk = data.draw(st.binary(min_size=1, max_size=64))
            out[at : at + len(chunk)] = chunk
        else:
            out[at:at] = data.draw(st.binary(min_size=1, max_size=64))
    return bytes(out)


@SLOW
@given(data=st.data())
def test_enterprise_import_damaged_files(data):
    TRIED["import.xlsx.damaged_files"] += 1
    raw = damage(good_xlsx(), data)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "damaged.xlsx"
        path.write_bytes(raw)
        with Store(Path(tmp) / "db.sqlite3") as store:
            before = _counts(store)
            try:
                result = import_enterprises(store, path)
            except UnreadableInputError as error:
                TRIED["import.xlsx.damaged_files: refused whole"] += 1
                assert error.message_zh and error.message_en
                assert _counts(store) == before
                return
            assert store.scalar("SELECT count(*) FROM enterprises") == result.added
            assert all(r.row and r.field for r in result.rejected)


# -- bundle import ---------------------------------------------------------------------


@functools.cache
def real_bundle() -> bytes:
    """A bundle exported from a database with rows in the main tables and two files."""
    folder = Path(tempfile.mkdtemp(prefix="envhelp-prop-bundle-"))
    with Store(folder / "source.sqlite3", actor="source") as store:
        officer = officers.add(store, {"name": "王敏", "cert_no": "37020012345"})
        firm = enterprises.add(
            store,
            {
                "name": "青岛精锐机械有限公司",
                "uscc": VALID_USCC[0],
                "town": "城阳街道",
                "hw_categories": "HW08",
            },
        )
        visit = draft_visit(
            store, firm["id"], [officer["id"]], "stationed", day="2026-03-05", time=None
        )
        problem = problems.create(
            store,
            {
                "enterprise_id": firm["id"],
                "visit_id": visit["id"],
                "found_on": "2026-03-05",
                "description": "标签缺失",
                "deadline": "2026-03-20",
            },
        )
        photo = folder / "现场.png"
        Image.new("RGB", (32, 24), "green").save(photo)
        note = folder / "说明.txt"
        note.write_text("整改说明", encoding="utf-8")
        attachments.add(store, photo, visit_id=visit["id"])
        attachments.add(store, note, problem_id=problem["id"])
        store.set_setting("record_prefix", "城环帮")
        path = folder / "bundle.zip"
        bundle_export.export_bundle(store, path)
        SIGNING_KEYS["sender"] = signing.load_key(store)
    raw = path.read_bytes()
    shutil.rmtree(folder)
    return raw


# The exporting laptop's key (trusted by the target) and a stranger's (never trusted).
SIGNING_KEYS = {"stranger": Ed25519PrivateKey.generate()}


def _signer_of(key: Ed25519PrivateKey, officer: str) -> signing.Signer:
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return signing.Signer(
        officer=officer,
        laptop="fuzz",
        fingerprint=signing.fingerprint_of(raw),
        public_key=base64.b64encode(raw).decode(),
    )


def _sign_again(members: dict[str, bytes], who: str) -> None:
    """Sign the (mutated) manifest again: as the sender, or as a stranger naming itself."""
    key = SIGNING_KEYS[who]
    signer = _signer_of(key, who)
    if "manifest.json" not in members:
        return
    if who == "stranger":
        manifest = json.loads(members["manifest.json"])
        if isinstance(manifest, dict):
            manifest["signer"] = signer.to_dict()
            members["manifest.json"] = json.dumps(manifest).encode()
    members["signature.json"] = json.dumps(
        {
            "algorithm": signing.ALGORITHM,
            "fingerprint": signer.fingerprint,
            "signature": base64.b64encode(key.sign(members["manifest.json"])).decode(),
        }
    ).encode()


def _members(raw: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(raw)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return out.getvalue()


def _reseal(members: dict[str, bytes]) -> None:
    """Make the manifest's checksums and sizes match the (altered) members again."""
    manifest = json.loads(members["manifest.json"])
    for name, data in members.items():
        if name in manifest.get("members", {}):
            manifest["members"][name] = {
                "sha256": hashlib.sha256(data).hexdigest(),
                "size": len(data),
            }
    members["manifest.json"] = json.dumps(manifest).encode()


MANIFEST_KEYS = [
    "format",
    "format_version",
    "schema_version",
    "counts",
    "members",
    "created_at",
    "app_version",
    "signer",
]


def mutate_bundle(raw: bytes, data) -> tuple[bytes, str]:
    """A damaged or forged copy of ``raw``, and who signed it last: "sender" (its own
    key, trusted: a broken export, met by the row checks), "stranger" (another key,
    never trusted) or "nobody" (the original signature kept)."""
    kind = data.draw(st.sampled_from(["bytes", "manifest", "member", "row", "membership"]))
    if kind == "bytes":
        return damage(raw, data), "nobody"
    members = _mutated_members(_members(raw), kind, data)
    who = data.draw(st.sampled_from(["sender", "stranger", "nobody"]))
    if who != "nobody":
        _sign_again(members, who)
    return _zip(members), who


def _mutated_members(members: dict[str, bytes], kind: str, data) -> dict[str, bytes]:
    manifest = json.loads(members["manifest.json"])
    if kind == "manifest":
        key = data.draw(st.sampled_from(MANIFEST_KEYS))
        sub = manifest.get(key)
        if isinstance(sub, dict) and sub and data.draw(st.booleans()):
            inner = data.draw(st.sampled_from(sorted(sub)))
            sub[inner] = data.draw(json_value)  # e.g. one table's count or one member's entry
        elif data.draw(st.booleans()):
            manifest[key] = data.draw(json_value)
        else:
            manifest.pop(key, None)
        members["manifest.json"] = json.dumps(manifest).encode()
        return members
    tables = sorted(n for n in members if n.startswith("tables/") and members[n])
    if kind == "membership":
        name = data.draw(st.sampled_from(sorted(members)))
        if data.draw(st.booleans()):
            del members[name]
        else:
            members[
                data.draw(
                    st.sampled_from(
                        [
                            "extra.txt",
                            "tables/x.jsonl",
                            "attachments/" + "0" * 64 + ".png",
                            name + ".bak",
                        ]
                    )
                )
            ] = b"x"
        return members
    name = data.draw(st.sampled_from(tables))
    lines = members[name].decode().splitlines()
    index = data.draw(st.integers(0, len(lines) - 1))
    if kind == "member":  # a whole line replaced, dropped or repeated
        action = data.draw(st.sampled_from(["replace", "drop", "repeat"]))
        if action == "replace":
            lines[index] = data.draw(st.one_of(json_value.map(json.dumps), st.text(max_size=40)))
        elif action == "drop":
            del lines[index]
        else:
            lines.append(lines[index])
    else:  # one value of one row changed
        row = json.loads(lines[index])
        key = data.draw(st.sampled_from(sorted(row)))
        row[key] = data.draw(
            st.one_of(
                json_value,
                st.sampled_from(
                    [
                        "",
                        "9999-99-99",
                        "bogus",
                        "00000000-0000-4000-8000-000000000000",
                        "../../etc/passwd",
                        "a" * 64,
                        "2099-01-01T00:00:00.000Z",
                    ]
                ),
            )
        )
        lines[index] = json.dumps(row, ensure_ascii=False)
    members[name] = ("\n".join(lines) + "\n").encode()
    if data.draw(st.booleans()):  # a careful forger also fixes the checksums
        _reseal(members)
    return members


@pytest.fixture
def target_store(tmp_path):
    real_bundle()  # the sender's key
    with Store(tmp_path / "target.sqlite3", actor="importer") as store:
        signing.remember(store, _signer_of(SIGNING_KEYS["sender"], "sender"), "trusted")
        yield store


@settings(
    max_examples=250,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(data=st.data())
def test_bundle_import_mutations(target_store, tmp_path, data):
    TRIED["import.bundle.mutations"] += 1
    raw, who = mutate_bundle(real_bundle(), data)
    path = tmp_path / "mutated.zip"
    path.write_bytes(raw)
    before = _counts(target_store)
    try:
        bundle_import.import_bundle(target_store, path)
    except DOCUMENTED as error:
        TRIED[f"import.bundle.mutations: refused, signed by {who}"] += 1
        assert error.message_zh and error.message_en
        after = _counts(target_store)
        if isinstance(error, BundleUntrustedError) and after != before:
            # The one write of a refusal: the new key is remembered, for `keys trust`.
            assert after == {**before, "audit_log": before["audit_log"] + 1}
            assert (
                target_store.scalar("SELECT table_name FROM audit_log ORDER BY seq DESC LIMIT 1")
                == "bundle_keys"
            )
        else:
            assert after == before  # nothing written, audit log included
        assert not target_store.conn.in_transaction
        return
    # Accepted (the change was harmless, or data local entry allows): the database is whole.
    assert who != "stranger", "a bundle signed with an untrusted key was imported"
    TRIED[f"import.bundle.mutations: accepted, signed by {who}"] += 1
    assert target_store.scalar("PRAGMA foreign_key_check") is None
    assert target_store.scalar("PRAGMA integrity_check") == "ok"
    # Whatever went in, the lists an officer opens next still work.
    for visit in visits.list_page(target_store, limit=None):
        visits.to_public(target_store, visit)
    problems.list_page(target_store, limit=None)
